import { ApiObject, Chart, Duration, Names } from 'cdk8s';
import { ImagePullPolicy, IServiceAccount } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { registerEventLogWriter } from '../_registry';
import { checkDns1035, checkDns1123Label, checkInteger, fail, wholeSeconds } from '../_validation';
import { configFiles, configVolume, CONFIG_CHECKSUM_ANNOTATION, podTemplateFile, SPARK_CONF_DIR, sparkDefaultsFile } from '../pod/config-files';
import { checkImage } from '../pod/image';
import { renderPodTemplate } from '../pod/pod-renderer';
import { ProcessResources, resolveProcessResources } from '../pod/resources';
import { SparkProcessOptions } from '../pod/spark-pod';
import { ISparkJobNamespace } from '../rbac/job-namespace';
import { DRIVER_VERBS, SparkDriverRbac } from '../rbac/spark-driver-rbac';
import { checkApplicationFile, checkApplicationType, checkExecutors, dynamicAllocationConf, ownApplicationKeys, setGpuConf } from '../spark/_application';
import { ApplicationFile } from '../spark/application-file';
import { DynamicAllocation, SparkApplicationType, SparkDependencies } from '../spark/application-options';
import { EventLog } from '../spark/event-log';
import { JVM_OVERHEAD_FACTOR, NON_JVM_OVERHEAD_FACTOR } from '../spark/memory';
import { S3a } from '../spark/s3a';
import { scheduleProblem, timeZoneProblem } from '../spark/schedule';
import { checkHadoopConf, SparkConf } from '../spark/spark-conf';
import { SparkVersion } from '../spark/spark-version';
import { ISparkMaster } from '../standalone/spark-standalone-cluster';

/** Spark's feature step that creates a NetworkPolicy per submission (4.2+). */
export const NETWORK_POLICY_FEATURE_STEP = 'org.apache.spark.deploy.k8s.features.NetworkPolicyFeatureStep';

/** What happens when a scheduled run is due while the previous one still runs. */
export enum SubmitConcurrencyPolicy {
  /** Start the new run as well. */
  ALLOW = 'Allow',
  /** Skip the new run. */
  FORBID = 'Forbid',
  /** Replace the running one. */
  REPLACE = 'Replace',
}

/** A submitter account managed outside this construct. */
export interface SubmitterAccount {
  /** The ServiceAccount spark-submit runs as. */
  readonly serviceAccount: IServiceAccount;
  /**
   * Whether its Role may create networkpolicies (Spark 4.2 submissions create one).
   * @default false
   */
  readonly canCreateNetworkPolicies?: boolean;
}

