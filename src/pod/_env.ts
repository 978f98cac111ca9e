import { IConstruct } from 'constructs';
import { isObjectKey, isSubdomain, OBJECT_KEY_REQUIREMENT, subdomainRequirement, suggestSubdomain } from './_names';
import { isSecretName, secretInValue, secretProblem } from '../_input';
import { fail } from '../_validation';

/**
 * Environment variables of every container of a pod: names Kubernetes
 * accepts, no secret material in a literal value (by name or by content),
 * and references to Secrets and ConfigMaps that can exist.
 */

/** Kubernetes' environment variable names (validation.IsEnvVarName). */
const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

/** An environment variable in wire format. */
export interface WireEnvVar {
  readonly name: string;
  readonly value?: any;
  readonly valueFrom?: any;
}

/** Checks a variable name. */
function checkEnvName(scope: IConstruct, prop: string, name: unknown): void {
  if (typeof name !== 'string' || !ENV_NAME.test(name)) {
    const suggestion = String(name ?? '').replace(/[^-._a-zA-Z0-9]+/g, '_').replace(/^(?=[0-9])/, '_');
    fail(scope, prop, name, 'must be an environment variable name (letters, digits, \'_\', \'-\' and \'.\', not starting with a digit)',
      suggestion && name !== undefined ? `use '${suggestion}'` : 'use a name such as \'MY_SETTING\'');
  }
}

/**
 * Checks a variable's value: a literal is a string without secret material
 * (a secret-like name or a secret-looking value); a reference names a Secret
 * or ConfigMap and a key that can exist.
 */
function checkEnvValue(scope: IConstruct, prop: string, env: WireEnvVar): void {
  if (env.value !== undefined) {
    if (isSecretName(env.name)) {
      fail(scope, prop, '<redacted>', 'holds secret material as a literal value, readable by anyone who can get pods',
        'store it in a Secret and use EnvValue.fromSecretValue({ secret, key })');
    }
    if (typeof env.value !== 'string') {
      fail(scope, prop, env.value, 'must be a string', `use EnvValue.fromValue('${String(env.value)}')`);
    }
    const secret = secretProblem(env.value);
    if (secret) fail(scope, prop, '<redacted>', secret.requirement, secret.fix);
  }
  const from = env.valueFrom ?? {};
  checkKeyRef(scope, `${prop}.valueFrom.secretKeyRef`, from.secretKeyRef, 'a Secret');
  checkKeyRef(scope, `${prop}.valueFrom.configMapKeyRef`, from.configMapKeyRef, 'a ConfigMap');
}

function checkKeyRef(scope: IConstruct, prop: string, ref: { name?: unknown; key?: unknown } | undefined, what: string): void {
  if (ref === undefined) return;
  if (!isSubdomain(ref.name)) {
    fail(scope, `${prop}.name`, ref.name, subdomainRequirement(what),
      ref.name === undefined ? `pass ${what} that has a name` : `use the name Kubernetes stores, e.g. '${suggestSubdomain(ref.name, 'settings')}'`);
  }
  if (!isObjectKey(ref.key)) {
    fail(scope, `${prop}.key`, ref.key, `must be a key of ${what} (${OBJECT_KEY_REQUIREMENT})`,
      `use the key exactly as it appears in the ${what.slice(2)}'s data, e.g. '${what === 'a Secret' ? 'password' : 'setting'}'`);
  }
}

/** Whether an env map entry is an `EnvValue` (a literal or a reference). */
function isEnvValue(value: any): boolean {
  return value !== null && typeof value === 'object' && (value.value !== undefined || value.valueFrom !== undefined);
}

/**
 * The Spark container's env: the construct's own first, then the user's map,
 * each name checked and not repeated, each value checked.
 */
export function renderEnv(scope: IConstruct, prop: string, own: any[], env: { [name: string]: any } | undefined): any[] {
  const out: any[] = [...own];
  const names = new Set(out.map((e) => e.name));
  for (const [name, value] of Object.entries(env ?? {})) {
    const where = `${prop}.env.${name}`;
    checkEnvName(scope, where, name);
    if (names.has(name)) {
      fail(scope, where, name, 'is already set by the construct or an earlier env map', 'remove one of the two definitions');
    }
    if (!isEnvValue(value)) {
      const shown = typeof value === 'string' && (isSecretName(name) || secretInValue(value)) ? '<redacted>' : value;
      fail(scope, where, shown, 'must be an EnvValue', typeof value === 'string' && shown === value ? `use EnvValue.fromValue('${value}')` : 'use EnvValue.fromValue(...) or EnvValue.fromSecretValue({ secret, key })');
    }
    checkEnvValue(scope, where, { name, value: value.value, valueFrom: value.valueFrom });
    names.add(name);
    out.push({ name, value: value.value, valueFrom: value.valueFrom });
  }
  return out;
}

/** Checks a sidecar's or init container's env list (wire format): names, repeats, values. */
export function checkContainerEnv(scope: IConstruct, prop: string, env: WireEnvVar[] | undefined): void {
  const names = new Set<string>();
  for (const [i, e] of (env ?? []).entries()) {
    checkEnvName(scope, `${prop}[${i}].name`, e.name);
    if (names.has(e.name)) {
      fail(scope, `${prop}[${i}].name`, e.name, 'repeats a variable of the container', 'remove one of the two definitions');
    }
    names.add(e.name);
    checkEnvValue(scope, `${prop}[${i}]`, e);
  }
}
