import { ApiObject, Chart, Names, Size } from 'cdk8s';
import { Cpu, ImagePullPolicy, SecretValue } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { checkDns1035, checkDns1123Label, checkInteger, fail } from '../_validation';
import { configFiles, configVolume, CONFIG_CHECKSUM_ANNOTATION, daemonEnv, sparkDefaultsFile } from '../pod/config-files';
import { checkImage } from '../pod/image';
import { renderPodTemplate } from '../pod/pod-renderer';
import { cpuMillis, cpuQuantity } from '../pod/resources';
import { SparkPodOptions } from '../pod/spark-pod';
import { kubernetesQuantity, memoryOverheadKibibytes, sparkMemoryString, wholeKibibytes } from '../spark/memory';
import { SparkConf } from '../spark/spark-conf';
import { SparkVersion } from '../spark/spark-version';

/** Something applications can be submitted to instead of the Kubernetes master. */
export interface ISparkMaster {
  /** The master URL, e.g. `spark://prod-master.spark.svc:7077`. */
  readonly masterUrl: string;
}

/** The smallest heap Spark accepts for an executor (spark.executor.memory ≥ 450 MiB). */
const MIN_EXECUTOR_MIB = 450;
/** Heap of the master and worker daemons themselves (`SPARK_DAEMON_MEMORY`). */
const DAEMON_MEMORY_MIB = 1024;

/** Autoscaling of the workers. */
export interface WorkerAutoscaling {
  /** Most workers. */
  readonly maxWorkers: number;
  /**
   * Target average CPU utilisation (percent of the request).
   * @default 80
   */
  readonly cpuUtilization?: number;
}

/** Props of `SparkStandaloneCluster`. */
export interface SparkStandaloneClusterProps {
  /**
   * Name, the prefix of every object (`<name>-master`, `<name>-worker`).
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
   * Workers (the minimum when autoscaling).
   * @default 1
   */
  readonly workers?: number;
  /**
   * Cores each worker offers to executors (`SPARK_WORKER_CORES`); also the worker pod's CPU request.
   * @default 1
   */
  readonly workerCores?: number;
  /**
   * Memory each worker offers to executors (`SPARK_WORKER_MEMORY`, at least 450 MiB: Spark's smallest executor).
   * @default Size.gibibytes(1)
   */
  readonly workerMemory?: Size;
  /**
   * Memory limit of a worker pod.
   * @default - worker memory + the worker daemon's 1 GiB heap + max(10 %, 384 MiB) overhead
   */
  readonly workerPodMemory?: Size;
  /**
   * Autoscale the workers with a HorizontalPodAutoscaler.
   * @default - a fixed number of workers
   */
  readonly autoscaling?: WorkerAutoscaling;
  /**
   * Shared secret for Spark RPC authentication (`spark.authenticate`), from a Secret; applications must use the same secret.
   * @default - no authentication: anything that reaches port 7077 can run code
   */
  readonly authenticationSecret?: SecretValue;
  /**
   * Encrypt RPC traffic with AES-GCM (`spark.network.crypto.*`; needs `authenticationSecret`).
   * @default false
   */
  readonly networkEncryption?: boolean;
  /**
   * Enable the REST submission server on 6066.
   * @default false
   */
  readonly restServer?: boolean;
  /**
   * Extra Spark configuration of the daemons.
   * @default - none
   */
  readonly sparkConf?: { [key: string]: string };
  /**
   * Pod settings of master and workers.
   * @default - none
   */
  readonly pod?: SparkPodOptions;
}

/**
 * Spark's standalone cluster manager: a master StatefulSet (1 replica) with a
 * Service on 7077 (RPC) and 8080 (UI), and a worker Deployment (UI 8081) whose
 * pods are sized to the cores and memory they offer. Processes run in the
 * foreground with logs in an emptyDir, as non-root with no service-account
 * token. `masterUrl` is what SparkSubmitJob and SparkConnectServer take.
 */
export class SparkStandaloneCluster extends Construct implements ISparkMaster {
  /** Name. */
  public readonly name: string;
  /** Namespace. */
  public readonly namespace: string;
  /** `spark://<name>-master.<namespace>.svc:7077`. */
  public readonly masterUrl: string;
  /** Spark version of the cluster. */
  public readonly sparkVersion: SparkVersion;

