import { ApiObject, Lazy, Names } from 'cdk8s';
import { ImagePullPolicy, IServiceAccount } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { registerApplication, registerEventLogWriter } from '../_registry';
import { toWire } from './_wire';
import {
  BatchSchedulerOptions, DeployMode, DriverIngressOptions, DriverServiceOptions, Monitoring, PythonVersion,
  RestartPolicy, SparkApplicationOptions, SparkUiOptions,
} from './spark-application-options';
import { checkAnnotations, checkDns1035, checkInteger, checkLabels, fail, portNameProblem, sorted, undefinedIfEmpty, wholeSeconds } from '../_validation';
import type * as l1 from '../imports/sparkoperator.k8s.io';
import { checkImage } from '../pod/image';
import { renderPodTemplate } from '../pod/pod-renderer';
import { ProcessResources, resolveProcessResources } from '../pod/resources';
import { SparkPodOptions, SparkProcessOptions, SparkVolumeMount } from '../pod/spark-pod';
import { resolveDriverAccount, resolveNamespace } from '../rbac/_namespace';
import { ISparkJobNamespace } from '../rbac/job-namespace';
import { SparkDriverRbac } from '../rbac/spark-driver-rbac';
import { checkApplicationFile, checkApplicationType, checkExecutors, dynamicAllocationSpec, ownApplicationKeys, setGpuConf } from '../spark/_application';
import { ApplicationFile } from '../spark/application-file';
import { SparkApplicationType } from '../spark/application-options';
import { JVM_OVERHEAD_FACTOR, NON_JVM_OVERHEAD_FACTOR } from '../spark/memory';
import { checkHadoopConf, SparkConf } from '../spark/spark-conf';
import { SparkVersion } from '../spark/spark-version';

/** Container names the operator and Spark give the main containers. */
export const DRIVER_CONTAINER = 'spark-kubernetes-driver';
export const EXECUTOR_CONTAINER = 'spark-kubernetes-executor';

/**
 * CPU and memory an application asks the cluster for: the driver plus its
 * executors, at the maximum executor count under dynamic allocation.
 */
export interface SparkResourceBudget {
  /** CPU requested by the driver pod, in cores. */
  readonly driverCpu: number;
  /** Memory of the driver pod (heap + overhead), in MiB. */
  readonly driverMemoryMebibytes: number;
  /** CPU requested by one executor pod, in cores. */
  readonly executorCpu: number;
  /** Memory of one executor pod (heap + overhead), in MiB. */
  readonly executorMemoryMebibytes: number;
  /** The most executors the application runs at once. */
  readonly maxExecutors: number;
  /** Total CPU: driver + maxExecutors × executor, in cores. */
  readonly totalCpu: number;
  /** Total memory: driver + maxExecutors × executor, in MiB. */
  readonly totalMemoryMebibytes: number;
}

/** What a subclass tells the base about its kind. */
export interface SparkApplicationKind {
  /** The longest name this kind allows. */
  readonly maxNameLength: number;
  /** Why (for the error message). */
  readonly nameLengthReason: string;
}

/** Props common to every Spark application construct. */
export interface SparkApplicationBaseProps extends SparkApplicationOptions {
  /**
   * Name of the custom resource (a DNS-1035 label; the operator and Spark
   * derive pod and Service names from it).
   * @default - derived from the construct path
   */
  readonly name?: string;
  /**
   * Namespace the application runs in.
   * @default - the job namespace's, else the chart's namespace
   */
  readonly namespace?: string;
  /**
   * A namespace prepared for Spark jobs (for example a `SparkOperator` job
   * namespace): the application runs there, as its driver service account.
   * @default - none: a driver service account is created for the application
   */
  readonly jobNamespace?: ISparkJobNamespace;
  /**
   * Labels of the custom resource.
   * @default - none
   */
  readonly labels?: { [key: string]: string };
  /**
   * Annotations of the custom resource.
   * @default - none
   */
  readonly annotations?: { [key: string]: string };
}

/**
 * The shared core of `SparkApplication` and `ScheduledSparkApplication`:
 * validation of the application spec, `addXxx` methods, and rendering of the
 * v1beta2 `SparkApplicationSpec` with every pod setting in
 * `driver.template` / `executor.template`, so nothing depends on the
 * operator's webhook.
 */
