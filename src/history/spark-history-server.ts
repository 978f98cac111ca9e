import { ApiObject, ApiObjectProps, Duration, Names, Size } from 'cdk8s';
import type { Cpu, ImagePullPolicy, k8s } from 'cdk8s-plus-28';
import { Construct, IConstruct } from 'constructs';
import { argumentProblem, escapeExpansion } from '../_input';
import { plus, PULL_POLICY } from '../_plus';
import { eventLogWritersOf, historyServersOf, registerAppChecks, registerHistoryServer, registerWorkload } from '../_registry';
import { checkAll, checkDns1035, collectsProblems, fail, problem } from '../_validation';
import { checkHistoryNetwork, HISTORY_KIND, historyPodLabels, historyPolicy } from './_network';
import { renderIngress } from '../application/_ingress';
import { resolveNetwork } from '../application/_network';
import { checkMavenCoordinates, checkS3a } from '../application/_rules';
import { HADOOP_AWS, hadoopVersionOf, isS3aUri, isStockSparkImage, s3aBucketOf, s3aPackage } from '../application/_s3a-connector';
import { EventLog } from '../application/event-log';
import { IngressOptions } from '../application/exposure';
import { ClusterNetwork, renderPolicy } from '../network/_policy';
import { NetworkPeer } from '../network/network-peer';
import { SparkNetworkOptions } from '../network/spark-network';
import { podBudget } from '../pod/_budget';
import { configFiles, filesChecksum, configVolume, CONFIG_CHECKSUM_ANNOTATION, daemonEnv, SPARK_CONF_DIR, sparkDefaultsFile } from '../pod/_config-files';
import { checkImage } from '../pod/_image';
import { prune, renderPodTemplate } from '../pod/_pod-renderer';
import { PROBE_EXAMPLE } from '../pod/_probes';
import { containerResources, ProcessResources, resolveProcessResources } from '../pod/_resources';
import { optOutAnnotations } from '../pod/_security-opt-outs';
import { uiCheck, uiFilters, uiProbe } from '../pod/_ui-probe';
import { SparkPodOptions } from '../pod/pod-options';
import { SecurityOptOut } from '../pod/security-opt-out';
import { identityServiceAccount } from '../rbac/_identity';
import { checkJobNamespace, resolveNamespace } from '../rbac/_namespace';
import {
  checkBoolean, checkEnum, checkNumber, checkObject, checkPropsObject, checkSecurityOptOuts, checkSparkVersion, checkString, checkStringList,
  checkStringMap, cpuMillicores, durationSeconds, sizeKibibytes,
} from '../rbac/_props';
import { ISparkJobNamespace } from '../rbac/spark-job-namespace';
import { WorkloadIdentity } from '../rbac/workload-identity';
import { sparkMemoryString } from '../spark/_memory';
import { SparkConf } from '../spark/_spark-conf';
import { SparkVersion } from '../spark/spark-version';

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

