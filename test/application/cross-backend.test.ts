/**
 * One application model for every backend: the same shared props give the
 * same Spark configuration on every backend that runs a Spark driver (read
 * back from the output the way the operator or spark-submit turns it into
 * Spark configuration), and the same bad input gives the same message.
 */
import { App, Chart, Duration, Size } from 'cdk8s';
import { Cpu, ImagePullPolicy, Secret } from 'cdk8s-plus-28';
import {
  ApplicationFile, EventLog, S3a, ScheduledSparkApplication, SparkApplication, SparkConnect, SparkConnectServer, SparkRuntimeOptions, SparkSubmitJob,
  SparkVersion, SparkVolume,
} from '../../src';
import { synthValid } from '../harness';
import { chartErrorOf } from '../harness/expect-error';
import { effectiveSparkConf } from '../harness/spark-conf';

const MAIN = { mainApplicationFile: ApplicationFile.fromImagePath('/opt/spark/examples/jars/spark-examples.jar'), mainClass: 'org.apache.spark.examples.SparkPi' };

/** Every backend that runs a Spark driver, built from the same shared props (the driver is `server` on Connect shapes). */
const BACKENDS: { [name: string]: (chart: Chart, shared: SparkRuntimeOptions & { driver?: any }) => void } = {
  SparkApplication: (chart, { driver, ...shared }) => new SparkApplication(chart, 'App', { ...shared, ...MAIN, driver }),
  ScheduledSparkApplication: (chart, { driver, ...shared }) => new ScheduledSparkApplication(chart, 'App', { ...shared, ...MAIN, driver, schedule: '@daily' }),
  SparkSubmitJob: (chart, { driver, ...shared }) => new SparkSubmitJob(chart, 'App', { ...shared, ...MAIN, driver }),
  SparkConnect: (chart, { driver, ...shared }) => new SparkConnect(chart, 'App', { ...shared, server: driver }),
  SparkConnectServer: (chart, { driver, ...shared }) => new SparkConnectServer(chart, 'App', { ...shared, server: driver }),
};

/** Keys whose meaning is the same on every backend: anything a shared prop sets. */
const SHARED_KEYS = [
  /^spark\.sql\./, /^spark\.hadoop\./, /^spark\.eventLog\./, /^spark\.jars/, /^spark\.dynamicAllocation\./, /^spark\.executor\./,
  /^spark\.driver\.(cores|memory|extraJavaOptions|resource\.)/, /^spark\.kubernetes\.executor\.(request|limit)\.cores$/,
  /^spark\.kubernetes\.container\.image(\.pullPolicy|\.pullSecrets)?$/, /^spark\.kubernetes\.node\.selector\./, /^spark\.kubernetes\.namespace$/,
  /^spark\.kubernetes\.memoryOverheadFactor$/,
];

/** Spark reads a time without a unit as milliseconds: the operator passes `300000`, a conf file `300000ms`. */
function normalize(key: string, value: string): string {
  return key === 'spark.dynamicAllocation.shuffleTracking.timeout' && /^\d+$/.test(value) ? `${value}ms` : value;
}

/** The shared part of the effective configuration of the one Spark workload a backend synthesizes. */
function sharedConfOf(backend: string, shared: SparkRuntimeOptions & { driver?: any }): { [key: string]: string } {
  const docs = synthValid((app: App) => BACKENDS[backend](new Chart(app, 'test', { namespace: 'spark-jobs' }), shared));
  const confs = docs.map((d) => effectiveSparkConf(docs, d)).filter((c) => c !== undefined);
  expect(confs).toHaveLength(1);
  return Object.fromEntries(Object.entries(confs[0]!)
    .filter(([key]) => SHARED_KEYS.some((p) => p.test(key)))
    .map(([key, value]) => [key, normalize(key, value)])
    .sort(([a], [b]) => a.localeCompare(b)));
}

const REFS = new Chart(new App(), 'refs');
const PULL = Secret.fromSecretName(REFS, 'Pull', 'registry');
const S3A = new S3a({ credentials: Secret.fromSecretName(REFS, 'S3', 's3-credentials'), endpoint: 'http://minio.storage:9000', pathStyleAccess: true });

