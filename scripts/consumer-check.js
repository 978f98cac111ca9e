/*
 * The consumer check: pack the built library, create a fresh cdk8s TypeScript
 * app outside the repository from the `typescript-app` template of cdk8s-cli
 * (cdk8s-plus-33, TypeScript 5.9, strict; only the network `cdk8s import` step
 * is skipped), install the tarball, type-check and `cdk8s synth` the README's
 * Quick start and a platform program (the latter with the cdk8s.yaml the README
 * gives large apps), and run the harness on every manifest
 * and the entry-point check (consumer/package-entry.js) on the installed package.
 * It also holds the package to its size budget (1.5 MB unpacked).
 *
 *   node scripts/consumer-check.js [--also-node DIR]...   (after `npx projen compile`)
 *
 * With --also-node, the same install synthesizes both programs again with the
 * Node binary in DIR (CI: Node 24 and 20 beside Node 22). The synth-and-check jobs
 * (program x Node line) run two at a time, each in a directory of its own that
 * shares the one install; each job's output is printed whole when it ends.
 *
 * Prints what it does and ends with "consumer check: ok" or exits non-zero.
 */
'use strict';
const { execFile, execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const ROOT = path.join(__dirname, '..');
const TEMPLATE = path.join(ROOT, 'node_modules', 'cdk8s-cli', 'templates', 'typescript-app');
const version = (pkg) => JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', pkg, 'package.json'), 'utf-8')).version;

function run(cmd, args, cwd, env = {}) {
  console.log(`$ ${cmd} ${args.join(' ')}`);
  const start = Date.now();
  execFileSync(cmd, args, { cwd, stdio: 'inherit', env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false', ...env } });
  console.log(`  (${((Date.now() - start) / 1000).toFixed(1)} s)`);
}

/** Runs one step without a terminal; resolves to what it printed, or rejects with that and its exit status. */
function runQuietly([cmd, args, cwd, env]) {
  return new Promise((resolve, reject) => {
    const start = Date.now();
    execFile(cmd, args, { cwd, env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false', ...env }, maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      const text = `$ ${cmd} ${args.join(' ')}\n${stdout}${stderr}  (${((Date.now() - start) / 1000).toFixed(1)} s)\n`;
      if (error) reject(Object.assign(new Error(`${text}failed: ${error.message}`), { printed: text }));
      else resolve(text);
    });
  });
}

/** Runs jobs (each a list of steps, in order) `width` at a time; prints each job's output whole when it ends; fails after all ended if any failed. */
async function inParallel(jobs, width) {
  const failures = [];
  const queue = [...jobs];
  const worker = async () => {
    for (let job = queue.shift(); job !== undefined; job = queue.shift()) {
      let printed = '';
      try {
        for (const step of job.steps) printed += await runQuietly(step);
        console.log(`${printed}${job.what}: type-checks, synthesizes and passes the harness`);
      } catch (e) {
        console.log(`${printed}${e.message}`);
        failures.push(job.what);
      }
    }
  };
  await Promise.all(Array.from({ length: width }, worker));
  if (failures.length > 0) throw new Error(`consumer check failed: ${failures.join(', ')}`);
}

/** The first block of a language (```ts) after a text of the README (a heading). */
function readmeBlock(anchor, lang = 'ts') {
  const text = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf-8');
  const at = text.indexOf(anchor);
  const m = new RegExp(`\`\`\`${lang}\n([\\s\\S]*?)\`\`\``).exec(text.slice(at));
  if (at < 0 || !m) throw new Error(`README.md has no ${lang} block after '${anchor.trim()}'`);
  return m[1];
}

/** The README's paragraph whose cdk8s.yaml runs large apps with a smaller young generation. */
const LARGE_APPS = '**Apps with thousands of applications';

/** The package's size budget, unpacked (npm's "unpacked size", in its 1,000-byte units). */
const UNPACKED_LIMIT_BYTES = 1_500_000;

/** Fails when the packed tarball unpacks to more than the budget; prints its size and its largest files. */
function checkPackageSize(tgz) {
  const files = execFileSync('tar', ['tzvf', tgz], { encoding: 'utf-8' }).trim().split('\n')
    .map((line) => line.trim().split(/\s+/)).map((cols) => ({ size: Number(cols[2]), name: cols[cols.length - 1] }));
  const total = files.reduce((sum, f) => sum + f.size, 0);
  console.log(`package: ${files.length} files, ${(total / 1e6).toFixed(2)} MB unpacked (budget ${(UNPACKED_LIMIT_BYTES / 1e6).toFixed(2)} MB), ${(fs.statSync(tgz).size / 1e3).toFixed(0)} kB packed`);
  if (total > UNPACKED_LIMIT_BYTES) {
    const largest = [...files].sort((a, b) => b.size - a.size).slice(0, 8).map((f) => `  ${f.size} ${f.name}`);
    throw new Error(`the package unpacks to ${total} bytes, over the budget of ${UNPACKED_LIMIT_BYTES}; largest files:\n${largest.join('\n')}`);
  }
}

/** --also-node DIR (repeatable): a directory holding another Node binary; the programs synthesize and pass the harness on it too. */
function alsoNodesOf(args) {
  const dirs = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] !== '--also-node' || args[i + 1] === undefined) throw new Error(`usage: node scripts/consumer-check.js [--also-node DIR]...; got ${args[i]}`);
    dirs.push(path.resolve(args[++i]));
  }
  return dirs;
}

