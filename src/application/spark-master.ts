import type { SecretValue } from 'cdk8s-plus-28';
import { SparkVersion } from '../spark/spark-version';

/**
 * A Spark standalone master that applications can be submitted to instead of
 * the Kubernetes master (`SparkSubmitJob` and `SparkConnectServer`). `SparkStandaloneCluster` is one; implement it yourself for a
 * master managed elsewhere.
 */
export interface ISparkMaster {
  /** The master URL, e.g. `spark://prod-master.spark.svc:7077`. */
  readonly masterUrl: string;
  /** Spark version of the master; applications default to it and must match its major.minor. */
  readonly sparkVersion: SparkVersion;
  /**
   * The shared secret of Spark RPC authentication; applications get it as
   * the environment variable `_SPARK_AUTH_SECRET`.
   * @default - no authentication
   */
  readonly authenticationSecret?: SecretValue;
  /** Whether RPC traffic is encrypted with AES-GCM (applications must match). */
  readonly networkEncryption: boolean;
  /** Whether the workers run the external shuffle service (port 7337). */
  readonly shuffleService: boolean;
  /**
   * Labels a driver pod must carry to reach the workers (where a
   * NetworkPolicy guards them): drivers of every backend that use this
   * master put them on their pod.
   * @default - none needed
   */
  readonly clientPodLabels?: { [key: string]: string };
  /**
   * Where the master and the workers run and the labels of their pods:
   * what the NetworkPolicies of a driver using this master name.
   * @default - unknown: an application using this master cannot have NetworkPolicies (`network`)
   */
  readonly pods?: SparkMasterPods;
}

/** The pods of a standalone cluster, as the NetworkPolicies of its drivers name them. */
export interface SparkMasterPods {
  /** Namespace of the master and the workers. */
  readonly namespace: string;
  /** Labels of the master's pods. */
  readonly masterLabels: { [key: string]: string };
  /** Labels of the workers' pods (executors run inside them). */
  readonly workerLabels: { [key: string]: string };
  /** The master's RPC port. */
  readonly masterPort: number;
}

/** Options of `SparkStandaloneCluster.fromMasterUrl`. */
export interface ExternalSparkMasterOptions {
  /**
   * Spark version of the master.
   * @default SparkVersion.V4_0_4
   */
  readonly sparkVersion?: SparkVersion;
  /**
   * The shared secret of Spark RPC authentication.
   * @default - no authentication
   */
  readonly authenticationSecret?: SecretValue;
  /**
   * Whether RPC traffic is encrypted with AES-GCM.
   * @default false
   */
  readonly networkEncryption?: boolean;
  /**
   * Whether the workers run the external shuffle service.
   * @default false
   */
  readonly shuffleService?: boolean;
}
