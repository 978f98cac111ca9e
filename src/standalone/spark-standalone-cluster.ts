import { ApiObject, ApiObjectProps, Names, Size } from 'cdk8s';
import type { ImagePullPolicy, k8s, SecretValue } from 'cdk8s-plus-28';
import { Construct, IConstruct } from 'constructs';
import { argumentProblem } from '../_input';
import { PULL_POLICY } from '../_plus';
import { registerAppChecks, registerWorkload } from '../_registry';
import { checkAll, checkDns1035, checkInteger, checksFactories, collectsProblems, fail } from '../_validation';
import { clientLabels, daemonPodLabels, STANDALONE_KIND, standalonePolicies } from './_network';
import { resolveNetwork } from '../application/_network';
import { standaloneClusterBudget } from '../application/_standalone-network';
import { authEnv, checkClusterOptOuts, checkRpcSecurity, standaloneSecurityConf } from '../application/_standalone-security';
import { ExternalSparkMasterOptions, ISparkMaster, SparkMasterPods } from '../application/spark-master';
import { ClusterNetwork, renderPolicies } from '../network/_policy';
import { NetworkPeer } from '../network/network-peer';
import { SparkNetworkOptions } from '../network/spark-network';
import { configFiles, filesChecksum, configVolume, CONFIG_CHECKSUM_ANNOTATION, daemonEnv, sparkDefaultsFile } from '../pod/_config-files';
import { checkImage } from '../pod/_image';
import { MainContainer, renderPodTemplate, SPARK_LOCAL_DIR } from '../pod/_pod-renderer';
import { PROBE_EXAMPLE } from '../pod/_probes';
import { cpuQuantity } from '../pod/_resources';
import { optOutAnnotations } from '../pod/_security-opt-outs';
import { uiCheck, uiFilters, uiProbe } from '../pod/_ui-probe';
import { SparkPodOptions } from '../pod/pod-options';
import { SecurityOptOut } from '../pod/security-opt-out';
import { identityServiceAccount } from '../rbac/_identity';
import { checkJobNamespace, resolveNamespace } from '../rbac/_namespace';
import {
  checkBoolean, checkEnum, checkObject, checkPropsObject, checkSecretValue, checkSparkVersion, checkString, checkStringMap,
  POD_OPT_OUTS, sizeKibibytes,
} from '../rbac/_props';
import { ISparkJobNamespace } from '../rbac/spark-job-namespace';
import { WorkloadIdentity } from '../rbac/workload-identity';
import { kubernetesQuantity, memoryOverheadKibibytes, sparkMemoryString, wholeKibibytes } from '../spark/_memory';
import { SparkConf } from '../spark/_spark-conf';
import { SparkVersion } from '../spark/spark-version';

/** Autoscaling of the workers by CPU (a HorizontalPodAutoscaler, autoscaling/v2). */
export interface WorkerAutoscaling {
  /** The most workers (at least `worker.replicas`, which is the fewest). */
  readonly maxReplicas: number;
  /**
   * Target average CPU utilisation, in percent of the request.
   * @default 80
   */
  readonly cpuUtilization?: number;
}

/**
 * The workers of a standalone cluster: how many, and what each offers to
 * executors. A worker pod is sized to what it offers plus its own daemon.
 */
export interface StandaloneWorkerOptions {
  /**
   * Number of workers (the fewest when autoscaling).
   * @default 1
   */
  readonly replicas?: number;
  /**
   * Whole cores each worker offers to executors (`SPARK_WORKER_CORES`); also
   * the worker pod's CPU request.
   * @default 1
   */
  readonly cores?: number;
  /**
   * Memory each worker offers to executors (`SPARK_WORKER_MEMORY`); at least
   * 450 MiB (`SparkStandaloneCluster.MIN_EXECUTOR_MEMORY`), the smallest
   * executor heap Spark accepts.
   * @default Size.gibibytes(1)
   */
  readonly memory?: Size;
  /**
   * Memory request and limit of a worker pod. It must hold the executors'
   * memory, the worker daemon's heap and their JVM overhead.
   * @default - memory + daemonMemory + max(10 % of both, 384 MiB)
   */
  readonly podMemory?: Size;
  /**
   * Autoscale the workers with a HorizontalPodAutoscaler.
   * @default - a fixed number of workers
   */
  readonly autoscaling?: WorkerAutoscaling;
  /**
   * The readiness probe of a worker.
   * @default - HTTP GET `/` on the UI port (8081); a TCP check of it when `spark.ui.filters` is set
   */
  readonly readinessProbe?: k8s.Probe;
  /**
   * The liveness probe of a worker.
   * @default - HTTP GET `/` on the UI port (8081), after 30 s, every 30 s; a TCP check of it when `spark.ui.filters` is set
   */
  readonly livenessProbe?: k8s.Probe;
}

/** The master of a standalone cluster: how the kubelet checks it. */
export interface StandaloneMasterOptions {
  /**
   * The readiness probe of the master.
   * @default - a TCP check of the RPC port (7077)
   */
  readonly readinessProbe?: k8s.Probe;
  /**
   * The liveness probe of the master.
   * @default - HTTP GET `/` on the UI port (8080), after 30 s, every 30 s; a TCP check of it when `spark.ui.filters` is set
   */
  readonly livenessProbe?: k8s.Probe;
}

