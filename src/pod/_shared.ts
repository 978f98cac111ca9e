/**
 * Constant parts of rendered pods that the library owns (the default security
 * contexts): built once, deep-frozen and shared by every pod that uses them,
 * so rendering thousands of pods neither rebuilds nor copies them. They hold
 * no undefined value and no empty object, so `prune` returns them as they
 * are; cdk8s copies them into each manifest at synth, and a renderer that
 * tried to change one would throw instead of changing every pod.
 */

const SHARED = new WeakSet<object>();

/** Freezes a library-owned constant (deeply) and marks it as shared. */
export function sharedConstant<T extends object>(value: T): T {
  for (const child of Object.values(value)) {
    if (child !== null && typeof child === 'object') sharedConstant(child);
  }
  SHARED.add(value);
  return Object.freeze(value);
}

/** Whether a value is a shared constant (checked on frozen objects only: anything else cannot be one). */
export function isSharedConstant(value: object): boolean {
  return Object.isFrozen(value) && SHARED.has(value);
}
