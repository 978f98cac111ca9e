import { Duration } from 'cdk8s';
import type { IServiceAccount } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { escapeExpansion } from '../_input';
import { WorkloadBudget } from '../_registry';
import { checkBoolean, checkInteger, checkMap, checkRequired, checkShape, collectsProblems, fail, wholeSeconds } from '../_validation';
import { ApplicationModel, DRIVER_CONTAINER, EXECUTOR_CONTAINER, KUBERNETES_MASTER, SecurityRisk } from '../application/_assemble';
import { checkSchedule, ScheduleDialect } from '../application/_schedule';
import { SparkMainApplicationBase } from '../application/_spark-workload';
import { authEnv, authSecretArgs } from '../application/_standalone-security';
import { SparkApplicationOptions } from '../application/application-options';
import { ConcurrencyPolicy } from '../application/schedule';
import { ISparkMaster } from '../application/spark-master';
import { renderPolicy, roleLabels } from '../network/_policy';
import { configFiles, configVolume, CONFIG_CHECKSUM_ANNOTATION, filesChecksum, podTemplateFile, SPARK_CONF_DIR, sparkDefaultsFile } from '../pod/_config-files';
import { renderPodTemplate } from '../pod/_pod-renderer';
import { containerResources } from '../pod/_resources';
import { SecurityOptOut } from '../pod/security-opt-out';
import { grantRole } from '../rbac/_role';
import { submitterRules } from '../rbac/_rules';

/** The kind label of this construct's pods. */
const KIND = 'SparkSubmitJob';
/** The submitter's requests: spark-submit in cluster mode only talks to the API server. */
const SUBMITTER_CPU_MILLIS = 250;
const SUBMITTER_MEMORY_MIB = 768;

/** Spark's feature step that creates a NetworkPolicy per cluster-mode submission (Spark 4.2+). */
const NETWORK_POLICY_FEATURE_STEP = 'org.apache.spark.deploy.k8s.features.NetworkPolicyFeatureStep';

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
export interface SparkSubmitJobProps extends SparkApplicationOptions {
  /**
   * Submit to a standalone master (`SparkStandaloneCluster`) instead of
   * Kubernetes. The driver then runs in the Job's pod (client mode) and the
   * executors inside the workers, so executor pod settings do not apply.
   * @default - the Kubernetes master, cluster mode
   */
  readonly master?: ISparkMaster;
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
   * Give up after this long (`activeDeadlineSeconds`): the Job's pod is
   * stopped, and with it the application (its driver pod is deleted).
   * @default - no deadline
   */
  readonly activeDeadline?: Duration;
  /**
   * Keep the finished driver pod (with its ConfigMap and Service) after the
   * application ends normally, e.g. to read its log; it is then never
   * deleted by this construct. A stopped Job (deadline, deletion, eviction)
   * deletes the driver either way.
   * @default false - the finished driver pod is deleted when spark-submit returns
   */
  readonly keepDriverPod?: boolean;
  /**
   * Delete the finished Job this long after it ends (`ttlSecondsAfterFinished`).
   * @default Duration.days(1)
   */
  readonly timeToLive?: Duration;
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
   * @default ConcurrencyPolicy.FORBID
   */
  readonly concurrencyPolicy?: ConcurrencyPolicy;
  /**
   * Successful scheduled runs kept.
   * @default 3
   */
  readonly successfulRunHistoryLimit?: number;
  /**
   * Failed scheduled runs kept.
   * @default 1
   */
  readonly failedRunHistoryLimit?: number;
  /**
   * Create the schedule suspended: no runs start.
   * @default false
   */
  readonly suspend?: boolean;
}

/** The submitter pod's name (downward API): the driver pod is named after it, so the pod that submits can also delete it. */
const SUBMITTER_POD_ENV = 'SPARK_SUBMITTER_POD_NAME';

/**
 * PID 1 of a cluster-mode submitter: bash with explicit traps (a shell
 * without a TERM trap ignores SIGTERM as PID 1). It runs spark-submit (`$0`,
 * args `$@`) in the background; on TERM or INT (the Job's deadline, its
 * deletion, an eviction) it stops spark-submit first, so no driver is
 * created after, then deletes the driver pod with `spark-submit --kill
 * <namespace>:<pod>` (K8SSparkSubmitOperation: KillApplication GETs the pod
 * and DELETEs it; the driver's executors, ConfigMaps and Service are owned
 * by it and garbage-collected). Spark's client has no shutdown hook of its
 * own that would (KubernetesClientApplication only watches the driver). On a
 * normal exit it deletes the finished driver pod too, unless it is kept.
 */
