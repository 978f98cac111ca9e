/**
 * Every example, ordered with Argo CD sync waves, applies in an order that
 * works on a fresh cluster: each CRD before every custom resource of its
 * kind, each Namespace before the objects in it, the operator's webhook
 * Deployment before its webhook configurations and before every custom
 * resource they admit, and no object left without a wave.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdk8s';
import { exampleNames } from '../../scripts/synth-examples';
import { GitOpsOrder } from '../../src';
import { registerCrd, synthValid } from '../harness';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'crds');
for (const f of fs.readdirSync(FIXTURES)) {
  registerCrd(JSON.parse(fs.readFileSync(path.join(FIXTURES, f), 'utf-8')));
}

const WAVE = 'argocd.argoproj.io/sync-wave';

const groupOf = (apiVersion: string) => (apiVersion.includes('/') ? apiVersion.split('/')[0] : '');
const nameOf = (d: any) => `${d.kind} ${d.metadata?.namespace ? `${d.metadata.namespace}/` : ''}${d.metadata?.name}`;

/** What must come before what, as `before -> after` pairs of documents. */
function requirements(docs: any[]): { why: string; before: any; after: any }[] {
  const out: { why: string; before: any; after: any }[] = [];
  const crds = docs.filter((d) => d.kind === 'CustomResourceDefinition');
  const customResources = docs.filter((d) => crds.some((c) => c.spec.group === groupOf(d.apiVersion) && c.spec.names.kind === d.kind));
  for (const crd of crds) {
    for (const cr of customResources.filter((d) => crd.spec.group === groupOf(d.apiVersion) && crd.spec.names.kind === d.kind)) {
      out.push({ why: 'its CRD', before: crd, after: cr });
    }
  }
  for (const ns of docs.filter((d) => d.kind === 'Namespace')) {
    for (const d of docs.filter((o) => o.metadata?.namespace === ns.metadata.name)) out.push({ why: 'its Namespace', before: ns, after: d });
  }
  const webhooks = docs.filter((d) => d.kind === 'Deployment' && d.metadata.labels?.['app.kubernetes.io/name'] === 'spark-operator'
    && d.metadata.labels?.['app.kubernetes.io/component'] === 'webhook');
  for (const webhook of webhooks) {
    for (const config of docs.filter((d) => /^(Mutating|Validating)WebhookConfiguration$/.test(d.kind))) {
      out.push({ why: 'the webhook Deployment', before: webhook, after: config });
    }
    for (const cr of customResources) out.push({ why: 'the webhook Deployment', before: webhook, after: cr });
  }
  for (const config of docs.filter((d) => /^(Mutating|Validating)WebhookConfiguration$/.test(d.kind))) {
    for (const cr of customResources) out.push({ why: 'the webhook configuration that admits it', before: config, after: cr });
  }
  return out;
}

/** Each requirement the waves break, as a line. */
function brokenOrder(docs: any[]): string[] {
  const wave = (d: any) => Number(d.metadata?.annotations?.[WAVE]);
  return requirements(docs).filter((r) => !(wave(r.before) < wave(r.after)))
    .map((r) => `${nameOf(r.after)} (wave ${wave(r.after)}) must come after ${r.why}, ${nameOf(r.before)} (wave ${wave(r.before)})`);
}

/** The examples that describe a whole platform: they create every namespace they use. */
const FRESH_CLUSTER = ['multi-tenant-platform', 'operator-platform'];

describe.each(exampleNames())('examples/%s.ts with Argo CD sync waves', (name) => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { build } = require(path.join('..', '..', 'examples', name)) as { build: (app: App) => void };
  let docs: any[] = [];
  beforeAll(() => {
    docs = synthValid((app) => {
      build(app);
      GitOpsOrder.argoCdSyncWaves(app);
    });
  });

  test('every object has a whole-number wave', () => {
    expect(docs.filter((d) => !/^-?\d+$/.test(d.metadata?.annotations?.[WAVE] ?? '')).map(nameOf)).toEqual([]);
  });

  test('CRDs, Namespaces and the webhook come before what needs them', () => {
    expect(brokenOrder(docs)).toEqual([]);
  });

  if (FRESH_CLUSTER.includes(name)) {
    test('every namespace it places objects in, it creates (one pass on a fresh cluster)', () => {
      const created = new Set(docs.filter((d) => d.kind === 'Namespace').map((d) => d.metadata.name));
      expect([...new Set(docs.map((d) => d.metadata?.namespace).filter((n) => n !== undefined && !created.has(n)))]).toEqual([]);
    });
  }
});

describe('the order checks', () => {
  const names = exampleNames();
  test('cover every kind of requirement across the examples', () => {
    const whys = new Set<string>();
    for (const name of names) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { build } = require(path.join('..', '..', 'examples', name)) as { build: (app: App) => void };
      const app = new App();
      build(app);
      for (const r of requirements(app.charts.flatMap((c) => c.toJson()))) whys.add(r.why);
    }
    expect([...whys].sort()).toEqual(['its CRD', 'its Namespace', 'the webhook Deployment', 'the webhook configuration that admits it']);
  });

  test('catch an App without the ordering', () => {
    // examples/operator-platform.ts with GitOpsOrder.none(): no waves, so every requirement is broken.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { build } = require(path.join('..', '..', 'examples', 'operator-platform')) as { build: (app: App) => void };
    const app = new App();
    build(app);
    GitOpsOrder.none(app);
    const docs = app.charts.flatMap((c) => c.toJson());
    expect(brokenOrder(docs)).toHaveLength(requirements(docs).length);
    expect(brokenOrder(docs)).toContain('SparkApplication etl/ingest (wave NaN) must come after the webhook Deployment, Deployment spark-operator/spark-operator-webhook (wave NaN)');
  });

  test('catch a wrong wave', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { build } = require(path.join('..', '..', 'examples', 'operator-platform')) as { build: (app: App) => void };
    const app = new App();
    build(app);
    GitOpsOrder.argoCdSyncWaves(app);
    const docs = app.charts.flatMap((c) => c.toJson());
    const webhook = docs.find((d) => d.kind === 'Deployment' && d.metadata.name === 'spark-operator-webhook');
    webhook.metadata.annotations[WAVE] = '0';
    expect(brokenOrder(docs)).toEqual([
      'MutatingWebhookConfiguration spark-operator-webhook (wave -1) must come after the webhook Deployment, Deployment spark-operator/spark-operator-webhook (wave 0)',
      'ValidatingWebhookConfiguration spark-operator-webhook (wave -1) must come after the webhook Deployment, Deployment spark-operator/spark-operator-webhook (wave 0)',
      'SparkApplication etl/ingest (wave 0) must come after the webhook Deployment, Deployment spark-operator/spark-operator-webhook (wave 0)',
      'ScheduledSparkApplication reporting/daily-report (wave 0) must come after the webhook Deployment, Deployment spark-operator/spark-operator-webhook (wave 0)',
    ]);
  });
});
