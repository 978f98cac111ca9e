/**
 * The one parsing and escaping layer: every string the library writes into a
 * configuration file, a command line, an environment value or a configuration
 * map is checked here first, with the rules of whatever reads it. Each check
 * returns why a string cannot be used (a requirement and a fix for the
 * message), or undefined when it can.
 */

/** Why a string cannot be used: the message parts after the prop and before the value. */
export interface InputProblem {
  readonly requirement: string;
  readonly fix: string;
}

// --- control characters -----------------------------------------------------

const CONTROL = /[\u0000-\u001f\u007f]/;

/** A control character, shown so a message can name it. */
function controlName(s: string): string {
  const c = CONTROL.exec(s)![0];
  const names: { [c: string]: string } = { '\n': 'a line break', '\r': 'a carriage return', '\t': 'a tab', '\u0000': 'a NUL byte' };
  return names[c] ?? `the control character U+${c.charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()}`;
}

/** Why a string that lands on one line of a file or command holds a control character. */
export function controlProblem(s: string): InputProblem | undefined {
  if (!CONTROL.test(s)) return undefined;
  return { requirement: `must not contain ${controlName(s)} (it would start a new line in the file or command Spark reads)`, fix: 'remove it' };
}

// --- Spark and Hadoop configuration -------------------------------------------

/**
 * Spark and Hadoop configuration keys: letters, digits and `. _ - * / @ +`.
 * `java.util.Properties` ends a key at whitespace, `=` or `:` and reads a line
 * starting with `#` or `!` as a comment, so a key with any of them would write
 * a different key than the one checked.
 */
const CONF_KEY = /^[A-Za-z0-9_][A-Za-z0-9_.\-*/@+]*$/;

/** Why a string is not a Spark or Hadoop configuration key. */
export function confKeyProblem(key: string): InputProblem | undefined {
  if (typeof key !== 'string' || key.length === 0) {
    return { requirement: 'must be a non-empty configuration key', fix: 'use a key such as \'spark.sql.shuffle.partitions\'' };
  }
  const mapKey = mapKeyProblem(key);
  if (mapKey) return { requirement: mapKey, fix: 'remove it: no Spark or Hadoop key has this name' };
  if (key.length > 512 || !CONF_KEY.test(key)) {
    return {
      requirement: 'must be a configuration key of letters, digits and \'.\', \'_\', \'-\', \'*\', \'/\', \'@\', \'+\' (a space, \'=\' or \':\' would end the key early in spark-defaults.conf)',
      fix: 'use the key as Spark documents it, e.g. \'spark.sql.shuffle.partitions\'',
    };
  }
  return undefined;
}

/**
 * Why a string cannot be a key of a map the library emits. cdk8s reads a
 * map's `constructor` to tell a plain map from a class instance (cdk8s
 * lib/resolve.js `value.constructor == Object`; lib/_util.js sanitizeValue
 * throws "can't render non-simple object" when `obj.constructor.name` is not
 * 'Object'), so a map with the key `constructor` fails the synth without
 * naming the prop; and assigning `__proto__` to a JavaScript object sets its
 * prototype, so that key would vanish from the output.
 */
export function mapKeyProblem(key: string): string | undefined {
  if (key === 'constructor') return 'must not be \'constructor\' (cdk8s reads that key of a map as the map\'s class and cannot render the map)';
  if (key === '__proto__') return 'must not be \'__proto__\' (a JavaScript map cannot hold it: the key would vanish from the output)';
  return undefined;
}

/**
 * Why a string is not a configuration value Spark reads back unchanged: no
 * control characters (a line break starts a new property), no leading or
 * trailing whitespace (Spark trims it: Utils.getPropertiesFromFile,
 * core/src/main/scala/org/apache/spark/util/Utils.scala).
 */
export function confValueProblem(value: string): InputProblem | undefined {
  if (typeof value !== 'string') {
    return { requirement: 'must be a string (the configuration is a string map)', fix: `quote it: '${String(value)}'` };
  }
  const control = controlProblem(value);
  if (control) return control;
  if (value !== value.trim()) {
    return { requirement: 'must not start or end with whitespace (Spark trims it)', fix: `use '${value.trim()}'` };
  }
  return undefined;
}

