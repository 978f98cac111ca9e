import { IConstruct } from 'constructs';
import { sparkMemoryProblem } from './_memory';
import { confKeyProblem, confValueProblem, isSecretName, secretProblem } from '../_input';
import { fail, show, sorted } from '../_validation';

/**
 * Keys no construct may pass through, whoever wrote them: the operator's
 * webhook denies them, or Spark on Kubernetes takes them from elsewhere.
 */
const DENIED: { pattern: RegExp; why: string; fix: string }[] = [
  { pattern: /^spark\.master$|^spark\.kubernetes\.driver\.master$/, why: 'is set by the operator or the submitter', fix: 'remove it' },
  {
    pattern: /^spark\.kubernetes\.(driver\.|executor\.)?container\.image$/,
    why: 'is derived from the image props',
    fix: 'use \'image\' (or \'driver.image\' / \'executor.image\')',
  },
  {
    pattern: /^spark\.kubernetes\.authenticate\.(driver|executor)\.serviceAccountName$/,
    why: 'is derived from the service account props',
    fix: 'use \'serviceAccount\'',
  },
  {
    pattern: /^spark\.kubernetes\.authenticate(\.driver|\.executor|\.submission)?\.oauthToken(File)?$/,
    why: 'would put an API token in the configuration',
    fix: 'let the driver use its service account token',
  },
  {
    pattern: /^spark\.kubernetes\.(driver|executor)\.volumes\.hostPath\./,
    why: 'mounts a directory of the node, which the restricted Pod Security Standard forbids (Spark adds the volume itself, past the pod template)',
    fix: 'use a PersistentVolumeClaim, an emptyDir or object storage (SparkVolume, or spark.kubernetes.*.volumes.persistentVolumeClaim.*)',
  },
  {
    pattern: /^spark\.kubernetes\.(driver|executor)\.pod\.featureSteps$/,
    why: 'runs user code that rewrites the pod after the template, past the pod hardening',
    fix: 'put pod settings in the role\'s options (they are rendered into the pod template)',
  },
  {
    pattern: /^spark\.(sql\.)?redaction\.(string\.)?regex$/,
    why: 'replaces the pattern Spark uses to hide secrets in its UI, event logs and logs',
    fix: 'remove it; keep secrets in Kubernetes Secrets so there is nothing to redact',
  },
];

/**
 * Old names Spark still reads for a key (SparkConf.configsWithAlternatives,
 * core/src/main/scala/org/apache/spark/SparkConf.scala), and the Kubernetes
 * factor Spark falls back to for the per-role factors: a raw key under an old
 * name is owned, denied and conflict-checked as the key Spark reads it as.
 */
const ALTERNATIVES: { [key: string]: string } = {
  'spark.yarn.driver.memoryOverhead': 'spark.driver.memoryOverhead',
  'spark.yarn.executor.memoryOverhead': 'spark.executor.memoryOverhead',
  'spark.unsafe.offHeap': 'spark.memory.offHeap.enabled',
  'spark.yarn.keytab': 'spark.kerberos.keytab',
  'spark.yarn.principal': 'spark.kerberos.principal',
};

/** Keys whose value is a Spark byte string. */
const MEMORY_KEYS = /^spark\.(driver|executor)\.(memory|memoryOverhead|maxResultSize|pyspark\.memory)$|^spark\.memory\.offHeap\.size$|^spark\.(driver|executor)\.minMemoryOverhead$|^spark\.kryoserializer\.buffer(\.max)?$/;


/**
 * Spark configuration assembled by a construct: keys owned by typed props,
 * and raw pass-through keys, checked against each other and the deny list.
 * Output is sorted and string-valued.
 *
 * @internal
 */
export class SparkConf {
  private readonly owners = new Map<string, string>();
  private readonly prefixOwners: { prefix: string; prop: string }[] = [];
  private readonly values = new Map<string, string>();
  private readonly rawProps = new Map<string, string>();

  /**
   * @param scope the construct whose path errors name
   * @param namespace the namespace the application runs in, if known
   * @param confProp the prop name raw keys are reported under
   */
  constructor(private readonly scope: IConstruct, private readonly namespace: string | undefined, private readonly confProp: string = 'sparkConf') {}

  /** Declares that a typed prop owns a key, and sets it when a value is given (checked like any value Spark reads). */
  public own(key: string, prop: string, value?: string): void {
    if (value !== undefined) {
      const problem = confValueProblem(value) ?? secretProblem(value);
      if (problem) fail(this.scope, prop, value, problem.requirement, problem.fix);
    }
    const raw = this.rawProps.get(key);
    if (raw !== undefined) {
      fail(this.scope, raw, this.values.get(key), `sets '${key}', which '${prop}' owns`, `remove it from '${raw}' and use '${prop}'`);
    }
    this.owners.set(key, prop);
    if (value !== undefined) {
      this.values.set(key, value);
    }
  }

