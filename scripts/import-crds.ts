/**
 * CRD pipeline: reads the Kubeflow Spark Operator CRDs of the pinned release,
 * removes every `description`, writes the stripped CRDs to `<out>/crds/*.json`
 * and generates the L1 bindings into `<out>/imports/` with `cdk8s import`.
 *
 * Usage: ts-node scripts/import-crds.ts [CRD_DIR] [--out DIR]
 *   CRD_DIR defaults to $SPARK_OPERATOR_CRDS_DIR, then to
 *   ../shared/upstream/kubeflow-spark-operator/crds. DIR defaults to src/.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as YAML from 'yaml';

export const DEFAULT_CRD_DIR = path.join(__dirname, '..', '..', 'shared', 'upstream', 'kubeflow-spark-operator', 'crds');

/** The CRD files of operator v2.5.2, in the order they are imported. */
export const CRD_FILES = [
  'sparkoperator.k8s.io_sparkapplications.yaml',
  'sparkoperator.k8s.io_scheduledsparkapplications.yaml',
  'sparkoperator.k8s.io_sparkconnects.yaml',
];

/**
 * Removes `description` strings everywhere except where `description` is the
 * name of a field (a key of a `properties` map).
 */
export function stripDescriptions(node: unknown, inProperties = false): unknown {
  if (Array.isArray(node)) {
    return node.map((item) => stripDescriptions(item));
  }
  if (node === null || typeof node !== 'object') {
    return node;
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
    if (!inProperties && key === 'description' && typeof value === 'string') {
      continue;
    }
    out[key] = stripDescriptions(value, !inProperties && key === 'properties');
  }
  return out;
}

/** Reads one CRD file and returns it stripped. */
export function readStrippedCrd(file: string): any {
  const doc = YAML.parse(fs.readFileSync(file, 'utf-8'));
  if (doc?.kind !== 'CustomResourceDefinition') {
    throw new Error(`${file} is not a CustomResourceDefinition (kind: ${doc?.kind})`);
  }
  return stripDescriptions(doc);
}

/** The JSON text written for a stripped CRD. */
export function crdJson(crd: unknown): string {
  return JSON.stringify(crd, undefined, 2) + '\n';
}

export function importCrds(crdDir: string, outDir: string): void {
  const missing = CRD_FILES.filter((f) => !fs.existsSync(path.join(crdDir, f)));
  if (missing.length > 0) {
    throw new Error(`CRD files not found in ${crdDir}: ${missing.join(', ')}. Pass the release's crds/ folder as the first argument or set SPARK_OPERATOR_CRDS_DIR.`);
  }
  const crds = CRD_FILES.map((f) => readStrippedCrd(path.join(crdDir, f)));

  const crdOut = path.join(outDir, 'crds');
  fs.mkdirSync(crdOut, { recursive: true });
  CRD_FILES.forEach((f, i) => {
    fs.writeFileSync(path.join(crdOut, f.replace(/\.yaml$/, '.json')), crdJson(crds[i]));
  });

  // cdk8s import writes one module per API group: import all kinds at once.
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-spark-crds-'));
  try {
    const combined = path.join(tmp, 'sparkoperator.k8s.io.yaml');
    fs.writeFileSync(combined, crds.map((c) => YAML.stringify(c)).join('---\n'));
    const cli = path.join(__dirname, '..', 'node_modules', '.bin', 'cdk8s');
    execFileSync(cli, ['import', combined, '--language', 'typescript', '--output', path.join(outDir, 'imports'), '--no-check-upgrade'], {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false' },
    });
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const outIdx = args.indexOf('--out');
  const outDir = outIdx >= 0 ? args.splice(outIdx, 2)[1] : path.join(__dirname, '..', 'src');
  const crdDir = args[0] ?? process.env.SPARK_OPERATOR_CRDS_DIR ?? DEFAULT_CRD_DIR;
  importCrds(path.resolve(crdDir), path.resolve(outDir));
  for (const f of CRD_FILES) {
    const json = path.join(outDir, 'crds', f.replace(/\.yaml$/, '.json'));
    console.log(`${path.relative(process.cwd(), json)}: ${fs.statSync(json).size} bytes`);
  }
}
