/**
 * Issue "It runs": what Spark and Kubernetes do with the output at run time,
 * for the rules every backend shares (the application model): S3A's package
 * on images without it (D1, D8), Spark's local directories (no volume Spark
 * adds a second time), configuration values from Secrets, the executor pods
 * allocator and its RBAC, one-pod local mode, and a main class on the
 * classpath. Each backend is read back the way the operator or spark-submit
 * reads it (test/harness/spark-conf.ts), and every App passes the harness,
 * whose runtime rule projects the pods with Spark's own volumes.
 */
import { App, Chart, Size, Testing } from 'cdk8s';
import { Secret, ServiceAccount } from 'cdk8s-plus-28';
import { build as gpuExample } from '../../examples/gpu-executor';
import {
  ApplicationFile, EventLog, ExecutorPodsAllocator, S3a, SparkApplication, SparkConnect, SparkConnectServer, SparkJobNamespace, SparkRuntimeOptions,
  SparkSubmitJob, SparkVersion, SparkVolume, ScheduledSparkApplication,
} from '../../src';
import { s3aPackage, hadoopVersionOf, isStockSparkImage } from '../../src/application/_s3a-connector';
import { SparkLocalDirs } from '../../src/application/local-dirs';
import { findObject, findObjects, formatViolation, synthValid, validateManifests, withTypedReferences } from '../harness';
import { chartErrorOf } from '../harness/expect-error';
import { effectiveSparkConf } from '../harness/spark-conf';

const MAIN = { mainApplicationFile: ApplicationFile.fromImagePath('/opt/spark/examples/jars/spark-examples.jar'), mainClass: 'org.apache.spark.examples.SparkPi' };
const token = (chart: Chart) => ({ secret: Secret.fromSecretName(chart, 'Token', 'connect-token'), key: 'token' });

type Props = SparkRuntimeOptions & { driver?: any; localMode?: boolean; mainApplicationFile?: ApplicationFile; mainClass?: string };
const BACKENDS: { [name: string]: (chart: Chart, props: Props) => void } = {
  SparkApplication: (chart, { driver, ...p }) => new SparkApplication(chart, 'App', { name: 'app', ...MAIN, ...p, driver }),
  ScheduledSparkApplication: (chart, { driver, ...p }) => new ScheduledSparkApplication(chart, 'App', { name: 'app', ...MAIN, ...p, driver, schedule: '@daily' }),
  SparkSubmitJob: (chart, { driver, ...p }) => new SparkSubmitJob(chart, 'App', { name: 'app', ...MAIN, ...p, driver }),
  SparkConnect: (chart, { driver, ...p }) => new SparkConnect(chart, 'App', { name: 'app', ...p, server: driver, authenticationSecret: token(chart) }),
  SparkConnectServer: (chart, { driver, ...p }) => new SparkConnectServer(chart, 'App', { name: 'app', ...p, server: driver, authenticationSecret: token(chart) }),
};
const ALL = Object.keys(BACKENDS);
const WITH_MAIN_FILE = ['SparkApplication', 'ScheduledSparkApplication', 'SparkSubmitJob'];

function synth(backend: string, props: Props): any[] {
  return synthValid((app: App) => BACKENDS[backend](new Chart(app, 'test', { namespace: 'spark-jobs' }), props));
}

/** The effective Spark configuration of the one Spark workload of an output. */
function confOf(docs: any[]): { [key: string]: string } {
  const confs = docs.map((d) => effectiveSparkConf(docs, d)).filter((c) => c !== undefined);
  expect(confs).toHaveLength(1);
  return confs[0]!;
}

/** The driver (or server) and executor pod templates of an output, wherever the backend keeps them. */
function templatesOf(docs: any[]): { driver: any; executor: any } {
  const cr = docs.find((d) => d.apiVersion?.startsWith('sparkoperator.k8s.io/'));
  if (cr) {
    const spec = cr.kind === 'ScheduledSparkApplication' ? cr.spec.template : cr.spec;
    return { driver: (spec.driver ?? spec.server).template, executor: spec.executor.template };
  }
  const files = Object.assign({}, ...findObjects(docs, 'ConfigMap').map((cm) => cm.data));
  const deployment = docs.find((d) => d.kind === 'Deployment');
  return {
    driver: deployment ? deployment.spec.template : JSON.parse(files['driver-pod-template.json']),
    executor: JSON.parse(files['executor-pod-template.json']),
  };
}

const mainContainer = (template: any) => template.spec.containers[0];

