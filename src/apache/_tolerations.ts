import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import { ApplicationTolerations, ExecutorInstanceConfig, ResourceRetainPolicy, RestartConfig, RestartPolicy } from './application-tolerations';
import { checkAll, checkEnum, checkInteger, checkMap, durationMillis, fail } from '../_validation';
import type * as l1 from '../imports/spark.apache.org';

/** The most executors an application can run: the dynamic-allocation maximum, else its instances. */
export interface ExecutorBounds {
  readonly most: number;
  /** The prop that sets it, for messages. */
  readonly prop: string;
  readonly dynamicAllocation: boolean;
}

/**
 * The operator reads these as Java longs; JSON numbers above 2^53 lose
 * precision (9223372036854775807 becomes 9223372036854776000, which the API
 * server rejects as not an int64).
 */
function checkRepresentable(scope: IConstruct, prop: string, value: number | undefined, shown: unknown, fix: string): void {
  if (value !== undefined && value > Number.MAX_SAFE_INTEGER) {
    fail(scope, prop, shown, `must be at most ${Number.MAX_SAFE_INTEGER} (a larger JSON number loses precision and is no int64)`, fix);
  }
}

/** A time of the operator's, in whole milliseconds above zero. */
function positiveMillis(scope: IConstruct, prop: string, duration: Duration | undefined, example: string): number | undefined {
  if (duration === undefined) return undefined;
  const ms = durationMillis(scope, prop, duration);
  if (!Number.isInteger(ms) || ms <= 0) {
    fail(scope, prop, `${ms}ms`, 'must be a whole number of milliseconds above zero', `use e.g. ${example}`);
  }
  checkRepresentable(scope, prop, ms, `${ms}ms`, `use e.g. ${example}`);
  return ms;
}

/**
 * Checks and renders `applicationTolerations` (spark-operator-api spec/ApplicationTolerations.java
 * at 1.0.0): every count at least 0, every time above 0, health thresholds the application's
 * executors can reach, and a retention time only with a policy that retains.
 */
export function renderTolerations(
  scope: IConstruct, tolerations: ApplicationTolerations | undefined, bounds: ExecutorBounds,
): l1.SparkApplicationSpecApplicationTolerations | undefined {
  if (tolerations === undefined) return undefined;
  checkMap(scope, 'tolerations', tolerations, '{ restart: { policy: RestartPolicy.ON_INFRASTRUCTURE_FAILURE } }', 'an object');
  let out: l1.SparkApplicationSpecApplicationTolerations = {};
  checkAll(scope, [
    () => { out = { ...out, restartConfig: renderRestart(scope, tolerations.restart) }; },
    () => { out = { ...out, applicationTimeoutConfig: renderTimeouts(scope, tolerations) }; },
    () => { out = { ...out, instanceConfig: renderInstanceConfig(scope, tolerations.instanceConfig, bounds) }; },
    () => { out = { ...out, ...renderRetention(scope, tolerations) }; },
  ]);
  return out;
}

function renderRestart(
  scope: IConstruct, restart: RestartConfig | undefined,
): l1.SparkApplicationSpecApplicationTolerationsRestartConfig | undefined {
  if (restart === undefined) return undefined;
  checkMap(scope, 'tolerations.restart', restart, '{ policy: RestartPolicy.ON_FAILURE, maxAttempts: 3 }', 'an object');
  const p = (name: string) => `tolerations.restart.${name}`;
  checkEnum(scope, p('policy'), restart.policy, RestartPolicy, 'RestartPolicy');
  const counts = ['maxAttempts', 'maxAttemptsOnFailure', 'maxAttemptsOnSchedulingFailure'] as const;
  for (const name of counts) {
    checkInteger(scope, p(name), restart[name], 0, 'use a count of restarts, 0 or more (e.g. 3)');
    checkRepresentable(scope, p(name), restart[name], restart[name], `use ${Number.MAX_SAFE_INTEGER} for practically unlimited restarts`);
  }
  const policy = restart.policy ?? RestartPolicy.NEVER;
  const restarting = counts.filter((name) => restart[name] !== undefined).concat(
    (['backoff', 'backoffOnFailure', 'backoffOnSchedulingFailure', 'counterReset'] as const).filter((name) => restart[name] !== undefined) as any);
  if (policy === RestartPolicy.NEVER && restarting.length > 0) {
    fail(scope, p(restarting[0]), (restart as any)[restarting[0]], 'only applies when the application restarts (the policy is RestartPolicy.NEVER)',
      'set \'tolerations.restart.policy\' (e.g. RestartPolicy.ON_INFRASTRUCTURE_FAILURE), or remove it');
  }
  return {
    restartPolicy: restart.policy as unknown as l1.SparkApplicationSpecApplicationTolerationsRestartConfigRestartPolicy,
    maxRestartAttempts: restart.maxAttempts,
    restartBackoffMillis: positiveMillis(scope, p('backoff'), restart.backoff, 'Duration.seconds(30)'),
    maxRestartOnFailure: restart.maxAttemptsOnFailure,
    restartBackoffMillisForFailure: positiveMillis(scope, p('backoffOnFailure'), restart.backoffOnFailure, 'Duration.seconds(30)'),
    maxRestartOnSchedulingFailure: restart.maxAttemptsOnSchedulingFailure,
    restartBackoffMillisForSchedulingFailure: positiveMillis(scope, p('backoffOnSchedulingFailure'), restart.backoffOnSchedulingFailure, 'Duration.minutes(2)'),
    restartCounterResetMillis: positiveMillis(scope, p('counterReset'), restart.counterReset, 'Duration.hours(1)'),
  };
}

