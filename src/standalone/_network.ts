import { standaloneClusterPolicies, StandalonePorts } from '../application/_standalone-network';
import { ClusterNetwork, roleLabels, WorkloadPolicy } from '../network/_policy';
import { NetworkPeer } from '../network/network-peer';

/**
 * The network and the budget of a standalone cluster: the role labels of the
 * master and worker pods and the labels its clients carry. Who talks to whom,
 * and the policies, are shared with `apache.SparkCluster`
 * (application/_standalone-network.ts, with the sources).
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
  readonly ports: StandalonePorts;
  readonly restServer: boolean;
  readonly uiAllowFrom?: NetworkPeer[];
}

/** The master's and the workers' NetworkPolicies (the rules every standalone cluster shares). */
export function standalonePolicies(input: StandaloneNetworkInput): WorkloadPolicy[] {
  return standaloneClusterPolicies({
    ...input,
    names: { master: `${input.name}-master`, worker: `${input.name}-worker` },
    labels: { master: daemonPodLabels(input.name, 'master'), worker: daemonPodLabels(input.name, 'worker'), clients: clientLabels(input.name, input.namespace) },
  });
}

