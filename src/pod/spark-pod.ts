import { Duration, Size } from 'cdk8s';
import { Cpu, EnvFrom, EnvValue, k8s, Protocol, Volume } from 'cdk8s-plus-28';

/**
 * A volume mounted into the Spark container.
 */
export interface SparkVolumeMount {
  /** The volume (`Volume.fromSecret`, `Volume.fromConfigMap`, `Volume.fromEmptyDir`, `Volume.fromPersistentVolumeClaim`, ...). */
  readonly volume: Volume;
  /** Absolute path inside the container. */
  readonly path: string;
  /**
   * Mount read-only.
   * @default false
   */
  readonly readOnly?: boolean;
  /**
   * Path within the volume to mount.
   * @default - the volume's root
   */
  readonly subPath?: string;
}

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

/**
 * GPUs for a Spark container, requested through Spark's resource scheduling
 * (`spark.{driver,executor}.resource.gpu.*`), which sets the pod's limit
 * `<vendor>/gpu` without the operator's webhook.
 *
 * @see https://spark.apache.org/docs/latest/running-on-kubernetes.html#resource-allocation-and-configuration-overview
 */
export interface GpuOptions {
  /** GPUs per container (a whole number, at least 1). */
  readonly amount: number;
  /**
   * Device plugin vendor domain.
   * @default 'nvidia.com'
   */
  readonly vendor?: string;
  /**
   * Script that reports the GPU addresses to Spark.
   * @default '/opt/spark/examples/src/main/scripts/getGpusResources.sh' (shipped in the apache/spark image)
   */
  readonly discoveryScript?: string;
  /**
   * GPUs each task takes (executors only; sets `spark.task.resource.gpu.amount`).
   * @default - not set: Spark schedules tasks by cores only
   */
  readonly taskAmount?: number;
}

/**
 * The pod hardening every pod gets. Each default meets the Pod Security
 * Standard "restricted" and can be switched off.
 */
export interface PodSecurityOptions {
  /**
   * Numeric user id (a numeric id lets the kubelet verify `runAsNonRoot`; the
   * apache/spark image declares its user `spark` by name).
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
   * Environment variables of the Spark container. Secret-like names
   * (`*SECRET*`, `*PASSWORD*`, `*TOKEN*`, `*ACCESS_KEY*`) must come from a
   * Secret (`EnvValue.fromSecretValue`), not a literal.
   * @default - none
   */
  readonly env?: { [name: string]: EnvValue };
  /**
   * Whole ConfigMaps or Secrets as environment variables (`Env.fromSecret`, `Env.fromConfigMap`).
   * @default - none
   */
  readonly envFrom?: EnvFrom[];
  /**
   * Volumes mounted into the Spark container.
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
   * security context defaults and must set CPU and memory resources.
   * @default - none
   */
  readonly sidecars?: k8s.Container[];
  /**
   * Init containers. They get the same security context defaults and must
   * set CPU and memory resources.
   * @default - none
   */
  readonly initContainers?: k8s.Container[];
  /**
   * Priority class of the pod.
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

/**
 * Resources and pod settings of a Spark process (driver, executor, Connect server).
 */
export interface SparkProcessOptions extends SparkPodOptions {
  /**
   * CPU cores (a whole number: `spark.{driver,executor}.cores`).
   * @default 1
   */
  readonly cores?: number;
  /**
   * CPU request of the pod, when it should differ from `cores` (may be fractional).
   * @default - the value of `cores`
   */
  readonly coreRequest?: Cpu;
  /**
   * CPU limit of the pod.
   * @default - no CPU limit (CPU limits throttle JVMs)
   */
  readonly coreLimit?: Cpu;
  /**
   * JVM heap (`spark.{driver,executor}.memory`).
   * @default Size.gibibytes(1)
   */
  readonly memory?: Size;
  /**
   * Non-heap memory added to the pod's memory request and limit.
   * @default - max(memoryOverheadFactor × memory, 384 MiB)
   */
  readonly memoryOverhead?: Size;
  /**
   * Extra JVM options (`spark.{driver,executor}.extraJavaOptions`).
   * @default - none
   */
  readonly javaOptions?: string;
  /**
   * Image for this process, when it differs from the application's.
   * @default - the application's image
   */
  readonly image?: string;
  /**
   * GPUs, requested through Spark's resource scheduling.
   * @default - none
   */
  readonly gpu?: GpuOptions;
}

