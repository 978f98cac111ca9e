import { ApiObject, Chart, JsonPatch, Size, Testing } from 'cdk8s';
import { k8s, Secret } from 'cdk8s-plus-28';
import { ApplicationFile, SecurityOptOut, SparkStandaloneCluster, SparkStandaloneClusterProps, SparkSubmitJob, SparkVersion } from '../../src';
import { findObject, findObjects, synthChartValid, synthValid } from '../harness';
import { chartErrorOf } from '../harness/expect-error';

const auth = (chart: Chart) => ({ secret: Secret.fromSecretName(chart, 'Auth', 'spark-auth'), key: 'secret' });

/** A cluster with RPC authentication (the least a cluster needs) and these props. */
function cluster(props: SparkStandaloneClusterProps = {}): any[] {
  return synthChartValid((chart) => {
    new SparkStandaloneCluster(chart, 'Cluster', { name: 'spark', authenticationSecret: auth(chart), ...props });
  });
}

/** The message of the error an authenticated cluster with these props raises. */
function errorWith(props: SparkStandaloneClusterProps | ((chart: Chart) => SparkStandaloneClusterProps)): string {
  return chartErrorOf((chart) => {
    new SparkStandaloneCluster(chart, 'Cluster', { name: 'spark', authenticationSecret: auth(chart), ...(typeof props === 'function' ? props(chart) : props) });
  });
}

function confOf(docs: any[], name = 'spark-conf'): { [key: string]: string } {
  const text: string = findObject(docs, 'ConfigMap', name).data['spark-defaults.conf'];
  return Object.fromEntries(text.trim().split('\n').map((l) => [l.slice(0, l.indexOf(' ')), l.slice(l.indexOf(' ') + 1)]));
}

const container = (docs: any[], kind: string, name: string) => findObject(docs, kind, name).spec.template.spec.containers[0];
const envOf = (c: any) => Object.fromEntries(c.env.map((e: any) => [e.name, e.value ?? e.valueFrom]));
const AUTH_REF = { secretKeyRef: { name: 'spark-auth', key: 'secret' } };
const OPT_OUTS = 'spark.cdk8s.io/security-opt-outs';
const testChart = () => new Chart(Testing.app(), 'test', { namespace: 'spark-jobs' });

const AUTH_NEEDED = "must be set for %s (a standalone cluster has no per-application secret: every daemon and application shares one), got nothing; create a Secret with a long random value and pass { secret: Secret.fromSecretName(this, 'Auth', 'spark-auth'), key: 'secret' }";

