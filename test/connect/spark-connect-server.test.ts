import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, Chart, Duration, JsonPatch, Size, Testing } from 'cdk8s';
import { EnvValue, PersistentVolumeClaim, Secret } from 'cdk8s-plus-28';
import { build as connectServerExample } from '../../examples/connect-server';
import {
  NetworkPeer, EventLog, S3a, SecurityOptOut, SparkConnectServer, SparkConnectServerProps, SparkDriverRbac, SparkStandaloneCluster, SparkVersion, SparkVolume,
} from '../../src';
import { findObject, findObjects, forSnapshot, registerCrd, synthChartValid, synthValid } from '../harness';
import { chartErrorOf } from '../harness/expect-error';

/** A scope for references to objects the tests do not create. */
const REFS = new Chart(Testing.app(), 'refs');

registerCrd(JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'crds', 'grpcroute.json'), 'utf-8')));

/** The token clients send: a key of a Secret the app references. */
function token(chart: Chart): any {
  return { secret: Secret.fromSecretName(chart, 'Token', 'connect-token'), key: 'token' };
}

const TOKEN_ENV = { name: 'SPARK_CONNECT_AUTHENTICATE_TOKEN', valueFrom: { secretKeyRef: { name: 'connect-token', key: 'token' } } };

/** A SparkConnectServer with a token (unless the props say otherwise), through the harness. */
function server(props: SparkConnectServerProps = {}, after?: (s: SparkConnectServer, chart: Chart) => void): any[] {
  return synthChartValid((chart) => {
    const s = new SparkConnectServer(chart, 'Connect', { name: 'connect', authenticationSecret: token(chart), ...props });
    after?.(s, chart);
  });
}

function confOf(docs: any[]): { [key: string]: string } {
  const text: string = findObject(docs, 'ConfigMap').data['spark-defaults.conf'];
  return Object.fromEntries(text.trim().split('\n').map((l) => [l.slice(0, l.indexOf(' ')), l.slice(l.indexOf(' ') + 1)]));
}

function executorTemplateOf(docs: any[]): any {
  return JSON.parse(findObject(docs, 'ConfigMap').data['executor-pod-template.json']);
}

function mainOf(docs: any[]): any {
  return findObject(docs, 'Deployment').spec.template.spec.containers[0];
}

/** The error a SparkConnectServer with these props (and props that need the chart) raises. */
function errorOf(props: SparkConnectServerProps, withChart?: (chart: Chart) => SparkConnectServerProps): string {
  return chartErrorOf((chart) => new SparkConnectServer(chart, 'Connect', { name: 'connect', authenticationSecret: token(chart), ...props, ...withChart?.(chart) }));
}

