/**
 * Rule 1, CRD schema: every custom resource is validated against the `openAPIV3Schema` of its
 * served version (ajv), and walked by a pruning simulator that reports every field the API server
 * would drop. A kind with neither a registered CRD nor a built-in schema is a violation.
 */
import * as fs from 'fs';
import { createRequire } from 'module';
import * as path from 'path';
import type Ajv from 'ajv';
import type { ValidateFunction } from 'ajv';
import { definitionFile, rootShape, unknownFields } from './k8s-shapes';
import { Finding, groupOf, isObject, pointer } from './types';
import { workerCache } from './worker-cache';
import { cacheEntryPath, writeCacheEntry } from '../../scripts/_build-cache';

/** The formats module (crd-formats.js): the ajv instance uses it, and the cached validators require it. */
const FORMATS = path.join(__dirname, 'crd-formats.js');

/**
 * The one ajv instance of a worker, with the formats and keywords of Kubernetes CRD schemas.
 * Made on the first compile and shared with the validators it compiled (below), so a test file
 * whose schemas are all compiled already does not load ajv (66 modules) again. It keeps each
 * validator's source, so the validator can be stored as a module (ajv standalone code).
 */
function crdAjv(): Ajv {
  const shared = workerCache<Ajv>('crd-ajv');
  let ajv = shared.get('instance');
  if (ajv) return ajv;
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { default: AjvClass, _ } = require('ajv') as typeof import('ajv');
  const formats = require(FORMATS);
  /* eslint-enable @typescript-eslint/no-require-imports */
  ajv = new AjvClass({ strict: false, allErrors: true, logger: false, code: { source: true, formats: _`require(${FORMATS})` } });
  for (const [name, format] of Object.entries(formats)) ajv.addFormat(name, format as any);
  for (const keyword of ['x-kubernetes-preserve-unknown-fields', 'x-kubernetes-embedded-resource', 'x-kubernetes-list-type',
    'x-kubernetes-list-map-keys', 'x-kubernetes-map-type', 'x-kubernetes-validations']) {
    ajv.addKeyword({ keyword });
  }
  // Generated code, not a function, so a stored validator holds it; the same error as a failing validate function.
  ajv.addKeyword({
    keyword: 'x-kubernetes-int-or-string',
    schemaType: 'boolean',
    code(cxt) {
      if (cxt.schema) cxt.fail(_`typeof ${cxt.data} !== "string" && !Number.isInteger(${cxt.data})`);
    },
  });
  shared.set('instance', ajv);
  return ajv;
}

/**
 * Validators kept on disk between runs (scripts/_build-cache.ts), as ajv standalone modules: loading
 * the Apache SparkApplication CRD's takes 0.1 s, compiling it 1 s, in every worker of every run.
 * The key covers the schema, ajv's version and this module's ajv set-up (this file and the
 * formats module, which the stored code requires by path), so a change to any of them compiles afresh.
 */
let setUp: string[] | undefined;
export function storedValidatorFile(schemaText: string): string {
  if (setUp === undefined) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ajvVersion = require('ajv/package.json').version;
    setUp = [ajvVersion, FORMATS, fs.readFileSync(__filename, 'utf-8'), fs.readFileSync(FORMATS, 'utf-8')];
  }
  return cacheEntryPath('cdk8s-spark-harness/crd-validators', [...setUp, schemaText], '.js');
}

/** Compiles a schema, or loads the validator a run before stored; stores what it compiles. */
function loadOrCompile(schema: any, text: string): ValidateFunction {
  const file = storedValidatorFile(text);
  // A require from the store's place, so the stored code finds ajv's runtime (under Jest it is Jest's
  // require; the worker cache keeps what it loads for the worker's other test files).
  const requireStored = createRequire(file);
  if (fs.existsSync(file)) return requireStored(file);
  const ajv = crdAjv();
  const fn = ajv.compile(schema);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const standaloneCode = require('ajv/dist/standalone').default;
  writeCacheEntry(file, (partial) => fs.writeFileSync(partial, standaloneCode(ajv, fn)));
  return fn;
}

/** One served version of a custom resource kind. */
export interface CrdVersion {
  readonly group: string;
  readonly kind: string;
  readonly version: string;
  readonly schema: any;
  readonly validate: () => ValidateFunction;
}

