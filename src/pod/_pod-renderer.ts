import { IConstruct } from 'constructs';
import { plus } from '../_plus';
import { PodContainers, podContainers, renderExtraContainers, renderPorts } from './_containers';
import { renderDnsConfig, renderHostAliases } from './_dns';
import { renderEnv } from './_env';
import { checkSensitiveMount, checkVolumeMount, normalizeMountPath } from './_mounts';
import { checkLifecycle } from './_probes';
import { checkPriorityClass, checkSchedulerName, renderAffinity, renderNodeSelector, renderTolerations, renderTopologySpread } from './_scheduling';
import { checkPodSecurity, renderContainerSecurity, renderPodSecurity, resolveSecurity, ResolvedSecurity } from './_security';
import { optOutAnnotations, SECURITY_OPT_OUTS_ANNOTATION } from './_security-opt-outs';
import { isSharedConstant } from './_shared';
import { PodSecurityOptions, SparkContainerPort, SparkPodOptions } from './pod-options';
import { SecurityOptOut } from './security-opt-out';
import { checkAnnotations, checkLabels, checkNoSecretIn, fail, sorted, undefinedIfEmpty, wholeSeconds } from '../_validation';

export { checkVolumeMount } from './_mounts';
export { resolveSecurity, SPARK_UID } from './_security';
export type { ResolvedSecurity } from './_security';

/** Annotation that marks a pod whose root filesystem was deliberately left writable. */
export const WRITABLE_ROOT_ANNOTATION = 'spark.cdk8s.io/writable-root-filesystem';

/** Annotations the library sets to record weakened security; users may not set them. */
const RESERVED_ANNOTATIONS = [WRITABLE_ROOT_ANNOTATION, SECURITY_OPT_OUTS_ANNOTATION];

/** Scratch directories every Spark process writes to. */
const SCRATCH_DIRS: { name: string; path: string }[] = [
  { name: 'tmp', path: '/tmp' },
  { name: 'spark-work-dir', path: '/opt/spark/work-dir' },
];

/** Spark uses mounted volumes named `spark-local-dir-*` as its local (shuffle/spill) directories. */
export const SPARK_LOCAL_DIR = { name: 'spark-local-dir-1', path: '/var/data/spark-local-dir-1' };

/** The emptyDir behind Spark's local directory: on the node's disk or in RAM, with an optional size limit (a Kubernetes quantity). */
export interface LocalDirVolume {
  readonly medium?: 'Memory';
  readonly sizeLimit?: string;
}

/** The main container the renderer builds around. */
export interface MainContainer {
  readonly name: string;
  readonly image?: string;
  readonly imagePullPolicy?: string;
  readonly command?: string[];
  readonly args?: string[];
  /** Environment set by the construct itself (wire format). User env may not repeat these names. */
  readonly env?: any[];
  /** Ports set by the construct itself. */
  readonly ports?: SparkContainerPort[];
  /** Wire-format resources. */
  readonly resources?: any;
  readonly readinessProbe?: any;
  readonly livenessProbe?: any;
  readonly startupProbe?: any;
  /** Extra wire-format volume mounts, with their volumes in `PodRenderInput.volumes`. */
  readonly volumeMounts?: any[];
}