export abstract class SparkApplicationBase extends Construct {
  /** Name of the custom resource. */
  public readonly name: string;
  /** Namespace of the application. */
  public readonly namespace: string;
  /** Spark version. */
  public readonly sparkVersion: SparkVersion;
  /** The application's language. */
  public readonly type: SparkApplicationType;
  /** Container image of driver and executors. */
  public readonly image: string;
  /** The driver RBAC this construct created, if it created one. */
  public readonly driverRbac?: SparkDriverRbac;

  private readonly props: SparkApplicationBaseProps;
  private readonly conf: SparkConf;
  private readonly hadoopConf: { [key: string]: string };
  private readonly args: string[];
  private readonly jars: ApplicationFile[];
  private readonly files: ApplicationFile[];
  private readonly pyFiles: ApplicationFile[];
  private readonly archives: ApplicationFile[];
  private readonly packages: string[];
  private readonly repositories: string[];
  private readonly volumes: SparkVolumeMount[];
  private readonly driverResources: ProcessResources;
  private readonly executorResources: ProcessResources;
  private readonly overheadFactor: number;
  private readonly serviceAccountName: string;
  private templates: { driver: any; executor: any };

  protected constructor(scope: Construct, id: string, props: SparkApplicationBaseProps, kind: SparkApplicationKind) {
    super(scope, id);
    this.props = props;

    this.name = props.name ?? Names.toDnsLabel(this, { maxLen: kind.maxNameLength });
    checkDns1035(this, 'name', this.name, kind.maxNameLength, kind.nameLengthReason);
    const namespace = resolveNamespace(this, props);
    this.namespace = namespace;
    checkLabels(this, 'labels', props.labels);
    checkAnnotations(this, 'annotations', props.annotations);

    this.sparkVersion = props.sparkVersion ?? SparkVersion.DEFAULT;
    if (!this.sparkVersion.supportsPodTemplates) {
      fail(this, 'sparkVersion', this.sparkVersion.version, 'must be at least 3.0.0, because pod settings are rendered into pod templates (Spark 3.0+)',
        'use SparkVersion.V3_5_8 or later');
    }
    this.image = props.image ?? this.sparkVersion.defaultImage;
    checkImage(this, 'image', this.image, this.sparkVersion.version);
    if (props.driver?.image) checkImage(this, 'driver.image', props.driver.image);
    if (props.executor?.image) checkImage(this, 'executor.image', props.executor.image);

    this.type = checkApplicationType(this, props.mainApplicationFile, props.type, props.mainClass);
    this.overheadFactor = props.memoryOverheadFactor
      ?? (this.type === SparkApplicationType.PYTHON || this.type === SparkApplicationType.R ? NON_JVM_OVERHEAD_FACTOR : JVM_OVERHEAD_FACTOR);
    if (!(this.overheadFactor > 0 && this.overheadFactor < 1)) {
      fail(this, 'memoryOverheadFactor', props.memoryOverheadFactor, 'must be between 0 and 1', 'use a share such as 0.1 (10 % of the heap)');
    }
    this.driverResources = resolveProcessResources(this, 'driver', props.driver ?? {}, this.overheadFactor);
    this.executorResources = resolveProcessResources(this, 'executor', props.executor ?? {}, this.overheadFactor);
    checkExecutors(this, props.executor?.instances, props.dynamicAllocation);
    this.checkNodeSelectors(props);
    this.checkRetries(props);
    this.checkDriverIngress(props);

    this.conf = new SparkConf(this, this.namespace);
    ownApplicationKeys(this.conf);
    this.setTypedConf(props);
    this.conf.setAll(props.sparkConf);
    checkHadoopConf(this, 'hadoopConf', props.hadoopConf);
    this.hadoopConf = { ...(props.hadoopConf ?? {}) };
    const eventLogProblem = props.eventLog?._problem();
    if (eventLogProblem) {
      fail(this, 'eventLog', props.eventLog!.directory, eventLogProblem.requirement, eventLogProblem.fix);
    }
    if (props.eventLog) {
      registerEventLogWriter(this, props.eventLog.directory);
    }
    for (const [key, value] of Object.entries({ ...props.s3a?._hadoopConf(), ...props.eventLog?.s3a?._hadoopConf() })) {
      this.addHadoopConf(key, value);
    }
    if (props.s3a && props.eventLog?.s3a && props.s3a.credentialsSecretName !== props.eventLog.s3a.credentialsSecretName) {
      fail(this, 'eventLog', props.eventLog.directory, `uses S3A credentials from Secret '${props.eventLog.s3a.credentialsSecretName}' while 's3a' uses '${props.s3a.credentialsSecretName}'`,
        'give both the same S3a object, or leave the event log\'s s3a unset to use the application\'s');
    }

    this.args = [...(props.arguments ?? [])];
    this.jars = [];
    this.files = [];
    this.pyFiles = [];
    this.archives = [];
    this.packages = [];
    this.repositories = [];
    this.volumes = [];
    (props.deps?.jars ?? []).forEach((f) => this.addJar(f));
    (props.deps?.files ?? []).forEach((f) => this.addFile(f));
    (props.deps?.pyFiles ?? []).forEach((f) => this.addPyFile(f));
    (props.deps?.archives ?? []).forEach((f) => this.addArchive(f));
    (props.deps?.packages ?? []).forEach((p) => this.addPackage(p));
    (props.deps?.repositories ?? []).forEach((r) => this.addRepository(r));
    (props.volumes ?? []).forEach((v) => this.addVolume(v));

    const account = resolveDriverAccount(this, {
      serviceAccount: props.driver?.serviceAccount,
      jobNamespace: props.jobNamespace,
      namespace: this.namespace,
      sparkVersion: this.sparkVersion,
      clusterMode: (props.mode ?? DeployMode.CLUSTER) === DeployMode.CLUSTER,
      name: `${this.name}-driver`,
    });
    this.serviceAccountName = account.name;
    this.driverRbac = account.rbac;
    // Rendered now so that bad pod settings fail here; re-rendered by addVolume.
    this.templates = this.renderTemplates();
  }

