import { Duration } from 'cdk8s';

/**
 * Dynamic allocation of executors. Kubernetes has no external shuffle
 * service, so shuffle tracking is on by default.
 *
 * @see https://spark.apache.org/docs/latest/job-scheduling.html#dynamic-resource-allocation
 */
export interface DynamicAllocation {
  /**
   * Lower bound of executors.
   * @default 0
   */
  readonly minExecutors?: number;
  /** Upper bound of executors (also the bound of the resource budget). */
  readonly maxExecutors: number;
  /**
   * Executors at start.
   * @default - minExecutors
   */
  readonly initialExecutors?: number;
  /**
   * Track shuffle files so executors holding them are kept.
   * @default true
   */
  readonly shuffleTracking?: boolean;
  /**
   * How long an executor holding shuffle data may idle before release.
   * @default - forever
   */
  readonly shuffleTrackingTimeout?: Duration;
}
