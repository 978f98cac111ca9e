import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import { collectsAtSynth } from './_collecting';
import { mapKeyProblem, PassedStrings, secretProblem } from './_input';
import { booleanFix, enumProblem, listFix, problem, stringFix } from './_message';
import { argumentTypeProblems, factoriesOf, Factory, FactoryOwner, factoryTypeProblems, propTypeProblems, PropsStruct } from './_prop-types';
import { SparkValidationError } from './errors';

/**
 * The checks every construct runs, and the errors they raise. The message
 * format has its home in `_message.ts` (re-exported here); constructor errors
 * carry the construct path themselves, messages returned from
 * `node.addValidation` leave it off because cdk8s prefixes it.
 */

export { problem, show } from './_message';

/** The full message with the construct path, for errors thrown at once. */
export function message(scope: IConstruct, prop: string, value: unknown, requirement: string, fix: string): string {
  return `[${scope.node.path}] ${problem(prop, value, requirement, fix)}`;
}

/** Throws a `SparkValidationError`. */
export function fail(scope: IConstruct, prop: string, value: unknown, requirement: string, fix: string): never {
  throw new SparkValidationError(message(scope, prop, value, requirement, fix), scope.node.path, prop);
}

/** The single problems an error of `checkAll` joins. */
const parts = new WeakMap<SparkValidationError, SparkValidationError[]>();

/** The single problems of an error: those `checkAll` joined into it, or the error itself. */
function problemsOf(error: SparkValidationError): SparkValidationError[] {
  return parts.get(error) ?? [error];
}

/**
 * Runs independent checks and reports every problem they find in one
 * `SparkValidationError`, a line each, so one run shows all of them. One
 * problem keeps its single-line message. A check that crashes after an
 * earlier problem (a prop of the wrong type read further on) adds nothing:
 * the earlier message already names the cause. A crash with no earlier
 * problem is a bug and is thrown as it is. Each check gets `arg`, so a fixed
 * list of checks can be built once, not once a call.
 */
export function checkAll<T = void>(scope: IConstruct, checks: ReadonlyArray<(arg: T) => void>, arg?: T): void {
  const problems: SparkValidationError[] = [];
  for (const check of checks) {
    try {
      check(arg as T);
    } catch (e) {
      if (e instanceof SparkValidationError) {
        problems.push(e);
      } else if (problems.length === 0) {
        throw e;
      }
    }
  }
  throwProblems(scope, problems);
}

/** Throws the problems found, if any: one as it is, more as one error of a line each (naming the scope's path, if there is one). */
export function throwProblems(scope: IConstruct | undefined, problems: readonly SparkValidationError[]): void {
  if (problems.length === 1) {
    throw problems[0];
  }
  if (problems.length > 1) {
    const lines = problems.map((p) => p.message.split('\n').join('\n  '));
    const error = new SparkValidationError(`${problems.length} problems:\n${lines.join('\n')}`, scope?.node.path ?? problems[0].constructPath, problems[0].prop);
    parts.set(error, problems.flatMap(problemsOf));
    throw error;
  }
}

/** A check of one prop that runs only when the prop is set (`checkSetProps`). */
export interface PropCheck<I, A> {
  readonly prop: keyof I;
  readonly check: (arg: A) => void;
}

/** A `PropCheck` (the list's type gives the types). */
export function when<I, A>(prop: keyof I, check: (arg: A) => void): PropCheck<I, A> {
  return { prop, check };
}

/**
 * Runs, as `checkAll`, the checks of the props of `input` that are set. For
 * runtime types, where every check accepts a prop that is not set: a
 * construct is built once, mostly before V8 optimizes it, so a check that
 * would find nothing is better not called.
 */
export function checkSetProps<I, A>(scope: IConstruct, input: I, checks: ReadonlyArray<PropCheck<I, A>>, arg: A): void {
  const set: ((arg: A) => void)[] = [];
  // An index loop: the list is long, most props are not set, and an iterator costs more than the test.
  for (let i = 0; i < checks.length; i++) {
    if (input[checks[i].prop] !== undefined) set.push(checks[i].check);
  }
  checkAll(scope, set, arg);
}

// --- all problems at synth (SparkErrors.collectAtSynth) --------------------------------

