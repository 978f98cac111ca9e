/**
 * The application model on a bare Chart, with small traits objects (no
 * backend): `_assemble.ts`, and the option types it reads
 * (`application-options.ts`, `src/spark/dependencies.ts`,
 * `resource-budget.ts`: types only).
 */
import { App, Chart, Names, Size, Testing } from 'cdk8s';
import { Cpu, EnvValue, ImagePullPolicy, PersistentVolumeClaim, Secret, ServiceAccount } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import {
  ApplicationFile, EventLog, ISparkMaster, S3a, SecurityOptOut, SparkApplicationType, SparkDriverRbac, SparkJobNamespace, SparkSubmitJob, SparkSubmitJobProps, SparkVersion, SparkVolume,
} from '../../src';
import { eventLogWritersOf } from '../../src/_registry';
import { ApplicationInput, ApplicationModel, BackendTraits, DRIVER_CONTAINER, EXECUTOR_CONTAINER, KUBERNETES_MASTER } from '../../src/application/_assemble';
import { findObject, findObjects, synthChartValid } from '../harness';
import { chartErrorOf, errorOf } from '../harness/expect-error';

const MAIN = { mainApplicationFile: ApplicationFile.fromImagePath('/opt/spark/examples/jars/spark-examples.jar'), mainClass: 'org.apache.spark.examples.SparkPi' };

/** A backend like SparkApplication: a main file, the driver pod made by Spark in cluster mode. */
const TRAITS: BackendTraits = {
  kind: 'TestApplication',
  maxNameLength: 40,
  nameLengthReason: 'the test backend appends a suffix',
  driverProp: 'driver',
  driverAccountSuffix: '-driver',
  clusterMode: true,
  driverPodBySpark: true,
  mainFile: true,
};

/** A backend like a Connect server: no main file, the driver is the `server`, its pod made by the backend, client mode. */
const CONNECT: Partial<BackendTraits> = {
  minVersion: { major: 3, minor: 5, why: 'Spark Connect exists from Spark 3.5' },
  driverProp: 'server',
  driverAccountSuffix: '-server',
  clusterMode: false,
  driverPodBySpark: false,
  mainFile: false,
  allowZeroExecutors: true,
};

const refs = new Chart(new App(), 'refs');
const S3_CREDENTIALS = Secret.fromSecretName(refs, 'S3', 's3-credentials');
const LOG_CREDENTIALS = Secret.fromSecretName(refs, 'Logs', 'log-credentials');
const PVC = SparkVolume.fromPersistentVolumeClaim(PersistentVolumeClaim.fromClaimName(refs, 'Events', 'spark-events'));
const AUTH = { secret: Secret.fromSecretName(refs, 'Auth', 'spark-auth'), key: 'secret' };
const AWS_ENV = [
  { name: 'AWS_ACCESS_KEY_ID', valueFrom: { secretKeyRef: { name: 's3-credentials', key: 'AWS_ACCESS_KEY_ID' } } },
  { name: 'AWS_SECRET_ACCESS_KEY', valueFrom: { secretKeyRef: { name: 's3-credentials', key: 'AWS_SECRET_ACCESS_KEY' } } },
];

function build(chart: Chart, input: Partial<ApplicationInput> = {}, traits: Partial<BackendTraits> = {}): ApplicationModel {
  const all = { ...TRAITS, ...traits };
  return new ApplicationModel(new Construct(chart, 'App'), { ...(all.mainFile ? MAIN : {}), name: 'etl', ...input }, all);
}

function model(input: Partial<ApplicationInput> = {}, traits: Partial<BackendTraits> = {}): ApplicationModel {
  return build(new Chart(Testing.app(), 'test', { namespace: 'spark-jobs' }), input, traits);
}

function errorOfModel(input: Partial<ApplicationInput>, traits: Partial<BackendTraits> = {}): string {
  return chartErrorOf((chart) => build(chart, input, traits));
}

function master(props: Partial<ISparkMaster> = {}): ISparkMaster {
  return { masterUrl: 'spark://prod-master.spark.svc:7077', sparkVersion: SparkVersion.V4_0_4, networkEncryption: false, shuffleService: false, ...props };
}

/** What the model gives a JVM application with no props but its name. */
const DEFAULT_CONF = {
  'spark.app.name': 'etl',
  'spark.driver.cores': '1',
  'spark.driver.memory': '1g',
  'spark.executor.cores': '1',
  'spark.executor.instances': '1',
  'spark.executor.memory': '1g',
  'spark.kubernetes.container.image': 'apache/spark:4.0.4',
  'spark.kubernetes.container.image.pullPolicy': 'IfNotPresent',
  'spark.kubernetes.namespace': 'spark-jobs',
};

describe('ApplicationModel', () => {
  test('defaults', () => {
    const m = model();
    expect(m.name).toBe('etl');
    expect(m.namespace).toBe('spark-jobs');
    expect(m.version).toBe(SparkVersion.V4_0_4);
    expect(m.image).toBe('apache/spark:4.0.4');
    expect(m.imagePullPolicy).toBe('IfNotPresent');
    expect(m.imagePullSecrets).toEqual([]);
    expect(m.type).toBe(SparkApplicationType.SCALA);
    expect(m.overheadFactor).toBe(0.1);
    expect(m.instances).toBe(1);
    expect(m.master).toBeUndefined();
    expect(m.arguments).toEqual([]);
    expect(m.volumes).toEqual([]);
    expect(m.deps).toEqual({ jars: [], files: [], pyFiles: [], archives: [], packages: [], excludePackages: [], repositories: [] });
    expect(m.revision).toBe(0);
    expect(m.driver).toMatchObject({ cores: 1, memory: '1g', podMemoryKib: 1408 * 1024 });
    expect(m.executor).toMatchObject({ cores: 1, memory: '1g', podMemoryKib: 1408 * 1024 });
    expect(m.driverAccount?.name).toBe('etl-driver');
    expect(m.sparkConf()).toEqual(DEFAULT_CONF);
    expect(m.hadoopConf()).toEqual({});
    expect(m.env('driver')).toEqual([]);
    expect(m.env('executor')).toEqual([]);
  });

  test('the constants backends share', () => {
    expect(KUBERNETES_MASTER).toBe('k8s://https://kubernetes.default.svc');
    expect(DRIVER_CONTAINER).toBe('spark-kubernetes-driver');
    expect(EXECUTOR_CONTAINER).toBe('spark-kubernetes-executor');
  });

  test('options are the input as given', () => {
    const input = { ...MAIN, name: 'etl', proxyUser: 'etl-user' };
    const m = new ApplicationModel(new Construct(new Chart(Testing.app(), 'test', { namespace: 'spark-jobs' }), 'App'), input, TRAITS);
    expect(m.options).toBe(input);
  });
});

describe('name', () => {
  test('derived from the construct path within the backend\'s budget', () => {
    const chart = new Chart(Testing.app(), 'test', { namespace: 'spark-jobs' });
    const m = build(chart, { name: undefined }, { maxNameLength: 12 });
    expect(m.name).toBe(Names.toDnsLabel(chart.node.findChild('App'), { maxLen: 12 }));
    expect(m.name).toBe('app-c88c38e4');
    expect(model({ name: undefined }).name).toBe('test-app-c88c38e4');
    expect(model({ name: undefined }).sparkConf()['spark.app.name']).toBe('test-app-c88c38e4');
  });

  test('fails on a name that is not a DNS-1035 label', () => {
    expect(errorOfModel({ name: 'Etl_Job' })).toBe('[test/App] \'name\' must be a DNS-1035 label (lower-case letters, digits and \'-\', starting with a letter and ending with a letter or digit), '
      + 'got \'Etl_Job\'; use a name such as \'etl-job\'');
  });

  test('fails on a name longer than the backend allows, saying why', () => {
    expect(errorOfModel({ name: 'a'.repeat(41) }))
      .toBe(`[test/App] 'name' must be at most 40 characters because the test backend appends a suffix, got '${'a'.repeat(41)}'; shorten it by 1 character`);
    expect(errorOfModel({ name: 'a'.repeat(43) }))
      .toBe(`[test/App] 'name' must be at most 40 characters because the test backend appends a suffix, got '${'a'.repeat(43)}'; shorten it by 3 characters`);
  });
});

describe('namespace', () => {
  test('the construct\'s, else the job namespace\'s, else the chart\'s', () => {
    expect(model({ namespace: 'etl' }).namespace).toBe('etl');
    expect(model({ namespace: 'etl' }).sparkConf()['spark.kubernetes.namespace']).toBe('etl');
    const chart = new Chart(Testing.app(), 'test', { namespace: 'spark-jobs' });
    expect(build(chart, { jobNamespace: SparkJobNamespace.fromNamespaceName(chart, 'Jobs', 'analytics', 'spark') }).namespace).toBe('analytics');
  });

  test('fails on a namespace that contradicts the job namespace', () => {
    expect(chartErrorOf((chart) => build(chart, { namespace: 'etl', jobNamespace: SparkJobNamespace.fromNamespaceName(chart, 'Jobs', 'analytics', 'spark') })))
      .toBe('[test/App] \'namespace\' must match the job namespace \'analytics\', got \'etl\'; remove \'namespace\' or pass the matching job namespace');
  });

  test('fails without a namespace, with the backend\'s example', () => {
    expect(errorOf((app) => build(new Chart(app, 'test'), {}, { exampleNamespace: 'analytics' })))
      .toBe('[test/App] \'namespace\' must be set (on the construct or its chart), got nothing; pass \'namespace\' or create the chart with { namespace: \'analytics\' }');
  });
});

