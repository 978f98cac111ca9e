import { Chart, Testing } from 'cdk8s';
import { checkHadoopConf, checkHadoopEntry, SparkConf } from '../../src/spark/_spark-conf';

const LITERAL_SECRET = 'holds secret material as a literal value, which would be stored in Git, the custom resource, the driver ConfigMap and the executor environment, '
  + 'got \'<redacted>\'; put the value in a Kubernetes Secret and pass it as an environment variable from the Secret (EnvValue.fromSecretValue)';
const LITERAL_HADOOP_SECRET = 'holds secret material as a literal value, which would be stored in Git, the custom resource and the driver ConfigMap, got \'<redacted>\'; '
  + 'put the value in a Kubernetes Secret and pass it as an environment variable from the Secret (for S3A: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY with EnvironmentVariableCredentialsProvider)';

function chart(): Chart {
  return new Chart(Testing.app(), 'test', { namespace: 'spark-jobs' });
}

describe('SparkConf', () => {
  function conf(namespace: string | undefined = 'spark-jobs', confProp?: string): SparkConf {
    return new SparkConf(new Chart(Testing.app(), 'test'), namespace, confProp);
  }

  test('defaults', () => {
    const c = conf();
    expect(c.isEmpty).toBe(true);
    expect(c.render()).toEqual({});
    expect(c.get('spark.a')).toBeUndefined();
  });

  test('what a key means is the same on every use: the facts set() remembers per key hold for each configuration', () => {
    const messages = () => [
      ['spark.master', 'local'], ['spark.executorEnv.DB_PASSWORD', 'x'], ['spark.hadoop.fs.s3a.secret.key', 'x'],
      ['spark.executor.memory', '2 gigs'], ['spark.task.resource.gpu.amount', '0.7'], ['bad key', '1'],
    ].map(([key, value]) => {
      try {
        conf().set(key, value);
        return 'accepted';
      } catch (e) {
        return (e as Error).message;
      }
    });
    const first = messages();
    expect(first.filter((m) => m === 'accepted')).toEqual([]);
    expect(messages()).toEqual(first);
    // The owner is the configuration's own: a key owned in one is free in the next.
    const owned = conf();
    owned.own('spark.sql.shuffle.partitions', 'shufflePartitions');
    expect(() => owned.set('spark.sql.shuffle.partitions', '8')).toThrow('which \'shufflePartitions\' owns');
    expect(() => conf().set('spark.sql.shuffle.partitions', '8')).not.toThrow();
  });

  test('renders sorted string values', () => {
    const c = conf();
    c.set('spark.b', '2');
    c.set('spark.a', '1');
    c.own('spark.executor.cores', 'executor.cores', '2');
    expect(Object.keys(c.render())).toEqual(['spark.a', 'spark.b', 'spark.executor.cores']);
    expect(c.render()).toEqual({ 'spark.a': '1', 'spark.b': '2', 'spark.executor.cores': '2' });
    expect(c.isEmpty).toBe(false);
    expect(c.get('spark.b')).toBe('2');
  });

  test('claiming a key without a value sets nothing', () => {
    const c = conf();
    c.own('spark.executor.cores', 'executor.cores');
    expect(c.render()).toEqual({});
    expect(c.isEmpty).toBe(true);
  });

  test('render returns a copy', () => {
    const c = conf();
    c.set('spark.a', '1');
    c.render()['spark.a'] = 'changed';
    expect(c.get('spark.a')).toBe('1');
  });

  test('a raw key may repeat its own value', () => {
    const c = conf();
    c.set('spark.a', '1');
    c.set('spark.a', '1');
    expect(c.render()).toEqual({ 'spark.a': '1' });
  });

  test('a key put without a claim may be repeated by raw configuration with the same value', () => {
    const c = conf();
    c.put('spark.kubernetes.namespace', 'spark-jobs');
    c.set('spark.kubernetes.namespace', 'spark-jobs');
    expect(c.render()).toEqual({ 'spark.kubernetes.namespace': 'spark-jobs' });
  });

  test('setAll sets every key, and names the map prop it was given', () => {
    const c = conf();
    c.setAll({ 'spark.b': '2', 'spark.a': '1' });
    c.setAll(undefined);
    expect(c.render()).toEqual({ 'spark.a': '1', 'spark.b': '2' });
    expect(() => c.setAll({ 'spark.master': 'local' }, 'server.sparkConf'))
      .toThrow('[test] \'server.sparkConf.spark.master\' sets \'spark.master\', which is set by the operator or the submitter, got \'local\'; remove it');
  });

  test('setAll checks the keys in key order', () => {
    expect(() => conf().setAll({ 'spark.z': 'x', 'spark.master': 'local', 'spark.executor.memory': '4Gi' }))
      .toThrow('[test] \'sparkConf.spark.executor.memory\' must be a Spark size');
  });

  test('raw keys are reported under the conf prop the construct names', () => {
    expect(() => conf('spark-jobs', 'conf').set('spark.master', 'local'))
      .toThrow('[test] \'conf.spark.master\' sets \'spark.master\', which is set by the operator or the submitter, got \'local\'; remove it');
  });

  test('fails on a raw key set before a prop claims it, naming both', () => {
    const c = conf();
    c.set('spark.executor.cores', '2');
    expect(() => c.own('spark.executor.cores', 'executor.cores'))
      .toThrow('[test] \'sparkConf.spark.executor.cores\' sets \'spark.executor.cores\', which \'executor.cores\' owns, got \'2\'; remove it from \'sparkConf.spark.executor.cores\' and use \'executor.cores\'');
  });

  test('fails on a raw key a prop claimed before it', () => {
    const c = conf();
    c.own('spark.executor.cores', 'executor.cores', '2');
    expect(() => c.set('spark.executor.cores', '4'))
      .toThrow('[test] \'sparkConf.spark.executor.cores\' sets \'spark.executor.cores\', which \'executor.cores\' owns, got \'4\'; remove it and use \'executor.cores\'');
  });

  test('fails on a raw key under a prefix a prop claims, naming the prop', () => {
    const c = conf();
    c.ownPrefix('spark.kubernetes.driver.label.', 'driver.labels');
    c.set('spark.kubernetes.driver.labelx', 'ok');
    expect(() => c.set('spark.kubernetes.driver.label.team', 'etl', 'addSparkConf(spark.kubernetes.driver.label.team)'))
      .toThrow('[test] \'addSparkConf(spark.kubernetes.driver.label.team)\' sets \'spark.kubernetes.driver.label.team\', which \'driver.labels\' owns, got \'etl\'; remove it and use \'driver.labels\'');
  });

  test('fails on a non-string value', () => {
    expect(() => conf().set('spark.sql.shuffle.partitions', 8 as any))
      .toThrow('[test] \'sparkConf.spark.sql.shuffle.partitions\' must be a string (the configuration is a string map), got 8; quote it: \'8\'');
  });

  test.each<[string, string, string]>([
    ['spark.master', 'is set by the operator or the submitter', 'remove it'],
    ['spark.kubernetes.driver.master', 'is set by the operator or the submitter', 'remove it'],
    ['spark.kubernetes.container.image', 'is derived from the image props', 'use \'image\''],
    ['spark.kubernetes.driver.container.image', 'is derived from the image props', 'use \'image\''],
    ['spark.kubernetes.executor.container.image', 'is derived from the image props', 'use \'image\''],
    ['spark.kubernetes.authenticate.driver.serviceAccountName', 'is derived from the service account props', 'remove it'],
    ['spark.kubernetes.authenticate.executor.serviceAccountName', 'is derived from the service account props', 'remove it'],
    ['spark.kubernetes.authenticate.oauthToken', 'would put an API token in the configuration', 'let the driver use its service account token'],
    ['spark.kubernetes.authenticate.driver.oauthTokenFile', 'would put an API token in the configuration', 'let the driver use its service account token'],
    ['spark.kubernetes.authenticate.submission.oauthToken', 'would put an API token in the configuration', 'let the driver use its service account token'],
  ])('fails on the denied key %s', (key, why, fix) => {
    // The value of a secret-like key is never shown, whichever rule refuses it.
    const shown = /oauthToken$/.test(key) ? '<redacted>' : 'x';
    expect(() => conf().set(key, 'x')).toThrow(`[test] 'sparkConf.${key}' sets '${key}', which ${why}, got '${shown}'; ${fix}`);
  });

  test('the namespace may only repeat the application\'s', () => {
    const c = conf();
    c.set('spark.kubernetes.namespace', 'spark-jobs');
    expect(c.get('spark.kubernetes.namespace')).toBe('spark-jobs');
    expect(() => conf().set('spark.kubernetes.namespace', 'other'))
      .toThrow('[test] \'sparkConf.spark.kubernetes.namespace\' must equal the application\'s namespace \'spark-jobs\', got \'other\'; remove it: the namespace comes from \'namespace\'');
  });

  test('fails on a namespace when the application\'s is unknown', () => {
    expect(() => new SparkConf(chart(), undefined).set('spark.kubernetes.namespace', 'other'))
      .toThrow('[test] \'sparkConf.spark.kubernetes.namespace\' must not be set: this construct sets no Kubernetes namespace for Spark, got \'other\'; remove it');
  });

  test.each(['spark.authenticate.secret', 'spark.ssl.keyStorePassword', 'spark.hadoop.fs.s3a.access.key', 'spark.hadoop.fs.s3a.secret.key', 'spark.myapp.apiToken', 'spark.hadoop.fs.azure.account.key.ACCESS_KEY'])(
    'fails on the literal secret %s, and redacts it', (key) => {
      expect(() => conf().set(key, 'hunter2')).toThrow(`[test] 'sparkConf.${key}' ${LITERAL_SECRET}`);
    });

  test.each([
    'spark.kubernetes.driver.secretKeyRef.DB_PASSWORD', 'spark.kubernetes.executor.secrets.spark-secret', 'spark.authenticate.secret.file',
    'spark.ssl.keyStorePasswordPath', 'spark.hadoop.fs.s3a.aws.credentials.provider', 'spark.authenticate.secret.enabled', 'spark.myapp.token.url',
  ])('accepts %s, which refers to a secret instead of holding it', (key) => {
    const c = conf();
    c.set(key, 'value');
    expect(c.get(key)).toBe('value');
  });

  test.each(['spark.executor.memory', 'spark.driver.memoryOverhead', 'spark.driver.maxResultSize', 'spark.executor.pyspark.memory', 'spark.memory.offHeap.size',
    'spark.executor.minMemoryOverhead', 'spark.kryoserializer.buffer', 'spark.kryoserializer.buffer.max'])('checks the byte string of %s', (key) => {
    const c = conf();
    c.set(key, '64m');
    expect(c.get(key)).toBe('64m');
    expect(() => conf().set(key, '4Gi'))
      .toThrow(`[test] 'sparkConf.${key}' must be a Spark size such as '4g' or '512m' (Spark does not read Kubernetes units like 'Gi'), got '4Gi'; use '4g'`);
  });

  test('does not check keys that are not byte strings', () => {
    const c = conf();
    c.set('spark.memory.fraction', '0.6');
    expect(c.get('spark.memory.fraction')).toBe('0.6');
  });

  test('fails on a key set twice with different values', () => {
    const c = conf();
    c.set('spark.a', '1');
    expect(() => c.set('spark.a', '2', 'addSparkConf(spark.a)'))
      .toThrow('[test] \'addSparkConf(spark.a)\' conflicts with \'1\' set earlier, got \'2\'; set each key once');
  });

  test('fails on a raw key that contradicts a key put without a claim', () => {
    const c = conf();
    c.put('spark.a', '1');
    expect(() => c.set('spark.a', '2')).toThrow('[test] \'sparkConf.spark.a\' conflicts with \'1\' set earlier, got \'2\'; set each key once');
  });
});

