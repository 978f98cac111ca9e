import { IConstruct } from 'constructs';
import { OPERATOR_VERSION, OWN_LABEL_KEYS, SELECTOR_LABEL_KEYS } from './_install';
import { labelSelectorProblem } from './_selector';
import {
  CertManagerIssuerKind, OperatorLogEncoder, OperatorLogLevel, OperatorWebhookOptions, SparkOperatorProps, UiIngressOptions,
  WebhookFailurePolicy,
} from './operator-install-options';
import { argumentProblem, controlProblem } from '../../_input';
import { PULL_POLICY } from '../../_plus';
import { checkAll, checkAnnotations, checkDns1035, checkDns1123Label, checkInteger, checkLabels, DNS_1123_SUBDOMAIN, fail } from '../../_validation';
import { checkPodSecurity as checkPodSecurityProps } from '../../pod/_pod-security-labels';
import {
  checkBoolean, checkEnum, checkNumber, checkObject, checkPropsObject, checkString, checkStringList, checkStringMap, cpuMillicores, durationSeconds,
  sizeKibibytes,
} from '../../rbac/_props';
import { BatchScheduler } from '../operator-options';

/**
 * The checks of a SparkOperator's props: the runtime type of every prop (for
 * JavaScript callers), and every number and string that becomes a flag of
 * the controller or the webhook (cmd/operator/{controller,webhook}/start.go
 * of the operator, v2.5.2), parsed with the grammar of whatever reads it.
 */

/** The feature gates of operator 2.5.2 (pkg/features/features.go). */
const OPERATOR_FEATURE_GATES = ['PartialRestart', 'LoadSparkDefaults'];

/** Namespaces Kubernetes itself runs in. */

/** Options that only the webhook uses: with the webhook off they would be dropped silently. */
const WEBHOOK_ONLY: (keyof OperatorWebhookOptions)[] = [
  'replicas', 'coreRequest', 'memory', 'logLevel', 'logEncoder', 'podDisruptionBudget', 'pod', 'extraArgs', 'port', 'failurePolicy', 'timeout', 'resourceQuotaEnforcement',
];

const LEADER = 'leaderElection';
const METRICS = 'metrics';
const FIXED = 'the construct (the chart\'s value; no prop changes it)';
const PROBES = 'the construct (the probes call port 8081)';
const LEADER_FLAGS = ['leader-election', 'leader-election-lock-name', 'leader-election-lock-namespace'];
const METRICS_FLAGS = ['enable-metrics', 'metrics-bind-address', 'metrics-endpoint', 'metrics-prefix', 'metrics-labels'];

/** A flag table: each owner (a prop, or who sets a flag no prop changes) with the flags it generates. */
function flagOwners(owners: [string, string[]][]): { [flag: string]: string } {
  return Object.fromEntries(owners.flatMap(([owner, flags]) => flags.map((flag) => [flag, owner])));
}

