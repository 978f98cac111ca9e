import { IConstruct } from 'constructs';
import { SERVICE_TYPE } from '../_plus';
import { toWire } from './_wire';
import {
  BatchScheduler, BatchSchedulerOptions, DeployMode, DriverIngressOptions, DriverServiceOptions, Monitoring, OperatorApplicationOptions,
  PythonVersion, RestartPolicy, SparkUiOptions,
} from './operator-options';
import { controlProblem } from '../_input';
import {
  checkAnnotations, checkBoolean, checkEnum, checkInteger, checkLabels, checkList, checkMap, checkNotSecret, checkSetProps, checkShape, checkString,
  checkStringMap,
  dropUndefined, fail, portNameProblem, PropCheck, sorted, undefinedIfEmpty, when, wholeSeconds,
} from '../_validation';
import { ApplicationModel, BackendTraits, DRIVER_CONTAINER, EXECUTOR_CONTAINER } from '../application/_assemble';
import { IngressTls } from '../application/exposure';
import type * as l1 from '../imports/sparkoperator.k8s.io';
import { ConfEntries, ROLE_CONF_KEYS } from '../spark/_spark-conf';
import { SparkApplicationType } from '../spark/application-type';

/** Scrape annotations of the Prometheus servlet, on the driver pod and its Service. */
const SERVLET_POD_ANNOTATIONS = { 'prometheus.io/scrape': 'true', 'prometheus.io/port': '4040', 'prometheus.io/path': '/metrics/executors/prometheus/' };
const SERVLET_SERVICE_ANNOTATIONS = { 'prometheus.io/scrape': 'true', 'prometheus.io/port': '4040', 'prometheus.io/path': '/metrics/driver/prometheus/' };

/**
 * The assembler traits of the operator's SparkApplication and the template
 * of a ScheduledSparkApplication: the same for every construct of a kind
 * (they read the props through the model), so made once per kind.
 */
export function operatorApplicationTraits(maxNameLength: number, nameLengthReason: string, construct: string): BackendTraits {
  let traits = OPERATOR_TRAITS.get(construct);
  if (traits === undefined) {
    traits = newOperatorApplicationTraits(maxNameLength, nameLengthReason, construct);
    OPERATOR_TRAITS.set(construct, traits);
  }
  return traits;
}

const OPERATOR_TRAITS = new Map<string, BackendTraits>();

function newOperatorApplicationTraits(maxNameLength: number, nameLengthReason: string, construct: string): BackendTraits {
  return {
    kind: construct.replace(/^an? /, ''),
    maxNameLength,
    nameLengthReason,
    construct,
    driverProp: 'driver',
    driverAccountSuffix: '-driver',
    // The driver never runs Spark's submission steps: the operator's controller runs spark-submit with the Spark of its
    // own image (internal/controller/sparkapplication/submission.go runSparkSubmit, v2.5.2 L72-78; Dockerfile L17/L38
    // FROM apache/spark:4.0.4), so a Spark 4.2 NetworkPolicyFeatureStep (a driver-builder step) runs there, if at all,
    // and the driver needs no networkpolicies rights.
    clusterMode: false,
    // The driver's spec fields go to the operator, which decides (as before: every field is passed on).
    driverPodBySpark: true,
    mainFile: true,
    ownKeys: (model) => {
      if ((model.options as OperatorApplicationOptions).monitoring?._kind !== 'servlet') return;
      const own = (key: string, value: string) => model.own(key, 'monitoring', value);
      own('spark.ui.prometheus.enabled', 'true');
      own('spark.executor.processTreeMetrics.enabled', 'true');
      own('spark.metrics.conf.*.sink.prometheusServlet.class', 'org.apache.spark.metrics.sink.PrometheusServlet');
      own('spark.metrics.conf.driver.sink.prometheusServlet.path', '/metrics/driver/prometheus/');
      own('spark.metrics.conf.executor.sink.prometheusServlet.path', '/metrics/executors/prometheus/');
    },
  };
}

/**
 * Renders the shared application model as the operator's v1beta2
 * `SparkApplicationSpec`. Every Spark configuration key the operator has a
 * spec field for is lifted out of `sparkConf` into that field (the operator
 * turns it back into the same `--conf`, internal/controller/sparkapplication/
 * submission.go at v2.5.2); everything else stays in `sparkConf`. Pod
 * settings go into `driver.template` / `executor.template`, so nothing
 * depends on the operator's webhook.
 */