const SHARED: SparkRuntimeOptions & { driver?: any } = {
  sparkVersion: SparkVersion.V4_0_4,
  image: 'registry.example.com/spark:4.0.4',
  imagePullPolicy: ImagePullPolicy.ALWAYS,
  sparkConf: { 'spark.sql.shuffle.partitions': '64' },
  hadoopConf: { 'fs.s3a.connection.maximum': '200' },
  s3a: S3A,
  eventLog: EventLog.toUrl('s3a://spark-logs/events'),
  deps: {
    jars: [ApplicationFile.fromUrl('s3a://jars/udfs.jar')],
    packages: ['org.apache.hadoop:hadoop-aws:3.4.1'],
    excludePackages: ['com.example:unwanted'],
    repositories: ['https://repo.example.com/maven2'],
  },
  dynamicAllocation: { minExecutors: 1, maxExecutors: 4, shuffleTrackingTimeout: Duration.minutes(5) },
  nodeSelector: { pool: 'spark' },
  driver: { cores: 2, memory: Size.gibibytes(2), javaOptions: '-XX:+UseG1GC' },
  executor: { cores: 3, memory: Size.gibibytes(4), memoryOverhead: Size.mebibytes(512), coreRequest: Cpu.millis(2500), javaOptions: '-XX:+UseG1GC', gpu: { amount: 1 } },
  volumes: [{ volume: SparkVolume.fromEmptyDir('cache'), path: '/cache' }],
};

/** What the shared props above mean to Spark, written out by hand. */
const EXPECTED = {
  'spark.driver.cores': '2',
  'spark.driver.extraJavaOptions': '-XX:+UseG1GC',
  'spark.driver.memory': '2g',
  'spark.dynamicAllocation.enabled': 'true',
  'spark.dynamicAllocation.maxExecutors': '4',
  'spark.dynamicAllocation.minExecutors': '1',
  'spark.dynamicAllocation.shuffleTracking.enabled': 'true',
  'spark.dynamicAllocation.shuffleTracking.timeout': '300000ms',
  'spark.eventLog.dir': 's3a://spark-logs/events',
  'spark.eventLog.enabled': 'true',
  'spark.executor.cores': '3',
  'spark.executor.extraJavaOptions': '-XX:+UseG1GC',
  'spark.executor.memory': '4g',
  'spark.executor.memoryOverhead': '512m',
  'spark.executor.resource.gpu.amount': '1',
  'spark.executor.resource.gpu.discoveryScript': '/opt/spark/examples/src/main/scripts/getGpusResources.sh',
  'spark.executor.resource.gpu.vendor': 'nvidia.com',
  'spark.hadoop.fs.s3a.connection.maximum': '200',
  'spark.hadoop.fs.s3a.endpoint': 'http://minio.storage:9000',
  'spark.hadoop.fs.s3a.path.style.access': 'true',
  'spark.jars': 's3a://jars/udfs.jar',
  'spark.jars.excludes': 'com.example:unwanted',
  'spark.jars.ivy': '/tmp/.ivy2',
  'spark.jars.packages': 'org.apache.hadoop:hadoop-aws:3.4.1',
  'spark.jars.repositories': 'https://repo.example.com/maven2',
  'spark.kubernetes.container.image': 'registry.example.com/spark:4.0.4',
  'spark.kubernetes.container.image.pullPolicy': 'Always',
  'spark.kubernetes.executor.request.cores': '2500m',
  'spark.kubernetes.namespace': 'spark-jobs',
  'spark.kubernetes.node.selector.pool': 'spark',
  'spark.sql.shuffle.partitions': '64',
};

