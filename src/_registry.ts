import { App } from 'cdk8s';
import { IConstruct } from 'constructs';

/**
 * Which Spark operator installs and which Spark custom resources live in the
 * same cdk8s App, so custom resources can depend on the operator (its CRDs
 * come first) and the operator can check the applications it will serve.
 * Registration is O(1) per construct: no scan of the construct tree.
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
const applications = new WeakMap<App, { app: RegisteredApplication; resource: IConstruct }[]>();

function appOf(c: IConstruct): App | undefined {
  try {
    return App.of(c);
  } catch {
    return undefined;
  }
}

/** Registers an operator and makes every application registered so far depend on it. */
export function registerOperator(operator: RegisteredOperator): void {
  const app = appOf(operator);
  if (!app) return;
  operators.set(app, [...(operators.get(app) ?? []), operator]);
  for (const { resource } of applications.get(app) ?? []) {
    operator._serve(resource);
  }
}

/** Registers a Spark custom resource and makes it depend on every operator registered so far. */
export function registerApplication(app: RegisteredApplication, resource: IConstruct): void {
  const root = appOf(app);
  if (!root) return;
  const list = applications.get(root);
  if (list) list.push({ app, resource });
  else applications.set(root, [{ app, resource }]);
  for (const operator of operators.get(root) ?? []) {
    operator._serve(resource);
  }
}

/** The applications in the same App as a construct. */
export function applicationsOf(c: IConstruct): RegisteredApplication[] {
  const root = appOf(c);
  return root ? (applications.get(root) ?? []).map((a) => a.app) : [];
}

const eventLogWriters = new WeakMap<App, { writer: IConstruct; directory: string }[]>();

/** Records that a construct writes Spark event logs to a directory. */
export function registerEventLogWriter(writer: IConstruct, directory: string): void {
  const root = appOf(writer);
  if (!root) return;
  eventLogWriters.set(root, [...(eventLogWriters.get(root) ?? []), { writer, directory }]);
}

/** Everything in the same App as a construct that writes event logs. */
export function eventLogWritersOf(c: IConstruct): { writer: IConstruct; directory: string }[] {
  const root = appOf(c);
  return root ? [...(eventLogWriters.get(root) ?? [])] : [];
}

/** What the registry needs of a History Server. */
export interface RegisteredHistoryServer extends IConstruct {
  /** The event log directory it reads. */
  readonly logDirectory: string;
}

const historyServers = new WeakMap<App, RegisteredHistoryServer[]>();

/**
 * Registers a History Server. Returns true for the first one in its App,
 * which checks the App's event-log writers once at synth; false for later
 * ones and outside an App.
 */
export function registerHistoryServer(server: RegisteredHistoryServer): boolean {
  const root = appOf(server);
  if (!root) return false;
  const list = historyServers.get(root);
  if (list) {
    list.push(server);
    return false;
  }
  historyServers.set(root, [server]);
  return true;
}

/** The History Servers in the same App as a construct, in creation order. */
export function historyServersOf(c: IConstruct): RegisteredHistoryServer[] {
  const root = appOf(c);
  return root ? [...(historyServers.get(root) ?? [])] : [];
}
