import { Chart, Size } from 'cdk8s';
import { Secret } from 'cdk8s-plus-28';
import {
  ApplicationFile, NetworkPeer, SecurityOptOut, SparkJobNamespace, SparkNetworkOptions, SparkStandaloneCluster, SparkStandaloneClusterProps, SparkSubmitJob,
} from '../../src';
import { findObject, findObjects, synthChartValid } from '../harness';
import { chartErrorOf } from '../harness/expect-error';
import { ClientAccess, networkFindings, NetworkEnv } from '../harness/network';

const NETWORK: SparkNetworkOptions = {
  apiServer: { cidrs: ['10.0.0.10/32'], ports: [6443] },
  objectStorage: [{ cidrs: ['52.216.0.0/15'], ports: [443] }],
};
const ENV: NetworkEnv = { apiServer: { ips: ['10.0.0.10'], port: 6443 } };
const PI = { mainApplicationFile: ApplicationFile.fromImagePath('/opt/spark/examples/jars/spark-examples.jar'), mainClass: 'org.apache.spark.examples.SparkPi' };
const auth = (chart: Chart) => ({ secret: Secret.fromSecretName(chart, 'Auth', 'spark-auth'), key: 'secret' });

const role = (r: string) => ({ 'spark.cdk8s.io/kind': 'SparkStandaloneCluster', 'spark.cdk8s.io/name': 'spark', 'spark.cdk8s.io/role': r });
const CLIENT_LABELS = { 'spark.cdk8s.io/standalone-cluster': 'spark', 'spark.cdk8s.io/standalone-cluster-namespace': 'spark-jobs' };
const MASTER = { podSelector: { matchLabels: role('master') } };
const WORKERS = { podSelector: { matchLabels: role('worker') } };
const CLIENTS = { namespaceSelector: {}, podSelector: { matchLabels: CLIENT_LABELS } };
const MONITORING = { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } };
const DNS = {
  to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
  ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }],
};
const STORAGE = { to: [{ ipBlock: { cidr: '52.216.0.0/15' } }], ports: [{ protocol: 'TCP', port: 443 }] };
const tcp = (port: number) => ({ protocol: 'TCP', port });
/** Every TCP port (standalone executors bind block managers on ports their application leaves to Spark). */
const ALL_TCP = [{ protocol: 'TCP' }];

function cluster(props: SparkStandaloneClusterProps = {}): any[] {
  return synthChartValid((chart) => {
    new SparkStandaloneCluster(chart, 'Cluster', { name: 'spark', authenticationSecret: auth(chart), network: NETWORK, ...props });
  });
}

function errorWith(props: SparkStandaloneClusterProps | ((chart: Chart) => SparkStandaloneClusterProps)): string {
  return chartErrorOf((chart) => {
    new SparkStandaloneCluster(chart, 'Cluster', { name: 'spark', authenticationSecret: auth(chart), network: NETWORK, ...(typeof props === 'function' ? props(chart) : props) });
  });
}

const template = (docs: any[], kind: string, name: string) => findObject(docs, kind, name).spec.template;