/** Props of `SparkHistoryServer`. */
export interface SparkHistoryServerProps {
  /** Where the applications' event logs are: the same `EventLog` the applications take. */
  readonly eventLog: EventLog;
  /**
   * Name.
   * @default - derived from the construct path
   */
  readonly name?: string;
  /**
   * Namespace.
   * @default - the job namespace's, else the chart's
   */
  readonly namespace?: string;
  /**
   * The team namespace the server runs in (`namespace`, if also given, must
   * match it). Its `network` applies unless the server has its own; the
   * server keeps its own ServiceAccount rules (it runs as the namespace's
   * default account, or its own with `identity`).
   * @default - none
   */
  readonly jobNamespace?: ISparkJobNamespace;
  /**
   * The cluster's network facts. With them the server's pod carries the
   * labels `spark.cdk8s.io/kind`, `name` and `role: history-server`, and a
   * NetworkPolicy named like the server admits `uiAllowFrom` on the UI port
   * and nothing else, and lets the pod reach DNS, for an event log on an
   * object store that store (`objectStorage`), and with packages (also the
   * hadoop-aws an `s3a://` event log implies on an image without S3A) the
   * `packageRepositories`; never the API server (the server mounts no API
   * token). An event log on HDFS is refused (the network facts cannot name it).
   * @default - the job namespace's, else no NetworkPolicy
   */
  readonly network?: SparkNetworkOptions;
  /**
   * Who may reach the UI and REST API (`SparkHistoryServer.PORT`). Needs
   * NetworkPolicies (`network`, or a job namespace with one). With
   * `ingress`, name the ingress controller's namespace here. An empty list
   * is refused: a NetworkPolicy rule without peers admits everyone.
   * `kubectl port-forward` still reaches the UI.
   * @default - nobody through the network
   */
  readonly uiAllowFrom?: NetworkPeer[];
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
   * Heap of the History Server (`SPARK_DAEMON_MEMORY`); the pod's memory is
   * the heap plus max(10 %, 384 MiB).
   * @default Size.gibibytes(1)
   */
  readonly memory?: Size;
  /**
   * CPU request of the pod (may be fractional).
   * @default Cpu.millis(500)
   */
  readonly coreRequest?: Cpu;
  /**
   * Maven packages put on the classpath at start-up (`group:artifact:version`).
   * The server then starts through `spark-submit --packages` (which needs
   * access to Maven Central or `repositories`) instead of `spark-class`
   * directly. For an `s3a://` event log, S3A's `org.apache.hadoop:hadoop-aws`
   * of the Spark line's Hadoop version is added unless listed here or
   * `imageIncludesS3a` is set; on the stock image a listed one must be that
   * version.
   * @default - none, except hadoop-aws for an `s3a://` event log
   */
  readonly packages?: string[];
  /**
   * The image already carries S3A: `hadoop-aws` and the AWS SDK matching its
   * Hadoop client jars. Without it an `s3a://` event log adds the
   * `hadoop-aws` package of the Spark line's Hadoop (the stock `apache/spark`
   * images carry no S3A). The same prop as the applications'.
   * @default false
   */
  readonly imageIncludesS3a?: boolean;
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
   * An Ingress in front of the Service. The History Server shows every
   * application's UI to anyone who reaches it: put an authenticating proxy
   * in front (its annotations go in `ingress.annotations`).
   * @default - none (ClusterIP only)
   */
  readonly ingress?: IngressOptions;
  /**
   * The readiness probe of the server.
   * @default - HTTP GET `/api/v1/applications` on the UI port; a TCP check of the UI port when `spark.ui.filters` is set (Spark puts the filters in front of every path, and an authenticating filter answers the kubelet with 403)
   */
  readonly readinessProbe?: k8s.Probe;
  /**
   * The liveness probe of the server.
   * @default - none
   */
  readonly livenessProbe?: k8s.Probe;
  /**
   * Pod settings of the History Server pod.
   * @default - none
   */
  readonly pod?: SparkPodOptions;
  /**
   * Named exceptions to the secure defaults its pod accepts (a weaker
   * sidecar, a sensitive mount, a system priority class), recorded in the
   * annotation `spark.cdk8s.io/security-opt-outs` on the Deployment.
   * @default - none
   */
  readonly securityOptOuts?: SecurityOptOut[];
  /**
   * A cloud identity for reading the event logs without static keys: the
   * server then runs as a ServiceAccount of its own (named like the server,
   * child `ServiceAccount`, still without an API token: the identity
   * webhooks project their own token), annotated with the identity, and its
   * pod gets the labels the identity needs (Azure). With IRSA, give the
   * event log `S3a.withWebIdentity()`.
   * @default - none: the pod runs as the namespace's default ServiceAccount
   */
  readonly identity?: WorkloadIdentity;
}

/**
 * The Spark History Server: a Deployment and a ClusterIP Service on 18080
 * reading the event logs applications write, with a readiness probe on
 * `/api/v1/applications` (a TCP check behind UI filters) and no
 * service-account token (it does not call the Kubernetes API). The
 * Deployment is the default child (`ApiObject.of(server)`).
 *
 * Spark needs the log directory to exist: the server exits at start when it
 * does not (FsHistoryProvider.startPolling), and so does every application
 * writing there (EventLogFileWriter.requireLogBaseDirAsDirectory). On an
 * object store a prefix without objects does not exist, so for a directory
 * below the root of a bucket or file system an init container creates it
 * (`FsShell -mkdir -p`, with the server's Hadoop settings and credentials)
 * before the server starts. Applications must not write there before the
 * History Server has started once.
 *
 * The `EventLog` is the one source of truth: pass the same object to the
 * applications (`SparkApplication`, `SparkSubmitJob`, `SparkConnectServer`)
 * and to the History Server. When an App holds a History Server, synth fails
 * for every application in it whose event log directory is not exactly one a
 * History Server there reads (the History Server does not look into
 * sub-directories, so those runs would never show up).
 */