export class OperatorApplicationSpec {
  private templates?: { revision: number; driver: any; executor: any };
  private readonly schedulerName?: string;

  constructor(scope: IConstruct, private readonly model: ApplicationModel, private readonly props: OperatorApplicationOptions) {
    checkOperatorOptions(scope, props);
    this.schedulerName = batchSchedulerName(scope, props, model);
    // Rendered now so that bad pod settings fail at construction.
    this.renderTemplates();
  }

  /** Settings that only take effect when the operator's mutating webhook runs. */
  public get webhookDependencies(): string[] {
    const deps: string[] = [];
    if (this.props.sparkConfigMap) deps.push('sparkConfigMap');
    if (this.props.hadoopConfigMap) deps.push('hadoopConfigMap');
    if (this.props.monitoring?._jmx) deps.push('monitoring (JMX exporter)');
    return deps;
  }

  /** The spec in wire format. */
  public render(extra: { suspend?: boolean } = {}): any {
    const props = this.props;
    const model = this.model;
    const conf = new LiftedConf(model.sparkConfEntries(), model.hadoopConf());
    const templates = this.renderTemplates();
    const restart = props.restartPolicy ?? RestartPolicy.never();
    const spec: { -readonly [K in keyof l1.SparkApplicationSpec]: l1.SparkApplicationSpec[K] } = {
      type: model.type as unknown as l1.SparkApplicationSpecType,
      mode: (props.mode ?? DeployMode.CLUSTER) as unknown as l1.SparkApplicationSpecMode,
      sparkVersion: model.version.version,
      image: conf.take('spark.kubernetes.container.image'),
      imagePullPolicy: conf.take('spark.kubernetes.container.image.pullPolicy'),
      imagePullSecrets: conf.list('spark.kubernetes.container.image.pullSecrets'),
      mainApplicationFile: model.options.mainApplicationFile!.uri,
      mainClass: model.options.mainClass,
      arguments: undefinedIfEmpty([...model.arguments]),
      proxyUser: model.options.proxyUser,
      pythonVersion: (props.pythonVersion ?? (model.type === SparkApplicationType.PYTHON ? PythonVersion.PYTHON_3 : undefined)) as unknown as
        l1.SparkApplicationSpecPythonVersion,
      memoryOverheadFactor: conf.take('spark.kubernetes.memoryOverheadFactor'),
      sparkConfigMap: props.sparkConfigMap?.name,
      hadoopConfigMap: props.hadoopConfigMap?.name,
      nodeSelector: undefinedIfEmpty(conf.prefix('spark.kubernetes.node.selector.')),
      deps: undefinedIfEmpty(dropUndefined({
        jars: conf.list('spark.jars'),
        files: conf.list('spark.files'),
        pyFiles: conf.list('spark.submit.pyFiles'),
        archives: conf.list('spark.archives'),
        packages: conf.list('spark.jars.packages'),
        excludePackages: conf.list('spark.jars.excludes'),
        repositories: conf.list('spark.jars.repositories'),
      })),
      // Object.assign, not a spread followed by more properties: Node 20's V8 defines every property
      // that follows a spread in a literal through the runtime, about 1 µs each, once per application.
      driver: Object.assign(conf.process('driver'), {
        // One-pod mode: the operator passes driver.kubernetesMaster as spark.kubernetes.driver.master (submission.go driverConfOption).
        kubernetesMaster: conf.take('spark.kubernetes.driver.master'),
        serviceAccount: model.driverAccount?.name,
        serviceAnnotations: undefinedIfEmpty({ ...this.servletAnnotations(SERVLET_SERVICE_ANNOTATIONS), ...conf.prefix('spark.kubernetes.driver.service.annotation.') }),
        serviceLabels: undefinedIfEmpty(conf.prefix('spark.kubernetes.driver.service.label.')),
        template: templates.driver,
      }),
      executor: Object.assign(conf.process('executor'), {
        instances: conf.number('spark.executor.instances'),
        deleteOnTermination: conf.boolean('spark.kubernetes.executor.deleteOnTermination'),
        template: templates.executor,
      }),
      dynamicAllocation: conf.dynamicAllocation(),
      restartPolicy: renderRestartPolicy(restart),
      failureRetries: props.failureRetries,
      retryInterval: props.retryInterval?.toSeconds(),
      timeToLiveSeconds: props.timeToLive?.toSeconds(),
      monitoring: renderJmxMonitoring(props.monitoring),
      batchScheduler: props.batchScheduler,
      batchSchedulerOptions: renderBatchSchedulerOptions(props.batchSchedulerOptions),
      sparkUiOptions: renderUiOptions(props.sparkUiOptions),
      driverIngressOptions: undefinedIfEmpty((props.driverIngressOptions ?? []).map(renderDriverIngress)),
      suspend: extra.suspend,
    };
    // The operator sets these itself: the name (--name), namespace and submission mode.
    conf.drop('spark.app.name', 'spark.kubernetes.namespace');
    spec.hadoopConf = undefinedIfEmpty(conf.hadoop());
    spec.sparkConf = undefinedIfEmpty(conf.rest());
    spec.driver = dropUndefined(spec.driver!);
    spec.executor = dropUndefined(spec.executor!);
    // Undefined entries dropped first: toWire then deletes no key (a delete makes the object slow to read).
    return toWire(dropUndefined(spec));
  }

