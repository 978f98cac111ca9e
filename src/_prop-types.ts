import { IConstruct } from 'constructs';
import { secretProblem } from './_input';
import { booleanFix, enumMembers, enumProblem, listFix, meantName, problem, show, stringFix } from './_message';
import { FactoryId, PROP_TYPES, StructId } from './_prop-types.generated';
import { SparkValidationError } from './errors';

/**
 * The runtime types of every construct's props, for JavaScript callers (and
 * `as any`): a value of the wrong type gets the library's message with the
 * construct path, the prop and the fix, never a TypeError from a renderer or
 * a string where Kubernetes expects a boolean. The table is generated from
 * the props interfaces (scripts/prop-types.ts), so no prop is left out; the
 * checks of what a value means stay with the constructs.
 */

/** What a JavaScript caller must pass for a prop (scripts/prop-types.ts says how each is read from the sources). */
export type RuntimeType =
  | 'string' | 'number' | 'boolean' | 'any'
  | { readonly enum: string }
  | { readonly list: RuntimeType }
  | { readonly map: RuntimeType }
  | { readonly struct: string }
  | { readonly instance: string }
  | { readonly union: readonly RuntimeType[] };

export interface PropTypeTable {
  /** The fields each struct of the library declares (not those of its bases), by id. */
  readonly structs: { readonly [id: string]: { readonly [field: string]: RuntimeType } };
  /** The structs each struct extends (structs with none are left out). */
  readonly bases: { readonly [id: string]: readonly string[] };
  /** The fields each struct declares that must be set (structs with none are left out). */
  readonly required: { readonly [id: string]: readonly string[] };
  /** The parameters of each factory (`SparkVolume.fromEmptyDir`): name, type, whether it may be left out. */
  readonly factories: { readonly [name: string]: ReadonlyArray<readonly [string, RuntimeType, boolean]> };
  /** The members and values of each enum. */
  readonly enums: { readonly [id: string]: { readonly [member: string]: string } };
  /** Each instance type's name, and the methods and members every instance has (an empty list: any object). */
  readonly shapes: { readonly [id: string]: { readonly name: string; readonly methods: readonly string[]; readonly members: readonly string[] } };
}

/** The id of a struct of the library (a literal type: a decorator naming one that does not exist does not compile). */
export type PropsStruct = StructId;

/** The table, read by id. */
const TABLE = PROP_TYPES;

const hasOwn = (o: object, key: string) => Object.prototype.hasOwnProperty.call(o, key);
const isObject = (v: unknown): v is { [key: string]: unknown } => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Calls of the library's own values, for the fix of a value that is not one of them. */
const INSTANCE_FIXES: { [name: string]: (value: unknown) => string } = {
  'Size': () => 'use e.g. Size.gibibytes(4) or Size.mebibytes(512)',
  'Duration': () => 'use e.g. Duration.seconds(30) or Duration.minutes(5)',
  'Cpu': () => 'use e.g. Cpu.millis(500) or Cpu.units(1)',
  'S3a': () => 'use new S3a({ credentials, endpoint })',
  'SparkVersion': (v) => (typeof v === 'string' && /^\d+\.\d+\.\d+$/.test(v) ? `use SparkVersion.of('${v}')` : 'use e.g. SparkVersion.V4_0_4'),
  'ApplicationFile': () => 'use ApplicationFile.fromImagePath(\'/opt/app/job.py\') or ApplicationFile.fromUrl(\'s3a://bucket/job.py\')',
  'EventLog': (v) => (typeof v === 'string' ? `use EventLog.toUrl('${v}')` : 'use EventLog.toUrl(\'s3a://bucket/spark-events\') or EventLog.onVolume(volume)'),
  'EnvValue': (v) => (typeof v === 'string' ? `use EnvValue.fromValue('${v}')` : 'use EnvValue.fromValue(\'value\') or EnvValue.fromSecretValue({ secret, key })'),
  'ISecret': (v) => `use Secret.fromSecretName(this, 'Secret', '${typeof v === 'string' ? v : 'name'}')`,
  'IServiceAccount': (v) => `use ServiceAccount.fromServiceAccountName(this, 'Account', '${typeof v === 'string' ? v : 'name'}')`,
  'ISparkMaster': (v) => (typeof v === 'string' ? `use SparkStandaloneCluster.fromMasterUrl(this, 'Master', '${v}')`
    : 'pass a SparkStandaloneCluster, or SparkStandaloneCluster.fromMasterUrl(this, \'Master\', \'spark://host:7077\')'),
  // cdk8s-plus's renderers read `.value` of these (cdk8s-plus-28 lib/imports/k8s.js:14526, toJson_HttpGetAction:
  // `'port': obj.port?.value`), so a bare number is dropped without a word.
  'k8s.IntOrString': (v) => (typeof v === 'number' ? `use k8s.IntOrString.fromNumber(${v})` : typeof v === 'string' ? `use k8s.IntOrString.fromString('${v}')`
    : 'use k8s.IntOrString.fromNumber(8080) or k8s.IntOrString.fromString(\'http\')'),
  'k8s.Quantity': (v) => (typeof v === 'number' ? `use k8s.Quantity.fromNumber(${v})` : `use k8s.Quantity.fromString('${typeof v === 'string' ? v : '128Mi'}')`),
  'Date': () => 'use a Date, e.g. new Date(\'2026-01-01T00:00:00Z\')',
  'IConfigMap': (v) => `use ConfigMap.fromConfigMapName(this, 'Config', '${typeof v === 'string' ? v : 'name'}')`,
};

