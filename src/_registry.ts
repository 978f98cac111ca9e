import { ApiObject, App } from 'cdk8s';
import { IConstruct } from 'constructs';
import { problem } from './_validation';

/**
 * The App-wide view of a cdk8s App: which Spark operator installs and which
 * Spark custom resources live in it (custom resources depend on the operator,
 * so its CRDs come first, and the operator checks the applications it will
 * serve), who writes and reads event logs, and the checks only the whole App
 * can make (`registerAppChecks`): one object per kind, namespace and name,
 * and one namespace per event-log PersistentVolumeClaim. Registration is O(1)
 * per construct; the App-wide checks walk the App once at synth.
 */

/** What the registry needs of an operator. */
export interface RegisteredOperator extends IConstruct {
  /** Adds a dependency from a custom resource to the operator. */
  _serve(resource: IConstruct): void;
}

/** What the registry needs of a Spark custom resource construct. */
export interface RegisteredApplication extends IConstruct {
  readonly namespace: string;
  readonly webhookDependencies: string[];
}

const operators = new WeakMap<App, RegisteredOperator[]>();
/** Every operator construct registered, in an App or not. */
const operatorConstructs = new WeakSet<IConstruct>();
const applications = new WeakMap<App, { app: RegisteredApplication; resource: IConstruct }[]>();

/**
 * The App of each scope asked about. The tree above a construct never
 * changes, and every construct of a chart asks for its App several times
 * while it is built: one lookup by the parent instead of a walk to the root.
 */
const appOfScope = new WeakMap<IConstruct, App>();

function appOf(c: IConstruct): App | undefined {
  const scope = c.node.scope;
  if (scope === undefined) return App.of(c);
  let app = appOfScope.get(scope);
  if (app === undefined) {
    app = App.of(scope);
    appOfScope.set(scope, app);
  }
  return app;
}

/** Registers an operator and makes every application registered so far depend on it. */
export function registerOperator(operator: RegisteredOperator): void {
  operatorConstructs.add(operator);
  const app = appOf(operator);
  if (!app) return;
  registerAppChecks(operator);
  operators.set(app, [...(operators.get(app) ?? []), operator]);
  for (const { resource } of applications.get(app) ?? []) {
    operator._serve(resource);
  }
}

/**
 * Whether a construct is a Spark operator install. The GitOps ordering asks
 * this instead of importing the operator's class: it loads whenever the
 * library does (it sets the default ordering), the operator only when used.
 */
export function isOperator(c: IConstruct): boolean {
  return operatorConstructs.has(c);
}

/** Registers a Spark custom resource and makes it depend on every operator registered so far. */
export function registerApplication(app: RegisteredApplication, resource: IConstruct): void {
  const root = appOf(app);
  if (!root) return;
  registerAppChecks(app);
  const list = applications.get(root);
  if (list) list.push({ app, resource });
  else applications.set(root, [{ app, resource }]);
  operators.get(root)?.forEach((operator) => operator._serve(resource));
}

/** The applications in the same App as a construct. */
export function applicationsOf(c: IConstruct): RegisteredApplication[] {
  const root = appOf(c);
  return root ? (applications.get(root) ?? []).map((a) => a.app) : [];
}


// --- event logs -------------------------------------------------------------------

/**
 * What the registry needs of a volume: its wire format (a `SparkVolume`; the
 * base files import no layer, so the type is structural).
 */
export interface RegisteredVolume {
  /** The volume in wire format. */
  _toWire(): any;
}

/** One construct that writes or reads Spark event logs. */
export interface EventLogUse {
  /** The writer or History Server. */
  readonly user: IConstruct;
  /** The directory as Spark reads it. */
  readonly directory: string;
  /** The namespace the construct runs in, when it told. */
  readonly namespace?: string;
  /** The volume behind a local directory (`EventLog.onVolume`). */
  readonly volume?: RegisteredVolume;
  /** The PersistentVolumeClaim of that volume, if it is one. */
  readonly claim?: string;
  /** Whether it reads the logs (a History Server) rather than writing them. */
  readonly reader: boolean;
}

/** An event-log writer, as `eventLogWritersOf` lists it. */
export interface EventLogWriter {
  readonly writer: IConstruct;
  readonly directory: string;
  readonly namespace?: string;
  readonly volume?: RegisteredVolume;
  readonly claim?: string;
}

