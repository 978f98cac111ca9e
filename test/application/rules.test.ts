/**
 * `_rules.ts`, and the application-type and dynamic-allocation types it
 * reads (`src/spark/application-type.ts`, `src/spark/dynamic-allocation.ts`:
 * types only, no behaviour of their own).
 */
import { Chart, Duration, Testing } from 'cdk8s';
import { ApplicationFile, SparkApplicationType } from '../../src';
import {
  checkApplicationFile, checkApplicationType, checkExecutors, checkMavenCoordinates, dynamicAllocationConf, ownApplicationKeys, setGpuConf,
} from '../../src/application/_rules';
import { SparkConf } from '../../src/spark/_spark-conf';

function chart(): Chart {
  return new Chart(Testing.app(), 'test', { namespace: 'spark-jobs' });
}

const image = (path: string) => ApplicationFile.fromImagePath(path);

describe('SparkApplicationType', () => {
  test('holds the operator\'s wire values', () => {
    expect(Object.entries(SparkApplicationType)).toEqual([['JAVA', 'Java'], ['SCALA', 'Scala'], ['PYTHON', 'Python'], ['R', 'R']]);
  });
});

describe('checkApplicationFile', () => {
  test('returns a good file as it is', () => {
    const file = ApplicationFile.fromUrl('s3a://jars/udfs.jar');
    expect(checkApplicationFile(chart(), 'addJar', file)).toBe(file);
  });

  test('fails on a bad file with the factory\'s problem, under the prop given', () => {
    expect(() => checkApplicationFile(chart(), 'deps.jars[0]', ApplicationFile.fromUrl('file:///tmp/udfs.jar')))
      .toThrow('[test] \'deps.jars[0]\' must not be a file:// URL, which names a file on the machine that submits, not in the cluster, got \'file:///tmp/udfs.jar\'; '
        + 'bake the file into the image and use ApplicationFile.fromImagePath(\'/tmp/udfs.jar\'), or upload it and use an s3a:// or https:// URL');
    expect(() => checkApplicationFile(chart(), 'addFile', ApplicationFile.fromImagePath('data/lookup.csv')))
      .toThrow('[test] \'addFile\' must be an absolute path inside the image, got \'data/lookup.csv\'; use \'/data/lookup.csv\'');
  });

  test.each<[string, unknown, string]>([
    ['a URL string', 's3a://jars/udfs.jar', 'must be an ApplicationFile, got \'s3a://jars/udfs.jar\'; use ApplicationFile.fromUrl(\'s3a://jars/udfs.jar\')'],
    ['a path string', '/opt/app/udfs.jar', 'must be an ApplicationFile, got \'/opt/app/udfs.jar\'; use ApplicationFile.fromImagePath(\'/opt/app/udfs.jar\')'],
    ['nothing', undefined, 'must be set, got nothing; use ApplicationFile.fromImagePath(\'/opt/app/job.py\') or ApplicationFile.fromUrl(\'s3a://bucket/job.py\')'],
    ['a plain object', { uri: 's3a://x.jar' }, 'must be an ApplicationFile, got {"uri":"s3a://x.jar"}; use ApplicationFile.fromImagePath(\'/opt/app/job.py\') or ApplicationFile.fromUrl(\'s3a://bucket/job.py\')'],
    ['a URL string with credentials', 'https://ci:s3cr3t@files.example.com/udfs.jar', 'holds a password in a URL (user:password@), which would be stored in clear in Git and in the cluster, '
      + 'got \'<redacted>\'; keep it in a Kubernetes Secret and pass it by reference (an environment variable from the Secret, or a mounted file)'],
  ])('fails on %s instead of an ApplicationFile', (_what, file, message) => {
    expect(() => checkApplicationFile(chart(), 'deps.jars[0]', file as any)).toThrow(`[test] 'deps.jars[0]' ${message}`);
  });
});

