import { Size } from 'cdk8s';

/** What a team namespace does when the workloads placed in it ask for more than its quota. */
export enum BudgetCheck {
  /** Synth fails, naming the workloads and their budgets. */
  FAIL = 'fail',
  /** Synth prints a warning and goes on: the quota will hold pods back at run time. */
  WARN = 'warn',
}

/**
 * A team namespace's ResourceQuota: the CPU and memory its pods may request
 * in total. Spark sets every driver's and executor's memory limit to its
 * request, so one figure bounds both.
 */
export interface SparkNamespaceQuota {
  /** CPU the pods may request in total, in cores (`requests.cpu`). */
  readonly cpu: number;
  /** Memory the pods may request and be limited to in total (`requests.memory`, `limits.memory`). */
  readonly memory: Size;
  /**
   * The most pods at once (`pods`).
   * @default - no limit on the count
   */
  readonly pods?: number;
  /**
   * What synth does when the workloads placed in the namespace together ask
   * for more than the quota. A single workload that asks for more than the
   * whole quota always fails: it could never run in full.
   * @default BudgetCheck.FAIL
   */
  readonly overBudget?: BudgetCheck;
}

/**
 * Requests and limits a LimitRange gives containers that set none (sidecars,
 * a user's own pods): with a quota on requests and memory limits, a pod
 * without them would be refused.
 */
export interface SparkContainerDefaults {
  /**
   * CPU request, in cores.
   * @default 0.1
   */
  readonly cpu?: number;
  /**
   * Memory request and limit.
   * @default 256 MiB
   */
  readonly memory?: Size;
}

/** One row of a team namespace's budget table: a workload and what it asks for. */
export interface SparkBudgetRow {
  /** The workload's construct path. */
  readonly workload: string;
  /** Its kind (`SparkApplication`, `SparkConnectServer`, ...). */
  readonly kind: string;
  /** Its name. */
  readonly name: string;
  /** CPU it requests at most, in cores (a Spark application: driver plus executors at their maximum count). */
  readonly cpu: number;
  /** Memory it requests at most, in MiB. */
  readonly memoryMebibytes: number;
}