  private servletAnnotations(annotations: { [key: string]: string }): { [key: string]: string } {
    const servlet = this.props.monitoring?._kind === 'servlet' ? this.props.monitoring._servlet : undefined;
    return servlet && servlet.scrapeAnnotations !== false ? annotations : {};
  }

  private renderTemplates(): { driver: any; executor: any } {
    if (this.templates?.revision !== this.model.revision) {
      this.templates = {
        revision: this.model.revision,
        driver: this.model.renderTemplate('driver', {
          container: { name: DRIVER_CONTAINER }, annotations: this.servletAnnotations(SERVLET_POD_ANNOTATIONS), schedulerName: this.schedulerName,
        }),
        executor: this.model.renderTemplate('executor', { container: { name: EXECUTOR_CONTAINER }, schedulerName: this.schedulerName }),
      };
    }
    return this.templates;
  }
}

/**
 * A Spark configuration from which a renderer takes the keys it has fields
 * for; what is left is the `sparkConf` map. `spark.hadoop.*` keys that came
 * from `hadoopConf` or S3A go to the `hadoopConf` field.
 */
export class LiftedConf {
  private readonly hadoopKeys: string[];
  /** Whether the key at each index of `conf.keys` was taken. */
  private readonly taken: boolean[] = [];

  /**
   * @param conf the configuration as two lists (`ApplicationModel.sparkConfEntries`):
   * a renderer takes most of some twenty keys, so lists it scans cost less
   * than a Map built for it
   */
  constructor(private readonly conf: ConfEntries, hadoop: { [key: string]: string }) {
    this.hadoopKeys = Object.keys(hadoop);
  }

  public take(key: string): string | undefined {
    const at = this.conf.keys.indexOf(key);
    if (at < 0 || this.taken[at]) return undefined;
    this.taken[at] = true;
    return this.conf.values[at];
  }

  public number(key: string): number | undefined {
    const value = this.take(key);
    return value === undefined ? undefined : Number(value);
  }

  public boolean(key: string): boolean | undefined {
    const value = this.take(key);
    return value === undefined ? undefined : value === 'true';
  }

  public list(key: string): string[] | undefined {
    const value = this.take(key);
    return value === undefined ? undefined : value.split(',');
  }

  /** Takes every key under a prefix, as a map without the prefix. */
  public prefix(prefix: string): { [key: string]: string } {
    const out: { [key: string]: string } = {};
    const { keys, values } = this.conf;
    for (let at = 0; at < keys.length; at++) {
      if (this.taken[at] || !keys[at].startsWith(prefix)) continue;
      out[keys[at].slice(prefix.length)] = values[at];
      this.taken[at] = true;
    }
    return out;
  }

  /** The resources and JVM options of a driver or executor, as the operator's SparkPodSpec spells them. */
  public process(role: 'driver' | 'executor'): { cores?: number; coreRequest?: string; coreLimit?: string; memory?: string; memoryOverhead?: string; javaOptions?: string; image?: string } {
    const keys = ROLE_CONF_KEYS[role];
    return {
      cores: this.number(keys.cores),
      coreRequest: this.take(keys.coreRequest),
      coreLimit: this.take(keys.coreLimit),
      memory: this.take(keys.memory),
      memoryOverhead: this.take(keys.memoryOverhead),
      javaOptions: this.take(keys.javaOptions),
      image: this.take(keys.image),
    };
  }

