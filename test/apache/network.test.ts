import { Chart, Size } from 'cdk8s';
import { Secret } from 'cdk8s-plus-28';
import {
  apache, ApplicationFile, NetworkPeer, SecurityOptOut, SparkConnectServer, SparkJobNamespace, SparkNetworkOptions, SparkSubmitJob, SparkVersion,
} from '../../src';
import { findObject, findObjects, synthChartValid } from '../harness';
import { chartErrorOf } from '../harness/expect-error';
import { ClientAccess, networkFindings, NetworkEnv } from '../harness/network';

const NETWORK: SparkNetworkOptions = {
  apiServer: { cidrs: ['10.0.0.10/32'], ports: [6443] },
  objectStorage: [{ cidrs: ['52.216.0.0/15'], ports: [443] }],
};
const ENV: NetworkEnv = { apiServer: { ips: ['10.0.0.10'], port: 6443 } };
const EXTERNAL = { externalSecrets: ['spark-jobs/spark-auth'] };
const BASE = { name: 'prod', sparkVersion: SparkVersion.V4_2_0, workers: { min: 1, max: 3 } };
const PI = { mainApplicationFile: ApplicationFile.fromImagePath('/opt/spark/examples/jars/spark-examples.jar'), mainClass: 'org.apache.spark.examples.SparkPi' };
const auth = (chart: Chart) => ({ secret: Secret.fromSecretName(chart, 'Auth', 'spark-auth'), key: 'secret' });

/** The labels operator 1.0.0 puts on the pods (SparkClusterResourceSpec.java L233-238, L315-320). */
const role = (r: string) => ({ 'spark-role': r, 'spark.operator/spark-cluster-name': 'prod' });
const CLIENT_LABELS = { 'spark.operator/spark-cluster-name': 'prod', 'spark.cdk8s.io/spark-cluster-namespace': 'spark-jobs' };
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

function cluster(props: Partial<apache.SparkClusterProps> = {}): any[] {
  return synthChartValid((chart) => {
    new apache.SparkCluster(chart, 'Cluster', { ...BASE, authenticationSecret: auth(chart), network: NETWORK, ...props });
  }, EXTERNAL);
}

function errorWith(props: Partial<apache.SparkClusterProps> | ((chart: Chart) => Partial<apache.SparkClusterProps>)): string {
  return chartErrorOf((chart) => {
    new apache.SparkCluster(chart, 'Cluster', { ...BASE, authenticationSecret: auth(chart), network: NETWORK, ...(typeof props === 'function' ? props(chart) : props) });
  });
}

const templates = (docs: any[]) => {
  const spec = findObject(docs, 'SparkCluster').spec;
  return { master: spec.masterSpec.statefulSetSpec.template, worker: spec.workerSpec.statefulSetSpec.template };
};

