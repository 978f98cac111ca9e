import { scheduleProblem, timeZoneProblem } from '../../src/spark/_schedule';

const CRON_TIPS = 'check each field, e.g. \'0 2 * * *\' runs at 02:00 every day';

describe('timeZoneProblem', () => {
  test('time zones', () => {
    expect(timeZoneProblem('Europe/Berlin')).toBeUndefined();
    expect(timeZoneProblem('UTC')).toBeUndefined();
    expect(timeZoneProblem('Local')).toBeUndefined();
    expect(timeZoneProblem('Mars/Olympus')).toBeDefined();
  });

  test.each(['America/New_York', 'Asia/Kolkata', 'Etc/GMT+1'])('accepts the IANA name %s', (zone) => {
    expect(timeZoneProblem(zone)).toBeUndefined();
  });

  test.each(['Mars/Olympus', 'Berlin', ''])('fails on %j', (zone) => {
    expect(timeZoneProblem(zone)).toBe('must be an IANA time zone name such as \'Europe/Berlin\' or \'UTC\'');
  });
});

describe('scheduleProblem', () => {
  test.each([
    '0 2 * * *', '*/5 * * * *', '0 0 1,15 * MON-FRI', '0 0 * JAN *', '0 0 * * 0-6', '  0 2 * * *  ',
    '@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly',
    '@every 5m', '@every 1h30m', '@every 90s', '@every 1.5h', '@every 500ms',
    'CRON_TZ=Europe/Berlin 0 2 * * *', 'TZ=UTC @daily', 'CRON_TZ=Asia/Tokyo @every 1h',
  ])('accepts %j', (schedule) => {
    expect(scheduleProblem(schedule)).toBeUndefined();
  });

  test('CronJob flavour refuses @every and TZ prefixes', () => {
    expect(scheduleProblem('@every 5m', { allowEvery: false })?.requirement).toBe('must not use \'@every\' (Kubernetes CronJobs do not read it)');
    expect(scheduleProblem('TZ=UTC 0 0 * * *', { allowTimeZonePrefix: false })?.requirement).toBe('must not carry a \'TZ=\' prefix here');
  });

  test.each<[string, { allowEvery?: boolean; allowTimeZonePrefix?: boolean }, string, string]>([
    ['@every 5m', { allowEvery: false }, 'must not use \'@every\' (Kubernetes CronJobs do not read it)', 'use a 5-field cron expression such as \'*/5 * * * *\''],
    ['TZ=UTC 0 0 * * *', { allowTimeZonePrefix: false }, 'must not carry a \'TZ=\' prefix here', 'use the \'timeZone\' prop'],
    ['CRON_TZ=UTC 0 0 * * *', { allowTimeZonePrefix: false }, 'must not carry a \'CRON_TZ=\' prefix here', 'use the \'timeZone\' prop'],
    ['CRON_TZ=Mars/Olympus 0 0 * * *', {}, 'has a time zone prefix \'Mars/Olympus\' that must be an IANA time zone name such as \'Europe/Berlin\' or \'UTC\'',
      'use a name such as \'CRON_TZ=Europe/Berlin\''],
    ['@every 0s', {}, 'must give \'@every\' a positive duration such as \'30m\' or \'1h30m\'', 'use units ns, us, ms, s, m or h'],
    ['@every', {}, 'must give \'@every\' a positive duration such as \'30m\' or \'1h30m\'', 'use units ns, us, ms, s, m or h'],
    ['@every 5 minutes', {}, 'must give \'@every\' a positive duration such as \'30m\' or \'1h30m\'', 'use units ns, us, ms, s, m or h'],
    ['@every 1d', {}, 'must give \'@every\' a positive duration such as \'30m\' or \'1h30m\'', 'use units ns, us, ms, s, m or h'],
    ['@reboot', {}, 'must use a known descriptor (@yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly, @every <duration>)',
      'use one of those or a 5-field cron expression'],
    ['@Daily', {}, 'must use a known descriptor (@yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly, @every <duration>)',
      'use one of those or a 5-field cron expression'],
    ['0 0 2 * * *', {}, 'must have 5 fields (minute hour day-of-month month day-of-week), not 6', 'remove the seconds field: the operator does not read seconds'],
    ['0 0 *', {}, 'must have 5 fields (minute hour day-of-month month day-of-week), not 3', 'write it as \'m h dom mon dow\', e.g. \'0 2 * * *\''],
    ['0 0 2 * * * 2030', {}, 'must have 5 fields (minute hour day-of-month month day-of-week), not 7', 'write it as \'m h dom mon dow\', e.g. \'0 2 * * *\''],
    ['0 0 L * *', {}, 'must not use the L, W or # extensions', 'the operator\'s cron parser does not read them'],
    ['0 0 15W * *', {}, 'must not use the L, W or # extensions', 'the operator\'s cron parser does not read them'],
    ['0 0 * * 5#3', {}, 'must not use the L, W or # extensions', 'the operator\'s cron parser does not read them'],
    ['0 0 * * 5L', {}, 'must not use the L, W or # extensions', 'the operator\'s cron parser does not read them'],
    ['0 0 * * 7', {}, 'must give day-of-week as 0–6 (Sunday is 0)', 'use 0 for Sunday'],
    ['0 0 * * 1-7', {}, 'must give day-of-week as 0–6 (Sunday is 0)', 'use 0 for Sunday'],
    ['0 0 * * 1,8', {}, 'must give day-of-week as 0–6 (Sunday is 0)', 'use 0 for Sunday'],
    ['61 * * * *', {}, 'must be a valid cron expression (Invalid value for minute: 61)', CRON_TIPS],
    ['*/0 * * * *', {}, 'must be a valid cron expression (Syntax error, illegal stepping: 0)', CRON_TIPS],
  ])('fails on %j (%j)', (schedule, options, requirement, fix) => {
    expect(scheduleProblem(schedule, options)).toEqual({ requirement, fix });
  });

  test('weekday names are not mistaken for the W extension', () => {
    expect(scheduleProblem('0 0 * * WED')).toBeUndefined();
    expect(scheduleProblem('0 0 * * MON,WED')).toBeUndefined();
  });
});
