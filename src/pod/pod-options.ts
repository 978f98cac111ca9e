import { Duration } from 'cdk8s';
import type { EnvValue, k8s, Protocol } from 'cdk8s-plus-28';
import { SparkEnvFrom } from './env-from';
import { SparkVolumeMount } from './volume';

/**
 * A container port the Spark container declares.
 */
export interface SparkContainerPort {
  /** Port name: an IANA_SVC_NAME of at most 15 characters. */
  readonly name: string;
  /** Port number, 1–65535. */
  readonly number: number;
  /**
   * Protocol.
   * @default Protocol.TCP
   */
  readonly protocol?: Protocol;
}

/** What the scheduler does with a pod that no node can take without exceeding `maxSkew`. */
export enum WhenUnsatisfiable {
  /** Leave the pod pending (a hard constraint). */
  DO_NOT_SCHEDULE = 'DoNotSchedule',
  /** Schedule it anyway, preferring the nodes that reduce the skew (a soft constraint). */
  SCHEDULE_ANYWAY = 'ScheduleAnyway',
}

/**
 * How a group of pods spreads over topology domains (nodes, zones, ...):
 * a Kubernetes topology spread constraint.
 *
 * @see https://kubernetes.io/docs/concepts/scheduling-eviction/topology-spread-constraints/
 */
export interface SparkTopologySpread {
  /** The node label whose values are the domains, e.g. `kubernetes.io/hostname` or `topology.kubernetes.io/zone`. */
  readonly topologyKey: string;
  /**
   * The largest difference allowed between the number of matching pods in
   * any two domains (at least 1).
   * @default 1
   */
  readonly maxSkew?: number;
  /**
   * What happens when no domain keeps the skew: a soft constraint never
   * leaves a pod pending.
   * @default WhenUnsatisfiable.SCHEDULE_ANYWAY
   */
  readonly whenUnsatisfiable?: WhenUnsatisfiable;
  /**
   * Labels of the pods counted as one group (`labelSelector.matchLabels`).
   * @default - the labels that select the pod (a Deployment's selector labels), else the pod's own labels; a pod with neither must set them
   */
  readonly matchLabels?: { [key: string]: string };
  /**
   * Label keys whose values are taken from the incoming pod and ANDed with
   * `matchLabels` (e.g. `pod-template-hash` counts only the pods of the same
   * Deployment revision, `spark-app-selector` only the executors of the same
   * application). A key may not also be in `matchLabels`.
   * @default - none
   */
  readonly matchLabelKeys?: string[];
}

/**
 * The pod hardening every pod gets. Each default meets the Pod Security
 * Standard "restricted" and can be switched off.
 */
export interface PodSecurityOptions {
  /**
   * Numeric user id (a numeric id lets the kubelet verify `runAsNonRoot`; the
   * apache/spark image declares its user `spark` by name). 0 (root) needs
   * `runAsNonRoot: false` as well: the kubelet refuses to start it otherwise.
   * @default 185
   */
  readonly runAsUser?: number;
  /**
   * Numeric group id.
   * @default 185
   */
  readonly runAsGroup?: number;
  /**
   * Group that owns mounted volumes.
   * @default 185
   */
  readonly fsGroup?: number;
  /**
   * Refuse to start containers that would run as root.
   * @default true
   */
  readonly runAsNonRoot?: boolean;
  /**
   * Use the container runtime's default seccomp profile.
   * @default true
   */
  readonly seccompRuntimeDefault?: boolean;
  /**
   * Mount the root filesystem read-only; writable emptyDirs back `/tmp`,
   * `/opt/spark/work-dir` and Spark's local directories. Switching this off
   * marks the pod with the annotation `spark.cdk8s.io/writable-root-filesystem`.
   * @default true
   */
  readonly readOnlyRootFilesystem?: boolean;
  /**
   * Drop all Linux capabilities.
   * @default true
   */
  readonly dropAllCapabilities?: boolean;
  /**
   * Allow privilege escalation (setuid binaries).
   * @default false
   */
  readonly allowPrivilegeEscalation?: boolean;
}

