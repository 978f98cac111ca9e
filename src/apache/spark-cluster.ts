import { ApiObject, Names, Size } from 'cdk8s';
import type { ImagePullPolicy, k8s, SecretValue } from 'cdk8s-plus-28';
import { Construct, IConstruct } from 'constructs';
import { checkAutoscaler } from './_autoscaler';
import { clusterClientLabels, clusterPolicies, operatorPodLabels } from './_cluster-network';
import { checkRuntimeVersions, daemonOptionValue } from './_rules';
import { APACHE_SPARK_CLUSTER_GVK } from './_wire';
import { RuntimeVersionOptions } from './runtime-versions';
import { plus, PULL_POLICY } from '../_plus';
import { registerAppChecks, registerWorkload } from '../_registry';
import { checkAll, checkAnnotations, checkBoolean, checkDns1035, checkInteger, checkLabels, checkMap, checkNumber, checkRequired, collectsProblems, fail } from '../_validation';
import { resolveNetwork } from '../application/_network';
import { standaloneClusterBudget } from '../application/_standalone-network';
import { authEnv, checkClusterOptOuts, checkRpcSecurity } from '../application/_standalone-security';
import { ISparkMaster, SparkMasterPods } from '../application/spark-master';
import type * as l1 from '../imports/spark.apache.org';
import { ClusterNetwork, renderPolicies } from '../network/_policy';
import { NetworkPeer } from '../network/network-peer';
import { SparkNetworkOptions } from '../network/spark-network';
import { checkImage } from '../pod/_image';
import { renderPodTemplate, SPARK_LOCAL_DIR } from '../pod/_pod-renderer';
import { cpuQuantity } from '../pod/_resources';
import { optOutAnnotations } from '../pod/_security-opt-outs';
import { PodSecurityOptions, SparkPodOptions } from '../pod/pod-options';
import { SecurityOptOut } from '../pod/security-opt-out';
import { checkJobNamespace, resolveNamespace } from '../rbac/_namespace';
import { POD_OPT_OUTS, sizeKibibytes } from '../rbac/_props';
import { ISparkJobNamespace } from '../rbac/spark-job-namespace';
import { kubernetesQuantity, sparkMemoryString } from '../spark/_memory';
import { SparkConf } from '../spark/_spark-conf';
import { SparkVersion } from '../spark/spark-version';

/** The worker autoscaler the Apache operator creates when `min` is below `max` workers. */
export interface SparkClusterAutoscaler {
  /**
   * Metrics to scale on (`autoscaling/v2` MetricSpecs).
   * @default - the operator's: the worker container's CPU at 30% utilization
   */
  readonly metrics?: k8s.MetricSpecV2[];
  /**
   * Scale-up and scale-down behavior.
   * @default - the operator's: one worker a minute up, one worker every 10 minutes down
   */
  readonly behavior?: k8s.HorizontalPodAutoscalerBehaviorV2;
}

/** Labels and annotations of an object the operator creates for a `SparkCluster` (`statefulSetMetadata`, `serviceMetadata`). */
export interface SparkClusterObjectOptions {
  /**
   * Labels of the object.
   * @default - none
   */
  readonly labels?: { [key: string]: string };
  /**
   * Annotations of the object.
   * @default - none
   */
  readonly annotations?: { [key: string]: string };
}

/**
 * A daemon's headless Service (`serviceMetadata`, `serviceSpec`). The operator
 * sets its cluster IP (none), selector and ports (SparkClusterResourceSpec at 1.0.0).
 */
export interface SparkClusterServiceOptions extends SparkClusterObjectOptions {
  /**
   * Publish DNS records of pods before they are ready.
   * @default false
   */
  readonly publishNotReadyAddresses?: boolean;
}

/** The master of a `SparkCluster`. */
export interface SparkClusterMasterOptions {
  /**
   * CPU request of the master pod, in cores.
   * @default 0.5
   */
  readonly cpu?: number;
  /**
   * Memory of the master pod (request and limit).
   * @default Size.gibibytes(1)
   */
  readonly memory?: Size;
  /**
   * Pod settings of the master.
   * @default - the hardened defaults
   */
  readonly pod?: SparkPodOptions;
  /**
   * The headless Service `<name>-master-svc`.
   * @default - no extra labels or annotations
   */
  readonly service?: SparkClusterServiceOptions;
  /**
   * The StatefulSet `<name>-master` (`statefulSetMetadata`).
   * @default - no extra labels or annotations
   */
  readonly statefulSet?: SparkClusterObjectOptions;
}

