/*
 * Jest globalSetup: one temporary directory for the run. TMPDIR points at it
 * before the workers start, so what a test makes with os.tmpdir() lands there
 * (Testing.app() makes a cdk8s output directory for every App: thousands in a
 * run); temp-dir-teardown.js removes it. Without it every run left those
 * directories in the machine's /tmp, and mkdtemp there grew slower with each.
 */
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');

module.exports = async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-spark-test-'));
  process.env.CDK8S_SPARK_TEST_TMPDIR = dir;
  process.env.TMPDIR = dir;
};
