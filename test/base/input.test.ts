/** `_input.ts`: the one secret detector every emitted string goes through (issue 12, root cause 4). */
import * as fc from 'fast-check';
import { argumentProblem, isSecretName, scanForSecret, SECRET_VALUES, secretInValue, secretProblem } from '../../src/_input';

describe('isSecretName', () => {
  test.each([
    'DB_PASSWORD', 'PASSWD', 'db.passwd', 'DB_PWD', 'ssl.passphrase', 'GITHUB_TOKEN', 'spark.authenticate.secret', 'fs.s3a.access.key', 'fs.s3a.secret.key',
    'fs.azure.account.key.lake.dfs.core.windows.net', 'fs.azure.sas.reports.lake.blob.core.windows.net', 'fs.azure.sas.fixed.token', 'fs.s3a.encryption.key',
    'fs.s3a.server-side-encryption.key', 'API_KEY', 'stripe.apiKey', 'fs.gs.auth.service.account.private.key', 'javax.net.ssl.keyStorePassword',
  ])('%s holds secret material', (name) => {
    expect(isSecretName(name)).toBe(true);
  });

  test.each([
    'AWS_WEB_IDENTITY_TOKEN_FILE', 'spark.ssl.keyStorePasswordFile', 'spark.authenticate.secret.file', 'SECRET_NAME', 'db.secret.name', 'spark.myapp.token.url',
    'spark.kubernetes.driver.secretKeyRef.DB_PASSWORD', 'spark.kubernetes.executor.secrets.creds', 'spark.io.encryption.keySizeBits', 'PWD', 'tokenizer',
    'spark.hadoop.fs.azure.sas.token.provider.type', 'spark.sql.session.timeZone', 'spark.kubernetes.container.image.pullSecrets', 'imagePullSecrets', 42 as any,
  ])('%s does not', (name) => {
    expect(isSecretName(name)).toBe(false);
  });
});

describe('secretInValue', () => {
  test.each<[string, string]>([
    ['-----BEGIN EC PRIVATE KEY-----MHcCAQEE', 'a PEM private key'],
    ['-----BEGIN PGP PRIVATE KEY BLOCK-----', 'a PEM private key'],
    ['id=AKIAIOSFODNN7EXAMPLE', 'an AWS access key id'],
    ['ASIAIOSFODNN7EXAMPLE', 'an AWS access key id'],
    ['https://deploy:s3cr3t@repo.example.com/maven2', 'a password in a URL (user:password@)'],
    ['https://:ghtoken@repo.example.com/maven2', 'a password in a URL (user:password@)'],
    ['jdbc:oracle:thin:scott/tiger@db:1521/orcl', 'a password in a JDBC URL (user/password@)'],
    ['jdbc:mysql://db:3306/etl?user=etl&password=hunter2', 'a secret URL or connection-string parameter'],
    ['https://lake.blob.core.windows.net/c?sv=2022&sig=abc%3D', 'a secret URL or connection-string parameter'],
    ['DefaultEndpointsProtocol=https;AccountName=lake;AccountKey=abc==', 'a secret URL or connection-string parameter'],
    ['AccountKey=abc==;AccountName=lake', 'a secret connection-string field'],
    ['ghp_0123456789abcdefghijklmnopqrstuvwxyzAB', 'an access token'],
    ['Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload', 'a bearer token'],
    ['-Djavax.net.ssl.keyStorePassword=changeit -XX:+UseG1GC', 'a secret-like setting with a literal value (name=value)'],
    ['-Dpassword=hunter2', 'a secret-like setting with a literal value (name=value)'],
    ['--api-key=abc123', 'a secret-like setting with a literal value (name=value)'],
    ['PASSWD=hunter2', 'a secret-like setting with a literal value (name=value)'],
    ['host=db, password=hunter2', 'a secret-like setting with a literal value (name=value)'],
  ])('finds secret material in %j', (value, what) => {
    expect(secretInValue(value)).toBe(what);
  });

  test.each([
    '-XX:+UseG1GC -Dlog4j.configurationFile=/opt/spark/conf/log4j2.properties', '-Djavax.net.ssl.keyStore=/etc/tls/keystore.jks', '--password-file=/etc/db/password',
    '--secret-name=db-credentials', '-Dpassword=${env:DB_PASSWORD}', 'password=$(DB_PASSWORD)', 'jdbc:postgresql://db:5432/etl?user=etl', 'https://repo.example.com/maven2',
    'https://user@repo.example.com/maven2', 's3a://bucket/jobs/etl.py', '--tokenizer=bert', '--password=', 'AKIAIOSFODNN7EXAMPLEX',
  ])('finds none in %j', (value) => {
    expect(secretInValue(value)).toBeUndefined();
  });

  // secretInValue skips the patterns for a value that holds none of their `needs`: each `needs` must
  // match every string its pattern matches, or a secret would pass unscanned.
  const PIECES = [
    '-----BEGIN ', 'EC ', 'PRIVATE KEY', ' BLOCK', '-----', 'AKIA', 'ASIA', 'IOSFODNN7EXAMPLE', 'https', '://', 'deploy', ':', 's3cr3t', '@', 'repo', '/', 'jdbc:oracle:thin:',
    'scott', 'tiger', '?', '&', ';', 'password', 'sig', 'AccountKey', 'Pwd', '=', ' ', '$(', 'ghp_', 'xoxb-', 'glpat-', 'Bearer', '\t', '0123456789abcdefghijklmnopqrstuvwxyzAB',
  ];
  const values = fc.oneof(fc.string({ maxLength: 30 }), fc.array(fc.oneof(fc.constantFrom(...PIECES), fc.string({ maxLength: 4 })), { maxLength: 10 }).map((p) => p.join('')));

  test.each(SECRET_VALUES.map((v) => [v.what, v]))('every value the pattern for %s finds holds its needs', (_what, { pattern, needs }) => {
    fc.assert(fc.property(values, (value) => !pattern.test(value) || needs.test(value)), { numRuns: 3000, seed: 20261202 });
  });

  test('skipping the patterns never changes the finding', () => {
    fc.assert(fc.property(values, (value) => secretInValue(value) === scanForSecret(value)), { numRuns: 3000, seed: 20261202 });
  });

  test('reads only strings', () => {
    expect(secretInValue(42 as any)).toBeUndefined();
    expect(secretProblem(undefined as any)).toBeUndefined();
  });
});

describe('argumentProblem', () => {
  test('a secret reference comes before the secret material it would look like', () => {
    expect(argumentProblem('--password=$(DB_PASSWORD)')).toEqual({
      requirement: 'references the secret-like variable $(DB_PASSWORD), which Kubernetes would expand onto the command line, where any process on the node can read it',
      fix: 'read DB_PASSWORD from the environment inside the application, or write $$(DB_PASSWORD) for the literal text',
    });
  });

  test('secret material in an argument', () => {
    expect(argumentProblem('--password=hunter2')).toEqual({
      requirement: 'holds a secret-like setting with a literal value (name=value), which would be stored in clear in Git and in the cluster',
      fix: 'keep it in a Kubernetes Secret and pass it by reference (an environment variable from the Secret, or a mounted file)',
    });
  });
});
