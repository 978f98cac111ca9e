/*
 * The Helm comparison of `node scripts/bench.js`: what a platform team without
 * this library would run is a Helm chart rendering the same hardened
 * SparkApplications from values (../shared/bench/helm-peer beside the
 * repository, or BENCH_HELM_PEER: gen-values.mjs writes the values, its header
 * lists the applications).
 *
 * For each size, whole processes in turn, after one warm-up pair:
 *   library: <node> scripts/bench/consumer.js N   (a cdk8s app as `cdk8s synth` runs it: CDK8S_OUTDIR, app.synth())
 *   helm:    helm template p <peer>/chart -f values-N.yaml --namespace analytics > out.yaml
 *   cdk8s:   <node> scripts/bench/cdk8s-floor.js docs.ndjson   (the floor: the library's documents as plain
 *            ApiObjects of a plain App, no library; its JSON.parse time is subtracted)
 * wall time (around the child) and peak RSS (`/usr/bin/time -f %M`), medians
 * and the median of the pair-by-pair ratios (the machines are noisy). Then
 * both outputs are parsed with `yaml`, sorted by kind/namespace/name and
 * compared object for object. Last, `require()` of the library and of
 * cdk8s-plus-28, each in fresh processes.
 */
'use strict';
const { execFileSync, spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const YAML = require('yaml');
const { ensureHelm } = require('./fetch');

const ROOT = path.join(__dirname, '..', '..');
const PEER = process.env.BENCH_HELM_PEER ?? path.join(ROOT, '..', 'shared', 'bench', 'helm-peer');
const CONSUMER = path.join(__dirname, 'consumer.js');
const FLOOR = path.join(__dirname, 'cdk8s-floor.js');
const TIME = '/usr/bin/time';

/**
 * The young generation the README recommends for large apps. Node 22 and
 * later size the semi-spaces of V8's young generation from the memory they
 * see (nodejs/node#62723, #55487): on a 24 GiB machine Node 24
 * lets them grow as with --max-semi-space-size=64. Measured there on Node 24
 * (consumer.js, 5 runs each, seconds and peak MiB):
 *
 *   semi-space MiB   1,000 apps        5,000 apps
 *   default          1.01-1.21 131-172 3.69-4.28 306-315
 *   16               1.11-1.50 131-144 3.37-3.64 218-220
 *   8                0.93-0.96 119-123 3.20-3.32 190-204
 *   4                0.90-0.95 108-116 3.23-3.29 184-194
 *   2                0.92-0.95 105-116 3.33-3.46 174-194
 *   1                0.94-1.09 105-121 3.48-4.26 173-191
 *
 * 4 is the fastest at both sizes: a smaller young generation holds less
 * garbage, and one of 4 MiB still lets most of a synth's short-lived objects
 * die young. On Node 22 it takes 1,000 apps from 1.07-1.14 s and 114 MiB to
 * 0.98-1.02 s and 89 MiB; on Node 20 5,000 apps from 191 to 157 MiB at the
 * same speed. The bench runs the library's program and the floor
 * both ways, in the same runs, and holds the targets against both.
 */
const YOUNG_GENERATION = '--max-semi-space-size=4';

/** Targets per Node line: library/helm wall ratio per size, peak RSS ratio, require ratio. */
function targetsFor(nodeMajor) {
  return nodeMajor >= 24
    ? { wall: { 1000: 1.3, 5000: 1.0 }, rss: 1.2, require: 1.1 }
    : { wall: { 5000: 1.25 }, rss: undefined, require: 1.1 };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/**
 * Runs a command to completion; returns wall ms, and with GNU time its peak
 * RSS in MiB and CPU (user + system) ms. stdout goes to `stdoutFile` (or is dropped).
 */
function measure(cmd, args, { env, stdoutFile } = {}) {
  const useTime = fs.existsSync(TIME);
  const rssFile = path.join(os.tmpdir(), `cdk8s-spark-bench-rss-${process.pid}`);
  const out = stdoutFile ? fs.openSync(stdoutFile, 'w') : 'ignore';
  const argv = useTime ? [TIME, '-f', '%M %U %S', '-o', rssFile, cmd, ...args] : [cmd, ...args];
  const start = process.hrtime.bigint();
  const res = spawnSync(argv[0], argv.slice(1), { env: { ...process.env, ...env }, stdio: ['ignore', out, 'pipe'], maxBuffer: 64 << 20 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (typeof out === 'number') fs.closeSync(out);
  if (res.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} failed (${res.status ?? res.signal}):\n${res.stderr}`);
  }
  let rssMb;
  let cpuMs;
  if (useTime) {
    // GNU time: peak RSS in KiB, user and system seconds, on the last line (a killed child adds a line before it).
    const [kib, user, system] = fs.readFileSync(rssFile, 'utf-8').trim().split('\n').pop().split(' ').map(Number);
    rssMb = kib / 1024;
    cpuMs = (user + system) * 1000;
    fs.rmSync(rssFile, { force: true });
  }
  return { ms, rssMb, cpuMs, stderr: String(res.stderr) };
}

/** The manifests of a file as plain objects, in file order. */
function parseDocs(file) {
  // YAML 1.1, as the Kubernetes tooling reads manifests (and as cdk8s writes them).
  return YAML.parseAllDocuments(fs.readFileSync(file, 'utf-8'), { version: '1.1' })
    .map((d) => d.toJS({ maxAliasCount: -1 }))
    .filter((d) => d !== null && d !== undefined);
}

/** The documents of a YAML file, in file order, one JSON object a line (the floor program's input). */
function writeNdjson(yamlFile, out) {
  fs.writeFileSync(out, parseDocs(yamlFile).map((d) => JSON.stringify(d)).join('\n') + '\n');
}

/** The manifests of a file as plain objects, sorted by kind, namespace and name. */
function loadDocs(file) {
  const docs = parseDocs(file);
  const key = (d) => `${d.kind}/${d.metadata?.namespace ?? ''}/${d.metadata?.name ?? ''}`;
  return new Map(docs.map((d) => [key(d), d]).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Paths (a.b[0].c) where two values differ, with both values. */
function diff(a, b, at = '', out = []) {
  if (Object.is(a, b)) return out;
  const kind = (v) => (Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v);
  if (kind(a) !== kind(b) || (kind(a) !== 'object' && kind(a) !== 'array')) {
    out.push({ path: at || '(document)', helm: a, library: b });
    return out;
  }
  if (Array.isArray(a)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) diff(a[i], b[i], `${at}[${i}]`, out);
    return out;
  }
  for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
    diff(a[k], b[k], at ? `${at}.${k}` : k, out);
  }
  return out;
}

/** Compares the library's and Helm's documents; returns counts and the differing fields. */
function compare(helmFile, libraryFile) {
  const helm = loadDocs(helmFile);
  const library = loadDocs(libraryFile);
  const fields = new Map(); // field path -> number of documents where it differs
  let differing = 0;
  let first;
  for (const k of new Set([...helm.keys(), ...library.keys()])) {
    const d = diff(helm.get(k), library.get(k));
    if (d.length === 0) continue;
    differing++;
    if (!first) first = { doc: k, ...d[0] };
    for (const { path: p } of d) fields.set(p, (fields.get(p) ?? 0) + 1);
  }
  return { helmDocs: helm.size, libraryDocs: library.size, differing, first, fields };
}

/**
 * Milliseconds a fresh process spends in `require(target)` (with `readAll`,
 * and in reading every export: the library loads a module on first use), and its whole wall time.
 */
function timeRequire(node, target, readAll = false) {
  const read = readAll ? ' for (const k in m) m[k];' : '';
  const code = `const t = process.hrtime.bigint(); const m = require(${JSON.stringify(target)});${read} process.stdout.write(String(Number(process.hrtime.bigint() - t) / 1e6));`;
  const start = process.hrtime.bigint();
  const out = execFileSync(node, ['-e', code], { cwd: ROOT, encoding: 'utf-8' });
  return { ms: Number(out), wallMs: Number(process.hrtime.bigint() - start) / 1e6 };
}

/**
 * The section: `node` runs the library's processes (BENCH_NODE or this Node),
 * `sizes` numbers of applications, `reps` counted runs of each command.
 */
function helmSection({ node, sizes, reps, requireReps }) {
  if (!fs.existsSync(path.join(PEER, 'gen-values.mjs'))) {
    console.log('');
    console.log(`Helm comparison skipped: the peer chart is not at ${PEER} (../shared beside the repository, or set BENCH_HELM_PEER)`);
    return;
  }
  const helm = ensureHelm();
  const nodeVersion = execFileSync(node, ['--version'], { encoding: 'utf-8' }).trim();
  const helmVersion = execFileSync(helm, ['version', '--short'], { encoding: 'utf-8' }).trim();
  const nodeMajor = Number(/^v(\d+)/.exec(nodeVersion)[1]);
  const targets = targetsFor(nodeMajor);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-spark-bench-helm-'));

  console.log('');
  console.log(`Helm comparison: N SparkApplications, the library as a cdk8s app (${path.relative(ROOT, CONSUMER)} N) vs \`helm template\` of the peer chart`);
  console.log(`node ${nodeVersion} (${node}), helm ${helmVersion}; whole processes in turn, ${reps} counted runs each after a warm-up; medians, ratio = median of pair-by-pair ratios`);
  if (!fs.existsSync(TIME)) console.log(`(no ${TIME}: peak RSS not measured)`);
  const pad = (s, w) => String(s).padStart(w);
  const fmt = (x, d) => (x === undefined ? 'n/a' : x.toFixed(d));
  console.log(`${pad('apps', 6)} ${pad('library s', 10)} ${pad('helm s', 8)} ${pad('lib/helm', 9)} ${pad('cpu l/h', 8)} ${pad('library MiB', 12)} ${pad('helm MiB', 9)} ${pad('lib/helm', 9)}  documents`);

  const rows = [];
  for (const n of sizes) {
    const values = path.join(tmp, `values-${n}.yaml`);
    fs.writeFileSync(values, execFileSync(node, [path.join(PEER, 'gen-values.mjs'), String(n)], { encoding: 'utf-8', maxBuffer: 256 << 20 }));
    const outdir = path.join(tmp, `dist-${n}`);
    const helmOut = path.join(tmp, `helm-${n}.yaml`);
    // The environment `cdk8s synth` gives the app (no construct metadata without validation plugins).
    const env = (dir) => ({ CDK8S_OUTDIR: dir, CDK8S_RECORD_CONSTRUCT_METADATA: 'false' });
    const runLibrary = () => measure(node, [CONSUMER, String(n)], { env: env(outdir) });
    // The same program with the recommended young generation (see YOUNG_GENERATION).
    const youngOut = path.join(tmp, `young-${n}`);
    const runYoung = () => measure(node, [YOUNG_GENERATION, CONSUMER, String(n)], { env: env(youngOut) });
    const runHelm = () => measure(helm, ['template', 'p', path.join(PEER, 'chart'), '-f', values, '--namespace', 'analytics'], { stdoutFile: helmOut });
    runLibrary();
    runHelm();
    // The floor synthesizes the library's own documents (from the warm-up run) without the library, both ways.
    const ndjson = path.join(tmp, `docs-${n}.ndjson`);
    writeNdjson(path.join(outdir, 'analytics.k8s.yaml'), ndjson);
    const floorOut = path.join(tmp, `floor-${n}`);
    const runFloor = (flags = []) => {
      const r = measure(node, [...flags, FLOOR, ndjson], { env: env(floorOut) });
      return { ...r, ms: r.ms - Number(/parse ([\d.]+)/.exec(r.stderr)[1]) };
    };
    runFloor();
    runYoung();
    const runs = { library: [], helm: [], floor: [], young: [], 'floor young': [] };
    const floorYoung = runs['floor young'];
    for (let i = 0; i < reps; i++) {
      runs.library.push(runLibrary());
      runs.helm.push(runHelm());
      runs.floor.push(runFloor());
      runs.young.push(runYoung());
      floorYoung.push(runFloor([YOUNG_GENERATION]));
    }
    const hlm = runs.helm;
    const lib = runs.library;
    /** Medians of one command's runs, and of its ratios to Helm's run of the same round. */
    const summary = (list) => ({
      ms: median(list.map((r) => r.ms)),
      wallRatio: median(list.map((r, i) => r.ms / hlm[i].ms)),
      mb: list[0].rssMb === undefined ? undefined : median(list.map((r) => r.rssMb)),
      rssRatio: list[0].rssMb === undefined ? undefined : median(list.map((r, i) => r.rssMb / hlm[i].rssMb)),
    });
    const library = summary(lib);
    const row = {
      n,
      libMs: library.ms,
      helmMs: median(hlm.map((r) => r.ms)),
      wallRatio: library.wallRatio,
      libMb: library.mb,
      rssRatio: library.rssRatio,
      helmMb: hlm[0].rssMb === undefined ? undefined : median(hlm.map((r) => r.rssMb)),
      cmp: compare(helmOut, path.join(outdir, 'analytics.k8s.yaml')),
      floor: {
        ...summary(runs.floor),
        libRatio: median(lib.map((r, i) => r.ms / runs.floor[i].ms)),
        cmp: compare(helmOut, path.join(floorOut, 'analytics.k8s.yaml')),
      },
      young: { ...summary(runs.young), cmp: compare(helmOut, path.join(youngOut, 'analytics.k8s.yaml')), floor: summary(floorYoung) },
      runs,
    };
    // CPU seconds (user + system) move less than wall time when other work shares the machine; Helm's Go runtime uses several threads.
    row.cpuRatio = row.libMb === undefined ? undefined : median(lib.map((r, i) => r.cpuMs / hlm[i].cpuMs));
    const docs = row.cmp.differing === 0 ? `${row.cmp.libraryDocs} identical` : `${row.cmp.differing} of ${Math.max(row.cmp.helmDocs, row.cmp.libraryDocs)} differ`;
    console.log(`${pad(n, 6)} ${pad((row.libMs / 1000).toFixed(2), 10)} ${pad((row.helmMs / 1000).toFixed(2), 8)} ${pad(row.wallRatio.toFixed(2), 9)} ${pad(fmt(row.cpuRatio, 2), 8)} ${pad(fmt(row.libMb, 0), 12)} ${pad(fmt(row.helmMb, 0), 9)} ${pad(fmt(row.rssRatio, 2), 9)}  ${docs}`);
    rows.push(row);
  }

  // The floor: where cdk8s alone stands against Helm, and what the library adds to it.
  console.log('the floor: the same documents as plain cdk8s ApiObjects of a plain App, no library (scripts/bench/cdk8s-floor.js; JSON.parse time subtracted)');
  console.log(`${pad('apps', 6)} ${pad('cdk8s s', 10)} ${pad('cdk8s/helm', 11)} ${pad('lib/cdk8s', 10)} ${pad('cdk8s MiB', 10)} ${pad('cdk8s/helm', 11)}  documents`);
  for (const { n, floor } of rows) {
    const docs = floor.cmp.differing === 0 ? `${floor.cmp.libraryDocs} identical to Helm's` : `${floor.cmp.differing} differ from Helm's`;
    console.log(`${pad(n, 6)} ${pad((floor.ms / 1000).toFixed(2), 10)} ${pad(floor.wallRatio.toFixed(2), 11)} ${pad(floor.libRatio.toFixed(2), 10)} ${pad(fmt(floor.mb, 0), 10)} ${pad(fmt(floor.rssRatio, 2), 11)}  ${docs}`);
  }

  // Documents: Helm's as the reference, per size.
  for (const { n, cmp } of rows) {
    if (cmp.differing === 0) continue;
    const show = (v) => (v === undefined ? '(absent)' : JSON.stringify(v));
    const first = cmp.first.path === '(document)'
      ? `${cmp.first.doc} only in ${cmp.first.helm === undefined ? 'the library\'s output' : 'Helm\'s output'}`
      : `${cmp.first.doc} ${cmp.first.path}: helm ${show(cmp.first.helm)}, library ${show(cmp.first.library)}`;
    console.log(`documents at ${n}: helm ${cmp.helmDocs}, library ${cmp.libraryDocs}, ${cmp.differing} differ; first: ${first}`);
    const fields = [...cmp.fields].sort((a, b) => b[1] - a[1]);
    for (const [p, count] of fields.slice(0, 12)) console.log(`  ${p === '(document)' ? 'whole document, only on one side' : p}: ${count} documents`);
    if (fields.length > 12) console.log(`  ... ${fields.length - 12} more fields`);
  }

  console.log(`the same runs with ${YOUNG_GENERATION} (the README's setting for large apps): the library (node ${YOUNG_GENERATION} ${path.relative(ROOT, CONSUMER)} N) and the floor`);
  console.log(`${pad('apps', 6)} ${pad('library s', 10)} ${pad('lib/helm', 9)} ${pad('library MiB', 12)} ${pad('lib/helm', 9)} ${pad('cdk8s s', 8)} ${pad('cdk8s/helm', 11)} ${pad('cdk8s MiB', 10)} ${pad('cdk8s/helm', 11)}  documents`);
  for (const { n, young } of rows) {
    const docs = young.cmp.differing === 0 ? `${young.cmp.libraryDocs} identical to Helm's` : `${young.cmp.differing} differ from Helm's`;
    const f = young.floor;
    console.log(`${pad(n, 6)} ${pad((young.ms / 1000).toFixed(2), 10)} ${pad(young.wallRatio.toFixed(2), 9)} ${pad(fmt(young.mb, 0), 12)} ${pad(fmt(young.rssRatio, 2), 9)}`
      + ` ${pad((f.ms / 1000).toFixed(2), 8)} ${pad(f.wallRatio.toFixed(2), 11)} ${pad(fmt(f.mb, 0), 10)} ${pad(fmt(f.rssRatio, 2), 11)}  ${docs}`);
  }

  // Each counted run: on Node 24 the library's program at 1,000 applications falls into a slower mode with a
  // higher peak in some runs and not others, which a median hides and a ratio of medians depends on. V8 doubles
  // the young generation once the bytes that survived scavenges since its last growth exceed its capacity
  // (src/heap/heap.cc, Heap::ShouldResizeNewSpace: survived_since_last_expansion_ > TotalCapacity()); with
  // `--trace-gc-nvp` new_space_capacity goes from 16 to 32 MB after about 17 MB survived, late in the synth,
  // while the floor program stays below that (13 MB) at 1,000.
  console.log('each counted run, seconds/peak MiB in run order (the medians above come from these)');
  for (const { n, runs } of rows) {
    for (const [name, list] of Object.entries(runs)) {
      console.log(`${pad(n, 6)} ${name.padEnd(11)} ${list.map((r) => `${(r.ms / 1000).toFixed(2)}/${fmt(r.rssMb, 0)}`).join('  ')}`);
    }
  }

  // require(): the library (which loads cdk8s and constructs itself) against cdk8s-plus-28 alone. The library
  // loads a module when an export is first read (scripts/lazy-index.js), so the target is held against
  // require() with every export read, as loading all of cdk8s-plus-28 is; require() alone is shown beside it.
  const plus = require.resolve('cdk8s-plus-28', { paths: [ROOT] });
  const lib = path.join(ROOT, 'lib');
  timeRequire(node, lib, true);
  timeRequire(node, plus);
  const reqLib = [];
  const reqLibAlone = [];
  const reqPlus = [];
  for (let i = 0; i < requireReps; i++) {
    reqLib.push(timeRequire(node, lib, true));
    reqLibAlone.push(timeRequire(node, lib));
    reqPlus.push(timeRequire(node, plus));
  }
  const requireRatio = median(reqLib.map((r, i) => r.ms / reqPlus[i].ms));
  console.log(`require(): library with every export read ${median(reqLib.map((r) => r.ms)).toFixed(0)} ms (require() alone ${median(reqLibAlone.map((r) => r.ms)).toFixed(0)} ms),`
    + ` cdk8s-plus-28 ${median(reqPlus.map((r) => r.ms)).toFixed(0)} ms, ratio ${requireRatio.toFixed(2)}`
    + ` (whole process ${median(reqLib.map((r) => r.wallMs)).toFixed(0)} vs ${median(reqPlus.map((r) => r.wallMs)).toFixed(0)} ms; median of ${requireReps} fresh processes each)`);

  // Each target against the library's program as run by default and with the README's setting, and against the
  // floor both ways: a target the floor misses too is out of reach of any cdk8s program on this Node line.
  const mark = (ratio, t) => `${ratio.toFixed(3)} ${ratio <= t ? 'met' : 'MISSED'}`;
  const targetRows = [];
  for (const row of rows) {
    const t = targets.wall[row.n];
    if (t !== undefined) targetRows.push([`wall ≤ ${t}× Helm's at ${row.n.toLocaleString('en-US')}`, t, (s) => s.wallRatio, row]);
  }
  if (targets.rss !== undefined) {
    for (const row of rows.filter((r) => r.rssRatio !== undefined)) {
      targetRows.push([`peak RSS ≤ ${targets.rss}× Helm's at ${row.n.toLocaleString('en-US')}`, targets.rss, (s) => s.rssRatio, row]);
    }
  }
  const col = (text, w) => String(text).padEnd(w);
  console.log(`${col(`targets, Node ${nodeMajor}`, 36)} ${col('library', 14)} ${col(`with ${YOUNG_GENERATION}`, 30)} floor (default / with the setting)`);
  for (const [name, t, ratio, row] of targetRows) {
    console.log(`  ${col(name, 34)} ${col(mark(ratio(row), t), 14)} ${col(mark(ratio(row.young), t), 30)} ${ratio(row.floor).toFixed(3)} / ${ratio(row.young.floor).toFixed(3)}`);
  }
  const identical = rows.every((row) => [row.cmp, row.floor.cmp, row.young.cmp].every((c) => c.differing === 0));
  console.log(`  ${col(`require() ≤ ${targets.require}× cdk8s-plus-28's`, 34)} ${mark(requireRatio, targets.require)}`);
  console.log(`  ${col('documents identical to Helm\'s', 34)} ${identical ? 'met' : 'MISSED'}`);

  fs.rmSync(tmp, { recursive: true, force: true });
  return rows;
}

module.exports = { helmSection, compare, measure, YOUNG_GENERATION };