/** The error that stopped a construct's construction, by construct, in a collecting App. */
const stoppedBy = new WeakMap<IConstruct, unknown>();
/** Whether any construct was stopped: `assertBuilt` runs on every use of a construct, and most processes stop none. */
let anyStopped = false;
/** Errors already reported: a construct stopped by using a stopped construct does not report it again. */
const reportedErrors = new WeakSet<object>();
/** Apps in which some construct reported a problem. */
const appsWithProblems = new WeakSet<IConstruct>();

/**
 * What a construct of a collecting App does with the error that stopped its
 * construction: reports each of its problems as a cdk8s validation of the
 * construct that found it (one line each; cdk8s prefixes the path), and
 * remembers it, so that using the construct later throws it (`assertBuilt`).
 * An error that is not bad input is a consequence of an earlier problem when
 * one was reported (a construct used a stopped one), and a bug otherwise.
 * Returns false when the App does not collect, or the error is a bug: the
 * caller throws it.
 */
function stopConstruction(construct: IConstruct, error: unknown): boolean {
  const root = construct.node.root;
  if (!collectsAtSynth(root)) return false;
  const bad = error instanceof SparkValidationError;
  if (!bad && !appsWithProblems.has(root)) return false;
  stoppedBy.set(construct, error);
  anyStopped = true;
  if (!bad || reportedErrors.has(error)) return true;
  reportedErrors.add(error);
  appsWithProblems.add(root);
  // Each problem goes on the construct that found it (the construct or one of its children), without the
  // "[path] " the message starts with: cdk8s prefixes the path of the construct that reports it.
  for (const part of problemsOf(error)) {
    const found = construct.node.findAll().find((c) => c.node.path === part.constructPath);
    const prefix = `[${part.constructPath}] `;
    const text = found && part.message.startsWith(prefix) ? part.message.slice(prefix.length) : part.message;
    (found ?? construct).node.addValidation({ validate: () => [text] });
  }
  return true;
}

/** Throws the error that stopped `construct`'s construction, if one did: a stopped construct cannot be used. */
export function assertBuilt(construct: IConstruct): void {
  if (anyStopped && stoppedBy.has(construct)) throw stoppedBy.get(construct);
}

/**
 * Class decorator of every public construct, given the id of its props
 * struct. It checks the runtime type of every prop (`_prop-types.ts`: a
 * JavaScript caller can pass anything): after the construct is built, and
 * when building it failed with an error that is not the library's (a prop of
 * the wrong type read somewhere), whose cause the types then name. In an App
 * that collects problems (`SparkErrors.collectAtSynth`), bad input stops only
 * the construct that was given it; `new` returns that construct, which emits
 * nothing, and synth reports the problems of every construct at once.
 * Elsewhere the error is thrown at once, at the line that wrote the input.
 */
export function collectsProblems(props: PropsStruct) {
  return <T extends new (...args: any[]) => IConstruct>(target: T): T => {
    const wrapped = class extends target {
      constructor(...args: any[]) {
        // The construct exists once Construct's constructor has run: the scope holds it under its id
        // (an earlier one under that id is another construct, which cdk8s refuses to replace).
        const child = () => (args[0] as IConstruct | undefined)?.node?.tryFindChild?.(args[1]);
        const earlier = child();
        try {
          super(...args);
        } catch (e) {
          const construct = child();
          if (!construct || construct === earlier || !(construct instanceof target)) throw e;
          const cause = withTypeProblems(construct, props, args[2], e);
          if (!stopConstruction(construct, cause)) throw cause;
          return construct;
        }
        const error = withTypeProblems(this, props, args[2], undefined);
        if (error !== undefined && !stopConstruction(this, error)) throw error;
      }
    };
    Object.defineProperty(wrapped, 'name', { value: target.name });
    return wrapped;
  };
}

/**
 * Class decorator of every class with factories in the runtime-type table
 * (`SparkVolume.fromEmptyDir`): a factory that fails with an error that is
 * not the library's (a TypeError where an argument of the wrong type was
 * read) fails instead with the runtime-type problems of its arguments, when
 * they explain it. A factory that keeps a value of the wrong type is left as
 * it is: the construct that uses the value reports it, with its path.
 */
