/**
 * The layers hold: src/spark -> pod -> rbac -> application -> backends, no
 * import upwards, no backend importing another, no cycles. ESLint enforces it
 * on every lint run (`.eslintrc.json`, generated from `.projenrc.ts`); this
 * test proves the committed rules reject each kind of bad import, so a change
 * that loosens them fails here.
 */
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');

/** One committed layering rule, run alone (the type-aware rules need a real file in the project). */
async function ruleErrors(rule: string, file: string, code?: string): Promise<string[]> {
  process.env.ESLINT_USE_FLAT_CONFIG = 'false';
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { LegacyESLint } = require('eslint/use-at-your-own-risk');
  const config = JSON.parse(fs.readFileSync(path.join(ROOT, '.eslintrc.json'), 'utf-8').replace(/^\/\/.*$/m, ''));
  const eslint = new LegacyESLint({
    cwd: ROOT,
    useEslintrc: false,
    ignore: false,
    baseConfig: {
      root: true,
      parser: config.parser,
      parserOptions: { ecmaVersion: 2018, sourceType: 'module' },
      plugins: ['import'],
      settings: config.settings,
      rules: { [rule]: config.rules[rule] },
    },
  });
  const [result] = code === undefined ? await eslint.lintFiles([path.join(ROOT, file)]) : await eslint.lintText(code, { filePath: path.join(ROOT, file) });
  return result.messages.map((m: any) => `${m.ruleId}: ${m.message}`);
}

describe('the layers hold', () => {
  test.each([
    ['spark/ importing pod/', 'src/spark/_probe.ts', '../pod/volume', 'spark/ may only import the layers below it'],
    ['pod/ importing application/', 'src/pod/_probe.ts', '../application/event-log', 'pod/ may only import the layers below it'],
    ['rbac/ importing a backend', 'src/rbac/_probe.ts', '../submit/spark-submit-job', 'rbac/ may only import the layers below it'],
    ['application/ importing a backend', 'src/application/_probe.ts', '../operator/spark-application', 'application/ may only import the layers below it'],
    ['a backend importing another', 'src/connect/_probe.ts', '../standalone/spark-standalone-cluster', 'backends never import each other'],
    ['the operator importing Connect', 'src/operator/_probe.ts', '../connect/spark-connect-server', 'backends never import each other'],
    ['a base file importing a layer', 'src/_validation.ts', './spark/spark-version', 'the base files import no layer'],
    ['a backend importing gitops/', 'src/operator/_probe.ts', '../gitops/gitops-order', 'operator/ may not import gitops/, which orders what the backends emit'],
    ['application/ importing gitops/', 'src/application/_probe.ts', '../gitops/gitops-order', 'application/ may only import the layers below it'],
  ])('rejects %s', async (_what, file, target, message) => {
    const errors = await ruleErrors('import/no-restricted-paths', file, `import * as x from '${target}';\nexport const y = x;\n`);
    expect(errors).toEqual([expect.stringContaining(`import/no-restricted-paths: Unexpected path "${target}" imported in restricted zone. ${message}`)]);
  });

  test.each([
    ['a backend importing application/', 'src/submit/_probe.ts', '../application/_assemble'],
    ['application/ importing rbac/', 'src/application/_probe.ts', '../rbac/spark-driver-rbac'],
    ['anything importing the base files', 'src/spark/_probe.ts', '../_validation'],
    ['gitops/ importing a backend', 'src/gitops/_probe.ts', '../operator/install/spark-operator'],
  ])('allows %s', async (_what, file, target) => {
    expect(await ruleErrors('import/no-restricted-paths', file, `import * as x from '${target}';\nexport const y = x;\n`)).toEqual([]);
  });

  test('the cycle rule is switched off only where nothing imports the file (tests, examples, scripts), never in src/', () => {
    const config = JSON.parse(fs.readFileSync(path.join(ROOT, '.eslintrc.json'), 'utf-8').replace(/^\/\/.*$/m, ''));
    expect(config.rules['import/no-cycle'][0]).toBe('error');
    const offFor = (config.overrides as Array<{ files: string[]; rules?: Record<string, unknown> }>)
      .filter((o) => o.rules?.['import/no-cycle'] === 'off').flatMap((o) => o.files);
    expect(offFor.length).toBeGreaterThan(0);
    expect(offFor.filter((glob) => !/^(test|examples|scripts|build-tools|projenrc)\/\*\*\/\*\.ts$|^\.projenrc\.ts$/.test(glob))).toEqual([]);
  });

  test('rejects an import cycle', async () => {
    // Two fixture files that import each other (the project's own lint run ignores test/lint/fixtures).
    expect(await ruleErrors('import/no-cycle', 'test/lint/fixtures/cycle-a.ts')).toEqual([expect.stringContaining('import/no-cycle: Dependency cycle detected.')]);
  });

});
