/**
 * The runtime types of every construct's props, read from the library's
 * TypeScript sources with the compiler's type checker, and written to
 * src/_prop-types.generated.ts for the one check every construct runs on its
 * props (src/_prop-types.ts): a JavaScript caller, or `as any`, can put any
 * value anywhere, and a prop added to an interface is covered without a list
 * to edit. test/input/runtime-types.test.ts puts a value of the wrong type
 * into every prop this finds, and checks the file is what this makes of src/.
 *
 *   npx projen gen-prop-types     (ts-node scripts/prop-types.ts)
 *
 * Each prop becomes a runtime type: a string, number or boolean; an enum (its
 * members); a list or map of a type; a struct of the library (its fields,
 * walked into), or of a dependency's (cdk8s-plus's `k8s.Container`, walked
 * into the same way); an instance of a class or
 * behavioural interface (jsii's rule: a class, or an interface named I<Upper>,
 * or one with methods), recognised by its methods, not `instanceof`, since an
 * App may load two copies of cdk8s or of the library; or a union of these.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import type { RuntimeType } from '../src/_prop-types';

export type { RuntimeType };

export interface Field {
  readonly name: string;
  readonly optional: boolean;
  readonly type: RuntimeType;
}

/** What the sources declare: the constructs and every type their props reach. */
export interface PropTypes {
  /** Each construct's export path (`SparkApplication`, `apache.SparkCluster`) and the id of its props struct. */
  readonly constructs: { readonly name: string; readonly props: string }[];
  /**
   * Each public static method of an exported class (`SparkVolume.fromEmptyDir`) and its
   * parameters: the factories of the library's values, which a JavaScript caller can also
   * give anything.
   */
  readonly factories: { readonly name: string; readonly params: Field[] }[];
  /**
   * Each public method of an instance of an exported class, inherited ones
   * included (`SparkApplication.addVolume`), with its parameters. The table
   * holds the structs they take (a method checks a struct it is given with
   * `checkArgument`); the test gives every parameter wrong values.
   */
  readonly methods: { readonly name: string; readonly params: Field[] }[];
  /** Each struct's fields, its bases' included. */
  readonly structs: Map<string, Field[]>;
  /** The structs each struct extends (those with none are left out). */
  readonly bases: Map<string, string[]>;
  /** Each enum's members and values. */
  readonly enums: Map<string, { [member: string]: string }>;
  /**
   * Each instance type's name as messages show it, and the methods and other
   * members an instance has (none: any object).
   */
  readonly shapes: Map<string, { name: string; methods: string[]; members: string[] }>;
}

const ROOT = path.join(__dirname, '..');

/** Whether a set of TypeScript flags has a flag (the compiler's flags are bit sets). */
// eslint-disable-next-line no-bitwise
const hasFlag = (flags: number, flag: number) => (flags & flag) !== 0;
const SRC = path.join(ROOT, 'src');
export const GENERATED = path.join(SRC, '_prop-types.generated.ts');

