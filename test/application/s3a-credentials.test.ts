import { Secret } from 'cdk8s-plus-28';
import { ApplicationFile, EventLog, S3a, SparkApplication, SparkSubmitJob, SparkVersion, WorkloadIdentity } from '../../src';
import { findObject, findObjects, synthChartValid } from '../harness';
import { chartErrorOf } from '../harness/expect-error';

const PI = { mainApplicationFile: ApplicationFile.fromImagePath('/opt/spark/examples/jars/spark-examples.jar'), mainClass: 'org.apache.spark.examples.SparkPi' };
const ROLE = 'arn:aws:iam::111122223333:role/spark';
const envNames = (template: any) => (template.spec.containers[0].env ?? []).map((e: any) => `${e.name}=${e.valueFrom?.secretKeyRef?.name}/${e.valueFrom?.secretKeyRef?.key}`);

describe('S3A with the pod\'s workload identity', () => {
  test('Spark 4 (Hadoop 3.4, AWS SDK v2): the SDK v2 web identity provider, no keys', () => {
    const docs = synthChartValid((chart) => new SparkApplication(chart, 'App', { ...PI, identity: WorkloadIdentity.awsIrsa(ROLE), s3a: S3a.withWebIdentity() }));
    const spec = findObject(docs, 'SparkApplication').spec;
    expect(spec.hadoopConf).toEqual({ 'fs.s3a.aws.credentials.provider': 'software.amazon.awssdk.auth.credentials.WebIdentityTokenFileCredentialsProvider' });
    expect(spec.driver.template.spec.containers[0].env).toBeUndefined();
  });

  test('Spark 3.5 (Hadoop 3.3, AWS SDK v1): the SDK v1 provider', () => {
    const docs = synthChartValid((chart) => new SparkApplication(chart, 'App', { ...PI, sparkVersion: SparkVersion.V3_5_8, s3a: new S3a({ webIdentity: true }) }));
    expect(findObject(docs, 'SparkApplication').spec.hadoopConf).toEqual({ 'fs.s3a.aws.credentials.provider': 'com.amazonaws.auth.WebIdentityTokenCredentialsProvider' });
  });

  test('fails on web identity together with keys', () => {
    expect(chartErrorOf((chart) => new SparkApplication(chart, 'App', {
      ...PI, s3a: S3a.withWebIdentity({ credentials: Secret.fromSecretName(chart, 'S3', 's3-credentials') }),
    }))).toBe('[test/App] \'s3a.webIdentity\' cannot be combined with \'credentials\' (keys from a Secret, or the pod\'s web identity: one of them), got true; '
      + 'remove \'credentials\' to use the workload identity, or \'webIdentity\' to use the keys');
  });
});

