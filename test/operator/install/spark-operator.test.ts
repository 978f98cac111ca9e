import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, App, Chart, Duration, JsonPatch, Size, Testing } from 'cdk8s';
import { ConfigMap, Cpu, Secret } from 'cdk8s-plus-28';
import {
  ApplicationFile, BatchScheduler, CertManagerIssuerKind, Monitoring, OperatorLogEncoder, OperatorLogLevel, ScheduledSparkApplication, SparkApplication,
  SparkOperator, SparkOperatorProps, WebhookFailurePolicy,
} from '../../../src';
import { findObject, findObjects, forSnapshot, registerCrd, synthValid } from '../../harness';
import { errorOf } from '../../harness/expect-error';

// Minimal closed schemas (from the published APIs) of the optional objects the operator emits.
for (const f of ['podmonitor.json', 'cert-manager-issuer.json', 'cert-manager-certificate.json']) {
  registerCrd(JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'fixtures', 'crds', f), 'utf-8')));
}

const PI = { mainApplicationFile: ApplicationFile.fromImagePath('/opt/spark/examples/jars/spark-examples.jar'), mainClass: 'org.apache.spark.examples.SparkPi' };
const SELECTOR = (component: string) => ({ 'app.kubernetes.io/component': component, 'app.kubernetes.io/instance': 'spark-operator', 'app.kubernetes.io/name': 'spark-operator' });

function operator(props: SparkOperatorProps = {}, extra?: (op: SparkOperator, chart: Chart) => void): any[] {
  return synthValid((app) => {
    const chart = new Chart(app, 'platform');
    const op = new SparkOperator(chart, 'Operator', { jobNamespaces: ['spark-jobs'], ...props });
    extra?.(op, chart);
  });
}

function deployment(docs: any[], component: string): any {
  return findObject(docs, 'Deployment', `spark-operator-${component}`);
}

function args(docs: any[], component: string): string[] {
  return deployment(docs, component).spec.template.spec.containers[0].args;
}

/** The namespaces every webhook of both configurations selects. */
function selectedNamespaces(docs: any[]): string[][] {
  return [...findObject(docs, 'MutatingWebhookConfiguration').webhooks, ...findObject(docs, 'ValidatingWebhookConfiguration').webhooks]
    .map((hook: any) => hook.namespaceSelector.matchExpressions[0].values);
}