export function checksFactories(owner: FactoryOwner) {
  return <T extends object>(target: T): T => {
    for (const factory of factoriesOf(owner)) {
      const name = String(factory).slice(owner.length + 1);
      const original = (target as any)[name] as (...args: unknown[]) => unknown;
      const guarded = function (this: unknown, ...args: unknown[]) {
        try {
          return original.apply(this, args);
        } catch (e) {
          if (e instanceof SparkValidationError) throw e;
          checkFactoryArguments(factory, args);
          throw e;
        }
      };
      Object.defineProperty(target, name, { value: guarded, writable: true, configurable: true });
    }
    return target;
  };
}

/**
 * Checks a factory's arguments now, for a factory that renders its argument
 * at once (`SparkVolume.fromKubeVolume`): no construct sees the value later
 * to report it, and a wrong type would go out as given (`server: 5`).
 */
export function checkFactoryArguments(factory: Factory, args: readonly unknown[]): void {
  throwProblems(undefined, factoryTypeProblems(factory, args).map((p) => p.error));
}

/**
 * Checks the struct a construct's method is given (`addVolume(mount)`)
 * against the runtime-type table, before the method's own checks read it.
 */
export function checkArgument(scope: IConstruct, method: string, struct: PropsStruct, value: unknown): void {
  throwProblems(scope, argumentTypeProblems(scope, method, struct, value).map((p) => p.error));
}

/** Whether one prop holds another (`driver` holds `driver.env.A`, `arguments` holds `arguments[0]`). */
const holds = (outer: string, inner: string) => inner.length > outer.length && inner.startsWith(outer) && '.['.includes(inner[outer.length]);

/**
 * The error a construction ends with, given what it threw (undefined: it
 * built): the runtime-type problems of its props, with the library's own
 * problems it raised. A construct's problem with a prop that holds or is
 * held by a prop of the wrong type is a consequence of it (a string read as
 * a list of characters), and gives way. Where both name the same prop, the
 * type says it best for a string or boolean of another JavaScript type (a
 * number where a string goes), and the construct for the rest: it
 * knows which call makes the value ('2g' is `Size.gibibytes(2)`), which
 * members of an enum it takes, an example of its fields. An error that is not the
 * library's (a TypeError where a prop of the wrong type was read) gives way
 * to the type problems that explain it, and stays when there are none.
 */
function withTypeProblems(construct: IConstruct, props: PropsStruct, value: unknown, thrown: unknown): unknown {
  const types = propTypeProblems(construct, props, value);
  if (types.length === 0) return thrown;
  const raised = thrown instanceof SparkValidationError ? problemsOf(thrown) : [];
  // The construct's problems in their order, each replaced by the type's where the type says it better.
  const problems: SparkValidationError[] = [];
  for (const o of raised) {
    if (types.some(({ error: t }) => holds(t.prop, o.prop) || holds(o.prop, t.prop))) continue;
    const same = types.find(({ error: t }) => t.prop === o.prop);
    problems.push(same && same.wrongPrimitive ? same.error : o);
  }
  for (const { error: t } of types) {
    if (!problems.some((p) => p.prop === t.prop)) problems.push(t);
  }
  if (problems.length === raised.length && problems.every((p, i) => p === raised[i])) return thrown;
  try {
    throwProblems(construct, problems);
  } catch (e) {
    return e;
  }
  return thrown;
}

/** RFC 1035 label: what Kubernetes requires of Service names and the operator of its CR names. */
export const DNS_1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
/** RFC 1123 label: what Kubernetes requires of namespace names. */
export const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** RFC 1123 subdomain: most object names. */
export const DNS_1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** IANA_SVC_NAME: what Kubernetes requires of container and service port names. */
const IANA_SVC_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

/** Checks a name against the DNS-1035 label rules and a length budget. */
export function checkDns1035(scope: IConstruct, prop: string, value: string, maxLength: number, why: string): void {
  checkString(scope, prop, value);
  if (!DNS_1035_LABEL.test(value)) {
    fail(scope, prop, value, 'must be a DNS-1035 label (lower-case letters, digits and \'-\', starting with a letter and ending with a letter or digit)',
      `use a name such as '${suggestDns1035(value)}'`);
  }
  if (value.length > maxLength) {
    fail(scope, prop, value, `must be at most ${maxLength} characters because ${why}`,
      `shorten it by ${value.length - maxLength} character${value.length - maxLength === 1 ? '' : 's'}`);
  }
}

