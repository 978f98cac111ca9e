import { ApiObject, App, Duration, Names, Size, SizeRoundingBehavior } from 'cdk8s';
import { Cpu, ImagePullPolicy } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { eventLogWritersOf } from '../_registry';
import { checkAnnotations, checkDns1035, DNS_1123_SUBDOMAIN, fail, problem } from '../_validation';
import { checkMavenCoordinates } from '../application/_rules';
import { EventLog } from '../application/event-log';
import { configFiles, filesChecksum, configVolume, CONFIG_CHECKSUM_ANNOTATION, daemonEnv, SPARK_CONF_DIR, sparkDefaultsFile } from '../pod/_config-files';
import { checkImage } from '../pod/_image';
import { renderPodTemplate } from '../pod/_pod-renderer';
import { containerResources, cpuMillis, resolveProcessResources } from '../pod/_resources';
import { SparkPodOptions } from '../pod/pod-options';
import { resolveNamespace } from '../rbac/_namespace';
import { sparkMemoryString, wholeKibibytes } from '../spark/_memory';
import { SparkConf } from '../spark/_spark-conf';
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
   * Maven packages put on the classpath at start-up (`group:artifact:version`),
   * e.g. `org.apache.hadoop:hadoop-aws:3.4.1` for S3A event logs with the
   * stock image. The server then starts through `spark-submit --packages`
   * (which needs access to Maven Central or `repositories`) instead of
   * `start-history-server.sh`.
   * @default - none: the image must carry the file-system connector
   */
  readonly packages?: string[];
  /**
   * Maven repositories for `packages`.
   * @default - Maven Central
   */
  readonly repositories?: string[];
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
 * The Spark History Server: a Deployment and a ClusterIP Service on 18080
 * reading the event logs applications write, with a readiness probe on
 * `/api/v1/applications` and no service-account token (it does not call the
 * Kubernetes API).
 *
 * The `EventLog` is the one source of truth: pass the same object to the
 * applications (`SparkApplication`, `SparkSubmitJob`, `SparkConnectServer`)
 * and to the History Server. When an App holds a History Server, synth fails
 * for every application in it whose event log directory is not exactly one a
 * History Server there reads (the History Server does not look into
 * sub-directories, so those runs would never show up).
 */
export class SparkHistoryServer extends Construct {
  /** Name of the Deployment, Service and ConfigMap prefix. */
  public readonly name: string;
  /** Namespace. */
  public readonly namespace: string;
  /** The event log directory read (`spark.history.fs.logDirectory`). */
  public readonly logDirectory: string;
  /** The UI and REST URL inside the cluster. */
  public readonly url: string;
  /** The Deployment. */
  public readonly deployment: ApiObject;
  /** The Service. */
  public readonly service: ApiObject;

