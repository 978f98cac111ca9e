/**
 * A Spark standalone cluster without an operator: a master StatefulSet,
 * three to six autoscaled workers with 2 cores and 4 GiB each, RPC
 * authentication with a shared secret from a Secret and AES-GCM encryption,
 * and a job submitted to it with spark-submit.
 */
import { App, Chart, Size } from 'cdk8s';
import { Secret } from 'cdk8s-plus-28';
import { ApplicationFile, SparkStandaloneCluster, SparkSubmitJob } from '../src';

export function build(app: App): void {
  const chart = new Chart(app, 'standalone-cluster', { namespace: 'spark' });
  // The cluster's API server endpoint: with it the master, the workers and the driver get NetworkPolicies.
  const network = { apiServer: { cidrs: ['10.0.0.10/32'], ports: [6443] } };
  const cluster = new SparkStandaloneCluster(chart, 'Cluster', {
    name: 'prod',
    network,
    worker: { replicas: 3, cores: 2, memory: Size.gibibytes(4), autoscaling: { maxReplicas: 6 } },
    authenticationSecret: { secret: Secret.fromSecretName(chart, 'RpcSecret', 'spark-rpc-secret'), key: 'secret' },
    networkEncryption: true,
    sparkConf: { 'spark.master.ui.title': 'Prod Spark Cluster' },
  });

  new SparkSubmitJob(chart, 'Pi', {
    name: 'spark-pi',
    master: cluster,
    network,
    mainApplicationFile: ApplicationFile.fromImagePath('/opt/spark/examples/jars/spark-examples.jar'),
    mainClass: 'org.apache.spark.examples.SparkPi',
    arguments: ['1000'],
    executor: { instances: 3, cores: 2, memory: Size.gibibytes(3) },
  });
}
