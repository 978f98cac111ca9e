/**
 * The operator's group/version/kinds and the few spec fields whose wire
 * name differs from the camelCase name of the generated L1 types. The L1
 * module is imported for its types only (it is a 4 MB module; loading it
 * costs ~10 MB per process), and a test proves `toWire` matches its
 * `toJson_*` functions.
 */

export const SPARK_APPLICATION_GVK = { apiVersion: 'sparkoperator.k8s.io/v1beta2', kind: 'SparkApplication' };
export const SCHEDULED_SPARK_APPLICATION_GVK = { apiVersion: 'sparkoperator.k8s.io/v1beta2', kind: 'ScheduledSparkApplication' };
export const SPARK_CONNECT_GVK = { apiVersion: 'sparkoperator.k8s.io/v1alpha1', kind: 'SparkConnect' };

/**
 * Converts an L1-typed application spec to wire JSON in place: the three
 * renamed keys (`sparkUIOptions`, `ingressTLS`, `ingressURLFormat`).
 * Undefined values are left for cdk8s to drop.
 */
export function toWire(spec: any): any {
  const rename = (o: any, from: string, to: string) => {
    if (o && o[from] !== undefined) {
      o[to] = o[from];
    }
    if (o) delete o[from];
  };
  rename(spec, 'sparkUiOptions', 'sparkUIOptions');
  rename(spec.sparkUIOptions, 'ingressTls', 'ingressTLS');
  for (const ingress of spec.driverIngressOptions ?? []) {
    rename(ingress, 'ingressTls', 'ingressTLS');
    rename(ingress, 'ingressUrlFormat', 'ingressURLFormat');
  }
  return spec;
}
