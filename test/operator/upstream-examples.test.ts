import * as fs from 'fs';
import * as path from 'path';
import { Chart, Duration, Size } from 'cdk8s';
import { ConfigMap, Cpu, EnvValue, ImagePullPolicy, Secret, ServiceAccount } from 'cdk8s-plus-28';
import * as YAML from 'yaml';
import { ApplicationFile, BatchScheduler, ConcurrencyPolicy, EmptyDirMedium, Monitoring, PythonVersion, RestartPolicy, ScheduledSparkApplication, SparkApplication, SparkApplicationProps, SparkEnvFrom, SparkVolume } from '../../src';
import { findObject, synthChartValid } from '../harness';
import { needsShared, sharedPath } from '../harness/shared-data';

/**
 * Every upstream Kubeflow example whose kind is SparkApplication or
 * ScheduledSparkApplication, written with the typed API. Each equivalent
 * passes the harness (schema-valid, nothing pruned, restricted pods) and
 * keeps every upstream spec field, except the pod settings the operator only
 * applies through its webhook, which move into the pod templates.
 */
const EXAMPLES = sharedPath('upstream', 'kubeflow-spark-operator', 'examples');
const withExamples = needsShared(EXAMPLES, 'the upstream Kubeflow examples written with the typed API');

/** Upstream spec fields that move into driver.template / executor.template (webhook-only), or are replaced on purpose. */
const MOVED = [
  /^(driver|executor)\.securityContext/, /^(driver|executor)\.labels/, /^(driver|executor)\.volumeMounts/, /^volumes/,
  /^(driver|executor)\.template/,
];

function upstream(file: string): any {
  const docs = YAML.parseAllDocuments(fs.readFileSync(path.join(EXAMPLES, file), 'utf-8')).map((d) => d.toJS()).filter((d) => d);
  return docs.find((d) => d.kind === 'SparkApplication' || d.kind === 'ScheduledSparkApplication');
}

/** Every leaf of the upstream spec outside MOVED must be equal in ours. */
function expectSameSpec(ours: any, theirs: any, ignore: RegExp[] = []): void {
  const walk = (node: any, at: string[]): void => {
    const p = at.join('.');
    if ([...MOVED, ...ignore].some((re) => re.test(p))) return;
    if (node !== null && typeof node === 'object' && !Array.isArray(node)) {
      for (const [k, v] of Object.entries(node)) walk(v, [...at, k]);
      return;
    }
    const mine = at.reduce((o: any, k) => (o === undefined ? undefined : o[k]), ours);
    expect({ path: p, value: mine }).toEqual({ path: p, value: node });
  };
  walk(theirs, []);
}

const SA = 'spark-operator-spark';
const PI_JAR = ApplicationFile.fromImagePath('/opt/spark/examples/jars/spark-examples.jar');
const PI = { mainApplicationFile: PI_JAR, mainClass: 'org.apache.spark.examples.SparkPi', image: 'docker.io/apache/spark:4.0.4', imagePullPolicy: ImagePullPolicy.IF_NOT_PRESENT };

function synth(file: string, build: (chart: Chart, driverAccount: ServiceAccount) => void, ignore: RegExp[] = []): any {
  const docs = synthChartValid((chart) => build(chart, ServiceAccount.fromServiceAccountName(chart, 'Sa', SA) as ServiceAccount), { externalServiceAccounts: [`spark-jobs/${SA}`] });
  const theirs = upstream(file);
  const ours = findObject(docs, theirs.kind);
  expect(ours.metadata.name).toBe(theirs.metadata.name);
  expectSameSpec(ours.spec, theirs.spec, ignore);
  return ours;
}

function pi(chart: Chart, sa: ServiceAccount, name: string, props: Partial<SparkApplicationProps> = {}): SparkApplication {
  return new SparkApplication(chart, 'App', {
    ...PI,
    name,
    ...props,
    driver: { cores: 1, memory: Size.mebibytes(512), serviceAccount: sa, ...props.driver },
    executor: { instances: 1, cores: 1, memory: Size.mebibytes(512), ...props.executor },
  });
}