describe('per-bucket S3A credentials', () => {
  test('the event log and the data bucket each get their own Secret, as distinct variables', () => {
    const docs = synthChartValid((chart) => new SparkApplication(chart, 'App', {
      ...PI,
      s3a: new S3a({ credentials: Secret.fromSecretName(chart, 'Data', 'data-credentials') }),
      eventLog: EventLog.toUrl('s3a://spark-logs/events', { s3a: new S3a({ credentials: Secret.fromSecretName(chart, 'Logs', 'log-credentials') }) }),
    }));
    const spec = findObject(docs, 'SparkApplication').spec;
    expect(envNames(spec.driver.template)).toEqual([
      'AWS_ACCESS_KEY_ID=data-credentials/AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY=data-credentials/AWS_SECRET_ACCESS_KEY',
      'S3A_BUCKET_SPARK_LOGS_ACCESS_KEY_ID=log-credentials/AWS_ACCESS_KEY_ID', 'S3A_BUCKET_SPARK_LOGS_SECRET_ACCESS_KEY=log-credentials/AWS_SECRET_ACCESS_KEY',
    ]);
    // Executors do not write the event log: they never see its keys.
    expect(envNames(spec.executor.template)).toEqual(['AWS_ACCESS_KEY_ID=data-credentials/AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY=data-credentials/AWS_SECRET_ACCESS_KEY']);
    expect(spec.hadoopConf).toEqual({
      'fs.s3a.bucket.spark-logs.access.key': '${env.S3A_BUCKET_SPARK_LOGS_ACCESS_KEY_ID}',
      'fs.s3a.bucket.spark-logs.aws.credentials.provider': 'org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider',
      'fs.s3a.bucket.spark-logs.secret.key': '${env.S3A_BUCKET_SPARK_LOGS_SECRET_ACCESS_KEY}',
    });
  });

  test('an explicit bucket, with a session token, and web identity for the rest (spark-submit)', () => {
    const docs = synthChartValid((chart) => new SparkSubmitJob(chart, 'Job', {
      ...PI,
      identity: WorkloadIdentity.awsIrsa(ROLE),
      s3a: S3a.withWebIdentity(),
      eventLog: EventLog.toUrl('s3a://logs.example/events', {
        s3a: new S3a({ bucket: 'logs.example', endpoint: 'http://minio:9000', credentials: Secret.fromSecretName(chart, 'Logs', 'logs'), secretKeys: { sessionToken: 'token' } }),
      }),
    }));
    const conf = findObjects(docs, 'ConfigMap').map((c) => JSON.stringify(c.data)).join('\n');
    for (const line of [
      'spark.hadoop.fs.s3a.aws.credentials.provider software.amazon.awssdk.auth.credentials.WebIdentityTokenFileCredentialsProvider',
      'spark.hadoop.fs.s3a.bucket.logs.example.aws.credentials.provider org.apache.hadoop.fs.s3a.TemporaryAWSCredentialsProvider',
      'spark.hadoop.fs.s3a.bucket.logs.example.endpoint http://minio:9000',
      'spark.hadoop.fs.s3a.bucket.logs.example.session.token ${env.S3A_BUCKET_LOGS_EXAMPLE_SESSION_TOKEN}',
    ]) expect(conf).toContain(line);
    expect(conf).toContain('S3A_BUCKET_LOGS_EXAMPLE_SESSION_TOKEN');
  });

  test('fails on a bucket name S3 does not allow', () => {
    expect(chartErrorOf((chart) => new SparkApplication(chart, 'App', { ...PI, s3a: new S3a({ bucket: 'Spark_Logs' }) })))
      .toBe('[test/App] \'s3a.bucket\' must be an S3 bucket name (3-63 lower-case letters, digits, \'.\' and \'-\', starting and ending with a letter or digit), got \'Spark_Logs\'; '
        + 'use the bucket of the s3a:// URL, e.g. \'spark-logs\' for s3a://spark-logs/events');
  });

  test('fails on an event log bucket that is not the event log\'s', () => {
    expect(chartErrorOf((chart) => new SparkApplication(chart, 'App', { ...PI, eventLog: EventLog.toUrl('s3a://spark-logs/events', { s3a: new S3a({ bucket: 'data' }) }) })))
      .toBe('[test/App] \'eventLog.s3a.bucket\' must be the event log\'s bucket \'spark-logs\' (s3a://spark-logs/events), got \'data\'; use \'spark-logs\', or leave it unset');
  });

  test('fails on two S3a for the same bucket with different credentials', () => {
    expect(chartErrorOf((chart) => new SparkApplication(chart, 'App', {
      ...PI,
      s3a: new S3a({ bucket: 'spark-logs', credentials: Secret.fromSecretName(chart, 'Data', 'data-credentials') }),
      eventLog: EventLog.toUrl('s3a://spark-logs/events', { s3a: new S3a({ bucket: 'spark-logs', credentials: Secret.fromSecretName(chart, 'Logs', 'log-credentials') }) }),
    }))).toBe('[test/App] \'eventLog.s3a\' configures S3A for the bucket \'spark-logs\' differently from \'s3a\' (other credentials or settings for the same bucket), got \'s3a://spark-logs/events\'; '
      + 'give both the same S3a object, or give the event log a bucket of its own (s3a://<bucket>/...) so each gets its own credentials');
  });

  test('fails when the application\'s per-bucket settings name the event log\'s bucket and the event log\'s own S3a differs', () => {
    expect(chartErrorOf((chart) => new SparkApplication(chart, 'App', {
      ...PI,
      s3a: new S3a({ bucket: 'spark-logs', credentials: Secret.fromSecretName(chart, 'Data', 'data-credentials') }),
      eventLog: EventLog.toUrl('s3a://spark-logs/events', { s3a: new S3a({ credentials: Secret.fromSecretName(chart, 'Logs', 'log-credentials') }) }),
    }))).toContain('\'eventLog.s3a\' configures S3A for the bucket \'spark-logs\' differently from \'s3a\'');
  });

  test('fails on two buckets whose variables would share a name', () => {
    expect(chartErrorOf((chart) => new SparkApplication(chart, 'App', {
      ...PI,
      s3a: new S3a({ bucket: 'logs-a', credentials: Secret.fromSecretName(chart, 'Data', 'data-credentials') }),
      eventLog: EventLog.toUrl('s3a://logs.a/events', { s3a: new S3a({ credentials: Secret.fromSecretName(chart, 'Logs', 'log-credentials'), bucket: 'logs.a' }) }),
    }))).toBe('[test/App] \'eventLog.s3a\' would carry its credentials in the variables S3A_BUCKET_LOGS_A_ACCESS_KEY_ID / ..., which \'s3a\' (bucket \'logs-a\') already uses, got \'logs.a\'; '
      + 'use buckets whose names differ in more than \'.\' and \'-\'');
  });
});
