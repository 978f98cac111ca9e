import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { APACHE_SOURCE, cachedTaskOutput, cacheEntry, CRD_SOURCES, KUBEFLOW_SOURCE, stripDescriptions } from '../../scripts/import-crds';
import { CRD_FILES } from '../../src/operator/install/_crds';
import { needsShared } from '../harness/shared-data';

const ROOT = path.join(__dirname, '..', '..');
/** The client-side-apply limit: `kubectl apply` stores the whole object in an annotation of at most 256 KiB. */
const LAST_APPLIED_LIMIT = 256 * 1024;

function committedCrd(source: typeof KUBEFLOW_SOURCE, file: string): any {
  return JSON.parse(fs.readFileSync(path.join(ROOT, 'src', 'crds', source.jsonName(file)), 'utf-8'));
}

describe('import-crds', () => {
  test('strips descriptions but keeps fields named description', () => {
    const schema = {
      description: 'top',
      properties: {
        description: { type: 'string', description: 'a field called description' },
        spec: { type: 'object', description: 'spec', items: [{ description: 'x' }] },
      },
    };
    expect(stripDescriptions(schema)).toEqual({
      properties: { description: { type: 'string' }, spec: { type: 'object', items: [{}] } },
    });
  });

  test('the Apache CRD files map to <group>_<plural>.json like the Kubeflow ones', () => {
    expect(APACHE_SOURCE.files.map(APACHE_SOURCE.jsonName)).toEqual(['spark.apache.org_sparkapplications.json', 'spark.apache.org_sparkclusters.json']);
  });

  for (const source of CRD_SOURCES) {
    const withCrds = needsShared(source.defaultDir, `the ${source.name} CRD pipeline check (src/crds and src/imports regenerated from the upstream CRDs)`);
    withCrds.test(`the committed ${source.name} CRDs and L1 module are exactly what the task produces`, () => {
      const out = cachedTaskOutput(source);
      for (const file of source.files) {
        const json = source.jsonName(file);
        expect(fs.readFileSync(path.join(out, 'crds', json), 'utf-8')).toEqual(fs.readFileSync(path.join(ROOT, 'src', 'crds', json), 'utf-8'));
      }
      const generated = fs.readdirSync(path.join(out, 'imports'));
      expect(generated).toEqual([`${source.group}.ts`]);
      expect(fs.readFileSync(path.join(out, 'imports', generated[0]), 'utf-8') === fs.readFileSync(path.join(ROOT, 'src', 'imports', generated[0]), 'utf-8')).toBe(true);
    }, 120_000);
  }

  test('the reused task output belongs to its inputs: another CRD text is another entry', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'import-crds-key-'));
    try {
      const files = ['a.yaml', 'b.yaml'];
      const source = { ...KUBEFLOW_SOURCE, files, defaultDir: dir };
      files.forEach((f) => fs.writeFileSync(path.join(dir, f), 'kind: CustomResourceDefinition\n'));
      const before = cacheEntry(source);
      expect(cacheEntry(source)).toBe(before);
      fs.appendFileSync(path.join(dir, 'b.yaml'), '# one more line\n');
      expect(cacheEntry(source)).not.toBe(before);
      expect(cacheEntry({ ...source, name: 'apache' })).not.toBe(cacheEntry(source));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the stripped CRDs carry no description', () => {
    for (const source of CRD_SOURCES) {
      for (const file of source.files) {
        // The paths of description texts (a key of 'properties' may be a field named description).
        const found: string[] = [];
        const walk = (node: any, inProps: boolean, at: string): void => {
          if (Array.isArray(node)) return node.forEach((n, i) => walk(n, false, `${at}/${i}`));
          if (node && typeof node === 'object') {
            for (const [k, v] of Object.entries(node)) {
              if (!inProps && k === 'description' && typeof v === 'string') found.push(`${at}/${k}`);
              walk(v, !inProps && k === 'properties', `${at}/${k}`);
            }
          }
        };
        const crd = committedCrd(source, file);
        expect(crd.kind).toBe('CustomResourceDefinition');
        walk(crd, false, file);
        expect(found).toEqual([]);
      }
    }
  });

  test('the Kubeflow CRDs the package ships fit client-side apply with room to spare', () => {
    for (const file of KUBEFLOW_SOURCE.files) {
      expect(JSON.stringify(committedCrd(KUBEFLOW_SOURCE, file)).length).toBeLessThan(LAST_APPLIED_LIMIT / 2);
    }
  });

  test('the Apache SparkApplication CRD does not fit client-side apply even stripped: it needs server-side apply, and the package leaves it out', () => {
    const sizes = APACHE_SOURCE.files.map((f) => JSON.stringify(committedCrd(APACHE_SOURCE, f)).length);
    // SparkApplication ~296 KB (over the limit), SparkCluster ~229 KB (under it, with little room).
    expect(sizes[0]).toBeGreaterThan(LAST_APPLIED_LIMIT);
    expect(sizes[1]).toBeLessThan(LAST_APPLIED_LIMIT);
    // compact-crds.js writes exactly the files SparkOperator reads (CRD_FILES) to lib/crds: the Kubeflow ones.
    expect([...CRD_FILES].sort()).toEqual(KUBEFLOW_SOURCE.files.map((f) => f.replace(/\.yaml$/, '.json')).sort());
    expect(CRD_FILES.filter((f) => !f.startsWith('sparkoperator.k8s.io_'))).toEqual([]);
    // Only the versions the constructs emit get L1 classes: no v1beta1 types.
    const l1 = fs.readFileSync(path.join(ROOT, 'src', 'imports', 'spark.apache.org.ts'), 'utf-8');
    expect(l1).toContain('apiVersion: \'spark.apache.org/v1\'');
    expect(l1).not.toContain('spark.apache.org/v1beta1');
  });
});
