import { IConstruct } from 'constructs';
import { sparkMemoryProblem } from './_memory';
import { confKeyProblem, confValueProblem, InputProblem, isSecretName, secretProblem } from '../_input';
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
    fix: 'use \'image\'',
  },
  {
    pattern: /^spark\.kubernetes\.authenticate\.(driver|executor)\.serviceAccountName$/,
    why: 'is derived from the service account props',
    fix: 'remove it',
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
    pattern: /^spark\.kubernetes\.(driver|executor)\.volumes\.nfs\./,
    why: 'mounts an NFS export directly, a volume type the restricted Pod Security Standard forbids (Spark adds the volume itself, past the pod template)',
    fix: 'put the export behind a PersistentVolume and mount its claim (SparkVolume.fromPersistentVolumeClaim, or spark.kubernetes.*.volumes.persistentVolumeClaim.*)',
  },
  {
    pattern: /^spark\.kubernetes\.(driver|executor)\.pod\.featureSteps$/,
    why: 'runs user code that rewrites the pod after the template, past the pod hardening',
    fix: 'put pod settings in the role\'s options (they are rendered into the pod template)',
  },
  {
    // spark.redaction.regex, spark.redaction.string.regex (core), spark.sql.redaction.options.regex, spark.sql.redaction.string.regex (SQLConf).
    pattern: /^spark\.(sql\.)?redaction\.(string\.|options\.)?regex$/,
    why: 'replaces the pattern Spark uses to hide secrets in its UI, event logs and logs',
    fix: 'remove it; keep secrets in Kubernetes Secrets so there is nothing to redact',
  },
];

/**
 * Old names Spark still reads for a key: every entry of
 * SparkConf.configsWithAlternatives (core/src/main/scala/org/apache/spark/SparkConf.scala,
 * Spark 3.5/4.x, including the 3.5 additions for spark.executor.maxNumFailures)
 * and the `ConfigBuilder.withAlternative` names of internal/config/package.scala
 * (`spark.memory.offHeap.enabled` <- `spark.unsafe.offHeap`,
 * `spark.scheduler.listenerbus.eventqueue.capacity` <- `.size`,
 * `spark.deploy.spreadOutApps` <- `spark.deploy.spreadOut`). A raw key under an
 * old name is owned, denied and conflict-checked as the key Spark reads it
 * as, and written as given (some old names take a differently scaled value).
 */
const ALTERNATIVES: { [key: string]: string } = {
  'spark.files.userClassPathFirst': 'spark.executor.userClassPathFirst',
  'spark.history.fs.update.interval.seconds': 'spark.history.fs.update.interval',
  'spark.history.fs.updateInterval': 'spark.history.fs.update.interval',
  'spark.history.updateInterval': 'spark.history.fs.update.interval',
  'spark.history.fs.cleaner.interval.seconds': 'spark.history.fs.cleaner.interval',
  'spark.history.fs.cleaner.maxAge.seconds': 'spark.history.fs.cleaner.maxAge',
  'spark.yarn.applicationMaster.waitTries': 'spark.yarn.am.waitTime',
  'spark.reducer.maxMbInFlight': 'spark.reducer.maxSizeInFlight',
  'spark.kryoserializer.buffer.mb': 'spark.kryoserializer.buffer',
  'spark.kryoserializer.buffer.max.mb': 'spark.kryoserializer.buffer.max',
  'spark.shuffle.file.buffer.kb': 'spark.shuffle.file.buffer',
  'spark.executor.logs.rolling.size.maxBytes': 'spark.executor.logs.rolling.maxSize',
  'spark.io.compression.snappy.block.size': 'spark.io.compression.snappy.blockSize',
  'spark.io.compression.lz4.block.size': 'spark.io.compression.lz4.blockSize',
  'spark.akka.num.retries': 'spark.rpc.numRetries',
  'spark.akka.retry.wait': 'spark.rpc.retry.wait',
  'spark.akka.askTimeout': 'spark.rpc.askTimeout',
  'spark.akka.lookupTimeout': 'spark.rpc.lookupTimeout',
  'spark.streaming.minRememberDuration': 'spark.streaming.fileStream.minRememberDuration',
  'spark.yarn.max.worker.failures': 'spark.yarn.max.executor.failures',
  'spark.yarn.max.executor.failures': 'spark.executor.maxNumFailures',
  'spark.yarn.executor.failuresValidityInterval': 'spark.executor.failuresValidityInterval',
  'spark.sql.kafkaConsumerCache.capacity': 'spark.kafka.consumer.cache.capacity',
  'spark.unsafe.offHeap': 'spark.memory.offHeap.enabled',
  'spark.akka.frameSize': 'spark.rpc.message.maxSize',
  'spark.yarn.jar': 'spark.yarn.jars',
  'spark.reducer.maxReqSizeShuffleToMem': 'spark.network.maxRemoteBlockSizeFetchToMem',
  'spark.maxRemoteBlockSizeFetchToMem': 'spark.network.maxRemoteBlockSizeFetchToMem',
  'spark.scheduler.listenerbus.eventqueue.size': 'spark.scheduler.listenerbus.eventqueue.capacity',
  'spark.yarn.driver.memoryOverhead': 'spark.driver.memoryOverhead',
  'spark.yarn.executor.memoryOverhead': 'spark.executor.memoryOverhead',
  'spark.yarn.keytab': 'spark.kerberos.keytab',
  'spark.yarn.principal': 'spark.kerberos.principal',
  'spark.yarn.kerberos.relogin.period': 'spark.kerberos.relogin.period',
  'spark.yarn.access.namenodes': 'spark.kerberos.access.hadoopFileSystems',
  'spark.yarn.access.hadoopFileSystems': 'spark.kerberos.access.hadoopFileSystems',
  'spark.deploy.spreadOut': 'spark.deploy.spreadOutApps',
};