/** Reads the runtime types of the sources under `src` (default: the library's). */
export function readPropTypes(src: string = SRC): PropTypes {
  const index = path.join(src, 'index.ts');
  const program = ts.createProgram([index], {
    target: ts.ScriptTarget.ES2020,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    strict: true,
    skipLibCheck: true,
    noEmit: true,
    types: [],
    ignoreDeprecations: '6.0',
  } as ts.CompilerOptions);
  const checker = program.getTypeChecker();
  const out: PropTypes = { constructs: [], factories: [], methods: [], structs: new Map(), bases: new Map(), enums: new Map(), shapes: new Map() };
  const declaredIn = (symbol: ts.Symbol | undefined) => {
    const file = symbol?.declarations?.[0]?.getSourceFile().fileName;
    return file === undefined ? undefined : path.resolve(file);
  };
  const isOwn = (symbol: ts.Symbol | undefined) => declaredIn(symbol)?.startsWith(src + path.sep) === true;
  /** The id of an own type: its name, under `apache.` when declared in src/apache (whose names repeat the operator's). */
  const idOf = (symbol: ts.Symbol) => {
    const rel = path.relative(src, declaredIn(symbol)!);
    return rel.startsWith(`apache${path.sep}`) ? `apache.${symbol.name}` : symbol.name;
  };
  /** A type of cdk8s-plus's Kubernetes API bindings (its namespace k8s), shown as `k8s.Container`. */
  const isKube = (symbol: ts.Symbol) => /[\\/]imports[\\/]k8s\.d\.ts$/.test(declaredIn(symbol) ?? '');
  const owners = new Map<string, string>();
  const claim = (id: string, symbol: ts.Symbol) => {
    const where = declaredIn(symbol) ?? '?';
    if (owners.has(id) && owners.get(id) !== where) throw new Error(`two types have the id ${id}: ${owners.get(id)} and ${where}`);
    owners.set(id, where);
  };

  const required = (type: ts.Type, methods: boolean) => checker.getPropertiesOfType(type)
    .filter((p) => !hasFlag(p.flags, ts.SymbolFlags.Optional) && (checker.getTypeOfSymbol(p).getCallSignatures().length > 0) === methods)
    .map((p) => p.name).sort();
  const methodsOf = (type: ts.Type) => required(type, true);

  const typeOf = (type: ts.Type): RuntimeType => {
    const f = type.flags;
    if (hasFlag(f, ts.TypeFlags.Any) || hasFlag(f, ts.TypeFlags.Unknown)) return 'any';
    const members = type.isUnion() ? type.types : [type];
    if (members.every((m) => hasFlag(m.flags, ts.TypeFlags.EnumLiteral))) {
      // The enum of a member, or the enum itself (an enum of one member).
      const declaration = members[0].symbol.valueDeclaration;
      const symbol = declaration && ts.isEnumMember(declaration) ? checker.getSymbolAtLocation(declaration.parent.name)! : members[0].symbol;
      const id = isOwn(symbol) ? idOf(symbol) : symbol.name;
      claim(id, symbol);
      if (!out.enums.has(id)) {
        const values: { [member: string]: string } = {};
        for (const m of checker.getExportsOfModule(symbol)) {
          values[m.name] = String(checker.getConstantValue(m.valueDeclaration as ts.EnumMember));
        }
        out.enums.set(id, values);
      }
      return { enum: id };
    }
    if (hasFlag(f, ts.TypeFlags.BooleanLike) || (type.isUnion() && members.every((m) => hasFlag(m.flags, ts.TypeFlags.BooleanLiteral)))) return 'boolean';
    if (hasFlag(f, ts.TypeFlags.StringLike)) return 'string';
    if (hasFlag(f, ts.TypeFlags.NumberLike)) return 'number';
    if (type.isUnion()) return { union: members.map(typeOf) };
    if (checker.isArrayType(type)) return { list: typeOf(checker.getTypeArguments(type as ts.TypeReference)[0]) };
    const indexInfo = checker.getIndexInfoOfType(type, ts.IndexKind.String);
    if (indexInfo && checker.getPropertiesOfType(type).length === 0) return { map: typeOf(indexInfo.type) };
    const symbol = type.aliasSymbol ?? type.symbol;
    const own = isOwn(symbol);
    const behavioural = hasFlag(symbol.flags, ts.SymbolFlags.Class) || /^I[A-Z]/.test(symbol.name) || methodsOf(type).length > 0;
    if (behavioural) {
      // Only the library's own classes and cdk8s' own values (Size, Duration) are told by their methods:
      // cdk8s-plus lines differ in theirs, and each line's objects are accepted.
      const id = own ? idOf(symbol) : isKube(symbol) ? `k8s.${symbol.name}` : symbol.name;
      claim(id, symbol);
      const fromCdk8s = /[\\/]node_modules[\\/]cdk8s[\\/]/.test(declaredIn(symbol) ?? '');
      // A class's other members are its fields and getters, which every instance has; an interface's need not be
      // there. Of cdk8s-plus's resources, every line has the name (IResource.name), which the library reads.
      // A construct (a scope) has its node.
      const fromConstructs = /[\\/]node_modules[\\/]constructs[\\/]/.test(declaredIn(symbol) ?? '');
      // A Kubernetes value class (k8s.IntOrString, k8s.Quantity) is its `value`, read by cdk8s-plus's renderers.
      const instanceMembers = (own || isKube(symbol)) && hasFlag(symbol.flags, ts.SymbolFlags.Class) ? required(type, false)
        : required(type, false).filter((m) => (!own && m === 'name') || (fromConstructs && m === 'node'));
      // Two of them tell an instance from a string, a number or an object literal; more only cost time for
      // every instance every construct is given (an `in` check walks the prototype chain).
      const methods = own || fromCdk8s ? methodsOf(type).slice(0, 2) : [];
      const told = methods.length > 0 ? [] : instanceMembers.slice(0, 2);
      if (!out.shapes.has(id)) out.shapes.set(id, { name: isKube(symbol) ? id : symbol.name, methods, members: told });
      return { instance: id };
    }
    // cdk8s-plus's Kubernetes structs (its namespace k8s) are checked like the library's own: its renderers call
    // `.map` on a list (cdk8s-plus-28 lib/imports/k8s.js:12142, toJson_Container: `obj.args?.map`) and read
    // `.value` of an IntOrString (:14526), so a wrong type there ends in a TypeError or is dropped without a word.
    const id = own ? idOf(symbol) : isKube(symbol) ? `k8s.${symbol.name}` : symbol.name;
    claim(id, symbol);
    if (!out.structs.has(id)) {
      out.structs.set(id, []);
      out.structs.set(id, fieldsOf(type));
      // The interfaces it extends, when they are structs too: the table lists their fields once.
      const bases = (type.isClassOrInterface() ? checker.getBaseTypes(type) : []).map(typeOf)
        .map((t) => (typeof t === 'object' && 'struct' in t ? t.struct : undefined));
      if (bases.length > 0 && bases.every((b) => b !== undefined)) out.bases.set(id, bases as string[]);
    }
    return { struct: id };
  };
  /** A property or parameter as a field (a parameter with a default value or `?` is optional). */
  const field = (p: ts.Symbol): Field => {
    const declaration = p.valueDeclaration;
    const optionalParameter = declaration !== undefined && ts.isParameter(declaration)
      && (declaration.questionToken !== undefined || declaration.initializer !== undefined);
    return {
      name: p.name,
      optional: hasFlag(p.flags, ts.SymbolFlags.Optional) || optionalParameter,
      type: typeOf(checker.getNonNullableType(checker.getTypeOfSymbol(p))),
    };
  };
  const fieldsOf = (type: ts.Type): Field[] => checker.getPropertiesOfType(type).map(field);

  const visit = (moduleSymbol: ts.Symbol, prefix: string) => {
    for (const exported of checker.getExportsOfModule(moduleSymbol)) {
      const symbol = hasFlag(exported.flags, ts.SymbolFlags.Alias) ? checker.getAliasedSymbol(exported) : exported;
      if (hasFlag(symbol.flags, ts.SymbolFlags.ValueModule)) {
        visit(symbol, `${prefix}${exported.name}.`);
        continue;
      }
      if (!hasFlag(symbol.flags, ts.SymbolFlags.Class) || !symbol.valueDeclaration) continue;
      const ctor = checker.getTypeOfSymbolAtLocation(symbol, symbol.valueDeclaration);
      for (const method of checker.getPropertiesOfType(ctor)) {
        const declaration = method.valueDeclaration;
        if (!declaration || !ts.isMethodDeclaration(declaration) || method.name.startsWith('_')) continue;
        const modifiers = ts.getCombinedModifierFlags(declaration);
        if (hasFlag(modifiers, ts.ModifierFlags.Private) || hasFlag(modifiers, ts.ModifierFlags.Protected)) continue;
        const [signature] = checker.getTypeOfSymbol(method).getCallSignatures();
        out.factories.push({ name: `${prefix}${exported.name}.${method.name}`, params: signature.getParameters().map((p) => field(p)) });
      }
      for (const method of checker.getPropertiesOfType(checker.getDeclaredTypeOfSymbol(symbol))) {
        const declaration = method.valueDeclaration;
        if (!declaration || !ts.isMethodDeclaration(declaration) || method.name.startsWith('_')) continue;
        const modifiers = ts.getCombinedModifierFlags(declaration);
        if (hasFlag(modifiers, ts.ModifierFlags.Private) || hasFlag(modifiers, ts.ModifierFlags.Protected)) continue;
        const [signature] = checker.getTypeOfSymbol(method).getCallSignatures();
        const params = signature.getParameters().map((p) => field(p));
        if (params.length > 0) out.methods.push({ name: `${prefix}${exported.name}.${method.name}`, params });
      }
      for (const signature of ctor.getConstructSignatures()) {
        const [scope, , props] = signature.getParameters();
        if (scope?.name !== 'scope' || props?.name !== 'props') continue;
        const type = typeOf(checker.getNonNullableType(checker.getTypeOfSymbolAtLocation(props, props.valueDeclaration!)));
        if (typeof type !== 'object' || !('struct' in type)) throw new Error(`${prefix}${exported.name}: its props are not a struct of the library`);
        out.constructs.push({ name: `${prefix}${exported.name}`, props: type.struct });
      }
    }
  };
  visit(checker.getSymbolAtLocation(program.getSourceFile(index)!)!, '');
  out.constructs.sort((a, b) => a.name.localeCompare(b.name));
  return out;
}

