/**
 * CRD pipeline: reads the CRDs of each pinned operator release, removes every
 * `description`, writes the stripped CRDs to `<out>/crds/*.json` and generates
 * the L1 bindings into `<out>/imports/` with `cdk8s import` (one module per
 * API group).
 *
 * Two sources:
 * - `kubeflow`: the Kubeflow Spark Operator v2.5.2 (`sparkoperator.k8s.io`),
 *   from $SPARK_OPERATOR_CRDS_DIR or ../shared/upstream/kubeflow-spark-operator/crds;
 * - `apache`: the Apache Spark Kubernetes Operator 1.0.0 (`spark.apache.org`),
 *   from $APACHE_SPARK_OPERATOR_CRDS_DIR or ../shared/upstream/apache-spark-kubernetes-operator/crds.
 *
 * Usage: ts-node scripts/import-crds.ts [--source kubeflow|apache CRD_DIR] [--out DIR]
 *   With no --source every source is imported from its default folder. DIR defaults to src/.
 *        ts-node scripts/import-crds.ts --fill-cache
 *   Produces the output of every source found in its default folder once into
 *   node_modules/.cache (`cachedTaskOutput`), for the test that compares it with src/.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as YAML from 'yaml';
import { cacheEntryPath, writeCacheEntry } from './_build-cache';

const UPSTREAM = path.join(__dirname, '..', '..', 'shared', 'upstream');

/** One operator release whose CRDs are imported. */
export interface CrdSource {
  readonly name: string;
  /** The API group: the name of the generated module in imports/. */
  readonly group: string;
  readonly defaultDir: string;
  readonly envVar: string;
  /** The CRD files, in the order they are imported. */
  readonly files: readonly string[];
  /** The name of a file's stripped JSON in crds/. */
  readonly jsonName: (file: string) => string;
  /**
   * Versions left out of the L1 bindings (the JSON keeps every version, so a
   * cluster still serves them): only the versions the constructs emit get classes.
   */
  readonly bindingsSkipVersions?: readonly string[];
}

export const KUBEFLOW_SOURCE: CrdSource = {
  name: 'kubeflow',
  group: 'sparkoperator.k8s.io',
  defaultDir: path.join(UPSTREAM, 'kubeflow-spark-operator', 'crds'),
  envVar: 'SPARK_OPERATOR_CRDS_DIR',
  files: [
    'sparkoperator.k8s.io_sparkapplications.yaml',
    'sparkoperator.k8s.io_scheduledsparkapplications.yaml',
    'sparkoperator.k8s.io_sparkconnects.yaml',
  ],
  jsonName: (file) => file.replace(/\.yaml$/, '.json'),
};

export const APACHE_SOURCE: CrdSource = {
  name: 'apache',
  group: 'spark.apache.org',
  defaultDir: path.join(UPSTREAM, 'apache-spark-kubernetes-operator', 'crds'),
  envVar: 'APACHE_SPARK_OPERATOR_CRDS_DIR',
  files: [
    'sparkapplications.spark.apache.org-v1.yaml',
    'sparkclusters.spark.apache.org-v1.yaml',
  ],
  // `<plural>.<group>-v1.yaml` -> `<group>_<plural>.json`, the Kubeflow files' naming.
  jsonName: (file) => {
    const [plural, ...group] = file.replace(/-v1\.yaml$/, '').split('.');
    return `${group.join('.')}_${plural}.json`;
  },
  bindingsSkipVersions: ['v1beta1'],
};

export const CRD_SOURCES: readonly CrdSource[] = [KUBEFLOW_SOURCE, APACHE_SOURCE];

/** @deprecated kept for callers of the single-source script: the Kubeflow source's files and folder. */
export const CRD_FILES = KUBEFLOW_SOURCE.files;
export const DEFAULT_CRD_DIR = KUBEFLOW_SOURCE.defaultDir;

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

/** The folder a source is read from: the argument, else its environment variable, else ../shared/upstream. */
export function sourceDir(source: CrdSource, given?: string): string {
  return path.resolve(given ?? process.env[source.envVar] ?? source.defaultDir);
}

