import { IConstruct } from 'constructs';
import type { EventLog } from './event-log';
import type { S3a } from './s3a';
import { parseImage } from '../_input';
import { fail } from '../_validation';
import { SparkVersion } from '../spark/spark-version';

/**
 * The Hadoop line each Spark line is built with, so S3A's `hadoop-aws` can
 * match the Hadoop client jars in the image exactly (a mismatch fails with
 * linkage errors at the first S3 access). `hadoop-aws` brings the AWS SDK
 * bundle it was built with as a Maven dependency, so `--packages` resolves
 * the SDK too.
 *
 * Sources, `<hadoop.version>` in apache/spark's root pom.xml:
 * - 3.5: 3.3.4 (pom.xml of 3.5.x, e.g. commit 000e2c049a33, 3.5.2-SNAPSHOT; v3.5.5 likewise);
 * - 4.0: 3.4.1 (pom of spark-parent_2.13 4.0.0; the 4.0 development pom moved 3.4.0 → 3.4.1 before the release);
 * - 4.1: 3.4.2 (v4.1.2 pom.xml; the Apache Spark operator's 4.1 examples use hadoop-aws 3.4.2);
 * - 4.2: 3.4.3 (pom.xml at commit 0024ef0ff29d, 4.2.0-SNAPSHOT, and its
 *   dev/deps/spark-deps-hadoop-3-hive-2.3: hadoop-client-api 3.4.3, hadoop-aws 3.4.3).
 * A line the table does not know returns undefined: the caller fails with the fix.
 */
const HADOOP_BY_SPARK: [major: number, minor: number, hadoop: string][] = [
  [3, 5, '3.3.4'],
  [4, 0, '3.4.1'],
  [4, 1, '3.4.2'],
  [4, 2, '3.4.3'],
];

/** The Maven coordinate prefix of S3A. */
export const HADOOP_AWS = 'org.apache.hadoop:hadoop-aws:';

/** The Hadoop version of a Spark release's stock distribution, or undefined for a line the table does not know. */
export function hadoopVersionOf(version: SparkVersion): string | undefined {
  return HADOOP_BY_SPARK.find(([major, minor]) => version.major === major && version.minor === minor)?.[2];
}

/** The Maven package that brings S3A (and with it the AWS SDK) for a Spark release, or undefined when unknown. */
export function s3aPackage(version: SparkVersion): string | undefined {
  const hadoop = hadoopVersionOf(version);
  return hadoop ? `${HADOOP_AWS}${hadoop}` : undefined;
}

/**
 * Whether an image is a stock Spark image (`apache/spark`, or Docker's
 * official `spark`), built from the binary release without
 * `-Phadoop-cloud` (apache/spark dev/create-release/release-build.sh), so
 * it carries Spark's own Hadoop client jars and no S3A.
 */
export function isStockSparkImage(image: string): boolean {
  const ref = parseImage(image);
  if (!ref) return false;
  // A first component without '.' or ':' (and not localhost) is part of the path, not a registry (reference.ParseNormalizedNamed).
  const registry = ref.domain !== undefined && (/[.:]/.test(ref.domain) || ref.domain === 'localhost') ? ref.domain : undefined;
  const path = ref.domain !== undefined && registry === undefined ? `${ref.domain}/${ref.path}` : ref.path;
  const hub = registry === undefined || registry === 'docker.io' || registry === 'index.docker.io';
  return hub && ['apache/spark', 'spark', 'library/spark'].includes(path);
}

/** Whether a URI or configuration value names an S3A location. */
export function isS3aUri(uri: string | undefined): boolean {
  return typeof uri === 'string' && /^s3a:\/\//i.test(uri);
}

/**
 * S3A's providers for keys in the configuration (hadoop-aws, both Hadoop
 * lines): `fs.s3a.access.key` / `fs.s3a.secret.key`, plus
 * `fs.s3a.session.token` for the temporary one. Hadoop's authentication.md.
 */
export const SIMPLE_PROVIDER = 'org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider';
export const TEMPORARY_PROVIDER = 'org.apache.hadoop.fs.s3a.TemporaryAWSCredentialsProvider';

/**
 * The AWS SDK's web identity provider (reads `AWS_ROLE_ARN` and
 * `AWS_WEB_IDENTITY_TOKEN_FILE`, which the EKS pod identity webhook sets) for
 * a Hadoop version: Hadoop 3.4 moved S3A to AWS SDK v2 (authentication.md:
 * "with the upgrade to AWS Java SDK V2 in Hadoop 3.4.0" providers implement
 * software.amazon.awssdk.auth.credentials.AwsCredentialsProvider), and
 * CredentialProviderListFactory remaps only four v1 names (anonymous, EC2
 * container, instance profile, environment), not the web identity one. S3A's
 * default list (STANDARD_AWS_PROVIDERS: environment, IAMInstanceCredentialsProvider,
 * simple, temporary) has no web identity provider on either line. An
 * unknown version (a Spark line the table does not know) is a newer one: v2.
 */