/** Old names that take a number in a fixed unit, not a byte string. */
const SCALED_ALTERNATIVES = /\.(mb|kb)$/;

/** The name Spark reads a key as. */
function canonicalConfKey(key: string): string {
  // Own entries only: a key such as 'constructor' must not read Object.prototype's.
  return Object.prototype.hasOwnProperty.call(ALTERNATIVES, key) ? ALTERNATIVES[key] : key;
}

/** Every name `canonicalConfKey` maps to a key, by that key (the key itself is listed unless it is an old name). */
const READ_AS = Object.entries(ALTERNATIVES).reduce((byKey, [old, canonical]) =>
  byKey.set(canonical, [...(byKey.get(canonical) ?? []), old]), new Map<string, string[]>());

/** The names Spark reads as a key: the key itself (unless it is an old name of another) and its old names. */
function keysReadAs(canonical: string): string[] {
  const old = READ_AS.get(canonical) ?? [];
  return canonicalConfKey(canonical) === canonical ? [canonical, ...old] : old;
}

/**
 * The environment variables Spark sets from its configuration:
 * `spark.executorEnv.<NAME>` on the executors (SparkConf.setExecutorEnv) and
 * `spark.kubernetes.driverEnv.<NAME>` on a Kubernetes driver (Config.scala,
 * KUBERNETES_DRIVER_ENV_PREFIX).
 */
const ENV_KEY = /^spark\.(executorEnv|kubernetes\.driverEnv)\.(.+)$/;

/** Keys whose value is a Spark byte string. */
const MEMORY_KEYS = /^spark\.(driver|executor)\.(memory|memoryOverhead|maxResultSize|pyspark\.memory)$|^spark\.memory\.offHeap\.size$|^spark\.(driver|executor)\.minMemoryOverhead$|^spark\.kryoserializer\.buffer(\.max)?$/;


/**
 * The keys that size a driver or executor process and set its JVM options
 * and image, spelled once per role: the assembler sets them, the operator's
 * SparkPodSpec lifts them back out (`LiftedConf.process`).
 */
export const ROLE_CONF_KEYS = { driver: roleConfKeys('driver'), executor: roleConfKeys('executor') };

function roleConfKeys(role: 'driver' | 'executor') {
  return {
    cores: `spark.${role}.cores`,
    coreRequest: `spark.kubernetes.${role}.request.cores`,
    coreLimit: `spark.kubernetes.${role}.limit.cores`,
    memory: `spark.${role}.memory`,
    memoryOverhead: `spark.${role}.memoryOverhead`,
    javaOptions: `spark.${role}.extraJavaOptions`,
    image: `spark.kubernetes.${role}.container.image`,
  } as const;
}

