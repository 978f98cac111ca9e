/**
 * Rule 7, determinism: the same build in two fresh Apps synthesizes byte-identical YAML
 * (compared as strings: key order matters to Git), and the output holds no absolute paths of the
 * build machine.
 */
import { App, Yaml } from 'cdk8s';
import { Finding, isObject } from './types';

/** Throws if two synthesized YAML strings differ, naming the first differing line. */
export function assertSameYaml(first: string, second: string): void {
  if (first === second) return;
  const a = first.split('\n');
  const b = second.split('\n');
  let line = 0;
  while (line < a.length && a[line] === b[line]) line++;
  throw new Error(`[determinism] not deterministic: two fresh Apps synthesized different YAML; first difference at line ${line + 1}:\n- ${a[line] ?? '<end>'}\n+ ${b[line] ?? '<end>'}`);
}

/** JSON of documents with the values JSON would blur (undefined, NaN, ±Infinity) spelled out. */
function exactJson(docs: any[]): string {
  return JSON.stringify(docs, (_k, v) => (v === undefined ? '\u0000undefined' : typeof v === 'number' && !Number.isFinite(v) ? `\u0000${v}` : v));
}

/**
 * Runs `fn` with cdk8s's YAML writer remembering its last result. The writer is a pure
 * function of the documents, so when the second App of a determinism check produces the
 * same documents (same keys in the same order, same values) its YAML is the first App's,
 * and the costly serialization (about 0.3 s for the operator's CRDs) runs once per check.
 * Documents that differ in anything are serialized afresh and compared as text.
 */
export function withReusedYaml<T>(fn: () => T): T {
  const original = Yaml.stringify;
  let last: { json: string; yaml: string } | undefined;
  Yaml.stringify = (...docs: any[]) => {
    const json = exactJson(docs);
    if (last?.json !== json) last = { json, yaml: original.apply(Yaml, docs) };
    return last.yaml;
  };
  try {
    return fn();
  } finally {
    Yaml.stringify = original;
  }
}

/** Synthesizes `build` in a fresh App. */
export function synthYaml(build: (app: App) => void, makeApp: () => App): { app: App; yaml: string } {
  const app = makeApp();
  build(app);
  return { app, yaml: app.synthYaml() };
}

const BUILD_PATHS = [process.cwd()].filter((p) => p.length > 1);

/** Absolute paths of the build machine (the working directory) in any string. */
export function determinismFindings(doc: any): Finding[] {
  const out: Finding[] = [];
  const walk = (node: any, at: string) => {
    if (typeof node === 'string') {
      if (BUILD_PATHS.some((p) => node.includes(p))) out.push({ path: at, message: 'contains an absolute path of the build machine' });
    } else if (Array.isArray(node)) {
      node.forEach((n, i) => walk(n, `${at}/${i}`));
    } else if (isObject(node)) {
      for (const [k, v] of Object.entries(node)) walk(v, `${at}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`);
    }
  };
  walk(doc, '');
  return out;
}
