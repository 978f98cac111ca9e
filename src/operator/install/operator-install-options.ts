import { Duration, Size } from 'cdk8s';
import type { Cpu, ImagePullPolicy, ISecret } from 'cdk8s-plus-28';
import { IngressTls } from '../../application/exposure';
import { NetworkPeer } from '../../network/network-peer';
import { SparkNetworkOptions } from '../../network/spark-network';
import { SparkPodOptions } from '../../pod/pod-options';
import { PodSecurityLevel } from '../../pod/pod-security-level';
import { SecurityOptOut } from '../../pod/security-opt-out';
import { SparkNamespaceOptions } from '../../rbac/spark-job-namespace';
import { BatchScheduler } from '../operator-options';

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

/** Kind of a cert-manager issuer. */
export enum CertManagerIssuerKind {
  /** An `Issuer` in the operator's namespace. */
  ISSUER = 'Issuer',
  /** A cluster-wide `ClusterIssuer`. */
  CLUSTER_ISSUER = 'ClusterIssuer',
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
  readonly coreRequest?: Cpu;
  /**
   * Memory request and limit.
   * @default - for the controller 512 MiB plus 256 MiB per reconcile worker (`controller.threads`; 3 GiB for the default 10), since each worker may run a spark-submit JVM in the controller's container; 256 MiB for the webhook
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
   * Pod settings (node selector, tolerations, affinity, topology spread,
   * priority class, labels, annotations, ...), rendered into the hardened pod
   * template as for every pod of this library. With more than one replica and
   * no `topologySpreadConstraints` of its own, the pods spread over nodes
   * (`kubernetes.io/hostname`, maxSkew 1, ScheduleAnyway, counting the pods of
   * the same revision by `pod-template-hash`); `topologySpreadConstraints: []`
   * switches that off.
   * @default - none besides the hardening defaults and, with replicas > 1, the spread over nodes
   */
  readonly pod?: SparkPodOptions;
  /**
   * Extra command-line arguments appended to the chart's, for flags this
   * construct does not model (e.g. `--cache-sync-timeout=60s`). A flag the
   * construct already generates is refused, naming the prop that sets it.
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
   * TLS of each UI Ingress. Every entry must list its `hosts`: the controller
   * builds the Ingress host from `urlFormat`, so there is no host to default to.
   * @default - none
   */
  readonly tls?: IngressTls[];
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
  readonly defaultScheduler?: BatchScheduler;
}

/** Controller settings. */
export interface OperatorControllerOptions extends OperatorComponentOptions {
  /**
   * Reconcile workers. Each may run a spark-submit JVM in the controller's
   * container at the same time, so the default `memory` grows with them.
   * @default 10
   */
  readonly threads?: number;
  /**
   * Size limit of the controller's /tmp emptyDir, where it writes the pod
   * templates of each submission and spark-submit keeps its Ivy cache
   * (`spark.jars.ivy=/tmp/.ivy2`) of the applications' packages. Past it the
   * kubelet evicts the controller: raise it when applications pull large
   * packages (hadoop-aws brings the AWS SDK bundle, hundreds of MiB per
   * version).
   * @default Size.gibibytes(1) (the chart's)
   */
  readonly tmpSizeLimit?: Size;
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
  /**
   * Labels of the PodMonitor, beside the install's (the chart's
   * `prometheus.podMonitor.labels`): the Prometheus Operator picks PodMonitors
   * by label, e.g. `{ release: 'kube-prometheus-stack' }` for
   * kube-prometheus-stack's default `podMonitorSelector`. They win over
   * `commonLabels`; the install's own labels cannot be replaced. Needs `podMonitor`.
   * @default - the install's labels only
   */
  readonly podMonitorLabels?: { [key: string]: string };
}