/** The flags each component's command line gets from the construct, and the prop each comes from. */
const GENERATED_FLAGS: { controller: { [flag: string]: string }; webhook: { [flag: string]: string } } = {
  controller: flagOwners([
    ['controller.logLevel', ['zap-log-level']],
    ['controller.logEncoder', ['zap-encoder']],
    ['jobNamespaces', ['namespaces']],
    ['jobNamespaceSelector', ['namespace-selector']],
    ['controller.threads', ['controller-threads']],
    ['controller.uiService', ['enable-ui-service']],
    ['controller.uiIngress', ['enable-ui-ingress', 'ingress-url-format', 'ingress-class-name', 'ingress-tls', 'ingress-annotations']],
    ['controller.batchScheduler', ['enable-batch-scheduler', 'kube-scheduler-names', 'default-batch-scheduler']],
    [METRICS, METRICS_FLAGS],
    [LEADER, [...LEADER_FLAGS, 'leader-election-lease-duration', 'leader-election-renew-deadline', 'leader-election-retry-period']],
    ['controller.driverPodCreationGracePeriod', ['driver-pod-creation-grace-period']],
    ['controller.maxTrackedExecutorPerApp', ['max-tracked-executor-per-app']],
    ['kubeApiQps', ['kube-api-qps']],
    ['kubeApiBurst', ['kube-api-burst']],
    ['controller.featureGates', ['feature-gates']],
    [FIXED, [
      'metrics-job-submit-latency-buckets', 'metrics-job-start-latency-buckets', 'workqueue-ratelimiter-bucket-qps', 'workqueue-ratelimiter-bucket-size',
      'workqueue-ratelimiter-max-delay', 'scheduled-spark-application-timestamp-precision',
    ]],
    [PROBES, ['health-probe-bind-address']],
  ]),
  webhook: flagOwners([
    ['webhook.logLevel', ['zap-log-level']],
    ['webhook.logEncoder', ['zap-encoder']],
    ['jobNamespaces', ['namespaces']],
    ['releaseName', ['webhook-secret-name', 'webhook-svc-name', 'mutating-webhook-name', 'validating-webhook-name']],
    ['namespace', ['webhook-secret-namespace', 'webhook-svc-namespace']],
    ['webhook.port', ['webhook-port']],
    [METRICS, METRICS_FLAGS],
    ['kubeApiQps', ['kube-api-qps']],
    ['kubeApiBurst', ['kube-api-burst']],
    ['webhook.resourceQuotaEnforcement', ['enable-resource-quota-enforcement']],
    ['certManager', ['enable-cert-manager']],
    [LEADER, LEADER_FLAGS],
    [PROBES, ['health-probe-bind-address']],
  ]),
};

/** Every check of the props that needs no other object: types first, then values. */
export function checkOperatorProps(scope: IConstruct, props: SparkOperatorProps): void {
  checkTypes(scope, props);
  checkWebhookOff(scope, props);
  checkApiClient(scope, props);
  checkSelector(scope, props);
  checkControllerValues(scope, props);
  checkMetrics(scope, props);
  checkCertManager(scope, props);
  checkCommonMetadata(scope, props);
  checkPodSecurity(scope, props);
  for (const component of ['controller', 'webhook'] as const) {
    checkExtraArgs(scope, component, props[component]?.extraArgs);
  }
}

/**
 * The operator's release name prefixes every object. With the webhook, it
 * names the Service `<release>-webhook-svc` (a DNS-1035 label of at most 63
 * characters) and, with cert-manager, the certificate's common name
 * `<release>-webhook-svc.<namespace>.svc` (cert-manager refuses one above 64
 * bytes, the X.509 upper bound).
 */
export function checkReleaseName(scope: IConstruct, props: SparkOperatorProps, releaseName: string, namespace: string): void {
  checkString(scope, 'releaseName', releaseName);
  if (props.webhook?.enabled === false) {
    checkDns1123Label(scope, 'releaseName', releaseName);
    return;
  }
  const suffix = '-webhook-svc';
  checkDns1035(scope, 'releaseName', releaseName, 63 - suffix.length, `it names the webhook Service '<releaseName>${suffix}', a DNS-1035 label of at most 63 characters`);
  const commonName = `${releaseName}${suffix}.${namespace}.svc`;
  if (props.certManager && commonName.length > 64) {
    fail(scope, 'releaseName', releaseName, `makes the webhook certificate's common name '${commonName}' ${commonName.length} characters long, and cert-manager refuses more than 64`,
      `shorten 'releaseName' or 'namespace' by ${commonName.length - 64} character${commonName.length - 65 ? 's' : ''}`);
  }
}

