import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { EAGER, lazyIndex, reexports } = require('../../scripts/lazy-index');

const ROOT = path.join(__dirname, '..', '..');

/**
 * A package in a temporary directory: modules that record their loading in
 * `globalThis.loads`, and an index written by lazyIndex. Each case runs in a
 * fresh Node process, so jest's module registry plays no part.
 */
function fakePackage(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lazy-index-'));
  const mod = (name: string, body: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), `"use strict";\n(globalThis.loads ??= []).push(${JSON.stringify(name)});\n${body}\n`);
  };
  mod('a.js', 'exports.A = class A {}; exports.B = 2;');
  mod('b.js', 'exports.A = "from b"; exports.C = 3;');
  mod('types.js', '');
  mod('effect.js', 'globalThis.effect = true; exports.E = 5;');
  mod('ns/index.js', 'exports.N = 4;');
  const index = lazyIndex([
    { specifier: './a', names: ['A', 'B'] },
    { specifier: './b', names: ['A', 'C'] },
    { specifier: './types', names: [] },
    { specifier: './effect', names: ['E'] },
    { specifier: './ns', as: 'ns', names: [] },
  ], ['./effect']);
  fs.writeFileSync(path.join(dir, 'index.js'), index);
  return dir;
}

function runIn(dir: string, code: string, esm = false): string {
  const args = esm ? ['--input-type=module', '-e', code] : ['-e', code];
  return execFileSync(process.execPath, args, { cwd: dir, encoding: 'utf-8' }).trim();
}

describe('lazy-index (the rewrite of lib/index.js)', () => {
  let dir: string;
  beforeAll(() => { dir = fakePackage(); });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('require loads only the eager modules; an export loads its module once, on first read', () => {
    const out = runIn(dir, `
      const p = require('./index.js');
      const log = [globalThis.loads.join(',') + ' effect=' + globalThis.effect];
      const A = p.A; p.B; p.A;
      log.push(globalThis.loads.join(','));
      log.push(String(A === require('./a.js').A) + ' ' + p.C + ' ' + p.ns.N);
      log.push(globalThis.loads.join(','));
      console.log(log.join(' | '));`);
    expect(out).toBe('effect.js effect=true | effect.js,a.js | true 3 4 | effect.js,a.js,b.js,ns/index.js');
  });

  test('the export names keep the index order, the first module to export a name wins, and the types-only module is not loaded', () => {
    const out = runIn(dir, `
      const p = require('./index.js');
      console.log(Object.keys(p).join(',') + ' ' + typeof p.A + ' ' + globalThis.loads.includes('types.js'));`);
    expect(out).toBe('A,B,C,E,ns function false');
  });

  test('an ES module finds every name (Node reads them from the text of the index)', () => {
    const out = runIn(dir, `
      import { A, B, C, E, ns } from './index.js';
      console.log([typeof A, B, C, E, ns.N].join(','));`, true);
    expect(out).toBe('function,2,3,5,4');
  });

  test('an eager module must be one the index re-exports', () => {
    expect(() => lazyIndex([{ specifier: './a', names: ['A'] }], ['./gone'])).toThrow('eager modules not re-exported by the index: ./gone');
    expect(() => lazyIndex([{ specifier: './ns', as: 'ns', names: [] }], ['./ns'])).toThrow('a namespace export cannot be eager: ./ns');
  });

  test('reexports reads src/index.ts and refuses what it cannot make lazy, naming the line', () => {
    const modules = reexports('src/index.ts', fs.readFileSync(path.join(ROOT, 'src', 'index.ts'), 'utf-8'));
    expect(modules.length).toBeGreaterThan(30);
    expect(modules).toContainEqual({ specifier: './apache', as: 'apache' });
    expect(modules).toContainEqual({ specifier: './operator/spark-application' });
    expect(() => reexports('x.ts', "export * from './a';\nexport { B } from './b';")).toThrow("x.ts:2: only 'export * from' and 'export * as name from' can be made lazy: export { B } from './b';");
    expect(() => reexports('x.ts', 'export const C = 1;')).toThrow('x.ts:1:');
  });
});

/**
 * A module of src/ whose top level runs anything but declarations (a call,
 * an assignment, a loop) changes state when it loads. With a lazy index such
 * a module may never load, so each must be one the index loads eagerly.
 * Variable declarations count as declarations: their initializers build the
 * module's own tables.
 */
function modulesWithLoadEffects(): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, e.name);
      if (e.isDirectory()) { if (e.name !== 'imports' && e.name !== 'crds') walk(file); continue; }
      if (!e.name.endsWith('.ts')) continue;
      const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf-8'), ts.ScriptTarget.ES2022, false);
      const effect = source.statements.some((s) => !(ts.isImportDeclaration(s) || ts.isExportDeclaration(s) || ts.isVariableStatement(s)
        || ts.isFunctionDeclaration(s) || ts.isClassDeclaration(s) || ts.isInterfaceDeclaration(s) || ts.isTypeAliasDeclaration(s)
        || ts.isEnumDeclaration(s) || ts.isModuleDeclaration(s) || ts.isImportEqualsDeclaration(s) || ts.isEmptyStatement(s)));
      if (effect) found.push('./' + path.relative(path.join(ROOT, 'src'), file).replace(/\.ts$/, '').split(path.sep).join('/'));
    }
  };
  walk(path.join(ROOT, 'src'));
  return found.sort();
}

test('every module of src/ with a load-time effect is loaded eagerly by the lazy index', () => {
  expect(modulesWithLoadEffects()).toEqual([...EAGER].sort());
});
