/**
 * Outputs of fixed inputs kept between runs in the install's own cache
 * (node_modules/.cache, which `npm ci` starts empty): the CRD pipeline's output
 * (import-crds.ts) and the harness's compiled CRD validators
 * (test/harness/crd-schema.ts). An entry is named by a hash of everything it
 * is made from, so changed inputs make a new entry, and it appears whole or
 * not at all, because parallel processes (CI's idle core, Jest's workers) may
 * read it at any time.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

const CACHE = path.join(__dirname, '..', 'node_modules', '.cache');

/** The path of the entry of `area` made from `inputs` (each hashed whole, in order), with `suffix` (e.g. '.js'). */
export function cacheEntryPath(area: string, inputs: ReadonlyArray<string | Buffer>, suffix = ''): string {
  const hash = createHash('sha256');
  for (const input of inputs) hash.update(`\0${input.length}\0`).update(input);
  return path.join(CACHE, area, `${hash.digest('hex').slice(0, 32)}${suffix}`);
}

/**
 * Makes an entry: `write` fills a partial path (a file or a directory), which
 * then takes the entry's name in one rename. If another process made the same
 * entry first, its copy stays: the same inputs give the same output.
 */
export function writeCacheEntry(entry: string, write: (partial: string) => void): void {
  const partial = `${entry}.${process.pid}.partial`;
  fs.mkdirSync(path.dirname(entry), { recursive: true });
  fs.rmSync(partial, { recursive: true, force: true });
  write(partial);
  try {
    fs.renameSync(partial, entry);
  } catch (e) {
    if (!fs.existsSync(entry)) throw e;
    fs.rmSync(partial, { recursive: true, force: true });
  }
}
