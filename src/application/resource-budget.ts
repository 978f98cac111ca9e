/**
 * CPU and memory an application asks the cluster for: the driver plus its
 * executors, at the maximum executor count under dynamic allocation.
 */
export interface SparkResourceBudget {
  /** CPU requested by the driver pod, in cores. */
  readonly driverCpu: number;
  /** Memory of the driver pod (heap + overhead), in MiB. */
  readonly driverMemoryMebibytes: number;
  /** CPU requested by one executor pod, in cores. */
  readonly executorCpu: number;
  /** Memory of one executor pod (heap + overhead), in MiB. */
  readonly executorMemoryMebibytes: number;
  /** The most executors the application runs at once. */
  readonly maxExecutors: number;
  /** Total CPU: driver + maxExecutors × executor, in cores. */
  readonly totalCpu: number;
  /** Total memory: driver + maxExecutors × executor, in MiB. */
  readonly totalMemoryMebibytes: number;
}