/** What `SparkConf.set` makes of a key, whatever its value (`keyFacts`). */
interface KeyFacts {
  /** Why the string is no configuration key; the other facts are unknown then. */
  readonly problem?: InputProblem;
  /** The name Spark reads the key as. */
  readonly canonical: string;
  /** The key as messages show it. */
  readonly shown: string;
  /** The deny-list entry that refuses it. */
  readonly denied?: { readonly why: string; readonly fix: string };
  /** Whether the key's name holds secret material (not an environment variable's): its value is never shown, and a literal one refused. */
  readonly secretName: boolean;
  /** The environment variable with a secret-like name the key sets (`spark.executorEnv.DB_PASSWORD`). */
  readonly secretEnv?: { readonly role: 'driver' | 'executor'; readonly name: string };
  /** A task's share of a custom resource (spark.task.resource.<name>.amount), read as a Double by ResourceUtils. */
  readonly taskAmount: boolean;
  /** A Spark byte string (not an old name that takes a number in a fixed unit). */
  readonly memory: boolean;
  /** The names Spark reads as this key (`keysReadAs`): a value set earlier under any of them conflicts. */
  readonly readAs: readonly string[];
}

/**
 * The facts of each key `set` was given: they depend on the key alone, and
 * an App of many applications sets the same keys in each. Bounded like the
 * other caches of pure results: it starts over when full.
 */
const KEY_FACTS = new Map<string, KeyFacts>();
const KEY_FACTS_MAX = 4096;

function keyFacts(key: string): KeyFacts {
  let facts = KEY_FACTS.get(key);
  if (facts !== undefined) return facts;
  const problem = confKeyProblem(key);
  if (problem) return { problem, canonical: key, shown: String(key), secretName: false, taskAmount: false, memory: false, readAs: [] };
  const canonical = canonicalConfKey(key);
  const env = ENV_KEY.exec(canonical);
  facts = {
    canonical,
    shown: canonical !== key ? `'${key}' (Spark reads it as '${canonical}')` : `'${key}'`,
    denied: DENIED.find((d) => d.pattern.test(canonical)),
    secretName: !env && isSecretName(canonical),
    secretEnv: env && isSecretName(env[2]) ? { role: env[1] === 'executorEnv' ? 'executor' : 'driver', name: env[2] } : undefined,
    taskAmount: /^spark\.task\.resource\.[^.]+\.amount$/.test(canonical),
    memory: MEMORY_KEYS.test(canonical) && !SCALED_ALTERNATIVES.test(key),
    readAs: keysReadAs(canonical),
  };
  if (KEY_FACTS.size >= KEY_FACTS_MAX) KEY_FACTS.clear();
  KEY_FACTS.set(key, facts);
  return facts;
}

/** Refuses a value that holds secret material (shown redacted) or that Spark would read back changed. */
function checkConfValue(scope: IConstruct, where: string, value: string): void {
  // Secret material first, so no other message shows it.
  const secret = typeof value === 'string' ? secretProblem(value) : undefined;
  if (secret) fail(scope, where, '<redacted>', secret.requirement, secret.fix);
  const problem = confValueProblem(value);
  if (problem) fail(scope, where, value, problem.requirement, problem.fix);
}

/** A configuration as two lists: the keys, and at the same index their values. */
export interface ConfEntries {
  readonly keys: string[];
  readonly values: string[];
}

/** Keys and key prefixes owned by typed props (`SparkConf.ownership`). */
export interface ConfOwnership {
  readonly owners: ReadonlyMap<string, string>;
  readonly prefixOwners: readonly { readonly prefix: string; readonly prop: string }[];
}

/**
 * Spark configuration assembled by a construct: keys owned by typed props,
 * and raw pass-through keys, checked against each other and the deny list.
 * Output is sorted and string-valued.
 *
 * @internal
 */
export class SparkConf {
  /** Owners declared one by one (`own`) where the shared table names another or none. Made on first use, like `rawProps`: most configurations need neither. */
  private owners?: Map<string, string>;
  /** A shared table of owners (`ownAll`), read after `owners`: every application starts from the same one. */
  private baseOwners?: ReadonlyMap<string, string>;
  /** The shared table's prefixes, read before `prefixOwners`. */
  private basePrefixOwners?: ConfOwnership['prefixOwners'];
  private readonly prefixOwners: { prefix: string; prop: string }[] = [];
  /**
   * The keys set, in the order they were set, and at the same index their
   * values: two lists rather than a Map. A configuration holds some ten to
   * thirty keys, is built once per application (mostly before V8 optimizes
   * the code), and is read back as these two lists (`entries`); a scan of
   * so few keys costs less than a Map's growth and its copy into lists
   * (a configuration of 3,000 raw keys still builds in about 25 ms).
   */
  private readonly keys: string[] = [];
  private readonly values: string[] = [];
  /** The prop each raw key came from. */
  private rawProps?: Map<string, string>;

