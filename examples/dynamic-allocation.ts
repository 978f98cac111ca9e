/**
 * Dynamic allocation with shuffle tracking (Kubernetes has no external
 * shuffle service): between 1 and 10 executors, released after two idle
 * minutes with shuffle data. The resource budget is printed for capacity planning.
 */
import { App, Chart, Duration, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { ApplicationFile, SparkApplication } from '../src';

export function build(app: App): void {
  const chart = new Chart(app, 'dynamic-allocation', { namespace: 'spark-jobs' });
  new SparkApplication(chart, 'Etl', {
    name: 'etl-dynamic',
    network: { apiServer: { cidrs: ['10.0.0.10/32'], ports: [6443] } },
    mainApplicationFile: ApplicationFile.fromImagePath('/opt/spark/examples/jars/spark-examples.jar'),
    mainClass: 'org.apache.spark.examples.SparkPi',
    arguments: ['100000'],
    dynamicAllocation: {
      minExecutors: 1,
      initialExecutors: 2,
      maxExecutors: 10,
      shuffleTrackingTimeout: Duration.minutes(2),
    },
    driver: { cores: 1, memory: Size.gibibytes(2) },
    executor: { cores: 2, coreRequest: Cpu.millis(1500), coreLimit: Cpu.units(2), memory: Size.gibibytes(4) },
  });
}
