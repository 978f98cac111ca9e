import { SparkVersion } from '../../src';

describe('SparkVersion', () => {
  test('defaults', () => {
    expect(SparkVersion.DEFAULT).toBe(SparkVersion.V4_0_4);
    expect(SparkVersion.DEFAULT.version).toBe('4.0.4');
    expect(SparkVersion.DEFAULT.defaultImage).toBe('apache/spark:4.0.4');
  });

  test.each([
    [SparkVersion.V3_5_8, '3.5.8', 3, 5, 8],
    [SparkVersion.V4_0_4, '4.0.4', 4, 0, 4],
    [SparkVersion.V4_1_3, '4.1.3', 4, 1, 3],
    [SparkVersion.V4_2_0, '4.2.0', 4, 2, 0],
    [SparkVersion.of('10.11.12'), '10.11.12', 10, 11, 12],
  ])('%s has its parts and its stock image', (v, text, major, minor, patch) => {
    expect(v.version).toBe(text);
    expect(v.toString()).toBe(text);
    expect(`${v}`).toBe(text);
    expect([v.major, v.minor, v.patch]).toEqual([major, minor, patch]);
    expect(v.defaultImage).toBe(`apache/spark:${text}`);
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

  test.each<[string, number, number, number | undefined, boolean]>([
    ['4.0.4', 4, 0, 5, false],
    ['4.0.4', 4, 1, undefined, false],
    ['4.0.0', 4, 0, undefined, true],
    ['5.0.0', 4, 9, 9, true],
    ['3.9.9', 4, 0, 0, false],
  ])('%s is at least %i.%i.%s: %s', (version, major, minor, patch, expected) => {
    expect(SparkVersion.of(version).isAtLeast(major, minor, patch)).toBe(expected);
  });

  test('the minor version decides before the patch', () => {
    expect(SparkVersion.of('4.2.0').isAtLeast(4, 1, 9)).toBe(true);
    expect(SparkVersion.of('4.0.9').isAtLeast(4, 1, 0)).toBe(false);
  });

  test('fails on a version that is not major.minor.patch', () => {
    expect(() => SparkVersion.of('4.0')).toThrow('\'sparkVersion\' must be a released Spark version such as \'4.0.4\', got \'4.0\'; give major.minor.patch');
  });

  test.each(['v4.0.4', '4.0.4-SNAPSHOT', '4.0.x', ' 4.0.4', ''])('fails on %j', (version) => {
    expect(() => SparkVersion.of(version)).toThrow(`'sparkVersion' must be a released Spark version such as '4.0.4', got '${version}'; give major.minor.patch`);
  });
});
