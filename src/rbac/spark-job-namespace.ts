import type { IServiceAccount } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ExternalJobNamespace } from './_existing-namespace';
import { checkPropsObject, checkRequiredString, systemNamespaceProblem } from './_props';
import { createDriverAccount, DriverRoleRules, serviceAccountRef } from './_role';
import { budgetRows, checkTenancy, renderTenancy, tenancyFindings } from './_tenancy';
import { SparkBudgetRow, SparkContainerDefaults, SparkNamespaceQuota } from './namespace-quota';
import { SparkRbacRule } from './rbac-rule';
import { WorkloadIdentity } from './workload-identity';
import { claimNamespace } from '../_registry';
import { assertBuilt, checkDns1123Label, checksFactories, collectsProblems, DNS_1123_SUBDOMAIN, fail } from '../_validation';
import { checkNetwork } from '../network/_policy';
import { SparkNetworkOptions } from '../network/spark-network';
import { PodSecurityLevel } from '../pod/pod-security-level';
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
  /**
   * The cluster's network facts: applications in this namespace that name
   * none of their own get NetworkPolicies from them.
   * @default - none
   */
  readonly network?: SparkNetworkOptions;
}

/**
 * What a team namespace is made of besides its Spark driver account: the
 * Namespace with Pod Security labels, a quota and container defaults, a
 * default-deny NetworkPolicy, and the cloud identity of the driver account.
 */
export interface SparkNamespaceOptions {
  /**
   * Create the Namespace (with the Pod Security labels). Namespaces
   * Kubernetes itself manages (`default`, `kube-system`, ...) are never
   * created.
   * @default true, except for those
   */
  readonly createNamespace?: boolean;
  /**
   * The Pod Security Standard the Namespace enforces (also audited and
   * warned about). Every pod of this library meets `RESTRICTED`.
   * @default PodSecurityLevel.RESTRICTED
   */
  readonly podSecurityLevel?: PodSecurityLevel;
  /**
   * The version of the standard: `latest` or a Kubernetes minor version such as `v1.33`.
   * @default 'latest'
   */
  readonly podSecurityVersion?: string;
  /**
   * A ResourceQuota on the CPU and memory of the namespace's pods. At synth
   * the budgets of the Spark workloads placed in the namespace are checked
   * against it (`budgetTable()` lists them), and a LimitRange gives
   * containers that set no requests the `containerDefaults`.
   * @default - no quota
   */
  readonly quota?: SparkNamespaceQuota;
  /**
   * Requests and limits of containers that set none (a LimitRange).
   * @default - with a quota: 0.1 core and 256 MiB; else no LimitRange
   */
  readonly containerDefaults?: SparkContainerDefaults;
  /**
   * The cluster's network facts. The namespace denies all traffic by
   * default (a NetworkPolicy selecting every pod), and every Spark workload
   * placed in it with `jobNamespace` gets policies admitting exactly what it
   * needs. A workload of this library placed there without policies fails
   * synth.
   * @default - no NetworkPolicy
   */
  readonly network?: SparkNetworkOptions;
  /**
   * The cloud identity the driver ServiceAccount is bound to: its annotation
   * goes on the ServiceAccount (not the Role or RoleBinding), and an
   * application running as this account adds the pod labels the identity
   * needs (Azure) to its driver and executors, which run as the same account.
   * @default - none
   */
  readonly identity?: WorkloadIdentity;
}

/** Props of `SparkJobNamespace`. */
export interface SparkJobNamespaceProps extends SparkNamespaceOptions {
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
}

/**
 * A namespace prepared for Spark jobs: the least-privilege Spark driver
 * ServiceAccount, Role and RoleBinding in it. `SparkOperator.addJobNamespace`
 * returns one (with the operator's Roles added); pass it to an application
 * as `jobNamespace`. The driver ServiceAccount is the default child.
 */
