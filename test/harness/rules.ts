/**
 * Output-wide rules: RBAC, names and metadata, secrets in clear, CRD order.
 */
import { CLUSTER_SCOPED } from './kube';

const DNS_1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const DNS_1035_KINDS = new Set(['Service', 'SparkApplication', 'ScheduledSparkApplication', 'SparkConnect']);
const SECRET_NAME = /secret|password|token|access[._-]?key/i;
const SECRET_REFERENCE = /^spark\.kubernetes\.(driver|executor)\.(secretKeyRef|secrets)\.|(file|path|provider|providers|enabled|class|dir|uri|url|type)$/i;

export interface Issue {
  readonly rule: string;
  readonly path: string;
  readonly message: string;
}

/** RBAC: no wildcards, no secret reads, no escalation verbs, no exec/attach/proxy, no admin bindings, resolvable references. */
export function rbacIssues(obj: any, docs: any[], externalRoles: string[], externalAccounts: string[]): Issue[] {
  const out: Issue[] = [];
  if (obj.kind === 'Role' || obj.kind === 'ClusterRole') {
    (obj.rules ?? []).forEach((rule: any, i: number) => {
      const at = `/rules/${i}`;
      for (const field of ['apiGroups', 'resources', 'verbs', 'resourceNames']) {
        if ((rule[field] ?? []).includes('*')) out.push({ rule: 'rbac', path: at, message: `wildcard in ${field}` });
      }
      const verbs: string[] = rule.verbs ?? [];
      const resources: string[] = rule.resources ?? [];
      if (resources.includes('secrets') && verbs.some((v) => ['get', 'list', 'watch'].includes(v)) && !(rule.resourceNames?.length > 0)) {
        out.push({ rule: 'rbac', path: at, message: 'reads secrets without resourceNames' });
      }
      for (const verb of ['escalate', 'bind', 'impersonate']) {
        if (verbs.includes(verb)) out.push({ rule: 'rbac', path: at, message: `grants ${verb}` });
      }
      for (const sub of ['pods/exec', 'pods/attach', 'nodes/proxy']) {
        if (resources.includes(sub)) out.push({ rule: 'rbac', path: at, message: `grants ${sub}` });
      }
    });
  }
  if (obj.kind === 'RoleBinding' || obj.kind === 'ClusterRoleBinding') {
    const ref = obj.roleRef ?? {};
    if (ref.kind === 'ClusterRole' && ['cluster-admin', 'admin', 'edit'].includes(ref.name)) {
      out.push({ rule: 'rbac', path: '/roleRef', message: `binds the built-in ${ref.name} ClusterRole` });
    }
    const ns = obj.metadata?.namespace;
    const found = ref.kind === 'ClusterRole'
      ? docs.some((d) => d.kind === 'ClusterRole' && d.metadata?.name === ref.name) || externalRoles.includes(`ClusterRole/${ref.name}`)
      : docs.some((d) => d.kind === 'Role' && d.metadata?.name === ref.name && d.metadata?.namespace === ns) || externalRoles.includes(`Role/${ns}/${ref.name}`);
    if (!found) out.push({ rule: 'rbac', path: '/roleRef', message: `${ref.kind} ${ref.name} is not in the output` });
    (obj.subjects ?? []).forEach((s: any, i: number) => {
      if (s.kind !== 'ServiceAccount') return;
      const sns = s.namespace ?? ns;
      const exists = docs.some((d) => d.kind === 'ServiceAccount' && d.metadata?.name === s.name && d.metadata?.namespace === sns) || externalAccounts.includes(`${sns}/${s.name}`);
      if (!exists) out.push({ rule: 'rbac', path: `/subjects/${i}`, message: `ServiceAccount ${sns}/${s.name} is not in the output` });
    });
  }
  return out;
}

function labelKeyProblem(key: string): string | undefined {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && (prefix.length > 253 || !DNS_1123_SUBDOMAIN.test(prefix))) return `key ${key} has an invalid prefix`;
  if (!name || name.length > 63 || !LABEL_NAME.test(name)) return `key ${key} has an invalid name`;
  return undefined;
}

