import {
  cidrContains, Connection, evaluate, isAllowed, isIp, isolation, labelSelectorMatches, NetPod, NetworkEnv, networkFindings, networkPods, neededConnections,
  policyIndex, Protocol,
} from './network';

function pod(namespace: string, labels: { [key: string]: string }, source = 'pod', containerPorts: NetPod['containerPorts'] = []): NetPod {
  return { namespace, labels, source, containerPorts };
}

function policy(name: string, namespace: string, spec: any): any {
  return { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace }, spec };
}

function conn(from: any, to: any, port: number, protocol: Protocol = 'TCP'): Connection {
  return { from, to, port, protocol };
}

const allowed = (docs: any[], c: Connection) => isAllowed(policyIndex(docs), c);

/** `from > to PROTOCOL/port`, addresses by their IP. */
const show = (c: Connection) => `${isIp(c.from) ? c.from.ip : c.from.source} > ${isIp(c.to) ? c.to.ip : c.to.source} ${c.protocol}/${c.port}`;

const A = pod('a', { app: 'web' }, 'web');
const A2 = pod('a', { app: 'other' }, 'other');
const B = pod('b', { app: 'web' }, 'web in b');

describe('evaluator', () => {
  test('label selectors: matchLabels AND matchExpressions, {} matches all, null matches none', () => {
    const labels = { app: 'web', tier: 'front' };
    expect(labelSelectorMatches({}, labels)).toBe(true);
    expect(labelSelectorMatches(null, labels)).toBe(false);
    expect(labelSelectorMatches(undefined, labels)).toBe(false);
    expect(labelSelectorMatches({ matchLabels: { app: 'web' } }, labels)).toBe(true);
    expect(labelSelectorMatches({ matchLabels: { app: 'web', tier: 'back' } }, labels)).toBe(false);
    expect(labelSelectorMatches({ matchExpressions: [{ key: 'tier', operator: 'In', values: ['front', 'mid'] }] }, labels)).toBe(true);
    expect(labelSelectorMatches({ matchExpressions: [{ key: 'tier', operator: 'In', values: ['back'] }] }, labels)).toBe(false);
    expect(labelSelectorMatches({ matchExpressions: [{ key: 'zone', operator: 'In', values: ['x'] }] }, labels)).toBe(false);
    expect(labelSelectorMatches({ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['back'] }] }, labels)).toBe(true);
    expect(labelSelectorMatches({ matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['x'] }] }, labels)).toBe(true);
    expect(labelSelectorMatches({ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['front'] }] }, labels)).toBe(false);
    expect(labelSelectorMatches({ matchExpressions: [{ key: 'tier', operator: 'Exists' }] }, labels)).toBe(true);
    expect(labelSelectorMatches({ matchExpressions: [{ key: 'zone', operator: 'Exists' }] }, labels)).toBe(false);
    expect(labelSelectorMatches({ matchExpressions: [{ key: 'zone', operator: 'DoesNotExist' }] }, labels)).toBe(true);
    expect(labelSelectorMatches({ matchExpressions: [{ key: 'app', operator: 'DoesNotExist' }] }, labels)).toBe(false);
    // AND of both parts.
    expect(labelSelectorMatches({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['back'] }] }, labels)).toBe(false);
    // What the API server rejects matches nothing.
    expect(labelSelectorMatches({ matchExpressions: [{ key: 'app', operator: 'Equals', values: ['web'] }] }, labels)).toBe(false);
    expect(labelSelectorMatches({ matchExpressions: [{ key: 'app', operator: 'In', values: [] }] }, labels)).toBe(false);
  });

  test('CIDR containment for IPv4 and IPv6; families never mix; malformed never matches', () => {
    expect(cidrContains('10.0.0.0/8', '10.255.1.2')).toBe(true);
    expect(cidrContains('10.0.0.0/8', '11.0.0.1')).toBe(false);
    expect(cidrContains('192.0.2.10/32', '192.0.2.10')).toBe(true);
    expect(cidrContains('192.0.2.10/32', '192.0.2.11')).toBe(false);
    expect(cidrContains('0.0.0.0/0', '203.0.113.7')).toBe(true);
    expect(cidrContains('172.16.0.0/12', '172.31.255.255')).toBe(true);
    expect(cidrContains('172.16.0.0/12', '172.32.0.0')).toBe(false);
    expect(cidrContains('2001:db8::/32', '2001:db8:ffff::1')).toBe(true);
    expect(cidrContains('2001:db8::/32', '2001:db9::1')).toBe(false);
    expect(cidrContains('::/0', '::1')).toBe(true);
    expect(cidrContains('fd00::/8', 'fdff:1:2:3:4:5:6:7')).toBe(true);
    expect(cidrContains('::ffff:0:0/96', '::ffff:192.0.2.1')).toBe(true);
    expect(cidrContains('0.0.0.0/0', '2001:db8::1')).toBe(false);
    expect(cidrContains('::/0', '10.0.0.1')).toBe(false);
    expect(cidrContains('10.0.0.0', '10.0.0.0')).toBe(false);
    expect(cidrContains('10.0.0.0/33', '10.0.0.0')).toBe(false);
    expect(cidrContains('10.0.0.0/8', '10.0.0.256')).toBe(false);
    expect(cidrContains('2001:db8::1::/64', '2001:db8::1')).toBe(false);
  });

  test('a podSelector peer admits pods of the policy\'s namespace only', () => {
    const docs = [policy('web', 'a', { podSelector: { matchLabels: { app: 'web' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'other' } } }] }] })];
    expect(allowed(docs, conn(A2, A, 80))).toBe(true);
    expect(allowed(docs, conn(pod('b', { app: 'other' }), A, 80))).toBe(false);
    expect(allowed(docs, conn(pod('a', { app: 'third' }), A, 80))).toBe(false);
    // B is in another namespace: the policy does not select it.
    expect(allowed(docs, conn(pod('c', {}), B, 80))).toBe(true);
  });

  test('a namespaceSelector peer admits every pod of matching namespaces, by the name label or a Namespace object\'s labels', () => {
    const byName = [policy('web', 'a', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'b' } } }] }] })];
    expect(allowed(byName, conn(pod('b', { any: 'thing' }), A, 80))).toBe(true);
    expect(allowed(byName, conn(pod('c', {}), A, 80))).toBe(false);
    expect(allowed(byName, conn(A2, A, 80))).toBe(false);
    const byLabel = [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'c', labels: { team: 'x' } } },
      policy('web', 'a', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchExpressions: [{ key: 'team', operator: 'In', values: ['x', 'y'] }] } }] }] }),
    ];
    expect(allowed(byLabel, conn(pod('c', {}), A, 80))).toBe(true);
    expect(allowed(byLabel, conn(pod('b', {}), A, 80))).toBe(false);
    // An empty namespaceSelector admits every namespace.
    const all = [policy('web', 'a', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: {} }] }] })];
    expect(allowed(all, conn(pod('zz', {}), A, 80))).toBe(true);
    expect(allowed(all, conn({ ip: '203.0.113.7' }, A, 80))).toBe(false);
  });

  test('podSelector and namespaceSelector in one peer must both match; in two peers either does', () => {
    const and = [policy('web', 'a', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'b' } }, podSelector: { matchLabels: { app: 'client' } } }] }] })];
    expect(allowed(and, conn(pod('b', { app: 'client' }), A, 80))).toBe(true);
    expect(allowed(and, conn(pod('b', { app: 'server' }), A, 80))).toBe(false);
    expect(allowed(and, conn(pod('c', { app: 'client' }), A, 80))).toBe(false);
    const or = [policy('web', 'a', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'b' } } }, { podSelector: { matchLabels: { app: 'client' } } }] }] })];
    expect(allowed(or, conn(pod('b', { app: 'server' }), A, 80))).toBe(true);
    expect(allowed(or, conn(pod('a', { app: 'client' }), A, 80))).toBe(true);
    expect(allowed(or, conn(pod('c', { app: 'client' }), A, 80))).toBe(false);
  });

  test('ipBlock with except, IPv4 and IPv6, matches addresses and never pods', () => {
    const docs = [policy('web', 'a', {
      podSelector: {},
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }, { ipBlock: { cidr: '2001:db8::/32', except: ['2001:db8:bad::/48'] } }] }],
      egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['169.254.169.254/32'] } }] }],
    })];
    expect(allowed(docs, conn({ ip: '10.2.3.4' }, A, 80))).toBe(true);
    expect(allowed(docs, conn({ ip: '10.1.3.4' }, A, 80))).toBe(false);
    expect(allowed(docs, conn({ ip: '2001:db8:1::5' }, A, 80))).toBe(true);
    expect(allowed(docs, conn({ ip: '2001:db8:bad::5' }, A, 80))).toBe(false);
    expect(allowed(docs, conn({ ip: '192.0.2.1' }, A, 80))).toBe(false);
    expect(allowed(docs, conn(A, { ip: '198.51.100.1' }, 443))).toBe(true);
    expect(allowed(docs, conn(A, { ip: '169.254.169.254' }, 80))).toBe(false);
    // Pod IPs are unknown: an ipBlock never admits a pod, whatever its range.
    expect(allowed(docs, conn(A, pod('b', {}), 80))).toBe(false);
    expect(allowed(docs, conn(pod('b', {}), A, 80))).toBe(false);
  });

  test('ports: a number, an endPort range, protocol TCP by default, named ports resolved on the destination', () => {
    const server = pod('a', { app: 'web' }, 'web', [{ name: 'http', port: 8080 }, { name: 'dns', port: 53, protocol: 'UDP' }]);
    const docs = [policy('web', 'a', {
      podSelector: { matchLabels: { app: 'web' } },
      ingress: [{ ports: [{ port: 443 }, { port: 30000, endPort: 30010 }, { port: 'http' }, { port: 'dns', protocol: 'UDP' }, { port: 'nope' }, { protocol: 'SCTP' }] }],
    })];
    const client = pod('b', {});
    expect(allowed(docs, conn(client, server, 443))).toBe(true);
    expect(allowed(docs, conn(client, server, 443, 'UDP'))).toBe(false);
    expect(allowed(docs, conn(client, server, 30000))).toBe(true);
    expect(allowed(docs, conn(client, server, 30010))).toBe(true);
    expect(allowed(docs, conn(client, server, 30011))).toBe(false);
    expect(allowed(docs, conn(client, server, 8080))).toBe(true);
    expect(allowed(docs, conn(client, server, 8081))).toBe(false);
    expect(allowed(docs, conn(client, server, 53, 'UDP'))).toBe(true);
    expect(allowed(docs, conn(client, server, 53, 'TCP'))).toBe(false);
    // A protocol without a port admits every port of it.
    expect(allowed(docs, conn(client, server, 9999, 'SCTP'))).toBe(true);
    // A named port the destination does not declare matches nothing.
    expect(allowed(docs, conn(client, pod('a', { app: 'web' }), 8080))).toBe(false);
  });

  test('policyTypes default to Ingress, plus Egress only when there are egress rules', () => {
    const index = policyIndex([
      policy('ingress-only', 'a', { podSelector: { matchLabels: { app: 'web' } } }),
      policy('empty-egress', 'a', { podSelector: { matchLabels: { app: 'other' } }, egress: [] }),
      policy('with-egress', 'b', { podSelector: {}, egress: [{ to: [{ podSelector: {} }] }] }),
      policy('egress-only', 'c', { podSelector: {}, policyTypes: ['Egress'] }),
    ]);
    expect(isolation(index, A)).toEqual({ ingress: true, egress: false });
    expect(isolation(index, A2)).toEqual({ ingress: true, egress: false });
    expect(isolation(index, B)).toEqual({ ingress: true, egress: true });
    expect(isolation(index, pod('c', {}))).toEqual({ ingress: false, egress: true });
    expect(isolation(index, pod('d', {}))).toEqual({ ingress: false, egress: false });
    // Egress rules of a policy that does not list Egress are ignored.
    const ignored = policyIndex([policy('p', 'a', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{}], egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8' } }] }] })]);
    expect(isolation(ignored, A)).toEqual({ ingress: true, egress: false });
    expect(isAllowed(ignored, conn(A, { ip: '192.0.2.1' }, 80))).toBe(true);
  });

  test('a connection needs the source\'s egress and the destination\'s ingress', () => {
    const egress = policy('out', 'a', { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Egress'], egress: [{ to: [{ namespaceSelector: {} }], ports: [{ port: 80 }] }] });
    const ingress = policy('in', 'b', { podSelector: { matchLabels: { app: 'web' } }, ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'a' } } }], ports: [{ port: 80 }] }] });
    const denyIngress = policy('in', 'b', { podSelector: {}, policyTypes: ['Ingress'] });
    expect(allowed([egress, ingress], conn(A, B, 80))).toBe(true);
    expect(allowed([egress, ingress], conn(A, B, 81))).toBe(false);
    const d = evaluate(policyIndex([egress, denyIngress]), conn(A, B, 80));
    expect(d.allowed).toBe(false);
    expect(d.egress).toEqual({ isolated: true, policies: ['a/out'], admittedBy: ['a/out'], allowed: true });
    expect(d.ingress).toEqual({ isolated: true, policies: ['b/in'], admittedBy: [], allowed: false });
    // Only the sides asked for are evaluated.
    expect(evaluate(policyIndex([egress, denyIngress]), conn(A, B, 80), { ingress: false }).allowed).toBe(true);
    // Several policies selecting a pod add up.
    const more = policy('more', 'a', { podSelector: {}, policyTypes: ['Egress'], egress: [{ ports: [{ port: 81 }] }] });
    expect(allowed([egress, more], conn(A, B, 81))).toBe(true);
    expect(allowed([egress, more], conn(A, B, 82))).toBe(false);
  });

  test('a default-deny isolates every pod of its namespace and nothing else', () => {
    const docs = [policy('default-deny', 'a', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] })];
    expect(allowed(docs, conn(A, A2, 80))).toBe(false);
    expect(allowed(docs, conn(B, A, 80))).toBe(false);
    expect(allowed(docs, conn(A, B, 80))).toBe(false);
    expect(allowed(docs, conn(A, { ip: '192.0.2.1' }, 53, 'UDP'))).toBe(false);
    expect(allowed(docs, conn(B, pod('c', {}), 80))).toBe(true);
  });

  test('empty or missing peers admit every peer, missing ports every port; a missing podSelector selects every pod', () => {
    const open = [policy('open', 'a', { ingress: [{ from: [] }] })];
    expect(allowed(open, conn({ ip: '203.0.113.7' }, A, 1234, 'UDP'))).toBe(true);
    expect(allowed(open, conn(pod('zz', {}), A2, 1))).toBe(true);
    const none = [policy('none', 'a', { podSelector: { matchLabels: { app: 'web' } }, ingress: [] })];
    expect(allowed(none, conn(A2, A, 80))).toBe(false);
  });
});

