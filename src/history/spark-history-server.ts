import { ApiObject, Chart, Duration, Names, Size } from 'cdk8s';
import { Cpu, ImagePullPolicy } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { eventLogWritersOf } from '../_registry';
import { checkDns1035, checkDns1123Label, fail, problem } from '../_validation';
import { configFiles, configVolume, CONFIG_CHECKSUM_ANNOTATION, daemonEnv, sparkDefaultsFile } from '../pod/config-files';
import { checkImage } from '../pod/image';
import { renderPodTemplate } from '../pod/pod-renderer';
import { containerResources, resolveProcessResources } from '../pod/resources';
import { SparkPodOptions } from '../pod/spark-pod';
import { EventLog } from '../spark/event-log';
import { sparkMemoryString, wholeKibibytes } from '../spark/memory';
import { SparkConf } from '../spark/spark-conf';
import { SparkVersion } from '../spark/spark-version';

/** The History Server's UI and REST port. */
export const HISTORY_SERVER_PORT = 18080;

/** The cleaner that deletes old event logs. */
export interface HistoryCleanerOptions {
  /**
   * Run the cleaner.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * How often it runs.
   * @default Duration.days(1)
   */
  readonly interval?: Duration;
  /**
   * Delete logs older than this.
   * @default Duration.days(7)
   */
  readonly maxAge?: Duration;
  /**
   * Keep at most this many logs.
   * @default - no limit
   */
  readonly maxNum?: number;
}

/** An Ingress in front of the History Server. */
export interface HistoryIngressOptions {
  /** Host name. */
  readonly host: string;
  /**
   * Ingress class.
   * @default - the cluster default
   */
  readonly ingressClassName?: string;
  /**
   * Secret with the TLS certificate.
   * @default - no TLS
   */
  readonly tlsSecretName?: string;
  /**
   * Annotations (e.g. an authenticating proxy: the History Server shows every application's UI to anyone who reaches it).
   * @default - none
   */
  readonly annotations?: { [key: string]: string };
}

/** Props of `SparkHistoryServer`. */
export interface SparkHistoryServerProps extends SparkPodOptions {
  /** Where the applications' event logs are: the same `EventLog` the applications take. */
  readonly eventLog: EventLog;
  /**
   * Name.
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
   * Image.
   * @default - `apache/spark:<sparkVersion>`
   */
  readonly image?: string;
  /**
   * Image pull policy.
   * @default ImagePullPolicy.IF_NOT_PRESENT
   */
  readonly imagePullPolicy?: ImagePullPolicy;
  /**
   * Heap of the History Server (`SPARK_DAEMON_MEMORY`).
   * @default Size.gibibytes(1)
   */
  readonly memory?: Size;
  /**
   * CPU request.
   * @default Cpu.millis(500)
   */
  readonly cpu?: Cpu;
  /**
   * The cleaner.
   * @default - enabled, daily, 7 days
   */
  readonly cleaner?: HistoryCleanerOptions;
  /**
   * Extra Spark configuration.
   * @default - none
   */
  readonly sparkConf?: { [key: string]: string };
  /**
   * An Ingress.
   * @default - none (ClusterIP only)
   */
  readonly ingress?: HistoryIngressOptions;
}

/**
 * The Spark History Server: a Deployment and a Service on 18080 reading the
 * event logs applications write. The `EventLog` is the one source of truth:
 * synth fails when an application in the same cdk8s App writes event logs
 * somewhere no History Server there reads. No service-account token (it does
 * not call the Kubernetes API).
 */
export class SparkHistoryServer extends Construct {
  /** Name. */
  public readonly name: string;
  /** Namespace. */
  public readonly namespace: string;
  /** The directory read. */
  public readonly logDirectory: string;
  /** The UI URL inside the cluster. */
  public readonly url: string;
  /** The Deployment. */
  public readonly deployment: ApiObject;

