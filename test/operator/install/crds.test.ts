import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { compactCrds, CRD_FILES, readCrd } from '../../../src/operator/install/_crds';

const SRC = path.join(__dirname, '..', '..', '..', 'src', 'crds');
const source = (file: string) => JSON.parse(fs.readFileSync(path.join(SRC, file), 'utf-8'));

describe('the CRDs as the package stores them', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crds-'));
  const written = compactCrds(CRD_FILES.map((file) => [file, source(file)]));
  for (const [file, json] of written) fs.writeFileSync(path.join(dir, file), json);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test.each(CRD_FILES)('%s reads back equal to src/crds, key order included', (file) => {
    expect(JSON.stringify(readCrd(dir, file))).toBe(JSON.stringify(source(file)));
  });

  test('the ScheduledSparkApplication stores its template as a reference to the SparkApplication spec, not a second copy', () => {
    const stored = JSON.parse(written.find(([file]) => file === CRD_FILES[1])![1]);
    expect(stored.spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.template)
      .toEqual({ $sameAs: [CRD_FILES[0], 'spec', 'versions', '0', 'schema', 'openAPIV3Schema', 'properties', 'spec'] });
    expect(written.map(([, json]) => json.length).reduce((a, b) => a + b)).toBeLessThan(110_000);
  });

  test('a subtree is shared only when it is equal and large: a change of one value keeps both copies', () => {
    const big = { props: Object.fromEntries(Array.from({ length: 400 }, (_, i) => [`field${i}`, { type: 'string' }])) };
    const changed = { props: { ...big.props, field7: { type: 'integer' } } };
    const [, [, same], [, other]] = compactCrds([['a.json', { spec: big }], ['b.json', { x: big }], ['c.json', { x: changed }]]);
    expect(JSON.parse(same)).toEqual({ x: { $sameAs: ['a.json', 'spec'] } });
    expect(JSON.parse(other)).toEqual({ x: changed });
    expect(compactCrds([['a.json', { small: { type: 'string' } }], ['b.json', { small: { type: 'string' } }]])[1][1]).toBe('{"small":{"type":"string"}}');
  });
});
