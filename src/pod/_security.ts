import { IConstruct } from 'constructs';
import { requireOptOut } from './_security-opt-outs';
import { sharedConstant } from './_shared';
import { PodSecurityOptions } from './pod-options';
import { SecurityOptOut } from './security-opt-out';
import { fail, show } from '../_validation';

/** The uid and gid of the `spark` user in the apache/spark image. */
export const SPARK_UID = 185;

/** Security settings with every default filled in. */
export interface ResolvedSecurity {
  readonly runAsUser?: number;
  readonly runAsGroup?: number;
  readonly fsGroup?: number;
  readonly runAsNonRoot: boolean;
  readonly seccompRuntimeDefault: boolean;
  readonly readOnlyRootFilesystem: boolean;
  readonly dropAllCapabilities: boolean;
  readonly allowPrivilegeEscalation: boolean;
}

/**
 * Every hardening default, resolved once: most pods set no security of their
 * own, so they share this object (frozen, as are the contexts rendered from it).
 */
const DEFAULT_SECURITY: ResolvedSecurity = Object.freeze(resolveOptions({}));

/** Fills in the hardening defaults. */
export function resolveSecurity(options?: PodSecurityOptions): ResolvedSecurity {
  return options === undefined ? DEFAULT_SECURITY : resolveOptions(options);
}

function resolveOptions(options: PodSecurityOptions): ResolvedSecurity {
  return {
    runAsUser: options.runAsUser ?? SPARK_UID,
    runAsGroup: options.runAsGroup ?? SPARK_UID,
    fsGroup: options.fsGroup ?? SPARK_UID,
    runAsNonRoot: options.runAsNonRoot ?? true,
    seccompRuntimeDefault: options.seccompRuntimeDefault ?? true,
    readOnlyRootFilesystem: options.readOnlyRootFilesystem ?? true,
    dropAllCapabilities: options.dropAllCapabilities ?? true,
    allowPrivilegeEscalation: options.allowPrivilegeEscalation ?? false,
  };
}

/** Checks the ids of the pod's security settings and that they can start at all. */
export function checkPodSecurity(scope: IConstruct, prop: string, options: PodSecurityOptions | undefined, security: ResolvedSecurity): void {
  for (const field of ['runAsUser', 'runAsGroup', 'fsGroup'] as const) {
    const id = options?.[field];
    if (id !== undefined && (typeof id !== 'number' || !Number.isInteger(id) || id < 0 || id > 2147483647)) {
      fail(scope, `${prop}.${field}`, id, 'must be a whole number from 0 to 2147483647', `use e.g. ${SPARK_UID} (the spark user of the apache/spark image)`);
    }
  }
  if (security.runAsNonRoot && security.runAsUser === 0) {
    fail(scope, `${prop}.runAsUser`, 0, 'must not be 0 while runAsNonRoot is true (the kubelet refuses to start a container that runs as root)',
      `use a non-root uid such as ${SPARK_UID}, or also set runAsNonRoot: false`);
  }
}

/** The contexts of the default hardening, rendered once and shared by every pod that keeps it (deep-frozen). */
const DEFAULT_POD_CONTEXT = sharedConstant(podContext(DEFAULT_SECURITY));
const DEFAULT_CONTAINER_CONTEXT = sharedConstant(containerContext(DEFAULT_SECURITY));

/** The pod-level security context. */
export function renderPodSecurity(security: ResolvedSecurity): any {
  return security === DEFAULT_SECURITY ? DEFAULT_POD_CONTEXT : podContext(security);
}

function podContext(security: ResolvedSecurity): any {
  return {
    runAsNonRoot: security.runAsNonRoot,
    runAsUser: security.runAsUser,
    runAsGroup: security.runAsGroup,
    fsGroup: security.fsGroup,
    seccompProfile: security.seccompRuntimeDefault ? { type: 'RuntimeDefault' } : undefined,
  };
}

/** The container-level security context. */
export function renderContainerSecurity(security: ResolvedSecurity): any {
  return security === DEFAULT_SECURITY ? DEFAULT_CONTAINER_CONTEXT : containerContext(security);
}

function containerContext(security: ResolvedSecurity): any {
  return {
    allowPrivilegeEscalation: security.allowPrivilegeEscalation,
    privileged: false,
    readOnlyRootFilesystem: security.readOnlyRootFilesystem,
    runAsNonRoot: security.runAsNonRoot,
    runAsUser: security.runAsUser,
    capabilities: security.dropAllCapabilities ? { drop: ['ALL'] } : undefined,
  };
}

/** What a sidecar's security context may not do without `SecurityOptOut.WEAKER_SIDECAR`. */
interface WeakerRule {
  readonly field: string;
  /** The offending value, or undefined when the context is not weaker here. */
  readonly weaker: (sc: any, pod: ResolvedSecurity) => unknown;
  readonly requirement: string;
  readonly fix: string;
}

