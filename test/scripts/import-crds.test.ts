import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CRD_FILES, DEFAULT_CRD_DIR, importCrds, stripDescriptions } from '../../scripts/import-crds';
import { needsShared } from '../harness/shared-data';

const ROOT = path.join(__dirname, '..', '..');
const withCrds = needsShared(DEFAULT_CRD_DIR, 'the CRD pipeline check (src/crds and src/imports regenerated from the upstream CRDs)');

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

  withCrds.test('the committed src/crds and src/imports are exactly what the task produces', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'import-crds-'));
    try {
      importCrds(DEFAULT_CRD_DIR, out);
      for (const file of CRD_FILES) {
        const json = file.replace(/\.yaml$/, '.json');
        expect(fs.readFileSync(path.join(out, 'crds', json), 'utf-8')).toEqual(fs.readFileSync(path.join(ROOT, 'src', 'crds', json), 'utf-8'));
      }
      const generated = fs.readdirSync(path.join(out, 'imports'));
      expect(generated).toEqual(fs.readdirSync(path.join(ROOT, 'src', 'imports')));
      for (const file of generated) {
        expect(fs.readFileSync(path.join(out, 'imports', file), 'utf-8') === fs.readFileSync(path.join(ROOT, 'src', 'imports', file), 'utf-8')).toBe(true);
      }
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });

  test('the stripped CRDs carry no description and fit client-side apply', () => {
    for (const file of CRD_FILES) {
      const text = fs.readFileSync(path.join(ROOT, 'src', 'crds', file.replace(/\.yaml$/, '.json')), 'utf-8');
      const crd = JSON.parse(text);
      expect(crd.kind).toBe('CustomResourceDefinition');
      expect(JSON.stringify(crd).length).toBeLessThan(256 * 1024 / 2);
      const walk = (node: any, inProps: boolean): void => {
        if (Array.isArray(node)) return node.forEach((n) => walk(n, false));
        if (node && typeof node === 'object') {
          for (const [k, v] of Object.entries(node)) {
            if (!inProps) expect(k === 'description' && typeof v === 'string').toBe(false);
            walk(v, !inProps && k === 'properties');
          }
        }
      };
      walk(crd, false);
    }
  });
});