  /**
   * Sets a key without claiming it: raw configuration may repeat it with the
   * same value (the namespace, which Spark's docs show in every recipe).
   */
  public put(key: string, value: string): void {
    this.values.set(key, value);
  }

  /** Declares that a typed prop owns every key under a prefix. */
  public ownPrefix(prefix: string, prop: string): void {
    this.prefixOwners.push({ prefix, prop });
  }

  /** Sets a raw key, checking it against owners, the deny list and secret rules. */
  public set(key: string, value: string, prop?: string): void {
    const where = prop ?? `${this.confProp}.${key}`;
    const keyProblem = confKeyProblem(key);
    if (keyProblem) {
      fail(this.scope, where, key, keyProblem.requirement, keyProblem.fix);
    }
    const valueProblem = confValueProblem(value);
    if (valueProblem) {
      fail(this.scope, where, value, valueProblem.requirement, valueProblem.fix);
    }
    const canonical = ALTERNATIVES[key];
    const shown = canonical ? `'${key}' (Spark reads it as '${canonical}')` : `'${key}'`;
    key = canonical ?? key;
    const owner = this.owners.get(key) ?? this.prefixOwners.find((p) => key.startsWith(p.prefix))?.prop;
    if (owner) {
      fail(this.scope, where, value, `sets ${shown}, which '${owner}' owns`, `remove it and use '${owner}'`);
    }
    for (const denied of DENIED) {
      if (denied.pattern.test(key)) {
        fail(this.scope, where, value, `sets ${shown}, which ${denied.why}`, denied.fix);
      }
    }
    if (key === 'spark.kubernetes.namespace' && value !== this.namespace) {
      fail(this.scope, where, value, `must equal the application's namespace ${show(this.namespace)}`, 'remove it: the namespace comes from \'namespace\'');
    }
    if (isSecretName(key)) {
      fail(this.scope, where, '<redacted>', 'holds secret material as a literal value, which would be stored in Git, the custom resource, the driver ConfigMap and the executor environment',
        'put the value in a Kubernetes Secret and pass it as an environment variable from the Secret (EnvValue.fromSecretValue)');
    }
    const secret = secretProblem(value);
    if (secret) {
      fail(this.scope, where, '<redacted>', secret.requirement, secret.fix);
    }
    if (MEMORY_KEYS.test(key)) {
      const parsed = sparkMemoryProblem(value);
      if (parsed.problem) {
        fail(this.scope, where, value, parsed.problem, parsed.fix!);
      }
    }
    const existing = this.values.get(key);
    if (existing !== undefined && existing !== value) {
      fail(this.scope, where, value, `conflicts with ${show(existing)} set earlier`, 'set each key once');
    }
    this.values.set(key, value);
    this.rawProps.set(key, where);
  }

  /** Sets every key of a map (in key order). */
  public setAll(map: { [key: string]: string } | undefined, prop?: string): void {
    for (const key of Object.keys(map ?? {}).sort()) {
      this.set(key, map![key], prop ? `${prop}.${key}` : undefined);
    }
  }

  /** The value of a key, if set. */
  public get(key: string): string | undefined {
    return this.values.get(key);
  }

  /** The configuration as a sorted string map. */
  public render(): { [key: string]: string } {
    return sorted(Object.fromEntries(this.values));
  }

  /** Whether nothing is set. */
  public get isEmpty(): boolean {
    return this.values.size === 0;
  }
}

/** Checks a Hadoop configuration map: string values, no prefix, no literal secrets. */
export function checkHadoopConf(scope: IConstruct, prop: string, conf: { [key: string]: string } | undefined): void {
  for (const [key, value] of Object.entries(conf ?? {})) {
    checkHadoopEntry(scope, `${prop}.${key}`, key, value);
  }
}

/** Checks one Hadoop configuration key and value, reported at `where`. */
export function checkHadoopEntry(scope: IConstruct, where: string, key: string, value: string): void {
  const keyProblem = confKeyProblem(key);
  if (keyProblem) {
    fail(scope, where, key, keyProblem.requirement, keyProblem.fix);
  }
  if (typeof value !== 'string') {
    fail(scope, where, value, 'must be a string (the configuration is a string map)', `quote it: '${String(value)}'`);
  }
  if (key.startsWith('spark.hadoop.')) {
    fail(scope, where, value, 'must not carry the \'spark.hadoop.\' prefix (it is added)', `use '${key.slice('spark.hadoop.'.length)}'`);
  }
  if (isSecretName(key)) {
    fail(scope, where, '<redacted>', 'holds secret material as a literal value, which would be stored in Git, the custom resource and the driver ConfigMap',
      'put the value in a Kubernetes Secret and pass it as an environment variable from the Secret (for S3A: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY with EnvironmentVariableCredentialsProvider)');
  }
}
