/**
 * Runs a README code block as a program: the block is transpiled with
 * TypeScript's `transpileModule` and run in-process, its imports served from
 * the modules this test loads (`cdk8s-spark` is the repository's
 * `src/index.ts`, through ts-jest). Every cdk8s `App` the block creates is
 * recorded (the block's `App` is a subclass that remembers its instances and
 * writes into a scratch directory), so the test can synthesize each one after
 * the block ran. Errors, Apps and console output carry the README line they
 * come from, found through the transpiler's source map.
 */
import { SourceMap } from 'module';
import { format } from 'util';
import * as cdk8s from 'cdk8s';
import * as plus from 'cdk8s-plus-28';
import * as constructs from 'constructs';
import * as ts from 'typescript';
import * as spark from '../../src';

/** The packages a README block may import, as an app that depends on cdk8s-spark has them. */
const MODULES: { readonly [name: string]: unknown } = {
  'cdk8s': cdk8s,
  'cdk8s-plus-28': plus,
  'constructs': constructs,
  'cdk8s-spark': spark,
};

/** An App a block created, with the README line of the `new App(...)` that created it. */
export interface BlockApp {
  readonly app: cdk8s.App;
  readonly line: number | undefined;
}

/** A console call of a block: the README line it is on and what it printed. */
export interface BlockLog {
  readonly line: number | undefined;
  readonly text: string;
}

/** What running a block did. */
export interface BlockRun {
  readonly apps: BlockApp[];
  readonly logs: BlockLog[];
  /** What the block threw, and the README line that threw it. */
  readonly error?: { readonly error: unknown; readonly line: number | undefined };
}

/** A code block: its code and the README line (1-based) of its first code line. */
export interface RunnableBlock {
  readonly code: string;
  readonly line: number;
}

/** How many lines V8 puts before the body of a `new Function` (the `function anonymous(...) {` header). */
const FUNCTION_HEADER_LINES = (() => {
  try {
    new Function('throw new Error("probe");\n//# sourceURL=readme-probe.js')();
  } catch (e) {
    const frame = /readme-probe\.js:(\d+):\d+/.exec(String((e as Error).stack));
    if (frame) return Number(frame[1]) - 1;
  }
  return 2;
})();

let runs = 0;

/** Runs one block; never throws (what the block throws is returned). `outdir` receives what `app.synth()` writes. */
export function runBlock(block: RunnableBlock, outdir: string): BlockRun {
  const url = `readme-block-${++runs}-line-${block.line}.js`;
  const output = ts.transpileModule(block.code, {
    fileName: `readme-line-${block.line}.ts`,
    reportDiagnostics: false,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, sourceMap: true, strict: true },
  });
  const map = new SourceMap(JSON.parse(output.sourceMapText ?? '{}'));
  const body = `${output.outputText.replace(/^\/\/# sourceMappingURL=.*$/m, '')}\n//# sourceURL=${url}`;

  /** The README line of the innermost frame of this block in a stack trace. */
  const lineOf = (stack: unknown): number | undefined => {
    const frame = new RegExp(`${url.replace(/[.-]/g, '\\$&')}:(\\d+):(\\d+)`).exec(String(stack ?? ''));
    if (!frame) return undefined;
    const entry = map.findEntry(Number(frame[1]) - 1 - FUNCTION_HEADER_LINES, Number(frame[2]) - 1) as { originalLine?: number };
    return entry.originalLine === undefined ? undefined : block.line + entry.originalLine;
  };

  const apps: BlockApp[] = [];
  const logs: BlockLog[] = [];
  class DocApp extends cdk8s.App {
    constructor(props: cdk8s.AppProps = {}) {
      super({ outdir, ...props });
      apps.push({ app: this, line: lineOf(new Error().stack) });
    }
  }
  const modules: { [name: string]: unknown } = { ...MODULES, cdk8s: { ...cdk8s, App: DocApp } };
  const requireModule = (name: string): unknown => {
    if (!(name in modules)) throw new Error(`a README block may import only ${Object.keys(modules).join(', ')}, not '${name}'`);
    return modules[name];
  };
  const log = (...args: unknown[]) => logs.push({ line: lineOf(new Error().stack), text: format(...args) });
  const blockConsole = { ...console, log, info: log, warn: log, error: log };

  const module = { exports: {} };
  try {
    // A function of the test's realm, so the block's objects and the library's share their prototypes.
    new Function('require', 'exports', 'module', 'console', body)(requireModule, module.exports, module, blockConsole);
  } catch (error) {
    return { apps, logs, error: { error, line: lineOf((error as Error)?.stack) } };
  }
  return { apps, logs };
}