describe('S3A on an image without it (D1, D8)', () => {
  test('the Hadoop line of each Spark line, from Spark\'s pom.xml', () => {
    expect([SparkVersion.V3_5_8, SparkVersion.V4_0_4, SparkVersion.V4_1_3, SparkVersion.V4_2_0].map(s3aPackage)).toEqual([
      'org.apache.hadoop:hadoop-aws:3.3.4', 'org.apache.hadoop:hadoop-aws:3.4.1', 'org.apache.hadoop:hadoop-aws:3.4.2', 'org.apache.hadoop:hadoop-aws:3.4.3',
    ]);
    expect(hadoopVersionOf(SparkVersion.of('4.3.0'))).toBeUndefined();
    expect(s3aPackage(SparkVersion.of('3.4.4'))).toBeUndefined();
  });

  test.each([
    ['apache/spark:4.0.4', true], ['apache/spark:4.2.0-python3', true], ['docker.io/apache/spark:4.0.4', true], ['spark:4.0.0', true],
    ['index.docker.io/library/spark:4.0.0', true], ['registry.example.com/apache/spark:4.0.4', false], ['example/spark:4.0.4', false], ['apache/spark-py:v3.4.0', false],
  ])('%s is a stock Spark image: %s', (image, stock) => {
    expect(isStockSparkImage(image)).toBe(stock);
  });

  describe.each(ALL)('%s', (backend) => {
    test.each([
      [SparkVersion.V4_0_4, '3.4.1'], [SparkVersion.V4_1_3, '3.4.2'], [SparkVersion.V4_2_0, '3.4.3'],
    ])('Spark %s with s3a gets hadoop-aws %s, fetched into the scratch volume', (sparkVersion, hadoop) => {
      const conf = confOf(synth(backend, { sparkVersion, s3a: new S3a({ region: 'eu-central-1' }) }));
      expect(conf['spark.jars.packages']).toBe(`org.apache.hadoop:hadoop-aws:${hadoop}`);
      expect(conf['spark.jars.ivy']).toBe('/tmp/.ivy2');
    });

    test('an s3a:// event log alone brings the package too', () => {
      expect(confOf(synth(backend, { eventLog: EventLog.toUrl('s3a://spark-logs/events') }))['spark.jars.packages']).toBe('org.apache.hadoop:hadoop-aws:3.4.1');
    });

    test('fs.s3a.* Hadoop settings and s3a:// files bring it too', () => {
      expect(confOf(synth(backend, { hadoopConf: { 'fs.s3a.connection.maximum': '200' } }))['spark.jars.packages']).toBe('org.apache.hadoop:hadoop-aws:3.4.1');
      expect(confOf(synth(backend, { deps: { files: [ApplicationFile.fromUrl('s3a://data/lookup.csv')] } }))['spark.jars.packages'])
        .toBe('org.apache.hadoop:hadoop-aws:3.4.1');
    });

    test('no S3A, no package', () => {
      const conf = confOf(synth(backend, { eventLog: EventLog.toUrl('gs://spark-logs/events') }));
      expect(conf['spark.jars.packages']).toBeUndefined();
      expect(conf['spark.jars.ivy']).toBeUndefined();
    });

    test('an image that carries S3A gets no package', () => {
      const conf = confOf(synth(backend, { image: 'registry.example.com/spark-aws:4.0.4', imageIncludesS3a: true, s3a: new S3a() }));
      expect(conf['spark.jars.packages']).toBeUndefined();
    });

    test('a hadoop-aws of the application\'s own is kept, once', () => {
      const conf = confOf(synth(backend, { s3a: new S3a(), deps: { packages: ['io.delta:delta-spark_2.13:4.0.0', 'org.apache.hadoop:hadoop-aws:3.4.1'] } }));
      expect(conf['spark.jars.packages']).toBe('io.delta:delta-spark_2.13:4.0.0,org.apache.hadoop:hadoop-aws:3.4.1');
    });

    test('an image of its own may carry another Hadoop: its hadoop-aws is taken as given', () => {
      const conf = confOf(synth(backend, { image: 'registry.example.com/spark:4.0.4-hadoop3.4.2', s3a: new S3a(), deps: { packages: ['org.apache.hadoop:hadoop-aws:3.4.2'] } }));
      expect(conf['spark.jars.packages']).toBe('org.apache.hadoop:hadoop-aws:3.4.2');
    });

    test('a package added after construction replaces the S3A default', () => {
      const docs = synthValid((app: App) => {
        const chart = new Chart(app, 'test', { namespace: 'spark-jobs' });
        BACKENDS[backend](chart, { s3a: new S3a() });
        (chart.node.findChild('App') as any).addPackage('org.apache.hadoop:hadoop-aws:3.4.1');
      });
      expect(confOf(docs)['spark.jars.packages']).toBe('org.apache.hadoop:hadoop-aws:3.4.1');
    });

    test('fails on a hadoop-aws that does not match the stock image\'s Hadoop (D8)', () => {
      expect(chartErrorOf((chart) => BACKENDS[backend](chart, {
        sparkVersion: SparkVersion.V4_2_0, image: 'apache/spark:4.2.0-python3', s3a: new S3a(), deps: { packages: ['org.apache.hadoop:hadoop-aws:3.4.1'] },
      }))).toBe('[test/App] \'deps.packages[0]\' must be \'org.apache.hadoop:hadoop-aws:3.4.3\' for the stock Spark 4.2 image, whose Hadoop client jars are 3.4.3 '
        + '(S3A must match them exactly), got \'org.apache.hadoop:hadoop-aws:3.4.1\'; remove it: S3A\'s package is added for you');
    });

    test('fails on S3A with a Spark line whose Hadoop is unknown, without the prop', () => {
      expect(chartErrorOf((chart) => BACKENDS[backend](chart, { sparkVersion: SparkVersion.of('4.3.0'), s3a: new S3a() })))
        .toBe('[test/App] \'imageIncludesS3a\' must be set: S3A is used (s3a), and this library does not know the Hadoop version of Spark 4.3 to add the matching '
          + 'hadoop-aws package, got nothing; use an image that carries hadoop-aws and set imageIncludesS3a: true, '
          + 'or add \'org.apache.hadoop:hadoop-aws:<the Hadoop version of Spark 4.3>\' to \'deps.packages\'');
      expect(confOf(synth(backend, { sparkVersion: SparkVersion.of('4.3.0'), image: 'registry.example.com/spark:4.3.0', imageIncludesS3a: true, s3a: new S3a() }))['spark.jars.packages'])
        .toBeUndefined();
    });

    test('fails on a prop of the wrong type', () => {
      expect(chartErrorOf((chart) => BACKENDS[backend](chart, { imageIncludesS3a: 'yes' as any })))
        .toBe('[test/App] \'imageIncludesS3a\' must be true or false, got \'yes\'; use true (a boolean, not a string)');
    });
  });

  test('a main file on S3 brings the package (backends with a main file)', () => {
    for (const backend of WITH_MAIN_FILE) {
      const conf = confOf(synth(backend, { mainApplicationFile: ApplicationFile.fromUrl('s3a://jobs/etl.py'), mainClass: undefined }));
      expect(conf['spark.jars.packages']).toBe('org.apache.hadoop:hadoop-aws:3.4.1');
    }
  });
});

