import type { ISecret } from 'cdk8s-plus-28';
import { isS3aBucketName, s3aCredentialEnv, SIMPLE_PROVIDER, TEMPORARY_PROVIDER, webIdentityProvider } from './_s3a-connector';
import { checksFactories } from '../_validation';

/** Keys of the Secret that holds S3 credentials. */
export interface S3aSecretKeys {
  /**
   * Key holding the access key id.
   * @default 'AWS_ACCESS_KEY_ID'
   */
  readonly accessKeyId?: string;
  /**
   * Key holding the secret access key.
   * @default 'AWS_SECRET_ACCESS_KEY'
   */
  readonly secretAccessKey?: string;
  /**
   * Key holding a session token, for temporary credentials.
   * @default - no session token
   */
  readonly sessionToken?: string;
}

/** Props of `S3a`. */
export interface S3aProps {
  /**
   * Secret with the credentials; they reach Spark as the environment
   * variables `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY`
   * (`secretKeyRef`), which S3A's default credential chain reads. Never as
   * configuration values.
   * @default - no credentials: S3A's default chain (environment, then the container or instance metadata credentials; for IRSA use `webIdentity`)
   */
  readonly credentials?: ISecret;
  /**
   * Keys inside the credentials Secret.
   * @default - AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY
   */
  readonly secretKeys?: S3aSecretKeys;
  /**
   * S3 endpoint, for S3-compatible stores (MinIO, Ceph, ...).
   * @default - AWS S3
   */
  readonly endpoint?: string;
  /**
   * Region of the endpoint.
   * @default - resolved by the AWS SDK
   */
  readonly region?: string;
  /**
   * Path-style access (`https://endpoint/bucket/key`), which most S3-compatible stores need.
   * @default false
   */
  readonly pathStyleAccess?: boolean;
  /**
   * Limits these settings to one bucket, through S3A's per-bucket settings
   * (`fs.s3a.bucket.<bucket>.*`, which S3AFileSystem copies over the global
   * `fs.s3a.*` for that bucket only), so another bucket (the event log's, say)
   * can use other credentials. Credentials from a Secret then reach the pods
   * as variables of their own (`S3A_BUCKET_<BUCKET>_ACCESS_KEY_ID`, ...) that
   * the configuration references (`${env.NAME}`), with
   * `SimpleAWSCredentialsProvider` (or `TemporaryAWSCredentialsProvider`
   * with a session token) as the bucket's provider.
   * @default - every bucket; credentials as AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY for S3A's default chain
   * @see https://hadoop.apache.org/docs/stable/hadoop-aws/tools/hadoop-aws/index.html#Configuring_different_S3_buckets_with_Per-Bucket_Configuration
   */
  readonly bucket?: string;
  /**
   * Authenticate with the pod's web identity token (IRSA on EKS:
   * `WorkloadIdentity.awsIrsa`), not keys: sets `fs.s3a.aws.credentials.provider`
   * to the AWS SDK's web identity provider of the Hadoop line
   * (`software.amazon.awssdk.auth.credentials.WebIdentityTokenFileCredentialsProvider`
   * for Hadoop 3.4 / Spark 4, `com.amazonaws.auth.WebIdentityTokenCredentialsProvider`
   * for Hadoop 3.3 / Spark 3.5). S3A's default chain has no web identity
   * provider. Cannot be combined with `credentials`.
   * @default false
   */
  readonly webIdentity?: boolean;
}

/**
 * Access to object storage through Hadoop's S3A connector, with credentials
 * from a Kubernetes Secret. The stock apache/spark image carries no
 * `hadoop-aws`: the application adds the package that matches its Spark
 * line's Hadoop (`spark.jars.packages`, which brings the AWS SDK along),
 * unless `deps.packages` names one or `imageIncludesS3a` says the image
 * carries it.
 *
 * @example
 * new S3a({ credentials: Secret.fromSecretName(chart, 'S3', 's3-credentials'), endpoint: 'http://minio.storage:9000', pathStyleAccess: true })
 */
@checksFactories('S3a')
export class S3a {
  /**
   * S3A authenticating with the pod's web identity token (IRSA), no static
   * keys: the same as `new S3a({ ...props, webIdentity: true })`.
   *
   * @example
   * S3a.withWebIdentity({ region: 'eu-central-1' })
   */
  public static withWebIdentity(props: S3aProps = {}): S3a {
    return new S3a({ ...props, webIdentity: true });
  }

  constructor(private readonly props: S3aProps = {}) {}

  /**
   * Environment variables (wire format) that carry the credentials: the AWS
   * SDK's names, or for a bucket (`bucket`, or the one the application
   * scopes these settings to) names of its own (`s3aBucketEnv`).
   * @internal
   */
  public _env(bucket: string | undefined = this.props.bucket): any[] {
    const secret = this.props.credentials;
    if (!secret) {
      return [];
    }
    const keys = this.props.secretKeys ?? {};
    const names = s3aCredentialEnv(bucket);
    const ref = (name: string, key: string) => ({ name, valueFrom: { secretKeyRef: { name: secret.name, key } } });
    return [
      ref(names.accessKeyId, keys.accessKeyId ?? 'AWS_ACCESS_KEY_ID'),
      ref(names.secretAccessKey, keys.secretAccessKey ?? 'AWS_SECRET_ACCESS_KEY'),
      ...(keys.sessionToken ? [ref(names.sessionToken, keys.sessionToken)] : []),
    ];
  }

