import type { IServiceAccount } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { plus } from '../_plus';
import { checkPropsObject, checkRequiredString } from './_props';
import { createDriverAccount, DriverRoleRules, serviceAccountRef } from './_role';
import { SparkRbacRule } from './rbac-rule';
import { WorkloadIdentity } from './workload-identity';
import { checkDns1123Label, DNS_1123_SUBDOMAIN, fail } from '../_validation';
import { SecurityOptOut } from '../pod/security-opt-out';
import { SparkVersion } from '../spark/spark-version';

/**
 * A namespace prepared for Spark jobs: its name and the service account
 * drivers run as there. `SparkJobNamespace` and `SparkDriverRbac` are two.
 */
export interface ISparkJobNamespace {
  /** Name of the namespace. */
  readonly namespaceName: string;
  /** Service account drivers use in it. */
  readonly serviceAccount: IServiceAccount;
  /**
   * The cloud identity that service account is bound to, whose pod labels
   * (Azure) an application running as it adds to its pods.
   * @default - none
   */
  readonly identity?: WorkloadIdentity;
}

/** Props of `SparkJobNamespace`. */
export interface SparkJobNamespaceProps {
  /** The namespace. */
  readonly namespace: string;
  /**
   * Name of the Spark driver ServiceAccount, Role and RoleBinding.
   * @default 'spark-driver'
   */
  readonly driverServiceAccountName?: string;
  /**
   * Spark version of the drivers (Spark 4.2 cluster-mode submissions also need networkpolicies).
   * @default SparkVersion.DEFAULT
   */
  readonly sparkVersion?: SparkVersion;
  /**
   * Labels of the driver ServiceAccount, Role and RoleBinding.
   * @default - none
   */
  readonly labels?: { [key: string]: string };
  /**
   * Extra rules of the driver Role (no wildcards, no Secrets). An
   * application in this App that chooses the StatefulSet or Deployment
   * executor allocator adds the `apps` rules it needs itself.
   * @default - none
   */
  readonly rules?: SparkRbacRule[];
  /**
   * Named exceptions to the secure defaults: `DEFAULT_SERVICE_ACCOUNT` lets
   * `driverServiceAccountName` be `default`, taking over the namespace's
   * default ServiceAccount (every pod there that names no other account gets
   * the driver's rights). Recorded in the annotation
   * `spark.cdk8s.io/security-opt-outs` on the ServiceAccount, Role and RoleBinding.
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
 * A namespace prepared for Spark jobs: the least-privilege Spark driver
 * ServiceAccount, Role and RoleBinding in it. `SparkOperator.addJobNamespace`
 * returns one (with the operator's Roles added); pass it to an application
 * as `jobNamespace`. The driver ServiceAccount is the default child.
 */
export class SparkJobNamespace extends Construct implements ISparkJobNamespace {
  /**
   * A job namespace managed outside this app, whose driver ServiceAccount
   * (with the rights of `SparkDriverRbac`) exists already.
   */
  public static fromNamespaceName(scope: Construct, id: string, namespace: string, driverServiceAccountName: string): ISparkJobNamespace {
    const holder = new Construct(scope, id);
    checkRequiredString(holder, 'namespace', namespace, 'spark-jobs');
    checkDns1123Label(holder, 'namespace', namespace);
    checkRequiredString(holder, 'driverServiceAccountName', driverServiceAccountName, 'spark-driver');
    if (driverServiceAccountName.length > 253 || !DNS_1123_SUBDOMAIN.test(driverServiceAccountName)) {
      fail(holder, 'driverServiceAccountName', driverServiceAccountName, 'must be a DNS-1123 subdomain', 'use lower-case letters, digits, \'-\' and \'.\'');
    }
    return { namespaceName: namespace, serviceAccount: plus().ServiceAccount.fromServiceAccountName(holder, 'ServiceAccount', driverServiceAccountName) };
  }

  /** Name of the namespace. */
  public readonly namespaceName: string;
  /** Name of the driver ServiceAccount, Role and RoleBinding. */
  public readonly driverServiceAccountName: string;
  /** The cloud identity of the driver ServiceAccount. */
  public readonly identity?: WorkloadIdentity;
  private readonly rules: DriverRoleRules;

  constructor(scope: Construct, id: string, props: SparkJobNamespaceProps) {
    super(scope, id);
    checkPropsObject(this, props, '{ namespace: \'spark-jobs\' }');
    this.namespaceName = props.namespace;
    this.driverServiceAccountName = props.driverServiceAccountName ?? 'spark-driver';
    this.identity = props.identity;
    this.rules = createDriverAccount(this, { ...props, name: this.driverServiceAccountName, prop: 'driverServiceAccountName', construct: 'a SparkJobNamespace' });
  }

  /** Adds a rule to the driver Role (checked: no wildcards, no Secrets, known verbs; an identical rule is kept once). */
  public addRule(rule: SparkRbacRule): void {
    this.rules.add('addRule', rule);
  }

  /** The Spark driver ServiceAccount of this namespace (a reference). */
  public get serviceAccount(): IServiceAccount {
    return serviceAccountRef(this, this.driverServiceAccountName);
  }
}
