import * as fs from 'fs';
import * as path from 'path';
import { Chart } from 'cdk8s';
import * as YAML from 'yaml';
import { SparkOperator, SparkOperatorProps } from '../../../src';
import { synthValid } from '../../harness';
import { needsShared, sharedPath } from '../../harness/shared-data';

/**
 * Object-by-object comparison with the official chart 2.5.2 rendered by `helm template`
 * (default values, and two job namespaces). Ours may be narrower, never broader.
 */
const RENDERED = sharedPath('upstream', 'kubeflow-spark-operator', 'rendered');
const withChart = needsShared(RENDERED, 'the comparison with the official chart rendered by helm template');

/** Every intended difference from the chart, as data (also listed in the README). */
export const INTENDED_DIFFERENCES = [
  'CustomResourceDefinitions are emitted (descriptions stripped); helm template renders them only with --include-crds',
  'every namespaced object carries metadata.namespace (Helm leaves it off the Service and both Deployments)',
  'cluster-scoped objects carry no metadata.namespace (the chart puts one on ClusterRoles and ClusterRoleBindings; the API server ignores it)',
  'labels: app.kubernetes.io/managed-by is cdk8s and there is no helm.sh/chart label; selector labels are the chart\'s, so a Helm install can be taken over',
  'pods: pod-level runAsNonRoot, numeric runAsUser/runAsGroup 185 and seccomp RuntimeDefault (the chart only sets fsGroup)',
  'pods: CPU request and memory request = limit (the chart sets no resources); the controller\'s memory is 512 MiB plus 256 MiB per reconcile worker, since each may run a spark-submit JVM in its container',
  'the webhook\'s cert emptyDir is mounted without subPath',
  'the webhook Service has an explicit type ClusterIP and protocol TCP',
  'the metrics and webhook container ports carry an explicit protocol TCP',
  'CustomResourceDefinitions carry the operator\'s labels (the chart\'s carry none)',
  'with jobNamespaceSelector the webhook gets --namespaces= and no namespaceSelector (it has no selector flag; the chart limits it to the listed namespaces), and listed job namespaces get only the Spark driver account (the ClusterRoles cover the operator)',
];

function parse(file: string): any[] {
  return YAML.parseAllDocuments(fs.readFileSync(path.join(RENDERED, file), 'utf-8')).map((d) => d.toJS()).filter((d) => d);
}

function ours(props: SparkOperatorProps): any[] {
  return synthValid((app) => {
    new SparkOperator(new Chart(app, 'platform'), 'Operator', props);
  }, { allowDefaultNamespace: true }).filter((d) => d.kind !== 'CustomResourceDefinition');
}

const key = (d: any) => `${d.kind}/${d.metadata.name}/${d.metadata.namespace ?? ''}`;
const CLUSTER = ['ClusterRole', 'ClusterRoleBinding', 'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'];

/** The chart's key for an object: Helm fills the release namespace into objects rendered without one. */
function chartKey(d: any): string {
  const ns = CLUSTER.includes(d.kind) ? '' : (d.metadata.namespace ?? 'spark-operator');
  return `${d.kind}/${d.metadata.name}/${ns}`;
}

/** RBAC rules expanded into (group, resource, verb, resourceName) tuples. */
function tuples(rules: any[]): Set<string> {
  const out = new Set<string>();
  for (const r of rules ?? []) {
    for (const g of r.apiGroups ?? ['']) for (const res of r.resources ?? []) for (const v of r.verbs ?? []) for (const n of r.resourceNames ?? ['*']) out.add(`${g}|${res}|${v}|${n}`);
  }
  return out;
}

/** Whether every tuple of ours is granted by the chart (a chart tuple without resourceNames covers named ones). */
function notGrantedByChart(ourRules: any[], chartRules: any[]): string[] {
  const chart = tuples(chartRules);
  return [...tuples(ourRules)].filter((t) => !chart.has(t) && !chart.has(t.replace(/\|[^|]*$/, '|*')));
}

