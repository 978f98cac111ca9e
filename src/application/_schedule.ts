import { IConstruct } from 'constructs';
import { ScheduleOptions } from './schedule';
import { checkInteger, fail } from '../_validation';
import { scheduleProblem, timeZoneProblem } from '../spark/_schedule';

/** The two schedule dialects: the operator's robfig/cron parser, and Kubernetes CronJobs. */
export enum ScheduleDialect {
  OPERATOR = 'operator',
  CRON_JOB = 'cronjob',
}

/** Checks a schedule, its time zone and history limits where each controller would reject them. */
export function checkSchedule(scope: IConstruct, options: ScheduleOptions, dialect: ScheduleDialect): void {
  const cronJob = dialect === ScheduleDialect.CRON_JOB;
  const problem = scheduleProblem(options.schedule, { allowEvery: !cronJob, allowTimeZonePrefix: !cronJob });
  if (problem) {
    fail(scope, 'schedule', options.schedule, problem.requirement, problem.fix);
  }
  if (options.timeZone !== undefined) {
    const zone = cronJob && options.timeZone === 'Local' ? 'must be an IANA time zone name (CronJobs reject \'Local\')' : timeZoneProblem(options.timeZone);
    if (zone) {
      fail(scope, 'timeZone', options.timeZone, zone, 'use a name from the IANA database, e.g. \'UTC\' or \'Europe/Berlin\'');
    }
    if (/^(CRON_TZ|TZ)=/.test(options.schedule.trim())) {
      fail(scope, 'timeZone', options.timeZone, 'cannot be combined with a CRON_TZ= or TZ= prefix in \'schedule\'', 'keep one of the two');
    }
  }
  checkInteger(scope, 'successfulRunHistoryLimit', options.successfulRunHistoryLimit, 0, 'use 0 or more');
  checkInteger(scope, 'failedRunHistoryLimit', options.failedRunHistoryLimit, 0, 'use 0 or more');
}
