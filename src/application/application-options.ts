import type { ImagePullPolicy, ISecret, SecretValue } from 'cdk8s-plus-28';
import { EventLog } from './event-log';
import { SparkLocalDirs } from './local-dirs';
import { S3a } from './s3a';
import { NetworkPeer } from '../network/network-peer';
import { SparkNetworkOptions } from '../network/spark-network';
import { PodSecurityOptions } from '../pod/pod-options';
import { DriverOptions, ExecutorOptions } from '../pod/process-options';
import { SecurityOptOut } from '../pod/security-opt-out';
import { SparkVolumeMount } from '../pod/volume';
import { ISparkJobNamespace } from '../rbac/spark-job-namespace';
import { WorkloadIdentity } from '../rbac/workload-identity';
import { ApplicationFile } from '../spark/application-file';
import { SparkApplicationType } from '../spark/application-type';
import { SparkDependencies } from '../spark/dependencies';
import { DynamicAllocation } from '../spark/dynamic-allocation';
import { SparkVersion } from '../spark/spark-version';

/**
 * What every way of running a Spark driver with executors shares: the
 * operator's `SparkApplication`, `ScheduledSparkApplication` and
 * `SparkConnect`, and the operator-less `SparkSubmitJob` and
 * `SparkConnectServer`. Each prop means the same Spark configuration on
 * every one of them.
 */
export interface SparkRuntimeOptions {
  /**
   * Name: the main object's name and the prefix Spark derives pod and Service names from (a DNS-1035 label).
   * @default - derived from the construct path
   */
  readonly name?: string;
  /**
   * Namespace.
   * @default - the job namespace's, else the chart's
   */
  readonly namespace?: string;
  /**
   * A namespace prepared for Spark jobs (`SparkJobNamespace`, or one from `SparkOperator.addJobNamespace`):
   * the driver runs there, as its driver service account.
   * @default - none: a least-privilege driver account is created
   */
  readonly jobNamespace?: ISparkJobNamespace;
  /**
   * Labels of the main object.
   * @default - none
   */
  readonly labels?: { [key: string]: string };
  /**
   * Annotations of the main object.
   * @default - none
   */
  readonly annotations?: { [key: string]: string };
  /**
   * Spark version.
   * @default SparkVersion.V4_0_4
   */
  readonly sparkVersion?: SparkVersion;
  /**
   * Image of the driver and the executors: a repository with a pinned tag or digest
   * (`spark.kubernetes.container.image`).
   * @default - `apache/spark:<sparkVersion>`
   */
  readonly image?: string;
  /**
   * The image already carries S3A: `hadoop-aws` and the AWS SDK matching its
   * Hadoop client jars. Without it, wherever S3A is used (`s3a`, an `s3a://`
   * event log, main file or dependency, `fs.s3a.*` Hadoop settings) the
   * library adds the `hadoop-aws` package of the Spark line's Hadoop
   * (`spark.jars.packages`, resolved into `/tmp/.ivy2` on the scratch volume)
   * unless `deps.packages` names one; the stock `apache/spark` images carry
   * no S3A. A Spark line whose Hadoop version the library does not know
   * needs this prop or an explicit `hadoop-aws` package.
   * @default false
   */
  readonly imageIncludesS3a?: boolean;
  /**
   * Image pull policy (`spark.kubernetes.container.image.pullPolicy`).
   * @default ImagePullPolicy.IF_NOT_PRESENT
   */
  readonly imagePullPolicy?: ImagePullPolicy;
  /**
   * Secrets with registry credentials (`spark.kubernetes.container.image.pullSecrets`).
   * @default - none
   */
  readonly imagePullSecrets?: ISecret[];
  /**
   * Spark configuration no prop models. Keys a prop owns, keys that are
   * denied, and literal secrets are rejected.
   * @default - none
   */
  readonly sparkConf?: { [key: string]: string };
  /**
   * Hadoop configuration, without the `spark.hadoop.` prefix.
   * @default - none
   */
  readonly hadoopConf?: { [key: string]: string };
  /**
   * Spark configuration whose values come from Secret keys: each value
   * reaches the driver and executor containers as an environment variable
   * from the Secret (`secretKeyRef`), and the configuration holds Spark's
   * reference `${env:NAME}`, which Spark resolves where it reads the key
   * through its configuration registry (ConfigReader, for every key Spark
   * defines) or `getWithSubstitution` (SSLOptions: `spark.ssl.*Password`).
   * Not for `spark.hadoop.*` keys (use `hadoopConfFromSecrets`), environment
   * keys (use the role's `env`) or catalog options, which Spark reads raw.
   * The secret never reaches a command line, a ConfigMap or the custom resource.
   * @default - none
   */
  readonly sparkConfFromSecrets?: { [key: string]: SecretValue };
  /**
   * Hadoop configuration (without the `spark.hadoop.` prefix) whose values
   * come from Secret keys: each reaches the driver and executor containers
   * as an environment variable from the Secret, and the configuration holds
   * Hadoop's reference `${env.NAME}`, which Hadoop's Configuration resolves
   * on every read (Configuration.substituteVars), passwords included
   * (`getPassword`), e.g. `fs.s3a.encryption.key`.
   * @default - none
   */
  readonly hadoopConfFromSecrets?: { [key: string]: SecretValue };
  /**
   * Object storage through S3A: credentials from a Secret as environment
   * variables, endpoint settings as Hadoop configuration.
   * @default - none
   */
  readonly s3a?: S3a;
  /**
   * Where the driver writes event logs (pass the same `EventLog` to the History Server).
   * @default - event logging off
   */
  readonly eventLog?: EventLog;
  /**
   * The cloud identity of the driver ServiceAccount the construct creates
   * (executors run as the same account): its annotation goes on the
   * ServiceAccount, and the pod labels it needs (Azure) on the driver and
   * executor pods. With IRSA, S3A reads it through `S3a.withWebIdentity()`.
   * Not allowed with `driver.serviceAccount` or `jobNamespace` (set it on the
   * SparkJobNamespace, or annotate your own ServiceAccount), nor without a
   * driver account (a standalone `master`, or `localMode` without one).
   * @default - none
   */
  readonly identity?: WorkloadIdentity;
  /**
   * The cluster's network facts. With them the driver and the executors get
   * NetworkPolicies that admit what Spark needs and nothing else: the
   * executors reach the driver's RPC and block manager ports, the driver and
   * the executors reach each executor's block manager, the driver reaches
   * the API server, every pod reaches DNS and object storage. Spark's ports
   * are pinned (`spark.driver.port` 7078, `spark.driver.blockManager.port`
   * and `spark.blockManager.port` 7079) and the pods get the labels
   * `spark.cdk8s.io/kind`, `spark.cdk8s.io/name` and `spark.cdk8s.io/role`.
   * @default - the job namespace's; none: no NetworkPolicy (a Connect server still limits who reaches it)
   */
  readonly network?: SparkNetworkOptions;
  /**
   * Who may reach the driver's UI (`spark.ui.port`, 4040), which shows the
   * SQL text and plans of every job (of every session, on a Connect server:
   * its own allow list, not the gRPC clients'; the token guards gRPC only).
   * Needs `network`, except on a `SparkConnectServer`, whose policy exists
   * without it.
   * @default - nobody (`kubectl port-forward` reaches the pod from inside its network namespace, where most CNIs apply no policy)
   */
  readonly uiAllowFrom?: NetworkPeer[];
  /**
   * Jars, files, Python files, archives and Maven packages Spark fetches at start-up.
   * @default - none
   */
  readonly deps?: SparkDependencies;
  /**
   * Dynamic allocation of executors (shuffle tracking on by default).
   * @default - off: a fixed number of executors
   */
  readonly dynamicAllocation?: DynamicAllocation;
  /**
   * Executor settings: resources and pod settings (rendered into the executor pod template).
   * @default - 1 executor with 1 core and 1 GiB
   */
  readonly executor?: ExecutorOptions;
  /**
   * Volumes mounted into both the driver and the executors.
   * @default - none
   */
  readonly volumes?: SparkVolumeMount[];
  /**
   * Spark's local (shuffle and spill) directories: an emptyDir, RAM, or a
   * PersistentVolumeClaim per executor created on demand. It owns the
   * `spark.kubernetes.{driver,executor}.volumes.*.spark-local-dir-*` keys and
   * `spark.kubernetes.local.dirs.tmpfs`.
   * @default SparkLocalDirs.emptyDir()
   */
  readonly localDirs?: SparkLocalDirs;
  /**
   * Node labels the driver and the executors must match (`spark.kubernetes.node.selector.*`).
   * Cannot be combined with the roles' own `nodeSelector`.
   * @default - none
   */
  readonly nodeSelector?: { [key: string]: string };
  /**
   * Share of the heap added as non-heap memory overhead (`spark.kubernetes.memoryOverheadFactor`).
   * @default - 0.1 for JVM applications, 0.4 for Python and R
   */
  readonly memoryOverheadFactor?: number;
  /**
   * Hardening of the driver and executor pods, unless a role sets its own `security`.
   * @default - every default of PodSecurityOptions
   */
  readonly security?: PodSecurityOptions;
  /**
   * Named exceptions to the secure defaults this workload accepts; each is
   * recorded in the annotation `spark.cdk8s.io/security-opt-outs`.
   * @default - none: every insecure choice is refused
   */
  readonly securityOptOuts?: SecurityOptOut[];
}

