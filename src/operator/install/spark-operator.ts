import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, Duration, Lazy, Size } from 'cdk8s';
import { Cpu, ImagePullPolicy, ISecret, k8s } from 'cdk8s-plus-28';
import { Construct, IConstruct } from 'constructs';
import { applicationsOf, registerOperator } from '../../_registry';
import { checkDns1123Label, checkInteger, fail, problem, sorted, wholeSeconds } from '../../_validation';
import { checkImage } from '../../pod/_image';
import { renderPodTemplate } from '../../pod/_pod-renderer';
import { cpuMillis, cpuQuantity } from '../../pod/_resources';
import { SparkJobNamespace } from '../../rbac/spark-job-namespace';
import { kubernetesQuantity, wholeKibibytes } from '../../spark/_memory';

/** The Kubeflow Spark Operator release this library installs. */
export const SPARK_OPERATOR_VERSION = '2.5.2';
/** The operator's image repository. */
export const SPARK_OPERATOR_IMAGE = 'ghcr.io/kubeflow/spark-operator/controller';

/** The CRD files of the pinned release, stripped of descriptions (src/crds, shipped as lib/crds). */
const CRD_FILES = [
  'sparkoperator.k8s.io_sparkapplications.json',
  'sparkoperator.k8s.io_scheduledsparkapplications.json',
  'sparkoperator.k8s.io_sparkconnects.json',
];

/** Log level of the controller and the webhook. */
export enum OperatorLogLevel {
  /** Debug. */
  DEBUG = 'debug',
  /** Info (the chart's default). */
  INFO = 'info',
  /** Errors only. */
  ERROR = 'error',
}

/** Log encoding of the controller and the webhook. */
export enum OperatorLogEncoder {
  /** Human-readable (the chart's default). */
  CONSOLE = 'console',
  /** JSON lines. */
  JSON = 'json',
}

/** What the API server does when the webhook does not answer. */
export enum WebhookFailurePolicy {
  /** Reject the request (the chart's default). */
  FAIL = 'Fail',
  /** Let the request through unmutated and unvalidated. */
  IGNORE = 'Ignore',
}

/** Settings shared by the controller and the webhook Deployments. */
export interface OperatorComponentOptions {
  /**
   * Replicas; more than one runs with leader election.
   * @default 1
   */
  readonly replicas?: number;
  /**
   * CPU request.
   * @default - 500m for the controller (it runs spark-submit), 100m for the webhook
   */
  readonly cpu?: Cpu;
  /**
   * Memory request and limit.
   * @default - 1 GiB for the controller (each submission is a JVM), 256 MiB for the webhook
   */
  readonly memory?: Size;
  /**
   * Log level.
   * @default OperatorLogLevel.INFO
   */
  readonly logLevel?: OperatorLogLevel;
  /**
   * Log encoder.
   * @default OperatorLogEncoder.CONSOLE
   */
  readonly logEncoder?: OperatorLogEncoder;
  /**
   * A PodDisruptionBudget with minAvailable 1 (needs replicas > 1).
   * @default false
   */
  readonly podDisruptionBudget?: boolean;
  /**
   * Priority class of the pods.
   * @default - none
   */
  readonly priorityClassName?: string;
  /**
   * Node selector.
   * @default - none
   */
  readonly nodeSelector?: { [key: string]: string };
  /**
   * Tolerations.
   * @default - none
   */
  readonly tolerations?: k8s.Toleration[];
  /**
   * Affinity.
   * @default - none
   */
  readonly affinity?: k8s.Affinity;
  /**
   * Extra command-line arguments appended to the chart's.
   * @default - none
   */
  readonly extraArgs?: string[];
}

/** The Ingress the controller creates for each application's UI (`--ingress-url-format`). */
export interface UiIngressOptions {
  /** URL format, e.g. `{{$appName}}.spark.example.com`. */
  readonly urlFormat: string;
  /**
   * Ingress class.
   * @default - the cluster default
   */
  readonly ingressClassName?: string;
  /**
   * Ingress annotations.
   * @default - none
   */
  readonly annotations?: { [key: string]: string };
  /**
   * Ingress TLS (`[{ hosts, secretName }]`).
   * @default - none
   */
  readonly tls?: k8s.IngressTls[];
}

/** Batch scheduler support of the controller. */
export interface OperatorBatchSchedulerOptions {
  /**
   * Names of kube-scheduler instances (scheduler-plugins) to allow.
   * @default - none
   */
  readonly kubeSchedulerNames?: string[];
  /**
   * Scheduler used when an application names none.
   * @default - none
   */
  readonly defaultScheduler?: string;
}

/** Controller settings. */
export interface OperatorControllerOptions extends OperatorComponentOptions {
  /**
   * Reconcile workers.
   * @default 10
   */
  readonly threads?: number;
  /**
   * Create a Service for each application's UI.
   * @default true
   */
  readonly uiService?: boolean;
  /**
   * Create an Ingress for each application's UI.
   * @default - none
   */
  readonly uiIngress?: UiIngressOptions;
  /**
   * Enable batch schedulers (volcano, yunikorn, kube-scheduler).
   * @default - disabled
   */
  readonly batchScheduler?: OperatorBatchSchedulerOptions;
  /**
   * Feature gates.
   * @default { PartialRestart: false, LoadSparkDefaults: false }
   */
  readonly featureGates?: { [gate: string]: boolean };
  /**
   * Grace period for the driver pod to appear after submission.
   * @default Duration.seconds(10)
   */
  readonly driverPodCreationGracePeriod?: Duration;
  /**
   * Executors tracked per application.
   * @default 1000
   */
  readonly maxTrackedExecutorPerApp?: number;
}