const NS = 'analytics';
const SERVER_LABELS = { 'app.kubernetes.io/name': 'spark-connect', 'app.kubernetes.io/instance': 'bi', 'spark-role': 'driver' };
const EXECUTOR_LABELS = { ...SERVER_LABELS, 'spark-role': 'executor' };

/** A client-mode Spark Connect server Deployment with its spark-defaults.conf and executor template, as the library renders one. */
function connectServer(conf: string[] = [], namespace = NS): any[] {
  const defaults = [
    'spark.master k8s://https://kubernetes.default.svc',
    'spark.submit.deployMode client',
    `spark.kubernetes.namespace ${namespace}`,
    'spark.driver.port 7078',
    'spark.driver.blockManager.port 7079',
    'spark.blockManager.port 7079',
    'spark.eventLog.dir s3a://logs/events',
    'spark.kubernetes.executor.podTemplateFile /etc/spark/conf/executor.json',
    ...conf,
  ].join('\n');
  return [
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'bi-conf', namespace },
      data: {
        'spark-defaults.conf': defaults,
        'executor.json': JSON.stringify({ metadata: { labels: EXECUTOR_LABELS }, spec: { containers: [{ name: 'spark-kubernetes-executor' }] } }),
      },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'bi', namespace },
      spec: {
        selector: { matchLabels: SERVER_LABELS },
        template: {
          metadata: { labels: SERVER_LABELS },
          spec: {
            containers: [{
              name: 'server',
              command: ['/opt/spark/bin/spark-submit'],
              args: ['--class', 'org.apache.spark.sql.connect.service.SparkConnectServer'],
              env: [{ name: 'SPARK_CONF_DIR', value: '/etc/spark/conf' }],
              ports: [{ name: 'grpc', containerPort: 15002 }, { name: 'driver-rpc', containerPort: 7078 }, { name: 'blockmanager', containerPort: 7079 }],
              volumeMounts: [{ name: 'conf', mountPath: '/etc/spark/conf' }],
            }],
            volumes: [{ name: 'conf', configMap: { name: 'bi-conf' } }],
          },
        },
      },
    },
  ];
}