/** Props of `SparkStandaloneCluster`. */
export interface SparkStandaloneClusterProps {
  /**
   * Name, the prefix of every object (`<name>-master`, `<name>-worker`,
   * `<name>-conf`); at most 45 characters, so the master StatefulSet
   * `<name>-master` stays within 52 (its pods carry the label
   * `controller-revision-hash: <statefulset>-<10-character hash>`, at most 63).
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
   * its quota counts the master and the most workers.
   * @default - none
   */
  readonly jobNamespace?: ISparkJobNamespace;
  /**
   * The cluster's network facts. With them the master and worker pods carry
   * the labels `spark.cdk8s.io/kind`, `name` and `role` (`master`,
   * `worker`), the workers listen on `SparkStandaloneCluster.WORKER_PORT`
   * (Spark picks a random port otherwise), `clientPodLabels` is set (drivers
   * of `SparkSubmitJob` and `SparkConnectServer` using this master carry it)
   * and NetworkPolicies `<name>-master` and `<name>-worker` admit what
   * Spark needs: workers and clients on the master's RPC port (and REST with
   * `restServer`), the master on the workers' RPC port, `uiAllowFrom` on both
   * UIs, and, because executors run inside the workers on block-manager
   * ports their application chooses (random by default), clients and workers
   * on every port of the workers. Out: DNS, the master → workers and clients
   * (the drivers' RPC port), the workers → master, clients, other workers and
   * `objectStorage`. Drivers submitted in cluster mode (they run inside a
   * worker) are reached only with `restServer`.
   * @default - the job namespace's, else no NetworkPolicy
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
   * A cloud identity for the daemons and the executors they run (which read
   * and write object storage): the cluster's own ServiceAccount `<name>`,
   * without an API token, annotated with it, and the pod labels it needs
   * (Azure). With IRSA, give the applications `S3a.withWebIdentity()`.
   * @default - none: the pods run as the namespace's default account, without a token
   */
  readonly identity?: WorkloadIdentity;
  /**
   * Spark version.
   * @default SparkVersion.V4_0_4
   */
  readonly sparkVersion?: SparkVersion;
  /**
   * Image of master and workers.
   * @default - `apache/spark:<sparkVersion>`
   */
  readonly image?: string;
  /**
   * Image pull policy.
   * @default ImagePullPolicy.IF_NOT_PRESENT
   */
  readonly imagePullPolicy?: ImagePullPolicy;
  /**
   * The master's probes.
   * @default - readiness on the RPC port, liveness on the UI
   */
  readonly master?: StandaloneMasterOptions;
  /**
   * The workers: replicas, cores and memory each offers, pod memory, autoscaling, probes.
   * @default - one worker offering 1 core and 1 GiB
   */
  readonly worker?: StandaloneWorkerOptions;
  /**
   * Heap of the master and worker daemons (`SPARK_DAEMON_MEMORY`).
   * @default Size.gibibytes(1)
   */
  readonly daemonMemory?: Size;
  /**
   * Shared secret of Spark RPC authentication (`spark.authenticate`), a key
   * of a Kubernetes Secret. Daemons and applications read it from the
   * environment variable `_SPARK_AUTH_SECRET` (`secretKeyRef`); it never
   * appears in the configuration. Required unless
   * `SecurityOptOut.UNAUTHENTICATED_STANDALONE` is listed in `securityOptOuts`.
   * @default - no authentication (only with SecurityOptOut.UNAUTHENTICATED_STANDALONE): anything that reaches port 7077 can run code
   */
  readonly authenticationSecret?: SecretValue;
  /**
   * Encrypt RPC traffic with AES-GCM (`spark.network.crypto.enabled`,
   * cipher `AES/GCM/NoPadding`, `saslFallback=false`). Needs
   * `authenticationSecret` and Spark 4.0 or later.
   * @default false
   */
  readonly networkEncryption?: boolean;
  /**
   * Run the external shuffle service in the workers (port 7337), for
   * applications with dynamic allocation but no shuffle tracking.
   * @default false
   */
  readonly shuffleService?: boolean;
  /**
   * Enable the REST submission server on 6066 and publish it on the master
   * Service. It is unauthenticated by design and, next to RPC
   * authentication, bypasses it, so it needs
   * `SecurityOptOut.STANDALONE_REST_SERVER` in `securityOptOuts`. Spark 4.1
   * turns it on by default; this construct turns it off.
   * @default false
   */
  readonly restServer?: boolean;
  /**
   * Let the master UI kill applications and drivers (`spark.ui.killEnabled`;
   * MasterWebUI's `/app/kill` and `/driver/kill`). RPC authentication does
   * not cover the UIs: anyone who reaches port 8080 could use them.
   * @default false
   */
  readonly uiKillEnabled?: boolean;
  /**
   * Spark configuration of the daemons not modelled by a prop. With
   * `spark.ui.filters` the UI probes connect to the UI port instead of asking
   * it over HTTP (Spark puts the filters in front of every path, and an
   * authenticating filter answers the kubelet with 403).
   * @default - none
   */
  readonly sparkConf?: { [key: string]: string };
  /**
   * Pod settings of the master and worker pods.
   * @default - none
   */
  readonly pod?: SparkPodOptions;
  /**
   * Named exceptions to the secure defaults: `UNAUTHENTICATED_STANDALONE`
   * (no `authenticationSecret`), `STANDALONE_REST_SERVER` (`restServer`),
   * and the pod ones (a weaker sidecar, a sensitive mount, a system priority
   * class). Each listed one must be needed; they are recorded in the
   * annotation `spark.cdk8s.io/security-opt-outs` on the master Service and
   * StatefulSet and the worker Deployment.
   * @default - none
   */
  readonly securityOptOuts?: SecurityOptOut[];
}

