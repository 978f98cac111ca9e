/** What happens when a scheduled run is due while the previous one still runs. */
export enum ConcurrencyPolicy {
  /** Start the new run as well. */
  ALLOW = 'Allow',
  /** Skip the new run. */
  FORBID = 'Forbid',
  /** Stop the running one and start the new run. */
  REPLACE = 'Replace',
}

/** When and how a scheduled Spark application runs (`ScheduledSparkApplication`, or a `SparkSubmitJob` with a schedule). */
export interface ScheduleOptions {
  /**
   * When to run: a 5-field cron expression or `@hourly` … `@yearly`
   * (`ScheduledSparkApplication` also takes `@every <duration>` and a `CRON_TZ=` prefix).
   */
  readonly schedule: string;
  /**
   * IANA time zone the schedule is read in.
   * @default - the controller's local time zone
   */
  readonly timeZone?: string;
  /**
   * What to do when a run is due while the previous one still runs.
   * @default ConcurrencyPolicy.FORBID
   */
  readonly concurrencyPolicy?: ConcurrencyPolicy;
  /**
   * Successful runs kept.
   * @default - 1 for ScheduledSparkApplication (the operator's default), 3 for SparkSubmitJob (the CronJob default)
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
