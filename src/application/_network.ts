import { IConstruct } from 'constructs';
import { ISparkMaster } from './spark-master';
import { fail } from '../_validation';
import { ALL_TCP_PORTS, checkAllowList, ClusterNetwork, checkNetwork, PolicyRule, podsInNamespacePeer, podsPeer, roleLabels, WorkloadPolicy } from '../network/_policy';
import { NetworkPeer } from '../network/network-peer';
import { SparkNetworkOptions } from '../network/spark-network';

/**
 * The NetworkPolicies of a Spark application's driver and executors, for
 * every backend: the operator's SparkApplication, ScheduledSparkApplication
 * and SparkConnect, the Apache operator's SparkApplication, SparkSubmitJob
 * and SparkConnectServer.
 *
 * What Spark needs (Spark 4.0):
 * - executors open the RPC connection to the driver (`spark.driver.port`,
 *   7078 on Kubernetes: DriverServiceFeatureStep DEFAULT_DRIVER_PORT) and
 *   fetch broadcast blocks from the driver's block manager
 *   (`spark.driver.blockManager.port`, 7079: DEFAULT_BLOCKMANAGER_PORT);
 * - the driver and the other executors fetch blocks (task results, shuffle,
 *   broadcast pieces) from each executor's block manager
 *   (`spark.blockManager.port`). Executors bind no RPC server: their RpcEnv
 *   is client-mode (SparkEnv.create passes `clientMode = !isDriver`). The
 *   executor's block manager port is random unless set
 *   (BasicExecutorFeatureStep reads it with DEFAULT_BLOCKMANAGER_PORT only to
 *   declare a container port), so with policies the library pins it;
 * - a driver with the Kubernetes master calls the API server to create and
 *   watch its executors;
 * - everything resolves names through the cluster DNS.
 */

/** The Spark ports policies admit, and the configuration keys that set them. */
export const SPARK_PORTS = {
  driver: { key: 'spark.driver.port', port: 7078 },
  driverBlockManager: { key: 'spark.driver.blockManager.port', port: 7079 },
  executorBlockManager: { key: 'spark.blockManager.port', port: 7079 },
  ui: { key: 'spark.ui.port', port: 4040 },
} as const;

/** The options of an application that decide its network. */
export interface NetworkInput {
  readonly network?: SparkNetworkOptions;
  readonly uiAllowFrom?: NetworkPeer[];
  readonly jobNamespace?: { readonly network?: SparkNetworkOptions };
}

/** The cluster's network facts an application uses: its own `network`, else its job namespace's. */
export function resolveNetwork(
  scope: IConstruct, input: NetworkInput, policiesWithoutNetwork: boolean, offProp?: string,
): ClusterNetwork | undefined {
  const own = checkNetwork(scope, 'network', input.network);
  const network = own ?? (input.jobNamespace?.network ? new ClusterNetwork(input.jobNamespace.network) : undefined);
  if (input.uiAllowFrom && !network && !policiesWithoutNetwork && offProp) {
    fail(scope, 'uiAllowFrom', input.uiAllowFrom.map((p) => p._shown()), 'needs the NetworkPolicy', `remove '${offProp}: false' or 'uiAllowFrom'`);
  }
  checkAllowList(scope, 'uiAllowFrom', input.uiAllowFrom, network !== undefined || policiesWithoutNetwork,
    'name who may see the UI (NetworkPeer.namespace(name), .pods(labels)), or remove it to keep the UI closed');
  return network;
}

/** What the model tells the policy writer. */
export interface SparkPodsNetwork {
  /** The label value of the construct's kind. */
  readonly kind: string;
  readonly name: string;
  readonly namespace: string;
  /** The cluster's facts; undefined writes ingress-only policies (what is known without them). */
  readonly network?: ClusterNetwork;
  /** The effective configuration (ports). */
  readonly conf: (key: string) => string | undefined;
  /** Labels of the driver pod, where the backend builds it from its own template (a Connect server). @default - the role labels */
  readonly driverSelector?: { [key: string]: string };
  /** Labels of the executors, where the backend sets them in its template. @default - the role labels */
  readonly executorSelector?: { [key: string]: string };
  /** Extra ingress rules of the driver (Connect gRPC and its clients). */
  readonly driverIngress?: PolicyRule[];
  readonly uiAllowFrom?: NetworkPeer[];
  /** A standalone master: executors run in its workers. */
  readonly master?: ISparkMaster;
  /** The whole application in the driver pod. */
  readonly localMode: boolean;
  /** What shows the application uses object storage (reaches the `objectStorage` of the network), if it does. */
  readonly objectStorage?: string;
  /** The Maven packages the driver resolves at start-up, if any. */
  readonly packages?: string;
  /** Where the policies are reported (a missing repository). */
  readonly scope: IConstruct;
}