describe('labels and annotations', () => {
  test('fails on a label value', () => {
    expect(errorOfModel({ labels: { team: 'data team' } }))
      .toBe('[test/App] \'labels.team\' must be a label value (at most 63 letters, digits, \'-\', \'_\' or \'.\', starting and ending with a letter or digit), got \'data team\'; put longer or free-form text in an annotation');
  });

  test('fails on an annotation key', () => {
    expect(errorOfModel({ annotations: { 'bad key': 'x' } }))
      .toBe('[test/App] \'annotations.bad key\' key must have a name part of at most 63 letters, digits, \'-\', \'_\' or \'.\', got \'bad key\'; use a key such as \'example.com/owner\'');
  });
});

describe('Spark version', () => {
  test('the version given, and its stock image', () => {
    const m = model({ sparkVersion: SparkVersion.V3_5_8 });
    expect(m.version).toBe(SparkVersion.V3_5_8);
    expect(m.image).toBe('apache/spark:3.5.8');
    expect(m.sparkConf()['spark.kubernetes.container.image']).toBe('apache/spark:3.5.8');
  });

  test('fails below Spark 3.0: pod templates', () => {
    expect(errorOfModel({ sparkVersion: SparkVersion.of('2.4.8') }))
      .toBe('[test/App] \'sparkVersion\' must be at least 3.0.0, because pod settings are rendered into pod templates (Spark 3.0+), got \'2.4.8\'; use SparkVersion.V3_5_8 or later');
  });

  test('fails below the backend\'s minimum, saying why', () => {
    expect(model({ sparkVersion: SparkVersion.of('3.5.0') }, CONNECT).version.version).toBe('3.5.0');
    expect(errorOfModel({ sparkVersion: SparkVersion.of('3.4.4') }, CONNECT))
      .toBe('[test/App] \'sparkVersion\' must be at least 3.5.0, because Spark Connect exists from Spark 3.5, got \'3.4.4\'; use SparkVersion.V3_5_8 or later');
  });
});

describe('image', () => {
  test('the image given, its pull policy and pull secrets', () => {
    const m = model({
      image: 'registry.example.com/spark:4.0.4',
      imagePullPolicy: ImagePullPolicy.ALWAYS,
      imagePullSecrets: [Secret.fromSecretName(refs, 'Pull1', 'registry'), Secret.fromSecretName(refs, 'Pull2', 'mirror')],
    });
    expect(m.image).toBe('registry.example.com/spark:4.0.4');
    expect(m.imagePullPolicy).toBe('Always');
    expect(m.imagePullSecrets).toEqual(['registry', 'mirror']);
    expect(m.sparkConf()).toMatchObject({
      'spark.kubernetes.container.image': 'registry.example.com/spark:4.0.4',
      'spark.kubernetes.container.image.pullPolicy': 'Always',
      'spark.kubernetes.container.image.pullSecrets': 'registry,mirror',
    });
  });

  test('images of the driver and the executors, where Spark makes their pods', () => {
    expect(model({ driver: { image: 'example.com/driver:1' }, executor: { image: 'example.com/executor:1' } }).sparkConf()).toMatchObject({
      'spark.kubernetes.driver.container.image': 'example.com/driver:1',
      'spark.kubernetes.executor.container.image': 'example.com/executor:1',
    });
    const connect = model({ driver: { image: 'example.com/server:1' }, executor: { image: 'example.com/executor:1' } }, CONNECT).sparkConf();
    expect(connect['spark.kubernetes.driver.container.image']).toBeUndefined();
    expect(connect['spark.kubernetes.executor.container.image']).toBe('example.com/executor:1');
  });

  test('fails on an image without a tag, suggesting the Spark version as the tag', () => {
    expect(errorOfModel({ image: 'apache/spark', sparkVersion: SparkVersion.V3_5_8 }))
      .toBe('[test/App] \'image\' must pin a tag or digest (without one the registry serves whatever \'latest\' is today), got \'apache/spark\'; use \'apache/spark:<version>\', e.g. \'apache/spark:3.5.8\'');
  });

  test.each<[string, Partial<ApplicationInput>, Partial<BackendTraits>, string]>([
    ['driver.image', { driver: { image: 'apache/spark:latest' } }, {}, 'driver.image'],
    ['server.image', { driver: { image: 'apache/spark:latest' } }, CONNECT, 'server.image'],
    ['executor.image', { executor: { image: 'apache/spark:latest' } }, {}, 'executor.image'],
  ])('fails on %s', (_what, input, traits, prop) => {
    expect(errorOfModel(input, traits))
      .toBe(`[test/App] '${prop}' must not use the 'latest' tag (it changes under a running job and defeats IfNotPresent), got 'apache/spark:latest'; pin a version, e.g. 'apache/spark:4.0.4'`);
  });
});

describe('application type and memory overhead', () => {
  test.each<[string, Partial<ApplicationInput>, SparkApplicationType | undefined, number]>([
    ['a jar is Scala, with the JVM overhead factor', {}, SparkApplicationType.SCALA, 0.1],
    ['a Java jar has the JVM overhead factor', { type: SparkApplicationType.JAVA }, SparkApplicationType.JAVA, 0.1],
    ['a .py file is Python, with the non-JVM overhead factor', { mainApplicationFile: ApplicationFile.fromImagePath('/opt/app/etl.py'), mainClass: undefined }, SparkApplicationType.PYTHON, 0.4],
    ['a .R file is R, with the non-JVM overhead factor', { mainApplicationFile: ApplicationFile.fromImagePath('/opt/app/etl.R'), mainClass: undefined }, SparkApplicationType.R, 0.4],
    ['a .zip file takes the type given', { mainApplicationFile: ApplicationFile.fromImagePath('/opt/app/etl.zip'), mainClass: undefined, type: SparkApplicationType.PYTHON }, SparkApplicationType.PYTHON, 0.4],
  ])('%s', (_what, input, type, factor) => {
    const m = model({ ...input, driver: { memory: Size.gibibytes(4) } });
    expect(m.type).toBe(type);
    expect(m.overheadFactor).toBe(factor);
    expect(m.driver.overheadKib).toBe(Math.floor(4096 * factor) * 1024);
    expect(m.sparkConf()['spark.kubernetes.memoryOverheadFactor']).toBeUndefined();
  });

  test('a backend without a main file has no type and the JVM factor', () => {
    const m = model({}, CONNECT);
    expect(m.type).toBeUndefined();
    expect(m.overheadFactor).toBe(0.1);
  });

  test('a factor given is used and passed to Spark', () => {
    const m = model({ memoryOverheadFactor: 0.25, executor: { memory: Size.gibibytes(4) } });
    expect(m.overheadFactor).toBe(0.25);
    expect(m.executor.overheadKib).toBe(1024 * 1024);
    expect(m.sparkConf()['spark.kubernetes.memoryOverheadFactor']).toBe('0.25');
  });

  test.each<[unknown, string]>([[0, '0'], [1, '1'], [-0.1, '-0.1'], ['0.1', '\'0.1\''], [NaN, 'NaN']])('fails on the factor %p', (factor, shown) => {
    expect(errorOfModel({ memoryOverheadFactor: factor as number }))
      .toBe(`[test/App] 'memoryOverheadFactor' must be ${typeof factor === 'number' ? '' : 'a number '}between 0 and 1, got ${shown}; use a share such as 0.1 (10 % of the heap)`);
  });

  test('fails on a main file with no known extension and no type', () => {
    expect(errorOfModel({ mainApplicationFile: ApplicationFile.fromUrl('s3a://jobs/etl.zip'), mainClass: undefined }))
      .toBe('[test/App] \'type\' must be set when the main file is not a .jar, .py or .R file (got \'s3a://jobs/etl.zip\'), got nothing; set \'type\' to SparkApplicationType.PYTHON, .R, .SCALA or .JAVA');
  });
});

describe('executors', () => {
  test('a fixed count', () => {
    const m = model({ executor: { instances: 3 } });
    expect(m.instances).toBe(3);
    expect(m.sparkConf()['spark.executor.instances']).toBe('3');
  });

  test('dynamic allocation instead of a count', () => {
    const m = model({ dynamicAllocation: { minExecutors: 1, maxExecutors: 5 } });
    expect(m.instances).toBeUndefined();
    const conf = m.sparkConf();
    expect(conf['spark.executor.instances']).toBeUndefined();
    expect(conf).toMatchObject({
      'spark.dynamicAllocation.enabled': 'true',
      'spark.dynamicAllocation.minExecutors': '1',
      'spark.dynamicAllocation.maxExecutors': '5',
      'spark.dynamicAllocation.shuffleTracking.enabled': 'true',
    });
  });

  test('0 executors where the backend allows them', () => {
    const m = model({ executor: { instances: 0 } }, CONNECT);
    expect(m.instances).toBe(0);
    expect(m.sparkConf()['spark.executor.instances']).toBe('0');
  });

  test.each<[number, string]>([
    [-1, 'must be at least 0, got -1; use 0 or more (0 starts the server without executors), or remove it and set \'dynamicAllocation\' to let Spark size the executors'],
    [0.5, 'must be a whole number, got 0.5; use 0 or more (0 starts the server without executors), or remove it and set \'dynamicAllocation\' to let Spark size the executors'],
  ])('fails on %s executors where 0 are allowed', (instances, message) => {
    expect(errorOfModel({ executor: { instances } }, CONNECT)).toBe(`[test/App] 'executor.instances' ${message}`);
  });

  test('fails on 0 executors where the backend does not allow them', () => {
    expect(errorOfModel({ executor: { instances: 0 } })).toBe('[test/App] \'executor.instances\' must be at least 1, got 0; use a whole number of at least 1, or remove it and set \'dynamicAllocation\' (e.g. { maxExecutors: 4 }) to let Spark size the executors');
  });

  test('fails on 0 executors with dynamic allocation, even where 0 is allowed', () => {
    expect(errorOfModel({ executor: { instances: 0 }, dynamicAllocation: { maxExecutors: 4 } }, CONNECT))
      .toBe('[test/App] \'executor.instances\' cannot be combined with \'dynamicAllocation\', got 0; remove it and set \'dynamicAllocation.initialExecutors\'');
  });

  test('fails on a count with dynamic allocation', () => {
    expect(errorOfModel({ executor: { instances: 2 }, dynamicAllocation: { maxExecutors: 4 } }))
      .toBe('[test/App] \'executor.instances\' cannot be combined with \'dynamicAllocation\', got 2; remove it and set \'dynamicAllocation.initialExecutors\'');
  });

  test('fails on bad dynamic allocation bounds where 0 executors are allowed', () => {
    expect(errorOfModel({ dynamicAllocation: { minExecutors: 5, maxExecutors: 2 } }, CONNECT))
      .toBe('[test/App] \'dynamicAllocation.minExecutors\' must not exceed maxExecutors (2), got 5; lower it to 2 or raise maxExecutors');
  });

  test('fails on a raw dynamic allocation key', () => {
    expect(errorOfModel({ sparkConf: { 'spark.dynamicAllocation.executorIdleTimeout': '60s' } }))
      .toBe('[test/App] \'sparkConf.spark.dynamicAllocation.executorIdleTimeout\' sets \'spark.dynamicAllocation.executorIdleTimeout\', which \'dynamicAllocation\' owns, got \'60s\'; remove it and use \'dynamicAllocation\'');
  });
});

