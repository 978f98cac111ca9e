import type { SecretValue } from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { ISparkMaster } from './spark-master';
import { fail } from '../_validation';
import { requireOptOut } from '../pod/_security-opt-outs';
import { SecurityOptOut } from '../pod/security-opt-out';
import { checkSecurityOptOuts } from '../rbac/_props';
import { DynamicAllocation } from '../spark/dynamic-allocation';
import { SparkVersion } from '../spark/spark-version';

/** RPC security shared by a standalone cluster's daemons and the applications submitted to it. */

/**
 * The RPC security settings daemons and applications of a standalone master
 * share (`spark.authenticate` and `spark.network.crypto.*`, without the secret).
 */
export function standaloneSecurityConf(master: { authenticationSecret?: SecretValue; networkEncryption?: boolean }): { [key: string]: string } {
  const conf: { [key: string]: string } = {};
  if (master.authenticationSecret) conf['spark.authenticate'] = 'true';
  if (master.networkEncryption) {
    conf['spark.network.crypto.enabled'] = 'true';
    conf['spark.network.crypto.cipher'] = 'AES/GCM/NoPadding';
    conf['spark.network.crypto.saslFallback'] = 'false';
    conf['spark.network.crypto.authEngineVersion'] = '2';
  }
  return conf;
}

/**
 * The environment variable that carries the shared secret (`secretKeyRef`).
 * Spark reads `_SPARK_AUTH_SECRET` before `spark.authenticate.secret`.
 */
export function authEnv(secret: SecretValue | undefined): any[] {
  return secret ? [{ name: '_SPARK_AUTH_SECRET', valueFrom: { secretKeyRef: { name: secret.secret.name, key: secret.key } } }] : [];
}

/**
 * The argument that satisfies a standalone client's check that the secret is
 * configured (SecurityManager.initializeAuth requires `spark.authenticate.secret`
 * for a spark:// master) without putting the secret on the command line:
 * SecurityManager.getSecretKey reads `_SPARK_AUTH_SECRET` from the environment
 * before the configuration, and the value is Spark's own `${env:...}`
 * reference, which the kubelet does not expand (a `$(_SPARK_AUTH_SECRET)`
 * would put the secret into the process list).
 */
export function authSecretArgs(secret: SecretValue | undefined): string[] {
  return secret ? ['--conf', 'spark.authenticate.secret=${env:_SPARK_AUTH_SECRET}'] : [];
}

/** Executor settings a standalone master honours (the rest are pod settings). */
const STANDALONE_EXECUTOR_KEYS = ['cores', 'memory', 'memoryOverhead', 'javaOptions', 'instances'];

/**
 * What an application submitted to a standalone master must respect: a
 * spark:// URL, the master's Spark major.minor, a shuffle service when
 * shuffle tracking is off, and no executor pod settings (standalone executors
 * run inside the worker pods, so there are no executor pod templates).
 */
export function checkStandaloneApplication(
  scope: IConstruct, master: ISparkMaster, version: SparkVersion, dynamicAllocation: DynamicAllocation | undefined, executor: object | undefined,
): void {
  if (!/^spark:\/\/[^\s/]+:\d+$/.test(master.masterUrl)) {
    fail(scope, 'master.masterUrl', master.masterUrl, 'must be a standalone master URL spark://host:port', 'use SparkStandaloneCluster.masterUrl');
  }
  if (master.sparkVersion && (master.sparkVersion.major !== version.major || master.sparkVersion.minor !== version.minor)) {
    fail(scope, 'sparkVersion', version.version, `must match the standalone master's Spark ${master.sparkVersion.major}.${master.sparkVersion.minor} (RPC between versions is not compatible)`,
      'remove \'sparkVersion\' to use the master\'s');
  }
  if (dynamicAllocation && dynamicAllocation.shuffleTracking === false && !master.shuffleService) {
    fail(scope, 'dynamicAllocation.shuffleTracking', false, 'needs the workers\' external shuffle service when off (Spark keeps no shuffle data otherwise)',
      'set shuffleService: true on the SparkStandaloneCluster, or leave shuffleTracking on');
  }
  const podSettings = Object.keys(executor ?? {}).filter((k) => !STANDALONE_EXECUTOR_KEYS.includes(k) && (executor as any)[k] !== undefined);
  if (podSettings.length > 0) {
    fail(scope, 'executor', podSettings, 'sets pod settings, which need pod templates and so the Kubernetes master (standalone executors run inside the worker pods)',
      'remove \'master\', or set them on the SparkStandaloneCluster\'s pods');
  }
}

/** The props of a standalone cluster that decide its RPC security. */
export interface ClusterSecurityProps {
  readonly authenticationSecret?: SecretValue;
  readonly networkEncryption?: boolean;
  readonly restServer?: boolean;
  readonly securityOptOuts?: SecurityOptOut[];
}

/**
 * The insecure choices a cluster may make only with their named opt-out: no
 * RPC authentication, and the REST submission server (unauthenticated by
 * design; next to RPC authentication it bypasses it). Returns the listed
 * opt-outs, each of them needed.
 */
export function checkClusterOptOuts(
  scope: IConstruct, props: ClusterSecurityProps, construct: string, restPort: number, rpcClient: string,
): SecurityOptOut[] {
  const optOuts = checkSecurityOptOuts(scope, props.securityOptOuts, {
    construct,
    own: {
      [SecurityOptOut.UNAUTHENTICATED_STANDALONE]: !props.authenticationSecret,
      [SecurityOptOut.STANDALONE_REST_SERVER]: props.restServer === true,
    },
    pods: true,
  });
  if (!props.authenticationSecret) {
    requireOptOut(scope, 'authenticationSecret', undefined, optOuts, SecurityOptOut.UNAUTHENTICATED_STANDALONE, 'securityOptOuts',
      'must be set: without RPC authentication anything that reaches the master or a worker can submit applications and run code in the cluster',
      'create a Secret with a long random value and pass { secret: Secret.fromSecretName(this, \'Auth\', \'spark-auth\'), key: \'secret\' }');
  }
  if (props.restServer) {
    requireOptOut(scope, 'restServer', true, optOuts, SecurityOptOut.STANDALONE_REST_SERVER, 'securityOptOuts',
      `runs the REST submission server on port ${restPort}, which is unauthenticated by design: anyone who reaches it can submit code${props.authenticationSecret ? ', bypassing the RPC authentication of \'authenticationSecret\'' : ''}`,
      `remove it and submit over RPC (${rpcClient} with master: this cluster)`);
  }
  return optOuts;
}

/** RPC security every daemon and application of a standalone master shares: encryption needs the shared secret and AES-GCM (Spark 4.0+). */
export function checkRpcSecurity(
  scope: IConstruct, version: SparkVersion, security: { authenticationSecret?: SecretValue; networkEncryption?: boolean }, authRequested: boolean,
): void {
  if ((security.networkEncryption || authRequested) && !security.authenticationSecret) {
    fail(scope, 'authenticationSecret', undefined,
      `must be set for ${security.networkEncryption ? 'network encryption' : 'RPC authentication'} (a standalone cluster has no per-application secret: every daemon and application shares one)`,
      'create a Secret with a long random value and pass { secret: Secret.fromSecretName(this, \'Auth\', \'spark-auth\'), key: \'secret\' }');
  }
  if (security.networkEncryption && !version.isAtLeast(4, 0)) {
    fail(scope, 'networkEncryption', true, `needs Spark 4.0 or later for the AES-GCM cipher (the AES-CTR mode of Spark ${version.version} is unauthenticated, CVE-2025-55039)`,
      'use SparkVersion.V4_0_4 or later');
  }
}

