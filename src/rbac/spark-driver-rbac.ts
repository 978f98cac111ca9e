import { ApiObject } from 'cdk8s';
import { ApiResource, IServiceAccount, Role, RoleBinding, ServiceAccount } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ISparkJobNamespace } from './job-namespace';
import { checkDns1123Label } from '../_validation';
import { SparkVersion } from '../spark/spark-version';

/** The verbs a Spark driver needs on the objects it manages (including `deletecollection` for clean-up by label). */
export const DRIVER_VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'];

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
  /** Namespace of the ServiceAccount. */
  public readonly namespaceName: string;
  /** The driver ServiceAccount. */
  public readonly serviceAccount: IServiceAccount;
  /** The Role. */
  public readonly role: Role;

  constructor(scope: Construct, id: string, props: SparkDriverRbacProps) {
    super(scope, id);
    checkDns1123Label(this, 'namespace', props.namespace);
    this.namespaceName = props.namespace;
    const version = props.sparkVersion ?? SparkVersion.DEFAULT;
    const metadata = { namespace: props.namespace, name: props.name };

    const account = new ServiceAccount(this, 'ServiceAccount', { metadata, automountToken: true });
    this.role = new Role(this, 'Role', { metadata });
    this.role.allow(DRIVER_VERBS, ApiResource.PODS, ApiResource.SERVICES, ApiResource.CONFIG_MAPS, ApiResource.PERSISTENT_VOLUME_CLAIMS);
    if ((props.clusterMode ?? true) && version.submissionCreatesNetworkPolicy) {
      this.role.allow(DRIVER_VERBS, ApiResource.NETWORK_POLICIES);
    }
    const binding = new RoleBinding(this, 'RoleBinding', { metadata, role: this.role });
    binding.addSubjects(account);
    ApiObject.of(binding).addDependency(account);
    this.serviceAccount = account;
  }
}