@collectsProblems('SparkHistoryServerProps')
export class SparkHistoryServer extends Construct {
  /** The UI and REST port. */
  public static readonly PORT = 18080;

  /** Name of the Deployment, Service and ConfigMap prefix. */
  public readonly name: string;
  /** Namespace. */
  public readonly namespace: string;
  /** The event log directory read (`spark.history.fs.logDirectory`). */
  public readonly logDirectory: string;
  /** The UI and REST URL inside the cluster. */
  public readonly url: string;

  constructor(scope: Construct, id: string, props: SparkHistoryServerProps) {
    super(scope, id);
    registerAppChecks(this);
    checkServerProps(this, props);
    this.name = props.name ?? Names.toDnsLabel(this, { maxLen: 58 });
    checkDns1035(this, 'name', this.name, 58, 'it names the Service and the ConfigMap \'<name>-conf\'');
    this.namespace = resolveNamespace(this, props, 'spark-history');
    this.logDirectory = checkEventLog(this, props.eventLog);
    this.url = `http://${this.name}.${this.namespace}.svc:${SparkHistoryServer.PORT}`;
    const server = resolveServer(this, props);
    const network = serverNetwork(this, props, server);
    const conf = this.renderConf(props, server.packages);
    const files = { 'spark-defaults.conf': sparkDefaultsFile(conf) };
    const configMap = configFiles(this, 'Config', `${this.name}-conf`, this.namespace, () => files);
    const labels = { 'app.kubernetes.io/name': 'spark-history-server', 'app.kubernetes.io/instance': this.name };
    const meta = { name: this.name, namespace: this.namespace, labels };
    const account = identityServiceAccount(this, props.identity, meta);
    // The policy's labels go on the pod template only: the Deployment's selector never changes.
    const podLabels = network ? { ...labels, ...historyPodLabels(this.name) } : labels;
    const context = { config: configMap.name, checksum: filesChecksum(files), labels: podLabels, conf, account };
    const template = renderServerPod(this, props, server, context);
    new ApiObject(this, 'Resource', deployment(meta, template, optOutAnnotations(server.optOuts)));
    new ApiObject(this, 'Service', service(meta));
    if (props.ingress) {
      new ApiObject(this, 'Ingress', renderIngress(this, props.ingress, { metadata: meta, service: meta.name, port: 'http', exampleHost: 'spark-history.example.com' }));
    }
    this.renderNetwork(props, server, network, template);
    // One check per App, on its first History Server: no scan of the construct tree.
    if (registerHistoryServer(this, props.eventLog.volume)) {
      this.node.addValidation({ validate: () => unreadEventLogs(this) });
    }
  }

  /**
   * The server's NetworkPolicy (with the cluster's network facts), and the
   * server as its namespace's quota and default deny see it: its pod, and
   * whether it has a policy.
   */
  private renderNetwork(props: SparkHistoryServerProps, server: ResolvedServer, network: ClusterNetwork | undefined, template: any): void {
    if (network) {
      const packages = server.packages.length > 0;
      renderPolicy(this, historyPolicy({
        name: this.name, namespace: this.namespace, port: SparkHistoryServer.PORT, eventLog: props.eventLog, uiAllowFrom: props.uiAllowFrom, packages,
      }, network));
    }
    registerWorkload({
      workload: this,
      kind: HISTORY_KIND,
      name: this.name,
      namespace: this.namespace,
      budget: () => podBudget(template.spec),
      policies: () => network !== undefined,
    });
  }

  /** The server's `spark-defaults.conf` entries: log directory, port, cleaner, S3A, packages, then raw `sparkConf`. */
  private renderConf(props: SparkHistoryServerProps, packages: string[]): { [key: string]: string } {
    const conf = new SparkConf(this, this.namespace);
    const own = (key: string, prop: string, value?: string) => conf.own(key, prop, value);
    own('spark.history.fs.logDirectory', 'eventLog', this.logDirectory);
    own('spark.history.ui.port', 'the UI port', String(SparkHistoryServer.PORT));
    ownCleaner(this, conf, props.cleaner ?? {});
    const hadoop = hadoopVersionOf(props.sparkVersion ?? SparkVersion.DEFAULT);
    for (const [key, value] of Object.entries(props.eventLog.s3a?._hadoopConf({ hadoop }) ?? {})) {
      own(`spark.hadoop.${key}`, 'eventLog.s3a', value);
    }
    own('spark.jars.packages', 'packages');
    own('spark.jars.repositories', 'repositories');
    own('spark.jars.ivy', 'packages');
    if (packages.length) {
      own('spark.jars.packages', 'packages', packages.join(','));
      own('spark.jars.ivy', 'packages', '/tmp/.ivy2');
      if (props.repositories?.length) own('spark.jars.repositories', 'repositories', props.repositories.join(','));
    }
    conf.setAll(props.sparkConf);
    return conf.render();
  }
}

