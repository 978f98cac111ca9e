import { scheduleProblem, timeZoneProblem } from '../../src/spark/_schedule';

const CRON_TIPS = 'check each field, e.g. \'0 2 * * *\' runs at 02:00 every day';
const NEVER = 'never fires (no month in it has that day)';
const NEVER_FIX = 'use a day every month in it has, e.g. \'0 0 28 2 *\' for the 28th of February';

const UNKNOWN_ZONE = { requirement: 'must be an IANA time zone name such as \'Europe/Berlin\' or \'UTC\'', fix: 'use a name from the IANA database, e.g. \'UTC\' or \'Europe/Berlin\'' };
const EXACT = 'must be an IANA time zone name spelled exactly (Go\'s time.LoadLocation is case-sensitive)';

describe('timeZoneProblem', () => {
  test('time zones', () => {
    expect(timeZoneProblem('Europe/Berlin')).toBeUndefined();
    expect(timeZoneProblem('UTC')).toBeUndefined();
    expect(timeZoneProblem('Local', { allowLocal: true })).toBeUndefined();
    expect(timeZoneProblem('Mars/Olympus')).toBeDefined();
  });

  // ICU's canonical names, and the names Go's tzdata holds beside them: IANA canonical names CLDR keeps as aliases, and the backward links.
  test.each(['America/New_York', 'Asia/Kolkata', 'Asia/Calcutta', 'Europe/Kyiv', 'Europe/Kiev', 'Etc/GMT+1', 'Etc/UTC', 'GMT', 'US/Pacific', 'EST5EDT', 'Zulu',
    'America/Argentina/ComodRivadavia', 'America/Port-au-Prince'])('accepts the IANA name %s', (zone) => {
    expect(timeZoneProblem(zone)).toBeUndefined();
  });

  test.each(['Mars/Olympus', 'Berlin', '', 'Factory', 'posixrules', '/etc/localtime', '../UTC'])('fails on %j', (zone) => {
    expect(timeZoneProblem(zone)).toEqual(UNKNOWN_ZONE);
  });

  // time.LoadLocation opens the zoneinfo file of that name: on a case-sensitive file system (and in Go's embedded tzdata) 'utc' is no file.
  test.each<[string, string]>([
    ['europe/berlin', 'Europe/Berlin'], ['utc', 'UTC'], ['EUROPE/BERLIN', 'Europe/Berlin'], ['us/pacific', 'US/Pacific'], ['etc/gmt+1', 'Etc/GMT+1'],
  ])('fails on %j, naming the exact spelling %j', (zone, exact) => {
    expect(timeZoneProblem(zone)).toEqual({ requirement: EXACT, fix: `use '${exact}'` });
  });

  test('Local: the operator\'s controller reads it exactly so; the API server refuses it for CronJobs in any spelling', () => {
    expect(timeZoneProblem('local', { allowLocal: true })).toEqual({ requirement: 'must be spelled exactly (Go\'s time.LoadLocation is case-sensitive)', fix: 'use \'Local\'' });
    for (const zone of ['Local', 'local', 'LOCAL']) {
      expect(timeZoneProblem(zone)).toEqual({
        requirement: 'must be an explicit IANA time zone name (CronJobs reject \'Local\')', fix: 'use a name from the IANA database, e.g. \'UTC\' or \'Europe/Berlin\'',
      });
    }
  });

  test('fails on a value that is not a string', () => {
    expect(timeZoneProblem(1 as any)).toEqual({ requirement: 'must be an IANA time zone name', fix: 'use a name from the IANA database, e.g. \'UTC\' or \'Europe/Berlin\'' });
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
    ['CRON_TZ=europe/berlin 0 0 * * *', {}, `has a time zone prefix 'europe/berlin' that ${EXACT}`, 'use \'CRON_TZ=Europe/Berlin\''],
    ['TZ=utc @daily', {}, `has a time zone prefix 'utc' that ${EXACT}`, 'use \'CRON_TZ=UTC\''],
    ['0 0 l * *', {}, 'must not use the L, W or # extensions', 'list the days instead, e.g. \'0 2 1,15 * *\''],
    ['0 0 15w * *', {}, 'must not use the L, W or # extensions', 'list the days instead, e.g. \'0 2 1,15 * *\''],
    ['0 0 lw * *', {}, 'must not use the L, W or # extensions', 'list the days instead, e.g. \'0 2 1,15 * *\''],
    ['0 0 * * 5l', {}, 'must not use the L, W or # extensions', 'list the days instead, e.g. \'0 2 1,15 * *\''],
    ['0 0 31 2 *', {}, NEVER, NEVER_FIX],
    ['0 0 30 2 *', {}, NEVER, NEVER_FIX],
    ['0 0 30-31 2 *', {}, NEVER, NEVER_FIX],
    ['0 0 31 4,6,9,11 *', {}, NEVER, NEVER_FIX],
    ['0 0 31 APR *', {}, NEVER, NEVER_FIX],
    ['CRON_TZ=UTC 0 0 31 2 *', {}, NEVER, NEVER_FIX],
    [42 as any, {}, 'must be a cron expression string', 'e.g. \'0 2 * * *\' runs at 02:00 every day'],
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
    ['0 0 L * *', {}, 'must not use the L, W or # extensions', 'list the days instead, e.g. \'0 2 1,15 * *\''],
    ['0 0 15W * *', {}, 'must not use the L, W or # extensions', 'list the days instead, e.g. \'0 2 1,15 * *\''],
    ['0 0 * * 5#3', {}, 'must not use the L, W or # extensions', 'list the days instead, e.g. \'0 2 1,15 * *\''],
    ['0 0 * * 5L', {}, 'must not use the L, W or # extensions', 'list the days instead, e.g. \'0 2 1,15 * *\''],
    ['0 0 * * 7', {}, 'must give day-of-week as 0–6 (Sunday is 0)', 'use 0 for Sunday'],
    ['0 0 * * 1-7', {}, 'must give day-of-week as 0–6 (Sunday is 0)', 'use 0 for Sunday'],
    ['0 0 * * 1,8', {}, 'must give day-of-week as 0–6 (Sunday is 0)', 'use 0 for Sunday'],
    ['61 * * * *', {}, 'must be a valid cron expression (end of range (61) above maximum (59): 61)', CRON_TIPS],
    ['*/0 * * * *', {}, 'must be a valid cron expression (step of range should be a positive number: */0)', CRON_TIPS],
    // robfig/cron's own reasons, in its words (parser.go getRange, mustParseInt).
    ['0 0 0 * *', {}, 'must be a valid cron expression (beginning of range (0) below minimum (1): 0)', CRON_TIPS],
    ['0 0 5-1 * *', {}, 'must be a valid cron expression (beginning of range (5) beyond end of range (1): 5-1)', CRON_TIPS],
    ['1-2-3 * * * *', {}, 'must be a valid cron expression (too many hyphens: 1-2-3)', CRON_TIPS],
    ['1/2/3 * * * *', {}, 'must be a valid cron expression (too many slashes: 1/2/3)', CRON_TIPS],
    ['x * * * *', {}, 'must be a valid cron expression (failed to parse int from x)', CRON_TIPS],
    ['-5 * * * *', {}, 'must be a valid cron expression (failed to parse int from )', CRON_TIPS],
    ['*/-1 * * * *', {}, 'must be a valid cron expression (negative number (-1) not allowed: -1)', CRON_TIPS],
    ['0 0 * JANUARY *', {}, 'must be a valid cron expression (failed to parse int from JANUARY)', CRON_TIPS],
    [', * * * *', {}, 'must be a valid cron expression (the minute field \',\' selects no value)', CRON_TIPS],
  ])('fails on %j (%j)', (schedule, options, requirement, fix) => {
    expect(scheduleProblem(schedule, options)).toEqual({ requirement, fix });
  });

  // What robfig/cron reads that other cron dialects do not: '?', 'N/step' running to the maximum, '+N', empty list items, any-case names.
  test.each(['0 0 ? * *', '5/15 * * * *', '+5 * * * *', '1,,2 * * * *', '0 0 * jan-Mar sun', '0 0 1 * ?', '0-59/15 */2 1-31/7 */3 *'])('accepts %j as robfig/cron does', (schedule) => {
    expect(scheduleProblem(schedule)).toBeUndefined();
  });

  test('a restricted day-of-week alongside a day-of-month ORs the two (robfig/cron dayMatches), so the schedule fires', () => {
    expect(scheduleProblem('0 0 31 2 1')).toBeUndefined();
    expect(scheduleProblem('0 0 31 2 */2')).toBeUndefined();
    expect(scheduleProblem('0 0 31 2 */1')).toEqual({ requirement: NEVER, fix: NEVER_FIX });
    expect(scheduleProblem('0 0 31 2 ?')).toEqual({ requirement: NEVER, fix: NEVER_FIX });
  });

  test('weekday names are not mistaken for the W extension', () => {
    expect(scheduleProblem('0 0 * * WED')).toBeUndefined();
    expect(scheduleProblem('0 0 * * MON,WED')).toBeUndefined();
    expect(scheduleProblem('0 0 * * wed')).toBeUndefined();
    expect(scheduleProblem('0 0 * * sat,sun')).toBeUndefined();
  });

  test.each(['0 0 29 2 *', '0 0 31 1-12 *', '0 0 31 2 1', '0 0 30 */2 *', '0 0 31 * *'])('accepts %j, which fires (in leap years, in some months, or on a weekday)', (schedule) => {
    expect(scheduleProblem(schedule)).toBeUndefined();
  });
});
