import { ApiObject, Chart, Duration, JsonPatch, Size, Testing } from 'cdk8s';
import { Cpu, PersistentVolumeClaim, Secret } from 'cdk8s-plus-28';
import {
  ApplicationFile, EventLog, S3a, SparkApplication, SparkHistoryServer, SparkHistoryServerProps, SparkSubmitJob, SparkVersion, SparkVolume,
} from '../../src';
import { findObject, findObjects, synthChartValid, synthValid } from '../harness';
import { chartErrorOf, errorOf } from '../harness/expect-error';

const LOGS = EventLog.toUrl('s3a://spark-logs/events');
const PI = { mainApplicationFile: ApplicationFile.fromImagePath('/opt/spark/examples/jars/spark-examples.jar'), mainClass: 'org.apache.spark.examples.SparkPi' };

function server(props: Partial<SparkHistoryServerProps> = {}): any[] {
  return synthChartValid((chart) => {
    new SparkHistoryServer(chart, 'History', { name: 'history', eventLog: LOGS, ...props });
  });
}

/** The message of the error a History Server with these props raises. */
function errorWith(props: Partial<SparkHistoryServerProps> | ((chart: Chart) => Partial<SparkHistoryServerProps>)): string {
  return chartErrorOf((chart) => {
    new SparkHistoryServer(chart, 'History', { name: 'history', eventLog: LOGS, ...(typeof props === 'function' ? props(chart) : props) });
  });
}

function confOf(docs: any[], name = 'history-conf'): { [key: string]: string } {
  const text: string = findObject(docs, 'ConfigMap', name).data['spark-defaults.conf'];
  return Object.fromEntries(text.trim().split('\n').map((l) => [l.slice(0, l.indexOf(' ')), l.slice(l.indexOf(' ') + 1)]));
}

const podOf = (docs: any[], name = 'history') => findObject(docs, 'Deployment', name).spec.template.spec;