/** What a construct hands the renderer. */
export interface PodRenderInput {
  /** The construct errors name. */
  readonly scope: IConstruct;
  /** The prop errors name (`driver`, `executor`, `server`). */
  readonly prop: string;
  /** User intent. */
  readonly options: SparkPodOptions;
  /** The main container. */
  readonly container: MainContainer;
  /** Mount the service account token (only where the Kubernetes API is used). */
  readonly automountServiceAccountToken: boolean;
  /** Service account of the pod. @default - left to the controller */
  readonly serviceAccountName?: string;
  /** Also mount an emptyDir as Spark's local directory (driver and executor pods), on disk by default. */
  readonly sparkLocalDir?: boolean | LocalDirVolume;
  /**
   * The prop that chose the local directory (`localDirs`), when one did: a
   * role's own volume named `spark-local-dir-*` then clashes instead of
   * replacing it. @default - none: such a volume replaces the default
   */
  readonly localDirsProp?: string;
  /** Extra wire-format volumes (for `container.volumeMounts`). */
  readonly volumes?: any[];
  /** Extra wire-format pod labels set by the construct (selectors). */
  readonly labels?: { [key: string]: string };
  /**
   * The labels that select the pod (a Deployment's selector), the default
   * `matchLabels` of its topology spread constraints. @default - the pod's labels
   */
  readonly selectorLabels?: { [key: string]: string };
  /** Extra wire-format pod annotations set by the construct (checksums). */
  readonly annotations?: { [key: string]: string };
  /** Pod restart policy. @default - not set */
  readonly restartPolicy?: string;
  /** Writable scratch directories for the read-only root filesystem. @default /tmp and /opt/spark/work-dir */
  readonly scratchDirs?: { name: string; path: string }[];
  /** Names of registry credential Secrets. @default - none */
  readonly imagePullSecrets?: string[];
  /** Hardening defaults when `options.security` is unset (an application's `security`). @default - every default */
  readonly defaultSecurity?: PodSecurityOptions;
  /**
   * The named exceptions to the secure defaults the construct accepts; when
   * any is listed, the pod template records them in the annotation
   * `spark.cdk8s.io/security-opt-outs`. @default - none
   */
  readonly optOuts?: SecurityOptOut[];
  /** The prop that holds them, for messages. @default 'securityOptOuts' */
  readonly optOutProp?: string;
  /** The prop of `defaultSecurity`, for messages. @default 'security' */
  readonly defaultSecurityProp?: string;
  /**
   * The props of the volumes that come before the role's own in
   * `options.volumes` (shared volumes, `addVolume`, the event-log volume), one
   * each, in order; the entries after them are reported as the role's own
   * `<prop>.volumes[i]`, counted from the first of them.
   * @default - none: every entry of `options.volumes` is the role's own
   */
  readonly volumeProps?: string[];
}

/**
 * Renders Spark pod intent into a hardened PodTemplateSpec (wire format).
 * Every backend uses it, so every pod gets the same secure defaults.
 *
 * Apps render thousands of pods, most of which leave most options unset: an
 * unset option skips its check and renderer (each accepts nothing as valid
 * and renders nothing), so the common pod costs little.
 */
export function renderPodTemplate(input: PodRenderInput): any {
  const { scope, prop, options } = input;
  const security = resolvedSecurity(input);
  if (options.labels !== undefined) checkLabels(scope, `${prop}.labels`, options.labels);
  if (options.annotations !== undefined) {
    checkAnnotations(scope, `${prop}.annotations`, options.annotations);
    checkReservedAnnotations(scope, `${prop}.annotations`, options.annotations);
  }
  const { volumes, mounts } = renderVolumes(input, security);
  const pod = podContainers(scope, input.container.name, {
    volumeNames: volumes.map((v) => v.name), security, optOuts: input.optOuts, optOutProp: input.optOutProp ?? 'securityOptOuts',
  });
  const main = renderMainContainer(input, pod, security, mounts);
  return prune({
    metadata: {
      labels: mergedMap(options.labels, input.labels),
      annotations: podAnnotations(input, security),
    },
    spec: {
      automountServiceAccountToken: input.automountServiceAccountToken,
      serviceAccountName: input.serviceAccountName,
      imagePullSecrets: input.imagePullSecrets?.length ? input.imagePullSecrets.map((name) => ({ name })) : undefined,
      restartPolicy: input.restartPolicy,
      securityContext: renderPodSecurity(security),
      containers: options.sidecars === undefined ? [main] : [main, ...renderExtraContainers(pod, `${prop}.sidecars`, options.sidecars, false)],
      initContainers: options.initContainers === undefined ? undefined
        : undefinedIfEmpty(renderExtraContainers(pod, `${prop}.initContainers`, options.initContainers, true)),
      volumes: undefinedIfEmpty(volumes),
      ...renderScheduling(input),
      terminationGracePeriodSeconds: options.terminationGracePeriod === undefined ? undefined
        : wholeSeconds(scope, `${prop}.terminationGracePeriod`, options.terminationGracePeriod, 0, 'use Duration.seconds(30) or similar'),
      dnsConfig: renderDnsConfig(scope, `${prop}.dnsConfig`, options.dnsConfig),
      hostAliases: undefinedIfEmpty(renderHostAliases(scope, `${prop}.hostAliases`, options.hostAliases)),
      shareProcessNamespace: options.shareProcessNamespace,
    },
  });
}

/** Two string maps merged and sorted, or undefined when both are empty. */
function mergedMap(
  first: { [key: string]: string } | undefined, second: { [key: string]: string } | undefined,
): { [key: string]: string } | undefined {
  if (first === undefined && second === undefined) return undefined;
  return undefinedIfEmpty(sorted({ ...(first ?? {}), ...(second ?? {}) }));
}

