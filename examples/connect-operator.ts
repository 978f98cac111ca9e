/**
 * A Spark Connect server run by the Kubeflow Spark Operator (SparkConnect
 * v1alpha1) in a job namespace the operator watches, with token
 * authentication from a Secret and executors that scale with the load.
 */
import { App, Chart, Size } from 'cdk8s';
import { Secret } from 'cdk8s-plus-28';
import { NetworkPeer, SparkConnect, SparkOperator } from '../src';

export function build(app: App): void {
  const operator = new SparkOperator(new Chart(app, 'spark-operator'), 'Operator', {
    jobNamespaces: [],
    network: { apiServer: { cidrs: ['10.0.0.10/32'], ports: [6443] } },
  });
  const bi = operator.addJobNamespace('bi');
  const chart = new Chart(app, 'bi-connect');
  new SparkConnect(chart, 'Connect', {
    name: 'bi-connect',
    jobNamespace: bi,
    // The BI tool's pods reach gRPC (the job namespace's network gives the server its NetworkPolicies).
    allowFrom: [NetworkPeer.podsInNamespace('bi-tools', { app: 'superset' })],
    authenticationSecret: { secret: Secret.fromSecretName(chart, 'Token', 'bi-connect-token'), key: 'token' },
    server: { cores: 2, memory: Size.gibibytes(4) },
    executor: { cores: 2, memory: Size.gibibytes(4) },
    dynamicAllocation: { minExecutors: 1, maxExecutors: 6 },
    sparkConf: { 'spark.scheduler.mode': 'FAIR' },
  });
}