function renderTimeouts(
  scope: IConstruct, tolerations: ApplicationTolerations,
): l1.SparkApplicationSpecApplicationTolerationsApplicationTimeoutConfig | undefined {
  const t = tolerations.timeouts;
  if (t === undefined) return undefined;
  checkMap(scope, 'tolerations.timeouts', t, '{ driverStart: Duration.minutes(10) }', 'an object');
  const ms = (name: keyof typeof t, example: string) => positiveMillis(scope, `tolerations.timeouts.${name}`, t[name], example);
  return {
    driverStartTimeoutMillis: ms('driverStart', 'Duration.minutes(10)'),
    driverReadyTimeoutMillis: ms('driverReady', 'Duration.minutes(10)'),
    executorStartTimeoutMillis: ms('executorStart', 'Duration.minutes(10)'),
    forceTerminationGracePeriodMillis: ms('forceTerminationGracePeriod', 'Duration.minutes(5)'),
    terminationRequeuePeriodMillis: ms('terminationRequeuePeriod', 'Duration.seconds(2)'),
  };
}

/**
 * The health thresholds AppRunningStep (spark-operator .../reconcilesteps/AppRunningStep.java at
 * 1.0.0, L52-98) compares with the ready executors: an attempt leaves its starting states at
 * `initExecutors`, is healthy from `minExecutors`, and without dynamic allocation at full
 * capacity from `maxExecutors`. A threshold above the most executors the application can run is
 * never reached (the application never reports healthy).
 */
function renderInstanceConfig(
  scope: IConstruct, config: ExecutorInstanceConfig | undefined, bounds: ExecutorBounds,
): l1.SparkApplicationSpecApplicationTolerationsInstanceConfig | undefined {
  if (config === undefined) return undefined;
  checkMap(scope, 'tolerations.instanceConfig', config, '{ initExecutors: 1, minExecutors: 1 }', 'an object');
  const names = ['initExecutors', 'minExecutors', 'maxExecutors'] as const;
  for (const name of names) {
    const prop = `tolerations.instanceConfig.${name}`;
    checkInteger(scope, prop, config[name], 0, 'use a count of executors, 0 or more');
    if ((config[name] ?? 0) > bounds.most) {
      fail(scope, prop, config[name], `must not exceed the ${bounds.most} executors the application can run ('${bounds.prop}'): the operator would never report it healthy`,
        `lower it to ${bounds.most} or less, or raise '${bounds.prop}'`);
    }
  }
  if (config.maxExecutors !== undefined && config.maxExecutors > 0 && (config.minExecutors ?? 0) > config.maxExecutors) {
    fail(scope, 'tolerations.instanceConfig.minExecutors', config.minExecutors, `must not exceed 'maxExecutors' (${config.maxExecutors})`, 'lower it or raise \'maxExecutors\'');
  }
  if (config.maxExecutors !== undefined && config.maxExecutors > 0 && bounds.dynamicAllocation) {
    fail(scope, 'tolerations.instanceConfig.maxExecutors', config.maxExecutors,
      'only applies without dynamic allocation (the operator checks full capacity only for a fixed executor count)', 'remove it, or remove \'dynamicAllocation\'');
  }
  return { initExecutors: config.initExecutors, minExecutors: config.minExecutors, maxExecutors: config.maxExecutors };
}

/** Retention: a duration keeps resources only under a policy that retains them (ApplicationTolerations.computeEffectiveRetainDurationMillis). */
function renderRetention(scope: IConstruct, tolerations: ApplicationTolerations): Partial<l1.SparkApplicationSpecApplicationTolerations> {
  checkEnum(scope, 'tolerations.resourceRetainPolicy', tolerations.resourceRetainPolicy, ResourceRetainPolicy, 'ResourceRetainPolicy');
  const policy = tolerations.resourceRetainPolicy ?? ResourceRetainPolicy.NEVER;
  const duration = positiveMillis(scope, 'tolerations.resourceRetainDuration', tolerations.resourceRetainDuration, 'Duration.hours(1)');
  if (duration !== undefined && policy === ResourceRetainPolicy.NEVER) {
    fail(scope, 'tolerations.resourceRetainDuration', `${duration}ms`,
      'needs a \'resourceRetainPolicy\' that retains resources (with ResourceRetainPolicy.NEVER they are released at once)',
      'set \'tolerations.resourceRetainPolicy\' to ResourceRetainPolicy.ON_FAILURE or .ALWAYS, or remove it');
  }
  return {
    resourceRetainPolicy: tolerations.resourceRetainPolicy as unknown as l1.SparkApplicationSpecApplicationTolerationsResourceRetainPolicy,
    resourceRetainDurationMillis: duration,
    ttlAfterStopMillis: positiveMillis(scope, 'tolerations.ttlAfterStop', tolerations.ttlAfterStop, 'Duration.hours(1)'),
  };
}