/**
 * Spark's standalone cluster manager without an operator: a master
 * StatefulSet (1 replica) behind a Service on 7077 (RPC) and 8080 (UI), and a
 * worker Deployment (UI 8081) whose pods are sized to the cores and memory
 * they offer, optionally autoscaled. The JVMs run as PID 1 (`spark-class`),
 * in restricted pods with no service-account token (the
 * daemons do not call the Kubernetes API). `masterUrl` is what
 * `SparkSubmitJob` and `SparkConnectServer` take as their `master`.
 *
 * The master StatefulSet is the default child (`ApiObject.of(cluster)`); the
 * worker Deployment is `workerDeployment`.
 */
@checksFactories('SparkStandaloneCluster')
@collectsProblems('SparkStandaloneClusterProps')
export class SparkStandaloneCluster extends Construct implements ISparkMaster {
  /** The master's RPC port. */
  public static readonly MASTER_PORT = 7077;
  /** The master's web UI port. */
  public static readonly MASTER_UI_PORT = 8080;
  /** The master's REST submission port (with `restServer`). */
  public static readonly REST_PORT = 6066;
  /** The workers' web UI port. */
  public static readonly WORKER_UI_PORT = 8081;
  /** The workers' RPC port with `network` (`SPARK_WORKER_PORT`; Spark's default is a random port). */
  public static readonly WORKER_PORT = 7078;
  /** The workers' external shuffle service port (with `shuffleService`). */
  public static readonly SHUFFLE_SERVICE_PORT = 7337;
  /** The smallest memory a worker may offer: the smallest executor heap Spark accepts, 1.5 × 300 MiB reserved = 450 MiB. */
  public static readonly MIN_EXECUTOR_MEMORY = Size.mebibytes(450);

  /**
   * A standalone master managed outside this app (`spark://host:port`, or
   * `spark://host1:port1,host2:port2` for a master with standbys).
   *
   * @example
   * SparkStandaloneCluster.fromMasterUrl(chart, 'Legacy', 'spark://legacy-master.spark.svc:7077', { sparkVersion: SparkVersion.V3_5_8 })
   */
  public static fromMasterUrl(scope: Construct, id: string, masterUrl: string, options: ExternalSparkMasterOptions = {}): ISparkMaster {
    return new ExternalSparkMaster(scope, id, masterUrl, options);
  }

  /** Name prefix of every object. */
  public readonly name: string;
  /** Namespace. */
  public readonly namespace: string;
  /** `spark://<name>-master.<namespace>.svc:7077`. */
  public readonly masterUrl: string;
  /** The master UI inside the cluster. */
  public readonly masterUiUrl: string;
  /** Spark version of the cluster. */
  public readonly sparkVersion: SparkVersion;
  /** The shared RPC secret, if authentication is on. */
  public readonly authenticationSecret?: SecretValue;
  /** Whether RPC traffic is encrypted. */
  public readonly networkEncryption: boolean;
  /** Whether the workers run the external shuffle service. */
  public readonly shuffleService: boolean;
  /** The worker Deployment (the master StatefulSet is the default child). */
  public readonly workerDeployment: ApiObject;
  /**
   * Labels a driver pod must carry to reach the master and the workers:
   * set with `network`, where NetworkPolicies guard them. Drivers of
   * `SparkSubmitJob` and `SparkConnectServer` using this master carry them.
   */
  public readonly clientPodLabels?: { [key: string]: string };
  /** The master's and workers' pods, with `network` (their labels exist only then). */
  public readonly pods?: SparkMasterPods;

