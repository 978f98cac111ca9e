import * as fc from 'fast-check';
import { ApplicationFile } from '../../src';

const REMOTE = ['s3a', 's3', 'gs', 'https', 'http', 'hdfs', 'abfs', 'abfss', 'wasb', 'wasbs', 'oss', 'cos'];

describe('ApplicationFile.fromImagePath', () => {
  test('an absolute path in the image renders as local://', () => {
    const file = ApplicationFile.fromImagePath('/opt/spark/examples/jars/spark-examples.jar');
    expect(file.uri).toBe('local:///opt/spark/examples/jars/spark-examples.jar');
    expect(file.isLocal).toBe(true);
    expect(file.extension).toBe('jar');
    expect(file._problem()).toBeUndefined();
  });

  test.each<[string, string]>([
    ['opt/app/job.py', 'use \'/opt/app/job.py\''],
    ['./job.py', 'use \'/job.py\''],
    ['job.py', 'use \'/job.py\''],
  ])('fails on the relative path %j', (path, fix) => {
    expect(ApplicationFile.fromImagePath(path)._problem()).toEqual({ value: path, requirement: 'must be an absolute path inside the image', fix });
  });

  test.each(['../job.py', './../app/job.py', '.', ''])('fails on %j, which names no place without the working directory, asking for the real path', (path) => {
    expect(ApplicationFile.fromImagePath(path)._problem())
      .toEqual({ value: path, requirement: 'must be an absolute path inside the image', fix: 'give the file\'s absolute path in the image, e.g. \'/opt/app/job.py\'' });
  });

  test.each<[string, string]>([
    ['/opt/app/../jobs/job.py', '/opt/jobs/job.py'],
    ['/opt/./app/job.py', '/opt/app/job.py'],
    ['/../job.py', '/job.py'],
  ])('fails on %j with a \'.\' or \'..\' segment, suggesting %j', (path, normal) => {
    expect(ApplicationFile.fromImagePath(path)._problem())
      .toEqual({ value: path, requirement: 'must not contain \'.\' or \'..\' segments', fix: `use '${normal}'` });
  });

  test('refuses exactly the absolute paths with a \'.\' or \'..\' segment', () => {
    const paths = fc.array(fc.constantFrom('opt', '.', '..', '...', '.x', 'x.', '', 'job.py'), { minLength: 1, maxLength: 6 }).map((s) => `/${s.join('/')}`);
    fc.assert(fc.property(paths, (path) => {
      const dotSegment = path.split('/').slice(1).some((s) => s === '.' || s === '..');
      expect(ApplicationFile.fromImagePath(path)._problem()?.requirement === 'must not contain \'.\' or \'..\' segments').toBe(dotSegment);
    }), { numRuns: 500, seed: 20261202 });
  });

  test('fails on a path that is not a string', () => {
    expect(ApplicationFile.fromImagePath(42 as any)._problem())
      .toEqual({ value: 42, requirement: 'must be a path string', fix: 'use e.g. ApplicationFile.fromImagePath(\'/opt/app/job.py\')' });
  });
});

describe('ApplicationFile.fromUrl', () => {
  test('fails on a URL that is not a string', () => {
    expect(ApplicationFile.fromUrl(undefined as any)._problem())
      .toEqual({ value: undefined, requirement: 'must be a URL string', fix: 'use e.g. ApplicationFile.fromUrl(\'s3a://bucket/job.py\')' });
  });

  test.each(REMOTE)('accepts the remote scheme %s', (scheme) => {
    const file = ApplicationFile.fromUrl(`${scheme}://bucket/jobs/etl.py`);
    expect(file.uri).toBe(`${scheme}://bucket/jobs/etl.py`);
    expect(file.isLocal).toBe(false);
    expect(file.extension).toBe('py');
    expect(file._problem()).toBeUndefined();
  });

  test('the scheme is read case-insensitively and the URL kept as given', () => {
    const file = ApplicationFile.fromUrl('S3A://bucket/Job.JAR');
    expect(file._problem()).toBeUndefined();
    expect(file.uri).toBe('S3A://bucket/Job.JAR');
    expect(file.extension).toBe('jar');
  });

  test('a local:// URL is a file in the image', () => {
    const file = ApplicationFile.fromUrl('local:///opt/app/job.R');
    expect(file._problem()).toBeUndefined();
    expect(file.isLocal).toBe(true);
    expect(file.extension).toBe('r');
  });

  test('fails on a file:// URL, pointing at the image path', () => {
    expect(ApplicationFile.fromUrl('file:///tmp/job.py')._problem()).toEqual({
      value: 'file:///tmp/job.py',
      requirement: 'must not be a file:// URL, which names a file on the machine that submits, not in the cluster',
      fix: 'bake the file into the image and use ApplicationFile.fromImagePath(\'/tmp/job.py\'), or upload it and use an s3a:// or https:// URL',
    });
    expect(ApplicationFile.fromUrl('FILE:///tmp/job.py')._problem()?.fix)
      .toBe('bake the file into the image and use ApplicationFile.fromImagePath(\'/tmp/job.py\'), or upload it and use an s3a:// or https:// URL');
  });

  test.each(['jobs/etl.py', '/opt/app/etl.py', 'local:/opt/app/etl.py', ''])('fails on %j, which has no scheme', (url) => {
    expect(ApplicationFile.fromUrl(url)._problem()).toEqual({
      value: url,
      requirement: 'must be an absolute URL; a relative path cannot be resolved in the cluster',
      fix: 'use ApplicationFile.fromImagePath(\'/opt/app/...\') for a file in the image, or a remote URL such as \'s3a://bucket/path\'',
    });
  });

  test.each(['ftp://host/job.jar', 'git://host/repo', 'sftp://host/job.py'])('fails on %j, whose scheme Spark cannot fetch', (url) => {
    expect(ApplicationFile.fromUrl(url)._problem()).toEqual({
      value: url,
      requirement: 'must use a scheme Spark can fetch (s3a, s3, gs, https, http, hdfs, abfs, abfss, wasb, wasbs, oss, cos)',
      fix: 'upload the file to object storage or bake it into the image',
    });
  });
});

describe('ApplicationFile.extension', () => {
  test.each<[string, string]>([
    ['s3a://b/jobs/etl.py', 'py'],
    ['s3a://b/jobs/etl.R', 'r'],
    ['s3a://b/jobs/app.tar.gz', 'gz'],
    ['https://host/app.jar?token=abc.def', 'jar'],
    ['https://host/app.zip#frag.x', 'zip'],
    ['s3a://b/jobs/etl', ''],
    ['s3a://b/jobs.d/', ''],
    ['https://host', ''],
  ])('of %s is %j', (url, extension) => {
    expect(ApplicationFile.fromUrl(url).extension).toBe(extension);
  });
});