describe('checkApplicationType', () => {
  test.each<[string, string | undefined, SparkApplicationType]>([
    ['/opt/app/etl.py', undefined, SparkApplicationType.PYTHON],
    ['/opt/app/etl.R', undefined, SparkApplicationType.R],
    ['/opt/app/etl.r', undefined, SparkApplicationType.R],
    ['/opt/app/etl.jar', 'com.example.Etl', SparkApplicationType.SCALA],
    ['/opt/app/ETL.JAR', 'com.example.Etl', SparkApplicationType.SCALA],
  ])('infers the type of %s', (path, mainClass, type) => {
    expect(checkApplicationType(chart(), image(path), undefined, mainClass)).toBe(type);
  });

  test.each<[string, SparkApplicationType, string | undefined]>([
    ['/opt/app/etl.jar', SparkApplicationType.JAVA, 'com.example.Etl'],
    ['/opt/app/etl.zip', SparkApplicationType.PYTHON, undefined],
    ['/opt/app/etl', SparkApplicationType.R, undefined],
    ['/opt/app/etl.bin', SparkApplicationType.SCALA, 'com.example.Etl'],
  ])('a given type wins: %s as %s', (path, type, mainClass) => {
    expect(checkApplicationType(chart(), image(path), type, mainClass)).toBe(type);
  });

  test.each(['s3a://bucket/app.zip', 's3a://bucket/app'])('fails on %s without a type: the extension says nothing', (url) => {
    expect(() => checkApplicationType(chart(), ApplicationFile.fromUrl(url), undefined, undefined))
      .toThrow(`[test] 'type' must be set when the main file is not a .jar, .py or .R file (got '${url}'), got nothing; set 'type' to SparkApplicationType.PYTHON, .R, .SCALA or .JAVA`);
  });

  test('fails on a bad main file first', () => {
    expect(() => checkApplicationType(chart(), ApplicationFile.fromUrl('etl.py'), undefined, undefined))
      .toThrow('[test] \'mainApplicationFile\' must be an absolute URL; a relative path cannot be resolved in the cluster, got \'etl.py\'; '
        + 'use ApplicationFile.fromImagePath(\'/opt/app/...\') for a file in the image, or a remote URL such as \'s3a://bucket/path\'');
  });

  test.each<[string, SparkApplicationType | undefined, string]>([
    ['inferred as Scala', undefined, 'Scala'],
    ['given as Java', SparkApplicationType.JAVA, 'Java'],
  ])('fails on a jar %s without a main class', (_what, type, name) => {
    expect(() => checkApplicationType(chart(), image('/opt/app/etl.jar'), type, undefined))
      .toThrow(`[test] 'mainClass' must be set for a ${name} application, got nothing; name the class with the main method, e.g. 'org.apache.spark.examples.SparkPi'`);
  });

  test.each<[string, string]>([
    ['/opt/app/etl.py', 'SparkApplicationType.PYTHON'],
    ['/opt/app/etl.R', 'SparkApplicationType.R'],
  ])('fails on a JVM type with %s', (path, fix) => {
    expect(() => checkApplicationType(chart(), image(path), SparkApplicationType.JAVA, 'com.example.Etl'))
      .toThrow(`[test] 'mainApplicationFile' must be a jar for a Java application, got 'local://${path}'; set 'type' to ${fix} or point at the jar`);
  });

  test('fails on a main class for a Python application', () => {
    expect(() => checkApplicationType(chart(), image('/opt/app/etl.py'), undefined, 'com.example.Etl'))
      .toThrow('[test] \'mainClass\' must not be set for a Python application, got \'com.example.Etl\'; remove it: the main file is the entry point');
  });

  test.each<[SparkApplicationType, string, string, string]>([
    [SparkApplicationType.PYTHON, '.py', 'Python', 'a'],
    [SparkApplicationType.R, '.R', 'R', 'an'],
  ])('fails on a jar for a %s application', (type, extension, language, article) => {
    expect(() => checkApplicationType(chart(), image('/opt/app/etl.jar'), type, undefined))
      .toThrow(`[test] 'mainApplicationFile' must be a ${extension} file for ${article} ${type} application, not a jar, got 'local:///opt/app/etl.jar'; `
        + `set 'type' to SparkApplicationType.SCALA or SparkApplicationType.JAVA with a 'mainClass', or point at the ${language} file`);
  });
});

