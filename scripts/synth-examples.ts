/**
 * Synthesizes every app in examples/ into examples/dist/<example>/*.k8s.yaml.
 * Each example module exports `build(app: App): void`.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdk8s';

export const EXAMPLES_DIR = path.join(__dirname, '..', 'examples');

/** The example modules, by name (file name without `.ts`). */
export function exampleNames(): string[] {
  return fs.readdirSync(EXAMPLES_DIR).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts')).map((f) => f.replace(/\.ts$/, '')).sort();
}

/** Builds one example into a fresh App. */
export function buildExample(name: string, outdir?: string): App {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(path.join(EXAMPLES_DIR, name));
  if (typeof mod.build !== 'function') {
    throw new Error(`examples/${name}.ts must export build(app: App): void`);
  }
  const app = new App({ outdir, outputFileExtension: '.k8s.yaml' });
  mod.build(app);
  return app;
}

if (require.main === module) {
  for (const name of exampleNames()) {
    const outdir = path.join(EXAMPLES_DIR, 'dist', name);
    fs.rmSync(outdir, { recursive: true, force: true });
    const app = buildExample(name, outdir);
    app.synth();
    const files = fs.readdirSync(outdir);
    console.log(`examples/dist/${name}/: ${files.join(', ')}`);
  }
}