  constructor(scope: Construct, id: string, props: SparkStandaloneClusterProps = {}) {
    super(scope, id);
    registerAppChecks(this);
    checkClusterProps(this, props);
    this.name = props.name ?? Names.toDnsLabel(this, { maxLen: MAX_NAME_LENGTH });
    checkDns1035(this, 'name', this.name, MAX_NAME_LENGTH,
      'it names the master StatefulSet \'<name>-master\', which must stay within 52 characters (its pods get the label controller-revision-hash \'<statefulset>-<10-character hash>\', at most 63)');
    this.namespace = resolveNamespace(this, props, 'spark');
    this.sparkVersion = props.sparkVersion ?? SparkVersion.DEFAULT;
    const network = resolveNetwork(this, props, false);
    this.clientPodLabels = network ? clientLabels(this.name, this.namespace) : undefined;
    this.pods = network ? {
      namespace: this.namespace,
      masterLabels: daemonPodLabels(this.name, 'master'),
      workerLabels: daemonPodLabels(this.name, 'worker'),
      masterPort: SparkStandaloneCluster.MASTER_PORT,
    } : undefined;
    const cluster = resolveCluster(this, props);
    checkRpcSecurity(this, this.sparkVersion, props, props.sparkConf?.['spark.authenticate'] === 'true');
    const optOuts = checkClusterOptOuts(this, props, 'a SparkStandaloneCluster', SparkStandaloneCluster.REST_PORT, 'SparkSubmitJob');
    this.authenticationSecret = props.authenticationSecret;
    this.networkEncryption = props.networkEncryption ?? false;
    this.shuffleService = props.shuffleService ?? false;
    const masterHost = `${this.name}-master.${this.namespace}.svc`;
    this.masterUrl = `spark://${masterHost}:${SparkStandaloneCluster.MASTER_PORT}`;
    this.masterUiUrl = `http://${masterHost}:${SparkStandaloneCluster.MASTER_UI_PORT}`;

    const conf = this.renderConf(props);
    const files = { 'spark-defaults.conf': sparkDefaultsFile(conf) };
    const configMap = configFiles(this, 'Config', `${this.name}-conf`, this.namespace, () => files);
    const pods: ClusterPods = {
      ...cluster,
      config: configMap.name,
      checksum: filesChecksum(files),
      env: this.daemonEnvironment(cluster.daemonKib),
      optOuts,
      filters: uiFilters(conf),
      network: network !== undefined,
      // The policies' labels go on the pod templates only: the selectors never change.
      roleLabels: (role) => (network ? daemonPodLabels(this.name, role) : {}),
      account: identityServiceAccount(this, props.identity, { name: this.name, namespace: this.namespace, labels: { 'app.kubernetes.io/name': 'spark-standalone', 'app.kubernetes.io/instance': this.name } }),
    };
    const master = this.objectMeta('master', optOuts);
    const worker = this.objectMeta('worker', optOuts);
    const clusterOptOuts = optOutAnnotations(optOuts.filter((o) => !POD_OPT_OUTS.includes(o)));
    new ApiObject(this, 'MasterService', masterService({ ...master, annotations: Object.keys(clusterOptOuts).length ? clusterOptOuts : undefined }, cluster.restServer));
    const templates = { master: renderMasterPod(this, pods, master.labels), worker: renderWorkerPod(this, pods, worker.labels, this.masterUrl) };
    new ApiObject(this, 'Resource', masterStatefulSet(master, templates.master));
    this.workerDeployment = new ApiObject(this, 'Workers', workerDeployment(worker, cluster.autoscaling ? undefined : cluster.workers, templates.worker));
    if (cluster.autoscaling) {
      new ApiObject(this, 'WorkerAutoscaler', workerAutoscaler({ ...worker, annotations: undefined }, cluster.workers, cluster.autoscaling));
    }
    this.renderNetwork(network, cluster, props.uiAllowFrom, templates);
  }

  /**
   * The master's and workers' NetworkPolicies (with the cluster's network
   * facts), and the cluster as its namespace's quota and default deny see
   * it: the master and the most workers, and whether it has policies.
   */
  private renderNetwork(
    network: ClusterNetwork | undefined, cluster: ResolvedCluster, uiAllowFrom: NetworkPeer[] | undefined, templates: { master: any; worker: any },
  ): void {
    if (network) {
      const ports = {
        master: SparkStandaloneCluster.MASTER_PORT,
        masterUi: SparkStandaloneCluster.MASTER_UI_PORT,
        rest: SparkStandaloneCluster.REST_PORT,
        worker: SparkStandaloneCluster.WORKER_PORT,
        workerUi: SparkStandaloneCluster.WORKER_UI_PORT,
      };
      const restServer = cluster.restServer;
      const policies = standalonePolicies({ name: this.name, namespace: this.namespace, network, ports, uiAllowFrom, restServer });
      renderPolicies(this, () => policies);
    }
    const maxWorkers = cluster.autoscaling?.maxReplicas ?? cluster.workers;
    registerWorkload({
      workload: this,
      kind: STANDALONE_KIND,
      name: this.name,
      namespace: this.namespace,
      budget: () => standaloneClusterBudget(templates.master, templates.worker, maxWorkers),
      policies: () => network !== undefined,
    });
  }

  /** The daemons' `spark-defaults.conf` entries: ports, RPC security, shuffle service, then raw `sparkConf`. */
  private renderConf(props: SparkStandaloneClusterProps): { [key: string]: string } {
    const conf = new SparkConf(this, this.namespace);
    const own = (key: string, prop: string, value?: string) => conf.own(key, prop, value);
    own('spark.master.rest.enabled', 'restServer', String(props.restServer ?? false));
    own('spark.master.rest.port', 'restServer', String(SparkStandaloneCluster.REST_PORT));
    own('spark.master.ui.port', 'the master UI port', String(SparkStandaloneCluster.MASTER_UI_PORT));
    own('spark.worker.ui.port', 'the worker UI port', String(SparkStandaloneCluster.WORKER_UI_PORT));
    own('spark.ui.killEnabled', 'uiKillEnabled', String(props.uiKillEnabled ?? false));
    own('spark.authenticate', 'authenticationSecret');
    own('spark.authenticate.secret', 'authenticationSecret');
    conf.ownPrefix('spark.network.crypto.', 'networkEncryption');
    own('spark.shuffle.service.enabled', 'shuffleService', this.shuffleService ? 'true' : undefined);
    own('spark.shuffle.service.port', 'shuffleService', this.shuffleService ? String(SparkStandaloneCluster.SHUFFLE_SERVICE_PORT) : undefined);
    for (const [key, value] of Object.entries(standaloneSecurityConf(this))) {
      own(key, key === 'spark.authenticate' ? 'authenticationSecret' : 'networkEncryption', value);
    }
    conf.setAll(props.sparkConf);
    return conf.render();
  }