const CLIENT: NetPod = pod('clients', { app: 'dashboard' }, 'BI dashboard');
const ENV: NetworkEnv = {
  apiServer: { ips: ['10.0.0.1'], port: 6443 },
  objectStorage: [{ ips: ['192.0.2.10'], port: 443 }],
  clients: [{ from: CLIENT, to: { namespace: NS, labels: SERVER_LABELS }, port: 'grpc' }],
};

const DNS_EGRESS = { to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }], ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }] };

/** Exactly the connections the Connect server needs. */
function exactPolicies(namespace = NS): any[] {
  const driver = { podSelector: { matchLabels: SERVER_LABELS } };
  const executors = { podSelector: { matchLabels: EXECUTOR_LABELS } };
  const storage = { to: [{ ipBlock: { cidr: '192.0.2.10/32' } }], ports: [{ port: 443 }] };
  return [
    policy('default-deny', namespace, { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }),
    policy('dns', namespace, { podSelector: {}, policyTypes: ['Egress'], egress: [DNS_EGRESS] }),
    policy('server', namespace, {
      ...driver,
      policyTypes: ['Ingress', 'Egress'],
      ingress: [
        { from: [executors], ports: [{ port: 7078 }, { port: 7079 }] },
        { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'clients' } }, podSelector: { matchLabels: { app: 'dashboard' } } }], ports: [{ port: 'grpc' }] },
      ],
      egress: [
        { to: [executors], ports: [{ port: 7079 }] },
        { to: [{ ipBlock: { cidr: '10.0.0.1/32' } }], ports: [{ port: 6443 }] },
        storage,
      ],
    }),
    policy('executors', namespace, {
      ...executors,
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ from: [driver, executors], ports: [{ port: 7079 }] }],
      egress: [{ to: [driver], ports: [{ port: 7078 }, { port: 7079 }] }, { to: [executors], ports: [{ port: 7079 }] }, storage],
    }),
  ];
}