describe('SparkConnectServer', () => {
  test('defaults', () => {
    let s: SparkConnectServer | undefined;
    const docs = server({}, (x) => s = x);
    expect(s!.name).toBe('connect');
    expect(s!.namespace).toBe('spark-jobs');
    expect(s!.serviceName).toBe('connect');
    expect(s!.connectUrl).toBe('sc://connect.spark-jobs.svc:15002');
    expect(docs.map((d) => `${d.kind}/${d.metadata.name}`).sort()).toEqual([
      'ConfigMap/connect-conf',
      'Deployment/connect',
      'NetworkPolicy/connect-driver',
      'NetworkPolicy/connect-executors',
      'Role/connect-server',
      'RoleBinding/connect-server',
      'Service/connect',
      'Service/connect-driver',
      'ServiceAccount/connect-server',
    ]);

    // One replica, replaced (never two drivers at once), no PodDisruptionBudget.
    const deployment = findObject(docs, 'Deployment');
    expect(deployment.spec.replicas).toBe(1);
    expect(deployment.spec.strategy).toEqual({ type: 'Recreate' });
    expect(findObjects(docs, 'PodDisruptionBudget')).toHaveLength(0);
    expect(deployment.metadata.annotations).toBeUndefined();

    // The server: spark-submit in the foreground, client mode, pod name from the downward API.
    const pod = deployment.spec.template.spec;
    const main = pod.containers[0];
    expect(main.name).toBe('spark-connect-server');
    expect(main.image).toBe('apache/spark:4.0.4');
    expect(main.imagePullPolicy).toBe('IfNotPresent');
    expect(main.command).toEqual(['/opt/spark/bin/spark-submit']);
    expect(main.args).toEqual(['--class', 'org.apache.spark.sql.connect.service.SparkConnectServer', '--conf', 'spark.kubernetes.driver.pod.name=$(SPARK_DRIVER_POD_NAME)']);
    expect(main.env).toContainEqual({ name: 'SPARK_NO_DAEMONIZE', value: 'true' });
    expect(main.env).toContainEqual({ name: 'SPARK_CONF_DIR', value: '/etc/spark/conf' });
    expect(main.env).toContainEqual({ name: 'SPARK_DRIVER_POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } });
    expect(main.env).toContainEqual(TOKEN_ENV);
    expect(main.ports.map((p: any) => [p.name, p.containerPort])).toEqual([['grpc', 15002], ['spark-ui', 4040], ['driver-rpc', 7078], ['blockmanager', 7079]]);
    expect(main.readinessProbe).toEqual({ tcpSocket: { port: 'grpc' }, initialDelaySeconds: 10, periodSeconds: 10 });
    expect(main.livenessProbe).toBeUndefined();
    expect(main.resources).toEqual({ requests: { cpu: '1', memory: '1408Mi' }, limits: { memory: '1408Mi' } });
    expect(main.volumeMounts).toContainEqual({ name: 'spark-conf', mountPath: '/etc/spark/conf', readOnly: true });
    expect(main.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    expect(pod.automountServiceAccountToken).toBe(true);
    expect(pod.serviceAccountName).toBe('connect-server');
    expect(pod.securityContext).toMatchObject({ runAsUser: 185, runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(Object.keys(deployment.spec.template.metadata.annotations)).toEqual(['spark.cdk8s.io/config-checksum']);
    expect(deployment.spec.template.metadata.annotations['spark.cdk8s.io/config-checksum']).toMatch(/^[0-9a-f]{64}$/);

    expect(confOf(docs)).toEqual({
      'spark.app.name': 'connect',
      'spark.blockManager.port': '7079',
      'spark.connect.grpc.binding.port': '15002',
      'spark.driver.bindAddress': '0.0.0.0',
      'spark.driver.blockManager.port': '7079',
      'spark.driver.cores': '1',
      'spark.driver.host': 'connect-driver.spark-jobs.svc',
      'spark.driver.memory': '1g',
      'spark.driver.port': '7078',
      'spark.executor.cores': '1',
      'spark.executor.instances': '1',
      'spark.executor.memory': '1g',
      'spark.kubernetes.authenticate.executor.serviceAccountName': 'connect-server',
      'spark.kubernetes.container.image': 'apache/spark:4.0.4',
      'spark.kubernetes.container.image.pullPolicy': 'IfNotPresent',
      'spark.kubernetes.executor.podNamePrefix': 'connect',
      'spark.kubernetes.executor.podTemplateContainerName': 'spark-kubernetes-executor',
      'spark.kubernetes.executor.podTemplateFile': '/etc/spark/conf/executor-pod-template.json',
      'spark.kubernetes.namespace': 'spark-jobs',
      'spark.local.dir': '/var/data/spark-local-dir-1',
      'spark.master': 'k8s://https://kubernetes.default.svc',
      'spark.submit.deployMode': 'client',
      'spark.ui.killEnabled': 'false',
      'spark.ui.port': '4040',
    });

    // Executors: the shared hardened renderer, no service-account token, labels the policies select.
    const template = executorTemplateOf(docs);
    expect(template.metadata.labels).toEqual({ 'app.kubernetes.io/instance': 'connect', 'app.kubernetes.io/name': 'spark-connect', 'spark-role': 'executor' });
    expect(template.spec.automountServiceAccountToken).toBe(false);
    expect(template.spec.securityContext.runAsUser).toBe(185);
    expect(template.spec.containers[0].name).toBe('spark-kubernetes-executor');
    expect(template.spec.containers[0].securityContext.readOnlyRootFilesystem).toBe(true);

    // A headless Service selecting only the server pod, published before the pod is ready.
    const headless = findObject(docs, 'Service', 'connect-driver');
    expect(headless.spec.clusterIP).toBe('None');
    expect(headless.spec.publishNotReadyAddresses).toBe(true);
    expect(headless.spec.selector).toEqual(deployment.spec.selector.matchLabels);
    expect(headless.spec.selector['spark-role']).toBe('driver');
    expect(headless.spec.ports.map((p: any) => [p.name, p.port])).toEqual([['driver-rpc', 7078], ['blockmanager', 7079]]);
    const client = findObject(docs, 'Service', 'connect');
    expect(client.spec.type).toBe('ClusterIP');
    expect(client.spec.ports.map((p: any) => [p.name, p.port])).toEqual([['grpc', 15002], ['spark-ui', 4040]]);

    // Only the server's namespace reaches gRPC, nobody the UI (its own allow list, H2); executors reach the driver ports.
    const policy = findObject(docs, 'NetworkPolicy', 'connect-driver');
    expect(policy.spec.policyTypes).toEqual(['Ingress']);
    expect(policy.spec.ingress).toEqual([
      { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'spark-jobs' } } }], ports: [{ protocol: 'TCP', port: 15002 }] },
      { from: [{ podSelector: { matchLabels: template.metadata.labels } }], ports: [{ protocol: 'TCP', port: 7078 }, { protocol: 'TCP', port: 7079 }] },
    ]);
    const executorPolicy = findObject(docs, 'NetworkPolicy', 'connect-executors');
    expect(executorPolicy.spec.podSelector.matchLabels).toEqual(template.metadata.labels);
    expect(executorPolicy.spec.ingress).toEqual([{
      from: [{ podSelector: { matchLabels: deployment.spec.selector.matchLabels } }, { podSelector: { matchLabels: template.metadata.labels } }],
      // The block manager only: executors bind no RPC server (their RpcEnv is client-mode).
      ports: [{ protocol: 'TCP', port: 7079 }],
    }]);

    // The driver Role: exactly what running executors needs, no networkpolicies (client mode).
    const role = findObject(docs, 'Role');
    expect(role.rules.flatMap((r: any) => r.resources).sort()).toEqual(['configmaps', 'persistentvolumeclaims', 'pods', 'services']);
    expect(findObjects(docs, 'Ingress')).toHaveLength(0);
    expect(findObjects(docs, 'GRPCRoute')).toHaveLength(0);
  });

  test('a team server with a token, restricted clients, dynamic allocation, S3A and an event log', () => {
    const docs = synthChartValid((chart) => {
      const s3a = new S3a({ credentials: Secret.fromSecretName(chart, 'S3', 's3-credentials'), endpoint: 'http://minio.storage:9000', pathStyleAccess: true });
      new SparkConnectServer(chart, 'Connect', {
        name: 'analytics',
        authenticationSecret: { secret: Secret.fromSecretName(chart, 'Token', 'connect-token'), key: 'token' },
        allowFrom: [NetworkPeer.namespace('notebooks'), NetworkPeer.podsInNamespace('airflow', { app: 'airflow-worker' })],
        dynamicAllocation: { minExecutors: 0, maxExecutors: 8, shuffleTrackingTimeout: Duration.minutes(10) },
        server: { memory: Size.gibibytes(4), cores: 2 },
        executor: { memory: Size.gibibytes(8), cores: 4 },
        s3a,
        eventLog: EventLog.toUrl('s3a://spark-logs/events', { s3a }),
        sparkConf: { 'spark.scheduler.mode': 'FAIR' },
      });
    });
    const main = mainOf(docs);
    expect(main.env).toContainEqual({ name: 'SPARK_CONNECT_AUTHENTICATE_TOKEN', valueFrom: { secretKeyRef: { name: 'connect-token', key: 'token' } } });
    expect(findObject(docs, 'Deployment').metadata.annotations).toBeUndefined();
    expect(Object.keys(findObject(docs, 'Deployment').spec.template.metadata.annotations)).toEqual(['spark.cdk8s.io/config-checksum']);
    const conf = confOf(docs);
    expect(conf).toMatchObject({
      'spark.dynamicAllocation.enabled': 'true',
      'spark.dynamicAllocation.minExecutors': '0',
      'spark.dynamicAllocation.maxExecutors': '8',
      'spark.dynamicAllocation.shuffleTracking.enabled': 'true',
      'spark.dynamicAllocation.shuffleTracking.timeout': '600000ms',
      'spark.eventLog.enabled': 'true',
      'spark.eventLog.dir': 's3a://spark-logs/events',
      'spark.hadoop.fs.s3a.endpoint': 'http://minio.storage:9000',
      'spark.scheduler.mode': 'FAIR',
      'spark.driver.memory': '4g',
      'spark.executor.memory': '8g',
      'spark.executor.cores': '4',
    });
    expect(conf['spark.executor.instances']).toBeUndefined();
    expect(Object.values(conf).join(' ')).not.toMatch(/secret/i);
    // S3A credentials reach server and executors as secretKeyRef env.
    const s3aEnv = main.env.filter((e: any) => e.valueFrom?.secretKeyRef?.name === 's3-credentials');
    expect(s3aEnv.length).toBeGreaterThan(0);
    expect(executorTemplateOf(docs).spec.containers[0].env).toEqual(s3aEnv);
    expect(findObject(docs, 'NetworkPolicy', 'analytics-driver').spec.ingress[0].from).toEqual([
      { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'notebooks' } } },
      { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'airflow' } }, podSelector: { matchLabels: { app: 'airflow-worker' } } },
    ]);
    expect(forSnapshot(docs)).toMatchSnapshot();
  });

  test('Spark 3.5 fetches the Connect package into a writable Ivy directory', () => {
    // Spark 3.5 has no token authentication: the server runs with the recorded opt-out.
    const docs = server({ sparkVersion: SparkVersion.V3_5_8, authenticationSecret: undefined, securityOptOuts: [SecurityOptOut.UNAUTHENTICATED_CONNECT] });
    const conf = confOf(docs);
    expect(conf['spark.jars.packages']).toBe('org.apache.spark:spark-connect_2.12:3.5.8');
    expect(conf['spark.jars.ivy']).toBe('/tmp/.ivy2');
    expect(mainOf(docs).image).toBe('apache/spark:3.5.8');
  });

  test('Spark 4.x needs no extra package', () => {
    const conf = confOf(server({ sparkVersion: SparkVersion.V4_1_3 }));
    expect(conf['spark.jars.packages']).toBeUndefined();
    expect(conf['spark.jars.ivy']).toBeUndefined();
  });

  test('a configuration change restarts the server (checksum annotation)', () => {
    const checksum = (docs: any[]) => findObject(docs, 'Deployment').spec.template.metadata.annotations['spark.cdk8s.io/config-checksum'];
    const a = checksum(server({ sparkConf: { 'spark.sql.shuffle.partitions': '8' } }));
    const again = checksum(server({ sparkConf: { 'spark.sql.shuffle.partitions': '8' } }));
    const b = checksum(server({ sparkConf: { 'spark.sql.shuffle.partitions': '16' } }));
    const c = checksum(server({ executor: { labels: { team: 'bi' } } }));
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(a).toBe(again);
    expect(a).not.toBe(b);
    expect(a).not.toBe(c);
  });

  test('executor count, resources, images, java options and pod settings', () => {
    const docs = server({
      image: 'registry.example.com/spark:4.0.4-team',
      server: { cores: 2, memory: Size.gibibytes(2), javaOptions: '-XX:+UseG1GC', nodeSelector: { pool: 'system' } },
      executor: {
        instances: 3,
        cores: 2,
        memory: Size.gibibytes(6),
        memoryOverhead: Size.gibibytes(1),
        image: 'registry.example.com/spark:4.0.4-gpu',
        javaOptions: '-XX:+UseZGC',
        gpu: { amount: 1 },
        tolerations: [{ key: 'gpu', operator: 'Exists' as any, effect: 'NoSchedule' as any }],
      },
    });
    const conf = confOf(docs);
    expect(conf).toMatchObject({
      'spark.executor.instances': '3',
      'spark.executor.cores': '2',
      'spark.executor.memory': '6g',
      'spark.executor.memoryOverhead': '1g',
      'spark.driver.extraJavaOptions': '-XX:+UseG1GC',
      'spark.executor.extraJavaOptions': '-XX:+UseZGC',
      'spark.kubernetes.container.image': 'registry.example.com/spark:4.0.4-team',
      'spark.kubernetes.executor.container.image': 'registry.example.com/spark:4.0.4-gpu',
      'spark.executor.resource.gpu.amount': '1',
      'spark.executor.resource.gpu.vendor': 'nvidia.com',
    });
    const main = mainOf(docs);
    expect(main.image).toBe('registry.example.com/spark:4.0.4-team');
    expect(main.resources).toEqual({ requests: { cpu: '2', memory: '2432Mi' }, limits: { memory: '2432Mi' } });
    expect(findObject(docs, 'Deployment').spec.template.spec.nodeSelector).toEqual({ pool: 'system' });
    expect(executorTemplateOf(docs).spec.tolerations).toEqual([{ key: 'gpu', operator: 'Exists', effect: 'NoSchedule' }]);
  });

  test('ports can be moved', () => {
    let url = '';
    const docs = server({ ports: { grpc: 15010, ui: 4050, driver: 7090, blockManager: 7091 } }, (s) => url = s.connectUrl);
    expect(url).toBe('sc://connect.spark-jobs.svc:15010');
    expect(confOf(docs)).toMatchObject({
      'spark.connect.grpc.binding.port': '15010', 'spark.ui.port': '4050', 'spark.driver.port': '7090', 'spark.driver.blockManager.port': '7091',
    });
    expect(findObject(docs, 'Service', 'connect').spec.ports.map((p: any) => p.port)).toEqual([15010, 4050]);
    expect(findObject(docs, 'Service', 'connect-driver').spec.ports.map((p: any) => p.port)).toEqual([7090, 7091]);
  });

  test('an event log on a volume is mounted on the server', () => {
    const docs = synthChartValid((chart) => {
      new SparkConnectServer(chart, 'Connect', {
        name: 'connect',
        authenticationSecret: token(chart),
        eventLog: EventLog.onVolume(SparkVolume.fromPersistentVolumeClaim(PersistentVolumeClaim.fromClaimName(chart, 'Logs', 'spark-logs'))),
      });
    });
    const pod = findObject(docs, 'Deployment').spec.template.spec;
    expect(pod.volumes.some((v: any) => v.persistentVolumeClaim?.claimName === 'spark-logs')).toBe(true);
    expect(confOf(docs)['spark.eventLog.enabled']).toBe('true');
  });

  test('runs as the driver account of a job namespace', () => {
    const docs = synthChartValid((chart) => {
      const jobs = new SparkDriverRbac(chart, 'Jobs', { namespace: 'spark-jobs', clusterMode: false, name: 'spark-driver' });
      new SparkConnectServer(chart, 'Connect', { name: 'connect', jobNamespace: jobs, authenticationSecret: token(chart) });
    });
    expect(findObjects(docs, 'ServiceAccount').map((s) => s.metadata.name)).toEqual(['spark-driver']);
    expect(findObject(docs, 'Deployment').spec.template.spec.serviceAccountName).toBe('spark-driver');
    expect(confOf(docs)['spark.kubernetes.authenticate.executor.serviceAccountName']).toBe('spark-driver');
  });

  test('exposure through an Ingress or a GRPCRoute', () => {
    const docs = server({
      allowFrom: [NetworkPeer.namespace('ingress-nginx'), NetworkPeer.namespace('gateways')],
      ingress: { host: 'spark.example.com', tls: { secret: Secret.fromSecretName(REFS, 'Tls', 'spark-tls') }, ingressClassName: 'nginx' },
      grpcRoute: { gatewayName: 'edge', gatewayNamespace: 'gateways', hostnames: ['connect.example.com'] },
    });
    const ingress = findObject(docs, 'Ingress');
    expect(ingress.spec).toEqual({
      ingressClassName: 'nginx',
      tls: [{ hosts: ['spark.example.com'], secretName: 'spark-tls' }],
      rules: [{ host: 'spark.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'connect', port: { name: 'grpc' } } } }] } }],
    });
    expect(ingress.metadata.annotations).toEqual({ 'nginx.ingress.kubernetes.io/backend-protocol': 'GRPC' });
    const route = findObject(docs, 'GRPCRoute');
    expect(route.apiVersion).toBe('gateway.networking.k8s.io/v1');
    expect(route.spec).toEqual({
      parentRefs: [{ name: 'edge', namespace: 'gateways' }],
      hostnames: ['connect.example.com'],
      rules: [{ backendRefs: [{ name: 'connect', port: 15002 }] }],
    });
  });

  test('zero executors are allowed, as on the operator\'s SparkConnect (a server that only plans, or scales later)', () => {
    expect(confOf(server({ executor: { instances: 0 } }))['spark.executor.instances']).toBe('0');
  });

  test('the Ingress keeps the gRPC backend annotation beside the user\'s, and checks its hosts', () => {
    const docs = server({
      allowFrom: [NetworkPeer.namespace('ingress-nginx')],
      ingress: { host: 'spark.example.com', annotations: { 'nginx.ingress.kubernetes.io/proxy-read-timeout': '3600' } },
    });
    expect(findObject(docs, 'Ingress').metadata.annotations).toEqual({
      'nginx.ingress.kubernetes.io/backend-protocol': 'GRPC',
      'nginx.ingress.kubernetes.io/proxy-read-timeout': '3600',
    });
    const peers = [NetworkPeer.namespace('ingress-nginx')];
    expect(errorOf({ allowFrom: peers, ingress: { host: 'spark.example.com', annotations: { 'nginx.ingress.kubernetes.io/backend-protocol': 'HTTP' } } }))
      .toBe('[test/Connect] \'ingress.annotations.nginx.ingress.kubernetes.io/backend-protocol\' must be \'GRPC\': the server needs it behind the Ingress, got \'HTTP\'; remove it (it is set for you)');
    expect(errorOf({ allowFrom: peers, ingress: { host: 'spark.example.com', tls: { secret: Secret.fromSecretName(REFS, 'Tls2', 't'), hosts: [] } } }))
      .toBe('[test/Connect] \'ingress.tls.hosts\' must name at least one host, got []; leave it unset to use \'ingress.host\'');
    expect(errorOf({ allowFrom: peers, ingress: { host: 'spark.example.com', tls: { secret: Secret.fromSecretName(REFS, 'Tls3', 't'), hosts: ['Not A Host'] } } }))
      .toBe('[test/Connect] \'ingress.tls.hosts[0]\' must be a DNS name, got \'Not A Host\'; use e.g. \'spark-connect.example.com\'');
  });

  test('the NetworkPolicy can be switched off', () => {
    expect(findObjects(server({ networkPolicy: false }), 'NetworkPolicy')).toHaveLength(0);
  });

  test('JSON patches apply', () => {
    const docs = server({}, (s) => ApiObject.of(s).addJsonPatch(JsonPatch.add('/spec/progressDeadlineSeconds', 900)));
    expect(findObject(docs, 'Deployment').spec.progressDeadlineSeconds).toBe(900);
  });

  describe('bad input', () => {
    test.each<[string, SparkConnectServerProps, string]>([
      ['fails on more than one replica', { replicas: 2 },
        '[test/Connect] \'replicas\' must be 1: a Connect server is one driver that holds every session, got 2; run one server per team or workload instead'],
      ['fails on the token as a literal configuration value', { sparkConf: { 'spark.connect.authenticate.token': 's3cr3t' } },
        '[test/Connect] \'sparkConf.spark.connect.authenticate.token\' sets \'spark.connect.authenticate.token\', which \'authenticationSecret\' owns, got \'<redacted>\'; remove it and use \'authenticationSecret\''],
      ['fails on the token as a literal environment variable', {
        authenticationSecret: undefined,
        securityOptOuts: [SecurityOptOut.UNAUTHENTICATED_CONNECT],
        server: { env: { SPARK_CONNECT_AUTHENTICATE_TOKEN: EnvValue.fromValue('s3cr3t') } },
      },
      '[test/Connect] \'server.env.SPARK_CONNECT_AUTHENTICATE_TOKEN\' holds secret material as a literal value, readable by anyone who can get pods, got \'<redacted>\'; store it in a Secret and use EnvValue.fromSecretValue({ secret, key })'],
      ['fails on Spark below 3.5', { sparkVersion: SparkVersion.of('3.4.4') },
        '[test/Connect] \'sparkVersion\' must be at least 3.5.0, because Spark Connect exists from Spark 3.5, got \'3.4.4\'; use SparkVersion.V3_5_8 or later'],
      ['fails on colliding gRPC and UI ports', { ports: { ui: 15002 } },
        '[test/Connect] \'ports.ui\' collides with \'ports.grpc\', got 15002; give gRPC, UI, driver and block manager their own ports'],
      ['fails on colliding UI and driver ports', { ports: { ui: 7078 } },
        '[test/Connect] \'ports.driver\' collides with \'ports.ui\', got 7078; give gRPC, UI, driver and block manager their own ports'],
      ['fails on colliding driver and block manager ports', { ports: { blockManager: 7078 } },
        '[test/Connect] \'ports.blockManager\' collides with \'ports.driver\', got 7078; give gRPC, UI, driver and block manager their own ports'],
      ['fails on a privileged port', { ports: { grpc: 443 } },
        '[test/Connect] \'ports.grpc\' must be at least 1024, got 443; use a port from 1024 to 65535 (the server runs as non-root)'],
      ['fails on a port above 65535', { ports: { ui: 70000 } },
        '[test/Connect] \'ports.ui\' must be at most 65535, got 70000; pick a free port'],
      ['fails on a name too long for the executor prefix and the derived Service names', { name: 'c'.repeat(48) },
        `[test/Connect] 'name' must be at most 47 characters because Spark limits the executor pod-name prefix (the server's name) to 47 characters, got '${'c'.repeat(48)}'; shorten it by 1 character`],
      ['fails on invalid executor memory', { executor: { memory: Size.kibibytes(512) } },
        '[test/Connect] \'executor.memory\' must be at least 1 MiB, got \'512k\'; give Spark a realistic heap such as Size.mebibytes(512)'],
      ['fails on zero executor cores', { executor: { cores: 0 } },
        '[test/Connect] \'executor.cores\' must be at least 1, got 0; give whole cores (use \'coreRequest\' for a fractional CPU request)'],
      ['fails on negative executors', { executor: { instances: -1 } },
        '[test/Connect] \'executor.instances\' must be at least 0, got -1; use 0 or more (0 starts the server without executors), '
        + 'or remove it and set \'dynamicAllocation\' to let Spark size the executors'],
      ['fails on executors both fixed and dynamic', { executor: { instances: 2 }, dynamicAllocation: { maxExecutors: 4 } },
        '[test/Connect] \'executor.instances\' cannot be combined with \'dynamicAllocation\', got 2; remove it and set \'dynamicAllocation.initialExecutors\''],
      ['fails on dynamic-allocation bounds', { dynamicAllocation: { minExecutors: 4, maxExecutors: 2 } },
        '[test/Connect] \'dynamicAllocation.minExecutors\' must not exceed maxExecutors (2), got 4; lower it to 2 or raise maxExecutors'],
      ['fails on an initial executor count outside the bounds', { dynamicAllocation: { minExecutors: 1, initialExecutors: 9, maxExecutors: 4 } },
        '[test/Connect] \'dynamicAllocation.initialExecutors\' must lie within [minExecutors, maxExecutors] = [1, 4], got 9; pick a value in that range or leave it unset'],
      ['fails on an empty peer selector', { allowFrom: [NetworkPeer.pods({})] },
        '[test/Connect] \'allowFrom[0]\' selects every pod (an empty label selector) although the NetworkPolicy is meant to restrict access, got {}; name the client pods\' labels, or use NetworkPeer.namespace(name) to admit a whole namespace'],
      ['fails on an empty peer selector in another namespace', { allowFrom: [NetworkPeer.namespace('notebooks'), NetworkPeer.podsInNamespace('airflow', {})] },
        '[test/Connect] \'allowFrom[1]\' selects every pod (an empty label selector) although the NetworkPolicy is meant to restrict access, got {}; name the client pods\' labels, or use NetworkPeer.namespace(name) to admit a whole namespace'],
      ['fails on an empty peer list (a rule without peers admits everyone)', { allowFrom: [] },
        '[test/Connect] \'allowFrom\' is empty, and a NetworkPolicy rule without peers admits every source, got []; name the clients (NetworkPeer.namespace(name), .pods(labels), .podsInNamespace(name, labels)), or remove it to admit the server\'s own namespace'],
      ['fails on an invalid peer namespace', { allowFrom: [NetworkPeer.namespace('Notebooks')] },
        '[test/Connect] \'allowFrom[0].namespace\' must be a DNS-1123 label (at most 63 lower-case letters, digits and \'-\', starting and ending with a letter or digit), got \'Notebooks\'; use a name such as \'notebooks\''],
      ['fails on peers without the NetworkPolicy', { networkPolicy: false, allowFrom: [NetworkPeer.namespace('notebooks')] },
        '[test/Connect] \'allowFrom\' needs the NetworkPolicy, got [{"namespace":"notebooks"}]; remove \'networkPolicy: false\' or \'allowFrom\''],
      ['fails on an Ingress the NetworkPolicy would block', { ingress: { host: 'spark.example.com' } },
        '[test/Connect] \'allowFrom\' must admit the ingress controller when \'ingress\' is set: by default only the server\'s own namespace may connect, got nothing; add NetworkPeer.namespace(\'<namespace of the ingress controller>\') to \'allowFrom\''],
      ['fails on a GRPCRoute the NetworkPolicy would block', { grpcRoute: { gatewayName: 'edge' } },
        '[test/Connect] \'allowFrom\' must admit the Gateway\'s proxy when \'grpcRoute\' is set: by default only the server\'s own namespace may connect, got nothing; add NetworkPeer.namespace(\'<namespace of the Gateway\'s proxy>\') to \'allowFrom\''],
      ['fails on GPUs for the server', { server: { gpu: { amount: 1 } } },
        '[test/Connect] \'server.gpu\' is not supported: the Connect server schedules tasks but runs none, got 1; request GPUs for the executors with \'executor.gpu\''],
      ['fails on a latest executor image', { executor: { image: 'apache/spark:latest' } },
        '[test/Connect] \'executor.image\' must not use the \'latest\' tag (it changes under a running job and defeats IfNotPresent), got \'apache/spark:latest\'; pin a version, e.g. \'apache/spark:4.0.4\''],
    ])('%s', (_name, props, message) => {
      expect(errorOf(props)).toContain(message);
    });

    test('fails on token authentication with Spark 3.5', () => {
      expect(errorOf({ sparkVersion: SparkVersion.V3_5_8 }, (chart) => ({ authenticationSecret: { secret: Secret.fromSecretName(chart, 'T', 't'), key: 'token' } }))).toContain('[test/Connect] \'authenticationSecret\' needs Spark 4.0 or later (token authentication does not exist in 3.5), got \'3.5.8\'; use SparkVersion.V4_0_4 or later, or put an authenticating proxy in front');
    });

    test('fails on the token as a Secret env var outside authenticationSecret', () => {
      expect(errorOf({}, (chart) => ({ server: { env: { SPARK_CONNECT_AUTHENTICATE_TOKEN: EnvValue.fromSecretValue({ secret: Secret.fromSecretName(chart, 'T', 't'), key: 'token' }) } } }))).toContain('[test/Connect] \'server.env.SPARK_CONNECT_AUTHENTICATE_TOKEN\' is set by \'authenticationSecret\', got \'<secret reference>\'; remove it from \'server.env\' and pass the Secret as \'authenticationSecret\' (it also checks the Spark version)');
    });
  });
});

