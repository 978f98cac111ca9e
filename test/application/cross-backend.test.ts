/**
 * One application model for every backend: the same shared props give the
 * same Spark configuration on every backend that runs a Spark driver (read
 * back from the output the way the operator or spark-submit turns it into
 * Spark configuration), and the same bad input gives the same message.
 */
import { App, Chart, Duration, Size } from 'cdk8s';
import { Cpu, ImagePullPolicy, Secret, ServiceAccount } from 'cdk8s-plus-28';
import {
  apache, ApplicationFile, EventLog, S3a, ScheduledSparkApplication, SecurityOptOut, SparkApplication, SparkConnect, SparkConnectServer, SparkRuntimeOptions, SparkSubmitJob,
  SparkVersion, SparkVolume,
} from '../../src';
import { SparkLocalDirs } from '../../src/application/local-dirs';
import { synthValid } from '../harness';
import { chartErrorOf } from '../harness/expect-error';
import { effectiveSparkConf } from '../harness/spark-conf';

const MAIN = { mainApplicationFile: ApplicationFile.fromImagePath('/opt/spark/examples/jars/spark-examples.jar'), mainClass: 'org.apache.spark.examples.SparkPi' };

/** The Connect token: a Connect server without one needs an opt-out the other backends do not take. */
const token = (chart: Chart) => ({ secret: Secret.fromSecretName(chart, 'Token', 'connect-token'), key: 'token' });

/** Every backend that runs a Spark driver, built from the same shared props (the driver is `server` on Connect shapes). */
const BACKENDS: { [name: string]: (chart: Chart, shared: SparkRuntimeOptions & { driver?: any }) => void } = {
  SparkApplication: (chart, { driver, ...shared }) => new SparkApplication(chart, 'App', { ...shared, ...MAIN, driver }),
  // The Apache operator's dialect: the same description, a second operator.
  ApacheSparkApplication: (chart, { driver, ...shared }) => new apache.SparkApplication(chart, 'App', { sparkVersion: SparkVersion.DEFAULT, ...shared, ...MAIN, driver }),
  ScheduledSparkApplication: (chart, { driver, ...shared }) => new ScheduledSparkApplication(chart, 'App', { ...shared, ...MAIN, driver, schedule: '@daily' }),
  SparkSubmitJob: (chart, { driver, ...shared }) => new SparkSubmitJob(chart, 'App', { ...shared, ...MAIN, driver }),
  SparkConnect: (chart, { driver, ...shared }) => new SparkConnect(chart, 'App', { ...shared, server: driver, authenticationSecret: token(chart) }),
  SparkConnectServer: (chart, { driver, ...shared }) => new SparkConnectServer(chart, 'App', { ...shared, server: driver, authenticationSecret: token(chart) }),
};

