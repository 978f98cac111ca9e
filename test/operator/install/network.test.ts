import { ApiObject, App, Chart } from 'cdk8s';
import { ApplicationFile, NetworkPeer, SparkApplication, SparkNetworkOptions, SparkOperator, SparkOperatorProps } from '../../../src';
import { findObject, findObjects, synthValid } from '../../harness';
import { errorOf } from '../../harness/expect-error';
import { ClientAccess, networkFindings, NetworkEnv } from '../../harness/network';

/** The cluster as the tests see it: the API server's endpoint. */
const NETWORK: SparkNetworkOptions = { apiServer: { cidrs: ['10.0.0.10/32'], ports: [6443] } };
const ENV: NetworkEnv = { apiServer: { ips: ['10.0.0.10'], port: 6443 } };
const PI = { mainApplicationFile: ApplicationFile.fromImagePath('/opt/spark/examples/jars/spark-examples.jar'), mainClass: 'org.apache.spark.examples.SparkPi' };
const PROMETHEUS = { 'app.kubernetes.io/name': 'prometheus' };

const tcp = (port: number) => ({ protocol: 'TCP', port });
const DNS = {
  to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
  ports: [{ protocol: 'UDP', port: 53 }, tcp(53)],
};
const API = { to: [{ ipBlock: { cidr: '10.0.0.10/32' } }], ports: [tcp(6443)] };
const SCRAPE = (port: number) => ({
  from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } }, podSelector: { matchLabels: PROMETHEUS } }],
  ports: [tcp(port)],
});
const SELECTOR = (component: string, release = 'spark-operator') => ({
  'app.kubernetes.io/component': component, 'app.kubernetes.io/instance': release, 'app.kubernetes.io/name': 'spark-operator',
});
const DENY_ALL = { podSelector: {}, policyTypes: ['Ingress', 'Egress'] };

function build(props: SparkOperatorProps, extra?: (op: SparkOperator, chart: Chart) => void): (app: App) => void {
  return (app) => {
    const chart = new Chart(app, 'platform');
    const op = new SparkOperator(chart, 'Operator', { jobNamespaces: ['spark-jobs'], ...props });
    extra?.(op, chart);
  };
}

function operator(props: SparkOperatorProps, extra?: (op: SparkOperator, chart: Chart) => void): any[] {
  return synthValid(build(props, extra));
}

/** The policies of a namespace, by name. */
function policies(docs: any[], namespace: string): { [name: string]: any } {
  return Object.fromEntries(findObjects(docs, 'NetworkPolicy').filter((p) => p.metadata.namespace === namespace).map((p) => [p.metadata.name, p.spec]));
}