describe('one application model for every backend', () => {
  test.each(Object.keys(BACKENDS))('%s: the shared props mean the same Spark configuration', (backend) => {
    expect(sharedConfOf(backend, SHARED)).toEqual(EXPECTED);
  });

  test.each(Object.keys(BACKENDS))('%s: fixed executors and a second image', (backend) => {
    const conf = sharedConfOf(backend, { executor: { instances: 3, image: 'registry.example.com/spark-gpu:4.0.4' }, imagePullSecrets: [PULL] });
    expect(conf).toMatchObject({
      'spark.executor.instances': '3',
      'spark.kubernetes.container.image.pullSecrets': 'registry',
    });
    expect(Object.keys(conf).filter((k) => k.startsWith('spark.dynamicAllocation.'))).toEqual([]);
  });

  // Each row: the same bad shared input, and the one message every backend gives for it.
  const BAD: [string, SparkRuntimeOptions, string][] = [
    ['an S3A endpoint set twice', { s3a: S3A, hadoopConf: { 'fs.s3a.endpoint': 'http://other:9000' } },
      '[test/App] \'hadoopConf.fs.s3a.endpoint\' sets \'spark.hadoop.fs.s3a.endpoint\', which \'s3a\' owns, got \'http://other:9000\'; remove it and use \'s3a\''],
    ['packages through raw conf', { sparkConf: { 'spark.jars.packages': 'org.example:lib:1.0' } },
      '[test/App] \'sparkConf.spark.jars.packages\' sets \'spark.jars.packages\', which \'deps.packages\' owns, got \'org.example:lib:1.0\'; remove it and use \'deps.packages\''],
    ['the event log through raw conf', { sparkConf: { 'spark.eventLog.dir': 's3a://logs/events' } },
      '[test/App] \'sparkConf.spark.eventLog.dir\' sets \'spark.eventLog.dir\', which \'eventLog\' owns, got \'s3a://logs/events\'; remove it and use \'eventLog\''],
    ['a bad Maven coordinate', { deps: { packages: ['hadoop-aws'] } },
      '[test/App] \'deps.packages[0]\' must be a Maven coordinate group:artifact:version, got \'hadoop-aws\'; e.g. \'org.apache.hadoop:hadoop-aws:3.4.1\''],
    ['a literal secret in hadoopConf', { hadoopConf: { 'fs.s3a.secret.key': 'abc' } },
      '[test/App] \'hadoopConf.fs.s3a.secret.key\' holds secret material as a literal value'],
    ['an image without a tag', { image: 'apache/spark' },
      '[test/App] \'image\' must pin a tag or digest'],
    ['min executors above max', { dynamicAllocation: { minExecutors: 5, maxExecutors: 2 } },
      '[test/App] \'dynamicAllocation.minExecutors\' must not exceed maxExecutors (2), got 5; lower it to 2 or raise maxExecutors'],
    ['fixed executors with dynamic allocation', { executor: { instances: 2 }, dynamicAllocation: { maxExecutors: 4 } },
      '[test/App] \'executor.instances\' cannot be combined with \'dynamicAllocation\', got 2; remove it and set \'dynamicAllocation.initialExecutors\''],
    ['a local event log without a volume', { eventLog: EventLog.toUrl('file:///tmp/events') },
      '[test/App] \'eventLog\' must not be a local directory without a volume behind it'],
    ['an executor memory in a fraction of a KiB', { executor: { memory: Size.kibibytes(1.5) } },
      '[test/App] \'executor.memory\' must be a positive whole number of KiB'],
    ['a node selector at both levels', { nodeSelector: { pool: 'spark' }, executor: { nodeSelector: { disk: 'ssd' } } },
      '[test/App] \'executor.nodeSelector\' cannot be combined with the application-level \'nodeSelector\''],
  ];
  describe.each(BAD)('fails on %s', (_what, props, message) => {
    test.each(Object.keys(BACKENDS))('%s', (backend) => {
      expect(chartErrorOf((chart) => BACKENDS[backend](chart, props))).toContain(message);
    });
  });

  test('the driver settings give the same message on every backend, under the prop that holds them', () => {
    const messages = Object.keys(BACKENDS).map((backend) => chartErrorOf((chart) => BACKENDS[backend](chart, { driver: { memory: Size.kibibytes(512) } })));
    expect(new Set(messages.map((m) => m.replace('\'server.memory\'', '\'driver.memory\'')))).toEqual(new Set([
      '[test/App] \'driver.memory\' must be at least 1 MiB, got \'512k\'; give Spark a realistic heap such as Size.mebibytes(512)',
    ]));
  });
});