/**
 * One `spark-defaults.conf` line in `java.util.Properties` syntax. Keys are
 * already restricted to characters that need no escape; in values a
 * backslash starts an escape sequence, so it is doubled. Spark reads the file
 * as UTF-8 (Utils.getPropertiesFromFile), so other characters stay as they are.
 */
export function propertiesLine(key: string, value: string): string {
  // After the key and its whitespace, a first '=' or ':' would be read as the separator and lost.
  return `${key} ${value.replace(/\\/g, '\\\\').replace(/^[=:]/, '\\$&')}`;
}

// --- command lines ------------------------------------------------------------

/**
 * The `$(NAME)` references Kubernetes expands in a container's command, args
 * and env values before the process starts, read the way the kubelet reads
 * them (third_party/forked/golang/expansion/expand.go): `$$` is one literal
 * `$`, `$(` runs to the next `)`.
 */
function expansionReferences(s: string): string[] {
  const names: string[] = [];
  if (!s.includes('$')) return names;
  for (let i = 0; i < s.length - 1; i++) {
    if (s[i] !== '$') continue;
    if (s[i + 1] === '$') {
      i++;
    } else if (s[i + 1] === '(') {
      const close = s.indexOf(')', i + 2);
      if (close < 0) break;
      names.push(s.slice(i + 2, close));
      i = close;
    }
  }
  return names;
}

/**
 * Escapes a string for a container's command or args so the process gets it
 * exactly: every `$` doubled, so the kubelet expands nothing.
 */
export function escapeExpansion(s: string): string {
  return s.replace(/\$/g, '$$$$');
}

/**
 * Why a string for a command line references a secret-like environment
 * variable: Kubernetes would expand it there, where any process on the node
 * can read it (`ps`, /proc). Other references keep their Kubernetes meaning.
 */
export function secretReferenceProblem(s: string): InputProblem | undefined {
  if (!s.includes('$(')) return undefined;
  const name = expansionReferences(s).find(isSecretName);
  if (name === undefined) return undefined;
  return {
    requirement: `references the secret-like variable $(${name}), which Kubernetes would expand onto the command line, where any process on the node can read it`,
    fix: `read ${name} from the environment inside the application, or write $$(${name}) for the literal text`,
  };
}

/** Why a string cannot be one argument of a command line (not a string, control characters, a secret reference, secret material). */
export function argumentProblem(s: string): InputProblem | undefined {
  if (typeof s !== 'string') {
    return { requirement: 'must be a string', fix: `quote it: '${String(s)}'` };
  }
  return controlProblem(s) ?? secretReferenceProblem(s) ?? secretProblem(s);
}

/** Characters a `bash` word may hold unquoted. */
const SHELL_SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

/**
 * A string as one word of a `bash -c` line that is also a container argument:
 * unchanged when it holds only safe characters, else in single quotes (a
 * single quote inside becomes `'\''`), with every `$` doubled for the kubelet.
 * For the operator's SparkConnect server, whose arguments the controller
 * joins into one `bash -c` argument (internal/controller/sparkconnect/
 * reconciler.go at v2.5.2, mutateServerPod).
 */
export function shellWord(s: string): string {
  return SHELL_SAFE.test(s) ? s : `'${escapeExpansion(s).replace(/'/g, '\'\\\'\'')}'`;
}

// --- container images -----------------------------------------------------------