const eventLogUses = new WeakMap<App, EventLogUse[]>();

function eventLogUse(
  user: IConstruct, directory: string, namespace: string | undefined, volume: RegisteredVolume | undefined, reader: boolean,
): EventLogUse {
  const use: { -readonly [K in keyof EventLogUse]: EventLogUse[K] } = { user, directory, reader };
  // Only the fields that hold a value (the App-wide checks compare uses as they are).
  if (namespace !== undefined) use.namespace = namespace;
  if (volume !== undefined) {
    use.volume = volume;
    const claim: unknown = volume._toWire()?.persistentVolumeClaim?.claimName;
    if (typeof claim === 'string') use.claim = claim;
  }
  return use;
}

function addEventLogUse(root: App, use: EventLogUse): void {
  const list = eventLogUses.get(root);
  if (list) list.push(use);
  else eventLogUses.set(root, [use]);
}

/**
 * Records that a construct writes Spark event logs to a directory; with the
 * namespace it runs in and the volume behind the directory
 * (`EventLog.volume`), the App-wide checks also catch one
 * PersistentVolumeClaim used from two namespaces.
 */
export function registerEventLogWriter(writer: IConstruct, directory: string, namespace?: string, volume?: RegisteredVolume): void {
  const root = appOf(writer);
  if (!root) return;
  registerAppChecks(writer);
  addEventLogUse(root, eventLogUse(writer, directory, namespace, volume, false));
}

/** Everything in the same App as a construct that writes event logs. */
export function eventLogWritersOf(c: IConstruct): EventLogWriter[] {
  const root = appOf(c);
  return (root ? eventLogUses.get(root) ?? [] : []).filter((u) => !u.reader).map(({ user, reader: _reader, ...rest }) => ({ writer: user, ...rest }));
}

/** What the registry needs of a History Server. */
export interface RegisteredHistoryServer extends IConstruct {
  /** The event log directory it reads. */
  readonly logDirectory: string;
  /** The namespace it runs in. */
  readonly namespace: string;
}

/** A History Server, as `historyServersOf` lists it. */
export interface HistoryServerUse {
  readonly server: RegisteredHistoryServer;
  readonly namespace: string;
  readonly volume?: RegisteredVolume;
  readonly claim?: string;
}

const historyServers = new WeakMap<App, HistoryServerUse[]>();

/**
 * Registers a History Server (and the volume behind its log directory, if
 * any). Returns true for the first one in its App, which checks the App's
 * event-log writers once at synth; false for later ones and outside an App.
 */
export function registerHistoryServer(server: RegisteredHistoryServer, volume?: RegisteredVolume): boolean {
  const root = appOf(server);
  if (!root) return false;
  registerAppChecks(server);
  const use = eventLogUse(server, server.logDirectory, server.namespace, volume, true);
  addEventLogUse(root, use);
  const entry: HistoryServerUse = {
    server, namespace: server.namespace, ...(use.volume ? { volume: use.volume } : {}), ...(use.claim ? { claim: use.claim } : {}),
  };
  const list = historyServers.get(root);
  if (list) {
    list.push(entry);
    return false;
  }
  historyServers.set(root, [entry]);
  return true;
}

/** The History Servers in the same App as a construct, in creation order. */
export function historyServersOf(c: IConstruct): HistoryServerUse[] {
  const root = appOf(c);
  return root ? [...(historyServers.get(root) ?? [])] : [];
}

// --- workloads and team namespaces ---------------------------------------------

/** What a Spark workload asks the cluster for, in one namespace. */
export interface WorkloadBudget {
  /** CPU requested, in cores. */
  readonly cpu: number;
  /** Memory requested (and limited), in MiB. */
  readonly memoryMebibytes: number;
}

/** A Spark workload of this library, as team namespaces see it. */
export interface WorkloadUse {
  readonly workload: IConstruct;
  /** The kind as the pods' `spark.cdk8s.io/kind` label shows it. */
  readonly kind: string;
  readonly name: string;
  readonly namespace: string;
  /** What it asks for, read at synth (later `addXxx` calls count). */
  readonly budget: () => WorkloadBudget;
  /** Whether its pods have NetworkPolicies with egress (what a default-deny namespace needs), read at synth. */
  readonly policies: () => boolean;
}

const workloads = new WeakMap<App, WorkloadUse[]>();
const teams = new WeakMap<App, Map<string, IConstruct>>();

