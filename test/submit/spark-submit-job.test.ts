import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, Chart, Duration, JsonPatch, Size, Testing } from 'cdk8s';
import { EnvValue, PersistentVolumeClaim, Secret, ServiceAccount } from 'cdk8s-plus-28';
import {
  ApplicationFile, ConcurrencyPolicy, EventLog, S3a, SecurityOptOut, SparkDriverRbac, SparkStandaloneCluster, SparkStandaloneClusterProps, SparkSubmitJob, SparkSubmitJobProps,
  SparkVersion, SparkVolume,
} from '../../src';
import { findObject, findObjects, synthChartValid } from '../harness';
import { chartErrorOf } from '../harness/expect-error';
import { kubeletExpand } from '../harness/shell';

const PI = { mainApplicationFile: ApplicationFile.fromImagePath('/opt/spark/examples/jars/spark-examples.jar'), mainClass: 'org.apache.spark.examples.SparkPi' };

function job(props: Partial<SparkSubmitJobProps> = {}, options = {}): any[] {
  return synthChartValid((chart) => {
    new SparkSubmitJob(chart, 'Pi', { name: 'pi', ...PI, ...props });
  }, options);
}

function parseConf(text: string): { [key: string]: string } {
  return Object.fromEntries(text.trim().split('\n').map((l) => [l.slice(0, l.indexOf(' ')), l.slice(l.indexOf(' ') + 1)]));
}

const confOf = (docs: any[], name = 'pi-conf') => parseConf(findObject(docs, 'ConfigMap', name).data['spark-defaults.conf']);
const templateOf = (docs: any[], role: 'driver' | 'executor', name = 'pi-conf') => JSON.parse(findObject(docs, 'ConfigMap', name).data[`${role}-pod-template.json`]);
const podOf = (docs: any[], name = 'pi') => findObject(docs, 'Job', name).spec.template.spec;

/** A standalone cluster with RPC authentication (a cluster without it needs an opt-out). */
function cluster(chart: Chart, props: SparkStandaloneClusterProps = {}): SparkStandaloneCluster {
  return new SparkStandaloneCluster(chart, 'Cluster', { authenticationSecret: { secret: Secret.fromSecretName(chart, 'Auth', 'spark-auth'), key: 'secret' }, ...props });
}

/** The error a SparkSubmitJob with these props (and props that need the chart) raises. */
function errorOf(props: Partial<SparkSubmitJobProps>, configure?: (chart: Chart) => Partial<SparkSubmitJobProps>): string {
  return chartErrorOf((chart) => new SparkSubmitJob(chart, 'Pi', { name: 'pi', ...PI, ...props, ...configure?.(chart) }));
}

