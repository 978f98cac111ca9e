import { ApiObject, Lazy } from 'cdk8s';
import { IConstruct } from 'constructs';
import { NetworkPeer } from './network-peer';
import { parseIpv4, parseIpv6 } from '../_ip';
import { NetworkDestination, SparkNetworkOptions } from './spark-network';
import { checkDns1123Label, checkLabels, checkList, checkMap, checkShape, checkStringList, fail, sorted } from '../_validation';

/**
 * NetworkPolicies for every workload of this library: one way to check the
 * cluster's network facts and the peers a user names, one way to write a
 * policy, and the label set the policies select on.
 */

/**
 * The labels this library puts on every pod whose workload has
 * NetworkPolicies, and the policies select on: the construct's kind and
 * name and the pod's role (driver, executor, submitter, master, worker,
 * history-server, controller, webhook). Spark keeps a template's labels and
 * adds `spark.kubernetes.<role>.label.*` to the pods it builds
 * (BasicDriverFeatureStep and BasicExecutorFeatureStep `addToLabels`).
 */
const KIND_LABEL = 'spark.cdk8s.io/kind';
const NAME_LABEL = 'spark.cdk8s.io/name';
export const ROLE_LABEL = 'spark.cdk8s.io/role';

/** The labels of one role of one workload. */
export function roleLabels(kind: string, name: string, role: string): { [key: string]: string } {
  return { [KIND_LABEL]: kind, [NAME_LABEL]: name, [ROLE_LABEL]: role };
}

/** A port of a rule; TCP unless told; every port of the protocol without `port`. */
export interface PolicyPort {
  readonly port?: number;
  readonly protocol?: 'TCP' | 'UDP';
}

/**
 * Every TCP port: for Spark ports an application picks at random (the block
 * managers of standalone executors, which share a worker's pod). A rule with
 * no ports at all would admit UDP too.
 */
export const ALL_TCP_PORTS: PolicyPort[] = [{ protocol: 'TCP' }];

/** One rule: who (wire-format peers, never empty) on which ports (never empty). */
export interface PolicyRule {
  readonly peers: any[];
  readonly ports: PolicyPort[];
}

/** The policy of one role of a workload. */
export interface WorkloadPolicy {
  /** Child id of the NetworkPolicy. */
  readonly id: string;
  readonly name: string;
  readonly namespace: string;
  readonly selector: { [key: string]: string };
  readonly ingress: PolicyRule[];
  /** Egress rules; undefined leaves egress open (no cluster facts known). */
  readonly egress?: PolicyRule[];
}

/** A pod peer in the policy's own namespace. */
export function podsPeer(labels: { [key: string]: string }): any {
  return { podSelector: { matchLabels: sorted(labels) } };
}

/** A pod peer in a named namespace. */
export function podsInNamespacePeer(namespace: string, labels: { [key: string]: string }): any {
  return { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': namespace } }, podSelector: { matchLabels: sorted(labels) } };
}

function rules(list: PolicyRule[]): any[] {
  return list.map((r) => ({ peers: r.peers, ports: r.ports.map((p) => ({ protocol: p.protocol ?? 'TCP', port: p.port })) }));
}

function policySpec(policy: WorkloadPolicy): any {
  const ingress = rules(policy.ingress).map((r) => ({ from: r.peers, ports: r.ports }));
  const egress = policy.egress ? rules(policy.egress).map((r) => ({ to: r.peers, ports: r.ports })) : undefined;
  return {
    podSelector: { matchLabels: sorted(policy.selector) },
    policyTypes: egress ? ['Ingress', 'Egress'] : ['Ingress'],
    ...(ingress.length > 0 ? { ingress } : {}),
    ...(egress && egress.length > 0 ? { egress } : {}),
  };
}

/** Writes the NetworkPolicy of one role: ingress always isolated, egress when the cluster's facts are known. */
export function renderPolicy(scope: IConstruct, policy: WorkloadPolicy): ApiObject {
  return renderPolicies(scope, () => [policy])[0];
}

/**
 * Writes the NetworkPolicies of a workload's roles. Which policies exist is
 * decided now; their rules render at synth, so `addXxx` calls made later
 * (a path on object storage, a port) reach them.
 */
export function renderPolicies(scope: IConstruct, produce: () => WorkloadPolicy[]): ApiObject[] {
  return produce().map((policy) => new ApiObject(scope, policy.id, {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: policy.name, namespace: policy.namespace },
    spec: Lazy.any({ produce: () => policySpec(produce().find((p) => p.id === policy.id)!) }),
  }));
}

