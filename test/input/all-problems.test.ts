/**
 * Several wrong props from a JavaScript caller: one run reports every one of
 * them (a line each, with the construct path, the prop, the value and the
 * fix), not the first only.
 */
import { Chart, Testing } from 'cdk8s';
import { ApplicationFile, SparkApplication, SparkHistoryServer, SparkOperator, SparkStandaloneCluster } from '../../src';
import { chartErrorOf } from '../harness/expect-error';

/** The lines of a message after its "N problems:" header, which must count them. */
function problemLines(message: string): string[] {
  const [header, ...lines] = message.split('\n');
  expect(header).toBe(`${lines.length} problems:`);
  return lines;
}

describe('every problem of a construct at once', () => {
  test('SparkApplication: three wrong types, three lines', () => {
    const message = chartErrorOf((chart) => new SparkApplication(chart, 'App', {
      image: 5, localMode: 'yes', arguments: '--day 1',
    } as any));
    expect(problemLines(message)).toEqual([
      '[test/App] \'image\' must be a string, got 5; quote it: \'5\'',
      '[test/App] \'localMode\' must be true or false, got \'yes\'; use true (a boolean, not a string)',
      expect.stringMatching(/^\[test\/App\] 'arguments' must be a list of strings, got '--day 1'; /),
      // A required prop left out is one more problem (the runtime types of every prop, src/_prop-types.ts).
      '[test/App] \'mainApplicationFile\' must be set, got nothing; use ApplicationFile.fromImagePath(\'/opt/app/job.py\') or ApplicationFile.fromUrl(\'s3a://bucket/job.py\')',
    ]);
  });

  test('a prop of the wrong type that later checks read is reported once, and the checks after it still run', () => {
    const message = chartErrorOf((chart) => new SparkApplication(chart, 'App', {
      mainApplicationFile: ApplicationFile.fromImagePath('/opt/app/job.jar'), mainClass: 'Job', imagePullSecrets: 'registry', proxyUser: 7,
    } as any));
    const lines = problemLines(message);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^\[test\/App\] 'imagePullSecrets' must be a list/);
    expect(lines[1]).toMatch(/^\[test\/App\] 'proxyUser' must be a string, got 7/);
  });

  test('SparkOperator, SparkHistoryServer and SparkStandaloneCluster report all of theirs too', () => {
    const operator = chartErrorOf((chart) => new SparkOperator(chart, 'Operator', { createNamespace: 'yes', imageTag: 2 } as any));
    expect(problemLines(operator).map((l) => l.split(' ')[1])).toEqual(['\'createNamespace\'', '\'imageTag\'']);

    const history = chartErrorOf((chart) => new SparkHistoryServer(chart, 'History', { image: 1, imageIncludesS3a: 'no', packages: 'a:b:1' } as any));
    expect(problemLines(history).map((l) => l.split(' ')[1])).toEqual(['\'image\'', '\'packages\'', '\'imageIncludesS3a\'', '\'eventLog\'']);

    const cluster = chartErrorOf((chart) => new SparkStandaloneCluster(chart, 'Cluster', { restServer: 'on', uiKillEnabled: 1 } as any));
    expect(problemLines(cluster).map((l) => l.split(' ')[1])).toEqual(['\'restServer\'', '\'uiKillEnabled\'']);
  });

  test('the error still names the first prop, for callers that catch it', () => {
    const chart = new Chart(Testing.app(), 'test', { namespace: 'spark-jobs' });
    try {
      new SparkApplication(chart, 'App', { image: 5, localMode: 'yes' } as any);
      throw new Error('expected an error');
    } catch (e: any) {
      expect(e.name).toBe('SparkValidationError');
      expect(e.constructPath).toBe('test/App');
      expect(e.prop).toBe('image');
    }
  });
});