describe('SparkStandaloneCluster NetworkPolicies', () => {
  test('with network: role labels on the pod templates only, the worker port pinned, and exactly what Spark needs', () => {
    const docs = cluster({ uiAllowFrom: [NetworkPeer.namespace('monitoring')] });
    const master = findObject(docs, 'StatefulSet', 'spark-master');
    const workers = findObject(docs, 'Deployment', 'spark-worker');
    expect(master.spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'spark-standalone', 'app.kubernetes.io/instance': 'spark', 'app.kubernetes.io/component': 'master' });
    expect(master.spec.template.metadata.labels).toEqual({ ...master.spec.selector.matchLabels, ...role('master') });
    expect(workers.spec.selector.matchLabels['app.kubernetes.io/component']).toBe('worker');
    expect(workers.spec.template.metadata.labels).toEqual({ ...workers.spec.selector.matchLabels, ...role('worker') });
    const worker = workers.spec.template.spec.containers[0];
    expect(worker.env).toContainEqual({ name: 'SPARK_WORKER_PORT', value: '7078' });
    expect(worker.ports).toContainEqual({ name: 'rpc', containerPort: SparkStandaloneCluster.WORKER_PORT, protocol: 'TCP' });

    expect(findObject(docs, 'NetworkPolicy', 'spark-master').spec).toEqual({
      podSelector: { matchLabels: role('master') },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [
        { from: [WORKERS, CLIENTS], ports: [tcp(7077)] },
        { from: [MONITORING], ports: [tcp(8080)] },
      ],
      // The master sends workers their orders on their RPC port, and drivers their executors on the driver's port (any: the application's).
      egress: [DNS, { to: [WORKERS], ports: [tcp(7078)] }, { to: [CLIENTS], ports: ALL_TCP }],
    });
    expect(findObject(docs, 'NetworkPolicy', 'spark-worker').spec).toEqual({
      podSelector: { matchLabels: role('worker') },
      policyTypes: ['Ingress', 'Egress'],
      // Executors run in the workers on block-manager ports their application chooses: drivers and workers reach every port.
      ingress: [
        { from: [MASTER], ports: [tcp(7078)] },
        { from: [WORKERS, CLIENTS], ports: ALL_TCP },
        { from: [MONITORING], ports: [tcp(8081)] },
      ],
      egress: [DNS, STORAGE, { to: [MASTER], ports: [tcp(7077)] }, { to: [WORKERS, CLIENTS], ports: ALL_TCP }],
    });
  });

  test('clients are the pods carrying clientPodLabels, which a SparkSubmitJob using the cluster puts on its driver', () => {
    let clientPodLabels: { [key: string]: string } | undefined;
    const docs = synthChartValid((chart) => {
      const c = new SparkStandaloneCluster(chart, 'Cluster', { name: 'spark', authenticationSecret: auth(chart), network: NETWORK });
      clientPodLabels = c.clientPodLabels;
      new SparkSubmitJob(chart, 'Pi', { ...PI, name: 'pi', master: c, network: NETWORK });
    });
    expect(clientPodLabels).toEqual(CLIENT_LABELS);
    expect(template(docs, 'Job', 'pi').metadata.labels).toMatchObject(CLIENT_LABELS);
  });

  test('with the REST server: clients reach it, and the master reaches the workers on every port (cluster-mode drivers run there)', () => {
    const docs = cluster({ restServer: true, securityOptOuts: [SecurityOptOut.STANDALONE_REST_SERVER] });
    const master = findObject(docs, 'NetworkPolicy', 'spark-master').spec;
    expect(master.ingress).toEqual([{ from: [WORKERS, CLIENTS], ports: [tcp(7077)] }, { from: [CLIENTS], ports: [tcp(6066)] }]);
    expect(master.egress[1]).toEqual({ to: [WORKERS], ports: ALL_TCP });
    expect(findObject(docs, 'NetworkPolicy', 'spark-worker').spec.ingress[0]).toEqual({ from: [MASTER], ports: ALL_TCP });
  });

  test('the external shuffle service is reached by the other workers\' executors (within every port of the workers)', () => {
    const docs = cluster({ shuffleService: true });
    expect(template(docs, 'Deployment', 'spark-worker').spec.containers[0].ports).toContainEqual({ name: 'shuffle', containerPort: 7337, protocol: 'TCP' });
    expect(findObject(docs, 'NetworkPolicy', 'spark-worker').spec.ingress).toContainEqual({ from: [WORKERS, CLIENTS], ports: ALL_TCP });
  });

  test('without object storage in the network facts the workers reach none', () => {
    const docs = cluster({ network: { apiServer: NETWORK.apiServer } });
    expect(findObject(docs, 'NetworkPolicy', 'spark-worker').spec.egress).toEqual([DNS, { to: [MASTER], ports: [tcp(7077)] }, { to: [WORKERS, CLIENTS], ports: ALL_TCP }]);
  });

  test('a job namespace\'s network applies', () => {
    const docs = synthChartValid((chart) => {
      const jobNamespace = new SparkJobNamespace(chart, 'Team', { namespace: 'spark-jobs', network: NETWORK });
      new SparkStandaloneCluster(chart, 'Cluster', { name: 'spark', authenticationSecret: auth(chart), jobNamespace });
    });
    expect(findObjects(docs, 'NetworkPolicy').map((p) => p.metadata.name)).toEqual(['default-deny', 'spark-master', 'spark-worker']);
  });

  test('with a SparkSubmitJob driver: every connection Spark needs is allowed and nothing else, every pod covered', () => {
    const docs = synthChartValid((chart) => {
      const c = new SparkStandaloneCluster(chart, 'Cluster', {
        name: 'spark', authenticationSecret: auth(chart), network: { apiServer: NETWORK.apiServer }, uiAllowFrom: [NetworkPeer.namespace('monitoring')],
      });
      new SparkSubmitJob(chart, 'Pi', { ...PI, name: 'pi', master: c, network: { apiServer: NETWORK.apiServer } });
    });
    const monitoring = { namespace: 'monitoring', labels: {}, source: 'a browser through a proxy' };
    const clients: ClientAccess[] = [
      { from: monitoring, to: { namespace: 'spark-jobs', labels: role('master') }, port: 'http' },
      { from: monitoring, to: { namespace: 'spark-jobs', labels: role('worker') }, port: 'http' },
    ];
    // Sufficient, minimal and covered: the driver names the master and the workers (ISparkMaster.pods), every TCP
    // port only between the driver and the workers, where the executors' block managers bind ports Spark picks.
    expect(networkFindings(docs, { ...ENV, clients }, { requireCoverage: true })).toEqual([]);
  });

  test('without network nothing changes: no policy, no role label, the worker port left to Spark, no client labels', () => {
    let clientPodLabels: any = 'unset';
    const docs = synthChartValid((chart) => {
      clientPodLabels = new SparkStandaloneCluster(chart, 'Cluster', { name: 'spark', authenticationSecret: auth(chart) }).clientPodLabels;
    });
    expect(findObjects(docs, 'NetworkPolicy')).toEqual([]);
    expect(clientPodLabels).toBeUndefined();
    const workers = findObject(docs, 'Deployment', 'spark-worker');
    expect(workers.spec.template.metadata.labels).toEqual(workers.spec.selector.matchLabels);
    expect(workers.spec.template.spec.containers[0].env.map((e: any) => e.name)).not.toContain('SPARK_WORKER_PORT');
  });

  describe('fails', () => {
    test('fails with uiAllowFrom but no network', () => {
      expect(errorWith({ network: undefined, uiAllowFrom: [NetworkPeer.namespace('monitoring')] })).toBe(
        '[test/Cluster] \'uiAllowFrom\' needs NetworkPolicies, which need the cluster\'s network facts, got [{"namespace":"monitoring"}]; pass \'network\' (or a jobNamespace created with \'network\'), or remove \'uiAllowFrom\'');
    });

    test('fails with an empty uiAllowFrom', () => {
      expect(errorWith({ uiAllowFrom: [] })).toBe(
        '[test/Cluster] \'uiAllowFrom\' is empty, and a NetworkPolicy rule without peers admits every source, got []; name who may see the UI (NetworkPeer.namespace(name), .pods(labels)), or remove it to keep the UI closed');
    });

    test('fails with a namespace other than its job namespace\'s', () => {
      expect(errorWith((chart) => ({ namespace: 'other', jobNamespace: new SparkJobNamespace(chart, 'Team', { namespace: 'spark-jobs', network: NETWORK }) }))).toBe(
        '[test/Cluster] \'namespace\' must match the job namespace \'spark-jobs\', got \'other\'; remove \'namespace\' or pass the matching job namespace');
    });

    test('fails with a job namespace that is a string', () => {
      expect(errorWith({ jobNamespace: 'spark-jobs' as any })).toBe(
        '[test/Cluster] \'jobNamespace\' must be a job namespace (ISparkJobNamespace), got \'spark-jobs\'; use SparkJobNamespace.fromNamespaceName(this, \'Jobs\', \'spark-jobs\', \'spark-driver\')');
    });

    test('fails at synth in a default-deny namespace it was not given as jobNamespace', () => {
      expect(chartErrorOf((chart) => {
        new SparkJobNamespace(chart, 'Team', { namespace: 'spark-jobs', network: NETWORK });
        new SparkStandaloneCluster(chart, 'Cluster', { name: 'spark', authenticationSecret: auth(chart) });
      })).toBe('Validation failed with the following errors:\n  [test/Team] \'network\' denies all traffic in \'spark-jobs\' by default, but SparkStandaloneCluster test/Cluster placed there has no NetworkPolicies of its own, so it would be cut off, got \'<cluster network>\'; pass this namespace to it as \'jobNamespace\' (or give it \'network\')');
    });
  });
});

