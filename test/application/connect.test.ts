import { Chart, Testing } from 'cdk8s';
import { EnvValue, Secret } from 'cdk8s-plus-28';
import { SparkVersion } from '../../src';
import { checkConnectServer, CONNECT_GRPC_PORT, connectPackage, connectRisks, connectTraits, TOKEN_ENV, tokenEnv } from '../../src/application/_connect';

function chart(): Chart {
  return new Chart(Testing.app(), 'test', { namespace: 'spark-jobs' });
}

const refs = chart();
const TOKEN = { secret: Secret.fromSecretName(refs, 'Token', 'connect-token'), key: 'token' };

describe('Spark Connect rules', () => {
  test('the token variable and the gRPC port', () => {
    expect(TOKEN_ENV).toBe('SPARK_CONNECT_AUTHENTICATE_TOKEN');
    expect(CONNECT_GRPC_PORT).toBe(15002);
  });

  test('the assembler traits of a Connect server: the driver is the server, in client mode, and may have no executors', () => {
    const traits = connectTraits(42, 'the operator appends -server', 'a SparkConnect', { networkPolicy: false });
    expect(traits).toEqual({
      maxNameLength: 42,
      nameLengthReason: 'the operator appends -server',
      construct: 'a SparkConnect',
      kind: 'SparkConnect',
      policiesWithoutNetwork: false,
      securityRisks: expect.any(Function),
      minVersion: { major: 3, minor: 5, why: 'Spark Connect exists from Spark 3.5' },
      driverProp: 'server',
      driverAccountSuffix: '-server',
      clusterMode: false,
      driverPodBySpark: false,
      mainFile: false,
      allowZeroExecutors: true,
    });
  });
});

describe('checkConnectServer', () => {
  test('accepts a token from Spark 4.0, no token on 3.5, and server env without the token', () => {
    expect(() => checkConnectServer(chart(), SparkVersion.V4_0_4, undefined, TOKEN)).not.toThrow();
    expect(() => checkConnectServer(chart(), SparkVersion.V3_5_8, { env: { LOG_LEVEL: EnvValue.fromValue('info') } }, undefined)).not.toThrow();
  });

  test('fails on a token with Spark 3.5', () => {
    expect(() => checkConnectServer(chart(), SparkVersion.V3_5_8, undefined, TOKEN))
      .toThrow('[test] \'authenticationSecret\' needs Spark 4.0 or later (token authentication does not exist in 3.5), got \'3.5.8\'; use SparkVersion.V4_0_4 or later, or put an authenticating proxy in front');
  });

  test('fails on the token variable set from a Secret in the server env', () => {
    const server = { env: { [TOKEN_ENV]: EnvValue.fromSecretValue(TOKEN) } };
    expect(() => checkConnectServer(chart(), SparkVersion.V4_0_4, server, undefined))
      .toThrow('[test] \'server.env.SPARK_CONNECT_AUTHENTICATE_TOKEN\' is set by \'authenticationSecret\', got \'<secret reference>\'; '
        + 'remove it from \'server.env\' and pass the Secret as \'authenticationSecret\' (it also checks the Spark version)');
  });
});

describe('tokenEnv', () => {
  test('nothing without a token', () => {
    expect(tokenEnv(undefined)).toEqual([]);
  });

  test('the token from its Secret', () => {
    expect(tokenEnv(TOKEN)).toEqual([{ name: 'SPARK_CONNECT_AUTHENTICATE_TOKEN', valueFrom: { secretKeyRef: { name: 'connect-token', key: 'token' } } }]);
  });
});

describe('connectPackage', () => {
  test('Spark 3.5 images need the Connect server package of their Scala version', () => {
    expect(connectPackage(SparkVersion.V3_5_8)).toBe('org.apache.spark:spark-connect_2.12:3.5.8');
    expect(connectPackage(SparkVersion.of('3.5.1'))).toBe('org.apache.spark:spark-connect_2.12:3.5.1');
  });

  test('Spark 4 images carry it', () => {
    expect(connectPackage(SparkVersion.V4_0_4)).toBeUndefined();
    expect(connectPackage(SparkVersion.V4_2_0)).toBeUndefined();
  });
});

describe('connectRisks', () => {
  const risks = (version: SparkVersion, security: Parameters<typeof connectRisks>[1]) =>
    Object.fromEntries(connectRisks(version, security).map((r) => [r.optOut, r.taken]));

  test('no token is a risk; publishing outside the cluster is one without a token or without the NetworkPolicy', () => {
    expect(risks(SparkVersion.V4_0_4, { token: TOKEN, networkPolicy: true })).toEqual({ 'unauthenticated-connect': false, 'exposed-connect': false });
    expect(risks(SparkVersion.V4_0_4, { networkPolicy: true })).toEqual({ 'unauthenticated-connect': true, 'exposed-connect': false });
    expect(risks(SparkVersion.V4_0_4, { token: TOKEN, networkPolicy: true, exposure: { prop: 'ingress', value: 'x' } })).toEqual({ 'unauthenticated-connect': false, 'exposed-connect': false });
    expect(risks(SparkVersion.V4_0_4, { token: TOKEN, networkPolicy: false, networkPolicyProp: 'networkPolicy', exposure: { prop: 'ingress', value: 'x' } }))
      .toEqual({ 'unauthenticated-connect': false, 'exposed-connect': true });
    // The operator's SparkConnect has no NetworkPolicy to turn off: with a token, a LoadBalancer is no exposure risk.
    expect(risks(SparkVersion.V4_0_4, { token: TOKEN, networkPolicy: false, exposure: { prop: 'server.service.type', value: 'LoadBalancer' } }))
      .toEqual({ 'unauthenticated-connect': false, 'exposed-connect': false });
  });
});