describe('apache.SparkCluster NetworkPolicies', () => {
  test('with network: policies on the operator\'s pod labels, the worker port pinned, the UI ports owned, and exactly what Spark needs', () => {
    const docs = cluster({ uiAllowFrom: [NetworkPeer.namespace('monitoring')] });
    const { master, worker } = templates(docs);
    // The operator labels the pods; the templates need no labels of ours.
    expect(master.metadata?.labels).toBeUndefined();
    expect(worker.metadata?.labels).toBeUndefined();
    expect(master.spec.containers[0].env).toContainEqual({ name: 'SPARK_MASTER_PORT', value: '7077' });
    expect(worker.spec.containers[0].env).toContainEqual({ name: 'SPARK_WORKER_PORT', value: '7078' });
    expect(worker.spec.containers[0].ports).toEqual([{ name: 'rpc', containerPort: apache.SparkCluster.WORKER_PORT, protocol: 'TCP' }]);
    expect(findObject(docs, 'SparkCluster').spec.sparkConf).toMatchObject({ 'spark.master.ui.port': '8080', 'spark.worker.ui.port': '8081' });

    expect(findObjects(docs, 'NetworkPolicy').map((p) => [p.metadata.name, p.metadata.namespace])).toEqual([['prod-master', 'spark-jobs'], ['prod-workers', 'spark-jobs']]);
    expect(findObject(docs, 'NetworkPolicy', 'prod-master').spec).toEqual({
      podSelector: { matchLabels: role('master') },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [
        { from: [WORKERS, CLIENTS], ports: [tcp(7077)] },
        { from: [MONITORING], ports: [tcp(8080)] },
      ],
      // The master sends workers their orders on their RPC port, and drivers their executors on the driver's port (any: the application's).
      egress: [DNS, { to: [WORKERS], ports: [tcp(7078)] }, { to: [CLIENTS], ports: ALL_TCP }],
    });
    expect(findObject(docs, 'NetworkPolicy', 'prod-workers').spec).toEqual({
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

  test('the pods and clientPodLabels a driver names and carries; a SparkSubmitJob using the cluster carries the labels', () => {
    let c: apache.SparkCluster | undefined;
    const docs = synthChartValid((chart) => {
      c = new apache.SparkCluster(chart, 'Cluster', { ...BASE, authenticationSecret: auth(chart), network: NETWORK });
      new SparkSubmitJob(chart, 'Pi', { ...PI, name: 'pi', master: c, network: NETWORK });
    }, EXTERNAL);
    expect(c!.pods).toEqual({ namespace: 'spark-jobs', masterLabels: role('master'), workerLabels: role('worker'), masterPort: 7077 });
    expect(c!.clientPodLabels).toEqual(CLIENT_LABELS);
    expect(c!.masterUrl).toBe('spark://prod-master-svc.spark-jobs.svc:7077');
    expect(findObject(docs, 'Job', 'pi').spec.template.metadata.labels).toMatchObject(CLIENT_LABELS);
    // The driver names the master (on 7077) and the workers (every TCP port) by the operator's labels.
    expect(findObject(docs, 'NetworkPolicy', 'pi-driver').spec.egress).toEqual(expect.arrayContaining([
      { to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'spark-jobs' } }, ...MASTER }], ports: [tcp(7077)] },
      { to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'spark-jobs' } }, ...WORKERS }], ports: ALL_TCP },
    ]));
  });

  test('with the REST server: clients reach it on its owned port, and the master reaches the workers on every port', () => {
    const docs = cluster({ restServer: true, securityOptOuts: [SecurityOptOut.STANDALONE_REST_SERVER] });
    expect(findObject(docs, 'SparkCluster').spec.sparkConf['spark.master.rest.port']).toBe('6066');
    const master = findObject(docs, 'NetworkPolicy', 'prod-master').spec;
    expect(master.ingress).toEqual([{ from: [WORKERS, CLIENTS], ports: [tcp(7077)] }, { from: [CLIENTS], ports: [tcp(6066)] }]);
    expect(master.egress[1]).toEqual({ to: [WORKERS], ports: ALL_TCP });
    expect(findObject(docs, 'NetworkPolicy', 'prod-workers').spec.ingress[0]).toEqual({ from: [MASTER], ports: ALL_TCP });
  });

  test('without object storage in the network facts the workers reach none', () => {
    const docs = cluster({ network: { apiServer: NETWORK.apiServer } });
    expect(findObject(docs, 'NetworkPolicy', 'prod-workers').spec.egress).toEqual([DNS, { to: [MASTER], ports: [tcp(7077)] }, { to: [WORKERS, CLIENTS], ports: ALL_TCP }]);
  });

  test('a job namespace\'s network applies', () => {
    const docs = synthChartValid((chart) => {
      const jobNamespace = new SparkJobNamespace(chart, 'Team', { namespace: 'spark-jobs', network: NETWORK });
      new apache.SparkCluster(chart, 'Cluster', { ...BASE, authenticationSecret: auth(chart), jobNamespace });
    }, EXTERNAL);
    expect(findObjects(docs, 'NetworkPolicy').map((p) => p.metadata.name)).toEqual(['default-deny', 'prod-master', 'prod-workers']);
    expect(findObject(docs, 'SparkCluster').metadata.namespace).toBe('spark-jobs');
  });

  test('with a SparkSubmitJob driver: every connection Spark needs is allowed and nothing else, every pod covered', () => {
    const docs = synthChartValid((chart) => {
      const c = new apache.SparkCluster(chart, 'Cluster', {
        ...BASE, authenticationSecret: auth(chart), network: { apiServer: NETWORK.apiServer }, uiAllowFrom: [NetworkPeer.namespace('monitoring')],
      });
      new SparkSubmitJob(chart, 'Pi', { ...PI, name: 'pi', master: c, network: { apiServer: NETWORK.apiServer } });
    }, EXTERNAL);
    const monitoring = { namespace: 'monitoring', labels: {}, source: 'a browser through a proxy' };
    const clients: ClientAccess[] = [
      { from: monitoring, to: { namespace: 'spark-jobs', labels: role('master') }, port: 'web' },
      { from: monitoring, to: { namespace: 'spark-jobs', labels: role('worker') }, port: 'web' },
    ];
    // Sufficient, minimal and covered: the checker projects the operator's master and worker pods (projection.ts
    // projectClusterPods) and the driver names them by their labels. The operator's own '<name>-worker' policy is
    // created at run time, so it is not among the documents.
    expect(networkFindings(docs, { ...ENV, clients }, { requireCoverage: true })).toEqual([]);
  });

  test('without network nothing of ours changes the pods: no policy, the worker port left to Spark, the operator\'s client label only', () => {
    let c: apache.SparkCluster | undefined;
    const docs = synthChartValid((chart) => {
      c = new apache.SparkCluster(chart, 'Cluster', { ...BASE, authenticationSecret: auth(chart) });
    }, EXTERNAL);
    expect(findObjects(docs, 'NetworkPolicy')).toEqual([]);
    expect(c!.clientPodLabels).toEqual({ 'spark.operator/spark-cluster-name': 'prod' });
    // The pods' labels are the operator's either way: drivers with policies can name them.
    expect(c!.pods).toEqual({ namespace: 'spark-jobs', masterLabels: role('master'), workerLabels: role('worker'), masterPort: 7077 });
    const { worker } = templates(docs);
    expect(worker.spec.containers[0].env.map((e: any) => e.name)).not.toContain('SPARK_WORKER_PORT');
    expect(worker.spec.containers[0].ports).toBeUndefined();
    expect(findObject(docs, 'SparkCluster').spec.sparkConf['spark.master.ui.port']).toBeUndefined();
  });

  test('a SparkConnectServer on the cluster without network: its ingress-only policy admits the master and the workers by the operator\'s labels', () => {
    const docs = synthChartValid((chart) => {
      const c = new apache.SparkCluster(chart, 'Cluster', { ...BASE, authenticationSecret: auth(chart) });
      new SparkConnectServer(chart, 'Connect', { name: 'connect', master: c, securityOptOuts: [SecurityOptOut.UNAUTHENTICATED_CONNECT] });
    }, EXTERNAL);
    const inCluster = (labels: any) => ({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'spark-jobs' } }, podSelector: { matchLabels: labels } });
    expect(findObject(docs, 'NetworkPolicy', 'connect-driver').spec.ingress.slice(1)).toEqual([
      { from: [inCluster(role('master'))], ports: [tcp(7078)] },
      { from: [inCluster(role('worker'))], ports: [tcp(7078), tcp(7079)] },
    ]);
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

    test('fails with a UI port in sparkConf that the policies would not admit', () => {
      expect(errorWith({ sparkConf: { 'spark.master.ui.port': '9090' } })).toBe(
        '[test/Cluster] \'sparkConf.spark.master.ui.port\' sets \'spark.master.ui.port\', which the master UI port owns, got \'9090\'; remove it: the master UI port sets it');
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
        new apache.SparkCluster(chart, 'Cluster', { ...BASE, authenticationSecret: auth(chart) });
      })).toBe('Validation failed with the following errors:\n  [test/Team] \'network\' denies all traffic in \'spark-jobs\' by default, but apache.SparkCluster test/Cluster placed there has no NetworkPolicies of its own, so it would be cut off, got \'<cluster network>\'; pass this namespace to it as \'jobNamespace\' (or give it \'network\')');
    });
  });
});

