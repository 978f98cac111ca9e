/**
 * NetworkPolicy proof: for a set of synthesized documents, every connection Spark needs is
 * allowed and nothing else is. Pure (no cdk8s), in three parts:
 *
 * 1. An evaluator of networking.k8s.io/v1 NetworkPolicy semantics on explicit endpoints
 *    (policyIndex, evaluate, isAllowed; labelSelectorMatches, cidrContains).
 * 2. The pods that will run, with the labels they will really carry (networkPods): workload
 *    templates, and the pods Spark and the operators create (projection.ts plus the labels
 *    added at runtime).
 * 3. The connections Spark needs (neededConnections) and the check (networkFindings):
 *    sufficient (each needed connection is allowed) and minimal (no connection to or from a
 *    pod a policy governs is allowed unless it is needed), over probe endpoints.
 *
 * Assumptions of the evaluator (Kubernetes docs, "Network Policies", and the API reference of
 * NetworkPolicySpec):
 * - A pod is isolated for ingress (egress) iff a policy of its namespace selects it and lists
 *   Ingress (Egress) in policyTypes. policyTypes defaults to Ingress, plus Egress when the egress
 *   list is non-empty (kubernetes pkg/apis/networking/v1/defaults.go SetDefaults_NetworkPolicySpec:
 *   `len(obj.Egress) != 0`), so `egress: []` without policyTypes isolates nothing for egress.
 * - A missing spec.podSelector decodes to the empty selector (LabelSelector is a value field of
 *   NetworkPolicySpec), which selects every pod of the namespace.
 * - ipBlock never matches a pod: pod IPs are unknown here, and whether an ipBlock covering the
 *   pod CIDR admits pods is left to the network plugin (the docs advise against relying on it).
 * - Node-local traffic (kubelet probes, hostNetwork pods) is not modelled.
 * - Addresses are the ones NetworkPolicy sees: a Service's ClusterIP is translated before the
 *   policy applies, so env.apiServer lists the API server's endpoint IPs and port, not
 *   kubernetes.default.svc:443.
 */
import * as YAML from 'yaml';
import { isSparkResource, projectSparkPods, workloadPods } from './projection';
import { apacheSparkVersion, effectiveSparkConf, parseSparkDefaults, submitConf } from './spark-conf';
import { isObject } from './types';

export type Protocol = 'TCP' | 'UDP' | 'SCTP';

export type Labels = { readonly [key: string]: string };

export interface ContainerPort {
  readonly name?: string;
  readonly port: number;
  /** @default 'TCP' */
  readonly protocol?: Protocol;
}

/** A pod: where it runs, the labels it carries, the ports its containers declare, and what it is. */
export interface NetPod {
  readonly namespace: string;
  readonly labels: Labels;
  readonly containerPorts?: readonly ContainerPort[];
  /** e.g. `SparkApplication/pi [driver]`, `Deployment/history`, `probe pod`. */
  readonly source: string;
}

/** An address outside the pod network (API server, object storage, anything external). */
export interface NetIp {
  readonly ip: string;
  readonly source?: string;
}

export type Endpoint = NetPod | NetIp;

export interface Connection {
  readonly from: Endpoint;
  readonly to: Endpoint;
  readonly port: number;
  readonly protocol: Protocol;
  /** Why it is needed. */
  readonly why?: string;
}

/** A client the test declares: `from` must reach the pods in `to.namespace` carrying `to.labels` on `port`. */
export interface ClientAccess {
  readonly from: Endpoint;
  readonly to: { readonly namespace: string; readonly labels: Labels };
  /** A number, or the name of a container port of the target pods. */
  readonly port: number | string;
  /** @default 'TCP' */
  readonly protocol?: Protocol;
  readonly why?: string;
}

/** What the cluster around the documents looks like. */
export interface NetworkEnv {
  /** The API server's endpoint addresses and port (as NetworkPolicy sees them, after Service translation). */
  readonly apiServer: { readonly ips: string[]; readonly port: number };
  /** @default - pods labelled `k8s-app: kube-dns` in `kube-system` (CoreDNS and kube-dns both carry it) */
  readonly dns?: { readonly namespace: string; readonly labels: Labels };
  /**
   * Object storage endpoints, needed by workloads that use `s3a://`; `cidrs`, when given, is the
   * whole range the store answers from (a rule admitting it is not over-broad). @default - none
   */
  readonly objectStorage?: {
    readonly ips: string[];
    readonly port: number;
    readonly cidrs?: string[];
    /** An in-cluster store (MinIO): its pods, reached instead of `ips`. */
    readonly pods?: { readonly namespace: string; readonly labels: Labels };
  }[];
  /**
   * Maven repositories (or a proxy) that drivers resolving `spark.jars.packages` download from at
   * start-up (SparkSubmit resolves them in the driver's pod; executors fetch the jars from the
   * driver). `cidrs` as for object storage. @default - none
   */
  readonly packageRepositories?: { readonly ips: string[]; readonly port: number; readonly cidrs?: string[] }[];
  /** Client peers that must reach gRPC/UI ports. @default - none */
  readonly clients?: ClientAccess[];
}

export interface NetworkCheckOptions {
  /** Report every inventory pod that no NetworkPolicy selects. @default false */
  readonly requireCoverage?: boolean;
}

// ---------------------------------------------------------------------------------------------
// 1. Evaluator
// ---------------------------------------------------------------------------------------------

export function isIp(e: Endpoint): e is NetIp {
  return typeof (e as NetIp).ip === 'string';
}

/** One NetworkPolicy as the evaluator reads it. */
export interface ParsedPolicy {
  /** `namespace/name` */
  readonly id: string;
  readonly namespace: string;
  readonly podSelector: unknown;
  readonly ingress: readonly any[];
  readonly egress: readonly any[];
  readonly isolates: { readonly ingress: boolean; readonly egress: boolean };
}

/** The NetworkPolicies of a set of documents, indexed by namespace, and the namespaces' labels. */
export interface PolicyIndex {
  readonly policies: readonly ParsedPolicy[];
  namespaceLabels(namespace: string): Labels;
  /** The policies of the pod's namespace that select it (cached per pod object). */
  selecting(pod: NetPod): readonly ParsedPolicy[];
}

/** Objects without a namespace land in the one they are applied to; `default` stands for it here. */
function namespaceOf(doc: any): string {
  return typeof doc?.metadata?.namespace === 'string' && doc.metadata.namespace !== '' ? doc.metadata.namespace : 'default';
}

function list(v: unknown): any[] {
  return Array.isArray(v) ? v : [];
}

function hasLabel(labels: Labels, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(labels, key);
}

/**
 * Whether a LabelSelector matches a label set: matchLabels AND matchExpressions (In, NotIn,
 * Exists, DoesNotExist). `{}` matches everything; null/undefined matches nothing; anything the
 * API server would reject (unknown operator, In/NotIn without values) matches nothing.
 */
export function labelSelectorMatches(selector: unknown, labels: Labels): boolean {
  if (!isObject(selector)) return false;
  const matchLabels = selector.matchLabels;
  if (matchLabels !== undefined && matchLabels !== null) {
    if (!isObject(matchLabels)) return false;
    for (const [k, v] of Object.entries(matchLabels)) {
      if (!hasLabel(labels, k) || labels[k] !== String(v)) return false;
    }
  }
  const expressions = selector.matchExpressions;
  if (expressions !== undefined && expressions !== null) {
    if (!Array.isArray(expressions)) return false;
    for (const e of expressions) {
      if (!isObject(e) || typeof e.key !== 'string') return false;
      const values = list(e.values).map(String);
      const has = hasLabel(labels, e.key);
      switch (e.operator) {
        case 'In':
          if (values.length === 0 || !has || !values.includes(labels[e.key])) return false;
          break;
        case 'NotIn':
          if (values.length === 0 || (has && values.includes(labels[e.key]))) return false;
          break;
        case 'Exists':
          if (values.length > 0 || !has) return false;
          break;
        case 'DoesNotExist':
          if (values.length > 0 || has) return false;
          break;
        default:
          return false;
      }
    }
  }
  return true;
}

function parseIpv4(s: string): bigint | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return undefined;
    n = n * 256n + BigInt(Number(p));
  }
  return n;
}

