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
