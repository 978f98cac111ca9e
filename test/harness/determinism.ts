/**
 * Rule 7, determinism: the same build in two fresh Apps synthesizes byte-identical YAML
 * (compared as strings: key order matters to Git), and the output holds no absolute paths of the
 * build machine.
 */
import { App } from 'cdk8s';
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