/** Names, namespaces, labels, annotations, status, Secret data, caBundle. */
export function metadataIssues(obj: any, allowDefaultNamespace: boolean): Issue[] {
  const out: Issue[] = [];
  const meta = obj.metadata ?? {};
  const add = (path: string, message: string) => out.push({ rule: 'names', path, message });
  if (!obj.apiVersion || !obj.kind || !meta.name) add('/metadata', 'needs apiVersion, kind and metadata.name');
  if (meta.name && (meta.name.length > 253 || !DNS_1123_SUBDOMAIN.test(meta.name))) add('/metadata/name', `${meta.name} is not a DNS-1123 subdomain`);
  if (meta.name && DNS_1035_KINDS.has(obj.kind) && (meta.name.length > 63 || !DNS_1035_LABEL.test(meta.name))) add('/metadata/name', `${meta.name} is not a DNS-1035 label`);
  if (!CLUSTER_SCOPED.has(obj.kind)) {
    if (!meta.namespace) add('/metadata/namespace', 'a namespaced object needs an explicit namespace');
    else if (meta.namespace === 'default' && !allowDefaultNamespace) add('/metadata/namespace', 'must not be the default namespace');
  }
  const checkLabels = (labels: any, at: string) => {
    for (const [k, v] of Object.entries(labels ?? {})) {
      const p = labelKeyProblem(k);
      if (p) add(at, p);
      if (typeof v !== 'string' || v.length > 63 || (v !== '' && !LABEL_NAME.test(v))) add(at, `value ${JSON.stringify(v)} of ${k} is not a label value`);
    }
  };
  checkLabels(meta.labels, '/metadata/labels');
  const annotationBytes = Object.entries(meta.annotations ?? {}).reduce((n, [k, v]) => n + k.length + String(v).length, 0);
  for (const k of Object.keys(meta.annotations ?? {})) {
    const p = labelKeyProblem(k);
    if (p) add('/metadata/annotations', p);
  }
  if (annotationBytes >= 262144) add('/metadata/annotations', 'annotations exceed 256 KiB');
  const templates = [obj.spec?.template, obj.spec?.jobTemplate?.spec?.template].filter((t) => t?.metadata);
  templates.forEach((t) => checkLabels(t.metadata.labels, '/spec/template/metadata/labels'));
  if (obj.status !== undefined) add('/status', 'status must not be emitted');
  if (obj.kind === 'Secret' && (obj.data || obj.stringData)) out.push({ rule: 'secrets', path: '/data', message: 'a Secret with data in the manifests' });
  const walk = (node: any, at: string): void => {
    if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) {
        if (k === 'caBundle') out.push({ rule: 'names', path: `${at}/${k}`, message: 'caBundle must not be emitted (the webhook or cert-manager injects it)' });
        walk(v, `${at}/${k}`);
      }
    }
  };
  walk(obj.webhooks, '/webhooks');
  return out;
}

/** Secret material in clear anywhere in the object. */
export function secretIssues(obj: any): Issue[] {
  const out: Issue[] = [];
  const walk = (node: any, at: string): void => {
    if (typeof node === 'string') {
      if (/-----BEGIN ([A-Z ]+ )?PRIVATE KEY-----/.test(node)) out.push({ rule: 'secrets', path: at, message: 'a PEM private key in clear' });
      if (/\bAKIA[0-9A-Z]{16}\b/.test(node)) out.push({ rule: 'secrets', path: at, message: 'an AWS access key id in clear' });
      return;
    }
    if (Array.isArray(node)) {
      node.forEach((n, i) => walk(n, `${at}/${i}`));
      return;
    }
    if (node && typeof node === 'object') {
      if (typeof node.name === 'string' && typeof node.value === 'string' && SECRET_NAME.test(node.name) && ('valueFrom' in node || at.includes('/env/'))) {
        out.push({ rule: 'secrets', path: at, message: `env ${node.name} holds a literal secret` });
      }
      for (const [k, v] of Object.entries(node)) {
        if ((k === 'sparkConf' || k === 'hadoopConf') && v && typeof v === 'object') {
          for (const key of Object.keys(v)) {
            if (SECRET_NAME.test(key) && !SECRET_REFERENCE.test(key)) out.push({ rule: 'secrets', path: `${at}/${k}/${key}`, message: `${k} key ${key} holds a literal secret` });
          }
        }
        walk(v, `${at}/${k}`);
      }
    }
  };
  walk(obj.spec ?? obj.data ?? {}, obj.spec ? '/spec' : '/data');
  return out;
}
