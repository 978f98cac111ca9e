/**
 * Closed-world field lists of the Kubernetes types, recovered from kubernetes-models.
 *
 * kubernetes-models ships its JSON schemas as ajv standalone code (`_schemas/*.js`), one module
 * per definition, one function per sub-schema. Every property is checked as
 * `validateN(data.prop, {..., parentDataProperty: "prop"})`, array items as `validateN(data[i0])`,
 * map values as `for (let key0 in data) validateN(data[key0])`, and a `$ref` as
 * `(0, _Module.validate)(data, ...)`. Reading those calls back gives the property tree of every
 * type, which the published schemas leave open (an unknown field passes `validate()`), so the
 * harness can report every field a real API server would drop.
 */
import * as fs from 'fs';
import * as path from 'path';
import { workerCache } from './worker-cache';

/** One node of a type's field tree. */
export interface Shape {
  /** Known properties of an object (closed world). */
  readonly properties?: Map<string, () => Shape>;
  /** Value shape of a map (`additionalProperties`). */
  readonly values?: () => Shape;
  /** Item shape of an array. */
  readonly items?: () => Shape;
}

const ANY: Shape = {};

interface ParsedModule {
  readonly file: string;
  readonly root: string;
  readonly bodies: Map<string, string>;
  readonly imports: Map<string, string>;
}

/** Parsed schema modules and the shapes read from them: fixed files, so shared by the test files of a worker. */
const modules = workerCache<ParsedModule>('kubernetes-models-schema-modules');
const shapes = workerCache<Shape>('kubernetes-models-shapes');

function parseModule(file: string): ParsedModule {
  let parsed = modules.get(file);
  if (parsed) return parsed;
  const code = fs.readFileSync(file, 'utf-8');
  const imports = new Map<string, string>();
  for (const m of code.matchAll(/(_\w+)=require\("([^"]+)"\)/g)) {
    imports.set(m[1], m[2]);
  }
  const root = /validate=(?:function )?(validate\d+)[(;]/.exec(code)?.[1];
  if (!root) throw new Error(`no validate function in ${file}`);
  const starts = [...code.matchAll(/function (validate\d+)\(data,/g)];
  const bodies = new Map<string, string>();
  starts.forEach((m, i) => bodies.set(m[1], code.slice(m.index, i + 1 < starts.length ? starts[i + 1].index : code.length)));
  parsed = { file, root, bodies, imports };
  modules.set(file, parsed);
  return parsed;
}

function resolveImport(from: ParsedModule, request: string): string {
  if (request.startsWith('.')) {
    return path.resolve(path.dirname(from.file), request.endsWith('.js') ? request : `${request}.js`);
  }
  const [, pkg, sub] = /^((?:@[^/]+\/)?[^/]+)\/(.*)$/.exec(request)!;
  const root = path.dirname(require.resolve(pkg, { paths: [path.dirname(from.file)] }));
  return path.join(root, sub.endsWith('.js') ? sub : `${sub}.js`);
}

const PROPERTY = /(validate\d+)\(data(?:\.[\w$]+|\["(?:[^"\\]|\\.)*"\]),\{instancePath:instancePath\+"\/(?:[^"\\]|\\.)*",parentData:data,parentDataProperty:"((?:[^"\\]|\\.)*)"/g;
const INLINE_PROPERTY = /void 0[!=]==data(?:\.([\w$]+)|\["((?:[^"\\]|\\.)*)"\])/g;

function shapeOf(mod: ParsedModule, fn: string): Shape {
  const key = `${mod.file}#${fn}`;
  const cached = shapes.get(key);
  if (cached) return cached;
  const body = mod.bodies.get(fn) ?? '';
  let shape: Shape = ANY;
  const ref = /\(0,(_\w+)\.validate\)\(data,/.exec(body);
  const props = [...body.matchAll(PROPERTY)];
  const items = /(validate\d+)\(data\[i0\],/.exec(body);
  const isMap = body.includes('for(let key0 in data)');
  if (ref && props.length === 0) {
    const target = resolveImport(mod, mod.imports.get(ref[1])!);
    shape = rootShape(target);
  } else if (props.length > 0 || INLINE_PROPERTY.test(body)) {
    INLINE_PROPERTY.lastIndex = 0;
    const properties = new Map<string, () => Shape>();
    for (const m of body.matchAll(INLINE_PROPERTY)) {
      properties.set(m[1] ?? JSON.parse(`"${m[2]}"`), () => ANY);
    }
    for (const m of props) {
      const child = m[1];
      properties.set(JSON.parse(`"${m[2]}"`), () => shapeOf(mod, child));
    }
    shape = { properties };
  } else if (items) {
    shape = { items: () => shapeOf(mod, items[1]) };
  } else if (isMap) {
    const value = /for\(let key0 in data\)(validate\d+)\(data\[key0\]/.exec(body);
    shape = { values: value ? () => shapeOf(mod, value[1]) : () => ANY };
  }
  shapes.set(key, shape);
  return shape;
}

/** The field tree of a kubernetes-models schema module (absolute path of its `.js` file). */
export function rootShape(file: string): Shape {
  const mod = parseModule(file);
  return shapeOf(mod, mod.root);
}

/** The schema module of a kubernetes-models definition, e.g. `IoK8sApiCoreV1PodTemplateSpec`. */
export function definitionFile(definition: string): string {
  const models = path.dirname(require.resolve('kubernetes-models'));
  const root = definition.startsWith('IoK8sApimachinery') ? path.dirname(require.resolve('@kubernetes-models/apimachinery', { paths: [models] })) : models;
  return path.join(root, '_schemas', `${definition}.js`);
}

/** Every field of `value` the type does not declare, as JSON pointers below `at`. */
export function unknownFields(value: any, shape: Shape, at: string): string[] {
  if (value === null || typeof value !== 'object') return [];
  const out: string[] = [];
  if (Array.isArray(value)) {
    if (shape.items) {
      const items = shape.items();
      value.forEach((v, i) => out.push(...unknownFields(v, items, `${at}/${i}`)));
    }
    return out;
  }
  if (shape.properties) {
    for (const [key, child] of Object.entries(value)) {
      const next = `${at}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      const known = shape.properties.get(key);
      if (known) out.push(...unknownFields(child, known(), next));
      else out.push(next);
    }
  } else if (shape.values) {
    const values = shape.values();
    for (const [key, child] of Object.entries(value)) {
      out.push(...unknownFields(child, values, `${at}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`));
    }
  }
  return out;
}