describe('checkHadoopConf', () => {
  test('accepts plain keys and nothing at all', () => {
    expect(() => checkHadoopConf(chart(), 'hadoopConf', { 'fs.s3a.connection.maximum': '200', 'fs.s3a.aws.credentials.provider': 'x' })).not.toThrow();
    expect(() => checkHadoopConf(chart(), 'hadoopConf', undefined)).not.toThrow();
  });

  test('fails on a non-string value', () => {
    expect(() => checkHadoopConf(chart(), 'hadoopConf', { 'fs.s3a.connection.maximum': 200 as any }))
      .toThrow('[test] \'hadoopConf.fs.s3a.connection.maximum\' must be a string (the configuration is a string map), got 200; quote it: \'200\'');
  });

  test('fails on the spark.hadoop. prefix', () => {
    expect(() => checkHadoopConf(chart(), 'hadoopConf', { 'spark.hadoop.fs.s3a.endpoint': 'http://minio:9000' }))
      .toThrow('[test] \'hadoopConf.spark.hadoop.fs.s3a.endpoint\' must not carry the \'spark.hadoop.\' prefix (it is added), got \'http://minio:9000\'; use \'fs.s3a.endpoint\'');
  });

  test('fails on a literal secret, and redacts it', () => {
    expect(() => checkHadoopConf(chart(), 'hadoopConf', { 'fs.s3a.secret.key': 'hunter2' }))
      .toThrow(`[test] 'hadoopConf.fs.s3a.secret.key' ${LITERAL_HADOOP_SECRET}`);
  });

  test('checkHadoopEntry reports at the place it is given', () => {
    expect(() => checkHadoopEntry(chart(), 'addHadoopConf(fs.s3a.access.key)', 'fs.s3a.access.key', 'AKIA'))
      .toThrow(`[test] 'addHadoopConf(fs.s3a.access.key)' ${LITERAL_HADOOP_SECRET}`);
    expect(() => checkHadoopEntry(chart(), 'x', 'fs.s3a.endpoint', 'http://minio:9000')).not.toThrow();
  });
});

