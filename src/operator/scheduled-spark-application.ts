import { Construct } from 'constructs';
import { OperatorApplicationSpec, operatorApplicationTraits } from './_application-spec';
import { SCHEDULED_SPARK_APPLICATION_GVK } from './_wire';
import { OperatorApplicationOptions } from './operator-options';
import { registerApplication } from '../_registry';
import { collectsProblems } from '../_validation';
import { checkSchedule, ScheduleDialect } from '../application/_schedule';
import { SparkMainApplicationBase } from '../application/_spark-workload';
import { SparkApplicationOptions } from '../application/application-options';
import { ConcurrencyPolicy, ScheduleOptions } from '../application/schedule';

/**
 * Props of `ScheduledSparkApplication`.
 */
export interface ScheduledSparkApplicationProps extends SparkApplicationOptions, OperatorApplicationOptions, ScheduleOptions {}

/**
 * A Spark application the Kubeflow Spark Operator runs on a schedule
 * (`sparkoperator.k8s.io/v1beta2` `ScheduledSparkApplication`). The schedule
 * and time zone are checked at synth, not when the controller reconciles.
 */
@collectsProblems('ScheduledSparkApplicationProps')
export class ScheduledSparkApplication extends SparkMainApplicationBase {
  /**
   * The longest name: each run is named `<name>-<19-digit timestamp>` and its
   * driver pod `<run>-driver`, within 63 characters.
   */
  public static readonly MAX_NAME_LENGTH = 36;

  /** The schedule. */
  public readonly schedule: string;
  private readonly spec: OperatorApplicationSpec;

  constructor(scope: Construct, id: string, props: ScheduledSparkApplicationProps) {
    super(scope, id, props, operatorApplicationTraits(ScheduledSparkApplication.MAX_NAME_LENGTH,
      'the operator names each run \'<name>-<19-digit timestamp>\' and its driver pod \'<run>-driver\', which must fit 63 characters',
      'a ScheduledSparkApplication'));
    checkSchedule(this, props, ScheduleDialect.OPERATOR);
    this.schedule = props.schedule;
    this.spec = new OperatorApplicationSpec(this, this._model, props);
    registerApplication(this, this._createResource(SCHEDULED_SPARK_APPLICATION_GVK, () => ({
      schedule: props.schedule,
      timeZone: props.timeZone,
      concurrencyPolicy: props.concurrencyPolicy ?? ConcurrencyPolicy.FORBID,
      suspend: props.suspend,
      successfulRunHistoryLimit: props.successfulRunHistoryLimit ?? 1,
      failedRunHistoryLimit: props.failedRunHistoryLimit ?? 1,
      template: this.spec.render(),
    })));
    // Every run carries the same labels, so the policies cover each run (and runs of this schedule reach each other).
    this._renderNetworkPolicies();
  }

  /** Settings of this application that only take effect when the operator's mutating webhook runs. */
  public get webhookDependencies(): string[] {
    return this.spec.webhookDependencies;
  }
}
