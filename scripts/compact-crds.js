/*
 * Post-compile: writes the stripped Kubeflow CRDs of src/crds (pretty, for
 * review) to lib/crds as compact JSON, which SparkOperator reads at run time,
 * storing a large subtree that another file already holds once (the compiled
 * lib/operator/install/_crds.js does both sides). The Apache operator's CRDs
 * (spark.apache.org_*) stay out of the package: no construct emits them (they
 * install with the operator's Helm chart, by server-side apply), and they
 * would add ~525 KB.
 */
'use strict';
const fs = require('fs');
const path = require('path');
const { CRD_FILES, compactCrds } = require('../lib/operator/install/_crds');

const from = path.join(__dirname, '..', 'src', 'crds');
const to = path.join(__dirname, '..', 'lib', 'crds');
fs.mkdirSync(to, { recursive: true });
const crds = CRD_FILES.map((file) => [file, JSON.parse(fs.readFileSync(path.join(from, file), 'utf-8'))]);
for (const [file, json] of compactCrds(crds)) {
  fs.writeFileSync(path.join(to, file), json);
}