/**
 * A Spark application with a main file: what `SparkApplication`,
 * `ScheduledSparkApplication` and `SparkSubmitJob` share.
 */
export interface SparkApplicationOptions extends SparkRuntimeOptions {
  /** The main file: a jar, a .py or a .R file. */
  readonly mainApplicationFile: ApplicationFile;
  /**
   * Language of the application.
   * @default - inferred from the main file: .py is Python, .R is R, .jar is Scala
   */
  readonly type?: SparkApplicationType;
  /**
   * Main class (Java and Scala only, required there).
   * @default - none
   */
  readonly mainClass?: string;
  /**
   * Arguments passed to the main class or script.
   * @default - none
   */
  readonly arguments?: string[];
  /**
   * Driver settings.
   * @default - 1 core, 1 GiB, the job namespace's or a new least-privilege service account
   */
  readonly driver?: DriverOptions;
  /**
   * User to impersonate (`--proxy-user`).
   * @default - none
   */
  readonly proxyUser?: string;
  /**
   * Run the whole application inside the driver pod, with as many task
   * threads as the driver has cores and no executor pods
   * (`spark.kubernetes.driver.master=local[<driver.cores>]`, Spark 3.4+,
   * SPARK-42190: KubernetesClusterManager then uses a LocalSchedulerBackend).
   * The driver then calls no Kubernetes API, so it gets no account rights
   * and no token. Executor settings and dynamic allocation do not apply.
   * @default false
   */
  readonly localMode?: boolean;
}