describe('node selectors', () => {
  test('the application\'s node selector reaches Spark, sorted', () => {
    const conf = model({ nodeSelector: { pool: 'spark', disk: 'ssd' } }).sparkConf();
    expect(Object.entries(conf).filter(([k]) => k.startsWith('spark.kubernetes.node.selector.'))).toEqual([
      ['spark.kubernetes.node.selector.disk', 'ssd'],
      ['spark.kubernetes.node.selector.pool', 'spark'],
    ]);
  });

  test('the roles\' node selectors are pod settings, not configuration', () => {
    const conf = model({ driver: { nodeSelector: { pool: 'a' } }, executor: { nodeSelector: { pool: 'b' } } }).sparkConf();
    expect(Object.keys(conf).filter((k) => k.startsWith('spark.kubernetes.node.selector.'))).toEqual([]);
  });

  test('fails on a node selector at both levels, naming the role', () => {
    expect(errorOfModel({ nodeSelector: { pool: 'spark' }, executor: { nodeSelector: { disk: 'ssd' } } }))
      .toBe('[test/App] \'executor.nodeSelector\' cannot be combined with the application-level \'nodeSelector\', got {"disk":"ssd"}; '
        + 'move the labels into \'nodeSelector\', or into \'driver.nodeSelector\' and \'executor.nodeSelector\' only');
    expect(errorOfModel({ nodeSelector: { pool: 'spark' }, driver: { nodeSelector: { disk: 'ssd' } } }, CONNECT))
      .toBe('[test/App] \'server.nodeSelector\' cannot be combined with the application-level \'nodeSelector\', got {"disk":"ssd"}; '
        + 'move the labels into \'nodeSelector\', or into \'server.nodeSelector\' and \'executor.nodeSelector\' only');
  });

  test('fails on a node selector value that is not a label value', () => {
    expect(errorOfModel({ nodeSelector: { pool: 'spark pool' } }))
      .toBe('[test/App] \'nodeSelector.pool\' must be a label value (at most 63 letters, digits, \'-\', \'_\' or \'.\', starting and ending with a letter or digit), got \'spark pool\'; put longer or free-form text in an annotation');
  });
});

describe('event log', () => {
  test('the driver writes it, and the App knows the writer', () => {
    const chart = new Chart(Testing.app(), 'test', { namespace: 'spark-jobs' });
    const m = build(chart, { eventLog: EventLog.toUrl('s3a://spark-logs/events') });
    expect(m.sparkConf()).toMatchObject({ 'spark.eventLog.enabled': 'true', 'spark.eventLog.dir': 's3a://spark-logs/events' });
    expect(eventLogWritersOf(chart)).toEqual([{ writer: chart.node.findChild('App'), directory: 's3a://spark-logs/events', namespace: 'spark-jobs', volume: undefined }]);
  });

  test('fails on a local directory', () => {
    expect(errorOfModel({ eventLog: EventLog.toUrl('file:///tmp/events') }))
      .toBe('[test/App] \'eventLog\' must not be a local directory without a volume behind it: each pod would write to its own scratch disk and the History Server would see nothing, '
        + 'got \'file:///tmp/events\'; use EventLog.onVolume(pvcVolume) for a shared volume, or an object-store URL such as \'s3a://bucket/spark-events\'');
  });

  test('S3A credentials that differ from the application\'s apply to the event log\'s bucket only', () => {
    const m = model({
      s3a: new S3a({ credentials: S3_CREDENTIALS }),
      eventLog: EventLog.toUrl('s3a://spark-logs/events', { s3a: new S3a({ credentials: LOG_CREDENTIALS }) }),
    });
    expect(m.env('driver').map((e: any) => `${e.name}=${e.valueFrom.secretKeyRef.name}`)).toEqual([
      'AWS_ACCESS_KEY_ID=s3-credentials', 'AWS_SECRET_ACCESS_KEY=s3-credentials',
      'S3A_BUCKET_SPARK_LOGS_ACCESS_KEY_ID=log-credentials', 'S3A_BUCKET_SPARK_LOGS_SECRET_ACCESS_KEY=log-credentials',
    ]);
    expect(m.env('executor').map((e: any) => e.name)).toEqual(['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY']);
  });

  test('fails on the event log through raw configuration', () => {
    expect(errorOfModel({ sparkConf: { 'spark.eventLog.dir': 's3a://logs/events' } }))
      .toBe('[test/App] \'sparkConf.spark.eventLog.dir\' sets \'spark.eventLog.dir\', which \'eventLog\' owns, got \'s3a://logs/events\'; remove it and use \'eventLog\'');
  });
});

describe('the Hadoop/S3A merge', () => {
  const DATA = new S3a({ credentials: S3_CREDENTIALS, endpoint: 'http://data:9000', pathStyleAccess: true });

  test('the application\'s S3A settings', () => {
    const m = model({ s3a: DATA });
    expect(m.hadoopConf()).toEqual({ 'fs.s3a.endpoint': 'http://data:9000', 'fs.s3a.path.style.access': 'true' });
    expect(m.sparkConf()).toMatchObject({ 'spark.hadoop.fs.s3a.endpoint': 'http://data:9000', 'spark.hadoop.fs.s3a.path.style.access': 'true' });
  });

  test('the event log\'s S3A settings when the application has none', () => {
    const m = model({ eventLog: EventLog.toUrl('s3a://logs/events', { s3a: new S3a({ endpoint: 'http://logs:9000' }) }) });
    expect(m.hadoopConf()).toEqual({ 'fs.s3a.endpoint': 'http://logs:9000' });
  });

  test('the event log\'s S3A settings that equal the application\'s are merged', () => {
    const m = model({ s3a: DATA, eventLog: EventLog.toUrl('s3a://logs/events', { s3a: new S3a({ credentials: S3_CREDENTIALS, endpoint: 'http://data:9000', pathStyleAccess: true }) }) });
    expect(m.hadoopConf()).toEqual({ 'fs.s3a.endpoint': 'http://data:9000', 'fs.s3a.path.style.access': 'true' });
    expect(m.env('driver').map((e: any) => e.name)).toEqual(['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY']);
  });

  test('event-log S3A settings that differ from the application\'s apply to the event log\'s bucket', () => {
    const m = model({ s3a: new S3a({ endpoint: 'http://data:9000' }), eventLog: EventLog.toUrl('s3a://logs/events', { s3a: new S3a({ endpoint: 'http://logs:9000' }) }) });
    expect(m.hadoopConf()).toEqual({ 'fs.s3a.bucket.logs.endpoint': 'http://logs:9000', 'fs.s3a.endpoint': 'http://data:9000' });
  });

  test('hadoopConf adds keys S3A does not own, sorted', () => {
    const m = model({ s3a: DATA, hadoopConf: { 'fs.s3a.fast.upload': 'true', 'fs.s3a.connection.maximum': '200' } });
    expect(Object.keys(m.hadoopConf())).toEqual(['fs.s3a.connection.maximum', 'fs.s3a.endpoint', 'fs.s3a.fast.upload', 'fs.s3a.path.style.access']);
    expect(m.sparkConf()['spark.hadoop.fs.s3a.connection.maximum']).toBe('200');
  });

  test('fails on a hadoopConf key the application\'s S3A owns', () => {
    expect(errorOfModel({ s3a: DATA, hadoopConf: { 'fs.s3a.endpoint': 'http://other:9000' } }))
      .toBe('[test/App] \'hadoopConf.fs.s3a.endpoint\' sets \'spark.hadoop.fs.s3a.endpoint\', which \'s3a\' owns, got \'http://other:9000\'; remove it and use \'s3a\'');
  });

  test('fails on a hadoopConf key the event log\'s S3A owns', () => {
    expect(errorOfModel({ eventLog: EventLog.toUrl('s3a://logs/events', { s3a: new S3a({ endpoint: 'http://logs:9000' }) }), hadoopConf: { 'fs.s3a.endpoint': 'http://other:9000' } }))
      .toBe('[test/App] \'hadoopConf.fs.s3a.endpoint\' sets \'spark.hadoop.fs.s3a.endpoint\', which \'eventLog.s3a\' owns, got \'http://other:9000\'; remove it and use \'eventLog.s3a\'');
  });

  test('fails on a raw spark.hadoop key the application\'s S3A owns', () => {
    expect(errorOfModel({ s3a: DATA, sparkConf: { 'spark.hadoop.fs.s3a.endpoint': 'http://other:9000' } }))
      .toBe('[test/App] \'sparkConf.spark.hadoop.fs.s3a.endpoint\' sets \'spark.hadoop.fs.s3a.endpoint\', which \'s3a\' owns, got \'http://other:9000\'; '
        + 'remove it from \'sparkConf.spark.hadoop.fs.s3a.endpoint\' and use \'s3a\'');
  });

  test('raw spark.hadoop keys reach Spark but not the hadoopConf field', () => {
    const m = model({ sparkConf: { 'spark.hadoop.fs.s3a.fast.upload': 'true' } });
    expect(m.sparkConf()['spark.hadoop.fs.s3a.fast.upload']).toBe('true');
    expect(m.hadoopConf()).toEqual({});
  });

  test('hadoopConf may repeat a raw spark.hadoop key with the same value', () => {
    const m = model({ sparkConf: { 'spark.hadoop.fs.s3a.fast.upload': 'true' }, hadoopConf: { 'fs.s3a.fast.upload': 'true' } });
    expect(m.hadoopConf()).toEqual({ 'fs.s3a.fast.upload': 'true' });
  });

  test('fails on hadoopConf that contradicts a raw spark.hadoop key', () => {
    expect(errorOfModel({ sparkConf: { 'spark.hadoop.fs.s3a.fast.upload': 'false' }, hadoopConf: { 'fs.s3a.fast.upload': 'true' } }))
      .toBe('[test/App] \'hadoopConf.fs.s3a.fast.upload\' conflicts with \'false\' set earlier, got \'true\'; set each key once');
  });

  test('fails on the spark.hadoop. prefix in hadoopConf', () => {
    expect(errorOfModel({ hadoopConf: { 'spark.hadoop.fs.s3a.fast.upload': 'true' } }))
      .toBe('[test/App] \'hadoopConf.spark.hadoop.fs.s3a.fast.upload\' must not carry the \'spark.hadoop.\' prefix (it is added), got \'true\'; use \'fs.s3a.fast.upload\'');
  });
});

