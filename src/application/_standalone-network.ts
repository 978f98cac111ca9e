import { WorkloadBudget } from '../_registry';
import { sorted } from '../_validation';
import { ALL_TCP_PORTS, ClusterNetwork, podsPeer, PolicyRule, WorkloadPolicy } from '../network/_policy';
import { NetworkPeer } from '../network/network-peer';
import { podBudget } from '../pod/_budget';

/**
 * The NetworkPolicies and the budget of a Spark standalone cluster, whoever
 * runs its pods: the master's and the workers' pods, named by their labels,
 * and the clients (drivers using the master) by theirs. Written for
 * `SparkStandaloneCluster` and `apache.SparkCluster` alike.
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
 *   (`var port = 0`: random) and L42-44 (SPARK_WORKER_PORT); sbin/start-worker.sh
 *   passes `--port $SPARK_WORKER_PORT` only when it is set. So the worker port
 *   is pinned to admit master → worker.
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

/** The ports of a standalone cluster's daemons. */
export interface StandalonePorts {
  readonly master: number;
  readonly masterUi: number;
  readonly rest: number;
  readonly worker: number;
  readonly workerUi: number;
}

/** What decides a standalone cluster's policies. */
export interface StandaloneClusterNetwork {
  readonly namespace: string;
  readonly network: ClusterNetwork;
  /** Names of the master's and the workers' NetworkPolicies. */
  readonly names: { readonly master: string; readonly worker: string };
  /** Labels of the master's pods, of the workers' pods (both in `namespace`), and of the clients' (in any namespace). */
  readonly labels: {
    readonly master: { [key: string]: string };
    readonly worker: { [key: string]: string };
    readonly clients: { [key: string]: string };
  };
  /** The ports as the pods listen on them (a NetworkPolicy sees the pod's port). */
  readonly ports: StandalonePorts;
  readonly restServer: boolean;
  readonly uiAllowFrom?: NetworkPeer[];
}

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
export function standaloneClusterPolicies(input: StandaloneClusterNetwork): WorkloadPolicy[] {
  const master = podsPeer(input.labels.master);
  const workers = podsPeer(input.labels.worker);
  const clients = { namespaceSelector: {}, podSelector: { matchLabels: sorted(input.labels.clients) } };
  const { ports, network } = input;
  const ui = (port: number): PolicyRule[] => (input.uiAllowFrom ? [{ peers: input.uiAllowFrom.map((p) => p._toPeer()), ports: [{ port }] }] : []);
  const masterToWorkers = input.restServer ? ALL_TCP_PORTS : [{ port: ports.worker }];
  return [{
    id: 'MasterNetworkPolicy',
    name: input.names.master,
    namespace: input.namespace,
    selector: input.labels.master,
    ingress: [
      { peers: [workers, clients], ports: [{ port: ports.master }] },
      ...(input.restServer ? [{ peers: [clients], ports: [{ port: ports.rest }] }] : []),
      ...ui(ports.masterUi),
    ],
    egress: [
      ...network.egress({ apiServer: false, objectStorage: false }),
      { peers: [workers], ports: masterToWorkers },
      { peers: [clients], ports: ALL_TCP_PORTS },
    ],
  }, {
    id: 'WorkerNetworkPolicy',
    name: input.names.worker,
    namespace: input.namespace,
    selector: input.labels.worker,
    ingress: [{ peers: [master], ports: masterToWorkers }, { peers: [workers, clients], ports: ALL_TCP_PORTS }, ...ui(ports.workerUi)],
    // Executors run the applications' code: they reach the object store when the platform names one.
    egress: [
      ...network.egress({ apiServer: false, objectStorage: true }),
      { peers: [master], ports: [{ port: ports.master }] },
      { peers: [workers, clients], ports: ALL_TCP_PORTS },
    ],
  }];
}

/** The cluster at its largest: the master's pod and the most workers (the autoscaler's maximum, else the replicas). */
export function standaloneClusterBudget(masterTemplate: any, workerTemplate: any, maxWorkers: number): WorkloadBudget {
  const master = podBudget(masterTemplate?.spec);
  const worker = podBudget(workerTemplate?.spec);
  return { cpu: master.cpu + maxWorkers * worker.cpu, memoryMebibytes: master.memoryMebibytes + maxWorkers * worker.memoryMebibytes };
}