/**
 * The default deny of a namespace: a NetworkPolicy `default-deny` that
 * selects every pod and admits nothing, in or out. Every workload placed
 * there needs policies of its own admitting what it uses.
 */
export function renderDefaultDeny(scope: IConstruct, id: string, namespace: string, labels?: { [key: string]: string }): ApiObject {
  return new ApiObject(scope, id, {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'default-deny', namespace, labels },
    spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
  });
}

/** The cluster's network facts, checked, as the rules workloads combine. */
export class ClusterNetwork {
  constructor(private readonly options: SparkNetworkOptions) {}

  /** DNS, UDP and TCP, to the DNS pods. */
  public dns(): PolicyRule {
    const dns = this.options.dns ?? {};
    const port = dns.port ?? 53;
    return {
      peers: [podsInNamespacePeer(dns.namespace ?? 'kube-system', dns.podLabels ?? { 'k8s-app': 'kube-dns' })],
      ports: [{ port, protocol: 'UDP' }, { port, protocol: 'TCP' }],
    };
  }

  /** The API server's endpoints. */
  public apiServer(): PolicyRule {
    return cidrRule(this.options.apiServer);
  }

  /** Where the API server calls a webhook from: its endpoints' addresses. */
  public apiServerPeers(): any[] {
    return cidrPeers(this.options.apiServer);
  }

  /** Object storage, if the platform named any. */
  public objectStorage(): PolicyRule[] {
    return (this.options.objectStorage ?? []).map(cidrRule);
  }

  /** Maven repositories, if the platform named any. */
  public packageRepositories(): PolicyRule[] {
    return (this.options.packageRepositories ?? []).map(cidrRule);
  }

  /**
   * Fails where a pod's policy would cut it off from what it uses but the
   * facts name none: the object store it reads and writes (`objectStorage`,
   * what shows the use), the Maven packages it downloads at start (`packages`).
   * `who` is the pod in the message (`the driver`, `the server`).
   */
  public requireDestinations(scope: IConstruct, who: string, needs: { readonly objectStorage?: string; readonly packages?: string }): void {
    if (needs.objectStorage !== undefined && (this.options.objectStorage ?? []).length === 0) {
      fail(scope, 'network.objectStorage', undefined, `must name the object store of ${needs.objectStorage}: the NetworkPolicy admits object storage only where the network facts name it`,
        'add its address ranges (or in-cluster pods) and ports to \'objectStorage\' of \'network\' (or of the job namespace\'s network)');
    }
    if (needs.packages !== undefined && (this.options.packageRepositories ?? []).length === 0) {
      fail(scope, 'network.packageRepositories', undefined, `must name where ${who} downloads its packages (${needs.packages}) at start-up: its NetworkPolicy admits no repository`,
        'give the Maven repository\'s (or your proxy\'s) addresses and port, e.g. [{ cidrs: [\'151.101.0.0/16\'], ports: [443] }], or bake the packages into the image (for S3A: imageIncludesS3a: true)');
    }
  }

