import { ApiObject, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { GitOpsPhase } from './gitops-phase';
import { definitionOf, isOperator } from '../_registry';
import { problem } from '../_validation';

/**
 * How `GitOpsOrder` decides the phase of an object and puts Argo CD's
 * annotations on it. It runs at synth, as a validation of the ordered scope:
 * cdk8s validates the whole App before it renders any object (`App.synth`,
 * `synthYaml`, `Chart.toJson`), and the scope is validated before the objects
 * under it, so objects added after the ordering was asked for are ordered too.
 */

/** Argo CD's sync-wave annotation. */
export const SYNC_WAVE = 'argocd.argoproj.io/sync-wave';
/** Argo CD's per-object sync options (comma-separated). */
export const SYNC_OPTIONS = 'argocd.argoproj.io/sync-options';
/** The sync option that lets a custom resource pass the dry run before its CRD exists. */
export const SKIP_DRY_RUN = 'SkipDryRunOnMissingResource';

/** The phases in apply order. */
export const PHASES: GitOpsPhase[] = [
  GitOpsPhase.DEFINITIONS, GitOpsPhase.ACCESS, GitOpsPhase.OPERATOR, GitOpsPhase.ADMISSION, GitOpsPhase.WORKLOADS,
];

const RBAC = 'rbac.authorization.k8s.io';
const ADMISSION_GROUP = 'admissionregistration.k8s.io';

/** `group/Kind` of the built-in kinds with a phase of their own (the core group is ''). */
const BY_KIND: { [groupKind: string]: GitOpsPhase } = {
  'apiextensions.k8s.io/CustomResourceDefinition': GitOpsPhase.DEFINITIONS,
  '/Namespace': GitOpsPhase.DEFINITIONS,
  ...Object.fromEntries([
    '/ServiceAccount', `${RBAC}/Role`, `${RBAC}/RoleBinding`, `${RBAC}/ClusterRole`, `${RBAC}/ClusterRoleBinding`, '/ConfigMap', '/Secret',
    '/PersistentVolumeClaim', '/PersistentVolume', 'storage.k8s.io/StorageClass', '/ResourceQuota', '/LimitRange',
    'networking.k8s.io/NetworkPolicy', 'scheduling.k8s.io/PriorityClass',
  ].map((k) => [k, GitOpsPhase.ACCESS])),
  ...Object.fromEntries([
    'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding',
    'MutatingAdmissionPolicy', 'MutatingAdmissionPolicyBinding',
  ].map((k) => [`${ADMISSION_GROUP}/${k}`, GitOpsPhase.ADMISSION])),
};

/** `group/Kind` of an object. */
export function groupKind(o: ApiObject): string {
  const slash = o.apiVersion.indexOf('/');
  return `${slash < 0 ? '' : o.apiVersion.slice(0, slash)}/${o.kind}`;
}

/** Every ApiObject under a construct, in tree order. */
export function apiObjectsUnder(scope: IConstruct): ApiObject[] {
  return scope.node.findAll().filter((c): c is ApiObject => ApiObject.isApiObject(c));
}

/** `group/Kind` of every custom resource whose CustomResourceDefinition the tree of `root` holds. */
export function definedKinds(root: IConstruct): Set<string> {
  const kinds = new Set<string>();
  for (const o of apiObjectsUnder(root)) {
    if (groupKind(o) !== 'apiextensions.k8s.io/CustomResourceDefinition') continue;
    // The operator's CRDs are known without resolving their 94 kB schemas; any other CRD is read.
    const known = definitionOf(o);
    if (known !== undefined) {
      kinds.add(known);
      continue;
    }
    const spec = o.toJson()?.spec;
    if (typeof spec?.group === 'string' && typeof spec?.names?.kind === 'string') kinds.add(`${spec.group}/${spec.names.kind}`);
  }
  return kinds;
}

/** The phase of an object, given the custom resource kinds defined in its App. */
export function phaseOf(o: ApiObject, defined: Set<string>): GitOpsPhase {
  const key = groupKind(o);
  const byKind = BY_KIND[key];
  if (byKind === GitOpsPhase.DEFINITIONS || byKind === GitOpsPhase.ADMISSION) return byKind;
  if (defined.has(key)) return GitOpsPhase.WORKLOADS;
  if (byKind) return byKind;
  return o.node.scopes.some(isOperator) ? GitOpsPhase.OPERATOR : GitOpsPhase.WORKLOADS;
}

// --- Argo CD annotations -----------------------------------------------------------

/** The resolved options of one ordering. */
export interface WaveSettings {
  readonly firstWave: number;
  readonly skipDryRunOnMissingResource: boolean;
}

/** The annotation values this library set, by object, so a later synth of the same App tells them from the user's. */
const ours = new WeakMap<ApiObject, Map<string, string>>();
/** The problems the last run found, by object; each object reports its own, so the message carries its path. */
const findings = new WeakMap<ApiObject, string[]>();
const reporters = new WeakSet<ApiObject>();

function setOwn(o: ApiObject, key: string, value: string): void {
  o.metadata.addAnnotation(key, value);
  const map = ours.get(o) ?? new Map<string, string>();
  map.set(key, value);
  ours.set(o, map);
}

function report(o: ApiObject, message: string): void {
  findings.get(o)?.push(message);
  if (!reporters.has(o)) {
    reporters.add(o);
    o.node.addValidation({ validate: () => findings.get(o) ?? [] });
  }
}

/**
 * Puts the wave of its phase on every ApiObject under `scope`, and
 * `SkipDryRunOnMissingResource=true` on custom resources whose CRD the App
 * holds; an annotation the user set to something else is reported on the object.
 */
export function applyWaves(scope: IConstruct, settings: WaveSettings): void {
  const defined = definedKinds(scope.node.root);
  const where = scope.node.path === '' ? 'the App' : `'${scope.node.path}'`;
  for (const o of apiObjectsUnder(scope)) {
    findings.set(o, []);
    const phase = phaseOf(o, defined);
    const wave = String(settings.firstWave + PHASES.indexOf(phase));
    const annotations: { [key: string]: string } = o.metadata.toJson().annotations ?? {};
    const mine = ours.get(o);
    const current = annotations[SYNC_WAVE];
    if (current === undefined || current === mine?.get(SYNC_WAVE)) {
      setOwn(o, SYNC_WAVE, wave);
    } else if (current !== wave) {
      report(o, problem(`metadata.annotations.${SYNC_WAVE}`, current, `conflicts with wave '${wave}', which GitOpsOrder gives the ${phase} phase`,
        `remove the annotation (GitOpsOrder orders every object under ${where}), or order a scope that does not hold this object`));
    }
    if (settings.skipDryRunOnMissingResource && defined.has(groupKind(o))) {
      skipDryRun(o, annotations[SYNC_OPTIONS], mine?.get(SYNC_OPTIONS));
    }
  }
}

/** Adds `SkipDryRunOnMissingResource=true` to the object's sync options, keeping the user's others. */
function skipDryRun(o: ApiObject, current: string | undefined, mine: string | undefined): void {
  if (current !== undefined && current === mine) return;
  const options = (current ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
  const given = options.find((s) => s.startsWith(`${SKIP_DRY_RUN}=`));
  if (given === `${SKIP_DRY_RUN}=true`) return;
  if (given !== undefined) {
    report(o, problem(`metadata.annotations.${SYNC_OPTIONS}`, current, `sets ${given}, but GitOpsOrder gives custom resources whose CustomResourceDefinition the App holds ${SKIP_DRY_RUN}=true`,
      `remove '${given}', or pass skipDryRunOnMissingResource: false`));
    return;
  }
  setOwn(o, SYNC_OPTIONS, [...options, `${SKIP_DRY_RUN}=true`].join(','));
}

// --- Flux ------------------------------------------------------------------------

/**
 * The problems of a Flux layout of one Kustomization per chart: a chart that
 * holds an admission webhook configuration must not hold custom resources of
 * a kind the App defines (one Kustomization applies its objects together, so
 * they would reach the webhook before it serves).
 */
export function fluxLayoutProblems(chart: Chart): string[] {
  const defined = definedKinds(chart.node.root);
  const objects = apiObjectsUnder(chart);
  const webhook = objects.find((o) => phaseOf(o, defined) === GitOpsPhase.ADMISSION);
  const resource = objects.find((o) => defined.has(groupKind(o)));
  if (!webhook || !resource) return [];
  return [problem('chart', chart.node.id, `holds both the ${webhook.kind} ${webhook.node.path} and the ${resource.kind} ${resource.node.path}; `
    + 'Flux applies one Kustomization\'s objects together, so the custom resource would reach the webhook before it serves',
  'move the custom resources to a chart of their own, whose Kustomization dependsOn this chart\'s (with wait: true)')];
}