  /** Takes the `spark.dynamicAllocation.*` keys as the operator's `dynamicAllocation` block (SparkApplication and SparkConnect). */
  public dynamicAllocation(): any {
    const da = this.prefix('spark.dynamicAllocation.');
    if (da.enabled !== 'true') return undefined;
    const timeout = da['shuffleTracking.timeout'];
    return {
      enabled: true,
      minExecutors: Number(da.minExecutors),
      initialExecutors: da.initialExecutors === undefined ? undefined : Number(da.initialExecutors),
      maxExecutors: Number(da.maxExecutors),
      shuffleTrackingEnabled: da['shuffleTracking.enabled'] === 'true',
      // Milliseconds, as the operator passes it on (Spark reads a bare number as ms).
      shuffleTrackingTimeout: timeout === undefined ? undefined : parseInt(timeout, 10),
    };
  }

  public drop(...keys: string[]): void {
    for (const key of keys) this.take(key);
  }

  /** The Hadoop keys (without the prefix), taken. */
  public hadoop(): { [key: string]: string } {
    const out: { [key: string]: string } = {};
    for (const key of this.hadoopKeys) out[key] = this.take(`spark.hadoop.${key}`)!;
    return out;
  }

  /** What no field took: the `sparkConf` map, sorted. */
  public rest(): { [key: string]: string } {
    const { keys, values } = this.conf;
    const left: { [key: string]: string } = {};
    for (let at = 0; at < keys.length; at++) {
      if (!this.taken[at]) left[keys[at]] = values[at];
    }
    return sorted(left);
  }
}

/**
 * The scheduler of a batch-scheduled application's pods. Only the pod
 * webhook sets `schedulerName` (internal/webhook/sparkpod_defaulter.go
 * addSchedulerName, spec.batchScheduler first, v2.5.2); the controller
 * itself only creates the PodGroup (volcano, kube-scheduler) and adds pod
 * annotations and labels, which reach the pods through spark-submit
 * (volcano: the pod-group annotation; yunikorn: task groups and the queue
 * label; kube-scheduler: the application label; submission.go
 * driverConfOption/executorConfOption). So the scheduler's name goes into
 * both templates, and nothing depends on the webhook.
 */
function batchSchedulerName(scope: IConstruct, props: OperatorApplicationOptions, model: ApplicationModel): string | undefined {
  const scheduler = props.batchScheduler;
  if (scheduler === undefined) return undefined;
  for (const role of ['driver', 'executor'] as const) {
    const own = model.options[role]?.schedulerName;
    if (own !== undefined && own !== scheduler) {
      fail(scope, `${role}.schedulerName`, own, `conflicts with 'batchScheduler' (${scheduler}), which schedules the ${role} pod (the operator's webhook prefers batchScheduler)`,
        'remove it: the batch scheduler\'s name is set for you');
    }
  }
  return scheduler;
}

/** The operator's webhook rules and the CRD's bounds for the operator-only options, checked at construction. */
function checkOperatorOptions(scope: IConstruct, props: OperatorApplicationOptions): void {
  checkOperatorTypes(scope, props);
  const options = props.restartPolicy?._options ?? {};
  checkInteger(scope, 'restartPolicy.retries', options.retries, 0, 'use 0 or more');
  checkInteger(scope, 'restartPolicy.submissionRetries', options.submissionRetries, 0, 'use 0 or more');
  wholeSeconds(scope, 'restartPolicy.retryInterval', options.retryInterval, 1, 'use Duration.seconds(5) or longer');
  wholeSeconds(scope, 'restartPolicy.submissionRetryInterval', options.submissionRetryInterval, 1, 'use Duration.seconds(5) or longer');
  wholeSeconds(scope, 'retryInterval', props.retryInterval, 1, 'use Duration.seconds(5) or longer');
  checkInteger(scope, 'failureRetries', props.failureRetries, 0, 'use 0 or more');
  wholeSeconds(scope, 'timeToLive', props.timeToLive, 0, 'use Duration.hours(1) or similar');
  checkMonitoring(scope, props.monitoring);
  checkServiceOptions(scope, 'sparkUiOptions', props.sparkUiOptions);
  if (props.sparkUiOptions?.servicePort !== undefined) checkPort(scope, 'sparkUiOptions.servicePort', props.sparkUiOptions.servicePort);
  if (props.sparkUiOptions?.servicePortName !== undefined) {
    const nameProblem = portNameProblem(props.sparkUiOptions.servicePortName);
    if (nameProblem) fail(scope, 'sparkUiOptions.servicePortName', props.sparkUiOptions.servicePortName, nameProblem, 'use a short name such as \'spark-ui\'');
  }
  if (props.driverIngressOptions !== undefined) checkDriverIngresses(scope, props.driverIngressOptions);
}

