/**
 * Every fix text leads to a valid result: each row is a bad input, the fix
 * part of the message it raises, and the input rewritten as that fix says.
 * The bad input must raise the message; the fixed input must build,
 * synthesize and pass the harness, and where the fix promises a behaviour
 * ("to use dynamic allocation") the output must show it.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Chart, Duration, Size, Testing } from 'cdk8s';
import { ConfigMap, Cpu, EnvValue, ImagePullPolicy, k8s, PersistentVolumeClaim, Secret, ServiceAccount, ServiceType } from 'cdk8s-plus-28';
import {
  ApplicationFile, BatchScheduler, ConcurrencyPolicy, NetworkPeer, EventLog, ExecutorPodsAllocator, Monitoring, S3a, ScheduledSparkApplication,
  SecurityOptOut, SparkApplication, SparkApplicationProps, SparkApplicationType, SparkConnect, SparkConnectProps, SparkConnectServer, SparkConnectServerProps,
  SparkDriverRbac, SparkDriverRbacProps, SparkHistoryServer, SparkHistoryServerProps, SparkJobNamespace, SparkJobNamespaceProps, SparkLocalDirs, SparkOperator,
  SparkOperatorProps, SparkStandaloneCluster, SparkStandaloneClusterProps, SparkSubmitJob, SparkSubmitJobProps, SparkVersion, SparkVolume,
} from '../../src';
import { findObject, findObjects, registerCrd, synthChartValid } from '../harness';
import { chartErrorOf } from '../harness/expect-error';

registerCrd(JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'crds', 'grpcroute.json'), 'utf-8')));

// --- the constructs, each with the props a valid one needs ----------------------------

const PI = { mainApplicationFile: ApplicationFile.fromImagePath('/opt/spark/examples/jars/spark-examples.jar'), mainClass: 'org.apache.spark.examples.SparkPi' };
const PY = { mainApplicationFile: ApplicationFile.fromImagePath('/opt/spark/examples/src/main/python/pi.py') };
const LOGS = 's3a://spark-logs/events';
const SIDECAR = {
  name: 'log-shipper',
  image: 'busybox:1.37',
  resources: { requests: { cpu: k8s.Quantity.fromString('50m'), memory: k8s.Quantity.fromString('64Mi') }, limits: { memory: k8s.Quantity.fromString('64Mi') } },
};
const secret = (chart: Chart, name: string) => Secret.fromSecretName(chart, `Secret-${name}`, name);
const eventsClaim = (chart: Chart) => SparkVolume.fromPersistentVolumeClaim(PersistentVolumeClaim.fromClaimName(chart, 'Events', 'spark-events'));
const token = (chart: Chart) => ({ secret: secret(chart, 'connect-token'), key: 'token' });
const rpcAuth = (chart: Chart) => ({ secret: secret(chart, 'spark-auth'), key: 'secret' });

type Props<T> = Partial<T> | ((chart: Chart) => Partial<T>);
const resolve = <T>(props: Props<T>, chart: Chart): Partial<T> => (typeof props === 'function' ? props(chart) : props);
type Build = (chart: Chart) => void;

const app = (props: Props<SparkApplicationProps> = {}): Build => (chart) => {
  new SparkApplication(chart, 'App', { name: 'pi', ...PI, ...resolve(props, chart) } as SparkApplicationProps);
};
const scheduled = (props: Props<SparkApplicationProps & { schedule: string; timeZone?: string; concurrencyPolicy?: ConcurrencyPolicy }> = {}): Build => (chart) => {
  new ScheduledSparkApplication(chart, 'App', { name: 'nightly', schedule: '0 2 * * *', ...PI, ...resolve(props, chart) } as any);
};
const connect = (props: Props<SparkConnectProps> = {}): Build => (chart) => {
  new SparkConnect(chart, 'Connect', { name: 'connect', authenticationSecret: token(chart), ...resolve(props, chart) });
};
const server = (props: Props<SparkConnectServerProps> = {}): Build => (chart) => {
  new SparkConnectServer(chart, 'Connect', { name: 'connect', authenticationSecret: token(chart), ...resolve(props, chart) });
};
const submit = (props: Props<SparkSubmitJobProps> = {}): Build => (chart) => {
  new SparkSubmitJob(chart, 'Pi', { name: 'pi', ...PI, ...resolve(props, chart) } as SparkSubmitJobProps);
};
const history = (props: Props<SparkHistoryServerProps> = {}): Build => (chart) => {
  new SparkHistoryServer(chart, 'History', { name: 'history', eventLog: EventLog.toUrl(LOGS), ...resolve(props, chart) } as SparkHistoryServerProps);
};
const standalone = (props: Props<SparkStandaloneClusterProps> = {}): Build => (chart) => {
  new SparkStandaloneCluster(chart, 'Cluster', { name: 'spark', authenticationSecret: rpcAuth(chart), ...resolve(props, chart) });
};
/** An application on a standalone cluster of the same chart. */
const onCluster = (props: Partial<SparkSubmitJobProps> = {}, clusterProps: Partial<SparkStandaloneClusterProps> = {}): Build => (chart) => {
  const cluster = new SparkStandaloneCluster(chart, 'Cluster', { name: 'spark', authenticationSecret: rpcAuth(chart), ...clusterProps });
  new SparkSubmitJob(chart, 'Pi', { name: 'pi', ...PI, master: cluster, ...props } as SparkSubmitJobProps);
};
const operator = (props: Partial<SparkOperatorProps> = {}, after?: (op: SparkOperator, chart: Chart) => void): Build => (chart) => {
  const op = new SparkOperator(chart, 'Operator', { jobNamespaces: ['spark-jobs'], ...props });
  after?.(op, chart);
};
const rbac = (props: Partial<SparkDriverRbacProps> = {}): Build => (chart) => {
  new SparkDriverRbac(chart, 'Rbac', { namespace: 'spark-jobs', ...props } as SparkDriverRbacProps);
};
const jobNamespace = (props: Partial<SparkJobNamespaceProps> = {}): Build => (chart) => {
  new SparkJobNamespace(chart, 'Jobs', { namespace: 'etl', ...props } as SparkJobNamespaceProps);
};

// --- reading the output ---------------------------------------------------------------

const specOf = (docs: any[], kind = 'SparkApplication') => findObject(docs, kind).spec;
const confFile = (docs: any[], name: string) => Object.fromEntries((findObject(docs, 'ConfigMap', name).data['spark-defaults.conf'] as string)
  .trim().split('\n').map((l) => [l.slice(0, l.indexOf(' ')), l.slice(l.indexOf(' ') + 1)]));
const containers = (docs: any[], kind: string, name: string) => findObject(docs, kind, name).spec.template.spec.containers;

// --- the table ------------------------------------------------------------------------

interface Row {
  /** What the row checks. */
  readonly name: string;
  /** The prop the message names. */
  readonly prop: string;
  /** The bad input. */
  readonly bad: Build;
  /** The fix part of the message, exactly. */
  readonly fix: string;
  /** The bad input rewritten as the fix says. */
  readonly fixed: Build;
  /** The behaviour the fix promises, in the output of `fixed`. */
  readonly shows?: (docs: any[]) => void;
}

