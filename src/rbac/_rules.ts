import { ExecutorPodsAllocator } from '../pod/process-options';
import { SparkVersion } from '../spark/spark-version';

/** The verbs a Spark driver needs on the objects it manages (including `deletecollection` for clean-up by label). */
const DRIVER_VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'];

/** The core resources a Spark driver manages. */
const DRIVER_RESOURCES = ['pods', 'services', 'configmaps', 'persistentvolumeclaims'];

/**
 * The Role rules of a Spark driver: the executor pods and what Spark creates
 * beside them, plus networkpolicies for cluster-mode submissions of Spark 4.2+.
 */
export function driverRules(version: SparkVersion, clusterMode: boolean): any[] {
  const rules: any[] = [{ apiGroups: [''], resources: [...DRIVER_RESOURCES], verbs: [...DRIVER_VERBS] }];
  if (clusterMode && version.submissionCreatesNetworkPolicy) {
    rules.push({ apiGroups: ['networking.k8s.io'], resources: ['networkpolicies'], verbs: [...DRIVER_VERBS] });
  }
  return rules;
}

/**
 * The Role rules of a spark-submit pod in cluster mode: exactly what a
 * submission creates and cleans up. spark-submit creates the driver pod and
 * watches it until the application ends; it server-side-applies the driver's
 * ConfigMaps, its headless Service, on-demand PVCs and (Spark 4.2+) the
 * executor NetworkPolicy, and deletes them if the submission fails.
 */
export function submitterRules(networkPolicies: boolean): any[] {
  const applied = ['get', 'create', 'patch', 'update', 'delete'];
  const rules: any[] = [
    { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch', 'create', 'delete'] },
    { apiGroups: [''], resources: ['configmaps', 'persistentvolumeclaims', 'services'], verbs: applied },
  ];
  if (networkPolicies) {
    rules.push({ apiGroups: ['networking.k8s.io'], resources: ['networkpolicies'], verbs: applied });
  }
  return rules;
}

/**
 * The `apps` rules an executor pods allocator needs on top of the driver's
 * core rules. StatefulSetPodsAllocator and DeploymentPodsAllocator
 * (resource-managers/kubernetes/core/.../scheduler/cluster/k8s/) create one
 * StatefulSet or Deployment per resource profile (`resource(...).create()`),
 * scale it (fabric8 `scale(n)`: a JSON patch of `/spec/replicas`, or in
 * newer clients a GET then PUT of the `/scale` subresource) and delete it
 * on stop. The direct allocator needs none.
 */
export function allocatorRules(allocator: ExecutorPodsAllocator): any[] {
  const resource = allocator === ExecutorPodsAllocator.STATEFUL_SET ? 'statefulsets' : allocator === ExecutorPodsAllocator.DEPLOYMENT ? 'deployments' : undefined;
  if (!resource) return [];
  return [
    { apiGroups: ['apps'], resources: [resource], verbs: ['get', 'create', 'patch', 'delete'] },
    { apiGroups: ['apps'], resources: [`${resource}/scale`], verbs: ['get', 'update', 'patch'] },
  ];
}
