import type { k8s } from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { oneOf } from '../_message';
import { plus } from '../_plus';
import { isLabelValue, isSubdomain, LABEL_VALUE_REQUIREMENT, labelKeyProblem, subdomainRequirement, suggestSubdomain } from './_names';
import { requireOptOut } from './_security-opt-outs';
import { SparkTopologySpread, WhenUnsatisfiable } from './pod-options';
import { SecurityOptOut } from './security-opt-out';
import { checkDns1123Label, checkEnum, checkLabels, checkList, checkMap, checkStringList, fail, sorted } from '../_validation';

/**
 * Where a pod may run: tolerations, node selector, affinity, priority class
 * and scheduler, checked with the API server's rules so a bad value fails at
 * synth instead of after the operator submitted the pod.
 */

/** Priority classes Kubernetes reserves for cluster components; a Spark pod there can evict them. */
const SYSTEM_PRIORITY_CLASSES = ['system-node-critical', 'system-cluster-critical'];
const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

/** Checks tolerations and returns them in wire format. */
export function renderTolerations(scope: IConstruct, prop: string, tolerations: k8s.Toleration[] | undefined): any[] {
  return (tolerations ?? []).map((t, i) => {
    const wire: any = plus().k8s.toJson_Toleration(t);
    checkToleration(scope, `${prop}[${i}]`, wire);
    return wire;
  });
}

function checkToleration(scope: IConstruct, where: string, t: any): void {
  const operator = t.operator || 'Equal';
  if (!['Exists', 'Equal'].includes(operator)) {
    fail(scope, `${where}.operator`, t.operator, 'must be \'Exists\' or \'Equal\'', 'use \'Equal\' to match the taint\'s value, or \'Exists\' to match any value');
  }
  if (t.key === undefined || t.key === '') {
    if (operator !== 'Exists') {
      fail(scope, `${where}.key`, t.key, 'must be set unless the operator is \'Exists\' (an empty key with \'Exists\' tolerates every taint)', 'give the taint\'s key, e.g. \'dedicated\'');
    }
  } else {
    const problem = labelKeyProblem(t.key);
    if (problem) fail(scope, `${where}.key`, t.key, problem, 'use the taint\'s key, e.g. \'dedicated\' or \'example.com/gpu\'');
  }
  if (operator === 'Exists' && t.value !== undefined && t.value !== '') {
    fail(scope, `${where}.value`, t.value, 'must be empty when the operator is \'Exists\'', 'remove it, or use the operator \'Equal\' to match this value');
  }
  if (t.value !== undefined && !isLabelValue(t.value)) {
    fail(scope, `${where}.value`, t.value, LABEL_VALUE_REQUIREMENT, 'use the taint\'s value');
  }
  if (t.effect !== undefined && t.effect !== '' && !TAINT_EFFECTS.includes(t.effect)) {
    fail(scope, `${where}.effect`, t.effect, 'must be \'NoSchedule\', \'PreferNoSchedule\' or \'NoExecute\' (or unset to match every effect)', 'use the taint\'s effect, e.g. \'NoSchedule\'');
  }
  if (t.tolerationSeconds !== undefined) {
    if (t.effect !== 'NoExecute') {
      fail(scope, `${where}.tolerationSeconds`, t.tolerationSeconds, 'must only be set with the effect \'NoExecute\' (it is how long the pod stays on a node after such a taint appears)',
        'set the effect \'NoExecute\', or remove it');
    }
    if (!Number.isInteger(t.tolerationSeconds)) {
      fail(scope, `${where}.tolerationSeconds`, t.tolerationSeconds, 'must be a whole number of seconds', 'use e.g. 300');
    }
  }
}

/** Checks a node selector and returns it sorted. */
export function renderNodeSelector(scope: IConstruct, prop: string, nodeSelector?: { [key: string]: string }): { [key: string]: string } | undefined {
  if (nodeSelector === undefined) return undefined;
  checkLabels(scope, prop, nodeSelector);
  return sorted(nodeSelector);
}

