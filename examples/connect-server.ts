/**
 * A Spark Connect server for a data team, without an operator: token
 * authentication from a Secret, executors scale between 0 and 10, event logs
 * go to object storage. It runs on the stock apache/spark image: S3A's
 * hadoop-aws package for Spark 4.0 (Hadoop 3.4.1) is fetched at start-up.
 *
 * Clients: a client that sends a token switches to TLS ("Setting this value
 * enables SSL", Spark's client-connection-string.md), which the server does
 * not speak, so clients connect through the TLS-terminating Ingress:
 *   SparkSession.builder.remote('sc://spark-connect.example.com:443/;use_ssl=true;token=<token>')
 * Only the ingress controller's namespace reaches the gRPC port; nobody
 * reaches the UI (port-forward to it, or list viewers in 'uiAllowFrom').
 * JVM/Scala clients before apache/spark PR #56389 send the token under the
 * wrong header on the TLS path and get UNAUTHENTICATED; use a fixed client.
 */
import { App, Chart, Duration, Size } from 'cdk8s';
import { Secret } from 'cdk8s-plus-28';
import { NetworkPeer, EventLog, S3a, SparkConnectServer } from '../src';

export function build(app: App): void {
  const chart = new Chart(app, 'connect-server', { namespace: 'analytics' });
  const s3a = new S3a({
    credentials: Secret.fromSecretName(chart, 'S3', 's3-credentials'),
    endpoint: 'https://s3.eu-central-1.amazonaws.com',
    region: 'eu-central-1',
  });
  new SparkConnectServer(chart, 'Connect', {
    name: 'analytics-connect',
    // The API server's endpoint, S3 in eu-central-1 and Maven Central (hadoop-aws is fetched at start-up).
    network: {
      apiServer: { cidrs: ['10.0.0.10/32'], ports: [6443] },
      objectStorage: [{ cidrs: ['52.219.168.0/21'], ports: [443] }],
      packageRepositories: [{ cidrs: ['151.101.0.0/16'], ports: [443] }],
    },
    authenticationSecret: { secret: Secret.fromSecretName(chart, 'Token', 'spark-connect-token'), key: 'token' },
    allowFrom: [NetworkPeer.namespace('ingress-nginx')],
    ingress: {
      host: 'spark-connect.example.com',
      ingressClassName: 'nginx',
      tls: { secret: Secret.fromSecretName(chart, 'Tls', 'spark-connect-tls') },
    },
    server: { cores: 2, memory: Size.gibibytes(4) },
    executor: { cores: 4, memory: Size.gibibytes(8) },
    dynamicAllocation: { minExecutors: 0, maxExecutors: 10, shuffleTrackingTimeout: Duration.minutes(30) },
    s3a,
    eventLog: EventLog.toUrl('s3a://spark-logs/events', { s3a }),
    sparkConf: { 'spark.scheduler.mode': 'FAIR' },
  });
}
