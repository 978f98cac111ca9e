import { ApiObject, Duration, Names } from 'cdk8s';
import { ImagePullPolicy, IServiceAccount } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { submitterRules } from './_submitter';
import { registerEventLogWriter } from '../_registry';
import { checkDns1035, checkInteger, fail, sorted, wholeSeconds } from '../_validation';
import { DriverOptions, ExecutorOptions } from '../operator/spark-application-options';
import { configFiles, configVolume, CONFIG_CHECKSUM_ANNOTATION, podTemplateFile, SPARK_CONF_DIR, sparkDefaultsFile } from '../pod/config-files';
import { checkImage } from '../pod/image';
import { renderPodTemplate } from '../pod/pod-renderer';
import { containerResources, ProcessResources, resolveProcessResources } from '../pod/resources';
import { SparkProcessOptions, SparkVolumeMount } from '../pod/spark-pod';
import { resolveDriverAccount, resolveNamespace } from '../rbac/_namespace';
import { SparkDriverRbac } from '../rbac/spark-driver-rbac';
import {
  checkApplicationFile, checkApplicationType, checkExecutors, checkMavenCoordinates, dynamicAllocationConf, ownApplicationKeys, setGpuConf,
} from '../spark/_application';
import { ApplicationFile } from '../spark/application-file';
import { SparkApplicationType, SparkDependencies } from '../spark/application-options';
import { EventLog } from '../spark/event-log';
import { JVM_OVERHEAD_FACTOR, NON_JVM_OVERHEAD_FACTOR } from '../spark/memory';
import { SparkRuntimeOptions } from '../spark/runtime-options';
import { scheduleProblem, timeZoneProblem } from '../spark/schedule';
import { checkHadoopConf, SparkConf } from '../spark/spark-conf';
import { SparkVersion } from '../spark/spark-version';
import { authEnv, checkStandaloneApplication, standaloneSecurityConf } from '../standalone/_security';
import { ISparkMaster } from '../standalone/spark-standalone-cluster';

/** Spark's feature step that creates a NetworkPolicy per cluster-mode submission (Spark 4.2+). */
export const NETWORK_POLICY_FEATURE_STEP = 'org.apache.spark.deploy.k8s.features.NetworkPolicyFeatureStep';

/** The Kubernetes API server as spark-submit addresses it from inside the cluster. */
export const KUBERNETES_MASTER = 'k8s://https://kubernetes.default.svc';

/** What happens when a scheduled run is due while the previous one still runs (CronJob `concurrencyPolicy`). */
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
   * Whether its Role may create networkpolicies, which every cluster-mode
   * submission of Spark 4.2 or later creates (SPARK-55653).
   * @default false
   */
  readonly canCreateNetworkPolicies?: boolean;
}