describe('checkExecutors', () => {
  test('accepts a fixed count, dynamic allocation, or neither', () => {
    expect(() => checkExecutors(chart(), 3, undefined)).not.toThrow();
    expect(() => checkExecutors(chart(), undefined, undefined)).not.toThrow();
    expect(() => checkExecutors(chart(), undefined, { minExecutors: 1, initialExecutors: 2, maxExecutors: 4, shuffleTrackingTimeout: Duration.minutes(5) })).not.toThrow();
    expect(() => checkExecutors(chart(), undefined, { minExecutors: 4, initialExecutors: 4, maxExecutors: 4 })).not.toThrow();
  });

  test.each<[number, string]>([
    [0, 'must be at least 1, got 0'],
    [1.5, 'must be a whole number, got 1.5'],
  ])('fails on %s executors', (instances, problem) => {
    expect(() => checkExecutors(chart(), instances, undefined)).toThrow(`[test] 'executor.instances' ${problem}; use a whole number of at least 1, or remove it and set 'dynamicAllocation' (e.g. { maxExecutors: 4 }) to let Spark size the executors`);
  });

  test('fails on a bad count with dynamic allocation, pointing at dynamic allocation', () => {
    expect(() => checkExecutors(chart(), 0, { maxExecutors: 4 })).toThrow('[test] \'executor.instances\' must be at least 1, got 0; remove it: dynamic allocation sizes the executors');
  });

  test('fails on a fixed count with dynamic allocation', () => {
    expect(() => checkExecutors(chart(), 2, { maxExecutors: 4 }))
      .toThrow('[test] \'executor.instances\' cannot be combined with \'dynamicAllocation\', got 2; remove it and set \'dynamicAllocation.initialExecutors\'');
  });

  test.each<[string, any, string]>([
    ['no executor at most', { maxExecutors: 0 }, '\'dynamicAllocation.maxExecutors\' must be at least 1, got 0; allow at least one executor'],
    ['a fractional maximum', { maxExecutors: 2.5 }, '\'dynamicAllocation.maxExecutors\' must be a whole number, got 2.5; allow at least one executor'],
    ['a negative minimum', { minExecutors: -1, maxExecutors: 4 }, '\'dynamicAllocation.minExecutors\' must be at least 0, got -1; use 0 or more'],
    ['a negative initial count', { initialExecutors: -1, maxExecutors: 4 }, '\'dynamicAllocation.initialExecutors\' must be at least 0, got -1; use 0 or more'],
    ['a minimum above the maximum', { minExecutors: 5, maxExecutors: 2 }, '\'dynamicAllocation.minExecutors\' must not exceed maxExecutors (2), got 5; lower it to 2 or raise maxExecutors'],
    ['an initial count below the minimum', { minExecutors: 2, initialExecutors: 1, maxExecutors: 4 },
      '\'dynamicAllocation.initialExecutors\' must lie within [minExecutors, maxExecutors] = [2, 4], got 1; pick a value in that range or leave it unset'],
    ['an initial count above the maximum', { initialExecutors: 5, maxExecutors: 4 },
      '\'dynamicAllocation.initialExecutors\' must lie within [minExecutors, maxExecutors] = [0, 4], got 5; pick a value in that range or leave it unset'],
    ['a negative shuffle tracking timeout', { maxExecutors: 4, shuffleTrackingTimeout: { toMilliseconds: () => -1 } },
      '\'dynamicAllocation.shuffleTrackingTimeout\' must not be negative, got -1; leave it unset to keep executors with shuffle data'],
  ])('fails on %s', (_what, da, message) => {
    expect(() => checkExecutors(chart(), undefined, da)).toThrow(`[test] ${message}`);
  });
});

describe('dynamicAllocationConf', () => {
  test('defaults: from 0 executors, with shuffle tracking', () => {
    expect(dynamicAllocationConf({ maxExecutors: 4 })).toEqual({
      'spark.dynamicAllocation.enabled': 'true',
      'spark.dynamicAllocation.minExecutors': '0',
      'spark.dynamicAllocation.maxExecutors': '4',
      'spark.dynamicAllocation.shuffleTracking.enabled': 'true',
    });
  });

  test('every setting, the timeout in milliseconds', () => {
    expect(dynamicAllocationConf({ minExecutors: 1, initialExecutors: 2, maxExecutors: 8, shuffleTracking: false, shuffleTrackingTimeout: Duration.minutes(5) })).toEqual({
      'spark.dynamicAllocation.enabled': 'true',
      'spark.dynamicAllocation.minExecutors': '1',
      'spark.dynamicAllocation.initialExecutors': '2',
      'spark.dynamicAllocation.maxExecutors': '8',
      'spark.dynamicAllocation.shuffleTracking.enabled': 'false',
      'spark.dynamicAllocation.shuffleTracking.timeout': '300000ms',
    });
  });
});