describe('SparkConnectServer security opt-outs', () => {
  const NOTE = 'in \'securityOptOuts\' (recorded in the annotation spark.cdk8s.io/security-opt-outs)';
  const INGRESS = { host: 'spark.example.com' };
  const NGINX = [NetworkPeer.namespace('ingress-nginx')];
  const UNAUTHENTICATED = [SecurityOptOut.UNAUTHENTICATED_CONNECT];

  test.each<[string, SparkConnectServerProps, string]>([
    ['fails without a token', { authenticationSecret: undefined },
      '[test/Connect] \'authenticationSecret\' must be set: without a token, any client that reaches the server can run code on the cluster, got nothing; '
      + `pass the token's Secret key as 'authenticationSecret' ({ secret, key }), or accept the risk with SecurityOptOut.UNAUTHENTICATED_CONNECT ${NOTE}`],
    ['fails on an Ingress without a token', { authenticationSecret: undefined, securityOptOuts: UNAUTHENTICATED, allowFrom: NGINX, ingress: INGRESS },
      '[test/Connect] \'ingress\' publishes the server outside the cluster without authentication, so anyone who reaches it can run code on the cluster, '
      + `got 'spark.example.com'; pass the token's Secret key as 'authenticationSecret' ({ secret, key }), or accept the risk with SecurityOptOut.EXPOSED_CONNECT ${NOTE}`],
    ['fails on a GRPCRoute without a token', { authenticationSecret: undefined, securityOptOuts: UNAUTHENTICATED, allowFrom: NGINX, grpcRoute: { gatewayName: 'edge' } },
      '[test/Connect] \'grpcRoute\' publishes the server outside the cluster without authentication, so anyone who reaches it can run code on the cluster, '
      + `got 'edge'; pass the token's Secret key as 'authenticationSecret' ({ secret, key }), or accept the risk with SecurityOptOut.EXPOSED_CONNECT ${NOTE}`],
    ['fails on an Ingress with a token but without the NetworkPolicy', { networkPolicy: false, ingress: INGRESS },
      '[test/Connect] \'ingress\' publishes the server outside the cluster with \'networkPolicy: false\', so anyone who reaches it can run code on the cluster, '
      + `got 'spark.example.com'; remove 'networkPolicy: false', or accept the risk with SecurityOptOut.EXPOSED_CONNECT ${NOTE}`],
    ['fails on an Ingress with neither a token nor the NetworkPolicy', { authenticationSecret: undefined, securityOptOuts: UNAUTHENTICATED, networkPolicy: false, ingress: INGRESS },
      '[test/Connect] \'ingress\' publishes the server outside the cluster without authentication and with \'networkPolicy: false\', so anyone who reaches it can run code '
      + 'on the cluster, got \'spark.example.com\'; pass the token\'s Secret key as \'authenticationSecret\' ({ secret, key }), and remove \'networkPolicy: false\', '
      + `or accept the risk with SecurityOptOut.EXPOSED_CONNECT ${NOTE}`],
    ['fails on the exposed opt-out where nothing is exposed', { securityOptOuts: [SecurityOptOut.EXPOSED_CONNECT] },
      '[test/Connect] \'securityOptOuts[0]\' is SecurityOptOut.EXPOSED_CONNECT, but this construct does not take that risk, got \'exposed-connect\'; '
      + 'remove it, so the annotation records only the risks taken'],
    ['fails on an opt-out that is not a SecurityOptOut', { securityOptOuts: ['unauthenticated' as any] },
      '[test/Connect] \'securityOptOuts[0]\' must be a SecurityOptOut, got \'unauthenticated\'; use one of SecurityOptOut.DEFAULT_SERVICE_ACCOUNT, '
      + 'SecurityOptOut.UNAUTHENTICATED_CONNECT, SecurityOptOut.EXPOSED_CONNECT, SecurityOptOut.WEAKER_SIDECAR, SecurityOptOut.SENSITIVE_MOUNT, SecurityOptOut.SYSTEM_PRIORITY_CLASS'],
    ['fails on opt-outs given as a string', { securityOptOuts: 'unauthenticated-connect' as any },
      '[test/Connect] \'securityOptOuts\' must be a list of SecurityOptOut values, got \'unauthenticated-connect\'; use e.g. [SecurityOptOut.DEFAULT_SERVICE_ACCOUNT]'],
    ['fails on the reserved annotation', { annotations: { 'spark.cdk8s.io/security-opt-outs': 'none' } },
      '[test/Connect] \'annotations.spark.cdk8s.io/security-opt-outs\' is reserved for the library, which records the construct\'s security exceptions there, '
      + 'got \'none\'; remove it: list them in \'securityOptOuts\''],
  ])('%s', (_name, props, message) => {
    expect(errorOf(props)).toBe(message);
  });

  test('the old unauthenticated annotation is now the recorded opt-out, on the Deployment and the server pod', () => {
    const docs = server({ authenticationSecret: undefined, securityOptOuts: UNAUTHENTICATED });
    const deployment = findObject(docs, 'Deployment');
    expect(deployment.metadata.annotations).toEqual({ 'spark.cdk8s.io/security-opt-outs': 'unauthenticated-connect' });
    expect(deployment.spec.template.metadata.annotations['spark.cdk8s.io/security-opt-outs']).toBe('unauthenticated-connect');
    expect(deployment.spec.template.metadata.annotations['spark.cdk8s.io/unauthenticated']).toBeUndefined();
    expect(mainOf(docs).env.map((e: any) => e.name)).not.toContain('SPARK_CONNECT_AUTHENTICATE_TOKEN');
    // Executors take no Connect risk.
    expect(executorTemplateOf(docs).metadata.annotations).toBeUndefined();
  });

  test('an Ingress in front of a token-protected server behind its NetworkPolicy needs no opt-out', () => {
    const docs = server({ allowFrom: NGINX, ingress: INGRESS });
    expect(findObject(docs, 'Deployment').metadata.annotations).toBeUndefined();
    expect(findObjects(docs, 'NetworkPolicy')).toHaveLength(2);
  });

  test('an exposed server without a token or a NetworkPolicy runs with both opt-outs', () => {
    const docs = server({
      authenticationSecret: undefined,
      networkPolicy: false,
      ingress: INGRESS,
      securityOptOuts: [SecurityOptOut.EXPOSED_CONNECT, SecurityOptOut.UNAUTHENTICATED_CONNECT],
    });
    expect(findObject(docs, 'Deployment').metadata.annotations).toEqual({ 'spark.cdk8s.io/security-opt-outs': 'exposed-connect,unauthenticated-connect' });
    expect(findObjects(docs, 'NetworkPolicy')).toHaveLength(0);
  });
});

