import { ApiObject, Lazy } from 'cdk8s';
import type { IServiceAccount } from 'cdk8s-plus-28';
import { Construct, IConstruct } from 'constructs';
import {
  checkBoolean, checkObject, checkRequiredString, checkSecurityOptOuts, checkSparkVersion, checkStringList, checkStringMap, systemNamespaceProblem,
} from './_props';
import { plus } from '../_plus';
import { identityAnnotations } from './_identity';
import { driverRules } from './_rules';
import { SparkRbacRule } from './rbac-rule';
import { WorkloadIdentity } from './workload-identity';
import { registerAppChecks } from '../_registry';
import { checkDns1123Label, checkLabels, DNS_1123_SUBDOMAIN, fail } from '../_validation';
import { optOutAnnotations, requireOptOut } from '../pod/_security-opt-outs';
import { SecurityOptOut } from '../pod/security-opt-out';
import { SparkVersion } from '../spark/spark-version';

/** What `grantRole` creates. */
export interface RoleGrant {
  /** Name of the Role and RoleBinding (and of the ServiceAccount, when created). */
  readonly name: string;
  readonly namespace: string;
  /** Rules of the Role (wire format). */
  readonly rules: any;
  /** Labels of every object. @default - none */
  readonly labels?: { [key: string]: string };
  /** Annotations of every object. @default - none */
  readonly annotations?: { [key: string]: string };
  /** The subject: a ServiceAccount `{ name, namespace }`. @default - the ServiceAccount `name` in `namespace` */
  readonly subject?: { name: string; namespace: string };
  /** Create the ServiceAccount first, with this child id. @default - not created */
  readonly serviceAccountId?: string;
  /** Annotations of the ServiceAccount only (a workload identity), on top of `annotations`. @default - none */
  readonly serviceAccountAnnotations?: { [key: string]: string };
}

/**
 * The one home of ServiceAccount + Role + RoleBinding: a namespaced Role
 * bound to one ServiceAccount, as plain ApiObjects (tree order puts the
 * account and the Role before the binding). Child ids: `<serviceAccountId>`,
 * `<id>` and `<id>Binding`.
 */
export function grantRole(scope: Construct, id: string, grant: RoleGrant): { serviceAccount?: ApiObject; role: ApiObject } {
  const metadata = { name: grant.name, namespace: grant.namespace, labels: grant.labels, annotations: grant.annotations };
  const accountAnnotations = grant.serviceAccountAnnotations ? { ...grant.annotations, ...grant.serviceAccountAnnotations } : grant.annotations;
  const serviceAccount = grant.serviceAccountId === undefined ? undefined
    : new ApiObject(scope, grant.serviceAccountId, {
      apiVersion: 'v1', kind: 'ServiceAccount', metadata: { ...metadata, annotations: accountAnnotations }, automountServiceAccountToken: true,
    } as any);
  const role = new ApiObject(scope, id, { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata, rules: grant.rules } as any);
  const subject = grant.subject ?? { name: grant.name, namespace: grant.namespace };
  new ApiObject(scope, `${id}Binding`, {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata,
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: grant.name },
    subjects: [{ kind: 'ServiceAccount', ...subject }],
  } as any);
  return { serviceAccount, role };
}

/** A reference to a ServiceAccount by name, created once as child `Account` on first use. */
export function serviceAccountRef(scope: Construct, name: string): IServiceAccount {
  const existing = scope.node.tryFindChild('Account') as IServiceAccount | undefined;
  return existing ?? plus().ServiceAccount.fromServiceAccountName(scope, 'Account', name);
}

/** The verbs a driver Role may hold (no escalate, bind, impersonate or wildcards). */
const RULE_VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'];
const API_GROUP = /^$|^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const RESOURCE = /^[a-z][a-z0-9]*(\/[a-z][a-z0-9]*)?$/;

/** Checks an extra rule: lists of names, no wildcard, no Secrets, known verbs; returns it in wire format. */
function checkRbacRule(scope: IConstruct, prop: string, rule: SparkRbacRule): any {
  const example = '{ apiGroups: [\'apps\'], resources: [\'statefulsets\'], verbs: [\'get\'] }';
  if (rule === undefined || rule === null) fail(scope, prop, rule ?? undefined, 'must be a rule', `use e.g. ${example}`);
  checkObject(scope, prop, rule, example);
  const list = (field: 'apiGroups' | 'resources' | 'verbs' | 'resourceNames', pattern: RegExp, what: string, optional = false) => {
    const value = rule[field];
    if (optional && value === undefined) return undefined;
    checkStringList(scope, `${prop}.${field}`, value);
    if (!Array.isArray(value) || value.length === 0) fail(scope, `${prop}.${field}`, value, 'must name at least one entry', `list the ${what}`);
    value.forEach((v, i) => {
      if (v.includes('*')) fail(scope, `${prop}.${field}[${i}]`, v, 'must not be a wildcard (the driver Role stays least-privilege)', `name the ${what} exactly`);
      if (!pattern.test(v)) fail(scope, `${prop}.${field}[${i}]`, v, `must be one of the ${what}`, `use e.g. '${field === 'verbs' ? 'get' : field === 'apiGroups' ? 'apps' : 'statefulsets'}'`);
    });
    return [...value];
  };
  const apiGroups = list('apiGroups', API_GROUP, 'API groups (\'\' for the core group)');
  const resources = list('resources', RESOURCE, 'resources (plural, lower-case)');
  const verbs = list('verbs', new RegExp(`^(${RULE_VERBS.join('|')})$`), `verbs ${RULE_VERBS.join(', ')}`);
  const resourceNames = list('resourceNames', DNS_1123_SUBDOMAIN, 'object names', true);
  if (apiGroups!.includes('') && resources!.some((r) => r === 'secrets' || r.startsWith('secrets/'))) {
    fail(scope, `${prop}.resources`, resources, 'must not grant access to Secrets (a driver reads its secrets from the environment or mounted files)',
      'mount the Secret into the pods instead (SparkVolume.fromSecret, or env with EnvValue.fromSecretValue)');
  }
  return { apiGroups, resources, verbs, resourceNames };
}

