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