  /** The egress of a pod: DNS, the API server if it calls it, object storage if it uses it, repositories if it resolves packages. */
  public egress(options: { apiServer: boolean; objectStorage: boolean; packages?: boolean }): PolicyRule[] {
    return [
      this.dns(),
      ...(options.apiServer ? [this.apiServer()] : []),
      ...(options.objectStorage ? this.objectStorage() : []),
      ...(options.packages ? this.packageRepositories() : []),
    ];
  }
}

function cidrPeers(d: NetworkDestination): any[] {
  if (d.peers) return d.peers.map((p) => p._toPeer());
  return (d.cidrs ?? []).map((cidr) => {
    const except = (d.except ?? []).filter((e) => contains(parseCidr(cidr)!, parseCidr(e)!));
    return { ipBlock: { cidr, ...(except.length > 0 ? { except } : {}) } };
  });
}

function cidrRule(d: NetworkDestination): PolicyRule {
  return { peers: cidrPeers(d), ports: d.ports.map((port) => ({ port })) };
}

// --- checks -----------------------------------------------------------------

/** Checks the cluster's network facts; undefined stays undefined. */
export function checkNetwork(scope: IConstruct, prop: string, network: SparkNetworkOptions | undefined): ClusterNetwork | undefined {
  if (network === undefined) return undefined;
  checkMap(scope, prop, network, '{ apiServer: { cidrs: [\'10.0.0.10/32\'], ports: [443] } }', 'an object');
  if (network.apiServer === undefined) {
    fail(scope, `${prop}.apiServer`, undefined, 'must be set: drivers, submitters and the operator call the API server, and the operator\'s webhook is called from it',
      'pass the addresses and port of the \'kubernetes\' Service\'s endpoints (kubectl get endpointslices -n default -l kubernetes.io/service-name=kubernetes), e.g. { cidrs: [\'10.0.0.10/32\'], ports: [6443] }');
  }
  checkDestination(scope, `${prop}.apiServer`, network.apiServer);
  if (network.apiServer.peers !== undefined) {
    fail(scope, `${prop}.apiServer.peers`, network.apiServer.peers.map((p) => p._shown()), 'cannot name the API server: it is no pod, and NetworkPolicies see it by address',
      'give its endpoints\' addresses as \'cidrs\' instead');
  }
  for (const list of ['objectStorage', 'packageRepositories'] as const) {
    checkList(scope, `${prop}.${list}`, network[list], '[{ cidrs: [\'52.216.0.0/15\'], ports: [443] }]');
    (network[list] ?? []).forEach((d, i) => checkDestination(scope, `${prop}.${list}[${i}]`, d));
  }
  const dns = network.dns;
  if (dns !== undefined) {
    checkMap(scope, `${prop}.dns`, dns, '{ namespace: \'kube-system\' }', 'an object');
    if (dns.namespace !== undefined) checkDns1123Label(scope, `${prop}.dns.namespace`, dns.namespace);
    checkSelectorLabels(scope, `${prop}.dns.podLabels`, dns.podLabels);
    if (dns.port !== undefined) checkPort(scope, `${prop}.dns.port`, dns.port);
  }
  return new ClusterNetwork(network);
}