describe('SparkSubmitJob', () => {
  test('defaults', () => {
    const docs = job();
    expect(docs.map((d) => `${d.kind}/${d.metadata.name}`)).toEqual([
      'ServiceAccount/pi-driver', 'Role/pi-driver', 'RoleBinding/pi-driver',
      'ServiceAccount/pi-submitter', 'Role/pi-submitter', 'RoleBinding/pi-submitter',
      'ConfigMap/pi-conf', 'Job/pi',
    ]);
    const j = findObject(docs, 'Job', 'pi');
    expect(j.spec.backoffLimit).toBe(0);
    expect(j.spec.ttlSecondsAfterFinished).toBe(86400);
    expect(j.spec.activeDeadlineSeconds).toBeUndefined();
    const pod = podOf(docs);
    expect(pod.restartPolicy).toBe('Never');
    expect(pod.serviceAccountName).toBe('pi-submitter');
    expect(pod.automountServiceAccountToken).toBe(true);
    const c = pod.containers[0];
    expect(c.image).toBe('apache/spark:4.0.4');
    // PID 1 is bash with TERM/INT traps that stop spark-submit and delete the driver (D6); spark-submit is $0.
    expect(c.command).toEqual(['/bin/bash', '-c', expect.stringContaining('trap on_term TERM INT'), '/opt/spark/bin/spark-submit']);
    expect(c.args).toEqual([
      '--master', 'k8s://https://kubernetes.default.svc', '--deploy-mode', 'cluster',
      '--properties-file', '/etc/spark/conf/spark-defaults.conf',
      '--conf', 'spark.kubernetes.driver.pod.name=$(SPARK_SUBMITTER_POD_NAME)-driver',
      '--class', 'org.apache.spark.examples.SparkPi', 'local:///opt/spark/examples/jars/spark-examples.jar',
    ]);
    expect(c.env).toContainEqual({ name: 'SPARK_SUBMITTER_POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } });
    expect(c.resources).toEqual({ requests: { cpu: '250m', memory: '768Mi' }, limits: { memory: '768Mi' } });
    expect(c.volumeMounts).toContainEqual({ name: 'spark-conf', mountPath: '/etc/spark/conf', readOnly: true });
    expect(findObject(docs, 'Role', 'pi-submitter').rules).toEqual([
      { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch', 'create', 'delete'] },
      { apiGroups: [''], resources: ['configmaps', 'persistentvolumeclaims', 'services'], verbs: ['get', 'create', 'patch', 'update', 'delete'] },
    ]);
    expect(findObject(docs, 'Role', 'pi-driver').rules).toHaveLength(1);
    expect(confOf(docs)).toEqual({
      'spark.app.name': 'pi',
      'spark.driver.cores': '1',
      'spark.driver.memory': '1g',
      'spark.executor.cores': '1',
      'spark.executor.instances': '1',
      'spark.executor.memory': '1g',
      'spark.kubernetes.authenticate.driver.serviceAccountName': 'pi-driver',
      'spark.kubernetes.container.image': 'apache/spark:4.0.4',
      'spark.kubernetes.container.image.pullPolicy': 'IfNotPresent',
      'spark.kubernetes.driver.podTemplateContainerName': 'spark-kubernetes-driver',
      'spark.kubernetes.driver.podTemplateFile': '/etc/spark/conf/driver-pod-template.json',
      'spark.kubernetes.executor.podTemplateContainerName': 'spark-kubernetes-executor',
      'spark.kubernetes.executor.podTemplateFile': '/etc/spark/conf/executor-pod-template.json',
      'spark.kubernetes.namespace': 'spark-jobs',
      'spark.kubernetes.submission.waitAppCompletion': 'true',
      'spark.submit.deployMode': 'cluster',
    });
    const driver = templateOf(docs, 'driver');
    expect(driver).toMatchObject({ apiVersion: 'v1', kind: 'Pod' });
    expect(driver.spec.serviceAccountName).toBe('pi-driver');
    expect(driver.spec.automountServiceAccountToken).toBe(true);
    expect(driver.spec.containers[0].name).toBe('spark-kubernetes-driver');
    const executor = templateOf(docs, 'executor');
    expect(executor.spec.automountServiceAccountToken).toBe(false);
    expect(executor.spec.serviceAccountName).toBeUndefined();
    expect(executor.spec.containers[0].securityContext).toMatchObject({ readOnlyRootFilesystem: true, runAsUser: 185 });
    expect(executor.spec.volumes).toContainEqual({ name: 'spark-local-dir-1', emptyDir: {} });
  });

  test('Spark 4.2 submitters may create the per-submission NetworkPolicy', () => {
    const docs = job({ sparkVersion: SparkVersion.V4_2_0 });
    expect(findObject(docs, 'Role', 'pi-submitter').rules).toContainEqual(
      { apiGroups: ['networking.k8s.io'], resources: ['networkpolicies'], verbs: ['get', 'create', 'patch', 'update', 'delete'] });
    expect(findObject(docs, 'Role', 'pi-driver').rules.flatMap((r: any) => r.resources)).not.toContain('networkpolicies');
    expect(confOf(docs)['spark.kubernetes.driver.pod.excludedFeatureSteps']).toBeUndefined();
  });

  test('the NetworkPolicy step can be excluded instead', () => {
    const docs = job({ sparkVersion: SparkVersion.V4_2_0, excludeNetworkPolicyStep: true });
    expect(findObject(docs, 'Role', 'pi-submitter').rules.flatMap((r: any) => r.resources)).not.toContain('networkpolicies');
    expect(confOf(docs)['spark.kubernetes.driver.pod.excludedFeatureSteps']).toBe('org.apache.spark.deploy.k8s.features.NetworkPolicyFeatureStep');
  });

  test('an existing submitter account is used as given', () => {
    const docs = synthChartValid((chart) => {
      new SparkSubmitJob(chart, 'Pi', {
        name: 'pi',
        ...PI,
        sparkVersion: SparkVersion.V4_2_0,
        submitter: { serviceAccount: ServiceAccount.fromServiceAccountName(chart, 'Submitter', 'spark-submitter'), canCreateNetworkPolicies: true },
      });
    }, { externalServiceAccounts: ['spark-jobs/spark-submitter'] });
    expect(findObjects(docs, 'Role').map((r) => r.metadata.name)).toEqual(['pi-driver']);
    expect(podOf(docs).serviceAccountName).toBe('spark-submitter');
  });

  test('the driver runs as the job namespace\'s account', () => {
    const docs = synthChartValid((chart) => {
      const ns = new SparkDriverRbac(chart, 'Drivers', { namespace: 'spark-jobs', name: 'spark-driver' });
      new SparkSubmitJob(chart, 'Pi', { name: 'pi', ...PI, jobNamespace: ns });
    });
    expect(findObjects(docs, 'ServiceAccount').map((s) => s.metadata.name)).toEqual(['spark-driver', 'pi-submitter']);
    expect(confOf(docs)['spark.kubernetes.authenticate.driver.serviceAccountName']).toBe('spark-driver');
    expect(templateOf(docs, 'driver').spec.serviceAccountName).toBe('spark-driver');
  });

  test('driver and executor settings reach the configuration and the pod templates', () => {
    const docs = job({
      driver: { cores: 2, memory: Size.gibibytes(2), javaOptions: '-XX:+UseG1GC', labels: { team: 'data' }, serviceAnnotations: { 'example.com/a': 'b' } },
      executor: {
        instances: 4,
        cores: 3,
        memory: Size.gibibytes(6),
        memoryOverhead: Size.gibibytes(1),
        image: 'example.com/spark:4.0.4-gpu',
        nodeSelector: { pool: 'spark' },
        env: { MODE: EnvValue.fromValue('batch') },
        deleteOnTermination: false,
      },
      arguments: ['1000'],
    });
    expect(confOf(docs)).toMatchObject({
      'spark.driver.cores': '2',
      'spark.driver.memory': '2g',
      'spark.driver.extraJavaOptions': '-XX:+UseG1GC',
      'spark.executor.instances': '4',
      'spark.executor.cores': '3',
      'spark.executor.memory': '6g',
      'spark.executor.memoryOverhead': '1g',
      'spark.kubernetes.executor.container.image': 'example.com/spark:4.0.4-gpu',
      'spark.kubernetes.driver.service.annotation.example.com/a': 'b',
      'spark.kubernetes.executor.deleteOnTermination': 'false',
    });
    expect(templateOf(docs, 'driver').metadata.labels).toEqual({ team: 'data' });
    const executor = templateOf(docs, 'executor');
    expect(executor.spec.nodeSelector).toEqual({ pool: 'spark' });
    expect(executor.spec.containers[0].env).toEqual([{ name: 'MODE', value: 'batch' }]);
    expect(podOf(docs).containers[0].args.slice(-1)).toEqual(['1000']);
  });

  test('dynamic allocation replaces the executor count', () => {
    const docs = job({ dynamicAllocation: { minExecutors: 1, maxExecutors: 10, shuffleTrackingTimeout: Duration.minutes(30) } });
    const conf = confOf(docs);
    expect(conf).toMatchObject({
      'spark.dynamicAllocation.enabled': 'true',
      'spark.dynamicAllocation.minExecutors': '1',
      'spark.dynamicAllocation.maxExecutors': '10',
      'spark.dynamicAllocation.shuffleTracking.enabled': 'true',
      'spark.dynamicAllocation.shuffleTracking.timeout': '1800000ms',
    });
    expect(conf['spark.executor.instances']).toBeUndefined();
  });

  test('dependencies and packages are listed, with an Ivy cache on the writable /tmp', () => {
    const docs = job({
      deps: {
        jars: [ApplicationFile.fromUrl('s3a://libs/udfs.jar')],
        packages: ['org.apache.hadoop:hadoop-aws:3.4.1'],
        repositories: ['https://repo.example.com/maven2'],
      },
    });
    expect(confOf(docs)).toMatchObject({
      'spark.jars': 's3a://libs/udfs.jar',
      'spark.jars.packages': 'org.apache.hadoop:hadoop-aws:3.4.1',
      'spark.jars.repositories': 'https://repo.example.com/maven2',
      'spark.jars.ivy': '/tmp/.ivy2',
    });
  });

  test('S3A credentials come from a Secret and the event log is configured', () => {
    const docs = synthChartValid((chart) => {
      const s3a = new S3a({ credentials: Secret.fromSecretName(chart, 'S3', 's3-credentials'), endpoint: 'http://minio.storage:9000', pathStyleAccess: true });
      new SparkSubmitJob(chart, 'Pi', { name: 'pi', ...PI, s3a, eventLog: EventLog.toUrl('s3a://logs/spark-events', { s3a }) });
    });
    expect(confOf(docs)).toMatchObject({
      'spark.eventLog.enabled': 'true',
      'spark.eventLog.dir': 's3a://logs/spark-events',
      'spark.hadoop.fs.s3a.endpoint': 'http://minio.storage:9000',
      'spark.hadoop.fs.s3a.path.style.access': 'true',
    });
    for (const role of ['driver', 'executor'] as const) {
      expect(templateOf(docs, role).spec.containers[0].env).toContainEqual(
        { name: 'AWS_SECRET_ACCESS_KEY', valueFrom: { secretKeyRef: { name: 's3-credentials', key: 'AWS_SECRET_ACCESS_KEY' } } });
    }
    // The submitter gets no S3A credentials: only its configuration directory and its own pod name.
    expect(podOf(docs).containers[0].env).toEqual([
      { name: 'SPARK_CONF_DIR', value: '/etc/spark/conf' },
      { name: 'SPARK_SUBMITTER_POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
    ]);
  });

  test('an event log on a volume is mounted into the driver only', () => {
    const docs = synthChartValid((chart) => {
      const pvc = PersistentVolumeClaim.fromClaimName(chart, 'Events', 'spark-events');
      new SparkSubmitJob(chart, 'Pi', { name: 'pi', ...PI, eventLog: EventLog.onVolume(SparkVolume.fromPersistentVolumeClaim(pvc)) });
    });
    expect(confOf(docs)['spark.eventLog.dir']).toBe('file:///var/spark-events');
    expect(templateOf(docs, 'driver').spec.containers[0].volumeMounts.map((m: any) => m.mountPath)).toContain('/var/spark-events');
    expect(templateOf(docs, 'executor').spec.containers[0].volumeMounts.map((m: any) => m.mountPath)).not.toContain('/var/spark-events');
  });

  test('Job limits are Durations', () => {
    const docs = job({ backoffLimit: 2, activeDeadline: Duration.hours(3), timeToLive: Duration.hours(6) });
    expect(findObject(docs, 'Job', 'pi').spec).toMatchObject({ backoffLimit: 2, activeDeadlineSeconds: 10800, ttlSecondsAfterFinished: 21600 });
  });

  test('a schedule makes a CronJob', () => {
    const docs = job({ schedule: '0 2 * * *', timeZone: 'Europe/Berlin' });
    expect(findObjects(docs, 'Job')).toHaveLength(0);
    const cron = findObject(docs, 'CronJob', 'pi');
    expect(cron.spec).toMatchObject({ schedule: '0 2 * * *', timeZone: 'Europe/Berlin', concurrencyPolicy: 'Forbid', successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 1 });
    expect(cron.spec.jobTemplate.spec).toMatchObject({ backoffLimit: 0, ttlSecondsAfterFinished: 86400 });
    expect(cron.spec.jobTemplate.spec.template.spec.serviceAccountName).toBe('pi-submitter');
  });

  test('scheduled runs take a concurrency policy and history limits', () => {
    const docs = job({ schedule: '@hourly', concurrencyPolicy: ConcurrencyPolicy.REPLACE, successfulRunHistoryLimit: 0, failedRunHistoryLimit: 5 });
    expect(findObject(docs, 'CronJob', 'pi').spec).toMatchObject({ schedule: '@hourly', concurrencyPolicy: 'Replace', successfulJobsHistoryLimit: 0, failedJobsHistoryLimit: 5 });
  });

  test('with a standalone master the driver runs in the Job pod and shares the cluster\'s secret', () => {
    const docs = synthChartValid((chart) => {
      const master = cluster(chart, { name: 'etl', networkEncryption: true });
      new SparkSubmitJob(chart, 'Pi', { name: 'pi', ...PI, master, driver: { memory: Size.gibibytes(2) }, executor: { instances: 3, cores: 2 } });
    });
    expect(findObjects(docs, 'Role')).toHaveLength(0);
    const pod = podOf(docs);
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.serviceAccountName).toBeUndefined();
    const c = pod.containers[0];
    expect(c.args).toEqual([
      '--master', 'spark://etl-master.spark-jobs.svc:7077', '--deploy-mode', 'client',
      '--properties-file', '/etc/spark/conf/spark-defaults.conf',
      '--conf', 'spark.driver.host=$(SPARK_DRIVER_HOST)',
      // Off the command line: Spark reads _SPARK_AUTH_SECRET first; the key only has to be present.
      '--conf', 'spark.authenticate.secret=${env:_SPARK_AUTH_SECRET}',
      '--class', 'org.apache.spark.examples.SparkPi', 'local:///opt/spark/examples/jars/spark-examples.jar',
    ]);
    expect(c.env).toEqual([
      { name: 'SPARK_CONF_DIR', value: '/etc/spark/conf' },
      { name: 'SPARK_DRIVER_HOST', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
      { name: '_SPARK_AUTH_SECRET', valueFrom: { secretKeyRef: { name: 'spark-auth', key: 'secret' } } },
    ]);
    // The driver's heap plus overhead, as the pod's request and limit.
    expect(c.resources).toEqual({ requests: { cpu: '1', memory: '2432Mi' }, limits: { memory: '2432Mi' } });
    const conf = confOf(docs);
    expect(conf).toMatchObject({
      'spark.submit.deployMode': 'client',
      'spark.driver.bindAddress': '0.0.0.0',
      'spark.cores.max': '6',
      'spark.authenticate': 'true',
      'spark.network.crypto.enabled': 'true',
      'spark.network.crypto.cipher': 'AES/GCM/NoPadding',
    });
    expect(Object.keys(conf).filter((k) => k.startsWith('spark.kubernetes.'))).toEqual([]);
    expect(conf['spark.authenticate.secret']).toBeUndefined();
    expect(findObject(docs, 'ConfigMap', 'pi-conf').data['driver-pod-template.json']).toBeUndefined();
  });

  test('with a standalone master dynamic allocation may use the workers\' shuffle service', () => {
    const docs = synthChartValid((chart) => {
      new SparkSubmitJob(chart, 'Pi', { name: 'pi', ...PI, master: cluster(chart, { name: 'etl', shuffleService: true }), dynamicAllocation: { maxExecutors: 4, shuffleTracking: false } });
    });
    expect(confOf(docs)).toMatchObject({ 'spark.shuffle.service.enabled': 'true', 'spark.dynamicAllocation.shuffleTracking.enabled': 'false' });
  });

  test('the job defaults to the standalone master\'s Spark version', () => {
    const chart = new Chart(Testing.app(), 'test', { namespace: 'spark-jobs' });
    const master = cluster(chart, { sparkVersion: SparkVersion.V4_1_3 });
    const j = new SparkSubmitJob(chart, 'Pi', { ...PI, master });
    expect(j.sparkVersion).toBe(SparkVersion.V4_1_3);
    expect(j.masterUrl).toBe(master.masterUrl);
    expect(j.name).toMatch(/^test-pi-/);
  });

  test('a nightly PySpark job on Spark 4.2 writing event logs to S3', () => {
    const docs = synthChartValid((chart) => {
      const s3a = new S3a({ credentials: Secret.fromSecretName(chart, 'S3', 's3-credentials'), region: 'eu-central-1' });
      new SparkSubmitJob(chart, 'Nightly', {
        name: 'nightly-etl',
        sparkVersion: SparkVersion.V4_2_0,
        image: 'apache/spark:4.2.0-python3',
        mainApplicationFile: ApplicationFile.fromUrl('s3a://jobs/etl/main.py'),
        arguments: ['--date', 'yesterday'],
        // S3A's package for Spark 4.2 (Hadoop 3.4.3) is added for the stock image (D8: 3.4.1 would be refused).
        deps: { pyFiles: [ApplicationFile.fromUrl('s3a://jobs/etl/lib.zip')] },
        driver: { memory: Size.gibibytes(2) },
        executor: { instances: 4, cores: 2, memory: Size.gibibytes(4) },
        s3a,
        eventLog: EventLog.toUrl('s3a://logs/spark-events', { s3a }),
        schedule: '30 1 * * *',
        timeZone: 'Etc/UTC',
        activeDeadline: Duration.hours(4),
      });
    });
    expect(confOf(docs, 'nightly-etl-conf')['spark.executor.memory']).toBe('4g');
    expect(confOf(docs, 'nightly-etl-conf')['spark.jars.packages']).toBe('org.apache.hadoop:hadoop-aws:3.4.3');
    expect(docs).toMatchSnapshot();
  });

  test('escape hatch: JSON patches reach the Job', () => {
    const docs = synthChartValid((chart) => {
      const j = new SparkSubmitJob(chart, 'Pi', { name: 'pi', ...PI });
      ApiObject.of(j).addJsonPatch(JsonPatch.add('/spec/completions', 1));
    });
    expect(findObject(docs, 'Job', 'pi').spec.completions).toBe(1);
  });

  describe('fails', () => {
    test('fails with an invalid schedule', () => {
      expect(errorOf({ schedule: '0 2 * *' })).toContain(
        "[test/Pi] 'schedule' must have 5 fields (minute hour day-of-month month day-of-week), not 4, got '0 2 * *'; write it as 'm h dom mon dow', e.g. '0 2 * * *'");
    });
    test('fails with @every, which CronJobs do not read', () => {
      expect(errorOf({ schedule: '@every 1h' })).toContain(
        "[test/Pi] 'schedule' must not use '@every' (Kubernetes CronJobs do not read it), got '@every 1h'; use a 5-field cron expression such as '*/5 * * * *'");
    });
    test('fails with a time zone prefix in the schedule', () => {
      expect(errorOf({ schedule: 'CRON_TZ=Europe/Berlin 0 2 * * *' })).toContain(
        "[test/Pi] 'schedule' must not carry a 'CRON_TZ=' prefix here, got 'CRON_TZ=Europe/Berlin 0 2 * * *'; use the 'timeZone' prop");
    });
    test('fails with an unknown time zone', () => {
      expect(errorOf({ schedule: '@daily', timeZone: 'Mars/Olympus' })).toContain(
        "[test/Pi] 'timeZone' must be an IANA time zone name such as 'Europe/Berlin' or 'UTC', got 'Mars/Olympus'; use a name from the IANA database, e.g. 'UTC' or 'Europe/Berlin'");
    });
    test('fails with schedule settings but no schedule', () => {
      expect(errorOf({ timeZone: 'Etc/UTC' })).toContain("[test/Pi] 'timeZone' only applies to a scheduled job, got 'Etc/UTC'; set 'schedule' or remove it");
    });
    test('fails when a given submitter lacks networkpolicies rights Spark 4.2 needs', () => {
      expect(errorOf({ sparkVersion: SparkVersion.V4_2_0 }, (chart) => ({
        submitter: { serviceAccount: ServiceAccount.fromServiceAccountName(chart, 'Submitter', 'spark-submitter') },
      }))).toContain(
        "[test/Pi] 'submitter' lacks 'create networkpolicies', which every cluster-mode submission of Spark 4.2.0 needs (SPARK-55653), got 'spark-submitter'; grant it in the submitter's Role and set canCreateNetworkPolicies: true, or set excludeNetworkPolicyStep: true");
    });
    test('fails when raw configuration sets the NetworkPolicy opt-out', () => {
      expect(errorOf({ sparkVersion: SparkVersion.V4_2_0, sparkConf: { 'spark.kubernetes.driver.pod.excludedFeatureSteps': 'org.apache.spark.deploy.k8s.features.NetworkPolicyFeatureStep' } })).toContain(
        "[test/Pi] 'sparkConf.spark.kubernetes.driver.pod.excludedFeatureSteps' sets 'spark.kubernetes.driver.pod.excludedFeatureSteps', which 'excludeNetworkPolicyStep' owns, got 'org.apache.spark.deploy.k8s.features.NetworkPolicyFeatureStep'; remove it and use 'excludeNetworkPolicyStep'");
    });
    test('fails when a standalone master gets executor pod settings', () => {
      expect(errorOf({}, (chart) => ({
        master: cluster(chart, { name: 'etl' }),
        executor: { instances: 2, nodeSelector: { pool: 'spark' } },
      }))).toContain(
        "[test/Pi] 'executor' sets pod settings, which need pod templates and so the Kubernetes master (standalone executors run inside the worker pods), got ['nodeSelector']; remove 'master', or set them on the SparkStandaloneCluster's pods");
    });
    test('fails when a standalone master without a shuffle service gets dynamic allocation without shuffle tracking', () => {
      expect(errorOf({ dynamicAllocation: { maxExecutors: 4, shuffleTracking: false } }, (chart) => ({
        master: cluster(chart, { name: 'etl' }),
      }))).toContain(
        "[test/Pi] 'dynamicAllocation.shuffleTracking' needs the workers' external shuffle service when off (Spark keeps no shuffle data otherwise), got false; set shuffleService: true on the SparkStandaloneCluster, or leave shuffleTracking on");
    });
    test('fails when a standalone master gets Kubernetes-only props', () => {
      expect(errorOf({ excludeNetworkPolicyStep: true }, (chart) => ({ master: cluster(chart, { name: 'etl' }) }))).toContain(
        "[test/Pi] 'excludeNetworkPolicyStep' only applies with the Kubernetes master, got true; remove it or remove 'master'");
    });
    test('fails when the job\'s Spark version differs from the standalone master\'s', () => {
      expect(errorOf({ sparkVersion: SparkVersion.V3_5_8 }, (chart) => ({ master: cluster(chart, { name: 'etl' }) }))).toContain(
        "[test/Pi] 'sparkVersion' must match the standalone master's Spark 4.0 (RPC between versions is not compatible), got '3.5.8'; remove 'sparkVersion' to use the master's");
    });
    test('fails with a master URL that is not a standalone master', () => {
      expect(errorOf({ master: { masterUrl: 'k8s://https://kubernetes.default.svc', sparkVersion: SparkVersion.DEFAULT, networkEncryption: false, shuffleService: false } })).toContain(
        "[test/Pi] 'master.masterUrl' must be a standalone master URL spark://host:port, got 'k8s://https://kubernetes.default.svc'; use SparkStandaloneCluster.masterUrl");
    });
    test('fails with a local event log directory without a volume', () => {
      expect(errorOf({ eventLog: EventLog.toUrl('file:///tmp/spark-events') })).toContain(
        "[test/Pi] 'eventLog' must not be a local directory without a volume behind it");
    });
    test('fails with a namespace that differs from the job namespace', () => {
      expect(errorOf({ namespace: 'other' }, (chart) => ({ jobNamespace: new SparkDriverRbac(chart, 'Drivers', { namespace: 'spark-jobs' }) }))).toContain(
        "[test/Pi] 'namespace' must match the job namespace 'spark-jobs', got 'other'; remove 'namespace' or pass the matching job namespace");
    });
    test('fails with a name too long for Spark\'s pod names', () => {
      expect(errorOf({ name: 'a'.repeat(48) })).toContain("[test/Pi] 'name' must be at most 47 characters because Spark derives the executor pod-name prefix from it (47 characters at most)");
    });
    test('fails with a negative backoff limit', () => {
      expect(errorOf({ backoffLimit: -1 })).toContain("[test/Pi] 'backoffLimit' must be at least 0, got -1; use 0 or more");
    });
  });
});

describe('SparkSubmitJob: its own props, the CronJob schedule and the submitter account (issue 12)', () => {
  const NOTE = 'in \'securityOptOuts\' (recorded in the annotation spark.cdk8s.io/security-opt-outs)';
  const EXACT = 'must be an IANA time zone name spelled exactly (Go\'s time.LoadLocation is case-sensitive)';

  test.each<[string, Partial<SparkSubmitJobProps>, string]>([
    ['a lower-case time zone', { schedule: '0 2 * * *', timeZone: 'europe/berlin' }, `'timeZone' ${EXACT}, got 'europe/berlin'; use 'Europe/Berlin'`],
    ['Local, which the API server refuses for CronJobs', { schedule: '0 2 * * *', timeZone: 'Local' },
      '\'timeZone\' must be an explicit IANA time zone name (CronJobs reject \'Local\'), got \'Local\'; use a name from the IANA database, e.g. \'UTC\' or \'Europe/Berlin\''],
    ['a schedule that never fires', { schedule: '0 0 30 2 *' },
      '\'schedule\' never fires (no month in it has that day), got \'0 0 30 2 *\'; use a day every month in it has, e.g. \'0 0 28 2 *\' for the 28th of February'],
    ['a lower-case W', { schedule: '0 0 15w * *' }, '\'schedule\' must not use the L, W or # extensions, got \'0 0 15w * *\'; list the days instead, e.g. \'0 2 1,15 * *\''],
    ['a schedule given as a number', { schedule: 5 as any }, '\'schedule\' must be a string, got 5; quote it: \'5\''],
    ['a backoff limit given as a string', { backoffLimit: '1' as any }, '\'backoffLimit\' must be a whole number, got \'1\'; use 0 or more'],
    ['a deadline given as a string', { activeDeadline: '2h' as any }, '\'activeDeadline\' must be a Duration, got \'2h\'; use Duration.hours(2)'],
    ['a deadline in a fraction of a second', { activeDeadline: Duration.seconds(1 / 3) },
      '\'activeDeadline\' must be a whole number of seconds, at least 1, got \'0.3333333333333333s\'; use Duration.hours(2) or similar'],
    ['a time to live given as a number', { timeToLive: 86400 as any }, '\'timeToLive\' must be a Duration, got 86400; use Duration.seconds(30)'],
    ['a network-policy switch given as a string', { excludeNetworkPolicyStep: 'true' as any },
      '\'excludeNetworkPolicyStep\' must be true or false, got \'true\'; use true (a boolean, not a string)'],
    ['a submitter given as an account name', { submitter: 'spark-submitter' as any }, '\'submitter\' must be an object, got \'spark-submitter\'; use e.g. { serviceAccount }'],
    ['a submitter without an account', { submitter: {} as any },
      '\'submitter.serviceAccount\' must be set, got nothing; use ServiceAccount.fromServiceAccountName(this, \'Submitter\', \'spark-submitter\')'],
    ['the deploy mode through raw conf on Kubernetes', { sparkConf: { 'spark.submit.deployMode': 'client' } },
      '\'sparkConf.spark.submit.deployMode\' sets \'spark.submit.deployMode\', which the cluster-mode submission owns, got \'client\'; remove it: the cluster-mode submission sets it'],
    ['the driver address through raw conf on Kubernetes', { sparkConf: { 'spark.driver.host': 'pi.example.com' } },
      '\'sparkConf.spark.driver.host\' sets \'spark.driver.host\', which the cluster-mode submission owns, got \'pi.example.com\'; remove it: the cluster-mode submission sets it'],
  ])('fails on %s', (_name, props, message) => {
    expect(errorOf(props)).toBe(`[test/Pi] ${message}`);
  });

  test('a submitter running as the namespace\'s default account needs the opt-out, and the Job records it', () => {
    expect(errorOf({}, (chart) => ({ submitter: { serviceAccount: ServiceAccount.fromServiceAccountName(chart, 'Sa', 'default'), canCreateNetworkPolicies: true } })))
      .toBe('[test/Pi] \'submitter.serviceAccount\' must not be the namespace\'s \'default\' service account, which every pod in the namespace shares (each would get the right to '
        + `create Spark drivers), got 'default'; remove 'submitter' to get a dedicated submitter account, or pass a dedicated one, or accept the risk with SecurityOptOut.DEFAULT_SERVICE_ACCOUNT ${NOTE}`);
    // Not synthesized: the harness refuses the default account whatever the opt-out says.
    const chart = new Chart(Testing.app(), 'test', { namespace: 'spark-jobs' });
    const submission = ApiObject.of(new SparkSubmitJob(chart, 'Pi', {
      ...PI,
      name: 'pi',
      securityOptOuts: [SecurityOptOut.DEFAULT_SERVICE_ACCOUNT],
      submitter: { serviceAccount: ServiceAccount.fromServiceAccountName(chart, 'Sa', 'default') },
    })).toJson();
    expect(submission.metadata.annotations).toEqual({ 'spark.cdk8s.io/security-opt-outs': 'default-service-account' });
    expect(submission.spec.template.metadata.annotations['spark.cdk8s.io/security-opt-outs']).toBe('default-service-account');
  });

  test('with a standalone master the driver address belongs to \'master\'', () => {
    expect(errorOf({ sparkConf: { 'spark.driver.host': 'x' } }, (chart) => ({ master: cluster(chart, { name: 'etl' }) })))
      .toBe('[test/Pi] \'sparkConf.spark.driver.host\' sets \'spark.driver.host\', which \'master\' owns, got \'x\'; remove it and use \'master\'');
  });

  test('a standalone event log volume is named by its prop, after the shared volumes', () => {
    const docs = synthChartValid((chart) => {
      const claim = SparkVolume.fromPersistentVolumeClaim(PersistentVolumeClaim.fromClaimName(chart, 'Events', 'spark-events'));
      new SparkSubmitJob(chart, 'Pi', {
        ...PI,
        name: 'pi',
        master: cluster(chart, { name: 'etl' }),
        eventLog: EventLog.onVolume(claim),
        volumes: [{ volume: SparkVolume.fromEmptyDir('cache'), path: '/cache' }],
        driver: { volumes: [{ volume: SparkVolume.fromEmptyDir('scratch'), path: '/scratch' }] },
      });
    });
    expect(podOf(docs).containers[0].volumeMounts.map((m: any) => m.mountPath)).toEqual(expect.arrayContaining(['/cache', '/var/spark-events', '/scratch']));
  });
});

test('SparkSubmitJob without props gets the library\'s message, not a TypeError', () => {
  expect(chartErrorOf((chart) => new SparkSubmitJob(chart, 'Pi', undefined as any)))
    .toBe('[test/Pi] \'props\' must be set, got nothing; pass e.g. { mainApplicationFile: ApplicationFile.fromUrl(\'s3a://bucket/job.py\') }');
});

/**
 * Issue "It runs", D6: the Job's end ends the application. The submitter's PID 1
 * is a bash wrapper that traps TERM (a shell without a trap ignores SIGTERM as
 * PID 1), stops spark-submit and deletes the driver pod with `spark-submit
 * --kill <namespace>:<pod>` (K8SSparkSubmitOperation.KillApplication: GET, then
 * DELETE, of the pod; its executors, ConfigMap and Service are owned by it). The
 * wrapper is run here, after the kubelet's expansion, with a stand-in spark-submit.
 */
describe('SparkSubmitJob: the Job bounds the application (D6)', () => {
  /** A stand-in for spark-submit: logs --kill calls, else runs for `seconds` and exits with `status` (143 on TERM). */
  function fakeSubmit(dir: string, seconds: number, status: number): string {
    const file = path.join(dir, 'spark-submit');
    fs.writeFileSync(file, [
      '#!/bin/bash',
      `if [ "$3" = "--kill" ]; then echo "kill $4 master=$2" >> "${dir}/calls"; exit 0; fi`,
      `echo "submit $*" >> "${dir}/calls"`,
      'trap \'exit 143\' TERM',
      `sleep ${seconds} & wait $!`,
      `exit ${status}`,
    ].join('\n'), { mode: 0o755 });
    return file;
  }

  /** The container's argv after the kubelet expanded it (`$$` → `$`, `$(POD)` → the pod name), with spark-submit replaced. */
  function argv(docs: any[], submit: string): string[] {
    const c = findObject(docs, 'Job', 'pi').spec.template.spec.containers[0];
    const env = { SPARK_SUBMITTER_POD_NAME: 'pi-x7k2p' };
    return [...c.command, ...c.args].map((a: string) => kubeletExpand(a, env)).map((a: string) => (a === '/opt/spark/bin/spark-submit' ? submit : a));
  }

  function tempDir(): string {
    return fs.mkdtempSync(path.join(os.tmpdir(), 'submit-'));
  }

  /** The container's environment as the kubelet sets it (the downward API gives the pod name). */
  const ENV = (dir: string) => ({ ...process.env, SPARK_CONF_DIR: dir, SPARK_SUBMITTER_POD_NAME: 'pi-x7k2p' });

  test('the driver pod is named after the Job\'s pod, through the downward API', () => {
    const c = podOf(job()).containers[0];
    expect(c.args).toContain('spark.kubernetes.driver.pod.name=$(SPARK_SUBMITTER_POD_NAME)-driver');
    expect(c.env).toContainEqual({ name: 'SPARK_SUBMITTER_POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } });
  });

  test('the submitter Role allows what --kill needs: get and delete of pods', () => {
    const rules = findObject(job(), 'Role', 'pi-submitter').rules;
    expect(rules[0]).toEqual({ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch', 'create', 'delete'] });
  });

  test('when the Job\'s pod is stopped (deadline, deletion, eviction), spark-submit stops first, then the driver pod is deleted', () => {
    const dir = tempDir();
    const [cmd, ...rest] = argv(job({ activeDeadline: Duration.hours(1) }), fakeSubmit(dir, 30, 0));
    // Its own process group without pipes, so a fake spark-submit still sleeping cannot keep the test worker alive.
    const child = spawn(cmd, rest, { env: ENV(dir), stdio: 'ignore', detached: true });
    return new Promise<void>((resolve) => {
      setTimeout(() => child.kill('SIGTERM'), 500);
      child.on('exit', (code) => {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          // The group is gone already.
        }
        const calls = fs.readFileSync(path.join(dir, 'calls'), 'utf8').trim().split('\n');
        expect(calls[0]).toMatch(/^submit --master k8s:\/\/https:\/\/kubernetes.default.svc --deploy-mode cluster /);
        expect(calls[1]).toBe('kill spark-jobs:pi-x7k2p-driver master=k8s://https://kubernetes.default.svc');
        expect(code).toBe(143);
        resolve();
      });
    });
  }, 20000);

  test('when spark-submit returns, the finished driver pod is deleted and its exit status kept', () => {
    const dir = tempDir();
    const [cmd, ...rest] = argv(job(), fakeSubmit(dir, 0, 3));
    const run = spawnSync(cmd, rest, { env: ENV(dir) });
    expect(run.status).toBe(3);
    expect(fs.readFileSync(path.join(dir, 'calls'), 'utf8')).toContain('kill spark-jobs:pi-x7k2p-driver');
  });

  test('keepDriverPod keeps the finished driver pod, but a stopped Job still deletes it', () => {
    const dir = tempDir();
    const docs = job({ keepDriverPod: true });
    const [cmd, ...rest] = argv(docs, fakeSubmit(dir, 0, 0));
    expect(spawnSync(cmd, rest, { env: ENV(dir) }).status).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'calls'), 'utf8')).not.toContain('kill');
    expect(podOf(docs).containers[0].command[2]).toContain('trap on_term TERM INT');
  });

  test('a CronJob\'s runs are bounded the same way', () => {
    const docs = job({ schedule: '@hourly' });
    const c = findObject(docs, 'CronJob', 'pi').spec.jobTemplate.spec.template.spec.containers[0];
    expect(c.command.slice(0, 2)).toEqual(['/bin/bash', '-c']);
    expect(c.command[3]).toBe('/opt/spark/bin/spark-submit');
  });

  test('a standalone driver runs in the Job\'s pod: the JVM is PID 1 and dies with it', () => {
    const docs = synthChartValid((chart) => new SparkSubmitJob(chart, 'Pi', { name: 'pi', ...PI, master: cluster(chart) }));
    expect(podOf(docs).containers[0].command).toEqual(['/opt/spark/bin/spark-submit']);
  });

  test('fails on keepDriverPod with a standalone master, or of the wrong type', () => {
    expect(errorOf({ keepDriverPod: true }, (chart) => ({ master: cluster(chart) })))
      .toBe('[test/Pi] \'keepDriverPod\' only applies with the Kubernetes master, got true; remove it or remove \'master\'');
    expect(errorOf({ keepDriverPod: 'yes' as any })).toBe('[test/Pi] \'keepDriverPod\' must be true or false, got \'yes\'; use true (a boolean, not a string)');
  });

  test('fails on the driver pod name through raw configuration', () => {
    expect(errorOf({ sparkConf: { 'spark.kubernetes.driver.pod.name': 'mine' } }))
      .toBe('[test/Pi] \'sparkConf.spark.kubernetes.driver.pod.name\' sets \'spark.kubernetes.driver.pod.name\', which the Job (it names the driver pod after its own pod) owns, '
        + 'got \'mine\'; remove it: the Job (it names the driver pod after its own pod) sets it');
  });
});