  /**
   * @param scope the construct whose path errors name
   * @param namespace the namespace the application runs in, if known
   * @param confProp the prop name raw keys are reported under
   * @param fromSecrets whether the construct takes `sparkConfFromSecrets` / `hadoopConfFromSecrets`, the fix for a literal secret
   */
  constructor(
    private readonly scope: IConstruct, private readonly namespace: string | undefined, private readonly confProp: string = 'sparkConf',
    private readonly fromSecrets: boolean = false,
  ) {}

  /** Declares that a typed prop owns a key, and sets it when a value is given (checked like any value Spark reads). */
  public own(key: string, prop: string, value?: string): void {
    if (value !== undefined) checkConfValue(this.scope, prop, value);
    const raw = this.rawProps?.get(key);
    if (raw !== undefined) {
      fail(this.scope, raw, this.get(key), `sets '${key}', which ${ownerPhrase(prop)} owns`, ownerFix(prop, raw));
    }
    // The shared table (ownAll) already names this owner: nothing to add.
    if (this.baseOwners?.get(key) !== prop || this.owners?.has(key)) (this.owners ??= new Map()).set(key, prop);
    if (value !== undefined) {
      this.store(key, value);
    }
  }

  /**
   * Sets a key without claiming it: raw configuration may repeat it with the
   * same value (the namespace, which Spark's docs show in every recipe).
   */
  public put(key: string, value: string): void {
    this.store(key, value);
  }

  /** Sets a key's value: in its place if it is set, else after the others. */
  private store(key: string, value: string): void {
    const at = this.keys.indexOf(key);
    if (at >= 0) {
      this.values[at] = value;
    } else {
      this.keys.push(key);
      this.values.push(value);
    }
  }

  /** Declares that a typed prop owns every key under a prefix. */
  public ownPrefix(prefix: string, prop: string): void {
    this.prefixOwners.push({ prefix, prop });
  }

  /** The keys and prefixes owned so far, without values: a table that `ownAll` gives another configuration. */
  public ownership(): ConfOwnership {
    return {
      owners: new Map([...(this.baseOwners ?? []), ...(this.owners ?? [])]),
      prefixOwners: [...(this.basePrefixOwners ?? []), ...this.prefixOwners],
    };
  }

  /**
   * Declares every owner of a table, as `own` (no value) and `ownPrefix`
   * would one by one, first of all (so no raw key clashes, and later owners
   * take precedence). The table is shared, not copied: it is only read.
   */
  public ownAll(table: ConfOwnership): void {
    if (this.rawProps !== undefined || this.owners !== undefined || this.baseOwners !== undefined || this.prefixOwners.length > 0) {
      throw new Error('ownAll: owners are declared already');
    }
    this.baseOwners = table.owners;
    this.basePrefixOwners = table.prefixOwners;
  }

