import * as fs from 'fs';
import * as path from 'path';
import { Chart } from 'cdk8s';
import { GitOpsOrder, PodSecurityLevel, SparkOperator, SparkOperatorProps, WhenUnsatisfiable, WorkloadIdentity } from '../../../src';
import { findObject, findObjects, forSnapshot, registerCrd, synthValid } from '../../harness';
import { errorOf } from '../../harness/expect-error';

/**
 * The install as platform teams configure it: labels the Prometheus Operator
 * selects the PodMonitor by, common labels and annotations, topology spread
 * of the operator's pods, the Pod Security labels of its Namespace, and
 * leaving the CRDs out.
 */

for (const f of ['podmonitor.json', 'cert-manager-issuer.json', 'cert-manager-certificate.json']) {
  registerCrd(JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'fixtures', 'crds', f), 'utf-8')));
}

const SELECTOR = (component: string) => ({ 'app.kubernetes.io/component': component, 'app.kubernetes.io/instance': 'spark-operator', 'app.kubernetes.io/name': 'spark-operator' });
const COMMON_LABELS = { 'example.com/team': 'platform', 'cost-center': 'c-42' };
const COMMON_ANNOTATIONS = { 'example.com/owner': 'platform-team@example.com', 'argocd.argoproj.io/sync-wave': '-1' };

/**
 * The install with exactly the metadata it is given: no default sync waves (`GitOpsOrder.none`), since the
 * common annotations here set a wave of their own, as a platform that orders its apply itself would.
 */
function operator(props: SparkOperatorProps = {}, extra?: (op: SparkOperator) => void): any[] {
  return synthValid((app) => {
    const op = new SparkOperator(new Chart(app, 'platform'), 'Operator', { jobNamespaces: ['spark-jobs'], ...props });
    extra?.(op);
    GitOpsOrder.none(app);
  });
}

function deployment(docs: any[], component: string): any {
  return findObject(docs, 'Deployment', `spark-operator-${component}`);
}

/** Every selector of the install: Deployments, PodDisruptionBudgets, the webhook Service, the PodMonitor and the webhooks' namespace selectors. */
function selectors(docs: any[]): any {
  return {
    deployments: findObjects(docs, 'Deployment').map((d) => d.spec.selector),
    budgets: findObjects(docs, 'PodDisruptionBudget').map((d) => d.spec.selector),
    services: findObjects(docs, 'Service').map((d) => d.spec.selector),
    podMonitors: findObjects(docs, 'PodMonitor').map((d) => d.spec.selector),
    webhooks: [...findObjects(docs, 'MutatingWebhookConfiguration'), ...findObjects(docs, 'ValidatingWebhookConfiguration')]
      .map((d) => d.webhooks.map((h: any) => [h.namespaceSelector, h.objectSelector])),
  };
}

const HA = { controller: { replicas: 2, podDisruptionBudget: true }, webhook: { replicas: 2, podDisruptionBudget: true } };