/** Props of `SparkSubmitJob`. */
export interface SparkSubmitJobProps extends SparkRuntimeOptions {
  /** The main file: a jar, a .py or a .R file. */
  readonly mainApplicationFile: ApplicationFile;
  /**
   * Language.
   * @default - inferred from the main file (.py Python, .R R, else Scala)
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
   * Name: `spark.app.name`, the Job or CronJob, and the prefix of every object
   * (a DNS-1035 label of at most 47 characters: Spark derives pod names from it).
   * @default - derived from the construct path
   */
  readonly name?: string;
  /**
   * Spark version (drives the submitter's RBAC: Spark 4.2 needs networkpolicies).
   * @default - the master's version, else SparkVersion.V4_0_4
   */
  readonly sparkVersion?: SparkVersion;
  /**
   * Submit to a standalone master (`SparkStandaloneCluster`) instead of
   * Kubernetes. The driver then runs in the Job's pod (client mode) and the
   * executors inside the workers, so executor pod settings do not apply.
   * @default - the Kubernetes master, cluster mode
   */
  readonly master?: ISparkMaster;
  /**
   * Driver settings (pod settings go into the driver pod template; with a
   * standalone master into the Job's pod).
   * @default - 1 core, 1 GiB
   */
  readonly driver?: DriverOptions;
  /**
   * Executor settings (pod settings go into the executor pod template).
   * @default - 1 executor, 1 core, 1 GiB
   */
  readonly executor?: ExecutorOptions;
  /**
   * Jars, files, Python files, archives and Maven packages.
   * @default - none
   */
  readonly deps?: SparkDependencies;
  /**
   * Where the application writes its event logs: pass the same `EventLog`
   * to the `SparkHistoryServer`.
   * @default - no event logs
   */
  readonly eventLog?: EventLog;
  /**
   * Run spark-submit as an existing account.
   * @default - a submitter ServiceAccount + Role + RoleBinding `<name>-submitter` is created
   */
  readonly submitter?: SubmitterAccount;
  /**
   * Skip Spark 4.2's per-submission NetworkPolicy
   * (`spark.kubernetes.driver.pod.excludedFeatureSteps`), so the submitter
   * needs no networkpolicies rights.
   * @default false
   */
  readonly excludeNetworkPolicyStep?: boolean;
  /**
   * Retries of the submitter pod (`backoffLimit`).
   * @default 0 - a failed Spark application is not re-run blindly
   */
  readonly backoffLimit?: number;
  /**
   * Give up (and kill the submitter) after this long (`activeDeadlineSeconds`).
   * @default - no deadline
   */
  readonly activeDeadline?: Duration;
  /**
   * Delete the finished Job after this long (`ttlSecondsAfterFinished`).
   * @default Duration.days(1)
   */
  readonly ttlAfterFinished?: Duration;
  /**
   * Run on a schedule (a CronJob instead of a Job): a 5-field cron
   * expression or `@hourly` … `@yearly` (no `@every`, no `CRON_TZ=` prefix).
   * @default - run once (a Job)
   */
  readonly schedule?: string;
  /**
   * IANA time zone of the schedule (CronJob `timeZone`).
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

const DRIVER_CONTAINER = 'spark-kubernetes-driver';
const EXECUTOR_CONTAINER = 'spark-kubernetes-executor';

/**
 * A Spark application without an operator: a Kubernetes Job (or, with
 * `schedule`, a CronJob) whose pod runs `spark-submit --deploy-mode cluster`
 * against the Kubernetes API. The driver and executors get hardened pod
 * templates (mounted from a ConfigMap with the rendered
 * `spark-defaults.conf`); the submitter runs as a ServiceAccount whose Role
 * can create exactly what a submission creates, and the driver as its own
 * least-privilege account. With `master` it submits to a standalone cluster
 * instead.
 */
export class SparkSubmitJob extends Construct {
  /** Name of the application and the Job. */
  public readonly name: string;
  /** Namespace. */
  public readonly namespace: string;
  /** Spark version. */
  public readonly sparkVersion: SparkVersion;
  /** The master URL spark-submit uses. */
  public readonly masterUrl: string;
  /** Where the application writes event logs, if anywhere. */
  public readonly eventLogDirectory?: string;
  /** The Job or CronJob. */
  public readonly resource: ApiObject;
  /** The driver RBAC this construct created, if it created one. */
  public readonly driverRbac?: SparkDriverRbac;

