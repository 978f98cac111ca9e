import { ApiObject } from 'cdk8s';
import { IServiceAccount, ServiceAccount } from 'cdk8s-plus-28';
import { Construct } from 'constructs';

/** What `grantRole` creates. */
export interface RoleGrant {
  /** Name of the Role and RoleBinding (and of the ServiceAccount, when created). */
  readonly name: string;
  readonly namespace: string;
  /** Rules of the Role (wire format). */
  readonly rules: any;
  /** Labels of every object. @default - none */
  readonly labels?: { [key: string]: string };
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
  const metadata = { name: grant.name, namespace: grant.namespace, labels: grant.labels };
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
