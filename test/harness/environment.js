/*
 * The suite's Jest environment: Node's, plus one Map that every test file run by
 * the same worker process sees as `globalThis.__sparkHarnessShared`. Jest gives
 * each test file fresh modules, so without it every file recompiled the CRD
 * schema validators (0.3 s for the SparkApplication CRD, 1 s for the Apache
 * one) and re-serialized the operator's CRDs. Only what the harness derives
 * from fixed inputs goes in it (test/harness/worker-cache.ts).
 */
'use strict';
const { TestEnvironment } = require('jest-environment-node');

const shared = new Map();

class HarnessEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    this.global.__sparkHarnessShared = shared;
  }
}

module.exports = HarnessEnvironment;
