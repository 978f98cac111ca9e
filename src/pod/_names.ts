import { createHash } from 'crypto';
import { DNS_1123_LABEL, DNS_1123_SUBDOMAIN } from '../_validation';

/**
 * The Kubernetes name rules the pod layer checks beyond `_validation.ts`:
 * object references, label keys of tolerations and affinity terms, and the
 * keys of ConfigMaps and Secrets.
 */

/** A DNS-1123 subdomain of at most 253 characters (Secret, ConfigMap, PVC, PriorityClass names). */
export function isSubdomain(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 253 && DNS_1123_SUBDOMAIN.test(value);
}

/** The requirement text of a DNS-1123 subdomain, naming what it is. */
export function subdomainRequirement(what: string): string {
  return `must be ${what} name (a DNS-1123 subdomain: at most 253 lower-case letters, digits, '-' and '.', starting and ending with a letter or digit)`;
}

/** A subdomain spelling of a name, for the fix part of a message. */
export function suggestSubdomain(value: unknown, fallback: string): string {
  const out = String(value ?? '').toLowerCase().replace(/[^a-z0-9.-]+/g, '-').replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '').slice(0, 253);
  return out === '' || value === undefined || value === null ? fallback : out;
}

/** A ConfigMap or Secret key: letters, digits, '-', '_' and '.', at most 253, not '.' or '..' or starting with '..'. */
export function isObjectKey(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 253 && /^[-._a-zA-Z0-9]+$/.test(value) && !value.startsWith('..') && value !== '.';
}

export const OBJECT_KEY_REQUIREMENT = 'at most 253 letters, digits, \'-\', \'_\' and \'.\', not \'.\' or starting with \'..\'';

const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

/** Why a string is not a label key (`[prefix/]name`), or undefined when it is one. */
export function labelKeyProblem(key: unknown): string | undefined {
  if (typeof key !== 'string') return 'must be a label key';
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && !isSubdomain(prefix)) {
    return 'must be a label key (its prefix before \'/\' a DNS subdomain)';
  }
  if (name.length === 0 || name.length > 63 || !LABEL_NAME.test(name)) {
    return 'must be a label key (an optional DNS subdomain and \'/\', then at most 63 letters, digits, \'-\', \'_\' or \'.\', starting and ending with a letter or digit)';
  }
  return undefined;
}

/** Whether a value is a label value (empty, or at most 63 letters, digits, '-', '_', '.'). */
export function isLabelValue(value: unknown): boolean {
  return typeof value === 'string' && value.length <= 63 && (value === '' || LABEL_NAME.test(value));
}

export const LABEL_VALUE_REQUIREMENT = 'must be a label value (at most 63 letters, digits, \'-\', \'_\' or \'.\', starting and ending with a letter or digit)';

/**
 * A valid volume name (a DNS-1123 label) derived from an object's name:
 * unchanged when `<prefix>-<name>` already is one; else lower case with every
 * other character a '-', and, when longer than 63 characters, cut and ended
 * with 8 hex characters of a hash of the whole, so two long names stay apart.
 */
export function derivedVolumeName(prefix: string, objectName: unknown): string {
  const name = `${prefix}-${objectName}`;
  if (name.length <= 63 && DNS_1123_LABEL.test(name)) return name;
  const label = name.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/-+$/, '');
  if (label.length <= 63) return label;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 8);
  return `${label.slice(0, 54).replace(/-+$/, '')}-${hash}`;
}
