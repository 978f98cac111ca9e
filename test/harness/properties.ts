/**
 * How Spark reads `spark-defaults.conf`: `java.util.Properties.load` on a
 * UTF-8 reader (Utils.getPropertiesFromFile, core/src/main/scala/org/apache/
 * spark/util/Utils.scala), then each value trimmed. This is the JDK's
 * algorithm (java.util.Properties#load): logical lines joined across a
 * trailing odd run of backslashes, comment lines starting with `#` or `!`,
 * the key ending at the first unescaped `=`, `:` or whitespace, escapes
 * `\t \n \r \f \uXXXX` and `\x` for any other x.
 */

const WHITESPACE = new Set([' ', '\t', '\f']);

/** The logical lines of a properties text (continuations joined, comments and blank lines dropped). */
function logicalLines(text: string): string[] {
  const physical = text.split(/\r\n|\r|\n/);
  const out: string[] = [];
  let current: string | undefined;
  for (const raw of physical) {
    let line = raw;
    if (current !== undefined) {
      // A continuation line starts after its leading whitespace.
      line = line.replace(/^[ \t\f]+/, '');
    } else {
      const trimmed = line.replace(/^[ \t\f]+/, '');
      if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith('!')) continue;
      line = trimmed;
    }
    const trailing = /\\*$/.exec(line)![0].length;
    const continues = trailing % 2 === 1;
    const body = continues ? line.slice(0, -1) : line;
    current = (current ?? '') + body;
    if (!continues) {
      out.push(current);
      current = undefined;
    }
  }
  if (current !== undefined) out.push(current);
  return out;
}

/** Decodes the escapes of a key or value. */
function unescape(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c !== '\\' || i === s.length - 1) {
      out += c;
      continue;
    }
    const n = s[++i];
    if (n === 'u') {
      out += String.fromCharCode(parseInt(s.slice(i + 1, i + 5), 16));
      i += 4;
    } else {
      out += ({ t: '\t', n: '\n', r: '\r', f: '\f' } as { [c: string]: string })[n] ?? n;
    }
  }
  return out;
}

/** Splits a logical line into its raw key and raw value. */
function split(line: string): [string, string] {
  let i = 0;
  while (i < line.length) {
    const c = line[i];
    if (c === '\\') {
      i += 2;
      continue;
    }
    if (c === '=' || c === ':' || WHITESPACE.has(c)) break;
    i++;
  }
  const key = line.slice(0, i);
  let j = i;
  while (j < line.length && WHITESPACE.has(line[j])) j++;
  if (j < line.length && (line[j] === '=' || line[j] === ':')) {
    j++;
    while (j < line.length && WHITESPACE.has(line[j])) j++;
  }
  return [key, line.slice(j)];
}

/** Spark's `trimExceptCRLF`: leading and trailing characters up to U+0020 except CR and LF go. */
function sparkTrim(s: string): string {
  const strip = (c: string) => c <= ' ' && c !== '\r' && c !== '\n';
  let a = 0;
  let b = s.length;
  while (a < b && strip(s[a])) a++;
  while (b > a && strip(s[b - 1])) b--;
  return s.slice(a, b);
}

/** The properties Spark reads from a `spark-defaults.conf` text, in file order (a later key wins). */
export function loadProperties(text: string): { [key: string]: string } {
  const out: { [key: string]: string } = {};
  for (const line of logicalLines(text)) {
    const [key, value] = split(line);
    out[unescape(key)] = sparkTrim(unescape(value));
  }
  return out;
}