  /** Service account of the driver. */
  public get serviceAccount(): IServiceAccount {
    return this.props.driver?.serviceAccount ?? this.props.jobNamespace?.serviceAccount ?? this.driverRbac!.serviceAccount;
  }

  private renderTemplates(): { driver: any; executor: any } {
    return {
      driver: this.renderTemplate('driver', this.props.driver ?? {}, DRIVER_CONTAINER, true),
      executor: this.renderTemplate('executor', this.props.executor ?? {}, EXECUTOR_CONTAINER, false),
    };
  }

  /**
   * Sets a Spark configuration key that no prop models.
   */
  public addSparkConf(key: string, value: string): void {
    this.conf.set(key, value, `addSparkConf(${key})`);
  }

  /**
   * Sets a Hadoop configuration key (without the `spark.hadoop.` prefix).
   */
  public addHadoopConf(key: string, value: string): void {
    checkHadoopConf(this, 'addHadoopConf', { [key]: value });
    const existing = this.hadoopConf[key];
    if (existing !== undefined && existing !== value) {
      fail(this, `addHadoopConf(${key})`, value, `conflicts with '${existing}' set earlier`, 'set each key once');
    }
    this.hadoopConf[key] = value;
  }

  /** Appends an argument passed to the application. */
  public addArgument(argument: string): void {
    this.args.push(argument);
  }

  /** Adds a jar to the driver and executor classpaths. */
  public addJar(file: ApplicationFile): void {
    this.jars.push(checkApplicationFile(this, 'deps.jars', file));
  }

  /** Adds a file to each process's working directory. */
  public addFile(file: ApplicationFile): void {
    this.files.push(checkApplicationFile(this, 'deps.files', file));
  }

  /** Adds a Python file (.py, .zip, .egg) to the PYTHONPATH. */
  public addPyFile(file: ApplicationFile): void {
    this.pyFiles.push(checkApplicationFile(this, 'deps.pyFiles', file));
  }

  /** Adds an archive extracted into each process's working directory. */
  public addArchive(file: ApplicationFile): void {
    this.archives.push(checkApplicationFile(this, 'deps.archives', file));
  }

