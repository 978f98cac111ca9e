/**
 * Rule 6, secrets in clear (security.md §9 items 7, 20): no PEM private key or AWS access key id
 * in any string; no literal env value under a secret-like name; no sparkConf/hadoopConf key
 * (SparkApplication, its ScheduledSparkApplication template, SparkConnect, the Apache operator's
 * SparkApplication and SparkCluster, and spark-defaults style files in ConfigMaps) with a
 * secret-like name and a literal value, except reference keys.
 */
import { sparkConfMaps } from './projection';
import { unshell } from './spark-conf';
import { Finding, isObject, pointer } from './types';

const PEM_PRIVATE_KEY = /-----BEGIN ([A-Z0-9]+ )*PRIVATE KEY( BLOCK)?-----/;
const AWS_ACCESS_KEY_ID = /(^|[^A-Z0-9])AKIA[0-9A-Z]{16}($|[^A-Z0-9])/;
const SECRET_ENV_NAME = /(secret|password|token|access[._-]?key)/i;
const SECRET_CONF_KEY = /(secret|password|token|access[.]?key)/i;
// References, not secret material: secretKeyRef/secrets map Secrets into pods, and
// spark.kubernetes.container.image.pullSecrets lists the *names* of image pull Secrets
// (../shared/upstream/spark-docs/kubernetes-conf-keys.tsv).
const REFERENCE_KEY = /^spark\.kubernetes\.(driver|executor)\.(secretKeyRef|secrets)\.|^spark\.kubernetes\.container\.image\.pullSecrets$/;
const REFERENCE_SUFFIX = /(file|path|provider|enabled|class|dir|uri|url|type)$/i;

/**
 * A value that is exactly a reference to an environment variable, as Spark's ConfigReader
 * (`${env:NAME}`) or Hadoop's Configuration.substituteVars (`${env.NAME}`) resolves it: the
 * secret lives in the pod's env (from a Secret), not in the configuration.
 */
export function isEnvReference(value: unknown): boolean {
  return typeof value === 'string' && /^\$\{env[:.][A-Za-z_][A-Za-z0-9_]*\}$/.test(value);
}

/** Whether an env var name names a secret (`AWS_WEB_IDENTITY_TOKEN_FILE` names a file, not a secret). */
export function isSecretEnvName(name: string): boolean {
  return SECRET_ENV_NAME.test(name) && !REFERENCE_SUFFIX.test(name.split(/[_.-]/).pop() ?? name);
}

/** Whether a spark/hadoop conf key names a secret whose value would be literal. */
export function isSecretConfKey(key: string): boolean {
  if (!SECRET_CONF_KEY.test(key) || REFERENCE_KEY.test(key)) return false;
  const last = key.split('.').pop() ?? key;
  return !REFERENCE_SUFFIX.test(last);
}

function walk(node: any, at: string, out: Finding[]): void {
  if (typeof node === 'string') {
    if (PEM_PRIVATE_KEY.test(node)) out.push({ path: at, message: 'a PEM private key in clear' });
    if (AWS_ACCESS_KEY_ID.test(node)) out.push({ path: at, message: 'an AWS access key id in clear' });
    return;
  }
  if (Array.isArray(node)) {
    node.forEach((n, i) => walk(n, `${at}/${i}`, out));
    return;
  }
  if (!isObject(node)) return;
  for (const [k, v] of Object.entries(node)) {
    const next = `${at}${pointer(k)}`;
    if (k === 'env' && Array.isArray(v)) {
      v.forEach((e, i) => {
        if (isObject(e) && typeof e.name === 'string' && e.value !== undefined && e.value !== '' && isSecretEnvName(e.name)) {
          out.push({ path: `${next}/${i}/value`, message: `env ${e.name} holds a literal value; use valueFrom.secretKeyRef or a mounted file` });
        }
      });
    }
    if (k === 'envVars' && isObject(v)) {
      // The operator's deprecated env map on driver/executor.
      for (const [name, value] of Object.entries(v)) {
        if (isSecretEnvName(name) && value !== '') out.push({ path: `${next}${pointer(name)}`, message: `env ${name} holds a literal value; use a secretKeyRef` });
      }
    }
    walk(v, next, out);
  }
}

/** spark-defaults.conf style `key value` lines in a ConfigMap entry. */
function confFileFindings(text: string, at: string): Finding[] {
  const out: Finding[] = [];
  for (const line of text.split('\n')) {
    const m = /^\s*([A-Za-z0-9_.\-]+)\s*[=:\s]\s*(\S.*)?$/.exec(line);
    if (m && !line.trim().startsWith('#') && m[2] !== undefined && isSecretConfKey(m[1]) && !isEnvReference(m[2].trim())) {
      out.push({ path: at, message: `conf key ${m[1]} holds a literal value; reference a Secret instead` });
    }
  }
  return out;
}

/** Secret findings of one object. */
export function secretFindings(doc: any): Finding[] {
  const out: Finding[] = [];
  const { metadata, ...body } = isObject(doc) ? doc : {} as any;
  walk(body, '', out);
  walk(metadata?.annotations, '/metadata/annotations', out);
  // The operator's SparkConnect puts its conf values into a `bash -c` line: what Spark reads is the word unquoted.
  const asRead = (value: unknown) => (doc?.kind === 'SparkConnect' && typeof value === 'string' ? unshell(value) : value);
  // An Apache operator SparkCluster copies every sparkConf entry into its daemons' environment as -D
  // options (SparkClusterResourceSpec.java L75-78, L248-251, L337-340 at 1.0.0), which spark-class puts
  // on the JVM command line; Spark's SecurityManager reads the RPC secret from _SPARK_AUTH_SECRET first.
  // There is no driver to mount a Secret into.
  const fix = doc?.kind === 'SparkCluster'
    ? 'the operator copies every entry into SPARK_MASTER_OPTS / SPARK_WORKER_OPTS, onto the daemons\' JVM command line: leave it out and give the daemon containers the value from a Secret (spark.authenticate.secret: env _SPARK_AUTH_SECRET) or a mounted file'
    : 'use spark.kubernetes.{driver,executor}.secretKeyRef.* or a mounted file';
  for (const { path: at, conf } of sparkConfMaps(doc)) {
    for (const [key, value] of Object.entries(conf)) {
      if (isSecretConfKey(key) && value !== '' && !isEnvReference(asRead(value))) out.push({ path: `${at}${pointer(key)}`, message: `${at.split('/').pop()} key ${key} holds a literal value; ${fix}` });
    }
  }
  if (doc?.kind === 'ConfigMap' && isObject(doc.data)) {
    for (const [name, text] of Object.entries(doc.data)) {
      if (typeof text === 'string' && /\.(conf|properties)$/.test(name)) out.push(...confFileFindings(text, `/data${pointer(name)}`));
    }
  }
  return out;
}