describe('SparkConnectServer props of the wrong type or shape', () => {
  test.each<[string, SparkConnectServerProps, string]>([
    ['the master through raw conf, which nobody set as a prop', { sparkConf: { 'spark.master': 'local[*]' } },
      '[test/Connect] \'sparkConf.spark.master\' sets \'spark.master\', which the client-mode recipe owns, got \'local[*]\'; remove it: the client-mode recipe sets it'],
    ['a NetworkPolicy switch given as a string', { networkPolicy: 'false' as any },
      '[test/Connect] \'networkPolicy\' must be true or false, got \'false\'; use false (a boolean, not a string)'],
    ['a namespace name instead of a peer', { allowFrom: ['notebooks' as any] },
      '[test/Connect] \'allowFrom[0]\' must be a NetworkPeer, got \'notebooks\'; use NetworkPeer.namespace(\'notebooks\')'],
    ['a single peer instead of a list', { allowFrom: NetworkPeer.namespace('notebooks') as any },
      '[test/Connect] \'allowFrom\' must be a list, got <NetworkPeer>; use e.g. [NetworkPeer.namespace(\'notebooks\')]'],
    ['a Gateway name that is not a name', { allowFrom: [NetworkPeer.namespace('gateways')], grpcRoute: { gatewayName: 'Edge Gateway' } },
      '[test/Connect] \'grpcRoute.gatewayName\' must be the name of a Gateway (a DNS-1123 subdomain), got \'Edge Gateway\'; use e.g. \'public-gateway\''],
    ['a Gateway namespace that is not a namespace', { allowFrom: [NetworkPeer.namespace('gateways')], grpcRoute: { gatewayName: 'edge', gatewayNamespace: 'Gateways' } },
      '[test/Connect] \'grpcRoute.gatewayNamespace\' must be a DNS-1123 label (at most 63 lower-case letters, digits and \'-\', starting and ending with a letter or digit), '
      + 'got \'Gateways\'; use a name such as \'gateways\''],
    ['a route hostname that is an address', { allowFrom: [NetworkPeer.namespace('gateways')], grpcRoute: { gatewayName: 'edge', hostnames: ['connect.example.com', '10.0.0.1'] } },
      '[test/Connect] \'grpcRoute.hostnames[1]\' must be a DNS name (optionally starting with \'*.\'), not an IP address, got \'10.0.0.1\'; use e.g. \'spark-connect.example.com\''],
    ['route hostnames given as a string', { allowFrom: [NetworkPeer.namespace('gateways')], grpcRoute: { gatewayName: 'edge', hostnames: 'connect.example.com' as any } },
      '[test/Connect] \'grpcRoute.hostnames\' must be a list of strings, got \'connect.example.com\'; wrap it in a list: [\'connect.example.com\']'],
  ])('fails on %s', (_name, props, message) => {
    expect(errorOf(props)).toBe(message);
  });

  test('a wildcard route hostname is a DNS name', () => {
    const docs = server({ allowFrom: [NetworkPeer.namespace('gateways')], grpcRoute: { gatewayName: 'edge', hostnames: ['*.example.com'] } });
    expect(findObject(docs, 'GRPCRoute').spec.hostnames).toEqual(['*.example.com']);
  });
});