/**
 * Pod settings of a Spark process (driver, executor, server or daemon),
 * rendered into a hardened pod template.
 */
export interface SparkPodOptions {
  /**
   * Environment variables of the Spark container. Names are Kubernetes
   * variable names (letters, digits, `_`, `-`, `.`, not starting with a
   * digit). Secret-like names (`*SECRET*`, `*PASSWORD*`, `*TOKEN*`,
   * `*ACCESS_KEY*`) and literal values that hold secret material (a PEM
   * private key, an AWS access key id, `user:password@` in a URL) must come
   * from a Secret (`EnvValue.fromSecretValue`), not a literal.
   * @default - none
   */
  readonly env?: { [name: string]: EnvValue };
  /**
   * Whole ConfigMaps or Secrets as environment variables (`SparkEnvFrom.secret`, `SparkEnvFrom.configMap`).
   * @default - none
   */
  readonly envFrom?: SparkEnvFrom[];
  /**
   * Volumes mounted into the Spark container. Mount paths are absolute,
   * without `..`, and written normalized (`/data/` is `/data`). A mount at,
   * above or inside the service-account token directory, or at or above
   * `/opt/spark`, needs `SecurityOptOut.SENSITIVE_MOUNT`.
   * @default - none besides the scratch directories
   */
  readonly volumes?: SparkVolumeMount[];
  /**
   * Node labels the pod must match.
   * @default - none
   */
  readonly nodeSelector?: { [key: string]: string };
  /**
   * Tolerations.
   * @default - none
   */
  readonly tolerations?: k8s.Toleration[];
  /**
   * Affinity rules.
   * @default - none
   */
  readonly affinity?: k8s.Affinity;
  /**
   * How pods like this one spread over nodes or zones.
   * @default - none (the scheduler's cluster-wide defaults)
   * @see https://kubernetes.io/docs/concepts/scheduling-eviction/topology-spread-constraints/
   */
  readonly topologySpreadConstraints?: SparkTopologySpread[];
  /**
   * Pod labels.
   * @default - none
   */
  readonly labels?: { [key: string]: string };
  /**
   * Pod annotations.
   * @default - none
   */
  readonly annotations?: { [key: string]: string };
  /**
   * Containers that run beside the Spark container. They get the same
   * security context defaults and must set CPU and memory resources, a
   * pinned image, a name no other container of the pod has, and ports no
   * other container has. A security context weaker than the pod's (privileged,
   * privilege escalation, root, added capabilities, a writable root
   * filesystem, no seccomp) needs `SecurityOptOut.WEAKER_SIDECAR`.
   * @default - none
   */
  readonly sidecars?: k8s.Container[];
  /**
   * Init containers. They are held to the same rules as `sidecars`.
   * @default - none
   */
  readonly initContainers?: k8s.Container[];
  /**
   * Priority class of the pod. The system classes (`system-node-critical`,
   * `system-cluster-critical`) need `SecurityOptOut.SYSTEM_PRIORITY_CLASS`.
   * @default - the cluster default
   */
  readonly priorityClassName?: string;
  /**
   * Grace period between SIGTERM and SIGKILL.
   * @default - Kubernetes' 30 seconds
   */
  readonly terminationGracePeriod?: Duration;
  /**
   * Scheduler that places the pod.
   * @default - the default scheduler
   */
  readonly schedulerName?: string;
  /**
   * DNS settings of the pod.
   * @default - the cluster default
   */
  readonly dnsConfig?: k8s.PodDnsConfig;
  /**
   * Extra `/etc/hosts` entries.
   * @default - none
   */
  readonly hostAliases?: k8s.HostAlias[];
  /**
   * Lifecycle hooks of the Spark container.
   * @default - none
   */
  readonly lifecycle?: k8s.Lifecycle;
  /**
   * Share one process namespace between the pod's containers.
   * @default false
   */
  readonly shareProcessNamespace?: boolean;
  /**
   * Extra ports of the Spark container.
   * @default - none
   */
  readonly ports?: SparkContainerPort[];
  /**
   * Hardening defaults and their off-switches.
   * @default - every default of PodSecurityOptions
   */
  readonly security?: PodSecurityOptions;
}