describe('SparkStandaloneCluster', () => {
  test('defaults, with the one required setting: RPC authentication', () => {
    const docs = cluster();
    expect(docs.map((d) => `${d.kind}/${d.metadata.name}`)).toEqual([
      'ConfigMap/spark-conf', 'Service/spark-master', 'StatefulSet/spark-master', 'Deployment/spark-worker',
    ]);
    const master = findObject(docs, 'StatefulSet', 'spark-master');
    expect(master.spec.replicas).toBe(1);
    expect(master.spec.serviceName).toBe('spark-master');
    const m = container(docs, 'StatefulSet', 'spark-master');
    expect(m.image).toBe('apache/spark:4.0.4');
    expect(m.imagePullPolicy).toBe('IfNotPresent');
    // The JVM runs as PID 1 (spark-class ends in exec), so it gets SIGTERM.
    expect(m.command).toEqual(['/opt/spark/bin/spark-class', 'org.apache.spark.deploy.master.Master']);
    expect(m.args).toBeUndefined();
    expect(m.ports.map((p: any) => [p.name, p.containerPort])).toEqual([['rpc', 7077], ['http', 8080]]);
    expect(m.resources).toEqual({ requests: { cpu: '500m', memory: '1408Mi' }, limits: { memory: '1408Mi' } });
    expect(m.readinessProbe).toEqual({ tcpSocket: { port: 'rpc' }, initialDelaySeconds: 5, periodSeconds: 10 });
    expect(m.livenessProbe).toEqual({ httpGet: { path: '/', port: 'http' }, initialDelaySeconds: 30, periodSeconds: 30 });
    expect(envOf(m)).toEqual({
      SPARK_NO_DAEMONIZE: 'true',
      SPARK_CONF_DIR: '/etc/spark/conf',
      SPARK_LOG_DIR: '/tmp/spark-logs',
      SPARK_LOCAL_HOSTNAME: { fieldRef: { fieldPath: 'status.podIP' } },
      SPARK_DAEMON_MEMORY: '1g',
      _SPARK_AUTH_SECRET: AUTH_REF,
      SPARK_MASTER_HOST: { fieldRef: { fieldPath: 'status.podIP' } },
      SPARK_MASTER_PORT: '7077',
      SPARK_MASTER_WEBUI_PORT: '8080',
    });
    expect(master.metadata.annotations).toBeUndefined();
    const service = findObject(docs, 'Service', 'spark-master');
    expect(service.spec.type).toBe('ClusterIP');
    expect(service.spec.ports.map((p: any) => [p.name, p.port])).toEqual([['rpc', 7077], ['http', 8080]]);
    expect(service.spec.selector).toEqual(master.spec.selector.matchLabels);
    expect(master.spec.selector.matchLabels).toEqual({
      'app.kubernetes.io/name': 'spark-standalone', 'app.kubernetes.io/instance': 'spark', 'app.kubernetes.io/component': 'master',
    });

    const workers = findObject(docs, 'Deployment', 'spark-worker');
    expect(workers.spec.replicas).toBe(1);
    expect(workers.spec.selector.matchLabels['app.kubernetes.io/component']).toBe('worker');
    const w = container(docs, 'Deployment', 'spark-worker');
    expect(w.command).toEqual(['/opt/spark/bin/spark-class', 'org.apache.spark.deploy.worker.Worker']);
    expect(w.args).toEqual(['spark://spark-master.spark-jobs.svc:7077']);
    expect(w.ports.map((p: any) => [p.name, p.containerPort])).toEqual([['http', 8081]]);
    expect(envOf(w)).toMatchObject({
      SPARK_WORKER_CORES: '1', SPARK_WORKER_MEMORY: '1g', SPARK_WORKER_WEBUI_PORT: '8081', SPARK_WORKER_DIR: '/opt/spark/work-dir', SPARK_LOCAL_DIRS: '/var/data/spark-local-dir-1',
    });
    // 1g executors + 1g daemon + max(10 %, 384 MiB) overhead
    expect(w.resources).toEqual({ requests: { cpu: '1', memory: '2432Mi' }, limits: { memory: '2432Mi' } });
    expect(workers.spec.template.spec.volumes).toContainEqual({ name: 'spark-local-dir-1', emptyDir: {} });
    expect(master.spec.template.spec.volumes.map((v: any) => v.name)).not.toContain('spark-local-dir-1');
    for (const pod of [master.spec.template, workers.spec.template]) {
      expect(pod.spec.automountServiceAccountToken).toBe(false);
      expect(pod.spec.serviceAccountName).toBeUndefined();
      expect(pod.spec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 185, seccompProfile: { type: 'RuntimeDefault' } });
      expect(pod.spec.containers[0].securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
      expect(pod.spec.volumes).toContainEqual({ name: 'spark-conf', configMap: { name: 'spark-conf' } });
      expect(pod.spec.containers[0].volumeMounts).toContainEqual({ name: 'spark-conf', mountPath: '/etc/spark/conf', readOnly: true });
      expect(pod.metadata.annotations['spark.cdk8s.io/config-checksum']).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(confOf(docs)).toEqual({
      'spark.authenticate': 'true',
      'spark.master.rest.enabled': 'false',
      'spark.master.rest.port': '6066',
      'spark.master.ui.port': '8080',
      // RPC authentication does not cover the UIs: the master UI may not kill applications and drivers.
      'spark.ui.killEnabled': 'false',
      'spark.worker.ui.port': '8081',
    });
    expect(w.readinessProbe).toEqual({ httpGet: { path: '/', port: 'http' }, initialDelaySeconds: 5, periodSeconds: 10 });
    expect(w.livenessProbe).toEqual({ httpGet: { path: '/', port: 'http' }, initialDelaySeconds: 30, periodSeconds: 30 });
    expect(findObjects(docs, 'HorizontalPodAutoscaler')).toHaveLength(0);
  });

  test('the name defaults to one derived from the construct path', () => {
    const docs = synthChartValid((chart) => {
      new SparkStandaloneCluster(chart, 'Cluster', { authenticationSecret: auth(chart) });
    });
    const name = findObject(docs, 'StatefulSet').metadata.name;
    expect(name).toMatch(/^test-cluster-c[0-9a-f]{7}-master$/);
    expect(findObject(docs, 'ConfigMap').metadata.name).toBe(name.replace(/-master$/, '-conf'));
  });

  test('exposes the master URL, the UI URL and its RPC settings', () => {
    const chart = new Chart(Testing.app(), 'test', { namespace: 'analytics' });
    const c = new SparkStandaloneCluster(chart, 'Cluster', { name: 'prod', authenticationSecret: auth(chart) });
    expect(c.name).toBe('prod');
    expect(c.namespace).toBe('analytics');
    expect(c.masterUrl).toBe('spark://prod-master.analytics.svc:7077');
    expect(c.masterUiUrl).toBe('http://prod-master.analytics.svc:8080');
    expect(c.sparkVersion).toBe(SparkVersion.V4_0_4);
    expect(c.authenticationSecret?.key).toBe('secret');
    expect(c.networkEncryption).toBe(false);
    expect(c.shuffleService).toBe(false);
  });

  test('ports and the smallest executor memory are static members', () => {
    expect(SparkStandaloneCluster.MASTER_PORT).toBe(7077);
    expect(SparkStandaloneCluster.MASTER_UI_PORT).toBe(8080);
    expect(SparkStandaloneCluster.REST_PORT).toBe(6066);
    expect(SparkStandaloneCluster.WORKER_UI_PORT).toBe(8081);
    expect(SparkStandaloneCluster.SHUFFLE_SERVICE_PORT).toBe(7337);
    expect(SparkStandaloneCluster.MIN_EXECUTOR_MEMORY.toMebibytes()).toBe(450);
  });

  test('the smallest executor memory is the least a worker may offer', () => {
    const docs = cluster({ worker: { memory: SparkStandaloneCluster.MIN_EXECUTOR_MEMORY } });
    expect(envOf(container(docs, 'Deployment', 'spark-worker')).SPARK_WORKER_MEMORY).toBe('450m');
    expect(errorWith({ worker: { memory: Size.mebibytes(449) } })).toBe(
      "[test/Cluster] 'worker.memory' must be at least 450m, the smallest executor heap Spark accepts (1.5 × 300 MiB reserved), got '449m'; use Size.mebibytes(512) or more");
  });

  test('worker pods are sized to the cores and memory they offer plus the daemon', () => {
    const docs = cluster({ worker: { replicas: 3, cores: 4, memory: Size.gibibytes(8) }, daemonMemory: Size.mebibytes(512) });
    expect(findObject(docs, 'Deployment', 'spark-worker').spec.replicas).toBe(3);
    const w = container(docs, 'Deployment', 'spark-worker');
    expect(envOf(w)).toMatchObject({ SPARK_WORKER_CORES: '4', SPARK_WORKER_MEMORY: '8g', SPARK_DAEMON_MEMORY: '512m' });
    // 8 GiB + 512 MiB = 8704 MiB, + 870 MiB overhead
    expect(w.resources).toEqual({ requests: { cpu: '4', memory: '9574Mi' }, limits: { memory: '9574Mi' } });
    // 512 MiB + 384 MiB minimum overhead
    expect(container(docs, 'StatefulSet', 'spark-master').resources.limits.memory).toBe('896Mi');
    expect(envOf(container(docs, 'StatefulSet', 'spark-master')).SPARK_DAEMON_MEMORY).toBe('512m');
  });

  test('an explicit worker pod memory is used when it leaves room', () => {
    const docs = cluster({ worker: { memory: Size.gibibytes(2), podMemory: Size.gibibytes(4) } });
    expect(container(docs, 'Deployment', 'spark-worker').resources).toEqual({ requests: { cpu: '1', memory: '4Gi' }, limits: { memory: '4Gi' } });
  });

  test('autoscaling adds a CPU HorizontalPodAutoscaler for the workers, which owns their number', () => {
    const docs = cluster({ worker: { replicas: 2, autoscaling: { maxReplicas: 10, cpuUtilization: 70 } } });
    // Without spec.replicas on the Deployment: every apply would reset what the autoscaler chose.
    expect(findObject(docs, 'Deployment', 'spark-worker').spec.replicas).toBeUndefined();
    const hpa = findObject(docs, 'HorizontalPodAutoscaler', 'spark-worker');
    expect(hpa.metadata.labels['app.kubernetes.io/component']).toBe('worker');
    expect(hpa.spec).toEqual({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'spark-worker' },
      minReplicas: 2,
      maxReplicas: 10,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
    });
    expect(docs.map((d) => d.kind).slice(-1)).toEqual(['HorizontalPodAutoscaler']);
  });

  test('autoscaling targets 80 % CPU by default', () => {
    const docs = cluster({ worker: { autoscaling: { maxReplicas: 4 } } });
    expect(findObject(docs, 'HorizontalPodAutoscaler').spec).toMatchObject({
      minReplicas: 1,
      maxReplicas: 4,
      metrics: [{ resource: { target: { averageUtilization: 80 } } }],
    });
  });

  test('authentication reads the shared secret from a Secret, never from the configuration', () => {
    const docs = synthChartValid((chart) => {
      const c = new SparkStandaloneCluster(chart, 'Cluster', { name: 'spark', authenticationSecret: auth(chart), networkEncryption: true });
      expect(c.networkEncryption).toBe(true);
      expect(c.authenticationSecret?.key).toBe('secret');
    });
    const ref = { secretKeyRef: { name: 'spark-auth', key: 'secret' } };
    expect(envOf(container(docs, 'StatefulSet', 'spark-master'))._SPARK_AUTH_SECRET).toEqual(ref);
    expect(envOf(container(docs, 'Deployment', 'spark-worker'))._SPARK_AUTH_SECRET).toEqual(ref);
    const conf = confOf(docs);
    expect(conf).toMatchObject({
      'spark.authenticate': 'true',
      'spark.network.crypto.enabled': 'true',
      'spark.network.crypto.cipher': 'AES/GCM/NoPadding',
      'spark.network.crypto.saslFallback': 'false',
      'spark.network.crypto.authEngineVersion': '2',
    });
    expect(conf['spark.authenticate.secret']).toBeUndefined();
  });

  test('the shuffle service is opt-in', () => {
    const docs = cluster({ shuffleService: true });
    expect(confOf(docs)).toMatchObject({ 'spark.shuffle.service.enabled': 'true', 'spark.shuffle.service.port': '7337', 'spark.master.rest.enabled': 'false' });
    expect(container(docs, 'Deployment', 'spark-worker').ports).toContainEqual({ name: 'shuffle', containerPort: 7337, protocol: 'TCP' });
    expect(findObject(docs, 'Service', 'spark-master').spec.ports.map((p: any) => p.name)).toEqual(['rpc', 'http']);
  });

  test('the REST server runs and is published only with its opt-out, recorded on the objects it weakens', () => {
    const docs = cluster({ restServer: true, securityOptOuts: [SecurityOptOut.STANDALONE_REST_SERVER] });
    expect(confOf(docs)).toMatchObject({ 'spark.master.rest.enabled': 'true', 'spark.master.rest.port': '6066' });
    expect(findObject(docs, 'Service', 'spark-master').spec.ports).toContainEqual({ name: 'rest', port: 6066, targetPort: 'rest', protocol: 'TCP' });
    expect(container(docs, 'StatefulSet', 'spark-master').ports).toContainEqual({ name: 'rest', containerPort: 6066, protocol: 'TCP' });
    for (const [kind, name] of [['Service', 'spark-master'], ['StatefulSet', 'spark-master'], ['Deployment', 'spark-worker']]) {
      expect(findObject(docs, kind, name).metadata.annotations).toEqual({ [OPT_OUTS]: 'standalone-rest-server' });
    }
    expect(findObject(docs, 'ConfigMap', 'spark-conf').metadata.annotations).toBeUndefined();
  });

  test('a cluster without authentication only with its opt-out, recorded on the objects it weakens', () => {
    const docs = cluster({ authenticationSecret: undefined, securityOptOuts: [SecurityOptOut.UNAUTHENTICATED_STANDALONE] });
    expect(envOf(container(docs, 'StatefulSet', 'spark-master'))._SPARK_AUTH_SECRET).toBeUndefined();
    expect(confOf(docs)['spark.authenticate']).toBeUndefined();
    for (const [kind, name] of [['Service', 'spark-master'], ['StatefulSet', 'spark-master'], ['Deployment', 'spark-worker']]) {
      expect(findObject(docs, kind, name).metadata.annotations).toEqual({ [OPT_OUTS]: 'unauthenticated-standalone' });
    }
  });

  test('pod settings reach the master and the workers', () => {
    const docs = cluster({ pod: { nodeSelector: { pool: 'spark' }, labels: { team: 'data' } } });
    for (const [kind, name] of [['StatefulSet', 'spark-master'], ['Deployment', 'spark-worker']]) {
      const template = findObject(docs, kind, name).spec.template;
      expect(template.spec.nodeSelector).toEqual({ pool: 'spark' });
      expect(template.metadata.labels.team).toBe('data');
    }
  });

  test('a configuration change rolls the pods', () => {
    const a = cluster();
    const b = cluster({ sparkConf: { 'spark.ui.reverseProxy': 'true' } });
    const checksum = (docs: any[], kind: string, name: string) => findObject(docs, kind, name).spec.template.metadata.annotations['spark.cdk8s.io/config-checksum'];
    expect(checksum(a, 'Deployment', 'spark-worker')).not.toEqual(checksum(b, 'Deployment', 'spark-worker'));
    expect(checksum(a, 'StatefulSet', 'spark-master')).not.toEqual(checksum(b, 'StatefulSet', 'spark-master'));
    expect(checksum(b, 'StatefulSet', 'spark-master')).toEqual(checksum(b, 'Deployment', 'spark-worker'));
  });

  test('a worker pod: hardened, sized, with the configuration mounted', () => {
    const docs = cluster({ worker: { cores: 2, memory: Size.gibibytes(4) }, shuffleService: true });
    expect(findObject(docs, 'Deployment', 'spark-worker').spec.template).toMatchSnapshot();
  });

  test('the Apache operator example prod-cluster-with-three-workers: same topology and settings', () => {
    const docs = synthChartValid((chart) => {
      new SparkStandaloneCluster(chart, 'Prod', {
        name: 'prod',
        sparkVersion: SparkVersion.V4_2_0,
        image: 'apache/spark:4.2.0-scala',
        worker: { replicas: 3 },
        restServer: true,
        // The Apache example runs without authentication and with the REST server: both need their opt-out here.
        securityOptOuts: [SecurityOptOut.UNAUTHENTICATED_STANDALONE, SecurityOptOut.STANDALONE_REST_SERVER],
        sparkConf: { 'spark.master.ui.title': 'Prod Spark Cluster', 'spark.master.rest.host': '0.0.0.0', 'spark.ui.reverseProxy': 'true' },
      });
    });
    expect(findObject(docs, 'StatefulSet', 'prod-master').spec.replicas).toBe(1);
    expect(findObject(docs, 'Deployment', 'prod-worker').spec.replicas).toBe(3);
    expect(findObjects(docs, 'HorizontalPodAutoscaler')).toHaveLength(0);
    for (const [kind, name] of [['StatefulSet', 'prod-master'], ['Deployment', 'prod-worker']]) {
      expect(container(docs, kind, name).image).toBe('apache/spark:4.2.0-scala');
    }
    expect(findObject(docs, 'Service', 'prod-master').spec.ports.map((p: any) => p.port)).toEqual([7077, 8080, 6066]);
    expect(findObject(docs, 'StatefulSet', 'prod-master').metadata.annotations).toEqual({ [OPT_OUTS]: 'standalone-rest-server,unauthenticated-standalone' });
    expect(confOf(docs, 'prod-conf')).toEqual({
      'spark.master.rest.enabled': 'true',
      'spark.master.rest.host': '0.0.0.0',
      'spark.master.rest.port': '6066',
      'spark.master.ui.port': '8080',
      'spark.master.ui.title': 'Prod Spark Cluster',
      'spark.ui.killEnabled': 'false',
      'spark.ui.reverseProxy': 'true',
      'spark.worker.ui.port': '8081',
    });
  });

  test('the master UI kills applications and drivers only with uiKillEnabled', () => {
    expect(confOf(cluster({ uiKillEnabled: true }))['spark.ui.killEnabled']).toBe('true');
    expect(errorWith({ sparkConf: { 'spark.ui.killEnabled': 'true' } })).toBe(
      "[test/Cluster] 'sparkConf.spark.ui.killEnabled' sets 'spark.ui.killEnabled', which 'uiKillEnabled' owns, got 'true'; remove it and use 'uiKillEnabled'");
  });

  describe('probes follow the UI filters', () => {
    const JWS = { 'spark.ui.filters': 'org.apache.spark.ui.JWSFilter' };

    test('the Apache operator example cluster-with-jws-filter: the UI probes connect to the UI port, the master stays ready on RPC', () => {
      // The example's secretKey parameter is a literal secret, which the configuration refuses; the probes do not depend on it.
      const docs = cluster({ sparkConf: { ...JWS, 'spark.master.ui.title': 'Prod Spark Cluster', 'spark.ui.reverseProxy': 'true' } });
      const m = container(docs, 'StatefulSet', 'spark-master');
      const w = container(docs, 'Deployment', 'spark-worker');
      expect(m.readinessProbe).toEqual({ tcpSocket: { port: 'rpc' }, initialDelaySeconds: 5, periodSeconds: 10 });
      expect(m.livenessProbe).toEqual({ tcpSocket: { port: 'http' }, initialDelaySeconds: 30, periodSeconds: 30 });
      expect(w.readinessProbe).toEqual({ tcpSocket: { port: 'http' }, initialDelaySeconds: 5, periodSeconds: 10 });
      expect(w.livenessProbe).toEqual({ tcpSocket: { port: 'http' }, initialDelaySeconds: 30, periodSeconds: 30 });
    });

    test('any filter, several filters', () => {
      const docs = cluster({ sparkConf: { 'spark.ui.filters': 'com.example.AuthFilter, com.example.AuditFilter' } });
      expect(container(docs, 'Deployment', 'spark-worker').readinessProbe.tcpSocket).toEqual({ port: 'http' });
    });

    test('the probes of the master and the workers are props', () => {
      const docs = cluster({
        master: { livenessProbe: { tcpSocket: { port: k8s.IntOrString.fromString('rpc') }, periodSeconds: 20 } },
        worker: {
          readinessProbe: { tcpSocket: { port: k8s.IntOrString.fromString('http') } },
          livenessProbe: { httpGet: { path: '/json/', port: k8s.IntOrString.fromNumber(8081) }, failureThreshold: 5 },
        },
      });
      expect(container(docs, 'StatefulSet', 'spark-master').livenessProbe).toEqual({ tcpSocket: { port: 'rpc' }, periodSeconds: 20 });
      expect(container(docs, 'StatefulSet', 'spark-master').readinessProbe).toEqual({ tcpSocket: { port: 'rpc' }, initialDelaySeconds: 5, periodSeconds: 10 });
      const w = container(docs, 'Deployment', 'spark-worker');
      expect(w.readinessProbe).toEqual({ tcpSocket: { port: 'http' } });
      expect(w.livenessProbe).toEqual({ httpGet: { path: '/json/', port: 8081 }, failureThreshold: 5 });
    });

    test('fails with an HTTP probe through Spark\'s JWSFilter, which exempts no path', () => {
      expect(errorWith({ sparkConf: JWS, worker: { livenessProbe: { httpGet: { path: '/', port: k8s.IntOrString.fromString('http') } } } })).toBe(
        "[test/Cluster] 'worker.livenessProbe.httpGet' checks over HTTP, which the org.apache.spark.ui.JWSFilter of 'spark.ui.filters' answers with 403 (it exempts no path, and a signed token would sit in the manifest in clear), so the probe would never pass, got {\"path\":\"/\",\"port\":\"http\"}; use tcpSocket on the same port, or leave the probe out for the default");
    });

    test('fails with a worker probe on the master\'s port', () => {
      expect(errorWith({ worker: { readinessProbe: { tcpSocket: { port: k8s.IntOrString.fromString('rpc') } } } })).toBe(
        "[test/Cluster] 'worker.readinessProbe.tcpSocket.port' must be a number from 1 to 65535 or the name of a port of the container (http), got 'rpc'; use k8s.IntOrString.fromString('http')");
    });

    test('fails with a master probe with no handler', () => {
      expect(errorWith({ master: { readinessProbe: { initialDelaySeconds: 5 } } })).toBe(
        "[test/Cluster] 'master.readinessProbe' must have exactly one handler: httpGet, tcpSocket, exec or grpc, got []; use e.g. { tcpSocket: { port: k8s.IntOrString.fromString('http') } }");
    });

    test('fails with secret material in a probe command', () => {
      expect(errorWith({ master: { livenessProbe: { exec: { command: ['curl', '-u', 'x', 'https://admin:hunter2@localhost:8080/'] } } } })).toBe(
        "[test/Cluster] 'master.livenessProbe.exec.command[3]' holds a password in a URL (user:password@), which would be stored in clear in Git and in the cluster, got '<redacted>'; keep it in a Kubernetes Secret and pass it by reference (an environment variable from the Secret, or a mounted file)");
    });
  });

  test('the Apache operator example qa-cluster-with-one-worker: same topology and settings', () => {
    const docs = synthChartValid((chart) => {
      new SparkStandaloneCluster(chart, 'Qa', {
        name: 'qa',
        sparkVersion: SparkVersion.V4_2_0,
        image: 'apache/spark:4.2.0-scala',
        worker: { replicas: 1 },
        restServer: true,
        securityOptOuts: [SecurityOptOut.UNAUTHENTICATED_STANDALONE, SecurityOptOut.STANDALONE_REST_SERVER],
        sparkConf: { 'spark.master.ui.title': 'QA Spark Cluster', 'spark.master.rest.host': '0.0.0.0', 'spark.ui.reverseProxy': 'true' },
      });
    });
    expect(docs.map((d) => `${d.kind}/${d.metadata.name}`)).toEqual(['ConfigMap/qa-conf', 'Service/qa-master', 'StatefulSet/qa-master', 'Deployment/qa-worker']);
    expect(findObject(docs, 'Deployment', 'qa-worker').spec.replicas).toBe(1);
    expect(confOf(docs, 'qa-conf')).toMatchObject({ 'spark.master.ui.title': 'QA Spark Cluster', 'spark.master.rest.enabled': 'true' });
  });

  test('a secured, autoscaled cluster with a job submitted to it', () => {
    const docs = synthChartValid((chart) => {
      const c = new SparkStandaloneCluster(chart, 'Cluster', {
        name: 'etl',
        worker: { replicas: 2, cores: 2, memory: Size.gibibytes(4), autoscaling: { maxReplicas: 6 } },
        authenticationSecret: auth(chart),
        networkEncryption: true,
      });
      new SparkSubmitJob(chart, 'Job', {
        name: 'nightly',
        master: c,
        mainApplicationFile: ApplicationFile.fromImagePath('/opt/spark/examples/jars/spark-examples.jar'),
        mainClass: 'org.apache.spark.examples.SparkPi',
        executor: { instances: 2, cores: 2 },
      });
    });
    expect(docs.map((d) => `${d.kind}/${d.metadata.name}`)).toEqual([
      'ConfigMap/etl-conf', 'Service/etl-master', 'StatefulSet/etl-master', 'Deployment/etl-worker', 'HorizontalPodAutoscaler/etl-worker',
      'ConfigMap/nightly-conf', 'Job/nightly',
    ]);
    const job = findObject(docs, 'Job', 'nightly').spec.template.spec.containers[0];
    expect(job.args.slice(0, 2)).toEqual(['--master', 'spark://etl-master.spark-jobs.svc:7077']);
    const ref = { secretKeyRef: { name: 'spark-auth', key: 'secret' } };
    expect(envOf(job)._SPARK_AUTH_SECRET).toEqual(ref);
    expect(envOf(container(docs, 'Deployment', 'etl-worker'))._SPARK_AUTH_SECRET).toEqual(ref);
    expect(findObject(docs, 'HorizontalPodAutoscaler', 'etl-worker').spec).toMatchObject({ minReplicas: 2, maxReplicas: 6 });
    expect(container(docs, 'Deployment', 'etl-worker').resources.requests).toEqual({ cpu: '2', memory: '5632Mi' });
  });

  test('escape hatch: the master StatefulSet is the default child, the worker Deployment a property', () => {
    const docs = synthChartValid((chart) => {
      const c = new SparkStandaloneCluster(chart, 'Cluster', { name: 'spark', authenticationSecret: auth(chart) });
      expect(ApiObject.of(c)).toBe(c.node.defaultChild);
      expect(ApiObject.of(c).kind).toBe('StatefulSet');
      expect(c.workerDeployment.kind).toBe('Deployment');
      ApiObject.of(c).addJsonPatch(JsonPatch.add('/metadata/annotations', { 'example.com/owner': 'data' }));
      c.workerDeployment.addJsonPatch(JsonPatch.add('/spec/minReadySeconds', 10));
    });
    expect(findObject(docs, 'Deployment', 'spark-worker').spec.minReadySeconds).toBe(10);
    expect(findObject(docs, 'StatefulSet', 'spark-master').metadata.annotations).toEqual({ 'example.com/owner': 'data' });
  });

  describe('fromMasterUrl', () => {
    test('imports a master managed elsewhere, with its Spark version and RPC settings', () => {
      const chart = testChart();
      const secret = auth(chart);
      const legacy = SparkStandaloneCluster.fromMasterUrl(chart, 'Legacy', 'spark://legacy-master.spark.svc:7077', {
        sparkVersion: SparkVersion.V3_5_8, authenticationSecret: secret, shuffleService: true,
      });
      expect(legacy.masterUrl).toBe('spark://legacy-master.spark.svc:7077');
      expect(legacy.sparkVersion).toBe(SparkVersion.V3_5_8);
      expect(legacy.authenticationSecret).toBe(secret);
      expect(legacy.networkEncryption).toBe(false);
      expect(legacy.shuffleService).toBe(true);
    });

    test('defaults: the default Spark version, no RPC security, no shuffle service', () => {
      const master = SparkStandaloneCluster.fromMasterUrl(testChart(), 'Legacy', 'spark://legacy:7077');
      expect(master.sparkVersion).toBe(SparkVersion.DEFAULT);
      expect(master.authenticationSecret).toBeUndefined();
      expect(master.networkEncryption).toBe(false);
      expect(master.shuffleService).toBe(false);
    });

    test('accepts standby masters and IPv6 addresses', () => {
      expect(SparkStandaloneCluster.fromMasterUrl(testChart(), 'Ha', 'spark://master-0.spark:7077,master-1.spark:7077').masterUrl)
        .toBe('spark://master-0.spark:7077,master-1.spark:7077');
      expect(SparkStandaloneCluster.fromMasterUrl(testChart(), 'V6', 'spark://[fd00::1]:7077').masterUrl).toBe('spark://[fd00::1]:7077');
    });

    test('a job can be submitted to an imported master', () => {
      const docs = synthChartValid((chart) => {
        new SparkSubmitJob(chart, 'Job', {
          name: 'nightly',
          master: SparkStandaloneCluster.fromMasterUrl(chart, 'Legacy', 'spark://legacy-master.spark.svc:7077'),
          mainApplicationFile: ApplicationFile.fromImagePath('/opt/spark/examples/jars/spark-examples.jar'),
          mainClass: 'org.apache.spark.examples.SparkPi',
        });
      });
      expect(findObject(docs, 'Job', 'nightly').spec.template.spec.containers[0].args.slice(0, 2)).toEqual(['--master', 'spark://legacy-master.spark.svc:7077']);
    });

    const urlError = (url: string) =>
      `[test/Legacy] 'masterUrl' must be a standalone master URL spark://host:port (or spark://host1:port1,host2:port2 with standby masters), got '${url}'; use e.g. 'spark://spark-master.spark.svc:7077'`;
    test.each([
      'k8s://https://kubernetes.default.svc',
      'spark://legacy-master',
      'spark://legacy-master:70770',
      'spark://legacy-master:0',
      'spark://legacy master:7077',
      'spark://legacy-master:7077/',
      'spark://legacy-master:7077,',
      'spark://',
    ])('fails with the master URL %s', (url) => {
      expect(chartErrorOf((chart) => SparkStandaloneCluster.fromMasterUrl(chart, 'Legacy', url))).toBe(urlError(url));
    });

    test('fails with network encryption but no secret', () => {
      expect(chartErrorOf((chart) => SparkStandaloneCluster.fromMasterUrl(chart, 'Legacy', 'spark://legacy:7077', { networkEncryption: true })))
        .toBe(`[test/Legacy] 'authenticationSecret' ${AUTH_NEEDED.replace('%s', 'network encryption')}`);
    });

    test('fails with network encryption on Spark 3.5', () => {
      expect(chartErrorOf((chart) => SparkStandaloneCluster.fromMasterUrl(chart, 'Legacy', 'spark://legacy:7077', {
        sparkVersion: SparkVersion.V3_5_8, authenticationSecret: auth(chart), networkEncryption: true,
      }))).toBe("[test/Legacy] 'networkEncryption' needs Spark 4.0 or later for the AES-GCM cipher (the AES-CTR mode of Spark 3.5.8 is unauthenticated, CVE-2025-55039), got true; use SparkVersion.V4_0_4 or later");
    });
  });

  describe('fails', () => {
    test('fails with fewer than one worker', () => {
      expect(errorWith({ worker: { replicas: 0 } })).toBe("[test/Cluster] 'worker.replicas' must be at least 1, got 0; run at least one worker");
    });
    test('fails with a fractional number of workers', () => {
      expect(errorWith({ worker: { replicas: 1.5 } })).toBe("[test/Cluster] 'worker.replicas' must be a whole number, got 1.5; run at least one worker");
    });
    test('fails with zero worker cores', () => {
      expect(errorWith({ worker: { cores: 0 } })).toBe("[test/Cluster] 'worker.cores' must be at least 1, got 0; offer at least one whole core per worker");
    });
    test('fails with fractional worker cores', () => {
      expect(errorWith({ worker: { cores: 0.5 } })).toBe("[test/Cluster] 'worker.cores' must be a whole number, got 0.5; offer at least one whole core per worker");
    });
    test('fails with worker memory below the smallest executor', () => {
      expect(errorWith({ worker: { memory: Size.mebibytes(256) } })).toBe(
        "[test/Cluster] 'worker.memory' must be at least 450m, the smallest executor heap Spark accepts (1.5 × 300 MiB reserved), got '256m'; use Size.mebibytes(512) or more");
    });
    test('fails with worker memory that is not a whole number of KiB', () => {
      expect(errorWith({ worker: { memory: Size.kibibytes(1.5) } })).toBe(
        "[test/Cluster] 'worker.memory' must be a positive whole number of KiB, got '1.5 KiB'; use Size.mebibytes(...) or Size.gibibytes(...)");
    });
    test('fails with too little daemon memory', () => {
      expect(errorWith({ daemonMemory: Size.mebibytes(64) })).toBe(
        "[test/Cluster] 'daemonMemory' must be at least 128m for the master and worker daemons, got '64m'; use Size.mebibytes(512) or more");
    });
    test('fails when the worker pod memory leaves no room for the JVM overhead', () => {
      expect(errorWith({ worker: { memory: Size.gibibytes(4), podMemory: Size.gibibytes(4) } })).toBe(
        "[test/Cluster] 'worker.podMemory' must hold the executors' 4g, the worker daemon's 1g and their JVM overhead: at least 5632Mi, got '4Gi'; raise it to 5632Mi or lower 'worker.memory'");
    });
    test('fails with network encryption but no secret', () => {
      expect(errorWith({ authenticationSecret: undefined, networkEncryption: true })).toBe(`[test/Cluster] 'authenticationSecret' ${AUTH_NEEDED.replace('%s', 'network encryption')}`);
    });
    test('fails with RPC authentication but no secret', () => {
      expect(errorWith({ authenticationSecret: undefined, sparkConf: { 'spark.authenticate': 'true' } }))
        .toBe(`[test/Cluster] 'authenticationSecret' ${AUTH_NEEDED.replace('%s', 'RPC authentication')}`);
    });
    test('fails with a literal secret in the configuration', () => {
      expect(errorWith({ sparkConf: { 'spark.authenticate.secret': 'hunter2' } })).toBe(
        "[test/Cluster] 'sparkConf.spark.authenticate.secret' sets 'spark.authenticate.secret', which 'authenticationSecret' owns, got '<redacted>'; remove it and use 'authenticationSecret'");
    });
    test('fails with raw network-encryption keys', () => {
      expect(errorWith({ sparkConf: { 'spark.network.crypto.enabled': 'true' } })).toBe(
        "[test/Cluster] 'sparkConf.spark.network.crypto.enabled' sets 'spark.network.crypto.enabled', which 'networkEncryption' owns, got 'true'; remove it and use 'networkEncryption'");
    });
    test('fails with network encryption on Spark 3.5', () => {
      expect(errorWith({ sparkVersion: SparkVersion.V3_5_8, networkEncryption: true })).toBe(
        "[test/Cluster] 'networkEncryption' needs Spark 4.0 or later for the AES-GCM cipher (the AES-CTR mode of Spark 3.5.8 is unauthenticated, CVE-2025-55039), got true; use SparkVersion.V4_0_4 or later");
    });
    test('fails when autoscaling allows fewer workers than the minimum', () => {
      expect(errorWith({ worker: { replicas: 3, autoscaling: { maxReplicas: 2 } } })).toBe(
        "[test/Cluster] 'worker.autoscaling.maxReplicas' must be at least 3, got 2; allow at least 'worker.replicas' (3)");
    });
    test('fails with a CPU target outside 1-100 %', () => {
      for (const target of [0, 101, 7.5]) {
        expect(errorWith({ worker: { autoscaling: { maxReplicas: 2, cpuUtilization: target } } })).toBe(
          `[test/Cluster] 'worker.autoscaling.cpuUtilization' must be a whole percentage from 1 to 100, got ${target}; use e.g. 80`);
      }
    });
    test('fails with an unpinned image', () => {
      expect(errorWith({ image: 'apache/spark' })).toBe(
        "[test/Cluster] 'image' must pin a tag or digest (without one the registry serves whatever 'latest' is today), got 'apache/spark'; use 'apache/spark:<version>', e.g. 'apache/spark:4.0.4'");
    });
    test('fails with a name too long for the master StatefulSet (controller-revision-hash label <statefulset>-<hash> within 63)', () => {
      const name = 'a'.repeat(46);
      expect(errorWith({ name })).toBe(
        `[test/Cluster] 'name' must be at most 45 characters because it names the master StatefulSet '<name>-master', which must stay within 52 characters (its pods get the label controller-revision-hash '<statefulset>-<10-character hash>', at most 63), got '${name}'; shorten it by 1 character`);
    });
    test('fails with bad pod settings, naming the pod prop', () => {
      expect(errorWith({ pod: { labels: { 'bad key!': 'x' } } })).toBe(
        "[test/Cluster] 'pod.labels.bad key!' key must have a name part of at most 63 letters, digits, '-', '_' or '.', got 'bad key!'; use a key such as 'example.com/team'");
    });
  });
  describe('insecure combinations need a named opt-out', () => {
    const OPT_OUT = "or accept the risk with SecurityOptOut.%s in 'securityOptOuts' (recorded in the annotation spark.cdk8s.io/security-opt-outs)";
    test('fails without authentication', () => {
      expect(errorWith({ authenticationSecret: undefined })).toBe(
        `[test/Cluster] 'authenticationSecret' must be set: without RPC authentication anything that reaches the master or a worker can submit applications and run code in the cluster, got nothing; create a Secret with a long random value and pass { secret: Secret.fromSecretName(this, 'Auth', 'spark-auth'), key: 'secret' }, ${OPT_OUT.replace('%s', 'UNAUTHENTICATED_STANDALONE')}`);
    });
    test('fails with the REST server next to RPC authentication (it bypasses it)', () => {
      expect(errorWith({ restServer: true })).toBe(
        `[test/Cluster] 'restServer' runs the REST submission server on port 6066, which is unauthenticated by design: anyone who reaches it can submit code, bypassing the RPC authentication of 'authenticationSecret', got true; remove it and submit over RPC (SparkSubmitJob with master: this cluster), ${OPT_OUT.replace('%s', 'STANDALONE_REST_SERVER')}`);
    });
    test('fails with the REST server on an unauthenticated cluster that opted out of authentication only', () => {
      expect(errorWith({ authenticationSecret: undefined, restServer: true, securityOptOuts: [SecurityOptOut.UNAUTHENTICATED_STANDALONE] })).toBe(
        `[test/Cluster] 'restServer' runs the REST submission server on port 6066, which is unauthenticated by design: anyone who reaches it can submit code, got true; remove it and submit over RPC (SparkSubmitJob with master: this cluster), ${OPT_OUT.replace('%s', 'STANDALONE_REST_SERVER')}`);
    });
    test('fails with an opt-out the cluster does not need (the annotation would record a risk not taken)', () => {
      expect(errorWith({ securityOptOuts: [SecurityOptOut.UNAUTHENTICATED_STANDALONE] })).toBe(
        "[test/Cluster] 'securityOptOuts[0]' is SecurityOptOut.UNAUTHENTICATED_STANDALONE, but this construct does not take that risk, got 'unauthenticated-standalone'; remove it, so the annotation records only the risks taken");
      expect(errorWith({ securityOptOuts: [SecurityOptOut.STANDALONE_REST_SERVER] })).toBe(
        "[test/Cluster] 'securityOptOuts[0]' is SecurityOptOut.STANDALONE_REST_SERVER, but this construct does not take that risk, got 'standalone-rest-server'; remove it, so the annotation records only the risks taken");
    });
    test('fails with an opt-out that does not apply to a standalone cluster', () => {
      expect(errorWith({ securityOptOuts: [SecurityOptOut.DEFAULT_SERVICE_ACCOUNT] })).toBe(
        "[test/Cluster] 'securityOptOuts[0]' is SecurityOptOut.DEFAULT_SERVICE_ACCOUNT, which does not apply to a SparkStandaloneCluster, got 'default-service-account'; remove it (a SparkStandaloneCluster accepts SecurityOptOut.UNAUTHENTICATED_STANDALONE, SecurityOptOut.STANDALONE_REST_SERVER, SecurityOptOut.WEAKER_SIDECAR, SecurityOptOut.SENSITIVE_MOUNT, SecurityOptOut.SYSTEM_PRIORITY_CLASS)");
    });
    test('fails with an opt-out value that is no SecurityOptOut', () => {
      expect(errorWith({ securityOptOuts: ['rest' as any] })).toBe(
        "[test/Cluster] 'securityOptOuts[0]' must be a SecurityOptOut, got 'rest'; use one of SecurityOptOut.UNAUTHENTICATED_STANDALONE, SecurityOptOut.STANDALONE_REST_SERVER, SecurityOptOut.WEAKER_SIDECAR, SecurityOptOut.SENSITIVE_MOUNT, SecurityOptOut.SYSTEM_PRIORITY_CLASS");
    });
    test('the REST server cannot be switched on through raw configuration either', () => {
      expect(errorWith({ sparkConf: { 'spark.master.rest.enabled': 'true' } })).toBe(
        "[test/Cluster] 'sparkConf.spark.master.rest.enabled' sets 'spark.master.rest.enabled', which 'restServer' owns, got 'true'; remove it and use 'restServer'");
    });
    test('a pod opt-out passes to the pods and is recorded on the workloads, not on the Service', () => {
      const docs = cluster({ securityOptOuts: [SecurityOptOut.SYSTEM_PRIORITY_CLASS], pod: { priorityClassName: 'system-node-critical' } });
      expect(findObject(docs, 'StatefulSet', 'spark-master').metadata.annotations).toEqual({ [OPT_OUTS]: 'system-priority-class' });
      expect(findObject(docs, 'Deployment', 'spark-worker').metadata.annotations).toEqual({ [OPT_OUTS]: 'system-priority-class' });
      expect(findObject(docs, 'Service', 'spark-master').metadata.annotations).toBeUndefined();
    });
  });

  describe('bad input from JavaScript callers', () => {
    test.each<[string, SparkStandaloneClusterProps, string]>([
      ['worker memory given as a Spark string', { worker: { memory: '4g' as any } }, "[test/Cluster] 'worker.memory' must be a Size, got '4g'; use Size.mebibytes(...) or Size.gibibytes(...)"],
      ['worker memory of 1.3 GiB (a raw cdk8s error in conversions)', { worker: { memory: Size.gibibytes(1.3) } },
        "[test/Cluster] 'worker.memory' must be a positive whole number of KiB, got '1363148.8 KiB'; use Size.mebibytes(...) or Size.gibibytes(...)"],
      ['a worker pod memory given as a quantity string', { worker: { podMemory: '4Gi' as any } }, "[test/Cluster] 'worker.podMemory' must be a Size, got '4Gi'; use Size.mebibytes(...) or Size.gibibytes(...)"],
      ['daemon memory given as a number', { daemonMemory: 1024 as any }, "[test/Cluster] 'daemonMemory' must be a Size, got 1024; use Size.mebibytes(...) or Size.gibibytes(...)"],
      ['worker cores given as a string', { worker: { cores: '2' as any } }, "[test/Cluster] 'worker.cores' must be a whole number, got '2'; offer at least one whole core per worker"],
      ['workers given as a number', { worker: 3 as any }, "[test/Cluster] 'worker' must be an object, got 3; pass e.g. { replicas: 3, cores: 2, memory: Size.gibibytes(4) }"],
      ['autoscaling given as a number', { worker: { autoscaling: 6 as any } }, "[test/Cluster] 'worker.autoscaling' must be an object, got 6; pass e.g. { maxReplicas: 6 }"],
      ['the master options given as a string', { master: 'spark' as any },
        "[test/Cluster] 'master' must be an object, got 'spark'; pass e.g. { livenessProbe: { tcpSocket: { port: k8s.IntOrString.fromString('http') } } }"],
      ['a probe given as a string', { worker: { livenessProbe: 'tcp' as any } },
        "[test/Cluster] 'worker.livenessProbe' must be an object, got 'tcp'; pass e.g. { tcpSocket: { port: k8s.IntOrString.fromString('http') } }"],
      ['the UI kill switch given as a string', { uiKillEnabled: 'false' as any }, "[test/Cluster] 'uiKillEnabled' must be true or false, got 'false'; use false (a boolean, not a string)"],
      ['pod settings given as a string', { pod: 'spark' as any }, "[test/Cluster] 'pod' must be an object, got 'spark'; pass e.g. { nodeSelector: { pool: 'spark' } }"],
      ['autoscaling without its maximum', { worker: { autoscaling: {} as any } }, "[test/Cluster] 'worker.autoscaling.maxReplicas' must be set (the most workers the autoscaler may run), got nothing; use e.g. 2"],
      ['a name that is a number', { name: 42 as any }, "[test/Cluster] 'name' must be a string, got 42; quote it: '42'"],
      ['an image that is a number', { image: 404 as any }, "[test/Cluster] 'image' must be a string, got 404; quote it: '404'"],
      ['an image with a command in it', { image: 'apache/spark:4.0.4$(id>&2)x/y:1' },
        "[test/Cluster] 'image' must be an image reference [registry[:port]/]repository[:tag][@digest] (lower-case letters, digits and . _ - / in the repository; no spaces or shell characters), got 'apache/spark:4.0.4$(id>&2)x/y:1'; use e.g. 'apache/spark:4.0.4' or 'registry.example.com/team/spark:4.0.4'"],
      ['a Spark version given as a string', { sparkVersion: '3.5.8' as any }, "[test/Cluster] 'sparkVersion' must be a SparkVersion, got '3.5.8'; use SparkVersion.of('3.5.8')"],
      ['a pull policy with a typo', { imagePullPolicy: 'IfNotPresnt' as any },
        "[test/Cluster] 'imagePullPolicy' must be one of ImagePullPolicy.ALWAYS, ImagePullPolicy.IF_NOT_PRESENT, ImagePullPolicy.NEVER, got 'IfNotPresnt'; use ImagePullPolicy.ALWAYS"],
      ['a pull policy in the wrong case', { imagePullPolicy: 'ifnotpresent' as any },
        "[test/Cluster] 'imagePullPolicy' must be one of ImagePullPolicy.ALWAYS, ImagePullPolicy.IF_NOT_PRESENT, ImagePullPolicy.NEVER, got 'ifnotpresent'; use ImagePullPolicy.IF_NOT_PRESENT"],
      ['the REST switch given as a string', { restServer: 'false' as any }, "[test/Cluster] 'restServer' must be true or false, got 'false'; use false (a boolean, not a string)"],
      ['the encryption switch given as a string', { networkEncryption: 'true' as any }, "[test/Cluster] 'networkEncryption' must be true or false, got 'true'; use true (a boolean, not a string)"],
      ['the shared secret given as a literal string (redacted)', { authenticationSecret: 's3cr3t-value' as any },
        "[test/Cluster] 'authenticationSecret' must be a key of a Kubernetes Secret ({ secret, key }), got '<redacted>'; pass { secret: Secret.fromSecretName(this, 'Auth', 'spark-auth'), key: 'secret' }"],
      ['a configuration map given as a list', { sparkConf: ['spark.ui.reverseProxy=true'] as any }, "[test/Cluster] 'sparkConf' must be a map of strings, got ['spark.ui.reverseProxy=true']; use e.g. { 'key': 'value' }"],
      ['a configuration value with a line break (a second line in spark-defaults.conf)', { sparkConf: { 'spark.master.ui.title': 'x\nspark.authenticate false' } },
        "[test/Cluster] 'sparkConf.spark.master.ui.title' must not contain a line break (it would start a new line in the file or command Spark reads), got 'x\nspark.authenticate false'; remove it"],
      ['a configuration key that would end early', { sparkConf: { 'spark.master.rest.enabled true\nx': 'y' } },
        "[test/Cluster] 'sparkConf.spark.master.rest.enabled true\nx' must be a configuration key of letters, digits and '.', '_', '-', '*', '/', '@', '+' (a space, '=' or ':' would end the key early in spark-defaults.conf), got 'spark.master.rest.enabled true\nx'; use the key as Spark documents it, e.g. 'spark.sql.shuffle.partitions'"],
      ['a literal password in the configuration', { sparkConf: { 'spark.ssl.keyPassword': 'hunter2' } },
        "[test/Cluster] 'sparkConf.spark.ssl.keyPassword' holds secret material as a literal value, which would be stored in Git, the custom resource, the driver ConfigMap and the executor environment, got '<redacted>'; put the value in a Kubernetes Secret and pass it as an environment variable from the Secret (EnvValue.fromSecretValue)"],
    ])('fails with %s', (_what, props, message) => {
      expect(errorWith(props)).toBe(message);
    });

    test('fails without props at all from JavaScript', () => {
      expect(chartErrorOf((chart) => new SparkStandaloneCluster(chart, 'Cluster', null as any))).toBe(
        "[test/Cluster] 'props' must be an object of props, got null; pass e.g. { name: 'prod', authenticationSecret: { secret, key: 'secret' } }");
    });

    test('the longest name fits the StatefulSet and the revision label of its pods', () => {
      const name = 'a'.repeat(45);
      const docs = cluster({ name });
      expect(findObject(docs, 'StatefulSet', `${name}-master`).metadata.name).toHaveLength(52);
    });

    test('a derived name is short enough for the StatefulSet', () => {
      const docs = synthValid((app) => {
        const chart = new Chart(new Chart(app, 'a-rather-long-chart-name-for-the-team'), 'and-a-nested-chart', { namespace: 'spark' });
        new SparkStandaloneCluster(chart, 'ClusterWithALongConstructId', { authenticationSecret: auth(chart) });
      });
      expect(findObject(docs, 'StatefulSet').metadata.name.length).toBeLessThanOrEqual(52);
    });
  });

  describe('fromMasterUrl bad input', () => {
    test.each<[string, string]>([
      ['spark://leg_acy:7077', "'masterUrl' must be a standalone master URL spark://host:port (or spark://host1:port1,host2:port2 with standby masters), got 'spark://leg_acy:7077'; use e.g. 'spark://spark-master.spark.svc:7077'"],
      ['spark://$(MASTER_HOST):7077', "'masterUrl' must be a standalone master URL spark://host:port (or spark://host1:port1,host2:port2 with standby masters), got 'spark://$(MASTER_HOST):7077'; use e.g. 'spark://spark-master.spark.svc:7077'"],
      ['spark://master;id:7077', "'masterUrl' must be a standalone master URL spark://host:port (or spark://host1:port1,host2:port2 with standby masters), got 'spark://master;id:7077'; use e.g. 'spark://spark-master.spark.svc:7077'"],
      ['spark://$(SPARK_TOKEN):7077', "'masterUrl' references the secret-like variable $(SPARK_TOKEN), which Kubernetes would expand onto the command line, where any process on the node can read it, got 'spark://$(SPARK_TOKEN):7077'; read SPARK_TOKEN from the environment inside the application, or write $$(SPARK_TOKEN) for the literal text"],
      ['spark://admin:hunter2@master:7077', "'masterUrl' holds a password in a URL (user:password@), which would be stored in clear in Git and in the cluster, got '<redacted>'; keep it in a Kubernetes Secret and pass it by reference (an environment variable from the Secret, or a mounted file)"],
      ['spark://master:7077\n--conf x', "'masterUrl' must not contain a line break (it would start a new line in the file or command Spark reads), got 'spark://master:7077\n--conf x'; remove it"],
    ])('fails with the master URL %j', (url, message) => {
      expect(chartErrorOf((chart) => SparkStandaloneCluster.fromMasterUrl(chart, 'Legacy', url))).toBe(`[test/Legacy] ${message}`);
    });

    test.each<[string, any, string]>([
      ['a version given as a string', { sparkVersion: '3.5.8' }, "'sparkVersion' must be a SparkVersion, got '3.5.8'; use SparkVersion.of('3.5.8')"],
      ['a secret given as a string', { authenticationSecret: 'hunter2' }, "'authenticationSecret' must be a key of a Kubernetes Secret ({ secret, key }), got '<redacted>'; pass { secret: Secret.fromSecretName(this, 'Auth', 'spark-auth'), key: 'secret' }"],
      ['a shuffle-service switch given as a string', { shuffleService: 'yes' }, "'shuffleService' must be true or false, got 'yes'; use true (a boolean, not a string)"],
    ])('fails with %s', (_what, options, message) => {
      expect(chartErrorOf((chart) => SparkStandaloneCluster.fromMasterUrl(chart, 'Legacy', 'spark://legacy:7077', options))).toBe(`[test/Legacy] ${message}`);
    });
  });
});