/** A driver Role's rules: the least-privilege base, and extra rules added later (rendered at synth). */
export class DriverRoleRules {
  private readonly extra: any[] = [];

  constructor(private readonly scope: IConstruct, private readonly base: any[]) {}

  /** Adds a checked rule (an identical one is kept once). */
  public add(prop: string, rule: SparkRbacRule): void {
    const wire = checkRbacRule(this.scope, prop, rule);
    const key = JSON.stringify(wire);
    if ([...this.base, ...this.extra].some((r) => JSON.stringify(r) === key)) return;
    this.extra.push(wire);
  }

  /** The rules in wire format. */
  public render(): any[] {
    return [...this.base, ...this.extra].map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)));
  }
}

/** What a driver account needs: its namespace, name (reported under `prop`), rules, labels and opt-outs. */
export interface DriverAccount {
  readonly namespace: string;
  readonly name: string;
  /** The prop errors about the name are reported under. */
  readonly prop: string;
  readonly sparkVersion?: SparkVersion;
  readonly clusterMode?: boolean;
  readonly labels?: { [key: string]: string };
  /** Extra rules, checked (`rules`). */
  readonly rules?: SparkRbacRule[];
  /** `securityOptOuts` as given. */
  readonly securityOptOuts?: SecurityOptOut[];
  /** What the construct is called in messages (`a SparkDriverRbac`). */
  readonly construct: string;
  /** The cloud identity the ServiceAccount is bound to (`identity`). */
  readonly identity?: WorkloadIdentity;
}

/**
 * The one home of a Spark driver account (SparkDriverRbac, SparkJobNamespace):
 * checks the namespace and name, then the ServiceAccount (child `Resource`,
 * the default child), the least-privilege Role and its RoleBinding, as plain
 * objects (one Role rule, and a tenth of the synth cost of cdk8s-plus).
 *
 * The name `default` would take over the namespace's default ServiceAccount,
 * which every pod there runs as unless it names another: each of them would
 * get the driver's rights. It needs `SecurityOptOut.DEFAULT_SERVICE_ACCOUNT`,
 * recorded on the three objects.
 */
export function createDriverAccount(scope: Construct, account: DriverAccount): DriverRoleRules {
  registerAppChecks(scope);
  checkRequiredString(scope, 'namespace', account.namespace, 'spark-jobs');
  checkDns1123Label(scope, 'namespace', account.namespace);
  checkRequiredString(scope, account.prop, account.name, 'spark-driver');
  if (account.name.length > 253 || !DNS_1123_SUBDOMAIN.test(account.name)) {
    fail(scope, account.prop, account.name, 'must be a DNS-1123 subdomain', 'use lower-case letters, digits, \'-\' and \'.\'');
  }
  checkSparkVersion(scope, 'sparkVersion', account.sparkVersion);
  checkBoolean(scope, 'clusterMode', account.clusterMode);
  checkStringMap(scope, 'labels', account.labels);
  checkLabels(scope, 'labels', account.labels);
  // The driver account's Role creates and deletes pods in its namespace, as the operator's job namespaces do.
  const system = systemNamespaceProblem('jobNamespaces', account.namespace);
  const optOuts = checkSecurityOptOuts(scope, account.securityOptOuts, {
    construct: account.construct,
    own: { [SecurityOptOut.DEFAULT_SERVICE_ACCOUNT]: account.name === 'default', [SecurityOptOut.SYSTEM_NAMESPACE]: system !== undefined },
    pods: false,
  });
  if (system) {
    requireOptOut(scope, 'namespace', account.namespace, optOuts, SecurityOptOut.SYSTEM_NAMESPACE, 'securityOptOuts', system.requirement, system.fix);
  }
  if (account.name === 'default') {
    requireOptOut(scope, account.prop, account.name, optOuts, SecurityOptOut.DEFAULT_SERVICE_ACCOUNT, 'securityOptOuts',
      'names the namespace\'s default ServiceAccount, which every pod there runs as unless it names another: each of them would get the driver\'s rights',
      'use a name of its own, e.g. \'spark-driver\'');
  }
  const annotations = optOutAnnotations(optOuts);
  const serviceAccountAnnotations = identityAnnotations(scope, 'identity', account.identity);
  const rules = new DriverRoleRules(scope, driverRules(account.sparkVersion ?? SparkVersion.DEFAULT, account.clusterMode ?? true));
  if (account.rules !== undefined && !Array.isArray(account.rules)) {
    fail(scope, 'rules', account.rules, 'must be a list of rules', 'use e.g. [{ apiGroups: [\'apps\'], resources: [\'statefulsets\'], verbs: [\'get\'] }]');
  }
  (account.rules ?? []).forEach((rule, i) => rules.add(`rules[${i}]`, rule));
  grantRole(scope, 'Role', {
    name: account.name,
    namespace: account.namespace,
    labels: account.labels,
    annotations: Object.keys(annotations).length ? annotations : undefined,
    rules: Lazy.any({ produce: () => rules.render() }),
    serviceAccountId: 'Resource',
    serviceAccountAnnotations,
  });
  return rules;
}