describe('ownApplicationKeys', () => {
  function ownerOf(key: string, driverProp?: string): string {
    const conf = new SparkConf(chart(), 'spark-jobs');
    ownApplicationKeys(conf, driverProp);
    try {
      conf.set(key, 'x');
    } catch (e) {
      return /which '([^']+)' owns/.exec((e as Error).message)?.[1] ?? (e as Error).message;
    }
    return '<nobody>';
  }

  test.each<[string, string]>([
    ['spark.driver.cores', 'driver.cores'],
    ['spark.driver.memory', 'driver.memory'],
    ['spark.driver.memoryOverhead', 'driver.memoryOverhead'],
    ['spark.driver.memoryOverheadFactor', 'memoryOverheadFactor'],
    ['spark.kubernetes.driver.request.cores', 'driver.coreRequest'],
    ['spark.kubernetes.driver.limit.cores', 'driver.coreLimit'],
    ['spark.driver.extraJavaOptions', 'driver.javaOptions'],
    ['spark.kubernetes.driver.podTemplateFile', 'driver (pod settings)'],
    ['spark.kubernetes.driver.podTemplateContainerName', 'driver (pod settings)'],
    ['spark.kubernetes.driver.label.team', 'driver.labels'],
    ['spark.kubernetes.driver.annotation.team', 'driver.annotations'],
    ['spark.driver.resource.gpu.amount', 'driver.gpu'],
    ['spark.executor.cores', 'executor.cores'],
    ['spark.executor.memory', 'executor.memory'],
    ['spark.executor.memoryOverhead', 'executor.memoryOverhead'],
    ['spark.executor.memoryOverheadFactor', 'memoryOverheadFactor'],
    ['spark.kubernetes.executor.request.cores', 'executor.coreRequest'],
    ['spark.kubernetes.executor.limit.cores', 'executor.coreLimit'],
    ['spark.executor.extraJavaOptions', 'executor.javaOptions'],
    ['spark.kubernetes.executor.podTemplateFile', 'executor (pod settings)'],
    ['spark.kubernetes.executor.podTemplateContainerName', 'executor (pod settings)'],
    ['spark.kubernetes.executor.label.team', 'executor.labels'],
    ['spark.kubernetes.executor.annotation.team', 'executor.annotations'],
    ['spark.executor.resource.gpu.vendor', 'executor.gpu'],
    ['spark.kubernetes.driver.service.annotation.x', 'driver.serviceAnnotations'],
    ['spark.kubernetes.driver.service.label.x', 'driver.serviceLabels'],
    ['spark.kubernetes.node.selector.pool', 'nodeSelector'],
    ['spark.dynamicAllocation.enabled', 'dynamicAllocation'],
    ['spark.dynamicAllocation.executorIdleTimeout', 'dynamicAllocation'],
    ['spark.kubernetes.memoryOverheadFactor', 'memoryOverheadFactor'],
    ['spark.executor.instances', 'executor.instances'],
    ['spark.kubernetes.executor.deleteOnTermination', 'executor.deleteOnTermination'],
    ['spark.app.name', 'name'],
    ['spark.submit.deployMode', 'mode'],
    ['spark.jars', 'deps.jars'],
    ['spark.files', 'deps.files'],
    ['spark.submit.pyFiles', 'deps.pyFiles'],
    ['spark.archives', 'deps.archives'],
    ['spark.jars.packages', 'deps.packages'],
    ['spark.jars.excludes', 'deps.excludePackages'],
    ['spark.jars.repositories', 'deps.repositories'],
    ['spark.kubernetes.container.image.pullPolicy', 'imagePullPolicy'],
    ['spark.kubernetes.container.image.pullSecrets', 'imagePullSecrets'],
    ['spark.kubernetes.driver.pod.name', 'name'],
    ['spark.task.resource.gpu.amount', 'executor.gpu.taskAmount'],
    ['spark.eventLog.enabled', 'eventLog'],
    ['spark.eventLog.dir', 'eventLog'],
    ['spark.sql.shuffle.partitions', '<nobody>'],
    ['spark.eventLog.compress', '<nobody>'],
    ['spark.jars.ivySettings', '<nobody>'],
    // Issue 12: per-role node selectors (Spark 3.3+), Spark's old names, and the keys that stay free.
    ['spark.kubernetes.driver.node.selector.pool', 'driver.nodeSelector'],
    ['spark.kubernetes.executor.node.selector.disk', 'executor.nodeSelector'],
    ['spark.yarn.driver.memoryOverhead', 'driver.memoryOverhead'],
    ['spark.yarn.executor.memoryOverhead', 'executor.memoryOverhead'],
    ['spark.kubernetes.driver.secretKeyRef.DB_PASSWORD', '<nobody>'],
    ['spark.kubernetes.executor.secrets.db-credentials', '<nobody>'],
    ['spark.driver.extraClassPath', '<nobody>'],
    ['spark.executor.extraLibraryPath', '<nobody>'],
    ['spark.driver.defaultJavaOptions', '<nobody>'],
  ])('%s belongs to %s', (key, owner) => {
    expect(ownerOf(key)).toBe(owner);
  });

  test('the driver\'s keys belong to the server on Spark Connect', () => {
    expect(ownerOf('spark.driver.cores', 'server')).toBe('server.cores');
    expect(ownerOf('spark.kubernetes.driver.podTemplateFile', 'server')).toBe('server (pod settings)');
    expect(ownerOf('spark.driver.resource.gpu.amount', 'server')).toBe('server.gpu');
    expect(ownerOf('spark.kubernetes.driver.service.annotation.x', 'server')).toBe('server.serviceAnnotations');
    expect(ownerOf('spark.kubernetes.driver.service.label.x', 'server')).toBe('server.serviceLabels');
    expect(ownerOf('spark.executor.cores', 'server')).toBe('executor.cores');
    expect(ownerOf('spark.kubernetes.driver.node.selector.pool', 'server')).toBe('server.nodeSelector');
  });

  test('claims keys without setting them', () => {
    const conf = new SparkConf(chart(), 'spark-jobs');
    ownApplicationKeys(conf);
    expect(conf.isEmpty).toBe(true);
  });

  test('the message names the key and the prop to use', () => {
    const conf = new SparkConf(chart(), 'spark-jobs');
    ownApplicationKeys(conf, 'server');
    expect(() => conf.set('spark.driver.memory', '4g'))
      .toThrow('[test] \'sparkConf.spark.driver.memory\' sets \'spark.driver.memory\', which \'server.memory\' owns, got \'4g\'; remove it and use \'server.memory\'');
  });
});