  constructor(scope: Construct, id: string, props: SparkSubmitJobProps) {
    super(scope, id);
    this.name = props.name ?? Names.toDnsLabel(this, { maxLen: 47 });
    checkDns1035(this, 'name', this.name, 47, 'Spark derives the executor pod-name prefix from it (47 characters at most)');
    const namespace = resolveNamespace(this, props);
    this.namespace = namespace;

    const master = props.master;
    const standalone = master !== undefined;
    const version = props.sparkVersion ?? master?.sparkVersion ?? SparkVersion.DEFAULT;
    this.sparkVersion = version;
    if (!version.supportsPodTemplates) {
      fail(this, 'sparkVersion', version.version, 'must be at least 3.0.0, because pod settings are rendered into pod templates (Spark 3.0+)', 'use SparkVersion.V3_5_8 or later');
    }
    const image = props.image ?? version.defaultImage;
    checkImage(this, 'image', image, version.version);
    if (props.driver?.image) checkImage(this, 'driver.image', props.driver.image, version.version);
    if (props.executor?.image) checkImage(this, 'executor.image', props.executor.image, version.version);
    const pullPolicy = props.imagePullPolicy ?? ImagePullPolicy.IF_NOT_PRESENT;

    const type = checkApplicationType(this, props.mainApplicationFile, props.type, props.mainClass);
    const factor = type === SparkApplicationType.PYTHON || type === SparkApplicationType.R ? NON_JVM_OVERHEAD_FACTOR : JVM_OVERHEAD_FACTOR;
    const driver = resolveProcessResources(this, 'driver', props.driver ?? {}, factor);
    const executor = resolveProcessResources(this, 'executor', props.executor ?? {}, factor);
    checkExecutors(this, props.executor?.instances, props.dynamicAllocation);
    if (standalone) this.checkStandalone(props, master!, version);

    const eventLog = props.eventLog;
    const eventLogProblem = eventLog?._problem();
    if (eventLogProblem) fail(this, 'eventLog', eventLog!.directory, eventLogProblem.requirement, eventLogProblem.fix);
    if (props.s3a && eventLog?.s3a && props.s3a.credentialsSecretName !== eventLog.s3a.credentialsSecretName) {
      fail(this, 'eventLog', eventLog.directory, `uses S3A credentials from Secret '${eventLog.s3a.credentialsSecretName}' while 's3a' uses '${props.s3a.credentialsSecretName}'`,
        'give both the same S3a object, or leave the event log\'s s3a unset to use the application\'s');
    }
    if (eventLog) {
      this.eventLogDirectory = eventLog.directory;
      registerEventLogWriter(this, eventLog.directory);
    }
    checkInteger(this, 'backoffLimit', props.backoffLimit, 0, 'use 0 or more');

    const networkPolicyStep = !standalone && version.submissionCreatesNetworkPolicy && !props.excludeNetworkPolicyStep;
    if (networkPolicyStep && props.submitter && !props.submitter.canCreateNetworkPolicies) {
      fail(this, 'submitter', props.submitter.serviceAccount.name,
        `lacks 'create networkpolicies', which every cluster-mode submission of Spark ${version.version} needs (SPARK-55653)`,
        'grant it in the submitter\'s Role and set canCreateNetworkPolicies: true, or set excludeNetworkPolicyStep: true');
    }

    // Accounts: the driver's (cluster mode) and the submitter's.
    let driverAccount: string | undefined;
    let submitterAccount: string | undefined;
    if (!standalone) {
      // The driver only manages executors; the submitter creates the driver and its NetworkPolicy.
      const account = resolveDriverAccount(this, {
        serviceAccount: props.driver?.serviceAccount, jobNamespace: props.jobNamespace, namespace, sparkVersion: version, clusterMode: false, name: `${this.name}-driver`,
      });
      driverAccount = account.name;
      this.driverRbac = account.rbac;
      submitterAccount = props.submitter?.serviceAccount.name ?? this.createSubmitter(namespace, networkPolicyStep);
    }

    // Configuration.
    const conf = new SparkConf(this, namespace);
    ownApplicationKeys(conf);
    const own = (key: string, prop: string, value: string) => conf.own(key, prop, value);
    own('spark.app.name', 'name', this.name);
    own('spark.submit.deployMode', 'master', standalone ? 'client' : 'cluster');
    setProcessConf(own, 'driver', driver, props.driver, !standalone);
    setProcessConf(own, 'executor', executor, props.executor, !standalone);
    setGpuConf(this, conf, 'driver', props.driver?.gpu);
    setGpuConf(this, conf, 'executor', props.executor?.gpu);
    const da = props.dynamicAllocation;
    if (da) {
      for (const [k, v] of Object.entries(dynamicAllocationConf(da))) own(k, 'dynamicAllocation', v);
    } else if (standalone) {
      // A standalone master sizes an application by its total cores.
      own('spark.cores.max', 'executor.instances', String((props.executor?.instances ?? 1) * executor.cores));
    } else {
      own('spark.executor.instances', 'executor.instances', String(props.executor?.instances ?? 1));
    }
    const deps = props.deps ?? {};
    const join = (files: ApplicationFile[] | undefined, prop: string) => (files ?? []).map((f) => checkApplicationFile(this, prop, f).uri).join(',');
    const depConf: [string, string, string][] = [
      ['spark.jars', 'deps.jars', join(deps.jars, 'deps.jars')],
      ['spark.files', 'deps.files', join(deps.files, 'deps.files')],
      ['spark.submit.pyFiles', 'deps.pyFiles', join(deps.pyFiles, 'deps.pyFiles')],
      ['spark.archives', 'deps.archives', join(deps.archives, 'deps.archives')],
      ['spark.jars.packages', 'deps.packages', checkMavenCoordinates(this, 'deps.packages', deps.packages).join(',')],
      ['spark.jars.excludes', 'deps.excludePackages', (deps.excludePackages ?? []).join(',')],
      ['spark.jars.repositories', 'deps.repositories', (deps.repositories ?? []).join(',')],
    ];
    for (const [key, prop, value] of depConf) {
      if (value) own(key, prop, value);
    }
    if (deps.packages?.length) own('spark.jars.ivy', 'deps.packages', '/tmp/.ivy2');
    for (const [k, v] of Object.entries(eventLog?._writerConf() ?? {})) own(k, 'eventLog', v);
    checkHadoopConf(this, 'hadoopConf', props.hadoopConf);
    const hadoop = { ...props.s3a?._hadoopConf(), ...eventLog?.s3a?._hadoopConf() };
    for (const [k, v] of Object.entries(props.hadoopConf ?? {})) {
      if (hadoop[k] !== undefined && hadoop[k] !== v) {
        fail(this, `hadoopConf.${k}`, v, `conflicts with '${hadoop[k]}' from the S3A settings`, 'set it in one place');
      }
      hadoop[k] = v;
    }
    for (const [k, v] of Object.entries(sorted(hadoop))) own(`spark.hadoop.${k}`, 'hadoopConf', v);
    const s3aEnv = (props.s3a ?? eventLog?.s3a)?._env() ?? [];

    conf.own('spark.kubernetes.driver.pod.excludedFeatureSteps', 'excludeNetworkPolicyStep');
    conf.own('spark.kubernetes.submission.waitAppCompletion', 'the Job (spark-submit waits for the application)');
    conf.own('spark.driver.bindAddress', 'master');
    conf.own('spark.driver.host', 'master');
    conf.own('spark.cores.max', 'executor.instances');
    conf.ownPrefix('spark.network.crypto.', 'master (networkEncryption)');
    conf.own('spark.authenticate', 'master (authenticationSecret)');
    conf.own('spark.shuffle.service.enabled', 'dynamicAllocation');

    const files: { [file: string]: string } = {};
    const driverVolumes: SparkVolumeMount[] = [
      ...(props.driver?.volumes ?? []),
      ...(eventLog?.volume ? [{ volume: eventLog.volume, path: eventLog.mountPath! }] : []),
    ];
    if (!standalone) {
      own('spark.kubernetes.namespace', 'namespace', namespace);
      own('spark.kubernetes.container.image', 'image', image);
      if (props.driver?.image) own('spark.kubernetes.driver.container.image', 'driver.image', props.driver.image);
      if (props.executor?.image) own('spark.kubernetes.executor.container.image', 'executor.image', props.executor.image);
      own('spark.kubernetes.container.image.pullPolicy', 'imagePullPolicy', pullPolicy);
      own('spark.kubernetes.authenticate.driver.serviceAccountName', 'driver.serviceAccount', driverAccount!);
      own('spark.kubernetes.submission.waitAppCompletion', 'the Job (spark-submit waits for the application)', 'true');
      own('spark.kubernetes.driver.podTemplateFile', 'driver (pod settings)', `${SPARK_CONF_DIR}/driver-pod-template.json`);
      own('spark.kubernetes.driver.podTemplateContainerName', 'driver (pod settings)', DRIVER_CONTAINER);
      own('spark.kubernetes.executor.podTemplateFile', 'executor (pod settings)', `${SPARK_CONF_DIR}/executor-pod-template.json`);
      own('spark.kubernetes.executor.podTemplateContainerName', 'executor (pod settings)', EXECUTOR_CONTAINER);
      for (const [k, v] of Object.entries(sorted(props.driver?.serviceAnnotations ?? {}))) own(`spark.kubernetes.driver.service.annotation.${k}`, 'driver.serviceAnnotations', v);
      for (const [k, v] of Object.entries(sorted(props.driver?.serviceLabels ?? {}))) own(`spark.kubernetes.driver.service.label.${k}`, 'driver.serviceLabels', v);
      if (props.executor?.deleteOnTermination !== undefined) {
        own('spark.kubernetes.executor.deleteOnTermination', 'executor.deleteOnTermination', String(props.executor.deleteOnTermination));
      }
      if (version.submissionCreatesNetworkPolicy && props.excludeNetworkPolicyStep) {
        own('spark.kubernetes.driver.pod.excludedFeatureSteps', 'excludeNetworkPolicyStep', NETWORK_POLICY_FEATURE_STEP);
      }
      const template = (role: 'driver' | 'executor', options: SparkProcessOptions, volumes: SparkVolumeMount[]) => renderPodTemplate({
        scope: this,
        prop: role,
        options: { ...options, volumes },
        container: { name: role === 'driver' ? DRIVER_CONTAINER : EXECUTOR_CONTAINER, env: s3aEnv },
        automountServiceAccountToken: role === 'driver',
        serviceAccountName: role === 'driver' ? driverAccount : undefined,
        sparkLocalDir: true,
      });
      files['driver-pod-template.json'] = podTemplateFile(template('driver', props.driver ?? {}, driverVolumes));
      files['executor-pod-template.json'] = podTemplateFile(template('executor', props.executor ?? {}, props.executor?.volumes ?? []));
    } else {
      own('spark.driver.bindAddress', 'master', '0.0.0.0');
      for (const [k, v] of Object.entries(standaloneSecurityConf(master!))) {
        own(k, k === 'spark.authenticate' ? 'master (authenticationSecret)' : 'master (networkEncryption)', v);
      }
      if (da && da.shuffleTracking === false) own('spark.shuffle.service.enabled', 'dynamicAllocation', 'true');
    }
    conf.setAll(props.sparkConf);
    files['spark-defaults.conf'] = sparkDefaultsFile(conf.render());
    const config = configFiles(this, 'Config', `${this.name}-conf`, namespace, files);
    const confVolume = configVolume(config.name);

    // The submitter pod (with a standalone master also the driver).
    this.masterUrl = standalone ? master!.masterUrl : KUBERNETES_MASTER;
    const args = [
      '--master', this.masterUrl,
      '--deploy-mode', standalone ? 'client' : 'cluster',
      '--properties-file', `${SPARK_CONF_DIR}/spark-defaults.conf`,
      // Kubernetes expands $(VAR) from the container's own environment.
      ...(standalone ? ['--conf', 'spark.driver.host=$(SPARK_DRIVER_HOST)'] : []),
      // Spark's client requires the key to be present; the value comes from the Secret.
      ...(standalone && master!.authenticationSecret ? ['--conf', 'spark.authenticate.secret=$(_SPARK_AUTH_SECRET)'] : []),
      ...(props.mainClass ? ['--class', props.mainClass] : []),
      props.mainApplicationFile.uri,
      ...(props.arguments ?? []),
    ];
    const env: any[] = [{ name: 'SPARK_CONF_DIR', value: SPARK_CONF_DIR }];
    if (standalone) {
      env.push({ name: 'SPARK_DRIVER_HOST', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } }, ...authEnv(master!.authenticationSecret), ...s3aEnv);
    }
    const podTemplate = renderPodTemplate({
      scope: this,
      prop: standalone ? 'driver' : 'submitter',
      options: standalone ? { ...props.driver, volumes: driverVolumes } : {},
      container: {
        name: 'spark-submit',
        image: standalone ? (props.driver?.image ?? image) : image,
        imagePullPolicy: pullPolicy,
        command: ['/opt/spark/bin/spark-submit'],
        args,
        env,
        resources: standalone ? containerResources(driver) : { requests: { cpu: '250m', memory: '768Mi' }, limits: { memory: '768Mi' } },
        volumeMounts: [confVolume.mount],
      },
      volumes: [confVolume.volume],
      automountServiceAccountToken: !standalone,
      serviceAccountName: submitterAccount,
      restartPolicy: 'Never',
      labels: { 'app.kubernetes.io/name': 'spark-submit', 'app.kubernetes.io/instance': this.name },
      annotations: { [CONFIG_CHECKSUM_ANNOTATION]: config.checksum },
    });
    const jobSpec = {
      backoffLimit: props.backoffLimit ?? 0,
      activeDeadlineSeconds: wholeSeconds(this, 'activeDeadline', props.activeDeadline, 1, 'use Duration.hours(2) or similar'),
      ttlSecondsAfterFinished: wholeSeconds(this, 'ttlAfterFinished', props.ttlAfterFinished ?? Duration.days(1), 0, 'use Duration.days(1) or similar'),
      template: podTemplate,
    };
    const metadata = { name: this.name, namespace, labels: { 'app.kubernetes.io/name': 'spark-submit', 'app.kubernetes.io/instance': this.name } };
    if (props.schedule === undefined) {
      for (const p of ['timeZone', 'concurrencyPolicy', 'successfulJobsHistoryLimit', 'failedJobsHistoryLimit'] as const) {
        if (props[p] !== undefined) fail(this, p, props[p], 'only applies to a scheduled job', 'set \'schedule\' or remove it');
      }
      this.resource = new ApiObject(this, 'Resource', { apiVersion: 'batch/v1', kind: 'Job', metadata, spec: jobSpec });
    } else {
      const problem = scheduleProblem(props.schedule, { allowEvery: false, allowTimeZonePrefix: false });
      if (problem) fail(this, 'schedule', props.schedule, problem.requirement, problem.fix);
      if (props.timeZone !== undefined) {
        const zone = props.timeZone === 'Local' ? 'must be an IANA time zone name (CronJobs reject \'Local\')' : timeZoneProblem(props.timeZone);
        if (zone) fail(this, 'timeZone', props.timeZone, zone, 'use e.g. \'Etc/UTC\' or \'Europe/Berlin\'');
      }
      checkInteger(this, 'successfulJobsHistoryLimit', props.successfulJobsHistoryLimit, 0, 'use 0 or more');
      checkInteger(this, 'failedJobsHistoryLimit', props.failedJobsHistoryLimit, 0, 'use 0 or more');
      this.resource = new ApiObject(this, 'Resource', {
        apiVersion: 'batch/v1',
        kind: 'CronJob',
        metadata,
        spec: {
          schedule: props.schedule,
          timeZone: props.timeZone,
          concurrencyPolicy: props.concurrencyPolicy ?? SubmitConcurrencyPolicy.FORBID,
          successfulJobsHistoryLimit: props.successfulJobsHistoryLimit ?? 3,
          failedJobsHistoryLimit: props.failedJobsHistoryLimit ?? 1,
          jobTemplate: { metadata: { labels: metadata.labels }, spec: jobSpec },
        },
      });
    }
  }

