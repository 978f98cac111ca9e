/**
 * The README's code compiles and runs: every ```ts block is a complete module
 * (its own imports, every name declared) and type-checks against this
 * repository's sources, with `cdk8s-spark` mapped to `src/index.ts` and the
 * project's strict compiler options. All blocks go into one program, so the
 * sources are checked once. Every construct the library exports has a README
 * section with a block that constructs it.
 *
 * Every block then runs (run-block.ts), twice: it must not throw, every cdk8s
 * App it creates must synthesize, byte-identically both times, and pass the
 * proof harness (objects behind typed references such as
 * `Secret.fromSecretName` count as external), and a comment after a console
 * call is what that call prints. Each problem names the README line.
 *
 * The example messages the README quotes in its table of input rules are
 * messages the test suite asserts (test-strings.ts), so they cannot go stale.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';
import * as YAML from 'yaml';
import { BlockRun, runBlock } from './run-block';
import { assertsMessage, testStrings } from './test-strings';
import { formatViolation, registerCrd, validateManifests, withTypedReferences } from '../harness';
import { withReusedYaml } from '../harness/determinism';

const ROOT = path.join(__dirname, '../..');
const README = path.join(ROOT, 'README.md');
const NODE_MODULES = path.join(ROOT, 'node_modules');

/** A fenced code block of the README. */
interface Block {
  /** Fence language (`ts`, `yaml`, `sh`, ...; '' when none is given). */
  readonly lang: string;
  /** README line (1-based) of the block's first code line. */
  readonly line: number;
  readonly code: string;
  /** The headings the block is under, outermost first. */
  readonly headings: string[];
}

/** The fenced blocks of a Markdown document, with the headings they sit under. */
function fencedBlocks(markdown: string): Block[] {
  const lines = markdown.split('\n');
  const blocks: Block[] = [];
  const headings: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const heading = /^(#{1,6})\s+(.*?)\s*$/.exec(lines[i]);
    if (heading) {
      headings[heading[1].length - 1] = heading[2];
      headings.length = heading[1].length;
      continue;
    }
    const fence = /^```(\S*)\s*$/.exec(lines[i]);
    if (!fence) continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && !/^```\s*$/.test(lines[end])) end++;
    if (end === lines.length) throw new Error(`README.md:${i + 1}: the code block opened here is never closed`);
    blocks.push({ lang: fence[1], line: start + 1, code: lines.slice(start, end).join('\n') + '\n', headings: [...headings] });
    i = end;
  }
  return blocks;
}

/** The project's compiler options, for modules outside the repository that import `cdk8s-spark`. */
function compilerOptions(): ts.CompilerOptions {
  const config = ts.readConfigFile(path.join(ROOT, 'tsconfig.json'), ts.sys.readFile);
  if (config.error) throw new Error(ts.flattenDiagnosticMessageText(config.error.messageText, '\n'));
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT);
  return {
    ...options,
    rootDir: undefined,
    outDir: undefined,
    declaration: false,
    noEmit: true,
    // Each block is a module of its own, even one without imports.
    moduleDetection: ts.ModuleDetectionKind.Force,
    types: ['node'],
    typeRoots: [path.join(NODE_MODULES, '@types')],
    // Absolute paths need no baseUrl: the library from source, everything else from the repository's node_modules.
    paths: {
      'cdk8s-spark': [path.join(ROOT, 'src', 'index.ts')],
      '*': [path.join(NODE_MODULES, '*'), path.join(NODE_MODULES, '@types', '*')],
    },
  };
}

/** A diagnostic as `README.md:<line>:<column>: TS<code> <message>` for a block file, or as is for any other. */
function describeDiagnostic(d: ts.Diagnostic, blockOf: Map<string, Block>): string {
  const message = ts.flattenDiagnosticMessageText(d.messageText, '\n  ');
  if (!d.file || d.start === undefined) return `TS${d.code} ${message}`;
  const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
  const block = blockOf.get(path.resolve(d.file.fileName));
  if (!block) return `${path.relative(ROOT, d.file.fileName)}:${line + 1}:${character + 1}: TS${d.code} ${message}`;
  const source = block.code.split('\n')[line]?.trim() ?? '';
  return `README.md:${block.line + line}:${character + 1}: TS${d.code} ${message}\n    ${source}`;
}