/** A DNS-1035 spelling of a name, for the fix part of a message. */
export function suggestDns1035(value: string): string {
  let out = String(value).toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/-+/g, '-').replace(/^-+|-+$/g, '');
  if (!/^[a-z]/.test(out)) {
    out = `x${out}`;
  }
  return out.replace(/-+$/, '') || 'x';
}

/** Checks a DNS-1123 label (namespace names). */
export function checkDns1123Label(scope: IConstruct, prop: string, value: string): void {
  checkString(scope, prop, value);
  if (!DNS_1123_LABEL.test(value) || value.length > 63) {
    fail(scope, prop, value, 'must be a DNS-1123 label (at most 63 lower-case letters, digits and \'-\', starting and ending with a letter or digit)',
      `use a name such as '${suggestDns1035(value).slice(0, 63)}'`);
  }
}

/** Why a port name is not an IANA_SVC_NAME, or undefined when it is one. */
export function portNameProblem(name: string): string | undefined {
  if (name.length > 15) {
    return 'must be at most 15 characters (IANA_SVC_NAME)';
  }
  if (!IANA_SVC_NAME.test(name) || name.includes('--') || !/[a-z]/.test(name)) {
    return 'must be an IANA_SVC_NAME (lower-case letters, digits and single \'-\', at least one letter, no leading or trailing \'-\')';
  }
  return undefined;
}

/** Checks an integer against a lower bound. */
export function checkInteger(scope: IConstruct, prop: string, value: number | undefined, min: number, fix: string): void {
  if (value === undefined) {
    return;
  }
  if (!Number.isInteger(value)) {
    fail(scope, prop, value, 'must be a whole number', fix);
  }
  if (value < min) {
    fail(scope, prop, value, `must be at least ${min}`, fix);
  }
}

/** Checks the keys and values of a label map; a value holding secret material is refused (labels are readable by anyone who can list the object). */
export function checkLabels(scope: IConstruct, prop: string, labels: { [key: string]: string } | undefined): void {
  checkMap(scope, prop, labels, '{ team: \'data\' }');
  if (labels === undefined) return;
  for (const key of Object.keys(labels)) {
    const value = labels[key];
    const keyProblem = labelKeyProblem(key);
    if (keyProblem) {
      fail(scope, `${prop}.${key}`, key, `key ${keyProblem}`, 'use a key such as \'example.com/team\'');
    }
    checkNotSecret(scope, `${prop}.${key}`, value);
    if (typeof value !== 'string' || value.length > 63 || (value !== '' && !LABEL_NAME.test(value))) {
      fail(scope, `${prop}.${key}`, value, 'must be a label value (at most 63 letters, digits, \'-\', \'_\' or \'.\', starting and ending with a letter or digit)',
        'put longer or free-form text in an annotation');
    }
  }
}

/** Checks the keys and values of an annotation map; a value holding secret material is refused. */
export function checkAnnotations(scope: IConstruct, prop: string, annotations: { [key: string]: string } | undefined): void {
  checkMap(scope, prop, annotations, '{ \'example.com/owner\': \'data-team\' }');
  if (annotations === undefined) return;
  for (const key of Object.keys(annotations)) {
    const value = annotations[key];
    const keyProblem = labelKeyProblem(key);
    if (keyProblem) {
      fail(scope, `${prop}.${key}`, key, `key ${keyProblem}`, 'use a key such as \'example.com/owner\'');
    }
    if (typeof value !== 'string') {
      fail(scope, `${prop}.${key}`, value, 'must be a string', `quote it: '${String(value)}'`);
    }
    checkNotSecret(scope, `${prop}.${key}`, value);
  }
}

/** Refuses a string that holds secret material (the one detector of `_input.ts`), showing it redacted. */
export function checkNotSecret(scope: IConstruct, prop: string, value: unknown): void {
  const secret = typeof value === 'string' ? secretProblem(value) : undefined;
  if (secret) {
    fail(scope, prop, '<redacted>', secret.requirement, secret.fix);
  }
}