/** Checks a priority class name; a system class needs `SecurityOptOut.SYSTEM_PRIORITY_CLASS`. */
export function checkPriorityClass(
  scope: IConstruct, prop: string, name: string | undefined, optOuts: SecurityOptOut[] | undefined, optOutProp: string,
): void {
  if (name === undefined) return;
  if (!isSubdomain(name)) {
    fail(scope, prop, name, subdomainRequirement('a PriorityClass'), `use the name of a PriorityClass in the cluster, e.g. '${suggestSubdomain(name, 'spark-batch')}'`);
  }
  if (SYSTEM_PRIORITY_CLASSES.includes(name)) {
    requireOptOut(scope, prop, name, optOuts, SecurityOptOut.SYSTEM_PRIORITY_CLASS, optOutProp,
      'must not be a system priority class (Spark pods there preempt and outlast cluster components such as DNS and the CNI)',
      'create a PriorityClass of your own, e.g. \'spark-critical\'');
  }
}

/** Checks a scheduler name. */
export function checkSchedulerName(scope: IConstruct, prop: string, name: string | undefined): void {
  if (name !== undefined && !isSubdomain(name)) {
    fail(scope, prop, name, subdomainRequirement('a scheduler'), `use the scheduler's name, e.g. '${suggestSubdomain(name, 'volcano')}'`);
  }
}

/** Checks affinity and returns it in wire format. */
export function renderAffinity(scope: IConstruct, prop: string, affinity: k8s.Affinity | undefined): any {
  if (affinity === undefined) return undefined;
  const wire: any = plus().k8s.toJson_Affinity(affinity);
  const node = wire.nodeAffinity;
  if (node) {
    const required = node.requiredDuringSchedulingIgnoredDuringExecution;
    const where = `${prop}.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms`;
    if (required && !(required.nodeSelectorTerms?.length > 0)) {
      fail(scope, where, required.nodeSelectorTerms ?? [], 'must hold at least one term', 'add a term, or remove the required node affinity');
    }
    (required?.nodeSelectorTerms ?? []).forEach((term: any, i: number) => checkNodeSelectorTerm(scope, `${where}[${i}]`, term));
    (node.preferredDuringSchedulingIgnoredDuringExecution ?? []).forEach((p: any, i: number) => {
      const at = `${prop}.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[${i}]`;
      checkWeight(scope, `${at}.weight`, p.weight);
      checkNodeSelectorTerm(scope, `${at}.preference`, p.preference ?? {});
    });
  }
  for (const kind of ['podAffinity', 'podAntiAffinity']) {
    const pod = wire[kind];
    if (!pod) continue;
    (pod.requiredDuringSchedulingIgnoredDuringExecution ?? []).forEach((term: any, i: number) =>
      checkPodAffinityTerm(scope, `${prop}.${kind}.requiredDuringSchedulingIgnoredDuringExecution[${i}]`, term));
    (pod.preferredDuringSchedulingIgnoredDuringExecution ?? []).forEach((p: any, i: number) => {
      const at = `${prop}.${kind}.preferredDuringSchedulingIgnoredDuringExecution[${i}]`;
      checkWeight(scope, `${at}.weight`, p.weight);
      checkPodAffinityTerm(scope, `${at}.podAffinityTerm`, p.podAffinityTerm ?? {});
    });
  }
  return wire;
}

function checkWeight(scope: IConstruct, prop: string, weight: unknown): void {
  if (typeof weight !== 'number' || !Number.isInteger(weight) || weight < 1 || weight > 100) {
    fail(scope, prop, weight, 'must be a whole number from 1 to 100', 'use e.g. 50');
  }
}