/** Props of `SparkSubmitJob`. */
export interface SparkSubmitJobProps {
  /** The main file. */
  readonly mainApplicationFile: ApplicationFile;
  /**
   * Language.
   * @default - inferred from the main file
   */
  readonly type?: SparkApplicationType;
  /**
   * Main class (Java and Scala).
   * @default - none
   */
  readonly mainClass?: string;
  /**
   * Application arguments.
   * @default - none
   */
  readonly arguments?: string[];
  /**
   * Name (`spark.app.name`, the Job and the prefix of the driver's objects).
   * @default - derived from the construct path
   */
  readonly name?: string;
  /**
   * Namespace.
   * @default - the job namespace's, else the chart's
   */
  readonly namespace?: string;
  /**
   * A namespace prepared for Spark jobs; the driver runs as its account.
   * @default - a driver account is created
   */
  readonly jobNamespace?: ISparkJobNamespace;
  /**
   * Spark version.
   * @default SparkVersion.V4_0_4
   */
  readonly sparkVersion?: SparkVersion;
  /**
   * Image of submitter, driver and executors.
   * @default - `apache/spark:<sparkVersion>`
   */
  readonly image?: string;
  /**
   * Image pull policy.
   * @default ImagePullPolicy.IF_NOT_PRESENT
   */
  readonly imagePullPolicy?: ImagePullPolicy;
  /**
   * Submit to a standalone master instead of Kubernetes (the driver then runs in the Job's pod).
   * @default - the Kubernetes master, cluster mode
   */
  readonly master?: ISparkMaster;
  /**
   * Driver.
   * @default - 1 core, 1 GiB
   */
  readonly driver?: SparkProcessOptions;
  /**
   * Executors.
   * @default - 1 core, 1 GiB
   */
  readonly executor?: SparkProcessOptions;
  /**
   * Fixed number of executors.
   * @default 1 (without dynamic allocation)
   */
  readonly executorInstances?: number;
  /**
   * Dynamic allocation (Kubernetes master only: shuffle tracking needs it).
   * @default - off
   */
  readonly dynamicAllocation?: DynamicAllocation;
  /**
   * Dependencies.
   * @default - none
   */
  readonly deps?: SparkDependencies;
  /**
   * Spark configuration not modelled by a prop.
   * @default - none
   */
  readonly sparkConf?: { [key: string]: string };
  /**
   * Hadoop configuration.
   * @default - none
   */
  readonly hadoopConf?: { [key: string]: string };
  /**
   * S3A access.
   * @default - none
   */
  readonly s3a?: S3a;
  /**
   * Event logs.
   * @default - off
   */
  readonly eventLog?: EventLog;
  /**
   * Run spark-submit as an existing account.
   * @default - a submitter ServiceAccount + Role is created
   */
  readonly submitter?: SubmitterAccount;
  /**
   * Skip Spark 4.2's per-submission NetworkPolicy, so the submitter needs no networkpolicies rights.
   * @default false
   */
  readonly excludeNetworkPolicyStep?: boolean;
  /**
   * Retries of the submitter pod.
   * @default 0 (a failed Spark application is not re-run blindly)
   */
  readonly backoffLimit?: number;
  /**
   * Give up after this long.
   * @default - no deadline
   */
  readonly activeDeadline?: Duration;
  /**
   * Delete the finished Job after this long.
   * @default Duration.days(1)
   */
  readonly ttlAfterFinished?: Duration;
  /**
   * Run on a schedule (a CronJob): 5-field cron or `@hourly` … `@yearly`.
   * @default - run once (a Job)
   */
  readonly schedule?: string;
  /**
   * IANA time zone of the schedule.
   * @default - the controller's (UTC on most clusters)
   */
  readonly timeZone?: string;
  /**
   * Concurrency of scheduled runs.
   * @default SubmitConcurrencyPolicy.FORBID
   */
  readonly concurrencyPolicy?: SubmitConcurrencyPolicy;
  /**
   * Successful scheduled runs kept.
   * @default 3
   */
  readonly successfulJobsHistoryLimit?: number;
  /**
   * Failed scheduled runs kept.
   * @default 1
   */
  readonly failedJobsHistoryLimit?: number;
}

/**
 * A Kubernetes Job (or CronJob) running `spark-submit` in cluster mode against
 * the Kubernetes master: no operator, no CRDs. The driver and executors get
 * pod templates from the shared hardened renderer; the submitter has a Role
 * that can create exactly what a submission creates.
 */
export class SparkSubmitJob extends Construct {
  /** Name. */
  public readonly name: string;
  /** Namespace. */
  public readonly namespace: string;
  /** The Job or CronJob. */
  public readonly resource: ApiObject;