/** The type as messages name it. */
function describe(type: RuntimeType): string {
  if (type === 'string' || type === 'number' || type === 'boolean') return type === 'boolean' ? 'true or false' : `a ${type}`;
  if (type === 'any') return 'a value';
  if ('enum' in type) return enumMembers(TABLE.enums[type.enum], enumName(type.enum));
  if ('list' in type) return type.list === 'string' ? 'a list of strings' : 'a list';
  if ('map' in type) return type.map === 'string' ? 'a map of strings' : 'a map';
  if ('struct' in type) return `an object (${type.struct.replace(/^apache\./, '')})`;
  if ('instance' in type) return article(TABLE.shapes[type.instance].name);
  return type.union.map(describe).join(' or ');
}

const enumName = (id: string) => id.replace(/^apache\./, '');
/** A type's name with its article, without an interface's I (`an ApplicationFile`, `an S3a`, `a Secret` for ISecret). */
function article(name: string): string {
  const shown = name.replace(/^I(?=[A-Z])/, '');
  // A vowel, or a letter read as a word that starts with one (S3a is 'ess-three-a').
  return `${/^([AEIOU]|[FHLMNRSX](?=[A-Z0-9]))/.test(shown) ? 'an' : 'a'} ${shown}`;
}

/** How to give a value of the type instead of `value`. */
function fixFor(type: RuntimeType, value: unknown): string {
  if (value === null) return 'leave it out to take the default (null is not "not set")';
  if (type === 'string') return stringFix(value);
  if (type === 'number') {
    return typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)) ? `use ${Number(value)} (a number, not a string)` : 'use a finite number';
  }
  if (type === 'boolean') return booleanFix(value);
  if (type === 'any') return 'use a value';
  if ('enum' in type) return enumProblem(value, TABLE.enums[type.enum], enumName(type.enum)).fix;
  if ('list' in type) return listFix(value, accepts(type.list, value), describe(type.list));
  if ('map' in type) return 'use an object of keys and values, e.g. { key: \'value\' }';
  if ('struct' in type) {
    // {} is no fix for a struct with fields that must be set.
    const required = structOf(type.struct).required;
    return required.length === 0 ? 'use an object literal of its fields, e.g. {}'
      : `use an object literal of its fields, with ${required.map((f) => `'${f}'`).join(' and ')} set`;
  }
  if ('instance' in type) {
    const shape = TABLE.shapes[type.instance];
    return INSTANCE_FIXES[shape.name]?.(value) ?? `use ${article(shape.name)} of this library`;
  }
  return `use ${describe(type)}`;
}

/** How to set a required field that is missing. */
function missingFix(type: RuntimeType): string {
  const shape = typeof type === 'object' && 'instance' in type ? TABLE.shapes[type.instance] : undefined;
  return (shape && INSTANCE_FIXES[shape.name]?.(undefined)) ?? `set it to ${describe(type)}`;
}

