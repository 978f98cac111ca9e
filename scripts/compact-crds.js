/*
 * Post-compile: writes the stripped CRDs of src/crds (pretty, for review) to
 * lib/crds as compact JSON, which SparkOperator reads at run time.
 */
'use strict';
const fs = require('fs');
const path = require('path');

const from = path.join(__dirname, '..', 'src', 'crds');
const to = path.join(__dirname, '..', 'lib', 'crds');
fs.mkdirSync(to, { recursive: true });
for (const file of fs.readdirSync(from).filter((f) => f.endsWith('.json'))) {
  fs.writeFileSync(path.join(to, file), JSON.stringify(JSON.parse(fs.readFileSync(path.join(from, file), 'utf-8'))));
}
