import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { placeholderFields } = require('../../scripts/publish-metadata.js');

const ROOT = path.join(__dirname, '..', '..');
const SCRIPT = path.join(ROOT, 'scripts', 'publish-metadata.js');
const REAL = {
  name: 'x',
  repository: { type: 'git', url: 'https://github.com/some-org/cdk8s-spark.git' },
  author: { name: 'cdk8s-spark maintainers', email: 'maintainers@some-org.dev', organization: true },
};

describe('publish metadata', () => {
  test('npm runs the check before publishing (prepublishOnly), not before packing', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf-8'));
    expect(pkg.scripts.prepublishOnly).toBe('node scripts/publish-metadata.js');
    expect(Object.keys(pkg.scripts).filter((s) => /^(pre|post)pack$|^prepare$/.test(s))).toEqual([]);
  });

  test('refuses this repository\'s package.json until the real repository and address are set (then this test changes with them)', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf-8'));
    expect(placeholderFields(pkg).map(([field]: string[]) => field)).toEqual(['repository.url', 'author.email']);
  });

  test.each([
    ['https://example.com/cdk8s-spark.git', 'repository.url'],
    ['git+https://www.example.org/x.git', 'repository.url'],
    ['git@example.net:team/x.git', 'repository.url'],
    ['https://git.cdk8s-spark.example/x.git', 'repository.url'],
    ['https://host.invalid/x.git', 'repository.url'],
    ['http://localhost/x.git', 'repository.url'],
    ['not a url', 'repository.url'],
    ['', 'repository.url'],
  ])('refuses the repository %j', (url, field) => {
    expect(placeholderFields({ ...REAL, repository: { type: 'git', url } }).map(([f]: string[]) => f)).toEqual([field]);
  });

  test.each([
    ['maintainers@cdk8s-spark.example', 'author.email'],
    ['someone@example.com', 'author.email'],
  ])('refuses the author address %j', (email, field) => {
    expect(placeholderFields({ ...REAL, author: { ...REAL.author, email } }).map(([f]: string[]) => f)).toEqual([field]);
  });

  test('accepts real metadata, a repository given as a string, and an author without an address', () => {
    expect(placeholderFields(REAL)).toEqual([]);
    expect(placeholderFields({ ...REAL, repository: 'https://gitlab.com/team/x.git', author: 'Team' })).toEqual([]);
    // npm's shorthands for hosted repositories.
    for (const repository of ['github:team/x', 'gitlab:team/x', 'bitbucket:team/x', 'team/x', 'git@github.com:team/x.git', 'git+ssh://git@github.com/team/x.git']) {
      expect(placeholderFields({ ...REAL, repository })).toEqual([]);
    }
    // Hosts that merely contain a reserved word are real.
    expect(placeholderFields({ ...REAL, repository: 'https://examples.dev/x.git', homepage: 'https://testing.io' })).toEqual([]);
    expect(placeholderFields({ ...REAL, author: {} }).map(([f]: string[]) => f)).toEqual(['author.name']);
  });

  test('the command exits 1 naming every placeholder and the fix, and 0 on real metadata', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'publish-metadata-'));
    const placeholder = path.join(dir, 'placeholder.json');
    fs.writeFileSync(placeholder, JSON.stringify({ ...REAL, repository: { url: 'https://example.com/x.git' }, author: { name: 'a', email: 'a@b.example' } }));
    let stderr = '';
    try {
      execFileSync(process.execPath, [SCRIPT, placeholder], { stdio: 'pipe' });
    } catch (e: any) {
      expect(e.status).toBe(1);
      stderr = e.stderr.toString();
    }
    expect(stderr).toContain('repository.url "https://example.com/x.git" uses example.com, a name reserved for examples');
    expect(stderr).toContain('author.email "a@b.example" uses b.example');
    expect(stderr).toContain('.projenrc.ts (repositoryUrl, authorAddress)');
    const real = path.join(dir, 'real.json');
    fs.writeFileSync(real, JSON.stringify(REAL));
    expect(execFileSync(process.execPath, [SCRIPT, real], { encoding: 'utf-8' })).toBe('');
  });
});