function compare(file: string, props: SparkOperatorProps): void {
  const theirs = parse(file);
  // The chart expects job namespaces to exist; the library creates them (a fresh cluster applies in one pass).
  const jobNamespaces = new Set(props.jobNamespaces ?? []);
  const mine = ours(props).filter((d) => !(d.kind === 'Namespace' && jobNamespaces.has(d.metadata.name)));
  // Same kinds and counts, same objects.
  expect(mine.map(key).sort()).toEqual(theirs.map(chartKey).sort());
  const byKey = new Map(mine.map((d) => [key(d), d]));
  for (const chart of theirs) {
    const our = byKey.get(chartKey(chart))!;
    if (chart.kind === 'Deployment') {
      const c = chart.spec.template.spec.containers[0];
      const o = our.spec.template.spec.containers[0];
      expect({ name: our.metadata.name, args: o.args }).toEqual({ name: chart.metadata.name, args: c.args });
      expect(o.image).toBe(c.image);
      expect(o.ports.map((p: any) => [p.name, p.containerPort])).toEqual(c.ports.map((p: any) => [p.name, p.containerPort]));
      expect(o.livenessProbe).toEqual(c.livenessProbe);
      expect(o.readinessProbe).toEqual(c.readinessProbe);
      expect(o.volumeMounts.map((m: any) => m.mountPath)).toEqual(c.volumeMounts.map((m: any) => m.mountPath));
      // The chart's emptyDir size limits (controller /tmp 1Gi, webhook certs 500Mi).
      expect(our.spec.template.spec.volumes).toEqual(chart.spec.template.spec.volumes);
      expect(our.spec.selector).toEqual(chart.spec.selector);
      expect(our.spec.template.spec.serviceAccountName).toBe(chart.spec.template.spec.serviceAccountName);
      expect(our.spec.template.metadata.annotations).toEqual(chart.spec.template.metadata.annotations);
    }
    if (['Role', 'ClusterRole'].includes(chart.kind)) {
      expect({ object: key(our), broader: notGrantedByChart(our.rules, chart.rules) }).toEqual({ object: key(our), broader: [] });
      // And nothing the chart grants is missing.
      expect({ object: key(our), missing: notGrantedByChart(chart.rules, our.rules) }).toEqual({ object: key(our), missing: [] });
    }
    if (['RoleBinding', 'ClusterRoleBinding'].includes(chart.kind)) {
      expect(our.roleRef).toEqual(chart.roleRef);
      expect(our.subjects).toEqual(chart.subjects);
    }
    if (chart.kind === 'ServiceAccount') {
      expect(our.automountServiceAccountToken).toBe(chart.automountServiceAccountToken);
    }
    if (chart.kind === 'Service') {
      expect(our.spec.selector).toEqual(chart.spec.selector);
      expect(our.spec.ports.map((p: any) => [p.name, p.port, p.targetPort])).toEqual(chart.spec.ports.map((p: any) => [p.name, p.port, p.targetPort]));
    }
    if (chart.kind.endsWith('WebhookConfiguration')) {
      expect(our.webhooks).toEqual(chart.webhooks);
    }
  }
}

withChart.describe('SparkOperator against the official chart 2.5.2', () => {
  test('default values (rendered/default.yaml, 22 objects)', () => {
    compare('default.yaml', {});
  });

  test('two job namespaces (rendered/job-namespaces.yaml, 29 objects)', () => {
    compare('job-namespaces.yaml', { jobNamespaces: ['spark-jobs', 'analytics'] });
  });

  test('the intended differences are listed', () => {
    expect(INTENDED_DIFFERENCES.length).toBeGreaterThan(0);
    const readme = fs.readFileSync(path.join(__dirname, '..', '..', '..', 'README.md'), 'utf-8');
    for (const difference of INTENDED_DIFFERENCES) {
      expect(readme).toContain(difference);
    }
  });
});