describe('sparkConf()', () => {
  test('every typed key, under the prop that owns it', () => {
    const m = model({
      name: 'etl',
      memoryOverheadFactor: 0.2,
      nodeSelector: { pool: 'spark' },
      driver: {
        cores: 2,
        memory: Size.gibibytes(2),
        memoryOverhead: Size.mebibytes(512),
        coreRequest: Cpu.millis(1500),
        coreLimit: Cpu.units(2),
        javaOptions: '-XX:+UseG1GC',
        serviceAnnotations: { 'example.com/b': '2', 'example.com/a': '1' },
        serviceLabels: { team: 'data' },
        gpu: { amount: 1 },
      },
      executor: {
        instances: 2,
        cores: 4,
        memory: Size.gibibytes(8),
        coreRequest: Cpu.millis(3500),
        coreLimit: Cpu.units(4),
        javaOptions: '-Xss4m',
        deleteOnTermination: false,
        gpu: { amount: 2, vendor: 'amd.com', taskAmount: 1 },
      },
    });
    expect(m.sparkConf()).toEqual({
      'spark.app.name': 'etl',
      'spark.driver.cores': '2',
      'spark.driver.extraJavaOptions': '-XX:+UseG1GC',
      'spark.driver.memory': '2g',
      'spark.driver.memoryOverhead': '512m',
      'spark.driver.resource.gpu.amount': '1',
      'spark.driver.resource.gpu.discoveryScript': '/opt/spark/examples/src/main/scripts/getGpusResources.sh',
      'spark.driver.resource.gpu.vendor': 'nvidia.com',
      'spark.executor.cores': '4',
      'spark.executor.extraJavaOptions': '-Xss4m',
      'spark.executor.instances': '2',
      'spark.executor.memory': '8g',
      'spark.executor.resource.gpu.amount': '2',
      'spark.executor.resource.gpu.discoveryScript': '/opt/spark/examples/src/main/scripts/getGpusResources.sh',
      'spark.executor.resource.gpu.vendor': 'amd.com',
      'spark.kubernetes.container.image': 'apache/spark:4.0.4',
      'spark.kubernetes.container.image.pullPolicy': 'IfNotPresent',
      'spark.kubernetes.driver.limit.cores': '2',
      'spark.kubernetes.driver.request.cores': '1500m',
      'spark.kubernetes.driver.service.annotation.example.com/a': '1',
      'spark.kubernetes.driver.service.annotation.example.com/b': '2',
      'spark.kubernetes.driver.service.label.team': 'data',
      'spark.kubernetes.executor.deleteOnTermination': 'false',
      'spark.kubernetes.executor.limit.cores': '4',
      'spark.kubernetes.executor.request.cores': '3500m',
      'spark.kubernetes.memoryOverheadFactor': '0.2',
      'spark.kubernetes.namespace': 'spark-jobs',
      'spark.kubernetes.node.selector.pool': 'spark',
      'spark.task.resource.gpu.amount': '1',
    });
  });

  test('keys come out sorted', () => {
    const keys = Object.keys(model({ sparkConf: { 'spark.sql.shuffle.partitions': '64', 'spark.a': '1' }, deps: { jars: [ApplicationFile.fromUrl('s3a://j/a.jar')] } }).sparkConf());
    expect(keys).toEqual([...keys].sort());
  });

  test('raw keys pass through', () => {
    expect(model({ sparkConf: { 'spark.sql.shuffle.partitions': '64' } }).sparkConf()).toEqual({ ...DEFAULT_CONF, 'spark.sql.shuffle.partitions': '64' });
  });

  test('dependencies, in the order given, and the Ivy directory only with packages', () => {
    const m = model({
      deps: {
        jars: [ApplicationFile.fromUrl('s3a://jars/b.jar'), ApplicationFile.fromImagePath('/opt/jars/a.jar')],
        files: [ApplicationFile.fromUrl('https://files.example.com/lookup.csv')],
        pyFiles: [ApplicationFile.fromUrl('s3a://py/lib.zip')],
        archives: [ApplicationFile.fromUrl('s3a://archives/env.tar.gz')],
        excludePackages: ['com.example:unwanted'],
        repositories: ['https://repo.example.com/maven2'],
      },
    });
    expect(m.deps).toEqual({
      jars: ['s3a://jars/b.jar', 'local:///opt/jars/a.jar'],
      files: ['https://files.example.com/lookup.csv'],
      pyFiles: ['s3a://py/lib.zip'],
      archives: ['s3a://archives/env.tar.gz'],
      packages: [],
      excludePackages: ['com.example:unwanted'],
      repositories: ['https://repo.example.com/maven2'],
    });
    const conf = m.sparkConf();
    expect(conf).toMatchObject({
      'spark.jars': 's3a://jars/b.jar,local:///opt/jars/a.jar',
      'spark.files': 'https://files.example.com/lookup.csv',
      'spark.submit.pyFiles': 's3a://py/lib.zip',
      'spark.archives': 's3a://archives/env.tar.gz',
      'spark.jars.excludes': 'com.example:unwanted',
      'spark.jars.repositories': 'https://repo.example.com/maven2',
    });
    // s3a:// dependencies use S3A, which the stock image lacks: its package is added (issue "It runs", D1).
    expect(conf['spark.jars.packages']).toBe('org.apache.hadoop:hadoop-aws:3.4.1');
    expect(conf['spark.jars.ivy']).toBe('/tmp/.ivy2');
    m.addPackage('org.apache.hadoop:hadoop-aws:3.4.1');
    m.addPackage('io.delta:delta-spark_2.13:4.0.0');
    expect(m.sparkConf()).toMatchObject({ 'spark.jars.packages': 'org.apache.hadoop:hadoop-aws:3.4.1,io.delta:delta-spark_2.13:4.0.0', 'spark.jars.ivy': '/tmp/.ivy2' });
  });

  test('fails on the Ivy directory through raw configuration', () => {
    expect(errorOfModel({ sparkConf: { 'spark.jars.ivy': '/home/spark/.ivy2' } }))
      .toBe('[test/App] \'sparkConf.spark.jars.ivy\' sets \'spark.jars.ivy\', which \'deps.packages\' owns, got \'/home/spark/.ivy2\'; remove it and use \'deps.packages\'');
  });

  test.each<[string, Partial<ApplicationInput>, string]>([
    ['deps.jars[1]', { deps: { jars: [ApplicationFile.fromUrl('s3a://j/a.jar'), ApplicationFile.fromUrl('ftp://j/b.jar')] } }, '\'deps.jars[1]\' must use a scheme Spark can fetch'],
    ['deps.files[0]', { deps: { files: [ApplicationFile.fromUrl('data.csv')] } }, '\'deps.files[0]\' must be an absolute URL'],
    ['deps.pyFiles[0]', { deps: { pyFiles: [ApplicationFile.fromImagePath('lib.zip')] } }, '\'deps.pyFiles[0]\' must be an absolute path inside the image'],
    ['deps.archives[0]', { deps: { archives: [ApplicationFile.fromUrl('file:///tmp/env.tar.gz')] } }, '\'deps.archives[0]\' must not be a file:// URL'],
    ['deps.packages[0]', { deps: { packages: ['hadoop-aws'] } }, '\'deps.packages[0]\' must be a Maven coordinate group:artifact:version, got \'hadoop-aws\''],
    ['deps.excludePackages[0]', { deps: { excludePackages: ['a:b:1'] } }, '\'deps.excludePackages[0]\' must be a Maven coordinate group:artifact, got \'a:b:1\''],
    ['deps.repositories[0]', { deps: { repositories: ['repo.example.com'] } }, '\'deps.repositories[0]\' must be an http(s) URL, got \'repo.example.com\''],
    ['volumes[1]', { volumes: [{ volume: SparkVolume.fromEmptyDir('a'), path: '/a' }, { volume: SparkVolume.fromEmptyDir('b'), path: 'b' }] }, '\'volumes[1].path\' must be an absolute path'],
  ])('fails on a bad %s, naming its place', (_what, input, message) => {
    expect(errorOfModel(input)).toContain(`[test/App] ${message}`);
  });
});