/** The runtime type of every prop. */
function checkTypes(scope: IConstruct, props: SparkOperatorProps): void {
  checkPropsObject(scope, props, '{ jobNamespaces: [\'spark-jobs\'] }');
  const w = props.webhook ?? {};
  const controller = props.controller ?? {};
  const m = props.metrics ?? {};
  checkAll(scope, [
    () => checkString(scope, 'namespace', props.namespace),
    () => checkBoolean(scope, 'createNamespace', props.createNamespace),
    () => checkBoolean(scope, 'installCrds', props.installCrds),
    () => checkBoolean(scope, 'podSecurityLabels', props.podSecurityLabels),
    () => checkStringMap(scope, 'commonLabels', props.commonLabels),
    () => checkStringMap(scope, 'commonAnnotations', props.commonAnnotations),
    () => checkStringMap(scope, 'metrics.podMonitorLabels', m.podMonitorLabels),
    () => checkString(scope, 'imageRepository', props.imageRepository),
    () => checkString(scope, 'imageTag', props.imageTag),
    () => checkEnum(scope, 'imagePullPolicy', props.imagePullPolicy, PULL_POLICY, 'ImagePullPolicy'),
    () => {
      if (props.imagePullSecrets !== undefined && (!Array.isArray(props.imagePullSecrets) || props.imagePullSecrets.some((s) => typeof s?.name !== 'string'))) {
        fail(scope, 'imagePullSecrets', props.imagePullSecrets, 'must be a list of Secrets', 'use [Secret.fromSecretName(this, \'Pull\', \'registry-credentials\')]');
      }
    },
    () => checkStringList(scope, 'jobNamespaces', props.jobNamespaces),
    () => checkBoolean(scope, 'watchAllNamespaces', props.watchAllNamespaces),
    () => checkString(scope, 'jobNamespaceSelector', props.jobNamespaceSelector),
    () => checkBoolean(scope, 'leaderElection', props.leaderElection),
    () => checkObject(scope, 'metrics', props.metrics, '{ port: 8080 }'),
    () => checkObject(scope, 'certManager', props.certManager, '{ issuerRef: { name: \'corp-ca\' } }'),
    () => {
      for (const [name, c] of [['controller', props.controller], ['webhook', props.webhook]] as const) {
        checkObject(scope, name, c, '{ replicas: 2 }');
        if (c === undefined) continue;
        checkObject(scope, `${name}.pod`, c.pod, '{ nodeSelector: { pool: \'system\' } }');
        checkEnum(scope, `${name}.logLevel`, c.logLevel, OperatorLogLevel, 'OperatorLogLevel');
        checkEnum(scope, `${name}.logEncoder`, c.logEncoder, OperatorLogEncoder, 'OperatorLogEncoder');
        checkBoolean(scope, `${name}.podDisruptionBudget`, c.podDisruptionBudget);
        checkStringList(scope, `${name}.extraArgs`, c.extraArgs);
        if (c.coreRequest !== undefined) cpuMillicores(scope, `${name}.coreRequest`, c.coreRequest);
        if (c.memory !== undefined) sizeKibibytes(scope, `${name}.memory`, c.memory, 'use Size.mebibytes(256) or more');
      }
    },
    () => checkBoolean(scope, 'webhook.enabled', w.enabled),
    () => checkEnum(scope, 'webhook.failurePolicy', w.failurePolicy, WebhookFailurePolicy, 'WebhookFailurePolicy'),
    () => checkBoolean(scope, 'webhook.resourceQuotaEnforcement', w.resourceQuotaEnforcement),
    () => checkBoolean(scope, 'controller.uiService', controller.uiService),
    () => checkObject(scope, 'controller.featureGates', controller.featureGates, '{ PartialRestart: true }'),
    () => checkBoolean(scope, 'metrics.enabled', m.enabled),
    () => checkString(scope, 'metrics.endpoint', m.endpoint),
    () => checkString(scope, 'metrics.prefix', m.prefix),
    () => checkStringList(scope, 'metrics.labels', m.labels),
    () => checkBoolean(scope, 'metrics.podMonitor', m.podMonitor),
    () => checkBoolean(scope, 'certManager.selfSigned', props.certManager?.selfSigned),
    () => checkEnum(scope, 'certManager.issuerRef.kind', props.certManager?.issuerRef?.kind, CertManagerIssuerKind, 'CertManagerIssuerKind'),
  ]);
}

/** With the webhook off, a webhook option would be dropped silently: it is refused instead. */
function checkWebhookOff(scope: IConstruct, props: SparkOperatorProps): void {
  if (props.webhook?.enabled !== false) return;
  for (const key of WEBHOOK_ONLY) {
    const value = props.webhook[key];
    if (value !== undefined) {
      fail(scope, `webhook.${key}`, typeof value === 'object' && !Array.isArray(value) ? `<${key}>` : value,
        'only applies to the webhook, which \'webhook.enabled: false\' switches off (it would be dropped)', 'remove it, or enable the webhook');
    }
  }
  if (props.certManager !== undefined) {
    fail(scope, 'certManager', '<certManager>', 'issues the webhook\'s certificate, but \'webhook.enabled: false\' switches the webhook off (it would be dropped)',
      'remove it, or enable the webhook');
  }
}