/** Webhook settings. */
export interface OperatorWebhookOptions extends OperatorComponentOptions {
  /**
   * Run the webhook. Without it, settings that only the webhook applies are lost;
   * this library renders pod settings into templates instead, and refuses apps
   * that still need it (`webhookDependencies`).
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * Webhook port.
   * @default 9443
   */
  readonly port?: number;
  /**
   * Failure policy.
   * @default WebhookFailurePolicy.FAIL
   */
  readonly failurePolicy?: WebhookFailurePolicy;
  /**
   * Timeout of a webhook call (1–30 s).
   * @default Duration.seconds(10)
   */
  readonly timeout?: Duration;
  /**
   * Reject applications that would exceed a namespace's ResourceQuota.
   * @default false
   */
  readonly resourceQuotaEnforcement?: boolean;
}

/** Operator metrics. */
export interface OperatorMetricsOptions {
  /**
   * Expose metrics.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * Port.
   * @default 8080
   */
  readonly port?: number;
  /**
   * Path.
   * @default '/metrics'
   */
  readonly endpoint?: string;
  /**
   * Metric name prefix.
   * @default ''
   */
  readonly prefix?: string;
  /**
   * Application labels to add to metrics.
   * @default ['app_type']
   */
  readonly labels?: string[];
  /**
   * Create a Prometheus Operator PodMonitor (`monitoring.coreos.com/v1`).
   * @default false
   */
  readonly podMonitor?: boolean;
  /**
   * Scrape interval of the PodMonitor.
   * @default Duration.seconds(5)
   */
  readonly podMonitorInterval?: Duration;
}

/** A cert-manager issuer reference. */
export interface CertManagerIssuerRef {
  /** Issuer name. */
  readonly name: string;
  /**
   * `Issuer` or `ClusterIssuer`.
   * @default 'Issuer'
   */
  readonly kind?: string;
}

/** Webhook certificates from cert-manager instead of the webhook's own. */
export interface CertManagerOptions {
  /**
   * An existing issuer.
   * @default - a self-signed Issuer is created
   */
  readonly issuerRef?: CertManagerIssuerRef;
  /**
   * Create the self-signed Issuer (cannot be combined with `issuerRef`).
   * @default true when no issuerRef is given
   */
  readonly selfSigned?: boolean;
  /**
   * Certificate lifetime.
   * @default - cert-manager's default (90 days)
   */
  readonly duration?: Duration;
  /**
   * Renew this long before expiry.
   * @default - a third of the lifetime
   */
  readonly renewBefore?: Duration;
}

/** Props of `SparkOperator`. */
export interface SparkOperatorProps {
  /**
   * Namespace of the operator.
   * @default 'spark-operator'
   */
  readonly namespace?: string;
  /**
   * Also emit the operator's Namespace.
   * @default false
   */
  readonly createNamespace?: boolean;
  /**
   * Release name: the prefix of every object name (`<release>-controller`, ...).
   * @default 'spark-operator'
   */
  readonly releaseName?: string;
  /**
   * Image repository.
   * @default SPARK_OPERATOR_IMAGE
   */
  readonly imageRepository?: string;
  /**
   * Image tag.
   * @default SPARK_OPERATOR_VERSION
   */
  readonly imageTag?: string;
  /**
   * Image pull policy.
   * @default ImagePullPolicy.IF_NOT_PRESENT
   */
  readonly imagePullPolicy?: ImagePullPolicy;
  /**
   * Registry credentials.
   * @default - none
   */
  readonly imagePullSecrets?: ISecret[];
  /**
   * Namespaces where Spark jobs run (more with `addJobNamespace`). Each gets
   * the Spark driver ServiceAccount, Role and RoleBinding and, when the
   * operator watches namespaces by name, the controller and webhook Roles.
   * @default ['default'] (the chart's default); none with `watchAllNamespaces` or `jobNamespaceSelector`
   */
  readonly jobNamespaces?: string[];
  /**
   * Watch every namespace: cluster-wide controller and webhook rules, no
   * webhook namespace selector. Job namespaces then only get the Spark driver
   * account.
   * @default false
   */
  readonly watchAllNamespaces?: boolean;
  /**
   * Also watch the namespaces whose labels match this selector
   * (`--namespace-selector`, e.g. `spark=enabled`), with cluster-wide rules
   * and `namespaces get/list/watch` for the controller. Job namespaces are
   * watched in addition and only get the Spark driver account. The webhook
   * has no selector flag, so it serves every namespace.
   * @default - none
   */
  readonly jobNamespaceSelector?: string;
  /**
   * Controller settings.
   * @default - the chart's defaults
   */
  readonly controller?: OperatorControllerOptions;
  /**
   * Webhook settings.
   * @default - the chart's defaults
   */
  readonly webhook?: OperatorWebhookOptions;
  /**
   * Metrics.
   * @default - the chart's defaults
   */
  readonly metrics?: OperatorMetricsOptions;
  /**
   * Leader election (needed for more than one replica).
   * @default true
   */
  readonly leaderElection?: boolean;
  /**
   * Kubernetes API requests per second.
   * @default 20
   */
  readonly kubeApiQps?: number;
  /**
   * Kubernetes API burst.
   * @default 30
   */
  readonly kubeApiBurst?: number;
  /**
   * Webhook certificates from cert-manager.
   * @default - the webhook creates and rotates its own certificates
   */
  readonly certManager?: CertManagerOptions;
}

