import { ApiObject, Names, Size } from 'cdk8s';
import { ImagePullPolicy, SecretValue } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { checkDns1035, checkInteger, fail } from '../_validation';
import { authEnv, standaloneSecurityConf } from '../application/_standalone-security';
import { ExternalSparkMasterOptions, ISparkMaster } from '../application/spark-master';
import { configFiles, filesChecksum, configVolume, CONFIG_CHECKSUM_ANNOTATION, daemonEnv, sparkDefaultsFile } from '../pod/_config-files';
import { checkImage } from '../pod/_image';
import { renderPodTemplate, SPARK_LOCAL_DIR } from '../pod/_pod-renderer';
import { cpuQuantity } from '../pod/_resources';
import { SparkPodOptions } from '../pod/pod-options';
import { resolveNamespace } from '../rbac/_namespace';
import { kubernetesQuantity, memoryOverheadKibibytes, sparkMemoryString, wholeKibibytes } from '../spark/_memory';
import { SparkConf } from '../spark/_spark-conf';
import { SparkVersion } from '../spark/spark-version';

/** The smallest executor heap Spark accepts: 1.5 × 300 MiB reserved memory = 450 MiB. */
export const MIN_EXECUTOR_MEMORY = Size.mebibytes(450);
/** The master's RPC port. */
export const STANDALONE_MASTER_PORT = 7077;
/** The master's web UI port. */
export const STANDALONE_MASTER_UI_PORT = 8080;
/** The master's REST submission port. */
export const STANDALONE_REST_PORT = 6066;
/** The workers' web UI port. */
export const STANDALONE_WORKER_UI_PORT = 8081;
/** The external shuffle service port. */
export const SHUFFLE_SERVICE_PORT = 7337;

/** Autoscaling of the workers by CPU (a HorizontalPodAutoscaler, autoscaling/v2). */
export interface WorkerAutoscaling {
  /** The most workers (at least `workers`). */
  readonly maxWorkers: number;
  /**
   * Target average CPU utilisation, in percent of the request.
   * @default 80
   */
  readonly cpuUtilization?: number;
}

/** Props of `SparkStandaloneCluster`. */
export interface SparkStandaloneClusterProps {
  /**
   * Name, the prefix of every object (`<name>-master`, `<name>-worker`, `<name>-conf`).
   * @default - derived from the construct path
   */
  readonly name?: string;
  /**
   * Namespace.
   * @default - the chart's
   */
  readonly namespace?: string;
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
   * Number of workers (the minimum when autoscaling).
   * @default 1
   */
  readonly workers?: number;
  /**
   * Cores each worker offers to executors (`SPARK_WORKER_CORES`); also the worker pod's CPU request.
   * @default 1
   */
  readonly workerCores?: number;
  /**
   * Memory each worker offers to executors (`SPARK_WORKER_MEMORY`); at
   * least 450 MiB, the smallest executor heap Spark accepts.
   * @default Size.gibibytes(1)
   */
  readonly workerMemory?: Size;
  /**
   * Memory request and limit of a worker pod. It must hold the executors'
   * heaps, their JVM overhead and the worker daemon itself.
   * @default - workerMemory + daemonMemory + max(10 % of both, 384 MiB)
   */
  readonly workerPodMemory?: Size;
  /**
   * Heap of the master and worker daemons (`SPARK_DAEMON_MEMORY`).
   * @default Size.gibibytes(1)
   */
  readonly daemonMemory?: Size;
  /**
   * Autoscale the workers with a HorizontalPodAutoscaler.
   * @default - a fixed number of workers
   */
  readonly autoscaling?: WorkerAutoscaling;
  /**
   * Shared secret of Spark RPC authentication (`spark.authenticate`), a key
   * of a Kubernetes Secret. Daemons and applications read it from the
   * environment variable `_SPARK_AUTH_SECRET` (`secretKeyRef`); it never
   * appears in the configuration.
   * @default - no authentication: anything that reaches port 7077 can run code
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
   * Enable the REST submission server on 6066 (unauthenticated; Spark 4.1 turns it on by default, this construct does not).
   * @default false
   */
  readonly restServer?: boolean;
  /**
   * Spark configuration of the daemons not modelled by a prop.
   * @default - none
   */
  readonly sparkConf?: { [key: string]: string };
  /**
   * Pod settings of the master and worker pods.
   * @default - none
   */
  readonly pod?: SparkPodOptions;
}

