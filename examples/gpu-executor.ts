/**
 * Executors with one NVIDIA GPU each, scheduled onto tainted GPU nodes.
 * GPUs go through Spark's resource scheduling, so the pod limit
 * `nvidia.com/gpu` is set by Spark itself, without the operator's webhook.
 * Four cores share the GPU: each task takes a quarter of it (0.25 × 4 = 1),
 * so neither cores nor the GPU sit idle (ResourceUtils.warnOnWastedResources).
 */
import { App, Chart, Size } from 'cdk8s';
import { ApplicationFile, SparkApplication } from '../src';

export function build(app: App): void {
  const chart = new Chart(app, 'gpu-executor', { namespace: 'ml-jobs' });
  new SparkApplication(chart, 'Training', {
    name: 'gpu-training',
    network: { apiServer: { cidrs: ['10.0.0.10/32'], ports: [6443] } },
    mainApplicationFile: ApplicationFile.fromImagePath('/opt/spark/examples/jars/spark-examples.jar'),
    mainClass: 'org.apache.spark.examples.SparkPi',
    executor: {
      instances: 2,
      cores: 4,
      memory: Size.gibibytes(8),
      gpu: { amount: 1, taskAmount: 0.25 },
      nodeSelector: { 'nvidia.com/gpu.present': 'true' },
      tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }],
    },
  });
}
