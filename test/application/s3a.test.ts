import { Chart, Testing } from 'cdk8s';
import { Secret } from 'cdk8s-plus-28';
import { S3a } from '../../src';

const refs = new Chart(Testing.app(), 'test', { namespace: 'spark-jobs' });
const CREDENTIALS = Secret.fromSecretName(refs, 'S3', 's3-credentials');
const ref = (name: string, key: string) => ({ name, valueFrom: { secretKeyRef: { name: 's3-credentials', key } } });

describe('S3a', () => {
  test('defaults: no credentials, no Hadoop settings (S3A\'s own chain and AWS S3)', () => {
    const s3a = new S3a();
    expect(s3a._env()).toEqual([]);
    expect(s3a._hadoopConf()).toEqual({});
    expect(s3a.credentialsSecretName).toBeUndefined();
  });

  test('credentials reach Spark as environment variables from the Secret', () => {
    const s3a = new S3a({ credentials: CREDENTIALS });
    expect(s3a.credentialsSecretName).toBe('s3-credentials');
    expect(s3a._env()).toEqual([ref('AWS_ACCESS_KEY_ID', 'AWS_ACCESS_KEY_ID'), ref('AWS_SECRET_ACCESS_KEY', 'AWS_SECRET_ACCESS_KEY')]);
    expect(s3a._hadoopConf()).toEqual({});
  });

  test('other keys in the Secret, and a session token', () => {
    const s3a = new S3a({ credentials: CREDENTIALS, secretKeys: { accessKeyId: 'id', secretAccessKey: 'secret', sessionToken: 'session' } });
    expect(s3a._env()).toEqual([ref('AWS_ACCESS_KEY_ID', 'id'), ref('AWS_SECRET_ACCESS_KEY', 'secret'), ref('AWS_SESSION_TOKEN', 'session')]);
  });

  test('only some keys renamed', () => {
    expect(new S3a({ credentials: CREDENTIALS, secretKeys: { secretAccessKey: 'secret' } })._env())
      .toEqual([ref('AWS_ACCESS_KEY_ID', 'AWS_ACCESS_KEY_ID'), ref('AWS_SECRET_ACCESS_KEY', 'secret')]);
  });

  test('secret keys without credentials give no environment', () => {
    expect(new S3a({ secretKeys: { accessKeyId: 'id' } })._env()).toEqual([]);
  });

  test('endpoint settings as Hadoop configuration', () => {
    expect(new S3a({ endpoint: 'http://minio.storage:9000', region: 'eu-central-1', pathStyleAccess: true })._hadoopConf()).toEqual({
      'fs.s3a.endpoint': 'http://minio.storage:9000',
      'fs.s3a.endpoint.region': 'eu-central-1',
      'fs.s3a.path.style.access': 'true',
    });
  });

  test('path-style access switched off explicitly is written', () => {
    expect(new S3a({ pathStyleAccess: false })._hadoopConf()).toEqual({ 'fs.s3a.path.style.access': 'false' });
  });
});

describe('S3a._problem (issue 12)', () => {
  test('good settings have none', () => {
    expect(new S3a({ credentials: CREDENTIALS, endpoint: 'http://minio.storage:9000', region: 'eu-central-1', pathStyleAccess: true })._problem()).toBeUndefined();
    expect(new S3a()._problem()).toBeUndefined();
  });

  test.each<[string, any, object]>([
    ['an empty endpoint', { endpoint: '' }, { prop: 'endpoint', value: '', requirement: 'must be a non-empty string without whitespace', fix: 'use e.g. \'http://minio.storage:9000\'' }],
    ['an endpoint with a space', { endpoint: 'http://minio :9000' },
      { prop: 'endpoint', value: 'http://minio :9000', requirement: 'must be a non-empty string without whitespace', fix: 'use e.g. \'http://minio.storage:9000\'' }],
    ['a region given as a number', { region: 1 }, { prop: 'region', value: 1, requirement: 'must be a non-empty string without whitespace', fix: 'use e.g. \'eu-central-1\'' }],
    ['an empty key name in the Secret', { credentials: CREDENTIALS, secretKeys: { accessKeyId: '' } },
      { prop: 'secretKeys.accessKeyId', value: '', requirement: 'must be a non-empty string without whitespace', fix: 'use e.g. \'AWS_ACCESS_KEY_ID\'' }],
    ['credentials given by name', { credentials: 's3-credentials' },
      { prop: 'credentials', value: 's3-credentials', requirement: 'must be a Secret', fix: 'use Secret.fromSecretName(this, \'S3\', \'s3-credentials\')' }],
    ['path-style access given as a string', { pathStyleAccess: 'true' },
      { prop: 'pathStyleAccess', value: 'true', requirement: 'must be true or false', fix: 'use true for MinIO and most S3-compatible stores' }],
  ])('%s', (_what, props, problem) => {
    expect(new S3a(props)._problem()).toEqual(problem);
  });
});
