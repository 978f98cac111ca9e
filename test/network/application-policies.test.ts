import { Chart } from 'cdk8s';
import { Secret } from 'cdk8s-plus-28';
import {
  apache, ApplicationFile, NetworkPeer, S3a, ScheduledSparkApplication, SparkApplication, SparkConnect, SparkConnectServer,
  SparkJobNamespace, SparkNetworkOptions, SparkSubmitJob, SparkVersion, SecurityOptOut,
} from '../../src';
import { findObject, findObjects, synthChartValid } from '../harness';
import { chartErrorOf } from '../harness/expect-error';
import { ClientAccess, networkFindings, NetworkEnv } from '../harness/network';

/** The cluster as the tests see it: the API server's endpoint, an object store. */
const NETWORK: SparkNetworkOptions = {
  apiServer: { cidrs: ['10.0.0.10/32'], ports: [6443] },
  objectStorage: [{ cidrs: ['52.216.0.0/15'], ports: [443] }],
  packageRepositories: [{ cidrs: ['151.101.0.0/16'], ports: [443] }],
};
const ENV: NetworkEnv = {
  apiServer: { ips: ['10.0.0.10'], port: 6443 },
  objectStorage: [{ ips: ['52.216.8.1'], port: 443, cidrs: ['52.216.0.0/15'] }],
  packageRepositories: [{ ips: ['151.101.0.209'], port: 443, cidrs: ['151.101.0.0/16'] }],
};
const MAIN = { mainApplicationFile: ApplicationFile.fromImagePath('/opt/spark/examples/jars/spark-examples.jar'), mainClass: 'org.apache.spark.examples.SparkPi' };
const DNS = {
  to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
  ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }],
};
const API = { to: [{ ipBlock: { cidr: '10.0.0.10/32' } }], ports: [{ protocol: 'TCP', port: 6443 }] };
const STORAGE = { to: [{ ipBlock: { cidr: '52.216.0.0/15' } }], ports: [{ protocol: 'TCP', port: 443 }] };

function labels(kind: string, name: string, role: string): { [key: string]: string } {
  return { 'spark.cdk8s.io/kind': kind, 'spark.cdk8s.io/name': name, 'spark.cdk8s.io/role': role };
}

function team(chart: Chart): SparkJobNamespace {
  return new SparkJobNamespace(chart, 'Team', { namespace: 'spark-jobs', network: NETWORK });
}

