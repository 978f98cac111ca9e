/**
 * The same lifecycle on every construct: the main object is the default child
 * (`ApiObject.of(construct)` is the escape hatch everywhere), and on every
 * backend that runs a Spark driver the `addXxx` methods called after
 * construction reach the output, while bad input fails at once.
 */
import { ApiObject, App, Chart, JsonPatch, Testing } from 'cdk8s';
import { Secret } from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import {
  ApplicationFile, EventLog, ScheduledSparkApplication, SparkApplication, SparkConnect, SparkConnectServer, SparkDriverRbac, SparkErrors,
  SparkHistoryServer, SparkJobNamespace, SparkOperator, SparkStandaloneCluster, SparkSubmitJob, SparkValidationError, SparkVolume,
} from '../../src';
import { findObject, synthValid } from '../harness';
import { effectiveSparkConf } from '../harness/spark-conf';

/** A key of a Secret the app references (Connect tokens, standalone RPC authentication). */
const secretKey = (c: Chart, name: string) => ({ secret: Secret.fromSecretName(c, name, name), key: 'secret' });

const MAIN = { mainApplicationFile: ApplicationFile.fromImagePath('/opt/spark/examples/jars/spark-examples.jar'), mainClass: 'org.apache.spark.examples.SparkPi' };

/** Every construct of the library, and the kind of its main object. */
const CONSTRUCTS: [string, string, (chart: Chart) => IConstruct][] = [
  ['SparkApplication', 'SparkApplication', (c) => new SparkApplication(c, 'X', { ...MAIN, name: 'x' })],
  ['ScheduledSparkApplication', 'ScheduledSparkApplication', (c) => new ScheduledSparkApplication(c, 'X', { ...MAIN, name: 'x', schedule: '@daily' })],
  ['SparkConnect', 'SparkConnect', (c) => new SparkConnect(c, 'X', { name: 'x', authenticationSecret: secretKey(c, 'connect-token') })],
  ['SparkConnectServer', 'Deployment', (c) => new SparkConnectServer(c, 'X', { name: 'x', authenticationSecret: secretKey(c, 'connect-token') })],
  ['SparkSubmitJob', 'Job', (c) => new SparkSubmitJob(c, 'X', { ...MAIN, name: 'x' })],
  ['SparkOperator', 'Deployment', (c) => new SparkOperator(c, 'X', { jobNamespaces: ['spark-jobs'] })],
  ['SparkStandaloneCluster', 'StatefulSet', (c) => new SparkStandaloneCluster(c, 'X', { name: 'x', authenticationSecret: secretKey(c, 'spark-rpc') })],
  ['SparkHistoryServer', 'Deployment', (c) => new SparkHistoryServer(c, 'X', { name: 'x', eventLog: EventLog.toUrl('s3a://logs/events') })],
  ['SparkDriverRbac', 'ServiceAccount', (c) => new SparkDriverRbac(c, 'X', { namespace: 'spark-jobs', name: 'x' })],
  ['SparkJobNamespace', 'ServiceAccount', (c) => new SparkJobNamespace(c, 'X', { namespace: 'spark-jobs' })],
];

describe('every construct', () => {
  test.each(CONSTRUCTS)('%s: ApiObject.of() is its %s, and a JSON patch through it reaches the output', (_name, kind, make) => {
    let main: ApiObject | undefined;
    const docs = synthValid((app: App) => {
      const construct = make(new Chart(app, 'test', { namespace: 'spark-jobs' }));
      main = ApiObject.of(construct);
      main.metadata.addAnnotation('example.com/patched', 'yes');
      main.addJsonPatch(JsonPatch.add('/metadata/labels', { patched: 'yes' }));
    });
    expect(main!.kind).toBe(kind);
    expect(main!.node.id).toBe('Resource');
    const out = findObject(docs, kind, main!.name);
    expect(out.metadata.annotations['example.com/patched']).toBe('yes');
    expect(out.metadata.labels).toEqual({ patched: 'yes' });
  });
});

/** The five backends that run a Spark driver, built bare. */
const BACKENDS: [string, (chart: Chart) => SparkApplication | ScheduledSparkApplication | SparkSubmitJob | SparkConnect | SparkConnectServer][] = [
  ['SparkApplication', (c) => new SparkApplication(c, 'App', MAIN)],
  ['ScheduledSparkApplication', (c) => new ScheduledSparkApplication(c, 'App', { ...MAIN, schedule: '@daily' })],
  ['SparkSubmitJob', (c) => new SparkSubmitJob(c, 'App', MAIN)],
  ['SparkConnect', (c) => new SparkConnect(c, 'App', { authenticationSecret: secretKey(c, 'connect-token') })],
  ['SparkConnectServer', (c) => new SparkConnectServer(c, 'App', { authenticationSecret: secretKey(c, 'connect-token') })],
];

describe('every backend that runs a Spark driver', () => {
  test.each(BACKENDS)('%s: addXxx after construction reaches the Spark configuration and the pod templates', (_name, make) => {
    const docs = synthValid((app: App) => {
      const backend = make(new Chart(app, 'test', { namespace: 'spark-jobs' }));
      backend.addSparkConf('spark.sql.shuffle.partitions', '32');
      backend.addHadoopConf('fs.s3a.fast.upload', 'true');
      backend.addPackage('org.apache.hadoop:hadoop-aws:3.4.1');
      backend.addExcludePackage('com.example:unwanted');
      backend.addRepository('https://repo.example.com/maven2');
      backend.addJar(ApplicationFile.fromUrl('s3a://jars/udfs.jar'));
      backend.addFile(ApplicationFile.fromUrl('s3a://files/lookup.csv'));
      backend.addVolume({ volume: SparkVolume.fromEmptyDir('cache'), path: '/cache' });
    });
    const confs = docs.map((d) => effectiveSparkConf(docs, d)).filter((c) => c !== undefined);
    expect(confs).toHaveLength(1);
    expect(confs[0]).toMatchObject({
      'spark.sql.shuffle.partitions': '32',
      'spark.hadoop.fs.s3a.fast.upload': 'true',
      'spark.jars.packages': 'org.apache.hadoop:hadoop-aws:3.4.1',
      'spark.jars.excludes': 'com.example:unwanted',
      'spark.jars.repositories': 'https://repo.example.com/maven2',
      'spark.jars.ivy': '/tmp/.ivy2',
      'spark.jars': 's3a://jars/udfs.jar',
      'spark.files': 's3a://files/lookup.csv',
    });
    // The volume reaches both pod templates (driver or server, and executor), wherever the backend keeps them.
    const mounts = JSON.stringify(docs).match(/mountPath\\?":\s?\\?"\/cache\\?"/g) ?? [];
    expect(mounts.length).toBe(2);
  });

  test.each(BACKENDS)('%s: a bad addXxx fails at once with the library\'s error', (_name, make) => {
    const backend = make(new Chart(Testing.app(), 'test', { namespace: 'spark-jobs' }));
    let error: unknown;
    try {
      backend.addPackage('not-a-coordinate');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SparkValidationError);
    expect(SparkErrors.isValidationError(error)).toBe(true);
    expect((error as SparkValidationError).constructPath).toBe('test/App');
    expect((error as SparkValidationError).prop).toBe('addPackage');
    expect((error as Error).message).toBe('[test/App] \'addPackage\' must be a Maven coordinate group:artifact:version, got \'not-a-coordinate\'; e.g. \'org.apache.hadoop:hadoop-aws:3.4.1\'');
    expect(SparkErrors.isValidationError(new Error('other'))).toBe(false);
  });
});