/** The Secrets the shared props reference from another chart: they exist outside the output. */
const EXTERNAL = { externalSecrets: ['spark-jobs/s3-credentials', 'spark-jobs/registry'] };

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
  const docs = synthValid((app: App) => BACKENDS[backend](new Chart(app, 'test', { namespace: 'spark-jobs' }), shared), EXTERNAL);
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
  const BAD: [string, SparkRuntimeOptions & { driver?: any }, string][] = [
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
    // Issue 12: Spark's other names for owned keys, per-role keys, env through the configuration.
    ['the memory overhead under its YARN name', { sparkConf: { 'spark.yarn.executor.memoryOverhead': '1g' } },
      '[test/App] \'sparkConf.spark.yarn.executor.memoryOverhead\' sets \'spark.yarn.executor.memoryOverhead\' (Spark reads it as \'spark.executor.memoryOverhead\'), '
      + 'which \'executor.memoryOverhead\' owns, got \'1g\'; remove it and use \'executor.memoryOverhead\''],
    ['a per-role node selector through raw conf', { sparkConf: { 'spark.kubernetes.executor.node.selector.disk': 'ssd' } },
      '[test/App] \'sparkConf.spark.kubernetes.executor.node.selector.disk\' sets \'spark.kubernetes.executor.node.selector.disk\', which \'executor.nodeSelector\' owns, '
      + 'got \'ssd\'; remove it and use \'executor.nodeSelector\''],
    ['a per-role memory overhead factor through raw conf', { sparkConf: { 'spark.executor.memoryOverheadFactor': '0.2' } },
      '[test/App] \'sparkConf.spark.executor.memoryOverheadFactor\' sets \'spark.executor.memoryOverheadFactor\', which \'memoryOverheadFactor\' owns, got \'0.2\'; '
      + 'remove it and use \'memoryOverheadFactor\''],
    ['an NFS volume through raw conf', { sparkConf: { 'spark.kubernetes.executor.volumes.nfs.data.options.server': 'nfs.example.com' } },
      '[test/App] \'sparkConf.spark.kubernetes.executor.volumes.nfs.data.options.server\' sets \'spark.kubernetes.executor.volumes.nfs.data.options.server\', '
      + 'which mounts an NFS export directly, a volume type the restricted Pod Security Standard forbids (Spark adds the volume itself, past the pod template), '
      + 'got \'nfs.example.com\'; put the export behind a PersistentVolume and mount its claim (SparkVolume.fromPersistentVolumeClaim, or spark.kubernetes.*.volumes.persistentVolumeClaim.*)'],
    ['an executor password through spark.executorEnv', { sparkConf: { 'spark.executorEnv.DB_PASSWD': 'hunter2' } },
      '[test/App] \'sparkConf.spark.executorEnv.DB_PASSWD\' sets the executor environment variable \'DB_PASSWD\' to a literal value, readable by anyone who can get pods '
      + 'or read the configuration, got \'<redacted>\'; store it in a Secret and use \'executor.env\' with EnvValue.fromSecretValue({ secret, key }), '
      + 'or spark.kubernetes.executor.secretKeyRef.DB_PASSWD=<secret>:<key>'],
    ['the S3A credentials through spark.executorEnv', { s3a: S3A, sparkConf: { 'spark.executorEnv.AWS_ACCESS_KEY_ID': 'x' } },
      '[test/App] \'sparkConf.spark.executorEnv.AWS_ACCESS_KEY_ID\' sets \'spark.executorEnv.AWS_ACCESS_KEY_ID\', which \'s3a\' owns, got \'x\'; remove it and use \'s3a\''],
    // Issue 12: one secret detector over every string.
    ['a JVM option holding a password', { executor: { javaOptions: '-Djavax.net.ssl.keyStorePassword=changeit' } },
      '[test/App] \'executor.javaOptions\' holds a secret-like setting with a literal value (name=value), which would be stored in clear in Git and in the cluster, '
      + 'got \'<redacted>\'; keep it in a Kubernetes Secret and pass it by reference (an environment variable from the Secret, or a mounted file)'],
    ['a JDBC URL with a password', { sparkConf: { 'spark.myapp.jdbc.url.main': 'jdbc:postgresql://db:5432/etl?user=etl&password=hunter2' } },
      '[test/App] \'sparkConf.spark.myapp.jdbc.url.main\' holds a secret URL or connection-string parameter, which would be stored in clear in Git and in the cluster, '
      + 'got \'<redacted>\'; keep it in a Kubernetes Secret and pass it by reference (an environment variable from the Secret, or a mounted file)'],
    ['a repository URL with credentials', { deps: { repositories: ['https://deploy:s3cr3t@repo.example.com/maven2'] } },
      '[test/App] \'deps.repositories[0]\' holds a password in a URL (user:password@), which would be stored in clear in Git and in the cluster, got \'<redacted>\'; keep it in a Kubernetes Secret and pass it by reference (an environment variable from the Secret, or a mounted file)'],
    ['a jar URL with credentials', { deps: { jars: [ApplicationFile.fromUrl('https://deploy:s3cr3t@files.example.com/udfs.jar')] } },
      '[test/App] \'deps.jars[0]\' holds a password in a URL (user:password@), which would be stored in clear in Git and in the cluster, got \'<redacted>\'; keep it in a Kubernetes Secret and pass it by reference (an environment variable from the Secret, or a mounted file)'],
    ['an S3 endpoint with credentials', { s3a: new S3a({ endpoint: 'https://minio:minio123@minio.storage:9000' }) },
      '[test/App] \'s3a.endpoint\' holds a password in a URL (user:password@), which would be stored in clear in Git and in the cluster, got \'<redacted>\'; keep it in a Kubernetes Secret and pass it by reference (an environment variable from the Secret, or a mounted file)'],
    ['an empty S3 endpoint', { s3a: new S3a({ endpoint: '' }) },
      '[test/App] \'s3a.endpoint\' must be a non-empty string without whitespace, got \'\'; use e.g. \'http://minio.storage:9000\''],
    ['an event log region with a space', { eventLog: EventLog.toUrl('s3a://logs/events', { s3a: new S3a({ region: 'eu central 1' }) }) },
      '[test/App] \'eventLog.s3a.region\' must be a non-empty string without whitespace, got \'eu central 1\'; use e.g. \'eu-central-1\''],
    ['an Azure account key', { hadoopConf: { 'fs.azure.account.key.lake.dfs.core.windows.net': 'abc==' } },
      '[test/App] \'hadoopConf.fs.azure.account.key.lake.dfs.core.windows.net\' holds secret material as a literal value'],
    ['an AWS key id in a label', { labels: { owner: 'AKIAIOSFODNN7EXAMPLE' } },
      '[test/App] \'labels.owner\' holds an AWS access key id, which would be stored in clear in Git and in the cluster, got \'<redacted>\'; keep it in a Kubernetes Secret and pass it by reference (an environment variable from the Secret, or a mounted file)'],
    ['a PEM key in an annotation', { annotations: { 'example.com/key': '-----BEGIN PRIVATE KEY-----MIIE' } },
      '[test/App] \'annotations.example.com/key\' holds a PEM private key, which would be stored in clear in Git and in the cluster, got \'<redacted>\'; keep it in a Kubernetes Secret and pass it by reference (an environment variable from the Secret, or a mounted file)'],
    ['a PEM key in a conf value, even with a line break', { sparkConf: { 'spark.myapp.key': '-----BEGIN RSA PRIVATE KEY-----\nMIIE' } },
      '[test/App] \'sparkConf.spark.myapp.key\' holds a PEM private key, which would be stored in clear in Git and in the cluster, got \'<redacted>\'; keep it in a Kubernetes Secret and pass it by reference (an environment variable from the Secret, or a mounted file)'],
    // Issue 12: the driver account.
    ['the namespace\'s default account as the driver', { driver: { serviceAccount: ServiceAccount.fromServiceAccountName(REFS, 'Default', 'default') } },
      'must not run the driver as the namespace\'s \'default\' service account, which every pod in the namespace shares (each would get the driver\'s rights to create pods '
      + 'and Services), got \'default\'; remove \'driver.serviceAccount\' to get a least-privilege driver account, or pass a dedicated one, or accept the risk with '
      + 'SecurityOptOut.DEFAULT_SERVICE_ACCOUNT in \'securityOptOuts\' (recorded in the annotation spark.cdk8s.io/security-opt-outs)'],
    ['the default-account opt-out without the default account', { securityOptOuts: [SecurityOptOut.DEFAULT_SERVICE_ACCOUNT] },
      '[test/App] \'securityOptOuts[0]\' is SecurityOptOut.DEFAULT_SERVICE_ACCOUNT, but this construct does not take that risk, got \'default-service-account\'; '
      + 'remove it, so the annotation records only the risks taken'],
    // Issue 12: JavaScript callers get the library's message.
    ['a version given as a string', { sparkVersion: '4.0.4' as any },
      '[test/App] \'sparkVersion\' must be a SparkVersion, got \'4.0.4\'; use SparkVersion.of(\'4.0.4\')'],
    ['an event log given as a URL string', { eventLog: 's3a://logs/events' as any },
      '[test/App] \'eventLog\' must be an EventLog, got \'s3a://logs/events\'; use EventLog.toUrl(\'s3a://logs/events\')'],
    ['S3A settings given as a plain object', { s3a: { endpoint: 'http://minio:9000' } as any },
      '[test/App] \'s3a\' must be an S3a, got {"endpoint":"http://minio:9000"}; use new S3a({ credentials, endpoint })'],
    ['a jar given as a URL string', { deps: { jars: ['s3a://jars/udfs.jar' as any] } },
      '[test/App] \'deps.jars[0]\' must be an ApplicationFile, got \'s3a://jars/udfs.jar\'; use ApplicationFile.fromUrl(\'s3a://jars/udfs.jar\')'],
    ['packages given as a string', { deps: { packages: 'org.apache.hadoop:hadoop-aws:3.4.1' as any } },
      '[test/App] \'deps.packages\' must be a list of strings, got \'org.apache.hadoop:hadoop-aws:3.4.1\'; wrap it in a list: [\'org.apache.hadoop:hadoop-aws:3.4.1\']'],
    ['an unknown pull policy', { imagePullPolicy: 'always' as any },
      '[test/App] \'imagePullPolicy\' must be one of ImagePullPolicy.ALWAYS, ImagePullPolicy.IF_NOT_PRESENT, ImagePullPolicy.NEVER, got \'always\'; use ImagePullPolicy.ALWAYS'],
    ['a shuffle tracking timeout given as a string', { dynamicAllocation: { maxExecutors: 4, shuffleTrackingTimeout: '5m' as any } },
      '[test/App] \'dynamicAllocation.shuffleTrackingTimeout\' must be a Duration, got \'5m\'; use Duration.minutes(5)'],
    ['a shuffle tracking timeout in a fraction of a millisecond', { dynamicAllocation: { maxExecutors: 4, shuffleTrackingTimeout: Duration.seconds(1 / 3) } },
      '[test/App] \'dynamicAllocation.shuffleTrackingTimeout\' must be a whole number of milliseconds, got \'333.3333333333333ms\'; use Duration.millis(333)'],
    ['shuffle tracking given as a string', { dynamicAllocation: { maxExecutors: 4, shuffleTracking: 'false' as any } },
      '[test/App] \'dynamicAllocation.shuffleTracking\' must be true or false, got \'false\'; use false (a boolean, not a string)'],
    ['dynamic allocation without a maximum', { dynamicAllocation: {} as any },
      '[test/App] \'dynamicAllocation.maxExecutors\' must be set, got nothing; set the upper bound of executors, e.g. { maxExecutors: 4 }'],
    ['sparkConf given as a string', { sparkConf: 'spark.sql.shuffle.partitions=64' as any },
      '[test/App] \'sparkConf\' must be a map of strings, got \'spark.sql.shuffle.partitions=64\'; use an object of keys and values, e.g. { key: \'value\' }'],
    ['a memory overhead factor given as a string', { memoryOverheadFactor: '0.2' as any },
      '[test/App] \'memoryOverheadFactor\' must be a number between 0 and 1, got \'0.2\'; use a share such as 0.1 (10 % of the heap)'],
  ];
  describe.each(BAD)('fails on %s', (_what, props, message) => {
    test.each(Object.keys(BACKENDS))('%s', (backend) => {
      // A Connect backend's fix names its driver prop, 'server'.
      expect(chartErrorOf((chart) => BACKENDS[backend](chart, props)).replace(/'server\.serviceAccount'/g, '\'driver.serviceAccount\'')).toContain(message);
    });
  });

  // Issue "It runs": the run-time rules the model owns are the same on every backend.
  test.each(Object.keys(BACKENDS))('%s: S3A on the stock image brings the Spark line\'s hadoop-aws, and the local dirs and GPU shares mean the same', (backend) => {
    const conf = sharedConfOf(backend, {
      sparkVersion: SparkVersion.V4_2_0,
      s3a: S3A,
      localDirs: SparkLocalDirs.onDemandClaim({ storageClass: 'gp3', size: Size.gibibytes(100) }),
      executor: { cores: 4, gpu: { amount: 1, taskAmount: 0.25 } },
    });
    expect(conf).toMatchObject({
      'spark.jars.packages': 'org.apache.hadoop:hadoop-aws:3.4.3',
      'spark.jars.ivy': '/tmp/.ivy2',
      'spark.executor.resource.gpu.amount': '1',
    });
  });

  const RUNTIME_BAD: [string, SparkRuntimeOptions & { driver?: any }, string][] = [
    ['a hadoop-aws that does not match the stock image', { sparkVersion: SparkVersion.V4_2_0, s3a: S3A, deps: { packages: ['org.apache.hadoop:hadoop-aws:3.4.1'] } },
      '[test/App] \'deps.packages[0]\' must be \'org.apache.hadoop:hadoop-aws:3.4.3\' for the stock Spark 4.2 image'],
    ['S3A on a Spark line of unknown Hadoop', { sparkVersion: SparkVersion.of('4.3.0'), s3a: S3A },
      '[test/App] \'imageIncludesS3a\' must be set: S3A is used (s3a)'],
    ['a local-directory claim through raw conf', { sparkConf: { 'spark.kubernetes.executor.volumes.persistentVolumeClaim.spark-local-dir-1.mount.path': '/data' } },
      'which \'localDirs\' owns, got \'/data\'; remove it and use \'localDirs\''],
    ['the allocator through raw conf', { sparkConf: { 'spark.kubernetes.allocation.pods.allocator': 'statefulset' } },
      'which \'executor.podsAllocator\' owns, got \'statefulset\'; remove it and use \'executor.podsAllocator\''],
    ['a GPU share Spark refuses', { executor: { gpu: { amount: 1, taskAmount: 0.75 } } },
      '[test/App] \'executor.gpu.taskAmount\' must be a whole number or a share of at most 0.5 (Spark refuses other amounts: TaskResourceRequest), got 0.75'],
    ['a Hadoop key fed from a Secret as a Spark key', { sparkConfFromSecrets: { 'spark.hadoop.fs.s3a.secret.key': { secret: PULL, key: 'k' } } },
      '[test/App] \'sparkConfFromSecrets.spark.hadoop.fs.s3a.secret.key\' is a Hadoop key'],
  ];
  describe.each(RUNTIME_BAD)('fails on %s', (_what, props, message) => {
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