  constructor(scope: Construct, id: string, props: SparkHistoryServerProps) {
    super(scope, id);
    this.name = props.name ?? Names.toDnsLabel(this, { maxLen: 63 });
    checkDns1035(this, 'name', this.name, 63, 'it names the Service');
    const namespace = props.namespace ?? Chart.of(this).namespace;
    if (!namespace) {
      fail(this, 'namespace', undefined, 'must be set (on the construct or its chart)', 'pass \'namespace\' or create the chart with { namespace: \'spark-history\' }');
    }
    checkDns1123Label(this, 'namespace', namespace);
    this.namespace = namespace;
    if (!props.eventLog) {
      fail(this, 'eventLog', props.eventLog, 'must be set: a History Server without a log directory shows nothing',
        'pass the EventLog your applications write to, e.g. EventLog.toUrl(\'s3a://bucket/spark-events\')');
    }
    const logProblem = props.eventLog._problem();
    if (logProblem) {
      fail(this, 'eventLog', props.eventLog.directory, logProblem.requirement, logProblem.fix);
    }
    this.logDirectory = props.eventLog.directory;
    const version = props.sparkVersion ?? SparkVersion.DEFAULT;
    const image = props.image ?? version.defaultImage;
    checkImage(this, 'image', image, version.version);
    const memory = props.memory ?? Size.gibibytes(1);
    const resources = resolveProcessResources(this, 'historyServer', { memory, coreRequest: props.cpu ?? Cpu.millis(500) }, 0.1);
    const heap = sparkMemoryString(wholeKibibytes(memory)!);

    const cleaner = props.cleaner ?? {};
    const conf = new SparkConf(this, namespace);
    const own = (key: string, prop: string, value: string) => conf.own(key, prop, value);
    own('spark.history.fs.logDirectory', 'eventLog', this.logDirectory);
    own('spark.history.ui.port', 'the UI port', String(HISTORY_SERVER_PORT));
    own('spark.history.fs.cleaner.enabled', 'cleaner.enabled', String(cleaner.enabled ?? true));
    own('spark.history.fs.cleaner.interval', 'cleaner.interval', `${(cleaner.interval ?? Duration.days(1)).toSeconds()}s`);
    own('spark.history.fs.cleaner.maxAge', 'cleaner.maxAge', `${(cleaner.maxAge ?? Duration.days(7)).toSeconds()}s`);
    if (cleaner.maxNum !== undefined) {
      if (!Number.isInteger(cleaner.maxNum) || cleaner.maxNum < 1) {
        fail(this, 'cleaner.maxNum', cleaner.maxNum, 'must be a whole number of at least 1', 'keep at least one log or leave it unset');
      }
      own('spark.history.fs.cleaner.maxNum', 'cleaner.maxNum', String(cleaner.maxNum));
    }
    for (const [key, value] of Object.entries(props.eventLog.s3a?._hadoopConf() ?? {})) {
      own(`spark.hadoop.${key}`, 'eventLog.s3a', value);
    }
    conf.setAll(props.sparkConf);

    const config = configFiles(this, 'Config', `${this.name}-conf`, namespace, { 'spark-defaults.conf': sparkDefaultsFile(conf.render()) });
    const confVolume = configVolume(config.name);
    const selector = { 'app.kubernetes.io/name': 'spark-history-server', 'app.kubernetes.io/instance': this.name };
    const template = renderPodTemplate({
      scope: this,
      prop: 'historyServer',
      options: {
        ...props,
        volumes: [...(props.volumes ?? []), ...(props.eventLog.volume ? [{ volume: props.eventLog.volume, path: props.eventLog.mountPath! }] : [])],
      },
      container: {
        name: 'spark-history-server',
        image,
        imagePullPolicy: props.imagePullPolicy ?? ImagePullPolicy.IF_NOT_PRESENT,
        command: ['/opt/spark/sbin/start-history-server.sh'],
        env: [...daemonEnv(), { name: 'SPARK_DAEMON_MEMORY', value: heap }, ...(props.eventLog.s3a?._env() ?? [])],
        ports: [{ name: 'http', number: HISTORY_SERVER_PORT }],
        resources: containerResources(resources),
        readinessProbe: { httpGet: { path: '/api/v1/applications', port: 'http' }, initialDelaySeconds: 15, periodSeconds: 10 },
        volumeMounts: [confVolume.mount],
      },
      volumes: [confVolume.volume],
      automountServiceAccountToken: false,
      labels: selector,
      annotations: { [CONFIG_CHECKSUM_ANNOTATION]: config.checksum },
    });
    this.deployment = new ApiObject(this, 'Deployment', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: this.name, namespace },
      spec: { replicas: 1, strategy: { type: 'Recreate' }, selector: { matchLabels: selector }, template },
    });
    new ApiObject(this, 'Service', {
      apiVersion: 'v1', kind: 'Service', metadata: { name: this.name, namespace },
      spec: { type: 'ClusterIP', selector, ports: [{ name: 'http', port: HISTORY_SERVER_PORT, targetPort: 'http', protocol: 'TCP' }] },
    });
    this.url = `http://${this.name}.${namespace}.svc.cluster.local:${HISTORY_SERVER_PORT}`;
    if (props.ingress) {
      const ing = props.ingress;
      new ApiObject(this, 'Ingress', {
        apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: this.name, namespace, annotations: ing.annotations },
        spec: {
          ingressClassName: ing.ingressClassName,
          tls: ing.tlsSecretName ? [{ hosts: [ing.host], secretName: ing.tlsSecretName }] : undefined,
          rules: [{ host: ing.host, http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: this.name, port: { name: 'http' } } } }] } }],
        },
      });
    }
    this.node.addValidation({ validate: () => this.checkWriters() });
  }

  /** Every application in the App that writes event logs must write where a History Server reads. */
  private checkWriters(): string[] {
    const readers = new Set(eventLogWritersOf(this).length ? historyDirectoriesOf(this) : []);
    return eventLogWritersOf(this)
      .filter(({ directory }) => !readers.has(directory))
      .map(({ writer, directory }) => problem('eventLog', this.logDirectory,
        `is not where ${writer.node.path} writes its event logs (${directory}), so its runs would never show up`,
        'pass the same EventLog object to the application and the History Server'));
  }
}

/** The directories every History Server in the App reads. */
function historyDirectoriesOf(c: Construct): string[] {
  return c.node.root.node.findAll().filter((x): x is SparkHistoryServer => x instanceof SparkHistoryServer).map((h) => h.logDirectory);
}