  constructor(scope: Construct, id: string, props: SparkStandaloneClusterProps = {}) {
    super(scope, id);
    this.name = props.name ?? Names.toDnsLabel(this, { maxLen: 56 });
    checkDns1035(this, 'name', this.name, 56, 'it names the Service \'<name>-master\', which must fit 63 characters');
    const namespace = props.namespace ?? Chart.of(this).namespace;
    if (!namespace) {
      fail(this, 'namespace', undefined, 'must be set (on the construct or its chart)', 'pass \'namespace\' or create the chart with { namespace: \'spark\' }');
    }
    checkDns1123Label(this, 'namespace', namespace);
    this.namespace = namespace;
    this.sparkVersion = props.sparkVersion ?? SparkVersion.DEFAULT;
    const image = props.image ?? this.sparkVersion.defaultImage;
    checkImage(this, 'image', image, this.sparkVersion.version);

    const workers = props.workers ?? 1;
    checkInteger(this, 'workers', workers, 1, 'run at least one worker');
    const cores = props.workerCores ?? 1;
    checkInteger(this, 'workerCores', cores, 1, 'offer at least one core');
    const workerKib = wholeKibibytes(props.workerMemory ?? Size.gibibytes(1));
    if (workerKib === undefined || workerKib < MIN_EXECUTOR_MIB * 1024) {
      fail(this, 'workerMemory', sparkMemoryString(workerKib ?? 0), `must be at least ${MIN_EXECUTOR_MIB} MiB, the smallest executor Spark accepts`, 'use Size.gibibytes(1) or more');
    }
    const daemonKib = DAEMON_MEMORY_MIB * 1024;
    const neededKib = workerKib + daemonKib + memoryOverheadKibibytes(workerKib + daemonKib, 0.1);
    const podKib = props.workerPodMemory ? wholeKibibytes(props.workerPodMemory) : neededKib;
    if (podKib === undefined || podKib < neededKib) {
      fail(this, 'workerPodMemory', kubernetesQuantity(podKib ?? 0), `must hold the executors' ${sparkMemoryString(workerKib)}, the worker's own 1g heap and JVM overhead: at least ${kubernetesQuantity(neededKib)}`,
        `raise it to ${kubernetesQuantity(neededKib)} or lower 'workerMemory'`);
    }
    if ((props.networkEncryption || props.sparkConf?.['spark.authenticate'] === 'true') && !props.authenticationSecret) {
      fail(this, 'authenticationSecret', undefined, 'must be set for RPC authentication or encryption (standalone mode needs a shared secret)',
        'create a Secret with a random value and pass { secret, key }');
    }
    if (props.autoscaling) {
      checkInteger(this, 'autoscaling.maxWorkers', props.autoscaling.maxWorkers, workers, `allow at least 'workers' (${workers})`);
    }

    const masterService = `${this.name}-master`;
    this.masterUrl = `spark://${masterService}.${namespace}.svc:7077`;

    const conf = new SparkConf(this, namespace);
    const own = (key: string, prop: string, value: string) => conf.own(key, prop, value);
    own('spark.master.rest.enabled', 'restServer', String(props.restServer ?? false));
    own('spark.master.ui.port', 'the master UI port', '8080');
    own('spark.worker.ui.port', 'the worker UI port', '8081');
    if (props.authenticationSecret) {
      own('spark.authenticate', 'authenticationSecret', 'true');
      // A reference resolved from the environment at start-up, never the value.
      own('spark.authenticate.secret', 'authenticationSecret', '${env:SPARK_AUTHENTICATE_SECRET}');
    }
    if (props.networkEncryption) {
      own('spark.network.crypto.enabled', 'networkEncryption', 'true');
      own('spark.network.crypto.cipher', 'networkEncryption', 'AES/GCM/NoPadding');
      own('spark.network.crypto.saslFallback', 'networkEncryption', 'false');
      if (this.sparkVersion.isAtLeast(4, 0)) own('spark.network.crypto.authEngineVersion', 'networkEncryption', '2');
    }
    conf.setAll(props.sparkConf);
    const config = configFiles(this, 'Config', `${this.name}-conf`, namespace, { 'spark-defaults.conf': sparkDefaultsFile(conf.render()) });
    const confVolume = configVolume(config.name);
    const secretEnv = props.authenticationSecret ? [{
      name: 'SPARK_AUTHENTICATE_SECRET', valueFrom: { secretKeyRef: { name: props.authenticationSecret.secret.name, key: props.authenticationSecret.key } },
    }] : [];
    // Daemons advertise their pod IP: pod host names do not resolve in the cluster.
    const env = [...daemonEnv(), { name: 'SPARK_LOCAL_HOSTNAME', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
      { name: 'SPARK_DAEMON_MEMORY', value: `${DAEMON_MEMORY_MIB}m` }, ...secretEnv];
    const pullPolicy = props.imagePullPolicy ?? ImagePullPolicy.IF_NOT_PRESENT;

    const masterLabels = { 'app.kubernetes.io/name': 'spark-standalone', 'app.kubernetes.io/instance': this.name, 'app.kubernetes.io/component': 'master' };
    const workerLabels = { ...masterLabels, 'app.kubernetes.io/component': 'worker' };
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
        env,
        ports: [{ name: 'rpc', number: 7077 }, { name: 'http', number: 8080 }, ...(props.restServer ? [{ name: 'rest', number: 6066 }] : [])],
        resources: { requests: { cpu: '500m', memory: masterMemory }, limits: { memory: masterMemory } },
        readinessProbe: { tcpSocket: { port: 'rpc' }, periodSeconds: 10 },
        livenessProbe: { httpGet: { path: '/', port: 'http' }, initialDelaySeconds: 30, periodSeconds: 30 },
        volumeMounts: [confVolume.mount],
      },
      volumes: [confVolume.volume],
      automountServiceAccountToken: false,
      labels: masterLabels,
      annotations: { [CONFIG_CHECKSUM_ANNOTATION]: config.checksum },
    });
    new ApiObject(this, 'MasterService', {
      apiVersion: 'v1', kind: 'Service', metadata: { name: masterService, namespace },
      spec: {
        type: 'ClusterIP', selector: masterLabels,
        ports: [
          { name: 'rpc', port: 7077, targetPort: 'rpc', protocol: 'TCP' },
          { name: 'http', port: 8080, targetPort: 'http', protocol: 'TCP' },
          ...(props.restServer ? [{ name: 'rest', port: 6066, targetPort: 'rest', protocol: 'TCP' }] : []),
        ],
      },
    });
    new ApiObject(this, 'Master', {
      apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: masterService, namespace },
      spec: { replicas: 1, serviceName: masterService, selector: { matchLabels: masterLabels }, template: masterTemplate },
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
        env: [...env, { name: 'SPARK_WORKER_CORES', value: String(cores) }, { name: 'SPARK_WORKER_MEMORY', value: sparkMemoryString(workerKib) },
          { name: 'SPARK_WORKER_DIR', value: '/opt/spark/work-dir' }],
        ports: [{ name: 'http', number: 8081 }],
        resources: { requests: { cpu: cpuQuantity(cpuMillis(Cpu.units(cores))), memory: kubernetesQuantity(podKib) }, limits: { memory: kubernetesQuantity(podKib) } },
        readinessProbe: { httpGet: { path: '/', port: 'http' }, periodSeconds: 10 },
        volumeMounts: [confVolume.mount],
      },
      volumes: [confVolume.volume],
      automountServiceAccountToken: false,
      sparkLocalDir: true,
      labels: workerLabels,
      annotations: { [CONFIG_CHECKSUM_ANNOTATION]: config.checksum },
    });
    new ApiObject(this, 'Workers', {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: `${this.name}-worker`, namespace },
      spec: { replicas: workers, selector: { matchLabels: workerLabels }, template: workerTemplate },
    });
    if (props.autoscaling) {
      new ApiObject(this, 'WorkerAutoscaler', {
        apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: `${this.name}-worker`, namespace },
        spec: {
          scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: `${this.name}-worker` },
          minReplicas: workers,
          maxReplicas: props.autoscaling.maxWorkers,
          metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: props.autoscaling.cpuUtilization ?? 80 } } }],
        },
      });
    }
  }
}