describe('setGpuConf', () => {
  function gpuConf(role: string, gpu: any): { [key: string]: string } {
    const conf = new SparkConf(chart(), 'spark-jobs');
    setGpuConf(chart(), conf, role, gpu);
    return conf.render();
  }

  test('nothing without GPUs', () => {
    expect(gpuConf('executor', undefined)).toEqual({});
  });

  test('defaults: NVIDIA, with the discovery script of the stock image', () => {
    expect(gpuConf('executor', { amount: 2 })).toEqual({
      'spark.executor.resource.gpu.amount': '2',
      'spark.executor.resource.gpu.vendor': 'nvidia.com',
      'spark.executor.resource.gpu.discoveryScript': '/opt/spark/examples/src/main/scripts/getGpusResources.sh',
    });
  });

  test('a vendor, a script and a task amount', () => {
    expect(gpuConf('executor', { amount: 1, vendor: 'amd.com', discoveryScript: '/opt/gpus.sh', taskAmount: 1 })).toEqual({
      'spark.executor.resource.gpu.amount': '1',
      'spark.executor.resource.gpu.vendor': 'amd.com',
      'spark.executor.resource.gpu.discoveryScript': '/opt/gpus.sh',
      'spark.task.resource.gpu.amount': '1',
    });
  });

  test('the task amount applies to executors only', () => {
    expect(gpuConf('driver', { amount: 1, taskAmount: 1 })).toEqual({
      'spark.driver.resource.gpu.amount': '1',
      'spark.driver.resource.gpu.vendor': 'nvidia.com',
      'spark.driver.resource.gpu.discoveryScript': '/opt/spark/examples/src/main/scripts/getGpusResources.sh',
    });
  });

  test('the keys are claimed: raw configuration cannot set them', () => {
    const conf = new SparkConf(chart(), 'spark-jobs');
    setGpuConf(chart(), conf, 'executor', { amount: 1, taskAmount: 1 });
    expect(() => conf.set('spark.executor.resource.gpu.vendor', 'amd.com'))
      .toThrow('[test] \'sparkConf.spark.executor.resource.gpu.vendor\' sets \'spark.executor.resource.gpu.vendor\', which \'executor.gpu\' owns, got \'amd.com\'; remove it and use \'executor.gpu\'');
    expect(() => conf.set('spark.task.resource.gpu.amount', '2'))
      .toThrow('[test] \'sparkConf.spark.task.resource.gpu.amount\' sets \'spark.task.resource.gpu.amount\', which \'executor.gpu.taskAmount\' owns, got \'2\'; remove it and use \'executor.gpu.taskAmount\'');
  });

  test('fails on no GPU', () => {
    expect(() => gpuConf('driver', { amount: 0 })).toThrow('[test] \'driver.gpu.amount\' must be at least 1, got 0; request at least one GPU or remove \'gpu\'');
  });

  // Spark accepts a task share of at most 0.5 or a whole number (TaskResourceRequest, ResourceUtils.calculateAmountAndPartsForFraction).
  test.each([[0.25, '0.25'], [0.5, '0.5'], [1 / 3, '0.3333333333333333'], [0.125, '0.125'], [2, '2']])('a task amount of %d GPUs', (taskAmount, value) => {
    expect(gpuConf('executor', { amount: 2, taskAmount })['spark.task.resource.gpu.amount']).toBe(value);
  });

  test.each<[number, string]>([
    [0, 'must be a positive number: a whole number of GPUs, or a share 1/n of one GPU, got 0; use e.g. 1, or 0.25 to let four tasks share a GPU'],
    [-1, 'must be a positive number: a whole number of GPUs, or a share 1/n of one GPU, got -1; use e.g. 1, or 0.25 to let four tasks share a GPU'],
    [0.75, 'must be a whole number or a share of at most 0.5 (Spark refuses other amounts: TaskResourceRequest), got 0.75; use 1, or 0.5 to let two tasks share a GPU'],
    [1.5, 'must be a whole number or a share of at most 0.5 (Spark refuses other amounts: TaskResourceRequest), got 1.5; use 2, or 0.5 to let two tasks share a GPU'],
    [0.3, 'must be a share 1/n of one GPU (Spark runs floor(1/amount) = 3 tasks per GPU, so this would mean 1/3), got 0.3; use 1/3 (0.3333333333333333)'],
    [3, 'must not exceed \'executor.gpu.amount\' (2): no task could ever be scheduled, got 3; request at least 3 GPUs per executor, or lower it'],
  ])('fails on a task amount of %d', (taskAmount, message) => {
    expect(() => gpuConf('executor', { amount: 2, taskAmount })).toThrow(`[test] 'executor.gpu.taskAmount' ${message}`);
  });
});

describe('checkMavenCoordinates', () => {
  test('returns the coordinates, or none', () => {
    expect(checkMavenCoordinates(chart(), 'deps.packages', ['org.apache.hadoop:hadoop-aws:3.4.1', 'io.delta:delta-spark_2.13:4.0.0+x'])).toEqual([
      'org.apache.hadoop:hadoop-aws:3.4.1', 'io.delta:delta-spark_2.13:4.0.0+x',
    ]);
    expect(checkMavenCoordinates(chart(), 'deps.packages', undefined)).toEqual([]);
  });

  test.each(['hadoop-aws', 'org.apache.hadoop:hadoop-aws', 'org.apache.hadoop:hadoop-aws:3.4.1:jar:x', 'org apache:x:1', 'g:a:'])('fails on %j', (coordinate) => {
    expect(() => checkMavenCoordinates(chart(), 'deps.packages[0]', [coordinate]))
      .toThrow(`[test] 'deps.packages[0]' must be a Maven coordinate group:artifact:version, got '${coordinate}'; e.g. 'org.apache.hadoop:hadoop-aws:3.4.1'`);
  });
});
