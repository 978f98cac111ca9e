import * as fs from 'fs';
import * as path from 'path';
import { sharedConstant } from '../../pod/_shared';

/** The CRD files of the pinned release, stripped of descriptions (src/crds, shipped compact as lib/crds). */
export const CRD_FILES = [
  'sparkoperator.k8s.io_sparkapplications.json',
  'sparkoperator.k8s.io_scheduledsparkapplications.json',
  'sparkoperator.k8s.io_sparkconnects.json',
];

/** The key of a stored subtree that stands for a subtree of another CRD file: `{ "$sameAs": ["<file>", "<key>", …] }`. */
const SAME_AS = '$sameAs';

/**
 * One CRD as the operator's chart installs it. lib/crds stores a subtree that
 * is identical to a subtree of another file once (the ScheduledSparkApplication's
 * `spec.template` is the SparkApplication's `spec`, 94 kB), as a `$sameAs`
 * reference that this reads back; src/crds holds every file whole.
 */
export function readCrd(dir: string, file: string): any {
  const at = path.join(dir, file);
  let crd = READ.get(at);
  if (crd === undefined) {
    // Read once per process and shared, deep-frozen: cdk8s copies it into each manifest at synth.
    crd = sharedConstant(expand(JSON.parse(fs.readFileSync(at, 'utf-8')), dir));
    READ.set(at, crd);
  }
  return crd;
}

/** The CRDs read so far, by file path. */
const READ = new Map<string, any>();

/** Replaces each `$sameAs` reference under `node` (a tree JSON.parse made, so no one else holds it) by what it names. */
function expand(node: any, dir: string): any {
  if (node === null || typeof node !== 'object') {
    return node;
  }
  const ref = node[SAME_AS];
  if (Array.isArray(ref) && Object.keys(node).length === 1) {
    const [file, ...keys] = ref as string[];
    return keys.reduce((at: any, key) => at[key], readCrd(dir, file));
  }
  for (const key of Object.keys(node)) {
    node[key] = expand(node[key], dir);
  }
  return node;
}

/**
 * The compact form of a set of CRDs (file name → CRD): each object subtree
 * of at least `minBytes` of JSON that equals a subtree of an earlier file
 * becomes a `$sameAs` reference to it. What `readCrd` reads back is equal,
 * key order included.
 */
export function compactCrds(crds: ReadonlyArray<[string, any]>, minBytes = 10_000): Array<[string, string]> {
  const seen = new Map<string, string[]>();
  const index = (node: any, at: string[]): void => {
    if (node === null || typeof node !== 'object') return;
    const json = JSON.stringify(node);
    if (json.length < minBytes) return;
    if (!seen.has(json)) seen.set(json, at);
    for (const [key, value] of Object.entries(node)) index(value, [...at, key]);
  };
  const replace = (node: any, file: string): any => {
    if (node === null || typeof node !== 'object') return node;
    const json = JSON.stringify(node);
    const first = json.length >= minBytes ? seen.get(json) : undefined;
    if (first && first[0] !== file) return { [SAME_AS]: first };
    if (Array.isArray(node)) return node.map((item) => replace(item, file));
    return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, replace(value, file)]));
  };
  const out: Array<[string, string]> = [];
  for (const [file, crd] of crds) {
    out.push([file, JSON.stringify(replace(crd, file))]);
    index(crd, [file]);
  }
  return out;
}