  /**
   * Hadoop configuration (without the `spark.hadoop.` prefix): global
   * `fs.s3a.*` keys, or `fs.s3a.bucket.<bucket>.*` for a bucket, whose
   * credentials are references to the variables of `_env` (Hadoop resolves
   * `${env.NAME}` on every read, `getPassword` included). `hadoop` is the
   * Hadoop version, which picks the web identity provider's SDK.
   * @internal
   */
  public _hadoopConf(options: { readonly bucket?: string; readonly hadoop?: string } = {}): { [key: string]: string } {
    const bucket = 'bucket' in options ? options.bucket : this.props.bucket;
    const prefix = bucket === undefined ? 'fs.s3a.' : `fs.s3a.bucket.${bucket}.`;
    const conf: { [key: string]: string } = {};
    if (this.props.endpoint) conf[`${prefix}endpoint`] = this.props.endpoint;
    if (this.props.region) conf[`${prefix}endpoint.region`] = this.props.region;
    if (this.props.pathStyleAccess !== undefined) conf[`${prefix}path.style.access`] = String(this.props.pathStyleAccess);
    if (this.props.webIdentity) conf[`${prefix}aws.credentials.provider`] = webIdentityProvider(options.hadoop);
    if (bucket !== undefined && this.props.credentials) {
      const names = s3aCredentialEnv(bucket);
      const session = this.props.secretKeys?.sessionToken !== undefined;
      conf[`${prefix}aws.credentials.provider`] = session ? TEMPORARY_PROVIDER : SIMPLE_PROVIDER;
      conf[`${prefix}access.key`] = `\${env.${names.accessKeyId}}`;
      conf[`${prefix}secret.key`] = `\${env.${names.secretAccessKey}}`;
      if (session) conf[`${prefix}session.token`] = `\${env.${names.sessionToken}}`;
    }
    return conf;
  }

  /**
   * Whether another S3a renders the same settings (so two props may share a scope).
   * @internal
   */
  public _sameAs(other: S3a): boolean {
    const render = (s: S3a) => JSON.stringify([s._hadoopConf({ bucket: 'b' }), s._env('b')]);
    return other === this || render(other) === render(this);
  }

  /**
   * Why these settings cannot be used (a JavaScript caller's wrong types, an
   * empty or spaced endpoint), for the construct to report under its prop.
   * @internal
   */
  public _problem(): { prop: string; value: unknown; requirement: string; fix: string } | undefined {
    const p = this.props ?? {};
    const word = (prop: string, value: unknown, example: string) => value !== undefined && (typeof value !== 'string' || value === '' || /\s/.test(value))
      ? { prop, value, requirement: 'must be a non-empty string without whitespace', fix: `use e.g. '${example}'` } : undefined;
    const secret = p.credentials;
    if (secret !== undefined && typeof (secret as any)?.name !== 'string') {
      return { prop: 'credentials', value: secret, requirement: 'must be a Secret', fix: 'use Secret.fromSecretName(this, \'S3\', \'s3-credentials\')' };
    }
    if (p.webIdentity !== undefined && typeof p.webIdentity !== 'boolean') {
      return { prop: 'webIdentity', value: p.webIdentity, requirement: 'must be true or false', fix: 'use S3a.withWebIdentity()' };
    }
    if (p.webIdentity && secret !== undefined) {
      return {
        prop: 'webIdentity',
        value: true,
        requirement: 'cannot be combined with \'credentials\' (keys from a Secret, or the pod\'s web identity: one of them)',
        fix: 'remove \'credentials\' to use the workload identity, or \'webIdentity\' to use the keys',
      };
    }
    if (p.bucket !== undefined && (typeof p.bucket !== 'string' || !isS3aBucketName(p.bucket))) {
      return {
        prop: 'bucket',
        value: p.bucket,
        requirement: 'must be an S3 bucket name (3-63 lower-case letters, digits, \'.\' and \'-\', starting and ending with a letter or digit)',
        fix: 'use the bucket of the s3a:// URL, e.g. \'spark-logs\' for s3a://spark-logs/events',
      };
    }
    if (p.pathStyleAccess !== undefined && typeof p.pathStyleAccess !== 'boolean') {
      return { prop: 'pathStyleAccess', value: p.pathStyleAccess, requirement: 'must be true or false', fix: 'use true for MinIO and most S3-compatible stores' };
    }
    return word('endpoint', p.endpoint, 'http://minio.storage:9000')
      ?? word('region', p.region, 'eu-central-1')
      ?? word('secretKeys.accessKeyId', p.secretKeys?.accessKeyId, 'AWS_ACCESS_KEY_ID')
      ?? word('secretKeys.secretAccessKey', p.secretKeys?.secretAccessKey, 'AWS_SECRET_ACCESS_KEY')
      ?? word('secretKeys.sessionToken', p.secretKeys?.sessionToken, 'AWS_SESSION_TOKEN');
  }

  /**
   * The endpoint, for the secret scan of the construct that uses it.
   * @internal
   */
  public get _endpoint(): string | undefined {
    return this.props?.endpoint;
  }

  /** The bucket these settings are limited to, if any. */
  public get bucket(): string | undefined {
    return this.props?.bucket;
  }

  /** Name of the credentials Secret, if any. */
  public get credentialsSecretName(): string | undefined {
    return this.props.credentials?.name;
  }
}
