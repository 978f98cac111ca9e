/**
 * The proof harness: one helper every test and example goes through.
 *
 * 1. CRD schema of every custom resource, with unknown fields as errors (the API server would prune them).
 * 2. Kubernetes schema of every built-in kind (kubernetes-models) plus a closed-world check of unknown
 *    fields, including the schemaless pod templates inside the Spark custom resources.
 * 3. Pod Security Standard "restricted" on every pod spec, including the projected driver/executor pods.
 * 4. RBAC without wildcards, secret reads, escalate/bind/impersonate.
 * 5. Names and labels valid; namespaced objects carry a namespace.
 * 6. Determinism: two fresh Apps synthesize byte-identical YAML.
 * Plus: no secrets in clear, CRDs before their custom resources.
 */
import { App, Chart, Testing } from 'cdk8s';
import { isBuiltInKind, kubeSchemaErrors, podTemplateErrors, podTemplatePaths, unknownKubeFields } from './kube';
import { podViolations, projectSparkPods } from './pods';
import { metadataIssues, rbacIssues, secretIssues } from './rules';
import { crdFor, isRegisteredGroup, registerCrd } from './schemas';
import { prunedFields } from './structural';

export { projectSparkPods } from './pods';
export { registerCrd } from './schemas';

export interface HarnessOptions {
  /** ServiceAccounts (`namespace/name`) that exist outside the output and may be referenced. */
  readonly externalServiceAccounts?: string[];
  /** Roles referenced by bindings that exist outside the output (`ClusterRole/name`, `Role/ns/name`). */
  readonly externalRoles?: string[];
  /** Allow objects in the `default` namespace. */
  readonly allowDefaultNamespace?: boolean;
}

export interface Violation {
  readonly rule: string;
  readonly object: string;
  readonly path: string;
  readonly message: string;
}

const SPARK_KINDS = new Set(['SparkApplication', 'ScheduledSparkApplication', 'SparkConnect']);

function groupOf(apiVersion: string): string {
  return apiVersion?.includes('/') ? apiVersion.split('/')[0] : '';
}

/** Every violation of every rule, never throwing on bad documents. */
export function validateManifests(docs: any[], options: HarnessOptions = {}): Violation[] {
  const out: Violation[] = [];
  const seen = new Map<string, number>();
  const crdIndex = new Map<string, number>();
  docs.forEach((doc, i) => {
    if (doc?.kind === 'CustomResourceDefinition') {
      registerCrd(doc);
      crdIndex.set(doc.spec?.group, Math.min(crdIndex.get(doc.spec?.group) ?? i, i));
    }
  });

  docs.forEach((doc, index) => {
    const object = `${doc?.kind}/${doc?.metadata?.name}`;
    const add = (rule: string, path: string, message: string) => out.push({ rule, object, path, message });
    if (!doc || typeof doc !== 'object') {
      add('names', '', 'not an object');
      return;
    }

    // Schema: custom resources against their CRD, built-ins against kubernetes-models.
    const crd = crdFor(doc);
    if (crd) {
      if (!crd.validate(doc)) {
        for (const e of crd.validate.errors ?? []) add('crd-schema', e.instancePath, `${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`);
      }
      const { metadata, ...rest } = doc;
      for (const p of prunedFields(rest, { ...crd.schema, properties: { ...crd.schema.properties, metadata: undefined } }, '')) {
        add('crd-schema', p, 'unknown field: the API server would prune it');
      }
    } else if (isBuiltInKind(doc.apiVersion, doc.kind)) {
      for (const e of kubeSchemaErrors(doc)) add('k8s-schema', '', e);
      for (const e of unknownKubeFields(doc)) add('k8s-schema', e.split(' ')[0], e);
      for (const { path, template } of podTemplatePaths(doc)) {
        for (const e of podTemplateErrors(template, path)) add('k8s-schema', path, e);
      }
    } else {
      add('crd-schema', '', `no schema known for ${doc.apiVersion} ${doc.kind}`);
    }

    // Schemaless pod templates inside the Spark custom resources are checked as closed PodTemplateSpecs.
    if (SPARK_KINDS.has(doc.kind)) {
      const spec = doc.kind === 'ScheduledSparkApplication' ? doc.spec?.template : doc.spec;
      const base = doc.kind === 'ScheduledSparkApplication' ? '/spec/template' : '/spec';
      for (const role of ['driver', 'executor', 'server']) {
        const template = spec?.[role]?.template;
        if (template) {
          for (const e of podTemplateErrors(template, `${base}/${role}/template`)) add('k8s-schema', `${base}/${role}/template`, e);
        }
      }
      for (const { role, pod } of projectSparkPods(doc)) {
        for (const v of podViolations(pod, `[${role} pod]`)) add('pod-security', v.split(': ')[0], v.slice(v.indexOf(': ') + 2));
      }
    }
    for (const { path, template } of podTemplatePaths(doc)) {
      for (const v of podViolations(template, path)) add('pod-security', v.split(': ')[0], v.slice(v.indexOf(': ') + 2));
    }

    for (const issue of rbacIssues(doc, docs, options.externalRoles ?? [], options.externalServiceAccounts ?? [])) add(issue.rule, issue.path, issue.message);
    for (const issue of metadataIssues(doc, options.allowDefaultNamespace ?? false)) add(issue.rule, issue.path, issue.message);
    for (const issue of secretIssues(doc)) add(issue.rule, issue.path, issue.message);

    const key = `${groupOf(doc.apiVersion)}/${doc.kind}/${doc.metadata?.namespace ?? ''}/${doc.metadata?.name}`;
    if (seen.has(key)) add('names', '/metadata/name', `duplicates document ${seen.get(key)}`);
    seen.set(key, index);

    const group = groupOf(doc.apiVersion);
    const crdAt = crdIndex.get(group);
    if (crdAt !== undefined && crdAt > index && isRegisteredGroup(group)) {
      add('order', '', `comes before the CustomResourceDefinition of ${group} (document ${crdAt})`);
    }
  });
  return out;
}