/** The port a key sets, else Spark's default on Kubernetes. */
function port(input: SparkPodsNetwork, which: keyof typeof SPARK_PORTS): number {
  const p = SPARK_PORTS[which];
  const value = input.conf(p.key);
  return value === undefined ? p.port : Number(value);
}

/** The labels of the driver and executor pods. */
export function sparkPodLabels(kind: string, name: string): { driver: { [key: string]: string }; executor: { [key: string]: string } } {
  return { driver: roleLabels(kind, name, 'driver'), executor: roleLabels(kind, name, 'executor') };
}

/** The driver's and executors' policies. */
export function sparkPolicies(input: SparkPodsNetwork): WorkloadPolicy[] {
  const labels = sparkPodLabels(input.kind, input.name);
  const driver = input.driverSelector ?? labels.driver;
  const executor = input.executorSelector ?? labels.executor;
  const tcp = (...ports: number[]) => ports.map((p) => ({ port: p }));
  const driverPorts = tcp(port(input, 'driver'), port(input, 'driverBlockManager'));
  const blockManager = tcp(port(input, 'executorBlockManager'));
  const network = input.network;
  const executors = !input.localMode && !input.master;
  const pods = input.master?.pods;
  if (network && input.master && !pods) {
    fail(input.scope, 'network', '<cluster network>', `needs the pods of the standalone master '${input.master.masterUrl}' to name them in the driver's NetworkPolicy, and this master does not tell them`,
      'give the SparkStandaloneCluster \'network\' too (its pods get labels then), or remove \'network\' here');
  }
  network?.requireDestinations(input.scope, 'the driver', { objectStorage: input.objectStorage, packages: input.packages });
  const ui = input.uiAllowFrom ? [{ peers: input.uiAllowFrom.map((p) => p._toPeer()), ports: tcp(port(input, 'ui')) }] : [];
  const policies: WorkloadPolicy[] = [{
    id: 'DriverNetworkPolicy',
    name: `${input.name}-driver`,
    namespace: input.namespace,
    selector: driver,
    ingress: [
      ...(input.driverIngress ?? []),
      ...ui,
      ...(executors ? [{ peers: [podsPeer(executor)], ports: driverPorts }] : []),
      // Standalone: the master tells the driver about executors, which run inside the workers (docs/security.md,
      // "Configuring Ports for Network Security"); a master that does not tell its pods: any pod may connect.
      ...(pods ? [
        { peers: [podsInNamespacePeer(pods.namespace, pods.masterLabels)], ports: tcp(port(input, 'driver')) },
        { peers: [podsInNamespacePeer(pods.namespace, pods.workerLabels)], ports: driverPorts },
      ] : input.master ? [{ peers: [{ namespaceSelector: {} }], ports: driverPorts }] : []),
    ],
    egress: network ? [
      ...network.egress({
        apiServer: !input.localMode && !input.master, objectStorage: input.objectStorage !== undefined, packages: input.packages !== undefined,
      }),
      ...(executors ? [{ peers: [podsPeer(executor)], ports: blockManager }] : []),
      // Standalone executors pick their block manager ports at random (several share a worker's pod): every TCP port.
      ...(pods ? [
        { peers: [podsInNamespacePeer(pods.namespace, pods.masterLabels)], ports: tcp(pods.masterPort) },
        { peers: [podsInNamespacePeer(pods.namespace, pods.workerLabels)], ports: ALL_TCP_PORTS },
      ] : []),
    ] : undefined,
  }];
  if (executors) {
    policies.push({
      id: 'ExecutorNetworkPolicy',
      name: `${input.name}-executors`,
      namespace: input.namespace,
      selector: executor,
      ingress: [{ peers: [podsPeer(driver), podsPeer(executor)], ports: blockManager }],
      egress: network ? [
        ...network.egress({ apiServer: false, objectStorage: input.objectStorage !== undefined }),
        { peers: [podsPeer(driver)], ports: driverPorts },
        { peers: [podsPeer(executor)], ports: blockManager },
      ] : undefined,
    });
  }
  return policies;
}
