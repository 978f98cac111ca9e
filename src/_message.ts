/**
 * One home for the format of every error the library raises:
 *
 *   [Etl/Nightly] 'executor.instances' must be at least 1, got 0; remove it to use dynamic allocation
 *
 * This file holds the parts without the construct path (`_validation.ts`
 * adds it, and re-exports these); it imports nothing, so `errors.ts` can use
 * it too.
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
    const type = Object.getPrototypeOf(value)?.constructor?.name;
    if (type && type !== 'Object') {
      // A class instance: its name (its fields may be circular, or hold a Secret reference).
      return `<${type}>`;
    }
    try {
      return JSON.stringify(value);
    } catch {
      return '<object>';
    }
  }
  if (typeof value === 'function') {
    return `<function ${value.name || 'anonymous'}>`;
  }
  return String(value);
}

/** The message body without the construct path: `'prop' <requirement>, got <value>; <fix>`. */
export function problem(prop: string, value: unknown, requirement: string, fix: string): string {
  return `'${prop}' ${requirement}, got ${show(value)}; ${fix}`;
}