describe('SparkHistoryServer', () => {
  test('defaults', () => {
    const docs = server();
    expect(docs.map((d) => `${d.kind}/${d.metadata.name}`)).toEqual(['ConfigMap/history-conf', 'Deployment/history', 'Service/history']);
    const deployment = findObject(docs, 'Deployment', 'history');
    expect(deployment.metadata.namespace).toBe('spark-jobs');
    expect(deployment.spec.replicas).toBe(1);
    expect(deployment.spec.strategy).toEqual({ type: 'Recreate' });
    expect(deployment.spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'spark-history-server', 'app.kubernetes.io/instance': 'history' });
    const pod = podOf(docs);
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 185, seccompProfile: { type: 'RuntimeDefault' } });
    const c = pod.containers[0];
    expect(c.image).toBe('apache/spark:4.0.4');
    expect(c.imagePullPolicy).toBe('IfNotPresent');
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
    expect(c.volumeMounts).toContainEqual({ name: 'spark-conf', mountPath: '/etc/spark/conf', readOnly: true });
    expect(pod.volumes).toContainEqual({ name: 'spark-conf', configMap: { name: 'history-conf' } });
    expect(findObject(docs, 'Deployment', 'history').spec.template.metadata.annotations['spark.cdk8s.io/config-checksum']).toMatch(/^[0-9a-f]{64}$/);
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

  test('the name defaults to one derived from the construct path', () => {
    const docs = synthChartValid((chart) => {
      new SparkHistoryServer(chart, 'History', { eventLog: LOGS });
    });
    const name = findObject(docs, 'Deployment').metadata.name;
    expect(name).toMatch(/^test-history-c[0-9a-f]{7}$/);
    expect(findObject(docs, 'Service').metadata.name).toBe(name);
    expect(findObject(docs, 'ConfigMap').metadata.name).toBe(`${name}-conf`);
  });

  test('exposes the directory it reads and its URL', () => {
    const h = new SparkHistoryServer(new Chart(Testing.app(), 'test', { namespace: 'spark-jobs' }), 'History', { name: 'history', eventLog: LOGS });
    expect(h.name).toBe('history');
    expect(h.namespace).toBe('spark-jobs');
    expect(h.logDirectory).toBe('s3a://spark-logs/events');
    expect(h.url).toBe('http://history.spark-jobs.svc:18080');
  });

  test('the port is a static member', () => {
    expect(SparkHistoryServer.PORT).toBe(18080);
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
    const docs = server({ packages: ['org.apache.hadoop:hadoop-aws:3.4.1'], repositories: ['https://repo.example.com/maven2'], memory: Size.gibibytes(2) });
    const c = podOf(docs).containers[0];
    expect(c.command).toEqual(['/opt/spark/bin/spark-submit']);
    expect(c.args).toEqual([
      '--master', 'local[1]', '--driver-memory', '2g', '--properties-file', '/etc/spark/conf/spark-defaults.conf',
      '--class', 'org.apache.spark.deploy.history.HistoryServer', 'spark-internal',
    ]);
    expect(confOf(docs)).toMatchObject({
      'spark.jars.packages': 'org.apache.hadoop:hadoop-aws:3.4.1',
      'spark.jars.repositories': 'https://repo.example.com/maven2',
      'spark.jars.ivy': '/tmp/.ivy2',
    });
  });

  test('an event log on a volume is mounted', () => {
    const docs = synthChartValid((chart) => {
      const pvc = PersistentVolumeClaim.fromClaimName(chart, 'Events', 'spark-events');
      new SparkHistoryServer(chart, 'History', { name: 'history', eventLog: EventLog.onVolume(SparkVolume.fromPersistentVolumeClaim(pvc), { mountPath: '/events' }) });
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
    expect(confOf(server({ cleaner: { enabled: false, interval: Duration.minutes(90), maxAge: Duration.seconds(45) } }))).toMatchObject({
      'spark.history.fs.cleaner.enabled': 'false',
      'spark.history.fs.cleaner.interval': '90min',
      'spark.history.fs.cleaner.maxAge': '45s',
    });
  });

  test('an optional Ingress routes to the Service', () => {
    const docs = synthChartValid((chart) => {
      new SparkHistoryServer(chart, 'History', {
        name: 'history',
        eventLog: LOGS,
        ingress: {
          host: 'spark-history.example.com',
          ingressClassName: 'nginx',
          tls: { secret: Secret.fromSecretName(chart, 'Tls', 'history-tls') },
          annotations: { 'example.com/auth': 'sso' },
        },
      });
    });
    const ingress = findObject(docs, 'Ingress', 'history');
    expect(ingress.metadata.annotations).toEqual({ 'example.com/auth': 'sso' });
    expect(ingress.metadata.labels).toEqual(findObject(docs, 'Service', 'history').metadata.labels);
    expect(ingress.spec).toEqual({
      ingressClassName: 'nginx',
      tls: [{ hosts: ['spark-history.example.com'], secretName: 'history-tls' }],
      rules: [{ host: 'spark-history.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'history', port: { name: 'http' } } } }] } }],
    });
  });

  test('TLS may serve other hosts than the Ingress host', () => {
    const docs = synthChartValid((chart) => {
      new SparkHistoryServer(chart, 'History', {
        name: 'history',
        eventLog: LOGS,
        ingress: { host: 'history.example.com', tls: { secret: Secret.fromSecretName(chart, 'Tls', 'wildcard-tls'), hosts: ['*.example.com'] } },
      });
    });
    expect(findObject(docs, 'Ingress', 'history').spec.tls).toEqual([{ hosts: ['*.example.com'], secretName: 'wildcard-tls' }]);
  });

  test('an Ingress without TLS has no tls section', () => {
    const ingress = findObject(server({ ingress: { host: 'history.example.com' } }), 'Ingress', 'history');
    expect(ingress.spec.tls).toBeUndefined();
    expect(ingress.spec.ingressClassName).toBeUndefined();
    expect(ingress.metadata.annotations).toBeUndefined();
  });

  test('pod settings and resources reach the pod', () => {
    const docs = synthChartValid((chart) => {
      new SparkHistoryServer(chart, 'History', {
        name: 'history',
        eventLog: EventLog.onVolume(SparkVolume.fromPersistentVolumeClaim(PersistentVolumeClaim.fromClaimName(chart, 'Events', 'spark-events'))),
        coreRequest: Cpu.units(1),
        memory: Size.gibibytes(4),
        pod: { nodeSelector: { pool: 'system' }, labels: { team: 'data' }, volumes: [{ volume: SparkVolume.fromEmptyDir('cache'), path: '/cache' }] },
      });
    });
    const pod = podOf(docs);
    expect(pod.nodeSelector).toEqual({ pool: 'system' });
    expect(findObject(docs, 'Deployment', 'history').spec.template.metadata.labels.team).toBe('data');
    expect(pod.containers[0].resources).toEqual({ requests: { cpu: '1', memory: '4505Mi' }, limits: { memory: '4505Mi' } });
    // The user's volumes first, then the event log's.
    expect(pod.containers[0].volumeMounts.slice(-2).map((m: any) => m.name)).toEqual(['cache', 'pvc-spark-events']);
  });

  test('applications writing to the same EventLog pass', () => {
    const docs = synthChartValid((chart) => {
      new SparkHistoryServer(chart, 'History', { name: 'history', eventLog: LOGS });
      new SparkApplication(chart, 'Pi', { name: 'pi', ...PI, eventLog: LOGS });
      new SparkSubmitJob(chart, 'Job', { name: 'job', ...PI, eventLog: LOGS });
    });
    expect(findObject(docs, 'SparkApplication', 'pi').spec.sparkConf['spark.eventLog.dir']).toBe('s3a://spark-logs/events');
  });

  test('a History Server on a shared volume with a SparkApplication writing to it', () => {
    const docs = synthChartValid((chart) => {
      const eventLog = EventLog.onVolume(SparkVolume.fromPersistentVolumeClaim(PersistentVolumeClaim.fromClaimName(chart, 'Events', 'spark-events')));
      new SparkHistoryServer(chart, 'History', { name: 'history', eventLog, ingress: { host: 'history.example.com' } });
      new SparkApplication(chart, 'Pi', { name: 'pi', ...PI, eventLog });
    });
    const volume = { name: 'pvc-spark-events', persistentVolumeClaim: { claimName: 'spark-events', readOnly: false } };
    const mount = { name: 'pvc-spark-events', mountPath: '/var/spark-events', readOnly: false };
    expect(confOf(docs)['spark.history.fs.logDirectory']).toBe('file:///var/spark-events');
    expect(podOf(docs).volumes).toContainEqual(volume);
    expect(podOf(docs).containers[0].volumeMounts).toContainEqual(mount);
    const app = findObject(docs, 'SparkApplication', 'pi').spec;
    expect(app.sparkConf).toMatchObject({ 'spark.eventLog.enabled': 'true', 'spark.eventLog.dir': 'file:///var/spark-events' });
    // Only the driver writes event logs.
    expect(app.driver.template.spec.volumes).toContainEqual(volume);
    expect(app.driver.template.spec.containers[0].volumeMounts).toContainEqual({ name: 'pvc-spark-events', mountPath: '/var/spark-events' });
    expect(app.executor.template.spec.volumes.map((v: any) => v.name)).not.toContain('pvc-spark-events');
  });

  test('fails at synth when an application in the App writes event logs where no History Server reads', () => {
    const message = errorOf((app) => {
      const chart = new Chart(app, 'test', { namespace: 'spark-jobs' });
      new SparkHistoryServer(chart, 'History', { name: 'history', eventLog: LOGS });
      new SparkHistoryServer(chart, 'Other', { name: 'other', eventLog: EventLog.toUrl('s3a://spark-logs/other') });
      const jobs = new Chart(app, 'jobs', { namespace: 'etl' });
      new SparkSubmitJob(jobs, 'Job', { name: 'job', ...PI, eventLog: EventLog.toUrl('s3a://spark-logs/events/team-a') });
      new SparkApplication(jobs, 'Pi', { name: 'pi', ...PI, eventLog: EventLog.toUrl('s3a://spark-logs/events/') });
    });
    expect(message).toContain(
      "[test/History] 'eventLog' of jobs/Job is not a directory a History Server in this App reads ('s3a://spark-logs/events', 's3a://spark-logs/other'), so its runs would never show up, got 's3a://spark-logs/events/team-a'; pass the same EventLog object to the application and the History Server");
    // One report per application (not one per History Server); the trailing slash is normalised.
    expect(message.match(/is not a directory a History Server/g)).toHaveLength(1);
  });

  test('each App is checked against its own History Servers', () => {
    const other = Testing.app();
    new SparkHistoryServer(new Chart(other, 'test', { namespace: 'spark-jobs' }), 'History', { name: 'history', eventLog: EventLog.toUrl('s3a://elsewhere/events') });
    const docs = synthChartValid((chart) => {
      new SparkHistoryServer(chart, 'History', { name: 'history', eventLog: LOGS });
      new SparkSubmitJob(chart, 'Job', { name: 'job', ...PI, eventLog: LOGS });
    });
    expect(findObjects(docs, 'Deployment')).toHaveLength(1);
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
    expect(confOf(docs, 'spark-history-server-conf')).toEqual({
      'spark.history.fs.logDirectory': 's3a://spark-events',
      'spark.history.fs.cleaner.enabled': 'true',
      'spark.history.fs.cleaner.interval': '1d',
      'spark.history.fs.cleaner.maxAge': '30d',
      'spark.history.fs.cleaner.maxNum': '100',
      'spark.history.fs.eventLog.rolling.maxFilesToRetain': '10',
      'spark.hadoop.fs.defaultFS': 's3a://spark-events',
      'spark.hadoop.fs.s3a.endpoint': 'http://localstack:4566',
      'spark.hadoop.fs.s3a.path.style.access': 'true',
      'spark.jars.ivy': '/tmp/.ivy2',
      'spark.jars.packages': 'org.apache.hadoop:hadoop-aws:3.4.2',
      'spark.history.ui.port': '18080',
    });
    expect(findObject(docs, 'Deployment', 'spark-history-server').spec.template).toMatchSnapshot();
  });

  test('escape hatch: the Deployment is the default child', () => {
    const docs = synthChartValid((chart) => {
      const h = new SparkHistoryServer(chart, 'History', { name: 'history', eventLog: LOGS });
      expect(ApiObject.of(h)).toBe(h.node.defaultChild);
      expect(ApiObject.of(h).kind).toBe('Deployment');
      ApiObject.of(h).addJsonPatch(JsonPatch.add('/spec/revisionHistoryLimit', 2));
    });
    expect(findObject(docs, 'Deployment', 'history').spec.revisionHistoryLimit).toBe(2);
  });

  describe('fails', () => {
    test('fails without a log directory', () => {
      expect(errorWith({ eventLog: undefined as any })).toBe(
        "[test/History] 'eventLog' must be set: a History Server without a log directory shows nothing, got nothing; pass the EventLog your applications write to, e.g. EventLog.toUrl('s3a://bucket/spark-events')");
    });
    test('fails with a file: log directory without a volume behind it', () => {
      expect(errorWith({ eventLog: EventLog.toUrl('file:/tmp/spark-events') })).toBe(
        "[test/History] 'eventLog' must not be a local directory without a volume behind it: each pod would write to its own scratch disk and the History Server would see nothing, got 'file:/tmp/spark-events'; use EventLog.onVolume(pvcVolume) for a shared volume, or an object-store URL such as 's3a://bucket/spark-events'");
    });
    test('fails with a cleaner keeping no logs', () => {
      expect(errorWith({ cleaner: { maxNum: 0 } })).toBe("[test/History] 'cleaner.maxNum' must be a whole number of at least 1, got 0; keep at least one log or leave it unset");
    });
    test('fails with a cleaner interval below a second', () => {
      expect(errorWith({ cleaner: { interval: Duration.millis(500) } })).toBe(
        "[test/History] 'cleaner.interval' must be a whole number of seconds, at least 1, got '0.5s'; use Duration.hours(1) or similar");
    });
    test('fails with too little memory', () => {
      expect(errorWith({ memory: Size.mebibytes(64) })).toBe(
        "[test/History] 'memory' must be a whole number of KiB and at least 128m, got '64m'; use Size.gibibytes(1) or more for many applications");
    });
    test('fails with memory that is not a whole number of KiB', () => {
      expect(errorWith({ memory: Size.kibibytes(131072.5) })).toBe(
        "[test/History] 'memory' must be a whole number of KiB and at least 128m, got '131072.5 KiB'; use Size.gibibytes(1) or more for many applications");
    });
    test('fails with a CPU request of zero', () => {
      expect(errorWith({ coreRequest: Cpu.millis(0) })).toBe("[test/History] 'coreRequest' must be a positive CPU quantity, got '0m'; use Cpu.millis(500) or Cpu.units(1)");
    });
    test('fails with a package that is not a Maven coordinate', () => {
      expect(errorWith({ packages: ['hadoop-aws'] })).toBe(
        "[test/History] 'packages' must be a Maven coordinate group:artifact:version, got 'hadoop-aws'; e.g. 'org.apache.hadoop:hadoop-aws:3.4.1'");
    });
    test('fails with repositories but no packages', () => {
      expect(errorWith({ repositories: ['https://repo.example.com/maven2'] })).toBe(
        "[test/History] 'repositories' only applies with 'packages', got ['https://repo.example.com/maven2']; add the packages or remove it");
    });
    test('fails when raw configuration sets the log directory', () => {
      expect(errorWith({ sparkConf: { 'spark.history.fs.logDirectory': 's3a://elsewhere' } })).toBe(
        "[test/History] 'sparkConf.spark.history.fs.logDirectory' sets 'spark.history.fs.logDirectory', which 'eventLog' owns, got 's3a://elsewhere'; remove it and use 'eventLog'");
    });
    test('fails when raw configuration sets a cleaner key', () => {
      expect(errorWith({ sparkConf: { 'spark.history.fs.cleaner.maxNum': '5' } })).toBe(
        "[test/History] 'sparkConf.spark.history.fs.cleaner.maxNum' sets 'spark.history.fs.cleaner.maxNum', which 'cleaner.maxNum' owns, got '5'; remove it and use 'cleaner.maxNum'");
    });
    test('fails with an Ingress host that is not a DNS name', () => {
      expect(errorWith({ ingress: { host: 'Spark_History' } })).toBe("[test/History] 'ingress.host' must be a DNS name, got 'Spark_History'; use e.g. 'spark-history.example.com'");
    });
    test('fails with a TLS host that is not a DNS name', () => {
      expect(errorWith((chart) => ({ ingress: { host: 'history.example.com', tls: { secret: Secret.fromSecretName(chart, 'Tls', 'tls'), hosts: ['history.example.com', 'bad host'] } } })))
        .toBe("[test/History] 'ingress.tls.hosts[1]' must be a DNS name, got 'bad host'; use e.g. 'spark-history.example.com'");
    });
    test('fails with an empty list of TLS hosts', () => {
      expect(errorWith((chart) => ({ ingress: { host: 'history.example.com', tls: { secret: Secret.fromSecretName(chart, 'Tls', 'tls'), hosts: [] } } })))
        .toBe("[test/History] 'ingress.tls.hosts' must name at least one host, got []; leave it unset to use 'ingress.host'");
    });
    test('fails with a bad Ingress annotation key', () => {
      expect(errorWith({ ingress: { host: 'history.example.com', annotations: { 'bad key': 'x' } } })).toBe(
        "[test/History] 'ingress.annotations.bad key' key must have a name part of at most 63 letters, digits, '-', '_' or '.', got 'bad key'; use a key such as 'example.com/owner'");
    });
    test('fails with bad pod settings, naming the pod prop', () => {
      expect(errorWith({ pod: { volumes: [{ volume: SparkVolume.fromEmptyDir('cache'), path: 'cache' }] } })).toBe(
        "[test/History] 'pod.volumes[0].path' must be an absolute path, got 'cache'; use '/cache'");
    });
    test('fails with a name too long for the ConfigMap', () => {
      const name = 'a'.repeat(59);
      expect(errorWith({ name })).toBe(
        `[test/History] 'name' must be at most 58 characters because it names the Service and the ConfigMap '<name>-conf', got '${name}'; shorten it by 1 character`);
    });
  });
});
