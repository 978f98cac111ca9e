import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, App, Chart, Duration, JsonPatch, Size, Testing } from 'cdk8s';
import { ConfigMap, Cpu, Secret } from 'cdk8s-plus-28';
import {
  ApplicationFile, BatchScheduler, CertManagerIssuerKind, Monitoring, OperatorLogEncoder, OperatorLogLevel, ScheduledSparkApplication, SecurityOptOut,
  SparkApplication, SparkOperator, SparkOperatorProps, WebhookFailurePolicy,
} from '../../../src';
import { findObject, findObjects, forSnapshot, registerCrd, synthValid } from '../../harness';
import { errorOf } from '../../harness/expect-error';

/** An App with a SparkOperator gets Argo CD sync waves by default (GitOpsOrder): every object carries one. */
const WAVE = { 'argocd.argoproj.io/sync-wave': expect.stringMatching(/^-?\d+$/) };

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
    // 512 MiB for the controller + 256 MiB for each of the 10 workers, each of which may run a spark-submit JVM in this container.
    expect(pod.containers[0].resources).toEqual({ requests: { cpu: '500m', memory: '3Gi' }, limits: { memory: '3Gi' } });
    // The chart's sizeLimits (values.yaml: controller tmp 1Gi, webhook serving-certs 500Mi).
    expect(pod.volumes).toEqual([{ name: 'tmp', emptyDir: { sizeLimit: '1Gi' } }]);
    expect(pod.containers[0].volumeMounts).toEqual([{ name: 'tmp', mountPath: '/tmp' }]);
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
    expect(webhook.spec.template.spec.volumes).toEqual([{ name: 'serving-certs', emptyDir: { sizeLimit: '500Mi' } }]);
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
      // The operator's pods may take a system priority class, with the pod opt-out (recorded on both Deployments).
      securityOptOuts: [SecurityOptOut.SYSTEM_PRIORITY_CLASS],
    });
    expect(findObject(docs, 'Namespace', 'spark-operator').metadata.name).toBe('spark-operator');
    for (const component of ['controller', 'webhook']) {
      expect(deployment(docs, component).metadata.annotations).toEqual({ ...WAVE, 'spark.cdk8s.io/security-opt-outs': 'system-priority-class' });
    }
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

  test('the controller\'s memory grows with its workers, each of which may run a spark-submit JVM', () => {
    const memory = (docs: any[]) => deployment(docs, 'controller').spec.template.spec.containers[0].resources.limits.memory;
    expect(memory(operator({ controller: { threads: 1 } }))).toBe('768Mi');
    expect(memory(operator({ controller: { threads: 4 } }))).toBe('1536Mi');
    expect(memory(operator({ controller: { threads: 20 } }))).toBe('5632Mi');
    // An explicit memory is taken as given.
    expect(memory(operator({ controller: { threads: 20, memory: Size.gibibytes(2) } }))).toBe('2Gi');
  });

  test('the controller\'s /tmp may be larger than the chart\'s 1Gi, for the Ivy cache of large packages', () => {
    const docs = operator({ controller: { tmpSizeLimit: Size.gibibytes(4) } });
    expect(deployment(docs, 'controller').spec.template.spec.volumes).toEqual([{ name: 'tmp', emptyDir: { sizeLimit: '4Gi' } }]);
  });

  test('with a writable root filesystem there are no scratch directories to limit', () => {
    const docs = operator({ controller: { pod: { security: { readOnlyRootFilesystem: false } } } });
    expect(deployment(docs, 'controller').spec.template.spec.volumes).toBeUndefined();
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
      expect(findObject(docs, kind).metadata.annotations).toEqual({ ...WAVE, 'cert-manager.io/inject-ca-from': 'spark-operator/spark-operator-certificate' });
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
        '[p/Operator] \'imageTag\' must have a valid tag (letters, digits, \'_\', \'.\' and \'-\', at most 128), got \'registry.example.com/spark-operator:\'; pin a version, e.g. \'2.5.2\''],
      ['fails on the latest tag', (app) => new SparkOperator(new Chart(app, 'p'), 'Operator', { imageTag: 'latest' }),
        '[p/Operator] \'imageTag\' must not use the \'latest\' tag (it changes under a running job and defeats IfNotPresent), got \'ghcr.io/kubeflow/spark-operator/controller:latest\'; pin a version, e.g. \'2.5.2\''],
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
  describe('bad input (issue 12): numbers and strings that become flags, derived names, dropped options, system namespaces', () => {
    const op = (props: SparkOperatorProps) => (app: App) => new SparkOperator(new Chart(app, 'p'), 'Operator', { jobNamespaces: ['spark-jobs'], ...props });
    const BAD_SELECTOR = (reason: string, value: string) => `[p/Operator] 'jobNamespaceSelector' must be a Kubernetes label selector (${reason}), got '${value}'; use e.g. 'spark=enabled' or 'team in (etl,ml),!legacy'`;
    test.each<[string, SparkOperatorProps, string]>([
      // Kubernetes API client numbers
      ['a negative QPS (client-go would switch rate limiting off)', { kubeApiQps: -1 },
        "[p/Operator] 'kubeApiQps' must be a positive number of requests per second, at most 1000000 (client-go reads 0 as its default 5 and a negative value as no rate limit at all), got -1; use e.g. 20 (the chart's default)"],
      ['a QPS of zero', { kubeApiQps: 0 },
        "[p/Operator] 'kubeApiQps' must be a positive number of requests per second, at most 1000000 (client-go reads 0 as its default 5 and a negative value as no rate limit at all), got 0; use e.g. 20 (the chart's default)"],
      ['a QPS that is not a number', { kubeApiQps: NaN }, "[p/Operator] 'kubeApiQps' must be a finite number, got NaN; use e.g. 20 (the chart's default)"],
      ['a QPS given as a string', { kubeApiQps: '50' as any }, "[p/Operator] 'kubeApiQps' must be a finite number, got '50'; use e.g. 20 (the chart's default)"],
      ['a negative burst', { kubeApiBurst: -5 }, "[p/Operator] 'kubeApiBurst' must be at least 1, got -5; use e.g. 30 (the chart's default)"],
      ['a fractional burst', { kubeApiBurst: 2.5 }, "[p/Operator] 'kubeApiBurst' must be a whole number, got 2.5; use e.g. 30 (the chart's default)"],
      ['no tracked executors', { controller: { maxTrackedExecutorPerApp: 0 } }, "[p/Operator] 'controller.maxTrackedExecutorPerApp' must be at least 1, got 0; use e.g. 1000 (the chart's default)"],
      ['a NaN of workers', { controller: { threads: NaN } }, "[p/Operator] 'controller.threads' must be a whole number, got NaN; use at least 1 worker"],
      ['a driver grace period of a third of a second (a raw cdk8s error before)', { controller: { driverPodCreationGracePeriod: Duration.seconds(1 / 3) } },
        "[p/Operator] 'controller.driverPodCreationGracePeriod' must be a whole number of seconds, at least 1, got '0.3333333333333333s'; use Duration.seconds(10)"],
      ['a webhook timeout of a third of a second', { webhook: { timeout: Duration.seconds(1 / 3) } },
        "[p/Operator] 'webhook.timeout' must be a whole number of seconds, at least 1, got '0.3333333333333333s'; use 1 to 30 seconds"],
      ['a webhook timeout given as a string', { webhook: { timeout: '10s' as any } }, "[p/Operator] 'webhook.timeout' must be a Duration, got '10s'; use 1 to 30 seconds"],
      ['a scrape interval given as a number', { metrics: { podMonitor: true, podMonitorInterval: 5 as any } }, "[p/Operator] 'metrics.podMonitorInterval' must be a Duration, got 5; use Duration.seconds(5)"],
      // feature gates
      ['an unknown feature gate', { controller: { featureGates: { PartialRestarts: true } } },
        "[p/Operator] 'controller.featureGates.PartialRestarts' must be a feature gate of operator 2.5.2 (PartialRestart, LoadSparkDefaults); the controller exits at start on an unknown one, got 'PartialRestarts'; use one of PartialRestart, LoadSparkDefaults"],
      ['a feature gate whose name would add another gate', { controller: { featureGates: { 'PartialRestart=true,AllAlpha': true } } },
        "[p/Operator] 'controller.featureGates.PartialRestart=true,AllAlpha' must be a feature gate of operator 2.5.2 (PartialRestart, LoadSparkDefaults); the controller exits at start on an unknown one, got 'PartialRestart=true,AllAlpha'; use one of PartialRestart, LoadSparkDefaults"],
      ['a feature gate value given as a string', { controller: { featureGates: { LoadSparkDefaults: 'true' as any } } },
        "[p/Operator] 'controller.featureGates.LoadSparkDefaults' must be true or false, got 'true'; use true (a boolean, not a string)"],
      // label selector
      ['a selector with an unclosed value list', { jobNamespaceSelector: 'team in (etl,ml' }, BAD_SELECTOR("found the end after the value 'ml' of 'team', expected ',' or ')'", 'team in (etl,ml')],
      ['a selector with a set operator but no list', { jobNamespaceSelector: 'team in etl' }, BAD_SELECTOR("expected '(' after 'in'", 'team in etl')],
      ['a selector with a bad key', { jobNamespaceSelector: 'Spark Enabled=true' },
        BAD_SELECTOR("found 'Enabled' after the key 'Spark', expected '=', '!=', '==', 'in', 'notin', '>', '<', ',' or the end", 'Spark Enabled=true')],
      ['a selector key with a bad prefix', { jobNamespaceSelector: 'Example.COM/team=etl' }, BAD_SELECTOR("the key 'Example.COM/team' has a prefix that is not a DNS subdomain", 'Example.COM/team=etl')],
      ['a selector value that is no label value', { jobNamespaceSelector: 'team=etl/ml' },
        BAD_SELECTOR("the value 'etl/ml' is not a label value (at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit)", 'team=etl/ml')],
      ['a selector with a dangling comma', { jobNamespaceSelector: 'spark=enabled,' }, BAD_SELECTOR("found the end after ',', expected a requirement", 'spark=enabled,')],
      ['a selector with an operator that does not exist', { jobNamespaceSelector: 'tier=>2' }, BAD_SELECTOR("found '>' after 'tier=', expected a value", 'tier=>2')],
      ['a selector comparing with a word', { jobNamespaceSelector: 'tier>high' }, BAD_SELECTOR("'tier>' needs a whole number, got 'high'", 'tier>high')],
      ['a selector with a negated comparison', { jobNamespaceSelector: '!spark=enabled' }, BAD_SELECTOR("found '=' after '!spark', expected ',' or the end", '!spark=enabled')],
      ['a selector with a line break', { jobNamespaceSelector: 'spark=enabled\nteam=etl' },
        BAD_SELECTOR('must not contain a line break (it would start a new line in the file or command Spark reads)', 'spark=enabled\nteam=etl')],
      ['a selector with two values in a row', { jobNamespaceSelector: 'team in (etl ml)' }, BAD_SELECTOR("found 'ml' after the value 'etl' of 'team', expected ',' or ')'", 'team in (etl ml)')],
      // extra arguments
      ['an extra argument that repeats a generated flag', { controller: { extraArgs: ['--kube-api-qps=500'] } },
        "[p/Operator] 'controller.extraArgs[0]' repeats the flag --kube-api-qps, which the construct generates from 'kubeApiQps', got '--kube-api-qps=500'; set 'kubeApiQps' instead"],
      ['an extra argument that widens the watched namespaces', { controller: { extraArgs: ['--namespaces', ''] } },
        "[p/Operator] 'controller.extraArgs[0]' repeats the flag --namespaces, which the construct generates from 'jobNamespaces', got '--namespaces'; set 'jobNamespaces' instead"],
      ['an extra argument that repeats a fixed flag', { controller: { extraArgs: ['--workqueue-ratelimiter-max-delay=1h'] } },
        "[p/Operator] 'controller.extraArgs[0]' repeats the flag --workqueue-ratelimiter-max-delay, which is set by the construct (the chart's value; no prop changes it), got '--workqueue-ratelimiter-max-delay=1h'; remove it"],
      ['an extra argument that moves the probes', { webhook: { extraArgs: ['--health-probe-bind-address=:9000'] } },
        "[p/Operator] 'webhook.extraArgs[0]' repeats the flag --health-probe-bind-address, which is set by the construct (the probes call port 8081), got '--health-probe-bind-address=:9000'; remove it"],
      ['an extra argument that repeats a webhook flag', { webhook: { extraArgs: ['--webhook-port=9444'] } },
        "[p/Operator] 'webhook.extraArgs[0]' repeats the flag --webhook-port, which the construct generates from 'webhook.port', got '--webhook-port=9444'; set 'webhook.port' instead"],
      ['an extra argument that expands a secret', { controller: { extraArgs: ['--kubeconfig-token=$(API_TOKEN)'] } },
        "[p/Operator] 'controller.extraArgs[0]' references the secret-like variable $(API_TOKEN), which Kubernetes would expand onto the command line, where any process on the node can read it, got '--kubeconfig-token=$(API_TOKEN)'; read API_TOKEN from the environment inside the application, or write $$(API_TOKEN) for the literal text"],
      ['an extra argument with a line break', { controller: { extraArgs: ['--cache-sync-timeout=60s\n--x'] } },
        "[p/Operator] 'controller.extraArgs[0]' must not contain a line break (it would start a new line in the file or command Spark reads), got '--cache-sync-timeout=60s\n--x'; remove it"],
      ['extra arguments given as one string', { controller: { extraArgs: '--cache-sync-timeout=60s' as any } },
        "[p/Operator] 'controller.extraArgs' must be a list of strings, got '--cache-sync-timeout=60s'; wrap it in a list: ['--cache-sync-timeout=60s']"],
      // webhook-only options with the webhook off
      ['a failure policy with the webhook off', { webhook: { enabled: false, failurePolicy: WebhookFailurePolicy.IGNORE } },
        "[p/Operator] 'webhook.failurePolicy' only applies to the webhook, which 'webhook.enabled: false' switches off (it would be dropped), got 'Ignore'; remove it, or enable the webhook"],
      ['a timeout with the webhook off', { webhook: { enabled: false, timeout: Duration.seconds(5) } },
        "[p/Operator] 'webhook.timeout' only applies to the webhook, which 'webhook.enabled: false' switches off (it would be dropped), got '<timeout>'; remove it, or enable the webhook"],
      ['a port with the webhook off', { webhook: { enabled: false, port: 9444 } },
        "[p/Operator] 'webhook.port' only applies to the webhook, which 'webhook.enabled: false' switches off (it would be dropped), got 9444; remove it, or enable the webhook"],
      ['quota enforcement with the webhook off', { webhook: { enabled: false, resourceQuotaEnforcement: true } },
        "[p/Operator] 'webhook.resourceQuotaEnforcement' only applies to the webhook, which 'webhook.enabled: false' switches off (it would be dropped), got true; remove it, or enable the webhook"],
      ['replicas with the webhook off', { webhook: { enabled: false, replicas: 2 } },
        "[p/Operator] 'webhook.replicas' only applies to the webhook, which 'webhook.enabled: false' switches off (it would be dropped), got 2; remove it, or enable the webhook"],
      ['cert-manager with the webhook off', { webhook: { enabled: false }, certManager: {} },
        "[p/Operator] 'certManager' issues the webhook's certificate, but 'webhook.enabled: false' switches the webhook off (it would be dropped), got '<certManager>'; remove it, or enable the webhook"],
      // derived names
      ['a release name that makes the webhook Service longer than 63 characters', { releaseName: 'r'.repeat(52) },
        `[p/Operator] 'releaseName' must be at most 51 characters because it names the webhook Service '<releaseName>-webhook-svc', a DNS-1035 label of at most 63 characters, got '${'r'.repeat(52)}'; shorten it by 1 character`],
      ['a release name starting with a digit (a Service name must start with a letter)', { releaseName: '1spark' },
        "[p/Operator] 'releaseName' must be a DNS-1035 label (lower-case letters, digits and '-', starting with a letter and ending with a letter or digit), got '1spark'; use a name such as 'x1spark'"],
      ['a release and namespace that make the certificate common name longer than 64', { releaseName: 'spark-operator-production', namespace: 'spark-operator-production', certManager: {} },
        "[p/Operator] 'releaseName' makes the webhook certificate's common name 'spark-operator-production-webhook-svc.spark-operator-production.svc' 67 characters long, and cert-manager refuses more than 64, got 'spark-operator-production'; shorten 'releaseName' or 'namespace' by 3 characters"],
      ['a release name that is a number', { releaseName: 7 as any }, "[p/Operator] 'releaseName' must be a string, got 7; quote it: '7'"],
      // system namespaces
      ['the operator Namespace kube-system', { namespace: 'kube-system', createNamespace: true },
        "[p/Operator] 'createNamespace' would emit and manage the Namespace 'kube-system', which Kubernetes itself runs in (pruning or deleting it with the release breaks the cluster), got true; install the operator in a namespace of its own, e.g. 'spark-operator', or accept the risk with SecurityOptOut.SYSTEM_NAMESPACE in 'securityOptOuts' (recorded in the annotation spark.cdk8s.io/security-opt-outs)"],
      ['the operator Namespace default', { namespace: 'default', createNamespace: true },
        "[p/Operator] 'createNamespace' would emit and manage the Namespace 'default', which Kubernetes creates and every cluster relies on (pruning or deleting it with the release breaks the cluster), got true; install the operator in a namespace of its own, e.g. 'spark-operator', or accept the risk with SecurityOptOut.SYSTEM_NAMESPACE in 'securityOptOuts' (recorded in the annotation spark.cdk8s.io/security-opt-outs)"],
      ['the job namespace kube-public', { jobNamespaces: ['kube-public'] },
        "[p/Operator] 'jobNamespaces' makes 'kube-public', in which Kubernetes itself runs, a job namespace: the operator and the Spark driver account would create and delete pods there, got 'kube-public'; run Spark jobs in a namespace of their own, e.g. 'spark-jobs', or accept the risk with SecurityOptOut.SYSTEM_NAMESPACE in 'securityOptOuts' (recorded in the annotation spark.cdk8s.io/security-opt-outs)"],
      ['an opt-out that does not apply to the operator', { securityOptOuts: [SecurityOptOut.UNAUTHENTICATED_CONNECT] },
        "[p/Operator] 'securityOptOuts[0]' is SecurityOptOut.UNAUTHENTICATED_CONNECT, which does not apply to a SparkOperator, got 'unauthenticated-connect'; remove it (a SparkOperator accepts SecurityOptOut.SYSTEM_NAMESPACE, SecurityOptOut.WEAKER_SIDECAR, SecurityOptOut.SENSITIVE_MOUNT, SecurityOptOut.SYSTEM_PRIORITY_CLASS)"],
      // strings that become flags
      ['a UI URL format with a template the controller does not fill', { controller: { uiIngress: { urlFormat: '{{ .Values.host }}.example.com' } } },
        "[p/Operator] 'controller.uiIngress.urlFormat' must be a host name with an optional path, where only {{$appName}} and {{$appNamespace}} are filled in (the controller builds each Ingress host and path from it), got '{{ .Values.host }}.example.com'; use e.g. '{{$appName}}.spark.example.com' or 'spark.example.com/{{$appNamespace}}/{{$appName}}'"],
      ['a UI URL format with a space', { controller: { uiIngress: { urlFormat: '{{$appName}}.spark.example.com/ui x' } } },
        "[p/Operator] 'controller.uiIngress.urlFormat' must be a host name with an optional path, where only {{$appName}} and {{$appNamespace}} are filled in (the controller builds each Ingress host and path from it), got '{{$appName}}.spark.example.com/ui x'; use e.g. '{{$appName}}.spark.example.com' or 'spark.example.com/{{$appNamespace}}/{{$appName}}'"],
      ['a UI URL format that is missing', { controller: { uiIngress: {} as any } }, "[p/Operator] 'controller.uiIngress.urlFormat' must be set, got nothing; use e.g. '{{$appName}}.spark.example.com'"],
      ['an ingress class that is no IngressClass name', { controller: { uiIngress: { urlFormat: '{{$appName}}.example.com', ingressClassName: 'nginx internal' } } },
        "[p/Operator] 'controller.uiIngress.ingressClassName' must be the name of an IngressClass (a DNS-1123 subdomain), got 'nginx internal'; use e.g. 'nginx'"],
      ['a UI annotation with a bearer token', { controller: { uiIngress: { urlFormat: '{{$appName}}.example.com', annotations: { 'auth.example.com/header': 'Bearer abcdefghijklmnopqrstuvwxyz0123' } } } },
        "[p/Operator] 'controller.uiIngress.annotations.auth.example.com/header' holds a bearer token, which would be stored in clear in Git and in the cluster, got '<redacted>'; keep it in a Kubernetes Secret and pass it by reference (an environment variable from the Secret, or a mounted file)"],
      ['a UI annotation value that is a number', { controller: { uiIngress: { urlFormat: '{{$appName}}.example.com', annotations: { 'example.com/port': 8080 as any } } } },
        "[p/Operator] 'controller.uiIngress.annotations.example.com/port' must be a string, got 8080; quote it: '8080'"],
      ['a metrics path without a leading slash', { metrics: { endpoint: 'metrics' } },
        "[p/Operator] 'metrics.endpoint' must be a URL path starting with '/' (no spaces, query or fragment), got 'metrics'; use e.g. '/metrics'"],
      ['a metrics path with a query', { metrics: { endpoint: '/metrics?x=1 y' } },
        "[p/Operator] 'metrics.endpoint' must be a URL path starting with '/' (no spaces, query or fragment), got '/metrics?x=1 y'; use e.g. '/metrics'"],
      ['a metrics prefix that is no metric name', { metrics: { prefix: 'spark-operator-' } },
        "[p/Operator] 'metrics.prefix' must start a Prometheus metric name (letters, digits, '_' and ':', not starting with a digit), got 'spark-operator-'; use e.g. 'spark_'"],
      ['a metrics label with a comma (the flag is a list)', { metrics: { labels: ['app_type,app_id'] } },
        "[p/Operator] 'metrics.labels[0]' must be a Prometheus label name (letters, digits and '_', not starting with a digit or '__'; the flag is a comma-separated list), got 'app_type,app_id'; use e.g. 'app_type'"],
      ['a kube-scheduler name with a comma', { controller: { batchScheduler: { kubeSchedulerNames: ['a,b'] } } },
        "[p/Operator] 'controller.batchScheduler.kubeSchedulerNames[0]' must be a scheduler name (a DNS-1123 subdomain; the flag is a comma-separated list), got 'a,b'; use the schedulerName of the kube-scheduler instance, e.g. 'scheduler-plugins-scheduler'"],
      ['the kube-scheduler as default without a kube-scheduler of that name', { controller: { batchScheduler: { defaultScheduler: BatchScheduler.KUBE_SCHEDULER } } },
        "[p/Operator] 'controller.batchScheduler.defaultScheduler' names a kube-scheduler instance, but the controller registers those by the names in 'kubeSchedulerNames' and exits at start when the default is not one of them, got 'kube-scheduler'; add 'kube-scheduler' to 'kubeSchedulerNames', or pick another default"],
      ['a default scheduler that does not exist', { controller: { batchScheduler: { defaultScheduler: 'slurm' as any } } },
        "[p/Operator] 'controller.batchScheduler.defaultScheduler' must be one of BatchScheduler.VOLCANO, BatchScheduler.YUNIKORN, BatchScheduler.KUBE_SCHEDULER, got 'slurm'; use BatchScheduler.VOLCANO"],
      // log levels and other enums from JavaScript
      ['a log level the enum does not have', { controller: { logLevel: 'verbose' as any } },
        "[p/Operator] 'controller.logLevel' must be one of OperatorLogLevel.DEBUG, OperatorLogLevel.INFO, OperatorLogLevel.ERROR, got 'verbose'; use OperatorLogLevel.DEBUG"],
      ['a log level with a flag smuggled in', { webhook: { logLevel: 'info --enable-cert-manager=true' as any } },
        "[p/Operator] 'webhook.logLevel' must be one of OperatorLogLevel.DEBUG, OperatorLogLevel.INFO, OperatorLogLevel.ERROR, got 'info --enable-cert-manager=true'; use OperatorLogLevel.DEBUG"],
      ['a log encoder in capitals', { controller: { logEncoder: 'JSON' as any } },
        "[p/Operator] 'controller.logEncoder' must be one of OperatorLogEncoder.CONSOLE, OperatorLogEncoder.JSON, got 'JSON'; use OperatorLogEncoder.JSON"],
      ['a failure policy in lower case', { webhook: { failurePolicy: 'ignore' as any } },
        "[p/Operator] 'webhook.failurePolicy' must be one of WebhookFailurePolicy.FAIL, WebhookFailurePolicy.IGNORE, got 'ignore'; use WebhookFailurePolicy.IGNORE"],
      ['controller memory given as a quantity string', { controller: { memory: '1Gi' as any } }, "[p/Operator] 'controller.memory' must be a Size, got '1Gi'; use Size.mebibytes(256) or more"],
      ['a /tmp size limit given as a quantity string', { controller: { tmpSizeLimit: '2Gi' as any } }, "[p/Operator] 'controller.tmpSizeLimit' must be a Size, got '2Gi'; use Size.gibibytes(1) or more"],
      ['webhook CPU given as a string', { webhook: { coreRequest: '100m' as any } }, "[p/Operator] 'webhook.coreRequest' must be a Cpu, got '100m'; use Cpu.millis(500) or Cpu.units(1)"],
      ['job namespaces given as one string', { jobNamespaces: 'spark-jobs' as any }, "[p/Operator] 'jobNamespaces' must be a list of strings, got 'spark-jobs'; wrap it in a list: ['spark-jobs']"],
      ['the webhook switch given as a string', { webhook: { enabled: 'false' as any } }, "[p/Operator] 'webhook.enabled' must be true or false, got 'false'; use false (a boolean, not a string)"],
      ['pull secrets given as names', { imagePullSecrets: ['ghcr'] as any }, "[p/Operator] 'imagePullSecrets[0]' must be a Secret, got 'ghcr'; use Secret.fromSecretName(this, 'Secret', 'ghcr')"],
      // groups of options from JavaScript
      ['controller settings given as a string', { controller: 'ha' as any }, "[p/Operator] 'controller' must be an object, got 'ha'; pass e.g. { replicas: 2 }"],
      ['metrics given as a boolean', { metrics: false as any }, "[p/Operator] 'metrics' must be an object, got false; pass e.g. { port: 8080 }"],
      ['feature gates given as a list', { controller: { featureGates: ['PartialRestart'] as any } },
        "[p/Operator] 'controller.featureGates' must be an object, got ['PartialRestart']; pass e.g. { PartialRestart: true }"],
      ['UI TLS given as one entry', { controller: { uiIngress: { urlFormat: '{{$appName}}.example.com', tls: {} as any } } },
        "[p/Operator] 'controller.uiIngress.tls' must be a list, got {}; use [{ secret: Secret.fromSecretName(this, 'Tls', 'spark-ui-tls'), hosts: ['*.spark.example.com'] }]"],
      ['UI TLS naming its Secret as a string', { controller: { uiIngress: { urlFormat: '{{$appName}}.example.com', tls: [{ secret: 'ui-tls' as any, hosts: ['*.example.com'] }] } } },
        "[p/Operator] 'controller.uiIngress.tls[0].secret' must be a Secret, got 'ui-tls'; use Secret.fromSecretName(this, 'Tls', 'spark-ui-tls')"],
      ['a UI TLS host with a space', { controller: { uiIngress: { urlFormat: '{{$appName}}.example.com', tls: [{ secret: { name: 'tls' } as any, hosts: ['a b.example.com'] }] } } },
        "[p/Operator] 'controller.uiIngress.tls[0].hosts[0]' must be a DNS name (optionally a *. wildcard), got 'a b.example.com'; use e.g. '*.spark.example.com'"],
      ['pod settings given as a string', { webhook: { pod: 'system' as any } }, "[p/Operator] 'webhook.pod' must be an object, got 'system'; pass e.g. { nodeSelector: { pool: 'system' } }"],
      // cert-manager limits
      ['a certificate living less than an hour', { certManager: { duration: Duration.minutes(30) } },
        "[p/Operator] 'certManager.duration' must be a whole number of seconds, at least 3600, got '1800s'; use Duration.days(90) (cert-manager's default) or at least Duration.hours(1)"],
      ['a certificate renewed less than 5 minutes before expiry', { certManager: { renewBefore: Duration.minutes(1) } },
        "[p/Operator] 'certManager.renewBefore' must be a whole number of seconds, at least 300, got '60s'; use at least Duration.minutes(5), or leave it unset for a third of the lifetime"],
      ['a certificate renewed before it was issued', { certManager: { duration: Duration.hours(24), renewBefore: Duration.hours(48) } },
        "[p/Operator] 'certManager.renewBefore' must be shorter than the certificate's lifetime (86400s), got '172800s'; leave it unset to renew after two thirds of the lifetime"],
      ['an issuer name with a space', { certManager: { issuerRef: { name: 'corp ca' } } },
        "[p/Operator] 'certManager.issuerRef.name' must be the name of an Issuer or ClusterIssuer (a DNS-1123 subdomain), got 'corp ca'; use e.g. 'corp-ca'"],
      ['an issuer kind the enum does not have', { certManager: { issuerRef: { name: 'ca', kind: 'Vault' as any } } },
        "[p/Operator] 'certManager.issuerRef.kind' must be one of CertManagerIssuerKind.ISSUER, CertManagerIssuerKind.CLUSTER_ISSUER, got 'Vault'; use CertManagerIssuerKind.ISSUER"],
    ])('fails with %s', (_what, props, message) => {
      expect(errorOf(op(props))).toBe(message);
    });

    test('fails without props from JavaScript', () => {
      expect(errorOf((app) => new SparkOperator(new Chart(app, 'p'), 'Operator', null as any))).toBe(
        "[p/Operator] 'props' must be an object of props, got null; pass e.g. { jobNamespaces: ['spark-jobs'] }");
    });

    test('fails at synth with no job namespace at all (the chart would watch every namespace without the rights)', () => {
      expect(errorOf(op({ jobNamespaces: [] }))).toBe("Validation failed with the following errors:\n  [p/Operator] 'jobNamespaces' must name at least one namespace by synth (with none the controller would watch every namespace with Roles in none, and the webhooks would get an empty namespace selector, which the API server refuses), got []; list the namespaces where Spark jobs run, add one with addJobNamespace(), or set watchAllNamespaces: true to watch every namespace");
    });

    test('fails at synth with a system-namespace opt-out nothing needs', () => {
      expect(errorOf(op({ securityOptOuts: [SecurityOptOut.SYSTEM_NAMESPACE] }))).toBe(
        "Validation failed with the following errors:\n  [p/Operator] 'securityOptOuts[0]' is SecurityOptOut.SYSTEM_NAMESPACE, but this construct does not take that risk, got 'system-namespace'; remove it, so the annotation records only the risks taken");
    });

    test('a system job namespace added later needs the opt-out too', () => {
      const installed = new SparkOperator(new Chart(Testing.app(), 'p'), 'Operator', { jobNamespaces: ['spark-jobs'] });
      expect(() => installed.addJobNamespace('kube-node-lease')).toThrow(
        "[p/Operator] 'jobNamespaces' makes 'kube-node-lease', in which Kubernetes itself runs, a job namespace: the operator and the Spark driver account would create and delete pods there, got 'kube-node-lease'; run Spark jobs in a namespace of their own, e.g. 'spark-jobs', or accept the risk with SecurityOptOut.SYSTEM_NAMESPACE in 'securityOptOuts' (recorded in the annotation spark.cdk8s.io/security-opt-outs)");
      expect(() => installed.addJobNamespace(5 as any)).toThrow("[p/Operator] 'jobNamespaces' must be a string, got 5; quote it: '5'");
    });

    test('with the opt-out, a system namespace is created and recorded on the Namespace and both Deployments', () => {
      const docs = operator({ namespace: 'kube-system', createNamespace: true, securityOptOuts: [SecurityOptOut.SYSTEM_NAMESPACE] });
      const recorded = { 'spark.cdk8s.io/security-opt-outs': 'system-namespace' };
      expect(findObject(docs, 'Namespace', 'kube-system').metadata).toMatchObject({ name: 'kube-system', annotations: recorded });
      expect(findObject(docs, 'Deployment', 'spark-operator-controller').metadata.annotations).toEqual({ ...WAVE, ...recorded });
      expect(findObject(docs, 'Deployment', 'spark-operator-webhook').metadata.annotations).toEqual({ ...WAVE, ...recorded });
    }, 60000);

    test('with the opt-out, a system job namespace gets its driver account, which records the same risk', () => {
      const docs = operator({ jobNamespaces: ['kube-public'], securityOptOuts: [SecurityOptOut.SYSTEM_NAMESPACE] });
      const account = docs.filter((d) => d.metadata?.namespace === 'kube-public' && d.metadata.name === 'spark-operator-spark');
      expect(account.map((d) => d.kind).sort()).toEqual(['Role', 'RoleBinding', 'ServiceAccount']);
      for (const d of account) expect(d.metadata.annotations).toEqual({ ...WAVE, 'spark.cdk8s.io/security-opt-outs': 'system-namespace' });
    }, 60000);

    test('valid selectors pass as the controller reads them', () => {
      for (const selector of ['spark=enabled', 'spark==enabled', 'team in (etl,ml),!legacy', 'tier>2', 'env notin (dev), example.com/spark', 'team in ()', 'owner=', 'in in (in,notin)']) {
        const docs = operator({ jobNamespaceSelector: selector, jobNamespaces: undefined });
        expect(args(docs, 'controller')).toContain(`--namespace-selector=${selector}`);
      }
    }, 120000);

    test('extra arguments for flags the construct does not generate are appended', () => {
      const docs = operator({ controller: { extraArgs: ['--cache-sync-timeout', '60s', '--enable-http2=false'] } });
      expect(args(docs, 'controller').slice(-3)).toEqual(['--cache-sync-timeout', '60s', '--enable-http2=false']);
    });

    test('the longest release name fits the webhook Service', () => {
      const docs = operator({ releaseName: 'r'.repeat(51) });
      expect(findObject(docs, 'Service', `${'r'.repeat(51)}-webhook-svc`).metadata.name).toHaveLength(63);
    });
  });
});