/** The driver ingresses: each valid, no port or URL format twice. */
function checkDriverIngresses(scope: IConstruct, ingresses: DriverIngressOptions[]): void {
  const ports = new Set<number>();
  const formats = new Set<string>();
  ingresses.forEach((ingress, i) => {
    const where = `driverIngressOptions[${i}]`;
    checkServiceOptions(scope, where, ingress);
    checkIgnoredIngressFields(scope, where, ingress);
    checkPort(scope, `${where}.servicePort`, ingress.servicePort);
    if (ports.has(ingress.servicePort)) {
      fail(scope, `${where}.servicePort`, ingress.servicePort, 'repeats a service port of another driver ingress', 'give each ingress its own port');
    }
    if (!ingress.ingressUrlFormat) {
      fail(scope, `${where}.ingressUrlFormat`, ingress.ingressUrlFormat, 'must not be empty', 'use e.g. \'{{$appName}}.example.com\'');
    }
    checkString(scope, `${where}.ingressUrlFormat`, ingress.ingressUrlFormat);
    const control = controlProblem(ingress.ingressUrlFormat);
    if (control) fail(scope, `${where}.ingressUrlFormat`, ingress.ingressUrlFormat, control.requirement, control.fix);
    if (formats.has(ingress.ingressUrlFormat)) {
      fail(scope, `${where}.ingressUrlFormat`, ingress.ingressUrlFormat, 'repeats the URL format of another driver ingress', 'give each ingress its own host or path');
    }
    const nameProblem = portNameProblem(String(ingress.servicePortName));
    if (nameProblem) {
      fail(scope, `${where}.servicePortName`, ingress.servicePortName, nameProblem, 'use a short name such as \'api\'');
    }
    ports.add(ingress.servicePort);
    formats.add(ingress.ingressUrlFormat);
  });
}

/** The checks of `checkOperatorTypes`, built once. */
const OPERATOR_TYPE_CHECKS: ReadonlyArray<PropCheck<OperatorApplicationOptions, { scope: IConstruct; props: OperatorApplicationOptions }>> = [
  when('mode', ({ scope, props }) => checkEnum(scope, 'mode', props.mode, DeployMode, 'DeployMode')),
  when('pythonVersion', ({ scope, props }) => checkEnum(scope, 'pythonVersion', props.pythonVersion, PythonVersion, 'PythonVersion')),
  when('batchScheduler', ({ scope, props }) => checkEnum(scope, 'batchScheduler', props.batchScheduler, BatchScheduler, 'BatchScheduler')),
  when('sparkConfigMap', ({ scope, props }) => checkConfigMap(scope, 'sparkConfigMap', props.sparkConfigMap)),
  when('hadoopConfigMap', ({ scope, props }) => checkConfigMap(scope, 'hadoopConfigMap', props.hadoopConfigMap)),
  when('restartPolicy', ({ scope, props }) => checkShape(scope, 'restartPolicy', props.restartPolicy, (v) => typeof v.type === 'string' && typeof v._options === 'object', 'a RestartPolicy',
    'use RestartPolicy.never(), RestartPolicy.onFailure({ ... }) or RestartPolicy.always({ ... })')),
  when('monitoring', ({ scope, props }) => checkShape(scope, 'monitoring', props.monitoring, (v) => typeof v._kind === 'string', 'a Monitoring',
    'use Monitoring.prometheusServlet() or Monitoring.jmxExporter({ jmxExporterJar })')),
  when('batchSchedulerOptions', ({ scope, props }) => checkMap(scope, 'batchSchedulerOptions', props.batchSchedulerOptions, '{ queue: \'spark\' }', 'an object')),
  when('batchSchedulerOptions', ({ scope, props }) => checkString(scope, 'batchSchedulerOptions.queue', props.batchSchedulerOptions?.queue)),
  when('batchSchedulerOptions', ({ scope, props }) => checkString(scope, 'batchSchedulerOptions.priorityClassName', props.batchSchedulerOptions?.priorityClassName)),
  when('batchSchedulerOptions', ({ scope, props }) => checkStringMap(scope, 'batchSchedulerOptions.resources', props.batchSchedulerOptions?.resources)),
  when('driverIngressOptions', ({ scope, props }) => checkList(scope, 'driverIngressOptions', props.driverIngressOptions, '[{ servicePort: 4041, servicePortName: \'api\', ingressUrlFormat: \'{{$appName}}.example.com\' }]')),
];

