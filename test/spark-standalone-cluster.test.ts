import { ApiObject, Chart, JsonPatch, Size, Testing } from 'cdk8s';
import { Secret } from 'cdk8s-plus-28';
import { findObject, findObjects, synthChartValid } from './harness';
import { ApplicationFile, SparkStandaloneCluster, SparkStandaloneClusterProps, SparkSubmitJob, SparkVersion } from '../src';

function cluster(props: SparkStandaloneClusterProps = {}): any[] {
  return synthChartValid((chart) => {
    new SparkStandaloneCluster(chart, 'Cluster', { name: 'spark', ...props });
  });
}

function confOf(docs: any[], name = 'spark-conf'): { [key: string]: string } {
  const text: string = findObject(docs, 'ConfigMap', name).data['spark-defaults.conf'];
  return Object.fromEntries(text.trim().split('\n').map((l) => [l.slice(0, l.indexOf(' ')), l.slice(l.indexOf(' ') + 1)]));
}

function build(props: SparkStandaloneClusterProps): void {
  new SparkStandaloneCluster(new Chart(Testing.app(), 'test', { namespace: 'spark-jobs' }), 'Cluster', { name: 'spark', ...props });
}

const container = (docs: any[], kind: string, name: string) => findObject(docs, kind, name).spec.template.spec.containers[0];
const envOf = (c: any) => Object.fromEntries(c.env.map((e: any) => [e.name, e.value ?? e.valueFrom]));
const auth = (chart: Chart) => ({ secret: Secret.fromSecretName(chart, 'Auth', 'spark-auth'), key: 'secret' });

