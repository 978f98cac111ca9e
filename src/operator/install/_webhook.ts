import { ApiObject, Lazy, Size } from 'cdk8s';
import { renderCertManager } from './_cert-manager';
import { apiClientArgs, componentDeployment, leaderArgs, logAndNamespaceArgs, metricsArgs } from './_component';
import {
  componentClusterRole, componentName, componentObject, componentRole, componentServiceAccount, installLabels, OperatorInstall, selectorLabels,
} from './_install';
import { webhookClusterRules, webhookOperatorRules } from './_operator-rules';
import { OperatorWebhookOptions, WebhookFailurePolicy } from './operator-install-options';
import { plus } from '../../_plus';
import { durationSeconds } from '../../rbac/_props';

/** The custom resources the webhook mutates and validates: [kind path part, resource, api version]. */
const CR_WEBHOOKS: [string, string, string][] = [
  ['sparkapplication', 'sparkapplications', 'v1beta2'],
  ['scheduledsparkapplication', 'scheduledsparkapplications', 'v1beta2'],
  ['sparkconnect', 'sparkconnects', 'v1alpha1'],
];

/** Name of the webhook's Service. */
function serviceName(install: OperatorInstall): string {
  return `${install.releaseName}-webhook-svc`;
}

/** The webhook's command line, in the chart's order. */
function webhookArgs(install: OperatorInstall, w: OperatorWebhookOptions): string[] {
  const name = componentName(install, 'webhook');
  return [
    'webhook', 'start',
    ...logAndNamespaceArgs(install, w, 'webhook'),
    `--webhook-secret-name=${install.releaseName}-webhook-certs`,
    `--webhook-secret-namespace=${install.namespace}`,
    `--webhook-svc-name=${serviceName(install)}`,
    `--webhook-svc-namespace=${install.namespace}`,
    `--webhook-port=${install.webhookPort}`,
    `--mutating-webhook-name=${name}`,
    `--validating-webhook-name=${name}`,
    ...metricsArgs(install),
    ...apiClientArgs(install),
    ...(w.resourceQuotaEnforcement ? ['--enable-resource-quota-enforcement=true'] : []),
    ...(install.props.certManager ? ['--enable-cert-manager=true'] : []),
    ...leaderArgs(install, 'webhook'),
    ...(w.extraArgs ?? []),
  ];
}

/**
 * The webhooks of one configuration. Unless the operator watches
 * cluster-wide, each selects the watched namespaces, read at synth (job
 * namespaces may be added after construction).
 */
function webhooks(install: OperatorInstall, w: OperatorWebhookOptions, operation: 'mutate' | 'validate'): any[] {
  const namespaceSelector = install.clusterWide ? undefined : {
    matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: Lazy.any({ produce: () => install.watchedNamespaces() }) }],
  };
  const timeoutSeconds = w.timeout === undefined ? 10 : durationSeconds(install.scope, 'webhook.timeout', w.timeout, 1, 'use 1 to 30 seconds');
  const hook = (path: string, name: string, rules: any[], objectSelector?: any) => ({
    name,
    admissionReviewVersions: ['v1'],
    clientConfig: { service: { name: serviceName(install), namespace: install.namespace, port: install.webhookPort, path } },
    sideEffects: 'None',
    failurePolicy: w.failurePolicy ?? WebhookFailurePolicy.FAIL,
    namespaceSelector,
    objectSelector,
    rules,
    timeoutSeconds,
  });
  const podHook = operation === 'mutate' ? [
    hook('/mutate--v1-pod', 'mutate--v1-pod.sparkoperator.k8s.io', [{ apiGroups: [''], apiVersions: ['v1'], resources: ['pods'], operations: ['CREATE'] }],
      { matchLabels: { 'sparkoperator.k8s.io/launched-by-spark-operator': 'true' } }),
  ] : [];
  return [
    ...podHook,
    ...CR_WEBHOOKS.map(([kind, resource, version]) => hook(`/${operation}-sparkoperator-k8s-io-${version}-${kind}`,
      `${operation}-sparkoperator-k8s-io-${version}-${kind}.sparkoperator.k8s.io`,
      [{ apiGroups: ['sparkoperator.k8s.io'], apiVersions: [version], resources: [resource], operations: ['CREATE', 'UPDATE'] }])),
  ];
}

/** The Mutating- and ValidatingWebhookConfiguration (with cert-manager: annotated to get the CA injected). */
function webhookConfigurations(install: OperatorInstall, w: OperatorWebhookOptions): void {
  const annotations = install.props.certManager ? { 'cert-manager.io/inject-ca-from': `${install.namespace}/${install.releaseName}-certificate` } : undefined;
  for (const [kind, operation] of [['MutatingWebhookConfiguration', 'mutate'], ['ValidatingWebhookConfiguration', 'validate']] as const) {
    new ApiObject(install.scope, kind, {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind,
      metadata: { name: componentName(install, 'webhook'), labels: installLabels(install, 'webhook'), annotations },
      webhooks: webhooks(install, w, operation),
    });
  }
}

/**
 * The webhook: its ServiceAccount, ClusterRole, Role in the operator
 * namespace (rules read at synth), Service, Deployment, webhook
 * configurations and, with cert-manager, its Issuer and Certificate.
 */
export function renderWebhook(install: OperatorInstall): void {
  const w = install.props.webhook ?? {};
  const args = webhookArgs(install, w);
  componentServiceAccount(install, 'WebhookServiceAccount', 'webhook');
  componentClusterRole(install, 'WebhookClusterRole', 'webhook', webhookClusterRules(componentName(install, 'webhook'), install.clusterWide));
  componentRole(install, install.scope, 'WebhookLeaderRole', install.namespace, 'webhook', Lazy.any({
    produce: () => webhookOperatorRules(install.releaseName, install.leaderElection, install.operatorNamespaceIsJobNamespace()),
  }));
  componentObject(install, 'WebhookService', { apiVersion: 'v1', kind: 'Service' }, serviceName(install), install.namespace, 'webhook', {
    spec: { type: 'ClusterIP', selector: selectorLabels(install, 'webhook'), ports: [{ name: 'webhook', port: install.webhookPort, targetPort: 'webhook', protocol: 'TCP' }] },
  });
  componentDeployment(install, 'WebhookDeployment', 'webhook', w, {
    args,
    ports: [{ name: 'webhook', number: install.webhookPort }, ...(install.metricsEnabled ? [{ name: 'metrics', number: install.metricsPort }] : [])],
    scratchDirs: [{ name: 'serving-certs', path: '/etc/k8s-webhook-server/serving-certs', sizeLimit: '500Mi' }],
    defaultCpu: plus().Cpu.millis(100),
    defaultMemory: Size.mebibytes(256),
  });
  webhookConfigurations(install, w);
  if (install.props.certManager) {
    renderCertManager(install, install.props.certManager, serviceName(install));
  }
}