function checkNodeSelectorTerm(scope: IConstruct, prop: string, term: any): void {
  // An empty term matches no node (NodeSelectorTerm's API doc: "A null or empty node selector term matches no
  // objects"), so a required affinity with one never schedules, and a preferred one never counts.
  if (!(term.matchExpressions?.length > 0) && !(term.matchFields?.length > 0)) {
    fail(scope, prop, term, 'matches no node: it has neither matchExpressions nor matchFields', 'give it a requirement, e.g. { matchExpressions: [{ key: \'kubernetes.io/arch\', operator: \'In\', values: [\'amd64\'] }] }');
  }
  (term.matchExpressions ?? []).forEach((e: any, j: number) =>
    checkRequirement(scope, `${prop}.matchExpressions[${j}]`, e, ['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt']));
  (term.matchFields ?? []).forEach((f: any, j: number) => {
    const at = `${prop}.matchFields[${j}]`;
    if (f.key !== 'metadata.name') {
      fail(scope, `${at}.key`, f.key, 'must be \'metadata.name\' (the only field a node selector matches)', 'use matchExpressions for node labels');
    }
    checkRequirement(scope, at, f, ['In', 'NotIn']);
    if (f.values.length !== 1) {
      fail(scope, `${at}.values`, f.values, 'must hold exactly one node name', 'use one term per node name');
    }
  });
}

function checkPodAffinityTerm(scope: IConstruct, prop: string, term: any): void {
  const problem = term.topologyKey === undefined || term.topologyKey === ''
    ? 'must be set (the node label that defines a topology domain)'
    : labelKeyProblem(term.topologyKey);
  if (problem) {
    fail(scope, `${prop}.topologyKey`, term.topologyKey, problem,
      'use a node label such as \'kubernetes.io/hostname\' or \'topology.kubernetes.io/zone\'');
  }
  // validatePodAffinityTerm (pkg/apis/core/validation/validation.go) checks each as a namespace name.
  (term.namespaces ?? []).forEach((ns: string, j: number) => checkDns1123Label(scope, `${prop}.namespaces[${j}]`, ns));
  for (const selector of ['labelSelector', 'namespaceSelector']) {
    const s = term[selector];
    if (!s) continue;
    checkLabels(scope, `${prop}.${selector}.matchLabels`, s.matchLabels);
    (s.matchExpressions ?? []).forEach((e: any, j: number) =>
      checkRequirement(scope, `${prop}.${selector}.matchExpressions[${j}]`, e, ['In', 'NotIn', 'Exists', 'DoesNotExist']));
  }
}

/** A selector requirement: a label key, a known operator, and the values that operator takes. */
function checkRequirement(scope: IConstruct, prop: string, e: any, operators: string[]): void {
  const keyProblem = labelKeyProblem(e.key);
  if (keyProblem) fail(scope, `${prop}.key`, e.key, keyProblem, 'use a label key such as \'kubernetes.io/arch\'');
  if (!operators.includes(e.operator)) {
    fail(scope, `${prop}.operator`, e.operator, `must be ${oneOf(operators)}`, 'use e.g. \'In\'');
  }
  const values: unknown[] = e.values ?? [];
  if (['In', 'NotIn'].includes(e.operator) && values.length === 0) {
    fail(scope, `${prop}.values`, values, `must hold at least one value with the operator '${e.operator}'`, 'add the values to match, or use \'Exists\'');
  }
  if (['Exists', 'DoesNotExist'].includes(e.operator) && values.length > 0) {
    fail(scope, `${prop}.values`, values, `must be empty with the operator '${e.operator}'`, 'remove them, or use \'In\'');
  }
  if (['Gt', 'Lt'].includes(e.operator) && (values.length !== 1 || !/^-?\d+$/.test(String(values[0])))) {
    fail(scope, `${prop}.values`, values, `must hold exactly one integer with the operator '${e.operator}'`, 'use e.g. [\'4\']');
  }
  const bad = values.find((v) => !isLabelValue(v));
  if (bad !== undefined && !['Gt', 'Lt'].includes(e.operator)) {
    fail(scope, `${prop}.values`, bad, LABEL_VALUE_REQUIREMENT, 'use the label values to match');
  }
}