  /** Environment of both daemons; they advertise their pod IP, since pod host names do not resolve in the cluster. */
  private daemonEnvironment(daemonKib: number): any[] {
    return [
      ...daemonEnv(),
      { name: 'SPARK_LOCAL_HOSTNAME', ...POD_IP },
      { name: 'SPARK_DAEMON_MEMORY', value: sparkMemoryString(daemonKib) },
      ...authEnv(this.authenticationSecret),
    ];
  }

  /** Name, namespace, labels and recorded opt-outs of the master's or the workers' objects. */
  private objectMeta(component: 'master' | 'worker', optOuts: SecurityOptOut[]): ObjectMeta {
    const labels = { 'app.kubernetes.io/name': 'spark-standalone', 'app.kubernetes.io/instance': this.name, 'app.kubernetes.io/component': component };
    const annotations = optOutAnnotations(optOuts);
    return { name: `${this.name}-${component}`, namespace: this.namespace, labels, ...(Object.keys(annotations).length ? { annotations } : {}) };
  }
}

/** A standalone master outside this app, with a construct path for its errors. */
class ExternalSparkMaster extends Construct implements ISparkMaster {
  public readonly masterUrl: string;
  public readonly sparkVersion: SparkVersion;
  public readonly authenticationSecret?: SecretValue;
  public readonly networkEncryption: boolean;
  public readonly shuffleService: boolean;

  constructor(scope: Construct, id: string, masterUrl: string, options: ExternalSparkMasterOptions) {
    super(scope, id);
    registerAppChecks(this);
    checkMasterUrl(this, masterUrl);
    checkPropsObject(this, options, '{ sparkVersion: SparkVersion.V4_0_4 }');
    checkRpcTypes(this, options);
    this.masterUrl = masterUrl;
    this.sparkVersion = options.sparkVersion ?? SparkVersion.DEFAULT;
    checkRpcSecurity(this, this.sparkVersion, options, false);
    this.authenticationSecret = options.authenticationSecret;
    this.networkEncryption = options.networkEncryption ?? false;
    this.shuffleService = options.shuffleService ?? false;
  }
}

/** A host of a master URL: a DNS name, an IPv4 address or a bracketed IPv6 address. */
const MASTER_HOST = /^(?:[A-Za-z0-9](?:[-A-Za-z0-9]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[-A-Za-z0-9]*[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])$/;

/**
 * Checks a standalone master URL: `spark://host:port`, or comma-separated
 * host:port pairs for standby masters. It becomes a worker's and a
 * submitter's command-line argument, so hosts are DNS names or addresses,
 * never text a shell or Kubernetes would expand.
 */
function checkMasterUrl(scope: IConstruct, masterUrl: string): void {
  const problem = argumentProblem(masterUrl);
  if (typeof masterUrl === 'string' && problem) {
    fail(scope, 'masterUrl', problem.requirement.startsWith('holds') ? '<redacted>' : masterUrl, problem.requirement, problem.fix);
  }
  const hosts = /^spark:\/\/(.+)$/.exec(String(masterUrl))?.[1]?.split(',') ?? [];
  const valid = typeof masterUrl === 'string' && hosts.length > 0 && hosts.every((hostPort) => {
    const m = /^(.+):(\d{1,5})$/.exec(hostPort);
    return m !== null && m[1].length <= 253 && MASTER_HOST.test(m[1]) && Number(m[2]) >= 1 && Number(m[2]) <= 65535;
  });
  if (!valid) {
    fail(scope, 'masterUrl', masterUrl, 'must be a standalone master URL spark://host:port (or spark://host1:port1,host2:port2 with standby masters)',
      `use e.g. 'spark://spark-master.spark.svc:${SparkStandaloneCluster.MASTER_PORT}'`);
  }
}

/** The runtime types of the RPC security settings a standalone master shares. */
function checkRpcTypes(scope: IConstruct, options: ExternalSparkMasterOptions): void {
  checkSparkVersion(scope, 'sparkVersion', options.sparkVersion);
  checkSecretValue(scope, 'authenticationSecret', options.authenticationSecret);
  checkBoolean(scope, 'networkEncryption', options.networkEncryption);
  checkBoolean(scope, 'shuffleService', options.shuffleService);
}

/** The runtime type of every prop, for JavaScript callers; values are checked where they are resolved. */
function checkClusterProps(scope: IConstruct, props: SparkStandaloneClusterProps): void {
  checkPropsObject(scope, props, '{ name: \'prod\', authenticationSecret: { secret, key: \'secret\' } }');
  checkAll(scope, [
    () => checkString(scope, 'name', props.name),
    () => checkJobNamespace(scope, props.jobNamespace),
    () => checkRpcTypes(scope, props),
    () => checkString(scope, 'image', props.image),
    () => checkEnum(scope, 'imagePullPolicy', props.imagePullPolicy, PULL_POLICY, 'ImagePullPolicy'),
    () => checkBoolean(scope, 'restServer', props.restServer),
    () => checkBoolean(scope, 'uiKillEnabled', props.uiKillEnabled),
    () => checkStringMap(scope, 'sparkConf', props.sparkConf),
    () => checkObject(scope, 'master', props.master, `{ livenessProbe: ${PROBE_EXAMPLE} }`),
    () => checkObject(scope, 'worker', props.worker, '{ replicas: 3, cores: 2, memory: Size.gibibytes(4) }'),
    () => checkObject(scope, 'worker.autoscaling', props.worker?.autoscaling, '{ maxReplicas: 6 }'),
    () => {
      for (const [prop, given] of [
        ['master.readinessProbe', props.master?.readinessProbe], ['master.livenessProbe', props.master?.livenessProbe],
        ['worker.readinessProbe', props.worker?.readinessProbe], ['worker.livenessProbe', props.worker?.livenessProbe],
      ] as const) {
        checkObject(scope, prop, given, PROBE_EXAMPLE);
      }
    },
    () => checkObject(scope, 'pod', props.pod, '{ nodeSelector: { pool: \'spark\' } }'),
  ]);
}

/**
 * The daemons run as the JVM itself: `spark-class` ends in `exec`, so the
 * JVM is PID 1 and gets SIGTERM (under `start-master.sh` and
 * `start-worker.sh`, bash would be PID 1 and ignore it). Master and Worker
 * read their host, ports, cores, memory and directories from the
 * environment (MasterArguments, WorkerArguments) and `spark-class` the daemon
 * heap from SPARK_DAEMON_MEMORY, as the start scripts would.
 */
const SPARK_CLASS = '/opt/spark/bin/spark-class';

/** The pod IP as an environment value. */
const POD_IP = { valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } };

/** The longest name: `<name>-master` names the master StatefulSet, which must stay within 52 characters. */
const MAX_NAME_LENGTH = 52 - '-master'.length;

/** Name, namespace, labels and recorded opt-outs of the objects of one component. */
interface ObjectMeta {
  readonly name: string;
  readonly namespace: string;
  readonly labels: { [key: string]: string };
  readonly annotations?: { [key: string]: string };
}

/** The cluster's settings, resolved and checked. */
interface ResolvedCluster {
  readonly image: string;
  readonly pullPolicy: ImagePullPolicy;
  readonly workers: number;
  readonly cores: number;
  readonly workerKib: number;
  readonly daemonKib: number;
  readonly workerPodKib: number;
  readonly autoscaling?: { readonly maxReplicas: number; readonly cpuUtilization: number };
  readonly restServer: boolean;
  readonly shuffleService: boolean;
  readonly pod: SparkPodOptions;
  readonly master: StandaloneMasterOptions;
  readonly worker: StandaloneWorkerOptions;
}

/** What both pod templates share: the resolved cluster, its configuration, the daemon environment and the opt-outs. */
interface ClusterPods extends ResolvedCluster {
  readonly config: string;
  readonly checksum: string;
  readonly env: any[];
  readonly optOuts: SecurityOptOut[];
  /** The UI filters of the daemons (`spark.ui.filters`). */
  readonly filters: string[];
  /** Whether NetworkPolicies guard the pods (the cluster's network facts are known). */
  readonly network: boolean;
  /** The labels a role's pods carry for NetworkPolicies (none without them). */
  readonly roleLabels: (role: 'master' | 'worker') => { [key: string]: string };
  /** The cluster's own ServiceAccount, with a cloud identity, and the pod labels the identity needs. */
  readonly account?: { readonly name: string; readonly podLabels: { [key: string]: string } };
}

/** Resolves and checks image, worker sizes, daemon heap and autoscaling. */
function resolveCluster(scope: SparkStandaloneCluster, props: SparkStandaloneClusterProps): ResolvedCluster {
  const image = props.image ?? scope.sparkVersion.defaultImage;
  checkImage(scope, 'image', image, scope.sparkVersion.version);
  const worker = props.worker ?? {};
  const workers = worker.replicas ?? 1;
  checkInteger(scope, 'worker.replicas', workers, 1, 'run at least one worker');
  const cores = worker.cores ?? 1;
  checkInteger(scope, 'worker.cores', cores, 1, 'offer at least one whole core per worker');
  const workerKib = sizeKib(scope, 'worker.memory', worker.memory ?? Size.gibibytes(1));
  if (workerKib < wholeKibibytes(SparkStandaloneCluster.MIN_EXECUTOR_MEMORY)!) {
    fail(scope, 'worker.memory', sparkMemoryString(workerKib), 'must be at least 450m, the smallest executor heap Spark accepts (1.5 × 300 MiB reserved)',
      'use Size.mebibytes(512) or more');
  }
  const daemonKib = sizeKib(scope, 'daemonMemory', props.daemonMemory ?? Size.gibibytes(1));
  if (daemonKib < 128 * 1024) {
    fail(scope, 'daemonMemory', sparkMemoryString(daemonKib), 'must be at least 128m for the master and worker daemons', 'use Size.mebibytes(512) or more');
  }
  return {
    image,
    pullPolicy: props.imagePullPolicy ?? PULL_POLICY.IF_NOT_PRESENT,
    workers,
    cores,
    workerKib,
    daemonKib,
    workerPodKib: resolveWorkerPodMemory(scope, worker.podMemory, workerKib, daemonKib),
    autoscaling: resolveAutoscaling(scope, worker.autoscaling, workers),
    restServer: props.restServer ?? false,
    shuffleService: props.shuffleService ?? false,
    pod: props.pod ?? {},
    master: props.master ?? {},
    worker,
  };
}

