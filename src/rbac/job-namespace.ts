import { IServiceAccount } from 'cdk8s-plus-28';

/**
 * A namespace prepared for Spark jobs: its name and the service account
 * drivers run as there. `SparkDriverRbac` is one; `SparkOperator` job
 * namespaces are another.
 */
export interface ISparkJobNamespace {
  /** Name of the namespace. */
  readonly namespaceName: string;
  /** Service account drivers use in it. */
  readonly serviceAccount: IServiceAccount;
}
