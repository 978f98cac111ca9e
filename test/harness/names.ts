/**
 * Rule 5, names and metadata (security.md §9 items 2–6): apiVersion, kind and a valid name;
 * unique (group, kind, namespace, name); an explicit namespace that is not `default` on every
 * namespaced object; valid label and annotation keys and values; annotations under 256 KiB; no
 * `status`, no Secret with data, no `caBundle`; quantities written as the API server stores them
 * (quantity.ts).
 */
import { podSites, sparkEmbeddedObjects, sparkTemplates } from './projection';
import { quantityFindings } from './quantity';
import { Finding, groupOf, isObject, pointer, RuleContext } from './types';

/** Kinds that are not namespaced. */
export const CLUSTER_SCOPED_KINDS = new Set([
  'Namespace', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition', 'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration', 'PriorityClass', 'StorageClass', 'IngressClass', 'PersistentVolume', 'ClusterIssuer',
  'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding', 'RuntimeClass', 'CSIDriver', 'APIService', 'GatewayClass',
]);

const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
/**
 * Kinds whose names become DNS labels (Service names; the operator's webhook for its kinds). A
 * SparkCluster (Apache operator) names the Services `<name>-master-svc` / `<name>-worker-svc` and
 * the StatefulSets `<name>-master` / `<name>-worker` (SparkClusterResourceSpec.java L135, L178,
 * L222, L303 at 1.0.0), whose pods carry the label controller-revision-hash
 * `<statefulset>-<10-character hash>`: a label value of at most 63 characters leaves 52 for the
 * StatefulSet, 45 for the cluster.
 */
const DNS_1035_KINDS: { [kind: string]: number } = { Service: 63, SparkApplication: 63, ScheduledSparkApplication: 63, SparkConnect: 56, SparkCluster: 45 };
export const MAX_ANNOTATION_BYTES = 262144;

export function isDns1123Subdomain(s: unknown): boolean {
  return typeof s === 'string' && s.length <= 253 && DNS_1123_SUBDOMAIN.test(s);
}

/** Why a label or annotation key is invalid, or undefined. */
export function keyProblem(key: string): string | undefined {
  const slash = key.indexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && !isDns1123Subdomain(prefix)) return `key ${JSON.stringify(key)}: prefix must be a DNS-1123 subdomain`;
  if (name.length === 0 || name.length > 63 || !QUALIFIED_NAME.test(name)) return `key ${JSON.stringify(key)}: name must be at most 63 of [A-Za-z0-9-_.], alphanumeric at both ends`;
  return undefined;
}

/** Why a label value is invalid, or undefined. */
export function labelValueProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return `value ${JSON.stringify(value)} must be a string`;
  if (value !== '' && (value.length > 63 || !QUALIFIED_NAME.test(value))) return `value ${JSON.stringify(value)} must be empty or at most 63 of [A-Za-z0-9-_.], alphanumeric at both ends`;
  return undefined;
}

function metadataFindings(meta: any, at: string): Finding[] {
  const out: Finding[] = [];
  if (!isObject(meta)) return out;
  if (meta.labels !== undefined && !isObject(meta.labels)) out.push({ path: `${at}/labels`, message: 'labels must be a map' });
  for (const [k, v] of Object.entries(isObject(meta.labels) ? meta.labels : {})) {
    const problem = keyProblem(k) ?? labelValueProblem(v);
    if (problem) out.push({ path: `${at}/labels${pointer(k)}`, message: `label ${problem}` });
  }
  let bytes = 0;
  for (const [k, v] of Object.entries(isObject(meta.annotations) ? meta.annotations : {})) {
    const problem = keyProblem(k) ?? (typeof v === 'string' ? undefined : `value of ${k} must be a string`);
    if (problem) out.push({ path: `${at}/annotations${pointer(k)}`, message: `annotation ${problem}` });
    bytes += Buffer.byteLength(k) + Buffer.byteLength(String(v));
  }
  if (bytes >= MAX_ANNOTATION_BYTES) out.push({ path: `${at}/annotations`, message: `annotations total ${bytes} bytes, must be under ${MAX_ANNOTATION_BYTES}` });
  return out;
}

/** For each document, the index of the first document with the same (group, kind, namespace, name). */
export function firstIndexes(docs: any[]): number[] {
  const seen = new Map<string, number>();
  return docs.map((d, i) => {
    const key = `${groupOf(d?.apiVersion)}|${d?.kind}|${d?.metadata?.namespace ?? ''}|${d?.metadata?.name}`;
    if (!seen.has(key)) seen.set(key, i);
    return seen.get(key)!;
  });
}