describe('apache.SparkCluster budget', () => {
  function rows(workers: apache.SparkClusterWorkerOptions): any[] {
    let out: any[] = [];
    synthChartValid((chart) => {
      const jobNamespace = new SparkJobNamespace(chart, 'Team', { namespace: 'spark-jobs', network: NETWORK, quota: { cpu: 32, memory: Size.gibibytes(64) } });
      new apache.SparkCluster(chart, 'Cluster', { ...BASE, authenticationSecret: auth(chart), jobNamespace, workers });
      out = jobNamespace.budgetTable();
    }, EXTERNAL);
    return out;
  }

  test('the master and the most workers: 500m and 1 GiB, plus per worker its cores and its memory plus 1 GiB', () => {
    expect(rows({ min: 1, max: 3, cores: 2, memory: Size.gibibytes(4) })).toEqual([
      { workload: 'test/Cluster', kind: 'apache.SparkCluster', name: 'prod', cpu: 0.5 + 3 * 2, memoryMebibytes: 1024 + 3 * 5120 },
    ]);
  });

  test('fails at synth when the most workers exceed the quota', () => {
    expect(chartErrorOf((chart) => {
      const jobNamespace = new SparkJobNamespace(chart, 'Team', { namespace: 'spark-jobs', network: NETWORK, quota: { cpu: 4, memory: Size.gibibytes(64) } });
      new apache.SparkCluster(chart, 'Cluster', { ...BASE, authenticationSecret: auth(chart), jobNamespace, workers: { min: 1, max: 8 } });
    })).toBe('Validation failed with the following errors:\n  [test/Team] \'quota.cpu\' is below what apache.SparkCluster test/Cluster alone asks for (8.5 cores), so it could never run in full, got 4; raise \'quota.cpu\' to at least 8.5, or give the workload fewer or smaller executors');
  });
});
