/**
 * The steps of applying a synthesized App to a fresh cluster, in order. Each
 * object belongs to one; `GitOpsOrder.phaseOf` tells which.
 */
export enum GitOpsPhase {
  /** CustomResourceDefinitions and Namespaces: what every later object needs to exist. */
  DEFINITIONS = 'definitions',
  /**
   * What workloads reference: ServiceAccounts, Roles and bindings, ConfigMaps,
   * Secrets, storage claims and classes, quotas, limit ranges, NetworkPolicies,
   * PriorityClasses.
   */
  ACCESS = 'access',
  /**
   * The rest of a `SparkOperator` install: the controller and webhook
   * Deployments, the webhook Service, PodDisruptionBudgets, cert-manager
   * objects, the PodMonitor.
   */
  OPERATOR = 'operator',
  /** Admission webhook configurations and admission policies, once the webhook serves. */
  ADMISSION = 'admission',
  /** Custom resources and every other object: applications, servers, jobs. */
  WORKLOADS = 'workloads',
}