/**
 * The distribution reference grammar (github.com/distribution/reference,
 * regexp.go): `[domain[:port]/]path[:tag][@digest]`, path components lower
 * case, at most 255 characters before the tag.
 */
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?`;
const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*';
const NAME = new RegExp(`^(?:(${DOMAIN})/)?(${PATH_COMPONENT}(?:/${PATH_COMPONENT})*)$`);
const ONE_PATH_COMPONENT = new RegExp(`^${PATH_COMPONENT}$`);
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;

/** An image reference, split. */
export interface ImageReference {
  readonly name: string;
  readonly domain?: string;
  readonly path: string;
  readonly tag?: string;
  readonly digest?: string;
}

/** Splits an image reference by the distribution grammar, or undefined when it is not one. */
export function parseImage(image: string): ImageReference | undefined {
  if (typeof image !== 'string') return undefined;
  const at = image.indexOf('@');
  const digest = at >= 0 ? image.slice(at + 1) : undefined;
  const rest = at >= 0 ? image.slice(0, at) : image;
  const colon = rest.lastIndexOf(':');
  const tag = colon > rest.lastIndexOf('/') ? rest.slice(colon + 1) : undefined;
  const name = tag === undefined ? rest : rest.slice(0, colon);
  const m = NAME.exec(name);
  if (!m || name.length > 255) return undefined;
  // A first component without '.' or ':' (and not localhost) is part of the path, not a registry
  // (reference.ParseNormalizedNamed), so it must be lower case like the rest of the path.
  if (m[1] !== undefined && !/[.:]/.test(m[1]) && m[1] !== 'localhost' && !ONE_PATH_COMPONENT.test(m[1])) return undefined;
  if (tag !== undefined && !TAG.test(tag)) return undefined;
  if (digest !== undefined && !DIGEST.test(digest)) return undefined;
  return { name, domain: m[1], path: m[2], tag, digest };
}

// --- secrets ------------------------------------------------------------------------

/**
 * Names that hold secret material: the pattern of Spark's own
 * `spark.redaction.regex` (`secret|password`), and more spellings (`passwd`,
 * `passphrase`, `DB_PWD`, tokens, access, account (Azure `fs.azure.account.key.*`),
 * private, API and encryption keys (`fs.s3a.encryption.key`), Azure SAS
 * tokens (`fs.azure.sas.<container>.<account>...`).
 */
const SECRET_NAME = new RegExp([
  // `token`, but not `tokenizer`.
  'secret', 'password', 'passwd', 'passphrase', '[._-]pwd$', 'token(?!i[sz])',
  'access[._-]?key', 'account[._-]?key', 'private[._-]?key', 'api[._-]?key', 'encryption[._-]?key($|[._-])',
  '(^|[._-])sas([._-]|$)',
].join('|'), 'i');

/**
 * Names that point at secret material instead of holding it: a file, a path,
 * a provider class, a switch, the name of a Secret (`*.file`, `*_FILE`,
 * `*PasswordFile`, `SECRET_NAME`, the image pull Secrets), and Spark's own
 * references to Secrets.
 */
const REFERENCE_WORDS = ['file', 'path', 'provider', 'providers', 'enabled', 'class', 'dir', 'uri', 'url', 'type', 'location', 'name'];
const REFERENCE_NAME = new RegExp([
  '^spark\\.kubernetes\\.(driver|executor)\\.(secretKeyRef|secrets)\\.',
  // Lists of Secret names: Spark's spark.kubernetes.container.image.pullSecrets, Kubernetes' imagePullSecrets.
  '(^|[._-])(image)?[pP]ullSecrets$',
  `[._-](${REFERENCE_WORDS.join('|')})$`,
  `[._-](${REFERENCE_WORDS.map((w) => w.toUpperCase()).join('|')})$`,
  `[a-z](${REFERENCE_WORDS.map((w) => w[0].toUpperCase() + w.slice(1)).join('|')})$`,
].join('|'));

/**
 * Whether a configuration key or environment variable name holds secret
 * material, so its value must come from a Secret (`spark.hadoop.fs.s3a.secret.key`,
 * `DB_PASSWORD`), rather than point at it (`spark.ssl.keyStorePasswordFile`,
 * `AWS_WEB_IDENTITY_TOKEN_FILE`).
 */
export function isSecretName(name: string): boolean {
  return typeof name === 'string' && SECRET_NAME.test(name) && !REFERENCE_NAME.test(name);
}

/**
 * Secret material inside a value, whatever its key: each pattern, what it is,
 * and `needs`, a pattern every string it matches also matches (a character or
 * piece it cannot match without). A value that matches no `needs` is clean
 * without running the patterns themselves: most values (names, sizes, paths)
 * hold none of these pieces. A test checks each `needs` against its pattern.
 */
export const SECRET_VALUES: ReadonlyArray<{ readonly pattern: RegExp; readonly what: string; readonly needs: RegExp }> = [
  { pattern: /-----BEGIN ([A-Z0-9]+ )*PRIVATE KEY( BLOCK)?-----/, what: 'a PEM private key', needs: /-----BEGIN/ },
  { pattern: /(^|[^A-Z0-9])(AKIA|ASIA)[0-9A-Z]{16}($|[^A-Z0-9])/, what: 'an AWS access key id', needs: /AKIA|ASIA/ },
  { pattern: /[a-z][a-z0-9+.-]*:\/\/[^/\s:@]*:[^/\s@]+@/i, what: 'a password in a URL (user:password@)', needs: /@/ },
  // Oracle's thin driver spells the credentials user/password@ (jdbc:oracle:thin:scott/tiger@host:1521/db).
  { pattern: /jdbc:oracle:[a-z0-9]+:[^/@\s:]+\/[^@\s]+@/i, what: 'a password in a JDBC URL (user/password@)', needs: /@/ },
  { pattern: /[?&;](password|passwd|pwd|secret|token|sig|accountkey|access_token)=(?!\$[({])[^&;\s]+/i, what: 'a secret URL or connection-string parameter', needs: /=/ },
  { pattern: /(^|;)\s*(AccountKey|SharedAccessKey|Password|Pwd)=(?!\$[({])[^;\s]+/i, what: 'a secret connection-string field', needs: /=/ },
  { pattern: /\b(gh[pousr]_[A-Za-z0-9]{36,}|xox[abprs]-[A-Za-z0-9-]{10,}|glpat-[A-Za-z0-9_-]{20,})\b/, what: 'an access token', needs: /gh[pousr]_|xox|glpat-/ },
  { pattern: /\bBearer\s+[A-Za-z0-9._~+/-]{20,}=*/, what: 'a bearer token', needs: /Bearer/ },
];

/**
 * A `name=value` assignment inside a value whose name holds secret material:
 * a JVM system property (`-Djavax.net.ssl.keyStorePassword=changeit`), a flag
 * (`--password=hunter2`), a `key=value` pair (`password=hunter2`). A value
 * that is a reference stays allowed: Kubernetes' `$(VAR)` and Spark's
 * `${env:VAR}` substitution.
 */
const ASSIGNMENT = /(?:^|[\s,'"])-{0,2}([A-Za-z_*][A-Za-z0-9_.*-]*)=([^\s,'"]*)/g;

function secretAssignment(value: string): boolean {
  for (const m of value.matchAll(ASSIGNMENT)) {
    const name = m[1].replace(/^D(?=[a-z])/, '');
    if (m[2] !== '' && !/^\$[({]/.test(m[2]) && isSecretName(name)) return true;
  }
  return false;
}

/** `ASSIGNMENT` needs an '='; each entry of `SECRET_VALUES` needs its piece. */
const MAY_HOLD_SECRET = new RegExp(['=', ...SECRET_VALUES.map((v) => v.needs.source)].join('|'));

/**
 * Strings that passed a check whose result depends on the string alone: an
 * App checks the same strings (keys, images, URLs, options) in every
 * application. Only strings that passed are kept, at most `max`: the set
 * starts over when full.
 */
export class PassedStrings {
  private readonly passed = new Set<string>();
  constructor(private readonly max: number) {}

  public has(s: string): boolean {
    return this.passed.has(s);
  }

  public add(s: string): void {
    if (this.passed.size >= this.max) this.passed.clear();
    this.passed.add(s);
  }
}

/** Values `secretInValue` scanned and found clean (each scan runs a dozen patterns); never secret material. */
const cleanValues = new PassedStrings(10000);

/** What secret material a value holds, or undefined. */
export function secretInValue(value: string): string | undefined {
  if (typeof value !== 'string' || !MAY_HOLD_SECRET.test(value) || cleanValues.has(value)) return undefined;
  const found = scanForSecret(value);
  if (found === undefined) cleanValues.add(value);
  return found;
}

/** What secret material a value holds, by running every pattern (`secretInValue` first skips values that cannot hold any). */
export function scanForSecret(value: string): string | undefined {
  return SECRET_VALUES.find(({ pattern }) => pattern.test(value))?.what
    ?? (secretAssignment(value) ? 'a secret-like setting with a literal value (name=value)' : undefined);
}

/** Why a value holds secret material (for any string the library emits in clear). */
export function secretProblem(value: string): InputProblem | undefined {
  const what = secretInValue(value);
  if (!what) return undefined;
  return {
    requirement: `holds ${what}, which would be stored in clear in Git and in the cluster`,
    fix: 'keep it in a Kubernetes Secret and pass it by reference (an environment variable from the Secret, or a mounted file)',
  };
}
