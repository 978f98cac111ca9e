import type { SecretValue } from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { ApplicationModel, BackendTraits, SecurityRisk } from './_assemble';
import { fail } from '../_validation';
import { DriverOptions } from '../pod/process-options';
import { SecurityOptOut } from '../pod/security-opt-out';
import { checkSecretValue } from '../rbac/_props';
import { SparkVersion } from '../spark/spark-version';

/**
 * Rules both ways of running a Spark Connect server share (the operator's
 * `SparkConnect` and the operator-less `SparkConnectServer`).
 */

/** The env var Spark 4.0+ reads the pre-shared Connect token from. */
export const TOKEN_ENV = 'SPARK_CONNECT_AUTHENTICATE_TOKEN';

/** The gRPC port of a Connect server. */
export const CONNECT_GRPC_PORT = 15002;

/** Where a Connect server is published outside the cluster: the prop and its value. */
export interface ConnectExposure {
  readonly prop: string;
  readonly value: unknown;
}

/** What decides how exposed a Connect server is. */
export interface ConnectSecurity {
  /** The token's Secret key, if any. */
  readonly token?: SecretValue;
  /** Where the server is published outside the cluster, if it is. */
  readonly exposure?: ConnectExposure;
  /** Whether a NetworkPolicy limits who reaches the server (the operator's SparkConnect creates none). */
  readonly networkPolicy: boolean;
  /** The prop that turns the NetworkPolicy off, if the backend has one. */
  readonly networkPolicyProp?: string;
}

/**
 * The risks a Connect server takes, each refused unless its opt-out is
 * listed: no token (any client that reaches it runs code on the cluster),
 * and publishing it outside the cluster without a token or without its
 * NetworkPolicy.
 */
export function connectRisks(version: SparkVersion, security: ConnectSecurity): SecurityRisk[] {
  const token = security.token !== undefined;
  const setToken = version.supportsConnectAuthentication
    ? 'pass the token\'s Secret key as \'authenticationSecret\' ({ secret, key })'
    : 'use SparkVersion.V4_0_4 or later (Spark 3.5 has no token authentication) and pass the token\'s Secret key as \'authenticationSecret\'';
  const policyOff = !security.networkPolicy && security.networkPolicyProp !== undefined;
  const exposure = security.exposure;
  return [
    {
      optOut: SecurityOptOut.UNAUTHENTICATED_CONNECT,
      taken: !token,
      prop: 'authenticationSecret',
      value: undefined,
      requirement: 'must be set: without a token, any client that reaches the server can run code on the cluster',
      fix: setToken,
    },
    {
      optOut: SecurityOptOut.EXPOSED_CONNECT,
      taken: exposure !== undefined && (!token || policyOff),
      prop: exposure?.prop ?? '',
      value: exposure?.value,
      requirement: `publishes the server outside the cluster ${[!token ? 'without authentication' : '', policyOff ? `with '${security.networkPolicyProp}: false'` : ''].filter((x) => x).join(' and ')}, `
        + 'so anyone who reaches it can run code on the cluster',
      fix: [!token ? setToken : '', policyOff ? `remove '${security.networkPolicyProp}: false'` : ''].filter((x) => x).join(', and '),
    },
  ];
}

/** The assembler traits of a Connect server: the driver is the `server`, in client mode. */
export function connectTraits(maxNameLength: number, nameLengthReason: string, construct: string, security: ConnectSecurity): BackendTraits {
  return {
    kind: construct.replace(/^an? /, ''),
    policiesWithoutNetwork: security.networkPolicy,
    networkPolicyProp: security.networkPolicyProp,
    maxNameLength,
    nameLengthReason,
    construct,
    securityRisks: (version) => connectRisks(version, security),
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
  checkSecretValue(scope, 'authenticationSecret', token);
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

/**
 * The keys both Connect shapes own. The UI (4040) shows every session's SQL
 * and plans, and by default lets anyone who reaches it kill jobs and stages
 * (`spark.ui.killEnabled`, true in Spark): off unless `uiKillEnabled` says so.
 */
export function ownConnectKeys(model: ApplicationModel, uiKillEnabled: boolean | undefined): void {
  model.own('spark.ui.killEnabled', 'uiKillEnabled', String(uiKillEnabled === true));
  // The token comes from a Secret through the environment (Connect.getAuthenticateToken reads the key, else the variable).
  model.own('spark.connect.authenticate.token', 'authenticationSecret');
  // A Connect server is the driver, in client mode: no 'mode' prop to set (the generic owner would name one).
  model.own('spark.submit.deployMode', 'the client-mode recipe');
}

/** The DNS name of a Service that resolves on any cluster domain (the pod's search path adds it): `<name>.<namespace>.svc`. */
export function serviceHost(name: string, namespace: string): string {
  return `${name}.${namespace}.svc`;
}

/** Spark 3.5 images do not carry the Connect server: the package that brings it. */
export function connectPackage(version: SparkVersion): string | undefined {
  return version.isAtLeast(4, 0) ? undefined : `org.apache.spark:spark-connect_${version.scalaBinaryVersion}:${version.version}`;
}