/** A runtime type as TypeScript source (the generated table's literal). */
function literal(type: RuntimeType): string {
  if (typeof type === 'string') return `'${type}'`;
  const [[key, value]] = Object.entries(type);
  if (key === 'list' || key === 'map') return `{ ${key}: ${literal(value)} }`;
  if (key === 'union') return `{ union: [${(value as RuntimeType[]).map(literal).join(', ')}] }`;
  return `{ ${key}: '${value}' }`;
}

const sortedKeys = <V>(map: Map<string, V>) => [...map.keys()].sort();
const quoted = (s: string) => (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(s) ? s : `'${s}'`);

/** The structs, enums and instance types the constructs' props and the factories' parameters reach. */
function reachable(types: PropTypes): { structs: Set<string>; enums: Set<string>; shapes: Set<string> } {
  const out = { structs: new Set<string>(), enums: new Set<string>(), shapes: new Set<string>() };
  const visit = (type: RuntimeType): void => {
    if (typeof type !== 'object') return;
    if ('list' in type) visit(type.list);
    else if ('map' in type) visit(type.map);
    else if ('union' in type) type.union.forEach(visit);
    else if ('enum' in type) out.enums.add(type.enum);
    else if ('instance' in type) out.shapes.add(type.instance);
    else if ('struct' in type) visitStruct(type.struct);
  };
  const visitStruct = (id: string): void => {
    if (out.structs.has(id)) return;
    out.structs.add(id);
    (types.bases.get(id) ?? []).forEach(visitStruct);
    types.structs.get(id)!.forEach((f) => visit(f.type));
  };
  types.constructs.forEach((c) => visitStruct(c.props));
  types.factories.forEach((f) => f.params.forEach((p) => visit(p.type)));
  // The structs the constructs' methods take (`addJobNamespace`'s options), which they check with the table.
  types.methods.forEach((m) => m.params.forEach((p) => visit(p.type)));
  return out;
}