/** The class `start-history-server.sh` runs. */
const HISTORY_SERVER_CLASS = 'org.apache.spark.deploy.history.HistoryServer';

/**
 * Hadoop's file-system shell. Spark's jars/ hold hadoop-client-api, which
 * shades in every org.apache.hadoop class of hadoop-client's dependencies,
 * hadoop-common among them (hadoop-client-modules/hadoop-client-api/pom.xml:
 * `<include>org.apache.hadoop:*</include>`, org/apache/hadoop not relocated).
 */
const FS_SHELL_CLASS = 'org.apache.hadoop.fs.FsShell';

/** The init container that creates the event log directory. */
const LOG_DIR_INIT = 'create-event-log-dir';

/** The server's settings, resolved and checked. */
interface ResolvedServer {
  readonly image: string;
  readonly resources: ProcessResources;
  readonly packages: string[];
  readonly optOuts: SecurityOptOut[];
}

/** The configuration a pod template refers to, and the labels it carries. */
interface PodContext {
  readonly config: string;
  readonly checksum: string;
  readonly labels: { [key: string]: string };
  /** The server's `spark-defaults.conf` entries. */
  readonly conf: { [key: string]: string };
  /** The ServiceAccount of an identity (`identity`), and the pod labels it needs. */
  readonly account?: { readonly name: string; readonly podLabels: { [key: string]: string } };
}

/**
 * The runtime type of every prop, for JavaScript callers: the library's
 * message instead of a TypeError further down. Values are checked where
 * they are resolved.
 */
function checkServerProps(scope: IConstruct, props: SparkHistoryServerProps): void {
  checkPropsObject(scope, props, '{ eventLog: EventLog.toUrl(\'s3a://bucket/spark-events\') }');
  const cleaner = props.cleaner ?? {};
  checkAll(scope, [
    () => checkString(scope, 'name', props.name),
    () => checkJobNamespace(scope, props.jobNamespace),
    () => checkSparkVersion(scope, 'sparkVersion', props.sparkVersion),
    () => checkString(scope, 'image', props.image),
    () => checkEnum(scope, 'imagePullPolicy', props.imagePullPolicy, PULL_POLICY, 'ImagePullPolicy'),
    () => checkStringList(scope, 'packages', props.packages),
    () => checkStringList(scope, 'repositories', props.repositories),
    () => checkBoolean(scope, 'imageIncludesS3a', props.imageIncludesS3a),
    () => checkStringMap(scope, 'sparkConf', props.sparkConf),
    () => checkObject(scope, 'cleaner', props.cleaner, '{ maxAge: Duration.days(30) }'),
    () => checkObject(scope, 'ingress', props.ingress, '{ host: \'spark-history.example.com\' }'),
    () => checkObject(scope, 'pod', props.pod, '{ nodeSelector: { pool: \'spark\' } }'),
    () => checkObject(scope, 'readinessProbe', props.readinessProbe, PROBE_EXAMPLE),
    () => checkObject(scope, 'livenessProbe', props.livenessProbe, PROBE_EXAMPLE),
    () => checkBoolean(scope, 'cleaner.enabled', cleaner.enabled),
    () => checkNumber(scope, 'cleaner.maxNum', cleaner.maxNum, 'keep at least one log or leave it unset'),
  ]);
}

/**
 * The cluster's network facts the server uses (its own `network`, else its
 * job namespace's), with `uiAllowFrom` checked, and what its policy would cut
 * it off from refused.
 */
