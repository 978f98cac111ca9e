/*
 * Post-compile: reprints every compiled module of lib/ (not the .d.ts files,
 * whose doc comments editors show) without comments. The package ships no
 * source maps and no sources, so the comments of lib/*.js reach nobody, and
 * they were a fifth of its size. TypeScript's own printer writes the same
 * syntax tree back, so the code is the code tsc emitted.
 */
'use strict';
const fs = require('fs');
const path = require('path');
const ts = require('typescript');

const LIB = path.join(__dirname, '..', 'lib');
const printer = ts.createPrinter({ removeComments: true, newLine: ts.NewLineKind.LineFeed });

function* modules(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    // lib/imports (the L1 bindings) is not shipped.
    if (entry.isDirectory()) { if (file !== path.join(LIB, 'imports')) yield* modules(file); }
    else if (entry.name.endsWith('.js')) yield file;
  }
}

let before = 0;
let after = 0;
for (const file of modules(LIB)) {
  const text = fs.readFileSync(file, 'utf-8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, false, ts.ScriptKind.JS);
  const printed = printer.printFile(source);
  before += text.length;
  after += printed.length;
  fs.writeFileSync(file, printed);
}
console.log(`strip-comments: lib/**/*.js ${(before / 1024).toFixed(0)} KiB -> ${(after / 1024).toFixed(0)} KiB`);
