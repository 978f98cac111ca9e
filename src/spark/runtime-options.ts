import { ImagePullPolicy } from 'cdk8s-plus-28';
import { DynamicAllocation } from './application-options';
import { S3a } from './s3a';
import { ISparkJobNamespace } from '../rbac/job-namespace';

/**
 * Where and with what a Spark driver runs: the settings SparkConnect,
 * SparkConnectServer and SparkSubmitJob share.
 */
export interface SparkRuntimeOptions {
  /**
   * Namespace.
   * @default - the job namespace's, else the chart's
   */
  readonly namespace?: string;
  /**
   * A namespace prepared for Spark jobs; the driver runs as its service account.
   * @default - a least-privilege driver account is created
   */
  readonly jobNamespace?: ISparkJobNamespace;
  /**
   * Image of the driver and the executors: a repository with a pinned tag or digest.
   * @default - `apache/spark:<sparkVersion>`
   */
  readonly image?: string;
  /**
   * Image pull policy.
   * @default ImagePullPolicy.IF_NOT_PRESENT
   */
  readonly imagePullPolicy?: ImagePullPolicy;
  /**
   * Spark configuration not modelled by a prop. Keys a prop owns, keys that are
   * denied, and literal secrets are rejected.
   * @default - none
   */
  readonly sparkConf?: { [key: string]: string };
  /**
   * Hadoop configuration (without the `spark.hadoop.` prefix).
   * @default - none
   */
  readonly hadoopConf?: { [key: string]: string };
  /**
   * Object storage through S3A, with credentials from a Secret.
   * @default - none
   */
  readonly s3a?: S3a;
  /**
   * Dynamic allocation of executors (shuffle tracking on by default).
   * @default - off: a fixed number of executors
   */
  readonly dynamicAllocation?: DynamicAllocation;
}
