/**
 * Spark without an operator: SparkPi as a Kubernetes Job running
 * spark-submit in cluster mode on Spark 4.2 (the submitter may create the
 * per-submission NetworkPolicy), and a nightly PySpark job as a CronJob that
 * opts out of that NetworkPolicy instead. Each Job bounds its application:
 * when the deadline stops the Job, or the run ends, the driver pod goes too.
 */
import { App, Chart, Duration, Size } from 'cdk8s';
import { Secret } from 'cdk8s-plus-28';
import { ApplicationFile, EventLog, S3a, SparkDriverRbac, SparkSubmitJob, SparkVersion, ConcurrencyPolicy } from '../src';

export function build(app: App): void {
  const chart = new Chart(app, 'submit-job', { namespace: 'spark-jobs' });
  // The cluster's API server endpoint, and the S3 and Maven Central ranges the nightly job reaches.
  const network = {
    apiServer: { cidrs: ['10.0.0.10/32'], ports: [6443] },
    objectStorage: [{ cidrs: ['52.219.168.0/21'], ports: [443] }],
    packageRepositories: [{ cidrs: ['151.101.0.0/16'], ports: [443] }],
  };
  const drivers = new SparkDriverRbac(chart, 'Drivers', { namespace: 'spark-jobs', name: 'spark-driver', clusterMode: false, sparkVersion: SparkVersion.V4_2_0 });

  new SparkSubmitJob(chart, 'Pi', {
    name: 'spark-pi',
    network,
    sparkVersion: SparkVersion.V4_2_0,
    jobNamespace: drivers,
    mainApplicationFile: ApplicationFile.fromImagePath('/opt/spark/examples/jars/spark-examples.jar'),
    mainClass: 'org.apache.spark.examples.SparkPi',
    arguments: ['1000'],
    executor: { instances: 2, cores: 1, memory: Size.gibibytes(1) },
    activeDeadline: Duration.hours(1),
  });

  const s3a = new S3a({ credentials: Secret.fromSecretName(chart, 'S3Credentials', 's3-credentials'), region: 'eu-central-1' });
  new SparkSubmitJob(chart, 'Nightly', {
    name: 'nightly-etl',
    network,
    sparkVersion: SparkVersion.V4_2_0,
    jobNamespace: drivers,
    image: 'apache/spark:4.2.0-python3',
    mainApplicationFile: ApplicationFile.fromUrl('s3a://jobs/etl/main.py'),
    arguments: ['--date', 'yesterday'],
    // S3A's hadoop-aws for Spark 4.2 (Hadoop 3.4.3) is added for the stock image.
    s3a,
    eventLog: EventLog.toUrl('s3a://spark-logs/events', { s3a }),
    dynamicAllocation: { minExecutors: 1, maxExecutors: 8 },
    executor: { cores: 2, memory: Size.gibibytes(4) },
    excludeNetworkPolicyStep: true,
    schedule: '30 1 * * *',
    timeZone: 'Europe/Berlin',
    concurrencyPolicy: ConcurrencyPolicy.FORBID,
  });
}