describe('SparkConnectServer on a standalone cluster', () => {
  test('executors run in the workers: no RBAC, no token, the cluster\'s master, version and RPC security', () => {
    const docs = synthChartValid((chart) => {
      const cluster = new SparkStandaloneCluster(chart, 'Cluster', {
        name: 'prod',
        sparkVersion: SparkVersion.V4_1_3,
        worker: { replicas: 2 },
        authenticationSecret: { secret: Secret.fromSecretName(chart, 'Rpc', 'spark-rpc'), key: 'secret' },
        networkEncryption: true,
      });
      new SparkConnectServer(chart, 'Connect', { name: 'connect', master: cluster, executor: { instances: 2, cores: 2 }, authenticationSecret: token(chart) });
    });
    const deployment = findObject(docs, 'Deployment', 'connect');
    const pod = deployment.spec.template.spec;
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.serviceAccountName).toBeUndefined();
    expect(pod.containers[0].image).toBe('apache/spark:4.1.3');
    // The RPC secret stays off the command line: Spark reads _SPARK_AUTH_SECRET first, the conf key only has to be present.
    expect(pod.containers[0].args).toEqual(['--class', 'org.apache.spark.sql.connect.service.SparkConnectServer', '--conf', 'spark.authenticate.secret=${env:_SPARK_AUTH_SECRET}']);
    expect(pod.containers[0].env).toContainEqual({ name: '_SPARK_AUTH_SECRET', valueFrom: { secretKeyRef: { name: 'spark-rpc', key: 'secret' } } });
    expect(findObjects(docs, 'Role').filter((r) => r.metadata.name.startsWith('connect'))).toHaveLength(0);
    const conf = findObject(docs, 'ConfigMap', 'connect-conf');
    expect(Object.keys(conf.data)).toEqual(['spark-defaults.conf']);
    const text: string = conf.data['spark-defaults.conf'];
    expect(text).toContain('spark.master spark://prod-master.spark-jobs.svc:7077\n');
    expect(text).toContain('spark.authenticate true\n');
    expect(text).toContain('spark.network.crypto.cipher AES/GCM/NoPadding\n');
    expect(text).toContain('spark.cores.max 4\n');
    expect(text).not.toContain('spark.kubernetes.');
    expect(text).not.toContain('spark.authenticate.secret ');
    expect(findObjects(docs, 'NetworkPolicy').map((p) => p.metadata.name)).toEqual(['connect-driver']);
  });

  test('fails on executor pod settings with a standalone master', () => {
    const chart = new Chart(Testing.app(), 'test', { namespace: 'spark-jobs' });
    const cluster = new SparkStandaloneCluster(chart, 'Cluster', { name: 'prod', authenticationSecret: { secret: Secret.fromSecretName(chart, 'Rpc', 'spark-rpc'), key: 'secret' } });
    expect(() => new SparkConnectServer(chart, 'Connect', { name: 'connect', master: cluster, executor: { tolerations: [{ operator: 'Exists' }] } }))
      .toThrow('[test/Connect] \'executor\' sets pod settings, which need pod templates and so the Kubernetes master (standalone executors run inside the worker pods), got [\'tolerations\']; remove \'master\', or set them on the SparkStandaloneCluster\'s pods');
  });
});