/** The policies with one of them changed. */
function withPolicy(name: string, change: (spec: any) => void): any[] {
  return exactPolicies().map((p) => {
    if (p.metadata.name === name) change(p.spec);
    return p;
  });
}

describe('pod inventory', () => {
  test('a client-mode Connect server: the Deployment\'s pod is the driver, its executors come from the template file and Spark\'s labels', () => {
    const pods = networkPods(connectServer(['spark.kubernetes.executor.label.pool batch']));
    expect(pods.map((p) => p.source)).toEqual(['Deployment/bi', 'Deployment/bi [executor]']);
    expect(pods[0].labels).toEqual(SERVER_LABELS);
    expect(pods[1]).toMatchObject({ namespace: NS, labels: { ...EXECUTOR_LABELS, 'pool': 'batch', 'spark-role': 'executor', 'spark-app-selector': '<spark-app-id>', 'spark-exec-id': '<executor-id>' } });
  });

  test('a Kubeflow SparkApplication\'s pods carry the template, operator and Spark labels; Kueue labels stay behind', () => {
    const app = {
      apiVersion: 'sparkoperator.k8s.io/v1beta2',
      kind: 'SparkApplication',
      metadata: { name: 'pi', namespace: 'jobs', labels: { 'team': 'a', 'kueue.x-k8s.io/queue-name': 'q' } },
      spec: {
        sparkVersion: '4.0.4',
        driver: { labels: { tier: 'x' }, template: { metadata: { labels: { from: 'template' } } } },
        executor: { instances: 2 },
        sparkConf: { 'spark.kubernetes.executor.label.pool': 'batch' },
      },
    };
    const [driver, executor] = networkPods([app]);
    expect(driver).toMatchObject({ namespace: 'jobs', source: 'SparkApplication/pi [driver]' });
    expect(driver.labels).toEqual({
      'from': 'template',
      'sparkoperator.k8s.io/app-name': 'pi',
      'sparkoperator.k8s.io/launched-by-spark-operator': 'true',
      'sparkoperator.k8s.io/submission-id': '<submission-id>',
      'team': 'a',
      'tier': 'x',
      'spark-role': 'driver',
      'spark-version': '4.0.4',
      'spark-app-selector': '<spark-app-id>',
      'spark-app-name': 'pi',
    });
    expect(driver.containerPorts?.map((p) => p.port)).toEqual([7078, 7079, 4040]);
    expect(executor.labels).toMatchObject({ 'pool': 'batch', 'spark-role': 'executor', 'sparkoperator.k8s.io/mutated-by-spark-operator': 'true', 'team': 'a' });
    expect(executor.labels).not.toHaveProperty('kueue.x-k8s.io/queue-name');
    // A ScheduledSparkApplication's runs are SparkApplications named <name>-<timestamp>.
    const scheduled = networkPods([{ ...app, kind: 'ScheduledSparkApplication', spec: { schedule: '@daily', template: app.spec } }]);
    expect(scheduled[0].labels).toMatchObject({ 'sparkoperator.k8s.io/app-name': 'pi-<timestamp>', 'sparkoperator.k8s.io/scheduled-app-name': 'pi' });
  });

  test('a Kubeflow SparkConnect server keeps its template\'s labels plus the operator\'s selector labels; executors reach it on 7078 and 7079', () => {
    const connect = {
      apiVersion: 'sparkoperator.k8s.io/v1alpha1',
      kind: 'SparkConnect',
      metadata: { name: 'bi', namespace: 'bi', labels: { team: 'a' } },
      spec: { sparkVersion: '4.0.4', image: 'apache/spark:4.0.4', server: { template: { metadata: { labels: { app: 'bi' } } } }, executor: { instances: 1 }, sparkConf: { 'spark.blockManager.port': '7090' } },
    };
    const [server, executor] = networkPods([connect]);
    expect(server.labels).toEqual({
      'app': 'bi',
      'sparkoperator.k8s.io/connect-name': 'bi',
      'sparkoperator.k8s.io/launched-by-spark-operator': 'true',
      'spark-role': 'connect-server',
      'spark-version': '4.0.4',
    });
    expect(executor.labels).toMatchObject({ 'team': 'a', 'sparkoperator.k8s.io/connect-name': 'bi', 'spark-role': 'executor' });
    const needed = neededConnections([connect], { apiServer: { ips: ['10.0.0.1'], port: 443 } }).map(show);
    expect(needed).toEqual(expect.arrayContaining([
      'SparkConnect/bi [server] > 10.0.0.1 TCP/443',
      'SparkConnect/bi [executor] > SparkConnect/bi [server] TCP/7078',
      'SparkConnect/bi [executor] > SparkConnect/bi [server] TCP/7079',
      'SparkConnect/bi [server] > SparkConnect/bi [executor] TCP/7090',
    ]));
  });

  test('a spark-submit Job in cluster mode: the submitter, and the driver and executors it creates in spark.kubernetes.namespace', () => {
    const docs = [
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'etl-conf', namespace: 'submit' },
        data: {
          'spark-defaults.conf': 'spark.kubernetes.namespace jobs\nspark.app.name Nightly ETL\nspark.blockManager.port 7090\nspark.kubernetes.driver.podTemplateFile /etc/spark/conf/driver.json',
          'driver.json': JSON.stringify({ metadata: { labels: { app: 'etl' } }, spec: { containers: [{ name: 'spark-kubernetes-driver', ports: [{ name: 'metrics', containerPort: 9090 }] }] } }),
        },
      },
      {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { name: 'etl', namespace: 'submit' },
        spec: {
          template: {
            metadata: { labels: { app: 'etl-submit' } },
            spec: {
              containers: [{
                name: 'submit',
                command: ['/opt/spark/bin/spark-submit'],
                args: ['--master', 'k8s://https://kubernetes.default.svc', '--deploy-mode', 'cluster', '--properties-file', '/etc/spark/conf/spark-defaults.conf', '--conf', 'spark.kubernetes.driver.label.team=etl', 'local:///app.jar'],
                volumeMounts: [{ name: 'conf', mountPath: '/etc/spark/conf' }],
              }],
              volumes: [{ name: 'conf', configMap: { name: 'etl-conf' } }],
            },
          },
        },
      },
    ];
    const [submitter, driver, executor] = networkPods(docs);
    expect(submitter).toMatchObject({ namespace: 'submit', labels: { app: 'etl-submit' }, source: 'Job/etl' });
    expect(driver).toMatchObject({ namespace: 'jobs', source: 'Job/etl [driver]', labels: { 'app': 'etl', 'team': 'etl', 'spark-role': 'driver', 'spark-app-name': 'nightly-etl' } });
    expect(driver.containerPorts?.map((p) => p.port)).toEqual([9090, 7078, 7079, 4040]);
    expect(executor).toMatchObject({ namespace: 'jobs', labels: { 'spark-role': 'executor' } });
    const needed = neededConnections(docs, { apiServer: { ips: ['10.0.0.1'], port: 6443 } }).map(show);
    expect(needed).toEqual(expect.arrayContaining([
      'Job/etl > 10.0.0.1 TCP/6443',
      'Job/etl [driver] > 10.0.0.1 TCP/6443',
      'Job/etl [executor] > Job/etl [driver] TCP/7078',
      // Cluster mode: the driver's block manager takes spark.driver.blockManager.port or 7079, not spark.blockManager.port.
      'Job/etl [executor] > Job/etl [driver] TCP/7079',
      'Job/etl [driver] > Job/etl [executor] TCP/7090',
      'Job/etl [executor] > Job/etl [executor] TCP/7090',
    ]));
    expect(needed).not.toContain('Job/etl [executor] > 10.0.0.1 TCP/6443');
    expect(needed).not.toContain('Job/etl [executor] > Job/etl [driver] TCP/7090');
  });

  test('operator pods talk to the API server, which calls the webhook on its port; a History Server on s3a:// reads object storage', () => {
    const deployment = (name: string, labels: any, container: any) => ({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace: 'ops' },
      spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [container] } } },
    });
    const docs = [
      deployment('controller', { 'app.kubernetes.io/name': 'spark-operator', 'app.kubernetes.io/component': 'controller' }, { name: 'c', args: ['controller', 'start'] }),
      deployment('webhook', { 'app.kubernetes.io/name': 'spark-operator', 'app.kubernetes.io/component': 'webhook' }, { name: 'w', args: ['webhook', 'start', '--webhook-port=9444'], ports: [{ name: 'webhook', containerPort: 9444 }] }),
      deployment('history', { app: 'history' }, { name: 'h', command: ['/opt/spark/bin/spark-class', 'org.apache.spark.deploy.history.HistoryServer'], env: [{ name: 'SPARK_HISTORY_OPTS', value: '-Dspark.history.fs.logDirectory=s3a://logs/events' }] }),
    ];
    const needed = neededConnections(docs, { apiServer: { ips: ['10.0.0.1', '10.0.0.2'], port: 6443 }, objectStorage: [{ ips: ['192.0.2.10'], port: 9000 }] }).map(show);
    expect(needed).toEqual(expect.arrayContaining([
      'Deployment/controller > 10.0.0.1 TCP/6443',
      'Deployment/controller > 10.0.0.2 TCP/6443',
      'Deployment/webhook > 10.0.0.1 TCP/6443',
      '10.0.0.1 > Deployment/webhook TCP/9444',
      '10.0.0.2 > Deployment/webhook TCP/9444',
      'Deployment/history > 192.0.2.10 TCP/9000',
      'Deployment/history > cluster DNS UDP/53',
      'Deployment/history > cluster DNS TCP/53',
    ]));
    expect(needed.filter((c) => c.startsWith('Deployment/history >'))).toHaveLength(3);
  });

  test('standalone: workers reach the master through its Service, the master reaches workers on SPARK_WORKER_PORT', () => {
    const labels = (role: string) => ({ app: 'spark', role });
    const docs = (workerPort?: string) => [
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'master', namespace: 'spark' }, spec: { selector: labels('master'), ports: [{ port: 7077, targetPort: 'rpc' }] } },
      {
        apiVersion: 'apps/v1',
        kind: 'StatefulSet',
        metadata: { name: 'master', namespace: 'spark' },
        spec: { selector: { matchLabels: labels('master') }, template: { metadata: { labels: labels('master') }, spec: { containers: [{ name: 'm', command: ['/opt/spark/bin/spark-class', 'org.apache.spark.deploy.master.Master'], env: [{ name: 'SPARK_MASTER_PORT', value: '7177' }], ports: [{ name: 'rpc', containerPort: 7177 }] }] } } },
      },
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'worker', namespace: 'spark' },
        spec: { selector: { matchLabels: labels('worker') }, template: { metadata: { labels: labels('worker') }, spec: { containers: [{ name: 'w', command: ['/opt/spark/bin/spark-class', 'org.apache.spark.deploy.worker.Worker'], args: ['spark://master.spark.svc:7077'], env: workerPort ? [{ name: 'SPARK_WORKER_PORT', value: workerPort }] : [] }] } } },
      },
    ];
    const env = { apiServer: { ips: ['10.0.0.1'], port: 6443 } };
    const needed = neededConnections(docs('35000'), env).map(show);
    expect(needed).toEqual(expect.arrayContaining(['Deployment/worker > StatefulSet/master TCP/7177', 'StatefulSet/master > Deployment/worker TCP/35000']));
    expect(networkFindings(docs('35000'), env)).toEqual([]);
    expect(networkFindings(docs(), env)).toEqual(['Deployment/worker (namespace spark): the worker port is random (SPARK_WORKER_PORT unset): a NetworkPolicy cannot admit master → worker']);
  });
});

