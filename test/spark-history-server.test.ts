import { ApiObject, Chart, Duration, JsonPatch, Size, Testing } from 'cdk8s';
import { Cpu, PersistentVolumeClaim, Secret, Volume } from 'cdk8s-plus-28';
import { findObject, findObjects, synthChartValid, synthValid } from './harness';
import { ApplicationFile, EventLog, S3a, SparkApplication, SparkHistoryServer, SparkHistoryServerProps, SparkSubmitJob, SparkVersion } from '../src';

const LOGS = EventLog.toUrl('s3a://spark-logs/events');
const PI = { mainApplicationFile: ApplicationFile.fromImagePath('/opt/spark/examples/jars/spark-examples.jar'), mainClass: 'org.apache.spark.examples.SparkPi' };

function server(props: Partial<SparkHistoryServerProps> = {}): any[] {
  return synthChartValid((chart) => {
    new SparkHistoryServer(chart, 'History', { name: 'history', eventLog: LOGS, ...props });
  });
}

function confOf(docs: any[], name = 'history-conf'): { [key: string]: string } {
  const text: string = findObject(docs, 'ConfigMap', name).data['spark-defaults.conf'];
  return Object.fromEntries(text.trim().split('\n').map((l) => [l.slice(0, l.indexOf(' ')), l.slice(l.indexOf(' ') + 1)]));
}

const podOf = (docs: any[], name = 'history') => findObject(docs, 'Deployment', name).spec.template.spec;

function build(props: Partial<SparkHistoryServerProps>): void {
  new SparkHistoryServer(new Chart(Testing.app(), 'test', { namespace: 'spark-jobs' }), 'History', { name: 'history', eventLog: LOGS, ...props });
}