/** Records a Spark workload, for the budget and policy checks of the team namespace it runs in. */
export function registerWorkload(use: WorkloadUse): void {
  const root = appOf(use.workload);
  if (!root) return;
  const list = workloads.get(root);
  if (list) list.push(use);
  else workloads.set(root, [use]);
}

/** The Spark workloads in a namespace, in creation order. */
export function workloadsIn(c: IConstruct, namespace: string): WorkloadUse[] {
  const root = appOf(c);
  return root ? (workloads.get(root) ?? []).filter((w) => w.namespace === namespace) : [];
}

/** Claims a namespace for a team construct; returns the construct that claimed it first, if another did. */
export function claimNamespace(team: IConstruct, namespace: string): IConstruct | undefined {
  const root = appOf(team);
  if (!root) return undefined;
  let claims = teams.get(root);
  if (!claims) teams.set(root, claims = new Map());
  const first = claims.get(namespace);
  if (first) return first;
  claims.set(namespace, team);
  return undefined;
}

// --- App-wide checks ---------------------------------------------------------------

/** Kinds that are not namespaced: their chart's namespace does not apply to them. */
const CLUSTER_SCOPED = new Set([
  'APIService', 'CertificateSigningRequest', 'ClusterIssuer', 'ClusterRole', 'ClusterRoleBinding', 'ClusterTrustBundle', 'ComponentStatus', 'CSIDriver',
  'CSINode', 'CustomResourceDefinition', 'DeviceClass', 'FlowSchema', 'IngressClass', 'IPAddress', 'MutatingAdmissionPolicy', 'MutatingAdmissionPolicyBinding',
  'MutatingWebhookConfiguration', 'Namespace', 'Node', 'PersistentVolume', 'PriorityClass', 'PriorityLevelConfiguration', 'RuntimeClass', 'ServiceCIDR',
  'StorageClass', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding', 'ValidatingWebhookConfiguration', 'VolumeAttachment', 'VolumeSnapshotClass',
]);

/** Apps whose checks are registered. */
const checkedApps = new WeakSet<App>();
/** The findings of the last run of each App's checks, by the construct they are reported on. */
const findingsByApp = new WeakMap<App, Map<IConstruct, string[]>>();
/** Constructs that report the App-wide findings about them. */
const reporters = new WeakSet<IConstruct>();

/**
 * Registers the App-wide checks of a construct's App, once per App (every
 * construct of this library calls it; later calls cost one lookup). At
 * synth, one validation on the App walks its ApiObjects once and reports
 * each finding on the construct it is about, so the message carries that
 * construct's path:
 *
 * - two objects with the same API group, kind, namespace and name (from two
 *   constructs, or a construct and a user's own ApiObject): applying both,
 *   one silently replaces the other;
 * - one event-log PersistentVolumeClaim used by writers or History Servers in
 *   two namespaces: a claim lives in one namespace, so they would use two
 *   different volumes, or the pods would not start.
 *
 * cdk8s validates the App root before its descendants, so a finding on a
 * descendant is reported in the same validation pass.
 */
export function registerAppChecks(scope: IConstruct): void {
  const root = appOf(scope);
  if (!root || checkedApps.has(root)) return;
  checkedApps.add(root);
  root.node.addValidation({ validate: () => runAppChecks(root) });
}

/** The `group/Kind` a CustomResourceDefinition this library wrote defines, by its ApiObject (read without resolving its schema). */
const definitions = new WeakMap<IConstruct, string>();

/** Records the `group/Kind` of a CustomResourceDefinition the library writes. */
export function registerDefinition(crd: IConstruct, groupKind: string): void {
  definitions.set(crd, groupKind);
}

/** The `group/Kind` a CustomResourceDefinition of this library defines, or undefined for any other object. */
export function definitionOf(crd: IConstruct): string | undefined {
  return definitions.get(crd);
}

/**
 * The ordering an App with a Spark operator gets unless it chose one
 * (gitops/ sets it when it loads; the base files import no layer).
 */
let defaultOrdering: ((root: App) => void) | undefined;

/** Sets the ordering of Apps with an operator that chose none. */
export function setDefaultOrdering(order: (root: App) => void): void {
  defaultOrdering = order;
}