const ROWS: Row[] = [
  // SparkApplication: executors and dynamic allocation
  {
    name: 'executor.instances 0 → dynamic allocation',
    prop: 'executor.instances',
    bad: app({ executor: { instances: 0 } }),
    fix: 'use a whole number of at least 1, or remove it and set \'dynamicAllocation\' (e.g. { maxExecutors: 4 }) to let Spark size the executors',
    fixed: app({ dynamicAllocation: { maxExecutors: 4 } }),
    shows: (docs) => expect(specOf(docs).dynamicAllocation).toMatchObject({ enabled: true, maxExecutors: 4 }),
  },
  {
    name: 'executor.instances with dynamicAllocation → initialExecutors',
    prop: 'executor.instances',
    bad: app({ executor: { instances: 2 }, dynamicAllocation: { maxExecutors: 4 } }),
    fix: 'remove it and set \'dynamicAllocation.initialExecutors\'',
    fixed: app({ dynamicAllocation: { maxExecutors: 4, initialExecutors: 2 } }),
    shows: (docs) => expect(specOf(docs).dynamicAllocation).toMatchObject({ enabled: true, initialExecutors: 2 }),
  },
  {
    name: 'executor.instances 0 with dynamicAllocation',
    prop: 'executor.instances',
    bad: app({ executor: { instances: 0 }, dynamicAllocation: { maxExecutors: 4 } }),
    fix: 'remove it: dynamic allocation sizes the executors',
    fixed: app({ dynamicAllocation: { maxExecutors: 4 } }),
    shows: (docs) => expect(specOf(docs).dynamicAllocation.enabled).toBe(true),
  },
  {
    name: 'minExecutors above maxExecutors',
    prop: 'dynamicAllocation.minExecutors',
    bad: app({ dynamicAllocation: { minExecutors: 6, maxExecutors: 4 } }),
    fix: 'lower it to 4 or raise maxExecutors',
    fixed: app({ dynamicAllocation: { minExecutors: 4, maxExecutors: 4 } }),
    shows: (docs) => expect(specOf(docs).dynamicAllocation).toMatchObject({ minExecutors: 4, maxExecutors: 4 }),
  },
  {
    name: 'initialExecutors out of range',
    prop: 'dynamicAllocation.initialExecutors',
    bad: app({ dynamicAllocation: { maxExecutors: 4, initialExecutors: 8 } }),
    fix: 'pick a value in that range or leave it unset',
    fixed: app({ dynamicAllocation: { maxExecutors: 4, initialExecutors: 2 } }),
    shows: (docs) => expect(specOf(docs).dynamicAllocation.initialExecutors).toBe(2),
  },
  {
    name: 'executor.podsAllocator DEPLOYMENT on Spark 4.0',
    prop: 'executor.podsAllocator',
    bad: app({ executor: { podsAllocator: ExecutorPodsAllocator.DEPLOYMENT } }),
    fix: 'use ExecutorPodsAllocator.STATEFUL_SET, or SparkVersion.V4_2_0',
    fixed: app({ sparkVersion: SparkVersion.V4_2_0, executor: { podsAllocator: ExecutorPodsAllocator.DEPLOYMENT } }),
    shows: (docs) => expect(specOf(docs).sparkConf['spark.kubernetes.allocation.pods.allocator']).toBe('deployment'),
  },
  {
    name: 'executor.podsAllocator DEPLOYMENT with dynamic allocation and no deletion cost',
    prop: 'executor.podsAllocator',
    bad: app({ sparkVersion: SparkVersion.V4_2_0, executor: { podsAllocator: ExecutorPodsAllocator.DEPLOYMENT }, dynamicAllocation: { maxExecutors: 4 } }),
    fix: 'set it in \'sparkConf\', e.g. { \'spark.kubernetes.executor.podDeletionCost\': \'1\' }',
    fixed: app({
      sparkVersion: SparkVersion.V4_2_0,
      executor: { podsAllocator: ExecutorPodsAllocator.DEPLOYMENT },
      dynamicAllocation: { maxExecutors: 4 },
      sparkConf: { 'spark.kubernetes.executor.podDeletionCost': '1' },
    }),
    shows: (docs) => expect(specOf(docs).sparkConf['spark.kubernetes.executor.podDeletionCost']).toBe('1'),
  },
  {
    name: 'executor in local mode',
    prop: 'executor',
    bad: app({ localMode: true, executor: { cores: 2 } }),
    fix: 'remove it, or remove \'localMode\' to run executor pods',
    fixed: app({ executor: { cores: 2 } }),
    shows: (docs) => expect(specOf(docs).executor.cores).toBe(2),
  },
  {
    name: 'GPU amount 0',
    prop: 'executor.gpu.amount',
    bad: app({ executor: { gpu: { amount: 0 } } }),
    fix: 'request at least one GPU or remove \'gpu\'',
    fixed: app({ executor: { gpu: { amount: 1 } } }),
    shows: (docs) => expect(specOf(docs).sparkConf['spark.executor.resource.gpu.amount']).toBe('1'),
  },
  {
    name: 'GPU task amount not 1/n',
    prop: 'executor.gpu.taskAmount',
    bad: app({ executor: { gpu: { amount: 1, taskAmount: 0.3 } } }),
    fix: 'use 1/3 (0.3333333333333333)',
    fixed: app({ executor: { gpu: { amount: 1, taskAmount: 1 / 3 } } }),
    shows: (docs) => expect(specOf(docs).sparkConf['spark.task.resource.gpu.amount']).toBe('0.3333333333333333'),
  },
  {
    name: 'GPU task amount above 0.5',
    prop: 'executor.gpu.taskAmount',
    bad: app({ executor: { gpu: { amount: 1, taskAmount: 0.75 } } }),
    fix: 'use 1, or 0.5 to let two tasks share a GPU',
    fixed: app({ executor: { gpu: { amount: 1, taskAmount: 0.5 } } }),
    shows: (docs) => expect(specOf(docs).sparkConf['spark.task.resource.gpu.amount']).toBe('0.5'),
  },
  {
    name: 'GPU task amount above the executor amount',
    prop: 'executor.gpu.taskAmount',
    bad: app({ executor: { gpu: { amount: 1, taskAmount: 2 } } }),
    fix: 'request at least 2 GPUs per executor, or lower it',
    fixed: app({ executor: { gpu: { amount: 2, taskAmount: 2 } } }),
  },
  {
    name: 'coreLimit below the request',
    prop: 'driver.coreLimit',
    bad: app({ driver: { cores: 2, coreLimit: Cpu.millis(500) } }),
    fix: 'raise \'coreLimit\' to at least 2 or lower the request',
    fixed: app({ driver: { cores: 2, coreLimit: Cpu.units(2) } }),
    shows: (docs) => expect(specOf(docs).driver.coreLimit).toBe('2'),
  },
  {
    name: 'CPU finer than a millicore',
    prop: 'driver.coreRequest',
    bad: app({ driver: { coreRequest: Cpu.units(0.0005) } }),
    fix: 'use Cpu.millis(1)',
    fixed: app({ driver: { coreRequest: Cpu.millis(1) } }),
  },
  {
    name: 'memoryOverheadFactor above 1',
    prop: 'memoryOverheadFactor',
    bad: app({ memoryOverheadFactor: 1.5 }),
    fix: 'use a share such as 0.1 (10 % of the heap)',
    fixed: app({ memoryOverheadFactor: 0.1 }),
    shows: (docs) => expect(specOf(docs).memoryOverheadFactor).toBe('0.1'),
  },

  // SparkApplication: main file, class and type
  {
    name: 'JVM application without a main class',
    prop: 'mainClass',
    bad: app({ mainClass: undefined }),
    fix: 'name the class with the main method, e.g. \'org.apache.spark.examples.SparkPi\'',
    fixed: app({ mainClass: 'org.apache.spark.examples.SparkPi' }),
    shows: (docs) => expect(specOf(docs).mainClass).toBe('org.apache.spark.examples.SparkPi'),
  },
  {
    name: 'main class on a Python application',
    prop: 'mainClass',
    bad: app({ ...PY, mainClass: 'Pi' }),
    fix: 'remove it: the main file is the entry point',
    fixed: app({ ...PY, mainClass: undefined }),
    shows: (docs) => expect(specOf(docs).type).toBe('Python'),
  },
  {
    name: 'a .py file for a Scala application',
    prop: 'mainApplicationFile',
    bad: app({ ...PY, type: SparkApplicationType.SCALA }),
    fix: 'set \'type\' to SparkApplicationType.PYTHON or point at the jar',
    fixed: app({ ...PY, mainClass: undefined, type: SparkApplicationType.PYTHON }),
    shows: (docs) => expect(specOf(docs).type).toBe('Python'),
  },
  {
    name: 'a main file of unknown type',
    prop: 'type',
    bad: app({ mainApplicationFile: ApplicationFile.fromImagePath('/opt/app/job.zip'), mainClass: undefined }),
    fix: 'set \'type\' to SparkApplicationType.PYTHON, .R, .SCALA or .JAVA',
    fixed: app({ mainApplicationFile: ApplicationFile.fromImagePath('/opt/app/job.zip'), mainClass: undefined, type: SparkApplicationType.PYTHON }),
    shows: (docs) => expect(specOf(docs).type).toBe('Python'),
  },
  {
    name: 'relative path in the image',
    prop: 'mainApplicationFile',
    bad: app({ ...PY, mainApplicationFile: ApplicationFile.fromImagePath('opt/app/job.py') }),
    fix: 'use \'/opt/app/job.py\'',
    fixed: app({ ...PY, mainApplicationFile: ApplicationFile.fromImagePath('/opt/app/job.py'), mainClass: undefined }),
    shows: (docs) => expect(specOf(docs).mainApplicationFile).toBe('local:///opt/app/job.py'),
  },
  {
    name: 'a file:// URL',
    prop: 'mainApplicationFile',
    bad: app({ mainApplicationFile: ApplicationFile.fromUrl('file:///opt/app/job.py'), mainClass: undefined }),
    fix: 'bake the file into the image and use ApplicationFile.fromImagePath(\'/opt/app/job.py\'), or upload it and use an s3a:// or https:// URL',
    fixed: app({ mainApplicationFile: ApplicationFile.fromImagePath('/opt/app/job.py'), mainClass: undefined }),
    shows: (docs) => expect(specOf(docs).mainApplicationFile).toBe('local:///opt/app/job.py'),
  },

  // SparkApplication: names, images, labels
  {
    name: 'name that is no DNS-1035 label',
    prop: 'name',
    bad: app({ name: 'Nightly_ETL' }),
    fix: 'use a name such as \'nightly-etl\'',
    fixed: app({ name: 'nightly-etl' }),
    shows: (docs) => expect(findObject(docs, 'SparkApplication').metadata.name).toBe('nightly-etl'),
  },
  {
    name: 'name too long',
    prop: 'name',
    bad: app({ name: 'a'.repeat(60) }),
    fix: 'shorten it by 4 characters',
    fixed: app({ name: 'a'.repeat(56) }),
  },
  {
    name: 'image without a tag',
    prop: 'image',
    bad: app({ image: 'apache/spark' }),
    fix: 'use \'apache/spark:<version>\', e.g. \'apache/spark:4.0.4\'',
    fixed: app({ image: 'apache/spark:4.0.4' }),
    shows: (docs) => expect(specOf(docs).image).toBe('apache/spark:4.0.4'),
  },
  {
    name: 'image with the latest tag',
    prop: 'image',
    bad: app({ image: 'registry.example.com/team/spark:latest' }),
    fix: 'pin a version, e.g. \'registry.example.com/team/spark:4.0.4\'',
    fixed: app({ image: 'registry.example.com/team/spark:4.0.4' }),
  },
  {
    name: 'image with an upper-case repository',
    prop: 'image',
    bad: app({ image: 'Apache/Spark:4.0.4' }),
    fix: 'use \'apache/spark:4.0.4\'',
    fixed: app({ image: 'apache/spark:4.0.4' }),
  },
  {
    name: 'label key that is not a label key',
    prop: 'labels.team name',
    bad: app({ labels: { 'team name': 'data' } }),
    fix: 'use a key such as \'example.com/team\'',
    fixed: app({ labels: { 'example.com/team': 'data' } }),
    shows: (docs) => expect(findObject(docs, 'SparkApplication').metadata.labels['example.com/team']).toBe('data'),
  },
  {
    name: 'free text in a label value',
    prop: 'labels.owner',
    bad: app({ labels: { owner: 'Data team, Berlin office' } }),
    fix: 'put longer or free-form text in an annotation',
    fixed: app({ annotations: { 'example.com/owner': 'Data team, Berlin office' } }),
    shows: (docs) => expect(findObject(docs, 'SparkApplication').metadata.annotations['example.com/owner']).toBe('Data team, Berlin office'),
  },
  {
    name: 'reserved security annotation',
    prop: 'annotations.spark.cdk8s.io/security-opt-outs',
    bad: app({ annotations: { 'spark.cdk8s.io/security-opt-outs': 'weaker-sidecar' } }),
    fix: 'remove it: list them in \'securityOptOuts\'',
    fixed: app(),
  },

  // SparkApplication: configuration owned by props, secrets
  {
    name: 'raw conf key owned by executor.memory',
    prop: 'sparkConf.spark.executor.memory',
    bad: app({ sparkConf: { 'spark.executor.memory': '2g' } }),
    fix: 'remove it and use \'executor.memory\'',
    fixed: app({ executor: { memory: Size.gibibytes(2) } }),
    shows: (docs) => expect(specOf(docs).executor.memory).toBe('2g'),
  },
  {
    name: 'raw conf key owned by dynamicAllocation',
    prop: 'sparkConf.spark.dynamicAllocation.enabled',
    bad: app({ sparkConf: { 'spark.dynamicAllocation.enabled': 'true' } }),
    fix: 'remove it and use \'dynamicAllocation\'',
    fixed: app({ dynamicAllocation: { maxExecutors: 4 } }),
    shows: (docs) => expect(specOf(docs).dynamicAllocation.enabled).toBe(true),
  },
  {
    name: 'raw conf key owned by name',
    prop: 'sparkConf.spark.app.name',
    bad: app({ sparkConf: { 'spark.app.name': 'etl' } }),
    fix: 'remove it and use \'name\'',
    fixed: app({ name: 'etl' }),
    shows: (docs) => expect(findObject(docs, 'SparkApplication').metadata.name).toBe('etl'),
  },
  {
    name: 'raw conf key owned by deps.packages',
    prop: 'sparkConf.spark.jars.packages',
    bad: app({ sparkConf: { 'spark.jars.packages': 'org.apache.spark:spark-avro_2.13:4.0.4' } }),
    fix: 'remove it and use \'deps.packages\'',
    fixed: app({ deps: { packages: ['org.apache.spark:spark-avro_2.13:4.0.4'] } }),
    shows: (docs) => expect(specOf(docs).deps.packages).toEqual(['org.apache.spark:spark-avro_2.13:4.0.4']),
  },
  {
    name: 'raw conf key owned by the driver service account',
    prop: 'sparkConf.spark.kubernetes.authenticate.driver.serviceAccountName',
    bad: app({ sparkConf: { 'spark.kubernetes.authenticate.driver.serviceAccountName': 'spark' } }),
    fix: 'remove it and use \'driver.serviceAccount\'',
    fixed: app((chart) => ({ driver: { serviceAccount: ServiceAccount.fromServiceAccountName(chart, 'Sa', 'spark') } })),
    shows: (docs) => expect(specOf(docs).driver.serviceAccount).toBe('spark'),
  },
  {
    name: 'raw conf namespace',
    prop: 'sparkConf.spark.kubernetes.namespace',
    bad: app({ sparkConf: { 'spark.kubernetes.namespace': 'etl' } }),
    fix: 'remove it: the namespace comes from \'namespace\'',
    fixed: app({ namespace: 'etl' }),
    shows: (docs) => expect(findObject(docs, 'SparkApplication').metadata.namespace).toBe('etl'),
  },
  {
    name: 'raw conf value with surrounding whitespace',
    prop: 'sparkConf.spark.sql.shuffle.partitions',
    bad: app({ sparkConf: { 'spark.sql.shuffle.partitions': ' 200 ' } }),
    fix: 'use \'200\'',
    fixed: app({ sparkConf: { 'spark.sql.shuffle.partitions': '200' } }),
    shows: (docs) => expect(specOf(docs).sparkConf['spark.sql.shuffle.partitions']).toBe('200'),
  },
  {
    name: 'memory in conf without a unit',
    prop: 'sparkConf.spark.executor.pyspark.memory',
    bad: app({ sparkConf: { 'spark.executor.pyspark.memory': '4096' } }),
    fix: 'use \'4096m\' if you meant MiB (or \'4g\')',
    fixed: app({ sparkConf: { 'spark.executor.pyspark.memory': '4g' } }),
  },
  {
    name: 'literal S3A secret in conf',
    prop: 'sparkConf.spark.hadoop.fs.s3a.secret.key',
    bad: app({ sparkConf: { 'spark.hadoop.fs.s3a.secret.key': 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' } }),
    fix: 'keep the value in a Kubernetes Secret and pass it with \'hadoopConfFromSecrets\' ({ \'fs.s3a.secret.key\': { secret, key } })',
    fixed: app((chart) => ({ hadoopConfFromSecrets: { 'fs.s3a.secret.key': { secret: secret(chart, 's3'), key: 'secret-key' } } })),
    shows: (docs) => expect(specOf(docs).hadoopConf['fs.s3a.secret.key']).toMatch(/^\$\{env\./),
  },
  {
    name: 'hadoopConf key with the spark.hadoop. prefix',
    prop: 'hadoopConf.spark.hadoop.fs.s3a.endpoint',
    bad: app({ hadoopConf: { 'spark.hadoop.fs.s3a.endpoint': 'http://minio:9000' } }),
    fix: 'use \'fs.s3a.endpoint\'',
    fixed: app({ hadoopConf: { 'fs.s3a.endpoint': 'http://minio:9000' } }),
    shows: (docs) => expect(specOf(docs).hadoopConf['fs.s3a.endpoint']).toBe('http://minio:9000'),
  },
  {
    name: 'Hadoop key in sparkConfFromSecrets',
    prop: 'sparkConfFromSecrets.spark.hadoop.fs.s3a.secret.key',
    bad: app((chart) => ({ sparkConfFromSecrets: { 'spark.hadoop.fs.s3a.secret.key': { secret: secret(chart, 's3'), key: 'secret-key' } } })),
    fix: 'use \'hadoopConfFromSecrets\' with \'fs.s3a.secret.key\' (Hadoop resolves ${env.NAME})',
    fixed: app((chart) => ({ hadoopConfFromSecrets: { 'fs.s3a.secret.key': { secret: secret(chart, 's3'), key: 'secret-key' } } })),
  },
  {
    name: 'literal secret in an environment variable',
    prop: 'driver.env.DB_PASSWORD',
    bad: app({ driver: { env: { DB_PASSWORD: EnvValue.fromValue('hunter2-correct-horse') } } }),
    fix: 'store it in a Secret and use EnvValue.fromSecretValue({ secret, key })',
    fixed: app((chart) => ({ driver: { env: { DB_PASSWORD: EnvValue.fromSecretValue({ secret: secret(chart, 'db'), key: 'password' }) } } })),
  },
  {
    name: 'environment variable name',
    prop: 'driver.env.1SETTING',
    bad: app({ driver: { env: { '1SETTING': EnvValue.fromValue('x') } } }),
    fix: 'use \'_1SETTING\'',
    fixed: app({ driver: { env: { _1SETTING: EnvValue.fromValue('x') } } }),
  },
  {
    name: 'secret on the command line',
    prop: 'arguments[1]',
    bad: app({ arguments: ['--password', 'hunter2-correct-horse'] }),
    fix: 'read it from the environment inside the application (an environment variable from a Secret), or pass a file: \'--password-file /path/in/a/mounted/secret\'',
    fixed: app({ arguments: ['--password-file', '/etc/secrets/password'] }),
    shows: (docs) => expect(specOf(docs).arguments).toEqual(['--password-file', '/etc/secrets/password']),
  },
  {
    name: 'Maven coordinate without a version',
    prop: 'deps.packages[0]',
    bad: app({ deps: { packages: ['org.apache.spark:spark-avro_2.13'] } }),
    fix: 'e.g. \'org.apache.hadoop:hadoop-aws:3.4.1\'',
    fixed: app({ deps: { packages: ['org.apache.hadoop:hadoop-aws:3.4.1'] } }),
  },

  // SparkApplication: volumes and local directories
  {
    name: 'relative mount path',
    prop: 'volumes[0].path',
    bad: app({ volumes: [{ volume: SparkVolume.fromEmptyDir('cache'), path: 'data' }] }),
    fix: 'use \'/data\'',
    fixed: app({ volumes: [{ volume: SparkVolume.fromEmptyDir('cache'), path: '/data' }] }),
  },
  {
    name: 'mount path with ..',
    prop: 'volumes[0].path',
    bad: app({ volumes: [{ volume: SparkVolume.fromEmptyDir('cache'), path: '/opt/../data' }] }),
    fix: 'write the path without them, e.g. \'/data\'',
    fixed: app({ volumes: [{ volume: SparkVolume.fromEmptyDir('cache'), path: '/data' }] }),
  },
  {
    name: 'absolute subPath',
    prop: 'volumes[0].subPath',
    bad: app((chart) => ({ volumes: [{ volume: SparkVolume.fromConfigMap(ConfigMap.fromConfigMapName(chart, 'Cm', 'app-conf')), path: '/etc/app/app.properties', subPath: '/app.properties' }] })),
    fix: 'use \'app.properties\'',
    fixed: app((chart) => ({ volumes: [{ volume: SparkVolume.fromConfigMap(ConfigMap.fromConfigMapName(chart, 'Cm', 'app-conf')), path: '/etc/app/app.properties', subPath: 'app.properties' }] })),
  },
  {
    name: 'two volumes at one path',
    prop: 'driver.volumes',
    bad: app({ volumes: [{ volume: SparkVolume.fromEmptyDir('a'), path: '/data' }, { volume: SparkVolume.fromEmptyDir('b'), path: '/data' }] }),
    fix: 'mount each volume at its own path',
    fixed: app({ volumes: [{ volume: SparkVolume.fromEmptyDir('a'), path: '/data/a' }, { volume: SparkVolume.fromEmptyDir('b'), path: '/data/b' }] }),
  },
  {
    name: 'hostPath volume',
    prop: 'volumes[0]',
    bad: app({ volumes: [{ volume: SparkVolume.fromKubeVolume({ name: 'data', hostPath: { path: '/mnt/data' } }), path: '/data' }] }),
    fix: 'use a PersistentVolumeClaim, an emptyDir or object storage',
    fixed: app((chart) => ({ volumes: [{ volume: SparkVolume.fromPersistentVolumeClaim(PersistentVolumeClaim.fromClaimName(chart, 'Pvc', 'data')), path: '/data' }] })),
  },
  {
    name: 'emptyDir size limit 0',
    prop: 'volumes[0].volume.sizeLimit',
    bad: app({ volumes: [{ volume: SparkVolume.fromKubeVolume({ name: 'cache', emptyDir: { sizeLimit: { value: '0' } as any } }), path: '/cache' }] }),
    fix: 'remove \'sizeLimit\' for no limit, or give the most the volume may hold, e.g. \'1Gi\'',
    fixed: app({ volumes: [{ volume: SparkVolume.fromEmptyDir('cache', { sizeLimit: Size.gibibytes(1) }), path: '/cache' }] }),
  },
  {
    name: 'volume named like Spark\'s local directory',
    prop: 'localDirs',
    bad: app({ localDirs: SparkLocalDirs.emptyDir(), volumes: [{ volume: SparkVolume.fromEmptyDir('spark-local-dir-1'), path: '/scratch' }] }),
    fix: 'remove the volume, or remove \'localDirs\'',
    fixed: app({ localDirs: SparkLocalDirs.emptyDir() }),
  },
  {
    name: 'local dirs on a StorageClass that is no name',
    prop: 'localDirs.storageClass',
    bad: app({ localDirs: SparkLocalDirs.onDemandClaim({ size: Size.gibibytes(10), storageClass: 'GP3 SSD' }) }),
    fix: 'use e.g. \'gp3\'',
    fixed: app({ localDirs: SparkLocalDirs.onDemandClaim({ size: Size.gibibytes(10), storageClass: 'gp3' }) }),
  },
  {
    name: 'application and role node selectors',
    prop: 'driver.nodeSelector',
    bad: app({ nodeSelector: { pool: 'spark' }, driver: { nodeSelector: { zone: 'a' } } }),
    fix: 'move the labels into \'nodeSelector\', or into \'driver.nodeSelector\' and \'executor.nodeSelector\' only',
    fixed: app({ nodeSelector: { pool: 'spark', zone: 'a' } }),
  },

  // SparkApplication: runtime types (JavaScript callers)
  {
    name: 'a boolean given as a string',
    prop: 'executor.deleteOnTermination',
    bad: app({ executor: { deleteOnTermination: 'false' as any } }),
    fix: 'use false (a boolean, not a string)',
    fixed: app({ executor: { deleteOnTermination: false } }),
    shows: (docs) => expect(specOf(docs).executor.deleteOnTermination).toBe(false),
  },
  {
    name: 'an enum value spelled differently',
    prop: 'imagePullPolicy',
    bad: app({ imagePullPolicy: 'always' as any }),
    fix: 'use ImagePullPolicy.ALWAYS',
    fixed: app({ imagePullPolicy: ImagePullPolicy.ALWAYS }),
    shows: (docs) => expect(specOf(docs).imagePullPolicy).toBe('Always'),
  },
  {
    name: 'a string where a list belongs',
    prop: 'arguments',
    bad: app({ arguments: '1000' as any }),
    fix: 'wrap it in a list: [\'1000\']',
    fixed: app({ arguments: ['1000'] }),
    shows: (docs) => expect(specOf(docs).arguments).toEqual(['1000']),
  },
  {
    name: 'a Go duration string',
    prop: 'timeToLive',
    bad: app({ timeToLive: '1h' as any }),
    fix: 'use Duration.hours(1)',
    fixed: app({ timeToLive: Duration.hours(1) }),
    shows: (docs) => expect(specOf(docs).timeToLiveSeconds).toBe(3600),
  },
  {
    name: 'a number as an annotation value',
    prop: 'annotations.example.com/retries',
    bad: app({ annotations: { 'example.com/retries': 3 as any } }),
    fix: 'quote it: \'3\'',
    fixed: app({ annotations: { 'example.com/retries': '3' } }),
  },

  // SparkApplication: S3A, event log, opt-outs, driver accounts
  {
    name: 'the namespace\'s default account for the driver',
    prop: 'driver.serviceAccount',
    bad: app((chart) => ({ driver: { serviceAccount: ServiceAccount.fromServiceAccountName(chart, 'Default', 'default') } })),
    fix: 'remove \'driver.serviceAccount\' to get a least-privilege driver account, or pass a dedicated one, or accept the risk with SecurityOptOut.DEFAULT_SERVICE_ACCOUNT in \'securityOptOuts\' (recorded in the annotation spark.cdk8s.io/security-opt-outs)',
    fixed: app(),
    shows: (docs) => expect(specOf(docs).driver.serviceAccount).toBe('pi-driver'),
  },
  {
    name: 'a job namespace whose driver account is default',
    prop: 'jobNamespace',
    bad: app((chart) => ({ jobNamespace: SparkJobNamespace.fromNamespaceName(chart, 'Jobs', 'spark-jobs', 'default') })),
    fix: 'give the job namespace a dedicated driver account, or accept the risk with SecurityOptOut.DEFAULT_SERVICE_ACCOUNT in \'securityOptOuts\' (recorded in the annotation spark.cdk8s.io/security-opt-outs)',
    fixed: app((chart) => ({ jobNamespace: SparkJobNamespace.fromNamespaceName(chart, 'Jobs', 'spark-jobs', 'spark-driver') })),
    shows: (docs) => expect(specOf(docs).driver.serviceAccount).toBe('spark-driver'),
  },
  {
    name: 'a hostPath volume in conf',
    prop: 'sparkConf.spark.kubernetes.driver.volumes.hostPath.data.mount.path',
    bad: app({ sparkConf: { 'spark.kubernetes.driver.volumes.hostPath.data.mount.path': '/data' } }),
    fix: 'use a PersistentVolumeClaim, an emptyDir or object storage (SparkVolume, or spark.kubernetes.*.volumes.persistentVolumeClaim.*)',
    fixed: app((chart) => ({ volumes: [{ volume: SparkVolume.fromPersistentVolumeClaim(PersistentVolumeClaim.fromClaimName(chart, 'Pvc', 'data')), path: '/data' }] })),
  },
  {
    name: 'the redaction pattern in conf',
    prop: 'sparkConf.spark.redaction.regex',
    bad: app({ sparkConf: { 'spark.redaction.regex': 'nothing' } }),
    fix: 'remove it; keep secrets in Kubernetes Secrets so there is nothing to redact',
    fixed: app(),
  },
  {
    name: 'S3A endpoint with whitespace',
    prop: 's3a.endpoint',
    bad: app({ s3a: new S3a({ endpoint: 'http://minio :9000' }) }),
    fix: 'use e.g. \'http://minio.storage:9000\'',
    fixed: app({ s3a: new S3a({ endpoint: 'http://minio.storage:9000' }) }),
  },
  {
    name: 'S3A path-style access that is no boolean',
    prop: 's3a.pathStyleAccess',
    bad: app({ s3a: new S3a({ pathStyleAccess: 'yes' as any }) }),
    fix: 'use true for MinIO and most S3-compatible stores',
    fixed: app({ s3a: new S3a({ pathStyleAccess: true }) }),
    shows: (docs) => expect(specOf(docs).hadoopConf['fs.s3a.path.style.access']).toBe('true'),
  },
  {
    name: 'S3A on a Spark line without a known Hadoop version',
    prop: 'imageIncludesS3a',
    bad: app({ sparkVersion: SparkVersion.of('4.3.0'), image: 'registry.example.com/spark:4.3.0', eventLog: EventLog.toUrl(LOGS) }),
    fix: 'use an image that carries hadoop-aws and set imageIncludesS3a: true, or add \'org.apache.hadoop:hadoop-aws:<the Hadoop version of Spark 4.3>\' to \'deps.packages\'',
    fixed: app({ sparkVersion: SparkVersion.of('4.3.0'), image: 'registry.example.com/spark:4.3.0', eventLog: EventLog.toUrl(LOGS), imageIncludesS3a: true }),
    shows: (docs) => expect(specOf(docs).deps?.packages ?? []).toEqual([]),
  },
  {
    name: 'hadoop-aws that does not match the stock image',
    prop: 'deps.packages[0]',
    bad: app({ eventLog: EventLog.toUrl(LOGS), deps: { packages: ['org.apache.hadoop:hadoop-aws:3.3.4'] } }),
    fix: 'remove it: S3A\'s package is added for you',
    fixed: app({ eventLog: EventLog.toUrl(LOGS) }),
    shows: (docs) => expect(specOf(docs).deps.packages).toEqual(['org.apache.hadoop:hadoop-aws:3.4.1']),
  },
  {
    name: 'event log on a relative path',
    prop: 'eventLog',
    bad: app((chart) => ({ eventLog: EventLog.onVolume(SparkVolume.fromPersistentVolumeClaim(PersistentVolumeClaim.fromClaimName(chart, 'Pvc', 'events')), { mountPath: 'var/spark-events' }) })),
    fix: 'use \'/var/spark-events\'',
    fixed: app((chart) => ({ eventLog: EventLog.onVolume(SparkVolume.fromPersistentVolumeClaim(PersistentVolumeClaim.fromClaimName(chart, 'Pvc', 'events')), { mountPath: '/var/spark-events' }) })),
    shows: (docs) => expect(specOf(docs).sparkConf['spark.eventLog.dir']).toBe('file:///var/spark-events'),
  },
  {
    name: 'event log S3A credentials that differ from the application\'s for the same bucket',
    prop: 'eventLog.s3a',
    bad: app((chart) => ({
      s3a: new S3a({ bucket: 'spark-logs', credentials: secret(chart, 'a') }), eventLog: EventLog.toUrl(LOGS, { s3a: new S3a({ credentials: secret(chart, 'b') }) }),
    })),
    fix: 'give both the same S3a object, or give the event log a bucket of its own (s3a://<bucket>/...) so each gets its own credentials',
    fixed: app((chart) => ({ s3a: new S3a({ bucket: 'data', credentials: secret(chart, 'a') }), eventLog: EventLog.toUrl(LOGS, { s3a: new S3a({ credentials: secret(chart, 'b') }) }) })),
  },
  {
    name: 'sidecar running as root',
    prop: 'driver.sidecars[0].securityContext.runAsUser',
    bad: app({ driver: { sidecars: [{ ...SIDECAR, securityContext: { runAsUser: 0 } }] } }),
    fix: 'use a non-root uid such as 185',
    fixed: app({ driver: { sidecars: [{ ...SIDECAR, securityContext: { runAsUser: 185 } }] } }),
  },
  {
    name: 'opt-out the construct does not take',
    prop: 'securityOptOuts[0]',
    bad: app({ securityOptOuts: [SecurityOptOut.UNAUTHENTICATED_CONNECT] }),
    fix: 'remove it (a SparkApplication accepts SecurityOptOut.DEFAULT_SERVICE_ACCOUNT, SecurityOptOut.WEAKER_SIDECAR, SecurityOptOut.SENSITIVE_MOUNT, SecurityOptOut.SYSTEM_PRIORITY_CLASS)',
    fixed: app(),
  },

  // SparkApplication: operator-only settings
  {
    name: 'driver schedulerName with a batch scheduler',
    prop: 'driver.schedulerName',
    bad: app({ batchScheduler: BatchScheduler.VOLCANO, driver: { schedulerName: 'my-scheduler' } }),
    fix: 'remove it: the batch scheduler\'s name is set for you',
    fixed: app({ batchScheduler: BatchScheduler.VOLCANO }),
    shows: (docs) => expect(specOf(docs).batchScheduler).toBe('volcano'),
  },
  {
    name: 'UI service port name',
    prop: 'sparkUiOptions.servicePortName',
    bad: app({ sparkUiOptions: { servicePortName: 'Spark_UI' } }),
    fix: 'use a short name such as \'spark-ui\'',
    fixed: app({ sparkUiOptions: { servicePortName: 'spark-ui' } }),
    shows: (docs) => expect(specOf(docs).sparkUIOptions.servicePortName).toBe('spark-ui'),
  },
  {
    name: 'JMX exporter port below 1024',
    prop: 'monitoring.port',
    bad: app({ monitoring: Monitoring.jmxExporter({ jmxExporterJar: '/prometheus/jmx_prometheus_javaagent-1.0.1.jar', port: 80 }) }),
    fix: 'use a port from 1024 to 49151',
    fixed: app({ monitoring: Monitoring.jmxExporter({ jmxExporterJar: '/prometheus/jmx_prometheus_javaagent-1.0.1.jar', port: 8090 }) }),
    shows: (docs) => expect(specOf(docs).monitoring.prometheus.port).toBe(8090),
  },

  // ScheduledSparkApplication
  {
    name: 'schedule with a seconds field',
    prop: 'schedule',
    bad: scheduled({ schedule: '0 0 2 * * *' }),
    fix: 'remove the seconds field: the operator does not read seconds',
    fixed: scheduled({ schedule: '0 2 * * *' }),
    shows: (docs) => expect(specOf(docs, 'ScheduledSparkApplication').schedule).toBe('0 2 * * *'),
  },
  {
    name: 'schedule with the L extension',
    prop: 'schedule',
    bad: scheduled({ schedule: '0 2 L * *' }),
    fix: 'list the days instead, e.g. \'0 2 1,15 * *\'',
    fixed: scheduled({ schedule: '0 2 1,15 * *' }),
  },
  {
    name: 'time zone prefix and timeZone',
    prop: 'timeZone',
    bad: scheduled({ schedule: 'CRON_TZ=Europe/Berlin 0 2 * * *', timeZone: 'Europe/Berlin' }),
    fix: 'keep one of the two',
    fixed: scheduled({ schedule: '0 2 * * *', timeZone: 'Europe/Berlin' }),
    shows: (docs) => expect(specOf(docs, 'ScheduledSparkApplication').timeZone).toBe('Europe/Berlin'),
  },
  {
    name: 'time zone in the wrong case',
    prop: 'timeZone',
    bad: scheduled({ timeZone: 'europe/berlin' }),
    fix: 'use \'Europe/Berlin\'',
    fixed: scheduled({ timeZone: 'Europe/Berlin' }),
  },
  {
    name: 'concurrency policy spelled as a string',
    prop: 'concurrencyPolicy',
    bad: scheduled({ concurrencyPolicy: 'forbid' as any }),
    fix: 'use ConcurrencyPolicy.FORBID',
    fixed: scheduled({ concurrencyPolicy: ConcurrencyPolicy.FORBID }),
    shows: (docs) => expect(specOf(docs, 'ScheduledSparkApplication').concurrencyPolicy).toBe('Forbid'),
  },
  {
    name: 'scheduled name too long',
    prop: 'name',
    bad: scheduled({ name: 'n'.repeat(40) }),
    fix: 'shorten it by 4 characters',
    fixed: scheduled({ name: 'n'.repeat(36) }),
  },

  // SparkConnect (operator)
  {
    name: 'Connect without a token',
    prop: 'authenticationSecret',
    bad: connect({ authenticationSecret: undefined }),
    fix: 'pass the token\'s Secret key as \'authenticationSecret\' ({ secret, key }), or accept the risk with SecurityOptOut.UNAUTHENTICATED_CONNECT in \'securityOptOuts\' (recorded in the annotation spark.cdk8s.io/security-opt-outs)',
    fixed: connect(),
    shows: (docs) => expect(JSON.stringify(specOf(docs, 'SparkConnect'))).toContain('connect-token'),
  },
  {
    name: 'Connect token on Spark 3.5',
    prop: 'authenticationSecret',
    bad: connect({ sparkVersion: SparkVersion.V3_5_8 }),
    fix: 'use SparkVersion.V4_0_4 or later, or put an authenticating proxy in front',
    fixed: connect({ sparkVersion: SparkVersion.V4_0_4 }),
  },
  {
    name: 'Connect server GPUs',
    prop: 'server.gpu',
    bad: connect({ server: { gpu: { amount: 1 } } }),
    fix: 'request GPUs for the executors with \'executor.gpu\'',
    fixed: connect({ executor: { gpu: { amount: 1 } } }),
    shows: (docs) => expect(specOf(docs, 'SparkConnect').sparkConf['spark.executor.resource.gpu.amount']).toBe('1'),
  },
  {
    name: 'Connect ExternalName service',
    prop: 'server.service.type',
    bad: connect({ server: { service: { type: ServiceType.EXTERNAL_NAME } } }),
    fix: 'use ServiceType.CLUSTER_IP',
    fixed: connect({ server: { service: { type: ServiceType.CLUSTER_IP } } }),
  },
  {
    name: 'Connect deploy mode in conf',
    prop: 'sparkConf.spark.submit.deployMode',
    bad: connect({ sparkConf: { 'spark.submit.deployMode': 'cluster' } }),
    fix: 'remove it: the client-mode recipe sets it',
    fixed: connect(),
  },
  {
    name: 'Connect driver service account in conf',
    prop: 'sparkConf.spark.kubernetes.authenticate.driver.serviceAccountName',
    bad: connect({ sparkConf: { 'spark.kubernetes.authenticate.driver.serviceAccountName': 'spark' } }),
    fix: 'remove it and use \'server.serviceAccount\'',
    fixed: connect((chart) => ({ server: { serviceAccount: ServiceAccount.fromServiceAccountName(chart, 'Sa', 'spark') } })),
  },

  // SparkConnectServer
  {
    name: 'Connect server as the namespace\'s default account',
    prop: 'server.serviceAccount',
    bad: server((chart) => ({ server: { serviceAccount: ServiceAccount.fromServiceAccountName(chart, 'Default', 'default') } })),
    fix: 'remove \'server.serviceAccount\' to get a least-privilege driver account, or pass a dedicated one, or accept the risk with SecurityOptOut.DEFAULT_SERVICE_ACCOUNT in \'securityOptOuts\' (recorded in the annotation spark.cdk8s.io/security-opt-outs)',
    fixed: server(),
    shows: (docs) => expect(findObject(docs, 'Deployment', 'connect').spec.template.spec.serviceAccountName).toBe('connect-server'),
  },
  {
    name: 'Connect server replicas',
    prop: 'replicas',
    bad: server({ replicas: 2 }),
    fix: 'run one server per team or workload instead',
    fixed: server({ replicas: 1 }),
  },
  {
    name: 'Connect server ports that collide',
    prop: 'ports.ui',
    bad: server({ ports: { ui: 15002 } }),
    fix: 'give gRPC, UI, driver and block manager their own ports',
    fixed: server({ ports: { ui: 4041 } }),
    shows: (docs) => expect(confFile(docs, 'connect-conf')['spark.ui.port']).toBe('4041'),
  },
  {
    name: 'Connect server empty allowFrom',
    prop: 'allowFrom',
    bad: server({ allowFrom: [] }),
    fix: 'name the clients (NetworkPeer.namespace(name), .pods(labels), .podsInNamespace(name, labels)), or remove it to admit the server\'s own namespace',
    fixed: server({ allowFrom: [NetworkPeer.namespace('notebooks')] }),
  },
  {
    name: 'Connect server allowFrom without the NetworkPolicy',
    prop: 'allowFrom',
    bad: server({ networkPolicy: false, allowFrom: [NetworkPeer.namespace('notebooks')] }),
    fix: 'remove \'networkPolicy: false\' or \'allowFrom\'',
    fixed: server({ allowFrom: [NetworkPeer.namespace('notebooks')] }),
    shows: (docs) => expect(findObjects(docs, 'NetworkPolicy').length).toBeGreaterThan(0),
  },
  {
    name: 'Connect server Ingress without admitting the controller',
    prop: 'allowFrom',
    bad: server({ ingress: { host: 'connect.example.com' } }),
    fix: 'add NetworkPeer.namespace(\'<namespace of the ingress controller>\') to \'allowFrom\'',
    fixed: server({ ingress: { host: 'connect.example.com' }, allowFrom: [NetworkPeer.namespace('ingress-nginx')] }),
  },
  {
    name: 'Connect server port in conf',
    prop: 'sparkConf.spark.driver.port',
    bad: server({ sparkConf: { 'spark.driver.port': '7070' } }),
    fix: 'remove it and use \'ports.driver\'',
    fixed: server({ ports: { driver: 7070 } }),
    shows: (docs) => expect(confFile(docs, 'connect-conf')['spark.driver.port']).toBe('7070'),
  },
  {
    name: 'Connect server driver service account in conf',
    prop: 'sparkConf.spark.kubernetes.authenticate.driver.serviceAccountName',
    bad: server({ sparkConf: { 'spark.kubernetes.authenticate.driver.serviceAccountName': 'spark' } }),
    fix: 'remove it and use \'server.serviceAccount\'',
    fixed: server((chart) => ({ server: { serviceAccount: ServiceAccount.fromServiceAccountName(chart, 'Sa', 'spark') } })),
  },
  {
    name: 'Connect server gRPC route to an IP address',
    prop: 'grpcRoute.hostnames[0]',
    bad: server({ grpcRoute: { gatewayName: 'public-gateway', hostnames: ['10.0.0.1'] }, allowFrom: [NetworkPeer.namespace('gateway')] }),
    fix: 'use e.g. \'spark-connect.example.com\'',
    fixed: server({ grpcRoute: { gatewayName: 'public-gateway', hostnames: ['spark-connect.example.com'] }, allowFrom: [NetworkPeer.namespace('gateway')] }),
  },

  // SparkSubmitJob
  {
    name: 'submit executor.instances 0 → dynamic allocation',
    prop: 'executor.instances',
    bad: submit({ executor: { instances: 0 } }),
    fix: 'use a whole number of at least 1, or remove it and set \'dynamicAllocation\' (e.g. { maxExecutors: 4 }) to let Spark size the executors',
    fixed: submit({ dynamicAllocation: { maxExecutors: 4 } }),
    shows: (docs) => expect(confFile(docs, 'pi-conf')).toMatchObject({ 'spark.dynamicAllocation.enabled': 'true', 'spark.dynamicAllocation.maxExecutors': '4' }),
  },
  {
    name: 'submit schedule-only prop without a schedule',
    prop: 'timeZone',
    bad: submit({ timeZone: 'Europe/Berlin' }),
    fix: 'set \'schedule\' or remove it',
    fixed: submit({ timeZone: 'Europe/Berlin', schedule: '0 2 * * *' }),
    shows: (docs) => expect(findObject(docs, 'CronJob').spec.timeZone).toBe('Europe/Berlin'),
  },
  {
    name: 'submit @every on a CronJob',
    prop: 'schedule',
    bad: submit({ schedule: '@every 1h' }),
    fix: 'use a 5-field cron expression such as \'*/5 * * * *\'',
    fixed: submit({ schedule: '*/5 * * * *' }),
  },
  {
    name: 'submit Local time zone',
    prop: 'timeZone',
    bad: submit({ schedule: '0 2 * * *', timeZone: 'Local' }),
    fix: 'use a name from the IANA database, e.g. \'UTC\' or \'Europe/Berlin\'',
    fixed: submit({ schedule: '0 2 * * *', timeZone: 'UTC' }),
  },
  {
    name: 'submit activeDeadline 0',
    prop: 'activeDeadline',
    bad: submit({ activeDeadline: Duration.seconds(0) }),
    fix: 'use Duration.hours(2) or similar',
    fixed: submit({ activeDeadline: Duration.hours(2) }),
    shows: (docs) => expect(findObject(docs, 'Job').spec.activeDeadlineSeconds).toBe(7200),
  },
  {
    name: 'submit keepDriverPod on a standalone master',
    prop: 'keepDriverPod',
    bad: onCluster({ keepDriverPod: true }),
    fix: 'remove it or remove \'master\'',
    fixed: onCluster(),
  },
  {
    name: 'submit pod settings on a standalone master',
    prop: 'executor',
    bad: onCluster({ executor: { tolerations: [{ key: 'spark', operator: 'Exists' }] } }),
    fix: 'remove \'master\', or set them on the SparkStandaloneCluster\'s pods',
    fixed: onCluster({}, { pod: { tolerations: [{ key: 'spark', operator: 'Exists' }] } }),
    shows: (docs) => expect(findObject(docs, 'Deployment', 'spark-worker').spec.template.spec.tolerations).toEqual([{ key: 'spark', operator: 'Exists' }]),
  },
  {
    name: 'submit Spark version other than the master\'s',
    prop: 'sparkVersion',
    bad: onCluster({ sparkVersion: SparkVersion.V3_5_8 }),
    fix: 'remove \'sparkVersion\' to use the master\'s',
    fixed: onCluster(),
  },
  {
    name: 'submit shuffle tracking off without the shuffle service',
    prop: 'dynamicAllocation.shuffleTracking',
    bad: onCluster({ dynamicAllocation: { maxExecutors: 4, shuffleTracking: false } }),
    fix: 'set shuffleService: true on the SparkStandaloneCluster, or leave shuffleTracking on',
    fixed: onCluster({ dynamicAllocation: { maxExecutors: 4, shuffleTracking: false } }, { shuffleService: true }),
    shows: (docs) => expect(confFile(docs, 'pi-conf')['spark.shuffle.service.enabled']).toBe('true'),
  },
  {
    name: 'submit RPC authentication in conf',
    prop: 'sparkConf.spark.authenticate',
    bad: onCluster({ sparkConf: { 'spark.authenticate': 'true' } }),
    fix: 'remove it: the master\'s \'authenticationSecret\' (SparkStandaloneCluster) sets it',
    fixed: onCluster(),
    shows: (docs) => expect(confFile(docs, 'pi-conf')['spark.authenticate']).toBe('true'),
  },

  {
    name: 'submit as the namespace\'s default account',
    prop: 'submitter.serviceAccount',
    bad: submit((chart) => ({ submitter: { serviceAccount: ServiceAccount.fromServiceAccountName(chart, 'Default', 'default') } })),
    fix: 'remove \'submitter\' to get a dedicated submitter account, or pass a dedicated one, or accept the risk with SecurityOptOut.DEFAULT_SERVICE_ACCOUNT in \'securityOptOuts\' (recorded in the annotation spark.cdk8s.io/security-opt-outs)',
    fixed: submit(),
    shows: (docs) => expect(findObject(docs, 'Job').spec.template.spec.serviceAccountName).toBe('pi-submitter'),
  },

  // SparkHistoryServer
  {
    name: 'History Server S3A on a Spark line without a known Hadoop version',
    prop: 'imageIncludesS3a',
    bad: history({ sparkVersion: SparkVersion.of('4.3.0'), image: 'registry.example.com/spark:4.3.0' }),
    fix: 'use an image that carries hadoop-aws and set imageIncludesS3a: true, or add \'org.apache.hadoop:hadoop-aws:<the Hadoop version of Spark 4.3>\' to \'packages\'',
    fixed: history({ sparkVersion: SparkVersion.of('4.3.0'), image: 'registry.example.com/spark:4.3.0', imageIncludesS3a: true }),
    shows: (docs) => expect(confFile(docs, 'history-conf')['spark.jars.packages']).toBeUndefined(),
  },
  {
    name: 'History Server heap too small',
    prop: 'memory',
    bad: history({ memory: Size.mebibytes(64) }),
    fix: 'use Size.gibibytes(1) or more for many applications',
    fixed: history({ memory: Size.gibibytes(1) }),
  },
  {
    name: 'History Server repositories without packages',
    prop: 'repositories',
    bad: history((chart) => ({ eventLog: EventLog.onVolume(eventsClaim(chart)), repositories: ['https://repo.example.com/maven2'] })),
    fix: 'add the packages or remove it',
    fixed: history((chart) => ({ eventLog: EventLog.onVolume(eventsClaim(chart)), repositories: ['https://repo.example.com/maven2'], packages: ['org.apache.spark:spark-avro_2.13:4.0.4'] })),
    shows: (docs) => expect(confFile(docs, 'history-conf')['spark.jars.repositories']).toBe('https://repo.example.com/maven2'),
  },
  {
    name: 'History Server hadoop-aws of another Hadoop',
    prop: 'packages[0]',
    bad: history({ packages: ['org.apache.hadoop:hadoop-aws:3.3.4'] }),
    fix: 'remove it: S3A\'s package is added for you',
    fixed: history(),
    shows: (docs) => expect(confFile(docs, 'history-conf')['spark.jars.packages']).toBe('org.apache.hadoop:hadoop-aws:3.4.1'),
  },
  {
    name: 'History Server keeps no log',
    prop: 'cleaner.maxNum',
    bad: history({ cleaner: { maxNum: 0 } }),
    fix: 'keep at least one log or leave it unset',
    fixed: history({ cleaner: { maxNum: 1 } }),
  },
  {
    name: 'History Server log directory with glob characters',
    prop: 'eventLog',
    bad: history({ eventLog: EventLog.toUrl('s3a://spark-logs/events-*') }),
    fix: 'name the directory without them, e.g. \'s3a://spark-logs/events\'',
    fixed: history({ eventLog: EventLog.toUrl('s3a://spark-logs/events') }),
  },
  {
    name: 'History Server image in conf',
    prop: 'sparkConf.spark.kubernetes.container.image',
    bad: history({ sparkConf: { 'spark.kubernetes.container.image': 'apache/spark:4.0.4' } }),
    fix: 'use \'image\'',
    fixed: history({ image: 'apache/spark:4.0.4' }),
    shows: (docs) => expect(containers(docs, 'Deployment', 'history')[0].image).toBe('apache/spark:4.0.4'),
  },
  {
    name: 'History Server log directory in conf',
    prop: 'sparkConf.spark.history.fs.logDirectory',
    bad: history({ sparkConf: { 'spark.history.fs.logDirectory': 's3a://other/events' } }),
    fix: 'remove it and use \'eventLog\'',
    fixed: history({ eventLog: EventLog.toUrl('s3a://other/events') }),
    shows: (docs) => expect(confFile(docs, 'history-conf')['spark.history.fs.logDirectory']).toBe('s3a://other/events'),
  },
  {
    name: 'application writes where no History Server reads',
    prop: 'eventLog',
    bad: (chart) => {
      history()(chart);
      app({ eventLog: EventLog.toUrl('s3a://spark-logs/other') })(chart);
    },
    fix: 'pass the same EventLog object to the application and the History Server',
    fixed: (chart) => {
      const logs = EventLog.toUrl(LOGS);
      history({ eventLog: logs })(chart);
      app({ eventLog: logs })(chart);
    },
  },

  // SparkStandaloneCluster
  {
    name: 'standalone cluster without RPC authentication',
    prop: 'authenticationSecret',
    bad: standalone({ authenticationSecret: undefined }),
    fix: 'create a Secret with a long random value and pass { secret: Secret.fromSecretName(this, \'Auth\', \'spark-auth\'), key: \'secret\' }, or accept the risk with SecurityOptOut.UNAUTHENTICATED_STANDALONE in \'securityOptOuts\' (recorded in the annotation spark.cdk8s.io/security-opt-outs)',
    fixed: standalone((chart) => ({ authenticationSecret: { secret: Secret.fromSecretName(chart, 'Auth', 'spark-auth'), key: 'secret' } })),
    shows: (docs) => expect(confFile(docs, 'spark-conf')['spark.authenticate']).toBe('true'),
  },
  {
    name: 'standalone worker memory too small',
    prop: 'worker.memory',
    bad: standalone({ worker: { memory: Size.mebibytes(256) } }),
    fix: 'use Size.mebibytes(512) or more',
    fixed: standalone({ worker: { memory: Size.mebibytes(512) } }),
  },
  {
    name: 'standalone worker pod memory too small',
    prop: 'worker.podMemory',
    bad: standalone({ worker: { memory: Size.gibibytes(2), podMemory: Size.gibibytes(2) } }),
    fix: 'raise it to 3456Mi or lower \'worker.memory\'',
    fixed: standalone({ worker: { memory: Size.gibibytes(2), podMemory: Size.mebibytes(3456) } }),
  },
  {
    name: 'standalone daemon memory too small',
    prop: 'daemonMemory',
    bad: standalone({ daemonMemory: Size.mebibytes(64) }),
    fix: 'use Size.mebibytes(512) or more',
    fixed: standalone({ daemonMemory: Size.mebibytes(512) }),
  },
  {
    name: 'standalone autoscaling target above 100 %',
    prop: 'worker.autoscaling.cpuUtilization',
    bad: standalone({ worker: { autoscaling: { maxReplicas: 4, cpuUtilization: 150 } } }),
    fix: 'use e.g. 80',
    fixed: standalone({ worker: { autoscaling: { maxReplicas: 4, cpuUtilization: 80 } } }),
    shows: (docs) => expect(findObject(docs, 'HorizontalPodAutoscaler').spec.maxReplicas).toBe(4),
  },
  {
    name: 'standalone network encryption on Spark 3.5',
    prop: 'networkEncryption',
    bad: standalone({ sparkVersion: SparkVersion.V3_5_8, networkEncryption: true }),
    fix: 'use SparkVersion.V4_0_4 or later',
    fixed: standalone({ sparkVersion: SparkVersion.V4_0_4, networkEncryption: true }),
    shows: (docs) => expect(confFile(docs, 'spark-conf')['spark.network.crypto.enabled']).toBe('true'),
  },
  {
    name: 'standalone RPC authentication in conf',
    prop: 'sparkConf.spark.authenticate',
    bad: standalone({ sparkConf: { 'spark.authenticate': 'true' } }),
    fix: 'remove it and use \'authenticationSecret\'',
    fixed: standalone(),
    shows: (docs) => expect(confFile(docs, 'spark-conf')['spark.authenticate']).toBe('true'),
  },
  {
    name: 'standalone service account in conf',
    prop: 'sparkConf.spark.kubernetes.authenticate.driver.serviceAccountName',
    bad: standalone({ sparkConf: { 'spark.kubernetes.authenticate.driver.serviceAccountName': 'spark' } }),
    fix: 'remove it',
    fixed: standalone(),
  },

  // SparkOperator and addJobNamespace
  {
    name: 'operator without job namespaces',
    prop: 'jobNamespaces',
    bad: operator({ jobNamespaces: [] }),
    fix: 'list the namespaces where Spark jobs run, add one with addJobNamespace(), or set watchAllNamespaces: true to watch every namespace',
    fixed: operator({ jobNamespaces: [] }, (op) => op.addJobNamespace('etl')),
    shows: (docs) => expect(findObjects(docs, 'RoleBinding').some((b) => b.metadata.namespace === 'etl')).toBe(true),
  },
  {
    name: 'addJobNamespace with a bad name',
    prop: 'jobNamespaces',
    bad: operator({}, (op) => op.addJobNamespace('Nightly_ETL')),
    fix: 'use a name such as \'nightly-etl\'',
    fixed: operator({}, (op) => op.addJobNamespace('nightly-etl')),
  },
  {
    name: 'application in a namespace the operator does not watch',
    prop: 'jobNamespaces',
    bad: (chart) => {
      operator({ jobNamespaces: ['etl'] })(chart);
      app()(chart);
    },
    fix: 'add it with addJobNamespace(\'spark-jobs\') or pass the job namespace to the application',
    fixed: (chart) => {
      const op = new SparkOperator(chart, 'Operator', { jobNamespaces: ['etl'] });
      app({ jobNamespace: op.addJobNamespace('spark-jobs') })(chart);
    },
  },
  {
    name: 'operator image tag latest',
    prop: 'imageTag',
    bad: operator({ imageTag: 'latest' }),
    fix: 'pin a version, e.g. \'2.5.2\'',
    fixed: operator({ imageTag: '2.5.2' }),
    shows: (docs) => expect(containers(docs, 'Deployment', 'spark-operator-controller')[0].image).toMatch(/:2\.5\.2$/),
  },

  // SparkDriverRbac and SparkJobNamespace
  {
    name: 'driver Role rule with a wildcard',
    prop: 'rules[0].verbs[0]',
    bad: rbac({ rules: [{ apiGroups: ['apps'], resources: ['statefulsets'], verbs: ['*'] }] }),
    fix: 'name the verbs get, list, watch, create, update, patch, delete, deletecollection exactly',
    fixed: rbac({ rules: [{ apiGroups: ['apps'], resources: ['statefulsets'], verbs: ['get'] }] }),
  },
  {
    name: 'driver Role rule on Secrets',
    prop: 'rules[0].resources',
    bad: rbac({ rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['get'] }] }),
    fix: 'mount the Secret into the pods instead (SparkVolume.fromSecret, or env with EnvValue.fromSecretValue)',
    fixed: rbac(),
  },
  {
    name: 'driver RBAC without a namespace',
    prop: 'namespace',
    bad: () => new SparkDriverRbac(new Chart(Testing.app(), 'no-namespace'), 'Rbac', {} as SparkDriverRbacProps),
    fix: 'pass e.g. \'spark-jobs\'',
    fixed: rbac({ namespace: 'spark-jobs' }),
  },
  {
    name: 'job namespace that is no DNS-1123 label',
    prop: 'namespace',
    bad: jobNamespace({ namespace: 'Spark_Jobs' }),
    fix: 'use a name such as \'spark-jobs\'',
    fixed: jobNamespace({ namespace: 'spark-jobs' }),
    shows: (docs) => expect(findObject(docs, 'RoleBinding').metadata.namespace).toBe('spark-jobs'),
  },
  {
    name: 'job namespace driver account name',
    prop: 'driverServiceAccountName',
    bad: jobNamespace({ driverServiceAccountName: 'Spark_Driver' }),
    fix: 'use lower-case letters, digits, \'-\' and \'.\'',
    fixed: jobNamespace({ driverServiceAccountName: 'spark-driver' }),
    shows: (docs) => expect(findObject(docs, 'ServiceAccount').metadata.name).toBe('spark-driver'),
  },
  // Map keys cdk8s cannot render ('constructor') or a JavaScript map cannot hold ('__proto__').
  {
    name: 'label key cdk8s cannot render',
    prop: 'labels.constructor',
    bad: app({ labels: { constructor: 'data' } }),
    fix: 'use a key such as \'example.com/team\'',
    fixed: app({ labels: { 'example.com/team': 'data' } }),
    shows: (docs) => expect(findObject(docs, 'SparkApplication').metadata.labels).toEqual({ 'example.com/team': 'data' }),
  },
  {
    name: 'Spark configuration key cdk8s cannot render',
    prop: 'sparkConf.constructor',
    bad: app({ sparkConf: { constructor: '1' } }),
    fix: 'remove it: no Spark or Hadoop key has this name',
    fixed: app({ sparkConf: {} }),
  },
  {
    name: 'Spark configuration key a map cannot hold',
    prop: 'sparkConf.__proto__',
    bad: app({ sparkConf: JSON.parse('{ "__proto__": "1" }') }),
    fix: 'remove it: no Spark or Hadoop key has this name',
    fixed: app({ sparkConf: {} }),
  },
  {
    name: 'batch scheduler resource key cdk8s cannot render',
    prop: 'batchSchedulerOptions.resources.constructor',
    bad: app({ batchScheduler: BatchScheduler.VOLCANO, batchSchedulerOptions: { resources: { constructor: '1' } } }),
    fix: 'use another key',
    fixed: app({ batchScheduler: BatchScheduler.VOLCANO, batchSchedulerOptions: { resources: { cpu: '1' } } }),
    shows: (docs) => expect(findObject(docs, 'SparkApplication').spec.batchSchedulerOptions.resources).toEqual({ cpu: '1' }),
  },

  // The runtime type of every prop (src/_prop-types.ts): what a JavaScript caller gets for a value of the wrong type
  {
    name: 'a boolean as a string, in a pod\'s security',
    prop: 'security.allowPrivilegeEscalation',
    bad: app({ security: { allowPrivilegeEscalation: 'false' } as any }),
    fix: 'use false (a boolean, not a string)',
    fixed: app({ security: { allowPrivilegeEscalation: false } }),
    shows: (docs) => expect(specOf(docs).driver.template.spec.containers[0].securityContext.allowPrivilegeEscalation).toBe(false),
  },
  {
    name: 'a boolean as a string, in a pod option',
    prop: 'driver.shareProcessNamespace',
    bad: app({ driver: { shareProcessNamespace: 'true' } as any }),
    fix: 'use true (a boolean, not a string)',
    fixed: app({ driver: { shareProcessNamespace: true } }),
    shows: (docs) => expect(specOf(docs).driver.template.spec.shareProcessNamespace).toBe(true),
  },
  {
    name: 'null for an option',
    prop: 'driver.env',
    bad: app({ driver: { env: null } as any }),
    fix: 'leave it out to take the default (null is not "not set")',
    fixed: app({ driver: {} }),
  },
  {
    name: 'one toleration not in a list',
    prop: 'driver.tolerations',
    bad: app({ driver: { tolerations: { key: 'gpu', operator: 'Exists' } } as any }),
    fix: 'wrap it in a list: [{ … }]',
    fixed: app({ driver: { tolerations: [{ key: 'gpu', operator: 'Exists' }] } }),
    shows: (docs) => expect(specOf(docs).driver.template.spec.tolerations).toEqual([{ key: 'gpu', operator: 'Exists' }]),
  },
  {
    name: 'a string for an environment value',
    prop: 'driver.env.MODE',
    bad: app({ driver: { env: { MODE: 'batch' } } as any }),
    fix: 'use EnvValue.fromValue(\'batch\')',
    fixed: app({ driver: { env: { MODE: EnvValue.fromValue('batch') } } }),
    shows: (docs) => expect(specOf(docs).driver.template.spec.containers[0].env).toContainEqual({ name: 'MODE', value: 'batch' }),
  },
  {
    name: 'a bare number for a sidecar\'s probe port',
    prop: 'driver.sidecars[0].readinessProbe.httpGet.port',
    bad: app({ driver: { sidecars: [{ ...SIDECAR, readinessProbe: { httpGet: { path: '/ready', port: 8080 as any } } }] } }),
    fix: 'use k8s.IntOrString.fromNumber(8080)',
    fixed: app({ driver: { sidecars: [{ ...SIDECAR, readinessProbe: { httpGet: { path: '/ready', port: k8s.IntOrString.fromNumber(8080) } } }] } }),
    // cdk8s-plus renders `port.value`: a bare number went out as a probe without a port.
    shows: (docs) => expect(specOf(docs).driver.template.spec.containers.find((c: any) => c.name === 'log-shipper').readinessProbe.httpGet.port).toBe(8080),
  },
  {
    name: 'a string for a sidecar\'s memory',
    prop: 'driver.sidecars[0].resources.limits.memory',
    bad: app({ driver: { sidecars: [{ ...SIDECAR, resources: { ...SIDECAR.resources, limits: { memory: '64Mi' as any } } }] } }),
    fix: 'use k8s.Quantity.fromString(\'64Mi\')',
    fixed: app({ driver: { sidecars: [{ ...SIDECAR, resources: { ...SIDECAR.resources, limits: { memory: k8s.Quantity.fromString('64Mi') } } }] } }),
    shows: (docs) => expect(specOf(docs).driver.template.spec.containers.find((c: any) => c.name === 'log-shipper').resources.limits.memory).toBe('64Mi'),
  },
  {
    name: 'a command line in one string',
    prop: 'driver.sidecars[0].command',
    bad: app({ driver: { sidecars: [{ ...SIDECAR, command: 'sleep 3600' as any }] } }),
    fix: 'use a list of its words: [\'sleep\', \'3600\'] (or [\'sleep 3600\'] for one entry holding spaces)',
    fixed: app({ driver: { sidecars: [{ ...SIDECAR, command: ['sleep', '3600'] }] } }),
    shows: (docs) => expect(specOf(docs).driver.template.spec.containers.find((c: any) => c.name === 'log-shipper').command).toEqual(['sleep', '3600']),
  },
  {
    name: 'a string for a Kubernetes struct',
    prop: 'driver.affinity',
    bad: app({ driver: { affinity: 'zone-a' } as any }),
    fix: 'use an object literal of its fields, e.g. {}',
    fixed: app({ driver: { affinity: {} } }),
  },
];

/** The line of a message that names `prop` (synth-time validation lists one problem per line). */
function lineFor(message: string, prop: string): string {
  return message.split('\n').find((l) => l.includes(`'${prop}' `)) ?? message;
}

describe('every fix text leads to a valid result', () => {
  test.each(ROWS.map((r) => [r.name, r] as const))('%s', (_name, row) => {
    const message = chartErrorOf(row.bad);
    const line = lineFor(message, row.prop);
    expect(line).toContain(`'${row.prop}' `);
    expect(line.endsWith(`; ${row.fix}`) ? row.fix : line).toBe(row.fix);

    const docs = synthChartValid(row.fixed);
    row.shows?.(docs);
  });

  test('the rows name distinct fixes of every main construct', () => {
    expect(new Set(ROWS.map((r) => r.name)).size).toBe(ROWS.length);
    expect(ROWS.length).toBeGreaterThanOrEqual(100);
  });
});
