/**
 * What happens to a container argument on its way to a process: the kubelet
 * expands `$(VAR)` references (third_party/forked/golang/expansion/expand.go:
 * `$$` is a literal `$`, `$(NAME)` runs to the next `)` and is replaced when
 * NAME is defined, kept as written otherwise), and for a `bash -c` argument
 * (the operator's SparkConnect server) bash then splits words. This module
 * simulates both, and reports anything in the bash line that bash would run or
 * redirect rather than pass on as text.
 */

/** The kubelet's expansion of one argument, with the given environment. */
export function kubeletExpand(s: string, env: { [name: string]: string } = {}): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    if (s[i] !== '$' || i === s.length - 1) {
      out += s[i];
      continue;
    }
    const next = s[i + 1];
    if (next === '$') {
      out += '$';
      i++;
    } else if (next === '(') {
      const close = s.indexOf(')', i + 2);
      if (close < 0) {
        out += '$(';
        i++;
      } else {
        const name = s.slice(i + 2, close);
        out += name in env ? env[name] : `$(${name})`;
        i = close;
      }
    } else {
      out += `$${next}`;
      i++;
    }
  }
  return out;
}

/** The words of a `bash -c` line, and the first unquoted character bash would interpret instead of passing on. */
export function bashWords(line: string): { words: string[]; syntax?: string } {
  const words: string[] = [];
  let word: string | undefined;
  let syntax: string | undefined;
  const add = (c: string) => { word = (word ?? '') + c; };
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === ' ' || c === '\t' || c === '\n') {
      if (word !== undefined) words.push(word);
      word = undefined;
      if (c === '\n') syntax ??= 'a line break';
    } else if (c === '\'') {
      const close = line.indexOf('\'', i + 1);
      if (close < 0) {
        syntax ??= 'an unclosed quote';
        break;
      }
      add(line.slice(i + 1, close));
      i = close;
    } else if (c === '"') {
      syntax ??= 'a double quote';
      add(c);
    } else if (c === '\\') {
      add(line[++i] ?? '');
    } else if ('|&;<>()`$*?[]{}~#!'.includes(c)) {
      // `$` expands, `*?[` glob, the rest control or redirect: none is plain text.
      if (!(c === '#' && word !== undefined) && !(c === '~' && word !== undefined)) syntax ??= `'${c}'`;
      add(c);
    } else {
      add(c);
    }
  }
  if (word !== undefined) words.push(word);
  return { words, syntax };
}
