/**
 * `_spark-workload.ts`: the lifecycle base every backend that runs a Spark
 * driver extends, exercised through a small test backend (a Deployment
 * whose container gets the configuration as `--conf` arguments).
 */
import { ApiObject, Chart, Size, Testing } from 'cdk8s';
import { ServiceAccount } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ApplicationFile, ISparkMaster, SparkJobNamespace, SparkVersion, SparkVolume } from '../../src';
import { ApplicationInput, BackendTraits } from '../../src/application/_assemble';
import { SparkMainApplicationBase } from '../../src/application/_spark-workload';
import { containerResources } from '../../src/pod/_resources';
import { findObject, synthChartValid } from '../harness';

const MAIN = { mainApplicationFile: ApplicationFile.fromImagePath('/opt/spark/examples/jars/spark-examples.jar'), mainClass: 'org.apache.spark.examples.SparkPi' };
const TRAITS: BackendTraits = {
  kind: 'TestApplication',
  maxNameLength: 40,
  nameLengthReason: 'the test backend says so',
  driverProp: 'driver',
  driverAccountSuffix: '-driver',
  clusterMode: true,
  driverPodBySpark: true,
  mainFile: true,
};

class TestBackend extends SparkMainApplicationBase {
  constructor(scope: Construct, id: string, input: Partial<ApplicationInput> = {}) {
    super(scope, id, { ...MAIN, ...input }, TRAITS);
    const template = this._model.cached(() => this._model.renderTemplate('driver', {
      container: {
        name: 'spark-kubernetes-driver',
        image: this.image,
        imagePullPolicy: this._model.imagePullPolicy,
        args: [...Object.entries(this._model.sparkConf()).flatMap(([k, v]) => ['--conf', `${k}=${v}`]), ...this._model.arguments],
        resources: containerResources(this._model.driver),
      },
      labels: { app: this.name },
    }));
    this._createResource({ apiVersion: 'apps/v1', kind: 'Deployment' }, () => ({
      replicas: 1,
      selector: { matchLabels: { app: this.name } },
      template: template(),
    }), { annotations: { 'example.com/backend': 'test' } });
  }
}

function chart(): Chart {
  return new Chart(Testing.app(), 'test', { namespace: 'spark-jobs' });
}

function master(): ISparkMaster {
  return { masterUrl: 'spark://master:7077', sparkVersion: SparkVersion.V4_0_4, networkEncryption: false, shuffleService: false };
}

