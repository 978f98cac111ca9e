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

// --- the wording of a value of the wrong runtime type ---------------------------------
// Shared by the construct's own checks (`_validation.ts`) and the runtime-type table's (`_prop-types.ts`).

/** The fix for a value that should have been a string: quote a number or boolean, else give a string. */
export function stringFix(value: unknown): string {
  return typeof value === 'number' || typeof value === 'boolean' ? `quote it: '${String(value)}'` : 'use a string';
}

/**
 * The fix for a value that should have been a list. Wrapping helps only a
 * value that is one entry of it (`entry`: whether it is; `entries`: what an
 * entry is, for the fix when it is not); a command line in one string ('sleep
 * 5') is most often meant as its words, since Kubernetes runs no shell to
 * split it.
 */
export function listFix(value: unknown, entry: boolean, entries: string): string {
  if (!entry) return `use a list, each entry ${entries}`;
  const words = typeof value === 'string' ? value.trim().split(/\s+/) : [];
  if (words.length > 1) return `use a list of its words: [${words.map((w) => `'${w}'`).join(', ')}] (or ['${value}'] for one entry holding spaces)`;
  const shown = typeof value === 'string' ? `'${value}'` : typeof value === 'object' && value !== null ? '{ … }' : String(value);
  return `wrap it in a list: [${shown}]`;
}

/** The fix for a value that should have been true or false. */
export function booleanFix(value: unknown): string {
  return `use ${String(value) === 'false' || value === 0 ? 'false' : 'true'} (a boolean, not ${typeof value === 'string' ? 'a string' : `a ${typeof value}`})`;
}

/**
 * What a value not among an enum's values must be, and the fix: the member a
 * differently spelled value meant, else the first member.
 */
export function enumProblem(value: unknown, values: { readonly [member: string]: string }, enumName: string): { requirement: string; fix: string } {
  const meant = Object.entries(values).find(([m, v]) => typeof value === 'string' && [m, v].some((s) => s.toLowerCase() === value.toLowerCase()));
  return { requirement: `must be ${enumMembers(values, enumName)}`, fix: `use ${enumName}.${meant ? meant[0] : Object.keys(values)[0]}` };
}

/** An enum's members as messages list them: `one of ImagePullPolicy.ALWAYS, ImagePullPolicy.IF_NOT_PRESENT, …`. */
export function enumMembers(values: { readonly [member: string]: string }, enumName: string): string {
  return `one of ${Object.keys(values).map((m) => `${enumName}.${m}`).join(', ')}`;
}

/** Allowed string values as messages list them: `one of 'Max', 'Min', 'Disabled'`. */
export function oneOf(values: readonly string[]): string {
  return `one of ${values.map((v) => `'${v}'`).join(', ')}`;
}

/**
 * The name among `names` that `given` most likely misspells: the same but
 * for case, or at most two edits away (one for a short name), else undefined.
 */
export function meantName(given: string, names: readonly string[]): string | undefined {
  const lower = given.toLowerCase();
  const same = names.find((n) => n.toLowerCase() === lower);
  if (same !== undefined) return same;
  const limit = given.length <= 4 ? 1 : 2;
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const name of names) {
    if (Math.abs(name.length - given.length) > limit) continue;
    const d = editDistance(lower, name.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [name, d];
  }
  return best;
}

/** Levenshtein distance: insertions, deletions and substitutions. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