describe('Spark\'s local directories (issue item 3)', () => {
  const LOCAL_DIR = '/var/data/spark-local-dir-1';
  const volumeOf = (template: any) => (template.spec.volumes ?? []).find((v: any) => v.name === 'spark-local-dir-1');

  describe.each(ALL)('%s', (backend) => {
    test('default: an emptyDir on the node\'s disk in the driver and every executor', () => {
      const { driver, executor } = templatesOf(synth(backend, {}));
      for (const t of [driver, executor]) {
        expect(volumeOf(t)).toEqual({ name: 'spark-local-dir-1', emptyDir: {} });
        expect(mainContainer(t).volumeMounts).toContainEqual({ name: 'spark-local-dir-1', mountPath: LOCAL_DIR });
      }
    });

    test('an emptyDir with a size limit', () => {
      const { driver, executor } = templatesOf(synth(backend, { localDirs: SparkLocalDirs.emptyDir({ sizeLimit: Size.gibibytes(50) }) }));
      expect(volumeOf(driver)).toEqual({ name: 'spark-local-dir-1', emptyDir: { sizeLimit: '50Gi' } });
      expect(volumeOf(executor)).toEqual({ name: 'spark-local-dir-1', emptyDir: { sizeLimit: '50Gi' } });
    });

    test('RAM (tmpfs)', () => {
      const { executor } = templatesOf(synth(backend, { localDirs: SparkLocalDirs.memory({ sizeLimit: Size.gibibytes(2) }) }));
      expect(volumeOf(executor)).toEqual({ name: 'spark-local-dir-1', emptyDir: { medium: 'Memory', sizeLimit: '2Gi' } });
    });

    // Without the typed choice the executor template held an emptyDir spark-local-dir-1 while Spark added a PVC of the same
    // name from the configuration (MountVolumesFeatureStep): the API server rejects such a pod; the harness's runtime rule checks it.
    test('a claim per executor on demand: Spark\'s recipe, and no template volume Spark adds a second time', () => {
      const docs = synth(backend, { localDirs: SparkLocalDirs.onDemandClaim({ storageClass: 'gp3', size: Size.gibibytes(200) }) });
      const prefix = 'spark.kubernetes.executor.volumes.persistentVolumeClaim.spark-local-dir-1.';
      expect(Object.fromEntries(Object.entries(confOf(docs)).filter(([k]) => k.startsWith(prefix)))).toEqual({
        [`${prefix}mount.path`]: LOCAL_DIR,
        [`${prefix}mount.readOnly`]: 'false',
        [`${prefix}options.claimName`]: 'OnDemand',
        [`${prefix}options.sizeLimit`]: '200Gi',
        [`${prefix}options.storageClass`]: 'gp3',
      });
      const { driver, executor } = templatesOf(docs);
      expect(volumeOf(executor)).toBeUndefined();
      expect(mainContainer(executor).volumeMounts.map((m: any) => m.name)).not.toContain('spark-local-dir-1');
      // The recipe is Spark's for executors; the driver keeps its emptyDir.
      expect(volumeOf(driver)).toEqual({ name: 'spark-local-dir-1', emptyDir: {} });
    });

    test('fails on the local-directory keys through raw configuration', () => {
      expect(chartErrorOf((chart) => BACKENDS[backend](chart, {
        sparkConf: { 'spark.kubernetes.executor.volumes.persistentVolumeClaim.spark-local-dir-1.options.claimName': 'OnDemand' },
      }))).toBe('[test/App] \'sparkConf.spark.kubernetes.executor.volumes.persistentVolumeClaim.spark-local-dir-1.options.claimName\' sets '
        + '\'spark.kubernetes.executor.volumes.persistentVolumeClaim.spark-local-dir-1.options.claimName\', which \'localDirs\' owns, got \'OnDemand\'; '
        + 'remove it and use \'localDirs\'');
      expect(chartErrorOf((chart) => BACKENDS[backend](chart, { sparkConf: { 'spark.kubernetes.local.dirs.tmpfs': 'true' } })))
        .toBe('[test/App] \'sparkConf.spark.kubernetes.local.dirs.tmpfs\' sets \'spark.kubernetes.local.dirs.tmpfs\', which \'localDirs\' owns, got \'true\'; remove it and use \'localDirs\'');
    });

    test('fails on the typed choice next to a volume named spark-local-dir-*', () => {
      expect(chartErrorOf((chart) => BACKENDS[backend](chart, {
        localDirs: SparkLocalDirs.memory(), volumes: [{ volume: SparkVolume.fromEmptyDir('spark-local-dir-1'), path: '/scratch' }],
      }))).toBe('[test/App] \'localDirs\' cannot be combined with the volume \'spark-local-dir-1\' (a volume named spark-local-dir-* is Spark\'s local directory too), '
        + 'got \'memory\'; remove the volume, or remove \'localDirs\'');
    });

    test('fails on a claim without a usable size or storage class', () => {
      expect(chartErrorOf((chart) => BACKENDS[backend](chart, { localDirs: SparkLocalDirs.onDemandClaim({ size: '100Gi' as any }) })))
        .toBe('[test/App] \'localDirs.size\' must be a Size, got \'100Gi\'; use e.g. Size.gibibytes(100)');
      expect(chartErrorOf((chart) => BACKENDS[backend](chart, { localDirs: SparkLocalDirs.onDemandClaim({ size: Size.gibibytes(1), storageClass: 'Fast SSD' }) })))
        .toBe('[test/App] \'localDirs.storageClass\' must be the name of a StorageClass (a DNS-1123 subdomain), got \'Fast SSD\'; use e.g. \'gp3\'');
    });
  });
});