describe('SparkConf: Spark\'s other names, per-role keys and environment variables (issue 12)', () => {
  function conf(): SparkConf {
    return new SparkConf(new Chart(Testing.app(), 'test'), 'spark-jobs');
  }
  const REDACT_FIX = 'keep it in a Kubernetes Secret and pass it by reference (an environment variable from the Secret, or a mounted file)';

  test('fails on a key under an old name Spark reads as a key a prop owns', () => {
    const c = conf();
    c.own('spark.executor.memoryOverhead', 'executor.memoryOverhead');
    expect(() => c.set('spark.yarn.executor.memoryOverhead', '1g'))
      .toThrow('[test] \'sparkConf.spark.yarn.executor.memoryOverhead\' sets \'spark.yarn.executor.memoryOverhead\' (Spark reads it as \'spark.executor.memoryOverhead\'), '
        + 'which \'executor.memoryOverhead\' owns, got \'1g\'; remove it and use \'executor.memoryOverhead\'');
  });

  test('fails on a key set under both its old and its current name', () => {
    const c = conf();
    c.set('spark.scheduler.listenerbus.eventqueue.capacity', '20000');
    expect(() => c.set('spark.scheduler.listenerbus.eventqueue.size', '30000'))
      .toThrow('[test] \'sparkConf.spark.scheduler.listenerbus.eventqueue.size\' conflicts with \'20000\' set earlier under \'spark.scheduler.listenerbus.eventqueue.capacity\' '
        + '(Spark reads both as \'spark.scheduler.listenerbus.eventqueue.capacity\'), got \'30000\'; set it once, as \'spark.scheduler.listenerbus.eventqueue.capacity\'');
  });

  test('an old name is written as given; one that takes a number in a fixed unit is not read as a byte string', () => {
    const c = conf();
    c.set('spark.kryoserializer.buffer.max.mb', '128');
    c.set('spark.unsafe.offHeap', 'true');
    expect(c.render()).toEqual({ 'spark.kryoserializer.buffer.max.mb': '128', 'spark.unsafe.offHeap': 'true' });
    expect(() => conf().set('spark.yarn.driver.memoryOverhead', '4Gi'))
      .toThrow('[test] \'sparkConf.spark.yarn.driver.memoryOverhead\' must be a Spark size such as \'4g\' or \'512m\' (Spark does not read Kubernetes units like \'Gi\'), got \'4Gi\'; use \'4g\'');
  });

  test.each<[string, string, string]>([
    ['spark.kubernetes.driver.volumes.nfs.data.options.server', 'mounts an NFS export directly, a volume type the restricted Pod Security Standard forbids (Spark adds the volume itself, past the pod template)',
      'put the export behind a PersistentVolume and mount its claim (SparkVolume.fromPersistentVolumeClaim, or spark.kubernetes.*.volumes.persistentVolumeClaim.*)'],
    ['spark.kubernetes.executor.volumes.nfs.data.mount.path', 'mounts an NFS export directly, a volume type the restricted Pod Security Standard forbids (Spark adds the volume itself, past the pod template)',
      'put the export behind a PersistentVolume and mount its claim (SparkVolume.fromPersistentVolumeClaim, or spark.kubernetes.*.volumes.persistentVolumeClaim.*)'],
    ['spark.sql.redaction.options.regex', 'replaces the pattern Spark uses to hide secrets in its UI, event logs and logs', 'remove it; keep secrets in Kubernetes Secrets so there is nothing to redact'],
    ['spark.sql.redaction.string.regex', 'replaces the pattern Spark uses to hide secrets in its UI, event logs and logs', 'remove it; keep secrets in Kubernetes Secrets so there is nothing to redact'],
    ['spark.redaction.string.regex', 'replaces the pattern Spark uses to hide secrets in its UI, event logs and logs', 'remove it; keep secrets in Kubernetes Secrets so there is nothing to redact'],
  ])('fails on the denied key %s', (key, why, fix) => {
    // The value of a secret-like key is never shown, whichever rule refuses it.
    const shown = /oauthToken$/.test(key) ? '<redacted>' : 'x';
    expect(() => conf().set(key, 'x')).toThrow(`[test] 'sparkConf.${key}' sets '${key}', which ${why}, got '${shown}'; ${fix}`);
  });

  test.each<[string, string]>([
    ['spark.executorEnv.DB_PASSWORD', 'executor'], ['spark.executorEnv.PASSWD', 'executor'], ['spark.executorEnv.GITHUB_TOKEN', 'executor'],
    ['spark.kubernetes.driverEnv.API_KEY', 'driver'], ['spark.kubernetes.driverEnv.DB_PWD', 'driver'],
  ])('fails on %s, a secret-like environment variable with a literal value, as a pod env would', (key, role) => {
    const name = key.split('.').pop();
    expect(() => conf().set(key, 'hunter2'))
      .toThrow(`[test] 'sparkConf.${key}' sets the ${role} environment variable '${name}' to a literal value, readable by anyone who can get pods or read the configuration, `
        + `got '<redacted>'; store it in a Secret and use '${role}.env' with EnvValue.fromSecretValue({ secret, key }), or spark.kubernetes.${role}.secretKeyRef.${name}=<secret>:<key>`);
  });

  test.each([
    'spark.executorEnv.DB_PASSWORD_FILE', 'spark.executorEnv.LOG_LEVEL', 'spark.kubernetes.driverEnv.SECRET_NAME',
    'spark.kubernetes.driver.secretKeyRef.DB_PASSWORD', 'spark.kubernetes.executor.secrets.db-credentials',
    'spark.driver.extraClassPath', 'spark.executor.extraClassPath', 'spark.driver.extraLibraryPath', 'spark.kubernetes.executor.volumes.persistentVolumeClaim.data.mount.path',
    'spark.io.encryption.keySizeBits', 'spark.hadoop.fs.azure.sas.token.provider.type', 'spark.myapp.tokenizer',
  ])('accepts %s', (key) => {
    const c = conf();
    c.set(key, 'value');
    expect(c.get(key)).toBe('value');
  });

  test.each(['spark.hadoop.fs.azure.sas.reports.lake.blob.core.windows.net', 'spark.hadoop.fs.s3a.encryption.key', 'spark.hadoop.fs.azure.account.key.lake.dfs.core.windows.net',
    'spark.myapp.db.pwd', 'spark.ssl.keyStorePassphrase'])('fails on the literal secret %s', (key) => {
    expect(() => conf().set(key, 'x')).toThrow(`[test] 'sparkConf.${key}' ${LITERAL_SECRET}`);
  });

  test.each<[string, string, string]>([
    ['spark.driver.defaultJavaOptions', '-Dpassword=hunter2 -XX:+UseG1GC', 'a secret-like setting with a literal value (name=value)'],
    ['spark.myapp.jdbc', 'jdbc:sqlserver://db:1433;user=etl;password=hunter2', 'a secret URL or connection-string parameter'],
    ['spark.myapp.oracle', 'jdbc:oracle:thin:scott/tiger@db:1521/orcl', 'a password in a JDBC URL (user/password@)'],
    ['spark.myapp.key', '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1r', 'a PEM private key'],
    ['spark.myapp.id', 'AKIAIOSFODNN7EXAMPLE', 'an AWS access key id'],
  ])('fails on %s holding secret material in its value, redacted before any other check', (key, value, what) => {
    expect(() => conf().set(key, value))
      .toThrow(`[test] 'sparkConf.${key}' holds ${what}, which would be stored in clear in Git and in the cluster, got '<redacted>'; ${REDACT_FIX}`);
  });

  test('Spark\'s own ${env:...} substitution is a reference, not a secret', () => {
    const c = conf();
    c.set('spark.driver.defaultJavaOptions', '-Dpassword=${env:DB_PASSWORD}');
    expect(c.get('spark.driver.defaultJavaOptions')).toBe('-Dpassword=${env:DB_PASSWORD}');
  });

  test('a typed value holding secret material is redacted too', () => {
    expect(() => conf().own('spark.eventLog.dir', 'eventLog', 's3a://AKIAIOSFODNN7EXAMPLE:x@logs/events'))
      .toThrow(`[test] 'eventLog' holds an AWS access key id, which would be stored in clear in Git and in the cluster, got '<redacted>'; ${REDACT_FIX}`);
  });

  test('a key a backend\'s recipe owns points at the recipe, not at a prop to use', () => {
    const c = conf();
    c.own('spark.driver.host', 'the client-mode recipe', 'x.svc');
    expect(() => c.set('spark.driver.host', 'other'))
      .toThrow('[test] \'sparkConf.spark.driver.host\' sets \'spark.driver.host\', which the client-mode recipe owns, got \'other\'; remove it: the client-mode recipe sets it');
    const raw = conf();
    raw.set('spark.driver.port', '7000');
    expect(() => raw.own('spark.driver.port', 'the client-mode recipe'))
      .toThrow('[test] \'sparkConf.spark.driver.port\' sets \'spark.driver.port\', which the client-mode recipe owns, got \'7000\'; remove it from \'sparkConf.spark.driver.port\': the client-mode recipe sets it');
  });
});