/**
 * Kubernetes API client flags (`--kube-api-qps`, a float32; `--kube-api-burst`,
 * an int). client-go treats a QPS of 0 as its default 5 and a negative QPS
 * as no rate limit at all (rest.RESTClientFor), so only positive values are
 * what they say.
 */
function checkApiClient(scope: IConstruct, props: SparkOperatorProps): void {
  checkNumber(scope, 'kubeApiQps', props.kubeApiQps, 'use e.g. 20 (the chart\'s default)');
  if (props.kubeApiQps !== undefined && !(props.kubeApiQps > 0 && props.kubeApiQps <= 1e6)) {
    fail(scope, 'kubeApiQps', props.kubeApiQps,
      'must be a positive number of requests per second, at most 1000000 (client-go reads 0 as its default 5 and a negative value as no rate limit at all)',
      'use e.g. 20 (the chart\'s default)');
  }
  checkInteger(scope, 'kubeApiBurst', props.kubeApiBurst, 1, 'use e.g. 30 (the chart\'s default)');
}

/** `--namespace-selector`: parsed as the controller parses it (k8s.io/apimachinery labels.Parse). */
function checkSelector(scope: IConstruct, props: SparkOperatorProps): void {
  const selector = props.jobNamespaceSelector;
  if (selector === undefined) return;
  if (!/\S/.test(selector)) {
    fail(scope, 'jobNamespaceSelector', selector, 'must be a label selector (an empty one makes the controller watch only the listed namespaces, or all)',
      'use e.g. \'spark=enabled\', or remove it');
  }
  const reason = controlProblem(selector)?.requirement ?? labelSelectorProblem(selector);
  if (reason) {
    fail(scope, 'jobNamespaceSelector', selector, `must be a Kubernetes label selector (${reason})`, 'use e.g. \'spark=enabled\' or \'team in (etl,ml),!legacy\'');
  }
}

/** The controller's numbers, durations, feature gates, batch scheduler and UI Ingress. */
function checkControllerValues(scope: IConstruct, props: SparkOperatorProps): void {
  const c = props.controller ?? {};
  checkInteger(scope, 'controller.maxTrackedExecutorPerApp', c.maxTrackedExecutorPerApp, 1, 'use e.g. 1000 (the chart\'s default)');
  if (c.driverPodCreationGracePeriod !== undefined) {
    durationSeconds(scope, 'controller.driverPodCreationGracePeriod', c.driverPodCreationGracePeriod, 1, 'use Duration.seconds(10)');
  }
  for (const [gate, value] of Object.entries(c.featureGates ?? {})) {
    if (!OPERATOR_FEATURE_GATES.includes(gate)) {
      fail(scope, `controller.featureGates.${gate}`, gate, `must be a feature gate of operator ${OPERATOR_VERSION} (${OPERATOR_FEATURE_GATES.join(', ')}); the controller exits at start on an unknown one`,
        `use one of ${OPERATOR_FEATURE_GATES.join(', ')}`);
    }
    checkBoolean(scope, `controller.featureGates.${gate}`, value);
  }
  const scheduler = c.batchScheduler;
  if (scheduler !== undefined) {
    checkObject(scope, 'controller.batchScheduler', scheduler, '{ defaultScheduler: BatchScheduler.VOLCANO }');
    checkStringList(scope, 'controller.batchScheduler.kubeSchedulerNames', scheduler.kubeSchedulerNames);
    checkEnum(scope, 'controller.batchScheduler.defaultScheduler', scheduler.defaultScheduler, BatchScheduler, 'BatchScheduler');
    (scheduler.kubeSchedulerNames ?? []).forEach((name, i) => {
      if (name.length > 253 || !DNS_1123_SUBDOMAIN.test(name)) {
        fail(scope, `controller.batchScheduler.kubeSchedulerNames[${i}]`, name, 'must be a scheduler name (a DNS-1123 subdomain; the flag is a comma-separated list)',
          'use the schedulerName of the kube-scheduler instance, e.g. \'scheduler-plugins-scheduler\'');
      }
    });
    const kubeSchedulers = scheduler.kubeSchedulerNames ?? [];
    if (scheduler.defaultScheduler === BatchScheduler.KUBE_SCHEDULER && !kubeSchedulers.includes(BatchScheduler.KUBE_SCHEDULER)) {
      fail(scope, 'controller.batchScheduler.defaultScheduler', scheduler.defaultScheduler,
        'names a kube-scheduler instance, but the controller registers those by the names in \'kubeSchedulerNames\' and exits at start when the default is not one of them',
        'add \'kube-scheduler\' to \'kubeSchedulerNames\', or pick another default');
    }
  }
  if (c.uiIngress !== undefined) checkUiIngressStrings(scope, c.uiIngress);
}

