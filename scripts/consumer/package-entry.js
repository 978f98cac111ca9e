/*
 * The installed package's entry point, as a consumer app loads it (run with
 * the app's directory as working directory, on each Node line of the
 * consumer check). lib/index.js is rewritten after compilation to load each
 * module on first use (scripts/lazy-index.js); this checks the result:
 * - it exports exactly the values its types declare, which include every
 *   class, enum and submodule of the jsii assembly (what other jsii
 *   languages look up by name);
 * - `require` alone loads a fraction of the package's modules, and reading
 *   every export loads each once, with no error;
 * - `import { ... } from 'cdk8s-spark'` finds every name from an ES module
 *   (Node reads CommonJS export names from the file's text, not by running it);
 * - the platform program, which installs an operator and says nothing about
 *   ordering, got Argo CD sync waves (a module the index loads eagerly sets
 *   that default).
 *
 *   node package-entry.js <platform synth output dir>   (cwd: the consumer app)
 */
'use strict';
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const failures = [];
const check = (ok, what) => { if (!ok) failures.push(what); };

const entry = require.resolve('cdk8s-spark', { paths: [process.cwd()] });
const packageDir = path.dirname(path.dirname(entry));
// The names the package's types declare as values (classes, enums, namespaces), read with the app's TypeScript.
const ts = require(require.resolve('typescript', { paths: [process.cwd()] }));
const program = ts.createProgram([path.join(packageDir, 'lib', 'index.d.ts')], { noEmit: true });
const checker = program.getTypeChecker();
const indexSymbol = checker.getSymbolAtLocation(program.getSourceFile(path.join(packageDir, 'lib', 'index.d.ts')));
const expected = checker.getExportsOfModule(indexSymbol)
  .filter((s) => ((s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s).flags & ts.SymbolFlags.Value) !== 0)
  .map((s) => s.name).sort();
// The jsii assembly (what other jsii languages look up by name) lists a subset of them.
const assembly = JSON.parse(zlib.gunzipSync(fs.readFileSync(path.join(packageDir, '.jsii.gz'))).toString('utf-8'));
const inAssembly = [
  ...Object.values(assembly.types)
    .filter((t) => (t.kind === 'class' || t.kind === 'enum') && t.fqn === `${assembly.name}.${t.name}`)
    .map((t) => t.name),
  ...Object.keys(assembly.submodules ?? {}).map((fqn) => fqn.slice(assembly.name.length + 1)),
];

const inPackage = () => Object.keys(require.cache).filter((f) => f.startsWith(packageDir + path.sep));
const modules = [];
(function walk(dir) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory()) walk(path.join(dir, e.name));
    else if (e.name.endsWith('.js')) modules.push(path.join(dir, e.name));
  }
})(path.join(packageDir, 'lib'));

const lib = require(entry);
const onRequire = inPackage().length;
const names = Object.keys(lib).sort();
check(JSON.stringify(names) === JSON.stringify(expected),
  `exports differ from the values lib/index.d.ts declares: missing ${expected.filter((n) => !names.includes(n)).join(', ') || 'none'}; extra ${names.filter((n) => !expected.includes(n)).join(', ') || 'none'}`);
check(expected.length > 20 && inAssembly.every((n) => names.includes(n)), `the assembly's ${inAssembly.filter((n) => !names.includes(n)).join(', ')} are not exported`);
check(onRequire < modules.length / 4, `require('cdk8s-spark') loaded ${onRequire} of ${modules.length} modules`);
for (const name of names) check(lib[name] !== undefined, `export ${name} is undefined`);
const afterAll = inPackage().length;
check(afterAll > onRequire, `reading every export loaded no further module (${afterAll})`);

// An ES module importing every name (Node 20.10+: --input-type with -e).
const esm = `import { ${names.join(', ')} } from 'cdk8s-spark';\n`
  + `const missing = Object.entries({ ${names.join(', ')} }).filter(([, v]) => v === undefined).map(([k]) => k);\n`
  + 'if (missing.length > 0) { console.error(`undefined through import: ${missing.join(", ")}`); process.exit(1); }\n';
try {
  execFileSync(process.execPath, ['--input-type=module', '-e', esm], { cwd: process.cwd(), stdio: 'pipe' });
} catch (e) {
  failures.push(`import { ... } from 'cdk8s-spark' failed: ${String(e.stderr).trim().split('\n').slice(0, 6).join(' | ')}`);
}

const outDir = process.argv[2];
if (outDir) {
  const yaml = fs.readdirSync(outDir).filter((f) => f.endsWith('.yaml')).map((f) => fs.readFileSync(path.join(outDir, f), 'utf-8')).join('\n');
  check(yaml.includes('argocd.argoproj.io/sync-wave'), `the platform program's manifests (${outDir}) have no Argo CD sync waves`);
}

if (failures.length > 0) {
  console.error(`package entry (${process.version}):\n- ${failures.join('\n- ')}`);
  process.exit(1);
}
console.log(`package entry (${process.version}): the ${names.length} exports lib/index.d.ts declares; require loads ${onRequire} of ${modules.length} modules, every export ${afterAll}; ES module import ok`);
