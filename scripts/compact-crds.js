/*
 * Post-compile: writes the stripped Kubeflow CRDs of src/crds (pretty, for
 * review) to lib/crds as compact JSON, which SparkOperator reads at run time.
 * The Apache operator's CRDs (spark.apache.org_*) stay out of the package: no
 * construct emits them (they install with the operator's Helm chart, by
 * server-side apply), and they would add ~525 KB.
 */
'use strict';
const fs = require('fs');
const path = require('path');

const from = path.join(__dirname, '..', 'src', 'crds');
const to = path.join(__dirname, '..', 'lib', 'crds');
fs.mkdirSync(to, { recursive: true });
for (const file of fs.readdirSync(from).filter((f) => f.startsWith('sparkoperator.k8s.io_') && f.endsWith('.json'))) {
  fs.writeFileSync(path.join(to, file), JSON.stringify(JSON.parse(fs.readFileSync(path.join(from, file), 'utf-8'))));
}
