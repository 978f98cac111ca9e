import { Chart, Size } from 'cdk8s';
import { Cpu, k8s, PersistentVolumeClaim } from 'cdk8s-plus-28';
import { EventLog, NetworkPeer, SparkHistoryServer, SparkHistoryServerProps, SparkJobNamespace, SparkNetworkOptions, SparkVolume } from '../../src';
import { findObject, findObjects, synthChartValid } from '../harness';
import { chartErrorOf } from '../harness/expect-error';
import { networkFindings, NetworkEnv } from '../harness/network';

/** The cluster as the tests see it: the API server's endpoint, an object store. */
const NETWORK: SparkNetworkOptions = {
  apiServer: { cidrs: ['10.0.0.10/32'], ports: [6443] },
  objectStorage: [{ cidrs: ['52.216.0.0/15'], ports: [443] }],
};
const ENV: NetworkEnv = { apiServer: { ips: ['10.0.0.10'], port: 6443 }, objectStorage: [{ ips: ['52.216.8.1'], port: 443, cidrs: ['52.216.0.0/15'] }] };
const LOGS = EventLog.toUrl('s3a://spark-logs/events');
/** An image that carries S3A, so the server downloads nothing at start. */
const S3A_IMAGE = { imageIncludesS3a: true, image: 'registry.example.com/spark:4.0.4-s3a' };
const LABELS = { 'spark.cdk8s.io/kind': 'SparkHistoryServer', 'spark.cdk8s.io/name': 'history', 'spark.cdk8s.io/role': 'history-server' };
const DNS = {
  to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
  ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }],
};
const STORAGE = { to: [{ ipBlock: { cidr: '52.216.0.0/15' } }], ports: [{ protocol: 'TCP', port: 443 }] };
const MONITORING = { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } };

function server(props: Partial<SparkHistoryServerProps> = {}): any[] {
  return synthChartValid((chart) => {
    new SparkHistoryServer(chart, 'History', { name: 'history', eventLog: LOGS, network: NETWORK, ...S3A_IMAGE, ...props });
  });
}

function errorWith(props: Partial<SparkHistoryServerProps>): string {
  return chartErrorOf((chart) => {
    new SparkHistoryServer(chart, 'History', { name: 'history', eventLog: LOGS, network: NETWORK, ...S3A_IMAGE, ...props });
  });
}

function team(chart: Chart, quota?: { cpu: number; memory: Size }): SparkJobNamespace {
  return new SparkJobNamespace(chart, 'Team', { namespace: 'spark-jobs', network: NETWORK, quota });
}

