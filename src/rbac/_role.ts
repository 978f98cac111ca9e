import { ApiObject } from 'cdk8s';
import { IServiceAccount, ServiceAccount } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { checkBoolean, checkRequiredString, checkSecurityOptOuts, checkSparkVersion, checkStringMap } from './_props';
import { driverRules } from './_rules';
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
}

/**
 * The one home of ServiceAccount + Role + RoleBinding: a namespaced Role
 * bound to one ServiceAccount, as plain ApiObjects (tree order puts the
 * account and the Role before the binding). Child ids: `<serviceAccountId>`,
 * `<id>` and `<id>Binding`.
 */
export function grantRole(scope: Construct, id: string, grant: RoleGrant): { serviceAccount?: ApiObject; role: ApiObject } {
  const metadata = { name: grant.name, namespace: grant.namespace, labels: grant.labels, annotations: grant.annotations };
  const serviceAccount = grant.serviceAccountId === undefined ? undefined
    : new ApiObject(scope, grant.serviceAccountId, { apiVersion: 'v1', kind: 'ServiceAccount', metadata, automountServiceAccountToken: true } as any);
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
  return existing ?? ServiceAccount.fromServiceAccountName(scope, 'Account', name);
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
  /** `securityOptOuts` as given. */
  readonly securityOptOuts?: SecurityOptOut[];
  /** What the construct is called in messages (`a SparkDriverRbac`). */
  readonly construct: string;
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
export function createDriverAccount(scope: Construct, account: DriverAccount): void {
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
  const optOuts = checkSecurityOptOuts(scope, account.securityOptOuts, {
    construct: account.construct, own: { [SecurityOptOut.DEFAULT_SERVICE_ACCOUNT]: account.name === 'default' }, pods: false,
  });
  if (account.name === 'default') {
    requireOptOut(scope, account.prop, account.name, optOuts, SecurityOptOut.DEFAULT_SERVICE_ACCOUNT, 'securityOptOuts',
      'names the namespace\'s default ServiceAccount, which every pod there runs as unless it names another: each of them would get the driver\'s rights',
      'use a name of its own, e.g. \'spark-driver\'');
  }
  const annotations = optOutAnnotations(optOuts);
  grantRole(scope, 'Role', {
    name: account.name,
    namespace: account.namespace,
    labels: account.labels,
    annotations: Object.keys(annotations).length ? annotations : undefined,
    rules: driverRules(account.sparkVersion ?? SparkVersion.DEFAULT, account.clusterMode ?? true),
    serviceAccountId: 'Resource',
  });
}
