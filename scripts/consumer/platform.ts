/**
 * The consumer check's platform program: what a platform team writes in a
 * fresh `cdk8s init typescript-app` project (cdk8s-plus-33), against the packed
 * library: the operator with a job namespace, a SparkApplication, a
 * ScheduledSparkApplication, a Spark Connect server and a History Server.
 */
import { App, Chart, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';
// 'cdk8s-spark' resolves in the consumer app, where the packed tarball is installed.
import {
  ApplicationFile, NetworkPeer, EventLog, S3a, ScheduledSparkApplication, SparkApplication, SparkConnectServer, SparkHistoryServer,
  SparkOperator, SparkVolume,
} from 'cdk8s-spark'; // eslint-disable-line import/no-unresolved

const app = new App();

const platform = new Chart(app, 'platform');
const operator = new SparkOperator(platform, 'Operator', { createNamespace: true, jobNamespaces: ['analytics'] });
const jobs = operator.addJobNamespace('reporting');

const analytics = new Chart(app, 'analytics', { namespace: 'analytics' });
const credentials = kplus.Secret.fromSecretName(analytics, 'S3', 's3-credentials');
const s3a = new S3a({ credentials, endpoint: 'http://minio.storage:9000', pathStyleAccess: true });
const events = EventLog.toUrl('s3a://spark-logs', { s3a });
new SparkApplication(analytics, 'Etl', {
  name: 'etl',
  mainApplicationFile: ApplicationFile.fromUrl('s3a://jobs/etl.py'),
  s3a,
  eventLog: events,
  executor: { instances: 2, memory: Size.gibibytes(2), volumes: [{ volume: SparkVolume.fromEmptyDir('cache'), path: '/cache' }] },
});
new SparkConnectServer(analytics, 'Notebooks', {
  name: 'notebooks',
  authenticationSecret: { secret: kplus.Secret.fromSecretName(analytics, 'Token', 'notebooks-token'), key: 'token' },
  allowFrom: [NetworkPeer.namespace('notebooks')],
  s3a,
  eventLog: events,
});
new SparkHistoryServer(analytics, 'History', { name: 'history', eventLog: events });

const reporting = new Chart(app, 'reporting', { namespace: 'reporting' });
new ScheduledSparkApplication(reporting, 'Daily', {
  name: 'daily',
  jobNamespace: jobs,
  schedule: '0 6 * * *',
  timeZone: 'Europe/Berlin',
  mainApplicationFile: ApplicationFile.fromImagePath('/opt/spark/examples/src/main/python/pi.py'),
});

app.synth();