describe('SparkHistoryServer', () => {
  test('defaults', () => {
    const docs = server();
    expect(docs.map((d) => `${d.kind}/${d.metadata.name}`)).toEqual(['ConfigMap/history-conf', 'Deployment/history', 'Service/history']);
    const deployment = findObject(docs, 'Deployment', 'history');
    expect(deployment.spec.replicas).toBe(1);
    expect(deployment.spec.strategy).toEqual({ type: 'Recreate' });
    const pod = podOf(docs);
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 185, seccompProfile: { type: 'RuntimeDefault' } });
    const c = pod.containers[0];
    expect(c.image).toBe('apache/spark:4.0.4');
    expect(c.command).toEqual(['/opt/spark/sbin/start-history-server.sh']);
    expect(c.args).toBeUndefined();
    expect(c.ports).toEqual([{ name: 'http', containerPort: 18080, protocol: 'TCP' }]);
    expect(c.readinessProbe).toEqual({ httpGet: { path: '/api/v1/applications', port: 'http' }, initialDelaySeconds: 15, periodSeconds: 10 });
    expect(c.resources).toEqual({ requests: { cpu: '500m', memory: '1408Mi' }, limits: { memory: '1408Mi' } });
    expect(c.env).toEqual([
      { name: 'SPARK_NO_DAEMONIZE', value: 'true' },
      { name: 'SPARK_CONF_DIR', value: '/etc/spark/conf' },
      { name: 'SPARK_LOG_DIR', value: '/tmp/spark-logs' },
      { name: 'SPARK_DAEMON_MEMORY', value: '1g' },
    ]);
    expect(confOf(docs)).toEqual({
      'spark.history.fs.cleaner.enabled': 'true',
      'spark.history.fs.cleaner.interval': '1d',
      'spark.history.fs.cleaner.maxAge': '7d',
      'spark.history.fs.logDirectory': 's3a://spark-logs/events',
      'spark.history.ui.port': '18080',
    });
    const service = findObject(docs, 'Service', 'history');
    expect(service.spec).toEqual({
      type: 'ClusterIP',
      selector: deployment.spec.selector.matchLabels,
      ports: [{ name: 'http', port: 18080, targetPort: 'http', protocol: 'TCP' }],
    });
    expect(findObjects(docs, 'Ingress')).toHaveLength(0);
  });

  test('exposes the directory it reads and its URL', () => {
    const h = new SparkHistoryServer(new Chart(Testing.app(), 'test', { namespace: 'spark-jobs' }), 'History', { name: 'history', eventLog: LOGS });
    expect(h.logDirectory).toBe('s3a://spark-logs/events');
    expect(h.url).toBe('http://history.spark-jobs.svc:18080');
  });

  test('S3A credentials come from a Secret', () => {
    const docs = synthChartValid((chart) => {
      const s3a = new S3a({ credentials: Secret.fromSecretName(chart, 'S3', 's3-credentials'), endpoint: 'http://minio.storage:9000', pathStyleAccess: true });
      new SparkHistoryServer(chart, 'History', { name: 'history', eventLog: EventLog.toUrl('s3a://spark-logs/events', { s3a }) });
    });
    expect(podOf(docs).containers[0].env).toContainEqual({ name: 'AWS_ACCESS_KEY_ID', valueFrom: { secretKeyRef: { name: 's3-credentials', key: 'AWS_ACCESS_KEY_ID' } } });
    expect(confOf(docs)).toMatchObject({ 'spark.hadoop.fs.s3a.endpoint': 'http://minio.storage:9000', 'spark.hadoop.fs.s3a.path.style.access': 'true' });
  });

  test('packages start the server through spark-submit', () => {
    const docs = server({ packages: ['org.apache.hadoop:hadoop-aws:3.4.1'], memory: Size.gibibytes(2) });
    const c = podOf(docs).containers[0];
    expect(c.command).toEqual(['/opt/spark/bin/spark-submit']);
    expect(c.args).toEqual([
      '--master', 'local[1]', '--driver-memory', '2g', '--properties-file', '/etc/spark/conf/spark-defaults.conf',
      '--class', 'org.apache.spark.deploy.history.HistoryServer', 'spark-internal',
    ]);
    expect(confOf(docs)).toMatchObject({ 'spark.jars.packages': 'org.apache.hadoop:hadoop-aws:3.4.1', 'spark.jars.ivy': '/tmp/.ivy2' });
  });

  test('an event log on a volume is mounted', () => {
    const docs = synthChartValid((chart) => {
      const pvc = PersistentVolumeClaim.fromClaimName(chart, 'Events', 'spark-events');
      const eventLog = EventLog.onVolume(Volume.fromPersistentVolumeClaim(chart, 'EventsVolume', pvc), { mountPath: '/events' });
      new SparkHistoryServer(chart, 'History', { name: 'history', eventLog });
    });
    expect(confOf(docs)['spark.history.fs.logDirectory']).toBe('file:///events');
    const pod = podOf(docs);
    expect(pod.volumes).toContainEqual({ name: 'pvc-spark-events', persistentVolumeClaim: { claimName: 'spark-events', readOnly: false } });
    expect(pod.containers[0].volumeMounts).toContainEqual({ name: 'pvc-spark-events', mountPath: '/events', readOnly: false });
  });

  test('cleaner settings are Durations in Spark time units', () => {
    const docs = server({ cleaner: { interval: Duration.hours(12), maxAge: Duration.days(30), maxNum: 100 } });
    expect(confOf(docs)).toMatchObject({
      'spark.history.fs.cleaner.interval': '12h',
      'spark.history.fs.cleaner.maxAge': '30d',
      'spark.history.fs.cleaner.maxNum': '100',
    });
    expect(confOf(server({ cleaner: { enabled: false, interval: Duration.minutes(90) } }))).toMatchObject({
      'spark.history.fs.cleaner.enabled': 'false',
      'spark.history.fs.cleaner.interval': '90min',
    });
  });

  test('an optional Ingress routes to the Service', () => {
    const docs = server({ ingress: { host: 'spark-history.example.com', ingressClassName: 'nginx', tlsSecretName: 'history-tls', annotations: { 'example.com/auth': 'sso' } } });
    const ingress = findObject(docs, 'Ingress', 'history');
    expect(ingress.metadata.annotations).toEqual({ 'example.com/auth': 'sso' });
    expect(ingress.spec).toEqual({
      ingressClassName: 'nginx',
      tls: [{ hosts: ['spark-history.example.com'], secretName: 'history-tls' }],
      rules: [{ host: 'spark-history.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'history', port: { name: 'http' } } } }] } }],
    });
  });

  test('pod settings and resources reach the pod', () => {
    const docs = server({ cpu: Cpu.units(1), memory: Size.gibibytes(4), nodeSelector: { pool: 'system' } });
    const pod = podOf(docs);
    expect(pod.nodeSelector).toEqual({ pool: 'system' });
    expect(pod.containers[0].resources).toEqual({ requests: { cpu: '1', memory: '4505Mi' }, limits: { memory: '4505Mi' } });
  });

  test('applications writing to the same EventLog pass', () => {
    const docs = synthChartValid((chart) => {
      new SparkHistoryServer(chart, 'History', { name: 'history', eventLog: LOGS });
      new SparkApplication(chart, 'Pi', { name: 'pi', ...PI, eventLog: LOGS });
      new SparkSubmitJob(chart, 'Job', { name: 'job', ...PI, eventLog: LOGS });
    });
    expect(findObject(docs, 'SparkApplication', 'pi').spec.sparkConf['spark.eventLog.dir']).toBe('s3a://spark-logs/events');
  });

  test('fails at synth when an application in the App writes event logs where no History Server reads', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'test', { namespace: 'spark-jobs' });
    new SparkHistoryServer(chart, 'History', { name: 'history', eventLog: LOGS });
    new SparkHistoryServer(chart, 'Other', { name: 'other', eventLog: EventLog.toUrl('s3a://spark-logs/other') });
    const jobs = new Chart(app, 'jobs', { namespace: 'etl' });
    new SparkSubmitJob(jobs, 'Job', { name: 'job', ...PI, eventLog: EventLog.toUrl('s3a://spark-logs/events/team-a') });
    new SparkApplication(jobs, 'Pi', { name: 'pi', ...PI, eventLog: EventLog.toUrl('s3a://spark-logs/events/') });
    expect(() => app.synth()).toThrow(
      "[test/History] 'eventLog' of jobs/Job is not a directory a History Server in this App reads ('s3a://spark-logs/events', 's3a://spark-logs/other'), so its runs would never show up, got 's3a://spark-logs/events/team-a'; pass the same EventLog object to the application and the History Server");
    // One report per application (not one per History Server); the trailing slash is normalised.
    let text = '';
    try {
      app.synth();
    } catch (e) {
      text = (e as Error).message;
    }
    expect(text.match(/is not a directory a History Server/g)).toHaveLength(1);
  });

  test('applications without a History Server in the App are not checked', () => {
    const docs = synthChartValid((chart) => {
      new SparkSubmitJob(chart, 'Job', { name: 'job', ...PI, eventLog: EventLog.toUrl('s3a://anywhere/events') });
    });
    expect(findObjects(docs, 'Job')).toHaveLength(1);
  });

  test('the Apache operator example spark-history-server: same settings as a Deployment', () => {
    const docs = synthValid((app) => {
      const chart = new Chart(app, 'history', { namespace: 'spark-history' });
      const s3a = new S3a({ credentials: Secret.fromSecretName(chart, 'S3', 'localstack-credentials'), endpoint: 'http://localstack:4566', pathStyleAccess: true });
      new SparkHistoryServer(chart, 'History', {
        name: 'spark-history-server',
        sparkVersion: SparkVersion.V4_2_0,
        image: 'apache/spark:4.2.0-scala',
        eventLog: EventLog.toUrl('s3a://spark-events', { s3a }),
        packages: ['org.apache.hadoop:hadoop-aws:3.4.2'],
        memory: Size.gibibytes(2),
        cleaner: { enabled: true, maxAge: Duration.days(30), maxNum: 100 },
        sparkConf: { 'spark.history.fs.eventLog.rolling.maxFilesToRetain': '10', 'spark.hadoop.fs.defaultFS': 's3a://spark-events' },
      });
    });
    expect(confOf(docs, 'spark-history-server-conf')).toMatchObject({
      'spark.history.fs.logDirectory': 's3a://spark-events',
      'spark.history.fs.cleaner.enabled': 'true',
      'spark.history.fs.cleaner.maxAge': '30d',
      'spark.history.fs.cleaner.maxNum': '100',
      'spark.history.fs.eventLog.rolling.maxFilesToRetain': '10',
      'spark.hadoop.fs.defaultFS': 's3a://spark-events',
      'spark.hadoop.fs.s3a.endpoint': 'http://localstack:4566',
      'spark.hadoop.fs.s3a.path.style.access': 'true',
      'spark.jars.packages': 'org.apache.hadoop:hadoop-aws:3.4.2',
      'spark.history.ui.port': '18080',
    });
    expect(docs).toMatchSnapshot();
  });

  test('a History Server on a shared volume with a SparkApplication writing to it', () => {
    const docs = synthChartValid((chart) => {
      const pvc = PersistentVolumeClaim.fromClaimName(chart, 'Events', 'spark-events');
      const eventLog = EventLog.onVolume(Volume.fromPersistentVolumeClaim(chart, 'EventsVolume', pvc));
      new SparkHistoryServer(chart, 'History', { name: 'history', eventLog, ingress: { host: 'history.example.com' } });
      new SparkApplication(chart, 'Pi', { name: 'pi', ...PI, eventLog });
    });
    expect(docs).toMatchSnapshot();
  });

  test('escape hatch: JSON patches reach the Deployment', () => {
    const docs = synthChartValid((chart) => {
      const h = new SparkHistoryServer(chart, 'History', { name: 'history', eventLog: LOGS });
      ApiObject.of(h.deployment).addJsonPatch(JsonPatch.add('/spec/revisionHistoryLimit', 2));
    });
    expect(findObject(docs, 'Deployment', 'history').spec.revisionHistoryLimit).toBe(2);
  });

  describe('fails', () => {
    test('fails without a log directory', () => {
      expect(() => build({ eventLog: undefined as any })).toThrow(
        "[test/History] 'eventLog' must be set: a History Server without a log directory shows nothing, got nothing; pass the EventLog your applications write to, e.g. EventLog.toUrl('s3a://bucket/spark-events')");
    });
    test('fails with a file: log directory without a volume behind it', () => {
      expect(() => build({ eventLog: EventLog.toUrl('file:/tmp/spark-events') })).toThrow(
        "[test/History] 'eventLog' must not be a local directory without a volume behind it: each pod would write to its own scratch disk and the History Server would see nothing, got 'file:/tmp/spark-events'; use EventLog.onVolume(pvcVolume) for a shared volume, or an object-store URL such as 's3a://bucket/spark-events'");
    });
    test('fails with a cleaner keeping no logs', () => {
      expect(() => build({ cleaner: { maxNum: 0 } })).toThrow("[test/History] 'cleaner.maxNum' must be a whole number of at least 1, got 0; keep at least one log or leave it unset");
    });
    test('fails with a cleaner interval below a second', () => {
      expect(() => build({ cleaner: { interval: Duration.millis(500) } })).toThrow(
        "[test/History] 'cleaner.interval' must be a whole number of seconds, at least 1, got '0.5s'; use Duration.hours(1) or similar");
    });
    test('fails with too little memory', () => {
      expect(() => build({ memory: Size.mebibytes(64) })).toThrow("[test/History] 'memory' must be a whole number of KiB and at least 128m, got '64m'; use Size.gibibytes(1) or more for many applications");
    });
    test('fails with a package that is not a Maven coordinate', () => {
      expect(() => build({ packages: ['hadoop-aws'] })).toThrow("[test/History] 'packages' must be a Maven coordinate group:artifact:version, got 'hadoop-aws'; e.g. 'org.apache.hadoop:hadoop-aws:3.4.1'");
    });
    test('fails when raw configuration sets the log directory', () => {
      expect(() => build({ sparkConf: { 'spark.history.fs.logDirectory': 's3a://elsewhere' } })).toThrow(
        "[test/History] 'sparkConf.spark.history.fs.logDirectory' sets 'spark.history.fs.logDirectory', which 'eventLog' owns, got 's3a://elsewhere'; remove it and use 'eventLog'");
    });
  });
});
