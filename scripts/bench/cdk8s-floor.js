/*
 * The floor of the Helm comparison: what any cdk8s program pays to synthesize
 * the same documents, with no library at all. It reads the documents the
 * library wrote (one JSON object a line), creates each as a plain cdk8s
 * ApiObject in one Chart of a plain App, and runs `app.synth()` as `cdk8s
 * synth` would (CDK8S_OUTDIR). The file is read in small chunks, so no copy of
 * the whole input is held; the time spent in JSON.parse goes to stderr as
 * `parse <ms>` for the bench to subtract.
 *
 *   CDK8S_OUTDIR=/tmp/out node scripts/bench/cdk8s-floor.js docs.ndjson
 */
'use strict';
const fs = require('fs');
const { StringDecoder } = require('string_decoder');
const { App, Chart, ApiObject } = require('cdk8s');

const file = process.argv[2];
if (!file) throw new Error('usage: node cdk8s-floor.js docs.ndjson');

const app = new App();
const chart = new Chart(app, 'analytics', { namespace: 'analytics' });
let parseNs = 0n;
let count = 0;
const add = (line) => {
  if (line === '') return;
  const t = process.hrtime.bigint();
  const doc = JSON.parse(line);
  parseNs += process.hrtime.bigint() - t;
  new ApiObject(chart, `o${count++}`, doc);
};

const fd = fs.openSync(file, 'r');
const chunk = Buffer.alloc(1 << 16);
let rest = '';
// A character split between two chunks is completed by the next one.
const decoder = new StringDecoder('utf8');
for (let read; (read = fs.readSync(fd, chunk, 0, chunk.length, null)) > 0;) {
  const lines = (rest + decoder.write(chunk.subarray(0, read))).split('\n');
  rest = lines.pop();
  lines.forEach(add);
}
fs.closeSync(fd);
add(rest + decoder.end());

app.synth();
process.stderr.write(`parse ${(Number(parseNs) / 1e6).toFixed(1)}\n`);