@checksFactories('SparkJobNamespace')
@collectsProblems('SparkJobNamespaceProps')
export class SparkJobNamespace extends Construct implements ISparkJobNamespace {
  /**
   * A job namespace managed outside this app, whose driver ServiceAccount
   * (with the rights of `SparkDriverRbac`) exists already.
   */
  public static fromNamespaceName(scope: Construct, id: string, namespace: string, driverServiceAccountName: string): ISparkJobNamespace {
    const holder = new ExternalJobNamespace(scope, id, namespace, driverServiceAccountName);
    checkRequiredString(holder, 'namespace', namespace, 'spark-jobs');
    checkDns1123Label(holder, 'namespace', namespace);
    checkRequiredString(holder, 'driverServiceAccountName', driverServiceAccountName, 'spark-driver');
    if (driverServiceAccountName.length > 253 || !DNS_1123_SUBDOMAIN.test(driverServiceAccountName)) {
      fail(holder, 'driverServiceAccountName', driverServiceAccountName, 'must be a DNS-1123 subdomain', 'use lower-case letters, digits, \'-\' and \'.\'');
    }
    return holder;
  }

  /** Name of the namespace. */
  public readonly namespaceName: string;
  /** Name of the driver ServiceAccount, Role and RoleBinding. */
  public readonly driverServiceAccountName: string;
  /** The cloud identity of the driver ServiceAccount. */
  public readonly identity?: WorkloadIdentity;
  /** The cluster's network facts the namespace's workloads get their NetworkPolicies from. */
  public readonly network?: SparkNetworkOptions;
  private readonly rules: DriverRoleRules;

  constructor(scope: Construct, id: string, props: SparkJobNamespaceProps) {
    super(scope, id);
    checkPropsObject(this, props, '{ namespace: \'spark-jobs\' }');
    this.namespaceName = props.namespace;
    this.driverServiceAccountName = props.driverServiceAccountName ?? 'spark-driver';
    this.identity = props.identity;
    checkRequiredString(this, 'namespace', props.namespace, 'spark-jobs');
    checkDns1123Label(this, 'namespace', props.namespace);
    const network = checkNetwork(this, 'network', props.network);
    this.network = props.network;
    const quota = checkTenancy(this, props);
    const first = claimNamespace(this, this.namespaceName);
    if (first) {
      fail(this, 'namespace', this.namespaceName, `is already claimed by ${first.node.path}: one construct owns a namespace's quota, policies and Namespace object`,
        'create one SparkJobNamespace per namespace and pass it to every workload there as \'jobNamespace\'');
    }
    const system = systemNamespaceProblem('createNamespace', this.namespaceName);
    if (system && props.createNamespace === true) {
      fail(this, 'createNamespace', true, system.requirement, 'remove \'createNamespace\': the namespace exists on every cluster');
    }
    const tenancy = { ...props, createNamespace: system ? false : props.createNamespace };
    // The Namespace first: a plain `kubectl apply` creates objects in file order.
    renderTenancy(this, this.namespaceName, tenancy, quota, { labels: props.labels, network });
    this.rules = createDriverAccount(this, { ...props, name: this.driverServiceAccountName, prop: 'driverServiceAccountName', construct: 'a SparkJobNamespace' });
    this.node.addValidation({ validate: () => tenancyFindings(this, this.namespaceName, quota, network) });
  }

  /**
   * The Spark workloads placed in this namespace and the CPU and memory each
   * asks for at most (a Spark application: driver plus executors at their
   * maximum count), as synth checks them against the quota. Call it once
   * the workloads are created.
   */
  public budgetTable(): SparkBudgetRow[] {
    assertBuilt(this);
    return budgetRows(this, this.namespaceName);
  }

  /** Adds a rule to the driver Role (checked: no wildcards, no Secrets, known verbs; an identical rule is kept once). */
  public addRule(rule: SparkRbacRule): void {
    assertBuilt(this);
    this.rules.add('addRule', rule);
  }

  /** The Spark driver ServiceAccount of this namespace (a reference). */
  public get serviceAccount(): IServiceAccount {
    assertBuilt(this);
    return serviceAccountRef(this, this.driverServiceAccountName);
  }
}
