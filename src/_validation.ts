import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import { SparkValidationError } from './errors';

/**
 * One home for the format of every error the library raises:
 *
 *   [Etl/Nightly] 'executor.instances' must be at least 1, got 0; remove it to use dynamic allocation
 *
 * Constructor errors carry the construct path themselves; messages returned
 * from `node.addValidation` leave it off because cdk8s prefixes it.
 */

/** Renders a value the way error messages quote it. */
export function show(value: unknown): string {
  if (typeof value === 'string') {
    return `'${value}'`;
  }
  if (value === undefined) {
    return 'nothing';
  }
  if (Array.isArray(value)) {
    return `[${value.map(show).join(', ')}]`;
  }
  if (value !== null && typeof value === 'object') {
    return JSON.stringify(value);
  }
  return String(value);
}

/** The message body without the construct path: `'prop' <requirement>, got <value>; <fix>`. */
export function problem(prop: string, value: unknown, requirement: string, fix: string): string {
  return `'${prop}' ${requirement}, got ${show(value)}; ${fix}`;
}

/** The full message with the construct path, for errors thrown at once. */
export function message(scope: IConstruct, prop: string, value: unknown, requirement: string, fix: string): string {
  return `[${scope.node.path}] ${problem(prop, value, requirement, fix)}`;
}

/** Throws a `SparkValidationError`. */
export function fail(scope: IConstruct, prop: string, value: unknown, requirement: string, fix: string): never {
  throw new SparkValidationError(message(scope, prop, value, requirement, fix), scope.node.path, prop);
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
  let out = value.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/-+/g, '-').replace(/^-+|-+$/g, '');
  if (!/^[a-z]/.test(out)) {
    out = `x${out}`;
  }
  return out.replace(/-+$/, '') || 'x';
}

/** Checks a DNS-1123 label (namespace names). */
export function checkDns1123Label(scope: IConstruct, prop: string, value: string): void {
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

/** Checks the keys and values of a label map. */
export function checkLabels(scope: IConstruct, prop: string, labels: { [key: string]: string } | undefined): void {
  for (const [key, value] of Object.entries(labels ?? {})) {
    const keyProblem = labelKeyProblem(key);
    if (keyProblem) {
      fail(scope, `${prop}.${key}`, key, `key ${keyProblem}`, 'use a key such as \'example.com/team\'');
    }
    if (typeof value !== 'string' || value.length > 63 || (value !== '' && !LABEL_NAME.test(value))) {
      fail(scope, `${prop}.${key}`, value, 'must be a label value (at most 63 letters, digits, \'-\', \'_\' or \'.\', starting and ending with a letter or digit)',
        'put longer or free-form text in an annotation');
    }
  }
}

/** Checks the keys of an annotation map. */
export function checkAnnotations(scope: IConstruct, prop: string, annotations: { [key: string]: string } | undefined): void {
  for (const [key, value] of Object.entries(annotations ?? {})) {
    const keyProblem = labelKeyProblem(key);
    if (keyProblem) {
      fail(scope, `${prop}.${key}`, key, `key ${keyProblem}`, 'use a key such as \'example.com/owner\'');
    }
    if (typeof value !== 'string') {
      fail(scope, `${prop}.${key}`, value, 'must be a string', `quote it: '${String(value)}'`);
    }
  }
}

function labelKeyProblem(key: string): string | undefined {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && (prefix.length > 253 || !DNS_1123_SUBDOMAIN.test(prefix))) {
    return 'must have a DNS subdomain prefix';
  }
  if (name.length === 0 || name.length > 63 || !LABEL_NAME.test(name)) {
    return 'must have a name part of at most 63 letters, digits, \'-\', \'_\' or \'.\'';
  }
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

/** A duration as whole seconds, checked against a lower bound. */
export function wholeSeconds(scope: IConstruct, prop: string, duration: Duration | undefined, min: number, fix: string): number | undefined {
  if (duration === undefined) {
    return undefined;
  }
  const seconds = duration.toMilliseconds() / 1000;
  if (!Number.isInteger(seconds) || seconds < min) {
    fail(scope, prop, `${seconds}s`, `must be a whole number of seconds, at least ${min}`, fix);
  }
  return seconds;
}