describe('SparkHistoryServer NetworkPolicy', () => {
  test('with network: the pod template carries the role labels, the selector does not change, and one policy admits only uiAllowFrom', () => {
    const docs = server({ uiAllowFrom: [NetworkPeer.namespace('monitoring')] });
    const deployment = findObject(docs, 'Deployment', 'history');
    expect(deployment.spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'spark-history-server', 'app.kubernetes.io/instance': 'history' });
    expect(deployment.spec.template.metadata.labels).toEqual({ ...deployment.spec.selector.matchLabels, ...LABELS });
    expect(findObject(docs, 'NetworkPolicy', 'history')).toEqual({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'history', namespace: 'spark-jobs' },
      spec: {
        podSelector: { matchLabels: LABELS },
        policyTypes: ['Ingress', 'Egress'],
        ingress: [{ from: [MONITORING], ports: [{ protocol: 'TCP', port: 18080 }] }],
        // No API server: the pod mounts no token and calls no Kubernetes API.
        egress: [DNS, STORAGE],
      },
    });
    expect(deployment.spec.template.spec.automountServiceAccountToken).toBe(false);
  });

  test('the UI port of the policy is the one the server is configured with', () => {
    const docs = server({ uiAllowFrom: [NetworkPeer.pods({ app: 'grafana' })] });
    const conf: string = findObject(docs, 'ConfigMap', 'history-conf').data['spark-defaults.conf'];
    expect(conf).toContain(`spark.history.ui.port ${SparkHistoryServer.PORT}`);
    expect(findObject(docs, 'NetworkPolicy', 'history').spec.ingress).toEqual([
      { from: [{ podSelector: { matchLabels: { app: 'grafana' } } }], ports: [{ protocol: 'TCP', port: SparkHistoryServer.PORT }] },
    ]);
  });

  test('without uiAllowFrom nobody reaches the server through the network', () => {
    const spec = findObject(server(), 'NetworkPolicy', 'history').spec;
    expect(spec.ingress).toBeUndefined();
    expect(spec.policyTypes).toEqual(['Ingress', 'Egress']);
  });

  test('an event log on a volume reaches no object store', () => {
    const docs = synthChartValid((chart) => {
      const pvc = PersistentVolumeClaim.fromClaimName(chart, 'Claim', 'spark-events');
      new SparkHistoryServer(chart, 'History', { name: 'history', network: NETWORK, eventLog: EventLog.onVolume(SparkVolume.fromPersistentVolumeClaim(pvc)) });
    });
    expect(findObject(docs, 'NetworkPolicy', 'history').spec.egress).toEqual([DNS]);
  });

  test('packages (hadoop-aws on the stock image) reach the package repositories, where spark-submit resolves them before the server starts', () => {
    const docs = synthChartValid((chart) => {
      new SparkHistoryServer(chart, 'History', {
        name: 'history', eventLog: LOGS, network: { ...NETWORK, packageRepositories: [{ cidrs: ['151.101.0.0/16'], ports: [443] }] },
      });
    });
    expect(findObject(docs, 'NetworkPolicy', 'history').spec.egress).toEqual([DNS, STORAGE, { to: [{ ipBlock: { cidr: '151.101.0.0/16' } }], ports: [{ protocol: 'TCP', port: 443 }] }]);
  });

  test('in a team namespace: its network applies, sufficient and minimal, the pod covered', () => {
    const docs = synthChartValid((chart) => {
      new SparkHistoryServer(chart, 'History', { name: 'history', eventLog: LOGS, jobNamespace: team(chart), ...S3A_IMAGE, uiAllowFrom: [NetworkPeer.namespace('monitoring')] });
    });
    expect(findObjects(docs, 'NetworkPolicy').map((p) => p.metadata.name)).toEqual(['default-deny', 'history']);
    const clients = [{ from: { namespace: 'monitoring', labels: {}, source: 'Prometheus' }, to: { namespace: 'spark-jobs', labels: LABELS }, port: 'http' }];
    expect(networkFindings(docs, { ...ENV, clients }, { requireCoverage: true })).toEqual([]);
  });

  test('with an Ingress, uiAllowFrom names the ingress controller', () => {
    const docs = server({ ingress: { host: 'spark-history.example.com' }, uiAllowFrom: [NetworkPeer.namespace('ingress-nginx')] });
    expect(findObject(docs, 'NetworkPolicy', 'history').spec.ingress[0].from).toEqual([{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }]);
  });

  test('without network nothing changes: no policy, no role label', () => {
    const docs = synthChartValid((chart) => {
      new SparkHistoryServer(chart, 'History', { name: 'history', eventLog: LOGS });
    });
    expect(findObjects(docs, 'NetworkPolicy')).toEqual([]);
    const deployment = findObject(docs, 'Deployment', 'history');
    expect(deployment.spec.template.metadata.labels).toEqual(deployment.spec.selector.matchLabels);
  });

  describe('fails', () => {
    test('fails with uiAllowFrom but no network', () => {
      expect(errorWith({ network: undefined, uiAllowFrom: [NetworkPeer.namespace('monitoring')] })).toBe(
        '[test/History] \'uiAllowFrom\' needs NetworkPolicies, which need the cluster\'s network facts, got [{"namespace":"monitoring"}]; pass \'network\' (or a jobNamespace created with \'network\'), or remove \'uiAllowFrom\'');
    });

    test('fails with an empty uiAllowFrom', () => {
      expect(errorWith({ uiAllowFrom: [] })).toBe(
        '[test/History] \'uiAllowFrom\' is empty, and a NetworkPolicy rule without peers admits every source, got []; name who may see the UI (NetworkPeer.namespace(name), .pods(labels)), or remove it to keep the UI closed');
    });

    test('fails with an Ingress whose controller the policy does not admit', () => {
      expect(errorWith({ ingress: { host: 'spark-history.example.com' } })).toBe(
        '[test/History] \'uiAllowFrom\' must admit the ingress controller when \'ingress\' is set: with NetworkPolicies nobody reaches the UI by default, got nothing; add NetworkPeer.namespace(\'<namespace of the ingress controller>\') to \'uiAllowFrom\'');
    });

    test('fails with an event log on HDFS, which the network facts cannot name', () => {
      expect(errorWith({ eventLog: EventLog.toUrl('hdfs://namenode:8020/spark-events') })).toBe(
        '[test/History] \'eventLog\' must not be on HDFS with NetworkPolicies: the cluster\'s network facts name no HDFS NameNode or DataNodes, so the server could not read it, got \'hdfs://namenode:8020/spark-events\'; use an object store (EventLog.toUrl(\'s3a://bucket/spark-events\')) or a volume, or leave \'network\' unset');
    });

    test('fails with an event log on an object store the network facts do not name', () => {
      expect(errorWith({ network: { apiServer: NETWORK.apiServer } })).toBe(
        '[test/History] \'network.objectStorage\' must name the object store of the event log \'s3a://spark-logs/events\': the NetworkPolicy admits object storage only where the network facts name it, got nothing; add its address ranges (or in-cluster pods) and ports to \'objectStorage\' of \'network\' (or of the job namespace\'s network)');
    });

    test('fails with packages to download but no package repository', () => {
      expect(errorWith({ imageIncludesS3a: undefined, image: undefined })).toBe(
        '[test/History] \'network.packageRepositories\' must name where the server downloads its packages (org.apache.hadoop:hadoop-aws:3.4.1) at start-up: its NetworkPolicy admits no repository, got nothing; give the Maven repository\'s (or your proxy\'s) addresses and port, e.g. [{ cidrs: [\'151.101.0.0/16\'], ports: [443] }], or bake the packages into the image (for S3A: imageIncludesS3a: true)');
    });

    test('fails with a namespace other than its job namespace\'s', () => {
      expect(chartErrorOf((chart) => new SparkHistoryServer(chart, 'History', { name: 'history', eventLog: LOGS, namespace: 'other', jobNamespace: team(chart), ...S3A_IMAGE }))).toBe(
        '[test/History] \'namespace\' must match the job namespace \'spark-jobs\', got \'other\'; remove \'namespace\' or pass the matching job namespace');
    });

    test('fails with a job namespace that is a string', () => {
      expect(errorWith({ jobNamespace: 'spark-jobs' as any })).toBe(
        '[test/History] \'jobNamespace\' must be a job namespace (ISparkJobNamespace), got \'spark-jobs\'; use SparkJobNamespace.fromNamespaceName(this, \'Jobs\', \'spark-jobs\', \'spark-driver\')');
    });

    test('fails at synth in a default-deny namespace it was not given as jobNamespace', () => {
      expect(chartErrorOf((chart) => {
        team(chart);
        new SparkHistoryServer(chart, 'History', { name: 'history', eventLog: LOGS });
      })).toBe('Validation failed with the following errors:\n  [test/Team] \'network\' denies all traffic in \'spark-jobs\' by default, but SparkHistoryServer test/History placed there has no NetworkPolicies of its own, so it would be cut off, got \'<cluster network>\'; pass this namespace to it as \'jobNamespace\' (or give it \'network\')');
    });
  });
});

