import { ApiObject, ApiObjectProps } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { WorkloadIdentity } from './workload-identity';
import { fail } from '../_validation';

/**
 * Checks an `identity` prop: a WorkloadIdentity with a well-formed value.
 * Returns the ServiceAccount annotations (none without an identity).
 */
export function identityAnnotations(scope: IConstruct, prop: string, identity: WorkloadIdentity | undefined): { [key: string]: string } | undefined {
  if (identity === undefined) return undefined;
  if (identity === null || typeof (identity as any)._problem !== 'function') {
    fail(scope, prop, identity ?? undefined, 'must be a WorkloadIdentity', 'use WorkloadIdentity.awsIrsa(roleArn), WorkloadIdentity.gke(email) or WorkloadIdentity.azure(clientId)');
  }
  const problem = identity._problem();
  if (problem) fail(scope, prop, identity._shown, problem.requirement, problem.fix);
  return identity.annotations;
}

/**
 * Refuses an identity on a construct whose ServiceAccount comes from the
 * user (`given`, the prop that named it): the construct creates no account
 * to annotate, and annotating one it does not own would change it behind the
 * user's back.
 */
export function refuseIdentityOnGivenAccount(scope: IConstruct, prop: string, identity: WorkloadIdentity, given: string, account: string): never {
  const annotations = Object.entries(identity.annotations).map(([k, v]) => `'${k}': '${v}'`).join(', ');
  const labels = Object.entries(identity.podLabels).map(([k, v]) => `'${k}': '${v}'`).join(', ');
  fail(scope, prop, identity._shown, `cannot be combined with '${given}': this construct creates no ServiceAccount to annotate (it runs as '${account}', which you supply)`,
    `remove '${prop}' and annotate your own ServiceAccount '${account}' with { ${annotations} }${labels ? ` (its pods also need the label { ${labels} })` : ''}, or remove '${given}' to let the construct create one`);
}

/**
 * The ServiceAccount of a construct with a cloud identity (a History Server,
 * a standalone cluster's daemons): annotated with it, without an API token
 * (the pods call no Kubernetes API; the EKS and Azure webhooks add a
 * projected token volume of their own). None without an identity.
 */
export function identityServiceAccount(
  scope: Construct, identity: WorkloadIdentity | undefined, meta: { name: string; namespace: string; labels: { [key: string]: string } },
): { name: string; podLabels: { [key: string]: string } } | undefined {
  const annotations = identityAnnotations(scope, 'identity', identity);
  if (identity === undefined || annotations === undefined) return undefined;
  new ApiObject(scope, 'ServiceAccount', {
    apiVersion: 'v1', kind: 'ServiceAccount', metadata: { ...meta, annotations }, automountServiceAccountToken: false,
  } as ApiObjectProps);
  return { name: meta.name, podLabels: identity.podLabels };
}
