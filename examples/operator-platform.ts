/**
 * A platform install: the Kubeflow Spark Operator in its own namespace with two
 * job namespaces, and one SparkApplication in each. The applications run as the
 * job namespaces' Spark driver accounts and come after the operator's CRDs.
 */
import { App, Chart, Size } from 'cdk8s';
import { ApplicationFile, ScheduledSparkApplication, SparkApplication, SparkOperator } from '../src';

export function build(app: App): void {
  const platform = new Chart(app, 'spark-operator');
  const operator = new SparkOperator(platform, 'Operator', {
    createNamespace: true,
    jobNamespaces: [],
    // The cluster's API server endpoint: the operator, and every application in its job namespaces, get NetworkPolicies.
    network: { apiServer: { cidrs: ['10.0.0.10/32'], ports: [6443] } },
    controller: { replicas: 2, podDisruptionBudget: true },
    webhook: { replicas: 2, podDisruptionBudget: true },
  });
  const etl = operator.addJobNamespace('etl');
  const reporting = operator.addJobNamespace('reporting');

  const jobs = new Chart(app, 'spark-jobs');
  new SparkApplication(jobs, 'Ingest', {
    name: 'ingest',
    jobNamespace: etl,
    mainApplicationFile: ApplicationFile.fromImagePath('/opt/spark/examples/jars/spark-examples.jar'),
    mainClass: 'org.apache.spark.examples.SparkPi',
    executor: { instances: 2, memory: Size.gibibytes(2) },
  });
  new ScheduledSparkApplication(jobs, 'Report', {
    name: 'daily-report',
    jobNamespace: reporting,
    schedule: '0 6 * * *',
    timeZone: 'UTC',
    mainApplicationFile: ApplicationFile.fromImagePath('/opt/spark/examples/src/main/python/pi.py'),
  });
}