describe('env()', () => {
  test('the application\'s S3A credentials for every role', () => {
    const m = model({ s3a: new S3a({ credentials: S3_CREDENTIALS }) });
    expect(m.env('driver')).toEqual(AWS_ENV);
    expect(m.env('executor')).toEqual(AWS_ENV);
  });

  test('the event log\'s S3A credentials only for the driver, which alone writes it', () => {
    const m = model({ eventLog: EventLog.toUrl('s3a://logs/events', { s3a: new S3a({ credentials: S3_CREDENTIALS }) }) });
    expect(m.env('driver')).toEqual(AWS_ENV);
    expect(m.env('executor')).toEqual([]);
  });
});

describe('cached()', () => {
  test('computes once per revision: again only after an add', () => {
    const m = model();
    let calls = 0;
    const conf = m.cached(() => {
      calls++;
      return m.sparkConf();
    });
    expect(calls).toBe(0);
    expect(conf()['spark.sql.shuffle.partitions']).toBeUndefined();
    expect(conf()).toBe(conf());
    expect(calls).toBe(1);
    m.addSparkConf('spark.sql.shuffle.partitions', '64');
    expect(m.revision).toBe(1);
    expect(conf()['spark.sql.shuffle.partitions']).toBe('64');
    conf();
    expect(calls).toBe(2);
  });

  test('construction leaves the model at revision 0, whatever the props added', () => {
    const m = model({ deps: { packages: ['org.apache.hadoop:hadoop-aws:3.4.1'] }, volumes: [{ volume: SparkVolume.fromEmptyDir('cache'), path: '/cache' }], hadoopConf: { a: 'b' } });
    expect(m.revision).toBe(0);
  });
});

describe('add methods', () => {
  test('each reaches the model and counts a revision', () => {
    const m = model({ arguments: ['--day', '2024-01-01'] });
    const mount = { volume: SparkVolume.fromEmptyDir('cache'), path: '/cache' };
    m.addSparkConf('spark.sql.shuffle.partitions', '64');
    m.addHadoopConf('fs.s3a.fast.upload', 'true');
    m.addVolume(mount);
    m.addJar(ApplicationFile.fromUrl('s3a://jars/udfs.jar'));
    m.addFile(ApplicationFile.fromUrl('s3a://files/lookup.csv'));
    m.addPyFile(ApplicationFile.fromUrl('s3a://py/lib.zip'));
    m.addArchive(ApplicationFile.fromUrl('s3a://archives/env.tar.gz'));
    m.addPackage('org.apache.hadoop:hadoop-aws:3.4.1');
    m.addExcludePackage('com.example:unwanted');
    m.addRepository('https://repo.example.com/maven2');
    m.addArgument('--full');
    expect(m.revision).toBe(11);
    expect(m.arguments).toEqual(['--day', '2024-01-01', '--full']);
    expect(m.volumes).toEqual([mount]);
    expect(m.hadoopConf()).toEqual({ 'fs.s3a.fast.upload': 'true' });
    expect(m.sparkConf()).toMatchObject({
      'spark.sql.shuffle.partitions': '64',
      'spark.hadoop.fs.s3a.fast.upload': 'true',
      'spark.jars': 's3a://jars/udfs.jar',
      'spark.files': 's3a://files/lookup.csv',
      'spark.submit.pyFiles': 's3a://py/lib.zip',
      'spark.archives': 's3a://archives/env.tar.gz',
      'spark.jars.packages': 'org.apache.hadoop:hadoop-aws:3.4.1',
      'spark.jars.excludes': 'com.example:unwanted',
      'spark.jars.repositories': 'https://repo.example.com/maven2',
      'spark.jars.ivy': '/tmp/.ivy2',
    });
  });

  test.each<[string, (m: ApplicationModel) => void, string]>([
    ['addSparkConf', (m) => m.addSparkConf('spark.executor.cores', '2'),
      '\'addSparkConf(spark.executor.cores)\' sets \'spark.executor.cores\', which \'executor.cores\' owns, got \'2\'; remove it and use \'executor.cores\''],
    ['addHadoopConf', (m) => m.addHadoopConf('spark.hadoop.fs.s3a.fast.upload', 'true'),
      '\'addHadoopConf(spark.hadoop.fs.s3a.fast.upload)\' must not carry the \'spark.hadoop.\' prefix (it is added), got \'true\'; use \'fs.s3a.fast.upload\''],
    ['addHadoopConf of a secret', (m) => m.addHadoopConf('fs.s3a.secret.key', 'hunter2'),
      '\'addHadoopConf(fs.s3a.secret.key)\' holds secret material as a literal value, which would be stored in Git, the custom resource and the driver ConfigMap, got \'<redacted>\'; '
      + 'put the value in a Kubernetes Secret and pass it as an environment variable from the Secret (for S3A: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY with EnvironmentVariableCredentialsProvider)'],
    ['addVolume', (m) => m.addVolume({ volume: SparkVolume.fromEmptyDir('cache'), path: 'cache' }), '\'addVolume.path\' must be an absolute path, got \'cache\'; use \'/cache\''],
    ['addJar', (m) => m.addJar(ApplicationFile.fromUrl('ftp://jars/udfs.jar')),
      '\'addJar\' must use a scheme Spark can fetch (s3a, s3, gs, https, http, hdfs, abfs, abfss, wasb, wasbs, oss, cos), got \'ftp://jars/udfs.jar\'; upload the file to object storage or bake it into the image'],
    ['addFile', (m) => m.addFile(ApplicationFile.fromImagePath('data/lookup.csv')), '\'addFile\' must be an absolute path inside the image, got \'data/lookup.csv\'; use \'/data/lookup.csv\''],
    ['addPyFile', (m) => m.addPyFile(ApplicationFile.fromUrl('lib.zip')),
      '\'addPyFile\' must be an absolute URL; a relative path cannot be resolved in the cluster, got \'lib.zip\'; '
      + 'use ApplicationFile.fromImagePath(\'/opt/app/...\') for a file in the image, or a remote URL such as \'s3a://bucket/path\''],
    ['addArchive', (m) => m.addArchive(ApplicationFile.fromUrl('file:///tmp/env.tar.gz')),
      '\'addArchive\' must not be a file:// URL, which names a file on the machine that submits, not in the cluster, got \'file:///tmp/env.tar.gz\'; '
      + 'bake the file into the image and use ApplicationFile.fromImagePath(\'/tmp/env.tar.gz\'), or upload it and use an s3a:// or https:// URL'],
    ['addPackage', (m) => m.addPackage('hadoop-aws'), '\'addPackage\' must be a Maven coordinate group:artifact:version, got \'hadoop-aws\'; e.g. \'org.apache.hadoop:hadoop-aws:3.4.1\''],
    ['addExcludePackage', (m) => m.addExcludePackage('com.example:unwanted:1.0'),
      '\'addExcludePackage\' must be a Maven coordinate group:artifact, got \'com.example:unwanted:1.0\'; e.g. \'com.amazonaws:aws-java-sdk-bundle\''],
    ['addExcludePackage of a non-string', (m) => m.addExcludePackage(3 as any), '\'addExcludePackage\' must be a Maven coordinate group:artifact, got 3; e.g. \'com.amazonaws:aws-java-sdk-bundle\''],
    ['addRepository', (m) => m.addRepository('ftp://repo.example.com'), '\'addRepository\' must be an http(s) URL, got \'ftp://repo.example.com\'; e.g. \'https://repo.example.com/maven2\''],
    ['addRepository of a list', (m) => m.addRepository('https://a.example.com,https://b.example.com'),
      '\'addRepository\' must be an http(s) URL, got \'https://a.example.com,https://b.example.com\'; e.g. \'https://repo.example.com/maven2\''],
    ['addRepository of a non-string', (m) => m.addRepository(undefined as any), '\'addRepository\' must be an http(s) URL, got nothing; e.g. \'https://repo.example.com/maven2\''],
    ['addArgument', (m) => m.addArgument(3 as any), '\'addArgument\' must be a string, got 3; quote it: \'3\''],
  ])('fails on a bad %s, at once', (_what, add, message) => {
    const m = model();
    expect(() => add(m)).toThrow(`[test/App] ${message}`);
  });

  test.each<[string, (m: ApplicationModel) => void, string]>([
    ['addSparkConf', (m) => m.addSparkConf('spark.master', 'local', 'sparkConf.spark.master'), 'sparkConf.spark.master'],
    ['addHadoopConf', (m) => m.addHadoopConf('fs.s3a.access.key', 'AKIA', 'hadoopConf.fs.s3a.access.key'), 'hadoopConf.fs.s3a.access.key'],
    ['addVolume', (m) => m.addVolume({ volume: SparkVolume.fromEmptyDir('Cache'), path: '/cache' }, 'volumes[3]'), 'volumes[3].volume.name'],
    ['addJar', (m) => m.addJar(ApplicationFile.fromUrl('x.jar'), 'deps.jars[2]'), 'deps.jars[2]'],
    ['addFile', (m) => m.addFile(ApplicationFile.fromUrl('x.csv'), 'deps.files[2]'), 'deps.files[2]'],
    ['addPyFile', (m) => m.addPyFile(ApplicationFile.fromUrl('x.py'), 'deps.pyFiles[2]'), 'deps.pyFiles[2]'],
    ['addArchive', (m) => m.addArchive(ApplicationFile.fromUrl('x.zip'), 'deps.archives[2]'), 'deps.archives[2]'],
    ['addPackage', (m) => m.addPackage('x', 'deps.packages[2]'), 'deps.packages[2]'],
    ['addExcludePackage', (m) => m.addExcludePackage('x', 'deps.excludePackages[2]'), 'deps.excludePackages[2]'],
    ['addRepository', (m) => m.addRepository('x', 'deps.repositories[2]'), 'deps.repositories[2]'],
  ])('%s reports under the prop it is given', (_what, add, prop) => {
    const m = model();
    expect(() => add(m)).toThrow(`[test/App] '${prop}' `);
  });
});

