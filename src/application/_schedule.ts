import { IConstruct } from 'constructs';
import { ConcurrencyPolicy, ScheduleOptions } from './schedule';
import { checkBoolean, checkEnum, checkInteger, checkNotSecret, checkRequired, checkString, fail } from '../_validation';
import { scheduleProblem, timeZoneProblem } from '../spark/_schedule';

/** The two schedule dialects: the operator's robfig/cron parser, and Kubernetes CronJobs. */
export enum ScheduleDialect {
  OPERATOR = 'operator',
  CRON_JOB = 'cronjob',
}

/** Checks a schedule, its time zone and history limits where each controller would reject them. */
export function checkSchedule(scope: IConstruct, options: ScheduleOptions, dialect: ScheduleDialect): void {
  const cronJob = dialect === ScheduleDialect.CRON_JOB;
  checkRequired(scope, 'schedule', options.schedule, 'give a 5-field cron expression such as \'0 2 * * *\' (02:00 every day) or \'@daily\'');
  checkString(scope, 'schedule', options.schedule);
  checkNotSecret(scope, 'schedule', options.schedule);
  const problem = scheduleProblem(options.schedule, { allowEvery: !cronJob, allowTimeZonePrefix: !cronJob });
  if (problem) {
    fail(scope, 'schedule', options.schedule, problem.requirement, problem.fix);
  }
  if (options.timeZone !== undefined) {
    checkString(scope, 'timeZone', options.timeZone);
    const zone = timeZoneProblem(options.timeZone, { allowLocal: !cronJob });
    if (zone) {
      fail(scope, 'timeZone', options.timeZone, zone.requirement, zone.fix);
    }
    if (/^(CRON_TZ|TZ)=/.test(options.schedule.trim())) {
      fail(scope, 'timeZone', options.timeZone, 'cannot be combined with a CRON_TZ= or TZ= prefix in \'schedule\'', 'keep one of the two');
    }
  }
  checkEnum(scope, 'concurrencyPolicy', options.concurrencyPolicy, ConcurrencyPolicy, 'ConcurrencyPolicy');
  checkInteger(scope, 'successfulRunHistoryLimit', options.successfulRunHistoryLimit, 0, 'use 0 or more');
  checkInteger(scope, 'failedRunHistoryLimit', options.failedRunHistoryLimit, 0, 'use 0 or more');
  checkBoolean(scope, 'suspend', options.suspend);
}