describe('SparkStandaloneCluster', () => {
  test('defaults', () => {
    const docs = cluster();
    expect(docs.map((d) => `${d.kind}/${d.metadata.name}`)).toEqual([
      'ConfigMap/spark-conf', 'Service/spark-master', 'StatefulSet/spark-master', 'Deployment/spark-worker',
    ]);
    const master = findObject(docs, 'StatefulSet', 'spark-master');
    expect(master.spec.replicas).toBe(1);
    expect(master.spec.serviceName).toBe('spark-master');
    const m = container(docs, 'StatefulSet', 'spark-master');
    expect(m.image).toBe('apache/spark:4.0.4');
    expect(m.command).toEqual(['/opt/spark/sbin/start-master.sh']);
    expect(m.ports.map((p: any) => [p.name, p.containerPort])).toEqual([['rpc', 7077], ['http', 8080]]);
    expect(m.resources).toEqual({ requests: { cpu: '500m', memory: '1408Mi' }, limits: { memory: '1408Mi' } });
    expect(envOf(m)).toMatchObject({
      SPARK_NO_DAEMONIZE: 'true',
      SPARK_LOG_DIR: '/tmp/spark-logs',
      SPARK_CONF_DIR: '/etc/spark/conf',
      SPARK_DAEMON_MEMORY: '1g',
      SPARK_MASTER_PORT: '7077',
      SPARK_MASTER_WEBUI_PORT: '8080',
      SPARK_MASTER_HOST: { fieldRef: { fieldPath: 'status.podIP' } },
    });
    expect(envOf(m)._SPARK_AUTH_SECRET).toBeUndefined();
    const service = findObject(docs, 'Service', 'spark-master');
    expect(service.spec.type).toBe('ClusterIP');
    expect(service.spec.ports.map((p: any) => [p.name, p.port])).toEqual([['rpc', 7077], ['http', 8080]]);
    expect(service.spec.selector).toEqual(master.spec.selector.matchLabels);

    const workers = findObject(docs, 'Deployment', 'spark-worker');
    expect(workers.spec.replicas).toBe(1);
    const w = container(docs, 'Deployment', 'spark-worker');
    expect(w.command).toEqual(['/opt/spark/sbin/start-worker.sh']);
    expect(w.args).toEqual(['spark://spark-master.spark-jobs.svc:7077']);
    expect(w.ports.map((p: any) => [p.name, p.containerPort])).toEqual([['http', 8081]]);
    expect(envOf(w)).toMatchObject({ SPARK_WORKER_CORES: '1', SPARK_WORKER_MEMORY: '1g', SPARK_WORKER_WEBUI_PORT: '8081', SPARK_LOCAL_DIRS: '/var/data/spark-local-dir-1' });
    // 1g executors + 1g daemon + max(10 %, 384 MiB) overhead
    expect(w.resources).toEqual({ requests: { cpu: '1', memory: '2432Mi' }, limits: { memory: '2432Mi' } });
    for (const pod of [master.spec.template.spec, workers.spec.template.spec]) {
      expect(pod.automountServiceAccountToken).toBe(false);
      expect(pod.serviceAccountName).toBeUndefined();
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 185, seccompProfile: { type: 'RuntimeDefault' } });
      expect(pod.containers[0].securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    }
    expect(confOf(docs)).toEqual({
      'spark.master.rest.enabled': 'false',
      'spark.master.rest.port': '6066',
      'spark.master.ui.port': '8080',
      'spark.worker.ui.port': '8081',
    });
    expect(findObjects(docs, 'HorizontalPodAutoscaler')).toHaveLength(0);
  });

  test('exposes the master URL and the UI URL', () => {
    const chart = new Chart(Testing.app(), 'test', { namespace: 'analytics' });
    const c = new SparkStandaloneCluster(chart, 'Cluster', { name: 'prod' });
    expect(c.masterUrl).toBe('spark://prod-master.analytics.svc:7077');
    expect(c.masterUiUrl).toBe('http://prod-master.analytics.svc:8080');
    expect(c.sparkVersion).toBe(SparkVersion.V4_0_4);
    expect(c.networkEncryption).toBe(false);
    expect(c.shuffleService).toBe(false);
  });

  test('worker pods are sized to the cores and memory they offer plus the daemon', () => {
    const docs = cluster({ workers: 3, workerCores: 4, workerMemory: Size.gibibytes(8), daemonMemory: Size.mebibytes(512) });
    expect(findObject(docs, 'Deployment', 'spark-worker').spec.replicas).toBe(3);
    const w = container(docs, 'Deployment', 'spark-worker');
    expect(envOf(w)).toMatchObject({ SPARK_WORKER_CORES: '4', SPARK_WORKER_MEMORY: '8g', SPARK_DAEMON_MEMORY: '512m' });
    // 8 GiB + 512 MiB = 8704 MiB, + 870 MiB overhead
    expect(w.resources).toEqual({ requests: { cpu: '4', memory: '9574Mi' }, limits: { memory: '9574Mi' } });
    expect(container(docs, 'StatefulSet', 'spark-master').resources.limits.memory).toBe('896Mi');
  });

  test('an explicit worker pod memory is used when it leaves room', () => {
    const docs = cluster({ workerMemory: Size.gibibytes(2), workerPodMemory: Size.gibibytes(4) });
    expect(container(docs, 'Deployment', 'spark-worker').resources.limits.memory).toBe('4Gi');
  });

  test('autoscaling adds a CPU HorizontalPodAutoscaler for the workers', () => {
    const docs = cluster({ workers: 2, autoscaling: { maxWorkers: 10, cpuUtilization: 70 } });
    expect(findObject(docs, 'HorizontalPodAutoscaler', 'spark-worker').spec).toEqual({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'spark-worker' },
      minReplicas: 2,
      maxReplicas: 10,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
    });
  });

  test('authentication reads the shared secret from a Secret, never from the configuration', () => {
    const docs = synthChartValid((chart) => {
      new SparkStandaloneCluster(chart, 'Cluster', { name: 'spark', authenticationSecret: auth(chart), networkEncryption: true });
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

  test('the shuffle service and the REST server are opt-in', () => {
    const docs = cluster({ shuffleService: true, restServer: true });
    expect(confOf(docs)).toMatchObject({ 'spark.shuffle.service.enabled': 'true', 'spark.shuffle.service.port': '7337', 'spark.master.rest.enabled': 'true' });
    expect(container(docs, 'Deployment', 'spark-worker').ports).toContainEqual({ name: 'shuffle', containerPort: 7337, protocol: 'TCP' });
    expect(findObject(docs, 'Service', 'spark-master').spec.ports).toContainEqual({ name: 'rest', port: 6066, targetPort: 'rest', protocol: 'TCP' });
    expect(container(docs, 'StatefulSet', 'spark-master').ports).toContainEqual({ name: 'rest', containerPort: 6066, protocol: 'TCP' });
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
    const checksum = (docs: any[]) => findObject(docs, 'Deployment', 'spark-worker').spec.template.metadata.annotations['spark.cdk8s.io/config-checksum'];
    expect(checksum(a)).not.toEqual(checksum(b));
  });

  test('the Apache operator example prod-cluster-with-three-workers: same topology and settings', () => {
    const docs = synthChartValid((chart) => {
      new SparkStandaloneCluster(chart, 'Prod', {
        name: 'prod',
        sparkVersion: SparkVersion.V4_2_0,
        image: 'apache/spark:4.2.0-scala',
        workers: 3,
        restServer: true,
        sparkConf: { 'spark.master.ui.title': 'Prod Spark Cluster', 'spark.master.rest.host': '0.0.0.0', 'spark.ui.reverseProxy': 'true' },
      });
    });
    expect(findObject(docs, 'StatefulSet', 'prod-master').spec.replicas).toBe(1);
    expect(findObject(docs, 'Deployment', 'prod-worker').spec.replicas).toBe(3);
    expect(findObjects(docs, 'HorizontalPodAutoscaler')).toHaveLength(0);
    expect(confOf(docs, 'prod-conf')).toMatchObject({ 'spark.master.ui.title': 'Prod Spark Cluster', 'spark.master.rest.host': '0.0.0.0', 'spark.ui.reverseProxy': 'true' });
    expect(docs).toMatchSnapshot();
  });

  test('the Apache operator example qa-cluster-with-one-worker: same topology and settings', () => {
    const docs = synthChartValid((chart) => {
      new SparkStandaloneCluster(chart, 'Qa', {
        name: 'qa',
        sparkVersion: SparkVersion.V4_2_0,
        image: 'apache/spark:4.2.0-scala',
        workers: 1,
        restServer: true,
        sparkConf: { 'spark.master.ui.title': 'QA Spark Cluster', 'spark.master.rest.host': '0.0.0.0', 'spark.ui.reverseProxy': 'true' },
      });
    });
    expect(findObject(docs, 'Deployment', 'qa-worker').spec.replicas).toBe(1);
    expect(docs).toMatchSnapshot();
  });

  test('a secured, autoscaled cluster with a job submitted to it', () => {
    const docs = synthChartValid((chart) => {
      const c = new SparkStandaloneCluster(chart, 'Cluster', {
        name: 'etl',
        workers: 2,
        workerCores: 2,
        workerMemory: Size.gibibytes(4),
        autoscaling: { maxWorkers: 6 },
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
    expect(docs).toMatchSnapshot();
  });

  test('escape hatch: JSON patches reach the output', () => {
    const docs = synthChartValid((chart) => {
      const c = new SparkStandaloneCluster(chart, 'Cluster', { name: 'spark' });
      ApiObject.of(c.workers).addJsonPatch(JsonPatch.add('/spec/minReadySeconds', 10));
      ApiObject.of(c.master).addJsonPatch(JsonPatch.add('/metadata/annotations', { 'example.com/owner': 'data' }));
    });
    expect(findObject(docs, 'Deployment', 'spark-worker').spec.minReadySeconds).toBe(10);
    expect(findObject(docs, 'StatefulSet', 'spark-master').metadata.annotations).toEqual({ 'example.com/owner': 'data' });
  });

  describe('fails', () => {
    test('fails with fewer than one worker', () => {
      expect(() => build({ workers: 0 })).toThrow("[test/Cluster] 'workers' must be at least 1, got 0; run at least one worker");
    });
    test('fails with zero worker cores', () => {
      expect(() => build({ workerCores: 0 })).toThrow("[test/Cluster] 'workerCores' must be at least 1, got 0; offer at least one whole core per worker");
    });
    test('fails with worker memory below the smallest executor', () => {
      expect(() => build({ workerMemory: Size.mebibytes(256) })).toThrow(
        "[test/Cluster] 'workerMemory' must be at least 450m, the smallest executor heap Spark accepts (1.5 × 300 MiB reserved), got '256m'; use Size.mebibytes(512) or more");
    });
    test('fails when the worker pod memory leaves no room for the JVM overhead', () => {
      expect(() => build({ workerMemory: Size.gibibytes(4), workerPodMemory: Size.gibibytes(4) })).toThrow(
        "[test/Cluster] 'workerPodMemory' must hold the executors' 4g, the worker daemon's 1g and their JVM overhead: at least 5632Mi, got '4Gi'; raise it to 5632Mi or lower 'workerMemory'");
    });
    test('fails with network encryption but no secret', () => {
      expect(() => build({ networkEncryption: true })).toThrow(
        "[test/Cluster] 'authenticationSecret' must be set for network encryption (a standalone cluster has no per-application secret: every daemon and application shares one), got nothing; create a Secret with a long random value and pass { secret: Secret.fromSecretName(this, 'Auth', 'spark-auth'), key: 'secret' }");
    });
    test('fails with RPC authentication but no secret', () => {
      expect(() => build({ sparkConf: { 'spark.authenticate': 'true' } })).toThrow(
        "[test/Cluster] 'authenticationSecret' must be set for RPC authentication (a standalone cluster has no per-application secret: every daemon and application shares one), got nothing; create a Secret with a long random value and pass { secret: Secret.fromSecretName(this, 'Auth', 'spark-auth'), key: 'secret' }");
    });
    test('fails with a literal secret in the configuration', () => {
      expect(() => build({ sparkConf: { 'spark.authenticate.secret': 'hunter2' } })).toThrow(
        "[test/Cluster] 'sparkConf.spark.authenticate.secret' sets 'spark.authenticate.secret', which 'authenticationSecret' owns, got 'hunter2'; remove it and use 'authenticationSecret'");
    });
    test('fails with network encryption on Spark 3.5', () => {
      const chart = new Chart(Testing.app(), 'test', { namespace: 'spark-jobs' });
      expect(() => new SparkStandaloneCluster(chart, 'Cluster', { sparkVersion: SparkVersion.V3_5_8, authenticationSecret: auth(chart), networkEncryption: true })).toThrow(
        "[test/Cluster] 'networkEncryption' needs Spark 4.0 or later for the AES-GCM cipher (the AES-CTR mode of Spark 3.5.8 is unauthenticated, CVE-2025-55039), got true; use SparkVersion.V4_0_4 or later");
    });
    test('fails when autoscaling allows fewer workers than the minimum', () => {
      expect(() => build({ workers: 3, autoscaling: { maxWorkers: 2 } })).toThrow("[test/Cluster] 'autoscaling.maxWorkers' must be at least 3, got 2; allow at least 'workers' (3)");
    });
    test('fails with an unpinned image', () => {
      expect(() => build({ image: 'apache/spark' })).toThrow("[test/Cluster] 'image' must pin a tag or digest");
    });
  });
});
