import { Chart, Size, Testing } from 'cdk8s';
import { SparkVersion } from '../../src';
import { kubernetesQuantity, memoryOverheadKibibytes, sparkMemoryProblem, sparkMemoryString } from '../../src/spark/_memory';
import { scheduleProblem, timeZoneProblem } from '../../src/spark/_schedule';
import { SparkConf } from '../../src/spark/_spark-conf';

describe('SparkVersion', () => {
  test('defaults', () => {
    expect(SparkVersion.DEFAULT.version).toBe('4.0.4');
    expect(SparkVersion.DEFAULT.defaultImage).toBe('apache/spark:4.0.4');
  });

  test.each([
    [SparkVersion.V3_5_8, '2.12', true, false, false],
    [SparkVersion.V4_0_4, '2.13', true, true, false],
    [SparkVersion.V4_1_3, '2.13', true, true, false],
    [SparkVersion.V4_2_0, '2.13', true, true, true],
    [SparkVersion.of('2.4.8'), '2.12', false, false, false],
  ])('facts of %s', (v, scala, templates, connectAuth, netpol) => {
    expect(v.scalaBinaryVersion).toBe(scala);
    expect(v.supportsPodTemplates).toBe(templates);
    expect(v.supportsConnectAuthentication).toBe(connectAuth);
    expect(v.submissionCreatesNetworkPolicy).toBe(netpol);
  });

  test('compares versions', () => {
    expect(SparkVersion.of('4.1.0').isAtLeast(4, 0, 9)).toBe(true);
    expect(SparkVersion.of('3.5.8').isAtLeast(4, 0)).toBe(false);
    expect(SparkVersion.of('4.0.4').isAtLeast(4, 0, 4)).toBe(true);
  });

  test('fails on a version that is not major.minor.patch', () => {
    expect(() => SparkVersion.of('4.0')).toThrow('\'sparkVersion\' must be a released Spark version such as \'4.0.4\', got \'4.0\'; give major.minor.patch');
  });
});

describe('memory', () => {
  test('Spark and Kubernetes spellings', () => {
    expect(sparkMemoryString(Size.gibibytes(4).toKibibytes())).toBe('4g');
    expect(sparkMemoryString(Size.mebibytes(1536).toKibibytes())).toBe('1536m');
    expect(sparkMemoryString(512)).toBe('512k');
    expect(kubernetesQuantity(Size.mebibytes(1408).toKibibytes())).toBe('1408Mi');
    expect(kubernetesQuantity(Size.gibibytes(2).toKibibytes())).toBe('2Gi');
  });

  test('overhead is max(factor × memory, 384 MiB)', () => {
    expect(memoryOverheadKibibytes(1024 * 1024, 0.1)).toBe(384 * 1024);
    expect(memoryOverheadKibibytes(8 * 1024 * 1024, 0.1)).toBe(819 * 1024);
    expect(memoryOverheadKibibytes(2 * 1024 * 1024, 0.4)).toBe(819 * 1024);
  });

  test.each(['4g', '512m', '1G', '2gb', '100k', '1t'])('reads %s', (value) => {
    expect(sparkMemoryProblem(value).problem).toBeUndefined();
  });

  test.each([['4Gi', 'use \'4g\''], ['1.5g', 'use \'1536m\''], ['4096', 'use \'4096m\' if you meant MiB (or \'4g\')'], ['lots', 'use a whole number followed by k, m, g or t']])('rejects %s', (value, fix) => {
    expect(sparkMemoryProblem(value).fix).toBe(fix);
  });
});

describe('schedule', () => {
  test('time zones', () => {
    expect(timeZoneProblem('Europe/Berlin')).toBeUndefined();
    expect(timeZoneProblem('UTC')).toBeUndefined();
    expect(timeZoneProblem('Local')).toBeUndefined();
    expect(timeZoneProblem('Mars/Olympus')).toBeDefined();
  });

  test('CronJob flavour refuses @every and TZ prefixes', () => {
    expect(scheduleProblem('@every 5m', { allowEvery: false })?.requirement).toBe('must not use \'@every\' (Kubernetes CronJobs do not read it)');
    expect(scheduleProblem('TZ=UTC 0 0 * * *', { allowTimeZonePrefix: false })?.requirement).toBe('must not carry a \'TZ=\' prefix here');
  });
});

describe('SparkConf', () => {
  function conf(): SparkConf {
    return new SparkConf(new Chart(Testing.app(), 'test'), 'spark-jobs');
  }

  test('renders sorted string values', () => {
    const c = conf();
    c.set('spark.b', '2');
    c.set('spark.a', '1');
    c.own('spark.executor.cores', 'executor.cores', '2');
    expect(Object.keys(c.render())).toEqual(['spark.a', 'spark.b', 'spark.executor.cores']);
  });

  test('fails on a raw key set before a prop claims it, naming both', () => {
    const c = conf();
    c.set('spark.executor.cores', '2');
    expect(() => c.own('spark.executor.cores', 'executor.cores'))
      .toThrow('[test] \'sparkConf.spark.executor.cores\' sets \'spark.executor.cores\', which \'executor.cores\' owns, got \'2\'; remove it from \'sparkConf.spark.executor.cores\' and use \'executor.cores\'');
  });

  test('fails on a non-string value', () => {
    expect(() => conf().set('spark.sql.shuffle.partitions', 8 as any))
      .toThrow('[test] \'sparkConf.spark.sql.shuffle.partitions\' must be a string (the configuration is a string map), got 8; quote it: \'8\'');
  });
});