  /**
   * Sets a raw key, checking it against owners, the deny list and secret
   * rules. A `reference` value points at a Secret (Spark's `${env:NAME}`,
   * Hadoop's `${env.NAME}` of a variable from a Secret), so a secret-like key
   * may hold it.
   */
  public set(key: string, value: string, prop?: string, reference: boolean = false): void {
    const where = prop ?? `${this.confProp}.${key}`;
    const facts = keyFacts(key);
    if (facts.problem) {
      fail(this.scope, where, key, facts.problem.requirement, facts.problem.fix);
    }
    checkConfValue(this.scope, where, value);
    const { canonical, shown, denied } = facts;
    // The value of a secret-like key is never shown, whichever rule refuses it.
    const shownValue = facts.secretName ? '<redacted>' : value;
    const owner = this.ownerOf(canonical);
    if (owner) {
      fail(this.scope, where, shownValue, `sets ${shown}, which ${ownerPhrase(owner)} owns`, ownerFix(owner));
    }
    if (denied) {
      fail(this.scope, where, shownValue, `sets ${shown}, which ${denied.why}`, denied.fix);
    }
    if (canonical === 'spark.kubernetes.namespace' && value !== this.namespace) {
      if (this.namespace === undefined) {
        fail(this.scope, where, value, 'must not be set: this construct sets no Kubernetes namespace for Spark', 'remove it');
      }
      fail(this.scope, where, value, `must equal the application's namespace '${this.namespace}'`, 'remove it: the namespace comes from \'namespace\'');
    }
    if (!reference) this.checkSecretName(where, canonical, facts);
    if (facts.taskAmount) {
      const amount = /^\s*[0-9.eE+-]+\s*$/.test(value) ? Number(value) : NaN;
      const problem = taskAmountProblem(amount, 'resource');
      if (problem) fail(this.scope, where, value, problem.requirement, problem.fix);
    }
    if (facts.memory) {
      const parsed = sparkMemoryProblem(value);
      if (parsed.problem) {
        fail(this.scope, where, value, parsed.problem, parsed.fix!);
      }
    }
    // Only the names Spark reads as this key can conflict; the scan of every key (for the first conflict) runs when one does.
    if (!facts.readAs.some((other) => this.conflicts(other, key, value))) {
      this.store(key, value);
      (this.rawProps ??= new Map()).set(key, where);
      return;
    }
    for (let at = 0; at < this.keys.length; at++) {
      const other = this.keys[at];
      const existing = this.values[at];
      if (canonicalConfKey(other) !== canonical || (other === key && existing === value)) continue;
      const also = other === key ? '' : ` under '${other}' (Spark reads both as '${canonical}')`;
      fail(this.scope, where, value, `conflicts with ${show(existing)} set earlier${also}`, also ? `set it once, as '${canonical}'` : 'set each key once');
    }
    this.store(key, value);
    (this.rawProps ??= new Map()).set(key, where);
  }

  /** Whether a key set earlier holds another value than `value` under `key` (or any value under another name). */
  private conflicts(other: string, key: string, value: string): boolean {
    const existing = this.get(other);
    return existing !== undefined && !(other === key && existing === value);
  }

  /** The typed prop that owns a key, if any. */
  private ownerOf(key: string): string | undefined {
    const byPrefix = (p: { prefix: string }) => key.startsWith(p.prefix);
    return this.owners?.get(key) ?? this.baseOwners?.get(key)
      ?? this.basePrefixOwners?.find(byPrefix)?.prop ?? this.prefixOwners.find(byPrefix)?.prop;
  }

  /**
   * Refuses a key whose name holds secret material: an environment variable
   * Spark sets from the configuration (`spark.executorEnv.DB_PASSWORD`) like
   * a pod's literal env, any other key as a literal secret.
   */
  private checkSecretName(where: string, key: string, facts: KeyFacts): void {
    const env = facts.secretEnv;
    if (env) {
      const { role, name } = env;
      fail(this.scope, where, '<redacted>', `sets the ${role} environment variable '${name}' to a literal value, readable by anyone who can get pods or read the configuration`,
        `store it in a Secret and use '${role}.env' with EnvValue.fromSecretValue({ secret, key }), or spark.kubernetes.${role}.secretKeyRef.${name}=<secret>:<key>`);
    }
    if (facts.secretName) {
      const hadoop = key.startsWith('spark.hadoop.');
      fail(this.scope, where, '<redacted>', 'holds secret material as a literal value, which would be stored in Git, the custom resource, the driver ConfigMap and the executor environment',
        !this.fromSecrets ? 'put the value in a Kubernetes Secret and pass it as an environment variable from the Secret (EnvValue.fromSecretValue)'
          : `keep the value in a Kubernetes Secret and pass it with '${hadoop ? 'hadoopConfFromSecrets' : 'sparkConfFromSecrets'}' `
            + `({ '${hadoop ? key.slice('spark.hadoop.'.length) : key}': { secret, key } })`);
    }
  }

  /** Sets every key of a map (in key order). */
  public setAll(map: { [key: string]: string } | undefined, prop?: string): void {
    for (const key of Object.keys(map ?? {}).sort()) {
      this.set(key, map![key], prop ? `${prop}.${key}` : undefined);
    }
  }

  /** The value of a key, if set. */
  public get(key: string): string | undefined {
    const at = this.keys.indexOf(key);
    return at < 0 ? undefined : this.values[at];
  }