describe('networkFindings', () => {
  test('end to end: a Connect server with exact policies passes, coverage included', () => {
    expect(networkFindings([...connectServer(), ...exactPolicies()], ENV, { requireCoverage: true })).toEqual([]);
  });

  test('fails: a missing DNS egress rule is insufficient', () => {
    const docs = [...connectServer(), ...exactPolicies().filter((p) => p.metadata.name !== 'dns')];
    const findings = networkFindings(docs, ENV);
    expect(findings).toContain('needed but denied: Deployment/bi (namespace analytics) → cluster DNS (namespace kube-system) on UDP 53 (name resolution): no egress rule of analytics/default-deny, analytics/server admits it');
    expect(findings).toContain('needed but denied: Deployment/bi [executor] (namespace analytics) → cluster DNS (namespace kube-system) on TCP 53 (name resolution): no egress rule of analytics/default-deny, analytics/executors admits it');
    expect(findings.filter((f) => f.startsWith('needed but denied'))).toHaveLength(4);
  });

  test('fails: the executors cannot reach the server when its ingress misses the block manager port', () => {
    const docs = [...connectServer(), ...withPolicy('server', (spec) => spec.ingress[0].ports = [{ port: 7078 }])];
    expect(networkFindings(docs, ENV)).toEqual([
      'needed but denied: Deployment/bi [executor] (namespace analytics) → Deployment/bi (namespace analytics) on TCP 7079 (executor → driver block manager (spark.driver.blockManager.port)): no ingress rule of analytics/default-deny, analytics/server admits it',
    ]);
  });

  test('fails: an over-broad rule (empty from) is not minimal', () => {
    const docs = [...connectServer(), ...withPolicy('server', (spec) => delete spec.ingress[1].from)];
    const findings = networkFindings(docs, ENV);
    expect(findings).toContain('allowed but not needed: probe pod (namespace probe-elsewhere) → Deployment/bi (namespace analytics) on TCP 15002 (admitted by analytics/server)');
    expect(findings).toContain('allowed but not needed: external address 203.0.113.7 → Deployment/bi (namespace analytics) on TCP 15002 (admitted by analytics/server)');
    expect(findings).toContain('allowed but not needed: probe pod (namespace analytics) → Deployment/bi (namespace analytics) on TCP 15002 (admitted by analytics/server)');
    // The executors' own egress policy still keeps them off the gRPC port.
    expect(findings.some((f) => f.startsWith('allowed but not needed: Deployment/bi [executor]'))).toBe(false);
    expect(findings.every((f) => f.startsWith('allowed but not needed'))).toBe(true);
  });

  test('fails: a rule for a whole namespace admits more than the declared client, an egress CIDR more than the API server', () => {
    const docs = [...connectServer(), ...withPolicy('server', (spec) => {
      delete spec.ingress[1].from[0].podSelector;
      spec.egress[1].to[0].ipBlock.cidr = '10.0.0.0/30';
    })];
    expect(networkFindings(docs, ENV)).toEqual([
      'allowed but not needed: Deployment/bi (namespace analytics) → probe address 10.0.0.0 on TCP 6443 (admitted by analytics/server)',
      'allowed but not needed: probe pod (namespace clients) → Deployment/bi (namespace analytics) on TCP 15002 (admitted by analytics/server)',
    ]);
    // Declared as the whole namespace, the client makes that rule exact.
    const wholeNamespace: NetworkEnv = { ...ENV, clients: [{ ...ENV.clients![0], from: pod('clients', {}, 'any client') }] };
    expect(networkFindings(docs, wholeNamespace).filter((f) => f.includes('clients'))).toEqual([]);
  });

  test('fails: a declared client the policies do not admit, and one that matches no pod', () => {
    const env: NetworkEnv = {
      ...ENV,
      clients: [...ENV.clients!, { from: { ip: '198.51.100.1', source: 'VPN' }, to: { namespace: NS, labels: SERVER_LABELS }, port: 4040 }, { from: CLIENT, to: { namespace: NS, labels: { app: 'nope' } }, port: 80 }],
    };
    const findings = networkFindings([...connectServer(), ...exactPolicies()], env);
    expect(findings).toEqual([
      'client BI dashboard (namespace clients) → analytics {"app":"nope"}: no pod of the documents matches',
      'needed but denied: VPN 198.51.100.1 → Deployment/bi (namespace analytics) on TCP 4040 (a declared client): no ingress rule of analytics/default-deny, analytics/server admits it',
    ]);
  });

  test('fails: random driver and block manager ports are reported, and requireCoverage reports pods no policy selects', () => {
    const docs = connectServer().map((d) => (d.kind === 'ConfigMap'
      ? { ...d, data: { ...d.data, 'spark-defaults.conf': d.data['spark-defaults.conf'].split('\n').filter((l: string) => !/port/.test(l)).join('\n') } }
      : d));
    expect(networkFindings(docs, ENV, { requireCoverage: true })).toEqual([
      'Deployment/bi: the driver port is random (spark.driver.port unset in client mode): a NetworkPolicy cannot admit executor → driver',
      'Deployment/bi: the driver block manager port is random (spark.driver.blockManager.port and spark.blockManager.port unset in client mode): a NetworkPolicy cannot admit it',
      'Deployment/bi: executor block manager port is random: a NetworkPolicy cannot admit it; set spark.blockManager.port',
      'Deployment/bi (namespace analytics) is not covered by any NetworkPolicy',
      'Deployment/bi [executor] (namespace analytics) is not covered by any NetworkPolicy',
    ]);
  });

  test('stays fast on 50 applications with their policies', () => {
    const docs = Array.from({ length: 50 }, (_, i) => [...connectServer([], `ns-${i}`), ...exactPolicies(`ns-${i}`)]).flat();
    const start = Date.now();
    const findings = networkFindings(docs, { ...ENV, clients: [] });
    expect(Date.now() - start).toBeLessThan(5000);
    expect(findings).toEqual([]);
  });
});