describe('SparkHistoryServer budget', () => {
  test('its pod as Kubernetes counts it: the log-directory init container, with the server\'s resources, does not add up', () => {
    let rows: any[] = [];
    synthChartValid((chart) => {
      const jobNamespace = team(chart, { cpu: 4, memory: Size.gibibytes(8) });
      new SparkHistoryServer(chart, 'History', { name: 'history', eventLog: LOGS, jobNamespace, ...S3A_IMAGE });
      rows = jobNamespace.budgetTable();
    });
    expect(rows).toEqual([{ workload: 'test/History', kind: 'SparkHistoryServer', name: 'history', cpu: 0.5, memoryMebibytes: 1408 }]);
  });

  test('sidecars add up with the server; the largest init container counts when it is larger than all of them', () => {
    let rows: any[] = [];
    const q = (text: string) => k8s.Quantity.fromString(text);
    const resources = (cpu: string, memory: string) => ({ requests: { cpu: q(cpu), memory: q(memory) }, limits: { memory: q(memory) } });
    synthChartValid((chart) => {
      const jobNamespace = team(chart, { cpu: 4, memory: Size.gibibytes(8) });
      new SparkHistoryServer(chart, 'History', {
        name: 'history',
        eventLog: LOGS,
        jobNamespace,
        ...S3A_IMAGE,
        coreRequest: Cpu.millis(250),
        pod: {
          sidecars: [{ name: 'log-shipper', image: 'registry.example.com/shipper:1.0', resources: resources('100m', '128Mi') }],
          initContainers: [{ name: 'warm-cache', image: 'registry.example.com/warm:1.0', resources: resources('2', '1Gi') }],
        },
      });
      rows = jobNamespace.budgetTable();
    });
    // CPU: max(250m + 100m, 2 cores, 250m) = 2; memory: max(1408Mi + 128Mi, 1Gi, 1408Mi) = 1536Mi.
    expect(rows).toEqual([{ workload: 'test/History', kind: 'SparkHistoryServer', name: 'history', cpu: 2, memoryMebibytes: 1536 }]);
  });
});
