import { Construct } from 'constructs';
import { OperatorApplicationSpec, operatorApplicationTraits } from './_application-spec';
import { SPARK_APPLICATION_GVK } from './_wire';
import { OperatorApplicationOptions } from './operator-options';
import { registerApplication } from '../_registry';
import { checkBoolean, collectsProblems } from '../_validation';
import { SparkMainApplicationBase } from '../application/_spark-workload';
import { SparkApplicationOptions } from '../application/application-options';

/**
 * Props of `SparkApplication`.
 */
export interface SparkApplicationProps extends SparkApplicationOptions, OperatorApplicationOptions {
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
 * the operator's webhook. The custom resource is the default child.
 *
 * @see https://github.com/kubeflow/spark-operator/blob/master/docs/api-docs.md
 */
@collectsProblems('SparkApplicationProps')
export class SparkApplication extends SparkMainApplicationBase {
  /** The longest name: the operator names the driver pod `<name>-driver` and the UI Service `<name>-ui-svc`, within 63 characters. */
  public static readonly MAX_NAME_LENGTH = 56;

  private readonly spec: OperatorApplicationSpec;

  constructor(scope: Construct, id: string, props: SparkApplicationProps) {
    super(scope, id, props, operatorApplicationTraits(SparkApplication.MAX_NAME_LENGTH,
      'the operator names the driver pod \'<name>-driver\' and the UI Service \'<name>-ui-svc\', which must fit 63 characters', 'a SparkApplication'));
    checkBoolean(this, 'suspend', props.suspend);
    this.spec = new OperatorApplicationSpec(this, this._model, props);
    registerApplication(this, this._createResource(SPARK_APPLICATION_GVK, () => this.spec.render({ suspend: props.suspend })));
    this._renderNetworkPolicies();
  }

  /**
   * Settings of this application that only take effect when the operator's
   * mutating webhook runs (everything else is rendered into pod templates).
   */
  public get webhookDependencies(): string[] {
    return this.spec.webhookDependencies;
  }
}
