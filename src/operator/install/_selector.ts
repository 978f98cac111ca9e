/**
 * Kubernetes label selectors as `k8s.io/apimachinery/pkg/labels.Parse` reads
 * them (the controller's `--namespace-selector`):
 *
 *   <selector>    ::= <requirement> | <requirement> "," <selector>
 *   <requirement> ::= ["!"] KEY [ ("in" | "notin") "(" VALUES ")" | ("=" | "==" | "!=") VALUE | (">" | "<") INTEGER ]
 *
 * KEY is a label key (`[prefix/]name`), VALUE a label value (may be empty).
 */

type TokenType = 'id' | 'in' | 'notin' | '!' | '=' | '==' | '!=' | '>' | '<' | '(' | ')' | ',' | 'end';

interface Token {
  readonly type: TokenType;
  readonly text: string;
}

const SPECIAL = new Set(['=', '!', '(', ')', ',', '>', '<']);
const WHITESPACE = new Set([' ', '\t', '\r', '\n']);

/**
 * The lexer of labels.Parse: identifiers run to whitespace or a special
 * symbol; symbols are read greedily (`!=` and `==`; every single special
 * character is a symbol of its own).
 */
function lex(s: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (true) {
    while (i < s.length && WHITESPACE.has(s[i])) i++;
    if (i >= s.length) {
      tokens.push({ type: 'end', text: '' });
      return tokens;
    }
    if (SPECIAL.has(s[i])) {
      const two = s.slice(i, i + 2);
      const symbol = two === '!=' || two === '==' ? two : s[i];
      tokens.push({ type: symbol as TokenType, text: symbol });
      i += symbol.length;
      continue;
    }
    let word = '';
    while (i < s.length && !SPECIAL.has(s[i]) && !WHITESPACE.has(s[i])) word += s[i++];
    tokens.push({ type: word === 'in' || word === 'notin' ? word : 'id', text: word });
  }
}

const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function keyProblem(key: string): string | undefined {
  const slash = key.indexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && (prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix))) {
    return `the key '${key}' has a prefix that is not a DNS subdomain`;
  }
  if (name.length > 63 || !LABEL_NAME.test(name)) {
    return `the key '${key}' is not a label key (at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit, after an optional prefix/)`;
  }
  return undefined;
}

function valueProblem(value: string): string | undefined {
  if (value === '' || (value.length <= 63 && LABEL_NAME.test(value))) return undefined;
  return `the value '${value}' is not a label value (at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit)`;
}

/** A token as labels.Parse names what it found. */
function found(t: Token): string {
  return t.type === 'end' ? 'the end' : `'${t.text}'`;
}

/** Why a string is not a label selector, in the words of labels.Parse where it can; undefined when it is one. */
export function labelSelectorProblem(selector: string): string | undefined {
  const tokens = lex(selector);
  let pos = 0;
  // In a value position 'in' and 'notin' are plain identifiers (labels.Parse's Values context).
  const peek = (asValue = false): Token => {
    const t = tokens[pos];
    return asValue && (t.type === 'in' || t.type === 'notin') ? { type: 'id', text: t.text } : t;
  };
  const next = (asValue = false): Token => {
    const t = peek(asValue);
    pos++;
    return t;
  };
  while (true) {
    let t = next(true);
    if (t.type === 'end') return undefined;
    const negated = t.type === '!';
    if (negated) t = next(true);
    if (t.type !== 'id') return `found ${found(t)} where a label key is expected`;
    const key = t.text;
    const keyError = keyProblem(key);
    if (keyError) return keyError;
    const after = peek(true);
    if (after.type === ',' || after.type === 'end' || negated) {
      if (negated && after.type !== ',' && after.type !== 'end') return `found ${found(after)} after '!${key}', expected ',' or the end`;
    } else {
      const op = next();
      const values: string[] = [];
      if (op.type === 'in' || op.type === 'notin') {
        if (next(true).type !== '(') return `expected '(' after '${op.text}'`;
        while (peek(true).type !== ')') {
          const v = next(true);
          if (v.type === 'id') {
            values.push(v.text);
            const then = peek(true);
            if (then.type !== ',' && then.type !== ')') return `found ${found(then)} after the value '${v.text}' of '${key}', expected ',' or ')'`;
          } else if (v.type !== ',') {
            return `found ${found(v)} in the value list of '${key}', expected a value, ',' or ')'`;
          }
        }
        next(true);
      } else if (['=', '==', '!=', '>', '<'].includes(op.type)) {
        const v = peek(true);
        if (v.type === 'id') values.push(next(true).text);
        else if (v.type !== ',' && v.type !== 'end') return `found ${found(v)} after '${key}${op.text}', expected a value`;
        else values.push('');
        if ((op.type === '>' || op.type === '<') && !/^-?\d+$/.test(values[0])) return `'${key}${op.text}' needs a whole number, got '${values[0]}'`;
      } else {
        return `found ${found(op)} after the key '${key}', expected '=', '!=', '==', 'in', 'notin', '>', '<', ',' or the end`;
      }
      const bad = values.map(valueProblem).find((p) => p !== undefined);
      if (bad) return bad;
    }
    const sep = next(true);
    if (sep.type === 'end') return undefined;
    if (sep.type !== ',') return `found ${found(sep)}, expected ',' or the end`;
    const head = peek(true);
    if (head.type !== 'id' && head.type !== '!') return `found ${found(head)} after ',', expected a requirement`;
  }
}