/** Packs, installs and checks; the working directory goes in the end. */
async function main(alsoNodes) {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-spark-consumer-'));
  try {
    run('npm', ['pack', '--pack-destination', work], ROOT);
    const tarball = fs.readdirSync(work).find((f) => f.endsWith('.tgz'));
    checkPackageSize(path.join(work, tarball));
    const appDir = path.join(work, 'consumer');
    fs.mkdirSync(appDir);

    // The template as `cdk8s init typescript-app` renders it.
    const values = {
      '{{ $base }}': 'consumer',
      '{{ cdk8s_core_version }}': version('cdk8s'),
      '{{ cdk8s_plus_version }}': version('cdk8s-plus-33'),
      '{{ constructs_version }}': version('constructs'),
      '{{ cdk8s_cli_spec }}': `^${version('cdk8s-cli')}`,
    };
    for (const file of ['package.json', 'tsconfig.json', 'cdk8s.yaml']) {
      let text = fs.readFileSync(path.join(TEMPLATE, file), 'utf-8');
      for (const [k, v] of Object.entries(values)) text = text.split(k).join(v);
      fs.writeFileSync(path.join(appDir, file), text);
    }
    const pkg = JSON.parse(fs.readFileSync(path.join(appDir, 'package.json'), 'utf-8'));
    pkg.dependencies['cdk8s-spark'] = `file:../${tarball}`;
    fs.writeFileSync(path.join(appDir, 'package.json'), JSON.stringify(pkg, undefined, 2));
    // No `cdk8s import`: the app imports nothing generated.
    fs.writeFileSync(path.join(appDir, 'cdk8s.yaml'), 'language: typescript\napp: npx ts-node main.ts\n');

    // --prefer-offline: the project's own install has put these packages in the npm cache.
    run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline'], appDir);

    const programs = { 'quick-start': readmeBlock('\n## Quick start\n'), platform: fs.readFileSync(path.join(__dirname, 'consumer', 'platform.ts'), 'utf-8') };
    // The quick start keeps the template's cdk8s.yaml; the platform program runs with the one the README gives large apps.
    const configs = { platform: readmeBlock(LARGE_APPS, 'yaml') };
    // Both programs in one type-check (the template's tsconfig takes every .ts of the app).
    for (const [name, program] of Object.entries(programs)) fs.writeFileSync(path.join(appDir, `${name}.ts`), program);
    run('npx', ['tsc', '--noEmit', '-p', '.'], appDir);
    // Each Node line synthesizes both with the one install (the packages hold no native code), each
    // program in a directory of its own that shares the install, two at a time (one per core).
    const jobs = [];
    for (const bin of [undefined, ...alsoNodes]) {
      const env = bin === undefined ? {} : { PATH: `${bin}${path.delimiter}${process.env.PATH}` };
      const nodeVersion = execFileSync('node', ['--version'], { encoding: 'utf-8', env: { ...process.env, ...env } }).trim();
      for (const [name, program] of Object.entries(programs)) {
        const dir = path.join(work, `${name}-node${nodeVersion.replace(/^v(\d+).*/, '$1')}`);
        fs.mkdirSync(dir);
        for (const file of ['package.json', 'tsconfig.json', 'cdk8s.yaml']) fs.copyFileSync(path.join(appDir, file), path.join(dir, file));
        if (configs[name]) fs.writeFileSync(path.join(dir, 'cdk8s.yaml'), configs[name]);
        fs.symlinkSync(path.join(appDir, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
        fs.writeFileSync(path.join(dir, 'main.ts'), program);
        jobs.push({
          what: `${name} on Node ${nodeVersion}${configs[name] ? ' (with the README\'s cdk8s.yaml for large apps)' : ''}`,
          steps: [
            // tsc has type-checked the program above: ts-node only transpiles.
            ['npx', ['cdk8s', 'synth'], dir, { TS_NODE_TRANSPILE_ONLY: 'true', ...env }],
            ['npx', ['ts-node', '--transpile-only', path.join(__dirname, 'validate-manifests.ts'), path.join(dir, 'dist')], ROOT, env],
            // The lazy entry point (scripts/lazy-index.js), as this app loads it; the platform program also shows the default sync waves.
            ['node', [path.join(__dirname, 'consumer', 'package-entry.js'), ...(name === 'platform' ? [path.join(dir, 'dist')] : [])], dir, env],
          ],
        });
      }
    }
    await inParallel(jobs, 2);
    console.log('consumer check: ok');
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

// Run as a script; the README test reads the blocks it uses through the exports.
if (require.main === module) {
  main(alsoNodesOf(process.argv.slice(2))).catch((e) => {
    console.error(e.message);
    process.exit(1);
  });
}

module.exports = { readmeBlock, LARGE_APPS };