withExamples.describe('upstream Kubeflow examples written with the typed API', () => {
  test('spark-pi.yaml', () => {
    const ours = synth('spark-pi.yaml', (chart, sa) => pi(chart, sa, 'spark-pi', {
      arguments: ['5000'], driver: { labels: { version: '4.0.0' } }, executor: { labels: { version: '4.0.0' } },
    }));
    expect(ours.spec.driver.template.metadata.labels).toEqual({ version: '4.0.0' });
  });

  test('spark-pi-configmap.yaml', () => {
    const ours = synth('spark-pi-configmap.yaml', (chart, sa) => pi(chart, sa, 'spark-pi-configmap', {
      restartPolicy: RestartPolicy.never(),
      volumes: [{ volume: SparkVolume.fromConfigMap(ConfigMap.fromConfigMapName(chart, 'Cm', 'test-configmap'), { name: 'config-vol' }), path: '/opt/spark/config' }],
    }));
    for (const role of ['driver', 'executor']) {
      expect(ours.spec[role].template.spec.volumes).toContainEqual({ name: 'config-vol', configMap: { name: 'test-configmap' } });
      expect(ours.spec[role].template.spec.containers[0].volumeMounts).toContainEqual({ name: 'config-vol', mountPath: '/opt/spark/config' });
    }
  });

  test('spark-pi-custom-resource.yaml', () => {
    synth('spark-pi-custom-resource.yaml', (chart, sa) => pi(chart, sa, 'spark-pi-custom-resource', {
      restartPolicy: RestartPolicy.never(),
      driver: { coreRequest: Cpu.millis(500), coreLimit: Cpu.millis(800) },
      executor: { coreRequest: Cpu.millis(1200), coreLimit: Cpu.millis(1500) },
    }), [/^driver\.coreRequest$/, /^driver\.cores$/, /^executor\.cores$/]);
  });

  test('spark-pi-custom-resource.yaml: coreRequest "0.5" is the canonical 500m', () => {
    const docs = synthChartValid((chart) => pi(chart, ServiceAccount.fromServiceAccountName(chart, 'Sa', SA) as ServiceAccount, 'x', { driver: { coreRequest: Cpu.units(0.5) } }), { externalServiceAccounts: [`spark-jobs/${SA}`] });
    expect(findObject(docs, 'SparkApplication').spec.driver.coreRequest).toBe('500m');
  });

  test('spark-pi-dynamic-allocation.yaml (executor.instances is replaced by initialExecutors)', () => {
    const ours = synth('spark-pi-dynamic-allocation.yaml', (chart, sa) => new SparkApplication(chart, 'App', {
      ...PI,
      name: 'spark-pi-dynamic-allocation',
      driver: { cores: 1, memory: Size.mebibytes(512), serviceAccount: sa },
      executor: { cores: 1, memory: Size.mebibytes(512) },
      dynamicAllocation: { initialExecutors: 2, minExecutors: 1, maxExecutors: 5 },
    }), [/^executor\.instances$/]);
    expect(ours.spec.dynamicAllocation.shuffleTrackingEnabled).toBe(true);
  });

  test('spark-pi-emptydir.yaml (a volume named spark-local-dir-* becomes Spark\'s local directory)', () => {
    const ours = synth('spark-pi-emptydir.yaml', (chart, sa) => {
      const scratch = SparkVolume.fromEmptyDir('spark-local-dir-1', { medium: EmptyDirMedium.MEMORY, sizeLimit: Size.gibibytes(1) });
      pi(chart, sa, 'spark-pi', {
        arguments: ['5000'],
        volumes: [{ volume: scratch, path: '/datadir' }],
        driver: { labels: { version: '4.0.0' } },
        executor: { labels: { version: '4.0.0' } },
      });
    });
    const executor = ours.spec.executor.template.spec;
    expect(executor.volumes.filter((v: any) => v.name.startsWith('spark-local-dir-'))).toEqual([{ name: 'spark-local-dir-1', emptyDir: { medium: 'Memory', sizeLimit: '1Gi' } }]);
    expect(executor.containers[0].volumeMounts).toContainEqual({ name: 'spark-local-dir-1', mountPath: '/datadir' });
  });

  test('spark-pi-kube-scheduler.yaml', () => {
    synth('spark-pi-kube-scheduler.yaml', (chart, sa) => pi(chart, sa, 'spark-pi-kube-scheduler', { batchScheduler: BatchScheduler.KUBE_SCHEDULER, executor: { instances: 2 } }));
  });

  test('spark-pi-volcano.yaml', () => {
    synth('spark-pi-volcano.yaml', (chart, sa) => pi(chart, sa, 'spark-pi-volcano', { batchScheduler: BatchScheduler.VOLCANO, executor: { instances: 2 } }));
  });

  test('spark-pi-yunikorn.yaml', () => {
    synth('spark-pi-yunikorn.yaml', (chart, sa) => pi(chart, sa, 'spark-pi-yunikorn', {
      batchScheduler: BatchScheduler.YUNIKORN, batchSchedulerOptions: { queue: 'root.default' }, executor: { instances: 2 },
    }));
  });

  test('spark-pi-python.yaml', () => {
    synth('spark-pi-python.yaml', (chart, sa) => pi(chart, sa, 'spark-pi-python', {
      mainApplicationFile: ApplicationFile.fromImagePath('/opt/spark/examples/src/main/python/pi.py'), mainClass: undefined, pythonVersion: PythonVersion.PYTHON_3,
    }));
  });

  test('spark-pi-ttl.yaml', () => {
    synth('spark-pi-ttl.yaml', (chart, sa) => pi(chart, sa, 'spark-pi-ttl', { timeToLive: Duration.seconds(30) }));
  });

  test('spark-pi-prometheus.yaml (a concrete image instead of the registry placeholder)', () => {
    synth('spark-pi-prometheus.yaml', (chart, sa) => pi(chart, sa, 'spark-pi', {
      image: 'registry.example.com/spark:4.0.4-gcs-prometheus',
      imagePullPolicy: ImagePullPolicy.ALWAYS,
      arguments: ['100000'],
      restartPolicy: RestartPolicy.never(),
      monitoring: Monitoring.jmxExporter({ jmxExporterJar: '/prometheus/jmx_prometheus_javaagent-0.11.0.jar', port: 8090 }),
      driver: { labels: { version: '4.0.0' } },
      executor: { labels: { version: '4.0.0' } },
    }), [/^image$/]);
  });

  test('spark-pi-prometheus-servlet.yaml (the scrape annotations move to typed settings)', () => {
    const ours = synth('spark-pi-prometheus-servlet.yaml', (chart, sa) => pi(chart, sa, 'spark-pi-python', {
      mainApplicationFile: ApplicationFile.fromImagePath('/opt/spark/examples/src/main/python/pi.py'),
      mainClass: undefined,
      monitoring: Monitoring.prometheusServlet(),
    }), [/^sparkConf\.spark\.kubernetes\.driver\.(service\.)?annotation\./]);
    expect(ours.spec.driver.serviceAnnotations).toEqual({ 'prometheus.io/path': '/metrics/driver/prometheus/', 'prometheus.io/port': '4040', 'prometheus.io/scrape': 'true' });
    expect(ours.spec.driver.template.metadata.annotations).toEqual({ 'prometheus.io/path': '/metrics/executors/prometheus/', 'prometheus.io/port': '4040', 'prometheus.io/scrape': 'true' });
  });

  test('spark-pi-pod-template.yaml (pod settings as typed props; resources through cores/memory)', () => {
    const ours = synth('spark-pi-pod-template.yaml', (chart, sa) => {
      const cm = ConfigMap.fromConfigMapName(chart, 'Cm', 'test-configmap');
      const cm2 = ConfigMap.fromConfigMapName(chart, 'Cm2', 'test-configmap-2');
      const secret = Secret.fromSecretName(chart, 'S', 'test-secret');
      const secret2 = Secret.fromSecretName(chart, 'S2', 'test-secret-2');
      const common = {
        labels: { 'spark.apache.org/version': '4.0.0' },
        annotations: { 'spark.apache.org/version': '4.0.0' },
        env: {
          KEY0: EnvValue.fromValue('VALUE0'),
          KEY1: EnvValue.fromConfigMap(cm, 'KEY1'),
          KEY2: EnvValue.fromSecretValue({ secret, key: 'KEY2' }),
        },
        envFrom: [SparkEnvFrom.configMap(cm2), SparkEnvFrom.secret(secret2)],
        nodeSelector: { 'kubernetes.io/os': 'linux' },
        affinity: {
          podAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [{
              weight: 1,
              podAffinityTerm: { labelSelector: { matchLabels: { 'spark-app-name': 'spark-pi-pod-template' } }, topologyKey: 'kubernetes.io/hostname' },
            }],
          },
        },
        tolerations: [{ operator: 'Exists', effect: 'NoSchedule' }],
      };
      new SparkApplication(chart, 'App', {
        ...PI,
        name: 'spark-pi-pod-template',
        arguments: ['10000'],
        driver: { ...common, cores: 1, coreLimit: Cpu.units(1), memory: Size.mebibytes(512), memoryOverhead: Size.mebibytes(512), serviceAccount: sa, ports: [{ name: 'custom-port', number: 12345 }] },
        executor: {
          ...common,
          instances: 1,
          cores: 1,
          coreLimit: Cpu.millis(1500),
          memory: Size.gibibytes(1),
          memoryOverhead: Size.mebibytes(512),
          volumes: [{ volume: SparkVolume.fromEmptyDir('spark-local-dir-1', { sizeLimit: Size.mebibytes(100) }), path: '/mnt/disk1' }],
        },
      });
    });
    const driver = ours.spec.driver.template;
    expect(driver.metadata).toEqual({ labels: { 'spark.apache.org/version': '4.0.0' }, annotations: { 'spark.apache.org/version': '4.0.0' } });
    const main = driver.spec.containers[0];
    expect(main.env).toEqual([
      { name: 'KEY0', value: 'VALUE0' },
      { name: 'KEY1', valueFrom: { configMapKeyRef: { name: 'test-configmap', key: 'KEY1' } } },
      { name: 'KEY2', valueFrom: { secretKeyRef: { name: 'test-secret', key: 'KEY2' } } },
    ]);
    expect(main.envFrom).toEqual([{ configMapRef: { name: 'test-configmap-2' } }, { secretRef: { name: 'test-secret-2' } }]);
    expect(main.ports).toEqual([{ name: 'custom-port', containerPort: 12345, protocol: 'TCP' }]);
    expect(driver.spec.tolerations).toEqual([{ operator: 'Exists', effect: 'NoSchedule' }]);
    // The hardening the upstream example puts in the pod-level securityContext (where capabilities and
    // allowPrivilegeEscalation do not exist) sits on the container here.
    expect(main.securityContext).toMatchObject({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    expect(driver.spec.securityContext.capabilities).toBeUndefined();
    expect(ours.spec.executor.template.spec.volumes).toContainEqual({ name: 'spark-local-dir-1', emptyDir: { sizeLimit: '100Mi' } });
  });

  test('spark-pi-scheduled.yaml', () => {
    synth('spark-pi-scheduled.yaml', (chart, sa) => new ScheduledSparkApplication(chart, 'Scheduled', {
      ...PI,
      name: 'spark-pi-scheduled',
      schedule: '@every 3m',
      concurrencyPolicy: ConcurrencyPolicy.ALLOW,
      restartPolicy: RestartPolicy.never(),
      driver: { cores: 1, memory: Size.mebibytes(512), serviceAccount: sa },
      executor: { instances: 1, cores: 1, memory: Size.mebibytes(512) },
    }), [/^template\.(driver|executor)\.(securityContext|template)/]);
  });

  test('every upstream SparkApplication and ScheduledSparkApplication example is covered', () => {
    const covered = new Set(['spark-pi.yaml', 'spark-pi-configmap.yaml', 'spark-pi-custom-resource.yaml', 'spark-pi-dynamic-allocation.yaml', 'spark-pi-emptydir.yaml',
      'spark-pi-kube-scheduler.yaml', 'spark-pi-volcano.yaml', 'spark-pi-yunikorn.yaml', 'spark-pi-python.yaml', 'spark-pi-ttl.yaml', 'spark-pi-prometheus.yaml',
      'spark-pi-prometheus-servlet.yaml', 'spark-pi-pod-template.yaml', 'spark-pi-scheduled.yaml']);
    const files = fs.readdirSync(EXAMPLES).filter((f) => upstream(f) !== undefined);
    expect(files.sort()).toEqual([...covered].sort());
  });
});