/** A cert-manager issuer reference. */
export interface CertManagerIssuerRef {
  /** Issuer name. */
  readonly name: string;
  /**
   * Issuer kind.
   * @default CertManagerIssuerKind.ISSUER
   */
  readonly kind?: CertManagerIssuerKind;
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
   * The Pod Security Standard of the Namespace `createNamespace` emits: its
   * labels `pod-security.kubernetes.io/enforce`, `audit` and `warn` (warn
   * makes `kubectl apply` of a Deployment whose pods break the standard print
   * a warning, instead of its pods failing to start). The operator's pods
   * meet `restricted`.
   * @default PodSecurityLevel.RESTRICTED
   * @see https://kubernetes.io/docs/concepts/security/pod-security-admission/
   */
  readonly podSecurityLevel?: PodSecurityLevel;
  /**
   * The version of the standard the Namespace's Pod Security labels pin
   * (`pod-security.kubernetes.io/<mode>-version`): `latest`, or a Kubernetes
   * minor version such as `v1.33`.
   * @default 'latest'
   */
  readonly podSecurityVersion?: string;
  /**
   * Put the Pod Security labels on the Namespace `createNamespace` emits.
   * `false` leaves the namespace to the cluster's default admission
   * configuration, or to the tooling that labels namespaces.
   * @default true
   */
  readonly podSecurityLabels?: boolean;
  /**
   * Emit the operator's three CustomResourceDefinitions. `false` leaves them
   * to the platform that installs CRDs separately (they must be the v2.5.2
   * ones, `SparkOperator.VERSION`).
   * @default true
   */
  readonly installCrds?: boolean;
  /**
   * Labels on every object the install creates (the chart's `commonLabels`)
   * and on the operator's pods. The selector labels
   * (`app.kubernetes.io/name`, `instance`, `component`) and the install's own
   * (`app.kubernetes.io/version`, `managed-by`) cannot be replaced, and
   * selectors never carry common labels, so changing them never forces a
   * Deployment to be replaced.
   * @default - none
   */
  readonly commonLabels?: { [key: string]: string };
  /**
   * Annotations on every object the install creates (not on the pods: use
   * `controller.pod.annotations` and `webhook.pod.annotations`).
   * @default - none
   */
  readonly commonAnnotations?: { [key: string]: string };
  /**
   * Release name: the prefix of every object name (`<release>-controller`, ...).
   * @default 'spark-operator'
   */
  readonly releaseName?: string;
  /**
   * Image repository.
   * @default SparkOperator.DEFAULT_IMAGE_REPOSITORY
   */
  readonly imageRepository?: string;
  /**
   * Image tag.
   * @default SparkOperator.VERSION
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
   * An empty list must get a namespace with `addJobNamespace` before synth:
   * unlike the chart, it never means every namespace (use
   * `watchAllNamespaces`).
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
  /**
   * The cluster's network facts. With them the controller and the webhook
   * get NetworkPolicies (DNS and the API server out; into the webhook only
   * the API server, into the metrics port only `metricsAllowFrom`), every job
   * namespace inherits them unless its options name their own (so it denies
   * all traffic by default and the applications placed there with
   * `jobNamespace` get their policies), and the Namespace `createNamespace`
   * emits denies all traffic by default too.
   *
   * The controller reaches DNS, the API server and, when the network names
   * them, the `packageRepositories`: the spark-submit it runs for each
   * application resolves the application's packages before its driver does.
   * @default - no NetworkPolicy
   */
  readonly network?: SparkNetworkOptions;
  /**
   * Who may scrape the metrics port of the controller and the webhook (a
   * Prometheus). Needs `network` and metrics; a PodMonitor with `network`
   * needs it.
   * @default - nobody
   */
  readonly metricsAllowFrom?: NetworkPeer[];
  /**
   * Named exceptions to the secure defaults: `SYSTEM_NAMESPACE` lets
   * `createNamespace` or a job namespace be `kube-system`, `kube-public` or
   * `kube-node-lease`; the pod ones (a weaker sidecar, a sensitive mount, a
   * system priority class) pass to the operator's pods. Each listed one must
   * be needed; they are recorded in the annotation
   * `spark.cdk8s.io/security-opt-outs` on both Deployments and the Namespace.
   * @default - none
   */
  readonly securityOptOuts?: SecurityOptOut[];
}

/** Options of `SparkOperator.addJobNamespace`. */
export interface OperatorJobNamespaceOptions extends SparkNamespaceOptions {
}