/** Issue "It runs": the server starts on the stock image, its UI has its own allow list, and its addresses work on any cluster domain. */
describe('SparkConnectServer: it runs (issue "It runs")', () => {
  test('the example starts on the stock image: S3A\'s package for Spark 4.0 comes with the event log on S3 (D1)', () => {
    const docs = synthValid((app) => connectServerExample(app));
    const conf = confOf(docs);
    expect(findObject(docs, 'Deployment').spec.template.spec.containers[0].image).toBe('apache/spark:4.0.4');
    expect(conf['spark.eventLog.dir']).toBe('s3a://spark-logs/events');
    expect(conf['spark.jars.packages']).toBe('org.apache.hadoop:hadoop-aws:3.4.1');
    expect(conf['spark.jars.ivy']).toBe('/tmp/.ivy2');
    // The Ivy cache is on the /tmp emptyDir of the read-only root.
    expect(findObject(docs, 'Deployment').spec.template.spec.volumes).toContainEqual({ name: 'tmp', emptyDir: {} });
    // Token clients use TLS (D12): the example publishes the server through a TLS Ingress and admits only the ingress controller.
    expect(findObject(docs, 'Ingress').spec.tls).toEqual([{ hosts: ['spark-connect.example.com'], secretName: 'spark-connect-tls' }]);
  });

  test('driver host and client URL name no cluster domain (D4)', () => {
    let url = '';
    const docs = server({}, (s) => url = s.connectUrl);
    expect(url).toBe('sc://connect.spark-jobs.svc:15002');
    expect(confOf(docs)['spark.driver.host']).toBe('connect-driver.spark-jobs.svc');
    expect(JSON.stringify(docs)).not.toContain('cluster.local');
  });

  test('the UI (4040) has its own allow list, separate from the gRPC clients (H2)', () => {
    const docs = server({
      allowFrom: [NetworkPeer.namespace('notebooks')],
      uiAllowFrom: [NetworkPeer.podsInNamespace('monitoring', { app: 'spark-ui-proxy' })],
    });
    expect(findObject(docs, 'NetworkPolicy', 'connect-driver').spec.ingress.slice(0, 2)).toEqual([
      { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'notebooks' } } }], ports: [{ protocol: 'TCP', port: 15002 }] },
      {
        from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } }, podSelector: { matchLabels: { app: 'spark-ui-proxy' } } }],
        ports: [{ protocol: 'TCP', port: 4040 }],
      },
    ]);
  });

  test('by default nobody reaches the UI through the network, and its kill links are off', () => {
    const docs = server();
    const policy = findObject(docs, 'NetworkPolicy', 'connect-driver');
    expect(policy.spec.ingress.flatMap((r: any) => r.ports.map((p: any) => p.port))).not.toContain(4040);
    expect(confOf(docs)['spark.ui.killEnabled']).toBe('false');
    expect(confOf(server({ uiKillEnabled: true }))['spark.ui.killEnabled']).toBe('true');
  });

  test.each<[string, SparkConnectServerProps, string]>([
    ['an empty UI allow list', { uiAllowFrom: [] },
      '\'uiAllowFrom\' is empty, and a NetworkPolicy rule without peers admits every source, got []; name who may see the UI (NetworkPeer.namespace(name), .pods(labels)), '
      + 'or remove it to keep the UI closed'],
    ['a UI allow list without the NetworkPolicy', { networkPolicy: false, uiAllowFrom: [NetworkPeer.namespace('monitoring')] },
      '\'uiAllowFrom\' needs the NetworkPolicy, got [{"namespace":"monitoring"}]; remove \'networkPolicy: false\' or \'uiAllowFrom\''],
    ['a UI peer that selects every pod', { uiAllowFrom: [NetworkPeer.pods({})] },
      '\'uiAllowFrom[0]\' selects every pod (an empty label selector) although the NetworkPolicy is meant to restrict access, got {}; '
      + 'name the client pods\' labels, or use NetworkPeer.namespace(name) to admit a whole namespace'],
    ['a UI peer given as a string', { uiAllowFrom: ['monitoring' as any] },
      '\'uiAllowFrom[0]\' must be a NetworkPeer, got \'monitoring\'; use NetworkPeer.namespace(\'monitoring\')'],
    ['the kill switch through raw configuration', { sparkConf: { 'spark.ui.killEnabled': 'true' } },
      '\'sparkConf.spark.ui.killEnabled\' sets \'spark.ui.killEnabled\', which \'uiKillEnabled\' owns, got \'true\'; remove it and use \'uiKillEnabled\''],
  ])('fails on %s', (_what, props, message) => {
    expect(errorOf(props)).toBe(`[test/Connect] ${message}`);
  });
});