/** A ConfigMap prop (`sparkConfigMap`, `hadoopConfigMap`). */
function checkConfigMap(scope: IConstruct, prop: string, value: unknown): void {
  checkShape(scope, prop, value, (v) => typeof v.name === 'string', 'a ConfigMap',
    `use ConfigMap.fromConfigMapName(this, 'Conf', '${typeof value === 'string' ? value : 'spark-conf'}')`);
}

/** The runtime types of the operator-only options (for JavaScript callers). */
function checkOperatorTypes(scope: IConstruct, props: OperatorApplicationOptions): void {
  checkSetProps(scope, props, OPERATOR_TYPE_CHECKS, { scope, props });
}

/**
 * The operator v2.5.2 ignores a driver ingress's own Ingress annotations and
 * TLS: createDriverIngress passes empty defaults to createDriverIngressV1,
 * which reads util.GetWebUIIngressAnnotations / GetWebUIIngressTLS, i.e.
 * `sparkUIOptions`' (internal/controller/sparkapplication/driveringress.go;
 * pkg/util/sparkapplication.go). Refused rather than silently dropped.
 */
function checkIgnoredIngressFields(scope: IConstruct, where: string, ingress: DriverIngressOptions): void {
  for (const [field, uiField] of [['ingressAnnotations', 'sparkUiOptions.ingressAnnotations'], ['ingressTls', 'sparkUiOptions.ingressTls']] as const) {
    const value = ingress?.[field];
    if (value === undefined) continue;
    fail(scope, `${where}.${field}`, value,
      'is ignored by the operator (v2.5.2 gives every driver Ingress the Spark UI\'s Ingress annotations and TLS: driveringress.go createDriverIngress)',
      `remove it; '${uiField}' applies to the UI Ingress and to every driver Ingress`);
  }
}

/** A Service and Ingress the operator creates for a driver port: its type, labels, annotations and TLS hosts. */
function checkServiceOptions(scope: IConstruct, prop: string, options: DriverServiceOptions | undefined): void {
  checkMap(scope, prop, options, '{ serviceType: ServiceType.CLUSTER_IP }', 'an object');
  if (options === undefined) return;
  checkEnum(scope, `${prop}.serviceType`, options.serviceType, SERVICE_TYPE, 'ServiceType');
  checkLabels(scope, `${prop}.serviceLabels`, options.serviceLabels);
  checkAnnotations(scope, `${prop}.serviceAnnotations`, options.serviceAnnotations);
  checkAnnotations(scope, `${prop}.ingressAnnotations`, options.ingressAnnotations);
  checkList(scope, `${prop}.ingressTls`, options.ingressTls, '[{ secret, hosts: [\'spark-ui.example.com\'] }]');
  checkTlsHosts(scope, `${prop}.ingressTls`, options.ingressTls);
}

/** A Service port number. */
function checkPort(scope: IConstruct, prop: string, port: number): void {
  checkInteger(scope, prop, port, 1, 'use a port from 1 to 65535');
  if (port > 65535) fail(scope, prop, port, 'must be at most 65535', 'use a port from 1 to 65535');
}

/** The JMX exporter: the CRD's port range, a port name, a jar path in the image, and no secrets in the files it renders. */
function checkMonitoring(scope: IConstruct, monitoring: Monitoring | undefined): void {
  const jmx = monitoring?._jmx;
  if (!jmx) return;
  const prop = 'monitoring';
  if (typeof jmx.jmxExporterJar !== 'string' || !jmx.jmxExporterJar.startsWith('/') || controlProblem(jmx.jmxExporterJar)) {
    fail(scope, `${prop}.jmxExporterJar`, jmx.jmxExporterJar, 'must be an absolute path inside the image', 'e.g. \'/prometheus/jmx_prometheus_javaagent-1.0.1.jar\'');
  }
  if (jmx.port !== undefined) {
    checkInteger(scope, `${prop}.port`, jmx.port, 1024, 'use a port from 1024 to 49151');
    if (jmx.port > 49151) fail(scope, `${prop}.port`, jmx.port, 'must be at most 49151 (the operator\'s CRD)', 'use a port from 1024 to 49151');
  }
  if (jmx.portName !== undefined) {
    const nameProblem = portNameProblem(String(jmx.portName));
    if (nameProblem) fail(scope, `${prop}.portName`, jmx.portName, nameProblem, 'use a short name such as \'jmx-exporter\'');
  }
  checkString(scope, `${prop}.configuration`, jmx.configuration);
  checkString(scope, `${prop}.metricsProperties`, jmx.metricsProperties);
  checkNotSecret(scope, `${prop}.configuration`, jmx.configuration);
  checkNotSecret(scope, `${prop}.metricsProperties`, jmx.metricsProperties);
  checkBoolean(scope, `${prop}.exposeDriverMetrics`, jmx.exposeDriverMetrics);
  checkBoolean(scope, `${prop}.exposeExecutorMetrics`, jmx.exposeExecutorMetrics);
}