describe('SparkOperator platform settings', () => {
  test('defaults: CRDs, no common metadata, a restricted Namespace, no spread of a single replica', () => {
    const docs = operator({ createNamespace: true });
    expect(findObjects(docs, 'CustomResourceDefinition')).toHaveLength(3);
    const labels = findObject(docs, 'Namespace', 'spark-operator').metadata.labels;
    expect(labels).toEqual({
      'app.kubernetes.io/instance': 'spark-operator',
      'app.kubernetes.io/managed-by': 'cdk8s',
      'app.kubernetes.io/name': 'spark-operator',
      'app.kubernetes.io/version': SparkOperator.VERSION,
      'pod-security.kubernetes.io/audit': 'restricted',
      'pod-security.kubernetes.io/audit-version': 'latest',
      'pod-security.kubernetes.io/enforce': 'restricted',
      'pod-security.kubernetes.io/enforce-version': 'latest',
      'pod-security.kubernetes.io/warn': 'restricted',
      'pod-security.kubernetes.io/warn-version': 'latest',
    });
    // Only the CRDs carry annotations (their upstream ones).
    expect(docs.filter((d) => d.metadata.annotations !== undefined).map((d) => d.kind)).toEqual(Array(3).fill('CustomResourceDefinition'));
    for (const component of ['controller', 'webhook']) {
      expect(deployment(docs, component).spec.template.spec.topologySpreadConstraints).toBeUndefined();
      expect(deployment(docs, component).spec.template.metadata.labels).toEqual(SELECTOR(component));
    }
  });

  test('PodMonitor labels sit beside the install\'s, as the chart\'s prometheus.podMonitor.labels do', () => {
    const docs = operator({ commonLabels: { release: 'old', team: 'platform' }, metrics: { podMonitor: true, podMonitorLabels: { release: 'kube-prometheus-stack' } } });
    const monitor = findObject(docs, 'PodMonitor', 'spark-operator-podmonitor');
    // The PodMonitor's own labels win over the common ones.
    expect(monitor.metadata.labels).toEqual({
      'app.kubernetes.io/instance': 'spark-operator',
      'app.kubernetes.io/managed-by': 'cdk8s',
      'app.kubernetes.io/name': 'spark-operator',
      'app.kubernetes.io/version': SparkOperator.VERSION,
      'release': 'kube-prometheus-stack',
      'team': 'platform',
    });
    expect(monitor.spec.selector).toEqual({ matchLabels: { 'app.kubernetes.io/instance': 'spark-operator', 'app.kubernetes.io/name': 'spark-operator' } });
    // Nothing else carries them.
    expect(findObject(docs, 'Deployment', 'spark-operator-controller').metadata.labels.release).toBe('old');
  });

  test('common labels and annotations reach every object, common labels the pods, and no selector changes', () => {
    const plain = operator({ ...HA, createNamespace: true, metrics: { podMonitor: true }, certManager: {} }, (op) => op.addJobNamespace('analytics'));
    const docs = operator({
      ...HA, createNamespace: true, metrics: { podMonitor: true }, certManager: {}, commonLabels: COMMON_LABELS, commonAnnotations: COMMON_ANNOTATIONS,
    }, (op) => op.addJobNamespace('analytics'));
    expect(docs.map((d) => `${d.kind}/${d.metadata.name}`)).toEqual(plain.map((d) => `${d.kind}/${d.metadata.name}`));
    for (const doc of docs) {
      expect({ object: `${doc.kind}/${doc.metadata.name}`, labels: doc.metadata.labels })
        .toEqual({ object: `${doc.kind}/${doc.metadata.name}`, labels: expect.objectContaining(COMMON_LABELS) });
      expect({ object: `${doc.kind}/${doc.metadata.name}`, annotations: doc.metadata.annotations })
        .toEqual({ object: `${doc.kind}/${doc.metadata.name}`, annotations: expect.objectContaining(COMMON_ANNOTATIONS) });
    }
    // The kinds that carry them include the CRDs, the job namespace's driver account and the cert-manager objects.
    expect(new Set(docs.map((d) => d.kind))).toEqual(new Set([
      'CustomResourceDefinition', 'Namespace', 'ServiceAccount', 'ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding', 'Deployment',
      'PodDisruptionBudget', 'Service', 'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration', 'Issuer', 'Certificate', 'PodMonitor',
    ]));
    // The install's own annotation stays.
    expect(findObject(docs, 'MutatingWebhookConfiguration').metadata.annotations['cert-manager.io/inject-ca-from']).toBe('spark-operator/spark-operator-certificate');
    // Selectors are those of an install without common labels: changing the labels never replaces a Deployment.
    expect(selectors(docs)).toEqual(selectors(plain));
    for (const component of ['controller', 'webhook']) {
      const template = deployment(docs, component).spec.template;
      expect(template.metadata.labels).toEqual({ ...COMMON_LABELS, ...SELECTOR(component) });
      expect(Object.keys(template.metadata.annotations ?? {})).not.toContain('example.com/owner');
      expect(template.spec.topologySpreadConstraints[0].labelSelector).toEqual({ matchLabels: SELECTOR(component) });
    }
    expect(forSnapshot(docs)).toMatchSnapshot();
  });

  test('a job namespace added after construction carries the common metadata too', () => {
    const docs = operator({ commonLabels: COMMON_LABELS, commonAnnotations: COMMON_ANNOTATIONS }, (op) => op.addJobNamespace('late'));
    const late = docs.filter((d) => d.metadata.namespace === 'late');
    expect(late.map((d) => d.kind).sort()).toEqual(['Role', 'Role', 'Role', 'RoleBinding', 'RoleBinding', 'RoleBinding', 'ServiceAccount']);
    for (const doc of late) {
      expect(doc.metadata.labels).toMatchObject(COMMON_LABELS);
      expect(doc.metadata.annotations).toMatchObject(COMMON_ANNOTATIONS);
    }
  });

  test('the pod\'s own labels win over the common ones, the selector labels over both', () => {
    const docs = operator({ commonLabels: { team: 'platform', tier: 'system' }, controller: { pod: { labels: { tier: 'control-plane' } } } });
    expect(deployment(docs, 'controller').spec.template.metadata.labels).toEqual({ ...SELECTOR('controller'), team: 'platform', tier: 'control-plane' });
    expect(deployment(docs, 'controller').metadata.labels).toMatchObject({ team: 'platform', tier: 'system' });
  });

  test('more than one replica spreads over nodes, softly, per revision', () => {
    const docs = operator({ controller: { replicas: 2 }, webhook: { replicas: 3 } });
    for (const component of ['controller', 'webhook']) {
      expect(deployment(docs, component).spec.template.spec.topologySpreadConstraints).toEqual([{
        maxSkew: 1,
        topologyKey: 'kubernetes.io/hostname',
        whenUnsatisfiable: 'ScheduleAnyway',
        labelSelector: { matchLabels: SELECTOR(component) },
        matchLabelKeys: ['pod-template-hash'],
      }]);
    }
  });

  test('the pod\'s own topology spread replaces the default, and an empty list switches it off', () => {
    const docs = operator({
      controller: {
        replicas: 3,
        pod: {
          topologySpreadConstraints: [{ topologyKey: 'topology.kubernetes.io/zone', maxSkew: 2, whenUnsatisfiable: WhenUnsatisfiable.DO_NOT_SCHEDULE }],
          affinity: { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: SELECTOR('controller') } } }] } },
        },
      },
      webhook: { replicas: 2, pod: { topologySpreadConstraints: [] } },
    });
    const controller = deployment(docs, 'controller').spec.template.spec;
    expect(controller.topologySpreadConstraints).toEqual([{
      maxSkew: 2, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: SELECTOR('controller') },
    }]);
    expect(controller.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight).toBe(100);
    expect(deployment(docs, 'webhook').spec.template.spec.topologySpreadConstraints).toBeUndefined();
  });

  test('another Pod Security level and version, or no Pod Security labels', () => {
    const baseline = operator({ createNamespace: true, podSecurityLevel: PodSecurityLevel.BASELINE, podSecurityVersion: 'v1.33' });
    const labels = findObject(baseline, 'Namespace', 'spark-operator').metadata.labels;
    expect(Object.entries(labels).filter(([k]) => k.startsWith('pod-security.kubernetes.io/'))).toEqual([
      ['pod-security.kubernetes.io/audit', 'baseline'], ['pod-security.kubernetes.io/audit-version', 'v1.33'],
      ['pod-security.kubernetes.io/enforce', 'baseline'], ['pod-security.kubernetes.io/enforce-version', 'v1.33'],
      ['pod-security.kubernetes.io/warn', 'baseline'], ['pod-security.kubernetes.io/warn-version', 'v1.33'],
    ]);
    const off = operator({ createNamespace: true, podSecurityLabels: false });
    expect(Object.keys(findObject(off, 'Namespace', 'spark-operator').metadata.labels).filter((k) => k.startsWith('pod-security'))).toEqual([]);
  });

  test('the CRDs can be left out, for platforms that install them separately', () => {
    const docs = operator({ installCrds: false });
    expect(findObjects(docs, 'CustomResourceDefinition')).toEqual([]);
    expect(deployment(docs, 'controller')).toBeDefined();
    expect(docs).toHaveLength(operator().length - 3);
  });

  describe('fails', () => {
    const build = (props: SparkOperatorProps) => (app: any) => new SparkOperator(new Chart(app, 'p'), 'Operator', { jobNamespaces: ['spark-jobs'], ...props });
    test.each<[string, SparkOperatorProps, string]>([
      ['on a common label that is a selector label', { commonLabels: { 'app.kubernetes.io/component': 'operator' } },
        '[p/Operator] \'commonLabels.app.kubernetes.io/component\' must not set \'app.kubernetes.io/component\', a selector label of the operator\'s pods (the Deployments, the webhook Service, the PodMonitor and the PodDisruptionBudgets select them by it, and a Deployment\'s selector cannot change without replacing the Deployment), got \'operator\'; remove it'],
      ['on a common instance label', { commonLabels: { 'app.kubernetes.io/instance': 'ops' } },
        '[p/Operator] \'commonLabels.app.kubernetes.io/instance\' must not set \'app.kubernetes.io/instance\', a selector label of the operator\'s pods (the Deployments, the webhook Service, the PodMonitor and the PodDisruptionBudgets select them by it, and a Deployment\'s selector cannot change without replacing the Deployment), got \'ops\'; remove it; \'releaseName\' sets this label'],
      ['on a common label the install sets itself', { commonLabels: { 'app.kubernetes.io/managed-by': 'argocd' } },
        '[p/Operator] \'commonLabels.app.kubernetes.io/managed-by\' must not set \'app.kubernetes.io/managed-by\', a label the install sets itself (the operator release and the tool that manages the objects), got \'argocd\'; remove it'],
      ['on a common Pod Security label', { commonLabels: { 'pod-security.kubernetes.io/enforce': 'baseline' } },
        '[p/Operator] \'commonLabels.pod-security.kubernetes.io/enforce\' must not be a Pod Security admission label (the operator\'s Namespace gets those from \'podSecurityLevel\'), got \'baseline\'; remove it, and set \'podSecurityLevel\' with \'createNamespace\''],
      ['on a common label value that is not a label value', { commonLabels: { team: 'data platform' } },
        '[p/Operator] \'commonLabels.team\' must be a label value (at most 63 letters, digits, \'-\', \'_\' or \'.\', starting and ending with a letter or digit), got \'data platform\'; put longer or free-form text in an annotation'],
      ['on a common annotation the library records security exceptions in', { commonAnnotations: { 'spark.cdk8s.io/security-opt-outs': 'none' } },
        '[p/Operator] \'commonAnnotations.spark.cdk8s.io/security-opt-outs\' must not set \'spark.cdk8s.io/security-opt-outs\', an annotation the install sets itself (the library records security exceptions under spark.cdk8s.io/), got \'none\'; remove it'],
      ['on a common cert-manager CA injection annotation', { commonAnnotations: { 'cert-manager.io/inject-ca-from': 'x/y' } },
        '[p/Operator] \'commonAnnotations.cert-manager.io/inject-ca-from\' must not set \'cert-manager.io/inject-ca-from\', an annotation the install sets itself (cert-manager injects the webhook\'s CA by it), got \'x/y\'; remove it'],
      ['on PodMonitor labels without a PodMonitor', { metrics: { podMonitorLabels: { release: 'kube-prometheus-stack' } } },
        '[p/Operator] \'metrics.podMonitorLabels\' labels the PodMonitor, but \'metrics.podMonitor\' is not true, so there is none (they would be dropped), got {"release":"kube-prometheus-stack"}; set \'metrics.podMonitor\' to true, or remove them'],
      ['on a PodMonitor label that is a selector label', { metrics: { podMonitor: true, podMonitorLabels: { 'app.kubernetes.io/name': 'spark' } } },
        '[p/Operator] \'metrics.podMonitorLabels.app.kubernetes.io/name\' must not set \'app.kubernetes.io/name\', a selector label of the operator\'s pods (the Deployments, the webhook Service, the PodMonitor and the PodDisruptionBudgets select them by it, and a Deployment\'s selector cannot change without replacing the Deployment), got \'spark\'; remove it'],
      ['on a PodMonitor label key that is not a label key', { metrics: { podMonitor: true, podMonitorLabels: { 'kube prometheus': 'yes' } } },
        '[p/Operator] \'metrics.podMonitorLabels.kube prometheus\' key must have a name part of at most 63 letters, digits, \'-\', \'_\' or \'.\', got \'kube prometheus\'; use a key such as \'example.com/team\''],
      ['on a Pod Security level without createNamespace', { podSecurityLevel: PodSecurityLevel.BASELINE },
        '[p/Operator] \'podSecurityLevel\' only applies to the Namespace that \'createNamespace\' emits (it would be dropped), got \'baseline\'; set createNamespace: true, or label the namespace where it is managed'],
      ['on podSecurityLabels without createNamespace', { podSecurityLabels: false },
        '[p/Operator] \'podSecurityLabels\' only applies to the Namespace that \'createNamespace\' emits (it would be dropped), got false; set createNamespace: true, or label the namespace where it is managed'],
      ['on a Pod Security level with the labels off', { createNamespace: true, podSecurityLabels: false, podSecurityLevel: PodSecurityLevel.PRIVILEGED },
        '[p/Operator] \'podSecurityLevel\' needs the Pod Security labels, which \'podSecurityLabels: false\' switches off (it would be dropped), got \'privileged\'; remove one of the two'],
      ['on a Pod Security version without the v', { createNamespace: true, podSecurityVersion: '1.30' },
        '[p/Operator] \'podSecurityVersion\' must be \'latest\' or a Kubernetes minor version such as \'v1.33\' (the Pod Security admission controller reads no other), got \'1.30\'; use \'v1.30\''],
      ['on a Pod Security version with a patch', { createNamespace: true, podSecurityVersion: 'v1.30.2' },
        '[p/Operator] \'podSecurityVersion\' must be \'latest\' or a Kubernetes minor version such as \'v1.33\' (the Pod Security admission controller reads no other), got \'v1.30.2\'; use \'v1.30\''],
      ['on a Pod Security level that is not one', { createNamespace: true, podSecurityLevel: 'Restricted' as PodSecurityLevel },
        '[p/Operator] \'podSecurityLevel\' must be one of PodSecurityLevel.RESTRICTED, PodSecurityLevel.BASELINE, PodSecurityLevel.PRIVILEGED, got \'Restricted\'; use PodSecurityLevel.RESTRICTED'],
      ['on installCrds that is not a boolean', { installCrds: 'false' as unknown as boolean },
        '[p/Operator] \'installCrds\' must be true or false, got \'false\'; use false (a boolean, not a string)'],
      ['on a topology spread with maxSkew 0', { controller: { pod: { topologySpreadConstraints: [{ topologyKey: 'kubernetes.io/hostname', maxSkew: 0 }] } } },
        '[p/Operator] \'controller.pod.topologySpreadConstraints[0].maxSkew\' must be a whole number, at least 1, got 0; use 1 for an even spread, or remove it'],
    ])('%s', (_name, props, message) => {
      expect(errorOf(build(props))).toBe(message);
    });
  });
});