/** Throws an error listing every violation, one per line. */
export function expectValid(docs: any[], options: HarnessOptions = {}): void {
  const violations = validateManifests(docs, options);
  if (violations.length > 0) {
    throw new Error([`${violations.length} violation(s):`, ...violations.map((v) => `[${v.rule}] ${v.object} at ${v.path}: ${v.message}`)].join('\n'));
  }
}

/** Builds twice in fresh Apps, asserts byte-identical YAML, validates every document, returns them. */
export function synthValid(build: (app: App) => void, options: HarnessOptions = {}): any[] {
  const first = Testing.app();
  build(first);
  const second = Testing.app();
  build(second);
  const yaml = first.synthYaml();
  if (yaml !== second.synthYaml()) {
    throw new Error('not deterministic: two fresh Apps synthesized different YAML');
  }
  const docs = first.charts.flatMap((chart) => chart.toJson());
  expectValid(docs, options);
  return docs;
}

/** synthValid for one chart `test` in namespace `spark-jobs`. */
export function synthChartValid(build: (chart: Chart) => void, options: HarnessOptions = {}): any[] {
  return synthValid((app) => build(new Chart(app, 'test', { namespace: 'spark-jobs' })), options);
}

/** All documents of a kind. */
export function findObjects(docs: any[], kind: string): any[] {
  return docs.filter((d) => d.kind === kind);
}

/** The one document of a kind (and name); throws if there is none or more than one. */
export function findObject(docs: any[], kind: string, name?: string): any {
  const found = findObjects(docs, kind).filter((d) => name === undefined || d.metadata?.name === name);
  if (found.length !== 1) {
    throw new Error(`expected one ${kind}${name ? ` named ${name}` : ''}, found ${found.length}`);
  }
  return found[0];
}

/** Documents for a snapshot: CRDs (generated, ~100 KB each) shortened to their names. */
export function forSnapshot(docs: any[]): any[] {
  return docs.map((d) => (d.kind === 'CustomResourceDefinition' ? { kind: d.kind, name: d.metadata.name, version: d.spec.versions.map((v: any) => v.name) } : d));
}