/** The pod's security settings (its own, else the construct's default), checked. */
function resolvedSecurity(input: PodRenderInput): ResolvedSecurity {
  const own = input.options.security;
  const given: PodSecurityOptions | undefined = own ?? input.defaultSecurity;
  const security = resolveSecurity(given);
  checkPodSecurity(input.scope, own ? `${input.prop}.security` : input.defaultSecurityProp ?? 'security', given, security);
  return security;
}

function checkReservedAnnotations(scope: IConstruct, prop: string, annotations: { [key: string]: string } | undefined): void {
  for (const key of RESERVED_ANNOTATIONS) {
    if (annotations?.[key] !== undefined) {
      fail(scope, `${prop}.${key}`, annotations[key], 'is reserved for the library, which records the pod\'s security exceptions there', 'remove it');
    }
  }
}

/** The user's annotations, the construct's, and the records of weakened security, sorted; undefined when there are none. */
function podAnnotations(input: PodRenderInput, security: ResolvedSecurity): { [key: string]: string } | undefined {
  const own = input.options.annotations;
  if (own === undefined && input.annotations === undefined && security.readOnlyRootFilesystem && !input.optOuts?.length) return undefined;
  const annotations: { [key: string]: string } = { ...(own ?? {}), ...(input.annotations ?? {}) };
  if (!security.readOnlyRootFilesystem) {
    annotations[WRITABLE_ROOT_ANNOTATION] = 'readOnlyRootFilesystem switched off';
  }
  return undefinedIfEmpty(sorted({ ...annotations, ...optOutAnnotations(input.optOuts) }));
}

/** Where the pod may run (nothing when no scheduling option is set). */
function renderScheduling(input: PodRenderInput): any {
  const { scope, prop, options } = input;
  if (options.priorityClassName === undefined && options.schedulerName === undefined && options.nodeSelector === undefined
    && options.tolerations === undefined && options.affinity === undefined && options.topologySpreadConstraints === undefined) {
    return undefined;
  }
  checkPriorityClass(scope, `${prop}.priorityClassName`, options.priorityClassName, input.optOuts, input.optOutProp ?? 'securityOptOuts');
  checkSchedulerName(scope, `${prop}.schedulerName`, options.schedulerName);
  return {
    nodeSelector: undefinedIfEmpty(renderNodeSelector(scope, `${prop}.nodeSelector`, options.nodeSelector)),
    tolerations: undefinedIfEmpty(renderTolerations(scope, `${prop}.tolerations`, options.tolerations)),
    affinity: renderAffinity(scope, `${prop}.affinity`, options.affinity),
    topologySpreadConstraints: undefinedIfEmpty(renderTopologySpread(scope, `${prop}.topologySpreadConstraints`, options.topologySpreadConstraints,
      input.selectorLabels ?? mergedMap(options.labels, input.labels))),
    priorityClassName: options.priorityClassName,
    schedulerName: options.schedulerName,
  };
}

/** The Spark container: the construct's settings, the user's env, ports and lifecycle, the pod's hardening. */
function renderMainContainer(input: PodRenderInput, pod: PodContainers, security: ResolvedSecurity, mounts: any[]): any {
  const { scope, prop, options, container } = input;
  const ports: SparkContainerPort[] = [...(container.ports ?? []), ...(options.ports ?? [])];
  const env = container.env === undefined && options.env === undefined ? undefined : renderEnv(scope, prop, container.env ?? [], options.env);
  return {
    name: container.name,
    image: container.image,
    imagePullPolicy: container.imagePullPolicy,
    command: container.command,
    args: container.args,
    env: undefinedIfEmpty(env),
    envFrom: options.envFrom === undefined ? undefined : undefinedIfEmpty((options.envFrom ?? []).map((e) => e._toWire())),
    ports: ports.length === 0 ? undefined : renderPorts(pod, `${prop}.ports`, container.name, ports),
    resources: container.resources,
    readinessProbe: container.readinessProbe,
    livenessProbe: container.livenessProbe,
    startupProbe: container.startupProbe,
    lifecycle: renderLifecycle(scope, `${prop}.lifecycle`, options.lifecycle, ports.map((p) => p.name)),
    securityContext: renderContainerSecurity(security),
    volumeMounts: undefinedIfEmpty(mounts),
  };
}