function submitterScript(namespace: string, keepDriverPod: boolean): string {
  return [
    'set -u',
    `driver="\${${SUBMITTER_POD_ENV}}-driver"`,
    'submit=',
    // --kill reads spark-defaults.conf from SPARK_CONF_DIR like the submission, and needs only pods get and delete.
    `stop_driver() { "$0" --master ${KUBERNETES_MASTER} --kill "${namespace}:$driver" || true; }`,
    'on_term() {',
    '  trap "" TERM INT',
    '  if [ -n "$submit" ]; then kill -TERM "$submit" 2>/dev/null; wait "$submit"; fi',
    '  stop_driver',
    '  exit 143',
    '}',
    'trap on_term TERM INT',
    '"$0" "$@" &',
    'submit=$!',
    'wait "$submit"',
    'status=$?',
    ...(keepDriverPod ? [] : ['stop_driver']),
    'exit "$status"',
  ].join('\n');
}

/** Props that only apply to a scheduled job. */
const SCHEDULE_PROPS = ['timeZone', 'concurrencyPolicy', 'successfulRunHistoryLimit', 'failedRunHistoryLimit', 'suspend'] as const;

/**
 * A Spark application without an operator: a Kubernetes Job (or, with
 * `schedule`, a CronJob) whose pod runs `spark-submit --deploy-mode cluster`
 * against the Kubernetes API. The driver and executors get hardened pod
 * templates (mounted from a ConfigMap with the rendered
 * `spark-defaults.conf`); the submitter runs as a ServiceAccount whose Role
 * can create exactly what a submission creates, and the driver as its own
 * least-privilege account. The Job bounds the application: the driver pod
 * is named after the Job's pod, and when the Job's pod stops (deadline,
 * deletion, eviction) or spark-submit returns, the driver pod is deleted.
 * With `master` it submits to a standalone cluster instead. The Job or
 * CronJob is the default child.
 */
@collectsProblems('SparkSubmitJobProps')
export class SparkSubmitJob extends SparkMainApplicationBase {
  /** The longest name: Spark derives the executor pod-name prefix from it. */
  public static readonly MAX_NAME_LENGTH = 47;

  /** The master URL spark-submit uses. */
  public readonly masterUrl: string;
  /** Where the application writes event logs, if anywhere. */
  public readonly eventLogDirectory?: string;

  private readonly props: SparkSubmitJobProps;
  private readonly files: () => { [file: string]: string };

  constructor(scope: Construct, id: string, props: SparkSubmitJobProps) {
    super(scope, id, props, {
      kind: KIND,
      maxNameLength: SparkSubmitJob.MAX_NAME_LENGTH,
      nameLengthReason: 'Spark derives the executor pod-name prefix from it (47 characters at most)',
      construct: 'a SparkSubmitJob',
      driverProp: 'driver',
      driverAccountSuffix: '-driver',
      // The driver only manages executors; the submitter creates the driver and its NetworkPolicy.
      clusterMode: false,
      driverPodBySpark: !props?.master,
      mainFile: true,
      securityRisks: () => [submitterRisk(props?.submitter)],
      ownKeys: (model) => ownSubmitKeys(model, props),
    });
    this.props = props;
    const model = this._model;
    this.masterUrl = props.master ? props.master.masterUrl : KUBERNETES_MASTER;
    this.eventLogDirectory = props.eventLog?.directory;
    checkSubmitProps(this, props);
    if (props.master) this.checkStandalone(props);
    const networkPolicyStep = !props.master && this.sparkVersion.submissionCreatesNetworkPolicy && !props.excludeNetworkPolicyStep;
    if (networkPolicyStep && props.submitter && !props.submitter.canCreateNetworkPolicies) {
      fail(this, 'submitter', props.submitter.serviceAccount.name,
        `lacks 'create networkpolicies', which every cluster-mode submission of Spark ${this.sparkVersion.version} needs (SPARK-55653)`,
        'grant it in the submitter\'s Role and set canCreateNetworkPolicies: true, or set excludeNetworkPolicyStep: true');
    }
    const submitterAccount = props.master ? undefined : props.submitter?.serviceAccount.name ?? this.createSubmitter(networkPolicyStep);
    this.files = model.cached(() => this.renderFiles());
    // Rendered now so that bad pod settings fail at construction.
    this.files();
    configFiles(this, 'Config', `${this.name}-conf`, this.namespace, this.files);
    const labels = { 'app.kubernetes.io/name': 'spark-submit', 'app.kubernetes.io/instance': this.name, ...props.labels };
    const jobSpec = () => this.renderJobSpec(submitterAccount);
    const scheduled = props.schedule !== undefined;
    this.checkScheduleProps();
    this._createResource({ apiVersion: 'batch/v1', kind: scheduled ? 'CronJob' : 'Job' }, scheduled ? () => ({
      schedule: props.schedule,
      timeZone: props.timeZone,
      concurrencyPolicy: props.concurrencyPolicy ?? ConcurrencyPolicy.FORBID,
      suspend: props.suspend,
      successfulJobsHistoryLimit: props.successfulRunHistoryLimit ?? 3,
      failedJobsHistoryLimit: props.failedRunHistoryLimit ?? 1,
      jobTemplate: { metadata: { labels }, spec: jobSpec() },
    }) : jobSpec, { labels });
    this.renderNetworkPolicies();
  }

