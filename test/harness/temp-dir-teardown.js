// Jest globalTeardown: removes the run's temporary directory (temp-dir-setup.js).
'use strict';
const fs = require('fs');
const path = require('path');

module.exports = async () => {
  const dir = process.env.CDK8S_SPARK_TEST_TMPDIR;
  if (dir && path.basename(dir).startsWith('cdk8s-spark-test-')) fs.rmSync(dir, { recursive: true, force: true });
};
