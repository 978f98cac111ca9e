/**
 * Shared helpers of the pod-layer tests: render a pod template the way a
 * construct does, and read the message of the error a call raises.
 */
import { Chart, Testing } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { SparkPodOptions } from '../../src';
import { PodRenderInput, renderPodTemplate } from '../../src/pod/_pod-renderer';

/** A chart the pod layer reports errors on (`[test]`). */
export function chart(): Chart {
  return new Chart(Testing.app(), 'test', { namespace: 'spark-jobs' });
}

/** Renders a pod template with prop 'server' and a main container called 'main'. */
export function render(options: SparkPodOptions = {}, extra: Partial<PodRenderInput> = {}): any {
  return renderPodTemplate({
    scope: chart(),
    prop: 'server',
    options,
    container: {
      name: 'main',
      image: 'apache/spark:4.0.4',
      imagePullPolicy: 'IfNotPresent',
      resources: { requests: { cpu: '1', memory: '1Gi' }, limits: { memory: '1Gi' } },
    },
    automountServiceAccountToken: false,
    ...extra,
  });
}

/** The message of the error `fn` throws; fails the test when it throws none. */
export function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected an error, but none was thrown');
}

/** The fix part every opt-out message ends with. */
export function optOutFix(member: string, prop: string = 'securityOptOuts'): string {
  return `, or accept the risk with SecurityOptOut.${member} in '${prop}' (recorded in the annotation spark.cdk8s.io/security-opt-outs)`;
}

/** A sidecar that passes every check (sized, pinned image). */
export const SIDECAR: k8s.Container = {
  name: 'proxy',
  image: 'envoyproxy/envoy:v1.33.0',
  resources: { requests: { cpu: k8s.Quantity.fromString('50m') }, limits: { memory: k8s.Quantity.fromString('64Mi') } },
};
