import { ApiObject, Names } from 'cdk8s';
import { IServiceAccount, ServiceAccount } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ISparkJobNamespace } from './job-namespace';
import { checkDns1123Label, DNS_1123_SUBDOMAIN, fail } from '../_validation';
import { SparkVersion } from '../spark/spark-version';

/** The verbs a Spark driver needs on the objects it manages (including `deletecollection` for clean-up by label). */
export const DRIVER_VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'];

/** The core resources a Spark driver manages. */
export const DRIVER_RESOURCES = ['pods', 'services', 'configmaps', 'persistentvolumeclaims'];

/**
 * Props of `SparkDriverRbac`.
 */
export interface SparkDriverRbacProps {
  /** Namespace the driver runs in. */
  readonly namespace: string;
  /**
   * Spark version of the drivers that use this account; from 4.2 cluster-mode
   * submissions also need `networkpolicies`.
   * @default SparkVersion.DEFAULT
   */
  readonly sparkVersion?: SparkVersion;
  /**
   * Whether the account submits in cluster mode (adds `networkpolicies` for Spark 4.2 and later).
   * @default true
   */
  readonly clusterMode?: boolean;
  /**
   * Name of the ServiceAccount, Role and RoleBinding.
   * @default - derived from the construct path
   */
  readonly name?: string;
}

/**
 * A least-privilege ServiceAccount for Spark drivers: a Role in the driver's
 * namespace with exactly pods, services, configmaps and
 * persistentvolumeclaims × get/list/watch/create/update/patch/delete/deletecollection
 * (plus networkpolicies for Spark 4.2 cluster mode), and a RoleBinding.
 * Never a ClusterRole, never secrets.
 */
export class SparkDriverRbac extends Construct implements ISparkJobNamespace {
  /**
   * A job namespace whose driver ServiceAccount (with the rights above) exists already,
   * managed outside this app.
   */
  public static fromServiceAccountName(scope: Construct, id: string, namespace: string, serviceAccountName: string): ISparkJobNamespace {
    return { namespaceName: namespace, serviceAccount: ServiceAccount.fromServiceAccountName(scope, id, serviceAccountName) };
  }

  /** Namespace of the ServiceAccount. */
  public readonly namespaceName: string;
  /** Name shared by the ServiceAccount, Role and RoleBinding. */
  public readonly name: string;
  /** The Role object. */
  public readonly role: ApiObject;

  constructor(scope: Construct, id: string, props: SparkDriverRbacProps) {
    super(scope, id);
    checkDns1123Label(this, 'namespace', props.namespace);
    this.namespaceName = props.namespace;
    this.name = props.name ?? Names.toDnsLabel(this);
    if (this.name.length > 253 || !DNS_1123_SUBDOMAIN.test(this.name)) {
      fail(this, 'name', this.name, 'must be a DNS-1123 subdomain', 'use lower-case letters, digits, \'-\' and \'.\'');
    }
    const version = props.sparkVersion ?? SparkVersion.DEFAULT;
    const metadata = { name: this.name, namespace: props.namespace };

    // Plain objects, not cdk8s-plus constructs: one Role rule, and a tenth of the synth cost.
    new ApiObject(this, 'ServiceAccount', { apiVersion: 'v1', kind: 'ServiceAccount', metadata, automountServiceAccountToken: true } as any);
    const rules: any[] = [{ apiGroups: [''], resources: [...DRIVER_RESOURCES], verbs: [...DRIVER_VERBS] }];
    if ((props.clusterMode ?? true) && version.submissionCreatesNetworkPolicy) {
      rules.push({ apiGroups: ['networking.k8s.io'], resources: ['networkpolicies'], verbs: [...DRIVER_VERBS] });
    }
    this.role = new ApiObject(this, 'Role', { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata, rules } as any);
    // Tree order puts the ServiceAccount and Role before the binding.
    new ApiObject(this, 'RoleBinding', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata,
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: this.name },
      subjects: [{ kind: 'ServiceAccount', name: this.name, namespace: props.namespace }],
    } as any);
  }

  /** The driver ServiceAccount (a reference, created on first use). */
  public get serviceAccount(): IServiceAccount {
    const existing = this.node.tryFindChild('Account') as IServiceAccount | undefined;
    return existing ?? ServiceAccount.fromServiceAccountName(this, 'Account', this.name);
  }
}