  constructor(scope: Construct, id: string, props: SparkSubmitJobProps) {
    super(scope, id);
    this.name = props.name ?? Names.toDnsLabel(this, { maxLen: 47 });
    checkDns1035(this, 'name', this.name, 47, 'Spark derives the executor pod-name prefix from it (47 characters at most)');
    const namespace = props.namespace ?? props.jobNamespace?.namespaceName ?? Chart.of(this).namespace;
    if (!namespace) {
      fail(this, 'namespace', undefined, 'must be set (on the construct or its chart)', 'pass \'namespace\' or create the chart with { namespace: \'spark-jobs\' }');
    }
    checkDns1123Label(this, 'namespace', namespace);
    this.namespace = namespace;
    const version = props.sparkVersion ?? SparkVersion.DEFAULT;
    if (!version.supportsPodTemplates) {
      fail(this, 'sparkVersion', version.version, 'must be at least 3.0.0, because pod settings are rendered into pod templates (Spark 3.0+)', 'use SparkVersion.V3_5_8 or later');
    }
    const image = props.image ?? version.defaultImage;
    checkImage(this, 'image', image, version.version);
    const type = checkApplicationType(this, props.mainApplicationFile, props.type, props.mainClass);
    const factor = type === SparkApplicationType.PYTHON || type === SparkApplicationType.R ? NON_JVM_OVERHEAD_FACTOR : JVM_OVERHEAD_FACTOR;
    const driver = resolveProcessResources(this, 'driver', props.driver ?? {}, factor);
    const executor = resolveProcessResources(this, 'executor', props.executor ?? {}, factor);
    checkExecutors(this, props.executorInstances, props.dynamicAllocation);
    const standalone = props.master !== undefined;
    if (standalone) this.checkStandalone(props);
    const eventLogProblem = props.eventLog?._problem();
    if (eventLogProblem) fail(this, 'eventLog', props.eventLog!.directory, eventLogProblem.requirement, eventLogProblem.fix);
    if (props.eventLog) registerEventLogWriter(this, props.eventLog.directory);
    checkInteger(this, 'backoffLimit', props.backoffLimit, 0, 'use 0 or more');
    const networkPolicyStep = !standalone && version.submissionCreatesNetworkPolicy && !props.excludeNetworkPolicyStep;
    if (networkPolicyStep && props.submitter && !props.submitter.canCreateNetworkPolicies) {
      fail(this, 'submitter', props.submitter.serviceAccount.name, `lacks 'create networkpolicies', which Spark ${version.version} submissions need (SPARK-55653)`,
        'grant it and set canCreateNetworkPolicies, or set excludeNetworkPolicyStep: true');
    }

    // Accounts: the driver's (cluster mode) and the submitter's.
    let driverAccount: string | undefined;
    if (!standalone) {
      driverAccount = props.jobNamespace?.serviceAccount.name
        ?? new SparkDriverRbac(this, 'DriverRbac', { namespace, sparkVersion: version, clusterMode: true, name: `${this.name}-driver` }).name;
    }
    const submitterAccount = standalone ? undefined : (props.submitter?.serviceAccount.name ?? this.createSubmitter(namespace, networkPolicyStep));

    // Configuration.
    const conf = new SparkConf(this, namespace);
    ownApplicationKeys(conf);
    const own = (key: string, prop: string, value: string) => conf.own(key, prop, value);
    own('spark.app.name', 'name', this.name);
    this.processConf(own, 'driver', driver, props.driver);
    this.processConf(own, 'executor', executor, props.executor);
    setGpuConf(this, conf, 'driver', props.driver?.gpu);
    setGpuConf(this, conf, 'executor', props.executor?.gpu);
    if (props.dynamicAllocation) {
      for (const [k, v] of Object.entries(dynamicAllocationConf(props.dynamicAllocation))) own(k, 'dynamicAllocation', v);
    } else {
      own('spark.executor.instances', 'executorInstances', String(props.executorInstances ?? 1));
    }
    const deps = props.deps ?? {};
    const join = (files: ApplicationFile[] | undefined, prop: string) => (files ?? []).map((f) => checkApplicationFile(this, prop, f).uri).join(',');
    for (const [key, prop, value] of [
      ['spark.jars', 'deps.jars', join(deps.jars, 'deps.jars')],
      ['spark.files', 'deps.files', join(deps.files, 'deps.files')],
      ['spark.submit.pyFiles', 'deps.pyFiles', join(deps.pyFiles, 'deps.pyFiles')],
      ['spark.archives', 'deps.archives', join(deps.archives, 'deps.archives')],
      ['spark.jars.packages', 'deps.packages', (deps.packages ?? []).join(',')],
      ['spark.jars.excludes', 'deps.excludePackages', (deps.excludePackages ?? []).join(',')],
      ['spark.jars.repositories', 'deps.repositories', (deps.repositories ?? []).join(',')],
    ] as const) {
      if (value) own(key, prop, value);
    }
    if (deps.packages?.length) own('spark.jars.ivy', 'deps.packages', '/tmp/.ivy2');
    for (const [k, v] of Object.entries(props.eventLog?._writerConf() ?? {})) own(k, 'eventLog', v);
    checkHadoopConf(this, 'hadoopConf', props.hadoopConf);
    for (const [k, v] of Object.entries({ ...props.s3a?._hadoopConf(), ...props.eventLog?.s3a?._hadoopConf(), ...props.hadoopConf })) own(`spark.hadoop.${k}`, 'hadoopConf', v);
    const s3aEnv = (props.s3a ?? props.eventLog?.s3a)?._env();

    const files: { [file: string]: string } = {};
    if (!standalone) {
      own('spark.kubernetes.namespace', 'namespace', namespace);
      own('spark.kubernetes.container.image', 'image', image);
      own('spark.kubernetes.container.image.pullPolicy', 'imagePullPolicy', props.imagePullPolicy ?? ImagePullPolicy.IF_NOT_PRESENT);
      own('spark.kubernetes.authenticate.driver.serviceAccountName', 'jobNamespace', driverAccount!);
      own('spark.kubernetes.submission.waitAppCompletion', 'the Job', 'true');
      own('spark.kubernetes.driver.podTemplateFile', 'driver (pod settings)', `${SPARK_CONF_DIR}/driver-pod-template.json`);
      own('spark.kubernetes.executor.podTemplateFile', 'executor (pod settings)', `${SPARK_CONF_DIR}/executor-pod-template.json`);
      if (version.submissionCreatesNetworkPolicy && props.excludeNetworkPolicyStep) {
        own('spark.kubernetes.driver.pod.excludedFeatureSteps', 'excludeNetworkPolicyStep', NETWORK_POLICY_FEATURE_STEP);
      }
      const template = (role: 'driver' | 'executor', options: SparkProcessOptions) => renderPodTemplate({
        scope: this,
        prop: role,
        options: {
          ...options,
          volumes: [...(options.volumes ?? []), ...(role === 'driver' && props.eventLog?.volume ? [{ volume: props.eventLog.volume, path: props.eventLog.mountPath! }] : [])],
        },
        container: { name: role === 'driver' ? 'spark-kubernetes-driver' : 'spark-kubernetes-executor', env: s3aEnv },
        automountServiceAccountToken: role === 'driver',
        serviceAccountName: role === 'driver' ? driverAccount : undefined,
        sparkLocalDir: true,
      });
      files['driver-pod-template.json'] = podTemplateFile(template('driver', props.driver ?? {}));
      files['executor-pod-template.json'] = podTemplateFile(template('executor', props.executor ?? {}));
    } else {
      own('spark.driver.bindAddress', 'master', '0.0.0.0');
    }
    conf.setAll(props.sparkConf);
    files['spark-defaults.conf'] = sparkDefaultsFile(conf.render());
    const config = configFiles(this, 'Config', `${this.name}-conf`, namespace, files);
    const confVolume = configVolume(config.name);

    // The submitter pod (in standalone client mode also the driver).
    const submitArgs = [
      '--master', standalone ? props.master!.masterUrl : 'k8s://https://kubernetes.default.svc',
      '--deploy-mode', standalone ? 'client' : 'cluster',
      '--properties-file', `${SPARK_CONF_DIR}/spark-defaults.conf`,
      ...(standalone ? ['--conf', 'spark.driver.host=$(POD_IP)'] : []),
      ...(props.mainClass ? ['--class', props.mainClass] : []),
      props.mainApplicationFile.uri,
      ...(props.arguments ?? []),
    ];
    const podTemplate = renderPodTemplate({
      scope: this,
      prop: standalone ? 'driver' : 'submitter',
      options: standalone ? (props.driver ?? {}) : {},
      container: {
        name: 'spark-submit',
        image,
        imagePullPolicy: props.imagePullPolicy ?? ImagePullPolicy.IF_NOT_PRESENT,
        command: ['/opt/spark/bin/spark-submit'],
        args: submitArgs,
        env: [
          { name: 'SPARK_CONF_DIR', value: SPARK_CONF_DIR },
          ...(standalone ? [{ name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } }, ...(s3aEnv ?? [])] : []),
        ],
        resources: standalone
          ? { requests: { cpu: driver.coreRequest ?? String(driver.cores), memory: `${driver.podMemoryKib / 1024}Mi` }, limits: { memory: `${driver.podMemoryKib / 1024}Mi` } }
          : { requests: { cpu: '250m', memory: '768Mi' }, limits: { memory: '768Mi' } },
        volumeMounts: [confVolume.mount],
      },
      volumes: [confVolume.volume],
      automountServiceAccountToken: !standalone,
      serviceAccountName: submitterAccount,
      restartPolicy: 'Never',
      sparkLocalDir: standalone,
      labels: { 'app.kubernetes.io/name': 'spark-submit', 'app.kubernetes.io/instance': this.name },
      annotations: { [CONFIG_CHECKSUM_ANNOTATION]: config.checksum },
    });
    const jobSpec = {
      backoffLimit: props.backoffLimit ?? 0,
      activeDeadlineSeconds: wholeSeconds(this, 'activeDeadline', props.activeDeadline, 1, 'use Duration.hours(2) or similar'),
      ttlSecondsAfterFinished: wholeSeconds(this, 'ttlAfterFinished', props.ttlAfterFinished ?? Duration.days(1), 0, 'use Duration.days(1) or similar'),
      template: podTemplate,
    };
    if (props.schedule === undefined) {
      this.resource = new ApiObject(this, 'Resource', { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: this.name, namespace }, spec: jobSpec });
    } else {
      const problem = scheduleProblem(props.schedule, { allowEvery: false, allowTimeZonePrefix: false });
      if (problem) fail(this, 'schedule', props.schedule, problem.requirement, problem.fix);
      if (props.timeZone !== undefined) {
        const zone = timeZoneProblem(props.timeZone);
        if (zone || props.timeZone === 'Local') fail(this, 'timeZone', props.timeZone, zone ?? 'must be an IANA time zone name', 'use e.g. \'Etc/UTC\' or \'Europe/Berlin\'');
      }
      checkInteger(this, 'successfulJobsHistoryLimit', props.successfulJobsHistoryLimit, 0, 'use 0 or more');
      checkInteger(this, 'failedJobsHistoryLimit', props.failedJobsHistoryLimit, 0, 'use 0 or more');
      this.resource = new ApiObject(this, 'Resource', {
        apiVersion: 'batch/v1',
        kind: 'CronJob',
        metadata: { name: this.name, namespace },
        spec: {
          schedule: props.schedule,
          timeZone: props.timeZone,
          concurrencyPolicy: props.concurrencyPolicy ?? SubmitConcurrencyPolicy.FORBID,
          successfulJobsHistoryLimit: props.successfulJobsHistoryLimit ?? 3,
          failedJobsHistoryLimit: props.failedJobsHistoryLimit ?? 1,
          jobTemplate: { spec: jobSpec },
        },
      });
    }
  }

  private processConf(own: (k: string, p: string, v: string) => void, role: 'driver' | 'executor', r: ProcessResources, options: SparkProcessOptions | undefined): void {
    own(`spark.${role}.cores`, `${role}.cores`, String(r.cores));
    own(`spark.${role}.memory`, `${role}.memory`, r.memory);
    if (r.memoryOverhead) own(`spark.${role}.memoryOverhead`, `${role}.memoryOverhead`, r.memoryOverhead);
    if (r.coreRequest) own(`spark.kubernetes.${role}.request.cores`, `${role}.coreRequest`, r.coreRequest);
    if (r.coreLimit) own(`spark.kubernetes.${role}.limit.cores`, `${role}.coreLimit`, r.coreLimit);
    if (options?.javaOptions) own(`spark.${role}.extraJavaOptions`, `${role}.javaOptions`, options.javaOptions);
  }

  /** Features only the Kubernetes master has. */
  private checkStandalone(props: SparkSubmitJobProps): void {
    if (props.dynamicAllocation && (props.dynamicAllocation.shuffleTracking ?? true)) {
      fail(this, 'dynamicAllocation', 'shuffleTracking', 'with shuffle tracking needs the Kubernetes master (a standalone cluster uses its external shuffle service instead)',
        'remove \'master\' or set shuffleTracking: false and enable the workers\' shuffle service');
    }
    const executorPodSettings = Object.keys(props.executor ?? {}).filter((k) => !['cores', 'memory', 'memoryOverhead', 'javaOptions'].includes(k));
    if (executorPodSettings.length > 0) {
      fail(this, 'executor', executorPodSettings, 'sets pod settings, which need pod templates and so the Kubernetes master (standalone executors run inside the workers)',
        'remove \'master\' or set those on the SparkStandaloneCluster');
    }
    if (props.jobNamespace || props.submitter) {
      fail(this, props.jobNamespace ? 'jobNamespace' : 'submitter', 'set', 'is only used with the Kubernetes master', 'remove it or remove \'master\'');
    }
  }

  private createSubmitter(namespace: string, networkPolicies: boolean): string {
    const name = `${this.name}-submitter`;
    const metadata = { name, namespace };
    new ApiObject(this, 'SubmitterServiceAccount', { apiVersion: 'v1', kind: 'ServiceAccount', metadata, automountServiceAccountToken: true } as any);
    const rules: any[] = [
      { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch', 'create', 'delete'] },
      { apiGroups: [''], resources: ['configmaps', 'services', 'persistentvolumeclaims'], verbs: ['get', 'create', 'delete', 'deletecollection'] },
    ];
    if (networkPolicies) {
      rules.push({ apiGroups: ['networking.k8s.io'], resources: ['networkpolicies'], verbs: DRIVER_VERBS.filter((v) => ['get', 'create', 'delete'].includes(v)) });
    }
    new ApiObject(this, 'SubmitterRole', { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata, rules } as any);
    new ApiObject(this, 'SubmitterRoleBinding', {
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata,
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
      subjects: [{ kind: 'ServiceAccount', name, namespace }],
    } as any);
    return name;
  }
}