function serverNetwork(scope: IConstruct, props: SparkHistoryServerProps, server: ResolvedServer): ClusterNetwork | undefined {
  const network = resolveNetwork(scope, props, false);
  if (network) {
    checkHistoryNetwork(scope, {
      network, eventLog: props.eventLog, packages: server.packages, ingress: props.ingress, uiAllowFrom: props.uiAllowFrom,
    });
  }
  return network;
}

/** Checks the event log and returns the directory it names. */
function checkEventLog(scope: IConstruct, eventLog: EventLog | undefined): string {
  if (!eventLog) {
    fail(scope, 'eventLog', eventLog, 'must be set: a History Server without a log directory shows nothing',
      'pass the EventLog your applications write to, e.g. EventLog.toUrl(\'s3a://bucket/spark-events\')');
  }
  if (typeof eventLog._problem !== 'function') {
    fail(scope, 'eventLog', eventLog, 'must be an EventLog', `use EventLog.toUrl(${typeof eventLog === 'string' ? `'${eventLog}'` : '\'s3a://bucket/spark-events\''})`);
  }
  const logProblem = eventLog._problem();
  if (logProblem) {
    fail(scope, 'eventLog', eventLog.directory, logProblem.requirement, logProblem.fix);
  }
  checkS3a(scope, 'eventLog.s3a', eventLog.s3a);
  const bucket = eventLog.s3a?.bucket;
  if (bucket !== undefined && isS3aUri(eventLog.directory) && s3aBucketOf(eventLog.directory) !== bucket) {
    fail(scope, 'eventLog.s3a.bucket', bucket, `must be the event log's bucket '${s3aBucketOf(eventLog.directory)}' (${eventLog.directory})`, `use '${s3aBucketOf(eventLog.directory)}', or leave it unset`);
  }
  if (directoryToCreate(eventLog) !== undefined && /[*?[\]{}\\]/.test(eventLog.directory)) {
    fail(scope, 'eventLog', eventLog.directory,
      'must not contain glob characters (* ? [ ] { } \\): the init container creating the directory runs FsShell -mkdir, which expands them',
      'name the directory without them, e.g. \'s3a://spark-logs/events\'');
  }
  return eventLog.directory;
}

/**
 * The directory the init container creates: an event log on a URL below
 * the root of its bucket or file system. Not one on a volume (its mount
 * point exists) and not a root (`s3a://bucket`), which always exists.
 */
function directoryToCreate(eventLog: EventLog): string | undefined {
  if (eventLog.volume !== undefined) {
    return undefined;
  }
  const path = /^[a-z][a-z0-9+.-]*:\/\/[^/]*(\/.*)?$/i.exec(eventLog.directory)?.[1] ?? '';
  return path.replace(/\/+$/, '') === '' ? undefined : eventLog.directory;
}

/** Resolves and checks image, heap, CPU request, packages and opt-outs. */
function resolveServer(scope: IConstruct, props: SparkHistoryServerProps): ResolvedServer {
  const version = props.sparkVersion ?? SparkVersion.DEFAULT;
  const image = props.image ?? version.defaultImage;
  checkImage(scope, 'image', image, version.version);
  const memory = props.memory ?? Size.gibibytes(1);
  const heapKib = sizeKibibytes(scope, 'memory', memory, 'use Size.gibibytes(1) or more for many applications');
  if (heapKib < 128 * 1024) {
    fail(scope, 'memory', sparkMemoryString(heapKib), 'must be a whole number of KiB and at least 128m', 'use Size.gibibytes(1) or more for many applications');
  }
  const coreRequest = props.coreRequest ?? plus().Cpu.millis(500);
  cpuMillicores(scope, 'coreRequest', coreRequest);
  const packages = resolvePackages(scope, props, version, image);
  if (props.repositories?.length && packages.length === 0) {
    fail(scope, 'repositories', props.repositories, 'only applies with \'packages\'', 'add the packages or remove it');
  }
  (props.repositories ?? []).forEach((url, i) => checkRepository(scope, `repositories[${i}]`, url));
  const optOuts = checkSecurityOptOuts(scope, props.securityOptOuts, { construct: 'a SparkHistoryServer', own: {}, pods: true });
  return { image, resources: resolveProcessResources(scope, 'historyServer', { memory, coreRequest }, 0.1), packages, optOuts };
}