describe('configuration values from Secrets (issue item 5)', () => {
  const DB = { secret: Secret.fromSecretName(new Chart(new App(), 'refs'), 'Ssl', 'ssl-passwords'), key: 'keystore' };
  const SSE = { secret: Secret.fromSecretName(new Chart(new App(), 'refs'), 'Sse', 's3-sse'), key: 'key' };
  const env = (name: string, secret: string, key: string) => ({ name, valueFrom: { secretKeyRef: { name: secret, key } } });

  /** The Secrets the values come from exist outside the output. */
  function synthWithReferences(build: (chart: Chart) => void): any[] {
    const app = Testing.app();
    build(new Chart(app, 'test', { namespace: 'spark-jobs' }));
    const docs = app.charts.flatMap((c) => c.toJson());
    const violations = validateManifests(docs, withTypedReferences(app, { externalSecrets: ['*/ssl-passwords', '*/s3-sse'] }));
    expect(violations.map(formatViolation)).toEqual([]);
    return docs;
  }

  test.each(ALL)('%s: the value reaches the pods from the Secret, the configuration holds the reference', (backend) => {
    const docs = synthWithReferences((chart) => BACKENDS[backend](chart, {
      sparkConfFromSecrets: { 'spark.ssl.keyStorePassword': DB },
      hadoopConfFromSecrets: { 'fs.s3a.encryption.key': SSE },
    }));
    const conf = confOf(docs);
    expect(conf['spark.ssl.keyStorePassword']).toBe('${env:SPARK_CONF_SECRET_SPARK_SSL_KEYSTOREPASSWORD}');
    expect(conf['spark.hadoop.fs.s3a.encryption.key']).toBe('${env.HADOOP_CONF_SECRET_FS_S3A_ENCRYPTION_KEY}');
    const { driver, executor } = templatesOf(docs);
    for (const t of [driver, executor]) {
      expect(mainContainer(t).env).toEqual(expect.arrayContaining([
        env('SPARK_CONF_SECRET_SPARK_SSL_KEYSTOREPASSWORD', 'ssl-passwords', 'keystore'),
        env('HADOOP_CONF_SECRET_FS_S3A_ENCRYPTION_KEY', 's3-sse', 'key'),
      ]));
    }
    // Never a value in a command line, a ConfigMap or the custom resource: only the names of the Secret and its key.
    expect(JSON.stringify(docs)).not.toMatch(/keystore[^"]*"[^}]*value/);
  });

  test.each(ALL)('%s: added after construction', (backend) => {
    const docs = synthWithReferences((chart) => {
      BACKENDS[backend](chart, {});
      const app = chart.node.findChild('App') as any;
      app.addSparkConfFromSecret('spark.ssl.keyStorePassword', DB);
      app.addHadoopConfFromSecret('fs.s3a.encryption.key', SSE);
    });
    expect(confOf(docs)['spark.ssl.keyStorePassword']).toBe('${env:SPARK_CONF_SECRET_SPARK_SSL_KEYSTOREPASSWORD}');
    expect(mainContainer(templatesOf(docs).executor).env).toContainEqual(env('HADOOP_CONF_SECRET_FS_S3A_ENCRYPTION_KEY', 's3-sse', 'key'));
  });

  test('a secret-like key with a literal value points at the typed props', () => {
    expect(chartErrorOf((chart) => BACKENDS.SparkApplication(chart, { sparkConf: { 'spark.ssl.keyStorePassword': 'changeit' } })))
      .toBe('[test/App] \'sparkConf.spark.ssl.keyStorePassword\' holds secret material as a literal value, which would be stored in Git, the custom resource, the driver '
        + 'ConfigMap and the executor environment, got \'<redacted>\'; keep the value in a Kubernetes Secret and pass it with \'sparkConfFromSecrets\' '
        + '({ \'spark.ssl.keyStorePassword\': { secret, key } })');
  });

  const BAD: [string, Props, string][] = [
    ['a Hadoop key among the Spark keys', { sparkConfFromSecrets: { 'spark.hadoop.fs.s3a.secret.key': DB } },
      '\'sparkConfFromSecrets.spark.hadoop.fs.s3a.secret.key\' is a Hadoop key: Spark copies spark.hadoop.* into Hadoop\'s Configuration without resolving ${env:...} '
      + '(SparkHadoopUtil.appendSparkHadoopConfigs), got \'spark.hadoop.fs.s3a.secret.key\'; use \'hadoopConfFromSecrets\' with \'fs.s3a.secret.key\' (Hadoop resolves ${env.NAME})'],
    ['an environment key', { sparkConfFromSecrets: { 'spark.executorEnv.DB_PASSWORD': DB } },
      '\'sparkConfFromSecrets.spark.executorEnv.DB_PASSWORD\' sets an environment variable, which Spark copies as given (no ${env:...} resolution), '
      + 'got \'spark.executorEnv.DB_PASSWORD\'; set the variable in the role\'s \'env\' with EnvValue.fromSecretValue({ secret, key })'],
    ['a catalog option', { sparkConfFromSecrets: { 'spark.sql.catalog.lake.jdbc.password': DB } },
      '\'sparkConfFromSecrets.spark.sql.catalog.lake.jdbc.password\' is a catalog option, which Spark hands to the catalog as a raw string (Catalogs.catalogOptions '
      + 'reads getAllConfs), so ${env:...} would not be resolved, got \'spark.sql.catalog.lake.jdbc.password\'; give the catalog its secret the way it reads one '
      + '(a Hadoop key with \'hadoopConfFromSecrets\', or an environment variable from the Secret in the role\'s \'env\')'],
    ['a UI filter parameter', { sparkConfFromSecrets: { 'spark.org.apache.spark.ui.JWSFilter.param.secretKey': DB } },
      '\'sparkConfFromSecrets.spark.org.apache.spark.ui.JWSFilter.param.secretKey\' is a UI filter parameter, which Spark hands to the filter as a raw string '
      + '(JettyUtils.addFilters reads getAllWithPrefix), so ${env:...} would not be resolved, got \'spark.org.apache.spark.ui.JWSFilter.param.secretKey\'; '
      + 'give the filter its secret the way it reads one (e.g. a file mounted from the Secret with SparkVolume.fromSecret, if the filter takes a path)'],
    ['a key a prop owns', { sparkConfFromSecrets: { 'spark.eventLog.dir': DB } },
      '\'sparkConfFromSecrets.spark.eventLog.dir\' sets \'spark.eventLog.dir\', which \'eventLog\' owns, got \'${env:SPARK_CONF_SECRET_SPARK_EVENTLOG_DIR}\'; remove it and use \'eventLog\''],
    ['a Hadoop key with the prefix', { hadoopConfFromSecrets: { 'spark.hadoop.fs.s3a.secret.key': SSE } },
      '\'hadoopConfFromSecrets.spark.hadoop.fs.s3a.secret.key\' must not carry the \'spark.hadoop.\' prefix (it is added), got \'spark.hadoop.fs.s3a.secret.key\'; use \'fs.s3a.secret.key\''],
    ['a value that is not a Secret key', { sparkConfFromSecrets: { 'spark.ssl.keyStorePassword': 'changeit' as any } },
      '\'sparkConfFromSecrets.spark.ssl.keyStorePassword\' must be a key of a Kubernetes Secret ({ secret, key }), got \'<redacted>\'; '
      + 'pass { secret: Secret.fromSecretName(this, \'Auth\', \'spark-auth\'), key: \'secret\' }'],
    ['two keys that share a variable', { hadoopConfFromSecrets: { 'fs.s3a.secret.key': SSE, 'fs.s3a.secret-key': SSE } },
      '\'hadoopConfFromSecrets.fs.s3a.secret.key\' would carry its value in the environment variable HADOOP_CONF_SECRET_FS_S3A_SECRET_KEY, which '
      + '\'hadoopConfFromSecrets.fs.s3a.secret-key\' already uses, got \'fs.s3a.secret.key\'; set each key once'],
    ['a map of the wrong type', { sparkConfFromSecrets: 'spark.ssl.keyStorePassword' as any },
      '\'sparkConfFromSecrets\' must be a map, got \'spark.ssl.keyStorePassword\'; use an object of keys and values, e.g. { key: \'value\' }'],
  ];
  describe.each(BAD)('fails on %s', (_what, props, message) => {
    test.each(ALL)('%s', (backend) => {
      expect(chartErrorOf((chart) => BACKENDS[backend](chart, props))).toBe(`[test/App] ${message}`);
    });
  });
});