/** The workers of a `SparkCluster` (`clusterTolerations.instanceConfig` and `workerSpec`). */
export interface SparkClusterWorkerOptions {
  /** The fewest workers (the autoscaler's minimum; a PodDisruptionBudget keeps one when at least 1). */
  readonly min: number;
  /** The most workers (the autoscaler's maximum). */
  readonly max: number;
  /**
   * Workers at creation (the StatefulSet's replicas).
   * @default - `min`
   */
  readonly initial?: number;
  /**
   * Cores each worker offers executors (`SPARK_WORKER_CORES`, and the pod's CPU request).
   * @default 1
   */
  readonly cores?: number;
  /**
   * Memory each worker offers executors (`SPARK_WORKER_MEMORY`); the pod gets
   * it plus 1 GiB for the worker daemon and JVM overhead.
   * @default Size.gibibytes(2)
   */
  readonly memory?: Size;
  /**
   * The autoscaler, when `min` is below `max`.
   * @default - the operator's CPU autoscaler
   */
  readonly autoscaler?: SparkClusterAutoscaler;
  /**
   * Pod settings of the workers.
   * @default - the hardened defaults
   */
  readonly pod?: SparkPodOptions;
  /**
   * The headless Service `<name>-worker-svc`.
   * @default - no extra labels or annotations
   */
  readonly service?: SparkClusterServiceOptions;
  /**
   * The StatefulSet `<name>-worker` (`statefulSetMetadata`).
   * @default - no extra labels or annotations
   */
  readonly statefulSet?: SparkClusterObjectOptions;
}

/** Props of `SparkCluster`. */
export interface SparkClusterProps extends RuntimeVersionOptions {
  /** Spark version of the image (`runtimeVersions.sparkVersion`, required by the operator). */
  readonly sparkVersion: SparkVersion;
  /** The workers: how many, and their size. */
  readonly workers: SparkClusterWorkerOptions;
  /**
   * Name of the `SparkCluster`; the operator derives `<name>-master`, `<name>-worker`, `<name>-master-svc`, ...
   * @default - derived from the construct path
   */
  readonly name?: string;
  /**
   * Namespace.
   * @default - the job namespace's, else the chart's
   */
  readonly namespace?: string;
  /**
   * The team namespace the cluster runs in (`namespace`, if also given, must
   * match it): its `network` applies unless the cluster has its own, and
   * its quota counts the master and `workers.max` workers.
   * @default - none
   */
  readonly jobNamespace?: ISparkJobNamespace;
  /**
   * The cluster's network facts. With them the workers listen on
   * `SparkCluster.WORKER_PORT` (Spark picks a random port otherwise),
   * `clientPodLabels` gains `spark.cdk8s.io/spark-cluster-namespace` (drivers
   * of `SparkSubmitJob` and `SparkConnectServer` using this cluster carry
   * it), and NetworkPolicies `<name>-master` and `<name>-workers` select the
   * pods by the operator's labels (`spark-role`,
   * `spark.operator/spark-cluster-name`) and admit what Spark needs: workers
   * and clients on the master's RPC port (and REST with `restServer`), the
   * master on the workers' RPC port, `uiAllowFrom` on both UIs, and,
   * because executors run inside the workers on block-manager ports their
   * application chooses (random by default), clients and workers on every
   * TCP port of the workers. Out: DNS, the master → workers and clients (the
   * drivers' RPC port), the workers → master, clients, other workers and
   * `objectStorage`. The operator's own policy `<name>-worker` stays and adds
   * to these (it admits the cluster's labelled pods of its namespace to the
   * workers on every port).
   * @default - the job namespace's, else no NetworkPolicy of ours
   */
  readonly network?: SparkNetworkOptions;
  /**
   * Who may reach the master's and the workers' web UIs (8080, 8081). Needs
   * NetworkPolicies (`network`, or a job namespace with one). An empty list
   * is refused: a NetworkPolicy rule without peers admits everyone.
   * @default - nobody through the network
   */
  readonly uiAllowFrom?: NetworkPeer[];
  /**
   * Labels of the `SparkCluster`.
   * @default - none
   */
  readonly labels?: { [key: string]: string };
  /**
   * Annotations of the `SparkCluster`.
   * @default - none
   */
  readonly annotations?: { [key: string]: string };
  /**
   * Container image of the master and workers.
   * @default - the Spark version's apache/spark image
   */
  readonly image?: string;
  /**
   * Pull policy of the image.
   * @default ImagePullPolicy.IF_NOT_PRESENT
   */
  readonly imagePullPolicy?: ImagePullPolicy;
  /** The master. @default - 0.5 CPU, 1 GiB */
  readonly master?: SparkClusterMasterOptions;
  /**
   * Shared secret of Spark RPC authentication, given to both daemons and to
   * applications submitted to this cluster. Required unless
   * `SecurityOptOut.UNAUTHENTICATED_STANDALONE` is listed in `securityOptOuts`.
   * @default - no authentication (only with SecurityOptOut.UNAUTHENTICATED_STANDALONE)
   */
  readonly authenticationSecret?: SecretValue;
  /**
   * Run the master's REST submission server on 6066 (Spark 4.1 turns it on by
   * default; off here). Unauthenticated by design: needs
   * `SecurityOptOut.STANDALONE_REST_SERVER`.
   * @default false
   */
  readonly restServer?: boolean;
  /**
   * Spark configuration of the daemons (`sparkConf`, passed to both as `-D` options).
   * @default - none
   */
  readonly sparkConf?: { [key: string]: string };
  /**
   * Hardening defaults of both daemons' pods.
   * @default - every default
   */
  readonly security?: PodSecurityOptions;
  /**
   * Named exceptions to the secure defaults; each is recorded in the
   * annotation `spark.cdk8s.io/security-opt-outs`.
   * @default - none
   */
  readonly securityOptOuts?: SecurityOptOut[];
}

