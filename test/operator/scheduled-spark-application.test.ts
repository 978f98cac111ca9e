import { ApiObject, JsonPatch, Size } from 'cdk8s';
import { ApplicationFile, ConcurrencyPolicy, ScheduledSparkApplication, ScheduledSparkApplicationProps } from '../../src';
import { findObject, synthChartValid } from '../harness';
import { chartErrorOf } from '../harness/expect-error';

const PI = { mainApplicationFile: ApplicationFile.fromImagePath('/opt/spark/examples/jars/spark-examples.jar'), mainClass: 'org.apache.spark.examples.SparkPi' };

function scheduled(props: Partial<ScheduledSparkApplicationProps>): any {
  const docs = synthChartValid((chart) => {
    new ScheduledSparkApplication(chart, 'Nightly', { ...PI, schedule: '0 2 * * *', ...props });
  });
  return findObject(docs, 'ScheduledSparkApplication');
}

/** The error a ScheduledSparkApplication with these props raises. */
function errorOf(props: Partial<ScheduledSparkApplicationProps>): string {
  return chartErrorOf((chart) => new ScheduledSparkApplication(chart, 'Nightly', { ...PI, schedule: '0 2 * * *', ...props }));
}

describe('ScheduledSparkApplication', () => {
  test('defaults', () => {
    const obj = scheduled({});
    expect(obj.apiVersion).toBe('sparkoperator.k8s.io/v1beta2');
    expect(obj.metadata).toEqual({ name: 'test-nightly-c8710e1a', namespace: 'spark-jobs' });
    expect(obj.spec).toMatchObject({ schedule: '0 2 * * *', concurrencyPolicy: 'Forbid', successfulRunHistoryLimit: 1, failedRunHistoryLimit: 1 });
    expect(obj.spec.timeZone).toBeUndefined();
    expect(obj.spec.suspend).toBeUndefined();
    expect(obj.spec.template).toMatchObject({ type: 'Scala', mode: 'cluster', sparkVersion: '4.0.4', image: 'apache/spark:4.0.4', restartPolicy: { type: 'Never' } });
    expect(obj.spec.template.driver.template.spec.securityContext).toEqual({ runAsNonRoot: true, runAsUser: 185, runAsGroup: 185, fsGroup: 185, seccompProfile: { type: 'RuntimeDefault' } });
  });

  test('a nightly job in a time zone', () => {
    const docs = synthChartValid((chart) => {
      new ScheduledSparkApplication(chart, 'Nightly', {
        ...PI,
        name: 'nightly',
        schedule: '30 2 * * 1-5',
        timeZone: 'Europe/Berlin',
        concurrencyPolicy: ConcurrencyPolicy.REPLACE,
        successfulRunHistoryLimit: 5,
        failedRunHistoryLimit: 3,
        suspend: true,
        executor: { instances: 3, memory: Size.gibibytes(2) },
      });
    });
    const obj = findObject(docs, 'ScheduledSparkApplication');
    expect(obj.spec).toMatchObject({ schedule: '30 2 * * 1-5', timeZone: 'Europe/Berlin', concurrencyPolicy: 'Replace', successfulRunHistoryLimit: 5, failedRunHistoryLimit: 3, suspend: true });
    expect(docs).toMatchSnapshot();
  });

  test.each([
    '@hourly', '@daily', '@midnight', '@weekly', '@monthly', '@yearly', '@annually', '@every 3m', '@every 1h30m', '*/15 * * * *', '0 0 1 JAN *', '0 9 * * MON-FRI',
    'CRON_TZ=America/New_York 0 6 * * *', 'TZ=UTC 0 0 * * *', '0 0 ? * *',
  ])('accepts the schedule %s', (schedule) => {
    expect(scheduled({ schedule }).spec.schedule).toBe(schedule);
  });

  test('addXxx methods reach the template', () => {
    const docs = synthChartValid((chart) => {
      const s = new ScheduledSparkApplication(chart, 'Nightly', { ...PI, schedule: '@daily' });
      s.addSparkConf('spark.sql.shuffle.partitions', '4');
      s.addArgument('10');
    });
    const t = findObject(docs, 'ScheduledSparkApplication').spec.template;
    expect(t.sparkConf).toEqual({ 'spark.sql.shuffle.partitions': '4' });
    expect(t.arguments).toEqual(['10']);
  });

  test('JSON patches apply', () => {
    const docs = synthChartValid((chart) => {
      const s = new ScheduledSparkApplication(chart, 'Nightly', { ...PI, schedule: '@daily' });
      ApiObject.of(s).addJsonPatch(JsonPatch.replace('/spec/concurrencyPolicy', 'Allow'));
    });
    expect(findObject(docs, 'ScheduledSparkApplication').spec.concurrencyPolicy).toBe('Allow');
  });

  describe('bad input', () => {
    test.each<[string, Partial<ScheduledSparkApplicationProps>, string]>([
      ['fails on a seconds field', { schedule: '0 0 * * * *' },
        '[test/Nightly] \'schedule\' must have 5 fields (minute hour day-of-month month day-of-week), not 6, got \'0 0 * * * *\'; remove the seconds field: the operator does not read seconds'],
      ['fails on minute 61', { schedule: '61 * * * *' },
        '[test/Nightly] \'schedule\' must be a valid cron expression (end of range (61) above maximum (59): 61), got \'61 * * * *\'; check each field, e.g. \'0 2 * * *\' runs at 02:00 every day'],
      ['fails on a zero step', { schedule: '*/0 * * * *' },
        '[test/Nightly] \'schedule\' must be a valid cron expression (step of range should be a positive number: */0), got \'*/0 * * * *\''],
      ['fails on garbage', { schedule: 'every night' },
        '[test/Nightly] \'schedule\' must have 5 fields (minute hour day-of-month month day-of-week), not 2, got \'every night\'; write it as \'m h dom mon dow\', e.g. \'0 2 * * *\''],
      ['fails on an unknown descriptor', { schedule: '@nightly' },
        '[test/Nightly] \'schedule\' must use a known descriptor (@yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly, @every <duration>), got \'@nightly\'; use one of those or a 5-field cron expression'],
      ['fails on @every without a duration', { schedule: '@every 5 minutes' },
        '[test/Nightly] \'schedule\' must give \'@every\' a positive duration such as \'30m\' or \'1h30m\', got \'@every 5 minutes\'; use units ns, us, ms, s, m or h'],
      ['fails on the L extension', { schedule: '0 0 L * *' },
        '[test/Nightly] \'schedule\' must not use the L, W or # extensions, got \'0 0 L * *\'; list the days instead, e.g. \'0 2 1,15 * *\''],
      ['fails on day-of-week 7', { schedule: '0 0 * * 7' },
        '[test/Nightly] \'schedule\' must give day-of-week as 0–6 (Sunday is 0), got \'0 0 * * 7\'; use 0 for Sunday'],
      ['fails on an unknown CRON_TZ zone', { schedule: 'CRON_TZ=Mars/Olympus 0 0 * * *' },
        '[test/Nightly] \'schedule\' has a time zone prefix \'Mars/Olympus\' that must be an IANA time zone name such as \'Europe/Berlin\' or \'UTC\', got \'CRON_TZ=Mars/Olympus 0 0 * * *\'; use a name such as \'CRON_TZ=Europe/Berlin\''],
      ['fails on an unknown time zone', { timeZone: 'Mars/Olympus' },
        '[test/Nightly] \'timeZone\' must be an IANA time zone name such as \'Europe/Berlin\' or \'UTC\', got \'Mars/Olympus\'; use a name from the IANA database, e.g. \'UTC\' or \'Europe/Berlin\''],
      ['fails on a time zone twice', { schedule: 'CRON_TZ=UTC 0 0 * * *', timeZone: 'UTC' },
        '[test/Nightly] \'timeZone\' cannot be combined with a CRON_TZ= or TZ= prefix in \'schedule\', got \'UTC\'; keep one of the two'],
      ['fails on negative history limits', { successfulRunHistoryLimit: -1 },
        '[test/Nightly] \'successfulRunHistoryLimit\' must be at least 0, got -1; use 0 or more'],
      ['fails on a name too long for run names', { name: 'a'.repeat(37) },
        `[test/Nightly] 'name' must be at most 36 characters because the operator names each run '<name>-<19-digit timestamp>' and its driver pod '<run>-driver', which must fit 63 characters, got '${'a'.repeat(37)}'; shorten it by 1 character`],
      ['fails on executor bounds in the template', { executor: { instances: 0 } },
        '[test/Nightly] \'executor.instances\' must be at least 1, got 0; use a whole number of at least 1, or remove it and set \'dynamicAllocation\' (e.g. { maxExecutors: 4 }) to let Spark size the executors'],
    ])('%s', (_name, props, message) => {
      expect(errorOf(props)).toContain(message);
    });
  });
});

