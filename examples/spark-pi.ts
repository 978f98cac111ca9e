/**
 * Spark Pi in Scala, the operator's hello world: a jar from the stock image,
 * one driver and two executors, hardened pods, a least-privilege driver account.
 */
import { App, Chart, Size } from 'cdk8s';
import { ApplicationFile, SparkApplication } from '../src';

export function build(app: App): void {
  const chart = new Chart(app, 'spark-pi', { namespace: 'spark-jobs' });
  new SparkApplication(chart, 'SparkPi', {
    name: 'spark-pi',
    // The cluster's API server endpoint (kubectl get endpointslices -n default -l kubernetes.io/service-name=kubernetes):
    // with it every pod gets NetworkPolicies that admit what Spark needs and nothing else.
    network: { apiServer: { cidrs: ['10.0.0.10/32'], ports: [6443] } },
    mainApplicationFile: ApplicationFile.fromImagePath('/opt/spark/examples/jars/spark-examples.jar'),
    mainClass: 'org.apache.spark.examples.SparkPi',
    arguments: ['5000'],
    driver: { memory: Size.mebibytes(512) },
    executor: { instances: 2, memory: Size.mebibytes(512) },
  });
}