  constructor(scope: Construct, id: string, props: SparkHistoryServerProps) {
    super(scope, id);
    this.name = props.name ?? Names.toDnsLabel(this, { maxLen: 58 });
    checkDns1035(this, 'name', this.name, 58, 'it names the Service and the ConfigMap \'<name>-conf\'');
    const namespace = resolveNamespace(this, props, 'spark-history');
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
    const heapKib = wholeKibibytes(memory);
    if (heapKib === undefined || heapKib < 128 * 1024) {
      fail(this, 'memory', heapKib === undefined ? `${memory.toKibibytes({ rounding: SizeRoundingBehavior.NONE })} KiB` : sparkMemoryString(heapKib),
        'must be a whole number of KiB and at least 128m', 'use Size.gibibytes(1) or more for many applications');
    }
    const cpu = props.cpu ?? Cpu.millis(500);
    if (!(cpuMillis(cpu) > 0)) {
      fail(this, 'cpu', cpu.amount, 'must be a positive CPU quantity', 'use Cpu.millis(500) or Cpu.units(1)');
    }
    const resources = resolveProcessResources(this, 'historyServer', { memory, coreRequest: cpu }, 0.1);
    const heap = sparkMemoryString(heapKib);

    const cleaner = props.cleaner ?? {};
    const conf = new SparkConf(this, namespace);
    const own = (key: string, prop: string, value: string) => conf.own(key, prop, value);
    own('spark.history.fs.logDirectory', 'eventLog', this.logDirectory);
    own('spark.history.ui.port', 'the UI port', String(HISTORY_SERVER_PORT));
    own('spark.history.fs.cleaner.enabled', 'cleaner.enabled', String(cleaner.enabled ?? true));
    own('spark.history.fs.cleaner.interval', 'cleaner.interval', sparkDuration(this, 'cleaner.interval', cleaner.interval ?? Duration.days(1)));
    own('spark.history.fs.cleaner.maxAge', 'cleaner.maxAge', sparkDuration(this, 'cleaner.maxAge', cleaner.maxAge ?? Duration.days(7)));
    conf.own('spark.history.fs.cleaner.maxNum', 'cleaner.maxNum');
    if (cleaner.maxNum !== undefined) {
      if (!Number.isInteger(cleaner.maxNum) || cleaner.maxNum < 1) {
        fail(this, 'cleaner.maxNum', cleaner.maxNum, 'must be a whole number of at least 1', 'keep at least one log or leave it unset');
      }
      own('spark.history.fs.cleaner.maxNum', 'cleaner.maxNum', String(cleaner.maxNum));
    }
    for (const [key, value] of Object.entries(props.eventLog.s3a?._hadoopConf() ?? {})) {
      own(`spark.hadoop.${key}`, 'eventLog.s3a', value);
    }
    const packages = checkMavenCoordinates(this, 'packages', props.packages);
    if (props.repositories?.length && packages.length === 0) {
      fail(this, 'repositories', props.repositories, 'only applies with \'packages\'', 'add the packages or remove it');
    }
    conf.own('spark.jars.packages', 'packages');
    conf.own('spark.jars.repositories', 'repositories');
    conf.own('spark.jars.ivy', 'packages');
    if (packages.length) {
      own('spark.jars.packages', 'packages', packages.join(','));
      own('spark.jars.ivy', 'packages', '/tmp/.ivy2');
      if (props.repositories?.length) own('spark.jars.repositories', 'repositories', props.repositories.join(','));
    }
    conf.setAll(props.sparkConf);

    const files = { 'spark-defaults.conf': sparkDefaultsFile(conf.render()) };
    const config = { name: configFiles(this, 'Config', `${this.name}-conf`, namespace, () => files).name, checksum: filesChecksum(files) };
    const confVolume = configVolume(config.name);
    const selector = { 'app.kubernetes.io/name': 'spark-history-server', 'app.kubernetes.io/instance': this.name };
    // Without packages the stock start script; with them spark-submit resolves them and runs the same main class.
    const launch = packages.length === 0
      ? { command: ['/opt/spark/sbin/start-history-server.sh'], args: undefined }
      : {
        command: ['/opt/spark/bin/spark-submit'],
        args: ['--master', 'local[1]', '--driver-memory', heap, '--properties-file', `${SPARK_CONF_DIR}/spark-defaults.conf`,
          '--class', HISTORY_SERVER_CLASS, 'spark-internal'],
      };
    const template = renderPodTemplate({
      scope: this,
      prop: 'pod',
      options: {
        ...props,
        volumes: [
          ...(props.volumes ?? []),
          ...(props.eventLog.volume ? [{ volume: props.eventLog.volume, path: props.eventLog.mountPath!, readOnly: false }] : []),
        ],
      },
      container: {
        name: 'spark-history-server',
        image,
        imagePullPolicy: props.imagePullPolicy ?? ImagePullPolicy.IF_NOT_PRESENT,
        ...launch,
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
      metadata: { name: this.name, namespace, labels: selector },
      spec: { replicas: 1, strategy: { type: 'Recreate' }, selector: { matchLabels: selector }, template },
    });
    this.service = new ApiObject(this, 'Service', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: this.name, namespace, labels: selector },
      spec: { type: 'ClusterIP', selector, ports: [{ name: 'http', port: HISTORY_SERVER_PORT, targetPort: 'http', protocol: 'TCP' }] },
    });
    this.url = `http://${this.name}.${namespace}.svc:${HISTORY_SERVER_PORT}`;
    if (props.ingress) {
      const ing = props.ingress;
      if (!DNS_1123_SUBDOMAIN.test(ing.host.replace(/^\*\./, 'x.'))) {
        fail(this, 'ingress.host', ing.host, 'must be a DNS name', 'use e.g. \'spark-history.example.com\'');
      }
      checkAnnotations(this, 'ingress.annotations', ing.annotations);
      new ApiObject(this, 'Ingress', {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'Ingress',
        metadata: { name: this.name, namespace, labels: selector, annotations: ing.annotations },
        spec: {
          ingressClassName: ing.ingressClassName,
          tls: ing.tlsSecretName ? [{ hosts: [ing.host], secretName: ing.tlsSecretName }] : undefined,
          rules: [{ host: ing.host, http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: this.name, port: { name: 'http' } } } }] } }],
        },
      });
    }
    // One check per App, on its first History Server: no scan of the construct tree.
    const app = appOf(this);
    if (app) {
      const servers = historyServers.get(app) ?? [];
      historyServers.set(app, [...servers, this]);
      if (servers.length === 0) {
        this.node.addValidation({ validate: () => checkWriters(this, historyServers.get(app) ?? [this]) });
      }
    }
  }
}

/** The class `start-history-server.sh` runs. */
const HISTORY_SERVER_CLASS = 'org.apache.spark.deploy.history.HistoryServer';

/** The History Servers of each App, in creation order. */
const historyServers = new WeakMap<App, SparkHistoryServer[]>();

function appOf(c: Construct): App | undefined {
  try {
    return App.of(c);
  } catch {
    return undefined;
  }
}

/** Every application in the App that writes event logs must write where a History Server reads. */
function checkWriters(first: SparkHistoryServer, servers: SparkHistoryServer[]): string[] {
  const read = new Set(servers.map((s) => s.logDirectory));
  const shown = servers.length === 1 ? `'${first.logDirectory}'` : servers.map((s) => `'${s.logDirectory}'`).join(', ');
  return eventLogWritersOf(first)
    .filter(({ directory }) => !read.has(directory))
    .map(({ writer, directory }) => problem('eventLog', directory,
      `of ${writer.node.path} is not a directory a History Server in this App reads (${shown}), so its runs would never show up`,
      'pass the same EventLog object to the application and the History Server'));
}

/** A Duration as a Spark time string in its largest whole unit (`7d`, `12h`, `30min`, `45s`). */
function sparkDuration(scope: Construct, prop: string, duration: Duration): string {
  const seconds = duration.toSeconds({ integral: false });
  if (!Number.isInteger(seconds) || seconds < 1) {
    fail(scope, prop, `${seconds}s`, 'must be a whole number of seconds, at least 1', 'use Duration.hours(1) or similar');
  }
  for (const [unit, size] of [['d', 86400], ['h', 3600], ['min', 60]] as const) {
    if (seconds % size === 0) return `${seconds / size}${unit}`;
  }
  return `${seconds}s`;
}
