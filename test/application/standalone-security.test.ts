/** `_standalone-security.ts`, and the `ISparkMaster` contract of `spark-master.ts` (types only). */
import { Chart, Duration, Size, Testing } from 'cdk8s';
import { Secret } from 'cdk8s-plus-28';
import { ISparkMaster, SparkVersion } from '../../src';
import { authEnv, checkStandaloneApplication, standaloneSecurityConf } from '../../src/application/_standalone-security';

function chart(): Chart {
  return new Chart(Testing.app(), 'test', { namespace: 'spark-jobs' });
}

const refs = chart();
const SECRET = { secret: Secret.fromSecretName(refs, 'Auth', 'spark-auth'), key: 'secret' };

function master(props: Partial<ISparkMaster> = {}): ISparkMaster {
  return { masterUrl: 'spark://prod-master.spark.svc:7077', sparkVersion: SparkVersion.V4_0_4, networkEncryption: false, shuffleService: false, ...props };
}

describe('standaloneSecurityConf', () => {
  test('nothing without authentication or encryption', () => {
    expect(standaloneSecurityConf({})).toEqual({});
    expect(standaloneSecurityConf({ networkEncryption: false })).toEqual({});
  });

  test('authentication, without the secret', () => {
    expect(standaloneSecurityConf({ authenticationSecret: SECRET })).toEqual({ 'spark.authenticate': 'true' });
  });

  test('AES-GCM encryption without SASL fallback', () => {
    expect(standaloneSecurityConf({ networkEncryption: true })).toEqual({
      'spark.network.crypto.enabled': 'true',
      'spark.network.crypto.cipher': 'AES/GCM/NoPadding',
      'spark.network.crypto.saslFallback': 'false',
      'spark.network.crypto.authEngineVersion': '2',
    });
  });

  test('both', () => {
    expect(Object.keys(standaloneSecurityConf({ authenticationSecret: SECRET, networkEncryption: true })).sort()).toEqual([
      'spark.authenticate', 'spark.network.crypto.authEngineVersion', 'spark.network.crypto.cipher', 'spark.network.crypto.enabled', 'spark.network.crypto.saslFallback',
    ]);
  });
});

describe('authEnv', () => {
  test('nothing without a secret', () => {
    expect(authEnv(undefined)).toEqual([]);
  });

  test('the shared secret from its Secret', () => {
    expect(authEnv(SECRET)).toEqual([{ name: '_SPARK_AUTH_SECRET', valueFrom: { secretKeyRef: { name: 'spark-auth', key: 'secret' } } }]);
  });
});

describe('checkStandaloneApplication', () => {
  test('accepts a matching application: another patch, shuffle tracking, and the executor settings a master honours', () => {
    const executor = { cores: 2, memory: Size.gibibytes(2), memoryOverhead: Size.mebibytes(512), javaOptions: '-XX:+UseG1GC', instances: 2, labels: undefined };
    expect(() => checkStandaloneApplication(chart(), master(), SparkVersion.of('4.0.1'), { maxExecutors: 4 }, executor)).not.toThrow();
    expect(() => checkStandaloneApplication(chart(), master({ masterUrl: 'spark://10.0.0.1:7077' }), SparkVersion.V4_0_4, undefined, undefined)).not.toThrow();
  });

  test('accepts shuffle tracking off when the workers run the shuffle service', () => {
    expect(() => checkStandaloneApplication(chart(), master({ shuffleService: true }), SparkVersion.V4_0_4,
      { maxExecutors: 4, shuffleTracking: false, shuffleTrackingTimeout: Duration.minutes(1) }, undefined)).not.toThrow();
  });

  test('accepts a master that does not say its version', () => {
    expect(() => checkStandaloneApplication(chart(), master({ sparkVersion: undefined as any }), SparkVersion.V3_5_8, undefined, undefined)).not.toThrow();
  });

  test.each(['http://master:7077', 'spark://master', 'spark://master:7077/', 'spark://a:7077,b:7077x', 'k8s://https://kubernetes.default.svc'])('fails on the master URL %j', (url) => {
    expect(() => checkStandaloneApplication(chart(), master({ masterUrl: url }), SparkVersion.V4_0_4, undefined, undefined))
      .toThrow(`[test] 'master.masterUrl' must be a standalone master URL spark://host:port, got '${url}'; use SparkStandaloneCluster.masterUrl`);
  });

  test.each<[SparkVersion, SparkVersion, string]>([
    [SparkVersion.V4_0_4, SparkVersion.V3_5_8, '4.0'],
    [SparkVersion.V4_0_4, SparkVersion.V4_1_3, '4.0'],
    [SparkVersion.V4_1_3, SparkVersion.V4_0_4, '4.1'],
  ])('fails on a master of Spark %s with an application of %s', (masterVersion, version, majorMinor) => {
    expect(() => checkStandaloneApplication(chart(), master({ sparkVersion: masterVersion }), version, undefined, undefined))
      .toThrow(`[test] 'sparkVersion' must match the standalone master's Spark ${majorMinor} (RPC between versions is not compatible), got '${version.version}'; remove 'sparkVersion' to use the master's`);
  });

  test('fails on shuffle tracking off without the shuffle service', () => {
    expect(() => checkStandaloneApplication(chart(), master(), SparkVersion.V4_0_4, { maxExecutors: 4, shuffleTracking: false }, undefined))
      .toThrow('[test] \'dynamicAllocation.shuffleTracking\' needs the workers\' external shuffle service when off (Spark keeps no shuffle data otherwise), got false; '
        + 'set shuffleService: true on the SparkStandaloneCluster, or leave shuffleTracking on');
  });

  test('fails on executor pod settings, listing them', () => {
    const executor = { cores: 2, nodeSelector: { pool: 'spark' }, labels: { team: 'data' }, image: undefined, deleteOnTermination: false };
    expect(() => checkStandaloneApplication(chart(), master(), SparkVersion.V4_0_4, undefined, executor))
      .toThrow('[test] \'executor\' sets pod settings, which need pod templates and so the Kubernetes master (standalone executors run inside the worker pods), '
        + 'got [\'nodeSelector\', \'labels\', \'deleteOnTermination\']; remove \'master\', or set them on the SparkStandaloneCluster\'s pods');
  });

  test('checks the URL before the version', () => {
    expect(() => checkStandaloneApplication(chart(), master({ masterUrl: 'master:7077' }), SparkVersion.V3_5_8, undefined, undefined))
      .toThrow('[test] \'master.masterUrl\'');
  });
});