/**
 * The packages the server resolves at start-up: the listed ones and, for an
 * `s3a://` event log, S3A's hadoop-aws of the Spark line's Hadoop
 * (`s3aPackage`; it brings the AWS SDK bundle as a Maven dependency),
 * unless the image carries S3A (`imageIncludesS3a`) or a hadoop-aws is
 * listed, which on the stock image must be that version. Without S3A,
 * FsHistoryProvider cannot load S3AFileSystem and the server exits. The
 * rules of the applications' `deps.packages` (application/_assemble.ts).
 */
function resolvePackages(scope: IConstruct, props: SparkHistoryServerProps, version: SparkVersion, image: string): string[] {
  const listed = checkMavenCoordinates(scope, 'packages', props.packages);
  if (!isS3aUri(props.eventLog.directory) || props.imageIncludesS3a) {
    return listed;
  }
  const wanted = s3aPackage(version);
  const index = listed.findIndex((p) => p.startsWith(HADOOP_AWS));
  const line = `${version.major}.${version.minor}`;
  if (index >= 0) {
    if (wanted !== undefined && listed[index] !== wanted && isStockSparkImage(image)) {
      fail(scope, `packages[${index}]`, listed[index],
        `must be '${wanted}' for the stock Spark ${line} image, whose Hadoop client jars are ${wanted.slice(HADOOP_AWS.length)} (S3A must match them exactly)`,
        'remove it: S3A\'s package is added for you');
    }
    return listed;
  }
  if (wanted === undefined) {
    fail(scope, 'imageIncludesS3a', undefined,
      `must be set: the event log is on S3A, and this library does not know the Hadoop version of Spark ${line} to add the matching hadoop-aws package`,
      `use an image that carries hadoop-aws and set imageIncludesS3a: true, or add '${HADOOP_AWS}<the Hadoop version of Spark ${line}>' to 'packages'`);
  }
  return [...listed, wanted];
}

/**
 * A Maven repository for `spark-submit --packages`: an http(s) URL on one
 * line, without a comma (Spark splits `spark.jars.repositories` at commas)
 * and without credentials (they would sit in the ConfigMap in clear).
 */
function checkRepository(scope: IConstruct, prop: string, url: string): void {
  const problemOf = argumentProblem(url);
  if (problemOf) {
    fail(scope, prop, problemOf.requirement.startsWith('holds') ? '<redacted>' : url, problemOf.requirement, problemOf.fix);
  }
  if (!/^https?:\/\/[^\s,/]+(\/[^\s,]*)?$/.test(url)) {
    fail(scope, prop, url, 'must be one http(s) URL (Spark splits the repository list at commas)', 'use e.g. \'https://repo.example.com/maven2\', one entry per repository');
  }
}

/** Declares the cleaner's keys and sets them (`spark.history.fs.cleaner.*`). */
function ownCleaner(scope: IConstruct, conf: SparkConf, cleaner: HistoryCleanerOptions): void {
  const own = (key: string, value?: string) => conf.own(`spark.history.fs.cleaner.${key}`, `cleaner.${key}`, value);
  own('enabled', String(cleaner.enabled ?? true));
  own('interval', sparkDuration(scope, 'cleaner.interval', cleaner.interval ?? Duration.days(1)));
  own('maxAge', sparkDuration(scope, 'cleaner.maxAge', cleaner.maxAge ?? Duration.days(7)));
  if (cleaner.maxNum !== undefined && (!Number.isInteger(cleaner.maxNum) || cleaner.maxNum < 1)) {
    fail(scope, 'cleaner.maxNum', cleaner.maxNum, 'must be a whole number of at least 1', 'keep at least one log or leave it unset');
  }
  own('maxNum', cleaner.maxNum === undefined ? undefined : String(cleaner.maxNum));
}