/** The Spark container's lifecycle hooks, in wire format: one handler each, on a port of the container, no secret material. */
function renderLifecycle(scope: IConstruct, prop: string, lifecycle: SparkPodOptions['lifecycle'], ports: string[]): any {
  if (lifecycle === undefined) return undefined;
  const wire = plus().k8s.toJson_Lifecycle(lifecycle);
  checkLifecycle(scope, prop, wire, ports);
  checkNoSecretIn(scope, prop, wire);
  return wire;
}

/** The prop of the i-th entry of `options.volumes`: a shared volume's own prop, or the role's `volumes[i]`. */
function volumeProp(input: PodRenderInput, i: number): string {
  const shared = input.volumeProps ?? [];
  return i < shared.length ? shared[i] : `${input.prop}.volumes[${i - shared.length}]`;
}

/**
 * The pod's volumes and the Spark container's mounts: the construct's, the
 * scratch directories of a read-only root filesystem, and the user's, each
 * checked, its path normalized, none over a sensitive path without the
 * opt-out, no path twice.
 */
function renderVolumes(input: PodRenderInput, security: ResolvedSecurity): { volumes: any[]; mounts: any[] } {
  const { scope, prop, options } = input;
  const volumes: any[] = [...(input.volumes ?? [])];
  const mounts: any[] = [...(input.container.volumeMounts ?? [])];
  type Scratch = { name: string; path: string; emptyDir?: LocalDirVolume };
  const scratch: Scratch[] = security.readOnlyRootFilesystem ? [...(input.scratchDirs ?? SCRATCH_DIRS)] : [];
  // A user volume named spark-local-dir-* replaces the default local directory (unless a prop chose it).
  const ownLocalDir = (options.volumes ?? []).find((m) => String(m?.volume?.name).startsWith('spark-local-dir-'));
  if (ownLocalDir && input.sparkLocalDir && input.localDirsProp) {
    fail(scope, input.localDirsProp, ownLocalDir.volume.name, `clashes with the volume '${ownLocalDir.volume.name}' of '${prop}.volumes' (a volume named spark-local-dir-* is Spark's local directory)`,
      `remove the volume, or remove '${input.localDirsProp}'`);
  }
  if (input.sparkLocalDir && !ownLocalDir) {
    scratch.push({ ...SPARK_LOCAL_DIR, emptyDir: input.sparkLocalDir === true ? {} : input.sparkLocalDir });
  }
  for (const dir of scratch) {
    volumes.push({ name: dir.name, emptyDir: { ...dir.emptyDir } });
    mounts.push({ name: dir.name, mountPath: dir.path });
  }
  for (const [i, mount] of (options.volumes ?? []).entries()) {
    const where = volumeProp(input, i);
    const wire = checkVolumeMount(scope, where, mount);
    checkSensitiveMount(scope, `${where}.path`, mount.path, input.optOuts, input.optOutProp ?? 'securityOptOuts');
    const existing = volumes.find((v) => v.name === wire.name);
    if (existing && JSON.stringify(existing) !== JSON.stringify(wire)) {
      fail(scope, where, wire.name, 'names a volume that another, different volume already uses', 'give each volume its own name');
    }
    if (!existing) {
      volumes.push(wire);
    }
    mounts.push({ name: wire.name, mountPath: normalizeMountPath(mount.path), readOnly: mount.readOnly, subPath: mount.subPath });
  }
  const seenPaths = new Set<string>();
  for (const mount of mounts) {
    if (seenPaths.has(mount.mountPath)) {
      fail(scope, `${prop}.volumes`, mount.mountPath, 'mounts two volumes at the same path', 'mount each volume at its own path');
    }
    seenPaths.add(mount.mountPath);
  }
  return { volumes, mounts };
}

/** Removes undefined values (deep) so the output carries no empty keys. */
export function prune(value: any): any {
  if (Array.isArray(value)) {
    return value.map(prune);
  }
  if (value !== null && typeof value === 'object' && value.constructor === Object) {
    // A shared constant holds nothing to remove.
    return isSharedConstant(value) ? value : pruneObject(value);
  }
  return value;
}

/** A plain object's defined entries, pruned; one that prunes to an empty object is dropped, except an emptyDir (`{}` is its meaning). */
function pruneObject(value: any): any {
  const out: any = {};
  for (const key of Object.keys(value)) {
    const v = value[key];
    if (v === undefined) continue;
    const p = prune(v);
    if (key !== 'emptyDir' && isEmptyObject(p)) continue;
    out[key] = p;
  }
  return out;
}

function isEmptyObject(value: any): boolean {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0;
}
