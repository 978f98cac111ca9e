import { k8s } from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { checkImage } from './_image';
import { PodSecurityOptions, SparkContainerPort, SparkPodOptions } from './pod-options';
import { SecurityOptOut } from './security-opt-out';
import { SparkVolume, SparkVolumeMount } from './volume';
import { isSecretName } from '../_input';
import { checkAnnotations, checkLabels, DNS_1123_LABEL, fail, portNameProblem, sorted, undefinedIfEmpty, wholeSeconds } from '../_validation';
import { kubernetesQuantity } from '../spark/_memory';

/** The uid and gid of the `spark` user in the apache/spark image. */
export const SPARK_UID = 185;

/** Annotation that marks a pod whose root filesystem was deliberately left writable. */
export const WRITABLE_ROOT_ANNOTATION = 'spark.cdk8s.io/writable-root-filesystem';

/** Scratch directories every Spark process writes to. */
const SCRATCH_DIRS: { name: string; path: string }[] = [
  { name: 'tmp', path: '/tmp' },
  { name: 'spark-work-dir', path: '/opt/spark/work-dir' },
];

/** Spark uses mounted volumes named `spark-local-dir-*` as its local (shuffle/spill) directories. */
export const SPARK_LOCAL_DIR = { name: 'spark-local-dir-1', path: '/var/data/spark-local-dir-1' };

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

/** Fills in the hardening defaults. */
export function resolveSecurity(options: PodSecurityOptions = {}): ResolvedSecurity {
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
  /** Also mount an emptyDir as Spark's local directory (driver and executor pods). */
  readonly sparkLocalDir?: boolean;
  /** Extra wire-format volumes (for `container.volumeMounts`). */
  readonly volumes?: any[];
  /** Extra wire-format pod labels set by the construct (selectors). */
  readonly labels?: { [key: string]: string };
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
  /** The named exceptions to the secure defaults the construct accepts (recorded on the pod). @default - none */
  readonly optOuts?: SecurityOptOut[];
  /** The prop that holds them, for messages. @default 'securityOptOuts' */
  readonly optOutProp?: string;
}

/**
 * Renders Spark pod intent into a hardened PodTemplateSpec (wire format).
 * Every backend uses it, so every pod gets the same secure defaults.
 */
export function renderPodTemplate(input: PodRenderInput): any {
  const { scope, prop, options } = input;
  const security = resolveSecurity(options.security ?? input.defaultSecurity);
  checkLabels(scope, `${prop}.labels`, options.labels);
  checkAnnotations(scope, `${prop}.annotations`, options.annotations);

  const volumes: any[] = [...(input.volumes ?? [])];
  const mounts: any[] = [...(input.container.volumeMounts ?? [])];
  const scratch = security.readOnlyRootFilesystem ? [...(input.scratchDirs ?? SCRATCH_DIRS)] : [];
  // A user volume named spark-local-dir-* replaces the default local directory.
  const ownLocalDir = (options.volumes ?? []).some((m) => m.volume?.name?.startsWith('spark-local-dir-'));
  if (input.sparkLocalDir && !ownLocalDir) {
    scratch.push(SPARK_LOCAL_DIR);
  }
  for (const dir of scratch) {
    volumes.push({ name: dir.name, emptyDir: {} });
    mounts.push({ name: dir.name, mountPath: dir.path });
  }
  for (const [i, mount] of (options.volumes ?? []).entries()) {
    const where = `${prop}.volumes[${i}]`;
    const wire = checkVolumeMount(scope, where, mount);
    const volume = wire;
    const existing = volumes.find((v) => v.name === volume.name);
    if (existing && JSON.stringify(existing) !== JSON.stringify(wire)) {
      fail(scope, where, volume.name, 'names a volume that another, different volume already uses', 'give each volume its own name');
    }
    if (!existing) {
      volumes.push(wire);
    }
    mounts.push({ name: volume.name, mountPath: mount.path, readOnly: mount.readOnly, subPath: mount.subPath });
  }
  const seenPaths = new Set<string>();
  for (const mount of mounts) {
    if (seenPaths.has(mount.mountPath)) {
      fail(scope, `${prop}.volumes`, mount.mountPath, 'mounts two volumes at the same path', 'mount each volume at its own path');
    }
    seenPaths.add(mount.mountPath);
  }

  const env = renderEnv(input);
  const ports = renderPorts(scope, `${prop}.ports`, [...(input.container.ports ?? []), ...(options.ports ?? [])]);
  const containerSecurity = renderContainerSecurity(security);

  const main = {
    name: input.container.name,
    image: input.container.image,
    imagePullPolicy: input.container.imagePullPolicy,
    command: input.container.command,
    args: input.container.args,
    env: undefinedIfEmpty(env),
    envFrom: undefinedIfEmpty((options.envFrom ?? []).map((e) => e._toWire())),
    ports: undefinedIfEmpty(ports),
    resources: input.container.resources,
    readinessProbe: input.container.readinessProbe,
    livenessProbe: input.container.livenessProbe,
    startupProbe: input.container.startupProbe,
    lifecycle: options.lifecycle ? k8s.toJson_Lifecycle(options.lifecycle) : undefined,
    securityContext: containerSecurity,
    volumeMounts: undefinedIfEmpty(mounts),
  };

  const annotations: { [key: string]: string } = { ...(options.annotations ?? {}), ...(input.annotations ?? {}) };
  if (!security.readOnlyRootFilesystem) {
    annotations[WRITABLE_ROOT_ANNOTATION] = 'readOnlyRootFilesystem switched off';
  }

  return prune({
    metadata: {
      labels: undefinedIfEmpty(sorted({ ...(options.labels ?? {}), ...(input.labels ?? {}) })),
      annotations: undefinedIfEmpty(sorted(annotations)),
    },
    spec: {
      automountServiceAccountToken: input.automountServiceAccountToken,
      serviceAccountName: input.serviceAccountName,
      imagePullSecrets: undefinedIfEmpty((input.imagePullSecrets ?? []).map((name) => ({ name }))),
      restartPolicy: input.restartPolicy,
      securityContext: renderPodSecurity(security),
      containers: [main, ...extraContainers(scope, `${prop}.sidecars`, options.sidecars, containerSecurity)],
      initContainers: undefinedIfEmpty(extraContainers(scope, `${prop}.initContainers`, options.initContainers, containerSecurity)),
      volumes: undefinedIfEmpty(volumes),
      nodeSelector: undefinedIfEmpty(options.nodeSelector ? sorted(options.nodeSelector) : undefined),
      tolerations: undefinedIfEmpty((options.tolerations ?? []).map((t) => k8s.toJson_Toleration(t))),
      affinity: options.affinity ? k8s.toJson_Affinity(options.affinity) : undefined,
      priorityClassName: options.priorityClassName,
      schedulerName: options.schedulerName,
      terminationGracePeriodSeconds: wholeSeconds(scope, `${prop}.terminationGracePeriod`, options.terminationGracePeriod, 0, 'use Duration.seconds(30) or similar'),
      dnsConfig: options.dnsConfig ? k8s.toJson_PodDnsConfig(options.dnsConfig) : undefined,
      hostAliases: undefinedIfEmpty((options.hostAliases ?? []).map((h) => k8s.toJson_HostAlias(h))),
      shareProcessNamespace: options.shareProcessNamespace,
    },
  });
}