const REST_PORT = 6066;
/** The daemon logs: the master's under $SPARK_HOME/logs, the worker's where the operator points SPARK_LOG_DIR (SparkClusterResourceSpec, 1.0.0). */
const MASTER_SCRATCH = [{ name: 'tmp', path: '/tmp' }, { name: 'spark-logs', path: '/opt/spark/logs' }];
const WORKER_SCRATCH = [{ name: 'tmp', path: '/tmp' }, { name: 'spark-work', path: '/opt/spark/work' }];
const DAEMON_OVERHEAD = Size.gibibytes(1);

/**
 * A Spark standalone cluster run by the Apache Spark Kubernetes Operator
 * (`spark.apache.org/v1` `SparkCluster`, operator 1.0.0): the operator creates
 * the master and worker StatefulSets, their headless Services, the worker
 * autoscaler and PodDisruptionBudget; this construct shapes them through
 * `masterSpec` / `workerSpec` overlays with hardened pod templates.
 *
 * It is an `ISparkMaster`: pass it as `master` of an `apache.SparkApplication`,
 * a `SparkSubmitJob` or a `SparkConnectServer`.
 */
@collectsProblems('apache.SparkClusterProps')
export class SparkCluster extends Construct implements ISparkMaster {
  /**
   * The longest name: the worker StatefulSet `<name>-worker` must stay within
   * 52 characters (its pods get the label controller-revision-hash
   * `<statefulset>-<10-character hash>`, at most 63).
   */
  public static readonly MAX_NAME_LENGTH = 45;
  /**
   * The master's RPC port, where workers and drivers connect: the master
   * Service is headless, so no Service port translates it.
   */
  public static readonly MASTER_PORT = 7077;
  /** The master's web UI port. */
  public static readonly MASTER_UI_PORT = 8080;
  /** The workers' web UI port. */
  public static readonly WORKER_UI_PORT = 8081;
  /** The workers' RPC port with `network` (`SPARK_WORKER_PORT`; Spark's default is a random port). */
  public static readonly WORKER_PORT = 7078;

