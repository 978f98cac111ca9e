/**
 * The strings the test suite asserts, as patterns: every string literal,
 * template literal and `+` chain of them in `test/**\/*.test.ts`, with the
 * `${...}` holes that name a string constant of the same file filled in and
 * the others left open. The README quotes messages; each must be one of
 * these, so a message the code no longer gives cannot stay in the README.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

/** A part of a pattern: literal text, or a hole (`null`) that matches anything. */
type Part = string | null;

/** A string the tests assert, split into literal text and holes. */
export interface TestString {
  readonly file: string;
  readonly parts: Part[];
}

/** The literal parts and holes of a string-valued expression, or undefined when it is not one. */
function partsOf(node: ts.Node, constants: Map<string, Part[]>, depth = 0): Part[] | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return [node.text];
  if (ts.isParenthesizedExpression(node)) return partsOf(node.expression, constants, depth);
  if (ts.isTemplateExpression(node)) {
    const parts: Part[] = [node.head.text];
    for (const span of node.templateSpans) {
      parts.push(...holeOf(span.expression, constants, depth), span.literal.text);
    }
    return parts;
  }
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const left = partsOf(node.left, constants, depth) ?? holeOf(node.left, constants, depth);
    const right = partsOf(node.right, constants, depth) ?? holeOf(node.right, constants, depth);
    // A sum is a string only when one side is.
    if (!left.some((p) => typeof p === 'string' && p !== '') && !right.some((p) => typeof p === 'string' && p !== '')) return undefined;
    return [...left, ...right];
  }
  return undefined;
}

/** What a `${...}` hole holds: a constant of the file, spelled out, or anything. */
function holeOf(expression: ts.Expression, constants: Map<string, Part[]>, depth: number): Part[] {
  if (ts.isIdentifier(expression) && constants.has(expression.text) && depth < 5) return constants.get(expression.text)!;
  return partsOf(expression, constants, depth + 1) ?? [null];
}

/** Every string the test files under `dir` assert. */
export function testStrings(dir: string, skip: (file: string) => boolean): TestString[] {
  const out: TestString[] = [];
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const file = path.join(d, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (entry.name.endsWith('.test.ts') && !skip(file)) out.push(...stringsOf(file));
    }
  };
  walk(dir);
  return out;
}

function stringsOf(file: string): TestString[] {
  const sf = ts.createSourceFile(file, fs.readFileSync(file, 'utf-8'), ts.ScriptTarget.Latest, true);
  // String constants (`const X = '...'`): at the top of the file, or named in capitals anywhere
  // (a lower-case name in a nested scope may mean something else where it is used).
  const constants = new Map<string, Part[]>();
  const collect = (node: ts.Node) => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer && ts.isVariableDeclarationList(node.parent)
      && /^const\b/.test(node.parent.getText(sf))
      && (/^[A-Z][A-Z0-9_]*$/.test(node.name.text) || ts.isSourceFile(node.parent.parent.parent))) {
      const parts = partsOf(node.initializer, constants);
      if (parts) constants.set(node.name.text, parts);
    }
    ts.forEachChild(node, collect);
  };
  collect(sf);
  const out: TestString[] = [];
  const visit = (node: ts.Node) => {
    const parts = partsOf(node, constants);
    if (parts) out.push({ file, parts });
    // Strings inside strings too: a message in a list joined into a longer one.
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Whether a test string is `message`, or `message` after a construct path
 * (`[test/App] ...`), with its literal text making up at least `share` of it.
 */
export function assertsMessage(t: TestString, message: string, share = 0.6): boolean {
  const literal = t.parts.reduce((n, p) => n + (p ?? '').length, 0);
  const pattern = t.parts.map((p) => (p === null ? '[\\s\\S]*?' : escape(p))).join('');
  // A leading construct path (`\[test/App\] ` once escaped) may be left out.
  const prefix = /^\\\[[^\]]*\\\] /.exec(pattern);
  const candidates: [string, number][] = [[pattern, literal]];
  if (prefix) candidates.push([pattern.slice(prefix[0].length), literal - (prefix[0].length - 2)]);
  for (const [regex, literalHere] of candidates) {
    if (literalHere >= share * message.length && new RegExp(`^${regex}$`).test(message)) return true;
  }
  return false;
}
