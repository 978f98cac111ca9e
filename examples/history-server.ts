/**
 * A Spark History Server reading event logs from S3 (credentials from a
 * Secret; on the stock image it pulls the hadoop-aws of its Spark line at
 * start-up, and an init container creates s3a://spark-logs/events before
 * the server needs it), and two applications writing to the same EventLog:
 * a SparkApplication for the operator and a plain spark-submit Job. Synth
 * fails if an application in this App wrote event logs anywhere the History
 * Server does not read. Start the History Server before the applications:
 * until the directory exists they fail at start too.
 */
import { App, Chart, Duration } from 'cdk8s';
import { Secret } from 'cdk8s-plus-28';
import { ApplicationFile, EventLog, NetworkPeer, S3a, SparkApplication, SparkHistoryServer, SparkSubmitJob } from '../src';

export function build(app: App): void {
  const history = new Chart(app, 'history-server', { namespace: 'spark-history' });
  const jobs = new Chart(app, 'history-jobs', { namespace: 'spark-jobs' });
  const endpoint = 'http://minio.storage.svc.cluster.local:9000';
  const readerS3a = new S3a({ credentials: Secret.fromSecretName(history, 'S3Credentials', 's3-credentials'), endpoint, pathStyleAccess: true });
  const writerS3a = new S3a({ credentials: Secret.fromSecretName(jobs, 'S3Credentials', 's3-credentials'), endpoint, pathStyleAccess: true });
  const directory = 's3a://spark-logs/events';
  // The cluster's API server endpoint, the in-cluster MinIO and Maven Central (hadoop-aws is fetched at start-up).
  const network = {
    apiServer: { cidrs: ['10.0.0.10/32'], ports: [6443] },
    objectStorage: [{ peers: [NetworkPeer.podsInNamespace('storage', { app: 'minio' })], ports: [9000] }],
    packageRepositories: [{ cidrs: ['151.101.0.0/16'], ports: [443] }],
  };

  new SparkHistoryServer(history, 'History', {
    name: 'spark-history',
    network,
    uiAllowFrom: [NetworkPeer.namespace('ingress-nginx')],
    eventLog: EventLog.toUrl(directory, { s3a: readerS3a }),
    cleaner: { maxAge: Duration.days(30), maxNum: 1000 },
    ingress: {
      host: 'spark-history.example.com',
      ingressClassName: 'nginx',
      tls: { secret: Secret.fromSecretName(history, 'Tls', 'spark-history-tls') },
    },
  });

  const eventLog = EventLog.toUrl(directory, { s3a: writerS3a });
  const pi = {
    mainApplicationFile: ApplicationFile.fromImagePath('/opt/spark/examples/jars/spark-examples.jar'),
    mainClass: 'org.apache.spark.examples.SparkPi',
    deps: { packages: ['org.apache.hadoop:hadoop-aws:3.4.1'] },
    s3a: writerS3a,
    eventLog,
    network,
  };
  new SparkApplication(jobs, 'Operator', { name: 'pi-operator', ...pi });
  new SparkSubmitJob(jobs, 'Submit', { name: 'pi-submit', ...pi });
}