function parseIpv6(s: string): bigint | undefined {
  let text = s;
  // A trailing dotted IPv4 part (::ffff:192.0.2.1) stands for the last two groups.
  const last = text.lastIndexOf(':');
  if (last >= 0 && text.slice(last + 1).includes('.')) {
    const v4 = parseIpv4(text.slice(last + 1));
    if (v4 === undefined) return undefined;
    text = `${text.slice(0, last + 1)}${(v4 / 65536n).toString(16)}:${(v4 % 65536n).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (h: string) => (h === '' ? [] : h.split(':'));
  const head = groups(halves[0]);
  const tail = halves.length === 2 ? groups(halves[1]) : [];
  if (halves.length === 1 ? head.length !== 8 : head.length + tail.length > 7) return undefined;
  const all = [...head, ...Array(8 - head.length - tail.length).fill('0'), ...tail];
  let n = 0n;
  for (const g of all) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
    n = n * 65536n + BigInt(parseInt(g, 16));
  }
  return n;
}

/** An IPv4 or IPv6 address as a number and its width in bits, or undefined when it is not one. */
function parseIp(s: string): { value: bigint; bits: 32 | 128 } | undefined {
  if (typeof s !== 'string') return undefined;
  if (s.includes(':')) {
    const value = parseIpv6(s);
    return value === undefined ? undefined : { value, bits: 128 };
  }
  const value = parseIpv4(s);
  return value === undefined ? undefined : { value, bits: 32 };
}

/** Whether `ip` lies in `cidr` (IPv4 or IPv6; different families never match; malformed input never matches). */
export function cidrContains(cidr: string, ip: string): boolean {
  if (typeof cidr !== 'string' || !/^[^/]+\/\d{1,3}$/.test(cidr)) return false;
  const [address, prefixText] = cidr.split('/');
  const net = parseIp(address);
  const addr = parseIp(ip);
  const prefix = Number(prefixText);
  if (!net || !addr || net.bits !== addr.bits || prefix > net.bits) return false;
  const size = 2n ** BigInt(net.bits - prefix);
  return net.value / size === addr.value / size;
}

/** The first and last address of a CIDR, or undefined when it is not one. */
function cidrRange(cidr: unknown): { first: bigint; last: bigint; bits: 32 | 128 } | undefined {
  if (typeof cidr !== 'string' || !/^[^/]+\/\d{1,3}$/.test(cidr)) return undefined;
  const [address, prefixText] = cidr.split('/');
  const net = parseIp(address);
  const prefix = Number(prefixText);
  if (!net || prefix > net.bits) return undefined;
  const size = 2n ** BigInt(net.bits - prefix);
  const first = net.value - (net.value % size);
  return { first, last: first + size - 1n, bits: net.bits };
}

function formatIp(value: bigint, bits: 32 | 128): string {
  if (bits === 32) return [3n, 2n, 1n, 0n].map((i) => String((value / 256n ** i) % 256n)).join('.');
  return Array.from({ length: 8 }, (_, i) => ((value / 65536n ** BigInt(7 - i)) % 65536n).toString(16)).join(':');
}

/**
 * Identity of an endpoint as policies see it: an address, or a pod's namespace and labels (two
 * pods that agree on both are indistinguishable to any NetworkPolicy).
 */
const keyCache = new WeakMap<Endpoint, string>();

function endpointKey(e: Endpoint): string {
  let key = keyCache.get(e);
  if (key === undefined) {
    key = isIp(e) ? `ip:${e.ip}` : `pod:${e.namespace}|${JSON.stringify(Object.entries(e.labels).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)))}`;
    keyCache.set(e, key);
  }
  return key;
}

function connectionKey(from: Endpoint, to: Endpoint, protocol: Protocol, port: number): string {
  return `${endpointKey(from)}>${endpointKey(to)}:${protocol}/${port}`;
}

function parsePolicy(doc: any): ParsedPolicy | undefined {
  if (!isObject(doc) || doc.kind !== 'NetworkPolicy' || doc.apiVersion !== 'networking.k8s.io/v1') return undefined;
  const spec: any = isObject(doc.spec) ? doc.spec : {};
  const egress = list(spec.egress);
  const declared = list(spec.policyTypes);
  const types = declared.length > 0 ? declared : ['Ingress', ...(egress.length > 0 ? ['Egress'] : [])];
  const namespace = namespaceOf(doc);
  return {
    id: `${namespace}/${doc.metadata?.name ?? '<no name>'}`,
    namespace,
    podSelector: spec.podSelector === undefined ? {} : spec.podSelector,
    ingress: list(spec.ingress),
    egress,
    isolates: { ingress: types.includes('Ingress'), egress: types.includes('Egress') },
  };
}

/**
 * The NetworkPolicies in the documents. Every namespace carries `kubernetes.io/metadata.name`
 * (set by the API server since 1.21, NamespaceDefaultLabelName), plus the labels of its Namespace
 * object when the documents hold one.
 */
export function policyIndex(docs: any[]): PolicyIndex {
  const byNamespace = new Map<string, ParsedPolicy[]>();
  const labels = new Map<string, Labels>();
  const policies: ParsedPolicy[] = [];
  for (const doc of Array.isArray(docs) ? docs : []) {
    const policy = parsePolicy(doc);
    if (policy) {
      policies.push(policy);
      byNamespace.set(policy.namespace, [...(byNamespace.get(policy.namespace) ?? []), policy]);
    }
    if (isObject(doc) && doc.kind === 'Namespace' && doc.apiVersion === 'v1' && typeof doc.metadata?.name === 'string') {
      labels.set(doc.metadata.name, { ...(isObject(doc.metadata.labels) ? doc.metadata.labels : {}) });
    }
  }
  const cache = new WeakMap<NetPod, readonly ParsedPolicy[]>();
  const namespaceCache = new Map<string, Labels>();
  return {
    policies,
    namespaceLabels: (namespace) => {
      let found = namespaceCache.get(namespace);
      if (!found) {
        found = { ...(labels.get(namespace) ?? {}), 'kubernetes.io/metadata.name': namespace };
        namespaceCache.set(namespace, found);
      }
      return found;
    },
    selecting: (pod) => {
      let found = cache.get(pod);
      if (!found) {
        found = (byNamespace.get(pod.namespace) ?? []).filter((p) => labelSelectorMatches(p.podSelector, pod.labels));
        cache.set(pod, found);
      }
      return found;
    },
  };
}

/** Whether a NetworkPolicyPeer of a policy in `namespace` matches an endpoint. */
function peerMatches(index: PolicyIndex, peer: any, namespace: string, e: Endpoint): boolean {
  if (!isObject(peer)) return false;
  if (isObject(peer.ipBlock)) {
    if (!isIp(e)) return false;
    return cidrContains(peer.ipBlock.cidr, e.ip) && !list(peer.ipBlock.except).some((x) => cidrContains(x, e.ip));
  }
  const pods = peer.podSelector;
  const namespaces = peer.namespaceSelector;
  if ((pods === undefined || pods === null) && (namespaces === undefined || namespaces === null)) return false;
  if (isIp(e)) return false;
  const namespaceOk = namespaces === undefined || namespaces === null
    ? e.namespace === namespace
    : labelSelectorMatches(namespaces, index.namespaceLabels(e.namespace));
  return namespaceOk && (pods === undefined || pods === null || labelSelectorMatches(pods, e.labels));
}

/** Whether a NetworkPolicyPort admits (port, protocol) on `destination`; a named port resolves against its containerPorts. */
function portMatches(p: any, destination: Endpoint, port: number, protocol: Protocol): boolean {
  if (!isObject(p)) return false;
  const proto = p.protocol ?? 'TCP';
  if (proto !== protocol) return false;
  if (p.port === undefined || p.port === null) return true;
  if (typeof p.port === 'number') {
    return typeof p.endPort === 'number' ? port >= p.port && port <= p.endPort : port === p.port;
  }
  if (isIp(destination)) return false;
  return (destination.containerPorts ?? []).some((c) => c.name === p.port && (c.protocol ?? 'TCP') === proto && c.port === port);
}

/** Whether a rule's peers (ingress: `from`; egress: `to`) admit the peer. An empty or missing list admits all. */
function rulePeersMatch(index: PolicyIndex, rule: any, peersKey: 'from' | 'to', namespace: string, peer: Endpoint): boolean {
  if (!isObject(rule)) return false;
  const peers = list(rule[peersKey]);
  return peers.length === 0 || peers.some((x) => peerMatches(index, x, namespace, peer));
}

/** Whether a rule's ports admit (port, protocol) on the destination. An empty or missing list admits all. */
function rulePortsMatch(rule: any, destination: Endpoint, port: number, protocol: Protocol): boolean {
  const ports = list(rule?.ports);
  return ports.length === 0 || ports.some((p) => portMatches(p, destination, port, protocol));
}

/** One side of a pair of endpoints, before the port: the policies that isolate it and their rules whose peers match. */
interface SidePeers {
  readonly isolated: boolean;
  readonly policies: readonly string[];
  readonly rules: readonly { readonly id: string; readonly rule: any }[];
}

function sidePeers(index: PolicyIndex, pod: NetPod, direction: 'ingress' | 'egress', peer: Endpoint): SidePeers {
  const selecting = index.selecting(pod).filter((p) => p.isolates[direction]);
  const rules = selecting.flatMap((p) => p[direction]
    .filter((rule) => rulePeersMatch(index, rule, direction === 'ingress' ? 'from' : 'to', p.namespace, peer))
    .map((rule) => ({ id: p.id, rule })));
  return { isolated: selecting.length > 0, policies: selecting.map((p) => p.id), rules };
}

function sideVerdict(s: SidePeers, destination: Endpoint, port: number, protocol: Protocol): SideVerdict {
  const admittedBy = [...new Set(s.rules.filter(({ rule }) => rulePortsMatch(rule, destination, port, protocol)).map(({ id }) => id))];
  return { isolated: s.isolated, policies: s.policies, admittedBy, allowed: !s.isolated || admittedBy.length > 0 };
}

/** One side of a connection: whether that side is isolated, which policies admit it, and the outcome. */
export interface SideVerdict {
  readonly isolated: boolean;
  /** The selecting policies of that direction (`namespace/name`). */
  readonly policies: readonly string[];
  /** Those whose rules admit the connection. */
  readonly admittedBy: readonly string[];
  readonly allowed: boolean;
}

export interface Decision {
  readonly allowed: boolean;
  /** The source pod's egress (absent when the source is an address or not evaluated). */
  readonly egress?: SideVerdict;
  /** The destination pod's ingress (absent when the destination is an address or not evaluated). */
  readonly ingress?: SideVerdict;
}

function side(index: PolicyIndex, pod: NetPod, direction: 'ingress' | 'egress', peer: Endpoint, c: Connection): SideVerdict {
  return sideVerdict(sidePeers(index, pod, direction, peer), c.to, c.port, c.protocol);
}

/**
 * Whether a connection is allowed: the source's egress (when it is a pod) and the destination's
 * ingress (when it is a pod) both admit it. `sides` limits the evaluation to the pods whose
 * policies are known (the documents'); by default every pod side is evaluated.
 */
export function evaluate(index: PolicyIndex, c: Connection, sides: { readonly egress?: boolean; readonly ingress?: boolean } = {}): Decision {
  const egress = !isIp(c.from) && sides.egress !== false ? side(index, c.from, 'egress', c.to, c) : undefined;
  const ingress = !isIp(c.to) && sides.ingress !== false ? side(index, c.to, 'ingress', c.from, c) : undefined;
  return { allowed: (egress?.allowed ?? true) && (ingress?.allowed ?? true), egress, ingress };
}

export function isAllowed(index: PolicyIndex, c: Connection): boolean {
  return evaluate(index, c).allowed;
}

/** Whether a pod is isolated for ingress and for egress. */
export function isolation(index: PolicyIndex, pod: NetPod): { ingress: boolean; egress: boolean } {
  const selecting = index.selecting(pod);
  return { ingress: selecting.some((p) => p.isolates.ingress), egress: selecting.some((p) => p.isolates.egress) };
}

// ---------------------------------------------------------------------------------------------
// 2. Pod inventory
// ---------------------------------------------------------------------------------------------

type Conf = { [key: string]: string };

type Role = 'driver' | 'executor' | 'connect-server' | 'submitter' | 'master' | 'worker' | 'history-server' | 'operator-controller' | 'operator-webhook' | 'workload';

interface Member {
  readonly pod: NetPod;
  readonly role: Role;
}

/** A Spark application: its driver(s) and the executors it creates or uses. */
interface SparkApp {
  readonly source: string;
  readonly conf: Conf;
  readonly drivers: NetPod[];
  /** Executor pods Spark creates on Kubernetes. */
  readonly executors: NetPod[];
  /** The Kubeflow operator's controller submits it (and so resolves its packages first). */
  readonly submittedByController?: boolean;
  /** A standalone master URL (`spark://...`): the executors run in that master's workers. */
  readonly standalone?: { readonly url: string; readonly namespace: string };
  /**
   * Cluster mode on Kubernetes: DriverServiceFeatureStep pins the driver ports, default 7078 and
   * 7079 (Constants.scala DEFAULT_DRIVER_PORT, DEFAULT_BLOCKMANAGER_PORT). In client mode they
   * default to 0, a random port (core config DRIVER_PORT, DRIVER_BLOCK_MANAGER_PORT).
   */
  readonly clusterMode: boolean;
  /** The driver asks the API server for executor pods (`k8s://` master). */
  readonly createsExecutors: boolean;
  readonly s3a: boolean;
}

