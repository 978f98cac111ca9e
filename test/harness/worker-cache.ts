/**
 * Caches that outlive one test file: the suite's Jest environment
 * (environment.js) hands every test file of a worker process the same Map.
 * Outside it (a script, another runner) each cache belongs to this module
 * alone. Only pure results of fixed inputs belong here (compiled schema
 * validators, the YAML of a document): a value must not depend on which test
 * file computed it.
 */
const shared: Map<string, Map<string, unknown>> = (globalThis as any).__sparkHarnessShared ?? new Map();

/** The named cache of this worker process. */
export function workerCache<V>(name: string): Map<string, V> {
  let cache = shared.get(name);
  if (!cache) {
    cache = new Map();
    shared.set(name, cache);
  }
  return cache as Map<string, V>;
}
