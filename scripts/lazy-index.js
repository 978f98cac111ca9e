/*
 * Post-compile: rewrites lib/index.js so that `require('cdk8s-spark')` loads
 * a module of the library only when a program first reads one of its exports.
 * A program that builds SparkApplications loads the operator's modules and
 * what they import, not the standalone cluster, the History Server or the
 * operator install: 57 of the 110 modules, in 23 ms instead of 42 (Node 24).
 *
 * The export list comes from src/index.ts, which only re-exports
 * (`export * from './x'`, `export * as apache from './apache'`), and from the
 * names each compiled module exports, read here by loading it; the index
 * keeps their order and, as TypeScript's `__exportStar` does, the first
 * module to export a name wins. Modules whose loading has an effect the
 * library relies on (EAGER) load with the index, where they stood in it.
 *
 * Node finds the named exports of a CommonJS module for `import { X } from`
 * by scanning its text (cjs-module-lexer); it does not run getters. The index
 * therefore ends with `0 && (module.exports = { ... })`, a statement the
 * lexer reads and that never runs, and defines its getters in a loop the
 * lexer skips: a getter of a literal name whose body it cannot read would
 * remove the name (cjs-module-lexer 2.3.0 lexer.js:65, `unsafeGetters`).
 * aws-cdk-lib ships its modules rewritten the same way for the same reason
 * (aws/aws-cdk tools/@aws-cdk/lazify).
 *
 *   node scripts/lazy-index.js        rewrite lib/index.js (after tsc)
 */
'use strict';
const fs = require('fs');
const path = require('path');
const ts = require('typescript');

/**
 * Modules with a load-time effect (test/scripts/lazy-index.test.ts finds every
 * module of src/ with a top-level statement that is not a declaration, and
 * checks it is here): gitops-order sets the default ordering of Apps with an
 * operator (src/_registry.ts setDefaultOrdering).
 */
const EAGER = ['./gitops/gitops-order'];

/**
 * The re-exports of an index module's source, in order: the module
 * specifier and, for `export * as name`, the name. Anything else in the
 * index is refused, so a new kind of export cannot be dropped silently.
 */
function reexports(fileName, text) {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
  return source.statements.map((statement) => {
    const fromModule = ts.isExportDeclaration(statement) && !statement.isTypeOnly && statement.moduleSpecifier;
    if (fromModule && ts.isStringLiteral(fromModule)) {
      if (statement.exportClause === undefined) return { specifier: fromModule.text };
      if (ts.isNamespaceExport(statement.exportClause)) return { specifier: fromModule.text, as: statement.exportClause.name.text };
    }
    const { line } = source.getLineAndCharacterOfPosition(statement.getStart(source));
    throw new Error(`${fileName}:${line + 1}: only 'export * from' and 'export * as name from' can be made lazy: ${statement.getText(source).split('\n')[0]}`);
  });
}

/**
 * The text of the lazy index. `modules`: { specifier, as?, names } in the
 * index's order (`names`: what the module exports, for `export *`).
 */
function lazyIndex(modules, eager) {
  const unknown = eager.filter((e) => !modules.some((m) => m.specifier === e));
  if (unknown.length > 0) throw new Error(`eager modules not re-exported by the index: ${unknown.join(', ')}`);
  const seen = new Set();
  const lines = [
    '"use strict";',
    'Object.defineProperty(exports, "__esModule", { value: true });',
    'function lazy(load, names) {',
    '    let loaded;',
    '    const get = () => loaded ??= load();',
    '    for (const name of names) {',
    '        Object.defineProperty(exports, name, { enumerable: true, get: () => get()[name] });',
    '    }',
    '    return get;',
    '}',
    'function lazyNamespace(name, load) {',
    '    Object.defineProperty(exports, name, { enumerable: true, get: lazy(load, []) });',
    '}',
  ];
  for (const m of modules) {
    const load = `() => require(${JSON.stringify(m.specifier)})`;
    if (m.as !== undefined) {
      if (seen.has(m.as)) throw new Error(`'${m.as}' is exported twice`);
      if (eager.includes(m.specifier)) throw new Error(`a namespace export cannot be eager: ${m.specifier}`);
      seen.add(m.as);
      lines.push(`lazyNamespace(${JSON.stringify(m.as)}, ${load});`);
      continue;
    }
    const names = m.names.filter((n) => n !== 'default' && !seen.has(n));
    names.forEach((n) => seen.add(n));
    const call = `lazy(${load}, ${JSON.stringify(names)})`;
    // A module of types only has nothing to load.
    if (eager.includes(m.specifier)) lines.push(`${call}();`);
    else if (names.length > 0) lines.push(`${call};`);
  }
  lines.push(`0 && (module.exports = { ${[...seen].join(', ')} });`, '');
  return lines.join('\n');
}

/** The names a compiled module exports, as `__exportStar` would copy them (enumerable, own or inherited). */
function exportedNames(file) {
  const names = [];
  // eslint-disable-next-line guard-for-in
  for (const name in require(file)) names.push(name);
  return names;
}

function main() {
  const root = path.join(__dirname, '..');
  const indexTs = path.join(root, 'src', 'index.ts');
  const lib = path.join(root, 'lib');
  const modules = reexports(indexTs, fs.readFileSync(indexTs, 'utf-8'))
    .map((m) => ({ ...m, names: m.as === undefined ? exportedNames(path.join(lib, m.specifier)) : [] }));
  const text = lazyIndex(modules, EAGER);
  fs.writeFileSync(path.join(lib, 'index.js'), text);
  console.log(`lazy-index: lib/index.js loads each of ${modules.length} modules on first use (eager: ${EAGER.join(', ')})`);
}

module.exports = { EAGER, reexports, lazyIndex };

if (require.main === module) main();