  /** Name of the `SparkCluster`. */
  public readonly name: string;
  /** Namespace. */
  public readonly namespace: string;
  /** `spark://<name>-master-svc.<namespace>.svc:7077`. */
  public readonly masterUrl: string;
  /** Spark version of the daemons. */
  public readonly sparkVersion: SparkVersion;
  /** The shared secret of RPC authentication, if any. */
  public readonly authenticationSecret?: SecretValue;
  /** RPC encryption is not configured by this construct. */
  public readonly networkEncryption: boolean = false;
  /**
   * The labels a driver that uses this cluster carries: the one the operator's worker NetworkPolicy
   * admits (1.0.0: ingress to the workers only from pods of the namespace labelled
   * `spark.operator/spark-cluster-name: <name>`, SparkClusterResourceSpec.buildWorkerNetworkPolicy) and,
   * with `network`, `spark.cdk8s.io/spark-cluster-namespace: <namespace>`, which our policies admit
   * from any namespace.
   */
  public readonly clientPodLabels?: { [key: string]: string };
  /** Whether the workers run the external shuffle service (`spark.shuffle.service.enabled` in `sparkConf`). */
  public readonly shuffleService: boolean;
  /**
   * The master's and workers' pods, by the labels the operator puts on them
   * (`spark-role`, `spark.operator/spark-cluster-name`), with or without
   * `network`: what the NetworkPolicies of a driver using this cluster name.
   * Always set (optional only as `ISparkMaster.pods` is).
   */
  public readonly pods?: SparkMasterPods;

  constructor(scope: Construct, id: string, props: SparkClusterProps) {
    super(scope, id);
    registerAppChecks(this);
    checkClusterTypes(this, props);
    this.name = props.name ?? Names.toDnsLabel(this, { maxLen: SparkCluster.MAX_NAME_LENGTH });
    checkDns1035(this, 'name', this.name, SparkCluster.MAX_NAME_LENGTH,
      'the operator names the worker StatefulSet \'<name>-worker\', which must stay within 52 characters (its pods get the label controller-revision-hash \'<statefulset>-<10-character hash>\', at most 63)');
    this.namespace = resolveNamespace(this, props, 'spark');
    const network = resolveNetwork(this, props, false);
    this.sparkVersion = props.sparkVersion;
    checkRuntimeVersions(this, props, this.sparkVersion);
    const image = props.image ?? this.sparkVersion.defaultImage;
    checkImage(this, 'image', image);
    const workers = checkWorkers(this, props.workers);
    checkRpcSecurity(this, this.sparkVersion, props, props.sparkConf?.['spark.authenticate'] === 'true');
    const optOuts = checkClusterOptOuts(this, props, 'a SparkCluster', REST_PORT, 'apache.SparkApplication or SparkSubmitJob');
    this.authenticationSecret = props.authenticationSecret;
    this.shuffleService = props.sparkConf?.['spark.shuffle.service.enabled'] === 'true';
    this.clientPodLabels = clusterClientLabels(this.name, network ? this.namespace : undefined);
    this.pods = {
      namespace: this.namespace,
      masterLabels: operatorPodLabels(this.name, 'master'),
      workerLabels: operatorPodLabels(this.name, 'worker'),
      masterPort: SparkCluster.MASTER_PORT,
    };
    this.masterUrl = `spark://${this.name}-master-svc.${this.namespace}.svc:${SparkCluster.MASTER_PORT}`;
    const conf = renderDaemonConf(this, props, image, network !== undefined);
    const { masterTemplate, workerTemplate } = renderDaemonTemplates(this, props, image, workers, optOuts, network !== undefined);
    const annotations = { ...props.annotations, ...optOutAnnotations(optOuts) };
    const spec: l1.SparkClusterSpec = {
      runtimeVersions: { sparkVersion: this.sparkVersion.version, scalaVersion: props.scalaVersion, jdkVersion: props.jdkVersion },
      clusterTolerations: { instanceConfig: { initWorkers: workers.initial, minWorkers: workers.min, maxWorkers: workers.max } },
      sparkConf: conf,
      masterSpec: {
        statefulSetMetadata: objectMetadata(props.master?.statefulSet),
        statefulSetSpec: { template: masterTemplate } as any,
        serviceMetadata: objectMetadata(props.master?.service),
        serviceSpec: serviceSpec(props.master?.service),
      },
      workerSpec: {
        statefulSetMetadata: objectMetadata(props.workers.statefulSet),
        statefulSetSpec: { template: workerTemplate } as any,
        serviceMetadata: objectMetadata(props.workers.service),
        serviceSpec: serviceSpec(props.workers.service),
        horizontalPodAutoscalerSpec: renderAutoscaler(this, props.workers.autoscaler, this.name) as any,
      },
    };
    new ApiObject(this, 'Resource', {
      ...APACHE_SPARK_CLUSTER_GVK,
      metadata: {
        name: this.name,
        namespace: this.namespace,
        labels: props.labels,
        annotations: Object.keys(annotations).length ? annotations : undefined,
      },
      spec,
    });
    this.renderNetwork(network, props, workers.max, { master: masterTemplate, worker: workerTemplate });
  }

