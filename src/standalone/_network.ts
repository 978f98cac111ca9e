import { WorkloadBudget } from '../_registry';
import { sorted } from '../_validation';
import { ALL_TCP_PORTS, ClusterNetwork, podsPeer, PolicyRule, roleLabels, WorkloadPolicy } from '../network/_policy';
import { NetworkPeer } from '../network/network-peer';
import { podBudget } from '../pod/_budget';

/**
 * The network and the budget of a standalone cluster: the role labels of the
 * master and worker pods, the labels its clients carry, their
 * NetworkPolicies, and what the cluster asks its namespace for.
 *
 * Who talks to whom, from Spark's docs and source (apache/spark, under
 * core/src/main/scala/org/apache/spark/; line numbers at commits 043b096 for
 * MasterArguments and 0960bcf for WorkerArguments):
 * - docs/security.md, "Configuring Ports for Network Security", table
 *   "Standalone mode only": browsers → master UI 8080 and worker UI 8081;
 *   drivers and workers → master 7077 (`SPARK_MASTER_PORT`); master → worker
 *   on a random port (`SPARK_WORKER_PORT`, "Schedule executors"); table "All
 *   cluster managers": executors and the standalone master → driver on
 *   `spark.driver.port` (random by default), executors and drivers →
 *   executors on `spark.blockManager.port` (random by default).
 * - MasterArguments.scala L32-33 (port 7077, web UI 8080), L39-44
 *   (SPARK_MASTER_PORT, SPARK_MASTER_WEBUI_PORT); WorkerArguments.scala L33
 *   (`var port = 0`: random) and L42-44 (SPARK_WORKER_PORT), so the worker
 *   port is pinned here to admit master → worker.
 * - Master.launchExecutor sends LaunchExecutor to the worker's endpoint and
 *   Master.receive(RegisterApplication) answers the driver's endpoint with
 *   RegisteredApplication (and later ExecutorAdded): NettyRpcEnv opens a
 *   connection to the receiver's address, so the master connects to the
 *   worker's RPC port and to the driver's `spark.driver.port`.
 * - Executors run as child processes of the worker (ExecutorRunner), so
 *   inside the worker's pod. They bind no RPC server (SparkEnv.create runs a
 *   client-mode RpcEnv for `!isDriver`) but a block manager on
 *   `spark.blockManager.port`, which they take from the driver
 *   (SparkConf.isExecutorStartupConf: every `spark.*.port`), random unless
 *   the application sets it, and the next free one (Utils.startServiceOnPort,
 *   up to `spark.port.maxRetries`) when several executors share a worker.
 *   The cluster cannot pin it for every application (the worker passes the
 *   executor only the application's java options, WorkerCommandBuilder), and
 *   the library leaves it to Spark for standalone applications. So the
 *   workers admit drivers and each other on every port, and reach them on
 *   every port (executors → driver RPC and block manager, executors →
 *   executors, the external shuffle service on 7337 and an executor's
 *   WorkerWatcher → its worker's RPC port): the peers are narrow (the
 *   cluster's own workers and pods carrying its client labels), the ports
 *   are not.
 */

/** The kind label of the cluster's pods. */
export const STANDALONE_KIND = 'SparkStandaloneCluster';

/** The labels of the master's or the workers' pods that the policies select on. */
export function daemonPodLabels(name: string, role: 'master' | 'worker'): { [key: string]: string } {
  return roleLabels(STANDALONE_KIND, name, role);
}

/**
 * The labels of the cluster's clients (`ISparkMaster.clientPodLabels`): the
 * cluster and its namespace, so a cluster of the same name elsewhere admits
 * none of them.
 */
export function clientLabels(name: string, namespace: string): { [key: string]: string } {
  return { 'spark.cdk8s.io/standalone-cluster': name, 'spark.cdk8s.io/standalone-cluster-namespace': namespace };
}

/** What decides the cluster's policies. */
export interface StandaloneNetworkInput {
  readonly name: string;
  readonly namespace: string;
  readonly network: ClusterNetwork;
  readonly ports: { readonly master: number; readonly masterUi: number; readonly rest: number; readonly worker: number; readonly workerUi: number };
  readonly restServer: boolean;
  readonly uiAllowFrom?: NetworkPeer[];
}

const ALL_PORTS = ALL_TCP_PORTS;

/**
 * The master's and the workers' NetworkPolicies. Clients (pods carrying the
 * client labels, in any namespace: drivers of SparkSubmitJob and
 * SparkConnectServer put them on their pod) reach the master's RPC port
 * (and REST with `restServer`); `uiAllowFrom` reaches both UIs; the rest is
 * what Spark needs between master, workers, executors and drivers (see
 * above). With `restServer` a driver submitted in cluster mode runs inside
 * a worker, on the port its application chooses, so the master reaches the
 * workers on every port.
 */
export function standalonePolicies(input: StandaloneNetworkInput): WorkloadPolicy[] {
  const master = podsPeer(daemonPodLabels(input.name, 'master'));
  const workers = podsPeer(daemonPodLabels(input.name, 'worker'));
  const clients = { namespaceSelector: {}, podSelector: { matchLabels: sorted(clientLabels(input.name, input.namespace)) } };
  const { ports, network } = input;
  const ui = (port: number): PolicyRule[] => (input.uiAllowFrom ? [{ peers: input.uiAllowFrom.map((p) => p._toPeer()), ports: [{ port }] }] : []);
  const masterToWorkers = input.restServer ? ALL_PORTS : [{ port: ports.worker }];
  return [{
    id: 'MasterNetworkPolicy',
    name: `${input.name}-master`,
    namespace: input.namespace,
    selector: daemonPodLabels(input.name, 'master'),
    ingress: [
      { peers: [workers, clients], ports: [{ port: ports.master }] },
      ...(input.restServer ? [{ peers: [clients], ports: [{ port: ports.rest }] }] : []),
      ...ui(ports.masterUi),
    ],
    egress: [
      ...network.egress({ apiServer: false, objectStorage: false }),
      { peers: [workers], ports: masterToWorkers },
      { peers: [clients], ports: ALL_PORTS },
    ],
  }, {
    id: 'WorkerNetworkPolicy',
    name: `${input.name}-worker`,
    namespace: input.namespace,
    selector: daemonPodLabels(input.name, 'worker'),
    ingress: [{ peers: [master], ports: masterToWorkers }, { peers: [workers, clients], ports: ALL_PORTS }, ...ui(ports.workerUi)],
    // Executors run the applications' code: they reach the object store when the platform names one.
    egress: [
      ...network.egress({ apiServer: false, objectStorage: true }),
      { peers: [master], ports: [{ port: ports.master }] },
      { peers: [workers, clients], ports: ALL_PORTS },
    ],
  }];
}

/** The cluster at its largest: the master's pod and the most workers (the autoscaler's maximum, else the replicas). */
export function clusterBudget(masterTemplate: any, workerTemplate: any, maxWorkers: number): WorkloadBudget {
  const master = podBudget(masterTemplate?.spec);
  const worker = podBudget(workerTemplate?.spec);
  return { cpu: master.cpu + maxWorkers * worker.cpu, memoryMebibytes: master.memoryMebibytes + maxWorkers * worker.memoryMebibytes };
}
