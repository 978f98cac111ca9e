/*
 * Where the time of the Helm comparison's cdk8s app goes: runs
 * scripts/bench/consumer.js N under `node --cpu-prof` and sums self time by
 * category (yaml, GC, this library's lib/, cdk8s, cdk8s-plus, constructs,
 * module loading and the rest), the inclusive time of the phases of a synth,
 * and the hottest functions of lib/ with their place in src/ (found by name:
 * lib/ ships without source maps).
 *
 *   node scripts/bench/profile.js [N] [--runs K] [--keep]
 *
 * N defaults to 5000; BENCH_NODE picks the Node binary as for bench.js. With
 * --runs K (default 1) it profiles K processes, prints the library's share
 * of each, and reports the run with the median share in full: on a shared
 * machine one run's share moves by a point or two (when the JIT's background
 * thread gets a core decides how long code runs unoptimized).
 */
'use strict';
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const ROOT = path.join(__dirname, '..', '..');
const LIB = path.join(ROOT, 'lib') + path.sep;
const NODE = require('./fetch').benchNode();

/** Category of a frame, by the file it is in. */
function category(frame) {
  const url = frame.url.replace(/^file:\/\//, '');
  if (frame.functionName === '(garbage collector)') return 'GC';
  if (frame.functionName === '(program)' || frame.functionName === '(idle)' || frame.functionName === '(root)') return 'V8/program (compile, native, idle)';
  if (/node_modules\/(cdk8s\/node_modules\/)?yaml\//.test(url)) return 'yaml (serialization)';
  if (url.startsWith(LIB) || url.startsWith(fs.realpathSync(ROOT) + '/lib/')) return 'library (lib/)';
  if (/node_modules\/cdk8s\/node_modules\/fast-json-patch\//.test(url)) return 'cdk8s (fast-json-patch)';
  if (/node_modules\/cdk8s\/lib\//.test(url)) return 'cdk8s (resolve, sanitize, ApiObject, App)';
  if (/node_modules\/cdk8s-plus-\d+\//.test(url)) return 'cdk8s-plus';
  if (/node_modules\/constructs\//.test(url)) return 'constructs';
  if (url.startsWith('node:internal/modules') || url.startsWith('node:internal/fs') || frame.functionName === 'compileFunction') return 'node: module loading, fs';
  if (url.startsWith('node:')) return 'node: other internals';
  if (url === '') return 'native / builtins (no file)';
  if (url.startsWith(__dirname)) return 'bench program';
  return `other (${url.replace(/.*node_modules\//, '').split('/')[0]})`;
}

/**
 * Self time of every node (the time until the next sample) and, for phases,
 * inclusive time: a sample counts once for a phase when any frame on its stack matches it.
 */
function analyze(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map();
  const { samples, timeDeltas } = profile;
  for (let i = 0; i < samples.length; i++) {
    const dt = (i + 1 < timeDeltas.length ? timeDeltas[i + 1] : 0) / 1000; // microseconds -> ms
    self.set(samples[i], (self.get(samples[i]) ?? 0) + dt);
  }
  const stack = (id) => {
    const frames = [];
    for (let at = id; at !== undefined; at = parent.get(at)) frames.push(byId.get(at).callFrame);
    return frames;
  };
  return { byId, self, stack };
}

/** Phases of the process, by a frame on the stack (innermost phase listed first wins). */
const PHASES = [
  ['yaml stringify (Yaml.stringify in App.synth)', (f) => f.functionName === 'stringify' && /cdk8s\/lib\/yaml\.js/.test(f.url)],
  ['ApiObject.toJson (resolve, sanitize, lazy values)', (f) => f.functionName === 'toJson' && /cdk8s\/lib\/api-object\.js/.test(f.url)],
  ['App.synth other (validate, dependency sort, write)', (f) => f.functionName === 'synth' && /cdk8s\/lib\/app\.js/.test(f.url)],
  ['SparkApplication constructors', (f) => f.functionName === 'SparkApplication' && f.url.includes('/lib/operator/spark-application.js')],
  ['require() of modules', (f) => f.functionName === 'require' || f.functionName === 'Module._load'],
];

/** Profiles one process of consumer.js N into its own directory under `tmp`. */
function profileOnce(n, tmp, i) {
  const dir = path.join(tmp, `run-${i}`);
  const start = process.hrtime.bigint();
  execFileSync(NODE, ['--cpu-prof', '--cpu-prof-dir', dir, path.join(__dirname, 'consumer.js'), String(n)], {
    env: { ...process.env, CDK8S_OUTDIR: path.join(tmp, 'dist') }, stdio: 'inherit',
  });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  const file = path.join(dir, fs.readdirSync(dir).find((f) => f.endsWith('.cpuprofile')));
  const profile = JSON.parse(fs.readFileSync(file, 'utf-8'));
  const analysis = analyze(profile);
  const total = [...analysis.self.values()].reduce((a, b) => a + b, 0);
  let library = 0;
  for (const [id, ms] of analysis.self) if (category(analysis.byId.get(id).callFrame) === 'library (lib/)') library += ms;
  return { file, wallMs, analysis, total, library, share: library / total };
}

function main() {
  const args = process.argv.slice(2);
  const n = Number(args.find((a) => /^\d+$/.test(a)) ?? 5000);
  const runsAt = args.indexOf('--runs');
  const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 1;
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs takes a whole number of runs, at least 1');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-spark-profile-'));
  const results = [];
  for (let i = 0; i < runs; i++) results.push(profileOnce(n, tmp, i));
  const byShare = [...results].sort((a, b) => a.share - b.share);
  const median = byShare[Math.floor((byShare.length - 1) / 2)];
  const { wallMs, analysis: { byId, self, stack }, total } = median;
  const pct = (ms) => `${(100 * ms / total).toFixed(1).padStart(5)}%`;
  const version = execFileSync(NODE, ['--version'], { encoding: 'utf-8' }).trim();
  if (runs > 1) {
    console.log(`library (lib/) share of ${runs} runs: ${results.map((r) => `${(100 * r.share).toFixed(1)}%`).join(', ')}; `
      + `median ${(100 * median.share).toFixed(1)}% (${median.library.toFixed(0)} ms), that run in full below\n`);
  }
  console.log(`cpu profile of consumer.js ${n} on node ${version}: ${total.toFixed(0)} ms sampled, process wall ${wallMs.toFixed(0)} ms (with profiling)`);

  console.log('\nself time by category');
  const cats = new Map();
  for (const [id, ms] of self) {
    const c = category(byId.get(id).callFrame);
    cats.set(c, (cats.get(c) ?? 0) + ms);
  }
  for (const [c, ms] of [...cats].sort((a, b) => b[1] - a[1])) console.log(`${ms.toFixed(0).padStart(7)} ms ${pct(ms)}  ${c}`);

  console.log('\ninclusive time of phases (a sample counts for the innermost phase on its stack), with the categories of its self time');
  const phases = new Map();
  for (const [id, ms] of self) {
    const frames = stack(id);
    let phase = 'outside these phases (GC, which the profile puts under (root); startup; the app\'s loop)';
    outer: for (const f of frames) {
      for (const [name, match] of PHASES) {
        if (match(f)) {
          phase = name;
          break outer;
        }
      }
    }
    const entry = phases.get(phase) ?? { ms: 0, cats: new Map() };
    entry.ms += ms;
    const c = category(byId.get(id).callFrame);
    entry.cats.set(c, (entry.cats.get(c) ?? 0) + ms);
    phases.set(phase, entry);
  }
  for (const [p, { ms, cats: pc }] of [...phases].sort((a, b) => b[1].ms - a[1].ms)) {
    const parts = [...pc].sort((a, b) => b[1] - a[1]).slice(0, 4).map(([c, m]) => `${c} ${m.toFixed(0)}`);
    console.log(`${ms.toFixed(0).padStart(7)} ms ${pct(ms)}  ${p}\n${' '.repeat(19)}${parts.join(', ')}`);
  }

  const top = (filter, count) => {
    const fns = new Map();
    for (const [id, ms] of self) {
      const f = byId.get(id).callFrame;
      if (!filter(f)) continue;
      const key = `${f.functionName || '(anonymous)'} ${shorten(f.url)}:${f.lineNumber + 1}`;
      fns.set(key, (fns.get(key) ?? 0) + ms);
    }
    return [...fns].sort((a, b) => b[1] - a[1]).slice(0, count);
  };

  console.log('\nhottest functions overall (self time)');
  for (const [k, ms] of top(() => true, 25)) console.log(`${ms.toFixed(0).padStart(7)} ms ${pct(ms)}  ${k}`);

  console.log('\nhottest functions of lib/ (self time; src/ place found by name)');
  for (const [k, ms] of top((f) => category(f) === 'library (lib/)', 25)) {
    console.log(`${ms.toFixed(0).padStart(7)} ms ${pct(ms)}  ${k}${srcPlace(k)}`);
  }

  // Inclusive: a sample counts once for every lib/ function on its stack.
  console.log('\nlib/ functions by inclusive time (their callees in any package included)');
  const incl = new Map();
  for (const [id, ms] of self) {
    const seen = new Set();
    for (const f of stack(id)) {
      if (category(f) !== 'library (lib/)') continue;
      const key = `${f.functionName || '(anonymous)'} ${shorten(f.url)}:${f.lineNumber + 1}`;
      if (seen.has(key)) continue;
      seen.add(key);
      incl.set(key, (incl.get(key) ?? 0) + ms);
    }
  }
  for (const [k, ms] of [...incl].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`${ms.toFixed(0).padStart(7)} ms ${pct(ms)}  ${k}${srcPlace(k)}`);

  if (args.includes('--keep')) {
    console.log(`\nprofile kept: ${median.file}`);
  } else {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** A frame's file relative to the repository (node_modules/… for packages). */
function shorten(url) {
  const file = url.replace(/^file:\/\//, '');
  const at = file.indexOf('/node_modules/');
  if (at >= 0) return file.slice(at + 1);
  return file.replace(fs.realpathSync(ROOT) + '/', '').replace(ROOT + '/', '');
}

/** ` -> src/x.ts:L` for a function of lib/x.js, by the first line of src/x.ts that defines that name. */
function srcPlace(key) {
  const m = /^(\S+) (lib\/(.+))\.js:\d+$/.exec(key);
  if (!m) return '';
  const name = m[1].split('.').pop().replace(/^get /, '');
  const src = path.join(ROOT, 'src', `${m[3]}.ts`);
  if (!fs.existsSync(src) || name === '(anonymous)') return '';
  const lines = fs.readFileSync(src, 'utf-8').split('\n');
  const esc = name.replace(/[$]/g, '\\$');
  const def = new RegExp(`(function\\s+${esc}\\b|^\\s*(public |private |protected |static |readonly |get |set |async )*${esc}\\s*[(<]|\\b${esc}\\s*[=:]\\s*(\\(|function|async)|class\\s+${esc}\\b)`);
  const i = lines.findIndex((l) => def.test(l));
  return i < 0 ? '' : `  (src/${m[3]}.ts:${i + 1})`;
}

main();
