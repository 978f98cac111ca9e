import { Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { ISparkJobNamespace } from './job-namespace';
import { checkDns1123Label, fail } from '../_validation';

/**
 * The namespace a construct runs in: its own prop, else its job namespace's,
 * else its chart's; checked once here for every construct.
 */
export function resolveNamespace(
  scope: IConstruct, props: { readonly namespace?: string; readonly jobNamespace?: ISparkJobNamespace }, example: string = 'spark-jobs',
): string {
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
