import { IConstruct } from 'constructs';
import { fail } from '../_validation';
import { EventLog } from '../application/event-log';
import { IngressOptions } from '../application/exposure';
import { ClusterNetwork, roleLabels, WorkloadPolicy } from '../network/_policy';
import { NetworkPeer } from '../network/network-peer';

/**
 * The network and the budget of a History Server: its pod's role labels,
 * its NetworkPolicy and what it asks the namespace for.
 *
 * What the server needs (docs/security.md, "Configuring Ports for Network
 * Security", table "All cluster managers": Browser → History Server, 18080,
 * `spark.history.ui.port`): browsers and REST clients reach its UI port; it
 * reads the event log directory (an object store for a URL, a mounted volume
 * otherwise) and calls no Kubernetes API (no token is mounted), and runs no
 * executors (`--master local[1]` when it starts through spark-submit).
 */

/** The kind label of the server's pod. */
export const HISTORY_KIND = 'SparkHistoryServer';

/** The role label of the server's pod. */
const ROLE = 'history-server';

/** The labels of the server's pod that its NetworkPolicy selects on. */
export function historyPodLabels(name: string): { [key: string]: string } {
  return roleLabels(HISTORY_KIND, name, ROLE);
}

/** What decides the server's network. */
export interface HistoryNetworkInput {
  readonly name: string;
  readonly namespace: string;
  readonly port: number;
  readonly eventLog: EventLog;
  readonly uiAllowFrom?: NetworkPeer[];
  /** Whether it resolves Maven packages at start (`spark-submit --packages`). */
  readonly packages: boolean;
}

/**
 * The server's NetworkPolicy: `uiAllowFrom` on the UI port, nothing else in
 * (the kubelet's probes are node-local, which NetworkPolicies do not
 * filter); out, DNS, for an event log on an object store the object store,
 * and with packages the package repositories (spark-submit resolves them in
 * the pod before the server starts). The init container that creates the
 * directory runs in the same pod, through spark-submit with the same
 * packages, and needs the same.
 */
export function historyPolicy(input: HistoryNetworkInput, network: ClusterNetwork): WorkloadPolicy {
  return {
    id: 'NetworkPolicy',
    name: input.name,
    namespace: input.namespace,
    selector: historyPodLabels(input.name),
    ingress: input.uiAllowFrom ? [{ peers: input.uiAllowFrom.map((p) => p._toPeer()), ports: [{ port: input.port }] }] : [],
    egress: network.egress({ apiServer: false, objectStorage: onObjectStore(input.eventLog), packages: input.packages }),
  };
}

/** Whether the event log is on an object store: a URL that is not HDFS (a volume is mounted, and needs no network). */
function onObjectStore(eventLog: EventLog): boolean {
  return eventLog.volume === undefined && !/^hdfs:/i.test(eventLog.directory);
}


/** What the server must be able to do under its NetworkPolicy, checked at construction. */
export interface HistoryNetworkChecks {
  readonly network: ClusterNetwork;
  readonly eventLog: EventLog;
  readonly packages: string[];
  readonly ingress?: IngressOptions;
  readonly uiAllowFrom?: NetworkPeer[];
}

/**
 * Fails where the policy would cut the server off from what it needs: the
 * ingress controller in front of it, the object store it reads and the
 * Maven repository it downloads packages from at start, when the network
 * facts name none, and an HDFS cluster, which they cannot name.
 */
export function checkHistoryNetwork(scope: IConstruct, c: HistoryNetworkChecks): void {
  if (c.ingress && !c.uiAllowFrom) {
    fail(scope, 'uiAllowFrom', undefined, 'must admit the ingress controller when \'ingress\' is set: with NetworkPolicies nobody reaches the UI by default',
      'add NetworkPeer.namespace(\'<namespace of the ingress controller>\') to \'uiAllowFrom\'');
  }
  if (/^hdfs:/i.test(c.eventLog.directory)) {
    fail(scope, 'eventLog', c.eventLog.directory, 'must not be on HDFS with NetworkPolicies: the cluster\'s network facts name no HDFS NameNode or DataNodes, so the server could not read it',
      'use an object store (EventLog.toUrl(\'s3a://bucket/spark-events\')) or a volume, or leave \'network\' unset');
  }
  c.network.requireDestinations(scope, 'the server', {
    objectStorage: onObjectStore(c.eventLog) ? `the event log '${c.eventLog.directory}'` : undefined,
    packages: c.packages.length > 0 ? c.packages.join(',') : undefined,
  });
}