/** Type-checks the blocks in one program; returns the problems and the program. */
function typeCheck(blocks: Block[], dir: string): { problems: string[]; program: ts.Program } {
  const blockOf = new Map<string, Block>();
  blocks.forEach((block, i) => {
    const file = path.join(dir, `block-${String(i + 1).padStart(2, '0')}-line-${block.line}.ts`);
    fs.writeFileSync(file, block.code);
    blockOf.set(path.resolve(file), block);
  });
  const program = ts.createProgram([...blockOf.keys()], compilerOptions());
  const diagnostics = [
    ...program.getOptionsDiagnostics(),
    ...program.getGlobalDiagnostics(),
    ...program.getSourceFiles()
      .filter((sf) => blockOf.has(path.resolve(sf.fileName)))
      .flatMap((sf) => [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)]),
  ];
  return { problems: diagnostics.map((d) => describeDiagnostic(d, blockOf)), program };
}

/** The classes `src/index.ts` exports that are constructs. */
function exportedConstructs(program: ts.Program): string[] {
  const checker = program.getTypeChecker();
  const index = program.getSourceFile(path.join(ROOT, 'src', 'index.ts'));
  const moduleSymbol = index && checker.getSymbolAtLocation(index);
  if (!moduleSymbol) throw new Error('src/index.ts is not in the program');
  const isConstruct = (type: ts.Type): boolean => type.getSymbol()?.getName() === 'Construct'
    || (type.isClassOrInterface() && (checker.getBaseTypes(type) ?? []).some(isConstruct));
  return checker.getExportsOfModule(moduleSymbol)
    .filter((s) => s.declarations?.some(ts.isClassDeclaration))
    .filter((s) => isConstruct(checker.getDeclaredTypeOfSymbol(s)))
    .map((s) => s.getName())
    .sort();
}

/** The README section (`## ...`, with its sub-sections) that documents each construct. */
const SECTIONS: { [construct: string]: string } = {
  SparkApplication: 'SparkApplication',
  ScheduledSparkApplication: 'ScheduledSparkApplication',
  SparkDriverRbac: 'Driver RBAC and job namespaces',
  SparkJobNamespace: 'Driver RBAC and job namespaces',
  SparkOperator: 'SparkOperator',
  SparkConnectServer: 'Spark Connect',
  SparkConnect: 'Spark Connect',
  SparkSubmitJob: 'SparkSubmitJob',
  SparkStandaloneCluster: 'SparkStandaloneCluster',
  SparkHistoryServer: 'SparkHistoryServer',
};

// Minimal closed schemas of the third-party kinds a block may emit (PodMonitor, cert-manager, GRPCRoute).
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'crds');
for (const f of fs.readdirSync(FIXTURES)) {
  registerCrd(JSON.parse(fs.readFileSync(path.join(FIXTURES, f), 'utf-8')));
}

/** The first lines of an error's message. */
function describeError(e: unknown): string {
  const message = e instanceof Error ? `${e.name === 'Error' ? '' : `${e.name}: `}${e.message}` : String(e);
  const lines = message.split('\n');
  return lines.length > 12 ? [...lines.slice(0, 12), `  ... (${lines.length - 12} more lines)`].join('\n') : message;
}

/** `README.md:<line>` (the block's first line when the line is unknown). */
function at(block: Block, line: number | undefined): string {
  return `README.md:${line ?? block.line}`;
}

