import { Size } from 'cdk8s';
import { Cpu, IServiceAccount } from 'cdk8s-plus-28';
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
   * GPUs each task takes (executors only; sets `spark.task.resource.gpu.amount`).
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
}