describe('NetworkPolicies of Spark applications', () => {
  test('a SparkApplication in a team namespace: exactly what Spark needs, ports pinned, pods labelled', () => {
    const docs = synthChartValid((chart) => {
      new SparkApplication(chart, 'Pi', { ...MAIN, name: 'pi', jobNamespace: team(chart), arguments: ['s3a://data/in'] });
    });
    const driver = labels('SparkApplication', 'pi', 'driver');
    const executor = labels('SparkApplication', 'pi', 'executor');
    const tcp = (port: number) => ({ protocol: 'TCP', port });
    expect(findObject(docs, 'NetworkPolicy', 'pi-driver').spec).toEqual({
      podSelector: { matchLabels: driver },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ from: [{ podSelector: { matchLabels: executor } }], ports: [tcp(7078), tcp(7079)] }],
      egress: [DNS, API, STORAGE, { to: [{ podSelector: { matchLabels: executor } }], ports: [tcp(7079)] }],
    });
    expect(findObject(docs, 'NetworkPolicy', 'pi-executors').spec).toEqual({
      podSelector: { matchLabels: executor },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ from: [{ podSelector: { matchLabels: driver } }, { podSelector: { matchLabels: executor } }], ports: [tcp(7079)] }],
      egress: [DNS, STORAGE, { to: [{ podSelector: { matchLabels: driver } }], ports: [tcp(7078), tcp(7079)] }, { to: [{ podSelector: { matchLabels: executor } }], ports: [tcp(7079)] }],
    });
    const conf = findObject(docs, 'SparkApplication').spec.sparkConf;
    expect(conf).toMatchObject({
      'spark.driver.port': '7078',
      'spark.driver.blockManager.port': '7079',
      'spark.blockManager.port': '7079',
      'spark.ui.port': '4040',
      'spark.kubernetes.driver.label.spark.cdk8s.io/role': 'driver',
      'spark.kubernetes.executor.label.spark.cdk8s.io/role': 'executor',
    });
    expect(findObject(docs, 'NetworkPolicy', 'default-deny').spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    expect(networkFindings(docs, ENV, { requireCoverage: true })).toEqual([]);
  });

  test('without object storage in use, no pod reaches it', () => {
    const docs = synthChartValid((chart) => {
      new SparkApplication(chart, 'Pi', { ...MAIN, name: 'pi', jobNamespace: team(chart) });
    });
    expect(JSON.stringify(findObjects(docs, 'NetworkPolicy'))).not.toContain('52.216.0.0/15');
    expect(networkFindings(docs, { ...ENV, objectStorage: [] }, { requireCoverage: true })).toEqual([]);
  });

  test.each<[string, (chart: Chart, jobNamespace: SparkJobNamespace) => void]>([
    ['a ScheduledSparkApplication', (chart, jobNamespace) => new ScheduledSparkApplication(chart, 'Nightly', { ...MAIN, name: 'nightly', schedule: '0 2 * * *', jobNamespace })],
    ['an Apache SparkApplication', (chart, jobNamespace) => new apache.SparkApplication(chart, 'Pi', { ...MAIN, name: 'pi', jobNamespace, sparkVersion: SparkVersion.V4_0_4 })],
    ['a SparkSubmitJob', (chart, jobNamespace) => new SparkSubmitJob(chart, 'Pi', { ...MAIN, name: 'pi', jobNamespace, eventLog: undefined })],
    ['a SparkApplication with S3A and an event log', (chart, jobNamespace) => new SparkApplication(chart, 'Etl', {
      ...MAIN, name: 'etl', jobNamespace, s3a: new S3a({ credentials: Secret.fromSecretName(chart, 'S3', 's3-credentials') }),
    })],
  ])('%s in a team namespace: sufficient and minimal, every pod covered', (_what, build) => {
    const docs = synthChartValid((chart) => build(chart, team(chart)));
    expect(networkFindings(docs, ENV, { requireCoverage: true })).toEqual([]);
  });

  test('a SparkSubmitJob\'s submitter reaches only DNS and the API server', () => {
    const docs = synthChartValid((chart) => {
      new SparkSubmitJob(chart, 'Pi', { ...MAIN, name: 'pi', jobNamespace: team(chart) });
    });
    const submitter = findObject(docs, 'NetworkPolicy', 'pi-submitter');
    expect(submitter.spec).toEqual({ podSelector: { matchLabels: labels('SparkSubmitJob', 'pi', 'submitter') }, policyTypes: ['Ingress', 'Egress'], egress: [DNS, API] });
    expect(findObject(docs, 'Job').spec.template.metadata.labels).toMatchObject(labels('SparkSubmitJob', 'pi', 'submitter'));
  });

  test('Connect servers: clients reach gRPC, named peers the UI, executors the driver ports', () => {
    const docs = synthChartValid((chart) => {
      const jobNamespace = team(chart);
      const secret = Secret.fromSecretName(chart, 'Token', 'connect-token');
      const token = () => ({ secret, key: 'token' });
      new SparkConnectServer(chart, 'Server', {
        name: 'bi', jobNamespace, authenticationSecret: token(), allowFrom: [NetworkPeer.namespace('notebooks')], uiAllowFrom: [NetworkPeer.namespace('monitoring')],
      });
      new SparkConnect(chart, 'Operator', { name: 'bi-op', jobNamespace, authenticationSecret: token(), allowFrom: [NetworkPeer.podsInNamespace('notebooks', { app: 'jupyter' })] });
    });
    const clients: ClientAccess[] = [
      { from: { namespace: 'notebooks', labels: { app: 'jupyter' }, source: 'a notebook' }, to: { namespace: 'spark-jobs', labels: labels('SparkConnect', 'bi-op', 'driver') }, port: 15002 },
      { from: { namespace: 'notebooks', labels: {}, source: 'a notebook' }, to: { namespace: 'spark-jobs', labels: { 'app.kubernetes.io/instance': 'bi', 'spark-role': 'driver' } }, port: 15002 },
      { from: { namespace: 'monitoring', labels: {}, source: 'monitoring' }, to: { namespace: 'spark-jobs', labels: { 'app.kubernetes.io/instance': 'bi', 'spark-role': 'driver' } }, port: 4040 },
    ];
    expect(networkFindings(docs, { ...ENV, clients }, { requireCoverage: true })).toEqual([]);
    expect(findObject(docs, 'SparkConnect').spec.server.template.metadata.labels).toEqual(labels('SparkConnect', 'bi-op', 'driver'));
  });

  test('without the cluster\'s network facts nothing changes: no policy, no pinned port, no label', () => {
    const docs = synthChartValid((chart) => {
      new SparkApplication(chart, 'Pi', { ...MAIN, name: 'pi' });
    });
    expect(findObjects(docs, 'NetworkPolicy')).toEqual([]);
    expect(JSON.stringify(docs)).not.toContain('spark.cdk8s.io/');
    expect(findObject(docs, 'SparkApplication').spec.sparkConf?.['spark.blockManager.port']).toBeUndefined();
  });
});