/** The placeholders the controller fills in the UI Ingress URL format. */
const URL_FORMAT_PLACEHOLDERS = /\{\{\$appName\}\}|\{\{\$appNamespace\}\}/g;

/** The strings of the UI Ingress flags: the URL format, the class name, annotations and TLS hosts. */
function checkUiIngressStrings(scope: IConstruct, ingress: UiIngressOptions): void {
  checkObject(scope, 'controller.uiIngress', ingress, '{ urlFormat: \'{{$appName}}.spark.example.com\' }');
  checkString(scope, 'controller.uiIngress.urlFormat', ingress.urlFormat);
  const format = ingress.urlFormat ?? '';
  const argument = argumentProblem(format);
  if (argument) fail(scope, 'controller.uiIngress.urlFormat', format, argument.requirement, argument.fix);
  const filled = format.replace(URL_FORMAT_PLACEHOLDERS, 'x');
  const [urlHost, ...path] = filled.split('/');
  if (format && (urlHost.length > 253 || !DNS_1123_SUBDOMAIN.test(urlHost) || !/^[A-Za-z0-9._~!$&'()*+,;=:@%/-]*$/.test(path.join('/')))) {
    fail(scope, 'controller.uiIngress.urlFormat', format,
      'must be a host name with an optional path, where only {{$appName}} and {{$appNamespace}} are filled in (the controller builds each Ingress host and path from it)',
      'use e.g. \'{{$appName}}.spark.example.com\' or \'spark.example.com/{{$appNamespace}}/{{$appName}}\'');
  }
  checkString(scope, 'controller.uiIngress.ingressClassName', ingress.ingressClassName);
  if (ingress.ingressClassName !== undefined && (ingress.ingressClassName.length > 253 || !DNS_1123_SUBDOMAIN.test(ingress.ingressClassName))) {
    fail(scope, 'controller.uiIngress.ingressClassName', ingress.ingressClassName, 'must be the name of an IngressClass (a DNS-1123 subdomain)', 'use e.g. \'nginx\'');
  }
  checkStringMap(scope, 'controller.uiIngress.annotations', ingress.annotations);
  checkAnnotations(scope, 'controller.uiIngress.annotations', ingress.annotations);
  for (const [key, value] of Object.entries(ingress.annotations ?? {})) {
    const problem = argumentProblem(value);
    if (problem) fail(scope, `controller.uiIngress.annotations.${key}`, problem.requirement.startsWith('holds') ? '<redacted>' : value, problem.requirement, problem.fix);
  }
  if (ingress.tls !== undefined && !Array.isArray(ingress.tls)) {
    fail(scope, 'controller.uiIngress.tls', ingress.tls, 'must be a list', 'use [{ secret: Secret.fromSecretName(this, \'Tls\', \'spark-ui-tls\'), hosts: [\'*.spark.example.com\'] }]');
  }
  (ingress.tls ?? []).forEach((tls, i) => {
    if (typeof tls?.secret?.name !== 'string') {
      fail(scope, `controller.uiIngress.tls[${i}].secret`, tls?.secret, 'must be a Secret', 'use Secret.fromSecretName(this, \'Tls\', \'spark-ui-tls\')');
    }
    checkStringList(scope, `controller.uiIngress.tls[${i}].hosts`, tls.hosts);
    (tls.hosts ?? []).forEach((host, j) => {
      if (host.length > 253 || !DNS_1123_SUBDOMAIN.test(host.replace(/^\*\./, 'x.'))) {
        fail(scope, `controller.uiIngress.tls[${i}].hosts[${j}]`, host, 'must be a DNS name (optionally a *. wildcard)', 'use e.g. \'*.spark.example.com\'');
      }
    });
  });
}

/** Metrics flags: a URL path, a Prometheus metric-name prefix, Prometheus label names, and the scrape interval. */
function checkMetrics(scope: IConstruct, props: SparkOperatorProps): void {
  const m = props.metrics ?? {};
  if (m.endpoint !== undefined && !/^\/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*$/.test(m.endpoint)) {
    fail(scope, 'metrics.endpoint', m.endpoint, 'must be a URL path starting with \'/\' (no spaces, query or fragment)', 'use e.g. \'/metrics\'');
  }
  if (m.prefix !== undefined && m.prefix !== '' && !/^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(m.prefix)) {
    fail(scope, 'metrics.prefix', m.prefix, 'must start a Prometheus metric name (letters, digits, \'_\' and \':\', not starting with a digit)', 'use e.g. \'spark_\'');
  }
  (m.labels ?? []).forEach((label, i) => {
    if (!/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(label) || label.startsWith('__')) {
      fail(scope, `metrics.labels[${i}]`, label, 'must be a Prometheus label name (letters, digits and \'_\', not starting with a digit or \'__\'; the flag is a comma-separated list)',
        'use e.g. \'app_type\'');
    }
  });
  if (m.podMonitorInterval !== undefined) durationSeconds(scope, 'metrics.podMonitorInterval', m.podMonitorInterval, 1, 'use Duration.seconds(5)');
}

/**
 * A label the install sets itself cannot be replaced: the selector labels
 * select the operator's pods (and a Deployment's selector cannot change
 * without replacing it), the others record the release and the tool.
 */
function checkOwnLabels(scope: IConstruct, prop: string, labels: { [key: string]: string } | undefined): void {
  for (const [key, value] of Object.entries(labels ?? {})) {
    if (SELECTOR_LABEL_KEYS.includes(key)) {
      fail(scope, `${prop}.${key}`, value,
        `must not set '${key}', a selector label of the operator's pods (the Deployments, the webhook Service, the PodMonitor and the PodDisruptionBudgets select them by it, and a Deployment's selector cannot change without replacing the Deployment)`,
        key === 'app.kubernetes.io/instance' ? 'remove it; \'releaseName\' sets this label' : 'remove it');
    }
    if (OWN_LABEL_KEYS.includes(key)) {
      fail(scope, `${prop}.${key}`, value, `must not set '${key}', a label the install sets itself (the operator release and the tool that manages the objects)`, 'remove it');
    }
  }
}

/** Common labels and annotations, and the PodMonitor's labels: valid, and none replaces what the install sets itself. */
function checkCommonMetadata(scope: IConstruct, props: SparkOperatorProps): void {
  checkLabels(scope, 'commonLabels', props.commonLabels);
  checkOwnLabels(scope, 'commonLabels', props.commonLabels);
  for (const [key, value] of Object.entries(props.commonLabels ?? {})) {
    if (key.startsWith('pod-security.kubernetes.io/')) {
      fail(scope, `commonLabels.${key}`, value, 'must not be a Pod Security admission label (the operator\'s Namespace gets those from \'podSecurityLevel\')',
        'remove it, and set \'podSecurityLevel\' with \'createNamespace\'');
    }
  }
  checkAnnotations(scope, 'commonAnnotations', props.commonAnnotations);
  for (const [key, value] of Object.entries(props.commonAnnotations ?? {})) {
    if (key.startsWith('spark.cdk8s.io/') || key === 'cert-manager.io/inject-ca-from') {
      fail(scope, `commonAnnotations.${key}`, value,
        `must not set '${key}', an annotation the install sets itself (${key === 'cert-manager.io/inject-ca-from' ? 'cert-manager injects the webhook\'s CA by it' : 'the library records security exceptions under spark.cdk8s.io/'})`,
        'remove it');
    }
  }
  const m = props.metrics ?? {};
  checkLabels(scope, 'metrics.podMonitorLabels', m.podMonitorLabels);
  checkOwnLabels(scope, 'metrics.podMonitorLabels', m.podMonitorLabels);
  if (m.podMonitorLabels !== undefined && !m.podMonitor) {
    fail(scope, 'metrics.podMonitorLabels', m.podMonitorLabels, 'labels the PodMonitor, but \'metrics.podMonitor\' is not true, so there is none (they would be dropped)',
      'set \'metrics.podMonitor\' to true, or remove them');
  }
}

/** The Pod Security props label the Namespace that `createNamespace` emits; without it they would be dropped. */
function checkPodSecurity(scope: IConstruct, props: SparkOperatorProps): void {
  for (const prop of ['podSecurityLevel', 'podSecurityVersion', 'podSecurityLabels'] as const) {
    if (props[prop] !== undefined && !props.createNamespace) {
      fail(scope, prop, props[prop], 'only applies to the Namespace that \'createNamespace\' emits (it would be dropped)',
        'set createNamespace: true, or label the namespace where it is managed');
    }
  }
  if (props.podSecurityLabels === false) {
    for (const prop of ['podSecurityLevel', 'podSecurityVersion'] as const) {
      if (props[prop] !== undefined) {
        fail(scope, prop, props[prop], 'needs the Pod Security labels, which \'podSecurityLabels: false\' switches off (it would be dropped)', 'remove one of the two');
      }
    }
  }
  checkPodSecurityProps(scope, props.podSecurityLevel, props.podSecurityVersion);
}

/**
 * cert-manager's own limits (its validating webhook): a certificate lives at
 * least an hour, is renewed at least 5 minutes and less than its lifetime
 * before it expires.
 */
function checkCertManager(scope: IConstruct, props: SparkOperatorProps): void {
  const cm = props.certManager;
  if (cm === undefined) return;
  checkObject(scope, 'certManager.issuerRef', cm.issuerRef, '{ name: \'corp-ca\' }');
  if (cm.issuerRef !== undefined) {
    checkString(scope, 'certManager.issuerRef.name', cm.issuerRef.name);
    if (typeof cm.issuerRef.name !== 'string' || cm.issuerRef.name.length > 253 || !DNS_1123_SUBDOMAIN.test(cm.issuerRef.name)) {
      fail(scope, 'certManager.issuerRef.name', cm.issuerRef.name, 'must be the name of an Issuer or ClusterIssuer (a DNS-1123 subdomain)', 'use e.g. \'corp-ca\'');
    }
  }
  const duration = cm.duration === undefined ? undefined
    : durationSeconds(scope, 'certManager.duration', cm.duration, 3600, 'use Duration.days(90) (cert-manager\'s default) or at least Duration.hours(1)');
  if (cm.renewBefore !== undefined) {
    const renew = durationSeconds(scope, 'certManager.renewBefore', cm.renewBefore, 300, 'use at least Duration.minutes(5), or leave it unset for a third of the lifetime');
    const lifetime = duration ?? 90 * 86400;
    if (renew >= lifetime) {
      fail(scope, 'certManager.renewBefore', `${renew}s`, `must be shorter than the certificate's lifetime (${lifetime}s${duration === undefined ? ', cert-manager\'s default' : ''})`,
        'leave it unset to renew after two thirds of the lifetime');
    }
  }
}

/** Extra arguments: one line each, no secret, and no flag the construct already generates (say which prop sets it). */
function checkExtraArgs(scope: IConstruct, component: 'controller' | 'webhook', extraArgs: string[] | undefined): void {
  (extraArgs ?? []).forEach((arg, i) => {
    const prop = `${component}.extraArgs[${i}]`;
    const problem = argumentProblem(arg);
    if (problem) fail(scope, prop, problem.requirement.startsWith('holds') ? '<redacted>' : arg, problem.requirement, problem.fix);
    const flag = /^--?([^=]+)/.exec(arg)?.[1];
    const owner = flag === undefined ? undefined : GENERATED_FLAGS[component][flag];
    if (owner !== undefined) {
      const byProp = !owner.startsWith('the construct');
      fail(scope, prop, arg, `repeats the flag --${flag}, which ${byProp ? `the construct generates from '${owner}'` : `is set by ${owner}`}`,
        byProp ? `set '${owner}' instead` : 'remove it');
    }
  });
}