const WEAKER_RULES: WeakerRule[] = [
  {
    field: 'privileged',
    weaker: (sc) => (sc.privileged === true ? true : undefined),
    requirement: 'is forbidden by the restricted Pod Security Standard',
    fix: 'remove it',
  },
  {
    field: 'allowPrivilegeEscalation',
    weaker: (sc, pod) => (sc.allowPrivilegeEscalation === true && !pod.allowPrivilegeEscalation ? true : undefined),
    requirement: 'must not be true while the pod\'s containers run without privilege escalation (the restricted Pod Security Standard requires false)',
    fix: 'remove it',
  },
  {
    field: 'runAsNonRoot',
    weaker: (sc, pod) => (sc.runAsNonRoot === false && pod.runAsNonRoot ? false : undefined),
    requirement: 'must not be false while the pod runs as non-root (the container could run as root)',
    fix: 'remove it',
  },
  {
    field: 'runAsUser',
    weaker: (sc, pod) => (sc.runAsUser === 0 && pod.runAsUser !== 0 ? 0 : undefined),
    requirement: 'must not be 0 (root) while the rest of the pod runs as a non-root user',
    fix: `remove it, or use a non-root uid such as ${SPARK_UID}`,
  },
  {
    field: 'capabilities.add',
    weaker: (sc) => {
      const extra = (sc.capabilities?.add ?? []).filter((c: string) => c !== 'NET_BIND_SERVICE');
      return extra.length ? extra : undefined;
    },
    requirement: 'must add no capability other than NET_BIND_SERVICE (the restricted Pod Security Standard)',
    fix: 'remove the others',
  },
  {
    field: 'capabilities.drop',
    weaker: (sc, pod) => (sc.capabilities?.drop !== undefined && !sc.capabilities.drop.includes('ALL') && pod.dropAllCapabilities ? sc.capabilities.drop : undefined),
    requirement: 'must include \'ALL\' like the rest of the pod (the restricted Pod Security Standard)',
    fix: 'add \'ALL\' to it, or remove it',
  },
  {
    field: 'readOnlyRootFilesystem',
    weaker: (sc, pod) => (sc.readOnlyRootFilesystem === false && pod.readOnlyRootFilesystem ? false : undefined),
    requirement: 'must not be false while the pod\'s root filesystem is read-only',
    fix: 'remove it and let the container write to a mounted emptyDir',
  },
  {
    field: 'seccompProfile.type',
    weaker: (sc, pod) => (sc.seccompProfile?.type === 'Unconfined' && pod.seccompRuntimeDefault ? 'Unconfined' : undefined),
    requirement: 'must not be \'Unconfined\' (the baseline Pod Security Standard forbids it)',
    fix: 'remove it to keep the pod\'s RuntimeDefault profile',
  },
  {
    field: 'procMount',
    weaker: (sc) => (sc.procMount !== undefined && sc.procMount !== 'Default' ? sc.procMount : undefined),
    requirement: 'must be \'Default\' (the baseline Pod Security Standard)',
    fix: 'remove it',
  },
];

/** A sidecar's or init container's security context as the pod's and what the pod allows. */
export interface SidecarSecurityInput {
  readonly scope: IConstruct;
  /** The container's prop (`server.sidecars[0]`). */
  readonly where: string;
  /** The container's own security context (wire format). */
  readonly own: any;
  /** The pod's resolved security. */
  readonly pod: ResolvedSecurity;
  readonly optOuts?: SecurityOptOut[];
  readonly optOutProp: string;
}

/**
 * A sidecar's security context: the pod's hardening, with the container's
 * own settings over it. A setting weaker than the pod's is refused unless
 * `SecurityOptOut.WEAKER_SIDECAR` is listed; one the kubelet or the API
 * server would refuse is refused always.
 */
export function sidecarSecurity(input: SidecarSecurityInput): any {
  const { scope, where, pod } = input;
  const own = input.own ?? {};
  const prop = (field: string) => `${where}.securityContext.${field}`;
  checkSeccomp(scope, prop('seccompProfile'), own.seccompProfile);
  if (own.runAsUser === 0 && (own.runAsNonRoot ?? pod.runAsNonRoot)) {
    fail(scope, prop('runAsUser'), 0, 'must not be 0 while runAsNonRoot is true (the kubelet refuses to start a container that runs as root)',
      `use a non-root uid such as ${SPARK_UID}`);
  }
  for (const rule of WEAKER_RULES) weakerCheck(input, rule, own);
  const base = renderContainerSecurity(pod);
  const capabilities = base.capabilities || own.capabilities ? { ...base.capabilities, ...own.capabilities } : undefined;
  return { ...base, ...own, capabilities };
}

function weakerCheck(input: SidecarSecurityInput, rule: WeakerRule, own: any): void {
  const value = rule.weaker(own, input.pod);
  if (value === undefined) return;
  requireOptOut(input.scope, `${input.where}.securityContext.${rule.field}`, value, input.optOuts, SecurityOptOut.WEAKER_SIDECAR, input.optOutProp, rule.requirement, rule.fix);
}

function checkSeccomp(scope: IConstruct, prop: string, profile: any): void {
  if (profile === undefined) return;
  if (!['RuntimeDefault', 'Localhost', 'Unconfined'].includes(profile.type)) {
    fail(scope, `${prop}.type`, profile.type, 'must be \'RuntimeDefault\', \'Localhost\' or \'Unconfined\'', 'remove it to keep the pod\'s RuntimeDefault profile');
  }
  if (profile.type === 'Localhost' && (typeof profile.localhostProfile !== 'string' || profile.localhostProfile === '')) {
    fail(scope, `${prop}.localhostProfile`, profile.localhostProfile, 'must be set when the type is \'Localhost\' (the API server refuses it otherwise)',
      'name the profile file under the kubelet\'s seccomp directory, e.g. \'profiles/sidecar.json\'');
  }
  if (profile.type !== 'Localhost' && profile.localhostProfile !== undefined) {
    fail(scope, `${prop}.localhostProfile`, profile.localhostProfile, `must only be set when the type is 'Localhost', not ${show(profile.type)}`, 'remove it, or use the type \'Localhost\'');
  }
}