/** Whether a value is of a type (undefined is left to the caller). */
function accepts(type: RuntimeType, value: unknown): boolean {
  switch (type) {
    case 'string': return typeof value === 'string';
    case 'number': return typeof value === 'number' && Number.isFinite(value);
    case 'boolean': return typeof value === 'boolean';
    case 'any': return true;
  }
  if ('enum' in type) {
    const values = TABLE.enums[type.enum];
    for (const member in values) if (values[member] === value) return true;
    return false;
  }
  if ('list' in type) return Array.isArray(value);
  if ('map' in type || 'struct' in type) return isObject(value);
  if ('instance' in type) {
    // A class instance or an object of a behavioural interface; not a list, not a function.
    if (!isObject(value)) return false;
    const shape = TABLE.shapes[type.instance];
    for (const m of shape.methods) if (typeof value[m] !== 'function') return false;
    for (const m of shape.members) if (!(m in value)) return false;
    return true;
  }
  return type.union.some((t) => accepts(t, value));
}

/**
 * A runtime-type problem. `wrongPrimitive`: a string or boolean prop got a
 * value of another JavaScript type, or a string, number or boolean prop got
 * null, which the type says best;
 * for any other problem, the construct's own check of the prop, when it has
 * one, knows better what the value is for (which call makes it, which of an
 * enum's members the construct takes, an example of its fields).
 */
export interface TypeProblem {
  readonly error: SparkValidationError;
  readonly wrongPrimitive: boolean;
}

/** Types whose values are references to secret material: a value given in their place is the secret itself, and never shown. */
const SECRET_REFERENCES = new Set(['SecretValue']);

/**
 * Where a value was given: what messages show before the prop, and the
 * construct path errors carry. Read only when there is a problem: a
 * construct's path is a string built on each read, and most props are fine.
 */
interface Where {
  readonly shown: () => string;
  readonly constructPath: () => string;
}

const inConstruct = (scope: IConstruct): Where => ({ shown: () => scope.node.path, constructPath: () => scope.node.path });

/** Checks one set value (not undefined) against its type, its elements, values and fields too; adds each problem to `out`. */
function check(scope: Where, prop: string, value: unknown, type: RuntimeType, out: TypeProblem[]): void {
  if (!accepts(type, value)) {
    // A value holding secret material is not shown, nor repeated in a fix: the secret is the problem to report.
    // A value in place of a reference to a Secret is taken for the secret itself.
    const secret = typeof value === 'object' || typeof value === 'string' ? secretProblem(show(value)) : undefined;
    const reference = typeof type === 'object' && 'struct' in type && SECRET_REFERENCES.has(type.struct);
    const text = secret ? problem(prop, '<redacted>', secret.requirement, secret.fix)
      : problem(prop, reference ? '<redacted>' : value, `must be ${describe(type)}`, reference ? 'use { secret: Secret.fromSecretName(this, \'Secret\', \'name\'), key: \'key\' }' : fixFor(type, value));
    // A number's own check knows its range, so its fix leads somewhere valid where '-1' → -1 might not.
    const wrongPrimitive = value === null ? typeof type === 'string' && type !== 'any' : (type === 'string' || type === 'boolean') && typeof value !== type;
    out.push({ error: new SparkValidationError(`[${scope.shown()}] ${text}`, scope.constructPath(), prop), wrongPrimitive });
    return;
  }
  if (typeof type !== 'object') return;
  if ('list' in type) {
    const list = value as unknown[];
    for (let i = 0; i < list.length; i++) check(scope, `${prop}[${i}]`, list[i], type.list, out);
  } else if ('map' in type) {
    const map = value as { [key: string]: unknown };
    for (const key of Object.keys(map)) check(scope, `${prop}.${key}`, map[key], type.map, out);
  } else if ('struct' in type) {
    checkFields(scope, `${prop}.`, value as { [key: string]: unknown }, type.struct, out);
  }
}

/** A struct's fields and required fields, its bases' included. */
interface Struct {
  readonly fields: { readonly [field: string]: RuntimeType };
  readonly required: readonly string[];
}

/** The structs as checked, each put together from its bases on first use. */
const STRUCTS = new Map<string, Struct>();

function structOf(id: string): Struct {
  let struct = STRUCTS.get(id);
  if (struct === undefined) {
    const bases = (TABLE.bases[id] ?? []).map(structOf);
    struct = {
      fields: Object.assign({}, ...bases.map((b) => b.fields), TABLE.structs[id]),
      required: [...new Set([...bases.flatMap((b) => b.required), ...TABLE.required[id] ?? []])],
    };
    STRUCTS.set(id, struct);
  }
  return struct;
}

