/** `_schedule.ts`, and the schedule types of `schedule.ts`. */
import { Chart, Testing } from 'cdk8s';
import { ConcurrencyPolicy, ScheduleOptions } from '../../src';
import { checkSchedule, ScheduleDialect } from '../../src/application/_schedule';

function check(options: ScheduleOptions, dialect: ScheduleDialect): void {
  checkSchedule(new Chart(Testing.app(), 'test', { namespace: 'spark-jobs' }), options, dialect);
}

const BOTH = [ScheduleDialect.OPERATOR, ScheduleDialect.CRON_JOB];

describe('schedule types', () => {
  test('the concurrency policies hold the wire values both controllers read', () => {
    expect(Object.entries(ConcurrencyPolicy)).toEqual([['ALLOW', 'Allow'], ['FORBID', 'Forbid'], ['REPLACE', 'Replace']]);
  });

  test('the two dialects', () => {
    expect(Object.entries(ScheduleDialect)).toEqual([['OPERATOR', 'operator'], ['CRON_JOB', 'cronjob']]);
  });
});

describe('checkSchedule', () => {
  test.each(BOTH)('%s: accepts a cron expression with a time zone and history limits', (dialect) => {
    expect(() => check({ schedule: '0 2 * * *', timeZone: 'Europe/Berlin', successfulRunHistoryLimit: 0, failedRunHistoryLimit: 3 }, dialect)).not.toThrow();
    expect(() => check({ schedule: '@daily' }, dialect)).not.toThrow();
  });

  test('the operator reads @every, a CRON_TZ= prefix and the Local time zone', () => {
    expect(() => check({ schedule: '@every 30m' }, ScheduleDialect.OPERATOR)).not.toThrow();
    expect(() => check({ schedule: 'CRON_TZ=Europe/Berlin 0 2 * * *' }, ScheduleDialect.OPERATOR)).not.toThrow();
    expect(() => check({ schedule: '0 2 * * *', timeZone: 'Local' }, ScheduleDialect.OPERATOR)).not.toThrow();
  });

  test.each(BOTH)('%s: fails on a schedule with 4 fields', (dialect) => {
    expect(() => check({ schedule: '0 0 * *' }, dialect))
      .toThrow('[test] \'schedule\' must have 5 fields (minute hour day-of-month month day-of-week), not 4, got \'0 0 * *\'; write it as \'m h dom mon dow\', e.g. \'0 2 * * *\'');
  });

  test('fails on @every for a CronJob', () => {
    expect(() => check({ schedule: '@every 5m' }, ScheduleDialect.CRON_JOB))
      .toThrow('[test] \'schedule\' must not use \'@every\' (Kubernetes CronJobs do not read it), got \'@every 5m\'; use a 5-field cron expression such as \'*/5 * * * *\'');
  });

  test('fails on a TZ= prefix for a CronJob', () => {
    expect(() => check({ schedule: 'TZ=UTC 0 0 * * *' }, ScheduleDialect.CRON_JOB))
      .toThrow('[test] \'schedule\' must not carry a \'TZ=\' prefix here, got \'TZ=UTC 0 0 * * *\'; use the \'timeZone\' prop');
  });

  test('fails on the Local time zone for a CronJob', () => {
    expect(() => check({ schedule: '0 2 * * *', timeZone: 'Local' }, ScheduleDialect.CRON_JOB))
      .toThrow('[test] \'timeZone\' must be an explicit IANA time zone name (CronJobs reject \'Local\'), got \'Local\'; use a name from the IANA database, e.g. \'UTC\' or \'Europe/Berlin\'');
  });

  test.each(BOTH)('%s: fails on an unknown time zone', (dialect) => {
    expect(() => check({ schedule: '0 2 * * *', timeZone: 'Mars/Olympus' }, dialect))
      .toThrow('[test] \'timeZone\' must be an IANA time zone name such as \'Europe/Berlin\' or \'UTC\', got \'Mars/Olympus\'; use a name from the IANA database, e.g. \'UTC\' or \'Europe/Berlin\'');
  });

  test.each(['CRON_TZ=UTC 0 2 * * *', ' TZ=UTC 0 2 * * *'])('fails on a time zone beside the prefix of %j', (schedule) => {
    expect(() => check({ schedule, timeZone: 'UTC' }, ScheduleDialect.OPERATOR))
      .toThrow('[test] \'timeZone\' cannot be combined with a CRON_TZ= or TZ= prefix in \'schedule\', got \'UTC\'; keep one of the two');
  });

  test.each(BOTH)('%s: fails on a negative number of successful runs kept', (dialect) => {
    expect(() => check({ schedule: '@daily', successfulRunHistoryLimit: -1 }, dialect))
      .toThrow('[test] \'successfulRunHistoryLimit\' must be at least 0, got -1; use 0 or more');
  });

  test.each(BOTH)('%s: fails on a fractional number of failed runs kept', (dialect) => {
    expect(() => check({ schedule: '@daily', failedRunHistoryLimit: 1.5 }, dialect))
      .toThrow('[test] \'failedRunHistoryLimit\' must be a whole number, got 1.5; use 0 or more');
  });
});