/** The canonical spelling of a binary memory quantity (`1024Mi` → `1Gi`), so GitOps diffs stay quiet. */
function canonicalQuantity(quantity: string): string {
  const m = /^(\d+)(Ki|Mi|Gi)$/.exec(quantity);
  if (!m) return quantity;
  const kib = Number(m[1]) * { Ki: 1, Mi: 1024, Gi: 1024 * 1024 }[m[2] as 'Ki' | 'Mi' | 'Gi'];
  return kubernetesQuantity(kib);
}

/** The pod-level security context. */
function renderPodSecurity(security: ResolvedSecurity): any {
  return {
    runAsNonRoot: security.runAsNonRoot,
    runAsUser: security.runAsUser,
    runAsGroup: security.runAsGroup,
    fsGroup: security.fsGroup,
    seccompProfile: security.seccompRuntimeDefault ? { type: 'RuntimeDefault' } : undefined,
  };
}

/** The container-level security context. */
function renderContainerSecurity(security: ResolvedSecurity): any {
  return {
    allowPrivilegeEscalation: security.allowPrivilegeEscalation,
    privileged: false,
    readOnlyRootFilesystem: security.readOnlyRootFilesystem,
    runAsNonRoot: security.runAsNonRoot,
    runAsUser: security.runAsUser,
    capabilities: security.dropAllCapabilities ? { drop: ['ALL'] } : undefined,
  };
}