  /** @internal the submitter pod, besides the driver and executors (none with a standalone master: this pod is the driver) */
  protected _extraBudget(): WorkloadBudget {
    return this.props.master ? { cpu: 0, memoryMebibytes: 0 } : { cpu: SUBMITTER_CPU_MILLIS / 1000, memoryMebibytes: SUBMITTER_MEMORY_MIB };
  }

  /**
   * The submitter reaches DNS and the API server only; the driver and the
   * executors Spark creates get the application's policies. With a
   * standalone master this pod is the driver.
   */
  private renderNetworkPolicies(): void {
    const network = this._model.network;
    if (!network) return;
    if (this.props.master) {
      this._renderNetworkPolicies({ driverSelector: roleLabels(KIND, this.name, 'driver') });
      return;
    }
    this._renderNetworkPolicies();
    renderPolicy(this, {
      id: 'SubmitterNetworkPolicy',
      name: `${this.name}-submitter`,
      namespace: this.namespace,
      selector: roleLabels(KIND, this.name, 'submitter'),
      ingress: [],
      egress: network.egress({ apiServer: true, objectStorage: false }),
    });
  }

  private checkScheduleProps(): void {
    const props = this.props;
    if (props.schedule === undefined) {
      for (const p of SCHEDULE_PROPS) {
        if (props[p] !== undefined) fail(this, p, props[p], 'only applies to a scheduled job', 'set \'schedule\' or remove it');
      }
      return;
    }
    checkSchedule(this, { ...props, schedule: props.schedule }, ScheduleDialect.CRON_JOB);
  }

  /** What a standalone master cannot do: Kubernetes-only props of the driver and the submission. */
  private checkStandalone(props: SparkSubmitJobProps): void {
    for (const key of ['serviceAccount', 'serviceAnnotations', 'serviceLabels', 'gpu', 'coreLimit'] as const) {
      if (props.driver?.[key] !== undefined) {
        fail(this, `driver.${key}`, props.driver[key], 'only applies with the Kubernetes master (the driver runs in the Job\'s pod)', 'remove it or remove \'master\'');
      }
    }
    if (props.submitter !== undefined) {
      fail(this, 'submitter', props.submitter.serviceAccount.name, 'only applies with the Kubernetes master', 'remove it or remove \'master\'');
    }
    for (const prop of ['excludeNetworkPolicyStep', 'keepDriverPod'] as const) {
      if (props[prop] !== undefined) fail(this, prop, props[prop], 'only applies with the Kubernetes master', 'remove it or remove \'master\'');
    }
  }

  private createSubmitter(networkPolicies: boolean): string {
    const name = `${this.name}-submitter`;
    grantRole(this, 'SubmitterRole', { name, namespace: this.namespace, rules: submitterRules(networkPolicies), serviceAccountId: 'SubmitterServiceAccount' });
    return name;
  }

  /** `spark-defaults.conf` and, with the Kubernetes master, the driver and executor pod templates. */
  private renderFiles(): { [file: string]: string } {
    const model = this._model;
    const files: { [file: string]: string } = { 'spark-defaults.conf': sparkDefaultsFile(model.sparkConf()) };
    if (!this.props.master) {
      files['driver-pod-template.json'] = podTemplateFile(model.renderTemplate('driver', { container: { name: DRIVER_CONTAINER } }));
      files['executor-pod-template.json'] = podTemplateFile(model.renderTemplate('executor', { container: { name: EXECUTOR_CONTAINER } }));
    }
    return files;
  }

