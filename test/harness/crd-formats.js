/*
 * The string formats of Kubernetes CRD schemas, as the harness's ajv checks them:
 * ajv-formats' full set, int32 and int64 as the API server bounds them, and the
 * formats it checks elsewhere (quantity, int-or-string, cidr) accepted here. Plain
 * JavaScript, because the validators cached on disk require it by path
 * (crd-schema.ts).
 */
'use strict';
const { fullFormats } = require('ajv-formats/dist/formats');

module.exports = {
  ...fullFormats,
  int32: { type: 'number', validate: (n) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 },
  // A JSON number at or beyond 2^63 (9223372036854775807 parses as 2^63) is no int64: the API server rejects it.
  int64: { type: 'number', validate: (n) => Number.isInteger(n) && n >= -(2 ** 63) && n < 2 ** 63 },
  'quantity': true,
  'int-or-string': true,
  'cidr': true,
};
