import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, Chart, Duration, JsonPatch, Size, Testing } from 'cdk8s';
import { EnvValue, Secret } from 'cdk8s-plus-28';
import { findObject, findObjects, forSnapshot, registerCrd, synthChartValid } from './harness';
import { ConnectClientPeer, EventLog, S3a, SparkConnectServer, SparkConnectServerProps, SparkVersion } from '../src';

registerCrd(JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'crds', 'grpcroute.json'), 'utf-8')));

function server(props: SparkConnectServerProps = {}, after?: (s: SparkConnectServer, chart: Chart) => void): any[] {
  return synthChartValid((chart) => {
    const s = new SparkConnectServer(chart, 'Connect', { name: 'connect', ...props });
    after?.(s, chart);
  });
}

function confOf(docs: any[]): { [key: string]: string } {
  const text: string = findObject(docs, 'ConfigMap').data['spark-defaults.conf'];
  return Object.fromEntries(text.trim().split('\n').map((l) => [l.slice(0, l.indexOf(' ')), l.slice(l.indexOf(' ') + 1)]));
}

function errorOf(props: SparkConnectServerProps): string {
  try {
    new SparkConnectServer(new Chart(Testing.app(), 'test', { namespace: 'spark-jobs' }), 'Connect', { name: 'connect', ...props });
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected an error');
}

describe('SparkConnectServer', () => {
  test('defaults', () => {
    const docs = server();
    const deployment = findObject(docs, 'Deployment');
    expect(deployment.spec.replicas).toBe(1);
    expect(deployment.spec.strategy).toEqual({ type: 'Recreate' });
    const pod = deployment.spec.template.spec;
    const main = pod.containers[0];
    expect(main.image).toBe('apache/spark:4.0.4');
    expect(main.command).toEqual(['/opt/spark/sbin/start-connect-server.sh']);
    expect(main.args).toEqual(['--conf', 'spark.kubernetes.driver.pod.name=$(SPARK_DRIVER_POD_NAME)']);
    expect(main.env).toContainEqual({ name: 'SPARK_NO_DAEMONIZE', value: 'true' });
    expect(main.env).toContainEqual({ name: 'SPARK_DRIVER_POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } });
    expect(main.ports.map((p: any) => [p.name, p.containerPort])).toEqual([['grpc', 15002], ['spark-ui', 4040], ['driver-rpc', 7078], ['blockmanager', 7079]]);
    expect(main.readinessProbe).toEqual({ tcpSocket: { port: 'grpc' }, initialDelaySeconds: 10, periodSeconds: 10 });
    expect(main.livenessProbe).toBeUndefined();
    expect(main.resources).toEqual({ requests: { cpu: '1', memory: '1408Mi' }, limits: { memory: '1408Mi' } });
    expect(pod.automountServiceAccountToken).toBe(true);
    expect(pod.serviceAccountName).toBe('connect-server');
    expect(deployment.metadata.annotations['spark.cdk8s.io/unauthenticated']).toMatch(/accepts any client the NetworkPolicy admits/);
    expect(findObjects(docs, 'PodDisruptionBudget')).toHaveLength(0);

    const conf = confOf(docs);
    expect(conf).toMatchObject({
      'spark.master': 'k8s://https://kubernetes.default.svc',
      'spark.submit.deployMode': 'client',
      'spark.driver.host': 'connect-driver.spark-jobs.svc.cluster.local',
      'spark.driver.bindAddress': '0.0.0.0',
      'spark.driver.port': '7078',
      'spark.driver.blockManager.port': '7079',
      'spark.connect.grpc.binding.port': '15002',
      'spark.kubernetes.executor.podNamePrefix': 'connect',
      'spark.kubernetes.executor.podTemplateFile': '/etc/spark/conf/executor-pod-template.json',
      'spark.executor.instances': '1',
      'spark.kubernetes.namespace': 'spark-jobs',
    });
    expect(conf['spark.jars.packages']).toBeUndefined();

    const template = JSON.parse(findObject(docs, 'ConfigMap').data['executor-pod-template.json']);
    expect(template.spec.automountServiceAccountToken).toBe(false);
    expect(template.spec.securityContext.runAsUser).toBe(185);
    expect(template.spec.containers[0].securityContext.readOnlyRootFilesystem).toBe(true);

    const headless = findObject(docs, 'Service', 'connect-driver');
    expect(headless.spec.clusterIP).toBe('None');
    expect(headless.spec.selector).toEqual(deployment.spec.selector.matchLabels);
    const client = findObject(docs, 'Service', 'connect');
    expect(client.spec.ports.map((p: any) => [p.name, p.port])).toEqual([['grpc', 15002], ['spark-ui', 4040]]);
    expect(client.spec.type).toBe('ClusterIP');

    const policy = findObject(docs, 'NetworkPolicy', 'connect-server');
    expect(policy.spec.ingress[0].from).toEqual([{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'spark-jobs' } } }]);
    const role = findObject(docs, 'Role');
    expect(role.rules.flatMap((r: any) => r.resources).sort()).toEqual(['configmaps', 'persistentvolumeclaims', 'pods', 'services']);
  });

  test('a team server with a token, restricted clients, dynamic allocation, S3A and an event log', () => {
    const docs = server({}, undefined);
    expect(docs.length).toBeGreaterThan(0);
    const full = synthChartValid((chart) => {
      const s3a = new S3a({ credentials: Secret.fromSecretName(chart, 'S3', 's3-credentials'), endpoint: 'http://minio.storage:9000', pathStyleAccess: true });
      new SparkConnectServer(chart, 'Connect', {
        name: 'analytics',
        authenticationToken: { secret: Secret.fromSecretName(chart, 'Token', 'connect-token'), key: 'token' },
        allowFrom: [ConnectClientPeer.namespace('notebooks'), ConnectClientPeer.podsInNamespace('airflow', { app: 'airflow-worker' })],
        dynamicAllocation: { minExecutors: 0, maxExecutors: 8, shuffleTrackingTimeout: Duration.minutes(10) },
        server: { memory: Size.gibibytes(4), cores: 2 },
        executor: { memory: Size.gibibytes(8), cores: 4 },
        s3a,
        eventLog: EventLog.toUrl('s3a://spark-logs/events', { s3a }),
        sparkConf: { 'spark.scheduler.mode': 'FAIR' },
      });
    });
    const main = findObject(full, 'Deployment').spec.template.spec.containers[0];
    expect(main.env).toContainEqual({ name: 'SPARK_CONNECT_AUTHENTICATE_TOKEN', valueFrom: { secretKeyRef: { name: 'connect-token', key: 'token' } } });
    expect(findObject(full, 'Deployment').metadata.annotations).toBeUndefined();
    const conf = confOf(full);
    expect(conf).toMatchObject({
      'spark.dynamicAllocation.enabled': 'true',
      'spark.dynamicAllocation.maxExecutors': '8',
      'spark.dynamicAllocation.shuffleTracking.enabled': 'true',
      'spark.dynamicAllocation.shuffleTracking.timeout': '600000ms',
      'spark.eventLog.dir': 's3a://spark-logs/events',
      'spark.hadoop.fs.s3a.endpoint': 'http://minio.storage:9000',
      'spark.scheduler.mode': 'FAIR',
      'spark.driver.memory': '4g',
      'spark.executor.memory': '8g',
      'spark.executor.cores': '4',
    });
    expect(conf['spark.executor.instances']).toBeUndefined();
    expect(findObject(full, 'NetworkPolicy', 'analytics-server').spec.ingress[0].from).toEqual([
      { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'notebooks' } } },
      { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'airflow' } }, podSelector: { matchLabels: { app: 'airflow-worker' } } },
    ]);
    expect(forSnapshot(full)).toMatchSnapshot();
  });

  test('Spark 3.5 fetches the Connect package into a writable Ivy directory', () => {
    const conf = confOf(server({ sparkVersion: SparkVersion.V3_5_8 }));
    expect(conf['spark.jars.packages']).toBe('org.apache.spark:spark-connect_2.12:3.5.8');
    expect(conf['spark.jars.ivy']).toBe('/tmp/.ivy2');
  });

  test('a configuration change restarts the server (checksum annotation)', () => {
    const a = findObject(server({ sparkConf: { 'spark.sql.shuffle.partitions': '8' } }), 'Deployment').spec.template.metadata.annotations['spark.cdk8s.io/config-checksum'];
    const b = findObject(server({ sparkConf: { 'spark.sql.shuffle.partitions': '16' } }), 'Deployment').spec.template.metadata.annotations['spark.cdk8s.io/config-checksum'];
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(a).not.toBe(b);
  });

  test('exposure through an Ingress or a GRPCRoute, and connectUrl', () => {
    let url = '';
    const docs = server({ ingress: { host: 'spark.example.com', tlsSecretName: 'spark-tls', ingressClassName: 'nginx' }, grpcRoute: { gatewayName: 'edge', gatewayNamespace: 'gateways', hostnames: ['connect.example.com'] } },
      (s) => url = s.connectUrl);
    expect(url).toBe('sc://connect.spark-jobs.svc.cluster.local:15002');
    expect(findObject(docs, 'Ingress').spec.tls).toEqual([{ hosts: ['spark.example.com'], secretName: 'spark-tls' }]);
    expect(findObject(docs, 'Ingress').metadata.annotations).toEqual({ 'nginx.ingress.kubernetes.io/backend-protocol': 'GRPC' });
    expect(findObject(docs, 'GRPCRoute').spec.rules).toEqual([{ backendRefs: [{ name: 'connect', port: 15002 }] }]);
  });

  test('the NetworkPolicy can be switched off', () => {
    expect(findObjects(server({ networkPolicy: false }), 'NetworkPolicy')).toHaveLength(0);
  });

  test('JSON patches apply', () => {
    const docs = server({}, (s) => ApiObject.of(s.deployment).addJsonPatch(JsonPatch.add('/spec/progressDeadlineSeconds', 900)));
    expect(findObject(docs, 'Deployment').spec.progressDeadlineSeconds).toBe(900);
  });

  describe('bad input', () => {
    test.each<[string, SparkConnectServerProps, string]>([
      ['fails on more than one replica', { replicas: 2 },
        '[test/Connect] \'replicas\' must be 1: a Connect server is one driver that holds every session, got 2; run one server per team or workload instead'],
      ['fails on the token as a literal configuration value', { sparkConf: { 'spark.connect.authenticate.token': 's3cr3t' } },
        '[test/Connect] \'sparkConf.spark.connect.authenticate.token\' holds secret material as a literal value'],
      ['fails on the token as a literal environment variable', { server: { env: { SPARK_CONNECT_AUTHENTICATE_TOKEN: EnvValue.fromValue('s3cr3t') } } },
        '[test/Connect] \'server.env.SPARK_CONNECT_AUTHENTICATE_TOKEN\' holds secret material as a literal value, readable by anyone who can get pods, got \'<redacted>\'; store it in a Secret and use EnvValue.fromSecretValue({ secret, key })'],
      ['fails on Spark below 3.5', { sparkVersion: SparkVersion.of('3.4.4') },
        '[test/Connect] \'sparkVersion\' must be at least 3.5.0 for a Spark Connect server, got \'3.4.4\'; use SparkVersion.V3_5_8 or later'],
      ['fails on colliding ports', { ports: { ui: 7078 } },
        '[test/Connect] \'ports.driver\' collides with \'ports.ui\', got 7078; give gRPC, UI, driver and block manager their own ports'],
      ['fails on a name too long for the executor prefix', { name: 'c'.repeat(48) },
        `[test/Connect] 'name' must be at most 47 characters because Spark limits the executor pod-name prefix (the server's name) to 47 characters, got '${'c'.repeat(48)}'; shorten it by 1 character`],
      ['fails on invalid executor memory', { executor: { memory: Size.kibibytes(512) } },
        '[test/Connect] \'executor.memory\' must be at least 1 MiB, got \'512k\'; give Spark a realistic heap such as Size.mebibytes(512)'],
      ['fails on zero executor cores', { executor: { cores: 0 } },
        '[test/Connect] \'executor.cores\' must be at least 1, got 0; give whole cores (use \'coreRequest\' for a fractional CPU request)'],
      ['fails on dynamic-allocation bounds', { dynamicAllocation: { minExecutors: 4, maxExecutors: 2 } },
        '[test/Connect] \'dynamicAllocation.minExecutors\' must not exceed maxExecutors (2), got 4; lower it to 2 or raise maxExecutors'],
      ['fails on an empty peer selector', { allowFrom: [ConnectClientPeer.pods({})] },
        '[test/Connect] \'allowFrom[0]\' selects every pod (an empty label selector) although the NetworkPolicy is meant to restrict access, got {}; name the client pods\' labels, or use ConnectClientPeer.namespace(name) to admit a whole namespace'],
    ])('%s', (_name, props, message) => {
      expect(errorOf(props)).toContain(message);
    });

    test('fails on token authentication with Spark 3.5', () => {
      const chart = new Chart(Testing.app(), 'test', { namespace: 'spark-jobs' });
      expect(() => new SparkConnectServer(chart, 'Connect', { name: 'connect', sparkVersion: SparkVersion.V3_5_8, authenticationToken: { secret: Secret.fromSecretName(chart, 'T', 't'), key: 'token' } }))
        .toThrow('[test/Connect] \'authenticationToken\' needs Spark 4.0 or later (token authentication does not exist in 3.5), got \'3.5.8\'; use SparkVersion.V4_0_4 or later, or put an authenticating proxy in front');
    });
  });
});
