import { Duration } from 'cdk8s';

/** When the Apache operator starts a new attempt of an application (`restartConfig.restartPolicy`). */
export enum RestartPolicy {
  /** Never restart (the operator's default). */
  NEVER = 'Never',
  /** Restart after every ending, success included. */
  ALWAYS = 'Always',
  /** Restart after a failure (the application's or the infrastructure's). */
  ON_FAILURE = 'OnFailure',
  /**
   * Restart only when the infrastructure failed: the driver could not be
   * scheduled or started in time, not a failure of the application itself.
   */
  ON_INFRASTRUCTURE_FAILURE = 'OnInfrastructureFailure',
}

/** What the Apache operator keeps of an application's pods, Services and ConfigMaps once it stops. */
export enum ResourceRetainPolicy {
  /** Release them at once (the operator's default). */
  NEVER = 'Never',
  /** Keep them after every ending. */
  ALWAYS = 'Always',
  /** Keep them after a failure, for inspection. */
  ON_FAILURE = 'OnFailure',
}

/** Restarts of an application (`applicationTolerations.restartConfig`). */
export interface RestartConfig {
  /**
   * When to restart.
   * @default RestartPolicy.NEVER
   */
  readonly policy?: RestartPolicy;
  /**
   * The most restarts (any cause).
   * @default 3 (the operator's default)
   */
  readonly maxAttempts?: number;
  /**
   * Wait before a restart.
   * @default Duration.seconds(30) (the operator's default)
   */
  readonly backoff?: Duration;
  /**
   * The most restarts after a failure of the application.
   * @default - `maxAttempts`
   */
  readonly maxAttemptsOnFailure?: number;
  /**
   * Wait before a restart after a failure.
   * @default - `backoff`
   */
  readonly backoffOnFailure?: Duration;
  /**
   * The most restarts after the driver could not be scheduled.
   * @default - `maxAttempts`
   */
  readonly maxAttemptsOnSchedulingFailure?: number;
  /**
   * Wait before a restart after a scheduling failure.
   * @default - `backoff`
   */
  readonly backoffOnSchedulingFailure?: Duration;
  /**
   * Reset the restart counter after an attempt ran this long.
   * @default - never reset
   */
  readonly counterReset?: Duration;
}

/**
 * How long the Apache operator waits for each step of an attempt before it
 * fails the attempt (`applicationTolerations.applicationTimeoutConfig`).
 */
export interface ApplicationTimeouts {
  /**
   * From the driver pod's request to its `Running` phase.
   * @default Duration.minutes(5)
   */
  readonly driverStart?: Duration;
  /**
   * From `Running` to the driver pod's `Ready` condition.
   * @default Duration.minutes(5)
   */
  readonly driverReady?: Duration;
  /**
   * For the `initExecutors` of `instanceConfig` to become ready.
   * @default Duration.minutes(5)
   */
  readonly executorStart?: Duration;
  /**
   * Before the operator force-deletes an attempt's resources at its end.
   * @default Duration.minutes(5)
   */
  readonly forceTerminationGracePeriod?: Duration;
  /**
   * Between the operator's retries of a failed clean-up.
   * @default Duration.seconds(2)
   */
  readonly terminationRequeuePeriod?: Duration;
}

/**
 * The executor counts at which the Apache operator reports an application
 * healthy (`applicationTolerations.instanceConfig`): status thresholds, not
 * Spark settings. Each must be reachable with the application's executors.
 */
export interface ExecutorInstanceConfig {
  /**
   * Ready executors an attempt needs to leave its starting states.
   * @default 0 - healthy as soon as the driver runs
   */
  readonly initExecutors?: number;
  /**
   * Ready executors below which a running application is reported
   * `RunningWithBelowThresholdExecutors`.
   * @default 0
   */
  readonly minExecutors?: number;
  /**
   * Executors below which an application without dynamic allocation is
   * reported `RunningWithPartialCapacity`.
   * @default 0 - not checked
   */
  readonly maxExecutors?: number;
}

/** The Apache operator's lifecycle settings of an application (`spec.applicationTolerations`). */
export interface ApplicationTolerations {
  /**
   * Restarts.
   * @default - never restart
   */
  readonly restart?: RestartConfig;
  /**
   * Timeouts of an attempt's steps.
   * @default - 5 minutes each
   */
  readonly timeouts?: ApplicationTimeouts;
  /**
   * Health thresholds.
   * @default - healthy as soon as the driver runs
   */
  readonly instanceConfig?: ExecutorInstanceConfig;
  /**
   * What to keep of the application's resources once it stops.
   * @default ResourceRetainPolicy.NEVER
   */
  readonly resourceRetainPolicy?: ResourceRetainPolicy;
  /**
   * How long retained resources are kept (needs a retain policy that keeps
   * them).
   * @default - as long as the application
   */
  readonly resourceRetainDuration?: Duration;
  /**
   * Delete the `SparkApplication` itself (and what it retains) this long after
   * it stops; with restarts, after the last attempt.
   * @default - never
   */
  readonly ttlAfterStop?: Duration;
}