/**
 * Spark's standalone cluster manager without an operator: a master
 * StatefulSet (1 replica) behind a Service on 7077 (RPC) and 8080 (UI), and a
 * worker Deployment (UI 8081) whose pods are sized to the cores and memory
 * they offer, optionally autoscaled. Processes run in the foreground with
 * logs in an emptyDir, in restricted pods with no service-account token (the
 * daemons do not call the Kubernetes API). `masterUrl` is what
 * `SparkSubmitJob` takes as its `master`.
 */
export class SparkStandaloneCluster extends Construct implements ISparkMaster {
  /**
   * A standalone master managed outside this app.
   *
   * @example
   * SparkStandaloneCluster.fromMasterUrl('spark://legacy-master.spark.svc:7077', { sparkVersion: SparkVersion.V3_5_8 })
   */
  public static fromMasterUrl(masterUrl: string, options: ExternalSparkMasterOptions = {}): ISparkMaster {
    return {
      masterUrl,
      sparkVersion: options.sparkVersion ?? SparkVersion.DEFAULT,
      authenticationSecret: options.authenticationSecret,
      networkEncryption: options.networkEncryption ?? false,
      shuffleService: options.shuffleService ?? false,
    };
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
  /** The master StatefulSet. */
  public readonly master: ApiObject;
  /** The worker Deployment. */
  public readonly workers: ApiObject;

  constructor(scope: Construct, id: string, props: SparkStandaloneClusterProps = {}) {
    super(scope, id);
    this.name = props.name ?? Names.toDnsLabel(this, { maxLen: 56 });
    checkDns1035(this, 'name', this.name, 56, 'it names the Service \'<name>-master\', which must fit 63 characters');
    const namespace = resolveNamespace(this, props, 'spark');
    this.namespace = namespace;
    this.sparkVersion = props.sparkVersion ?? SparkVersion.DEFAULT;
    const image = props.image ?? this.sparkVersion.defaultImage;
    checkImage(this, 'image', image, this.sparkVersion.version);

    const workers = props.workers ?? 1;
    checkInteger(this, 'workers', workers, 1, 'run at least one worker');
    const cores = props.workerCores ?? 1;
    checkInteger(this, 'workerCores', cores, 1, 'offer at least one whole core per worker');
    const minKib = wholeKibibytes(MIN_EXECUTOR_MEMORY)!;
    const workerKib = sizeKib(this, 'workerMemory', props.workerMemory ?? Size.gibibytes(1));
    if (workerKib < minKib) {
      fail(this, 'workerMemory', sparkMemoryString(workerKib), 'must be at least 450m, the smallest executor heap Spark accepts (1.5 × 300 MiB reserved)',
        'use Size.mebibytes(512) or more');
    }
    const daemonKib = sizeKib(this, 'daemonMemory', props.daemonMemory ?? Size.gibibytes(1));
    if (daemonKib < 128 * 1024) {
      fail(this, 'daemonMemory', sparkMemoryString(daemonKib), 'must be at least 128m for the master and worker daemons', 'use Size.mebibytes(512) or more');
    }
    const neededKib = workerKib + daemonKib + memoryOverheadKibibytes(workerKib + daemonKib, 0.1);
    const podKib = props.workerPodMemory ? sizeKib(this, 'workerPodMemory', props.workerPodMemory) : neededKib;
    if (podKib < neededKib) {
      fail(this, 'workerPodMemory', kubernetesQuantity(podKib),
        `must hold the executors' ${sparkMemoryString(workerKib)}, the worker daemon's ${sparkMemoryString(daemonKib)} and their JVM overhead: at least ${kubernetesQuantity(neededKib)}`,
        `raise it to ${kubernetesQuantity(neededKib)} or lower 'workerMemory'`);
    }
    const authRequested = props.sparkConf?.['spark.authenticate'] === 'true';
    if ((props.networkEncryption || authRequested) && !props.authenticationSecret) {
      fail(this, 'authenticationSecret', undefined,
        `must be set for ${props.networkEncryption ? 'network encryption' : 'RPC authentication'} (a standalone cluster has no per-application secret: every daemon and application shares one)`,
        'create a Secret with a long random value and pass { secret: Secret.fromSecretName(this, \'Auth\', \'spark-auth\'), key: \'secret\' }');
    }
    if (props.networkEncryption && !this.sparkVersion.isAtLeast(4, 0)) {
      fail(this, 'networkEncryption', true, `needs Spark 4.0 or later for the AES-GCM cipher (the AES-CTR mode of Spark ${this.sparkVersion.version} is unauthenticated, CVE-2025-55039)`,
        'use SparkVersion.V4_0_4 or later');
    }
    if (props.autoscaling) {
      checkInteger(this, 'autoscaling.maxWorkers', props.autoscaling.maxWorkers, workers, `allow at least 'workers' (${workers})`);
      const target = props.autoscaling.cpuUtilization;
      if (target !== undefined && (!Number.isInteger(target) || target < 1 || target > 100)) {
        fail(this, 'autoscaling.cpuUtilization', target, 'must be a whole percentage from 1 to 100', 'use e.g. 80');
      }
    }
    this.authenticationSecret = props.authenticationSecret;
    this.networkEncryption = props.networkEncryption ?? false;
    this.shuffleService = props.shuffleService ?? false;

    const masterName = `${this.name}-master`;
    const workerName = `${this.name}-worker`;
    this.masterUrl = `spark://${masterName}.${namespace}.svc:${STANDALONE_MASTER_PORT}`;
    this.masterUiUrl = `http://${masterName}.${namespace}.svc:${STANDALONE_MASTER_UI_PORT}`;

    const conf = new SparkConf(this, namespace);
    const own = (key: string, prop: string, value?: string) => conf.own(key, prop, value);
    own('spark.master.rest.enabled', 'restServer', String(props.restServer ?? false));
    own('spark.master.rest.port', 'restServer', String(STANDALONE_REST_PORT));
    own('spark.master.ui.port', 'the master UI port', String(STANDALONE_MASTER_UI_PORT));
    own('spark.worker.ui.port', 'the worker UI port', String(STANDALONE_WORKER_UI_PORT));
    own('spark.authenticate', 'authenticationSecret');
    own('spark.authenticate.secret', 'authenticationSecret');
    conf.ownPrefix('spark.network.crypto.', 'networkEncryption');
    own('spark.shuffle.service.enabled', 'shuffleService', props.shuffleService ? 'true' : undefined);
    own('spark.shuffle.service.port', 'shuffleService', props.shuffleService ? String(SHUFFLE_SERVICE_PORT) : undefined);
    for (const [key, value] of Object.entries(standaloneSecurityConf(this))) {
      own(key, key === 'spark.authenticate' ? 'authenticationSecret' : 'networkEncryption', value);
    }
    conf.setAll(props.sparkConf);
    const files = { 'spark-defaults.conf': sparkDefaultsFile(conf.render()) };
    const config = { name: configFiles(this, 'Config', `${this.name}-conf`, namespace, () => files).name, checksum: filesChecksum(files) };
    const confVolume = configVolume(config.name);

    // Daemons advertise their pod IP: pod host names do not resolve in the cluster.
    const podIp = { valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } };
    const env = [
      ...daemonEnv(),
      { name: 'SPARK_LOCAL_HOSTNAME', ...podIp },
      { name: 'SPARK_DAEMON_MEMORY', value: sparkMemoryString(daemonKib) },
      ...authEnv(props.authenticationSecret),
    ];
    const pullPolicy = props.imagePullPolicy ?? ImagePullPolicy.IF_NOT_PRESENT;
    const common = { 'app.kubernetes.io/name': 'spark-standalone', 'app.kubernetes.io/instance': this.name };
    const masterLabels = { ...common, 'app.kubernetes.io/component': 'master' };
    const workerLabels = { ...common, 'app.kubernetes.io/component': 'worker' };
    const annotations = { [CONFIG_CHECKSUM_ANNOTATION]: config.checksum };

    const masterMemory = kubernetesQuantity(daemonKib + memoryOverheadKibibytes(daemonKib, 0.1));
    const masterTemplate = renderPodTemplate({
      scope: this,
      prop: 'pod',
      options: props.pod ?? {},
      container: {
        name: 'spark-master',
        image,
        imagePullPolicy: pullPolicy,
        command: ['/opt/spark/sbin/start-master.sh'],
        env: [...env, { name: 'SPARK_MASTER_HOST', ...podIp }, { name: 'SPARK_MASTER_PORT', value: String(STANDALONE_MASTER_PORT) },
          { name: 'SPARK_MASTER_WEBUI_PORT', value: String(STANDALONE_MASTER_UI_PORT) }],
        ports: [
          { name: 'rpc', number: STANDALONE_MASTER_PORT },
          { name: 'http', number: STANDALONE_MASTER_UI_PORT },
          ...(props.restServer ? [{ name: 'rest', number: STANDALONE_REST_PORT }] : []),
        ],
        resources: { requests: { cpu: '500m', memory: masterMemory }, limits: { memory: masterMemory } },
        readinessProbe: { tcpSocket: { port: 'rpc' }, initialDelaySeconds: 5, periodSeconds: 10 },
        livenessProbe: { httpGet: { path: '/', port: 'http' }, initialDelaySeconds: 30, periodSeconds: 30 },
        volumeMounts: [confVolume.mount],
      },
      volumes: [confVolume.volume],
      automountServiceAccountToken: false,
      labels: masterLabels,
      annotations,
    });
    new ApiObject(this, 'MasterService', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: masterName, namespace, labels: masterLabels },
      spec: {
        type: 'ClusterIP',
        selector: masterLabels,
        ports: [
          { name: 'rpc', port: STANDALONE_MASTER_PORT, targetPort: 'rpc', protocol: 'TCP' },
          { name: 'http', port: STANDALONE_MASTER_UI_PORT, targetPort: 'http', protocol: 'TCP' },
          ...(props.restServer ? [{ name: 'rest', port: STANDALONE_REST_PORT, targetPort: 'rest', protocol: 'TCP' }] : []),
        ],
      },
    });
    this.master = new ApiObject(this, 'Master', {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: masterName, namespace, labels: masterLabels },
      spec: { replicas: 1, serviceName: masterName, selector: { matchLabels: masterLabels }, template: masterTemplate },
    });

    const workerTemplate = renderPodTemplate({
      scope: this,
      prop: 'pod',
      options: props.pod ?? {},
      container: {
        name: 'spark-worker',
        image,
        imagePullPolicy: pullPolicy,
        command: ['/opt/spark/sbin/start-worker.sh'],
        args: [this.masterUrl],
        env: [
          ...env,
          { name: 'SPARK_WORKER_CORES', value: String(cores) },
          { name: 'SPARK_WORKER_MEMORY', value: sparkMemoryString(workerKib) },
          { name: 'SPARK_WORKER_WEBUI_PORT', value: String(STANDALONE_WORKER_UI_PORT) },
          { name: 'SPARK_WORKER_DIR', value: '/opt/spark/work-dir' },
          // Executors' shuffle and spill files go to the local-dir emptyDir.
          { name: 'SPARK_LOCAL_DIRS', value: SPARK_LOCAL_DIR.path },
        ],
        ports: [
          { name: 'http', number: STANDALONE_WORKER_UI_PORT },
          ...(props.shuffleService ? [{ name: 'shuffle', number: SHUFFLE_SERVICE_PORT }] : []),
        ],
        resources: {
          requests: { cpu: cpuQuantity(cores * 1000), memory: kubernetesQuantity(podKib) },
          limits: { memory: kubernetesQuantity(podKib) },
        },
        readinessProbe: { httpGet: { path: '/', port: 'http' }, initialDelaySeconds: 5, periodSeconds: 10 },
        livenessProbe: { httpGet: { path: '/', port: 'http' }, initialDelaySeconds: 30, periodSeconds: 30 },
        volumeMounts: [confVolume.mount],
      },
      volumes: [confVolume.volume],
      automountServiceAccountToken: false,
      sparkLocalDir: true,
      labels: workerLabels,
      annotations,
    });
    this.workers = new ApiObject(this, 'Workers', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: workerName, namespace, labels: workerLabels },
      spec: { replicas: workers, selector: { matchLabels: workerLabels }, template: workerTemplate },
    });
    if (props.autoscaling) {
      new ApiObject(this, 'WorkerAutoscaler', {
        apiVersion: 'autoscaling/v2',
        kind: 'HorizontalPodAutoscaler',
        metadata: { name: workerName, namespace, labels: workerLabels },
        spec: {
          scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: workerName },
          minReplicas: workers,
          maxReplicas: props.autoscaling.maxWorkers,
          metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: props.autoscaling.cpuUtilization ?? 80 } } }],
        },
      });
    }
  }
}

function sizeKib(scope: Construct, prop: string, size: Size): number {
  const kib = wholeKibibytes(size);
  if (kib === undefined || kib <= 0) {
    fail(scope, prop, size.toKibibytes(), 'must be a positive whole number of KiB', 'use Size.mebibytes(...) or Size.gibibytes(...)');
  }
  return kib;
}
