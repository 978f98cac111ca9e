/**
 * Rule 2, Kubernetes schema of built-in kinds: kubernetes-models `new Kind(obj).validate()` for
 * types, enums, required fields and quantities, plus a closed-world check of unknown fields
 * (kubernetes-models' schemas are open). The same closed PodTemplateSpec check applies to the
 * schemaless pod templates inside the Kubeflow Spark custom resources, and the same validation to
 * the Kubernetes objects inside the Apache operator's (pod templates, StatefulSetSpecs,
 * ServiceSpecs, ObjectMetas, the worker HorizontalPodAutoscalerSpec), whose unknown fields the
 * crd-schema rule already reports (their CRDs spell these types out).
 */
/* eslint-disable @typescript-eslint/no-require-imports */
import * as fs from 'fs';
import * as path from 'path';
import { definitionFile, rootShape, Shape, unknownFields } from './k8s-shapes';
import { EmbeddedType, sparkEmbeddedObjects } from './projection';
import { Finding, isObject } from './types';
import { workerCache } from './worker-cache';

/** API versions removed from Kubernetes that an output must not use. */
const REMOVED_VERSIONS = [/^extensions\//, /^policy\/v1beta1$/, /^batch\/v1beta1$/, /^autoscaling\/v2beta\d$/, /^networking\.k8s\.io\/v1beta1$/,
  /^rbac\.authorization\.k8s\.io\/v1(alpha|beta)1$/, /^apiextensions\.k8s\.io\/v1beta1$/, /^admissionregistration\.k8s\.io\/v1beta1$/,
  /^apps\/v1beta\d$/, /^storage\.k8s\.io\/v1beta1$/, /^scheduling\.k8s\.io\/v1(alpha|beta)1$/, /^coordination\.k8s\.io\/v1beta1$/];

interface Model {
  readonly cls: any;
  readonly shape: Shape;
}

const MODELS_ROOT = path.dirname(require.resolve('kubernetes-models'));
/**
 * The model class and field tree of each kind, shared by the test files of a worker: loading a
 * kind's schema modules (about 260 for the kinds the library emits) costs each test file a
 * quarter of a second in Jest's module registry, and a class is a pure validator of fixed files.
 */
const models = workerCache<Model | undefined>('kubernetes-models');

function modelOf(apiVersion: unknown, kind: unknown): Model | undefined {
  if (typeof apiVersion !== 'string' || typeof kind !== 'string' || !/^[A-Za-z0-9]+$/.test(kind)) return undefined;
  const key = `${apiVersion}/${kind}`;
  if (!models.has(key)) {
    let model: Model | undefined;
    const file = path.join(MODELS_ROOT, ...apiVersion.split('/'), `${kind}.js`);
    if (!apiVersion.includes('..') && fs.existsSync(file)) {
      const code = fs.readFileSync(file, 'utf-8');
      const schema = /require\("\.\.\/(?:\.\.\/)?_schemas\/(\w+)\.js"\)/.exec(code)?.[1];
      const cls = require(file)[kind];
      if (cls && schema) model = { cls, shape: rootShape(definitionFile(schema)) };
    }
    models.set(key, model);
  }
  return models.get(key);
}

/** Whether kubernetes-models has a schema for this apiVersion and kind. */
export function isBuiltInKind(apiVersion: unknown, kind: unknown): boolean {
  return modelOf(apiVersion, kind) !== undefined;
}

interface AjvError { readonly instancePath: string; readonly keyword: string; readonly message?: string; readonly params?: any }

function messageOf(e: AjvError): string {
  const p = e.params ?? {};
  switch (e.keyword) {
    case 'type': return `must be ${p.type}`;
    case 'required': return `must have required property '${p.missingProperty}'`;
    case 'enum': return `must be one of ${(p.allowedValues ?? []).map((v: unknown) => JSON.stringify(v)).join(', ')}`;
    case 'format': return `must match format "${p.format}"`;
    case 'minimum': case 'maximum': case 'exclusiveMinimum': case 'exclusiveMaximum': return `must be ${p.comparison} ${p.limit}`;
    case 'pattern': return `must match pattern "${p.pattern}"`;
    case 'minItems': return `must have at least ${p.limit} items`;
    case 'maxItems': return `must have at most ${p.limit} items`;
    case 'minLength': return `must have at least ${p.limit} characters`;
    case 'maxLength': return `must have at most ${p.limit} characters`;
    default: return e.message ?? `fails ${e.keyword} ${JSON.stringify(p)}`;
  }
}

