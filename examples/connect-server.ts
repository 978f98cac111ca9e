/**
 * A Spark Connect server for a data team, without an operator: token
 * authentication from a Secret, only the `notebooks` namespace may connect,
 * executors scale between 0 and 10, event logs go to object storage.
 *
 * Clients: SparkSession.builder.remote(`${server.connectUrl}/;token=...`)
 */
import { App, Chart, Duration, Size } from 'cdk8s';
import { Secret } from 'cdk8s-plus-28';
import { ConnectClientPeer, EventLog, S3a, SparkConnectServer } from '../src';

export function build(app: App): void {
  const chart = new Chart(app, 'connect-server', { namespace: 'analytics' });
  const s3a = new S3a({
    credentials: Secret.fromSecretName(chart, 'S3', 's3-credentials'),
    endpoint: 'https://s3.eu-central-1.amazonaws.com',
    region: 'eu-central-1',
  });
  new SparkConnectServer(chart, 'Connect', {
    name: 'analytics-connect',
    authenticationSecret: { secret: Secret.fromSecretName(chart, 'Token', 'spark-connect-token'), key: 'token' },
    allowFrom: [ConnectClientPeer.namespace('notebooks')],
    server: { cores: 2, memory: Size.gibibytes(4) },
    executor: { cores: 4, memory: Size.gibibytes(8) },
    dynamicAllocation: { minExecutors: 0, maxExecutors: 10, shuffleTrackingTimeout: Duration.minutes(30) },
    s3a,
    eventLog: EventLog.toUrl('s3a://spark-logs/events', { s3a }),
    sparkConf: { 'spark.scheduler.mode': 'FAIR' },
  });
}
