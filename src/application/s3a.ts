import type { ISecret } from 'cdk8s-plus-28';

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
   * @default - no credentials: S3A's chain falls back to workload identity (IRSA, instance profile)
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
export class S3a {
  constructor(private readonly props: S3aProps = {}) {}

  /**
   * Environment variables (wire format) that carry the credentials.
   * @internal
   */
  public _env(): any[] {
    const secret = this.props.credentials;
    if (!secret) {
      return [];
    }
    const keys = this.props.secretKeys ?? {};
    const ref = (name: string, key: string) => ({ name, valueFrom: { secretKeyRef: { name: secret.name, key } } });
    return [
      ref('AWS_ACCESS_KEY_ID', keys.accessKeyId ?? 'AWS_ACCESS_KEY_ID'),
      ref('AWS_SECRET_ACCESS_KEY', keys.secretAccessKey ?? 'AWS_SECRET_ACCESS_KEY'),
      ...(keys.sessionToken ? [ref('AWS_SESSION_TOKEN', keys.sessionToken)] : []),
    ];
  }

  /**
   * Hadoop configuration (without the `spark.hadoop.` prefix).
   * @internal
   */
  public _hadoopConf(): { [key: string]: string } {
    const conf: { [key: string]: string } = {};
    if (this.props.endpoint) conf['fs.s3a.endpoint'] = this.props.endpoint;
    if (this.props.region) conf['fs.s3a.endpoint.region'] = this.props.region;
    if (this.props.pathStyleAccess !== undefined) conf['fs.s3a.path.style.access'] = String(this.props.pathStyleAccess);
    return conf;
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

  /** Name of the credentials Secret, if any. */
  public get credentialsSecretName(): string | undefined {
    return this.props.credentials?.name;
  }
}