/**
 * Validators by schema text, shared by the test files of a worker: compiling the
 * SparkApplication CRD's schema takes 0.3 s, the Apache one's 1 s. Each is loaded from the
 * store, or compiled by the worker's one ajv instance (crdAjv) and stored.
 */
const compiled = workerCache<ValidateFunction>('crd-validators');
function validatorFor(schema: any): () => ValidateFunction {
  let fn: ValidateFunction | undefined;
  return () => {
    if (!fn) {
      const text = JSON.stringify(schema);
      fn = compiled.get(text);
      if (!fn) {
        fn = loadOrCompile(schema, text);
        compiled.set(text, fn);
      }
    }
    return fn;
  };
}

/** A set of CRDs: `group/version/kind` -> schema, plus the groups and kinds they cover. */
export class CrdRegistry {
  private readonly versions = new Map<string, CrdVersion>();
  private readonly kinds = new Map<string, string[]>();

  constructor(private readonly parent?: CrdRegistry) {}

  /** Registers every served version of a CustomResourceDefinition (the later registration of a kind wins). */
  public add(crd: any): void {
    const group = crd?.spec?.group;
    const kind = crd?.spec?.names?.kind;
    if (typeof group !== 'string' || typeof kind !== 'string' || !Array.isArray(crd.spec.versions)) {
      throw new Error('registerCrd: not a CustomResourceDefinition (spec.group, spec.names.kind and spec.versions are required)');
    }
    const served: string[] = [];
    for (const v of crd.spec.versions) {
      if (v.served === false) continue;
      served.push(v.name);
      const schema = v.schema?.openAPIV3Schema ?? crd.spec.validation?.openAPIV3Schema ?? { 'type': 'object', 'x-kubernetes-preserve-unknown-fields': true };
      const key = `${group}/${v.name}/${kind}`;
      const existing = this.versions.get(key);
      if (existing && existing.schema === schema) continue;
      this.versions.set(key, { group, kind, version: v.name, schema, validate: validatorFor(schema) });
    }
    this.kinds.set(`${group}/${kind}`, served);
  }

  public lookup(group: string, version: string, kind: string): CrdVersion | undefined {
    return this.versions.get(`${group}/${version}/${kind}`) ?? this.parent?.lookup(group, version, kind);
  }

  /** Served versions of a kind, or undefined if the kind is not registered. */
  public servedVersions(group: string, kind: string): string[] | undefined {
    return this.kinds.get(`${group}/${kind}`) ?? this.parent?.servedVersions(group, kind);
  }
}

/** CRDs known to every call: the operator's three, and whatever tests register. */
export const globalCrds = new CrdRegistry();

/**
 * A namespaced CustomResourceDefinition for tests: `kind` in `group`, plural
 * `<kind>s` in lower case, served and stored at the first version given.
 */