/** The operator builds the Ingress host from a URL format, so TLS entries must name their hosts. */
function checkTlsHosts(scope: IConstruct, prop: string, tls: IngressTls[] | undefined): void {
  (tls ?? []).forEach((t, i) => {
    if (!t.hosts || t.hosts.length === 0) {
      fail(scope, `${prop}[${i}].hosts`, t.hosts, 'must name the hosts the certificate serves (the operator builds the Ingress host from a URL format)',
        'list them, e.g. hosts: [\'spark-ui.example.com\']');
    }
  });
}

function renderRestartPolicy(policy: RestartPolicy): l1.SparkApplicationSpecRestartPolicy {
  const o = policy._options;
  const retrying = policy.type !== 'Never';
  return {
    type: policy.type as unknown as l1.SparkApplicationSpecRestartPolicyType,
    onFailureRetries: policy.type === 'OnFailure' ? o.retries : undefined,
    onFailureRetryInterval: retrying ? (o.retryInterval?.toSeconds() ?? 5) : undefined,
    onSubmissionFailureRetries: retrying ? o.submissionRetries : undefined,
    onSubmissionFailureRetryInterval: retrying ? (o.submissionRetryInterval?.toSeconds() ?? 5) : undefined,
  };
}

function renderJmxMonitoring(monitoring: Monitoring | undefined): l1.SparkApplicationSpecMonitoring | undefined {
  const jmx = monitoring?._jmx;
  if (!jmx) {
    return undefined;
  }
  return {
    exposeDriverMetrics: jmx.exposeDriverMetrics ?? true,
    exposeExecutorMetrics: jmx.exposeExecutorMetrics ?? true,
    metricsProperties: jmx.metricsProperties,
    prometheus: {
      jmxExporterJar: jmx.jmxExporterJar,
      port: jmx.port ?? 8090,
      portName: jmx.portName,
      configuration: jmx.configuration,
    },
  };
}

function renderBatchSchedulerOptions(options: BatchSchedulerOptions | undefined): l1.SparkApplicationSpecBatchSchedulerOptions | undefined {
  if (!options) {
    return undefined;
  }
  const resources = options.resources
    ? Object.fromEntries(Object.keys(options.resources).sort()
      .map((k) => [k, options.resources![k] as unknown as l1.SparkApplicationSpecBatchSchedulerOptionsResources]))
    : undefined;
  return { queue: options.queue, priorityClassName: options.priorityClassName, resources };
}

function renderServiceOptions(options: DriverServiceOptions): l1.SparkApplicationSpecSparkUiOptions {
  return {
    serviceType: options.serviceType,
    serviceAnnotations: options.serviceAnnotations,
    serviceLabels: options.serviceLabels,
    ingressAnnotations: options.ingressAnnotations,
    ingressTls: options.ingressTls?.map((t) => ({ hosts: [...(t.hosts ?? [])], secretName: t.secret.name })),
  };
}

function renderUiOptions(options: SparkUiOptions | undefined): l1.SparkApplicationSpecSparkUiOptions | undefined {
  if (!options) {
    return undefined;
  }
  return { servicePort: options.servicePort, servicePortName: options.servicePortName, ...renderServiceOptions(options) };
}

function renderDriverIngress(options: DriverIngressOptions): l1.SparkApplicationSpecDriverIngressOptions {
  return {
    servicePort: options.servicePort,
    servicePortName: options.servicePortName,
    ingressUrlFormat: options.ingressUrlFormat,
    ...renderServiceOptions(options),
  };
}
