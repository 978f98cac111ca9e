/**
 * The proof harness: one helper every test and example goes through. Each rule has one home:
 *
 * 1. crd-schema.ts    CRD schema (ajv) + pruning simulator; "no schema known"
 * 2. k8s-schema.ts    kubernetes-models schema + closed-world unknown fields (k8s-shapes.ts),
 *                     closed PodTemplateSpec inside the Spark custom resources, and the
 *                     Kubernetes objects inside the Apache operator's
 * 3. pod-security.ts  Pod Security Standard "restricted" + pod hygiene on every pod spec,
 *                     including the projected Spark pods (projection.ts) of both operators:
 *                     Kubeflow (sparkoperator.k8s.io) driver/executor/Connect server, Apache
 *                     (spark.apache.org) driver/executor and SparkCluster master/worker
 * 4. rbac.ts          least-privilege RBAC, resolvable roles, subjects and service accounts
 * 5. names.ts         names, namespaces, labels, annotations, status, Secret data, caBundle
 * 6. secrets.ts       secrets in clear
 * 7. determinism.ts   two fresh Apps synthesize byte-identical YAML
 * 8. order.ts         CRDs before their custom resources
 * 9. runtime.ts       what the cluster will do: pods as they will run (Spark's additions
 *                     included) can start, no secret on a command line, every reference
 *                     resolves, daemons get SIGTERM and can write where they write,
 *                     autoscaled workloads leave replicas alone
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Testing } from 'cdk8s';
import { CrdRegistry, crdSchemaFindings, globalCrds } from './crd-schema';
import { assertSameYaml, determinismFindings, synthYaml, withReusedYaml } from './determinism';
import { isBuiltInKind, k8sSchemaFindings, sparkTemplateFindings } from './k8s-schema';
import { firstIndexes, nameFindings } from './names';
import { orderFindings } from './order';
import { podSecurityFindings } from './pod-security';
import { rbacFindings } from './rbac';
import { runtimeFindings } from './runtime';
import { secretFindings } from './secrets';
import { Finding, HarnessOptions, isObject, RuleContext, RULES, Violation } from './types';

export type { HarnessOptions, Violation } from './types';
export { RULES } from './types';
export { registerCrd, prunedFields, testCrd } from './crd-schema';
export { projectSparkPods } from './projection';
export { WRITABLE_ROOT_ANNOTATION } from './pod-security';

function describeObject(doc: any): string {
  return `${isObject(doc) ? doc.kind ?? '<no kind>' : '<not an object>'}/${isObject(doc) ? doc.metadata?.name ?? '<no name>' : ''}`;
}

function crash(rule: string, e: unknown): Finding[] {
  return [{ path: '', message: `the ${rule} check crashed on this document: ${(e as Error)?.message ?? e}` }];
}

/** Every violation of every rule in a list of manifests; pure, never throws on bad documents. */
export function validateManifests(docs: any[], options: HarnessOptions = {}): Violation[] {
  const out: Violation[] = [];
  if (!Array.isArray(docs)) {
    return [{ rule: RULES.names, object: '<input>', path: '', message: 'validateManifests expects an array of documents' }];
  }
  // CRDs in the output apply to this call only (the global registry stays untouched).
  const registry = new CrdRegistry(globalCrds);
  for (const d of docs) {
    if (isObject(d) && d.kind === 'CustomResourceDefinition' && d.apiVersion === 'apiextensions.k8s.io/v1') {
      try {
        registry.add(d);
      } catch {
        // Reported by the built-in schema check of the CRD itself.
      }
    }
  }
  const firstIndex = firstIndexes(docs);
  const order = orderFindings(docs);

  docs.forEach((doc, index) => {
    const object = describeObject(doc);
    const report = (rule: string, findings: () => Finding[]) => {
      let list: Finding[];
      try {
        list = findings();
      } catch (e) {
        list = crash(rule, e);
      }
      for (const f of list) out.push({ rule, object, path: f.path, message: f.message });
    };
    if (!isObject(doc)) {
      report(RULES.names, () => [{ path: '', message: `document ${index} is not an object` }]);
      return;
    }
    const context: RuleContext = { docs, index, options, firstIndex };

    let schemaKnown = false;
    report(RULES.crdSchema, () => {
      const findings = crdSchemaFindings(doc, registry);
      schemaKnown = findings !== undefined;
      return findings ?? [];
    });
    report(RULES.k8sSchema, () => {
      if (schemaKnown) return sparkTemplateFindings(doc);
      const findings = k8sSchemaFindings(doc);
      schemaKnown = findings !== undefined;
      return findings ?? [];
    });
    if (!schemaKnown && !isBuiltInKind(doc.apiVersion, doc.kind)) {
      report(RULES.crdSchema, () => [{ path: '', message: `no schema known for ${doc.apiVersion} ${doc.kind}: register its CRD with registerCrd()` }]);
    }
    report(RULES.podSecurity, () => podSecurityFindings(doc));
    report(RULES.rbac, () => rbacFindings(doc, context));
    report(RULES.names, () => nameFindings(doc, context));
    report(RULES.secrets, () => secretFindings(doc));
    report(RULES.determinism, () => determinismFindings(doc));
    report(RULES.order, () => order.get(index) ?? []);
    report(RULES.runtime, () => runtimeFindings(doc, context));
  });
  return out;
}