  /** The configuration as a sorted string map. */
  public render(): { [key: string]: string } {
    return sorted(this.toMap());
  }

  /** Whether some key set starts with `prefix`. */
  public hasKeyUnder(prefix: string): boolean {
    return this.keys.some((key) => key.startsWith(prefix));
  }

  /** The keys and values, as two new lists in the order the keys were set. */
  public entries(): ConfEntries {
    return { keys: this.keys.slice(), values: this.values.slice() };
  }

  /** The configuration as a string map, in the order the keys were set. */
  public toMap(): { [key: string]: string } {
    const out: { [key: string]: string } = {};
    for (let at = 0; at < this.keys.length; at++) out[this.keys[at]] = this.values[at];
    return out;
  }

  /** Whether nothing is set. */
  public get isEmpty(): boolean {
    return this.keys.length === 0;
  }
}

/**
 * Why a task resource amount is not one Spark accepts: a positive whole
 * number, or a share of at most 0.5 (TaskResourceRequest: "must be either
 * <= 0.5, or a whole number"; ResourceUtils.calculateAmountAndPartsForFraction
 * gives floor(1/amount) tasks per resource, so a share is taken as 1/n).
 */
export function taskAmountProblem(amount: unknown, unit: string = 'GPU'): { requirement: string; fix: string } | undefined {
  if (typeof amount !== 'number' || !Number.isFinite(amount) || amount <= 0) {
    return { requirement: `must be a positive number: a whole number of ${unit}s, or a share 1/n of one ${unit}`, fix: `use e.g. 1, or 0.25 to let four tasks share a ${unit}` };
  }
  if (Number.isInteger(amount)) return undefined;
  if (amount > 0.5) {
    return {
      requirement: 'must be a whole number or a share of at most 0.5 (Spark refuses other amounts: TaskResourceRequest)',
      fix: `use ${Math.round(amount) || 1}, or 0.5 to let two tasks share a ${unit}`,
    };
  }
  const n = Math.floor(1 / amount + 1e-9);
  if (Math.abs(1 / n - amount) > 1e-9) {
    return {
      requirement: `must be a share 1/n of one ${unit} (Spark runs floor(1/amount) = ${n} tasks per ${unit}, so this would mean 1/${n})`,
      fix: `use 1/${n} (${String(1 / n)})`,
    };
  }
  return undefined;
}

/** Whether an owner is a prop (`executor.memory`, `driver (pod settings)`) rather than a backend's recipe (`the client-mode recipe`). */
function isPropOwner(owner: string): boolean {
  return /^[a-zA-Z][\w.[\]]*( \(.*\))?$/.test(owner);
}

/** An owner in a message: a prop quoted, a recipe as it is. */
function ownerPhrase(owner: string): string {
  return isPropOwner(owner) ? `'${owner}'` : owner;
}

/**
 * The fix for a raw key a typed prop owns: use the prop, or, where the owner
 * is not a prop the user sets (a backend's recipe), leave the key to it.
 */
function ownerFix(owner: string, raw?: string): string {
  if (!isPropOwner(owner)) return `remove it${raw ? ` from '${raw}'` : ''}: ${owner} sets it`;
  return raw ? `remove it from '${raw}' and use '${owner}'` : `remove it and use '${owner}'`;
}

/** Checks a Hadoop configuration map: string values, no prefix, no literal secrets. */
export function checkHadoopConf(scope: IConstruct, prop: string, conf: { [key: string]: string } | undefined): void {
  for (const [key, value] of Object.entries(conf ?? {})) {
    checkHadoopEntry(scope, `${prop}.${key}`, key, value);
  }
}

/** Checks one Hadoop configuration key and value, reported at `where` (a `reference` to a Secret may sit under a secret-like key). */
export function checkHadoopEntry(
  scope: IConstruct, where: string, key: string, value: string, options: { readonly reference?: boolean; readonly secretFix?: string } = {},
): void {
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
  if (!options.reference && isSecretName(key)) {
    fail(scope, where, '<redacted>', 'holds secret material as a literal value, which would be stored in Git, the custom resource and the driver ConfigMap',
      options.secretFix ?? 'put the value in a Kubernetes Secret and pass it as an environment variable from the Secret (for S3A: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY with EnvironmentVariableCredentialsProvider)');
  }
}