function checkDestination(scope: IConstruct, prop: string, d: NetworkDestination): void {
  checkMap(scope, prop, d, '{ cidrs: [\'10.0.0.0/16\'], ports: [443] }', 'an object');
  checkStringList(scope, `${prop}.cidrs`, d.cidrs);
  if ((d.cidrs === undefined) === (d.peers === undefined)) {
    fail(scope, prop, d.cidrs ?? d.peers?.map((p) => p._shown()), d.cidrs ? 'gives both \'cidrs\' and \'peers\'' : 'gives neither \'cidrs\' nor \'peers\'',
      'give the addresses as \'cidrs\', or the pods in the cluster as \'peers\'');
  }
  if (d.peers !== undefined) {
    checkPeers(scope, `${prop}.peers`, d.peers, 'name the pods, e.g. [NetworkPeer.podsInNamespace(\'storage\', { app: \'minio\' })]');
    if (d.except !== undefined) fail(scope, `${prop}.except`, d.except, 'only applies to \'cidrs\'', 'remove it');
  }
  const cidrs = d.cidrs ?? [];
  if (d.cidrs !== undefined && cidrs.length === 0) {
    fail(scope, `${prop}.cidrs`, [], 'is empty, so the rule would admit no address (or, written out, every address)', 'name the CIDRs, e.g. [\'10.0.0.0/16\']');
  }
  cidrs.forEach((c, i) => checkCidr(scope, `${prop}.cidrs[${i}]`, c));
  checkStringList(scope, `${prop}.except`, d.except);
  (d.except ?? []).forEach((e, i) => {
    checkCidr(scope, `${prop}.except[${i}]`, e);
    const inside = cidrs.filter((c) => contains(parseCidr(c)!, parseCidr(e)!) && parseCidr(c)!.bits < parseCidr(e)!.bits);
    if (inside.length === 0) {
      fail(scope, `${prop}.except[${i}]`, e, `is not a smaller range inside any of ${JSON.stringify(cidrs)} (the API server rejects such an except)`, 'remove it, or list a sub-range of one of the CIDRs');
    }
  });
  checkList(scope, `${prop}.ports`, d.ports, '[443]');
  if (d.ports === undefined || d.ports.length === 0) {
    fail(scope, `${prop}.ports`, d.ports, 'must name at least one port: a rule without ports admits every port', 'list the ports, e.g. [443]');
  }
  d.ports.forEach((p, i) => checkPort(scope, `${prop}.ports[${i}]`, p));
}

/** Checks a TCP/UDP port number. */
function checkPort(scope: IConstruct, prop: string, port: unknown): void {
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) {
    fail(scope, prop, port, 'must be a port number from 1 to 65535', 'use e.g. 443');
  }
}

function checkSelectorLabels(scope: IConstruct, prop: string, labels: { [key: string]: string } | undefined): void {
  if (labels === undefined) return;
  checkLabels(scope, prop, labels);
  if (Object.keys(labels).length === 0) {
    fail(scope, prop, labels, 'selects every pod (an empty label selector)', 'name the pods\' labels');
  }
}

/** Checks an allow list of peers: present means at least one, each naming a namespace, labels or a CIDR. */
export function checkPeers(scope: IConstruct, prop: string, peers: NetworkPeer[] | undefined, emptyFix: string): void {
  checkList(scope, prop, peers, '[NetworkPeer.namespace(\'notebooks\')]');
  if (peers === undefined) return;
  if (peers.length === 0) {
    fail(scope, prop, [], 'is empty, and a NetworkPolicy rule without peers admits every source', emptyFix);
  }
  peers.forEach((peer, i) => {
    checkShape(scope, `${prop}[${i}]`, peer, (p) => typeof p?._toPeer === 'function', 'a NetworkPeer',
      typeof peer === 'string' ? `use NetworkPeer.namespace('${peer}')` : 'use NetworkPeer.namespace(name), .pods(labels), .podsInNamespace(name, labels) or .cidr(cidr)');
    if (peer._namespace !== undefined) checkDns1123Label(scope, `${prop}[${i}].namespace`, peer._namespace);
    if (peer._labels !== undefined) {
      if (Object.keys(peer._labels).length === 0) {
        fail(scope, `${prop}[${i}]`, peer._labels, 'selects every pod (an empty label selector) although the NetworkPolicy is meant to restrict access',
          'name the client pods\' labels, or use NetworkPeer.namespace(name) to admit a whole namespace');
      }
      checkLabels(scope, `${prop}[${i}].labels`, peer._labels);
    }
    if (peer._cidr !== undefined) {
      checkCidr(scope, `${prop}[${i}].cidr`, peer._cidr);
      (peer._except ?? []).forEach((e, j) => {
        checkCidr(scope, `${prop}[${i}].except[${j}]`, e);
        if (!contains(parseCidr(peer._cidr!)!, parseCidr(e)!) || parseCidr(e)!.bits <= parseCidr(peer._cidr!)!.bits) {
          fail(scope, `${prop}[${i}].except[${j}]`, e, `is not a smaller range inside '${peer._cidr}' (the API server rejects such an except)`, 'remove it, or list a sub-range of the CIDR');
        }
      });
    }
  });
}

