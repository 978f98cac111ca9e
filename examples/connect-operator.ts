/**
 * A Spark Connect server run by the Kubeflow Spark Operator (SparkConnect
 * v1alpha1) in a job namespace the operator watches.
 */
import { App, Chart, Size } from 'cdk8s';
import { SparkConnect, SparkOperator } from '../src';

export function build(app: App): void {
  const operator = new SparkOperator(new Chart(app, 'spark-operator'), 'Operator', { jobNamespaces: [] });
  const bi = operator.addJobNamespace('bi');
  new SparkConnect(new Chart(app, 'bi-connect'), 'Connect', {
    name: 'bi-connect',
    jobNamespace: bi,
    server: { cores: 2, memory: Size.gibibytes(4) },
    executor: { cores: 2, memory: Size.gibibytes(4) },
    dynamicAllocation: { minExecutors: 1, maxExecutors: 6 },
    sparkConf: { 'spark.scheduler.mode': 'FAIR' },
  });
}
