import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { exampleNames } from '../../scripts/synth-examples';
import { registerCrd, synthValid } from '../harness';

// Minimal closed schemas of the third-party kinds examples may emit (PodMonitor, cert-manager, GRPCRoute).
const FIXTURES = path.join(__dirname, '..', 'fixtures', 'crds');
for (const f of fs.readdirSync(FIXTURES)) {
  registerCrd(JSON.parse(fs.readFileSync(path.join(FIXTURES, f), 'utf-8')));
}

/**
 * One line per object: kind, namespace/name, and a digest of its content. The
 * constructs' own tests pin the content; this inventory makes any change to
 * what an example emits show up in review as one line per changed object,
 * instead of a copy of every manifest (the operator install alone is
 * thousands of lines, and is pinned once in test/operator/install).
 */
function inventory(docs: any[]): string[] {
  return docs.map((d) => {
    const digest = createHash('sha256').update(JSON.stringify(d)).digest('hex').slice(0, 12);
    return `${d.kind} ${d.metadata?.namespace ? `${d.metadata.namespace}/` : ''}${d.metadata?.name} ${digest}`;
  });
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
    expect(inventory(docs)).toMatchSnapshot();
  });
});
