/**
 * Rule 7, determinism: the same build in two fresh Apps synthesizes byte-identical YAML
 * (compared as strings: key order matters to Git), and the output holds no absolute paths of the
 * build machine.
 */
import { App, Yaml } from 'cdk8s';
import { Finding, isObject } from './types';
import { workerCache } from './worker-cache';

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
 * The YAML of large documents already written in this worker, by their exact JSON: the
 * operator's CRDs (94 kB of JSON each, about 0.1 s of YAML) are the same in most tests
 * that install it. Bounded: the oldest entry goes first.
 */
const LARGE_DOCUMENTS = workerCache<string>('yaml-of-large-documents');
const LARGE_DOCUMENT_BYTES = 8_000;
const LARGE_DOCUMENTS_KEPT = 64;

/**
 * Runs `fn` with cdk8s's YAML writer remembering what it wrote. The writer is a pure
 * function of each document, and joins the documents' YAML with `---` (cdk8s yaml.js
 * `stringify`; a harness test proves it for the installed cdk8s), so a document equal
 * to one already written (same keys in the same order, same values, undefined and NaN
 * included) gets that YAML: the second App of a determinism check costs no serialization
 * when it produces the same documents, and neither does a large document another test
 * wrote. Documents that differ in anything are serialized afresh and compared as text.
 */
export function withReusedYaml<T>(fn: () => T): T {
  const original = Yaml.stringify;
  const written = new Map<string, string>();
  const one = (doc: any): string => {
    const json = exactJson([doc]);
    let yaml = written.get(json) ?? LARGE_DOCUMENTS.get(json);
    if (yaml === undefined) {
      yaml = original.call(Yaml, doc);
      if (json.length >= LARGE_DOCUMENT_BYTES) {
        if (LARGE_DOCUMENTS.size >= LARGE_DOCUMENTS_KEPT) LARGE_DOCUMENTS.delete(LARGE_DOCUMENTS.keys().next().value!);
        LARGE_DOCUMENTS.set(json, yaml);
      }
    }
    written.set(json, yaml);
    return yaml;
  };
  Yaml.stringify = (...docs: any[]) => docs.map(one).join('---\n');
  try {
    return fn();
  } finally {
    Yaml.stringify = original;
  }
}

/**
 * Synthesizes `build` in a fresh App: its YAML (`app.synthYaml()`) and the documents that YAML
 * was written from, as cdk8s's YAML writer received them (cdk8s app.js `synthYaml`: every
 * chart's `toJson()` in chart order, then one `Yaml.stringify`), so the caller needs no second
 * resolve of the same App to read them.
 */
export function synthYaml(build: (app: App) => void, makeApp: () => App): { app: App; yaml: string; docs: any[] } {
  const app = makeApp();
  build(app);
  const stringify = Yaml.stringify;
  const written: Array<{ docs: any[]; yaml: string }> = [];
  Yaml.stringify = (...docs: any[]) => {
    const yaml = stringify.apply(Yaml, docs);
    written.push({ docs, yaml });
    return yaml;
  };
  try {
    const yaml = app.synthYaml();
    // The call whose text synthYaml returned (the last one).
    const last = written[written.length - 1];
    if (last?.yaml !== yaml) throw new Error('[determinism] app.synthYaml() did not return the YAML of its documents: the installed cdk8s writes YAML another way');
    return { app, yaml, docs: last.docs };
  } finally {
    Yaml.stringify = stringify;
  }
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