describe('SparkStandaloneCluster budget', () => {
  function rows(props: SparkStandaloneClusterProps): any[] {
    let out: any[] = [];
    synthChartValid((chart) => {
      const jobNamespace = new SparkJobNamespace(chart, 'Team', { namespace: 'spark-jobs', network: NETWORK, quota: { cpu: 32, memory: Size.gibibytes(64) } });
      new SparkStandaloneCluster(chart, 'Cluster', { name: 'spark', authenticationSecret: auth(chart), jobNamespace, ...props });
      out = jobNamespace.budgetTable();
    });
    return out;
  }

  test('the master and the workers: 500m and 1408Mi, plus per worker its cores and its pod memory', () => {
    // Worker pod: 1 GiB offered + 1 GiB daemon heap + max(10 %, 384 MiB) = 2432 MiB.
    expect(rows({ worker: { replicas: 3 } })).toEqual([{ workload: 'test/Cluster', kind: 'SparkStandaloneCluster', name: 'spark', cpu: 3.5, memoryMebibytes: 1408 + 3 * 2432 }]);
  });

  test('autoscaled workers count at their maximum', () => {
    expect(rows({ worker: { replicas: 2, cores: 2, autoscaling: { maxReplicas: 5 } } })).toEqual([
      { workload: 'test/Cluster', kind: 'SparkStandaloneCluster', name: 'spark', cpu: 0.5 + 5 * 2, memoryMebibytes: 1408 + 5 * 2432 },
    ]);
  });

  test('fails at synth when the most workers exceed the quota', () => {
    expect(chartErrorOf((chart) => {
      const jobNamespace = new SparkJobNamespace(chart, 'Team', { namespace: 'spark-jobs', network: NETWORK, quota: { cpu: 4, memory: Size.gibibytes(64) } });
      new SparkStandaloneCluster(chart, 'Cluster', { name: 'spark', authenticationSecret: auth(chart), jobNamespace, worker: { replicas: 2, autoscaling: { maxReplicas: 8 } } });
    })).toBe('Validation failed with the following errors:\n  [test/Team] \'quota.cpu\' is below what SparkStandaloneCluster test/Cluster alone asks for (8.5 cores), so it could never run in full, got 4; raise \'quota.cpu\' to at least 8.5, or give the workload fewer or smaller executors');
  });
});
