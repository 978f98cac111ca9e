import { SecretValue } from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { fail } from '../_validation';
import { SparkProcessOptions } from '../pod/spark-pod';
import { SparkVersion } from '../spark/spark-version';

/**
 * Rules both ways of running a Spark Connect server share (the native
 * `SparkConnectServer` and the operator's `SparkConnect`).
 */

/** The env var Spark 4.0+ reads the pre-shared Connect token from. */
export const TOKEN_ENV = 'SPARK_CONNECT_AUTHENTICATE_TOKEN';

/** The gRPC port of a Connect server. */
export const CONNECT_GRPC_PORT = 15002;

/** What the shared checks read of a construct's props. */
export interface ConnectServerInput {
  readonly sparkVersion: SparkVersion;
  readonly server?: SparkProcessOptions;
  readonly authenticationToken?: SecretValue;
}

/** Version, token and server-pod checks of a Connect server. */
export function checkConnectServer(scope: IConstruct, input: ConnectServerInput): void {
  const version = input.sparkVersion;
  if (input.authenticationToken && !version.supportsConnectAuthentication) {
    fail(scope, 'authenticationToken', version.version, 'needs Spark 4.0 or later (token authentication does not exist in 3.5)',
      'use SparkVersion.V4_0_4 or later, or put an authenticating proxy in front');
  }
  if (input.server?.gpu) {
    fail(scope, 'server.gpu', input.server.gpu.amount, 'is not supported: the Connect server schedules tasks but runs none',
      'request GPUs for the executors with \'executor.gpu\'');
  }
  const userToken = input.server?.env?.[TOKEN_ENV];
  if (userToken && userToken.value === undefined) {
    fail(scope, `server.env.${TOKEN_ENV}`, '<secret reference>', 'is set by \'authenticationToken\'',
      'remove it from \'server.env\' and pass the Secret as \'authenticationToken\' (it also checks the Spark version)');
  }
}

/** The token env var of the server container (wire format). */
export function tokenEnv(token: SecretValue | undefined): any[] {
  return token ? [{ name: TOKEN_ENV, valueFrom: { secretKeyRef: { name: token.secret.name, key: token.key } } }] : [];
}