describe('SparkOperator.addJobNamespace with a workload identity', () => {
  const ROLE = 'arn:aws:iam::111122223333:role/etl-spark';

  test('annotates the namespace\'s Spark driver ServiceAccount, and only it', () => {
    const docs = operator({}, (op) => op.addJobNamespace('etl', { identity: WorkloadIdentity.awsIrsa(ROLE) }));
    const accounts = findObjects(docs, 'ServiceAccount').filter((a) => a.metadata.name === 'spark-operator-spark');
    expect(accounts.map((a) => [a.metadata.namespace, a.metadata.annotations?.['eks.amazonaws.com/role-arn']])).toEqual([
      ['spark-jobs', undefined], ['etl', ROLE],
    ]);
  });

  test('a bad identity names the construct, the prop and the fix', () => {
    expect(errorOf((app) => new SparkOperator(new Chart(app, 'platform'), 'Operator', { jobNamespaces: ['spark-jobs'] })
      .addJobNamespace('etl', { identity: WorkloadIdentity.awsIrsa('arn:aws:iam::1234:user/bob') })))
      .toBe('[platform/Operator/JobNamespace-etl] \'identity\' must be the ARN of an IAM role (arn:aws:iam::<12-digit account id>:role/<name>), '
        + 'got \'WorkloadIdentity.awsIrsa(\'arn:aws:iam::1234:user/bob\')\'; use e.g. WorkloadIdentity.awsIrsa(\'arn:aws:iam::111122223333:role/spark\')');
  });
});