  /** Adds a Maven package (`group:artifact:version`). */
  public addPackage(coordinate: string): void {
    if (!/^[A-Za-z0-9_.-]+:[A-Za-z0-9_.-]+:[A-Za-z0-9_.+-]+$/.test(coordinate)) {
      fail(this, 'deps.packages', coordinate, 'must be a Maven coordinate group:artifact:version', 'e.g. \'org.apache.hadoop:hadoop-aws:3.4.1\'');
    }
    this.packages.push(coordinate);
  }

  /** Adds a Maven repository URL. */
  public addRepository(url: string): void {
    if (!/^https?:\/\//.test(url)) {
      fail(this, 'deps.repositories', url, 'must be an http(s) URL', 'e.g. \'https://repo.example.com/maven2\'');
    }
    this.repositories.push(url);
  }

  /** Mounts a volume into the driver and the executors. */
  public addVolume(mount: SparkVolumeMount): void {
    this.volumes.push(mount);
    if (this.templates) {
      this.templates = this.renderTemplates();
    }
  }

  /**
   * CPU and memory the application requests: driver plus executors, at the
   * maximum executor count under dynamic allocation.
   */
  public get resourceBudget(): SparkResourceBudget {
    const maxExecutors = this.props.dynamicAllocation?.maxExecutors ?? this.props.executor?.instances ?? 1;
    const mib = (kib: number) => kib / 1024;
    const driverCpu = this.driverResources.cpuRequestMillis / 1000;
    const executorCpu = this.executorResources.cpuRequestMillis / 1000;
    const driverMemoryMebibytes = mib(this.driverResources.podMemoryKib);
    const executorMemoryMebibytes = mib(this.executorResources.podMemoryKib);
    return {
      driverCpu,
      driverMemoryMebibytes,
      executorCpu,
      executorMemoryMebibytes,
      maxExecutors,
      totalCpu: driverCpu + maxExecutors * executorCpu,
      totalMemoryMebibytes: driverMemoryMebibytes + maxExecutors * executorMemoryMebibytes,
    };
  }

  /**
   * Settings of this application that only take effect when the operator's
   * mutating webhook runs (everything else is rendered into pod templates).
   */
  public get webhookDependencies(): string[] {
    const deps: string[] = [];
    if (this.props.sparkConfigMap) deps.push('sparkConfigMap');
    if (this.props.hadoopConfigMap) deps.push('hadoopConfigMap');
    if (this.props.monitoring?._jmx) deps.push('monitoring (JMX exporter)');
    return deps;
  }

  /**
   * Creates the custom resource child `Resource` whose spec renders lazily.
   * @internal
   */
  protected _createResource(gvk: { apiVersion: string; kind: string }, spec: () => any): ApiObject {
    const resource = new ApiObject(this, 'Resource', {
      ...gvk,
      metadata: {
        name: this.name,
        namespace: this.namespace,
        labels: this.props.labels,
        annotations: this.props.annotations,
      },
      spec: Lazy.any({ produce: spec }),
    });
    registerApplication(this, resource);
    // The driver account, created first as a child, already comes first in tree order;
    // explicit dependencies would cost every application a dependency-graph edge set.
    return resource;
  }

