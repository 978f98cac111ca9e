import { ConfigMap, EnvValue, Secret } from 'cdk8s-plus-28';
import { chart, messageOf, render, SIDECAR } from './render';

const refs = chart();
const DB = Secret.fromSecretName(refs, 'Db', 'db-creds');
const SETTINGS = ConfigMap.fromConfigMapName(refs, 'Settings', 'settings');
const PEM = '-----BEGIN RSA PRIVATE KEY-----\nMIIE...\n-----END RSA PRIVATE KEY-----';
const SECRET_FIX = 'keep it in a Kubernetes Secret and pass it by reference (an environment variable from the Secret, or a mounted file)';
const NAME_RULE = 'must be an environment variable name (letters, digits, \'_\', \'-\' and \'.\', not starting with a digit)';
const SUBDOMAIN = (what: string) => `must be ${what} name (a DNS-1123 subdomain: at most 253 lower-case letters, digits, '-' and '.', starting and ending with a letter or digit)`;
const KEY_RULE = 'at most 253 letters, digits, \'-\', \'_\' and \'.\', not \'.\' or starting with \'..\'';

describe('env of the Spark container', () => {
  test('valid names, literals and references pass unchanged', () => {
    const t = render({
      env: {
        'MODE': EnvValue.fromValue('batch'),
        '_private': EnvValue.fromValue(''),
        'spark.conf-dir': EnvValue.fromValue('/etc/spark/conf'),
        'DB_PASSWORD': EnvValue.fromSecretValue({ secret: DB, key: 'password' }),
        'LEVEL': EnvValue.fromConfigMap(SETTINGS, 'log.level'),
      },
    });
    expect(t.spec.containers[0].env).toEqual([
      { name: 'MODE', value: 'batch' },
      { name: '_private', value: '' },
      { name: 'spark.conf-dir', value: '/etc/spark/conf' },
      { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db-creds', key: 'password' } } },
      { name: 'LEVEL', valueFrom: { configMapKeyRef: { name: 'settings', key: 'log.level' } } },
    ]);
  });

  test.each<[string, string]>([
    ['1ST', '_1ST'],
    ['MY VAR', 'MY_VAR'],
    ['A=B', 'A_B'],
    ['PATH$', 'PATH_'],
    ['ÉTÉ', '_T_'],
  ])('fails on the name %j', (name, suggestion) => {
    expect(messageOf(() => render({ env: { [name]: EnvValue.fromValue('x') } })))
      .toBe(`[test] 'server.env.${name}' ${NAME_RULE}, got '${name}'; use '${suggestion}'`);
  });

  test('fails on an empty name', () => {
    expect(messageOf(() => render({ env: { '': EnvValue.fromValue('x') } })))
      .toBe(`[test] 'server.env.' ${NAME_RULE}, got ''; use a name such as 'MY_SETTING'`);
  });

  test.each<[string, string, string]>([
    ['a PEM private key in any variable', PEM, 'a PEM private key'],
    ['an AWS access key id', 'AKIAIOSFODNN7EXAMPLE', 'an AWS access key id'],
    ['a password in a URL', 'jdbc:postgresql://etl:hunter2@db:5432/app', 'a password in a URL (user:password@)'],
    ['a JDBC password parameter', 'jdbc:sqlserver://db;user=etl;password=hunter2', 'a secret URL or connection-string parameter'],
    ['an Azure account key', 'DefaultEndpointsProtocol=https;AccountName=x;AccountKey=abc123==', 'a secret URL or connection-string parameter'],
  ])('fails on %s in a literal value, whatever the name, without echoing it', (_what, value, what) => {
    expect(messageOf(() => render({ env: { CONFIG: EnvValue.fromValue(value) } })))
      .toBe(`[test] 'server.env.CONFIG' holds ${what}, which would be stored in clear in Git and in the cluster, got '<redacted>'; ${SECRET_FIX}`);
  });

  test('a secret-like name with a literal keeps its message', () => {
    expect(messageOf(() => render({ env: { API_TOKEN: EnvValue.fromValue('abc') } })))
      .toBe('[test] \'server.env.API_TOKEN\' holds secret material as a literal value, readable by anyone who can get pods, got \'<redacted>\'; store it in a Secret and use EnvValue.fromSecretValue({ secret, key })');
  });

  test('a name that points at a secret file is no secret', () => {
    expect(render({ env: { AWS_WEB_IDENTITY_TOKEN_FILE: EnvValue.fromValue('/var/run/secrets/eks/token') } }).spec.containers[0].env)
      .toEqual([{ name: 'AWS_WEB_IDENTITY_TOKEN_FILE', value: '/var/run/secrets/eks/token' }]);
  });

  test('fails on a literal that is not a string (JavaScript)', () => {
    expect(messageOf(() => render({ env: { PORT: EnvValue.fromValue(8080 as any) } })))
      .toBe('[test] \'server.env.PORT\' must be a string, got 8080; use EnvValue.fromValue(\'8080\')');
  });

  test('fails on a plain string instead of an EnvValue (JavaScript)', () => {
    expect(messageOf(() => render({ env: { MODE: 'batch' as any } })))
      .toBe('[test] \'server.env.MODE\' must be an EnvValue, got \'batch\'; use EnvValue.fromValue(\'batch\')');
  });

  test('a plain string with a secret-like name is not echoed', () => {
    expect(messageOf(() => render({ env: { DB_PASSWORD: 'hunter2' as any } })))
      .toBe('[test] \'server.env.DB_PASSWORD\' must be an EnvValue, got \'<redacted>\'; use EnvValue.fromValue(...) or EnvValue.fromSecretValue({ secret, key })');
  });

  test.each<[string, string]>([
    ['Db_Creds', 'db-creds'],
    ['db creds', 'db-creds'],
    ['-db', 'db'],
  ])('fails on the Secret name %j of a secretKeyRef', (name, suggestion) => {
    const secret = Secret.fromSecretName(chart(), 'S', name);
    expect(messageOf(() => render({ env: { DB_PASSWORD: EnvValue.fromSecretValue({ secret, key: 'password' }) } })))
      .toBe(`[test] 'server.env.DB_PASSWORD.valueFrom.secretKeyRef.name' ${SUBDOMAIN('a Secret')}, got '${name}'; use the name Kubernetes stores, e.g. '${suggestion}'`);
  });

  test('fails on a Secret name longer than 253 characters', () => {
    const name = `a${'.b'.repeat(127)}`;
    const secret = Secret.fromSecretName(chart(), 'S', name);
    expect(messageOf(() => render({ env: { DB_PASSWORD: EnvValue.fromSecretValue({ secret, key: 'password' }) } })))
      .toBe(`[test] 'server.env.DB_PASSWORD.valueFrom.secretKeyRef.name' ${SUBDOMAIN('a Secret')}, got '${name}'; use the name Kubernetes stores, e.g. '${name.slice(0, 253)}'`);
  });

  test.each(['pass word', '', '..data', 'pw/1'])('fails on the Secret key %j of a secretKeyRef', (key) => {
    expect(messageOf(() => render({ env: { DB_PASSWORD: EnvValue.fromSecretValue({ secret: DB, key }) } })))
      .toBe(`[test] 'server.env.DB_PASSWORD.valueFrom.secretKeyRef.key' must be a key of a Secret (${KEY_RULE}), got '${key}'; use the key exactly as it appears in the Secret's data, e.g. 'password'`);
  });

  test('fails on the ConfigMap name of a configMapKeyRef', () => {
    const configMap = ConfigMap.fromConfigMapName(chart(), 'C', 'Settings');
    expect(messageOf(() => render({ env: { LEVEL: EnvValue.fromConfigMap(configMap, 'level') } })))
      .toBe(`[test] 'server.env.LEVEL.valueFrom.configMapKeyRef.name' ${SUBDOMAIN('a ConfigMap')}, got 'Settings'; use the name Kubernetes stores, e.g. 'settings'`);
  });

  test('fails on the ConfigMap key of a configMapKeyRef', () => {
    expect(messageOf(() => render({ env: { LEVEL: EnvValue.fromConfigMap(SETTINGS, 'log level') } })))
      .toBe(`[test] 'server.env.LEVEL.valueFrom.configMapKeyRef.key' must be a key of a ConfigMap (${KEY_RULE}), got 'log level'; use the key exactly as it appears in the ConfigMap's data, e.g. 'setting'`);
  });

  test('fails on a reference to an object without a name (JavaScript)', () => {
    expect(messageOf(() => render({ env: { DB_PASSWORD: EnvValue.fromSecretValue({ secret: {} as any, key: 'password' }) } })))
      .toBe(`[test] 'server.env.DB_PASSWORD.valueFrom.secretKeyRef.name' ${SUBDOMAIN('a Secret')}, got nothing; pass a Secret that has a name`);
  });
});

describe('env of sidecars and init containers', () => {
  test('valid env passes unchanged', () => {
    const t = render({ sidecars: [{ ...SIDECAR, env: [{ name: 'LEVEL', value: 'info' }, { name: 'PW', valueFrom: { secretKeyRef: { name: 'db-creds', key: 'pw' } } }] }] });
    expect(t.spec.containers[1].env).toEqual([{ name: 'LEVEL', value: 'info' }, { name: 'PW', valueFrom: { secretKeyRef: { name: 'db-creds', key: 'pw' } } }]);
  });

  test('fails on an invalid name, by index', () => {
    expect(messageOf(() => render({ sidecars: [{ ...SIDECAR, env: [{ name: 'LOG LEVEL', value: 'info' }] }] })))
      .toBe(`[test] 'server.sidecars[0].env[0].name' ${NAME_RULE}, got 'LOG LEVEL'; use 'LOG_LEVEL'`);
  });

  test('fails on a name repeated in the container', () => {
    expect(messageOf(() => render({ initContainers: [{ ...SIDECAR, env: [{ name: 'A', value: '1' }, { name: 'A', value: '2' }] }] })))
      .toBe('[test] \'server.initContainers[0].env[1].name\' repeats a variable of the container, got \'A\'; remove one of the two definitions');
  });

  test('fails on a literal secret by name', () => {
    expect(messageOf(() => render({ sidecars: [{ ...SIDECAR, env: [{ name: 'DB_PASSWORD', value: 'hunter2' }] }] })))
      .toBe('[test] \'server.sidecars[0].env[0]\' holds secret material as a literal value, readable by anyone who can get pods, got \'<redacted>\'; store it in a Secret and use EnvValue.fromSecretValue({ secret, key })');
  });

  test('fails on a literal secret by value', () => {
    expect(messageOf(() => render({ sidecars: [{ ...SIDECAR, env: [{ name: 'KEY_ID', value: 'AKIAIOSFODNN7EXAMPLE' }] }] })))
      .toBe(`[test] 'server.sidecars[0].env[0]' holds an AWS access key id, which would be stored in clear in Git and in the cluster, got '<redacted>'; ${SECRET_FIX}`);
  });

  test('fails on a bad secretKeyRef', () => {
    expect(messageOf(() => render({ sidecars: [{ ...SIDECAR, env: [{ name: 'PW', valueFrom: { secretKeyRef: { name: 'db_creds', key: 'pw' } } }] }] })))
      .toBe(`[test] 'server.sidecars[0].env[0].valueFrom.secretKeyRef.name' ${SUBDOMAIN('a Secret')}, got 'db_creds'; use the name Kubernetes stores, e.g. 'db-creds'`);
  });
});

describe('env names the construct sets', () => {
  test('fails on a name the construct already sets', () => {
    expect(messageOf(() => render({ env: { SPARK_NO_DAEMONIZE: EnvValue.fromValue('false') } }, {
      container: { name: 'main', image: 'apache/spark:4.0.4', env: [{ name: 'SPARK_NO_DAEMONIZE', value: 'true' }] },
    }))).toBe('[test] \'server.env.SPARK_NO_DAEMONIZE\' is already set by the construct or an earlier env map, got \'SPARK_NO_DAEMONIZE\'; remove one of the two definitions');
  });
});