/** The YAML of each App of a run, synthesized; problems go to `problems`, with the harness's findings when `validate`. */
function synthesize(block: Block, run: BlockRun, problems: string[], validate: boolean): (string | undefined)[] {
  return run.apps.map(({ app, line }) => {
    let yaml: string;
    try {
      yaml = app.synthYaml();
    } catch (e) {
      problems.push(`${at(block, line)}: the App created here fails to synthesize: ${describeError(e)}`);
      return undefined;
    }
    if (!validate) return yaml;
    const docs = app.charts.flatMap((chart) => chart.toJson());
    const violations = validateManifests(docs, withTypedReferences(app, {}));
    problems.push(...violations.map((v) => `${at(block, line)}: the App created here: ${formatViolation(v)}`));
    return yaml;
  });
}

/** Console calls whose line ends in a comment must print exactly that comment. */
function logProblems(block: Block, run: BlockRun, readmeLines: string[]): string[] {
  const problems: string[] = [];
  for (const log of run.logs) {
    if (log.line === undefined) continue;
    const comment = /\bconsole\.\w+\(.*\);\s*\/\/\s?(.*?)\s*$/.exec(readmeLines[log.line - 1] ?? '');
    if (comment && comment[1] !== log.text) {
      problems.push(`${at(block, log.line)}: the comment says this prints '${comment[1]}', but it prints '${log.text}'`);
    }
  }
  return problems;
}

/** The README section whose table quotes example messages, one per row, in its last column. */
const MESSAGES_SECTION = 'Input rules and security opt-outs';