/** A standalone daemon (spark-class Master/Worker, start-master.sh/start-worker.sh, SparkCluster pods). */
interface Daemon {
  readonly pod: NetPod;
  readonly role: 'master' | 'worker';
  /** Master: its RPC port; worker: its RPC port, undefined when random. */
  readonly port?: number;
  /** The master URLs a worker registers with. */
  readonly masterUrls: string[];
}

interface Model {
  readonly members: Member[];
  readonly apps: SparkApp[];
  readonly daemons: Daemon[];
  /** Pods that talk to the API server, with why. */
  readonly apiUsers: { pod: NetPod; why: string }[];
  /** Pods that read object storage, with why. */
  readonly storageUsers: { pod: NetPod; why: string }[];
  /** Pods outside Spark applications that resolve Maven packages at start (a History Server launched by spark-submit). */
  readonly packageUsers: { pod: NetPod; why: string }[];
  readonly webhooks: { pod: NetPod; port: number }[];
  readonly docs: any[];
  readonly findings: string[];
}

const PLACEHOLDER = {
  appId: '<spark-app-id>',
  executorId: '<executor-id>',
  sparkVersion: '<spark-version>',
  submissionId: '<submission-id>',
};

/** Label keys of the Kubeflow operator, pkg/common/spark.go L325-360 at v2.5.2. */
const KUBEFLOW = {
  appName: 'sparkoperator.k8s.io/app-name',
  connectName: 'sparkoperator.k8s.io/connect-name',
  scheduledAppName: 'sparkoperator.k8s.io/scheduled-app-name',
  launchedBy: 'sparkoperator.k8s.io/launched-by-spark-operator',
  mutatedBy: 'sparkoperator.k8s.io/mutated-by-spark-operator',
  submissionId: 'sparkoperator.k8s.io/submission-id',
};

function stringLabels(v: unknown): { [key: string]: string } {
  return isObject(v) ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, String(x)])) : {};
}

/** A conf map's entries under a prefix (SparkConf.getAllWithPrefix, as KubernetesUtils.parsePrefixedKeyValuePairs reads labels). */
function withPrefix(conf: Conf, prefix: string): { [key: string]: string } {
  return Object.fromEntries(Object.entries(conf).filter(([k]) => k.startsWith(prefix) && k.length > prefix.length).map(([k, v]) => [k.slice(prefix.length), String(v)]));
}

/**
 * The value of `spark-app-name`, an approximation of KubernetesConf.getAppNameLabel (lower case,
 * characters outside [a-z0-9-] as `-`, at most 63).
 */
function appNameLabel(name: string | undefined): string {
  if (!name) return '<spark-app-name>';
  // A name only known at runtime stays a placeholder.
  if (name.includes('<')) return name;
  return name.toLowerCase().trim().replace(/[^a-z0-9-]/g, '-').replace(/-+/g, '-').replace(/^-|-$/g, '').slice(0, 63);
}

/**
 * The labels Spark itself puts on the pods it builds (Spark 4.x KubernetesConf.scala: driver
 * labels, and executor labels at v4.1.2 L200-220): the role's `spark.kubernetes.<role>.label.*`
 * confs, then the preset labels, which win (`customLabels ++ presetLabels`). BasicDriverFeatureStep
 * and BasicExecutorFeatureStep `addToLabels` them over the template's, which stay. Values only known
 * at runtime (application id, executor id, the image's Spark version when unknown) are
 * placeholders, so Exists/DoesNotExist selectors on them evaluate right and value selectors do not
 * match.
 */
function sparkLabels(base: Labels, conf: Conf, role: 'driver' | 'executor', appName: string | undefined, version: string | undefined): Labels {
  return {
    ...base,
    ...withPrefix(conf, `spark.kubernetes.${role}.label.`),
    'spark-version': version ?? PLACEHOLDER.sparkVersion,
    'spark-app-selector': PLACEHOLDER.appId,
    'spark-app-name': appNameLabel(appName),
    'spark-role': role,
    ...(role === 'executor' ? { 'spark-exec-id': PLACEHOLDER.executorId, 'spark-resource-profile-id': '0' } : {}),
  };
}

