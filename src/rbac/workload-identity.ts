import { checksFactories } from '../_validation';

/**
 * A cloud identity a ServiceAccount the library creates is bound to, so its
 * pods reach object storage and other cloud APIs without static keys: the
 * annotation the cloud's webhook or metadata server reads on the
 * ServiceAccount, and (Azure) the label its webhook needs on the pod.
 *
 * A factory never throws: the construct that takes the identity checks it and
 * reports a bad value under its own path and prop.
 *
 * Give it to a construct that creates its ServiceAccount (`identity` of an
 * application, `SparkJobNamespace`, `SparkDriverRbac`, `SparkHistoryServer`).
 * A construct given a ServiceAccount of yours refuses it: annotate your own
 * ServiceAccount with `annotations` instead.
 *
 * @example
 * new SparkJobNamespace(chart, 'Team', { namespace: 'team-a', identity: WorkloadIdentity.awsIrsa('arn:aws:iam::111122223333:role/team-a-spark') });
 */
@checksFactories('WorkloadIdentity')
export class WorkloadIdentity {
  /**
   * IAM roles for service accounts on Amazon EKS: the annotation
   * `eks.amazonaws.com/role-arn`. The EKS pod identity webhook then gives
   * every pod of the account `AWS_ROLE_ARN`, `AWS_WEB_IDENTITY_TOKEN_FILE`
   * and a projected token volume of its own (`aws-iam-token`), whether or
   * not the pod mounts the API token. S3A reads it with
   * `S3a.withWebIdentity()` (its default chain has no web-identity provider).
   *
   * @param roleArn the IAM role, e.g. `arn:aws:iam::111122223333:role/spark`
   * @see https://docs.aws.amazon.com/eks/latest/userguide/iam-roles-for-service-accounts.html
   */
  public static awsIrsa(roleArn: string): WorkloadIdentity {
    return new WorkloadIdentity('awsIrsa', roleArn, 'eks.amazonaws.com/role-arn', undefined);
  }

  /**
   * GKE Workload Identity: the annotation `iam.gke.io/gcp-service-account`,
   * which lets the account act as a Google service account (GCS through the
   * GCS connector; this library models only S3A).
   *
   * @param serviceAccountEmail e.g. `spark@my-project.iam.gserviceaccount.com`
   * @see https://cloud.google.com/kubernetes-engine/docs/how-to/workload-identity
   */
  public static gke(serviceAccountEmail: string): WorkloadIdentity {
    return new WorkloadIdentity('gke', serviceAccountEmail, 'iam.gke.io/gcp-service-account', undefined);
  }

  /**
   * Microsoft Entra Workload ID on AKS: the annotation
   * `azure.workload.identity/client-id` on the ServiceAccount, and the label
   * `azure.workload.identity/use: "true"` on every pod of the account (only
   * such pods get the token volume and `AZURE_*` variables from the webhook).
   * ABFS needs its own connector settings; this library models only S3A.
   *
   * @param clientId the client id (a GUID) of the managed identity or app registration
   * @see https://azure.github.io/azure-workload-identity/docs/topics/service-account-labels-and-annotations.html
   */
  public static azure(clientId: string): WorkloadIdentity {
    return new WorkloadIdentity('azure', clientId, 'azure.workload.identity/client-id', { 'azure.workload.identity/use': 'true' });
  }

  private constructor(
    private readonly factory: 'awsIrsa' | 'gke' | 'azure',
    private readonly value: string,
    private readonly annotation: string,
    private readonly labels: { [key: string]: string } | undefined,
  ) {}

  /** The annotations of the ServiceAccount; put them on a ServiceAccount of your own. */
  public get annotations(): { [key: string]: string } {
    return { [this.annotation]: this.value };
  }

  /** The labels every pod of the ServiceAccount needs (Azure only). */
  public get podLabels(): { [key: string]: string } {
    return { ...this.labels };
  }

  /**
   * How the identity reads in a message: `WorkloadIdentity.awsIrsa('arn:…')`.
   * @internal
   */
  public get _shown(): string {
    return `WorkloadIdentity.${this.factory}(${JSON.stringify(this.value)?.replace(/^"|"$/g, '\'')})`;
  }

  /**
   * Why the value cannot be used, for the construct to report.
   * @internal
   */
  public _problem(): { requirement: string; fix: string } | undefined {
    const v = this.value;
    const ok = typeof v === 'string' && IDENTITY_FORMATS[this.factory].pattern.test(v);
    return ok ? undefined : { requirement: IDENTITY_FORMATS[this.factory].requirement, fix: IDENTITY_FORMATS[this.factory].fix };
  }
}

/** The format of each identity's value. */
const IDENTITY_FORMATS: { [factory: string]: { pattern: RegExp; requirement: string; fix: string } } = {
  // IAM ARN grammar: arn:<partition>:iam::<12-digit account>:role/<path/><name>, role names [\w+=,.@-]{1,64}.
  awsIrsa: {
    pattern: /^arn:aws(-cn|-us-gov|-iso|-iso-b)?:iam::[0-9]{12}:role\/([\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/,
    requirement: 'must be the ARN of an IAM role (arn:aws:iam::<12-digit account id>:role/<name>)',
    fix: 'use e.g. WorkloadIdentity.awsIrsa(\'arn:aws:iam::111122223333:role/spark\')',
  },
  gke: {
    pattern: /^[a-z0-9][a-z0-9-]{4,61}[a-z0-9]@([a-z0-9-]+\.)*gserviceaccount\.com$/,
    requirement: 'must be the email of a Google service account (<name>@<project>.iam.gserviceaccount.com)',
    fix: 'use e.g. WorkloadIdentity.gke(\'spark@my-project.iam.gserviceaccount.com\')',
  },
  azure: {
    pattern: /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/,
    requirement: 'must be the client id of an Entra identity (a GUID)',
    fix: 'use e.g. WorkloadIdentity.azure(\'00000000-0000-0000-0000-000000000000\') with your identity\'s client id',
  },
};