const CONTROLLER_JOB_RULES = [
  { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch', 'create', 'update', 'delete'] },
  { apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch'] },
  { apiGroups: [''], resources: ['services'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] },
  { apiGroups: [''], resources: ['events'], verbs: ['create', 'update', 'patch'] },
  { apiGroups: ['extensions', 'networking.k8s.io'], resources: ['ingresses'], verbs: ['get', 'create', 'update', 'delete'] },
  { apiGroups: ['sparkoperator.k8s.io'], resources: ['sparkapplications'], verbs: ['get', 'list', 'watch', 'create', 'delete'] },
  { apiGroups: ['sparkoperator.k8s.io'], resources: ['scheduledsparkapplications', 'sparkconnects'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: ['sparkoperator.k8s.io'], resources: ['sparkapplications/status', 'sparkconnects/status', 'scheduledsparkapplications/status'], verbs: ['update'] },
  { apiGroups: ['sparkoperator.k8s.io'], resources: ['sparkapplications/finalizers'], verbs: ['update'] },
  { apiGroups: ['sparkoperator.k8s.io'], resources: ['scheduledsparkapplications/finalizers'], verbs: ['update'] },
  { apiGroups: ['sparkoperator.k8s.io'], resources: ['sparkconnects/finalizers'], verbs: ['update'] },
];
const WEBHOOK_JOB_RULES = [
  { apiGroups: [''], resources: ['resourcequotas'], verbs: ['list'] },
  { apiGroups: [''], resources: ['pods'], verbs: ['list', 'watch'] },
  { apiGroups: ['sparkoperator.k8s.io'], resources: ['sparkapplications', 'scheduledsparkapplications'], verbs: ['get', 'list', 'watch'] },
];
const EVENTS = { apiGroups: [''], resources: ['events'], verbs: ['create', 'update', 'patch'] };
const NAMESPACE_READ = { apiGroups: [''], resources: ['namespaces'], verbs: ['get', 'list', 'watch'] };
const PROBE_PORT = 8081;

/** The webhooks the operator registers: [kind path part, resource, api version]. */
const CR_WEBHOOKS: [string, string, string][] = [
  ['sparkapplication', 'sparkapplications', 'v1beta2'],
  ['scheduledsparkapplication', 'scheduledsparkapplications', 'v1beta2'],
  ['sparkconnect', 'sparkconnects', 'v1alpha1'],
];

/**
 * The Kubeflow Spark Operator v2.5.2, installed from typed code object for
 * object as the official Helm chart does: CRDs (descriptions stripped, so
 * client-side apply works), controller and webhook Deployments, their RBAC,
 * the webhook Service and configurations, and per job namespace the Spark
 * driver account and the operator's Roles.
 *
 * Differences from the chart, on purpose: every namespaced object carries
 * its namespace; pods run with a numeric runAsUser and sized resources; our
 * labels instead of Helm's; no webhook certificate Secret and no caBundle.
 *
 * @see https://github.com/kubeflow/spark-operator
 */
export class SparkOperator extends Construct {
  /** Namespace of the operator. */
  public readonly namespace: string;
  /** Release name (object name prefix). */
  public readonly releaseName: string;
  /** Whether the webhook runs. */
  public readonly webhookEnabled: boolean;

  private readonly props: SparkOperatorProps;
  private readonly jobNamespaces = new Map<string, SparkJobNamespace>();
  private readonly image: string;
  private readonly metricsPort: number;
  private readonly webhookPort: number;
  private readonly clusterWide: boolean;
  private readonly crds: ApiObject[] = [];
  private readonly webhookSelectorHolders: { webhooks: any[] }[] = [];

  constructor(scope: Construct, id: string, props: SparkOperatorProps = {}) {
    super(scope, id);
    this.props = props;
    this.namespace = props.namespace ?? 'spark-operator';
    checkDns1123Label(this, 'namespace', this.namespace);
    this.releaseName = props.releaseName ?? 'spark-operator';
    checkDns1123Label(this, 'releaseName', this.releaseName);
    this.image = `${props.imageRepository ?? SPARK_OPERATOR_IMAGE}:${props.imageTag ?? SPARK_OPERATOR_VERSION}`;
    checkImage(this, 'imageTag', this.image, SPARK_OPERATOR_VERSION);
    this.webhookEnabled = props.webhook?.enabled ?? true;
    this.metricsPort = props.metrics?.port ?? 8080;
    this.webhookPort = props.webhook?.port ?? 9443;
    this.clusterWide = (props.watchAllNamespaces ?? false) || props.jobNamespaceSelector !== undefined;
    this.checkProps();

    // CRDs first, then the Namespace, then everything else (tree order).
    for (const file of CRD_FILES) {
      const crd = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'crds', file), 'utf-8'));
      this.crds.push(new ApiObject(this, `Crd${crd.spec.names.kind}`, { ...crd, metadata: { ...crd.metadata, labels: this.labels() } }));
    }
    if (props.createNamespace) {
      new ApiObject(this, 'Namespace', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: this.namespace, labels: this.labels() } });
    }
    this.renderController();
    if (this.webhookEnabled) {
      this.renderWebhook();
    }
    for (const ns of props.jobNamespaces ?? (this.clusterWide ? [] : ['default'])) {
      this.addJobNamespace(ns);
    }
    if (props.metrics?.podMonitor) {
      this.renderPodMonitor();
    }

    this.node.addValidation({ validate: () => this.validateApplications() });
    registerOperator(this);
  }

  /**
   * Prepares a namespace for Spark jobs: the Spark driver ServiceAccount,
   * Role and RoleBinding, and the controller and webhook Roles there.
   *
   * With `watchAllNamespaces` or `jobNamespaceSelector` the operator's
   * ClusterRoles already cover every namespace, so only the driver account
   * is created (as the chart does); with a selector the namespace is also
   * watched in addition to the matching ones. The operator's own namespace
   * gets the job rules merged into the operator Roles there, as in the chart.
   */
  public addJobNamespace(name: string): SparkJobNamespace {
    checkDns1123Label(this, 'jobNamespaces', name);
    if (this.jobNamespaces.has(name)) {
      fail(this, 'jobNamespaces', name, 'lists a namespace twice', 'list each job namespace once');
    }
    const ns = new SparkJobNamespace(this, `JobNamespace-${name}`, { namespace: name, driverServiceAccountName: `${this.releaseName}-spark`, labels: this.labels() });
    if (!this.clusterWide && name !== this.namespace) {
      this.role(ns, 'ControllerRole', `${this.releaseName}-controller`, name, 'controller', CONTROLLER_JOB_RULES);
      if (this.webhookEnabled) {
        this.role(ns, 'WebhookRole', `${this.releaseName}-webhook`, name, 'webhook', WEBHOOK_JOB_RULES);
      }
    }
    this.jobNamespaces.set(name, ns);
    return ns;
  }

  /**
   * The namespaces the operator watches by name: the job namespaces, none
   * with `watchAllNamespaces` (it watches all), and with `jobNamespaceSelector`
   * those watched in addition to the matching ones.
   */
  public get watchedNamespaces(): string[] {
    return this.props.watchAllNamespaces ? [] : [...this.jobNamespaces.keys()];
  }

  /** Whether the operator's own namespace is also a job namespace (the chart then merges the job rules into the operator Roles). */
  private get operatorNamespaceIsJobNamespace(): boolean {
    return !this.clusterWide && this.jobNamespaces.has(this.namespace);
  }

  /** @internal */
  public _serve(resource: IConstruct): void {
    resource.node.addDependency(this);
  }

  private checkProps(): void {
    const props = this.props;
    if (props.jobNamespaceSelector !== undefined && !/\S/.test(props.jobNamespaceSelector)) {
      fail(this, 'jobNamespaceSelector', props.jobNamespaceSelector, 'must be a label selector (an empty one makes the controller watch only the listed namespaces, or all)',
        'use e.g. \'spark=enabled\', or remove it');
    }
    if (props.watchAllNamespaces && props.jobNamespaceSelector !== undefined) {
      fail(this, 'jobNamespaceSelector', props.jobNamespaceSelector, 'cannot be combined with watchAllNamespaces', 'keep one of the two');
    }
    for (const [name, c] of [['controller', props.controller], ['webhook', props.webhook]] as const) {
      checkInteger(this, `${name}.replicas`, c?.replicas, 1, 'run at least one replica');
      if (c?.podDisruptionBudget && (c.replicas ?? 1) < 2) {
        fail(this, `${name}.podDisruptionBudget`, true, `needs more than one replica (a budget of minAvailable 1 over ${c.replicas ?? 1} replica blocks every node drain)`,
          `set '${name}.replicas' to 2 or more, or remove the budget`);
      }
      if ((c?.replicas ?? 1) > 1 && props.leaderElection === false) {
        fail(this, 'leaderElection', false, `must be on for ${c?.replicas} ${name} replicas`, 'remove it or run one replica');
      }
    }
    checkInteger(this, 'controller.threads', props.controller?.threads, 1, 'use at least 1 worker');
    const seconds = wholeSeconds(this, 'webhook.timeout', props.webhook?.timeout, 1, 'use 1 to 30 seconds');
    if (seconds !== undefined && seconds > 30) {
      fail(this, 'webhook.timeout', `${seconds}s`, 'must be at most 30 seconds (the API server limit)', 'use 10 seconds or less');
    }
    for (const [prop, port] of [['webhook.port', this.webhookPort], ['metrics.port', this.metricsPort]] as const) {
      if (!Number.isInteger(port) || port < 1024 || port > 65535) {
        fail(this, prop, port, 'must be a whole number from 1024 to 65535 (the pods run as non-root)', 'pick a free port above 1024');
      }
    }
    if (this.metricsPort === PROBE_PORT || (this.webhookEnabled && this.metricsPort === this.webhookPort)) {
      fail(this, 'metrics.port', this.metricsPort, `clashes with the ${this.metricsPort === PROBE_PORT ? 'health probe port 8081' : `webhook port ${this.webhookPort}`}`, 'pick another port, e.g. 8080');
    }
    if (this.webhookPort === PROBE_PORT) {
      fail(this, 'webhook.port', this.webhookPort, 'clashes with the health probe port 8081', 'pick another port, e.g. 9443');
    }
    if (props.metrics?.podMonitor && props.metrics.enabled === false) {
      fail(this, 'metrics.podMonitor', true, 'needs metrics (\'metrics.enabled\' is false, so there is nothing to scrape)', 'enable metrics or remove the PodMonitor');
    }
    const cm = props.certManager;
    if (cm?.issuerRef && cm.selfSigned) {
      fail(this, 'certManager.selfSigned', true, 'cannot be combined with an issuerRef', 'remove one of the two');
    }
    if (props.controller?.uiIngress && !props.controller.uiIngress.urlFormat) {
      fail(this, 'controller.uiIngress.urlFormat', '', 'must be set', 'use e.g. \'{{$appName}}.spark.example.com\'');
    }
  }

  private validateApplications(): string[] {
    const errors: string[] = [];
    for (const app of applicationsOf(this)) {
      const kind = (app as any).resource?.kind ?? 'application';
      if (!this.clusterWide && !this.jobNamespaces.has(app.namespace)) {
        errors.push(problem('jobNamespaces', this.watchedNamespaces, `does not include '${app.namespace}', where ${kind} ${app.node.path} runs, so the operator would never see it`,
          `add it with addJobNamespace('${app.namespace}') or pass the job namespace to the application`));
      }
      if (!this.webhookEnabled && app.webhookDependencies.length > 0) {
        errors.push(problem('webhook.enabled', false, `switches the webhook off, but ${app.node.path} uses ${app.webhookDependencies.join(', ')}, which only the webhook applies`,
          'enable the webhook or remove those settings'));
      }
    }
    return errors;
  }

  private labels(component?: string): { [key: string]: string } {
    return sorted({
      'app.kubernetes.io/name': 'spark-operator',
      'app.kubernetes.io/instance': this.releaseName,
      'app.kubernetes.io/version': SPARK_OPERATOR_VERSION,
      'app.kubernetes.io/managed-by': 'cdk8s',
      ...(component ? { 'app.kubernetes.io/component': component } : {}),
    });
  }

  private selector(component: string): { [key: string]: string } {
    return { 'app.kubernetes.io/name': 'spark-operator', 'app.kubernetes.io/instance': this.releaseName, 'app.kubernetes.io/component': component };
  }

  private object(
    scope: Construct, id: string, apiVersion: string, kind: string, name: string, namespace: string | undefined, component: string, body: any,
  ): ApiObject {
    return new ApiObject(scope, id, { apiVersion, kind, metadata: { name, namespace, labels: this.labels(component) }, ...body });
  }

  private role(scope: Construct, id: string, name: string, namespace: string, component: string, rules: any): void {
    this.object(scope, id, 'rbac.authorization.k8s.io/v1', 'Role', name, namespace, component, { rules });
    this.object(scope, `${id}Binding`, 'rbac.authorization.k8s.io/v1', 'RoleBinding', name, namespace, component, {
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
      subjects: [{ kind: 'ServiceAccount', name: `${this.releaseName}-${component}`, namespace: this.namespace }],
    });
  }

  private clusterRole(id: string, name: string, component: string, rules: any[]): void {
    this.object(this, id, 'rbac.authorization.k8s.io/v1', 'ClusterRole', name, undefined, component, { rules });
    this.object(this, `${id}Binding`, 'rbac.authorization.k8s.io/v1', 'ClusterRoleBinding', name, undefined, component, {
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name },
      subjects: [{ kind: 'ServiceAccount', name, namespace: this.namespace }],
    });
  }

  /**
   * Log flags and `--namespaces`. The controller watches the named job
   * namespaces (with a selector: in addition to the matching ones); the
   * webhook has no `--namespace-selector` flag, so with a selector it serves
   * every namespace, as with `watchAllNamespaces`.
   */
  private commonArgs(options: OperatorComponentOptions | undefined, component: 'controller' | 'webhook'): string[] {
    const named = !this.props.watchAllNamespaces && (component === 'controller' || !this.clusterWide);
    return [
      `--zap-log-level=${options?.logLevel ?? OperatorLogLevel.INFO}`,
      `--zap-encoder=${options?.logEncoder ?? OperatorLogEncoder.CONSOLE}`,
      `--namespaces=${named ? '__NAMESPACES__' : ''}`,
    ];
  }

  private metricsArgs(): string[] {
    const m = this.props.metrics ?? {};
    if (m.enabled === false) {
      return ['--enable-metrics=false'];
    }
    return [
      '--enable-metrics=true',
      `--metrics-bind-address=:${this.metricsPort}`,
      `--metrics-endpoint=${m.endpoint ?? '/metrics'}`,
      `--metrics-prefix=${m.prefix ?? ''}`,
      `--metrics-labels=${(m.labels ?? ['app_type']).join(',')}`,
    ];
  }

  private leaderArgs(component: string): string[] {
    if (this.props.leaderElection === false) {
      return ['--leader-election=false'];
    }
    return [
      '--leader-election=true',
      `--leader-election-lock-name=${this.releaseName}-${component}-lock`,
      `--leader-election-lock-namespace=${this.namespace}`,
    ];
  }

  private renderController(): void {
    const c = this.props.controller ?? {};
    const name = `${this.releaseName}-controller`;
    const gates = { PartialRestart: false, LoadSparkDefaults: false, ...c.featureGates };
    const args = [
      'controller', 'start',
      ...this.commonArgs(c, 'controller'),
      ...(this.props.jobNamespaceSelector !== undefined ? [`--namespace-selector=${this.props.jobNamespaceSelector}`] : []),
      `--controller-threads=${c.threads ?? 10}`,
      `--enable-ui-service=${c.uiService ?? true}`,
      ...(c.uiIngress ? [
        '--enable-ui-ingress=true',
        `--ingress-url-format=${c.uiIngress.urlFormat}`,
        ...(c.uiIngress.ingressClassName ? [`--ingress-class-name=${c.uiIngress.ingressClassName}`] : []),
        ...(c.uiIngress.tls ? [`--ingress-tls=${JSON.stringify(c.uiIngress.tls.map((t) => k8s.toJson_IngressTls(t)))}`] : []),
        ...(c.uiIngress.annotations ? [`--ingress-annotations=${JSON.stringify(sorted(c.uiIngress.annotations))}`] : []),
      ] : []),
      ...(c.batchScheduler ? [
        '--enable-batch-scheduler=true',
        ...(c.batchScheduler.kubeSchedulerNames?.length ? [`--kube-scheduler-names=${c.batchScheduler.kubeSchedulerNames.join(',')}`] : []),
        ...(c.batchScheduler.defaultScheduler ? [`--default-batch-scheduler=${c.batchScheduler.defaultScheduler}`] : []),
      ] : []),
      ...this.metricsArgs(),
      ...(this.props.metrics?.enabled === false ? [] : [
        '--metrics-job-submit-latency-buckets=0.5,1,2,4,8,16,32,64,128,256',
        '--metrics-job-start-latency-buckets=30,60,90,120,150,180,210,240,270,300',
      ]),
      ...this.leaderArgs('controller'),
      ...(this.props.leaderElection === false ? [] : ['--leader-election-lease-duration=15s', '--leader-election-renew-deadline=10s', '--leader-election-retry-period=2s']),
      '--workqueue-ratelimiter-bucket-qps=50',
      '--workqueue-ratelimiter-bucket-size=500',
      '--workqueue-ratelimiter-max-delay=6h',
      `--driver-pod-creation-grace-period=${wholeSeconds(this, 'controller.driverPodCreationGracePeriod', c.driverPodCreationGracePeriod, 1, 'use Duration.seconds(10)') ?? 10}s`,
      `--max-tracked-executor-per-app=${c.maxTrackedExecutorPerApp ?? 1000}`,
      `--kube-api-qps=${this.props.kubeApiQps ?? 20}`,
      `--kube-api-burst=${this.props.kubeApiBurst ?? 30}`,
      '--scheduled-spark-application-timestamp-precision=nanos',
      `--feature-gates=${Object.entries(gates).map(([k, v]) => `${k}=${v}`).join(',')}`,
      ...(c.extraArgs ?? []),
    ];
    this.object(this, 'ControllerServiceAccount', 'v1', 'ServiceAccount', name, this.namespace, 'controller', { automountServiceAccountToken: true });
    const clusterRules: any[] = [{ apiGroups: ['apiextensions.k8s.io'], resources: ['customresourcedefinitions'], verbs: ['get'] }];
    if (this.clusterWide) {
      clusterRules.push(...CONTROLLER_JOB_RULES);
      if (this.props.jobNamespaceSelector !== undefined) clusterRules.push(NAMESPACE_READ);
    }
    if (c.batchScheduler) {
      clusterRules.push({ apiGroups: ['scheduling.incubator.k8s.io', 'scheduling.sigs.dev', 'scheduling.volcano.sh'], resources: ['podgroups'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] });
    }
    this.clusterRole('ControllerClusterRole', name, 'controller', clusterRules);
    const leaderElection = this.props.leaderElection ?? true;
    this.role(this, 'ControllerLeaderRole', name, this.namespace, 'controller', Lazy.any({
      produce: () => [
        ...(leaderElection ? [
          { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['create'] },
          { apiGroups: ['coordination.k8s.io'], resources: ['leases'], resourceNames: [`${this.releaseName}-controller-lock`], verbs: ['get', 'update'] },
        ] : []),
        ...(this.operatorNamespaceIsJobNamespace ? CONTROLLER_JOB_RULES : [EVENTS]),
      ],
    }));
    const metrics = this.props.metrics?.enabled !== false;
    this.deployment('controller', c, args, metrics ? [{ name: 'metrics', number: this.metricsPort }] : [], [{ name: 'tmp', path: '/tmp' }], metrics ? {
      'prometheus.io/scrape': 'true', 'prometheus.io/port': String(this.metricsPort), 'prometheus.io/path': this.props.metrics?.endpoint ?? '/metrics',
    } : undefined);
  }

  private renderWebhook(): void {
    const w = this.props.webhook ?? {};
    const name = `${this.releaseName}-webhook`;
    const service = `${this.releaseName}-webhook-svc`;
    const certManager = this.props.certManager;
    const args = [
      'webhook', 'start',
      ...this.commonArgs(w, 'webhook'),
      `--webhook-secret-name=${this.releaseName}-webhook-certs`,
      `--webhook-secret-namespace=${this.namespace}`,
      `--webhook-svc-name=${service}`,
      `--webhook-svc-namespace=${this.namespace}`,
      `--webhook-port=${this.webhookPort}`,
      `--mutating-webhook-name=${name}`,
      `--validating-webhook-name=${name}`,
      ...this.metricsArgs(),
      `--kube-api-qps=${this.props.kubeApiQps ?? 20}`,
      `--kube-api-burst=${this.props.kubeApiBurst ?? 30}`,
      ...(w.resourceQuotaEnforcement ? ['--enable-resource-quota-enforcement=true'] : []),
      ...(certManager ? ['--enable-cert-manager=true'] : []),
      ...this.leaderArgs('webhook'),
      ...(w.extraArgs ?? []),
    ];
    this.object(this, 'WebhookServiceAccount', 'v1', 'ServiceAccount', name, this.namespace, 'webhook', { automountServiceAccountToken: true });
    const clusterRules: any[] = [
      { apiGroups: ['admissionregistration.k8s.io'], resources: ['mutatingwebhookconfigurations', 'validatingwebhookconfigurations'], verbs: ['list', 'watch'] },
      { apiGroups: ['admissionregistration.k8s.io'], resources: ['mutatingwebhookconfigurations', 'validatingwebhookconfigurations'], resourceNames: [name], verbs: ['get', 'update'] },
    ];
    if (this.clusterWide) {
      clusterRules.push(...WEBHOOK_JOB_RULES);
    }
    this.clusterRole('WebhookClusterRole', name, 'webhook', clusterRules);
    const leaderElection = this.props.leaderElection ?? true;
    this.role(this, 'WebhookLeaderRole', name, this.namespace, 'webhook', Lazy.any({
      produce: () => [
        ...(leaderElection ? [EVENTS] : []),
        { apiGroups: [''], resources: ['secrets'], verbs: ['create'] },
        { apiGroups: [''], resources: ['secrets'], resourceNames: [`${this.releaseName}-webhook-certs`], verbs: ['get', 'update'] },
        ...(leaderElection ? [
          { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['create'] },
          { apiGroups: ['coordination.k8s.io'], resources: ['leases'], resourceNames: [`${this.releaseName}-webhook-lock`], verbs: ['get', 'update'] },
        ] : []),
        ...(this.operatorNamespaceIsJobNamespace ? WEBHOOK_JOB_RULES : []),
      ],
    }));
    this.object(this, 'WebhookService', 'v1', 'Service', service, this.namespace, 'webhook', {
      spec: { type: 'ClusterIP', selector: this.selector('webhook'), ports: [{ name: 'webhook', port: this.webhookPort, targetPort: 'webhook', protocol: 'TCP' }] },
    });
    this.deployment('webhook', w, args, [{ name: 'webhook', number: this.webhookPort }, ...(this.props.metrics?.enabled === false ? [] : [{ name: 'metrics', number: this.metricsPort }])],
      [{ name: 'serving-certs', path: '/etc/k8s-webhook-server/serving-certs' }], undefined);

    const annotations = certManager ? { 'cert-manager.io/inject-ca-from': `${this.namespace}/${this.releaseName}-certificate` } : undefined;
    const selector = this.clusterWide ? undefined : { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['__NAMESPACES__'] }] };
    const hook = (kind: 'mutate' | 'validate', webhookPath: string, webhookName: string, rules: any[], objectSelector?: any) => ({
      name: webhookName,
      admissionReviewVersions: ['v1'],
      clientConfig: { service: { name: service, namespace: this.namespace, port: this.webhookPort, path: webhookPath } },
      sideEffects: 'None',
      failurePolicy: w.failurePolicy ?? WebhookFailurePolicy.FAIL,
      namespaceSelector: selector,
      objectSelector,
      rules,
      timeoutSeconds: wholeSeconds(this, 'webhook.timeout', w.timeout, 1, 'use 1 to 30 seconds') ?? 10,
      _kind: kind,
    });
    const crHooks = (kind: 'mutate' | 'validate') => CR_WEBHOOKS.map(([k, resource, version]) => hook(kind, `/${kind}-sparkoperator-k8s-io-${version}-${k}`,
      `${kind}-sparkoperator-k8s-io-${version}-${k}.sparkoperator.k8s.io`,
      [{ apiGroups: ['sparkoperator.k8s.io'], apiVersions: [version], resources: [resource], operations: ['CREATE', 'UPDATE'] }]));
    const mutating = [
      hook('mutate', '/mutate--v1-pod', 'mutate--v1-pod.sparkoperator.k8s.io', [{ apiGroups: [''], apiVersions: ['v1'], resources: ['pods'], operations: ['CREATE'] }],
        { matchLabels: { 'sparkoperator.k8s.io/launched-by-spark-operator': 'true' } }),
      ...crHooks('mutate'),
    ];
    for (const [id, kind, hooks] of [['MutatingWebhookConfiguration', 'MutatingWebhookConfiguration', mutating], ['ValidatingWebhookConfiguration', 'ValidatingWebhookConfiguration', crHooks('validate')]] as const) {
      const holder = { webhooks: hooks.map(({ _kind, ...h }) => h) };
      this.webhookSelectorHolders.push(holder);
      new ApiObject(this, id, {
        apiVersion: 'admissionregistration.k8s.io/v1',
        kind,
        metadata: { name, labels: this.labels('webhook'), annotations },
        webhooks: Lazy.any({ produce: () => this.resolveNamespaces(holder.webhooks) }),
      });
    }
    if (certManager) {
      this.renderCertManager(service);
    }
  }

  /** Fills the job namespaces into args and selectors at synth time (addJobNamespace may come later). */
  private resolveNamespaces(value: any): any {
    const namespaces = this.watchedNamespaces;
    const walk = (v: any): any => {
      if (Array.isArray(v)) {
        return v.flatMap((x) => (x === '__NAMESPACES__' ? namespaces : [walk(x)]));
      }
      if (typeof v === 'string') {
        return v.replace('__NAMESPACES__', namespaces.join(','));
      }
      if (v && typeof v === 'object') {
        return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
      }
      return v;
    };
    return walk(value);
  }

  private deployment(component: string, options: OperatorComponentOptions, args: string[], ports: { name: string; number: number }[],
    scratchDirs: { name: string; path: string }[], annotations: { [key: string]: string } | undefined): void {
    const name = `${this.releaseName}-${component}`;
    const controller = component === 'controller';
    const cpu = cpuQuantity(cpuMillis(options.cpu ?? Cpu.millis(controller ? 500 : 100)));
    const memoryKib = wholeKibibytes(options.memory ?? (controller ? Size.gibibytes(1) : Size.mebibytes(256)));
    if (memoryKib === undefined || memoryKib < 1024) {
      fail(this, `${component}.memory`, memoryKib, 'must be a whole number of KiB, at least 1 MiB', 'use Size.mebibytes(256) or more');
    }
    const memory = kubernetesQuantity(memoryKib);
    const template = renderPodTemplate({
      scope: this,
      prop: component,
      options: {
        nodeSelector: options.nodeSelector,
        tolerations: options.tolerations,
        affinity: options.affinity,
        priorityClassName: options.priorityClassName,
      },
      container: {
        name,
        image: this.image,
        imagePullPolicy: this.props.imagePullPolicy ?? ImagePullPolicy.IF_NOT_PRESENT,
        args: Lazy.any({ produce: () => this.resolveNamespaces(args) }) as any,
        ports,
        resources: { requests: { cpu, memory }, limits: { memory } },
        livenessProbe: { httpGet: { port: PROBE_PORT, scheme: 'HTTP', path: '/healthz' } },
        readinessProbe: { httpGet: { port: PROBE_PORT, scheme: 'HTTP', path: '/readyz' } },
      },
      automountServiceAccountToken: true,
      serviceAccountName: name,
      labels: this.selector(component),
      annotations,
      scratchDirs,
    });
    if (this.props.imagePullSecrets?.length) {
      template.spec.imagePullSecrets = this.props.imagePullSecrets.map((s) => ({ name: s.name }));
    }
    const replicas = options.replicas ?? 1;
    this.object(this, `${component === 'controller' ? 'Controller' : 'Webhook'}Deployment`, 'apps/v1', 'Deployment', name, this.namespace, component, {
      spec: { replicas, revisionHistoryLimit: 10, selector: { matchLabels: this.selector(component) }, template },
    });
    if (options.podDisruptionBudget) {
      this.object(this, `${component === 'controller' ? 'Controller' : 'Webhook'}PodDisruptionBudget`, 'policy/v1', 'PodDisruptionBudget', `${name}-pdb`, this.namespace, component, {
        spec: { minAvailable: 1, selector: { matchLabels: this.selector(component) }, unhealthyPodEvictionPolicy: 'AlwaysAllow' },
      });
    }
  }

  private renderCertManager(service: string): void {
    const cm = this.props.certManager!;
    const issuer = cm.issuerRef ?? { name: `${this.releaseName}-self-signed-issuer`, kind: 'Issuer' };
    if (!cm.issuerRef) {
      new ApiObject(this, 'CertManagerIssuer', {
        apiVersion: 'cert-manager.io/v1',
        kind: 'Issuer',
        metadata: { name: issuer.name, namespace: this.namespace, labels: this.labels('webhook') },
        spec: { selfSigned: {} },
      } as any);
    }
    new ApiObject(this, 'CertManagerCertificate', {
      apiVersion: 'cert-manager.io/v1',
      kind: 'Certificate',
      metadata: { name: `${this.releaseName}-certificate`, namespace: this.namespace, labels: this.labels('webhook') },
      spec: {
        secretName: `${this.releaseName}-webhook-certs`,
        issuerRef: { group: 'cert-manager.io', kind: issuer.kind ?? 'Issuer', name: issuer.name },
        commonName: `${service}.${this.namespace}.svc`,
        dnsNames: [`${service}.${this.namespace}.svc`, `${service}.${this.namespace}.svc.cluster.local`],
        subject: { organizationalUnits: ['spark-operator'] },
        usages: ['server auth', 'client auth'],
        duration: cm.duration ? `${cm.duration.toHours({ integral: false })}h` : undefined,
        renewBefore: cm.renewBefore ? `${cm.renewBefore.toHours({ integral: false })}h` : undefined,
      },
    } as any);
  }

  private renderPodMonitor(): void {
    const m = this.props.metrics ?? {};
    new ApiObject(this, 'PodMonitor', {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PodMonitor',
      metadata: { name: `${this.releaseName}-podmonitor`, namespace: this.namespace, labels: this.labels() },
      spec: {
        jobLabel: 'spark-operator-podmonitor',
        namespaceSelector: { matchNames: [this.namespace] },
        selector: { matchLabels: { 'app.kubernetes.io/name': 'spark-operator', 'app.kubernetes.io/instance': this.releaseName } },
        podMetricsEndpoints: [{ port: 'metrics', path: m.endpoint ?? '/metrics', scheme: 'http', interval: `${wholeSeconds(this, 'metrics.podMonitorInterval', m.podMonitorInterval, 1, 'use Duration.seconds(5)') ?? 5}s` }],
      },
    } as any);
  }
}