/** The text of src/_prop-types.generated.ts. */
export function renderPropTypes(all: PropTypes): string {
  const reached = reachable(all);
  const only = <V>(map: Map<string, V>, ids: Set<string>) => new Map([...map].filter(([id]) => ids.has(id)));
  const types = {
    ...all,
    structs: only(all.structs, reached.structs),
    bases: only(all.bases, reached.structs),
    enums: only(all.enums, reached.enums),
    shapes: only(all.shapes, reached.shapes),
  };
  const lines = [
    '// Generated by `npx projen gen-prop-types` (scripts/prop-types.ts) from the props interfaces of src/: do not edit.',
    'import type { PropTypeTable } from \'./_prop-types\';',
    '',
    'export const PROP_TYPES: PropTypeTable = {',
    '  structs: {',
  ];
  // A struct's own fields: those its bases do not have as they are.
  const inherited = (id: string) => new Map((types.bases.get(id) ?? []).flatMap((b) => types.structs.get(b)!)
    .map((f) => [f.name, `${literal(f.type)}${f.optional ? '?' : ''}`]));
  const own = (id: string) => {
    const from = inherited(id);
    return types.structs.get(id)!.filter((f) => from.get(f.name) !== `${literal(f.type)}${f.optional ? '?' : ''}`);
  };
  // One line a struct: the table is data, read by the checker, not by people editing it.
  for (const id of sortedKeys(types.structs)) {
    lines.push(`    ${quoted(id)}: { ${own(id).map((field) => `${quoted(field.name)}: ${literal(field.type)}`).join(', ')} },`);
  }
  lines.push('  },', '  bases: {');
  for (const id of sortedKeys(types.bases)) lines.push(`    ${quoted(id)}: [${types.bases.get(id)!.map((b) => `'${b}'`).join(', ')}],`);
  lines.push('  },', '  required: {');
  for (const id of sortedKeys(types.structs)) {
    const required = own(id).filter((f) => !f.optional).map((f) => `'${f.name}'`);
    if (required.length > 0) lines.push(`    ${quoted(id)}: [${required.join(', ')}],`);
  }
  // The factories that take parameters (isConstruct and the like take anything).
  const factories = types.factories.filter((f) => f.params.some((p) => p.type !== 'any')).sort((a, b) => a.name.localeCompare(b.name));
  lines.push('  },', '  factories: {');
  for (const f of factories) {
    lines.push(`    ${quoted(f.name)}: [${f.params.map((p) => `['${p.name}', ${literal(p.type)}, ${p.optional}]`).join(', ')}],`);
  }
  lines.push('  },', '  enums: {');
  for (const id of sortedKeys(types.enums)) {
    const values = types.enums.get(id)!;
    lines.push(`    ${quoted(id)}: { ${Object.entries(values).map(([m, v]) => `${quoted(m)}: '${v}'`).join(', ')} },`);
  }
  lines.push('  },', '  shapes: {');
  for (const id of sortedKeys(types.shapes)) {
    const { name, methods, members } = types.shapes.get(id)!;
    const list = (names: string[]) => `[${names.map((m) => `'${m}'`).join(', ')}]`;
    lines.push(`    ${quoted(id)}: { name: '${name}', methods: ${list(methods)}, members: ${list(members)} },`);
  }
  lines.push('  },', '};', '');
  // The ids as literal types, so a decorator naming one that does not exist does not compile (the table's own
  // type stays PropTypeTable: its declaration file is then a few lines, not every literal of the table).
  const union = (ids: string[]) => ids.map((id) => `\n  | '${id}'`).join('');
  // Only the library's own: a decorator names a props struct, never a Kubernetes one.
  lines.push(`/** The id of a struct of the library. */\nexport type StructId =${union(sortedKeys(types.structs).filter((id) => !id.startsWith('k8s.')))};`, '');
  lines.push(`/** A factory with parameters. */\nexport type FactoryId =${union(factories.map((f) => f.name))};`, '');
  return lines.join('\n');
}

if (require.main === module) {
  fs.writeFileSync(GENERATED, renderPropTypes(readPropTypes()));
  console.log(`wrote ${path.relative(ROOT, GENERATED)}`);
}