/**
 * Refuses secret material in any string of a Kubernetes struct given as it
 * is (a sidecar, a lifecycle hook, a probe: its commands, HTTP headers,
 * working directory), each at its own path; `skip` names fields with checks
 * of their own (a container's `env`, whose fix is a Secret reference).
 */
export function checkNoSecretIn(scope: IConstruct, prop: string, value: unknown, skip?: ReadonlySet<string>): void {
  if (typeof value === 'string') {
    checkNotSecret(scope, prop, value);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => checkNoSecretIn(scope, `${prop}[${i}]`, v));
  } else if (typeof value === 'object' && value !== null) {
    for (const key of Object.keys(value)) {
      if (!skip?.has(key)) checkNoSecretIn(scope, `${prop}.${key}`, (value as { [key: string]: unknown })[key]);
    }
  }
}

/** Label and annotation keys found valid: an App puts the same few keys on every object. */
const VALID_LABEL_KEYS = new PassedStrings(1024);

/** Why a string is not a label or annotation key, or undefined when it is one. */
export function labelKeyProblem(key: string): string | undefined {
  if (VALID_LABEL_KEYS.has(key)) return undefined;
  const mapKey = mapKeyProblem(key);
  if (mapKey) return mapKey;
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && (prefix.length > 253 || !DNS_1123_SUBDOMAIN.test(prefix))) {
    return 'must have a DNS subdomain prefix';
  }
  if (name.length === 0 || name.length > 63 || !LABEL_NAME.test(name)) {
    return 'must have a name part of at most 63 letters, digits, \'-\', \'_\' or \'.\'';
  }
  VALID_LABEL_KEYS.add(key);
  return undefined;
}


/** Returns a sorted copy of a string map (deterministic output). */
export function sorted<T>(map: { [key: string]: T }): { [key: string]: T } {
  const out: { [key: string]: T } = {};
  for (const key of Object.keys(map).sort()) {
    out[key] = map[key];
  }
  return out;
}

/** Returns undefined for an empty map or list, so empty fields are not emitted. */
export function undefinedIfEmpty<T extends object>(value: T | undefined): T | undefined {
  if (value === undefined) {
    return undefined;
  }
  return Object.keys(value).length === 0 ? undefined : value;
}

/**
 * A copy without the undefined entries. cdk8s would drop them too, but only
 * after resolving each one, so a spec handed over without them synthesizes
 * faster (the output is the same).
 */
export function dropUndefined<T extends object>(o: T): T {
  const out: any = {};
  // for-in reads the values of an object literal faster than a loop over Object.keys; these are the renderer's own literals.
  for (const key in o) {
    const value = o[key];
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/** A duration as whole seconds, checked against a lower bound (a value that is not a Duration gets the library's message too). */
export function wholeSeconds(scope: IConstruct, prop: string, duration: Duration | undefined, min: number, fix: string): number | undefined {
  if (duration === undefined) {
    return undefined;
  }
  const seconds = durationMillis(scope, prop, duration) / 1000;
  if (!Number.isInteger(seconds) || seconds < min) {
    fail(scope, prop, `${seconds}s`, `must be a whole number of seconds, at least ${min}`, fix);
  }
  return seconds;
}

// --- runtime types ----------------------------------------------------------------
//
// For JavaScript callers (and `as any`): a prop of the wrong runtime type gets
// the library's message with the construct path, the prop, the value and the
// fix, never a TypeError from deep inside a renderer or a raw cdk8s error.
// Class instances are recognised by their shape, not `instanceof`: an App may
// load more than one copy of cdk8s or of this library.

/** Fails when a required prop is missing. */
export function checkRequired(scope: IConstruct, prop: string, value: unknown, fix: string): void {
  if (value === undefined || value === null) {
    fail(scope, prop, value ?? undefined, 'must be set', fix);
  }
}

/** Fails unless a value, when given, is a string. */
export function checkString(scope: IConstruct, prop: string, value: unknown): void {
  if (value !== undefined && typeof value !== 'string') {
    fail(scope, prop, value, 'must be a string', stringFix(value));
  }
}

/** Fails unless a value, when given, is true or false. */
export function checkBoolean(scope: IConstruct, prop: string, value: unknown): void {
  if (value !== undefined && typeof value !== 'boolean') {
    fail(scope, prop, value, 'must be true or false', booleanFix(value));
  }
}

/** Fails unless a value, when given, is a finite number. */
export function checkNumber(scope: IConstruct, prop: string, value: unknown, fix: string): void {
  if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value))) {
    fail(scope, prop, value, 'must be a finite number', fix);
  }
}

