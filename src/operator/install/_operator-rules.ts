/**
 * The RBAC rules of the operator's controller and webhook, as the official
 * chart 2.5.2 grants them (wire format). Ours may be narrower, never broader
 * (test/operator/install/chart.test.ts compares them rule by rule).
 */

/** What the controller needs in each namespace it watches. */
export const CONTROLLER_JOB_RULES = [
  { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch', 'create', 'update', 'delete'] },
  { apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch'] },
  { apiGroups: [''], resources: ['services'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] },
  { apiGroups: [''], resources: ['events'], verbs: ['create', 'update', 'patch'] },
  { apiGroups: ['extensions', 'networking.k8s.io'], resources: ['ingresses'], verbs: ['get', 'create', 'update', 'delete'] },
  { apiGroups: ['sparkoperator.k8s.io'], resources: ['sparkapplications'], verbs: ['get', 'list', 'watch', 'create', 'delete'] },
  { apiGroups: ['sparkoperator.k8s.io'], resources: ['scheduledsparkapplications', 'sparkconnects'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: ['sparkoperator.k8s.io'], resources: ['sparkapplications/status', 'sparkconnects/status', 'scheduledsparkapplications/status'], verbs: ['update'] },
  { apiGroups: ['sparkoperator.k8s.io'], resources: ['sparkapplications/finalizers'], verbs: ['update'] },
  { apiGroups: ['sparkoperator.k8s.io'], resources: ['scheduledsparkapplications/finalizers'], verbs: ['update'] },
  { apiGroups: ['sparkoperator.k8s.io'], resources: ['sparkconnects/finalizers'], verbs: ['update'] },
];

/** What the webhook needs in each namespace it serves. */
export const WEBHOOK_JOB_RULES = [
  { apiGroups: [''], resources: ['resourcequotas'], verbs: ['list'] },
  { apiGroups: [''], resources: ['pods'], verbs: ['list', 'watch'] },
  { apiGroups: ['sparkoperator.k8s.io'], resources: ['sparkapplications', 'scheduledsparkapplications'], verbs: ['get', 'list', 'watch'] },
];

const EVENTS = { apiGroups: [''], resources: ['events'], verbs: ['create', 'update', 'patch'] };
const NAMESPACE_READ = { apiGroups: [''], resources: ['namespaces'], verbs: ['get', 'list', 'watch'] };
const CRD_READ = { apiGroups: ['apiextensions.k8s.io'], resources: ['customresourcedefinitions'], verbs: ['get'] };
const POD_GROUPS = {
  apiGroups: ['scheduling.incubator.k8s.io', 'scheduling.sigs.dev', 'scheduling.volcano.sh'],
  resources: ['podgroups'],
  verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'],
};
const WEBHOOK_CONFIGURATIONS = ['mutatingwebhookconfigurations', 'validatingwebhookconfigurations'];

/** Leader-election lease rules of one component. */
function leaseRules(lockName: string): any[] {
  return [
    { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['create'] },
    { apiGroups: ['coordination.k8s.io'], resources: ['leases'], resourceNames: [lockName], verbs: ['get', 'update'] },
  ];
}

/** The controller's ClusterRole: CRD reads, plus the job rules everywhere when it watches cluster-wide. */
export function controllerClusterRules(options: { clusterWide: boolean; namespaceSelector: boolean; batchScheduler: boolean }): any[] {
  return [
    CRD_READ,
    ...(options.clusterWide ? CONTROLLER_JOB_RULES : []),
    ...(options.clusterWide && options.namespaceSelector ? [NAMESPACE_READ] : []),
    ...(options.batchScheduler ? [POD_GROUPS] : []),
  ];
}

/**
 * The controller's Role in the operator namespace: its lease, and either the
 * job rules (when that namespace is also a job namespace, as the chart merges
 * them) or just events.
 */
export function controllerOperatorRules(releaseName: string, leaderElection: boolean, jobNamespace: boolean): any[] {
  return [
    ...(leaderElection ? leaseRules(`${releaseName}-controller-lock`) : []),
    ...(jobNamespace ? CONTROLLER_JOB_RULES : [EVENTS]),
  ];
}

/** The webhook's ClusterRole: its own webhook configurations, plus the job rules everywhere when cluster-wide. */
export function webhookClusterRules(webhookName: string, clusterWide: boolean): any[] {
  return [
    { apiGroups: ['admissionregistration.k8s.io'], resources: WEBHOOK_CONFIGURATIONS, verbs: ['list', 'watch'] },
    { apiGroups: ['admissionregistration.k8s.io'], resources: WEBHOOK_CONFIGURATIONS, resourceNames: [webhookName], verbs: ['get', 'update'] },
    ...(clusterWide ? WEBHOOK_JOB_RULES : []),
  ];
}

/**
 * The webhook's Role in the operator namespace: its certificate Secret, its
 * lease and events (with leader election), and the job rules when that
 * namespace is also a job namespace.
 */
export function webhookOperatorRules(releaseName: string, leaderElection: boolean, jobNamespace: boolean): any[] {
  return [
    ...(leaderElection ? [EVENTS] : []),
    { apiGroups: [''], resources: ['secrets'], verbs: ['create'] },
    { apiGroups: [''], resources: ['secrets'], resourceNames: [`${releaseName}-webhook-certs`], verbs: ['get', 'update'] },
    ...(leaderElection ? leaseRules(`${releaseName}-webhook-lock`) : []),
    ...(jobNamespace ? WEBHOOK_JOB_RULES : []),
  ];
}