describe('SparkWorkloadBase', () => {
  test('the resolved name, namespace, version and image', () => {
    const backend = new TestBackend(chart(), 'Etl', { name: 'etl', namespace: 'analytics', sparkVersion: SparkVersion.V3_5_8 });
    expect(backend.name).toBe('etl');
    expect(backend.namespace).toBe('analytics');
    expect(backend.sparkVersion).toBe(SparkVersion.V3_5_8);
    expect(backend.image).toBe('apache/spark:3.5.8');
    expect(backend.name).toBe(backend._model.name);
  });

  test('the main object is the child Resource, named and labelled from the options; metadata the backend passes wins', () => {
    const docs = synthChartValid((c) => {
      const backend = new TestBackend(c, 'Etl', { name: 'etl', labels: { team: 'data' }, annotations: { 'example.com/owner': 'data' } });
      expect(ApiObject.of(backend).node.id).toBe('Resource');
      expect(ApiObject.of(backend).kind).toBe('Deployment');
    });
    expect(findObject(docs, 'Deployment', 'etl').metadata).toEqual({
      name: 'etl', namespace: 'spark-jobs', labels: { team: 'data' }, annotations: { 'example.com/backend': 'test' },
    });
  });

  test('addXxx after construction reaches the output rendered at synth', () => {
    const docs = synthChartValid((c) => {
      const backend = new TestBackend(c, 'Etl', { name: 'etl', arguments: ['--day'] });
      backend.addSparkConf('spark.sql.shuffle.partitions', '64');
      backend.addHadoopConf('fs.s3a.fast.upload', 'true');
      backend.addVolume({ volume: SparkVolume.fromEmptyDir('cache'), path: '/cache' });
      backend.addJar(ApplicationFile.fromUrl('s3a://jars/udfs.jar'));
      backend.addFile(ApplicationFile.fromUrl('s3a://files/lookup.csv'));
      backend.addPyFile(ApplicationFile.fromUrl('s3a://py/lib.zip'));
      backend.addArchive(ApplicationFile.fromUrl('s3a://archives/env.tar.gz'));
      backend.addPackage('org.apache.hadoop:hadoop-aws:3.4.1');
      backend.addExcludePackage('com.example:unwanted');
      backend.addRepository('https://repo.example.com/maven2');
      backend.addArgument('2024-01-01');
    });
    const container = findObject(docs, 'Deployment', 'etl').spec.template.spec.containers[0];
    expect(container.args).toEqual(expect.arrayContaining([
      'spark.sql.shuffle.partitions=64',
      'spark.hadoop.fs.s3a.fast.upload=true',
      'spark.jars=s3a://jars/udfs.jar',
      'spark.files=s3a://files/lookup.csv',
      'spark.submit.pyFiles=s3a://py/lib.zip',
      'spark.archives=s3a://archives/env.tar.gz',
      'spark.jars.packages=org.apache.hadoop:hadoop-aws:3.4.1',
      'spark.jars.excludes=com.example:unwanted',
      'spark.jars.repositories=https://repo.example.com/maven2',
      'spark.jars.ivy=/tmp/.ivy2',
    ]));
    expect(container.args.slice(-2)).toEqual(['--day', '2024-01-01']);
    expect(container.volumeMounts).toContainEqual({ name: 'cache', mountPath: '/cache' });
  });

  test('bad input to addXxx fails at once, under the method\'s name', () => {
    const backend = new TestBackend(chart(), 'Etl', { name: 'etl' });
    expect(() => backend.addJar(ApplicationFile.fromUrl('udfs.jar'))).toThrow('[test/Etl] \'addJar\' must be an absolute URL');
    expect(() => backend.addArgument(1 as any)).toThrow('[test/Etl] \'addArgument\' must be a string, got 1; quote it: \'1\'');
  });

  test('a new driver account: the RBAC it created, and its service account', () => {
    const docs = synthChartValid((c) => {
      const backend = new TestBackend(c, 'Etl', { name: 'etl' });
      expect(backend.driverRbac).toBe(backend.node.findChild('DriverRbac'));
      expect(backend.driverServiceAccount!.name).toBe('etl-driver');
      expect(backend.driverServiceAccount).toBe(backend.driverServiceAccount);
    });
    expect(findObject(docs, 'Deployment', 'etl').spec.template.spec.serviceAccountName).toBe('etl-driver');
    expect(findObject(docs, 'ServiceAccount', 'etl-driver').metadata.namespace).toBe('spark-jobs');
  });

  test('the driver\'s own service account, and no RBAC', () => {
    const c = chart();
    const account = ServiceAccount.fromServiceAccountName(c, 'Sa', 'etl');
    const backend = new TestBackend(c, 'Etl', { name: 'etl', driver: { serviceAccount: account } });
    expect(backend.driverRbac).toBeUndefined();
    expect(backend.driverServiceAccount).toBe(account);
  });

  test('the job namespace\'s service account, and no RBAC', () => {
    const c = chart();
    const jobs = SparkJobNamespace.fromNamespaceName(c, 'Jobs', 'spark-jobs', 'spark');
    const backend = new TestBackend(c, 'Etl', { name: 'etl', jobNamespace: jobs });
    expect(backend.driverRbac).toBeUndefined();
    expect(backend.driverServiceAccount).toBe(jobs.serviceAccount);
  });

  test('no service account with a standalone master', () => {
    const backend = new TestBackend(chart(), 'Etl', { name: 'etl', master: master() });
    expect(backend.driverRbac).toBeUndefined();
    expect(backend.driverServiceAccount).toBeUndefined();
  });

  test('the resource budget of the model', () => {
    const backend = new TestBackend(chart(), 'Etl', { name: 'etl', executor: { instances: 3, memory: Size.gibibytes(2) } });
    expect(backend.resourceBudget).toEqual(backend._model.resourceBudget());
    expect(backend.resourceBudget).toMatchObject({ maxExecutors: 3, executorMemoryMebibytes: 2048 + 384, totalCpu: 4 });
  });
});