function containerPorts(spec: any): ContainerPort[] {
  const out: ContainerPort[] = [];
  for (const c of [...list(spec?.containers), ...list(spec?.initContainers)]) {
    for (const p of list(c?.ports)) {
      const port = Number(p?.containerPort);
      if (Number.isInteger(port) && port > 0) out.push({ name: typeof p.name === 'string' ? p.name : undefined, port, protocol: p.protocol ?? 'TCP' });
    }
  }
  return out;
}

/** A fixed port from a conf or env value; undefined for unset, 0 (random) or garbage. */
function fixedPort(v: unknown): number | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  const n = Number(v);
  return Number.isInteger(n) && n > 0 && n < 65536 ? n : undefined;
}

/**
 * The driver ports Spark declares on a driver pod it builds (BasicDriverFeatureStep:
 * driver-rpc-port, blockmanager, spark-ui), with the cluster-mode defaults.
 */
function sparkDriverPorts(conf: Conf): ContainerPort[] {
  const { rpc, blocks } = driverPorts(conf, true);
  return [
    ...(rpc !== undefined ? [{ name: 'driver-rpc-port', port: rpc, protocol: 'TCP' as const }] : []),
    ...(blocks !== undefined ? [{ name: 'blockmanager', port: blocks, protocol: 'TCP' as const }] : []),
    { name: 'spark-ui', port: fixedPort(conf['spark.ui.port']) ?? 4040, protocol: 'TCP' },
  ];
}

/**
 * The driver's RPC and block manager ports; undefined when random. Cluster mode on Kubernetes:
 * DriverServiceFeatureStep reads spark.driver.port (default 7078) and spark.driver.blockManager.port
 * (default 7079, DEFAULT_BLOCKMANAGER_PORT: spark.blockManager.port is not consulted) with
 * SparkConf.getInt and passes them on as system properties. Client mode: core config DRIVER_PORT
 * (default 0, random) and DRIVER_BLOCK_MANAGER_PORT, whose fallback is spark.blockManager.port
 * (default 0, random).
 */
function driverPorts(conf: Conf, clusterMode: boolean): { rpc?: number; blocks?: number } {
  const value = (key: string, fallback: () => number | undefined) => (key in conf ? fixedPort(conf[key]) : fallback());
  return {
    rpc: value('spark.driver.port', () => (clusterMode ? 7078 : undefined)),
    blocks: value('spark.driver.blockManager.port', () => (clusterMode ? 7079 : value('spark.blockManager.port', () => undefined))),
  };
}

function mentionsS3a(...values: unknown[]): boolean {
  return values.some((v) => (typeof v === 'string' ? v : JSON.stringify(v ?? '')).includes('s3a://'));
}

/** An application that uses object storage: it configures S3A (`spark.hadoop.fs.s3a.*`) or names an `s3a://` path. */
function usesS3a(conf: Conf, ...values: unknown[]): boolean {
  return Object.keys(conf).some((k) => k.startsWith('spark.hadoop.fs.s3a.')) || mentionsS3a(...Object.values(conf), ...values);
}

/** The operator labels of a Kubeflow SparkApplication's pods (submission.go driverConfOption L324-409, executorConfOption L697-776 at v2.5.2). */
function kubeflowAppLabels(doc: any, spec: any, role: 'driver' | 'executor', appName: string): Labels {
  const scheduled = doc.kind === 'ScheduledSparkApplication';
  // scheduledsparkapplication/controller.go L270-280: the run's SparkApplication is named
  // `<name>-<timestamp>` and carries scheduled-app-name plus the ScheduledSparkApplication's labels.
  const metadata = {
    ...(scheduled ? { [KUBEFLOW.scheduledAppName]: doc.metadata?.name } : {}),
    ...stringLabels(doc.metadata?.labels),
  };
  // Kueue labels are not propagated (submission.go L394-403).
  const propagated = Object.fromEntries(Object.entries(metadata).filter(([k]) => !k.startsWith('kueue.x-k8s.io/')));
  return {
    [KUBEFLOW.appName]: appName,
    [KUBEFLOW.launchedBy]: 'true',
    // Set when the role has no template (or Spark < 3.0), submission.go L335-338 / L708-711.
    ...(!isObject(spec?.[role]?.template) ? { [KUBEFLOW.mutatedBy]: 'true' } : {}),
    [KUBEFLOW.submissionId]: PLACEHOLDER.submissionId,
    ...propagated,
    ...stringLabels(spec?.[role]?.labels),
  };
}

/** A flag's value in a command line: `--flag value` or `--flag=value`, the last one wins. */
function flag(words: string[], ...names: string[]): string | undefined {
  let found: string | undefined;
  words.forEach((w, i) => {
    for (const name of names) {
      if (w === name && i + 1 < words.length) found = words[i + 1];
      else if (w.startsWith(`${name}=`)) found = w.slice(name.length + 1);
    }
  });
  return found;
}

function argv(c: any): string[] {
  return [...list(c?.command), ...list(c?.args)].filter((a): a is string => typeof a === 'string');
}

/** A container's literal environment value. */
function envValue(c: any, name: string): string | undefined {
  const e = list(c?.env).filter((x) => x?.name === name).pop();
  return typeof e?.value === 'string' && e.value !== '' ? e.value : undefined;
}

/** The text of a file in a ConfigMap the container mounts at `path` (else, as runtime.ts does, any ConfigMap of the namespace with that key). */
function mountedFile(docs: any[], namespace: string, podSpec: any, container: any, path: string): string | undefined {
  const data = (name: string) => docs.find((d) => isObject(d) && d.kind === 'ConfigMap' && d.metadata?.name === name && namespaceOf(d) === namespace)?.data;
  for (const m of list(container?.volumeMounts)) {
    const at = String(m?.mountPath ?? '').replace(/\/+$/, '');
    const volume = list(podSpec?.volumes).find((v) => v?.name === m?.name);
    if (!isObject(volume?.configMap)) continue;
    let key: string | undefined;
    if (at === path && typeof m.subPath === 'string') key = m.subPath;
    else if (path.startsWith(`${at}/`)) key = path.slice(at.length + 1);
    if (key === undefined) continue;
    const item = list(volume.configMap.items).find((i) => i?.path === key);
    const text = data(volume.configMap.name)?.[item ? item.key : key];
    if (typeof text === 'string') return text;
  }
  const file = path.slice(path.lastIndexOf('/') + 1);
  const cm = docs.find((d) => isObject(d) && d.kind === 'ConfigMap' && namespaceOf(d) === namespace && typeof d.data?.[file] === 'string');
  return cm?.data[file];
}

/** A pod template file (JSON or YAML) as `{ metadata, spec }`. */
function templateFile(docs: any[], namespace: string, podSpec: any, container: any, path: string | undefined): any {
  if (!path) return {};
  const text = mountedFile(docs, namespace, podSpec, container, path);
  if (text === undefined) return {};
  try {
    const parsed = YAML.parse(text);
    return isObject(parsed) ? parsed : {};
  } catch {
    return {};
  }
}

/**
 * The configuration of a spark-class daemon: the spark-defaults.conf of SPARK_CONF_DIR (default
 * /opt/spark/conf) or `--properties-file`, then `-Dkey=value` words of SPARK_DAEMON_JAVA_OPTS and
 * the daemon's SPARK_*_OPTS (bin/load-spark-env.sh, sbin/spark-daemon.sh).
 */
