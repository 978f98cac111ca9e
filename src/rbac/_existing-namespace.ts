import type { IServiceAccount } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import type { ISparkJobNamespace } from './spark-job-namespace';
import { plus } from '../_plus';

/** The name of an existing driver account, for the checks that need no more of it. */
const ACCOUNT_NAMES = new WeakMap<object, { readonly name: string }>();

/**
 * A job namespace managed outside the app (`SparkJobNamespace.fromNamespaceName`).
 * Its ServiceAccount reference (a cdk8s-plus construct, child `ServiceAccount`
 * of `holder`) is made on first read of `serviceAccount`: a driver that runs
 * as it needs only its name, and loading cdk8s-plus-28 for it cost a tenth of
 * a second and 12 MB in every app that used nothing else of it.
 */
export function existingJobNamespace(holder: Construct, namespaceName: string, driverServiceAccountName: string): ISparkJobNamespace {
  let account: IServiceAccount | undefined;
  const jobNamespace: ISparkJobNamespace = {
    namespaceName,
    get serviceAccount(): IServiceAccount {
      return account ??= plus().ServiceAccount.fromServiceAccountName(holder, 'ServiceAccount', driverServiceAccountName);
    },
  };
  ACCOUNT_NAMES.set(jobNamespace, { name: driverServiceAccountName });
  return jobNamespace;
}

/** The driver account of a job namespace, as far as its name: without making the reference of one from `fromNamespaceName`. */
export function accountOf(jobNamespace: ISparkJobNamespace | undefined): { readonly name: string } | undefined {
  if (jobNamespace === undefined || jobNamespace === null) return undefined;
  return ACCOUNT_NAMES.get(jobNamespace) ?? jobNamespace.serviceAccount;
}