describe('SparkOperator', () => {
  test('defaults', () => {
    const docs = synthValid((app) => {
      new SparkOperator(new Chart(app, 'platform'), 'Operator');
    }, { allowDefaultNamespace: true });
    // CRDs first, descriptions stripped, each far below the 256 KiB client-side-apply limit.
    expect(docs.slice(0, 3).map((d) => d.kind)).toEqual(['CustomResourceDefinition', 'CustomResourceDefinition', 'CustomResourceDefinition']);
    for (const crd of docs.slice(0, 3)) {
      expect(JSON.stringify(crd).length).toBeLessThan(128 * 1024);
      expect(JSON.stringify(crd)).not.toContain('"description"');
    }
    expect(docs).toHaveLength(25);
    const controller = deployment(docs, 'controller');
    expect(controller.metadata.namespace).toBe('spark-operator');
    expect(controller.spec.replicas).toBe(1);
    expect(controller.spec.revisionHistoryLimit).toBe(10);
    const pod = controller.spec.template.spec;
    expect(pod.containers[0].image).toBe(SparkOperator.DEFAULT_IMAGE);
    expect(pod.containers[0].imagePullPolicy).toBe('IfNotPresent');
    expect(pod.containers[0].resources).toEqual({ requests: { cpu: '500m', memory: '1Gi' }, limits: { memory: '1Gi' } });
    expect(pod.securityContext).toEqual({ runAsNonRoot: true, runAsUser: 185, runAsGroup: 185, fsGroup: 185, seccompProfile: { type: 'RuntimeDefault' } });
    expect(pod.serviceAccountName).toBe('spark-operator-controller');
    expect(pod.containers[0].livenessProbe).toEqual({ httpGet: { port: 8081, scheme: 'HTTP', path: '/healthz' } });
    expect(args(docs, 'controller')).toEqual(expect.arrayContaining([
      '--zap-log-level=info', '--zap-encoder=console', '--namespaces=default', '--controller-threads=10', '--enable-ui-service=true',
      '--enable-metrics=true', '--metrics-bind-address=:8080', '--metrics-endpoint=/metrics', '--metrics-prefix=', '--metrics-labels=app_type',
      '--leader-election=true', '--feature-gates=PartialRestart=false,LoadSparkDefaults=false', '--kube-api-qps=20', '--kube-api-burst=30',
    ]));
    const webhook = deployment(docs, 'webhook');
    expect(webhook.spec.template.spec.containers[0].resources).toEqual({ requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '256Mi' } });
    const mutating = findObject(docs, 'MutatingWebhookConfiguration');
    expect(mutating.webhooks).toHaveLength(4);
    for (const hook of mutating.webhooks) {
      expect(hook).toMatchObject({ failurePolicy: 'Fail', timeoutSeconds: 10, sideEffects: 'None', admissionReviewVersions: ['v1'] });
      expect(hook.clientConfig.caBundle).toBeUndefined();
    }
    expect(findObject(docs, 'ValidatingWebhookConfiguration').webhooks).toHaveLength(3);
    expect(selectedNamespaces(docs)).toEqual(Array(7).fill(['default']));
    expect(findObjects(docs, 'Secret')).toHaveLength(0);
    expect(findObjects(docs, 'PodDisruptionBudget')).toHaveLength(0);
    expect(findObjects(docs, 'Namespace')).toHaveLength(0);
    expect(findObject(docs, 'ServiceAccount', 'spark-operator-spark').metadata.namespace).toBe('default');
    // The one snapshot of the operator install.
    expect(forSnapshot(docs)).toMatchSnapshot();
  });

  test('the release it installs is pinned in static members', () => {
    expect(SparkOperator.VERSION).toBe('2.5.2');
    expect(SparkOperator.DEFAULT_IMAGE_REPOSITORY).toBe('ghcr.io/kubeflow/spark-operator/controller');
    expect(SparkOperator.DEFAULT_IMAGE).toBe('ghcr.io/kubeflow/spark-operator/controller:2.5.2');
    const docs = operator({ imageRepository: 'registry.example.com/spark-operator' });
    expect(deployment(docs, 'webhook').spec.template.spec.containers[0].image).toBe(`registry.example.com/spark-operator:${SparkOperator.VERSION}`);
    expect(findObjects(docs, 'CustomResourceDefinition').map((d) => d.metadata.labels['app.kubernetes.io/version'])).toEqual(Array(3).fill(SparkOperator.VERSION));
  });

  test('the controller Deployment is the default child', () => {
    const op = new SparkOperator(new Chart(Testing.app(), 'platform'), 'Operator');
    const resource = ApiObject.of(op);
    expect(op.node.defaultChild).toBe(resource);
    expect(resource.node.id).toBe('Resource');
    expect({ kind: resource.kind, name: resource.name }).toEqual({ kind: 'Deployment', name: 'spark-operator-controller' });
  });

  test('job namespaces added later reach args, RBAC and webhook selectors', () => {
    const docs = operator({}, (op) => op.addJobNamespace('analytics'));
    expect(args(docs, 'controller')).toContain('--namespaces=spark-jobs,analytics');
    expect(args(docs, 'webhook')).toContain('--namespaces=spark-jobs,analytics');
    expect(selectedNamespaces(docs)).toEqual(Array(7).fill(['spark-jobs', 'analytics']));
    for (const ns of ['spark-jobs', 'analytics']) {
      expect(findObjects(docs, 'Role').filter((r) => r.metadata.namespace === ns).map((r) => r.metadata.name).sort())
        .toEqual(['spark-operator-controller', 'spark-operator-spark', 'spark-operator-webhook']);
    }
  });

  test('a job namespace added after everything else in the App still reaches the args and selectors, which are rendered at synth', () => {
    const docs = synthValid((app) => {
      const op = new SparkOperator(new Chart(app, 'platform'), 'Operator', { jobNamespaces: [] });
      const jobs = new Chart(app, 'jobs');
      new SparkApplication(jobs, 'Etl', { ...PI, name: 'etl', jobNamespace: op.addJobNamespace('etl') });
      new SparkApplication(jobs, 'Late', { ...PI, name: 'late', jobNamespace: op.addJobNamespace('late') });
    });
    expect(args(docs, 'controller').filter((a) => a.startsWith('--namespaces='))).toEqual(['--namespaces=etl,late']);
    expect(args(docs, 'webhook').filter((a) => a.startsWith('--namespaces='))).toEqual(['--namespaces=etl,late']);
    expect(selectedNamespaces(docs)).toEqual(Array(7).fill(['etl', 'late']));
  });

  test('a platform with applications in two job namespaces', () => {
    const docs = synthValid((app) => {
      const platform = new Chart(app, 'platform');
      const op = new SparkOperator(platform, 'Operator', { jobNamespaces: [] });
      const etl = op.addJobNamespace('etl');
      const ml = op.addJobNamespace('ml');
      const jobs = new Chart(app, 'jobs');
      new SparkApplication(jobs, 'Etl', { ...PI, name: 'etl', jobNamespace: etl });
      new ScheduledSparkApplication(jobs, 'Train', { ...PI, name: 'train', jobNamespace: ml, schedule: '@daily' });
    });
    const kinds = docs.map((d) => d.kind);
    expect(kinds.indexOf('SparkApplication')).toBeGreaterThan(kinds.lastIndexOf('CustomResourceDefinition'));
    expect(kinds.indexOf('ScheduledSparkApplication')).toBeGreaterThan(kinds.lastIndexOf('CustomResourceDefinition'));
    expect(findObject(docs, 'SparkApplication').spec.driver.serviceAccount).toBe('spark-operator-spark');
    expect(findObject(docs, 'SparkApplication').metadata.namespace).toBe('etl');
    expect(findObject(docs, 'ScheduledSparkApplication').metadata.namespace).toBe('ml');
    // Per job namespace: the driver account and the operator's Roles bound to its ServiceAccounts, and nothing else.
    for (const ns of ['etl', 'ml']) {
      const inNs = docs.filter((d) => d.metadata.namespace === ns && !d.kind.includes('SparkApplication'));
      expect(inNs.map((d) => `${d.kind}/${d.metadata.name}`)).toEqual([
        'ServiceAccount/spark-operator-spark', 'Role/spark-operator-spark', 'RoleBinding/spark-operator-spark',
        'Role/spark-operator-controller', 'RoleBinding/spark-operator-controller', 'Role/spark-operator-webhook', 'RoleBinding/spark-operator-webhook',
      ]);
      for (const component of ['controller', 'webhook']) {
        expect(inNs.find((d) => d.kind === 'RoleBinding' && d.metadata.name === `spark-operator-${component}`).subjects)
          .toEqual([{ kind: 'ServiceAccount', name: `spark-operator-${component}`, namespace: 'spark-operator' }]);
      }
    }
    expect(args(docs, 'controller')).toContain('--namespaces=etl,ml');
  });

  test('applications created before the operator also come after its CRDs', () => {
    const docs = synthValid((app) => {
      const chart = new Chart(app, 'all');
      new SparkApplication(chart, 'Early', { ...PI, name: 'early', namespace: 'spark-jobs' });
      new SparkOperator(chart, 'Operator', { jobNamespaces: ['spark-jobs'] });
    });
    const kinds = docs.map((d) => d.kind);
    expect(kinds.indexOf('SparkApplication')).toBeGreaterThan(kinds.indexOf('CustomResourceDefinition'));
  });

  test('watching all namespaces: cluster-wide rules, no selector, no per-namespace objects', () => {
    const docs = operator({ watchAllNamespaces: true, jobNamespaces: undefined });
    expect(args(docs, 'controller')).toContain('--namespaces=');
    expect(findObject(docs, 'ClusterRole', 'spark-operator-controller').rules.map((r: any) => r.resources).flat()).toContain('sparkapplications');
    expect(findObject(docs, 'MutatingWebhookConfiguration').webhooks[0].namespaceSelector).toBeUndefined();
    expect(findObjects(docs, 'Role').map((r) => r.metadata.namespace)).toEqual(['spark-operator', 'spark-operator']);
  });

  test('a namespace label selector', () => {
    const docs = operator({ jobNamespaceSelector: 'spark=enabled', jobNamespaces: undefined });
    expect(args(docs, 'controller')).toEqual(expect.arrayContaining(['--namespaces=', '--namespace-selector=spark=enabled']));
    expect(findObject(docs, 'ClusterRole', 'spark-operator-controller').rules).toContainEqual({ apiGroups: [''], resources: ['namespaces'], verbs: ['get', 'list', 'watch'] });
    // The webhook binary has no --namespace-selector flag (it would not start) and the chart grants it no namespace access.
    expect(args(docs, 'webhook')).toContain('--namespaces=');
    expect(args(docs, 'webhook').filter((a) => a.startsWith('--namespace-selector'))).toEqual([]);
    expect(findObject(docs, 'ClusterRole', 'spark-operator-webhook').rules.flatMap((r: any) => r.resources)).not.toContain('namespaces');
    expect(findObject(docs, 'ClusterRole', 'spark-operator-webhook').rules.flatMap((r: any) => r.resources)).toContain('resourcequotas');
    expect(findObject(docs, 'MutatingWebhookConfiguration').webhooks[0].namespaceSelector).toBeUndefined();
    expect(findObjects(docs, 'ServiceAccount').map((a) => a.metadata.name)).toEqual(['spark-operator-controller', 'spark-operator-webhook']);
  });

  test('with a selector, job namespaces are watched in addition and get only the driver account', () => {
    const docs = operator({ jobNamespaceSelector: 'spark=enabled' }, (op) => op.addJobNamespace('adhoc'));
    expect(args(docs, 'controller')).toContain('--namespaces=spark-jobs,adhoc');
    expect(args(docs, 'webhook')).toContain('--namespaces=');
    expect(findObjects(docs, 'Role').filter((r) => r.metadata.namespace !== 'spark-operator').map((r) => `${r.metadata.namespace}/${r.metadata.name}`))
      .toEqual(['spark-jobs/spark-operator-spark', 'adhoc/spark-operator-spark']);
  });

  test('watching all namespaces, job namespaces get only the driver account and do not narrow the watch', () => {
    const docs = synthValid((app) => {
      const platform = new Chart(app, 'platform');
      const op = new SparkOperator(platform, 'Operator', { watchAllNamespaces: true, jobNamespaces: ['etl'] });
      expect(op.watchedNamespaces).toEqual([]);
      new SparkApplication(new Chart(app, 'jobs'), 'Etl', { ...PI, name: 'etl', jobNamespace: op.addJobNamespace('reports') });
    });
    expect(args(docs, 'controller')).toContain('--namespaces=');
    expect(findObjects(docs, 'ServiceAccount').filter((a) => a.metadata.name === 'spark-operator-spark').map((a) => a.metadata.namespace)).toEqual(['etl', 'reports']);
    expect(findObjects(docs, 'Role').map((r) => `${r.metadata.namespace}/${r.metadata.name}`).sort())
      .toEqual(['etl/spark-operator-spark', 'reports/spark-operator-spark', 'spark-operator/spark-operator-controller', 'spark-operator/spark-operator-webhook']);
    expect(findObject(docs, 'SparkApplication').metadata.namespace).toBe('reports');
  });

  test('the operator namespace as a job namespace merges the job rules into the operator Roles, as the chart does', () => {
    const docs = operator({ jobNamespaces: ['spark-operator', 'etl'] });
    const inOperatorNs = findObjects(docs, 'Role').filter((r) => r.metadata.namespace === 'spark-operator');
    expect(inOperatorNs.map((r) => r.metadata.name).sort()).toEqual(['spark-operator-controller', 'spark-operator-spark', 'spark-operator-webhook']);
    const controllerRole = inOperatorNs.find((r) => r.metadata.name === 'spark-operator-controller');
    expect(controllerRole.rules.flatMap((r: any) => r.resources)).toEqual(expect.arrayContaining(['leases', 'pods', 'sparkapplications']));
    const webhookRole = inOperatorNs.find((r) => r.metadata.name === 'spark-operator-webhook');
    expect(webhookRole.rules.flatMap((r: any) => r.resources)).toEqual(expect.arrayContaining(['secrets', 'leases', 'resourcequotas', 'pods']));
    expect(args(docs, 'controller')).toContain('--namespaces=spark-operator,etl');
  });

  test('without leader election the operator Roles hold no leases and the webhook Role no events', () => {
    const docs = operator({ leaderElection: false });
    expect(args(docs, 'controller')).toContain('--leader-election=false');
    expect(args(docs, 'controller').filter((a) => a.startsWith('--leader-election-'))).toEqual([]);
    expect(args(docs, 'webhook')).toContain('--leader-election=false');
    const roles = findObjects(docs, 'Role').filter((r) => r.metadata.namespace === 'spark-operator');
    expect(roles.find((r) => r.metadata.name === 'spark-operator-controller').rules).toEqual([{ apiGroups: [''], resources: ['events'], verbs: ['create', 'update', 'patch'] }]);
    expect(roles.find((r) => r.metadata.name === 'spark-operator-webhook').rules).toEqual([
      { apiGroups: [''], resources: ['secrets'], verbs: ['create'] },
      { apiGroups: [''], resources: ['secrets'], resourceNames: ['spark-operator-webhook-certs'], verbs: ['get', 'update'] },
    ]);
  });

  test('without metrics: no metrics flags, ports or scrape annotations', () => {
    const docs = operator({ metrics: { enabled: false } });
    const controller = deployment(docs, 'controller').spec.template;
    expect(controller.metadata.annotations).toBeUndefined();
    expect(controller.spec.containers[0].ports).toBeUndefined();
    expect(args(docs, 'controller').filter((a) => a.startsWith('--metrics'))).toEqual([]);
    expect(deployment(docs, 'webhook').spec.template.spec.containers[0].ports).toEqual([{ name: 'webhook', containerPort: 9443, protocol: 'TCP' }]);
  });

  test('typed options', () => {
    const docs = operator({
      createNamespace: true,
      imageTag: '2.5.1',
      imagePullSecrets: [],
      leaderElection: true,
      kubeApiQps: 50,
      controller: {
        replicas: 2,
        podDisruptionBudget: true,
        threads: 20,
        logLevel: OperatorLogLevel.DEBUG,
        logEncoder: OperatorLogEncoder.JSON,
        coreRequest: Cpu.units(1),
        memory: Size.gibibytes(2),
        pod: { priorityClassName: 'system-cluster-critical', nodeSelector: { pool: 'system' } },
        uiIngress: { urlFormat: '{{$appName}}.spark.example.com', ingressClassName: 'nginx' },
        batchScheduler: { kubeSchedulerNames: ['scheduler-plugins'], defaultScheduler: BatchScheduler.VOLCANO },
        featureGates: { PartialRestart: true },
        extraArgs: ['--cache-sync-timeout=60s'],
      },
      webhook: { replicas: 2, podDisruptionBudget: true, failurePolicy: WebhookFailurePolicy.IGNORE, timeout: Duration.seconds(5), resourceQuotaEnforcement: true },
      metrics: { port: 9090, prefix: 'spark_', labels: ['app_type', 'app_id'], podMonitor: true },
    });
    expect(findObject(docs, 'Namespace').metadata.name).toBe('spark-operator');
    const controller = args(docs, 'controller');
    expect(controller).toEqual(expect.arrayContaining(['--zap-log-level=debug', '--zap-encoder=json', '--controller-threads=20', '--enable-ui-ingress=true',
      '--ingress-url-format={{$appName}}.spark.example.com', '--ingress-class-name=nginx', '--enable-batch-scheduler=true', '--kube-scheduler-names=scheduler-plugins',
      '--default-batch-scheduler=volcano', '--metrics-bind-address=:9090', '--metrics-prefix=spark_', '--metrics-labels=app_type,app_id', '--kube-api-qps=50',
      '--feature-gates=PartialRestart=true,LoadSparkDefaults=false']));
    expect(controller[controller.length - 1]).toBe('--cache-sync-timeout=60s');
    expect(args(docs, 'webhook')).toContain('--enable-resource-quota-enforcement=true');
    const controllerDeployment = deployment(docs, 'controller');
    expect(controllerDeployment.spec.replicas).toBe(2);
    const pod = controllerDeployment.spec.template.spec;
    expect(pod.containers[0].image).toBe('ghcr.io/kubeflow/spark-operator/controller:2.5.1');
    expect(pod.containers[0].resources).toEqual({ requests: { cpu: '1', memory: '2Gi' }, limits: { memory: '2Gi' } });
    expect(pod.priorityClassName).toBe('system-cluster-critical');
    expect(pod.nodeSelector).toEqual({ pool: 'system' });
    expect(pod.imagePullSecrets).toBeUndefined();
    expect(findObjects(docs, 'PodDisruptionBudget').map((p) => p.spec)).toEqual([
      { minAvailable: 1, selector: { matchLabels: SELECTOR('controller') }, unhealthyPodEvictionPolicy: 'AlwaysAllow' },
      { minAvailable: 1, selector: { matchLabels: SELECTOR('webhook') }, unhealthyPodEvictionPolicy: 'AlwaysAllow' },
    ]);
    expect(findObject(docs, 'ValidatingWebhookConfiguration').webhooks[0]).toMatchObject({ failurePolicy: 'Ignore', timeoutSeconds: 5 });
    expect(findObject(docs, 'PodMonitor').spec.podMetricsEndpoints).toEqual([{ port: 'metrics', path: '/metrics', scheme: 'http', interval: '5s' }]);
    expect(findObject(docs, 'ClusterRole', 'spark-operator-controller').rules.flatMap((r: any) => r.resources)).toContain('podgroups');
  });

  test('pod settings reach the pod template, beside the hardening, selector labels and scrape annotations', () => {
    const docs = operator({
      controller: {
        pod: {
          tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'system', effect: 'NoSchedule' }],
          labels: { 'team': 'platform', 'app.kubernetes.io/component': 'mine' },
          annotations: { 'example.com/owner': 'platform' },
        },
      },
      webhook: { pod: { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'pool', operator: 'In', values: ['system'] }] }] } } } } },
    });
    const controller = deployment(docs, 'controller').spec.template;
    expect(controller.spec.tolerations).toEqual([{ key: 'dedicated', operator: 'Equal', value: 'system', effect: 'NoSchedule' }]);
    // The selector labels win over the pod's, so the Deployment still selects its pods.
    expect(controller.metadata.labels).toEqual({ ...SELECTOR('controller'), team: 'platform' });
    expect(controller.metadata.annotations).toEqual({
      'example.com/owner': 'platform', 'prometheus.io/path': '/metrics', 'prometheus.io/port': '8080', 'prometheus.io/scrape': 'true',
    });
    expect(controller.spec.securityContext.runAsNonRoot).toBe(true);
    const webhook = deployment(docs, 'webhook').spec.template.spec;
    expect(webhook.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values).toEqual(['system']);
    expect(webhook.tolerations).toBeUndefined();
  });

  test('the UI Ingress TLS names its Secret and hosts', () => {
    const docs = synthValid((app) => {
      const chart = new Chart(app, 'platform');
      new SparkOperator(chart, 'Operator', {
        jobNamespaces: ['spark-jobs'],
        controller: {
          uiIngress: {
            urlFormat: '{{$appName}}.spark.example.com',
            tls: [{ secret: Secret.fromSecretName(chart, 'Tls', 'spark-ui-tls'), hosts: ['*.spark.example.com'] }],
            annotations: { 'b.example.com/y': '2', 'a.example.com/x': '1' },
          },
        },
      });
    });
    expect(args(docs, 'controller')).toEqual(expect.arrayContaining([
      '--ingress-tls=[{"hosts":["*.spark.example.com"],"secretName":"spark-ui-tls"}]',
      '--ingress-annotations={"a.example.com/x":"1","b.example.com/y":"2"}',
    ]));
  });

  test('cert-manager mode: Issuer, Certificate, inject-ca-from, never a Secret or caBundle', () => {
    const docs = operator({ certManager: { duration: Duration.hours(2160) } });
    expect(findObject(docs, 'Issuer').spec).toEqual({ selfSigned: {} });
    expect(findObject(docs, 'Certificate').spec).toMatchObject({
      secretName: 'spark-operator-webhook-certs',
      duration: '2160h',
      issuerRef: { group: 'cert-manager.io', kind: 'Issuer', name: 'spark-operator-self-signed-issuer' },
      dnsNames: ['spark-operator-webhook-svc.spark-operator.svc', 'spark-operator-webhook-svc.spark-operator.svc.cluster.local'],
    });
    for (const kind of ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration']) {
      expect(findObject(docs, kind).metadata.annotations).toEqual({ 'cert-manager.io/inject-ca-from': 'spark-operator/spark-operator-certificate' });
    }
    expect(args(docs, 'webhook')).toContain('--enable-cert-manager=true');
    expect(findObjects(docs, 'Secret')).toHaveLength(0);
    const withIssuer = operator({ certManager: { issuerRef: { name: 'corp-ca', kind: CertManagerIssuerKind.CLUSTER_ISSUER } } });
    expect(findObjects(withIssuer, 'Issuer')).toHaveLength(0);
    expect(findObject(withIssuer, 'Certificate').spec.issuerRef).toEqual({ group: 'cert-manager.io', kind: 'ClusterIssuer', name: 'corp-ca' });
  });

  test('an issuer reference without a kind names an Issuer', () => {
    const docs = operator({ certManager: { issuerRef: { name: 'team-ca' } } });
    expect(findObject(docs, 'Certificate').spec.issuerRef).toEqual({ group: 'cert-manager.io', kind: CertManagerIssuerKind.ISSUER, name: 'team-ca' });
  });

  test('without the webhook: no webhook objects', () => {
    const docs = operator({ webhook: { enabled: false } });
    expect(findObjects(docs, 'MutatingWebhookConfiguration')).toHaveLength(0);
    expect(findObjects(docs, 'Deployment').map((d) => d.metadata.name)).toEqual(['spark-operator-controller']);
  });

  test('JSON patches on every object', () => {
    const docs = operator({ certManager: {}, metrics: { podMonitor: true }, controller: { replicas: 2, podDisruptionBudget: true } }, (op) => {
      ApiObject.of(op).addJsonPatch(JsonPatch.add('/spec/template/spec/containers/0/env', [{ name: 'GOMAXPROCS', value: '2' }]));
      for (const child of op.node.findAll()) {
        if (child instanceof ApiObject) {
          child.addJsonPatch(JsonPatch.add('/metadata/labels/team', 'platform'));
        }
      }
    });
    expect(deployment(docs, 'controller').spec.template.spec.containers[0].env).toEqual([{ name: 'GOMAXPROCS', value: '2' }]);
    expect(docs.length).toBeGreaterThan(25);
    expect(docs.filter((d) => d.metadata.labels?.team !== 'platform').map((d) => `${d.kind}/${d.metadata.name}`)).toEqual([]);
  });

  describe('bad input', () => {
    test.each<[string, (app: App) => void, string]>([
      ['fails on a job namespace that is not a DNS-1123 label', (app) => new SparkOperator(new Chart(app, 'p'), 'Operator', { jobNamespaces: ['Spark_Jobs'] }),
        '[p/Operator] \'jobNamespaces\' must be a DNS-1123 label (at most 63 lower-case letters, digits and \'-\', starting and ending with a letter or digit), got \'Spark_Jobs\'; use a name such as \'spark-jobs\''],
      ['fails on a job namespace listed twice', (app) => new SparkOperator(new Chart(app, 'p'), 'Operator', { jobNamespaces: ['etl', 'etl'] }),
        '[p/Operator] \'jobNamespaces\' lists a namespace twice, got \'etl\'; list each job namespace once'],
      ['fails on zero replicas', (app) => new SparkOperator(new Chart(app, 'p'), 'Operator', { controller: { replicas: 0 } }),
        '[p/Operator] \'controller.replicas\' must be at least 1, got 0; run at least one replica'],
      ['fails on an image without a tag', (app) => new SparkOperator(new Chart(app, 'p'), 'Operator', { imageRepository: 'registry.example.com/spark-operator', imageTag: '' }),
        '[p/Operator] \'imageTag\' must have a valid tag (letters, digits, \'_\', \'.\' and \'-\', at most 128), got \'registry.example.com/spark-operator:\'; pin a version, e.g. \'registry.example.com/spark-operator:2.5.2\''],
      ['fails on the latest tag', (app) => new SparkOperator(new Chart(app, 'p'), 'Operator', { imageTag: 'latest' }),
        '[p/Operator] \'imageTag\' must not use the \'latest\' tag (it changes under a running job and defeats IfNotPresent), got \'ghcr.io/kubeflow/spark-operator/controller:latest\'; pin a version, e.g. \'ghcr.io/kubeflow/spark-operator/controller:2.5.2\''],
      ['fails on a PodDisruptionBudget with one replica', (app) => new SparkOperator(new Chart(app, 'p'), 'Operator', { webhook: { podDisruptionBudget: true } }),
        '[p/Operator] \'webhook.podDisruptionBudget\' needs more than one replica (a budget of minAvailable 1 over 1 replica blocks every node drain), got true; set \'webhook.replicas\' to 2 or more, or remove the budget'],
      ['fails on an issuer and the self-signed option', (app) => new SparkOperator(new Chart(app, 'p'), 'Operator', { certManager: { issuerRef: { name: 'ca' }, selfSigned: true } }),
        '[p/Operator] \'certManager.selfSigned\' cannot be combined with an issuerRef, got true; remove one of the two'],
      ['fails on a metrics port that clashes with the webhook port', (app) => new SparkOperator(new Chart(app, 'p'), 'Operator', { metrics: { port: 9443 } }),
        '[p/Operator] \'metrics.port\' clashes with the webhook port 9443, got 9443; pick another port, e.g. 8080'],
      ['fails on a metrics port that clashes with the probe port', (app) => new SparkOperator(new Chart(app, 'p'), 'Operator', { metrics: { port: 8081 } }),
        '[p/Operator] \'metrics.port\' clashes with the health probe port 8081, got 8081; pick another port, e.g. 8080'],
      ['fails on a PodMonitor without metrics', (app) => new SparkOperator(new Chart(app, 'p'), 'Operator', { metrics: { enabled: false, podMonitor: true } }),
        '[p/Operator] \'metrics.podMonitor\' needs metrics (\'metrics.enabled\' is false, so there is nothing to scrape), got true; enable metrics or remove the PodMonitor'],
      ['fails on an empty namespace selector', (app) => new SparkOperator(new Chart(app, 'p'), 'Operator', { jobNamespaceSelector: ' ' }),
        '[p/Operator] \'jobNamespaceSelector\' must be a label selector (an empty one makes the controller watch only the listed namespaces, or all), got \' \'; use e.g. \'spark=enabled\', or remove it'],
      ['fails on watching all namespaces and a selector', (app) => new SparkOperator(new Chart(app, 'p'), 'Operator', { watchAllNamespaces: true, jobNamespaceSelector: 'spark=on' }),
        '[p/Operator] \'jobNamespaceSelector\' cannot be combined with watchAllNamespaces, got \'spark=on\'; keep one of the two'],
      ['fails on a webhook timeout above 30 seconds', (app) => new SparkOperator(new Chart(app, 'p'), 'Operator', { webhook: { timeout: Duration.seconds(45) } }),
        '[p/Operator] \'webhook.timeout\' must be at most 30 seconds (the API server limit), got \'45s\'; use 10 seconds or less'],
      ['fails on UI Ingress TLS without hosts', (app) => {
        const chart = new Chart(app, 'p');
        new SparkOperator(chart, 'Operator', { controller: { uiIngress: { urlFormat: '{{$appName}}.spark.example.com', tls: [{ secret: Secret.fromSecretName(chart, 'Tls', 'ui-tls') }] } } });
      }, '[p/Operator] \'controller.uiIngress.tls[0].hosts\' must list the hosts the certificate serves (the controller builds each Ingress host from urlFormat, so there is no host to default to), got nothing; add hosts: [\'*.spark.example.com\']'],
      ['fails on UI Ingress TLS with an empty host list', (app) => {
        const chart = new Chart(app, 'p');
        new SparkOperator(chart, 'Operator', {
          controller: { uiIngress: { urlFormat: 'spark.example.com/{{$appNamespace}}/{{$appName}}', tls: [{ secret: Secret.fromSecretName(chart, 'Tls', 'ui-tls'), hosts: [] }] } },
        });
      }, '[p/Operator] \'controller.uiIngress.tls[0].hosts\' must list the hosts the certificate serves (the controller builds each Ingress host from urlFormat, so there is no host to default to), got []; add hosts: [\'spark.example.com\']'],
      ['fails on a pod port that repeats a port of the operator, naming the pod prop', (app) => new SparkOperator(new Chart(app, 'p'), 'Operator', { controller: { pod: { ports: [{ name: 'metrics', number: 9000 }] } } }),
        '[p/Operator] \'controller.pod.ports[1].name\' repeats a port name, got \'metrics\'; give each port its own name'],
    ])('%s', (_name, build, message) => {
      expect(errorOf(build)).toBe(message);
    });

    test.each<[string, (app: App) => void, string]>([
      ['fails on an application in a namespace the operator does not watch', (app) => {
        new SparkOperator(new Chart(app, 'p'), 'Operator', { jobNamespaces: ['etl'] });
        new SparkApplication(new Chart(app, 'jobs', { namespace: 'analytics' }), 'Report', PI);
      }, '[p/Operator] \'jobNamespaces\' does not include \'analytics\', where SparkApplication jobs/Report runs, so the operator would never see it, got [\'etl\']; add it with addJobNamespace(\'analytics\') or pass the job namespace to the application'],
      ['fails on an application that needs the disabled webhook', (app) => {
        new SparkOperator(new Chart(app, 'p'), 'Operator', { jobNamespaces: ['etl'], webhook: { enabled: false } });
        new SparkApplication(new Chart(app, 'jobs', { namespace: 'etl' }), 'Report', { ...PI, sparkConfigMap: ConfigMap.fromConfigMapName(new Chart(app, 'refs'), 'C', 'conf'), monitoring: Monitoring.jmxExporter({ jmxExporterJar: '/j.jar' }) });
      }, '[p/Operator] \'webhook.enabled\' switches the webhook off, but jobs/Report uses sparkConfigMap, monitoring (JMX exporter), which only the webhook applies, got false; enable the webhook or remove those settings'],
    ])('%s (at synth)', (_name, build, message) => {
      expect(errorOf(build)).toBe(`Validation failed with the following errors:\n  ${message}`);
    });

    test('fails on a job namespace added twice later', () => {
      const op = new SparkOperator(new Chart(Testing.app(), 'p'), 'Operator', { jobNamespaces: ['etl'] });
      expect(() => op.addJobNamespace('etl')).toThrow('[p/Operator] \'jobNamespaces\' lists a namespace twice, got \'etl\'; list each job namespace once');
    });
  });

  test('an image pull secret reaches both pods', () => {
    const docs = operator({}, undefined);
    expect(deployment(docs, 'webhook').spec.template.spec.imagePullSecrets).toBeUndefined();
    const withSecret = synthValid((app) => {
      const chart = new Chart(app, 'platform');
      new SparkOperator(chart, 'Operator', { jobNamespaces: ['spark-jobs'], imagePullSecrets: [Secret.fromSecretName(chart, 'Pull', 'ghcr')] });
    });
    for (const component of ['controller', 'webhook']) {
      expect(deployment(withSecret, component).spec.template.spec.imagePullSecrets).toEqual([{ name: 'ghcr' }]);
    }
  });
});