  /** The Job spec: one pod running spark-submit (with a standalone master also the driver). */
  private renderJobSpec(submitterAccount: string | undefined): any {
    const props = this.props;
    const model = this._model;
    const standalone = props.master !== undefined;
    const confVolume = configVolume(`${this.name}-conf`);
    const args = [
      '--master', this.masterUrl,
      '--deploy-mode', standalone ? 'client' : 'cluster',
      '--properties-file', `${SPARK_CONF_DIR}/spark-defaults.conf`,
      // Kubernetes expands $(VAR) from the container's own environment.
      ...(standalone ? ['--conf', 'spark.driver.host=$(SPARK_DRIVER_HOST)'] : ['--conf', `spark.kubernetes.driver.pod.name=$(${SUBMITTER_POD_ENV})-driver`]),
      // Spark's client requires the key to be present; it reads the value from _SPARK_AUTH_SECRET.
      ...authSecretArgs(props.master?.authenticationSecret),
      ...(props.proxyUser ? ['--proxy-user', props.proxyUser] : []),
      ...(props.mainClass ? ['--class', props.mainClass] : []),
      props.mainApplicationFile.uri,
      ...model.arguments,
    ];
    const env: any[] = [{ name: 'SPARK_CONF_DIR', value: SPARK_CONF_DIR }];
    if (!standalone) env.push({ name: SUBMITTER_POD_ENV, valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } });
    if (standalone) {
      env.push({ name: 'SPARK_DRIVER_HOST', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } }, ...authEnv(props.master!.authenticationSecret), ...model.env('driver'));
    }
    const eventLog = props.eventLog;
    const eventLogMount = eventLog?.volume ? [{ volume: eventLog.volume, path: eventLog.mountPath! }] : [];
    const template = renderPodTemplate({
      scope: this,
      prop: standalone ? 'driver' : 'submitter',
      options: standalone ? {
        ...props.driver,
        volumes: [...model.volumes, ...eventLogMount, ...(props.driver?.volumes ?? [])],
      } : {},
      // The shared volumes and the event log's come before the driver's own, so messages name each by its prop.
      volumeProps: standalone ? [...model.volumeProps, ...eventLogMount.map(() => 'eventLog')] : [],
      optOuts: model.optOuts,
      container: {
        name: 'spark-submit',
        image: standalone ? (props.driver?.image ?? this.image) : this.image,
        imagePullPolicy: model.imagePullPolicy,
        // A standalone driver runs in this pod and dies with it: spark-submit execs the JVM as PID 1. A cluster-mode
        // submitter is a bash PID 1 that trap TERM and deletes the driver (submitterScript); `$` doubled for the kubelet.
        command: standalone ? ['/opt/spark/bin/spark-submit']
          : ['/bin/bash', '-c', escapeExpansion(submitterScript(this.namespace, props.keepDriverPod === true)), '/opt/spark/bin/spark-submit'],
        args,
        env,
        resources: standalone ? containerResources(model.driver)
          : { requests: { cpu: `${SUBMITTER_CPU_MILLIS}m`, memory: `${SUBMITTER_MEMORY_MIB}Mi` }, limits: { memory: `${SUBMITTER_MEMORY_MIB}Mi` } },
        volumeMounts: [confVolume.mount],
      },
      volumes: [confVolume.volume],
      automountServiceAccountToken: !standalone,
      serviceAccountName: submitterAccount,
      imagePullSecrets: model.imagePullSecrets,
      defaultSecurity: props.security,
      restartPolicy: 'Never',
      // A standalone driver runs in this pod: it carries what the master's workers admit.
      labels: {
        'app.kubernetes.io/name': 'spark-submit',
        'app.kubernetes.io/instance': this.name,
        ...(standalone ? props.master?.clientPodLabels : {}),
        ...(model.network ? roleLabels(KIND, this.name, standalone ? 'driver' : 'submitter') : {}),
      },
      annotations: { [CONFIG_CHECKSUM_ANNOTATION]: filesChecksum(this.files()) },
    });
    return {
      backoffLimit: props.backoffLimit ?? 0,
      activeDeadlineSeconds: activeDeadlineSeconds(this, props),
      ttlSecondsAfterFinished: ttlSeconds(this, props),
      template,
    };
  }
}

/** A submitter running as the namespace's `default` account gives every pod there the right to create drivers. */
function submitterRisk(submitter: SubmitterAccount | undefined): SecurityRisk {
  return {
    optOut: SecurityOptOut.DEFAULT_SERVICE_ACCOUNT,
    taken: submitter?.serviceAccount?.name === 'default',
    prop: 'submitter.serviceAccount',
    value: 'default',
    requirement: 'must not be the namespace\'s \'default\' service account, which every pod in the namespace shares (each would get the right to create Spark drivers)',
    fix: 'remove \'submitter\' to get a dedicated submitter account, or pass a dedicated one',
  };
}