/** A worker pod's memory: what it offers, the daemon heap and their JVM overhead, unless given (then it must hold them). */
function resolveWorkerPodMemory(scope: IConstruct, podMemory: Size | undefined, workerKib: number, daemonKib: number): number {
  const neededKib = workerKib + daemonKib + memoryOverheadKibibytes(workerKib + daemonKib, 0.1);
  const podKib = podMemory ? sizeKib(scope, 'worker.podMemory', podMemory) : neededKib;
  if (podKib < neededKib) {
    fail(scope, 'worker.podMemory', kubernetesQuantity(podKib),
      `must hold the executors' ${sparkMemoryString(workerKib)}, the worker daemon's ${sparkMemoryString(daemonKib)} and their JVM overhead: at least ${kubernetesQuantity(neededKib)}`,
      `raise it to ${kubernetesQuantity(neededKib)} or lower 'worker.memory'`);
  }
  return podKib;
}

function resolveAutoscaling(scope: IConstruct, autoscaling: WorkerAutoscaling | undefined, workers: number): ResolvedCluster['autoscaling'] {
  if (!autoscaling) return undefined;
  if (autoscaling.maxReplicas === undefined) {
    fail(scope, 'worker.autoscaling.maxReplicas', undefined, 'must be set (the most workers the autoscaler may run)', `use e.g. ${workers * 2}`);
  }
  checkInteger(scope, 'worker.autoscaling.maxReplicas', autoscaling.maxReplicas, workers, `allow at least 'worker.replicas' (${workers})`);
  const target = autoscaling.cpuUtilization ?? 80;
  if (!Number.isInteger(target) || target < 1 || target > 100) {
    fail(scope, 'worker.autoscaling.cpuUtilization', target, 'must be a whole percentage from 1 to 100', 'use e.g. 80');
  }
  return { maxReplicas: autoscaling.maxReplicas, cpuUtilization: target };
}

function sizeKib(scope: IConstruct, prop: string, size: Size): number {
  return sizeKibibytes(scope, prop, size, 'use Size.mebibytes(...) or Size.gibibytes(...)');
}

/** The master's ClusterIP Service: RPC, UI and, with `restServer`, REST. */
function masterService(meta: ObjectMeta, restServer: boolean): ApiObjectProps {
  const port = (name: string, number: number) => ({ name, port: number, targetPort: name, protocol: 'TCP' });
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta,
    spec: {
      type: 'ClusterIP',
      selector: meta.labels,
      ports: [
        port('rpc', SparkStandaloneCluster.MASTER_PORT),
        port('http', SparkStandaloneCluster.MASTER_UI_PORT),
        ...(restServer ? [port('rest', SparkStandaloneCluster.REST_PORT)] : []),
      ],
    },
  };
}

/** The master StatefulSet (1 replica), the cluster's main object. */
function masterStatefulSet(meta: ObjectMeta, template: any): ApiObjectProps {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: meta,
    spec: { replicas: 1, serviceName: meta.name, selector: { matchLabels: meta.labels }, template },
  };
}

/** The worker Deployment; without `replicas` when autoscaled (the autoscaler owns it, and every apply would reset it). */
function workerDeployment(meta: ObjectMeta, replicas: number | undefined, template: any): ApiObjectProps {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta,
    spec: { replicas, selector: { matchLabels: meta.labels }, template },
  };
}

/** The workers' CPU HorizontalPodAutoscaler (autoscaling/v2). */
function workerAutoscaler(meta: ObjectMeta, minReplicas: number, autoscaling: NonNullable<ResolvedCluster['autoscaling']>): ApiObjectProps {
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: meta,
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: meta.name },
      minReplicas,
      maxReplicas: autoscaling.maxReplicas,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: autoscaling.cpuUtilization } } }],
    },
  };
}