describe('own()', () => {
  const UI: Partial<BackendTraits> = { ownKeys: (m) => m.own('spark.ui.port', 'uiPort', '4040') };

  test('a backend\'s keys are set after the typed keys', () => {
    expect(model({}, UI).sparkConf()).toEqual({ ...DEFAULT_CONF, 'spark.ui.port': '4040' });
  });

  test('a backend may claim a key without setting it', () => {
    expect(model({}, { ownKeys: (m) => m.own('spark.ui.port', 'uiPort') }).sparkConf()).toEqual(DEFAULT_CONF);
  });

  test('fails on raw configuration that sets a key the backend owns', () => {
    expect(errorOfModel({ sparkConf: { 'spark.ui.port': '4041' } }, UI))
      .toBe('[test/App] \'sparkConf.spark.ui.port\' sets \'spark.ui.port\', which \'uiPort\' owns, got \'4041\'; remove it and use \'uiPort\'');
  });

  test('fails on a claim after raw configuration set the key', () => {
    const m = model();
    m.addSparkConf('spark.ui.port', '4041');
    expect(() => m.own('spark.ui.port', 'uiPort', '4040'))
      .toThrow('[test/App] \'addSparkConf(spark.ui.port)\' sets \'spark.ui.port\', which \'uiPort\' owns, got \'4041\'; remove it from \'addSparkConf(spark.ui.port)\' and use \'uiPort\'');
  });
});

describe('a standalone master', () => {
  test('sizes the application by its total cores and sets no Kubernetes keys', () => {
    const m = model({ master: master({ authenticationSecret: AUTH, networkEncryption: true }), executor: { instances: 2, cores: 3 } });
    expect(m.master).toBeDefined();
    expect(m.instances).toBe(2);
    expect(m.driverAccount).toBeUndefined();
    expect(m.sparkConf()).toEqual({
      'spark.app.name': 'etl',
      'spark.authenticate': 'true',
      'spark.cores.max': '6',
      'spark.driver.cores': '1',
      'spark.driver.memory': '1g',
      'spark.executor.cores': '3',
      'spark.executor.memory': '1g',
      'spark.network.crypto.authEngineVersion': '2',
      'spark.network.crypto.cipher': 'AES/GCM/NoPadding',
      'spark.network.crypto.enabled': 'true',
      'spark.network.crypto.saslFallback': 'false',
    });
  });

  test('creates no driver account', () => {
    const docs = synthChartValid((chart) => {
      build(chart, { master: master() });
      expect(chart.node.findAll().filter((c) => c instanceof SparkDriverRbac)).toEqual([]);
    });
    expect(docs).toEqual([]);
  });

  test('the Spark version defaults to the master\'s', () => {
    const m = model({ master: master({ sparkVersion: SparkVersion.V3_5_8 }) });
    expect(m.version).toBe(SparkVersion.V3_5_8);
    expect(m.image).toBe('apache/spark:3.5.8');
  });

  test('dynamic allocation instead of total cores', () => {
    const conf = model({ master: master(), dynamicAllocation: { maxExecutors: 4 } }).sparkConf();
    expect(conf['spark.cores.max']).toBeUndefined();
    expect(conf['spark.dynamicAllocation.maxExecutors']).toBe('4');
  });

  test('fails on a job namespace', () => {
    expect(chartErrorOf((chart) => build(chart, { master: master(), jobNamespace: SparkJobNamespace.fromNamespaceName(chart, 'Jobs', 'spark-jobs', 'spark') })))
      .toBe('[test/App] \'jobNamespace\' only applies with the Kubernetes master (a standalone driver calls no Kubernetes API), got \'spark-jobs\'; remove it or remove \'master\'');
  });

  test('fails on executor pod settings', () => {
    expect(errorOfModel({ master: master(), executor: { labels: { team: 'data' } } }))
      .toBe('[test/App] \'executor\' sets pod settings, which need pod templates and so the Kubernetes master (standalone executors run inside the worker pods), got [\'labels\']; '
        + 'remove \'master\', or set them on the SparkStandaloneCluster\'s pods');
  });

  test('fails on another Spark version than the master\'s', () => {
    expect(errorOfModel({ master: master(), sparkVersion: SparkVersion.V3_5_8 }))
      .toBe('[test/App] \'sparkVersion\' must match the standalone master\'s Spark 4.0 (RPC between versions is not compatible), got \'3.5.8\'; remove \'sparkVersion\' to use the master\'s');
  });
});

describe('the driver account', () => {
  test('a new least-privilege account, named after the application', () => {
    let m: ApplicationModel | undefined;
    const docs = synthChartValid((chart) => {
      m = build(chart);
    });
    expect(m!.driverAccount!.name).toBe('etl-driver');
    expect(m!.driverAccount!.rbac).toBeInstanceOf(SparkDriverRbac);
    expect(m!.driverAccount!.rbac!.node.path).toBe('test/App/DriverRbac');
    expect(findObject(docs, 'ServiceAccount').metadata).toEqual({ name: 'etl-driver', namespace: 'spark-jobs' });
    expect(findObject(docs, 'Role').rules).toHaveLength(1);
  });

  test('with the backend\'s suffix and mode: a client-mode server needs no networkpolicies on Spark 4.2', () => {
    const docs = synthChartValid((chart) => {
      build(chart, { sparkVersion: SparkVersion.V4_2_0 }, CONNECT);
    });
    expect(findObjects(docs, 'ServiceAccount').map((d) => d.metadata.name)).toEqual(['etl-server']);
    expect(findObject(docs, 'Role').rules.flatMap((r: any) => r.resources)).not.toContain('networkpolicies');
  });

  test('cluster mode on Spark 4.2 adds networkpolicies', () => {
    const docs = synthChartValid((chart) => {
      build(chart, { sparkVersion: SparkVersion.V4_2_0 });
    });
    expect(findObject(docs, 'Role').rules.flatMap((r: any) => r.resources)).toContain('networkpolicies');
  });

  test('the driver\'s service account, else the job namespace\'s, creating none', () => {
    const chart = new Chart(Testing.app(), 'test', { namespace: 'spark-jobs' });
    const jobs = SparkJobNamespace.fromNamespaceName(chart, 'Jobs', 'spark-jobs', 'spark');
    expect(build(chart, { jobNamespace: jobs }).driverAccount).toEqual({ name: 'spark' });
    const other = new Chart(Testing.app(), 'test', { namespace: 'spark-jobs' });
    expect(build(other, { driver: { serviceAccount: ServiceAccount.fromServiceAccountName(other, 'Sa', 'etl') } }).driverAccount).toEqual({ name: 'etl' });
    expect(other.node.findAll().filter((c) => c instanceof SparkDriverRbac)).toEqual([]);
  });
});

describe('a Connect-shaped backend (the driver is the server, its pod made by the backend)', () => {
  test('the server\'s pod sizing and image stay out of the configuration; the executors\' stay in', () => {
    const conf = model({
      driver: { cores: 2, memory: Size.gibibytes(2), memoryOverhead: Size.mebibytes(512), coreRequest: Cpu.millis(1500), coreLimit: Cpu.units(2), image: 'example.com/server:1' },
      executor: { memoryOverhead: Size.mebibytes(512), coreRequest: Cpu.millis(500), coreLimit: Cpu.units(1) },
    }, CONNECT).sparkConf();
    expect(conf).toMatchObject({
      'spark.driver.cores': '2',
      'spark.driver.memory': '2g',
      'spark.executor.memoryOverhead': '512m',
      'spark.kubernetes.executor.request.cores': '500m',
      'spark.kubernetes.executor.limit.cores': '1',
    });
    for (const key of ['spark.driver.memoryOverhead', 'spark.kubernetes.driver.request.cores', 'spark.kubernetes.driver.limit.cores', 'spark.kubernetes.driver.container.image']) {
      expect(conf[key]).toBeUndefined();
    }
  });

  test('raw keys of the driver belong to the server', () => {
    expect(errorOfModel({ sparkConf: { 'spark.driver.memory': '4g' } }, CONNECT))
      .toBe('[test/App] \'sparkConf.spark.driver.memory\' sets \'spark.driver.memory\', which \'server.memory\' owns, got \'4g\'; remove it and use \'server.memory\'');
  });

  test('fails on GPUs for the server', () => {
    expect(errorOfModel({ driver: { gpu: { amount: 1 } } }, CONNECT))
      .toBe('[test/App] \'server.gpu\' is not supported: the Connect server schedules tasks but runs none, got 1; request GPUs for the executors with \'executor.gpu\'');
  });

  test('fails on server sizing under the server prop', () => {
    expect(errorOfModel({ driver: { cores: 0 } }, CONNECT))
      .toBe('[test/App] \'server.cores\' must be at least 1, got 0; give whole cores (use \'coreRequest\' for a fractional CPU request)');
  });
});