describe('the executor pods allocator and the driver Role (issue item 13)', () => {
  const APPS = (resource: string) => [
    { apiGroups: ['apps'], resources: [resource], verbs: ['get', 'create', 'patch', 'delete'] },
    { apiGroups: ['apps'], resources: [`${resource}/scale`], verbs: ['get', 'update', 'patch'] },
  ];
  const CORE = { apiGroups: [''], resources: ['pods', 'services', 'configmaps', 'persistentvolumeclaims'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'] };

  describe.each(ALL)('%s', (backend) => {
    test('the direct allocator (default) needs no apps rights', () => {
      const docs = synth(backend, {});
      expect(findObjects(docs, 'Role').flatMap((r) => r.rules).some((r: any) => r.apiGroups.includes('apps'))).toBe(false);
      expect(confOf(docs)['spark.kubernetes.allocation.pods.allocator']).toBeUndefined();
    });

    test('StatefulSets: the allocator is set and the driver Role may create, scale and delete them', () => {
      const docs = synth(backend, { executor: { podsAllocator: ExecutorPodsAllocator.STATEFUL_SET } });
      expect(confOf(docs)['spark.kubernetes.allocation.pods.allocator']).toBe('statefulset');
      expect(findObject(docs, 'Role', backend.startsWith('SparkConnect') ? 'app-server' : 'app-driver').rules).toEqual([CORE, ...APPS('statefulsets')]);
    });

    test('Deployments (Spark 4.2): the allocator is set and the driver Role may create, scale and delete them', () => {
      const docs = synth(backend, { sparkVersion: SparkVersion.V4_2_0, executor: { podsAllocator: ExecutorPodsAllocator.DEPLOYMENT } });
      expect(confOf(docs)['spark.kubernetes.allocation.pods.allocator']).toBe('deployment');
      expect(findObjects(docs, 'Role').find((r) => r.metadata.name.startsWith('app-') && !r.metadata.name.endsWith('submitter')).rules).toEqual([CORE, ...APPS('deployments')]);
    });

    test('a job namespace of this App gets the rights', () => {
      const docs = synthValid((app: App) => {
        const chart = new Chart(app, 'test', { namespace: 'spark-jobs' });
        const jobs = new SparkJobNamespace(chart, 'Jobs', { namespace: 'spark-jobs' });
        BACKENDS[backend](chart, { jobNamespace: jobs, executor: { podsAllocator: ExecutorPodsAllocator.STATEFUL_SET } });
      });
      expect(findObject(docs, 'Role', 'spark-driver').rules).toEqual([CORE, ...APPS('statefulsets')]);
    });

    test('fails on the Deployment allocator before Spark 4.2', () => {
      expect(chartErrorOf((chart) => BACKENDS[backend](chart, { executor: { podsAllocator: ExecutorPodsAllocator.DEPLOYMENT } })))
        .toBe('[test/App] \'executor.podsAllocator\' needs Spark 4.2 or later (DeploymentPodsAllocator; this application runs Spark 4.0.4), got \'deployment\'; '
          + 'use ExecutorPodsAllocator.STATEFUL_SET, or SparkVersion.V4_2_0');
    });

    test('fails on the Deployment allocator with claims (DeploymentPodsAllocator refuses them)', () => {
      expect(chartErrorOf((chart) => BACKENDS[backend](chart, {
        sparkVersion: SparkVersion.V4_2_0, executor: { podsAllocator: ExecutorPodsAllocator.DEPLOYMENT }, localDirs: SparkLocalDirs.onDemandClaim({ size: Size.gibibytes(10) }),
      }))).toBe('[test/App] \'executor.podsAllocator\' cannot be combined with PersistentVolumeClaims in \'localDirs\': Spark\'s DeploymentPodsAllocator refuses them at start, '
        + 'got \'deployment\'; use ExecutorPodsAllocator.STATEFUL_SET (it creates one claim per executor from a volume claim template), or emptyDir local directories');
    });

    test('fails on the Deployment allocator under dynamic allocation without a pod deletion cost', () => {
      const props = { sparkVersion: SparkVersion.V4_2_0, executor: { podsAllocator: ExecutorPodsAllocator.DEPLOYMENT }, dynamicAllocation: { maxExecutors: 4 } };
      expect(chartErrorOf((chart) => BACKENDS[backend](chart, props)))
        .toBe('[test/App] \'executor.podsAllocator\' needs \'spark.kubernetes.executor.podDeletionCost\' under dynamic allocation (KubernetesClusterManager refuses to start without it), '
          + 'got \'deployment\'; set it in \'sparkConf\', e.g. { \'spark.kubernetes.executor.podDeletionCost\': \'1\' }');
      expect(confOf(synth(backend, { ...props, sparkConf: { 'spark.kubernetes.executor.podDeletionCost': '1' } }))['spark.kubernetes.allocation.pods.allocator']).toBe('deployment');
    });

    test('fails on the allocator through raw configuration', () => {
      expect(chartErrorOf((chart) => BACKENDS[backend](chart, { sparkConf: { 'spark.kubernetes.allocation.pods.allocator': 'statefulset' } })))
        .toBe('[test/App] \'sparkConf.spark.kubernetes.allocation.pods.allocator\' sets \'spark.kubernetes.allocation.pods.allocator\', which \'executor.podsAllocator\' owns, '
          + 'got \'statefulset\'; remove it and use \'executor.podsAllocator\'');
    });
  });
});

describe('fractional GPU task amounts (D9)', () => {
  test('the GPU example shares one GPU among its four cores (no wasted cores, ResourceUtils.warnOnWastedResources)', () => {
    const docs = synthValid((app: App) => gpuExample(app));
    const conf = confOf(docs);
    expect(conf['spark.executor.cores']).toBe('4');
    expect(conf['spark.executor.resource.gpu.amount']).toBe('1');
    // cores × task share = GPUs: 4 × 0.25 = 1, so both limits allow four tasks.
    expect(conf['spark.task.resource.gpu.amount']).toBe('0.25');
  });

  test.each(ALL)('%s: a quarter of a GPU per task', (backend) => {
    const conf = confOf(synth(backend, { executor: { cores: 4, gpu: { amount: 1, taskAmount: 0.25 } } }));
    expect(conf['spark.task.resource.gpu.amount']).toBe('0.25');
    expect(conf['spark.executor.resource.gpu.amount']).toBe('1');
  });

  test.each(ALL)('%s: the raw task amount of another resource as Spark reads it', (backend) => {
    expect(confOf(synth(backend, { sparkConf: { 'spark.task.resource.fpga.amount': '0.5' } }))['spark.task.resource.fpga.amount']).toBe('0.5');
    expect(chartErrorOf((chart) => BACKENDS[backend](chart, { sparkConf: { 'spark.task.resource.fpga.amount': '0.75' } })))
      .toBe('[test/App] \'sparkConf.spark.task.resource.fpga.amount\' must be a whole number or a share of at most 0.5 (Spark refuses other amounts: TaskResourceRequest), '
        + 'got \'0.75\'; use 1, or 0.5 to let two tasks share a resource');
  });
});

describe('one-pod local mode and a main class on the classpath (issue item 16)', () => {
  test.each(WITH_MAIN_FILE)('%s: local[<driver cores>] in the driver pod, no executor keys, no driver Role, no token', (backend) => {
    const docs = synth(backend, { localMode: true, driver: { cores: 2 } });
    const conf = confOf(docs);
    const cr = docs.find((d) => d.apiVersion?.startsWith('sparkoperator.k8s.io/'));
    // The operator passes spec.driver.kubernetesMaster on as spark.kubernetes.driver.master (submission.go driverConfOption).
    const master = cr ? (cr.spec.template ?? cr.spec).driver.kubernetesMaster : conf['spark.kubernetes.driver.master'];
    expect(master).toBe('local[2]');
    expect(Object.keys(conf).filter((k) => /^spark\.executor\.|^spark\.dynamicAllocation\./.test(k))).toEqual([]);
    expect(findObjects(docs, 'Role').map((r) => r.metadata.name).filter((n) => !n.endsWith('submitter'))).toEqual([]);
    const { driver } = templatesOf(docs);
    expect(driver.spec.automountServiceAccountToken).toBe(false);
    expect(driver.spec.serviceAccountName).toBeUndefined();
  });

  test('SparkApplication: the operator\'s driver.kubernetesMaster carries it', () => {
    const docs = synth('SparkApplication', { localMode: true });
    const spec = findObject(docs, 'SparkApplication').spec;
    expect(spec.driver.kubernetesMaster).toBe('local[1]');
    expect(spec.sparkConf?.['spark.kubernetes.driver.master']).toBeUndefined();
    expect(spec.executor.instances).toBeUndefined();
  });

  test('a given driver account is kept in local mode (workload identity), without a Role of its own', () => {
    const docs = synthValid((app: App) => {
      const chart = new Chart(app, 'test', { namespace: 'spark-jobs' });
      BACKENDS.SparkSubmitJob(chart, { localMode: true, driver: { serviceAccount: ServiceAccount.fromServiceAccountName(chart, 'Sa', 'etl-identity') } });
    });
    expect(confOf(docs)['spark.kubernetes.authenticate.driver.serviceAccountName']).toBe('etl-identity');
    expect(templatesOf(docs).driver.spec.serviceAccountName).toBe('etl-identity');
  });

  const BAD: [string, Props, string][] = [
    ['executor settings', { localMode: true, executor: { instances: 2 } },
      '\'executor\' does not apply in local mode: the driver runs every task and no executor pod starts, got [\'instances\']; remove it, or remove \'localMode\' to run executor pods'],
    ['dynamic allocation', { localMode: true, dynamicAllocation: { maxExecutors: 2 } },
      '\'dynamicAllocation\' does not apply in local mode: there are no executors to scale, got {"maxExecutors":2}; remove it, or remove \'localMode\' to run executor pods'],
    ['Spark before 3.4', { localMode: true, sparkVersion: SparkVersion.of('3.3.4') },
      '\'localMode\' needs Spark 3.4 or later (spark.kubernetes.driver.master=local[N], SPARK-42190; this application runs Spark 3.3.4), got true; use SparkVersion.V3_5_8 or later'],
    ['the driver master through raw configuration', { sparkConf: { 'spark.kubernetes.driver.master': 'local[4]' } },
      '\'sparkConf.spark.kubernetes.driver.master\' sets \'spark.kubernetes.driver.master\', which \'localMode\' owns, got \'local[4]\'; remove it and use \'localMode\''],
    ['a classpath main class without a class', { mainApplicationFile: ApplicationFile.fromClasspath(), mainClass: undefined },
      '\'mainClass\' must be set for a Scala application, got nothing; name the class with the main method, e.g. \'org.apache.spark.examples.SparkPi\''],
    ['a classpath Python application', { mainApplicationFile: ApplicationFile.fromClasspath(), mainClass: undefined, type: 'Python' as any } as any,
      '\'mainApplicationFile\' must be a .py file for a Python application (only a JVM main class can come from the classpath), got \'spark-internal\'; '
      + 'point at the Python file, or set \'type\' to SparkApplicationType.SCALA or .JAVA with a \'mainClass\''],
    ['the classpath as a dependency', { deps: { jars: [ApplicationFile.fromClasspath()] } },
      '\'deps.jars[0]\' must be a file: only the main class can come from the classpath (ApplicationFile.fromClasspath()), got \'spark-internal\'; remove it, or point at the file'],
  ];
  describe.each(BAD)('fails on %s', (_what, props, message) => {
    test.each(WITH_MAIN_FILE)('%s', (backend) => {
      expect(chartErrorOf((chart) => BACKENDS[backend](chart, props))).toBe(`[test/App] ${message}`);
    });
  });

  test('the driver master stays denied on the Connect shapes, which run no local mode', () => {
    for (const backend of ['SparkConnect', 'SparkConnectServer']) {
      expect(chartErrorOf((chart) => BACKENDS[backend](chart, { sparkConf: { 'spark.kubernetes.driver.master': 'local[4]' } })))
        .toBe('[test/App] \'sparkConf.spark.kubernetes.driver.master\' sets \'spark.kubernetes.driver.master\', which is set by the operator or the submitter, got \'local[4]\'; remove it');
    }
  });

  test.each(WITH_MAIN_FILE)('%s: a main class on the image\'s classpath is spark-submit\'s spark-internal resource', (backend) => {
    const docs = synth(backend, { mainApplicationFile: ApplicationFile.fromClasspath(), mainClass: 'org.apache.spark.sql.hive.thriftserver.HiveThriftServer2' });
    const cr = docs.find((d) => d.apiVersion?.startsWith('sparkoperator.k8s.io/'));
    if (cr) {
      const spec = cr.kind === 'ScheduledSparkApplication' ? cr.spec.template : cr.spec;
      expect(spec.mainApplicationFile).toBe('spark-internal');
      expect(spec.type).toBe('Scala');
      expect(spec.mainClass).toBe('org.apache.spark.sql.hive.thriftserver.HiveThriftServer2');
    } else {
      expect(findObject(docs, 'Job').spec.template.spec.containers[0].args.slice(-3))
        .toEqual(['--class', 'org.apache.spark.sql.hive.thriftserver.HiveThriftServer2', 'spark-internal']);
    }
  });
});

describe('volumes declared in the configuration (issue item 3)', () => {
  test.each(ALL)('%s: a declared claim of its own is added by Spark next to the template\'s volumes', (backend) => {
    const conf = confOf(synth(backend, {
      sparkConf: {
        'spark.kubernetes.executor.volumes.persistentVolumeClaim.data.options.claimName': 'OnDemand',
        'spark.kubernetes.executor.volumes.persistentVolumeClaim.data.options.sizeLimit': '10Gi',
        'spark.kubernetes.executor.volumes.persistentVolumeClaim.data.mount.path': '/data',
      },
    }));
    expect(conf['spark.kubernetes.executor.volumes.persistentVolumeClaim.data.mount.path']).toBe('/data');
  });

  test.each(ALL)('%s: fails on a declared volume over a path or name of the template', (backend) => {
    expect(chartErrorOf((chart) => BACKENDS[backend](chart, { sparkConf: { 'spark.kubernetes.executor.volumes.persistentVolumeClaim.scratch.mount.path': '/tmp/' } })))
      .toBe('[test/App] \'sparkConf.spark.kubernetes.executor.volumes.persistentVolumeClaim.scratch.mount.path\' declares the executor volume \'scratch\' at /tmp, '
        + 'but the pod template already has the volume \'tmp\' at /tmp (Spark adds declared volumes on top of the template: the API server would reject the pod), '
        + 'got \'/tmp/\'; give the volume its own name and path, or mount it with \'volumes\'');
    expect(chartErrorOf((chart) => BACKENDS[backend](chart, {
      volumes: [{ volume: SparkVolume.fromEmptyDir('cache'), path: '/cache' }],
      sparkConf: { 'spark.kubernetes.driver.volumes.persistentVolumeClaim.cache.mount.path': '/other' },
    }))).toContain('declares the driver volume \'cache\' at /other, but the pod template already has the volume \'cache\' at /cache');
  });
});
