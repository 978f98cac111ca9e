/**
 * How the code holds together, checked on the sources: no constructor does
 * everything (resolve in the model, render in small named functions), public
 * files export only types (constants are static members, helpers live in
 * `_`-prefixed files), and `src/index.ts` exports by layer.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

const SRC = path.join(__dirname, '..', '..', 'src');
const MAX_CONSTRUCTOR_LINES = 80;

function sources(dir: string = SRC): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'imports' ? [] : sources(p);
    return e.name.endsWith('.ts') ? [p] : [];
  });
}

function parse(file: string): ts.SourceFile {
  return ts.createSourceFile(file, fs.readFileSync(file, 'utf-8'), ts.ScriptTarget.Latest, true);
}

function visit(node: ts.Node, each: (n: ts.Node) => void): void {
  each(node);
  ts.forEachChild(node, (child) => visit(child, each));
}

describe('the sources', () => {
  test(`no constructor is longer than ${MAX_CONSTRUCTOR_LINES} lines`, () => {
    const long: string[] = [];
    for (const file of sources()) {
      const sf = parse(file);
      visit(sf, (n) => {
        if (ts.isConstructorDeclaration(n) && n.body) {
          const lines = sf.getLineAndCharacterOfPosition(n.end).line - sf.getLineAndCharacterOfPosition(n.getStart()).line + 1;
          if (lines > MAX_CONSTRUCTOR_LINES) long.push(`${path.relative(SRC, file)}: ${lines} lines`);
        }
      });
    }
    expect(long).toEqual([]);
  });

  test('public files export types only: no module constants or functions (jsii drops them)', () => {
    const loose: string[] = [];
    for (const file of sources().filter((f) => !path.basename(f).startsWith('_') && path.basename(f) !== 'index.ts')) {
      for (const statement of parse(file).statements) {
        const exported = ts.canHaveModifiers(statement) && ts.getModifiers(statement)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
        if (exported && (ts.isVariableStatement(statement) || ts.isFunctionDeclaration(statement))) {
          loose.push(`${path.relative(SRC, file)}: ${statement.getText().split('\n')[0]}`);
        }
      }
    }
    expect(loose).toEqual([]);
  });

  test('index.ts exports public files only, by layer', () => {
    // The Apache operator's constructs are a submodule (`export * as apache`), last.
    const order = ['errors', 'spark', 'pod', 'network', 'rbac', 'application', 'operator', 'connect', 'submit', 'standalone', 'history', 'gitops', 'apache'];
    const exportsOf = (dir: string): string[] => parse(path.join(SRC, dir, 'index.ts')).statements
      .filter(ts.isExportDeclaration)
      .map((s) => path.join(dir, (s.moduleSpecifier as ts.StringLiteral).text));
    const exported = exportsOf('').flatMap((p) => (p === 'apache' ? exportsOf('apache') : [p]));
    expect(exported.filter((p) => p.split('/').some((part) => part.startsWith('_')))).toEqual([]);
    const layers = exported.map((p) => order.indexOf(p.split('/')[0]));
    expect(layers).not.toContain(-1);
    expect(layers).toEqual([...layers].sort((a, b) => a - b));
    // Every public file is exported.
    const publicFiles = sources().filter((f) => !path.basename(f).startsWith('_') && path.basename(f) !== 'index.ts')
      .map((f) => path.relative(SRC, f).replace(/\.ts$/, ''));
    expect([...exported].sort()).toEqual(publicFiles.sort());
  });
});