describe('resourceBudget()', () => {
  test('driver plus the fixed executors', () => {
    expect(model({ executor: { instances: 2, cores: 2, memory: Size.gibibytes(4) } }).resourceBudget()).toEqual({
      driverCpu: 1,
      driverMemoryMebibytes: 1408,
      executorCpu: 2,
      executorMemoryMebibytes: 4096 + 409,
      maxExecutors: 2,
      totalCpu: 5,
      totalMemoryMebibytes: 1408 + 2 * 4505,
    });
  });

  test('the maximum under dynamic allocation, CPU requests as given', () => {
    const budget = model({ dynamicAllocation: { maxExecutors: 5 }, driver: { coreRequest: Cpu.millis(500) }, executor: { coreRequest: Cpu.millis(1500) } }).resourceBudget();
    expect(budget).toEqual({
      driverCpu: 0.5, driverMemoryMebibytes: 1408, executorCpu: 1.5, executorMemoryMebibytes: 1408, maxExecutors: 5, totalCpu: 8, totalMemoryMebibytes: 1408 * 6,
    });
  });

  test('no executors', () => {
    expect(model({ executor: { instances: 0 } }, CONNECT).resourceBudget()).toMatchObject({ maxExecutors: 0, totalCpu: 1, totalMemoryMebibytes: 1408 });
  });
});

describe('renderTemplate()', () => {
  const CONTAINER = { name: 'spark', image: 'apache/spark:4.0.4', resources: { requests: { cpu: '1', memory: '1408Mi' }, limits: { memory: '1408Mi' } } };

  test('the driver: its account and token, S3A env after the construct\'s, shared volumes and the event-log volume', () => {
    const m = model({
      s3a: new S3a({ credentials: S3_CREDENTIALS }),
      eventLog: EventLog.onVolume(PVC),
      volumes: [{ volume: SparkVolume.fromEmptyDir('cache'), path: '/cache' }],
      driver: { volumes: [{ volume: SparkVolume.fromEmptyDir('own'), path: '/own' }] },
    });
    const t = m.renderTemplate('driver', { container: { ...CONTAINER, env: [{ name: 'SPARK_NO_DAEMONIZE', value: 'true' }] } });
    expect(t.spec.serviceAccountName).toBe('etl-driver');
    expect(t.spec.automountServiceAccountToken).toBe(true);
    expect(t.spec.containers[0].env).toEqual([{ name: 'SPARK_NO_DAEMONIZE', value: 'true' }, ...AWS_ENV]);
    expect(t.spec.containers[0].volumeMounts.map((v: any) => [v.name, v.mountPath])).toEqual([
      ['tmp', '/tmp'], ['spark-work-dir', '/opt/spark/work-dir'], ['spark-local-dir-1', '/var/data/spark-local-dir-1'],
      ['cache', '/cache'], ['pvc-spark-events', '/var/spark-events'], ['own', '/own'],
    ]);
  });

  test('the executor: no account, no token, no event-log volume', () => {
    const m = model({ s3a: new S3a({ credentials: S3_CREDENTIALS }), eventLog: EventLog.onVolume(PVC), volumes: [{ volume: SparkVolume.fromEmptyDir('cache'), path: '/cache' }] });
    const t = m.renderTemplate('executor', { container: CONTAINER });
    expect(t.spec.serviceAccountName).toBeUndefined();
    expect(t.spec.automountServiceAccountToken).toBe(false);
    expect(t.spec.containers[0].env).toEqual(AWS_ENV);
    expect(t.spec.volumes.map((v: any) => v.name)).toEqual(['tmp', 'spark-work-dir', 'spark-local-dir-1', 'cache']);
  });

  test('volumes added later reach the next render', () => {
    const m = model();
    m.addVolume({ volume: SparkVolume.fromEmptyDir('late'), path: '/late' });
    expect(m.renderTemplate('executor', { container: CONTAINER }).spec.volumes.map((v: any) => v.name)).toContain('late');
  });

  test('the application\'s node selector goes into a pod Spark does not make', () => {
    const m = model({ nodeSelector: { pool: 'spark' } }, CONNECT);
    expect(m.renderTemplate('driver', { container: CONTAINER, podOutsideSpark: true }).spec.nodeSelector).toEqual({ pool: 'spark' });
    expect(m.renderTemplate('driver', { container: CONTAINER }).spec.nodeSelector).toBeUndefined();
    expect(model({}, CONNECT).renderTemplate('driver', { container: CONTAINER, podOutsideSpark: true }).spec.nodeSelector).toBeUndefined();
  });

  test('the application\'s hardening is the default; a role\'s own wins', () => {
    const m = model({ security: { readOnlyRootFilesystem: false }, executor: { security: { runAsUser: 1000 } } });
    expect(m.renderTemplate('driver', { container: CONTAINER }).spec.containers[0].securityContext.readOnlyRootFilesystem).toBe(false);
    const executor = m.renderTemplate('executor', { container: CONTAINER });
    expect(executor.spec.containers[0].securityContext.readOnlyRootFilesystem).toBe(true);
    expect(executor.spec.securityContext.runAsUser).toBe(1000);
  });

  test('the backend\'s extras win over the model\'s defaults', () => {
    const t = model().renderTemplate('driver', { container: CONTAINER, automountServiceAccountToken: false, serviceAccountName: 'other', sparkLocalDir: false, labels: { app: 'etl' } });
    expect(t.spec.automountServiceAccountToken).toBe(false);
    expect(t.spec.serviceAccountName).toBe('other');
    expect(t.spec.volumes.map((v: any) => v.name)).toEqual(['tmp', 'spark-work-dir']);
    expect(t.metadata.labels).toEqual({ app: 'etl' });
  });

  test('a role may mount a shared volume again at another path', () => {
    const cache = SparkVolume.fromEmptyDir('cache');
    const t = model({ volumes: [{ volume: cache, path: '/cache' }], executor: { volumes: [{ volume: cache, path: '/mnt/cache', readOnly: true }] } })
      .renderTemplate('executor', { container: CONTAINER });
    expect(t.spec.volumes.filter((v: any) => v.name === 'cache')).toEqual([{ name: 'cache', emptyDir: {} }]);
    expect(t.spec.containers[0].volumeMounts.filter((v: any) => v.name === 'cache')).toEqual([
      { name: 'cache', mountPath: '/cache' }, { name: 'cache', mountPath: '/mnt/cache', readOnly: true },
    ]);
  });

  test('fails on a role volume whose name a different shared volume uses', () => {
    // The index counts the role's own 'volumes' (the shared volumes are named by their own props).
    const m = model({ volumes: [{ volume: SparkVolume.fromEmptyDir('cache'), path: '/cache' }], executor: { volumes: [{ volume: SparkVolume.fromEmptyDir('cache', { sizeLimit: Size.gibibytes(1) }), path: '/other' }] } });
    expect(() => m.renderTemplate('executor', { container: CONTAINER }))
      .toThrow('[test/App] \'executor.volumes[0]\' names a volume that another, different volume already uses, got \'cache\'; give each volume its own name');
  });

  test('fails on a role volume at the path of a shared volume', () => {
    const m = model({ volumes: [{ volume: SparkVolume.fromEmptyDir('cache'), path: '/cache' }], driver: { volumes: [{ volume: SparkVolume.fromEmptyDir('other'), path: '/cache' }] } });
    expect(() => m.renderTemplate('driver', { container: CONTAINER }))
      .toThrow('[test/App] \'driver.volumes\' mounts two volumes at the same path, got \'/cache\'; mount each volume at its own path');
  });

  test('fails on a role env variable the S3A credentials set', () => {
    const m = model({ s3a: new S3a({ credentials: S3_CREDENTIALS }), executor: { env: { AWS_ACCESS_KEY_ID: EnvValue.fromSecretValue({ secret: LOG_CREDENTIALS, key: 'id' }) } } });
    expect(() => m.renderTemplate('executor', { container: CONTAINER }))
      .toThrow('[test/App] \'executor.env.AWS_ACCESS_KEY_ID\' is already set by the construct or an earlier env map, got \'AWS_ACCESS_KEY_ID\'; remove one of the two definitions');
  });

  test('fails on a role\'s settings under the backend\'s prop', () => {
    const m = model({ driver: { env: { DB_PASSWORD: EnvValue.fromValue('hunter2') } } }, CONNECT);
    expect(() => m.renderTemplate('driver', { container: CONTAINER }))
      .toThrow('[test/App] \'server.env.DB_PASSWORD\' holds secret material as a literal value, readable by anyone who can get pods, got \'<redacted>\'; store it in a Secret and use EnvValue.fromSecretValue({ secret, key })');
  });
});