function runAppChecks(root: App): string[] {
  if ((operators.get(root) ?? []).length > 0) defaultOrdering?.(root);
  const findings = new Map<IConstruct, string[]>();
  const report = (scope: IConstruct, message: string) => {
    const list = findings.get(scope);
    if (list) list.push(message);
    else findings.set(scope, [message]);
  };
  duplicateObjects(root, report);
  sharedEventLogClaims(root, report);
  findingsByApp.set(root, findings);
  for (const scope of findings.keys()) {
    if (scope !== root && !reporters.has(scope)) {
      reporters.add(scope);
      scope.node.addValidation({ validate: () => findingsByApp.get(root)?.get(scope) ?? [] });
    }
  }
  return findings.get(root) ?? [];
}

/** Kind with its API group, as Kubernetes names a resource (`Deployment.apps`, `Service`), by apiVersion and kind (an App has few). */
const KINDS = new Map<string, Map<string, string>>();

function kindOf(o: ApiObject): string {
  let byKind = KINDS.get(o.apiVersion);
  if (!byKind) KINDS.set(o.apiVersion, byKind = new Map());
  let kind = byKind.get(o.kind);
  if (kind === undefined) {
    const slash = o.apiVersion.indexOf('/');
    kind = slash < 0 ? o.kind : `${o.kind}.${o.apiVersion.slice(0, slash)}`;
    byKind.set(o.kind, kind);
  }
  return kind;
}

/** Reports every ApiObject whose group, kind, namespace and name an earlier one in the App already has. */
function duplicateObjects(root: App, report: (scope: IConstruct, message: string) => void): void {
  // By name first: in an App names rarely repeat, so most objects cost one lookup, and kind and
  // namespace are compared only among the objects of one name (the first, or a list once a name repeats).
  const byName = new Map<string, ApiObject | ApiObject[]>();
  for (const c of root.node.findAll()) {
    if (!ApiObject.isApiObject(c) || typeof c.name !== 'string') continue;
    const earlier = byName.get(c.name);
    if (earlier === undefined) {
      byName.set(c.name, c);
      continue;
    }
    const kind = kindOf(c);
    const namespace = namespaceOf(c);
    const others = Array.isArray(earlier) ? earlier : [earlier];
    const first = others.find((o) => kindOf(o) === kind && namespaceOf(o) === namespace);
    if (!first) {
      others.push(c);
      if (others !== earlier) byName.set(c.name, others);
      continue;
    }
    const where = namespace === undefined ? `${kind} '${c.name}' (cluster-wide)`
      : namespace === '' ? `${kind} '${c.name}' without a namespace (in the one it is applied to)`
        : `${kind} '${c.name}' in namespace '${namespace}'`;
    report(c, problem('metadata.name', c.name,
      `makes the ${where}, which ${first.node.path} already defines in this App (applying both, one silently replaces the other)`,
      'give one of the two another name, or define the object once'));
  }
}

/**
 * The namespace of an object, undefined for a cluster-wide kind, and '' for a
 * namespaced object without one (or with ''): kubectl and Argo CD apply every
 * such object to one namespace, the default of the apply.
 */
function namespaceOf(o: ApiObject): string | undefined {
  return CLUSTER_SCOPED.has(o.kind) ? undefined : o.metadata.namespace ?? '';
}

/** Reports every user of one event-log PersistentVolumeClaim volume in another namespace than its first user. */
function sharedEventLogClaims(root: App, report: (scope: IConstruct, message: string) => void): void {
  const byVolume = new Map<RegisteredVolume, EventLogUse[]>();
  for (const use of eventLogUses.get(root) ?? []) {
    if (use.claim === undefined || use.volume === undefined || use.namespace === undefined) continue;
    const list = byVolume.get(use.volume);
    if (list) list.push(use);
    else byVolume.set(use.volume, [use]);
  }
  for (const [, uses] of byVolume) {
    const first = uses[0];
    for (const use of uses.filter((u) => u.namespace !== first.namespace)) {
      report(use.user, problem('eventLog', use.claim,
        `is on the PersistentVolumeClaim '${use.claim}', which ${first.user.node.path} (${first.reader ? 'a History Server' : 'an event-log writer'}) uses in namespace '${first.namespace}' while this construct runs in '${use.namespace}': a claim lives in one namespace, so the two would use two different volumes (or the pods would not start)`,
        'run every writer and History Server of this EventLog in one namespace, or use an object store (EventLog.toUrl(\'s3a://bucket/spark-events\'))'));
    }
  }
}