describe('bad network input (exact messages)', () => {
  const app = (network: any, extra: any = {}) => chartErrorOf((chart) => new SparkApplication(chart, 'Pi', { ...MAIN, name: 'pi', network, ...extra }));
  test.each<[string, any, string]>([
    ['a CIDR that is not one', { apiServer: { cidrs: ['10.0.0.300/32'], ports: [443] } },
      '\'network.apiServer.cidrs[0]\' is not a CIDR (an IPv4 or IPv6 address, \'/\' and a prefix length), got \'10.0.0.300/32\'; write e.g. \'10.0.0.0/16\', \'10.0.0.10/32\' or \'fd00::/64\''],
    ['an address without a prefix', { apiServer: { cidrs: ['10.0.0.10'], ports: [443] } },
      '\'network.apiServer.cidrs[0]\' is not a CIDR (an IPv4 or IPv6 address, \'/\' and a prefix length), got \'10.0.0.10\'; write e.g. \'10.0.0.0/16\', \'10.0.0.10/32\' or \'fd00::/64\''],
    ['host bits below the prefix', { apiServer: { cidrs: ['10.0.0.10/24'], ports: [443] } },
      '\'network.apiServer.cidrs[0]\' has host bits set below its prefix, got \'10.0.0.10/24\'; write \'10.0.0.0/24\' for the range or \'10.0.0.10/32\' for the one address'],
    ['IPv6 host bits', { apiServer: { cidrs: ['fd00::1/64'], ports: [443] } },
      '\'network.apiServer.cidrs[0]\' has host bits set below its prefix, got \'fd00::1/64\'; write \'fd00::/64\' for the range or \'fd00::1/128\' for the one address'],
    ['an egress rule with no ports', { apiServer: { cidrs: ['10.0.0.10/32'], ports: [] } },
      '\'network.apiServer.ports\' must name at least one port: a rule without ports admits every port, got []; list the ports, e.g. [443]'],
    ['object storage with no ports', { apiServer: { cidrs: ['10.0.0.10/32'], ports: [443] }, objectStorage: [{ cidrs: ['52.216.0.0/15'] }] },
      '\'network.objectStorage[0].ports\' must name at least one port: a rule without ports admits every port, got nothing; list the ports, e.g. [443]'],
    ['a port out of range', { apiServer: { cidrs: ['10.0.0.10/32'], ports: [70000] } },
      '\'network.apiServer.ports[0]\' must be a port number from 1 to 65535, got 70000; use e.g. 443'],
    ['no CIDRs', { apiServer: { cidrs: [], ports: [443] } },
      '\'network.apiServer.cidrs\' is empty, so the rule would admit no address (or, written out, every address), got []; name the CIDRs, e.g. [\'10.0.0.0/16\']'],
    ['an except outside the range', { apiServer: { cidrs: ['10.0.0.0/16'], except: ['10.1.0.0/24'], ports: [443] } },
      '\'network.apiServer.except[0]\' is not a smaller range inside any of ["10.0.0.0/16"] (the API server rejects such an except), got \'10.1.0.0/24\'; remove it, or list a sub-range of one of the CIDRs'],
    ['no API server', { objectStorage: [] },
      '\'network.apiServer\' must be set: drivers, submitters and the operator call the API server, and the operator\'s webhook is called from it, got nothing; pass the addresses and port of the \'kubernetes\' Service\'s endpoints (kubectl get endpointslices -n default -l kubernetes.io/service-name=kubernetes), e.g. { cidrs: [\'10.0.0.10/32\'], ports: [6443] }'],
  ])('%s', (_what, network, message) => {
    expect(app(network)).toBe(`[test/Pi] ${message}`);
  });

  test('packages to download, but no repository to download them from', () => {
    expect(chartErrorOf((chart) => new SparkApplication(chart, 'Pi', {
      ...MAIN, name: 'pi', network: { apiServer: NETWORK.apiServer }, deps: { packages: ['org.apache.spark:spark-avro_2.13:4.0.1'] },
    }))).toBe('[test/Pi] \'network.packageRepositories\' must name where the driver downloads its packages (org.apache.spark:spark-avro_2.13:4.0.1) at start-up: '
      + 'its NetworkPolicy admits no repository, got nothing; give the Maven repository\'s (or your proxy\'s) addresses and port, e.g. [{ cidrs: [\'151.101.0.0/16\'], ports: [443] }], '
      + 'or bake the packages into the image (for S3A: imageIncludesS3a: true)');
  });

  test('object storage in use, but none in the network facts (the policy would cut the pods off from it)', () => {
    expect(chartErrorOf((chart) => new SparkApplication(chart, 'Pi', { ...MAIN, name: 'pi', arguments: ['s3a://data/in'], network: { apiServer: NETWORK.apiServer } })))
      .toBe('[test/Pi] \'network.objectStorage\' must name the object store of \'s3a://data/in\': the NetworkPolicy admits object storage only where the network facts name it, got nothing; '
        + 'add its address ranges (or in-cluster pods) and ports to \'objectStorage\' of \'network\' (or of the job namespace\'s network)');
  });

  test('an in-cluster object store is reached by its pods, not by address; the API server only by address', () => {
    const minio = { peers: [NetworkPeer.podsInNamespace('storage', { app: 'minio' })], ports: [9000] };
    const docs = synthChartValid((chart) => {
      new SparkApplication(chart, 'Pi', { ...MAIN, name: 'pi', arguments: ['s3a://data/in'], network: { apiServer: NETWORK.apiServer, objectStorage: [minio] } });
    });
    expect(findObject(docs, 'NetworkPolicy', 'pi-executors').spec.egress[1]).toEqual({
      to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'storage' } }, podSelector: { matchLabels: { app: 'minio' } } }], ports: [{ protocol: 'TCP', port: 9000 }],
    });
    expect(networkFindings(docs, { ...ENV, objectStorage: [{ ips: [], port: 9000, pods: { namespace: 'storage', labels: { app: 'minio' } } }] }, { requireCoverage: true })).toEqual([]);
    expect(app({ apiServer: { peers: [NetworkPeer.namespace('kube-system')], ports: [443] } })).toBe('[test/Pi] \'network.apiServer.peers\' cannot name the API server: '
      + 'it is no pod, and NetworkPolicies see it by address, got [{"namespace":"kube-system"}]; give its endpoints\' addresses as \'cidrs\' instead');
    expect(app({ apiServer: { ports: [443] } })).toBe('[test/Pi] \'network.apiServer\' gives neither \'cidrs\' nor \'peers\', got nothing; give the addresses as \'cidrs\', or the pods in the cluster as \'peers\'');
  });

  test('an Apache SparkApplication that publishes a driver port names who reaches it', () => {
    const ingress = { name: 'pi-ui', ingress: { host: 'pi.example.com' } };
    const apacheApp = (extra: any) => chartErrorOf((chart) => new apache.SparkApplication(chart, 'Pi', {
      ...MAIN, name: 'pi', sparkVersion: SparkVersion.V4_0_4, driverServiceIngresses: [ingress], ...extra,
    }));
    expect(apacheApp({ network: NETWORK })).toBe('[test/Pi] \'allowFrom\' must name who reaches the driver ports the application serves (4040, from \'driverServiceIngresses\'): '
      + 'the driver\'s NetworkPolicy admits nobody else, got nothing; add the clients, or NetworkPeer.namespace(\'<namespace of the ingress controller or Gateway>\'), to \'allowFrom\'');
    expect(apacheApp({ allowFrom: [NetworkPeer.namespace('ingress-nginx')] })).toBe('[test/Pi] \'allowFrom\' needs NetworkPolicies, which need the cluster\'s network facts, '
      + 'got [{"namespace":"ingress-nginx"}]; pass \'network\' (or a jobNamespace created with \'network\'), or remove \'allowFrom\'');
    const docs = synthChartValid((chart) => new apache.SparkApplication(chart, 'Pi', {
      ...MAIN, name: 'pi', sparkVersion: SparkVersion.V4_0_4, driverServiceIngresses: [ingress], network: NETWORK, allowFrom: [NetworkPeer.namespace('ingress-nginx')],
    }));
    expect(findObject(docs, 'NetworkPolicy', 'pi-driver').spec.ingress[0]).toEqual({
      from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }], ports: [{ protocol: 'TCP', port: 4040 }],
    });
  });

  test.each<[string, any, string]>([
    ['a newline in a CIDR', { network: { apiServer: { cidrs: ['10.0.0.0/16\n10.1.0.0/16'], ports: [443] } } },
      '\'network.apiServer.cidrs[0]\' is not a CIDR (an IPv4 or IPv6 address, \'/\' and a prefix length), got \'10.0.0.0/16\n10.1.0.0/16\'; write e.g. \'10.0.0.0/16\', \'10.0.0.10/32\' or \'fd00::/64\''],
    ['shell in a CIDR', { network: { apiServer: { cidrs: ['10.0.0.0/16; rm -rf /'], ports: [443] } } },
      '\'network.apiServer.cidrs[0]\' is not a CIDR (an IPv4 or IPv6 address, \'/\' and a prefix length), got \'10.0.0.0/16; rm -rf /\'; write e.g. \'10.0.0.0/16\', \'10.0.0.10/32\' or \'fd00::/64\''],
    ['two CIDRs in one string', { network: { apiServer: { cidrs: ['10.0.0.0/16,10.1.0.0/16'], ports: [443] } } },
      '\'network.apiServer.cidrs[0]\' is not a CIDR (an IPv4 or IPv6 address, \'/\' and a prefix length), got \'10.0.0.0/16,10.1.0.0/16\'; write e.g. \'10.0.0.0/16\', \'10.0.0.10/32\' or \'fd00::/64\''],
    ['a newline in a peer namespace', { network: NETWORK, uiAllowFrom: [NetworkPeer.namespace('mon\nitoring')] },
      '\'uiAllowFrom[0].namespace\' must be a DNS-1123 label (at most 63 lower-case letters, digits and \'-\', starting and ending with a letter or digit), got \'mon\nitoring\'; use a name such as \'mon-itoring\''],
    ['a secret in a peer label', { network: NETWORK, uiAllowFrom: [NetworkPeer.pods({ token: 'AKIAIOSFODNN7EXAMPLE' })] },
      '\'uiAllowFrom[0].labels.token\' holds an AWS access key id, which would be stored in clear in Git and in the cluster, got \'<redacted>\'; '
      + 'keep it in a Kubernetes Secret and pass it by reference (an environment variable from the Secret, or a mounted file)'],
    ['a separator in a DNS pod label', { network: { apiServer: NETWORK.apiServer, dns: { namespace: 'kube-system', podLabels: { app: 'dns;x' } } } },
      '\'network.dns.podLabels.app\' must be a label value (at most 63 letters, digits, \'-\', \'_\' or \'.\', starting and ending with a letter or digit), got \'dns;x\'; put longer or free-form text in an annotation'],
  ])('hostile strings: %s', (_what, props, message) => {
    expect(chartErrorOf((chart) => new SparkApplication(chart, 'Pi', { ...MAIN, name: 'pi', ...props }))).toBe(`[test/Pi] ${message}`);
  });

  test('a UI allow list without the network facts', () => {
    expect(app(undefined, { uiAllowFrom: [NetworkPeer.namespace('monitoring')] })).toBe('[test/Pi] \'uiAllowFrom\' needs NetworkPolicies, which need the cluster\'s network facts, got [{"namespace":"monitoring"}]; '
      + 'pass \'network\' (or a jobNamespace created with \'network\'), or remove \'uiAllowFrom\'');
  });

  test('an empty UI allow list', () => {
    expect(app(NETWORK, { uiAllowFrom: [] })).toBe('[test/Pi] \'uiAllowFrom\' is empty, and a NetworkPolicy rule without peers admits every source, got []; '
      + 'name who may see the UI (NetworkPeer.namespace(name), .pods(labels)), or remove it to keep the UI closed');
  });

  test('a peer CIDR with an except outside it', () => {
    expect(app(NETWORK, { uiAllowFrom: [NetworkPeer.cidr('10.20.0.0/16', ['10.30.0.0/24'])] })).toBe('[test/Pi] \'uiAllowFrom[0].except[0]\' is not a smaller range inside \'10.20.0.0/16\' '
      + '(the API server rejects such an except), got \'10.30.0.0/24\'; remove it, or list a sub-range of the CIDR');
  });

  test('a SparkConnect allow list without the network facts', () => {
    expect(chartErrorOf((chart) => new SparkConnect(chart, 'C', { name: 'c', allowFrom: [NetworkPeer.namespace('notebooks')], securityOptOuts: [SecurityOptOut.UNAUTHENTICATED_CONNECT] })))
      .toBe('[test/C] \'allowFrom\' needs NetworkPolicies, which need the cluster\'s network facts, got [{"namespace":"notebooks"}]; pass \'network\' (or a jobNamespace created with \'network\'), or remove \'allowFrom\'');
  });

  test('a port a user sets raw clashes with the pinned one', () => {
    expect(app(NETWORK, { sparkConf: { 'spark.blockManager.port': '0' } })).toBe('[test/Pi] \'sparkConf.spark.blockManager.port\' sets \'spark.blockManager.port\', which \'network\' owns, got \'0\'; remove it and use \'network\'');
  });
});
