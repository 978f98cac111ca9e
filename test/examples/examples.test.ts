import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { exampleNames } from '../../scripts/synth-examples';
import { registerCrd, synthValid } from '../harness';
import { networkFindings, NetworkEnv } from '../harness/network';

// Minimal closed schemas of the third-party kinds examples may emit (PodMonitor, cert-manager, GRPCRoute).
const FIXTURES = path.join(__dirname, '..', 'fixtures', 'crds');
for (const f of fs.readdirSync(FIXTURES)) {
  registerCrd(JSON.parse(fs.readFileSync(path.join(FIXTURES, f), 'utf-8')));
}

/**
 * One line per object: kind, namespace/name, and a digest of its content. The
 * constructs' own tests pin the content; this inventory makes any change to
 * what an example emits show up in review as one line per changed object,
 * instead of a copy of every manifest (the operator install alone is
 * thousands of lines, and is pinned once in test/operator/install).
 */
function inventory(docs: any[]): string[] {
  return docs.map((d) => {
    const digest = createHash('sha256').update(JSON.stringify(d)).digest('hex').slice(0, 12);
    return `${d.kind} ${d.metadata?.namespace ? `${d.metadata.namespace}/` : ''}${d.metadata?.name} ${digest}`;
  });
}

/**
 * What identifies each object in a live cluster: its kind, namespace and name,
 * and the labels it selects by. A change to either forces replacement (a
 * renamed object is deleted and recreated; a Deployment or StatefulSet
 * selector is immutable) or silently re-targets traffic, so it must show in
 * review: test/examples/identity/<example>.txt holds it, one line per object,
 * and changes only when an identity does (content changes leave it alone).
 * `UPDATE_IDENTITY=1 npx jest test/examples` rewrites the files.
 */
