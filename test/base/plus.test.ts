/**
 * The library loads cdk8s-plus-28 only when it needs more than its types
 * (src/_plus.ts): the enum values it mirrors must stay the real ones, and
 * loading the library must not load cdk8s-plus-28.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as plus28 from 'cdk8s-plus-28';
import * as ts from 'typescript';
import { plus, PULL_POLICY, SERVICE_TYPE } from '../../src/_plus';

const SRC = path.join(__dirname, '..', '..', 'src');

function sources(dir: string = SRC): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'imports' ? [] : sources(p);
    return e.name.endsWith('.ts') ? [p] : [];
  });
}

describe('the cdk8s-plus-28 mirrors', () => {
  // Same members, same strings, same order (checkEnum names the members in that order in its messages).
  test.each([
    ['PULL_POLICY', PULL_POLICY, plus28.ImagePullPolicy],
    ['SERVICE_TYPE', SERVICE_TYPE, plus28.ServiceType],
  ])('%s is the real enum', (_name, mirrored, real) => {
    expect(Object.entries(mirrored)).toEqual(Object.entries(real));
  });

  test('plus() is the cdk8s-plus-28 module itself', () => {
    expect(plus()).toBe(plus28);
    expect(plus().Cpu.millis(500)).toBeInstanceOf(plus28.Cpu);
  });
});

describe('loading the library', () => {
  test('does not load cdk8s-plus-28', () => {
    jest.isolateModules(() => {
      jest.doMock('cdk8s-plus-28', () => {
        throw new Error('cdk8s-plus-28 was loaded with the library');
      });
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      expect(Object.keys(require('../../src')).length).toBeGreaterThan(0);
    });
  });

  test('no source imports cdk8s-plus-28 but as types, save src/_plus.ts', () => {
    const valueImports: string[] = [];
    for (const file of sources().filter((f) => path.relative(SRC, f) !== '_plus.ts')) {
      const sf = ts.createSourceFile(file, fs.readFileSync(file, 'utf-8'), ts.ScriptTarget.Latest, true);
      for (const s of sf.statements) {
        if ((ts.isImportDeclaration(s) || ts.isExportDeclaration(s)) && s.moduleSpecifier && ts.isStringLiteral(s.moduleSpecifier)
          && s.moduleSpecifier.text.startsWith('cdk8s-plus-28')) {
          const typeOnly = ts.isImportDeclaration(s) ? s.importClause?.isTypeOnly === true : s.isTypeOnly;
          if (!typeOnly) valueImports.push(`${path.relative(SRC, file)}: ${s.getText()}`);
        }
      }
    }
    expect(valueImports).toEqual([]);
  });
});
