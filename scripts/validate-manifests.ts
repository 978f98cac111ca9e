/**
 * Runs the proof harness on every YAML manifest in a directory (the consumer
 * check's `cdk8s synth` output). Objects the programs only reference (Secrets
 * by name) are declared external. Exits non-zero listing every violation.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { formatViolation, registerCrd, validateManifests } from '../test/harness';

const dir = process.argv[2];
const fixtures = path.join(__dirname, '..', 'test', 'fixtures', 'crds');
for (const f of fs.readdirSync(fixtures)) registerCrd(JSON.parse(fs.readFileSync(path.join(fixtures, f), 'utf-8')));
const docs = fs.readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()
  .flatMap((f) => YAML.parseAllDocuments(fs.readFileSync(path.join(dir, f), 'utf-8')).map((d) => d.toJS()).filter((d) => d));
const violations = validateManifests(docs, {
  externalSecrets: ['*/s3-credentials', '*/notebooks-token'],
});
if (docs.length === 0 || violations.length > 0) {
  console.error(docs.length === 0 ? 'no manifests' : violations.map(formatViolation).join('\n'));
  process.exit(1);
}
console.log(`${docs.length} manifests pass the harness`);
