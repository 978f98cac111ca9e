/*
 * Refuses to publish a package whose metadata points nowhere: npm runs this
 * as `prepublishOnly` (before `npm publish`, not before `npm pack`). The
 * repository URL, the author's address and the homepage must not use the
 * names reserved for examples and tests (RFC 2606 and RFC 6761: example,
 * example.com/.net/.org, the .example, .invalid, .test and .localhost
 * top-level domains, localhost). Set them in .projenrc.ts (`repositoryUrl`,
 * `authorAddress`) and run `npx projen`.
 *
 *   node scripts/publish-metadata.js [package.json]
 */
'use strict';
const fs = require('fs');
const path = require('path');

const RESERVED_HOST = /^(?:(?:[^.]+\.)*example(?:\.(?:com|net|org))?|(?:[^.]+\.)*(?:invalid|test|localhost)|localhost)$/i;

/** The host a URL, a git remote (`git@host:path`, `git+https://`) or an e-mail address names, or undefined. */
function hostOf(value) {
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  const email = /^[^@\s/:]+@([^@\s/:]+)$/.exec(text);
  if (email) return email[1];
  const scp = /^[^@\s/]+@([^:\s/]+):/.exec(text);
  if (scp) return scp[1];
  // npm's shorthands: `github:user/repo` (and gitlab:, bitbucket:, gist:), and a bare `user/repo` for GitHub.
  const shorthand = /^(github|gitlab|bitbucket|gist):[^\s]+$/.exec(text);
  if (shorthand) return { github: 'github.com', gitlab: 'gitlab.com', bitbucket: 'bitbucket.org', gist: 'gist.github.com' }[shorthand[1]];
  if (/^[\w.-]+\/[\w.-]+$/.test(text)) return 'github.com';
  try {
    return new URL(text.replace(/^git\+/, '')).hostname || undefined;
  } catch {
    return undefined;
  }
}

/** The fields of a package.json that point at a placeholder or at nothing, as [field, value, why]. */
function placeholderFields(pkg) {
  const out = [];
  const check = (field, value, required) => {
    if (value === undefined || value === '') {
      if (required) out.push([field, value, 'is missing']);
      return;
    }
    const host = hostOf(value);
    if (host === undefined) out.push([field, value, 'names no host']);
    else if (RESERVED_HOST.test(host)) out.push([field, value, `uses ${host}, a name reserved for examples`]);
  };
  const repository = typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url;
  check('repository.url', repository, true);
  const author = typeof pkg.author === 'string' ? { name: pkg.author } : (pkg.author ?? {});
  if (!author.name) out.push(['author.name', author.name, 'is missing']);
  check('author.email', author.email, false);
  check('author.url', author.url, false);
  check('homepage', pkg.homepage, false);
  return out;
}

module.exports = { placeholderFields, hostOf };

if (require.main === module) {
  const file = path.resolve(process.argv[2] ?? 'package.json');
  const found = placeholderFields(JSON.parse(fs.readFileSync(file, 'utf-8')));
  if (found.length > 0) {
    console.error(`refusing to publish ${path.relative(process.cwd(), file) || file}: its metadata points nowhere`);
    for (const [field, value, why] of found) console.error(`  ${field} ${JSON.stringify(value)} ${why}`);
    console.error('set the real repository and address in .projenrc.ts (repositoryUrl, authorAddress), run `npx projen`, then publish again');
    process.exit(1);
  }
}