describe('issue 12: every string the model emits, checked once for every backend', () => {
  const REDACT_FIX = 'keep it in a Kubernetes Secret and pass it by reference (an environment variable from the Secret, or a mounted file)';
  const NOTE = 'in \'securityOptOuts\' (recorded in the annotation spark.cdk8s.io/security-opt-outs)';

  test.each<[string, Partial<ApplicationInput>, string]>([
    ['a password as the value of a secret-like option', { arguments: ['--day', '2024-01-01', '--password', 'hunter2'] },
      '\'arguments[3]\' is the literal value of the secret-like option \'--password\', which would be stored in clear in Git, the manifest and the process list, got \'<redacted>\'; '
      + 'read it from the environment inside the application (an environment variable from a Secret), or pass a file: \'--password-file /path/in/a/mounted/secret\''],
    ['a password in a name=value argument', { arguments: ['PASSWD=hunter2'] },
      `'arguments[0]' holds a secret-like setting with a literal value (name=value), which would be stored in clear in Git and in the cluster, got '<redacted>'; ${REDACT_FIX}`],
    ['a secret variable expanded into an argument', { arguments: ['--token', '$(API_TOKEN)'] },
      '\'arguments[1]\' references the secret-like variable $(API_TOKEN), which Kubernetes would expand onto the command line, where any process on the node can read it, '
      + 'got \'$(API_TOKEN)\'; read API_TOKEN from the environment inside the application, or write $$(API_TOKEN) for the literal text'],
    ['a secret variable expanded into JVM options', { executor: { javaOptions: '-Ddb.password=$(DB_PASSWORD)' } },
      '\'executor.javaOptions\' references the secret-like variable $(DB_PASSWORD), which Kubernetes would expand onto the command line, where any process on the node can read it, '
      + 'got \'-Ddb.password=$(DB_PASSWORD)\'; read DB_PASSWORD from the environment inside the application, or write $$(DB_PASSWORD) for the literal text'],
    ['a key store password in JVM options', { driver: { javaOptions: '-Djavax.net.ssl.keyStorePassword=changeit' } },
      `'driver.javaOptions' holds a secret-like setting with a literal value (name=value), which would be stored in clear in Git and in the cluster, got '<redacted>'; ${REDACT_FIX}`],
    ['a line break in JVM options', { executor: { javaOptions: '-XX:+UseG1GC\nspark.master local' } },
      '\'executor.javaOptions\' must not contain a line break (it would start a new line in the file or command Spark reads), got \'-XX:+UseG1GC\nspark.master local\'; remove it'],
    ['a main class that is no Java class name', { mainClass: 'org.example.Main; rm -rf /' },
      '\'mainClass\' must be a fully qualified Java class name (identifiers separated by \'.\'), got \'org.example.Main; rm -rf /\'; e.g. \'org.apache.spark.examples.SparkPi\''],
    ['a main file holding credentials', { mainApplicationFile: ApplicationFile.fromUrl('https://ci:s3cr3t@files.example.com/etl.jar') },
      `'mainApplicationFile' holds a password in a URL (user:password@), which would be stored in clear in Git and in the cluster, got '<redacted>'; ${REDACT_FIX}`],
    ['an event log URL holding credentials', { eventLog: EventLog.toUrl('s3a://AKIAIOSFODNN7EXAMPLE:x@logs/events') },
      `'eventLog' holds an AWS access key id, which would be stored in clear in Git and in the cluster, got '<redacted>'; ${REDACT_FIX}`],
    ['a Maven coordinate that is an access key', { deps: { packages: ['AKIAIOSFODNN7EXAMPLE:x:1'] } },
      `'deps.packages[0]' holds an AWS access key id, which would be stored in clear in Git and in the cluster, got '<redacted>'; ${REDACT_FIX}`],
    ['a driver variable a typed prop sets, set again through the configuration', { driver: { env: { LOG_LEVEL: EnvValue.fromValue('info') } }, sparkConf: { 'spark.kubernetes.driverEnv.LOG_LEVEL': 'debug' } },
      '\'sparkConf.spark.kubernetes.driverEnv.LOG_LEVEL\' sets \'spark.kubernetes.driverEnv.LOG_LEVEL\', which \'driver.env\' owns, got \'debug\'; remove it and use \'driver.env\''],
    ['the reserved opt-out annotation', { annotations: { 'spark.cdk8s.io/security-opt-outs': 'default-service-account' } },
      '\'annotations.spark.cdk8s.io/security-opt-outs\' is reserved for the library, which records the construct\'s security exceptions there, got \'default-service-account\'; '
      + 'remove it: list them in \'securityOptOuts\''],
    ['a missing main file', { mainApplicationFile: undefined },
      '\'mainApplicationFile\' must be set, got nothing; use ApplicationFile.fromImagePath(\'/opt/app/job.py\') or ApplicationFile.fromUrl(\'s3a://bucket/job.py\')'],
    ['a main file given as a path', { mainApplicationFile: '/opt/app/etl.py' as any },
      '\'mainApplicationFile\' must be an ApplicationFile, got \'/opt/app/etl.py\'; use ApplicationFile.fromImagePath(\'/opt/app/etl.py\')'],
    ['an unknown language', { type: 'python' as any, mainClass: undefined },
      '\'type\' must be one of SparkApplicationType.JAVA, SparkApplicationType.SCALA, SparkApplicationType.PYTHON, SparkApplicationType.R, got \'python\'; use SparkApplicationType.PYTHON'],
    ['a main class for an R application', { mainApplicationFile: ApplicationFile.fromImagePath('/opt/app/etl.R') },
      '\'mainClass\' must not be set for an R application, got \'org.apache.spark.examples.SparkPi\'; remove it: the main file is the entry point'],
    ['a job namespace given by name', { jobNamespace: 'spark-jobs' as any },
      '\'jobNamespace\' must be a job namespace (ISparkJobNamespace), got \'spark-jobs\'; use SparkJobNamespace.fromNamespaceName(this, \'Jobs\', \'spark-jobs\', \'spark-driver\')'],
    ['a main class that is not a string', { mainClass: 42 as any }, '\'mainClass\' must be a string, got 42; quote it: \'42\''],
  ])('fails on %s', (_what, input, message) => {
    expect(errorOfModel(input)).toBe(`[test/App] ${message}`);
  });

  // Runtime types are every construct's check (src/_prop-types.ts), run by its decorator, so these go through one.
  test.each<[string, Partial<SparkSubmitJobProps>, string]>([
    ['arguments given as a string', { arguments: '--full' as any },
      '\'arguments\' must be a list of strings, got \'--full\'; wrap it in a list: [\'--full\']'],
    ['a driver account given by name', { driver: { serviceAccount: 'spark' as any } },
      '\'driver.serviceAccount\' must be a ServiceAccount, got \'spark\'; use ServiceAccount.fromServiceAccountName(this, \'Account\', \'spark\')'],
    ['a pull secret given by name', { imagePullSecrets: ['registry' as any] },
      '\'imagePullSecrets[0]\' must be a Secret, got \'registry\'; use Secret.fromSecretName(this, \'Secret\', \'registry\')'],
    ['a deletion switch given as a string', { executor: { deleteOnTermination: 'false' as any } },
      '\'executor.deleteOnTermination\' must be true or false, got \'false\'; use false (a boolean, not a string)'],
    ['pod hardening given as a string', { security: 'restricted' as any },
      '\'security\' must be an object (PodSecurityOptions), got \'restricted\'; use an object literal of its fields, e.g. {}'],
    ['a standalone master given by URL', { master: 'spark://prod-master:7077' as any },
      '\'master\' must be a SparkMaster, got \'spark://prod-master:7077\'; use SparkStandaloneCluster.fromMasterUrl(this, \'Master\', \'spark://prod-master:7077\')'],
  ])('fails on %s (a construct)', (_what, input, message) => {
    expect(chartErrorOf((chart) => new SparkSubmitJob(chart, 'App', { name: 'etl', ...MAIN, ...input }))).toBe(`[test/App] ${message}`);
  });

  test('props that are no object', () => {
    expect(chartErrorOf((chart) => new ApplicationModel(new Construct(chart, 'App'), undefined as any, TRAITS)))
      .toBe('[test/App] \'props\' must be set, got nothing; pass e.g. { mainApplicationFile: ApplicationFile.fromUrl(\'s3a://bucket/job.py\') }');
    expect(chartErrorOf((chart) => new ApplicationModel(new Construct(chart, 'App'), 's3a://bucket/job.py' as any, TRAITS)))
      .toBe('[test/App] \'props\' must be an object of props, got \'s3a://bucket/job.py\'; use e.g. { mainApplicationFile: ApplicationFile.fromUrl(\'s3a://bucket/job.py\') }');
  });

  test('the driver as the job namespace\'s default account is refused, naming the job namespace', () => {
    expect(chartErrorOf((chart) => build(chart, { jobNamespace: SparkJobNamespace.fromNamespaceName(chart, 'Jobs', 'spark-jobs', 'default') })))
      .toBe('[test/App] \'jobNamespace\' must not run the driver as the namespace\'s \'default\' service account, which every pod in the namespace shares (each would get the driver\'s rights '
        + `to create pods and Services), got 'default'; give the job namespace a dedicated driver account, or accept the risk with SecurityOptOut.DEFAULT_SERVICE_ACCOUNT ${NOTE}`);
  });

  test('the default account with its opt-out: recorded on the model for the main object and on the driver pod, not on the executors', () => {
    const chart = new Chart(Testing.app(), 'test', { namespace: 'spark-jobs' });
    const m = build(chart, {
      driver: { serviceAccount: ServiceAccount.fromServiceAccountName(chart, 'Default', 'default') }, securityOptOuts: [SecurityOptOut.DEFAULT_SERVICE_ACCOUNT],
    });
    expect(m.optOuts).toEqual(['default-service-account']);
    expect(m.renderTemplate('driver', { container: { name: DRIVER_CONTAINER } }).metadata.annotations).toEqual({ 'spark.cdk8s.io/security-opt-outs': 'default-service-account' });
    expect(m.renderTemplate('executor', { container: { name: EXECUTOR_CONTAINER } }).metadata?.annotations).toBeUndefined();
  });

  test('arguments may name a file with the secret, or be a flag followed by another flag', () => {
    expect(model({ arguments: ['--password-file', '/etc/db/password', '--token', '--verbose'] }).arguments).toEqual(['--password-file', '/etc/db/password', '--token', '--verbose']);
  });

  test('a bad add leaves the revision alone; a good one counts', () => {
    const m = model();
    expect(() => m.addPackage('not-a-coordinate')).toThrow();
    expect(() => m.addArgument(3 as any)).toThrow();
    expect(() => m.addRepository('ftp://x')).toThrow();
    expect(m.revision).toBe(0);
    m.addArgument('--full');
    expect(m.revision).toBe(1);
  });

  test('a shared volume is named by its own prop', () => {
    expect(errorOfModel({ volumes: [{ volume: SparkVolume.fromEmptyDir('cache'), path: '/cache' }, { volume: SparkVolume.fromEmptyDir('Data'), path: '/data' }] }))
      .toContain('[test/App] \'volumes[1].volume.name\'');
  });
});