/**
 * Checks the set fields of a struct value. Fields the struct does not declare
 * are left alone in the library's structs (JavaScript callers spread objects
 * into props), and refused in a Kubernetes struct: cdk8s-plus renders only
 * the fields it declares (`toJson_LifecycleHandler` has no `sleep`), so any
 * other would be dropped without a word: a typo, or a field of a newer
 * Kubernetes than cdk8s-plus-28 renders.
 */
function checkFields(scope: Where, at: string, value: { [key: string]: unknown }, id: string, out: TypeProblem[]): void {
  const { fields, required } = structOf(id);
  // for-in: the caller's own keys, few of them; the table decides which are fields.
  for (const key in value) {
    const v = value[key];
    if (v === undefined) continue;
    if (hasOwn(fields, key)) check(scope, `${at}${key}`, v, fields[key], out);
    else if (id.startsWith('k8s.')) out.push(unknownField(scope, `${at}${key}`, v, id, Object.keys(fields)));
  }
  for (const key of required) {
    if (value[key] === undefined) {
      const prop = `${at}${key}`;
      const error = new SparkValidationError(`[${scope.shown()}] ${problem(prop, undefined, 'must be set', missingFix(fields[key]))}`, scope.constructPath(), prop);
      out.push({ error, wrongPrimitive: false });
    }
  }
}

/** A field a Kubernetes struct does not have, and the one it likely misspells. */
function unknownField(scope: Where, prop: string, value: unknown, id: string, fields: string[]): TypeProblem {
  const key = prop.slice(prop.lastIndexOf('.') + 1);
  const meant = meantName(key, fields);
  const fix = meant !== undefined ? `use '${meant}'`
    : `remove it (cdk8s-plus-28, which renders ${id}, would drop it without a word); its fields are ${fields.join(', ')}`;
  const secret = typeof value === 'object' || typeof value === 'string' ? secretProblem(show(value)) : undefined;
  const text = problem(prop, secret ? '<redacted>' : value, `is not a field of ${id}`, fix);
  return { error: new SparkValidationError(`[${scope.shown()}] ${text}`, scope.constructPath(), prop), wrongPrimitive: false };
}

/**
 * The runtime-type problems of a construct's props, each a
 * `SparkValidationError` naming the prop (`driver.security.runAsNonRoot`).
 * Props that are not an object are left to the construct (it reports them).
 */
export function propTypeProblems(scope: IConstruct, struct: PropsStruct, props: unknown): TypeProblem[] {
  const out: TypeProblem[] = [];
  if (isObject(props)) checkFields(inConstruct(scope), '', props, struct as string, out);
  return out;
}

/**
 * The runtime-type problems of a struct given to a construct's method, each
 * naming the method and the field (`addVolume.readOnly`).
 */
export function argumentTypeProblems(scope: IConstruct, method: string, struct: PropsStruct, value: unknown): TypeProblem[] {
  const out: TypeProblem[] = [];
  if (value !== undefined) check(inConstruct(scope), method, value, { struct }, out);
  return out;
}

/** A factory of the table (`SparkVolume.fromEmptyDir`). */
export type Factory = FactoryId;

/** A class with factories in the table (`SparkVolume`). */
export type FactoryOwner = Factory extends `${infer Owner}.${string}` ? Owner : never;

/**
 * The runtime-type problems of a factory's arguments, each naming the
 * parameter (`[SparkVolume.fromEmptyDir] 'options' ...`; no construct path:
 * a factory has none).
 */
export function factoryTypeProblems(factory: Factory, args: readonly unknown[]): TypeProblem[] {
  const out: TypeProblem[] = [];
  const where: Where = { shown: () => factory, constructPath: () => '' };
  TABLE.factories[factory].forEach(([name, type, optional], i) => {
    if (args[i] !== undefined) check(where, name, args[i], type, out);
    else if (!optional) out.push({ error: new SparkValidationError(`[${where.shown()}] ${problem(name, undefined, 'must be set', missingFix(type))}`, '', name), wrongPrimitive: false });
  });
  return out;
}

/** The factories of a class in the table (`SparkVolume` → fromEmptyDir, fromSecret, ...). */
export function factoriesOf(owner: FactoryOwner): Factory[] {
  return Object.keys(TABLE.factories).filter((name) => name.slice(0, name.lastIndexOf('.')) === owner) as Factory[];
}
