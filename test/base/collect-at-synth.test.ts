import { App, Chart, Testing } from 'cdk8s';
import {
  ApplicationFile, EventLog, SparkApplication, SparkConnectServer, SparkErrors, SparkHistoryServer, SparkJobNamespace, SparkOperator, SparkSubmitJob,
} from '../../src';
import { SparkValidationError } from '../../src/errors';
import { synthValid } from '../harness';
import { errorOf } from '../harness/expect-error';

const JAR = ApplicationFile.fromImagePath('/opt/spark/examples/jars/spark-examples.jar');
const MAIN = 'org.apache.spark.examples.SparkPi';

/** A platform with three mistakes in three constructs, and one good application. */
function platform(app: App): { jobs: Chart } {
  new SparkOperator(new Chart(app, 'platform'), 'Operator', { jobNamespaces: ['spark-jobs'], releaseName: 'Spark_Operator' });
  const jobs = new Chart(app, 'jobs', { namespace: 'spark-jobs' });
  new SparkApplication(jobs, 'Good', { name: 'good', mainApplicationFile: JAR, mainClass: MAIN });
  new SparkApplication(jobs, 'Zero', { name: 'zero', mainApplicationFile: JAR, mainClass: MAIN, executor: { instances: 0 } });
  new SparkApplication(jobs, 'Typed', { name: 'typed', mainApplicationFile: JAR, mainClass: MAIN, image: 5 as any, localMode: 'yes' as any });
  return { jobs };
}

