import { Names } from 'cdk8s';
import type { IServiceAccount } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { checkPropsObject } from './_props';
import { createDriverAccount, DriverRoleRules, serviceAccountRef } from './_role';
import { SparkRbacRule } from './rbac-rule';
import { ISparkJobNamespace } from './spark-job-namespace';
import { WorkloadIdentity } from './workload-identity';
import { assertBuilt, collectsProblems } from '../_validation';
import { SecurityOptOut } from '../pod/security-opt-out';
import { SparkVersion } from '../spark/spark-version';

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
  /**
   * Labels of the ServiceAccount, Role and RoleBinding.
   * @default - none
   */
  readonly labels?: { [key: string]: string };
  /**
   * Extra rules of the Role, on top of what a driver needs (no wildcards,
   * no Secrets). A backend that chooses the StatefulSet or Deployment
   * executor allocator adds the `apps` rules it needs itself.
   * @default - none
   */
  readonly rules?: SparkRbacRule[];
  /**
   * Named exceptions to the secure defaults: `DEFAULT_SERVICE_ACCOUNT` lets
   * `name` be `default`, taking over the namespace's default ServiceAccount
   * (every pod there that names no other account gets the driver's rights).
   * Recorded in the annotation `spark.cdk8s.io/security-opt-outs` on the
   * ServiceAccount, Role and RoleBinding.
   * @default - none
   */
  readonly securityOptOuts?: SecurityOptOut[];
  /**
   * The cloud identity the driver ServiceAccount is bound to: its annotation
   * goes on the ServiceAccount (not the Role or RoleBinding), and an
   * application running as this account adds the pod labels the identity
   * needs (Azure) to its driver and executors, which run as the same account.
   * @default - none
   */
  readonly identity?: WorkloadIdentity;
}

/**
 * A least-privilege ServiceAccount for Spark drivers: a Role in the driver's
 * namespace with exactly pods, services, configmaps and
 * persistentvolumeclaims × get/list/watch/create/update/patch/delete/deletecollection
 * (plus networkpolicies for Spark 4.2 cluster mode, and what `addRule` adds), and a RoleBinding.
 * Never a ClusterRole, never secrets. The ServiceAccount is the default
 * child (`ApiObject.of(rbac)`).
 */
@collectsProblems('SparkDriverRbacProps')
export class SparkDriverRbac extends Construct implements ISparkJobNamespace {
  /** Namespace of the ServiceAccount. */
  public readonly namespaceName: string;
  /** Name shared by the ServiceAccount, Role and RoleBinding. */
  public readonly name: string;
  /** The cloud identity of the ServiceAccount. */
  public readonly identity?: WorkloadIdentity;
  private readonly rules: DriverRoleRules;

  constructor(scope: Construct, id: string, props: SparkDriverRbacProps) {
    super(scope, id);
    checkPropsObject(this, props, '{ namespace: \'spark-jobs\' }');
    this.namespaceName = props.namespace;
    this.name = props.name ?? Names.toDnsLabel(this);
    this.identity = props.identity;
    this.rules = createDriverAccount(this, { ...props, name: this.name, prop: 'name', construct: 'a SparkDriverRbac' });
  }

  /**
   * Adds a rule to the driver Role (checked: no wildcards, no Secrets, known
   * verbs; an identical rule is kept once).
   */
  public addRule(rule: SparkRbacRule): void {
    assertBuilt(this);
    this.rules.add('addRule', rule);
  }

  /** The driver ServiceAccount (a reference, created on first use). */
  public get serviceAccount(): IServiceAccount {
    assertBuilt(this);
    return serviceAccountRef(this, this.name);
  }
}