export function testCrd(group: string, kind: string, versions: { name: string; served: boolean; storage: boolean; schema: any }[]): any {
  const singular = kind.toLowerCase();
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${singular}s.${group}` },
    spec: { group, scope: 'Namespaced', names: { kind, plural: `${singular}s`, singular, listKind: `${kind}List` }, versions },
  };
}

/** Register another CRD (e.g. monitoring.coreos.com PodMonitor, cert-manager Certificate) so its CRs are schema-checked. */
export function registerCrd(crd: any): void {
  globalCrds.add(crd);
}

const CRD_DIR = path.join(__dirname, '..', '..', 'src', 'crds');
for (const file of fs.readdirSync(CRD_DIR).filter((f) => f.endsWith('.json')).sort()) {
  registerCrd(JSON.parse(fs.readFileSync(path.join(CRD_DIR, file), 'utf-8')));
}

const EMBEDDED_KEPT = new Set(['apiVersion', 'kind', 'metadata']);

/**
 * The pruning simulator: walks `value` alongside a structural schema and returns the JSON pointer
 * of every field the API server would drop. Objects with `properties` are closed unless
 * `x-kubernetes-preserve-unknown-fields: true`; `additionalProperties` makes a map; an object
 * schema with neither keeps nothing; `x-kubernetes-embedded-resource` keeps apiVersion/kind/metadata.
 */
export function prunedFields(value: any, schema: any, at: string): string[] {
  if (!isObject(schema)) return [];
  if (Array.isArray(value)) {
    return isObject(schema.items) ? value.flatMap((item, i) => prunedFields(item, schema.items, `${at}/${i}`)) : [];
  }
  if (!isObject(value)) return [];
  const out: string[] = [];
  const props = isObject(schema.properties) ? schema.properties : undefined;
  const additional = schema.additionalProperties;
  const preserve = schema['x-kubernetes-preserve-unknown-fields'] === true;
  const embedded = schema['x-kubernetes-embedded-resource'] === true;
  for (const [key, child] of Object.entries(value)) {
    const next = `${at}${pointer(key)}`;
    if (props && Object.prototype.hasOwnProperty.call(props, key)) {
      out.push(...prunedFields(child, props[key], next));
    } else if (isObject(additional)) {
      out.push(...prunedFields(child, additional, next));
    } else if (additional === true || preserve || (embedded && EMBEDDED_KEPT.has(key))) {
      continue;
    } else {
      out.push(next);
    }
  }
  return out;
}

const objectMeta = rootShape(definitionFile('IoK8sApimachineryPkgApisMetaV1ObjectMeta'));

function ajvMessage(e: { keyword: string; message?: string; params: any }): string {
  switch (e.keyword) {
    case 'enum': return `${e.message}: ${(e.params.allowedValues ?? []).map((v: unknown) => JSON.stringify(v)).join(', ')}`;
    case 'required': return `must have required property '${e.params.missingProperty}'`;
    default: return e.message ?? e.keyword;
  }
}

/**
 * Schema and pruning findings of a custom resource, or undefined if the object's group has no
 * registered CRD (the built-in schema rule takes over then).
 */
export function crdSchemaFindings(doc: any, registry: CrdRegistry): Finding[] | undefined {
  const apiVersion = String(doc.apiVersion ?? '');
  const group = groupOf(apiVersion);
  const version = apiVersion.includes('/') ? apiVersion.split('/')[1] : apiVersion;
  const served = registry.servedVersions(group, doc.kind);
  if (!served) return undefined;
  const crd = registry.lookup(group, version, doc.kind);
  if (!crd) {
    return [{ path: '/apiVersion', message: `${doc.kind} is not served at ${apiVersion}; served: ${served.map((v) => `${group}/${v}`).join(', ') || 'none'}` }];
  }
  const out: Finding[] = [];
  const validate = crd.validate();
  if (!validate(doc)) {
    const seen = new Set<string>();
    for (const e of validate.errors ?? []) {
      if (e.keyword === 'anyOf' || e.keyword === 'oneOf') continue;
      const finding = { path: e.instancePath, message: `${ajvMessage(e)} (CRD schema ${crd.group}/${crd.version} ${crd.kind})` };
      const key = `${finding.path} ${finding.message}`;
      if (!seen.has(key)) out.push(finding);
      seen.add(key);
    }
  }
  const { apiVersion: _a, kind: _k, metadata, ...rest } = doc;
  const bodySchema = { ...crd.schema, properties: { ...(crd.schema.properties ?? {}) } };
  delete bodySchema.properties.apiVersion;
  delete bodySchema.properties.kind;
  delete bodySchema.properties.metadata;
  for (const p of prunedFields(rest, bodySchema, '')) {
    out.push({ path: p, message: `unknown field: the API server would prune it (not in the CRD schema of ${crd.group}/${crd.version} ${crd.kind})` });
  }
  for (const p of unknownFields(metadata, objectMeta, '/metadata')) {
    out.push({ path: p, message: 'unknown field: not a field of ObjectMeta, the API server would drop it' });
  }
  for (const p of outOfInt64(rest, '')) {
    out.push({ path: p, message: 'integer beyond int64: the API server decodes every schema integer as an int64 and rejects it' });
  }
  return out;
}

/**
 * Numbers at or beyond 2^63 in magnitude: a CRD `type: integer` is an int64 to the API server, and
 * JavaScript prints 9223372036854775807 (Long.MAX_VALUE) as 9223372036854776000, which is 2^63.
 */
function outOfInt64(value: any, at: string): string[] {
  if (typeof value === 'number') return Number.isInteger(value) && (value >= 2 ** 63 || value < -(2 ** 63)) ? [at] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => outOfInt64(v, `${at}/${i}`));
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => outOfInt64(v, `${at}/${k}`));
  return [];
}
