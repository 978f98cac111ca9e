/**
 * Shared types of the proof harness. Each rule lives in its own file and reports
 * `Finding`s; index.ts turns them into `Violation`s naming the object.
 */

export interface HarnessOptions {
  /** ServiceAccount names (namespace/name) that exist outside the output and may be referenced. */
  readonly externalServiceAccounts?: string[];
  /** Roles/ClusterRoles referenced by bindings that exist outside the output ("ClusterRole/name", "Role/ns/name"). */
  readonly externalRoles?: string[];
  /** Allow objects in the `default` namespace (off by default). */
  readonly allowDefaultNamespace?: boolean;
  /** ConfigMaps (namespace/name) that exist outside the output and pods may reference. */
  readonly externalConfigMaps?: string[];
  /** Secrets (namespace/name) that exist outside the output and pods may reference. */
  readonly externalSecrets?: string[];
  /** PersistentVolumeClaims (namespace/name) that exist outside the output and pods may reference. */
  readonly externalPersistentVolumeClaims?: string[];
}

export interface Violation {
  readonly rule: string;
  readonly object: string;
  readonly path: string;
  readonly message: string;
}

/** A violation before it is attributed to an object. */
export interface Finding {
  readonly path: string;
  readonly message: string;
}

/** What a per-object rule sees besides the object itself. */
export interface RuleContext {
  readonly docs: any[];
  readonly index: number;
  readonly options: HarnessOptions;
  /** For each document, the index of the first document with the same (group, kind, namespace, name). */
  readonly firstIndex: number[];
}

/** The rule names, one per file. */
export const RULES = {
  crdSchema: 'crd-schema',
  k8sSchema: 'k8s-schema',
  podSecurity: 'pod-security',
  rbac: 'rbac',
  names: 'names',
  secrets: 'secrets',
  determinism: 'determinism',
  order: 'order',
  runtime: 'runtime',
} as const;

/** A JSON pointer segment. */
export function pointer(segment: string | number): string {
  return `/${String(segment).replace(/~/g, '~0').replace(/\//g, '~1')}`;
}

/** The API group of an apiVersion (`''` for the core group). */
export function groupOf(apiVersion: unknown): string {
  return typeof apiVersion === 'string' && apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
}

export function isObject(v: unknown): v is { [key: string]: any } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