/** Fails unless a value, when given, is a list; `example` is a list literal for the fix (a list of strings: `checkStringList`). */
export function checkList(scope: IConstruct, prop: string, value: unknown, example: string): void {
  if (value !== undefined && !Array.isArray(value)) {
    fail(scope, prop, value, 'must be a list', `use e.g. ${example}`);
  }
}

/** Fails unless a value, when given, is a list of strings. */
export function checkStringList(scope: IConstruct, prop: string, value: unknown): void {
  if (value === undefined) return;
  if (!Array.isArray(value)) {
    fail(scope, prop, value, 'must be a list of strings', listFix(value, typeof value === 'string', 'a string'));
  }
  value.forEach((v, i) => checkString(scope, `${prop}[${i}]`, v));
}

/** Fails unless a value, when given, is a map of strings (`sparkConf`, labels, annotations). */
export function checkStringMap(scope: IConstruct, prop: string, value: unknown): void {
  checkMap(scope, prop, value, '{ \'key\': \'value\' }');
  if (value === undefined) return;
  const map = value as { [key: string]: unknown };
  for (const key of Object.keys(map)) {
    const keyProblem = mapKeyProblem(key);
    if (keyProblem) fail(scope, `${prop}.${key}`, key, `key ${keyProblem}`, 'use another key');
    checkString(scope, `${prop}.${key}`, map[key]);
  }
}

/** Fails unless a value, when given, is a map (an object, not a list or a string); `example` is a literal for the fix. */
export function checkMap(scope: IConstruct, prop: string, value: unknown, example: string, what: string = 'a map of strings'): void {
  if (value !== undefined && (value === null || typeof value !== 'object' || Array.isArray(value))) {
    fail(scope, prop, value, `must be ${what}`, `use e.g. ${example}`);
  }
}

/**
 * Fails unless a value, when given, is one of an enum's values. The fix names
 * the member a differently spelled value meant, else every member.
 */
export function checkEnum(scope: IConstruct, prop: string, value: unknown, values: { [member: string]: string }, enumName: string): void {
  if (value === undefined || Object.values(values).includes(value as string)) return;
  const { requirement, fix } = enumProblem(value, values, enumName);
  fail(scope, prop, value, requirement, fix);
}

/**
 * Fails unless a value, when given, has the shape of a class instance (`is`);
 * `what` names the type (`an ApplicationFile`), `fix` says how to make one.
 */
export function checkShape(scope: IConstruct, prop: string, value: unknown, is: (v: any) => boolean, what: string, fix: string): void {
  if (value !== undefined && (value === null || !is(value))) {
    fail(scope, prop, value, `must be ${what}`, fix);
  }
}

/** A Go-style duration string (`30s`, `5m`, `1h`) as the cdk8s call that makes it, for fixes. */
function durationCall(value: unknown): string {
  const m = typeof value === 'string' ? /^(\d+)\s*(ms|s|m|h|d)$/.exec(value.trim()) : null;
  const unit: { [u: string]: string } = { ms: 'millis', s: 'seconds', m: 'minutes', h: 'hours', d: 'days' };
  return m ? `Duration.${unit[m[2]]}(${m[1]})` : 'Duration.seconds(30)';
}

/** Fails unless a value, when given, is a cdk8s `Duration`. */
export function checkDuration(scope: IConstruct, prop: string, value: unknown): void {
  if (value !== undefined && typeof (value as Duration | null)?.toMilliseconds !== 'function') {
    fail(scope, prop, value, 'must be a Duration', `use ${durationCall(value)}`);
  }
}

/**
 * A Duration in milliseconds, read without cdk8s' integral conversion (which
 * throws its own error on `Duration.seconds(1/3)`).
 */
export function durationMillis(scope: IConstruct, prop: string, duration: Duration): number {
  checkDuration(scope, prop, duration);
  return duration.toMilliseconds({ integral: false });
}