describe('SparkOperator NetworkPolicies', () => {
  test('controller and webhook: DNS and the API server out, the API server into the webhook, Prometheus into the metrics port', () => {
    const docs = operator({ network: NETWORK, metricsAllowFrom: [NetworkPeer.podsInNamespace('monitoring', PROMETHEUS)] });
    expect(policies(docs, 'spark-operator')).toEqual({
      'spark-operator-controller': {
        podSelector: { matchLabels: SELECTOR('controller') },
        policyTypes: ['Ingress', 'Egress'],
        ingress: [SCRAPE(8080)],
        egress: [DNS, API],
      },
      'spark-operator-webhook': {
        podSelector: { matchLabels: SELECTOR('webhook') },
        policyTypes: ['Ingress', 'Egress'],
        ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.10/32' } }], ports: [tcp(9443)] }, SCRAPE(8080)],
        egress: [DNS, API],
      },
    });
    // The policies select exactly the pods of the Deployments.
    for (const component of ['controller', 'webhook']) {
      const deployment = findObject(docs, 'Deployment', `spark-operator-${component}`);
      expect(deployment.spec.selector.matchLabels).toEqual(SELECTOR(component));
      expect(deployment.spec.template.metadata.labels).toMatchObject(SELECTOR(component));
    }
  });

  test('defaults with network: no ingress at all into the controller, the install\'s labels on the policies', () => {
    const docs = operator({ network: NETWORK });
    const controller = findObject(docs, 'NetworkPolicy', 'spark-operator-controller');
    expect(controller.spec).toEqual({ podSelector: { matchLabels: SELECTOR('controller') }, policyTypes: ['Ingress', 'Egress'], egress: [DNS, API] });
    expect(controller.metadata.labels).toEqual({ ...SELECTOR('controller'), 'app.kubernetes.io/managed-by': 'cdk8s', 'app.kubernetes.io/version': SparkOperator.VERSION });
    expect(findObject(docs, 'NetworkPolicy', 'spark-operator-webhook').spec.ingress).toEqual([{ from: [{ ipBlock: { cidr: '10.0.0.10/32' } }], ports: [tcp(9443)] }]);
    // Without createNamespace the operator's namespace is not the operator's to deny.
    expect(policies(docs, 'spark-operator')['default-deny']).toBeUndefined();
  });

  test('ports, release name and the webhook follow the props', () => {
    const docs = operator({
      network: NETWORK, releaseName: 'spark', webhook: { port: 10443 }, metrics: { port: 9090 }, metricsAllowFrom: [NetworkPeer.podsInNamespace('monitoring', PROMETHEUS)],
    });
    expect(findObject(docs, 'NetworkPolicy', 'spark-controller').spec.ingress).toEqual([SCRAPE(9090)]);
    expect(findObject(docs, 'NetworkPolicy', 'spark-webhook').spec).toMatchObject({
      podSelector: { matchLabels: SELECTOR('webhook', 'spark') },
      ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.10/32' } }], ports: [tcp(10443)] }, SCRAPE(9090)],
    });
    const noWebhook = operator({ network: NETWORK, webhook: { enabled: false } });
    expect(Object.keys(policies(noWebhook, 'spark-operator'))).toEqual(['spark-operator-controller']);
    const noMetrics = operator({ network: NETWORK, metrics: { enabled: false } });
    expect(findObject(noMetrics, 'NetworkPolicy', 'spark-operator-controller').spec.ingress).toBeUndefined();
  });

  test('package repositories: the controller reaches them (its spark-submit resolves packages), the webhook does not', () => {
    const repositories = { ...NETWORK, packageRepositories: [{ cidrs: ['151.101.0.0/16'], ports: [443] }] };
    const docs = operator({ network: repositories }, (op, chart) => {
      new SparkApplication(chart, 'Pi', { ...PI, name: 'pi', jobNamespace: op.addJobNamespace('team-a'), deps: { packages: ['org.apache.hadoop:hadoop-aws:3.4.1'] } });
    });
    const maven = { to: [{ ipBlock: { cidr: '151.101.0.0/16' } }], ports: [tcp(443)] };
    expect(findObject(docs, 'NetworkPolicy', 'spark-operator-controller').spec.egress).toEqual([DNS, API, maven]);
    expect(findObject(docs, 'NetworkPolicy', 'spark-operator-webhook').spec.egress).toEqual([DNS, API]);
    expect(findObject(docs, 'SparkApplication').spec.deps.packages).toEqual(['org.apache.hadoop:hadoop-aws:3.4.1']);
    const env = { ...ENV, packageRepositories: [{ ips: ['151.101.0.5'], port: 443, cidrs: ['151.101.0.0/16'] }] };
    expect(networkFindings(docs, env, { requireCoverage: true })).toEqual([]);
  });

  test('without network: no NetworkPolicy anywhere', () => {
    const docs = operator({ createNamespace: true }, (op) => op.addJobNamespace('team-a'));
    expect(findObjects(docs, 'NetworkPolicy')).toEqual([]);
  });

  test('createNamespace: the operator\'s namespace denies all traffic by default', () => {
    const docs = operator({ network: NETWORK, createNamespace: true });
    const deny = findObject(docs.filter((d) => d.metadata?.namespace === 'spark-operator'), 'NetworkPolicy', 'default-deny');
    expect(deny.spec).toEqual(DENY_ALL);
    expect(deny.metadata.labels).toMatchObject({ 'app.kubernetes.io/name': 'spark-operator', 'app.kubernetes.io/instance': 'spark-operator' });
    // After the Namespace.
    expect(docs.findIndex((d) => d.kind === 'Namespace')).toBeLessThan(docs.indexOf(deny));
  });

  test('job namespaces inherit the network: a default deny in each, unless they name their own', () => {
    const own: SparkNetworkOptions = { apiServer: { cidrs: ['10.9.0.0/24'], ports: [443] } };
    const docs = operator({ network: NETWORK }, (op, chart) => {
      op.addJobNamespace('team-a');
      const b = op.addJobNamespace('team-b', { network: own });
      new SparkApplication(chart, 'Pi', { ...PI, name: 'pi', jobNamespace: b });
    });
    for (const ns of ['spark-jobs', 'team-a', 'team-b']) {
      expect(policies(docs, ns)['default-deny']).toEqual(DENY_ALL);
    }
    // The application gets its policies from its namespace's own network.
    const driver = policies(docs, 'team-b')['pi-driver'];
    expect(driver.egress).toContainEqual({ to: [{ ipBlock: { cidr: '10.9.0.0/24' } }], ports: [tcp(443)] });
    expect(policies(docs, 'team-b')['pi-executors']).toBeDefined();
  });

  test('an application placed in an inherited job namespace gets its policies', () => {
    const docs = operator({ network: NETWORK }, (op, chart) => {
      new SparkApplication(chart, 'Pi', { ...PI, name: 'pi', jobNamespace: op.addJobNamespace('team-a') });
    });
    expect(Object.keys(policies(docs, 'team-a')).sort()).toEqual(['default-deny', 'pi-driver', 'pi-executors']);
    expect(policies(docs, 'team-a')['pi-driver'].egress).toContainEqual(API);
  });

  test('the operator\'s namespace as a job namespace has one default deny', () => {
    const docs = operator({ network: NETWORK, createNamespace: true, jobNamespaces: ['spark-operator'] });
    expect(findObjects(docs, 'NetworkPolicy').filter((p) => p.metadata.name === 'default-deny').map((p) => p.metadata.namespace)).toEqual(['spark-operator']);
    const later = operator({ network: NETWORK, createNamespace: true }, (op) => op.addJobNamespace('spark-operator'));
    expect(findObjects(later, 'NetworkPolicy').filter((p) => p.metadata.name === 'default-deny').map((p) => p.metadata.namespace).sort()).toEqual(['spark-jobs', 'spark-operator']);
  });

  test('the network checker: operator, a job namespace and an application are sufficient, minimal and covered', () => {
    const docs = operator({ network: NETWORK, createNamespace: true }, (op, chart) => {
      new SparkApplication(chart, 'Pi', { ...PI, name: 'pi', jobNamespace: op.addJobNamespace('team-a') });
    });
    expect(networkFindings(docs, ENV, { requireCoverage: true })).toEqual([]);
  });

  test('the network checker: Prometheus reaches both metrics ports and nothing else', () => {
    const docs = operator({ network: NETWORK, createNamespace: true, metricsAllowFrom: [NetworkPeer.podsInNamespace('monitoring', PROMETHEUS)] }, (op, chart) => {
      new SparkApplication(chart, 'Pi', { ...PI, name: 'pi', jobNamespace: op.addJobNamespace('team-a') });
    });
    const clients: ClientAccess[] = ['controller', 'webhook'].map((component) => ({
      from: { namespace: 'monitoring', labels: PROMETHEUS, source: 'Prometheus' }, to: { namespace: 'spark-operator', labels: SELECTOR(component) }, port: 'metrics',
    }));
    expect(networkFindings(docs, { ...ENV, clients }, { requireCoverage: true })).toEqual([]);
  });

  test('escape hatch: a policy can be patched', () => {
    const docs = synthValid(build({ network: NETWORK }, (op) => {
      const policy = op.node.findChild('ControllerNetworkPolicy') as ApiObject;
      policy.metadata.addLabel('team', 'platform');
    }));
    expect(findObject(docs, 'NetworkPolicy', 'spark-operator-controller').metadata.labels).toMatchObject({ team: 'platform', ...SELECTOR('controller') });
  });
});