  /**
   * Renders the v1beta2 SparkApplicationSpec (wire format).
   * @internal
   */
  public _renderApplicationSpec(extra: { suspend?: boolean } = {}): any {
    const props = this.props;
    const da = props.dynamicAllocation;
    const restart = props.restartPolicy ?? RestartPolicy.never();
    const spec: l1.SparkApplicationSpec = {
      type: this.type as unknown as l1.SparkApplicationSpecType,
      mode: (props.mode ?? DeployMode.CLUSTER) as unknown as l1.SparkApplicationSpecMode,
      sparkVersion: this.sparkVersion.version,
      image: this.image,
      imagePullPolicy: props.imagePullPolicy ?? ImagePullPolicy.IF_NOT_PRESENT,
      imagePullSecrets: undefinedIfEmpty((props.imagePullSecrets ?? []).map((s) => s.name)),
      mainApplicationFile: props.mainApplicationFile.uri,
      mainClass: props.mainClass,
      arguments: undefinedIfEmpty([...this.args]),
      proxyUser: props.proxyUser,
      pythonVersion: (props.pythonVersion ?? (this.type === SparkApplicationType.PYTHON ? PythonVersion.PYTHON_3 : undefined)) as unknown as
        l1.SparkApplicationSpecPythonVersion,
      memoryOverheadFactor: props.memoryOverheadFactor !== undefined ? String(props.memoryOverheadFactor) : undefined,
      sparkConf: undefinedIfEmpty(this.conf.render()),
      hadoopConf: undefinedIfEmpty(sorted(this.hadoopConf)),
      sparkConfigMap: props.sparkConfigMap?.name,
      hadoopConfigMap: props.hadoopConfigMap?.name,
      nodeSelector: props.nodeSelector ? sorted(props.nodeSelector) : undefined,
      deps: this.renderDeps(),
      driver: {
        ...this.renderProcess(this.driverResources, props.driver ?? {}),
        serviceAccount: this.serviceAccountName,
        serviceAnnotations: undefinedIfEmpty({ ...this.servletServiceAnnotations(), ...props.driver?.serviceAnnotations }),
        serviceLabels: props.driver?.serviceLabels,
        template: this.templates.driver,
      },
      executor: {
        ...this.renderProcess(this.executorResources, props.executor ?? {}),
        instances: da ? undefined : (props.executor?.instances ?? 1),
        deleteOnTermination: props.executor?.deleteOnTermination,
        template: this.templates.executor,
      },
      dynamicAllocation: da ? dynamicAllocationSpec(da) : undefined,
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
    return toWire(spec);
  }

  /** Scrape annotations for the driver Service when the Prometheus servlet is on. */
  private servletServiceAnnotations(): { [key: string]: string } {
    const servlet = this.props.monitoring?._kind === 'servlet' ? this.props.monitoring._servlet : undefined;
    if (!servlet || servlet.scrapeAnnotations === false) {
      return {};
    }
    return { 'prometheus.io/scrape': 'true', 'prometheus.io/port': '4040', 'prometheus.io/path': '/metrics/driver/prometheus/' };
  }

  private renderProcess(resources: ProcessResources, options: SparkProcessOptions): any {
    return {
      cores: resources.cores,
      coreRequest: resources.coreRequest,
      coreLimit: resources.coreLimit,
      memory: resources.memory,
      memoryOverhead: resources.memoryOverhead,
      javaOptions: options.javaOptions,
      image: options.image,
    };
  }

  private renderTemplate(role: 'driver' | 'executor', options: SparkPodOptions, container: string, driver: boolean): any {
    const annotations: { [key: string]: string } = {};
    const servlet = this.props.monitoring?._kind === 'servlet' ? this.props.monitoring._servlet : undefined;
    if (driver && servlet && (servlet.scrapeAnnotations ?? true)) {
      annotations['prometheus.io/scrape'] = 'true';
      annotations['prometheus.io/port'] = '4040';
      annotations['prometheus.io/path'] = '/metrics/executors/prometheus/';
    }
    const eventLog = this.props.eventLog;
    const eventLogMount = driver && eventLog?.volume ? [{ volume: eventLog.volume, path: eventLog.mountPath! }] : [];
    const s3a = this.props.s3a ?? (driver ? eventLog?.s3a : undefined);
    return renderPodTemplate({
      scope: this,
      prop: role,
      options: { ...options, volumes: [...this.volumes, ...eventLogMount, ...(options.volumes ?? [])] },
      container: { name: container, env: s3a?._env() },
      automountServiceAccountToken: driver,
      serviceAccountName: driver ? this.serviceAccountName : undefined,
      sparkLocalDir: true,
      annotations,
    });
  }

  private renderDeps(): any {
    const uris = (files: ApplicationFile[]) => undefinedIfEmpty(files.map((f) => f.uri));
    return undefinedIfEmpty(Object.fromEntries(Object.entries({
      jars: uris(this.jars),
      files: uris(this.files),
      pyFiles: uris(this.pyFiles),
      archives: uris(this.archives),
      packages: undefinedIfEmpty([...this.packages]),
      excludePackages: undefinedIfEmpty([...(this.props.deps?.excludePackages ?? [])]),
      repositories: undefinedIfEmpty([...this.repositories]),
    }).filter(([, v]) => v !== undefined)));
  }

  private checkNodeSelectors(props: SparkApplicationOptions): void {
    if (!props.nodeSelector) {
      return;
    }
    for (const role of ['driver', 'executor'] as const) {
      if (props[role]?.nodeSelector) {
        fail(this, `${role}.nodeSelector`, props[role]!.nodeSelector, 'cannot be combined with the application-level \'nodeSelector\' (the operator rejects both)',
          'move the labels into \'nodeSelector\' or into \'driver.nodeSelector\' and \'executor.nodeSelector\' only');
      }
    }
  }

  /** The operator's webhook rules for `driverIngressOptions`, checked here. */
  private checkDriverIngress(props: SparkApplicationOptions): void {
    const ports = new Set<number>();
    const formats = new Set<string>();
    (props.driverIngressOptions ?? []).forEach((ingress, i) => {
      const where = `driverIngressOptions[${i}]`;
      if (ports.has(ingress.servicePort)) {
        fail(this, `${where}.servicePort`, ingress.servicePort, 'repeats a service port of another driver ingress', 'give each ingress its own port');
      }
      if (!ingress.ingressUrlFormat) {
        fail(this, `${where}.ingressUrlFormat`, ingress.ingressUrlFormat, 'must not be empty', 'use e.g. \'{{$appName}}.example.com\'');
      }
      if (formats.has(ingress.ingressUrlFormat)) {
        fail(this, `${where}.ingressUrlFormat`, ingress.ingressUrlFormat, 'repeats the URL format of another driver ingress', 'give each ingress its own host or path');
      }
      const nameProblem = portNameProblem(ingress.servicePortName);
      if (nameProblem) {
        fail(this, `${where}.servicePortName`, ingress.servicePortName, nameProblem, 'use a short name such as \'api\'');
      }
      ports.add(ingress.servicePort);
      formats.add(ingress.ingressUrlFormat);
    });
  }

  private checkRetries(props: SparkApplicationOptions): void {
    const options = props.restartPolicy?._options ?? {};
    checkInteger(this, 'restartPolicy.retries', options.retries, 0, 'use 0 or more');
    checkInteger(this, 'restartPolicy.submissionRetries', options.submissionRetries, 0, 'use 0 or more');
    wholeSeconds(this, 'restartPolicy.retryInterval', options.retryInterval, 1, 'use Duration.seconds(5) or longer');
    wholeSeconds(this, 'restartPolicy.submissionRetryInterval', options.submissionRetryInterval, 1, 'use Duration.seconds(5) or longer');
    wholeSeconds(this, 'retryInterval', props.retryInterval, 1, 'use Duration.seconds(5) or longer');
    checkInteger(this, 'failureRetries', props.failureRetries, 0, 'use 0 or more');
    wholeSeconds(this, 'timeToLive', props.timeToLive, 0, 'use Duration.hours(1) or similar');
  }

  /** Sets configuration keys that typed props render into sparkConf. */
  private setTypedConf(props: SparkApplicationOptions): void {
    setGpuConf(this, this.conf, 'driver', props.driver?.gpu);
    setGpuConf(this, this.conf, 'executor', props.executor?.gpu);
    for (const [key, value] of Object.entries(props.eventLog?._writerConf() ?? {})) {
      this.conf.own(key, 'eventLog', value);
    }
    if ((props.deps?.packages ?? []).length > 0) {
      // The image's user has no writable home: resolve packages into /tmp.
      this.conf.own('spark.jars.ivy', 'deps.packages', '/tmp/.ivy2');
    }
    if (props.monitoring?._kind === 'servlet') {
      const own = (key: string, value: string) => this.conf.own(key, 'monitoring', value);
      own('spark.ui.prometheus.enabled', 'true');
      own('spark.executor.processTreeMetrics.enabled', 'true');
      own('spark.metrics.conf.*.sink.prometheusServlet.class', 'org.apache.spark.metrics.sink.PrometheusServlet');
      own('spark.metrics.conf.driver.sink.prometheusServlet.path', '/metrics/driver/prometheus/');
      own('spark.metrics.conf.executor.sink.prometheusServlet.path', '/metrics/executors/prometheus/');
    }
  }

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
    ingressTls: options.ingressTls?.map((t) => ({ hosts: [...t.hosts], secretName: t.secretName })),
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
