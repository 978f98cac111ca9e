/**
 * A nightly batch job at 02:30 Berlin time, never overlapping, retried on
 * failure, with the last three successful and failed runs kept.
 */
import { App, Chart, Duration, Size } from 'cdk8s';
import { ApplicationFile, ConcurrencyPolicy, RestartPolicy, ScheduledSparkApplication } from '../src';

export function build(app: App): void {
  const chart = new Chart(app, 'scheduled-nightly', { namespace: 'spark-jobs' });
  new ScheduledSparkApplication(chart, 'Nightly', {
    name: 'nightly-report',
    network: { apiServer: { cidrs: ['10.0.0.10/32'], ports: [6443] } },
    schedule: '30 2 * * *',
    timeZone: 'Europe/Berlin',
    concurrencyPolicy: ConcurrencyPolicy.FORBID,
    successfulRunHistoryLimit: 3,
    failedRunHistoryLimit: 3,
    mainApplicationFile: ApplicationFile.fromImagePath('/opt/spark/examples/src/main/python/pi.py'),
    arguments: ['1000'],
    restartPolicy: RestartPolicy.onFailure({ retries: 2, retryInterval: Duration.minutes(5) }),
    timeToLive: Duration.days(1),
    driver: { memory: Size.mebibytes(512) },
    executor: { instances: 2, memory: Size.gibibytes(1) },
  });
}