  /**
   * The master's and workers' NetworkPolicies (with the cluster's network
   * facts), and the cluster as its namespace's quota and default deny see
   * it: the master and the most workers, and whether it has policies.
   */
  private renderNetwork(
    network: ClusterNetwork | undefined, props: SparkClusterProps, maxWorkers: number, templates: { master: any; worker: any },
  ): void {
    if (network) {
      const ports = {
        master: SparkCluster.MASTER_PORT,
        masterUi: SparkCluster.MASTER_UI_PORT,
        rest: REST_PORT,
        worker: SparkCluster.WORKER_PORT,
        workerUi: SparkCluster.WORKER_UI_PORT,
      };
      const policies = clusterPolicies(this.name, this.namespace, network, ports, props.restServer ?? false, props.uiAllowFrom);
      renderPolicies(this, () => policies);
    }
    registerWorkload({
      workload: this,
      kind: 'apache.SparkCluster',
      name: this.name,
      namespace: this.namespace,
      budget: () => standaloneClusterBudget(templates.master, templates.worker, maxWorkers),
      policies: () => network !== undefined,
    });
  }
}

/** The master's and workers' hardened pod templates (the operator adds the command, ports and options). */
function renderDaemonTemplates(
  scope: IConstruct, props: SparkClusterProps, image: string, workers: ResolvedWorkers, optOuts: SecurityOptOut[], network: boolean,
): { masterTemplate: any; workerTemplate: any } {
  const pullPolicy = props.imagePullPolicy ?? PULL_POLICY.IF_NOT_PRESENT;
  const podOptOuts = optOuts.filter((o) => POD_OPT_OUTS.includes(o));
  const env = authEnv(props.authenticationSecret);
  const masterMemory = kubernetesQuantity(sizeKibibytes(scope, 'master.memory', props.master?.memory ?? Size.gibibytes(1), 'use Size.gibibytes(1)'));
  const masterTemplate = renderPodTemplate({
    scope: scope,
    prop: 'master.pod',
    options: props.master?.pod ?? {},
    container: {
      name: 'master',
      image,
      imagePullPolicy: pullPolicy,
      // Workers (SparkClusterResourceSpec.java at 1.0.0, L342-347) and drivers connect to <name>-master-svc:7077, a
      // headless Service (L141): the name resolves to the pod and nothing translates the port, so the master listens on
      // 7077 (start-master.sh passes --port $SPARK_MASTER_PORT), whatever port 1.0.0 declares ('spark' 7070, L261-264).
      env: [...env, { name: 'SPARK_MASTER_PORT', value: String(SparkCluster.MASTER_PORT) }],
      resources: {
        requests: { cpu: cpuQuantity(Math.round((props.master?.cpu ?? 0.5) * 1000)), memory: masterMemory },
        limits: { memory: masterMemory },
      },
    },
    automountServiceAccountToken: false,
    scratchDirs: MASTER_SCRATCH,
    defaultSecurity: props.security,
    optOuts: podOptOuts,
  });
  const workerTemplate = renderPodTemplate({
    scope: scope,
    prop: 'workers.pod',
    options: props.workers.pod ?? {},
    container: {
      name: 'worker',
      image,
      imagePullPolicy: pullPolicy,
      env: [
        ...env,
        { name: 'SPARK_WORKER_CORES', value: String(workers.cores) },
        { name: 'SPARK_WORKER_MEMORY', value: sparkMemoryString(workers.memoryKib) },
        { name: 'SPARK_LOCAL_DIRS', value: SPARK_LOCAL_DIR.path },
        // With NetworkPolicies the RPC port is pinned (start-worker.sh passes --port only with SPARK_WORKER_PORT; the
        // default is a random port), so the master's orders can be admitted.
        ...(network ? [{ name: 'SPARK_WORKER_PORT', value: String(SparkCluster.WORKER_PORT) }] : []),
      ],
      ...(network ? { ports: [{ name: 'rpc', number: SparkCluster.WORKER_PORT }] } : {}),
      resources: {
        requests: { cpu: cpuQuantity(workers.cores * 1000), memory: kubernetesQuantity(workers.podKib) },
        limits: { memory: kubernetesQuantity(workers.podKib) },
      },
    },
    automountServiceAccountToken: false,
    sparkLocalDir: true,
    scratchDirs: WORKER_SCRATCH,
    defaultSecurity: props.security,
    optOuts: podOptOuts,
  });
  return { masterTemplate, workerTemplate };
}

