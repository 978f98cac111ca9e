import * as path from 'path';
import { forSnapshot, synthValid } from './harness';
import { exampleNames } from '../scripts/synth-examples';

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
    const mod = require(path.join(__dirname, '..', 'examples', name));
    const docs = synthValid((app) => mod.build(app));
    expect(docs.length).toBeGreaterThan(0);
    expect(forSnapshot(docs)).toMatchSnapshot();
  });
});