/**
 * Checks an allow list (`allowFrom`, `uiAllowFrom`, `metricsAllowFrom`) and
 * that there are NetworkPolicies for it to go into.
 */
export function checkAllowList(
  scope: IConstruct, prop: string, peers: NetworkPeer[] | undefined, policies: boolean, emptyFix: string,
  networkFix: string = 'pass \'network\' (or a jobNamespace created with \'network\')',
): void {
  checkPeers(scope, prop, peers, emptyFix);
  if (peers !== undefined && !policies) {
    fail(scope, prop, peers.map((p) => p._shown()), 'needs NetworkPolicies, which need the cluster\'s network facts', `${networkFix}, or remove '${prop}'`);
  }
}

// --- CIDRs -------------------------------------------------------------------

interface Cidr {
  /** The address as a big integer. */
  readonly value: bigint;
  /** The prefix length. */
  readonly bits: number;
  /** 32 or 128. */
  readonly width: number;
}

/** Parses `address/bits` (IPv4 or IPv6); undefined when it is not a CIDR. */
function parseCidr(s: unknown): Cidr | undefined {
  if (typeof s !== 'string') return undefined;
  const m = /^([^/]+)\/(0|[1-9][0-9]{0,2})$/.exec(s);
  if (!m) return undefined;
  const v4 = parseIpv4(m[1]);
  const width = v4 !== undefined ? 32 : 128;
  const value = v4 ?? parseIpv6(m[1]);
  const bits = Number(m[2]);
  if (value === undefined || bits > width) return undefined;
  return { value, bits, width };
}

/** The address with the host bits cleared. */
function networkOf(c: Cidr): bigint {
  return c.value - (c.value % (2n ** BigInt(c.width - c.bits)));
}

/** Whether a CIDR lies inside another (same family). */
function contains(outer: Cidr, inner: Cidr): boolean {
  if (outer.width !== inner.width || inner.bits < outer.bits) return false;
  return networkOf({ ...inner, bits: outer.bits }) === networkOf(outer);
}

function formatNetwork(c: Cidr): string {
  const n = networkOf(c);
  if (c.width === 32) {
    return `${[3n, 2n, 1n, 0n].map((k) => String((n / 256n ** k) % 256n)).join('.')}/${c.bits}`;
  }
  const groups = Array.from({ length: 8 }, (_, i) => ((n / 65536n ** BigInt(7 - i)) % 65536n).toString(16));
  return `${groups.join(':').replace(/(^|:)0(:0)+(:|$)/, '::')}/${c.bits}`;
}

/** Checks a CIDR: its syntax, and no host bits (`10.0.0.1/24` is a mistake for `10.0.0.0/24` or `10.0.0.1/32`). */
function checkCidr(scope: IConstruct, prop: string, value: unknown): void {
  const cidr = parseCidr(value);
  if (!cidr) {
    fail(scope, prop, value, 'is not a CIDR (an IPv4 or IPv6 address, \'/\' and a prefix length)', 'write e.g. \'10.0.0.0/16\', \'10.0.0.10/32\' or \'fd00::/64\'');
  }
  if (networkOf(cidr) !== cidr.value) {
    const single = cidr.width === 32 ? `${String(value).split('/')[0]}/32` : `${String(value).split('/')[0]}/128`;
    fail(scope, prop, value, 'has host bits set below its prefix', `write '${formatNetwork(cidr)}' for the range or '${single}' for the one address`);
  }
}
