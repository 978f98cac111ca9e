import { ApiObject, Chart, Duration, JsonPatch, Size, Testing } from 'cdk8s';
import { Cpu, k8s, PersistentVolumeClaim, Secret } from 'cdk8s-plus-28';
import {
  ApplicationFile, EventLog, S3a, SecurityOptOut, SparkApplication, SparkHistoryServer, SparkHistoryServerProps, SparkSubmitJob, SparkVersion, SparkVolume,
} from '../../src';
import { registerEventLogWriter } from '../../src/_registry';
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
    // The stock image has no S3A: spark-submit resolves hadoop-aws and runs the server's main class.
    // The JVM runs as PID 1 (spark-submit and spark-class end in exec), so it gets SIGTERM.
    expect(c.command).toEqual(['/opt/spark/bin/spark-submit']);
    expect(c.args).toEqual([
      '--master', 'local[1]', '--driver-memory', '1g', '--properties-file', '/etc/spark/conf/spark-defaults.conf',
      '--class', 'org.apache.spark.deploy.history.HistoryServer', 'spark-internal',
    ]);
    // The log directory is created before the server starts (FsHistoryProvider exits when it is missing).
    expect(pod.initContainers.map((i: any) => i.name)).toEqual(['create-event-log-dir']);
    expect(c.livenessProbe).toBeUndefined();
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
      'spark.jars.ivy': '/tmp/.ivy2',
      'spark.jars.packages': 'org.apache.hadoop:hadoop-aws:3.4.1',
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

  describe('S3A for an s3a:// event log (the stock image has none)', () => {
    test.each([
      [SparkVersion.V3_5_8, 'org.apache.hadoop:hadoop-aws:3.3.4'],
      [SparkVersion.V4_0_4, 'org.apache.hadoop:hadoop-aws:3.4.1'],
      [SparkVersion.V4_1_3, 'org.apache.hadoop:hadoop-aws:3.4.2'],
    ])('an s3a:// event log on Spark %s gets the hadoop-aws of its Hadoop line', (sparkVersion, hadoopAws) => {
      const docs = server({ sparkVersion });
      expect(confOf(docs)['spark.jars.packages']).toBe(hadoopAws);
      expect(podOf(docs).containers[0].command).toEqual(['/opt/spark/bin/spark-submit']);
    });

    test('other packages keep their order, hadoop-aws comes last', () => {
      expect(confOf(server({ packages: ['io.delta:delta-spark_2.13:4.0.0'] }))['spark.jars.packages'])
        .toBe('io.delta:delta-spark_2.13:4.0.0,org.apache.hadoop:hadoop-aws:3.4.1');
    });

    test('a listed hadoop-aws of the right version is used once', () => {
      expect(confOf(server({ packages: ['org.apache.hadoop:hadoop-aws:3.4.1'] }))['spark.jars.packages']).toBe('org.apache.hadoop:hadoop-aws:3.4.1');
    });

    test('repositories apply to the added hadoop-aws (a mirror)', () => {
      expect(confOf(server({ repositories: ['https://repo.example.com/maven2'] }))).toMatchObject({
        'spark.jars.packages': 'org.apache.hadoop:hadoop-aws:3.4.1', 'spark.jars.repositories': 'https://repo.example.com/maven2',
      });
    });

    test('an image of your own gets it too, unless it carries S3A', () => {
      const image = 'registry.example.com/spark/spark-s3:4.0.4';
      expect(confOf(server({ image }))['spark.jars.packages']).toBe('org.apache.hadoop:hadoop-aws:3.4.1');
      // Its own Hadoop may differ: a listed hadoop-aws is taken as given.
      expect(confOf(server({ image, packages: ['org.apache.hadoop:hadoop-aws:3.4.0'] }))['spark.jars.packages']).toBe('org.apache.hadoop:hadoop-aws:3.4.0');
      const docs = server({ image, imageIncludesS3a: true });
      expect(confOf(docs)['spark.jars.packages']).toBeUndefined();
      expect(podOf(docs).containers[0].command).toEqual(['/opt/spark/bin/spark-class', 'org.apache.spark.deploy.history.HistoryServer']);
    });

    test('other file systems and volumes get no package', () => {
      expect(confOf(server({ eventLog: EventLog.toUrl('gs://spark-logs/events') }))['spark.jars.packages']).toBeUndefined();
      const docs = synthChartValid((chart) => {
        const pvc = PersistentVolumeClaim.fromClaimName(chart, 'Events', 'spark-events');
        new SparkHistoryServer(chart, 'History', { name: 'history', eventLog: EventLog.onVolume(SparkVolume.fromPersistentVolumeClaim(pvc)) });
      });
      expect(confOf(docs)['spark.jars.packages']).toBeUndefined();
    });

    test('fails with a hadoop-aws that does not match the Hadoop of the stock image', () => {
      expect(errorWith({ packages: ['io.delta:delta-spark_2.13:4.0.0', 'org.apache.hadoop:hadoop-aws:3.3.4'] })).toBe(
        "[test/History] 'packages[1]' must be 'org.apache.hadoop:hadoop-aws:3.4.1' for the stock Spark 4.0 image, whose Hadoop client jars are 3.4.1 (S3A must match them exactly), got 'org.apache.hadoop:hadoop-aws:3.3.4'; remove it: S3A's package is added for you");
    });

    test('fails on a Spark line whose Hadoop version is not known, unless hadoop-aws is listed or the image carries S3A', () => {
      const sparkVersion = SparkVersion.of('3.4.4');
      expect(errorWith({ sparkVersion })).toBe(
        "[test/History] 'imageIncludesS3a' must be set: the event log is on S3A, and this library does not know the Hadoop version of Spark 3.4 to add the matching hadoop-aws package, got nothing; use an image that carries hadoop-aws and set imageIncludesS3a: true, or add 'org.apache.hadoop:hadoop-aws:<the Hadoop version of Spark 3.4>' to 'packages'");
      expect(confOf(server({ sparkVersion, packages: ['org.apache.hadoop:hadoop-aws:3.3.4'] }))['spark.jars.packages']).toBe('org.apache.hadoop:hadoop-aws:3.3.4');
      expect(confOf(server({ sparkVersion, image: 'registry.example.com/spark:3.4.4', imageIncludesS3a: true }))['spark.jars.packages']).toBeUndefined();
    });
  });

  describe('the log directory exists before the server needs it', () => {
    const INIT = (docs: any[]) => podOf(docs).initContainers.find((c: any) => c.name === 'create-event-log-dir');

    test('an init container creates it with the server\'s image, settings, credentials, mounts, hardening and resources', () => {
      const docs = synthChartValid((chart) => {
        const s3a = new S3a({ credentials: Secret.fromSecretName(chart, 'S3', 's3-credentials'), endpoint: 'http://minio.storage:9000', pathStyleAccess: true });
        new SparkHistoryServer(chart, 'History', {
          name: 'history',
          eventLog: EventLog.toUrl('s3a://spark-logs/events', { s3a }),
          memory: Size.gibibytes(2),
          sparkConf: { 'spark.hadoop.fs.s3a.connection.timeout': '200000' },
          pod: { volumes: [{ volume: SparkVolume.fromEmptyDir('cache'), path: '/cache' }] },
        });
      });
      const pod = podOf(docs);
      const main = pod.containers[0];
      expect(INIT(docs)).toEqual({
        name: 'create-event-log-dir',
        image: 'apache/spark:4.0.4',
        imagePullPolicy: 'IfNotPresent',
        command: ['/opt/spark/bin/spark-submit'],
        args: [
          '--master', 'local[1]', '--driver-memory', '2g', '--properties-file', '/etc/spark/conf/spark-defaults.conf',
          '--class', 'org.apache.hadoop.fs.FsShell', 'spark-internal',
          '-D', 'fs.s3a.connection.timeout=200000', '-D', 'fs.s3a.endpoint=http://minio.storage:9000', '-D', 'fs.s3a.path.style.access=true',
          '-mkdir', '-p', 's3a://spark-logs/events',
        ],
        env: main.env,
        resources: main.resources,
        securityContext: main.securityContext,
        volumeMounts: main.volumeMounts,
      });
      expect(main.env).toContainEqual({ name: 'AWS_SECRET_ACCESS_KEY', valueFrom: { secretKeyRef: { name: 's3-credentials', key: 'AWS_SECRET_ACCESS_KEY' } } });
      expect(main.volumeMounts.map((m: any) => m.mountPath)).toEqual(['/etc/spark/conf', '/tmp', '/opt/spark/work-dir', '/cache']);
    });

    test('it comes after the user\'s init containers, which may prepare what it reads', () => {
      const docs = server({
        pod: {
          initContainers: [{
            name: 'trust-store',
            image: 'busybox:1.37',
            command: ['true'],
            resources: { requests: { cpu: k8s.Quantity.fromString('10m') }, limits: { memory: k8s.Quantity.fromString('16Mi') } },
          }],
        },
      });
      expect(podOf(docs).initContainers.map((c: any) => c.name)).toEqual(['trust-store', 'create-event-log-dir']);
    });

    test('a Hadoop setting with $ reaches FsShell as written, not expanded by Kubernetes', () => {
      const docs = server({ sparkConf: { 'spark.hadoop.fs.s3a.user.agent.prefix': 'spark-$(POD_NAME)' } });
      expect(INIT(docs).args).toContain('fs.s3a.user.agent.prefix=spark-$$(POD_NAME)');
    });

    test('other file systems get it too, without packages on their own', () => {
      const docs = server({ eventLog: EventLog.toUrl('hdfs://namenode:8020/spark-events') });
      expect(INIT(docs).args.slice(-3)).toEqual(['-mkdir', '-p', 'hdfs://namenode:8020/spark-events']);
      expect(confOf(docs)['spark.jars.packages']).toBeUndefined();
    });

    test('not for a bucket root, which always exists, nor for a volume, whose mount point exists', () => {
      expect(podOf(server({ eventLog: EventLog.toUrl('s3a://spark-events') })).initContainers).toBeUndefined();
      const docs = synthChartValid((chart) => {
        const pvc = PersistentVolumeClaim.fromClaimName(chart, 'Events', 'spark-events');
        new SparkHistoryServer(chart, 'History', { name: 'history', eventLog: EventLog.onVolume(SparkVolume.fromPersistentVolumeClaim(pvc)) });
      });
      expect(podOf(docs).initContainers).toBeUndefined();
    });

    test('fails with a container of the user under the init container\'s name', () => {
      expect(errorWith({
        pod: {
          initContainers: [{
            name: 'create-event-log-dir',
            image: 'busybox:1.37',
            resources: { requests: { cpu: k8s.Quantity.fromString('10m') }, limits: { memory: k8s.Quantity.fromString('16Mi') } },
          }],
        },
      })).toBe("[test/History] 'pod.initContainers[0].name' is the name of the init container that creates the event log directory, got 'create-event-log-dir'; give the container another name");
    });

    test('fails with glob characters in a directory it would create', () => {
      expect(errorWith({ eventLog: EventLog.toUrl('s3a://spark-logs/events-*') })).toBe(
        "[test/History] 'eventLog' must not contain glob characters (* ? [ ] { } \\): the init container creating the directory runs FsShell -mkdir, which expands them, got 's3a://spark-logs/events-*'; name the directory without them, e.g. 's3a://spark-logs/events'");
    });
  });

  describe('probes follow the UI filters', () => {
    test('behind a UI filter the readiness probe connects to the UI port instead of asking it over HTTP', () => {
      const docs = server({ sparkConf: { 'spark.ui.filters': 'com.example.AuthFilter' } });
      expect(podOf(docs).containers[0].readinessProbe).toEqual({ tcpSocket: { port: 'http' }, initialDelaySeconds: 15, periodSeconds: 10 });
    });

    test('an empty filter list is no filter', () => {
      expect(podOf(server({ sparkConf: { 'spark.ui.filters': ',' } })).containers[0].readinessProbe.httpGet).toEqual({ path: '/api/v1/applications', port: 'http' });
    });

    test('readiness and liveness probes are props', () => {
      const docs = server({
        readinessProbe: { tcpSocket: { port: k8s.IntOrString.fromString('http') }, periodSeconds: 5 },
        livenessProbe: { httpGet: { path: '/', port: k8s.IntOrString.fromNumber(18080) }, failureThreshold: 6 },
      });
      const c = podOf(docs).containers[0];
      expect(c.readinessProbe).toEqual({ tcpSocket: { port: 'http' }, periodSeconds: 5 });
      expect(c.livenessProbe).toEqual({ httpGet: { path: '/', port: 18080 }, failureThreshold: 6 });
    });

    test('a probe may check a port of the pod settings, or run a command', () => {
      const docs = server({
        pod: { ports: [{ name: 'metrics', number: 9090 }] },
        readinessProbe: { httpGet: { path: '/metrics', port: k8s.IntOrString.fromString('metrics') } },
        livenessProbe: { exec: { command: ['true'] } },
      });
      expect(podOf(docs).containers[0].readinessProbe.httpGet.port).toBe('metrics');
    });

    test('fails with an HTTP probe through Spark\'s JWSFilter, which exempts no path', () => {
      expect(errorWith({
        sparkConf: { 'spark.ui.filters': 'org.apache.spark.ui.JWSFilter' },
        readinessProbe: { httpGet: { path: '/', port: k8s.IntOrString.fromString('http') } },
      })).toBe("[test/History] 'readinessProbe.httpGet' checks over HTTP, which the org.apache.spark.ui.JWSFilter of 'spark.ui.filters' answers with 403 (it exempts no path, and a signed token would sit in the manifest in clear), so the probe would never pass, got {\"path\":\"/\",\"port\":\"http\"}; use tcpSocket on the same port, or leave the probe out for the default");
    });

    test('fails with a probe with two handlers or none', () => {
      expect(errorWith({ readinessProbe: { tcpSocket: { port: k8s.IntOrString.fromString('http') }, exec: { command: ['true'] } } })).toBe(
        "[test/History] 'readinessProbe' must have exactly one handler: httpGet, tcpSocket, exec or grpc, got ['tcpSocket', 'exec']; keep one of tcpSocket and exec");
      expect(errorWith({ livenessProbe: { periodSeconds: 5 } })).toBe(
        "[test/History] 'livenessProbe' must have exactly one handler: httpGet, tcpSocket, exec or grpc, got []; use e.g. { tcpSocket: { port: k8s.IntOrString.fromString('http') } }");
    });

    test('fails with a probe on a port the container does not have', () => {
      expect(errorWith({ readinessProbe: { tcpSocket: { port: k8s.IntOrString.fromString('ui') } } })).toBe(
        "[test/History] 'readinessProbe.tcpSocket.port' must be a number from 1 to 65535 or the name of a port of the container (http), got 'ui'; use k8s.IntOrString.fromString('http')");
    });

    test('fails with secret material in a probe', () => {
      expect(errorWith({ readinessProbe: { httpGet: { port: k8s.IntOrString.fromString('http'), httpHeaders: [{ name: 'Authorization', value: 'Bearer abcdefghijklmnopqrstuvwxyz0123456789' }] } } })).toBe(
        "[test/History] 'readinessProbe.httpGet.httpHeaders[0].value' holds a bearer token, which would be stored in clear in Git and in the cluster, got '<redacted>'; keep it in a Kubernetes Secret and pass it by reference (an environment variable from the Secret, or a mounted file)");
    });

    test('fails with a probe that is not an object', () => {
      expect(errorWith({ readinessProbe: 'tcp' as any })).toBe(
        "[test/History] 'readinessProbe' must be an object, got 'tcp'; pass e.g. { tcpSocket: { port: k8s.IntOrString.fromString('http') } }");
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
        // The example lists hadoop-aws 3.4.2; the History Server adds the one of Spark 4.2's Hadoop itself.
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
      'spark.jars.packages': 'org.apache.hadoop:hadoop-aws:3.4.3',
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
        "[test/History] 'memory' must be a positive whole number of KiB, got '131072.5 KiB'; use Size.gibibytes(1) or more for many applications");
    });
    test('fails with a CPU request of zero', () => {
      expect(errorWith({ coreRequest: Cpu.millis(0) })).toBe("[test/History] 'coreRequest' must be a positive CPU quantity, got '0m'; use Cpu.millis(500) or Cpu.units(1)");
    });
    test('fails with a package that is not a Maven coordinate', () => {
      expect(errorWith({ packages: ['hadoop-aws'] })).toBe(
        "[test/History] 'packages' must be a Maven coordinate group:artifact:version, got 'hadoop-aws'; e.g. 'org.apache.hadoop:hadoop-aws:3.4.1'");
    });
    test('fails with repositories but no packages', () => {
      expect(errorWith({ eventLog: EventLog.toUrl('hdfs://namenode:8020/spark-events'), repositories: ['https://repo.example.com/maven2'] })).toBe(
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
  describe('bad input from JavaScript callers and strings that reach a file or a command line', () => {
    const PROPS = "[test/History] 'props' must be an object of props, got nothing; pass e.g. { eventLog: EventLog.toUrl('s3a://bucket/spark-events') }";
    test('fails without props at all', () => {
      expect(chartErrorOf((chart) => new (SparkHistoryServer as any)(chart, 'History'))).toBe(PROPS);
    });
    test.each<[string, Partial<SparkHistoryServerProps> | ((chart: Chart) => Partial<SparkHistoryServerProps>), string]>([
      ['an event log given as a string', { eventLog: 's3a://logs/events' as any },
        "[test/History] 'eventLog' must be an EventLog, got 's3a://logs/events'; use EventLog.toUrl('s3a://logs/events')"],
      ['an event log given as an object', { eventLog: { directory: 's3a://x' } as any },
        "[test/History] 'eventLog' must be an EventLog, got {\"directory\":\"s3a://x\"}; use EventLog.toUrl('s3a://bucket/spark-events')"],
      ['a name that is a number', { name: 5 as any }, "[test/History] 'name' must be a string, got 5; quote it: '5'"],
      ['a namespace that is a number', { namespace: 7 as any }, "[test/History] 'namespace' must be a string, got 7; quote it: '7'"],
      ['a Spark version given as a string', { sparkVersion: '4.0.4' as any }, "[test/History] 'sparkVersion' must be a SparkVersion, got '4.0.4'; use SparkVersion.of('4.0.4')"],
      ['an image that is a number', { image: 4 as any }, "[test/History] 'image' must be a string, got 4; quote it: '4'"],
      ['a pull policy spelled in lower case', { imagePullPolicy: 'always' as any },
        "[test/History] 'imagePullPolicy' must be one of ImagePullPolicy.ALWAYS, ImagePullPolicy.IF_NOT_PRESENT, ImagePullPolicy.NEVER, got 'always'; use ImagePullPolicy.ALWAYS"],
      ['memory given as a Spark string', { memory: '4g' as any }, "[test/History] 'memory' must be a Size, got '4g'; use Size.gibibytes(1) or more for many applications"],
      ['a CPU request given as a string', { coreRequest: '500m' as any }, "[test/History] 'coreRequest' must be a Cpu, got '500m'; use Cpu.millis(500) or Cpu.units(1)"],
      ['a CPU request finer than a millicore', { coreRequest: Cpu.units(1 / 3) },
        "[test/History] 'coreRequest' must be a whole number of millicores (Kubernetes refuses finer CPU quantities), got '0.3333333333333333'; use Cpu.millis(333)"],
      ['a cleaner interval of a third of a second (a raw cdk8s error before)', { cleaner: { interval: Duration.seconds(1 / 3) } },
        "[test/History] 'cleaner.interval' must be a whole number of seconds, at least 1, got '0.3333333333333333s'; use Duration.hours(1) or similar"],
      ['a cleaner interval given as a string', { cleaner: { interval: '1d' as any } }, "[test/History] 'cleaner.interval' must be a Duration, got '1d'; use Duration.hours(1) or similar"],
      ['a cleaner switch given as a string', { cleaner: { enabled: 'false' as any } }, "[test/History] 'cleaner.enabled' must be true or false, got 'false'; use false (a boolean, not a string)"],
      ['a cleaner maximum given as a string', { cleaner: { maxNum: '100' as any } }, "[test/History] 'cleaner.maxNum' must be a finite number, got '100'; keep at least one log or leave it unset"],
      ['the S3A switch given as a string', { imageIncludesS3a: 'true' as any }, "[test/History] 'imageIncludesS3a' must be true or false, got 'true'; use true (a boolean, not a string)"],
      ['packages given as one string', { packages: 'org.apache.hadoop:hadoop-aws:3.4.1' as any },
        "[test/History] 'packages' must be a list of strings, got 'org.apache.hadoop:hadoop-aws:3.4.1'; wrap it in a list: ['org.apache.hadoop:hadoop-aws:3.4.1']"],
      ['a package with a line break (it would write a line into spark-defaults.conf)', { packages: ['a:b:1\nspark.master local'] },
        "[test/History] 'packages' must be a Maven coordinate group:artifact:version, got 'a:b:1\nspark.master local'; e.g. 'org.apache.hadoop:hadoop-aws:3.4.1'"],
      ['a repository with a password in its URL', { packages: ['a:b:1'], repositories: ['https://user:hunter2@repo.example.com/maven2'] },
        "[test/History] 'repositories[0]' holds a password in a URL (user:password@), which would be stored in clear in Git and in the cluster, got '<redacted>'; keep it in a Kubernetes Secret and pass it by reference (an environment variable from the Secret, or a mounted file)"],
      ['a repository with a token parameter', { packages: ['a:b:1'], repositories: ['https://repo.example.com/maven2?token=abc123'] },
        "[test/History] 'repositories[0]' holds a secret URL or connection-string parameter, which would be stored in clear in Git and in the cluster, got '<redacted>'; keep it in a Kubernetes Secret and pass it by reference (an environment variable from the Secret, or a mounted file)"],
      ['a repository with a line break', { packages: ['a:b:1'], repositories: ['https://repo.example.com/m2\nspark.jars.ivy /'] },
        "[test/History] 'repositories[0]' must not contain a line break (it would start a new line in the file or command Spark reads), got 'https://repo.example.com/m2\nspark.jars.ivy /'; remove it"],
      ['two repositories in one entry (Spark splits at commas)', { packages: ['a:b:1'], repositories: ['https://a.example.com/m2,https://b.example.com/m2'] },
        "[test/History] 'repositories[0]' must be one http(s) URL (Spark splits the repository list at commas), got 'https://a.example.com/m2,https://b.example.com/m2'; use e.g. 'https://repo.example.com/maven2', one entry per repository"],
      ['a repository that is no URL', { packages: ['a:b:1'], repositories: ['repo.example.com/maven2'] },
        "[test/History] 'repositories[0]' must be one http(s) URL (Spark splits the repository list at commas), got 'repo.example.com/maven2'; use e.g. 'https://repo.example.com/maven2', one entry per repository"],
      ['the cleaner given as a string', { cleaner: '7d' as any }, "[test/History] 'cleaner' must be an object, got '7d'; pass e.g. { maxAge: Duration.days(30) }"],
      ['an Ingress given as a host name', { ingress: 'history.example.com' as any }, "[test/History] 'ingress' must be an object, got 'history.example.com'; pass e.g. { host: 'spark-history.example.com' }"],
      ['a configuration map given as a string', { sparkConf: 'spark.ui.port=1' as any }, "[test/History] 'sparkConf' must be a map of strings, got 'spark.ui.port=1'; use e.g. { 'key': 'value' }"],
      ['a configuration value that is a number', { sparkConf: { 'spark.history.retainedApplications': 50 as any } },
        "[test/History] 'sparkConf.spark.history.retainedApplications' must be a string, got 50; quote it: '50'"],
      ['a configuration key that would end early in spark-defaults.conf', { sparkConf: { 'spark.history.fs.logDirectory=s3a://other x': 'y' } },
        "[test/History] 'sparkConf.spark.history.fs.logDirectory=s3a://other x' must be a configuration key of letters, digits and '.', '_', '-', '*', '/', '@', '+' (a space, '=' or ':' would end the key early in spark-defaults.conf), got 'spark.history.fs.logDirectory=s3a://other x'; use the key as Spark documents it, e.g. 'spark.sql.shuffle.partitions'"],
      ['an opt-out that does not apply to a History Server', { securityOptOuts: [SecurityOptOut.STANDALONE_REST_SERVER] },
        "[test/History] 'securityOptOuts[0]' is SecurityOptOut.STANDALONE_REST_SERVER, which does not apply to a SparkHistoryServer, got 'standalone-rest-server'; remove it (a SparkHistoryServer accepts SecurityOptOut.WEAKER_SIDECAR, SecurityOptOut.SENSITIVE_MOUNT, SecurityOptOut.SYSTEM_PRIORITY_CLASS)"],
      ['an opt-out that is no SecurityOptOut', { securityOptOuts: ['root' as any] },
        "[test/History] 'securityOptOuts[0]' must be a SecurityOptOut, got 'root'; use one of SecurityOptOut.WEAKER_SIDECAR, SecurityOptOut.SENSITIVE_MOUNT, SecurityOptOut.SYSTEM_PRIORITY_CLASS"],
      ['opt-outs given as one value', { securityOptOuts: SecurityOptOut.SENSITIVE_MOUNT as any },
        "[test/History] 'securityOptOuts' must be a list of SecurityOptOut values, got 'sensitive-mount'; use e.g. [SecurityOptOut.WEAKER_SIDECAR]"],
    ])('fails with %s', (_what, props, message) => {
      expect(errorWith(props)).toBe(message);
    });

    test('a pod opt-out is recorded on the Deployment', () => {
      const docs = server({ securityOptOuts: [SecurityOptOut.SYSTEM_PRIORITY_CLASS], pod: { priorityClassName: 'system-cluster-critical' } });
      expect(findObject(docs, 'Deployment', 'history').metadata.annotations).toEqual({ 'spark.cdk8s.io/security-opt-outs': 'system-priority-class' });
      expect(podOf(docs).priorityClassName).toBe('system-cluster-critical');
    });

    test('a writer on a claim of the same name in another namespace is not read (another claim, another volume)', () => {
      expect(errorOf((app) => {
        const history = new Chart(app, 'history', { namespace: 'spark' });
        const mine = EventLog.onVolume(SparkVolume.fromPersistentVolumeClaim(PersistentVolumeClaim.fromClaimName(history, 'Events', 'spark-events')));
        new SparkHistoryServer(history, 'History', { name: 'history', eventLog: mine });
        const jobs = new Chart(app, 'jobs');
        const theirs = EventLog.onVolume(SparkVolume.fromPersistentVolumeClaim(PersistentVolumeClaim.fromClaimName(jobs, 'Events', 'spark-events')));
        registerEventLogWriter(new Chart(jobs, 'Etl'), theirs.directory, 'etl', theirs.volume);
      })).toBe("Validation failed with the following errors:\n  [history/History] 'eventLog' of jobs/Etl is on the PersistentVolumeClaim 'spark-events' in namespace 'etl', which no History Server in this App reads (history/History reads 'spark-events' in namespace 'spark'), so its runs would never show up, got 'file:///var/spark-events'; run the application in the History Server's namespace with the same EventLog object, or use an object store (EventLog.toUrl('s3a://bucket/spark-events'))");
    });

    test('a writer on the same claim in the same namespace is read', () => {
      const docs = synthChartValid((chart) => {
        const eventLog = EventLog.onVolume(SparkVolume.fromPersistentVolumeClaim(PersistentVolumeClaim.fromClaimName(chart, 'Events', 'spark-events')));
        new SparkHistoryServer(chart, 'History', { name: 'history', eventLog });
        const other = EventLog.onVolume(SparkVolume.fromPersistentVolumeClaim(PersistentVolumeClaim.fromClaimName(chart, 'Events2', 'spark-events')));
        registerEventLogWriter(new Chart(chart, 'Writer'), other.directory, 'spark-jobs', other.volume);
      });
      expect(findObjects(docs, 'Deployment')).toHaveLength(1);
    });
  });
});