/** The History Server pod: the stock start script, or spark-submit when packages must be resolved first; the log directory created first. */
function renderServerPod(scope: IConstruct, props: SparkHistoryServerProps, server: ResolvedServer, context: PodContext): any {
  const confVolume = configVolume(context.config);
  const eventLog = props.eventLog;
  const pod = props.pod ?? {};
  const filters = uiFilters(context.conf);
  const ports = ['http', ...(pod.ports ?? []).map((p) => p.name)];
  const template = renderPodTemplate({
    scope,
    prop: 'pod',
    options: {
      ...pod,
      volumes: [
        ...(pod.volumes ?? []),
        ...(eventLog.volume ? [{ volume: eventLog.volume, path: eventLog.mountPath!, readOnly: false }] : []),
      ],
    },
    container: {
      name: 'spark-history-server',
      image: server.image,
      imagePullPolicy: props.imagePullPolicy ?? PULL_POLICY.IF_NOT_PRESENT,
      ...launchCommand(server),
      env: [...daemonEnv(), { name: 'SPARK_DAEMON_MEMORY', value: server.resources.memory }, ...(eventLog.s3a?._env() ?? [])],
      ports: [{ name: 'http', number: SparkHistoryServer.PORT }],
      resources: containerResources(server.resources),
      readinessProbe: uiProbe(scope, 'readinessProbe', props.readinessProbe, ports, filters)
        ?? { ...uiCheck(filters, '/api/v1/applications'), initialDelaySeconds: 15, periodSeconds: 10 },
      livenessProbe: uiProbe(scope, 'livenessProbe', props.livenessProbe, ports, filters),
      volumeMounts: [confVolume.mount],
    },
    volumes: [confVolume.volume],
    automountServiceAccountToken: false,
    serviceAccountName: context.account?.name,
    labels: { ...context.account?.podLabels, ...context.labels },
    annotations: { [CONFIG_CHECKSUM_ANNOTATION]: context.checksum },
    optOuts: server.optOuts,
  });
  const directory = directoryToCreate(eventLog);
  if (directory !== undefined) {
    addLogDirectoryInit(scope, pod, template.spec, directory, server, context.conf);
  }
  return template;
}

/**
 * Why: the server validates the directory at start, FsHistoryProvider.startPolling
 * (core/src/main/scala/org/apache/spark/deploy/history/FsHistoryProvider.scala)
 * throws "Log directory specified does not exist" on a FileNotFoundException
 * from getFileStatus and its init thread's handler calls System.exit(1);
 * every writer runs EventLogFileWriter.requireLogBaseDirAsDirectory
 * (core/.../deploy/history/EventLogFileWriters.scala), getFileStatus of the
 * directory, at SparkContext start. On S3A a prefix without objects is not
 * found.
 *
 * Creates the log directory before the server starts, as the last init
 * container (after the user's, which may prepare what it reads, e.g. a
 * trust store): Hadoop's `FsShell -mkdir -p`, a no-op when the directory
 * exists (shell/Mkdir.java), which on S3A writes the directory marker
 * `<prefix>/` (s3a/impl/MkdirOperation.java, createFakeDirectory). It runs in
 * the server's image with the server's container settings: its environment
 * (the S3A credentials, which S3A's default credential chain reads from
 * AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, HADOOP-12807), mounts, hardening
 * and resources, so it costs the pod no extra request. spark-submit puts
 * the server's packages (hadoop-aws) on the class path and runs FsShell's
 * main in its JVM (local mode, `spark-internal`, as for the server); FsShell
 * reads no Spark configuration, so the server's `spark.hadoop.*` settings
 * reach it as Hadoop generic options (`-D key=value`,
 * util/GenericOptionsParser.java), each `$` doubled so Kubernetes expands
 * nothing. The values are the ones spark-defaults.conf holds, which passed
 * the secret checks of the configuration.
 */
function addLogDirectoryInit(
  scope: IConstruct, pod: SparkPodOptions, spec: any, directory: string, server: ResolvedServer, conf: { [key: string]: string },
): void {
  [...(pod.initContainers ?? []).map((c, i) => [`pod.initContainers[${i}]`, c.name]), ...(pod.sidecars ?? []).map((c, i) => [`pod.sidecars[${i}]`, c.name])]
    .filter(([, name]) => name === LOG_DIR_INIT)
    .forEach(([where, name]) => fail(scope, `${where}.name`, name, 'is the name of the init container that creates the event log directory',
      'give the container another name'));
  const main = spec.containers[0];
  const hadoop = Object.keys(conf).filter((key) => key.startsWith('spark.hadoop.'))
    .flatMap((key) => ['-D', escapeExpansion(`${key.slice('spark.hadoop.'.length)}=${conf[key]}`)]);
  const init = {
    name: LOG_DIR_INIT,
    image: main.image,
    imagePullPolicy: main.imagePullPolicy,
    command: ['/opt/spark/bin/spark-submit'],
    args: [...submitOptions(server.resources.memory), '--class', FS_SHELL_CLASS, 'spark-internal', ...hadoop, '-mkdir', '-p', escapeExpansion(directory)],
    env: main.env,
    envFrom: main.envFrom,
    resources: main.resources,
    securityContext: main.securityContext,
    volumeMounts: main.volumeMounts,
  };
  spec.initContainers = [...(spec.initContainers ?? []), prune(init)];
}

