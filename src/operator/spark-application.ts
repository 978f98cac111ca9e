import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { SPARK_APPLICATION_GVK } from './_wire';
import { SparkApplicationBase, SparkApplicationBaseProps } from './spark-application-base';

/** The longest SparkApplication name: `<name>-driver` and `<name>-ui-svc` must fit 63 characters. */
export const MAX_APPLICATION_NAME = 56;

/**
 * Props of `SparkApplication`.
 */
export interface SparkApplicationProps extends SparkApplicationBaseProps {
  /**
   * Create the resource suspended: the operator does not submit it (and
   * deletes running pods when it is set later).
   * @default false
   */
  readonly suspend?: boolean;
}

/**
 * A Spark application run by the Kubeflow Spark Operator
 * (`sparkoperator.k8s.io/v1beta2` `SparkApplication`).
 *
 * Pod settings (security context, env, volumes, tolerations, affinity,
 * sidecars, ...) are rendered into `driver.template` / `executor.template`,
 * which the controller hands to spark-submit, so they apply with or without
 * the operator's webhook.
 *
 * @see https://github.com/kubeflow/spark-operator/blob/master/docs/api-docs.md
 */
export class SparkApplication extends SparkApplicationBase {
  /** The `SparkApplication` object. */
  public readonly resource: ApiObject;

  constructor(scope: Construct, id: string, props: SparkApplicationProps) {
    super(scope, id, props, {
      maxNameLength: MAX_APPLICATION_NAME,
      nameLengthReason: 'the operator names the driver pod \'<name>-driver\' and the UI Service \'<name>-ui-svc\', which must fit 63 characters',
    });
    this.resource = this._createResource(SPARK_APPLICATION_GVK, () => this._renderApplicationSpec({ suspend: props.suspend }));
  }
}