describe('SparkOperator NetworkPolicies: bad input (exact messages)', () => {
  const prometheus = () => [NetworkPeer.podsInNamespace('monitoring', PROMETHEUS)];
  test.each<[string, () => SparkOperatorProps, string]>([
    ['metricsAllowFrom without network', () => ({ metricsAllowFrom: prometheus() }),
      '[platform/Operator] \'metricsAllowFrom\' needs NetworkPolicies, which need the cluster\'s network facts, got [{"namespace":"monitoring","labels":{"app.kubernetes.io/name":"prometheus"}}]; pass \'network\', or remove \'metricsAllowFrom\''],
    ['an empty metricsAllowFrom', () => ({ network: NETWORK, metricsAllowFrom: [] }),
      '[platform/Operator] \'metricsAllowFrom\' is empty, and a NetworkPolicy rule without peers admits every source, got []; name who may scrape the metrics (e.g. NetworkPeer.podsInNamespace(\'monitoring\', { \'app.kubernetes.io/name\': \'prometheus\' })), or remove it to keep the metrics port closed'],
    ['a namespace name instead of a peer', () => ({ network: NETWORK, metricsAllowFrom: ['monitoring' as any] }),
      '[platform/Operator] \'metricsAllowFrom[0]\' must be a NetworkPeer, got \'monitoring\'; use NetworkPeer.namespace(\'monitoring\')'],
    ['metricsAllowFrom with metrics off', () => ({ network: NETWORK, metrics: { enabled: false }, metricsAllowFrom: prometheus() }),
      '[platform/Operator] \'metricsAllowFrom\' admits scrapers to the metrics port, but \'metrics.enabled\' is false, so there is none (it would be dropped), got [{"namespace":"monitoring","labels":{"app.kubernetes.io/name":"prometheus"}}]; enable metrics, or remove \'metricsAllowFrom\''],
    ['a PodMonitor that no policy lets scrape', () => ({ network: NETWORK, metrics: { podMonitor: true } }),
      '[platform/Operator] \'metrics.podMonitor\' has Prometheus scrape the metrics port, but with \'network\' the operator\'s pods admit no scraper that \'metricsAllowFrom\' does not name, got true; add metricsAllowFrom: [NetworkPeer.podsInNamespace(\'monitoring\', { \'app.kubernetes.io/name\': \'prometheus\' })] naming your Prometheus'],
    ['a CIDR with host bits', () => ({ network: { apiServer: { cidrs: ['10.0.0.10/24'], ports: [6443] } } }),
      '[platform/Operator] \'network.apiServer.cidrs[0]\' has host bits set below its prefix, got \'10.0.0.10/24\'; write \'10.0.0.0/24\' for the range or \'10.0.0.10/32\' for the one address'],
    ['an API server without ports', () => ({ network: { apiServer: { cidrs: ['10.0.0.10/32'], ports: [] } } }),
      '[platform/Operator] \'network.apiServer.ports\' must name at least one port: a rule without ports admits every port, got []; list the ports, e.g. [443]'],
  ])('fails with %s', (_what, props, message) => {
    expect(errorOf(build(props()))).toBe(message);
  });

  test('fails with a bad network of a job namespace, named on the job namespace', () => {
    expect(errorOf(build({ network: NETWORK }, (op) => op.addJobNamespace('team-a', { network: { apiServer: { cidrs: ['10.0.0.300/32'], ports: [443] } } })))).toBe(
      '[platform/Operator/JobNamespace-team-a] \'network.apiServer.cidrs[0]\' is not a CIDR (an IPv4 or IPv6 address, \'/\' and a prefix length), got \'10.0.0.300/32\'; write e.g. \'10.0.0.0/16\', \'10.0.0.10/32\' or \'fd00::/64\'');
  });
});
