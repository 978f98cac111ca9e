/**
 * How fast the proof harness validates documents once its schemas are compiled:
 * the platform example (every kind the library emits, operator CRDs, policies),
 * validated repeatedly. Prints JSON for scripts/bench.js; run with
 * `npx ts-node --transpile-only scripts/bench/harness-speed.ts`.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdk8s';
import { build } from '../../examples/multi-tenant-platform';
import { registerCrd, validateManifests, withTypedReferences } from '../../test/harness';

const FIXTURES = path.join(__dirname, '..', '..', 'test', 'fixtures', 'crds');
for (const f of fs.readdirSync(FIXTURES)) registerCrd(JSON.parse(fs.readFileSync(path.join(FIXTURES, f), 'utf-8')));

const app = new App();
build(app);
const docs = app.charts.flatMap((c) => c.toJson());
// Secrets and accounts behind typed references (Secret.fromSecretName) exist outside the output, as in synthValid.
const options = withTypedReferences(app, {});
const violations = validateManifests(docs, options);
const runs = 20;
const start = process.hrtime.bigint();
for (let i = 0; i < runs; i++) validateManifests(docs, options);
const ms = Number(process.hrtime.bigint() - start) / 1e6 / runs;
process.stdout.write(JSON.stringify({ documents: docs.length, msPerCall: ms, msPerDocument: ms / docs.length, violations: violations.length }));