describe('ScheduledSparkApplication: the schedule as the operator\'s controller reads it (issue 12)', () => {
  const EXACT = 'must be an IANA time zone name spelled exactly (Go\'s time.LoadLocation is case-sensitive)';

  test.each<[string, Partial<ScheduledSparkApplicationProps>, string]>([
    ['a missing schedule', { schedule: undefined as any },
      '\'schedule\' must be set, got nothing; give a 5-field cron expression such as \'0 2 * * *\' (02:00 every day) or \'@daily\''],
    ['a schedule given as a number', { schedule: 2 as any }, '\'schedule\' must be a string, got 2; quote it: \'2\''],
    ['a lower-case time zone', { timeZone: 'europe/berlin' }, `'timeZone' ${EXACT}, got 'europe/berlin'; use 'Europe/Berlin'`],
    ['UTC in lower case', { timeZone: 'utc' }, `'timeZone' ${EXACT}, got 'utc'; use 'UTC'`],
    ['Local in lower case', { timeZone: 'local' }, '\'timeZone\' must be spelled exactly (Go\'s time.LoadLocation is case-sensitive), got \'local\'; use \'Local\''],
    ['an empty time zone', { timeZone: '' },
      '\'timeZone\' must be an IANA time zone name such as \'Europe/Berlin\' or \'UTC\', got \'\'; use a name from the IANA database, e.g. \'UTC\' or \'Europe/Berlin\''],
    ['a lower-case zone in the CRON_TZ prefix', { schedule: 'CRON_TZ=asia/tokyo 0 2 * * *' },
      `'schedule' has a time zone prefix 'asia/tokyo' that ${EXACT}, got 'CRON_TZ=asia/tokyo 0 2 * * *'; use 'CRON_TZ=Asia/Tokyo'`],
    ['a schedule that never fires', { schedule: '0 0 31 2 *' },
      '\'schedule\' never fires (no month in it has that day), got \'0 0 31 2 *\'; use a day every month in it has, e.g. \'0 0 28 2 *\' for the 28th of February'],
    ['a lower-case L', { schedule: '0 0 l * *' },
      '\'schedule\' must not use the L, W or # extensions, got \'0 0 l * *\'; list the days instead, e.g. \'0 2 1,15 * *\''],
    ['a concurrency policy spelled otherwise', { concurrencyPolicy: 'forbid' as any },
      '\'concurrencyPolicy\' must be one of ConcurrencyPolicy.ALLOW, ConcurrencyPolicy.FORBID, ConcurrencyPolicy.REPLACE, got \'forbid\'; use ConcurrencyPolicy.FORBID'],
    ['suspend given as a string', { suspend: 'false' as any }, '\'suspend\' must be true or false, got \'false\'; use false (a boolean, not a string)'],
  ])('fails on %s', (_name, props, message) => {
    expect(errorOf(props)).toBe(`[test/Nightly] ${message}`);
  });

  test.each(['Local', 'UTC', 'Etc/UTC', 'US/Pacific', 'Asia/Kolkata'])('the controller loads the time zone %s', (timeZone) => {
    expect(scheduled({ timeZone }).spec.timeZone).toBe(timeZone);
  });
});