function daemonConf(docs: any[], namespace: string, podSpec: any, container: any, words: string[]): Conf {
  const file = flag(words, '--properties-file') ?? `${(envValue(container, 'SPARK_CONF_DIR') ?? '/opt/spark/conf').replace(/\/+$/, '')}/spark-defaults.conf`;
  const text = mountedFile(docs, namespace, podSpec, container, file);
  const conf: Conf = text !== undefined ? parseSparkDefaults(text) : {};
  for (const name of ['SPARK_DAEMON_JAVA_OPTS', 'SPARK_MASTER_OPTS', 'SPARK_WORKER_OPTS', 'SPARK_HISTORY_OPTS']) {
    for (const m of (envValue(container, name) ?? '').matchAll(/-D([^=\s]+)=("[^"]*"|\S*)/g)) conf[m[1]] = m[2].replace(/^"|"$/g, '');
  }
  return conf;
}

function describePod(p: NetPod): string {
  return `${p.source} (namespace ${p.namespace})`;
}

/** The pods of a Spark custom resource of either operator, their application, and what they talk to. */
function sparkResource(docs: any[], doc: any, m: Model): void {
  const namespace = namespaceOf(doc);
  const name: string = doc.metadata?.name ?? '<no name>';
  const source = `${doc.kind}/${name}`;
  const kubeflow = String(doc.apiVersion).startsWith('sparkoperator.k8s.io/');
  const projected = projectSparkPods(doc);

  if (doc.kind === 'SparkCluster') {
    // The Apache operator's master and worker StatefulSets (projection.ts projectClusterPods):
    // start-master.sh with no SPARK_MASTER_PORT listens on 7077 (sbin/start-master.sh); a worker
    // listens on SPARK_WORKER_PORT, random when unset (WorkerArguments: port 0).
    for (const p of projected) {
      const container = list(p.pod.spec?.containers).find((c) => c?.name === p.container);
      const pod: NetPod = { namespace, labels: stringLabels(p.pod.metadata?.labels), containerPorts: containerPorts(p.pod.spec), source: `${source} [${p.role}]` };
      const role = p.role === 'master' ? 'master' : 'worker';
      m.members.push({ pod, role });
      const text = argv(container).join(' ');
      m.daemons.push({
        pod,
        role,
        port: role === 'master' ? fixedPort(envValue(container, 'SPARK_MASTER_PORT')) ?? 7077 : fixedPort(envValue(container, 'SPARK_WORKER_PORT')),
        masterUrls: [...text.matchAll(/spark:\/\/[^\s"';&|]+/g)].map((x) => x[0]),
      });
    }
    return;
  }

  const conf: Conf = { ...(effectiveSparkConf(docs, doc) ?? {}) };
  const spec = doc.kind === 'ScheduledSparkApplication' ? doc.spec?.template : doc.spec;
  const connect = kubeflow && doc.kind === 'SparkConnect';
  if (connect) {
    // The operator pins the server's driver ports: sparkconnect/options.go L180-181 at v2.5.2.
    conf['spark.driver.port'] = '7078';
    conf['spark.driver.blockManager.port'] = '7079';
  }
  // The run of a ScheduledSparkApplication is named `<name>-<timestamp>` (scheduledsparkapplication/controller.go L278).
  const appName = doc.kind === 'ScheduledSparkApplication' ? `${name}-<timestamp>` : name;
  // One-pod mode (spark.kubernetes.driver.master=local[N], SPARK-42190): no executor pods.
  const onePod = /^local(\[|$)/.test(conf['spark.kubernetes.driver.master'] ?? '');
  const version: string | undefined = kubeflow ? (typeof spec?.sparkVersion === 'string' ? spec.sparkVersion : undefined) : apacheSparkVersion(spec);
  const app: SparkApp = {
    source,
    conf,
    drivers: [],
    executors: [],
    clusterMode: !connect,
    // Kubeflow: the controller always submits to k8s:// (submission.go masterOption, sparkconnect/options.go L57-67).
    createsExecutors: (kubeflow || String(conf['spark.master'] ?? '').startsWith('k8s://')) && !onePod,
    s3a: usesS3a(conf, spec),
    // The Kubeflow controller runs spark-submit with --packages/--repositories (submission.go L203-213 at v2.5.2), and
    // SparkSubmit.prepareSubmitEnvironment resolves them in that JVM in cluster mode too: the controller downloads them.
    submittedByController: kubeflow && !connect,
  };
  for (const p of projected.filter((x) => !(onePod && x.role === 'executor'))) {
    const base = stringLabels(p.pod.metadata?.labels);
    const ports = containerPorts(p.pod.spec);
    let labels: Labels;
    if (connect && p.role === 'server') {
      // reconciler.go L347 (the template's labels), L452-459 and util.go GetServerSelectorLabels L36-44.
      labels = { ...base, [KUBEFLOW.launchedBy]: 'true', [KUBEFLOW.connectName]: name, 'spark-role': 'connect-server', 'spark-version': version ?? '' };
    } else if (connect) {
      // options.go executorConfOption L189-205: launched-by, connect-name and the resource's labels as executor label confs.
      labels = sparkLabels({ ...base, ...stringLabels(doc.metadata?.labels), [KUBEFLOW.launchedBy]: 'true', [KUBEFLOW.connectName]: name }, conf, 'executor', name, version);
    } else if (kubeflow) {
      const role = p.role === 'driver' ? 'driver' : 'executor';
      labels = sparkLabels({ ...base, ...kubeflowAppLabels(doc, spec, role, appName) }, conf, role, appName, version);
    } else {
      labels = sparkLabels(base, conf, p.role === 'driver' ? 'driver' : 'executor', conf['spark.app.name'] ?? name, version);
    }
    const isDriver = p.role === 'driver' || p.role === 'server';
    const pod: NetPod = { namespace, labels, containerPorts: isDriver && !connect ? [...ports, ...sparkDriverPorts(conf)] : ports, source: `${source} [${p.role}]` };
    m.members.push({ pod, role: isDriver ? (connect ? 'connect-server' : 'driver') : 'executor' });
    (isDriver ? app.drivers : app.executors).push(pod);
  }
  const master = String(conf['spark.master'] ?? '');
  m.apps.push(master.startsWith('spark://') ? { ...app, createsExecutors: false, standalone: { url: master, namespace } } : app);
}

const OPERATOR_NAMES = ['spark-operator', 'spark-kubernetes-operator'];

/** The pods of a built-in workload, what they run, and the pods their spark-submit creates. */
function workload(docs: any[], doc: any, m: Model): void {
  const namespace = namespaceOf(doc);
  const source = `${doc.kind}/${doc.metadata?.name ?? '<no name>'}`;
  for (const site of workloadPods(doc)) {
    const spec = site.template?.spec ?? {};
    const labels = stringLabels(site.template?.metadata?.labels);
    const pod: NetPod = { namespace, labels, containerPorts: containerPorts(spec), source };
    const containers = list(spec.containers);
    const texts = containers.map((c) => argv(c).join(' '));
    const find = (re: RegExp) => containers.find((_c, i) => re.test(texts[i]));

    if (OPERATOR_NAMES.includes(labels['app.kubernetes.io/name'])) {
      const webhook = labels['app.kubernetes.io/component'] === 'webhook';
      m.members.push({ pod, role: webhook ? 'operator-webhook' : 'operator-controller' });
      m.apiUsers.push({ pod, why: `the Spark operator ${webhook ? 'webhook' : 'controller'} watches and writes resources` });
      if (webhook) {
        // The Kubeflow chart's --webhook-port (default 9443), else the container port named webhook.
        const words = containers.flatMap(argv);
        const port = fixedPort(flag(words, '--webhook-port')) ?? pod.containerPorts?.find((p) => p.name === 'webhook')?.port ?? 9443;
        m.webhooks.push({ pod, port });
      }
      continue;
    }

    const history = find(/org\.apache\.spark\.deploy\.history\.HistoryServer\b|start-history-server\.sh/);
    const masterDaemon = find(/org\.apache\.spark\.deploy\.master\.Master\b|start-master\.sh/);
    const workerDaemon = find(/org\.apache\.spark\.deploy\.worker\.Worker\b|start-(worker|slave)\.sh/);
    const submit = find(/(^|[\s/])spark-submit(\s|$)/);
    if (history) {
      const words = argv(history);
      const conf = submit === history ? (effectiveSparkConf(docs, doc) ?? submitConf(docs, doc) ?? {}) : daemonConf(docs, namespace, spec, history, words);
      m.members.push({ pod, role: 'history-server' });
      if (usesS3a(conf, ...words)) m.storageUsers.push({ pod, why: 'the History Server reads its s3a:// log directory' });
      // Every container of the pod counts (an init container that creates the log directory resolves them too).
      if ((conf['spark.jars.packages'] ?? '') !== '' || [...list(spec.initContainers), ...containers].some((c: any) => flag(argv(c), '--packages') !== undefined)) {
        m.packageUsers.push({ pod, why: 'spark-submit resolves the History Server\'s --packages at start' });
      }
      continue;
    }
    if (masterDaemon || workerDaemon) {
      const c = masterDaemon ?? workerDaemon;
      const words = argv(c);
      const role = masterDaemon ? 'master' : 'worker';
      // MasterArguments / WorkerArguments: SPARK_MASTER_PORT (default 7077) / SPARK_WORKER_PORT (default 0, random), then --port / -p.
      const envPort = envValue(c, role === 'master' ? 'SPARK_MASTER_PORT' : 'SPARK_WORKER_PORT');
      const port = fixedPort(flag(words, '--port', '-p') ?? envPort) ?? (role === 'master' ? 7077 : undefined);
      m.members.push({ pod, role });
      m.daemons.push({ pod, role, port, masterUrls: words.join(' ').match(/spark:\/\/[^\s"';&|]+/g) ?? [] });
      continue;
    }
    const connectServer = find(/org\.apache\.spark\.sql\.connect\.service\.SparkConnectServer\b|start-connect-server\.sh/);
    const sparkSubmit = connectServer ?? submit;
    if (!sparkSubmit) {
      m.members.push({ pod, role: 'workload' });
      continue;
    }
    const words = argv(sparkSubmit);
    const conf: Conf = { ...(effectiveSparkConf(docs, doc) ?? submitConf(docs, doc) ?? {}) };
    const master = flag(words, '--master') ?? conf['spark.master'] ?? '';
    const clusterMode = (flag(words, '--deploy-mode') ?? conf['spark.submit.deployMode'] ?? 'client') === 'cluster';
    const s3a = usesS3a(conf, ...words);
    const appName = flag(words, '--name') ?? conf['spark.app.name'];
    if (!master.startsWith('k8s://') && !master.startsWith('spark://')) {
      // local[N]: everything runs in this pod.
      m.members.push({ pod, role: connectServer ? 'connect-server' : 'workload' });
      if (s3a) m.storageUsers.push({ pod, why: 'a local-mode Spark driver uses s3a://' });
      continue;
    }
    if (master.startsWith('spark://')) {
      m.members.push({ pod, role: clusterMode ? 'submitter' : (connectServer ? 'connect-server' : 'driver') });
      if (clusterMode) {
        m.findings.push(`${describePod(pod)}: standalone cluster deploy mode (the driver runs in a worker) is not modelled`);
        continue;
      }
      m.apps.push({ source, conf, drivers: [pod], executors: [], standalone: { url: master, namespace }, clusterMode: false, createsExecutors: false, s3a });
      continue;
    }
    // Kubernetes: the executors (and, in cluster mode, the driver) are built by Spark from the
    // pod template files the submitting container reads.
    const sparkNamespace = conf['spark.kubernetes.namespace'] ?? namespace;
    const file = (role: 'driver' | 'executor') => templateFile(docs, namespace, spec, sparkSubmit, conf[`spark.kubernetes.${role}.podTemplateFile`]);
    const executorTemplate = file('executor');
    const executor: NetPod = {
      namespace: sparkNamespace,
      labels: sparkLabels(stringLabels(executorTemplate.metadata?.labels), conf, 'executor', appName, undefined),
      containerPorts: containerPorts(executorTemplate.spec),
      source: `${source} [executor]`,
    };
    let driver = pod;
    if (clusterMode) {
      m.members.push({ pod, role: 'submitter' });
      m.apiUsers.push({ pod, why: 'spark-submit in cluster mode creates the driver pod' });
      const driverTemplate = file('driver');
      driver = {
        namespace: sparkNamespace,
        labels: sparkLabels(stringLabels(driverTemplate.metadata?.labels), conf, 'driver', appName, undefined),
        containerPorts: [...containerPorts(driverTemplate.spec), ...sparkDriverPorts(conf)],
        source: `${source} [driver]`,
      };
      m.members.push({ pod: driver, role: 'driver' });
    } else {
      m.members.push({ pod, role: connectServer ? 'connect-server' : 'driver' });
    }
    m.members.push({ pod: executor, role: 'executor' });
    m.apps.push({ source, conf, drivers: [driver], executors: [executor], clusterMode, createsExecutors: true, s3a });
  }
}

function model(docs: any[]): Model {
  const m: Model = { members: [], apps: [], daemons: [], apiUsers: [], storageUsers: [], packageUsers: [], webhooks: [], docs, findings: [] };
  for (const doc of Array.isArray(docs) ? docs : []) {
    if (!isObject(doc) || typeof doc.kind !== 'string') continue;
    try {
      if (isSparkResource(doc)) sparkResource(docs, doc, m);
      else workload(docs, doc, m);
    } catch (e) {
      m.findings.push(`${doc.kind}/${doc.metadata?.name}: the network model crashed on this document: ${(e as Error)?.message ?? e}`);
    }
  }
  return m;
}

/** Every pod that will run, with the labels it will carry: workload pods, and the pods Spark and the operators create. */
export function networkPods(docs: any[]): NetPod[] {
  return model(docs).members.map((x) => x.pod);
}

// ---------------------------------------------------------------------------------------------
// 3. Needed connections
// ---------------------------------------------------------------------------------------------

const DEFAULT_DNS = { namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' } };

/** The cluster DNS pod (CoreDNS declares dns 53/UDP and dns-tcp 53/TCP). */
function dnsPod(env: NetworkEnv): NetPod {
  const dns = env.dns ?? DEFAULT_DNS;
  return {
    namespace: dns.namespace,
    labels: dns.labels,
    containerPorts: [{ name: 'dns', port: 53, protocol: 'UDP' }, { name: 'dns-tcp', port: 53, protocol: 'TCP' }],
    source: 'cluster DNS',
  };
}

interface Analysis {
  readonly model: Model;
  readonly needed: Connection[];
  readonly dns: NetPod;
  readonly apiServer: NetIp[];
  readonly storage: Endpoint[][];
  readonly findings: string[];
  /**
   * `from→to` endpoint pairs that need every TCP port: a standalone application leaves its
   * executors' block manager ports to Spark (random; several executors share a worker's pod).
   */
  readonly anyTcpPort: Set<string>;
}

/** A port from the ephemeral range, standing for "a port Spark picks at random". */
const RANDOM_PORT = 40123;

/** The master pods (and the port they listen on) a `spark://` URL reaches: through a Service of the documents, else every master of the namespace. */
function mastersOf(m: Model, url: string, namespace: string, findings: string[], who: string): { pod: NetPod; port: number }[] {
  const masters = m.daemons.filter((d) => d.role === 'master');
  const out: { pod: NetPod; port: number }[] = [];
  for (const hostPort of url.replace(/^spark:\/\//, '').split(',')) {
    const [host, portText] = hostPort.split(':');
    const urlPort = fixedPort(portText) ?? 7077;
    const [svcName, svcNamespace = namespace] = host.split('.');
    const service = m.docs.find((d) => isObject(d) && d.kind === 'Service' && d.metadata?.name === svcName && namespaceOf(d) === svcNamespace);
    const selector = stringLabels(service?.spec?.selector);
    // A headless Service (clusterIP None) resolves to the pods: nothing translates the port (the Apache operator's).
    if (service && Object.keys(selector).length > 0 && service.spec?.clusterIP !== 'None') {
      const sp = list(service.spec.ports).find((p) => Number(p?.port) === urlPort);
      if (!sp) {
        findings.push(`${who}: Service ${svcNamespace}/${svcName} has no port ${urlPort} for ${url}`);
        continue;
      }
      for (const d of masters.filter((x) => x.pod.namespace === svcNamespace && labelSelectorMatches({ matchLabels: selector }, x.pod.labels))) {
        const target = sp.targetPort ?? sp.port;
        const port = typeof target === 'string' ? d.pod.containerPorts?.find((p) => p.name === target)?.port : fixedPort(target);
        if (port !== undefined) out.push({ pod: d.pod, port });
      }
    } else {
      const reached = masters.filter((x) => x.pod.namespace === svcNamespace
        && (!service || Object.keys(selector).length === 0 || labelSelectorMatches({ matchLabels: selector }, x.pod.labels)));
      for (const d of reached) {
        if (d.port !== undefined && d.port !== urlPort) {
          findings.push(`${who}: ${url} reaches ${describePod(d.pod)} on ${urlPort}, but the master listens on ${d.port} and nothing translates the port`);
        }
        out.push({ pod: d.pod, port: urlPort });
      }
    }
  }
  if (out.length === 0) findings.push(`${who}: the master ${url} is no master pod of the documents; its connections are not checked`);
  return out;
}

function analyze(docs: any[], env: NetworkEnv): Analysis {
  const m = model(docs);
  const findings = [...m.findings];
  const needed = new Map<string, Connection>();
  const anyTcpPort = new Set<string>();
  /** Every TCP port from one endpoint to another; a port no Spark default uses stands for all of them in the sufficiency check. */
  const anyPort = (from: Endpoint, to: Endpoint, why: string) => {
    if (endpointKey(from) === endpointKey(to)) return;
    anyTcpPort.add(`${endpointKey(from)}→${endpointKey(to)}`);
    add(from, to, RANDOM_PORT, why);
  };
  const add = (from: Endpoint, to: Endpoint, port: number, why: string, protocol: Protocol = 'TCP') => {
    const k = connectionKey(from, to, protocol, port);
    if (!needed.has(k)) needed.set(k, { from, to, port, protocol, why });
  };
  const dns = dnsPod(env);
  const apiServer: NetIp[] = env.apiServer.ips.map((ip) => ({ ip, source: 'API server' }));
  const storage: Endpoint[][] = (env.objectStorage ?? []).map((s) => [
    ...s.ips.map((ip): NetIp => ({ ip, source: 'object storage' })),
    ...(s.pods ? [{ namespace: s.pods.namespace, labels: s.pods.labels, source: 'object storage pod' }] : []),
  ]);
  const toApi = (pod: NetPod, why: string) => apiServer.forEach((a) => add(pod, a, env.apiServer.port, why));
  const toStorage = (pod: NetPod, why: string) => (env.objectStorage ?? []).forEach((s, i) => storage[i].forEach((ip) => add(pod, ip, s.port, why)));

  for (const { pod, why } of m.apiUsers) toApi(pod, why);
  for (const { pod, why } of m.storageUsers) toStorage(pod, why);
  for (const { pod, why } of m.packageUsers) (env.packageRepositories ?? []).forEach((r) => r.ips.forEach((ip) => add(pod, { ip, source: 'package repository' }, r.port, why)));
  for (const { pod, port } of m.webhooks) apiServer.forEach((a) => add(a, pod, port, 'the API server calls the admission webhook'));

  // Standalone clusters: a worker registers with its master's RPC port, and the master sends it
  // LaunchExecutor and the like on the worker's own RPC port (Master, Worker: NettyRpcEnv opens
  // a connection to the receiver's address).
  const workersOf = new Map<NetPod, Daemon[]>();
  for (const w of m.daemons.filter((d) => d.role === 'worker')) {
    for (const url of w.masterUrls) {
      for (const master of mastersOf(m, url, w.pod.namespace, findings, describePod(w.pod))) {
        add(w.pod, master.pod, master.port, 'a worker registers with the master (SPARK_MASTER_PORT, default 7077)');
        if (w.port !== undefined) add(master.pod, w.pod, w.port, 'the master sends the worker its orders (SPARK_WORKER_PORT)');
        else findings.push(`${describePod(w.pod)}: the worker port is random (SPARK_WORKER_PORT unset): a NetworkPolicy cannot admit master → worker`);
        workersOf.set(master.pod, [...(workersOf.get(master.pod) ?? []), w]);
      }
    }
  }

  for (const app of m.apps) {
    const { conf } = app;
    if ((conf['spark.jars.packages'] ?? '') !== '') {
      const controllers = app.submittedByController ? m.members.filter((x) => x.role === 'operator-controller').map((x) => x.pod) : [];
      for (const d of [...app.drivers, ...controllers]) {
        (env.packageRepositories ?? []).forEach((r) => r.ips.forEach((ip) => add(d, { ip, source: 'package repository' }, r.port, 'the driver resolves spark.jars.packages')));
      }
    }
    const { rpc, blocks: driverBlocks } = driverPorts(conf, app.clusterMode);
    const blocks = fixedPort(conf['spark.blockManager.port']);
    let executors: NetPod[] = app.executors;
    if (app.standalone) {
      const masters = mastersOf(m, app.standalone.url, app.standalone.namespace, findings, app.source);
      const workers = new Set<NetPod>();
      for (const master of masters) {
        for (const d of app.drivers) {
          add(d, master.pod, master.port, 'the driver registers the application with the master');
          if (rpc !== undefined) add(master.pod, d, rpc, 'the master tells the driver about its executors (spark.driver.port)');
        }
        for (const w of workersOf.get(master.pod) ?? []) workers.add(w.pod);
      }
      executors = [...workers];
    }
    if (app.createsExecutors) app.drivers.forEach((d) => toApi(d, 'the driver creates and watches its executor pods'));
    if (app.s3a) [...app.drivers, ...executors].forEach((p) => toStorage(p, 'the application uses s3a://'));
    if (executors.length === 0) continue;
    if (rpc === undefined) findings.push(`${app.source}: the driver port is random (spark.driver.port unset in client mode): a NetworkPolicy cannot admit executor → driver`);
    if (driverBlocks === undefined) findings.push(`${app.source}: the driver block manager port is random (spark.driver.blockManager.port and spark.blockManager.port unset in client mode): a NetworkPolicy cannot admit it`);
    if (blocks === undefined && app.standalone) {
      // Any TCP port between the driver and the workers, and between workers (ExecutorRunner: executors are the
      // worker's child processes; their block managers bind spark.blockManager.port, random unless set).
      for (const e of executors) {
        for (const d of app.drivers) anyPort(d, e, 'driver → executor block manager (random port)');
        executors.forEach((other) => anyPort(e, other, 'executor → executor blocks (random port)'));
      }
    } else if (blocks === undefined) {
      findings.push(`${app.source}: executor block manager port is random: a NetworkPolicy cannot admit it; set spark.blockManager.port`);
    }
    for (const e of executors) {
      for (const d of app.drivers) {
        if (rpc !== undefined) add(e, d, rpc, 'executor → driver RPC (spark.driver.port)');
        if (driverBlocks !== undefined) add(e, d, driverBlocks, 'executor → driver block manager (spark.driver.blockManager.port)');
        if (blocks !== undefined) add(d, e, blocks, 'driver → executor block manager (spark.blockManager.port)');
      }
      if (blocks !== undefined) executors.forEach((other) => add(e, other, blocks, 'executor → executor shuffle and blocks (spark.blockManager.port)'));
    }
  }

  for (const { pod } of m.members) {
    add(pod, dns, 53, 'name resolution', 'UDP');
    add(pod, dns, 53, 'name resolution', 'TCP');
  }

  for (const client of env.clients ?? []) {
    const targets = m.members.filter(({ pod }) => pod.namespace === client.to.namespace && labelSelectorMatches({ matchLabels: client.to.labels }, pod.labels));
    const who = `client ${isIp(client.from) ? client.from.ip : describePod(client.from)} → ${client.to.namespace} ${JSON.stringify(client.to.labels)}`;
    if (targets.length === 0) findings.push(`${who}: no pod of the documents matches`);
    for (const { pod } of targets) {
      const protocol = client.protocol ?? 'TCP';
      const port = typeof client.port === 'number' ? client.port : pod.containerPorts?.find((p) => p.name === client.port && (p.protocol ?? 'TCP') === protocol)?.port;
      if (port === undefined) findings.push(`${who}: ${describePod(pod)} declares no ${protocol} port named ${client.port}`);
      else add(client.from, pod, port, client.why ?? 'a declared client', protocol);
    }
  }
  return { model: m, needed: [...needed.values()], dns, apiServer, storage, findings, anyTcpPort };
}

/** The connections Spark, the operators and the declared clients need. */
export function neededConnections(docs: any[], env: NetworkEnv): Connection[] {
  return analyze(docs, env).needed;
}

// ---------------------------------------------------------------------------------------------
// 4. The check
// ---------------------------------------------------------------------------------------------

function describe(e: Endpoint): string {
  return isIp(e) ? `${e.source ?? 'address'} ${e.ip}` : describePod(e);
}

function denial(d: Decision): string {
  const parts: string[] = [];
  if (d.egress && !d.egress.allowed) parts.push(`no egress rule of ${d.egress.policies.join(', ')} admits it`);
  if (d.ingress && !d.ingress.allowed) parts.push(`no ingress rule of ${d.ingress.policies.join(', ')} admits it`);
  return parts.join('; ');
}

/** `TCP 80, 443; UDP 53` */
function portList(ports: { port: number; protocol: Protocol }[]): string {
  const by = new Map<Protocol, number[]>();
  for (const p of ports) by.set(p.protocol, [...(by.get(p.protocol) ?? []), p.port]);
  return [...by.entries()].map(([proto, ns]) => `${proto} ${[...new Set(ns)].sort((a, b) => a - b).join(', ')}`).join('; ');
}


/** Labels that satisfy a selector (matchLabels, In's first value, Exists), or undefined when none can. */
function satisfyingLabels(selector: unknown): { [key: string]: string } | undefined {
  if (!isObject(selector)) return undefined;
  const out = stringLabels(selector.matchLabels);
  for (const e of list(selector.matchExpressions)) {
    if (!isObject(e) || typeof e.key !== 'string' || hasLabel(out, e.key)) continue;
    if (e.operator === 'In' && list(e.values).length > 0) out[e.key] = String(e.values[0]);
    if (e.operator === 'Exists') out[e.key] = 'probe';
  }
  return labelSelectorMatches(selector, out) ? out : undefined;
}

/** An address an ipBlock admits that is none of `taken`: its first, second or last address, or one next to an exception. */
function ipBlockProbe(block: any, taken: Set<string>): string | undefined {
  const range = cidrRange(block?.cidr);
  if (!range) return undefined;
  const excepts = list(block.except).map(cidrRange).filter((r): r is NonNullable<typeof r> => r !== undefined);
  const candidates = [range.first, range.first + 1n, range.last, ...excepts.flatMap((e) => [e.last + 1n, e.first - 1n])];
  for (const v of candidates) {
    if (v < range.first || v > range.last) continue;
    const ip = formatIp(v, range.bits);
    if (!taken.has(ip) && !list(block.except).some((x) => cidrContains(x, ip))) return ip;
  }
  return undefined;
}

/** Whether an ipBlock lies inside a range the environment declares as object storage. */
function withinDeclared(cidr: unknown, env: NetworkEnv): boolean {
  if (typeof cidr !== 'string' || !cidr.includes('/')) return false;
  const [address, bits] = cidr.split('/');
  return [...(env.objectStorage ?? []), ...(env.packageRepositories ?? [])].flatMap((s) => s.cidrs ?? [])
    .some((range) => cidrContains(range, address) && Number(range.split('/')[1]) <= Number(bits));
}

/**
 * The probe endpoints of the minimality check: a pod without labels in `probe-elsewhere`; a pod
 * labelled `probe: intruder` in every namespace of a workload, of a declared client, or named by a
 * namespaceSelector of a policy (a fresh namespace carrying the selector's labels when it names
 * none); 203.0.113.7 (TEST-NET-3, RFC 5737); an address inside every ipBlock that is not a needed
 * one; and the API server, object storage, DNS and client endpoints.
 */
function probeEndpoints(docs: any[], analysis: Analysis, env: NetworkEnv, inventory: NetPod[]): { probes: Endpoint[]; namespaces: any[] } {
  const base = policyIndex(docs);
  const names = new Set<string>([...inventory.map((p) => p.namespace), ...(env.clients ?? []).flatMap((c) => (isIp(c.from) ? [] : [c.from.namespace]))]);
  const fresh: any[] = [];
  const taken = new Set<string>([...analysis.apiServer, ...analysis.storage.flat(), ...(env.clients ?? []).map((c) => c.from)].flatMap((e) => (isIp(e) ? [e.ip] : [])));
  const addresses = new Set<string>();
  for (const policy of base.policies) {
    for (const peer of [...policy.ingress, ...policy.egress].flatMap((rule) => [...list(rule?.from), ...list(rule?.to)])) {
      if (isObject(peer?.ipBlock)) {
        if (withinDeclared(peer.ipBlock.cidr, env)) continue;
        const ip = ipBlockProbe(peer.ipBlock, taken);
        if (ip !== undefined) addresses.add(ip);
        continue;
      }
      const selector = peer?.namespaceSelector;
      if (!isObject(selector) || (list(selector.matchExpressions).length === 0 && Object.keys(stringLabels(selector.matchLabels)).length === 0)) continue;
      const labels = satisfyingLabels(selector);
      if (!labels) continue;
      const name = labels['kubernetes.io/metadata.name'];
      if (name !== undefined) {
        // A namespace outside the documents carries only its name label, as far as we know.
        if (labelSelectorMatches(selector, base.namespaceLabels(name))) names.add(name);
      } else {
        const probe = `probe-ns-${fresh.length + 1}`;
        fresh.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: probe, labels } });
        names.add(probe);
      }
    }
  }
  const probes: Endpoint[] = [
    { namespace: 'probe-elsewhere', labels: {}, source: 'probe pod' },
    ...[...names].sort().map((namespace): NetPod => ({ namespace, labels: { probe: 'intruder' }, source: 'probe pod' })),
    { ip: '203.0.113.7', source: 'external address' },
    ...[...addresses].map((ip): NetIp => ({ ip, source: 'probe address' })),
    ...analysis.apiServer,
    ...analysis.storage.flat(),
    ...(env.packageRepositories ?? []).flatMap((r) => r.ips.map((ip): NetIp => ({ ip, source: 'package repository' }))),
    analysis.dns,
    ...(env.clients ?? []).map((c) => c.from),
  ];
  const seen = new Set<string>();
  return { probes: probes.filter((p) => !seen.has(endpointKey(p)) && seen.add(endpointKey(p))), namespaces: fresh };
}

/**
 * Every problem of the NetworkPolicies of a set of documents:
 * (a) sufficient: each needed connection is allowed;
 * (b) minimal: no other connection to or from an inventory pod is allowed by that pod's policies,
 *     over every pair of endpoints (inventory pods and probeEndpoints) × every port that appears
 *     in a needed connection, a policy rule or a container port, TCP and UDP. Only the policies of
 *     inventory pods are evaluated (the others are not in the documents); pairs where no inventory
 *     pod is isolated in that direction are left out (no policy governs them: see
 *     requireCoverage). A declared client pod stands for every pod of its namespace carrying at
 *     least its labels;
 * plus the modelling findings (random ports, unresolved masters or clients).
 */
export function networkFindings(docs: any[], env: NetworkEnv, options: NetworkCheckOptions = {}): string[] {
  const analysis = analyze(docs, env);
  const out: string[] = [...analysis.findings];
  const inventory = analysis.model.members.map((x) => x.pod);
  const { probes, namespaces } = probeEndpoints(docs, analysis, env, inventory);
  const index = policyIndex([...docs, ...namespaces]);
  const own = new Set<Endpoint>(inventory);
  const sides = (c: Connection) => ({ egress: own.has(c.from), ingress: own.has(c.to) });

  // (a) Sufficient.
  for (const c of analysis.needed) {
    const d = evaluate(index, c, sides(c));
    if (!d.allowed) out.push(`needed but denied: ${describe(c.from)} → ${describe(c.to)} on ${c.protocol} ${c.port} (${c.why}): ${denial(d)}`);
  }

  // Coverage.
  if (options.requireCoverage) {
    for (const pod of inventory) {
      if (index.selecting(pod).length === 0) out.push(`${describePod(pod)} is not covered by any NetworkPolicy`);
    }
  }

  // (b) Minimal.
  const needed = new Set(analysis.needed.map((c) => connectionKey(c.from, c.to, c.protocol, c.port)));
  const clientPods = (env.clients ?? []).map((c) => c.from).filter((e): e is NetPod => !isIp(e));
  const isNeeded = (from: Endpoint, to: Endpoint, protocol: Protocol, port: number) => needed.has(connectionKey(from, to, protocol, port))
    || (protocol === 'TCP' && analysis.anyTcpPort.has(`${endpointKey(from)}→${endpointKey(to)}`))
    || (!isIp(from) && !own.has(from) && clientPods.some((c) => c.namespace === from.namespace
      && Object.entries(c.labels).every(([k, v]) => from.labels[k] === v) && needed.has(connectionKey(c, to, protocol, port))));
  const ports = new Set<number>();
  analysis.needed.forEach((c) => ports.add(c.port));
  for (const p of index.policies) {
    for (const rule of [...p.ingress, ...p.egress]) {
      for (const port of list(rule?.ports)) {
        if (typeof port?.port === 'number') ports.add(port.port);
        if (typeof port?.endPort === 'number') ports.add(port.endPort);
      }
    }
  }
  for (const pod of [...inventory, analysis.dns]) pod.containerPorts?.forEach((p) => ports.add(p.port));
  const candidates = [...ports].sort((a, b) => a - b).flatMap((port) => (['TCP', 'UDP'] as const).map((protocol) => ({ port, protocol })));
  const egressIsolated = new Set<Endpoint>(inventory.filter((p) => isolation(index, p).egress));
  const ingressIsolated = new Set<Endpoint>(inventory.filter((p) => isolation(index, p).ingress));
  const endpoints = [...inventory, ...probes];
  const keys = new Map<Endpoint, string>(endpoints.map((e) => [e, endpointKey(e)]));

  for (const from of endpoints) {
    for (const to of endpoints) {
      if (keys.get(from) === keys.get(to) || !(egressIsolated.has(from) || ingressIsolated.has(to))) continue;
      // Peers are matched once per pair, ports per candidate.
      const egress = own.has(from) ? sidePeers(index, from as NetPod, 'egress', to) : undefined;
      const ingress = own.has(to) ? sidePeers(index, to as NetPod, 'ingress', from) : undefined;
      if ((egress?.isolated && egress.rules.length === 0) || (ingress?.isolated && ingress.rules.length === 0)) continue;
      const extra: { port: number; protocol: Protocol }[] = [];
      const by = new Set<string>();
      for (const { port, protocol } of candidates) {
        const e = egress && sideVerdict(egress, to, port, protocol);
        const i = ingress && sideVerdict(ingress, to, port, protocol);
        if (!(e?.allowed ?? true) || !(i?.allowed ?? true) || isNeeded(from, to, protocol, port)) continue;
        extra.push({ port, protocol });
        [...(e?.admittedBy ?? []), ...(i?.admittedBy ?? [])].forEach((id) => by.add(id));
      }
      if (extra.length > 0) out.push(`allowed but not needed: ${describe(from)} → ${describe(to)} on ${portList(extra)} (admitted by ${[...by].sort().join(', ')})`);
    }
  }
  return [...new Set(out)];
}
