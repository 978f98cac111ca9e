import type * as plus28 from 'cdk8s-plus-28';

/**
 * cdk8s-plus-28 without its load time. Requiring cdk8s-plus-28 takes longer
 * than the rest of the library together, and the library needs it at run
 * time only for a few enum values and, when a construct is built, a few of
 * its classes and functions. So the other modules import its types only
 * (`import type`, which tsc erases), take the enum values from the mirrors
 * below, and load the module through `plus()` where they need the rest.
 *
 * The mirrors are checked against the installed cdk8s-plus-28 when this file
 * compiles (every member, with its string) and against the real enums by
 * test/base/plus.test.ts (the same members in the same order: `checkEnum`
 * lists them in its messages).
 */

/** The members of a cdk8s-plus string enum `E`, each as the string it is. */
type EnumStrings<E> = { readonly [K in keyof E]: E[K] extends string ? `${E[K]}` : never };

/** A string enum's values without loading its module, typed as the enum itself. */
function mirror<E>(values: EnumStrings<E>): E {
  return values as unknown as E;
}

/** The values of cdk8s-plus-28's `ImagePullPolicy`. */
export const PULL_POLICY = mirror<typeof plus28.ImagePullPolicy>({
  ALWAYS: 'Always',
  IF_NOT_PRESENT: 'IfNotPresent',
  NEVER: 'Never',
});

/** The values of cdk8s-plus-28's `ServiceType`. */
export const SERVICE_TYPE = mirror<typeof plus28.ServiceType>({
  CLUSTER_IP: 'ClusterIP',
  NODE_PORT: 'NodePort',
  LOAD_BALANCER: 'LoadBalancer',
  EXTERNAL_NAME: 'ExternalName',
});

let loaded: typeof plus28 | undefined;

/**
 * The cdk8s-plus-28 module, loaded on the first call: for the classes and
 * functions the library calls (`Cpu.millis`, `ServiceAccount.fromServiceAccountName`,
 * `k8s.toJson_*`). An app that builds these constructs has loaded it already.
 */
export function plus(): typeof plus28 {
  // The one run-time load of cdk8s-plus-28, deferred on purpose: a top-level import would load it with the library.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return loaded ??= require('cdk8s-plus-28');
}
