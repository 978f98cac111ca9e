/**
 * A consumer on cdk8s-plus-33, the line `cdk8s init typescript-app` gives new
 * apps: every cdk8s-plus object and value it passes comes from cdk8s-plus-33,
 * none from the cdk8s-plus-28 this library is built on. It must type-check
 * (the `typecheck` task covers test/) and synthesize (cdk8s-plus-33.test.ts).
 */
import { App, Chart, Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';
import {
  ApplicationFile, EventLog, S3a, ScheduledSparkApplication, SparkApplication, SparkConnect, SparkConnectServer, SparkEnvFrom, SparkJobNamespace,
  SparkSubmitJob, SparkVolume,
} from '../../src';

export function build(app: App): void {
  const chart = new Chart(app, 'consumer', { namespace: 'analytics' });
  const credentials = kplus.Secret.fromSecretName(chart, 'S3', 's3-credentials');
  const settings = kplus.ConfigMap.fromConfigMapName(chart, 'Settings', 'app-settings');
  const claim = kplus.PersistentVolumeClaim.fromClaimName(chart, 'Events', 'spark-events');
  const jobs = new SparkJobNamespace(chart, 'Jobs', { namespace: 'analytics' });
  const s3a = new S3a({ credentials, endpoint: 'http://minio.storage:9000', pathStyleAccess: true });

  new SparkApplication(chart, 'Etl', {
    name: 'etl',
    jobNamespace: jobs,
    mainApplicationFile: ApplicationFile.fromUrl('s3a://jobs/etl.py'),
    imagePullPolicy: kplus.ImagePullPolicy.ALWAYS,
    imagePullSecrets: [kplus.Secret.fromSecretName(chart, 'Registry', 'registry')],
    sparkConfigMap: settings,
    s3a,
    eventLog: EventLog.onVolume(SparkVolume.fromPersistentVolumeClaim(claim)),
    driver: {
      coreRequest: kplus.Cpu.millis(500),
      env: { MODE: kplus.EnvValue.fromValue('batch'), API_TOKEN: kplus.EnvValue.fromSecretValue({ secret: credentials, key: 'token' }) },
      envFrom: [SparkEnvFrom.configMap(settings), SparkEnvFrom.secret(credentials)],
      volumes: [{ volume: SparkVolume.fromSecret(credentials), path: '/etc/s3' }, { volume: SparkVolume.fromConfigMap(settings), path: '/etc/app' }],
      tolerations: [{ key: 'spark', operator: 'Exists', effect: 'NoSchedule' }],
      ports: [{ name: 'metrics', number: 9090, protocol: kplus.Protocol.TCP }],
      terminationGracePeriod: Duration.seconds(60),
    },
    executor: {
      instances: 2,
      memory: Size.gibibytes(2),
      sidecars: [{
        name: 'fluent-bit',
        image: 'fluent/fluent-bit:3.2.4',
        resources: {
          requests: { cpu: kplus.k8s.Quantity.fromString('50m') },
          limits: { memory: kplus.k8s.Quantity.fromString('64Mi') },
        },
      }],
    },
  });
  new ScheduledSparkApplication(chart, 'Nightly', {
    name: 'nightly',
    jobNamespace: jobs,
    schedule: '0 2 * * *',
    mainApplicationFile: ApplicationFile.fromImagePath('/opt/spark/examples/src/main/python/pi.py'),
  });
  new SparkSubmitJob(chart, 'Backfill', {
    name: 'backfill',
    mainApplicationFile: ApplicationFile.fromImagePath('/opt/spark/examples/jars/spark-examples.jar'),
    mainClass: 'org.apache.spark.examples.SparkPi',
    driver: { serviceAccount: kplus.ServiceAccount.fromServiceAccountName(chart, 'Driver', 'spark-driver') },
  });
  new SparkConnect(chart, 'Bi', {
    name: 'bi',
    jobNamespace: jobs,
    authenticationSecret: { secret: kplus.Secret.fromSecretName(chart, 'Token', 'bi-token'), key: 'token' },
    server: { service: { type: kplus.ServiceType.CLUSTER_IP } },
  });
  new SparkConnectServer(chart, 'Notebooks', {
    name: 'notebooks',
    authenticationSecret: { secret: kplus.Secret.fromSecretName(chart, 'NotebookToken', 'notebook-token'), key: 'token' },
    s3a,
  });
}