/** The runtime types of the submission's own props, and its durations (checked at construction, not at synth). */
function checkSubmitProps(scope: Construct, props: SparkSubmitJobProps): void {
  checkMap(scope, 'submitter', props.submitter, '{ serviceAccount }', 'an object');
  checkShape(scope, 'submitter.serviceAccount', props.submitter?.serviceAccount, (v) => typeof v.name === 'string', 'a ServiceAccount',
    'use ServiceAccount.fromServiceAccountName(this, \'Submitter\', \'spark-submitter\')');
  if (props.submitter) checkRequired(scope, 'submitter.serviceAccount', props.submitter.serviceAccount, 'use ServiceAccount.fromServiceAccountName(this, \'Submitter\', \'spark-submitter\')');
  checkBoolean(scope, 'submitter.canCreateNetworkPolicies', props.submitter?.canCreateNetworkPolicies);
  checkBoolean(scope, 'excludeNetworkPolicyStep', props.excludeNetworkPolicyStep);
  checkBoolean(scope, 'keepDriverPod', props.keepDriverPod);
  checkInteger(scope, 'backoffLimit', props.backoffLimit, 0, 'use 0 or more');
  activeDeadlineSeconds(scope, props);
  ttlSeconds(scope, props);
}

function activeDeadlineSeconds(scope: Construct, props: SparkSubmitJobProps): number | undefined {
  return wholeSeconds(scope, 'activeDeadline', props.activeDeadline, 1, 'use Duration.hours(2) or similar');
}

function ttlSeconds(scope: Construct, props: SparkSubmitJobProps): number | undefined {
  return wholeSeconds(scope, 'timeToLive', props.timeToLive ?? Duration.days(1), 0, 'use Duration.days(1) or similar');
}

/** The keys a submission sets besides the application's: the deploy mode, the pod templates and the standalone client. */
function ownSubmitKeys(model: ApplicationModel, props: SparkSubmitJobProps): void {
  const own = (key: string, prop: string, value?: string) => model.own(key, prop, value);
  own('spark.kubernetes.driver.pod.excludedFeatureSteps', 'excludeNetworkPolicyStep');
  own('spark.kubernetes.submission.waitAppCompletion', 'the Job (spark-submit waits for the application)');
  // With the Kubernetes master Spark sets the driver's address from its Service; with a standalone master, 'master' does.
  const addressOwner = props.master ? 'master' : 'the cluster-mode submission';
  own('spark.driver.bindAddress', addressOwner);
  own('spark.driver.host', addressOwner);
  own('spark.cores.max', 'executor.instances');
  own('spark.authenticate', props.master ? 'the master\'s \'authenticationSecret\' (SparkStandaloneCluster)' : addressOwner);
  own('spark.shuffle.service.enabled', 'dynamicAllocation');
  if (props.master) {
    own('spark.submit.deployMode', 'master', 'client');
    own('spark.driver.bindAddress', 'master', '0.0.0.0');
    if (props.dynamicAllocation?.shuffleTracking === false) own('spark.shuffle.service.enabled', 'dynamicAllocation', 'true');
    return;
  }
  own('spark.submit.deployMode', addressOwner, 'cluster');
  // The submitter names the driver pod after its own pod (an argument: the kubelet expands the downward-API variable).
  own('spark.kubernetes.driver.pod.name', 'the Job (it names the driver pod after its own pod)');
  // A one-pod application (localMode) calls no Kubernetes API and may run without an account.
  own('spark.kubernetes.authenticate.driver.serviceAccountName', 'driver.serviceAccount', model.driverAccount?.name);
  own('spark.kubernetes.submission.waitAppCompletion', 'the Job (spark-submit waits for the application)', 'true');
  own('spark.kubernetes.driver.podTemplateFile', 'driver (pod settings)', `${SPARK_CONF_DIR}/driver-pod-template.json`);
  own('spark.kubernetes.driver.podTemplateContainerName', 'driver (pod settings)', DRIVER_CONTAINER);
  own('spark.kubernetes.executor.podTemplateFile', 'executor (pod settings)', `${SPARK_CONF_DIR}/executor-pod-template.json`);
  own('spark.kubernetes.executor.podTemplateContainerName', 'executor (pod settings)', EXECUTOR_CONTAINER);
  if (model.version.submissionCreatesNetworkPolicy && props.excludeNetworkPolicyStep) {
    own('spark.kubernetes.driver.pod.excludedFeatureSteps', 'excludeNetworkPolicyStep', NETWORK_POLICY_FEATURE_STEP);
  }
}
