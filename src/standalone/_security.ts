import { SecretValue } from 'cdk8s-plus-28';

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
