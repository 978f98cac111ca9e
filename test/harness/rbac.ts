/**
 * Rule 4, RBAC (security.md §3.4, §9 items 18, 28–31): no wildcards, no namespace-wide secret
 * reads, no escalate/bind/impersonate, no pods/exec, pods/attach, nodes/proxy, no bindings to
 * cluster-admin/admin/edit; every roleRef, subject and pod serviceAccountName resolves to an
 * object in the output or a declared external one.
 */
import { podSites } from './projection';
import { Finding, isObject, RuleContext } from './types';

const RBAC_GROUP = 'rbac.authorization.k8s.io';
const ESCALATING_VERBS = ['escalate', 'bind', 'impersonate'];
const DANGEROUS_RESOURCES = ['pods/exec', 'pods/attach', 'nodes/proxy'];
const ADMIN_ROLES = ['cluster-admin', 'admin', 'edit'];

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : [];
}

function ruleFindings(doc: any): Finding[] {
  const out: Finding[] = [];
  (Array.isArray(doc.rules) ? doc.rules : []).forEach((rule: any, i: number) => {
    const at = `/rules/${i}`;
    for (const field of ['apiGroups', 'resources', 'verbs', 'nonResourceURLs']) {
      strings(rule?.[field]).forEach((value, j) => {
        if (value.includes('*')) out.push({ path: `${at}/${field}/${j}`, message: `wildcard ${JSON.stringify(value)} in ${field}` });
      });
    }
    const verbs = strings(rule?.verbs);
    const resources = strings(rule?.resources);
    const groups = strings(rule?.apiGroups);
    const core = groups.includes('') || groups.includes('*');
    if (core && resources.includes('secrets') && verbs.some((v) => ['get', 'list', 'watch'].includes(v)) && strings(rule?.resourceNames).length === 0) {
      out.push({ path: at, message: 'get/list/watch on secrets without resourceNames' });
    }
    for (const verb of ESCALATING_VERBS.filter((v) => verbs.includes(v))) {
      out.push({ path: `${at}/verbs`, message: `grants the ${verb} verb` });
    }
    for (const resource of DANGEROUS_RESOURCES.filter((r) => resources.includes(r))) {
      out.push({ path: `${at}/resources`, message: `grants ${resource}` });
    }
  });
  return out;
}

function hasObject(docs: any[], kind: string, name: unknown, namespace?: string): boolean {
  return docs.some((d) => isObject(d) && d.kind === kind && d.metadata?.name === name && (namespace === undefined || d.metadata?.namespace === namespace)
    && (kind === 'ServiceAccount' ? d.apiVersion === 'v1' : d.apiVersion === `${RBAC_GROUP}/v1`));
}

function bindingFindings(doc: any, { docs, options }: RuleContext): Finding[] {
  const out: Finding[] = [];
  const ns = doc.metadata?.namespace;
  const ref = isObject(doc.roleRef) ? doc.roleRef : {};
  const externalRoles = options.externalRoles ?? [];
  if (ref.kind === 'ClusterRole' && ADMIN_ROLES.includes(ref.name)) {
    out.push({ path: '/roleRef/name', message: `binds the built-in ${ref.name} ClusterRole` });
  }
  if (ref.apiGroup !== RBAC_GROUP) out.push({ path: '/roleRef/apiGroup', message: `roleRef.apiGroup must be ${RBAC_GROUP}` });
  if (ref.kind === 'ClusterRole') {
    if (!hasObject(docs, 'ClusterRole', ref.name) && !externalRoles.includes(`ClusterRole/${ref.name}`)) {
      out.push({ path: '/roleRef', message: `ClusterRole ${ref.name} is neither in the output nor in externalRoles` });
    }
  } else if (ref.kind === 'Role') {
    if (doc.kind === 'ClusterRoleBinding') {out.push({ path: '/roleRef/kind', message: 'a ClusterRoleBinding can only reference a ClusterRole' });} else if (!hasObject(docs, 'Role', ref.name, ns) && !externalRoles.includes(`Role/${ns}/${ref.name}`)) {
      out.push({ path: '/roleRef', message: `Role ${ns}/${ref.name} is neither in the output nor in externalRoles` });
    }
  } else {
    out.push({ path: '/roleRef/kind', message: `roleRef.kind must be Role or ClusterRole, got ${ref.kind}` });
  }
  (Array.isArray(doc.subjects) ? doc.subjects : []).forEach((s: any, i: number) => {
    if (s?.kind !== 'ServiceAccount') return;
    const sns = s.namespace ?? (doc.kind === 'RoleBinding' ? ns : undefined);
    if (!sns) {
      out.push({ path: `/subjects/${i}/namespace`, message: `ServiceAccount subject ${s.name} needs a namespace` });
    } else if (!hasObject(docs, 'ServiceAccount', s.name, sns) && !isExternalAccount(options, sns, s.name)) {
      out.push({ path: `/subjects/${i}`, message: `ServiceAccount ${sns}/${s.name} is neither in the output nor in externalServiceAccounts` });
    }
  });
  return out;
}

/** Listed as existing outside the output: `namespace/name`, or `*` then `/name` for any namespace (a typed reference names none). */
function isExternalAccount(options: RuleContext['options'], namespace: string, name: string): boolean {
  const external = options.externalServiceAccounts ?? [];
  return external.includes(`${namespace}/${name}`) || external.includes(`*/${name}`);
}

/** Pods must run as a ServiceAccount that exists. */
function podAccountFindings(doc: any, { docs, options }: RuleContext): Finding[] {
  const out: Finding[] = [];
  const ns = doc.metadata?.namespace;
  for (const site of podSites(doc)) {
    const spec = site.template?.spec ?? {};
    const account = spec.serviceAccountName ?? spec.serviceAccount;
    if (typeof account !== 'string' || account === 'default' || ns === undefined) continue;
    if (!hasObject(docs, 'ServiceAccount', account, ns) && !isExternalAccount(options, ns, account)) {
      out.push({ path: `${site.path}/spec/serviceAccountName`, message: `ServiceAccount ${ns}/${account} is neither in the output nor in externalServiceAccounts` });
    }
  }
  return out;
}

/** RBAC findings of one object. */
export function rbacFindings(doc: any, context: RuleContext): Finding[] {
  const out: Finding[] = [];
  const rbac = doc.apiVersion === `${RBAC_GROUP}/v1`;
  if (rbac && (doc.kind === 'Role' || doc.kind === 'ClusterRole')) out.push(...ruleFindings(doc));
  if (rbac && (doc.kind === 'RoleBinding' || doc.kind === 'ClusterRoleBinding')) out.push(...bindingFindings(doc, context));
  out.push(...podAccountFindings(doc, context));
  return out;
}