export function webIdentityProvider(hadoop: string | undefined): string {
  const m = /^(\d+)\.(\d+)/.exec(hadoop ?? '');
  const v1 = m !== null && (Number(m[1]) < 3 || (Number(m[1]) === 3 && Number(m[2]) < 4));
  return v1 ? 'com.amazonaws.auth.WebIdentityTokenCredentialsProvider' : 'software.amazon.awssdk.auth.credentials.WebIdentityTokenFileCredentialsProvider';
}

/** S3 bucket naming rules (general purpose buckets): 3-63 characters, lower-case letters, digits, '.', '-', a letter or digit at both ends, no '..'. */
export function isS3aBucketName(bucket: string): boolean {
  return /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket) && !bucket.includes('..');
}

/** The bucket of an `s3a://bucket/...` URL, or undefined. */
export function s3aBucketOf(url: string | undefined): string | undefined {
  return isS3aUri(url) ? /^s3a:\/\/([^/]+)/i.exec(url!)?.[1] : undefined;
}

/**
 * The environment variables of S3A credentials: the AWS SDK's names for
 * every bucket (EnvironmentVariableCredentialsProvider, in S3A's default
 * chain), or `S3A_BUCKET_<BUCKET>_*` for one bucket (upper case, every other
 * character `_`: Hadoop reads a `-` in `${env.NAME-default}` as a default).
 */
export function s3aCredentialEnv(bucket: string | undefined): { accessKeyId: string; secretAccessKey: string; sessionToken: string } {
  if (bucket === undefined) return { accessKeyId: 'AWS_ACCESS_KEY_ID', secretAccessKey: 'AWS_SECRET_ACCESS_KEY', sessionToken: 'AWS_SESSION_TOKEN' };
  const prefix = `S3A_BUCKET_${bucket.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_`;
  return { accessKeyId: `${prefix}ACCESS_KEY_ID`, secretAccessKey: `${prefix}SECRET_ACCESS_KEY`, sessionToken: `${prefix}SESSION_TOKEN` };
}

/** One S3a an application uses, and the bucket it applies to (undefined: every bucket). */
export interface S3aScope {
  readonly prop: string;
  readonly s3a: S3a;
  readonly bucket?: string;
  /** Only the driver needs it (the event log, which only the driver writes). */
  readonly driverOnly: boolean;
}

/**
 * The S3A settings of an application: its own (`s3a`) and the event log's.
 * The event log's apply to the event log's bucket when they differ from the
 * application's and name no bucket (inferred from the URL, so each gets its
 * own credentials, and an application's per-bucket settings for that same
 * bucket cannot silently override them); equal ones are merged. Two settings for one
 * bucket that differ, or two buckets whose variables would share a name,
 * fail.
 */
export function resolveS3aScopes(scope: IConstruct, s3a: S3a | undefined, eventLog: EventLog | undefined): S3aScope[] {
  const scopes: S3aScope[] = s3a ? [{ prop: 's3a', s3a, bucket: s3a.bucket, driverOnly: false }] : [];
  const log = eventLog?.s3a;
  if (!log || log === s3a) return scopes;
  const urlBucket = s3aBucketOf(eventLog!.directory);
  if (log.bucket !== undefined && urlBucket !== undefined && log.bucket !== urlBucket) {
    fail(scope, 'eventLog.s3a.bucket', log.bucket, `must be the event log's bucket '${urlBucket}' (${eventLog!.directory})`, `use '${urlBucket}', or leave it unset`);
  }
  const infer = log.bucket === undefined && s3a !== undefined && !s3a._sameAs(log);
  const own: S3aScope = { prop: 'eventLog.s3a', s3a: log, bucket: infer ? urlBucket : log.bucket, driverOnly: true };
  const other = scopes.find((s) => s.bucket === own.bucket);
  if (other && other.s3a._sameAs(own.s3a)) return scopes;
  if (other) {
    const where = own.bucket === undefined ? 'every bucket' : `the bucket '${own.bucket}'`;
    fail(scope, own.prop, eventLog!.directory, `configures S3A for ${where} differently from '${other.prop}' (other credentials or settings for the same bucket)`,
      'give both the same S3a object, or give the event log a bucket of its own (s3a://<bucket>/...) so each gets its own credentials');
  }
  const envOf = (bucket: string | undefined) => (bucket === undefined ? undefined : s3aCredentialEnv(bucket).accessKeyId);
  const clash = scopes.find((s) => envOf(s.bucket) !== undefined && envOf(s.bucket) === envOf(own.bucket));
  if (clash) {
    fail(scope, own.prop, own.bucket, `would carry its credentials in the variables ${s3aCredentialEnv(own.bucket).accessKeyId} / ..., which '${clash.prop}' (bucket '${clash.bucket}') already uses`,
      'use buckets whose names differ in more than \'.\' and \'-\'');
  }
  return [...scopes, own];
}
