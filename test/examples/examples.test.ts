import * as fs from 'fs';
import * as path from 'path';
import { forSnapshot, registerCrd, synthValid } from '../harness';
import { exampleNames } from '../../scripts/synth-examples';

// Minimal closed schemas of the third-party kinds examples may emit (PodMonitor, cert-manager, GRPCRoute).
const FIXTURES = path.join(__dirname, '..', 'fixtures', 'crds');
for (const f of fs.readdirSync(FIXTURES)) {
  registerCrd(JSON.parse(fs.readFileSync(path.join(FIXTURES, f), 'utf-8')));
}

/**
 * Every example in examples/ synthesizes deterministically and every object it
 * emits passes the harness.
 */
describe('examples', () => {
  test('there are examples', () => {
    expect(exampleNames().length).toBeGreaterThanOrEqual(5);
  });

  test.each(exampleNames())('%s passes the harness', (name) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(path.join(__dirname, '..', '..', 'examples', name));
    const docs = synthValid((app) => mod.build(app));
    expect(docs.length).toBeGreaterThan(0);
    expect(forSnapshot(docs)).toMatchSnapshot();
  });
});