/** The example messages of the section's table, with their README lines. */
function exampleMessages(readmeLines: string[]): { line: number; message: string }[] {
  const start = readmeLines.findIndex((l) => l === `## ${MESSAGES_SECTION}`);
  if (start < 0) throw new Error(`README.md has no section '## ${MESSAGES_SECTION}'`);
  const out: { line: number; message: string }[] = [];
  // The table sits between the section's heading and the next heading.
  for (let i = start + 1; i < readmeLines.length && !/^#{1,6} /.test(readmeLines[i]); i++) {
    const cell = /^\|.*\| `([^`]+)` \|$/.exec(readmeLines[i]);
    if (cell) out.push({ line: i + 1, message: cell[1] });
  }
  return out;
}

/**
 * Runs a block twice and lists what is wrong with it, each problem with its README line.
 * The first run's Apps pass the harness; the second run's must synthesize the same YAML
 * (documents equal to the first run's reuse its YAML: determinism.ts).
 */
function runProblems(block: Block, readmeLines: string[], outdir: string): string[] {
  return withReusedYaml(() => runTwice(block, readmeLines, outdir));
}

function runTwice(block: Block, readmeLines: string[], outdir: string): string[] {
  const problems: string[] = [];
  const first = runBlock(block, outdir);
  if (first.error) return [`${at(block, first.error.line)}: the block throws: ${describeError(first.error.error)}`];
  if (first.apps.length === 0) return [`${at(block, undefined)}: the block creates no cdk8s App, so nothing of it is synthesized or checked`];
  problems.push(...logProblems(block, first, readmeLines));
  const yaml = synthesize(block, first, problems, true);
  if (problems.length) return problems;

  const second = runBlock(block, outdir);
  if (second.error) return [`${at(block, second.error.line)}: the block throws when it runs a second time: ${describeError(second.error.error)}`];
  const again = synthesize(block, second, [], false);
  if (again.length !== yaml.length) return [`${at(block, undefined)}: the block creates ${yaml.length} Apps the first time and ${again.length} the second`];
  yaml.forEach((text, i) => {
    if (text !== again[i]) problems.push(`${at(block, first.apps[i].line)}: the App created here synthesizes different YAML when the block runs again`);
  });
  return problems;
}

describe('README.md', () => {
  const markdown = fs.readFileSync(README, 'utf-8');
  const readmeLines = markdown.split('\n');
  const blocks = fencedBlocks(markdown);
  const tsBlocks = blocks.filter((b) => b.lang === 'ts');
  let dir: string;
  let checked: { problems: string[]; program: ts.Program };

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-spark-readme-'));
    checked = typeCheck(tsBlocks, dir);
  });

  afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('every code block names its language, and TypeScript is spelled ts (so it is checked)', () => {
    const unchecked = blocks.filter((b) => b.lang === '' || ['typescript', 'tsx', 'js', 'javascript'].includes(b.lang));
    expect(unchecked.map((b) => `README.md:${b.line - 1}: \`\`\`${b.lang}`)).toEqual([]);
  });

  test('every ts block type-checks as a module of its own', () => {
    expect(tsBlocks.length).toBeGreaterThan(0);
    expect(checked.problems).toEqual([]);
  });

  test('every ts block imports what it uses from the packages an app depends on', () => {
    const allowed = ['cdk8s', 'cdk8s-plus-28', 'constructs', 'cdk8s-spark'];
    const stray: string[] = [];
    for (const block of tsBlocks) {
      const sf = ts.createSourceFile('block.ts', block.code, ts.ScriptTarget.Latest, true);
      for (const statement of sf.statements.filter(ts.isImportDeclaration)) {
        const from = (statement.moduleSpecifier as ts.StringLiteral).text;
        if (!allowed.includes(from)) stray.push(`README.md:${block.line + sf.getLineAndCharacterOfPosition(statement.getStart()).line}: '${from}'`);
      }
    }
    expect(stray).toEqual([]);
  });

  test('every exported construct has a README section with a ts block that constructs it', () => {
    expect(Object.keys(SECTIONS).sort()).toEqual(exportedConstructs(checked.program));
    const missing = Object.entries(SECTIONS).filter(([construct, section]) => !tsBlocks.some((b) =>
      b.headings[1] === section && new RegExp(`\\bnew ${construct}\\(`).test(b.code)));
    expect(missing.map(([construct, section]) => `## ${section}: no \`new ${construct}(\``)).toEqual([]);
  });

  test('the cdk8s.yaml for large apps runs node with the young generation the bench measures, as NODE_OPTIONS does', () => {
    /* eslint-disable @typescript-eslint/no-require-imports */
    const { YOUNG_GENERATION } = require('../../scripts/bench/helm-peer') as { YOUNG_GENERATION: string };
    // The block the consumer check synthesizes its platform program with.
    const { readmeBlock, LARGE_APPS } = require('../../scripts/consumer-check') as { readmeBlock: (anchor: string, lang: string) => string; LARGE_APPS: string };
    /* eslint-enable @typescript-eslint/no-require-imports */
    const config = YAML.parse(readmeBlock(LARGE_APPS, 'yaml')) as { language: string; app: string };
    expect(config.language).toBe('typescript');
    expect(config.app.split(' ')).toEqual(['node', YOUNG_GENERATION, '-r', 'ts-node/register', 'main.ts']);
    const rest = markdown.slice(markdown.indexOf(LARGE_APPS));
    expect(rest.slice(0, rest.indexOf('\n## '))).toContain(`NODE_OPTIONS=${YOUNG_GENERATION} npx cdk8s synth`);
  });

  test(`the example messages of '${MESSAGES_SECTION}' are messages the tests assert`, () => {
    const examples = exampleMessages(readmeLines);
    expect(examples.length).toBeGreaterThanOrEqual(8);
    const strings = testStrings(path.join(ROOT, 'test'), (file) => file.startsWith(__dirname));
    const unasserted = examples.filter(({ message }) => !strings.some((t) => assertsMessage(t, message)));
    expect(unasserted.map(({ line, message }) => `README.md:${line}: no test asserts '${message}'`)).toEqual([]);
  });

  test.each(tsBlocks.map((b) => [b.line, b] as const))('the ts block at README.md:%i runs, and every App it creates synthesizes deterministically and passes the harness', (_line, block) => {
    expect(runProblems(block, readmeLines, path.join(dir, 'dist'))).toEqual([]);
  });
});
