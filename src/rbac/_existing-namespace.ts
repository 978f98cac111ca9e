import type { IServiceAccount } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { serviceAccountRef } from './_role';
import type { ISparkJobNamespace } from './spark-job-namespace';

/**
 * A job namespace and driver ServiceAccount that exist outside the app
 * (`SparkJobNamespace.fromNamespaceName`): a construct that emits nothing.
 * Its cdk8s-plus reference to the account (`serviceAccountRef`, child `Account`)
 * is made on first read of `serviceAccount`: a driver that runs as the account needs
 * only its name, and loading cdk8s-plus-28 for the reference cost a tenth of
 * a second and 12 MB in every app that used nothing else of it. Tools that
 * walk the tree for objects the app refers to but does not create find the
 * account here (`namespaceName` / `driverServiceAccountName`).
 */
export class ExternalJobNamespace extends Construct implements ISparkJobNamespace {
  constructor(scope: Construct, id: string, public readonly namespaceName: string, public readonly driverServiceAccountName: string) {
    super(scope, id);
  }

  public get serviceAccount(): IServiceAccount {
    return serviceAccountRef(this, this.driverServiceAccountName);
  }
}

/** The driver account of a job namespace, as far as its name: without making the reference of an external one. */
export function accountOf(jobNamespace: ISparkJobNamespace | undefined): { readonly name: string } | undefined {
  if (jobNamespace === undefined || jobNamespace === null) return undefined;
  return jobNamespace instanceof ExternalJobNamespace ? { name: jobNamespace.driverServiceAccountName } : jobNamespace.serviceAccount;
}