/** `[rule] Kind/name at path: message` */
export function formatViolation(v: Violation): string {
  return `[${v.rule}] ${v.object} at ${v.path || '/'}: ${v.message}`;
}

/**
 * Objects the app declares as existing outside it through a typed reference
 * (cdk8s-plus `Secret.fromSecretName`, `ConfigMap.fromConfigMapName`,
 * `PersistentVolumeClaim.fromClaimName`, `ServiceAccount.fromServiceAccountName`):
 * imported constructs in the tree that render no object. They count as external.
 */
export function withTypedReferences(app: App, options: HarnessOptions): HarnessOptions {
  const found: { [kind: string]: string[] } = { Secret: [], ConfigMap: [], PersistentVolumeClaim: [], ServiceAccount: [] };
  for (const c of app.node.findAll()) {
    const ref = c as any;
    // An imported object names no namespace: it stands for the object of that name where the pods run.
    if (/^Imported/.test(c.constructor.name) && typeof ref.name === 'string' && ref.kind in found) found[ref.kind].push(`*/${ref.name}`);
    // A job namespace the app declares as existing (SparkJobNamespace.fromNamespaceName): its driver account exists in it.
    if (c.constructor.name === 'ExternalJobNamespace' && typeof ref.namespaceName === 'string' && typeof ref.driverServiceAccountName === 'string') {
      found.ServiceAccount.push(`${ref.namespaceName}/${ref.driverServiceAccountName}`);
    }
  }
  return {
    ...options,
    externalSecrets: [...(options.externalSecrets ?? []), ...found.Secret],
    externalConfigMaps: [...(options.externalConfigMaps ?? []), ...found.ConfigMap],
    externalPersistentVolumeClaims: [...(options.externalPersistentVolumeClaims ?? []), ...found.PersistentVolumeClaim],
    externalServiceAccounts: [...(options.externalServiceAccounts ?? []), ...found.ServiceAccount],
  };
}

/** Throws an Error listing every violation, one per line. */
export function expectValid(docs: any[], options: HarnessOptions = {}): void {
  const violations = validateManifests(docs, options);
  if (violations.length > 0) {
    throw new Error([`${violations.length} violation(s):`, ...violations.map(formatViolation)].join('\n'));
  }
}

let outdir: string | undefined;
/** The output directory of the harness's Apps, which only synthesize to a string: made once per test file, never written. */
function unwrittenOutdir(): string {
  outdir ??= fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-spark-harness-'));
  return outdir;
}

/** Builds the charts twice in two fresh cdk8s Apps (Testing.app()), asserts byte-identical YAML (app.synthYaml()), validates the documents of the first, returns them. */
export function synthValid(build: (app: App) => void, options: HarnessOptions = {}): any[] {
  // Neither App writes files (synthYaml), so they share one output directory instead of making one each.
  const makeApp = () => Testing.app({ outdir: unwrittenOutdir() });
  const [first, second] = withReusedYaml(() => [synthYaml(build, makeApp), synthYaml(build, makeApp)]);
  assertSameYaml(first.yaml, second.yaml);
  options = withTypedReferences(first.app, options);
  // The documents of the first App, as its YAML was written from them (what `cdk8s synth` writes).
  const docs = first.docs;
  expectValid(docs, options);
  return docs;
}

/** Convenience for tests: build(chart) where chart = new Chart(app, 'test', { namespace: 'spark-jobs' }) */
export function synthChartValid(build: (chart: Chart) => void, options: HarnessOptions = {}): any[] {
  return synthValid((app) => build(new Chart(app, 'test', { namespace: 'spark-jobs' })), options);
}

/** All documents of a kind, in output order. */
export function findObjects(docs: any[], kind: string): any[] {
  return docs.filter((d) => isObject(d) && d.kind === kind);
}

/** The one document of a kind (and name); throws if there is none or more than one. */
export function findObject(docs: any[], kind: string, name?: string): any {
  const found = findObjects(docs, kind).filter((d) => name === undefined || d.metadata?.name === name);
  if (found.length !== 1) {
    const names = findObjects(docs, kind).map((d) => `${d.metadata?.namespace ? `${d.metadata.namespace}/` : ''}${d.metadata?.name}`);
    throw new Error(`expected exactly one ${kind}${name !== undefined ? ` named ${name}` : ''}, found ${found.length}${names.length ? ` (${kind}s: ${names.join(', ')})` : ''}`);
  }
  return found[0];
}

/** Documents for a snapshot: CRDs (generated, ~100 KB each) shortened to their names and versions. */
export function forSnapshot(docs: any[]): any[] {
  return docs.map((d) => (d?.kind === 'CustomResourceDefinition' ? { kind: d.kind, name: d.metadata?.name, version: (d.spec?.versions ?? []).map((v: any) => v.name) } : d));
}