/**
 * Checks topology spread constraints as the API server does (maxSkew at
 * least 1, a label key as topologyKey, a known whenUnsatisfiable, no
 * topologyKey and whenUnsatisfiable pair twice, matchLabelKeys apart from
 * matchLabels) and returns them in wire format. Without `matchLabels` a
 * constraint selects the pods that `podLabels` (the labels selecting the
 * pod) name: a constraint that selects nothing counts no pod and spreads nothing.
 */
export function renderTopologySpread(
  scope: IConstruct, prop: string, constraints: SparkTopologySpread[] | undefined, podLabels: { [key: string]: string } | undefined,
): any[] | undefined {
  if (constraints === undefined) return undefined;
  checkList(scope, prop, constraints, '[{ topologyKey: \'kubernetes.io/hostname\' }]');
  const seen = new Set<string>();
  return constraints.map((c, i) => {
    const at = `${prop}[${i}]`;
    checkMap(scope, at, c, '{ topologyKey: \'kubernetes.io/hostname\' }', 'an object');
    const keyProblem = typeof c.topologyKey !== 'string' || c.topologyKey === ''
      ? 'must be set (the node label whose values are the topology domains)'
      : labelKeyProblem(c.topologyKey);
    if (keyProblem) {
      fail(scope, `${at}.topologyKey`, c.topologyKey, keyProblem, 'use a node label such as \'kubernetes.io/hostname\' or \'topology.kubernetes.io/zone\'');
    }
    const maxSkew = c.maxSkew ?? 1;
    if (typeof maxSkew !== 'number' || !Number.isInteger(maxSkew) || maxSkew < 1 || maxSkew > 2147483647) {
      fail(scope, `${at}.maxSkew`, c.maxSkew, 'must be a whole number, at least 1', 'use 1 for an even spread, or remove it');
    }
    checkEnum(scope, `${at}.whenUnsatisfiable`, c.whenUnsatisfiable, WhenUnsatisfiable, 'WhenUnsatisfiable');
    const when = c.whenUnsatisfiable ?? WhenUnsatisfiable.SCHEDULE_ANYWAY;
    const pair = `${c.topologyKey}|${when}`;
    if (seen.has(pair)) {
      fail(scope, `${at}.topologyKey`, c.topologyKey, `repeats a constraint on the same topologyKey with whenUnsatisfiable '${when}' (the API server refuses the duplicate)`,
        'merge the two constraints into one');
    }
    seen.add(pair);
    if (c.matchLabels !== undefined) checkLabels(scope, `${at}.matchLabels`, c.matchLabels);
    const matchLabels = c.matchLabels ?? podLabels ?? {};
    if (Object.keys(matchLabels).length === 0) {
      fail(scope, `${at}.matchLabels`, c.matchLabels,
        'must select the pods to spread (this pod has no labels to default to, and a constraint that selects no pod spreads nothing)',
        'set matchLabels to labels the pods share, e.g. { \'spark-role\': \'executor\' }, or give the pod labels');
    }
    checkStringList(scope, `${at}.matchLabelKeys`, c.matchLabelKeys);
    (c.matchLabelKeys ?? []).forEach((key, j) => {
      const problem = labelKeyProblem(key);
      if (problem) fail(scope, `${at}.matchLabelKeys[${j}]`, key, problem, 'use a pod label key such as \'pod-template-hash\'');
      if (matchLabels[key] !== undefined) {
        fail(scope, `${at}.matchLabelKeys[${j}]`, key, 'must not also be a key of matchLabels (the API server refuses a key in both)', 'remove it from one of the two');
      }
    });
    return {
      maxSkew,
      topologyKey: c.topologyKey,
      whenUnsatisfiable: when,
      labelSelector: { matchLabels: sorted(matchLabels) },
      matchLabelKeys: c.matchLabelKeys?.length ? [...c.matchLabelKeys] : undefined,
    };
  });
}
