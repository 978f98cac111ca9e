import { SecretValue } from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { BackendTraits } from './_assemble';
import { fail } from '../_validation';
import { DriverOptions } from '../pod/process-options';
import { SparkVersion } from '../spark/spark-version';

/**
 * Rules both ways of running a Spark Connect server share (the operator's
 * `SparkConnect` and the operator-less `SparkConnectServer`).
 */

/** The env var Spark 4.0+ reads the pre-shared Connect token from. */
export const TOKEN_ENV = 'SPARK_CONNECT_AUTHENTICATE_TOKEN';

/** The gRPC port of a Connect server. */
export const CONNECT_GRPC_PORT = 15002;

/** The assembler traits of a Connect server: the driver is the `server`, in client mode. */
export function connectTraits(maxNameLength: number, nameLengthReason: string): BackendTraits {
  return {
    maxNameLength,
    nameLengthReason,
    minVersion: { major: 3, minor: 5, why: 'Spark Connect exists from Spark 3.5' },
    driverProp: 'server',
    driverAccountSuffix: '-server',
    clusterMode: false,
    driverPodBySpark: false,
    mainFile: false,
    // The operator accepts 0 (a server that only plans, or scales later), and so does Spark.
    allowZeroExecutors: true,
  };
}

/** Token and server-pod checks of a Connect server. */
export function checkConnectServer(
  scope: IConstruct, version: SparkVersion, server: DriverOptions | undefined, token: SecretValue | undefined,
): void {
  if (token && !version.supportsConnectAuthentication) {
    fail(scope, 'authenticationSecret', version.version, 'needs Spark 4.0 or later (token authentication does not exist in 3.5)',
      'use SparkVersion.V4_0_4 or later, or put an authenticating proxy in front');
  }
  const userToken = server?.env?.[TOKEN_ENV];
  if (userToken && userToken.value === undefined) {
    fail(scope, `server.env.${TOKEN_ENV}`, '<secret reference>', 'is set by \'authenticationSecret\'',
      'remove it from \'server.env\' and pass the Secret as \'authenticationSecret\' (it also checks the Spark version)');
  }
}

/** The token env var of the server container (wire format). */
export function tokenEnv(token: SecretValue | undefined): any[] {
  return token ? [{ name: TOKEN_ENV, valueFrom: { secretKeyRef: { name: token.secret.name, key: token.key } } }] : [];
}

/** Spark 3.5 images do not carry the Connect server: the package that brings it. */
export function connectPackage(version: SparkVersion): string | undefined {
  return version.isAtLeast(4, 0) ? undefined : `org.apache.spark:spark-connect_${version.scalaBinaryVersion}:${version.version}`;
}