export function importCrds(crdDir: string, outDir: string, source: CrdSource = KUBEFLOW_SOURCE): void {
  const missing = source.files.filter((f) => !fs.existsSync(path.join(crdDir, f)));
  if (missing.length > 0) {
    throw new Error(`CRD files of the ${source.name} source not found in ${crdDir}: ${missing.join(', ')}. `
      + `Pass the release's crds/ folder after --source ${source.name} or set ${source.envVar}.`);
  }
  const crds = source.files.map((f) => readStrippedCrd(path.join(crdDir, f)));

  const crdOut = path.join(outDir, 'crds');
  fs.mkdirSync(crdOut, { recursive: true });
  source.files.forEach((f, i) => fs.writeFileSync(path.join(crdOut, source.jsonName(f)), crdJson(crds[i])));

  // cdk8s import writes one module per API group: import all kinds at once.
  const skip = new Set(source.bindingsSkipVersions ?? []);
  const forBindings = crds.map((c) => ({ ...c, spec: { ...c.spec, versions: c.spec.versions.filter((v: any) => !skip.has(v.name)) } }));
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-spark-crds-'));
  try {
    const combined = path.join(tmp, `${source.group}.yaml`);
    fs.writeFileSync(combined, forBindings.map((c) => YAML.stringify(c)).join('---\n'));
    const cli = path.join(__dirname, '..', 'node_modules', '.bin', 'cdk8s');
    execFileSync(cli, ['import', combined, '--language', 'typescript', '--output', path.join(outDir, 'imports'), '--no-check-upgrade'], {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false' },
    });
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * Where the output of `importCrds` for a source's default folder is kept: one
 * entry per set of inputs (the source, its CRD files, this script, and
 * package-lock.json, which pins cdk8s-cli and the rest of the toolchain).
 */
export function cacheEntry(source: CrdSource): string {
  const files = [__filename, path.join(__dirname, '..', 'package-lock.json'), ...source.files.map((f) => path.join(source.defaultDir, f))];
  return cacheEntryPath('cdk8s-spark-import-crds', [source.name, ...files.flatMap((file) => [path.basename(file), fs.readFileSync(file)])]);
}

/**
 * The output of `importCrds` for a source's default folder. It is a function of
 * the inputs `cacheEntry` hashes, so it is produced once per install: CI fills
 * it while the build runs, and the suite's check on each Node line reads it
 * instead of running `cdk8s import` again (5 s a source).
 */
export function cachedTaskOutput(source: CrdSource): string {
  const cached = cacheEntry(source);
  if (!fs.existsSync(cached)) {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'import-crds-'));
    try {
      importCrds(source.defaultDir, out, source);
      writeCacheEntry(cached, (partial) => fs.cpSync(out, partial, { recursive: true }));
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  }
  return cached;
}

if (require.main === module) {
  const args = process.argv.slice(2);
  if (args[0] === '--fill-cache') {
    for (const source of CRD_SOURCES.filter((s) => fs.existsSync(s.defaultDir))) console.log(`${source.name}: ${cachedTaskOutput(source)}`);
    process.exit(0);
  }
  const take = (flag: string, count: number) => {
    const i = args.indexOf(flag);
    return i >= 0 ? args.splice(i, count + 1).slice(1) : undefined;
  };
  const outDir = path.resolve(take('--out', 1)?.[0] ?? path.join(__dirname, '..', 'src'));
  const chosen = take('--source', 1)?.[0];
  let sources = CRD_SOURCES;
  if (chosen !== undefined) {
    sources = CRD_SOURCES.filter((s) => s.name === chosen);
    if (sources.length === 0) throw new Error(`unknown --source ${chosen}: use ${CRD_SOURCES.map((s) => s.name).join(' or ')}`);
  } else if (args.length > 0) {
    throw new Error(`a CRD folder needs --source (${CRD_SOURCES.map((s) => s.name).join(' or ')}) before it`);
  }
  for (const source of sources) {
    importCrds(sourceDir(source, chosen !== undefined ? args[0] : undefined), outDir, source);
    for (const f of source.files) {
      const json = path.join(outDir, 'crds', source.jsonName(f));
      console.log(`${path.relative(process.cwd(), json)}: ${fs.statSync(json).size} bytes`);
    }
  }
}
