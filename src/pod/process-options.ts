import { Size } from 'cdk8s';
import type { Cpu, IServiceAccount } from 'cdk8s-plus-28';
import { SparkPodOptions } from './pod-options';

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
   * GPUs each task takes (executors only; sets `spark.task.resource.gpu.amount`):
   * a whole number, or a share of one GPU `1/n` of at most 0.5 (0.25 lets
   * four tasks share a GPU), as Spark accepts it (TaskResourceRequest and
   * ResourceUtils.calculateAmountAndPartsForFraction: at most 0.5, or a whole number).
   * Match it to the executor's cores (`cores × taskAmount = amount`), or
   * Spark leaves cores or GPUs idle (ResourceUtils.warnOnWastedResources).
   * @default - not set: Spark schedules tasks by cores only
   */
  readonly taskAmount?: number;
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


/**
 * Driver settings (for a Spark Connect server: the server, which is the driver).
 */
export interface DriverOptions extends SparkProcessOptions {
  /**
   * Service account the driver runs as; it must be allowed to manage
   * executor pods, services, configmaps and PVCs.
   * @default - the job namespace's driver account, else a new least-privilege one (SparkDriverRbac)
   */
  readonly serviceAccount?: IServiceAccount;
  /**
   * Annotations of the driver's headless Service (`spark.kubernetes.driver.service.annotation.*`).
   * @default - none
   */
  readonly serviceAnnotations?: { [key: string]: string };
  /**
   * Labels of the driver's headless Service (`spark.kubernetes.driver.service.label.*`).
   * @default - none
   */
  readonly serviceLabels?: { [key: string]: string };
}

/**
 * How the driver creates executor pods (`spark.kubernetes.allocation.pods.allocator`;
 * KubernetesClusterManager.makeExecutorPodsAllocator). The StatefulSet and
 * Deployment allocators need `apps` rights: the driver account a construct
 * creates, or a `SparkJobNamespace` / `SparkDriverRbac` of the same App,
 * gets them; an account given otherwise must hold them already.
 */
export enum ExecutorPodsAllocator {
  /** The driver creates each executor pod itself (Spark's default). */
  DIRECT = 'direct',
  /**
   * One StatefulSet per resource profile, scaled by the driver
   * (StatefulSetPodsAllocator); the driver account gets the `apps`
   * statefulsets rights it needs.
   */
  STATEFUL_SET = 'statefulset',
  /**
   * One Deployment per resource profile, scaled by the driver (Spark 4.2+,
   * DeploymentPodsAllocator); it refuses PersistentVolumeClaims, and under
   * dynamic allocation Spark requires `spark.kubernetes.executor.podDeletionCost`.
   * The driver account gets the `apps` deployments rights it needs.
   */
  DEPLOYMENT = 'deployment',
}

/**
 * Executor settings.
 */
export interface ExecutorOptions extends SparkProcessOptions {
  /**
   * Number of executors (`spark.executor.instances`). Leave it unset with dynamic allocation.
   * @default 1 (without dynamic allocation)
   */
  readonly instances?: number;
  /**
   * Delete executor pods when the application ends (`spark.kubernetes.executor.deleteOnTermination`).
   * @default - Spark's default (true)
   */
  readonly deleteOnTermination?: boolean;
  /**
   * How the driver creates executor pods (`spark.kubernetes.allocation.pods.allocator`).
   * @default ExecutorPodsAllocator.DIRECT
   */
  readonly podsAllocator?: ExecutorPodsAllocator;
}
