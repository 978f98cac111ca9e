/**
 * An extra rule of a driver Role (`SparkDriverRbac.addRule`): a least-privilege
 * rule in the Role's namespace.
 */
export interface SparkRbacRule {
  /** API groups (`''` is the core group, e.g. `['apps']`). */
  readonly apiGroups: string[];
  /** Resources, optionally with a subresource (`statefulsets`, `statefulsets/scale`). */
  readonly resources: string[];
  /** Verbs: get, list, watch, create, update, patch, delete, deletecollection. */
  readonly verbs: string[];
  /**
   * Only these objects.
   * @default - every object of the resources
   */
  readonly resourceNames?: string[];
}