describe('SparkErrors.collectAtSynth', () => {
  test('without it, the first bad construct throws at once, at the line that wrote the input', () => {
    expect(errorOf((app) => platform(app))).toMatch(/^\[platform\/Operator\] 'releaseName' /);
  });

  test('with it, synth reports the problems of every construct at once, each with its construct path, prop, value and fix', () => {
    const message = errorOf((app) => {
      SparkErrors.collectAtSynth(app);
      platform(app);
    });
    const lines = message.split('\n');
    expect(lines[0]).toBe('Validation failed with the following errors:');
    expect(lines.slice(1).map((l) => /^ {2}\[([^\]]*)\] '([^']+)'/.exec(l)?.slice(1, 3))).toEqual([
      ['platform/Operator', 'releaseName'],
      ['jobs/Zero', 'executor.instances'],
      // The construct's "2 problems" error: a line each.
      ['jobs/Typed', 'image'],
      ['jobs/Typed', 'localMode'],
    ]);
    // Each line is the message the construct would have thrown, without its own path.
    expect(lines[2]).toContain('\'executor.instances\' must be at least 1, got 0; ');
  });

  test('each reported line is what the construct throws without it', () => {
    const thrown = errorOf((app) => {
      const jobs = new Chart(app, 'jobs', { namespace: 'spark-jobs' });
      new SparkApplication(jobs, 'Zero', { name: 'zero', mainApplicationFile: JAR, mainClass: MAIN, executor: { instances: 0 } });
    });
    const collected = errorOf((app) => {
      SparkErrors.collectAtSynth(app);
      const jobs = new Chart(app, 'jobs', { namespace: 'spark-jobs' });
      new SparkApplication(jobs, 'Zero', { name: 'zero', mainApplicationFile: JAR, mainClass: MAIN, executor: { instances: 0 } });
    });
    expect(collected).toBe(`Validation failed with the following errors:\n  ${thrown}`);
  });

  test('a stopped construct emits nothing, and using it throws its problem', () => {
    const app = Testing.app();
    SparkErrors.collectAtSynth(app);
    const jobs = new Chart(app, 'jobs', { namespace: 'spark-jobs' });
    const zero = new SparkApplication(jobs, 'Zero', { name: 'zero', mainApplicationFile: JAR, mainClass: MAIN, executor: { instances: 0 } });
    expect(zero).toBeInstanceOf(SparkApplication);
    expect(zero.node.children).toEqual([]);
    expect(() => zero.addSparkConf('spark.sql.shuffle.partitions', '8')).toThrow(SparkValidationError);
    expect(() => zero.addSparkConf('spark.sql.shuffle.partitions', '8')).toThrow('[jobs/Zero] \'executor.instances\' must be at least 1, got 0');
    const ns = new SparkJobNamespace(jobs, 'Team', { namespace: 'Team A' });
    expect(() => ns.serviceAccount).toThrow('[jobs/Team] \'namespace\'');
    expect(() => new SparkOperator(jobs, 'Operator', { releaseName: 'Bad_Name' }).addJobNamespace('x')).toThrow('[jobs/Operator] \'releaseName\'');
  });

  test('a construct built on a stopped one reports nothing more: the first problem names the cause', () => {
    const message = errorOf((app) => {
      SparkErrors.collectAtSynth(app);
      const jobs = new Chart(app, 'jobs', { namespace: 'spark-jobs' });
      const team = new SparkJobNamespace(jobs, 'Team', { namespace: 'Team A' });
      new SparkApplication(jobs, 'Etl', { name: 'etl', jobNamespace: team, mainApplicationFile: JAR, mainClass: MAIN });
      new SparkHistoryServer(jobs, 'History', { name: 'Bad_Name', eventLog: EventLog.toUrl('s3a://logs/events') });
    });
    const lines = message.split('\n').slice(1);
    expect(lines.map((l) => /^ {2}\[([^\]]*)\]/.exec(l)?.[1])).toEqual(['jobs/Team', 'jobs/History']);
  });

  test('every kind of construct takes part: operator, applications, History Server, team namespace, Connect server, spark-submit job', () => {
    const message = errorOf((app) => {
      SparkErrors.collectAtSynth(app);
      const operator = new SparkOperator(new Chart(app, 'platform'), 'Operator', { jobNamespaces: ['spark-jobs'] });
      const other = operator.addJobNamespace('other');
      const jobs = new Chart(app, 'jobs', { namespace: 'spark-jobs' });
      new SparkApplication(jobs, 'Good', { name: 'good', mainApplicationFile: JAR, mainClass: MAIN, jobNamespace: other });
      new SparkApplication(jobs, 'Zero', { name: 'zero', mainApplicationFile: JAR, mainClass: MAIN, executor: { instances: 0 } });
      new SparkHistoryServer(jobs, 'History', { eventLog: EventLog.toUrl('s3a://logs/events'), image: 'bad image' });
      const team = new SparkJobNamespace(jobs, 'Team', { namespace: 'team', quota: { cpu: -1 } as any });
      new SparkConnectServer(jobs, 'Connect', { jobNamespace: team });
      new SparkSubmitJob(jobs, 'Nightly', { mainApplicationFile: JAR, mainClass: MAIN, schedule: '61 * * * *' });
    });
    expect(message.split('\n').slice(1).map((l) => /^ {2}\[([^\]]*)\] '([^']+)'/.exec(l)?.slice(1, 3))).toEqual([
      ['jobs/Zero', 'executor.instances'],
      ['jobs/History', 'image'],
      ['jobs/Team', 'quota.cpu'],
      ['jobs/Team', 'quota.memory'],
      ['jobs/Nightly', 'schedule'],
    ]);
  });

  test('a method given bad input throws at once, collecting or not: it cannot return what was asked for', () => {
    const app = Testing.app();
    SparkErrors.collectAtSynth(app);
    const operator = new SparkOperator(new Chart(app, 'platform'), 'Operator');
    expect(() => operator.addJobNamespace('Bad_Name')).toThrow(/^\[platform\/Operator\] 'jobNamespaces' must be a DNS-1123 label/);
  });

  test('a second construct under an id already taken fails as cdk8s says, and leaves the first one working', () => {
    const app = Testing.app();
    SparkErrors.collectAtSynth(app);
    const jobs = new Chart(app, 'jobs', { namespace: 'spark-jobs' });
    new SparkApplication(jobs, 'Zero', { name: 'zero', mainApplicationFile: JAR, mainClass: MAIN, executor: { instances: 0 } });
    const good = new SparkApplication(jobs, 'Good', { name: 'good', mainApplicationFile: JAR, mainClass: MAIN });
    expect(() => new SparkApplication(jobs, 'Good', { name: 'other', mainApplicationFile: JAR, mainClass: MAIN })).toThrow(/There is already a Construct with name 'Good'/);
    expect(() => good.addSparkConf('spark.sql.shuffle.partitions', '8')).not.toThrow();
  });

  test('an App without problems synthesizes as it would without collecting', () => {
    const build = (collect: boolean) => synthValid((app) => {
      if (collect) SparkErrors.collectAtSynth(app);
      const jobs = new Chart(app, 'jobs', { namespace: 'spark-jobs' });
      new SparkApplication(jobs, 'Good', { name: 'good', mainApplicationFile: JAR, mainClass: MAIN });
    });
    expect(build(true)).toEqual(build(false));
  });

  test('a construct is still its class: statics and instanceof hold', () => {
    expect(SparkApplication.name).toBe('SparkApplication');
    expect(SparkApplication.MAX_NAME_LENGTH).toBe(56);
    const app = Testing.app();
    const good = new SparkApplication(new Chart(app, 'jobs', { namespace: 'spark-jobs' }), 'Good', { name: 'good', mainApplicationFile: JAR, mainClass: MAIN });
    expect(good).toBeInstanceOf(SparkApplication);
    expect(good.name).toBe('good');
  });

  test('from JavaScript, a scope that is no construct gets the library\'s message', () => {
    expect(() => SparkErrors.collectAtSynth('app' as any)).toThrow('[SparkErrors.collectAtSynth] \'scope\' must be a construct, got \'app\'; pass the App');
    expect(() => SparkErrors.collectAtSynth(undefined as any)).toThrow(SparkValidationError);
  });
});