/** Checks one volume mount and returns its volume in wire format. */
export function checkVolumeMount(scope: IConstruct, where: string, mount: SparkVolumeMount): any {
  if (!(mount?.volume instanceof SparkVolume)) {
    fail(scope, `${where}.volume`, mount?.volume, 'must be a SparkVolume', 'use SparkVolume.fromEmptyDir(...), .fromSecret(...), .fromConfigMap(...) or .fromPersistentVolumeClaim(...)');
  }
  const wire = mount.volume._toWire();
  if (mount.volume._isHostPath) {
    fail(scope, where, wire.name, 'mounts a hostPath volume, which the restricted Pod Security Standard forbids', 'use a PersistentVolumeClaim, an emptyDir or object storage');
  }
  if (typeof wire.name !== 'string' || wire.name.length > 63 || !DNS_1123_LABEL.test(wire.name)) {
    fail(scope, `${where}.volume.name`, wire.name, 'must be a DNS-1123 label (at most 63 lower-case letters, digits and \'-\')', 'name the volume e.g. \'cache\'');
  }
  if (typeof mount.path !== 'string' || !mount.path.startsWith('/')) {
    fail(scope, `${where}.path`, mount.path, 'must be an absolute path', `use '/${mount.path}'`);
  }
  const sizeLimit = wire.emptyDir?.sizeLimit;
  if (typeof sizeLimit === 'string') {
    if (!/^\d+(Ki|Mi|Gi|Ti)?$/.test(sizeLimit)) {
      fail(scope, `${where}.volume.sizeLimit`, sizeLimit, 'must be a whole number of KiB', 'use Size.mebibytes(...) or Size.gibibytes(...) with whole numbers');
    }
    wire.emptyDir = { ...wire.emptyDir, sizeLimit: canonicalQuantity(sizeLimit) };
  }
  return wire;
}

function renderEnv(input: PodRenderInput): any[] {
  const { scope, prop, options } = input;
  const env: any[] = [...(input.container.env ?? [])];
  const owned = new Set(env.map((e) => e.name));
  for (const [name, value] of Object.entries(options.env ?? {})) {
    if (owned.has(name)) {
      fail(scope, `${prop}.env.${name}`, name, 'is already set by the construct or an earlier env map', 'remove one of the two definitions');
    }
    if (value.value !== undefined && isSecretName(name)) {
      fail(scope, `${prop}.env.${name}`, '<redacted>', 'holds secret material as a literal value, readable by anyone who can get pods',
        'store it in a Secret and use EnvValue.fromSecretValue({ secret, key })');
    }
    owned.add(name);
    env.push({ name, value: value.value, valueFrom: value.valueFrom });
  }
  return env;
}

function renderPorts(scope: IConstruct, prop: string, ports: SparkContainerPort[]): any[] {
  const names = new Set<string>();
  const numbers = new Set<number>();
  return ports.map((port, i) => {
    const problem = portNameProblem(port.name);
    if (problem) {
      fail(scope, `${prop}[${i}].name`, port.name, problem, 'use a short name such as \'metrics\'');
    }
    if (names.has(port.name)) {
      fail(scope, `${prop}[${i}].name`, port.name, 'repeats a port name', 'give each port its own name');
    }
    if (!Number.isInteger(port.number) || port.number < 1 || port.number > 65535) {
      fail(scope, `${prop}[${i}].number`, port.number, 'must be a whole number from 1 to 65535', 'pick a free port above 1024');
    }
    if (numbers.has(port.number)) {
      fail(scope, `${prop}[${i}].number`, port.number, 'repeats a port number', 'give each port its own number');
    }
    names.add(port.name);
    numbers.add(port.number);
    return { name: port.name, containerPort: port.number, protocol: port.protocol ?? 'TCP' };
  });
}

function extraContainers(scope: IConstruct, prop: string, containers: k8s.Container[] | undefined, security: any): any[] {
  return (containers ?? []).map((c, i) => {
    const wire: any = k8s.toJson_Container(c);
    const where = `${prop}[${i}]`;
    if (wire.securityContext?.privileged === true) {
      fail(scope, `${where}.securityContext.privileged`, true, 'is forbidden by the restricted Pod Security Standard', 'remove it');
    }
    const requests = wire.resources?.requests ?? {};
    const limits = wire.resources?.limits ?? {};
    if (requests.cpu === undefined || limits.memory === undefined) {
      fail(scope, `${where}.resources`, wire.resources ?? {}, 'must set requests.cpu and limits.memory', 'size the container, e.g. { requests: { cpu: Quantity.fromString(\'100m\'), memory: Quantity.fromString(\'128Mi\') }, limits: { memory: Quantity.fromString(\'128Mi\') } }');
    }
    if (requests.memory === undefined) {
      wire.resources = { ...wire.resources, requests: { ...requests, memory: limits.memory } };
    }
    checkImage(scope, `${where}.image`, wire.image ?? '');
    wire.imagePullPolicy = wire.imagePullPolicy ?? 'IfNotPresent';
    wire.securityContext = { ...security, ...(wire.securityContext ?? {}) };
    return wire;
  });
}

/** Removes undefined values (deep) so the output carries no empty keys. */
export function prune(value: any): any {
  if (Array.isArray(value)) {
    return value.map(prune);
  }
  if (value !== null && typeof value === 'object' && value.constructor === Object) {
    const out: any = {};
    for (const [k, v] of Object.entries(value)) {
      if (v === undefined) continue;
      const p = prune(v);
      if (p !== null && typeof p === 'object' && !Array.isArray(p) && Object.keys(p).length === 0 && k !== 'emptyDir') continue;
      out[k] = p;
    }
    return out;
  }
  return value;
}