function identity(docs: any[]): string[] {
  const labels = (m: unknown) => (m && typeof m === 'object' && Object.keys(m).length > 0
    ? Object.entries(m as object).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k}=${v}`).join(',') : undefined);
  return docs.map((d) => {
    const spec = d.spec ?? {};
    const selects = [
      ['selector', labels(spec.selector?.matchLabels ?? (d.kind === 'Service' ? spec.selector : undefined))],
      ['podSelector', labels(spec.podSelector?.matchLabels)],
      ['scaleTarget', spec.scaleTargetRef ? `${spec.scaleTargetRef.kind}/${spec.scaleTargetRef.name}` : undefined],
      ['roleRef', d.roleRef ? `${d.roleRef.kind}/${d.roleRef.name}` : undefined],
    ].filter(([, v]) => v !== undefined).map(([k, v]) => ` ${k}: ${v}`).join('');
    return `${d.apiVersion} ${d.kind} ${d.metadata?.namespace ? `${d.metadata.namespace}/` : ''}${d.metadata?.name}${selects}`;
  });
}

function expectSameIdentity(name: string, docs: any[]): void {
  const file = path.join(__dirname, 'identity', `${name.replace(/\.ts$/, '')}.txt`);
  const text = identity(docs).join('\n') + '\n';
  if (process.env.UPDATE_IDENTITY === '1') {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
  expect(fs.existsSync(file) ? fs.readFileSync(file, 'utf-8') : `<no ${path.relative(process.cwd(), file)}: run UPDATE_IDENTITY=1 npx jest test/examples>`).toBe(text);
}

/** The cluster the examples describe: its API server endpoint, S3 in eu-central-1, an in-cluster MinIO, Maven Central. */
const API_SERVER = { ips: ['10.0.0.10'], port: 6443 };
/** The platform example's API server: two endpoints on 443 (a managed control plane). */
const API_SERVERS: { [example: string]: NetworkEnv['apiServer'] } = { 'multi-tenant-platform': { ips: ['10.0.0.10', '10.0.1.10'], port: 443 } };
const S3 = { ips: ['52.219.168.10'], port: 443, cidrs: ['52.219.168.0/21'] };
const MINIO = { ips: [], port: 9000, pods: { namespace: 'storage', labels: { app: 'minio' } } };
const MAVEN_CENTRAL = [{ ips: ['151.101.0.209'], port: 443, cidrs: ['151.101.0.0/16'] }];

/**
 * What each example's workloads must reach besides DNS and the API server: the
 * object store it names and the clients it admits. The network check proves
 * that every connection Spark needs is allowed and nothing else, for every pod.
 */
const NETWORK_ENV: { [example: string]: Omit<NetworkEnv, 'apiServer'> } = {
  'connect-server': {
    objectStorage: [S3],
    packageRepositories: MAVEN_CENTRAL,
    clients: [{
      from: { namespace: 'ingress-nginx', labels: {}, source: 'the ingress controller' },
      to: { namespace: 'analytics', labels: { 'app.kubernetes.io/instance': 'analytics-connect', 'spark-role': 'driver' } },
      port: 15002,
    }],
  },
  'multi-tenant-platform': {
    objectStorage: [{ ips: ['52.219.168.10', '3.5.134.20'], port: 443, cidrs: ['52.219.168.0/21', '3.5.134.0/23'] }],
    packageRepositories: MAVEN_CENTRAL,
    clients: [
      ...['analytics', 'marketing', 'finance'].map((team) => ({
        from: { namespace: 'notebooks', labels: { team }, source: `${team}'s notebooks` },
        to: { namespace: team, labels: { 'app.kubernetes.io/instance': `${team}-connect`, 'spark-role': 'driver' } },
        port: 15002,
      })),
      ...['controller', 'webhook'].map((component) => ({
        from: { namespace: 'monitoring', labels: {}, source: 'Prometheus' },
        to: { namespace: 'spark-operator', labels: { 'app.kubernetes.io/component': component } },
        port: 8080,
      })),
      {
        from: { namespace: 'ingress-nginx', labels: {}, source: 'the ingress controller' },
        to: { namespace: 'spark-history', labels: { 'app.kubernetes.io/name': 'spark-history-server' } },
        port: 18080,
      },
    ],
  },
  'pyspark-s3a': { objectStorage: [MINIO], packageRepositories: MAVEN_CENTRAL },
  'apache-operator': {
    clients: [4040, 15002].map((port) => ({
      from: { namespace: 'ingress-nginx', labels: {}, source: 'the ingress controller' },
      to: { namespace: 'spark', labels: { 'spark.cdk8s.io/kind': 'apache.SparkApplication', 'spark.cdk8s.io/name': port === 4040 ? 'spark-pi' : 'spark-connect', 'spark.cdk8s.io/role': 'driver' } },
      port,
    })),
  },
  'history-server': {
    objectStorage: [MINIO],
    packageRepositories: MAVEN_CENTRAL,
    clients: [{
      from: { namespace: 'ingress-nginx', labels: {}, source: 'the ingress controller' },
      to: { namespace: 'spark-history', labels: { 'app.kubernetes.io/name': 'spark-history-server' } },
      port: 18080,
    }],
  },
  'connect-operator': {
    clients: [{
      from: { namespace: 'bi-tools', labels: { app: 'superset' }, source: 'Superset' },
      to: { namespace: 'bi', labels: { 'spark.cdk8s.io/kind': 'SparkConnect', 'spark.cdk8s.io/role': 'driver' } },
      port: 15002,
    }],
  },
  'submit-job': { objectStorage: [S3], packageRepositories: MAVEN_CENTRAL },
};

/** Examples whose workloads do not all have NetworkPolicies yet, and why. */
const NOT_COVERED: { [example: string]: string } = {};

/**
 * Every example in examples/ synthesizes deterministically and every object it
 * emits passes the harness.
 */
describe('examples', () => {
  test('there are examples', () => {
    expect(exampleNames().length).toBeGreaterThanOrEqual(5);
  });

  test.each(exampleNames())('%s passes the harness', (name) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(path.join(__dirname, '..', '..', 'examples', name));
    const docs = synthValid((app) => mod.build(app));
    expect(docs.length).toBeGreaterThan(0);
    expect(inventory(docs)).toMatchSnapshot();
    expectSameIdentity(name, docs);
    if (NOT_COVERED[name] === undefined) {
      expect(networkFindings(docs, { apiServer: API_SERVERS[name] ?? API_SERVER, ...NETWORK_ENV[name] }, { requireCoverage: true })).toEqual([]);
    }
  });

  test('the identity of an object is its kind, name and selectors, not its content', () => {
    const deployment = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', namespace: 'n' }, spec: { selector: { matchLabels: { b: '2', a: '1' } }, replicas: 1 } };
    expect(identity([deployment])).toEqual(['apps/v1 Deployment n/d selector: a=1,b=2']);
    expect(identity([{ ...deployment, spec: { ...deployment.spec, replicas: 3 } }])).toEqual(identity([deployment]));
    expect(identity([{ ...deployment, spec: { selector: { matchLabels: { a: '9' } } } }])).not.toEqual(identity([deployment]));
    expect(identity([{ apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { selector: { app: 'x' } } }])).toEqual(['v1 Service s selector: app=x']);
  });
});
