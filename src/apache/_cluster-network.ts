import { standaloneClusterPolicies, StandalonePorts } from '../application/_standalone-network';
import { ClusterNetwork, WorkloadPolicy } from '../network/_policy';
import { NetworkPeer } from '../network/network-peer';

/**
 * The network of an Apache operator `SparkCluster` (operator 1.0.0, tag
 * 1.0.0 = d8b1943; paths under spark-submission-worker/src/main/java/org/apache/spark/k8s/operator/
 * unless said otherwise):
 * - Pod labels: the master's and the workers' StatefulSet templates get
 *   `spark-role: master|worker`, `spark.operator/spark-cluster-name: <name>`
 *   and `spark-version` (SparkClusterResourceSpec.java L233-238, L315-320;
 *   spark-operator-api/.../Constants.java L39, L54, L66, L69, L72). The
 *   StatefulSets select on `spark-role` alone (L230-232, L312-314); the
 *   Services on both labels (L142-144, L185-187).
 * - Ports: the master runs `start-master.sh` (L252-256), which listens on
 *   SPARK_MASTER_PORT (default 7077) and SPARK_MASTER_WEBUI_PORT (default
 *   8080); the container declares web 8080, spark 7070 and rest 6066
 *   (L257-268). The master Service `<name>-master-svc` is headless
 *   (`clusterIP: None`, L141): its name resolves to the pod's address and a
 *   client connects to the port it names, with no translation, so workers
 *   (`start-worker.sh spark://<name>-master-svc:7077`, L343-347) and drivers
 *   reach the master on 7077, and the declared 7070 is never used (the
 *   operator's main branch declares 7077 since SPARK-58495). A worker runs
 *   `start-worker.sh`: its UI on 8081 (declared web 8081, L348-351), its RPC
 *   port random unless SPARK_WORKER_PORT is set (sbin/start-worker.sh passes
 *   `--port` only then; WorkerArguments `port = 0`).
 * - The operator's own NetworkPolicy (L462-490, applied in
 *   spark-operator/.../reconcilesteps/ClusterInitStep.java L91-98): named
 *   `<name>-worker`, it selects the workers and, with no policyTypes,
 *   isolates their ingress only, admitting every port and protocol from
 *   pods of the cluster's namespace labelled
 *   `spark.operator/spark-cluster-name: <name>` (the master, the workers and
 *   same-namespace clients). It isolates the workers even without our
 *   policies; with them it adds to what ours admit (NetworkPolicies are
 *   additive): the master on every port (ours: the worker port), and UDP
 *   and SCTP from those pods, as far as their own egress lets them. Ours do
 *   not rely on it and must not share its name.
 */

/** The operator's label naming the cluster of a master or worker pod. */
export const CLUSTER_NAME_LABEL = 'spark.operator/spark-cluster-name';
/** The operator's role label. */
export const ROLE_LABEL = 'spark-role';

/** The labels operator 1.0.0 puts on the master's or the workers' pods (the role and the cluster). */
export function operatorPodLabels(name: string, role: 'master' | 'worker'): { [key: string]: string } {
  return { [CLUSTER_NAME_LABEL]: name, [ROLE_LABEL]: role };
}

/**
 * The labels of the cluster's clients: the label the operator's worker
 * NetworkPolicy admits (same namespace only) and, where our policies guard
 * the cluster, its namespace, so a `SparkCluster` of the same name
 * elsewhere (whose master and workers carry the same operator label) is no
 * client and admits none of ours.
 */
export function clusterClientLabels(name: string, namespace: string | undefined): { [key: string]: string } {
  return { [CLUSTER_NAME_LABEL]: name, ...(namespace !== undefined ? { 'spark.cdk8s.io/spark-cluster-namespace': namespace } : {}) };
}


/**
 * The master's and the workers' NetworkPolicies, `<name>-master` and
 * `<name>-workers` (`<name>-worker` is the operator's).
 */
export function clusterPolicies(
  name: string, namespace: string, network: ClusterNetwork, ports: StandalonePorts, restServer: boolean, uiAllowFrom: NetworkPeer[] | undefined,
): WorkloadPolicy[] {
  return standaloneClusterPolicies({
    namespace,
    network,
    names: { master: `${name}-master`, worker: `${name}-workers` },
    labels: { master: operatorPodLabels(name, 'master'), worker: operatorPodLabels(name, 'worker'), clients: clusterClientLabels(name, namespace) },
    ports,
    restServer,
    uiAllowFrom,
  });
}