/** One message per path: int-or-string and quantity failures come as type + format + oneOf triples. */
function collapse(errors: AjvError[], base: string): Finding[] {
  const byPath = new Map<string, AjvError[]>();
  for (const e of errors) byPath.set(e.instancePath, [...(byPath.get(e.instancePath) ?? []), e]);
  const out: Finding[] = [];
  for (const [p, list] of byPath) {
    const oneOf = list.some((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf');
    const messages = [...new Set(list.filter((e) => e.keyword !== 'oneOf' && e.keyword !== 'anyOf').map(messageOf))];
    out.push({ path: `${base}${p}`, message: oneOf ? `${messages.join(' or ')} (no alternative matches)` : messages.join('; ') });
  }
  return out;
}

/** Schema findings of a built-in object, or undefined if kubernetes-models does not know the kind. */
export function k8sSchemaFindings(doc: any): Finding[] | undefined {
  const model = modelOf(doc.apiVersion, doc.kind);
  if (!model) {
    if (typeof doc.apiVersion === 'string' && REMOVED_VERSIONS.some((r) => r.test(doc.apiVersion))) {
      return [{ path: '/apiVersion', message: `${doc.apiVersion} is deprecated or removed from Kubernetes` }];
    }
    return undefined;
  }
  const out: Finding[] = [];
  if (REMOVED_VERSIONS.some((r) => r.test(doc.apiVersion))) {
    out.push({ path: '/apiVersion', message: `${doc.apiVersion} is deprecated or removed from Kubernetes` });
  }
  try {
    new model.cls(doc).validate();
  } catch (e) {
    const errors: AjvError[] | undefined = (e as any).errors;
    if (Array.isArray(errors)) out.push(...collapse(errors, ''));
    else out.push({ path: '', message: (e as Error).message });
  }
  for (const p of unknownFields(doc, model.shape, '')) {
    out.push({ path: p, message: `unknown field: not a field of ${doc.apiVersion} ${doc.kind}, the API server would drop it` });
  }
  return out;
}

interface Embedded {
  readonly shape: Shape;
  readonly validate: ((data: any) => boolean) & { errors?: AjvError[] };
  /** The value as the object that contains it completes it: required fields it fills in, absent here. */
  readonly completed: (value: any) => any;
}

/** A pod template whose spec names no containers: Spark, or the Apache operator, adds the main one. */
function withContainers(template: any): any {
  return isObject(template?.spec) && template.spec.containers === undefined ? { ...template, spec: { ...template.spec, containers: [] } } : template;
}

const EMBEDDED: { [type in EmbeddedType]: { definition: string; completed: (value: any) => any } } = {
  PodTemplateSpec: { definition: 'IoK8sApiCoreV1PodTemplateSpec', completed: withContainers },
  // The Apache operator fills in the selector and the template (SparkClusterResourceSpec.java L227-241 at 1.0.0).
  StatefulSetSpec: {
    definition: 'IoK8sApiAppsV1StatefulSetSpec',
    completed: (v) => (isObject(v) ? { ...v, selector: v.selector ?? {}, template: withContainers(v.template ?? {}) } : v),
  },
  ServiceSpec: { definition: 'IoK8sApiCoreV1ServiceSpec', completed: (v) => v },
  ObjectMeta: { definition: 'IoK8sApimachineryPkgApisMetaV1ObjectMeta', completed: (v) => v },
  // ... and the scale target and the replica bounds of the worker autoscaler (L409-425).
  HorizontalPodAutoscalerSpec: {
    definition: 'IoK8sApiAutoscalingV2HorizontalPodAutoscalerSpec',
    completed: (v) => (isObject(v) ? { ...v, scaleTargetRef: v.scaleTargetRef ?? { kind: 'StatefulSet', name: 'x' }, maxReplicas: v.maxReplicas ?? 1 } : v),
  },
};
const embedded = workerCache<Embedded>('kubernetes-models-embedded');

function embeddedOf(type: EmbeddedType): Embedded {
  let e = embedded.get(type);
  if (!e) {
    const file = definitionFile(EMBEDDED[type].definition);
    e = { shape: rootShape(file), validate: require(file).validate, completed: EMBEDDED[type].completed };
    embedded.set(type, e);
  }
  return e;
}

/**
 * An object of a Kubernetes type inside a custom resource, validated as that type (the fields
 * the containing object fills in may be absent: a pod template's `containers`, which Spark adds
 * when the template has none) and, unless `closed` is false, checked for fields the type does not
 * have.
 */
function embeddedFindings(value: any, type: EmbeddedType, at: string, closed = true): Finding[] {
  const out: Finding[] = [];
  const { shape, validate, completed } = embeddedOf(type);
  if (!validate(completed(value))) out.push(...collapse(validate.errors ?? [], at).map((f) => ({ ...f, message: `${f.message} (${type})` })));
  if (closed) {
    for (const p of unknownFields(value, shape, at)) {
      out.push({ path: p, message: `unknown field: not a field of ${type}${type === 'PodTemplateSpec' ? ', a real Pod drops it' : ''}` });
    }
  }
  return out;
}

/** Schema findings of the Kubernetes objects inside a Spark custom resource (closed where its CRD leaves them open). */
export function sparkTemplateFindings(doc: any): Finding[] {
  return sparkEmbeddedObjects(doc).flatMap(({ path: at, value, type, closedByCrd }) => embeddedFindings(value, type, at, !closedByCrd));
}
