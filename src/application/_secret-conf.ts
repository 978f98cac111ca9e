import type { SecretValue } from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { confKeyProblem } from '../_input';
import { fail } from '../_validation';
import { checkSecretValue } from '../rbac/_props';

/**
 * Spark and Hadoop configuration values that come from Secret keys: the value
 * reaches the pods as an environment variable from the Secret, and the
 * configuration holds the reference the reader resolves.
 *
 * - Spark: `${env:NAME}`. ConfigReader (core/.../internal/config/ConfigReader.scala)
 *   substitutes `${env:NAME}` from the environment in every value Spark reads
 *   through a ConfigEntry (`SparkConf.get(entry)` → `entry.readFrom(reader)`)
 *   or `getWithSubstitution` (SSLOptions.parse: `spark.ssl.*Password`). Keys
 *   read as raw strings see the reference literally: catalog options
 *   (Catalogs.catalogOptions copies `spark.sql.catalog.<name>.*` from
 *   `getAllConfs`), and `spark.hadoop.*`, which SparkHadoopUtil copies into
 *   Hadoop's Configuration as given.
 * - Hadoop: `${env.NAME}`. Configuration.substituteVars resolves `env.` from
 *   the environment on every `get` (so `getPassword` too), unless the
 *   configuration restricts system properties, which Spark's does not.
 *
 * Variable names are upper-case letters, digits and `_` only: Hadoop reads a
 * `-` in the name as the start of a default (`${env.NAME-default}`).
 */

/** One configuration value from a Secret. */
export interface SecretConfEntry {
  readonly kind: 'spark' | 'hadoop';
  /** The key, without `spark.hadoop.` for Hadoop. */
  readonly key: string;
  /** The environment variable that carries it. */
  readonly env: string;
  readonly secret: SecretValue;
  /** The prop that set it, for messages. */
  readonly prop: string;
}

/** The environment variable of a configuration key from a Secret. */
export function secretConfEnvName(kind: 'spark' | 'hadoop', key: string): string {
  return `${kind === 'spark' ? 'SPARK' : 'HADOOP'}_CONF_SECRET_${key.toUpperCase().replace(/[^A-Z0-9]+/g, '_').replace(/^_+|_+$/g, '')}`;
}

/** The reference the configuration holds: Spark's `${env:NAME}` or Hadoop's `${env.NAME}`. */
export function secretConfReference(entry: SecretConfEntry): string {
  return entry.kind === 'spark' ? `\${env:${entry.env}}` : `\${env.${entry.env}}`;
}

/** The environment variables of the entries (wire format), for every Spark container. */
export function secretConfEnv(entries: SecretConfEntry[]): any[] {
  return entries.map((e) => ({ name: e.env, valueFrom: { secretKeyRef: { name: e.secret.secret.name, key: e.secret.key } } }));
}

/**
 * Checks a key fed from a Secret: a configuration key of the right kind,
 * one Spark resolves references in, a Secret key, and an environment
 * variable no other entry uses.
 */
export function checkSecretConf(scope: IConstruct, entry: SecretConfEntry, others: SecretConfEntry[]): void {
  const { prop, key } = entry;
  const keyProblem = confKeyProblem(key);
  if (keyProblem) fail(scope, prop, key, keyProblem.requirement, keyProblem.fix);
  checkSecretValue(scope, prop, entry.secret);
  if (entry.kind === 'hadoop' && key.startsWith('spark.hadoop.')) {
    fail(scope, prop, key, 'must not carry the \'spark.hadoop.\' prefix (it is added)', `use '${key.slice('spark.hadoop.'.length)}'`);
  }
  if (entry.kind === 'spark') checkSparkSecretKey(scope, prop, key);
  const clash = others.find((o) => o.env === entry.env);
  if (clash) {
    fail(scope, prop, key, `would carry its value in the environment variable ${entry.env}, which '${clash.prop}' already uses`, 'set each key once');
  }
}

/** Spark keys whose reader would not resolve `${env:NAME}`. */
function checkSparkSecretKey(scope: IConstruct, prop: string, key: string): void {
  if (key.startsWith('spark.hadoop.')) {
    fail(scope, prop, key, 'is a Hadoop key: Spark copies spark.hadoop.* into Hadoop\'s Configuration without resolving ${env:...} (SparkHadoopUtil.appendSparkHadoopConfigs)',
      `use 'hadoopConfFromSecrets' with '${key.slice('spark.hadoop.'.length)}' (Hadoop resolves \${env.NAME})`);
  }
  if (/^spark\.(executorEnv|kubernetes\.driverEnv)\./.test(key)) {
    fail(scope, prop, key, 'sets an environment variable, which Spark copies as given (no ${env:...} resolution)',
      'set the variable in the role\'s \'env\' with EnvValue.fromSecretValue({ secret, key })');
  }
  if (/^spark\..+\.param\.[^.]/.test(key) || /^spark\..+\.params$/.test(key)) {
    // JettyUtils.addFilters reads spark.<filter>.param.* with getAllWithPrefix, which returns raw settings (SparkConf.getAll).
    fail(scope, prop, key, 'is a UI filter parameter, which Spark hands to the filter as a raw string (JettyUtils.addFilters reads getAllWithPrefix), so ${env:...} would not be resolved',
      'give the filter its secret the way it reads one (e.g. a file mounted from the Secret with SparkVolume.fromSecret, if the filter takes a path)');
  }
  if (/^spark\.sql\.catalog\.[^.]+\./.test(key)) {
    fail(scope, prop, key, 'is a catalog option, which Spark hands to the catalog as a raw string (Catalogs.catalogOptions reads getAllConfs), so ${env:...} would not be resolved',
      'give the catalog its secret the way it reads one (a Hadoop key with \'hadoopConfFromSecrets\', or an environment variable from the Secret in the role\'s \'env\')');
  }
}