/**
 * Without packages `spark-class` runs the server's main class, as
 * `start-history-server.sh` would, but as PID 1 (`spark-class` ends in
 * `exec`; under the start script bash would be PID 1 and ignore SIGTERM);
 * with packages spark-submit resolves them and runs the same main class.
 */
function launchCommand(server: ResolvedServer): { command: string[]; args?: string[] } {
  if (server.packages.length === 0) {
    return { command: ['/opt/spark/bin/spark-class', HISTORY_SERVER_CLASS] };
  }
  return {
    command: ['/opt/spark/bin/spark-submit'],
    args: [...submitOptions(server.resources.memory), '--class', HISTORY_SERVER_CLASS, 'spark-internal'],
  };
}

/** spark-submit in local mode with the server's heap and configuration (packages, repositories, Ivy directory). */
function submitOptions(heap: string): string[] {
  return ['--master', 'local[1]', '--driver-memory', heap, '--properties-file', `${SPARK_CONF_DIR}/spark-defaults.conf`];
}

/** The Deployment (1 replica, Recreate), the server's main object, with the opt-outs its pod takes. */
function deployment(meta: { name: string; labels: { [key: string]: string } }, template: any, annotations: { [key: string]: string },
): ApiObjectProps {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: Object.keys(annotations).length ? { ...meta, annotations } : meta,
    spec: { replicas: 1, strategy: { type: 'Recreate' }, selector: { matchLabels: meta.labels }, template },
  };
}

/** The ClusterIP Service on the UI port. */
function service(meta: { labels: { [key: string]: string } }): ApiObjectProps {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta,
    spec: { type: 'ClusterIP', selector: meta.labels, ports: [{ name: 'http', port: SparkHistoryServer.PORT, targetPort: 'http', protocol: 'TCP' }] },
  };
}

/**
 * Every application in the App that writes event logs must write where a
 * History Server reads: the same directory and, for a directory on a
 * PersistentVolumeClaim, the same claim in the same namespace (a claim of
 * the same name in another namespace is another volume). One volume used
 * from two namespaces is reported by the App-wide checks (_registry.ts).
 */
function unreadEventLogs(first: SparkHistoryServer): string[] {
  const servers = historyServersOf(first);
  const shown = servers.length === 1 ? `'${first.logDirectory}'` : servers.map((s) => `'${s.server.logDirectory}'`).join(', ');
  const errors: string[] = [];
  for (const w of eventLogWritersOf(first)) {
    const sameDirectory = servers.filter((s) => s.server.logDirectory === w.directory);
    if (sameDirectory.length === 0) {
      errors.push(problem('eventLog', w.directory, `of ${w.writer.node.path} is not a directory a History Server in this App reads (${shown}), so its runs would never show up`,
        'pass the same EventLog object to the application and the History Server'));
    } else if (w.claim !== undefined && w.namespace !== undefined
      && !sameDirectory.some((s) => s.volume === w.volume || (s.claim === w.claim && s.namespace === w.namespace))) {
      const read = sameDirectory.map((s) => s.claim === undefined ? `${s.server.node.path} reads no claim` : `${s.server.node.path} reads '${s.claim}' in namespace '${s.namespace}'`);
      errors.push(problem('eventLog', w.directory,
        `of ${w.writer.node.path} is on the PersistentVolumeClaim '${w.claim}' in namespace '${w.namespace}', which no History Server in this App reads (${read.join('; ')}), so its runs would never show up`,
        'run the application in the History Server\'s namespace with the same EventLog object, or use an object store (EventLog.toUrl(\'s3a://bucket/spark-events\'))'));
    }
  }
  return errors;
}

/** A Duration as a Spark time string in its largest whole unit (`7d`, `12h`, `30min`, `45s`). */
function sparkDuration(scope: IConstruct, prop: string, duration: Duration): string {
  const seconds = durationSeconds(scope, prop, duration, 1, 'use Duration.hours(1) or similar');
  for (const [unit, size] of [['d', 86400], ['h', 3600], ['min', 60]] as const) {
    if (seconds % size === 0) return `${seconds / size}${unit}`;
  }
  return `${seconds}s`;
}
