import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { SCHEDULED_SPARK_APPLICATION_GVK } from './_wire';
import { SparkApplicationBase, SparkApplicationBaseProps } from './spark-application-base';
import { checkInteger, fail } from '../_validation';
import { scheduleProblem, timeZoneProblem } from '../spark/schedule';

/**
 * The longest ScheduledSparkApplication name: each run is named
 * `<name>-<19-digit timestamp>` and its driver pod `<run>-driver`.
 */
export const MAX_SCHEDULED_APPLICATION_NAME = 36;

/** What happens when a run is due while the previous one still runs. */
export enum ConcurrencyPolicy {
  /** Start the new run as well. */
  ALLOW = 'Allow',
  /** Skip the new run. */
  FORBID = 'Forbid',
  /** Stop the running one and start the new run. */
  REPLACE = 'Replace',
}

/**
 * Props of `ScheduledSparkApplication`.
 */
export interface ScheduledSparkApplicationProps extends SparkApplicationBaseProps {
  /**
   * When to run: a 5-field cron expression, `@hourly` … `@yearly`,
   * `@every <duration>`, optionally prefixed with `CRON_TZ=<zone>`.
   */
  readonly schedule: string;
  /**
   * IANA time zone the schedule is read in.
   * @default - the operator's local time zone ('Local')
   */
  readonly timeZone?: string;
  /**
   * What to do when a run is due while the previous one still runs.
   * @default ConcurrencyPolicy.FORBID
   */
  readonly concurrencyPolicy?: ConcurrencyPolicy;
  /**
   * Successful runs kept.
   * @default 1
   */
  readonly successfulRunHistoryLimit?: number;
  /**
   * Failed runs kept.
   * @default 1
   */
  readonly failedRunHistoryLimit?: number;
  /**
   * Create the schedule suspended: no runs start.
   * @default false
   */
  readonly suspend?: boolean;
}

/**
 * A Spark application the Kubeflow Spark Operator runs on a schedule
 * (`sparkoperator.k8s.io/v1beta2` `ScheduledSparkApplication`). The schedule
 * and time zone are checked at synth, not when the controller reconciles.
 */
export class ScheduledSparkApplication extends SparkApplicationBase {
  /** The `ScheduledSparkApplication` object. */
  public readonly resource: ApiObject;
  /** The schedule. */
  public readonly schedule: string;

  constructor(scope: Construct, id: string, props: ScheduledSparkApplicationProps) {
    super(scope, id, props, {
      maxNameLength: MAX_SCHEDULED_APPLICATION_NAME,
      nameLengthReason: 'the operator names each run \'<name>-<19-digit timestamp>\' and its driver pod \'<run>-driver\', which must fit 63 characters',
    });
    const problem = scheduleProblem(props.schedule);
    if (problem) {
      fail(this, 'schedule', props.schedule, problem.requirement, problem.fix);
    }
    if (props.timeZone !== undefined) {
      const zoneProblem = timeZoneProblem(props.timeZone);
      if (zoneProblem) {
        fail(this, 'timeZone', props.timeZone, zoneProblem, 'use a name from the IANA database, e.g. \'UTC\' or \'America/New_York\'');
      }
      if (/^(CRON_TZ|TZ)=/.test(props.schedule.trim())) {
        fail(this, 'timeZone', props.timeZone, 'cannot be combined with a CRON_TZ= or TZ= prefix in \'schedule\'', 'keep one of the two');
      }
    }
    checkInteger(this, 'successfulRunHistoryLimit', props.successfulRunHistoryLimit, 0, 'use 0 or more');
    checkInteger(this, 'failedRunHistoryLimit', props.failedRunHistoryLimit, 0, 'use 0 or more');
    this.schedule = props.schedule;

    this.resource = this._createResource(SCHEDULED_SPARK_APPLICATION_GVK, () => ({
      schedule: props.schedule,
      timeZone: props.timeZone,
      concurrencyPolicy: props.concurrencyPolicy ?? ConcurrencyPolicy.FORBID,
      suspend: props.suspend,
      successfulRunHistoryLimit: props.successfulRunHistoryLimit ?? 1,
      failedRunHistoryLimit: props.failedRunHistoryLimit ?? 1,
      template: this._renderApplicationSpec(),
    }));
  }
}