/** The master pod: 500m CPU and the daemon heap plus overhead. */
function renderMasterPod(scope: IConstruct, pods: ClusterPods, labels: { [key: string]: string }): any {
  const memory = kubernetesQuantity(pods.daemonKib + memoryOverheadKibibytes(pods.daemonKib, 0.1));
  const ports = ['rpc', 'http', ...(pods.restServer ? ['rest'] : []), ...(pods.pod.ports ?? []).map((p) => p.name)];
  const given = (prop: 'readinessProbe' | 'livenessProbe') => uiProbe(scope, `master.${prop}`, pods.master[prop], ports, pods.filters);
  return renderDaemonPod(scope, pods, { ...labels, ...pods.roleLabels('master') }, false, {
    name: 'spark-master',
    command: [SPARK_CLASS, 'org.apache.spark.deploy.master.Master'],
    env: [
      ...pods.env,
      { name: 'SPARK_MASTER_HOST', ...POD_IP },
      { name: 'SPARK_MASTER_PORT', value: String(SparkStandaloneCluster.MASTER_PORT) },
      { name: 'SPARK_MASTER_WEBUI_PORT', value: String(SparkStandaloneCluster.MASTER_UI_PORT) },
    ],
    ports: [
      { name: 'rpc', number: SparkStandaloneCluster.MASTER_PORT },
      { name: 'http', number: SparkStandaloneCluster.MASTER_UI_PORT },
      ...(pods.restServer ? [{ name: 'rest', number: SparkStandaloneCluster.REST_PORT }] : []),
    ],
    resources: { requests: { cpu: '500m', memory }, limits: { memory } },
    readinessProbe: given('readinessProbe') ?? { tcpSocket: { port: 'rpc' }, initialDelaySeconds: 5, periodSeconds: 10 },
    livenessProbe: given('livenessProbe') ?? { ...uiCheck(pods.filters, '/'), initialDelaySeconds: 30, periodSeconds: 30 },
  });
}

/**
 * A worker pod: its cores as the CPU request, its pod memory, and Spark's
 * local directory for executors' shuffle and spill files. With
 * NetworkPolicies its RPC port is pinned (WorkerArguments reads
 * SPARK_WORKER_PORT; its default 0 is a random port), so the master's
 * messages can be admitted.
 */
function renderWorkerPod(scope: IConstruct, pods: ClusterPods, labels: { [key: string]: string }, masterUrl: string): any {
  const pinned = pods.network;
  const ports = ['http', ...(pods.shuffleService ? ['shuffle'] : []), ...(pinned ? ['rpc'] : []), ...(pods.pod.ports ?? []).map((p) => p.name)];
  const given = (prop: 'readinessProbe' | 'livenessProbe') => uiProbe(scope, `worker.${prop}`, pods.worker[prop], ports, pods.filters);
  return renderDaemonPod(scope, pods, { ...labels, ...pods.roleLabels('worker') }, true, {
    name: 'spark-worker',
    command: [SPARK_CLASS, 'org.apache.spark.deploy.worker.Worker'],
    args: [masterUrl],
    env: [
      ...pods.env,
      { name: 'SPARK_WORKER_CORES', value: String(pods.cores) },
      { name: 'SPARK_WORKER_MEMORY', value: sparkMemoryString(pods.workerKib) },
      { name: 'SPARK_WORKER_WEBUI_PORT', value: String(SparkStandaloneCluster.WORKER_UI_PORT) },
      ...(pinned ? [{ name: 'SPARK_WORKER_PORT', value: String(SparkStandaloneCluster.WORKER_PORT) }] : []),
      { name: 'SPARK_WORKER_DIR', value: '/opt/spark/work-dir' },
      { name: 'SPARK_LOCAL_DIRS', value: SPARK_LOCAL_DIR.path },
    ],
    ports: [
      { name: 'http', number: SparkStandaloneCluster.WORKER_UI_PORT },
      ...(pods.shuffleService ? [{ name: 'shuffle', number: SparkStandaloneCluster.SHUFFLE_SERVICE_PORT }] : []),
      ...(pinned ? [{ name: 'rpc', number: SparkStandaloneCluster.WORKER_PORT }] : []),
    ],
    resources: {
      requests: { cpu: cpuQuantity(pods.cores * 1000), memory: kubernetesQuantity(pods.workerPodKib) },
      limits: { memory: kubernetesQuantity(pods.workerPodKib) },
    },
    readinessProbe: given('readinessProbe') ?? { ...uiCheck(pods.filters, '/'), initialDelaySeconds: 5, periodSeconds: 10 },
    livenessProbe: given('livenessProbe') ?? { ...uiCheck(pods.filters, '/'), initialDelaySeconds: 30, periodSeconds: 30 },
  });
}

/** A daemon pod: the image, the configuration mounted and its checksum on the template, no service-account token. */
function renderDaemonPod(
  scope: IConstruct, pods: ClusterPods, labels: { [key: string]: string }, sparkLocalDir: boolean,
  container: Omit<MainContainer, 'image' | 'imagePullPolicy' | 'volumeMounts'>,
): any {
  const confVolume = configVolume(pods.config);
  return renderPodTemplate({
    scope,
    prop: 'pod',
    options: pods.pod,
    container: { ...container, image: pods.image, imagePullPolicy: pods.pullPolicy, volumeMounts: [confVolume.mount] },
    volumes: [confVolume.volume],
    automountServiceAccountToken: false,
    serviceAccountName: pods.account?.name,
    sparkLocalDir,
    labels: { ...labels, ...pods.account?.podLabels },
    annotations: { [CONFIG_CHECKSUM_ANNOTATION]: pods.checksum },
    optOuts: pods.optOuts.filter((o) => POD_OPT_OUTS.includes(o)),
  });
}