interface ResolvedWorkers {
  readonly min: number;
  readonly max: number;
  readonly initial: number;
  readonly cores: number;
  readonly memoryKib: number;
  readonly podKib: number;
}

/** Runtime types of every prop, all problems in one error. */
function checkClusterTypes(scope: IConstruct, props: SparkClusterProps): void {
  checkMap(scope, 'props', props, '{ sparkVersion: SparkVersion.V4_2_0, workers: { min: 1, max: 3 } }', 'an object of props');
  checkAll(scope, [
    () => checkRequired(scope, 'sparkVersion', props.sparkVersion, 'the Apache operator requires spec.runtimeVersions.sparkVersion: pass e.g. SparkVersion.V4_2_0 (the image\'s Spark)'),
    () => checkRequired(scope, 'workers', props.workers, 'pass e.g. { min: 1, max: 3 }'),
    () => checkJobNamespace(scope, props.jobNamespace),
    () => checkMap(scope, 'workers', props.workers, '{ min: 1, max: 3 }', 'an object'),
    () => checkMap(scope, 'master', props.master, '{ cpu: 1, memory: Size.gibibytes(2) }', 'an object'),
    () => checkMap(scope, 'sparkConf', props.sparkConf, '{ \'spark.ui.reverseProxy\': \'true\' }'),
    () => checkLabels(scope, 'labels', props.labels),
    () => checkAnnotations(scope, 'annotations', props.annotations),
    () => checkBoolean(scope, 'restServer', props.restServer),
    () => checkNumber(scope, 'master.cpu', props.master?.cpu, 'use e.g. 0.5'),
    () => checkLabels(scope, 'master.service.labels', props.master?.service?.labels),
    () => checkAnnotations(scope, 'master.service.annotations', props.master?.service?.annotations),
    () => checkLabels(scope, 'workers.service.labels', props.workers?.service?.labels),
    () => checkAnnotations(scope, 'workers.service.annotations', props.workers?.service?.annotations),
    () => checkLabels(scope, 'master.statefulSet.labels', props.master?.statefulSet?.labels),
    () => checkAnnotations(scope, 'master.statefulSet.annotations', props.master?.statefulSet?.annotations),
    () => checkLabels(scope, 'workers.statefulSet.labels', props.workers?.statefulSet?.labels),
    () => checkAnnotations(scope, 'workers.statefulSet.annotations', props.workers?.statefulSet?.annotations),
    () => checkBoolean(scope, 'master.service.publishNotReadyAddresses', props.master?.service?.publishNotReadyAddresses),
    () => checkBoolean(scope, 'workers.service.publishNotReadyAddresses', props.workers?.service?.publishNotReadyAddresses),
  ]);
  if (props.master?.cpu !== undefined && !(props.master.cpu > 0)) fail(scope, 'master.cpu', props.master.cpu, 'must be above 0', 'use e.g. 0.5');
}

