import { Chart } from 'cdk8s';
import type { IServiceAccount } from 'cdk8s-plus-28';
import { Construct, IConstruct } from 'constructs';
import { accountOf } from './_existing-namespace';
import { identityAnnotations, refuseIdentityOnGivenAccount } from './_identity';
import { checkString } from './_props';
import { SparkDriverRbac } from './spark-driver-rbac';
import type { ISparkJobNamespace } from './spark-job-namespace';
import { WorkloadIdentity } from './workload-identity';
import { checkDns1123Label, checkShape, fail } from '../_validation';
import { SparkVersion } from '../spark/spark-version';

/**
 * The namespace a construct runs in: its own prop, else its job namespace's,
 * else its chart's; checked once here for every construct.
 */
export function resolveNamespace(
  scope: IConstruct, props: { readonly namespace?: string; readonly jobNamespace?: ISparkJobNamespace }, example: string = 'spark-jobs',
): string {
  checkString(scope, 'namespace', props.namespace);
  if (props.jobNamespace && props.namespace && props.jobNamespace.namespaceName !== props.namespace) {
    fail(scope, 'namespace', props.namespace, `must match the job namespace '${props.jobNamespace.namespaceName}'`, 'remove \'namespace\' or pass the matching job namespace');
  }
  const namespace = props.namespace ?? props.jobNamespace?.namespaceName ?? Chart.of(scope).namespace;
  if (!namespace) {
    fail(scope, 'namespace', undefined, 'must be set (on the construct or its chart)', `pass 'namespace' or create the chart with { namespace: '${example}' }`);
  }
  checkDns1123Label(scope, 'namespace', namespace);
  return namespace;
}

/**
 * The account a driver runs as: the one given, else the job namespace's,
 * else a new least-privilege SparkDriverRbac (child id `DriverRbac`).
 */
export function resolveDriverAccount(scope: Construct, options: {
  readonly serviceAccount?: IServiceAccount;
  readonly jobNamespace?: ISparkJobNamespace;
  readonly namespace: string;
  readonly sparkVersion: SparkVersion;
  readonly clusterMode: boolean;
  readonly name: string;
  /** The cloud identity of the account the construct creates (`identity`), and the prop that gave the account when one is given. */
  readonly identity?: WorkloadIdentity;
  readonly serviceAccountProp?: string;
}): { name: string; rbac?: SparkDriverRbac } {
  const existing = options.serviceAccount ?? accountOf(options.jobNamespace);
  // Checked here, so a bad value is reported under the construct's own path.
  identityAnnotations(scope, 'identity', options.identity);
  if (existing && options.identity !== undefined) {
    const given = options.serviceAccountProp ?? 'serviceAccount';
    if (options.serviceAccount) refuseIdentityOnGivenAccount(scope, 'identity', options.identity, given, existing.name);
    fail(scope, 'identity', options.identity._shown, `cannot be combined with 'jobNamespace': the driver runs as the job namespace's ServiceAccount '${existing.name}', which this construct does not create`,
      'remove \'identity\' and set it on the job namespace (new SparkJobNamespace(scope, id, { namespace, identity })), or annotate that ServiceAccount yourself');
  }
  if (existing) {
    return { name: existing.name };
  }
  if (options.name === 'default') {
    fail(scope, 'name', options.name, 'would name the driver ServiceAccount this construct creates \'default\', taking over the namespace\'s default ServiceAccount (every pod there that names no other account would get the driver\'s rights)',
      'rename the application, or pass \'serviceAccount\' or \'jobNamespace\'');
  }
  const rbac = new SparkDriverRbac(scope, 'DriverRbac', {
    namespace: options.namespace,
    sparkVersion: options.sparkVersion,
    clusterMode: options.clusterMode,
    name: options.name,
    identity: options.identity,
  });
  return { name: rbac.name, rbac };
}

/** Checks the runtime type of `jobNamespace` (JavaScript callers); a construct that runs a driver also needs its account. */
export function checkJobNamespace(scope: IConstruct, jobNamespace: ISparkJobNamespace | undefined, needsAccount: boolean = false): void {
  checkShape(scope, 'jobNamespace', jobNamespace, (v) => typeof v.namespaceName === 'string' && (!needsAccount || typeof accountOf(v)?.name === 'string'),
    'a job namespace (ISparkJobNamespace)',
    typeof jobNamespace === 'string' ? `use SparkJobNamespace.fromNamespaceName(this, 'Jobs', '${jobNamespace}', 'spark-driver')`
      : needsAccount ? 'pass a SparkJobNamespace, a SparkDriverRbac or SparkOperator.addJobNamespace(...)' : 'pass a SparkJobNamespace');
}