function findKey(node: any, key: string, at: string, out: string[]): void {
  if (Array.isArray(node)) {node.forEach((n, i) => findKey(n, key, `${at}/${i}`, out));} else if (isObject(node)) {
    for (const [k, v] of Object.entries(node)) {
      if (k === key) out.push(`${at}${pointer(k)}`);
      findKey(v, key, `${at}${pointer(k)}`, out);
    }
  }
}

/** Names and metadata findings of one object. */
export function nameFindings(doc: any, { index, options, firstIndex }: RuleContext): Finding[] {
  const out: Finding[] = [];
  const add = (path: string, message: string) => out.push({ path, message });
  const meta = isObject(doc.metadata) ? doc.metadata : {};
  if (typeof doc.apiVersion !== 'string' || doc.apiVersion === '') add('/apiVersion', 'apiVersion is missing');
  if (typeof doc.kind !== 'string' || doc.kind === '') add('/kind', 'kind is missing');
  if (typeof meta.name !== 'string' || meta.name === '') {
    add('/metadata/name', 'metadata.name is missing');
  } else {
    if (!isDns1123Subdomain(meta.name)) add('/metadata/name', `${JSON.stringify(meta.name)} is not a DNS-1123 subdomain (at most 253 of [a-z0-9-.], alphanumeric at both ends)`);
    const max = DNS_1035_KINDS[doc.kind];
    if (max !== undefined && (meta.name.length > max || !DNS_1035_LABEL.test(meta.name))) {
      add('/metadata/name', `${JSON.stringify(meta.name)} is not a DNS-1035 label of at most ${max} characters (a ${doc.kind} name must start with a letter)`);
    }
  }
  if (CLUSTER_SCOPED_KINDS.has(doc.kind)) {
    // The API server clears a namespace on cluster-scoped objects.
  } else if (typeof meta.namespace !== 'string' || meta.namespace === '') {
    add('/metadata/namespace', 'a namespaced object needs an explicit metadata.namespace');
  } else if (!DNS_1123_LABEL.test(meta.namespace) || meta.namespace.length > 63) {
    add('/metadata/namespace', `${JSON.stringify(meta.namespace)} is not a DNS-1123 label`);
  } else if (meta.namespace === 'default' && !options.allowDefaultNamespace) {
    add('/metadata/namespace', 'must not be the default namespace');
  }

  // Uniqueness of (group, kind, namespace, name): reported on the later duplicates.
  const first = firstIndex[index];
  if (first !== index) add('/metadata/name', `duplicates document ${first} (same API group, kind, namespace and name)`);

  out.push(...metadataFindings(meta, '/metadata'));
  const templatePaths = new Set<string>();
  for (const site of [...podSites(doc).filter((s) => !s.role), ...sparkTemplates(doc)]) {
    templatePaths.add(site.path);
    out.push(...metadataFindings(site.template?.metadata, `${site.path}/metadata`));
  }
  // The metadata of the StatefulSets and Services the Apache operator builds from a SparkCluster.
  for (const embedded of sparkEmbeddedObjects(doc).filter((o) => o.type === 'ObjectMeta')) {
    out.push(...metadataFindings(embedded.value, embedded.path));
  }
  for (const site of podSites(doc).filter((s) => s.role)) {
    // Labels and annotations the operator copies from driver/executor `labels`/`annotations`.
    const base = doc.kind === 'ScheduledSparkApplication' ? '/spec/template' : '/spec';
    const role = doc.kind === 'ScheduledSparkApplication' ? doc.spec?.template?.[site.role!] : doc.spec?.[site.role!];
    if (isObject(role)) out.push(...metadataFindings({ labels: role.labels, annotations: role.annotations }, `${base}/${site.role}`));
  }
  if (doc.status !== undefined) add('/status', 'status must not be emitted (the API server and controllers own it)');
  if (doc.kind === 'Secret' && doc.apiVersion === 'v1') {
    for (const field of ['data', 'stringData']) {
      if (doc[field] !== undefined) add(`/${field}`, `a Secret with ${field} in the manifests: create it out of band (sealed/external secrets) and reference it`);
    }
  }
  const caBundles: string[] = [];
  findKey(doc, 'caBundle', '', caBundles);
  for (const p of caBundles) add(p, 'caBundle must not be emitted: the webhook or cert-manager injects it, a desired value would be drift');
  // Built-in objects only: the API server stores a custom resource (and the pod templates in it) exactly as written.
  out.push(...quantityFindings(doc, podSites(doc).filter((s) => !s.role)));
  return out;
}