  /** What a standalone master cannot do: pod settings of executors and Kubernetes-only props. */
  private checkStandalone(props: SparkSubmitJobProps, master: ISparkMaster, version: SparkVersion): void {
    checkStandaloneApplication(this, master, version, props.dynamicAllocation, props.executor);
    for (const key of ['serviceAccount', 'serviceAnnotations', 'serviceLabels', 'gpu', 'coreLimit'] as const) {
      if (props.driver?.[key] !== undefined) {
        fail(this, `driver.${key}`, key, 'only applies with the Kubernetes master (the driver runs in the Job\'s pod)', 'remove it or remove \'master\'');
      }
    }
    for (const key of ['jobNamespace', 'submitter', 'excludeNetworkPolicyStep'] as const) {
      if (props[key] !== undefined) {
        fail(this, key, key === 'excludeNetworkPolicyStep' ? props[key] : 'set', 'only applies with the Kubernetes master', 'remove it or remove \'master\'');
      }
    }
  }

  private createSubmitter(namespace: string, networkPolicies: boolean): string {
    const name = `${this.name}-submitter`;
    const metadata = { name, namespace };
    new ApiObject(this, 'SubmitterServiceAccount', { apiVersion: 'v1', kind: 'ServiceAccount', metadata, automountServiceAccountToken: true } as any);
    new ApiObject(this, 'SubmitterRole', { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata, rules: submitterRules(networkPolicies) } as any);
    new ApiObject(this, 'SubmitterRoleBinding', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata,
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
      subjects: [{ kind: 'ServiceAccount', name, namespace }],
    } as any);
    return name;
  }
}

/** The typed resource keys of a driver or executor. */
function setProcessConf(own: (k: string, p: string, v: string) => void, role: 'driver' | 'executor', r: ProcessResources,
  options: SparkProcessOptions | undefined, kubernetes: boolean): void {
  own(`spark.${role}.cores`, `${role}.cores`, String(r.cores));
  own(`spark.${role}.memory`, `${role}.memory`, r.memory);
  if (r.memoryOverhead) own(`spark.${role}.memoryOverhead`, `${role}.memoryOverhead`, r.memoryOverhead);
  if (kubernetes && r.coreRequest) own(`spark.kubernetes.${role}.request.cores`, `${role}.coreRequest`, r.coreRequest);
  if (kubernetes && r.coreLimit) own(`spark.kubernetes.${role}.limit.cores`, `${role}.coreLimit`, r.coreLimit);
  if (options?.javaOptions) own(`spark.${role}.extraJavaOptions`, `${role}.javaOptions`, options.javaOptions);
}