/** Worker counts (SparkClusterResourceSpec at 1.0.0: replicas = initWorkers; an HPA only when min < max; a PDB when min >= 1). */
function checkWorkers(scope: IConstruct, w: SparkClusterWorkerOptions): ResolvedWorkers {
  checkAll(scope, [
    () => checkRequired(scope, 'workers.min', w.min, 'pass the fewest workers, e.g. 1'),
    () => checkInteger(scope, 'workers.min', w.min, 0, 'use a count of workers, 0 or more'),
    () => checkRequired(scope, 'workers.max', w.max, 'pass the most workers, e.g. 3'),
    () => checkInteger(scope, 'workers.max', w.max, 1, 'use a count of workers, at least 1'),
    () => checkInteger(scope, 'workers.initial', w.initial, 0, 'use a count of workers between \'min\' and \'max\''),
    () => checkInteger(scope, 'workers.cores', w.cores, 1, 'use a whole number of cores, e.g. 2'),
  ]);
  if (w.min > w.max) {
    fail(scope, 'workers.min', w.min, `must not exceed 'workers.max' (${w.max})`, `lower it to ${w.max} or less, or raise 'workers.max'`);
  }
  const initial = w.initial ?? w.min;
  if (initial < w.min || initial > w.max) {
    fail(scope, 'workers.initial', initial, `must be between 'workers.min' (${w.min}) and 'workers.max' (${w.max})`, `use a count from ${w.min} to ${w.max}`);
  }
  if (w.autoscaler !== undefined && w.min === w.max) {
    fail(scope, 'workers.autoscaler', w.autoscaler, `only applies when 'workers.min' is below 'workers.max' (both are ${w.max}: the operator creates no autoscaler)`,
      'remove it, or lower \'workers.min\'');
  }
  const memoryKib = sizeKibibytes(scope, 'workers.memory', w.memory ?? Size.gibibytes(2), 'use Size.gibibytes(2)');
  return { min: w.min, max: w.max, initial, cores: w.cores ?? 1, memoryKib, podKib: memoryKib + DAEMON_OVERHEAD.toKibibytes() };
}

/**
 * The daemons' configuration. The operator passes every entry to both as `-Dkey="value"` in
 * SPARK_MASTER_OPTS / SPARK_WORKER_OPTS (SparkClusterResourceSpec constructor, 1.0.0): the Spark
 * launcher splits that string like a shell (CommandBuilderUtils.parseOptionString: in double
 * quotes a backslash escapes the next character), and the kubelet expands `$(VAR)` in env values.
 * Each value is escaped for both, so it reaches the daemon as given.
 */
function renderDaemonConf(scope: IConstruct, props: SparkClusterProps, image: string, network: boolean): { [key: string]: string } {
  const conf = new SparkConf(scope, undefined as any);
  const own = (key: string, prop: string, value?: string) => conf.own(key, prop, value);
  own('spark.kubernetes.container.image', 'image', image);
  own('spark.master.rest.enabled', 'restServer', String(props.restServer ?? false));
  if (network) {
    // The ports the NetworkPolicies admit: MasterArguments and WorkerArguments let these keys override the start scripts' --webui-port.
    own('spark.master.ui.port', 'the master UI port', String(SparkCluster.MASTER_UI_PORT));
    own('spark.worker.ui.port', 'the worker UI port', String(SparkCluster.WORKER_UI_PORT));
    if (props.restServer) own('spark.master.rest.port', 'restServer', String(REST_PORT));
  }
  own('spark.authenticate', 'authenticationSecret', props.authenticationSecret ? 'true' : undefined);
  own('spark.authenticate.secret', 'authenticationSecret');
  conf.setAll(props.sparkConf);
  const out: { [key: string]: string } = {};
  for (const [key, value] of Object.entries(conf.render())) out[key] = daemonOptionValue(value);
  return out;
}

function objectMetadata(object: SparkClusterObjectOptions | undefined): any {
  return object && (object.labels || object.annotations) ? { labels: object.labels, annotations: object.annotations } : undefined;
}

function serviceSpec(service: SparkClusterServiceOptions | undefined): any {
  return service?.publishNotReadyAddresses !== undefined ? { publishNotReadyAddresses: service.publishNotReadyAddresses } : undefined;
}

/** The worker autoscaler spec; the operator sets its target and replica bounds itself. */
function renderAutoscaler(scope: IConstruct, autoscaler: SparkClusterAutoscaler | undefined, name: string): any {
  if (!autoscaler) return undefined;
  const k = plus().k8s;
  const metrics = autoscaler.metrics?.map((m) => k.toJson_MetricSpecV2(m));
  const behavior = k.toJson_HorizontalPodAutoscalerBehaviorV2(autoscaler.behavior);
  checkAutoscaler(scope, 'workers.autoscaler', metrics, behavior);
  return {
    // The operator sets scaleTargetRef, min and max (SparkClusterResourceSpec.buildHorizontalPodAutoscaler); the CRD requires scaleTargetRef and maxReplicas.
    scaleTargetRef: { apiVersion: 'apps/v1', kind: 'StatefulSet', name: `${name}-worker` },
    maxReplicas: 1,
    metrics,
    behavior,
  };
}
