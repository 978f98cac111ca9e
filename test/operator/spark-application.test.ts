import { ApiObject, Chart, Duration, JsonPatch, Size, Testing } from 'cdk8s';
import { ConfigMap, Cpu, EnvValue, ImagePullPolicy, PersistentVolumeClaim, Secret, ServiceAccount, ServiceType } from 'cdk8s-plus-28';
import {
  ApplicationFile, BatchScheduler, DeployMode, EventLog, Monitoring, PythonVersion, RestartPolicy, S3a, SecurityOptOut, SparkApplication, SparkApplicationProps, SparkApplicationType,
  SparkDriverRbac, SparkEnvFrom, SparkJobNamespace, SparkOperator, SparkVersion, SparkVolume,
} from '../../src';
import { findObject, findObjects, synthChartValid, synthValid } from '../harness';
import { chartErrorOf } from '../harness/expect-error';

/** A scope for references to objects the tests do not create. */
const REFS = new Chart(Testing.app(), 'refs');

const JAR = ApplicationFile.fromImagePath('/opt/spark/examples/jars/spark-examples.jar');
const PI: SparkApplicationProps = { mainApplicationFile: JAR, mainClass: 'org.apache.spark.examples.SparkPi' };

function newChart(): Chart {
  return new Chart(Testing.app(), 'test', { namespace: 'spark-jobs' });
}

/** Synthesizes one SparkApplication through the harness and returns its spec. */
function specOf(props: Partial<SparkApplicationProps>, after?: (app: SparkApplication, chart: Chart) => void): any {
  const docs = synthChartValid((chart) => {
    const app = new SparkApplication(chart, 'App', { ...PI, ...props } as SparkApplicationProps);
    after?.(app, chart);
  });
  return findObject(docs, 'SparkApplication').spec;
}

/** The error a SparkApplication with these props raises. */
function errorOf(props: Partial<SparkApplicationProps>): string {
  return chartErrorOf((chart) => new SparkApplication(chart, 'App', { ...PI, ...props } as SparkApplicationProps));
}

describe('SparkApplication', () => {
  test('defaults', () => {
    const docs = synthChartValid((chart) => {
      new SparkApplication(chart, 'App', PI);
    });
    const app = findObject(docs, 'SparkApplication');
    expect(app.apiVersion).toBe('sparkoperator.k8s.io/v1beta2');
    expect(app.metadata).toEqual({ name: 'test-app-c88c38e4', namespace: 'spark-jobs' });
    const spec = app.spec;
    expect(spec.type).toBe('Scala');
    expect(spec.mode).toBe('cluster');
    expect(spec.sparkVersion).toBe('4.0.4');
    expect(spec.image).toBe('apache/spark:4.0.4');
    expect(spec.imagePullPolicy).toBe('IfNotPresent');
    expect(spec.mainApplicationFile).toBe('local:///opt/spark/examples/jars/spark-examples.jar');
    expect(spec.restartPolicy).toEqual({ type: 'Never' });
    expect(spec.driver).toMatchObject({ cores: 1, memory: '1g', serviceAccount: 'test-app-c88c38e4-driver' });
    expect(spec.executor).toMatchObject({ cores: 1, memory: '1g', instances: 1 });
    expect(spec.sparkConf).toBeUndefined();
    expect(spec.dynamicAllocation).toBeUndefined();
    expect(spec.pythonVersion).toBeUndefined();
    // Nothing that needs the operator's webhook.
    for (const role of ['driver', 'executor']) {
      for (const field of ['env', 'envFrom', 'volumeMounts', 'securityContext', 'podSecurityContext', 'sidecars', 'tolerations', 'affinity', 'nodeSelector']) {
        expect(spec[role][field]).toBeUndefined();
      }
    }
    expect(spec.driver.template.spec.automountServiceAccountToken).toBe(true);
    expect(spec.driver.template.spec.serviceAccountName).toBe('test-app-c88c38e4-driver');
    expect(spec.executor.template.spec.automountServiceAccountToken).toBe(false);
    // The driver account and its least-privilege Role come first.
    expect(docs.map((d) => d.kind)).toEqual(['ServiceAccount', 'Role', 'RoleBinding', 'SparkApplication']);
    const role = findObject(docs, 'Role');
    expect(role.rules.flatMap((r: any) => r.resources).sort()).toEqual(['configmaps', 'persistentvolumeclaims', 'pods', 'services']);
    for (const rule of role.rules) {
      expect(rule.verbs).toEqual(['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection']);
    }
  });

  test('a realistic batch job', () => {
    const docs = synthChartValid((chart) => {
      const data = Secret.fromSecretName(chart, 'Data', 'warehouse-credentials');
      new SparkApplication(chart, 'Etl', {
        name: 'daily-etl',
        mainApplicationFile: ApplicationFile.fromUrl('s3a://jobs/etl.py'),
        arguments: ['--date', '2026-11-24'],
        s3a: new S3a({ credentials: data, endpoint: 'https://s3.eu-central-1.amazonaws.com', region: 'eu-central-1' }),
        deps: { pyFiles: [ApplicationFile.fromUrl('s3a://jobs/lib.zip')], packages: ['org.apache.hadoop:hadoop-aws:3.4.1'] },
        sparkConf: { 'spark.sql.adaptive.enabled': 'true' },
        restartPolicy: RestartPolicy.onFailure({ retries: 3, retryInterval: Duration.minutes(1) }),
        timeToLive: Duration.hours(12),
        driver: { cores: 1, memory: Size.gibibytes(2), labels: { team: 'data' } },
        executor: { instances: 4, cores: 2, memory: Size.gibibytes(6), labels: { team: 'data' } },
      });
    });
    expect(docs).toMatchSnapshot();
  });

  describe('props', () => {
    test('type is inferred from the main file', () => {
      expect(specOf({ mainApplicationFile: ApplicationFile.fromImagePath('/opt/spark/examples/src/main/python/pi.py'), mainClass: undefined }).type).toBe('Python');
      expect(specOf({ mainApplicationFile: ApplicationFile.fromImagePath('/opt/app/job.R'), mainClass: undefined }).type).toBe('R');
      expect(specOf({ type: SparkApplicationType.JAVA }).type).toBe('Java');
    });

    test('Python applications get pythonVersion 3 and a 0.4 overhead factor', () => {
      const docs = synthChartValid((chart) => {
        const app = new SparkApplication(chart, 'Py', { mainApplicationFile: ApplicationFile.fromImagePath('/opt/app/job.py'), driver: { memory: Size.gibibytes(2) } });
        expect(app.resourceBudget.driverMemoryMebibytes).toBe(2048 + 819);
      });
      expect(findObject(docs, 'SparkApplication').spec.pythonVersion).toBe('3');
      expect(specOf({ mainApplicationFile: ApplicationFile.fromImagePath('/opt/app/job.py'), mainClass: undefined, pythonVersion: PythonVersion.PYTHON_3 }).pythonVersion).toBe('3');
    });

    test('image, pull policy and pull secrets', () => {
      const spec = specOf({ image: 'registry.example.com/spark:4.0.4-custom', imagePullPolicy: ImagePullPolicy.ALWAYS });
      expect(spec.image).toBe('registry.example.com/spark:4.0.4-custom');
      expect(spec.imagePullPolicy).toBe('Always');
      const docs = synthChartValid((chart) => {
        new SparkApplication(chart, 'App', { ...PI, imagePullSecrets: [Secret.fromSecretName(chart, 'Pull', 'registry-creds')], executor: { image: 'registry.example.com/spark:4.0.4-gpu' } });
      });
      const s = findObject(docs, 'SparkApplication').spec;
      expect(s.imagePullSecrets).toEqual(['registry-creds']);
      expect(s.executor.image).toBe('registry.example.com/spark:4.0.4-gpu');
    });

    test('an image digest is accepted', () => {
      const digest = 'apache/spark@sha256:' + 'a'.repeat(64);
      expect(specOf({ image: digest }).image).toBe(digest);
    });

    test('sparkVersion sets the version and the default image', () => {
      const spec = specOf({ sparkVersion: SparkVersion.V3_5_8 });
      expect(spec.sparkVersion).toBe('3.5.8');
      expect(spec.image).toBe('apache/spark:3.5.8');
    });

    // H1: the operator's controller runs spark-submit (and any Spark 4.2 NetworkPolicyFeatureStep) with the Spark of its own
    // image (submission.go runSparkSubmit; Dockerfile FROM apache/spark:4.0.4): the driver never creates a NetworkPolicy.
    test('Spark 4.2 drivers get no networkpolicies rights (the operator\'s spark-submit, not the driver, runs submission steps)', () => {
      const docs = synthChartValid((chart) => new SparkApplication(chart, 'App', { ...PI, sparkVersion: SparkVersion.V4_2_0 }));
      expect(findObject(docs, 'Role').rules.flatMap((r: any) => r.resources)).toEqual(['pods', 'services', 'configmaps', 'persistentvolumeclaims']);
      const client = synthChartValid((chart) => new SparkApplication(chart, 'App', { ...PI, sparkVersion: SparkVersion.V4_2_0, mode: DeployMode.CLIENT }));
      expect(findObject(client, 'Role').rules.flatMap((r: any) => r.resources)).not.toContain('networkpolicies');
      expect(findObject(client, 'SparkApplication').spec.mode).toBe('client');
    });

    test('cores, CPU request and limit, memory and overhead', () => {
      const spec = specOf({
        driver: { cores: 2, coreRequest: Cpu.millis(500), coreLimit: Cpu.units(2), memory: Size.mebibytes(1536), memoryOverhead: Size.mebibytes(512), javaOptions: '-XX:+UseG1GC' },
        executor: { cores: 4, memory: Size.gibibytes(8) },
      });
      expect(spec.driver).toMatchObject({ cores: 2, coreRequest: '500m', coreLimit: '2', memory: '1536m', memoryOverhead: '512m', javaOptions: '-XX:+UseG1GC' });
      expect(spec.executor).toMatchObject({ cores: 4, memory: '8g' });
      expect(spec.executor.memoryOverhead).toBeUndefined();
    });

    test('env, envFrom, volumes and scheduling settings go into the pod templates', () => {
      const spec = specOf({}, () => undefined);
      expect(spec.driver.template.spec.nodeSelector).toBeUndefined();
      const docs = synthChartValid((chart) => {
        const secret = Secret.fromSecretName(chart, 'Db', 'db');
        const config = ConfigMap.fromConfigMapName(chart, 'Conf', 'app-config');
        new SparkApplication(chart, 'App', {
          ...PI,
          volumes: [{ volume: SparkVolume.fromConfigMap(config, { name: 'app-config' }), path: '/etc/app', readOnly: true }],
          driver: {
            env: { DB_PASSWORD: EnvValue.fromSecretValue({ secret, key: 'password' }), MODE: EnvValue.fromValue('batch') },
            envFrom: [SparkEnvFrom.configMap(config)],
            nodeSelector: { 'kubernetes.io/os': 'linux' },
            tolerations: [{ key: 'spark', operator: 'Exists', effect: 'NoSchedule' }],
            affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'pool', operator: 'In', values: ['batch'] }] }] } } },
            annotations: { 'example.com/owner': 'data' },
            priorityClassName: 'batch-high',
            terminationGracePeriod: Duration.seconds(60),
            schedulerName: 'volcano',
            hostAliases: [{ ip: '10.0.0.1', hostnames: ['metastore'] }],
            dnsConfig: { options: [{ name: 'ndots', value: '2' }] },
            shareProcessNamespace: false,
            lifecycle: { preStop: { exec: { command: ['/opt/decom.sh'] } } },
            ports: [{ name: 'metrics', number: 9090 }],
          },
          executor: { volumes: [{ volume: SparkVolume.fromEmptyDir('cache'), path: '/cache' }] },
        });
      });
      const t = findObject(docs, 'SparkApplication').spec;
      const driver = t.driver.template.spec;
      const main = driver.containers[0];
      expect(main.name).toBe('spark-kubernetes-driver');
      expect(main.env).toEqual([
        { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } },
        { name: 'MODE', value: 'batch' },
      ]);
      expect(main.envFrom).toEqual([{ configMapRef: { name: 'app-config' } }]);
      expect(main.ports).toEqual([{ name: 'metrics', containerPort: 9090, protocol: 'TCP' }]);
      expect(main.lifecycle).toEqual({ preStop: { exec: { command: ['/opt/decom.sh'] } } });
      expect(main.volumeMounts).toContainEqual({ name: 'app-config', mountPath: '/etc/app', readOnly: true });
      expect(driver.volumes).toContainEqual({ name: 'app-config', configMap: { name: 'app-config' } });
      expect(driver.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux' });
      expect(driver.tolerations).toEqual([{ key: 'spark', operator: 'Exists', effect: 'NoSchedule' }]);
      expect(driver.affinity.nodeAffinity).toBeDefined();
      expect(driver.priorityClassName).toBe('batch-high');
      expect(driver.terminationGracePeriodSeconds).toBe(60);
      expect(driver.schedulerName).toBe('volcano');
      expect(driver.hostAliases).toEqual([{ ip: '10.0.0.1', hostnames: ['metastore'] }]);
      expect(driver.dnsConfig).toEqual({ options: [{ name: 'ndots', value: '2' }] });
      expect(t.driver.template.metadata.annotations).toEqual({ 'example.com/owner': 'data' });
      const executor = t.executor.template.spec;
      expect(executor.volumes.map((v: any) => v.name)).toEqual(['tmp', 'spark-work-dir', 'spark-local-dir-1', 'app-config', 'cache']);
      expect(executor.nodeSelector).toBeUndefined();
    });

    test('sidecars and init containers are hardened like the Spark container', () => {
      const docs = synthChartValid((chart) => {
        new SparkApplication(chart, 'App', {
          ...PI,
          driver: {
            sidecars: [{ name: 'log-shipper', image: 'fluent/fluent-bit:3.2.0', resources: { requests: { cpu: { value: '50m' } as any }, limits: { memory: { value: '64Mi' } as any } } }],
            initContainers: [{ name: 'wait', image: 'busybox:1.37', command: ['sh', '-c', 'true'], resources: { requests: { cpu: { value: '10m' } as any }, limits: { memory: { value: '16Mi' } as any } } }],
          },
        });
      });
      const spec = findObject(docs, 'SparkApplication').spec.driver.template.spec;
      const sidecar = spec.containers[1];
      expect(sidecar.name).toBe('log-shipper');
      expect(sidecar.securityContext).toEqual({ allowPrivilegeEscalation: false, privileged: false, readOnlyRootFilesystem: true, runAsNonRoot: true, runAsUser: 185, capabilities: { drop: ['ALL'] } });
      expect(sidecar.resources).toEqual({ requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '64Mi' } });
      expect(spec.initContainers[0].securityContext.allowPrivilegeEscalation).toBe(false);
    });

    test('GPUs go through Spark resource scheduling, not the webhook', () => {
      const spec = specOf({ executor: { gpu: { amount: 2, taskAmount: 1 } } });
      expect(spec.sparkConf).toEqual({
        'spark.executor.resource.gpu.amount': '2',
        'spark.executor.resource.gpu.discoveryScript': '/opt/spark/examples/src/main/scripts/getGpusResources.sh',
        'spark.executor.resource.gpu.vendor': 'nvidia.com',
        'spark.task.resource.gpu.amount': '1',
      });
      expect(spec.executor.gpu).toBeUndefined();
    });

    test('sparkConf and hadoopConf are sorted string maps', () => {
      const spec = specOf({ sparkConf: { 'spark.sql.shuffle.partitions': '8', 'spark.serializer': 'org.apache.spark.serializer.KryoSerializer' }, hadoopConf: { 'fs.s3a.fast.upload': 'true', 'fs.s3a.connection.maximum': '200' } });
      // fs.s3a.* settings use S3A: its package (and the Ivy directory) come with them.
      expect(Object.keys(spec.sparkConf)).toEqual(['spark.jars.ivy', 'spark.serializer', 'spark.sql.shuffle.partitions']);
      expect(spec.deps.packages).toEqual(['org.apache.hadoop:hadoop-aws:3.4.1']);
      expect(Object.keys(spec.hadoopConf)).toEqual(['fs.s3a.connection.maximum', 'fs.s3a.fast.upload']);
    });

    test('secret references in sparkConf are allowed', () => {
      const spec = specOf({ sparkConf: { 'spark.kubernetes.driver.secretKeyRef.DB_PASSWORD': 'db:password', 'spark.authenticate.secret.file': '/etc/spark/secret' } });
      expect(spec.sparkConf['spark.kubernetes.driver.secretKeyRef.DB_PASSWORD']).toBe('db:password');
    });

    test('spark.kubernetes.namespace equal to the namespace is accepted', () => {
      // Accepted, and not repeated: the operator sets it from the namespace (submission.go namespaceOption).
      expect(specOf({ sparkConf: { 'spark.kubernetes.namespace': 'spark-jobs' } }).sparkConf).toBeUndefined();
    });

    test('dependencies', () => {
      const spec = specOf({
        deps: {
          jars: [ApplicationFile.fromUrl('https://repo.example.com/udfs-1.0.jar')],
          files: [ApplicationFile.fromImagePath('/opt/app/lookup.csv')],
          archives: [ApplicationFile.fromUrl('s3a://jobs/env.tar.gz')],
          packages: ['org.apache.hadoop:hadoop-aws:3.4.1'],
          excludePackages: ['com.amazonaws:aws-java-sdk-bundle'],
          repositories: ['https://repo.example.com/maven2'],
        },
      });
      expect(spec.deps).toEqual({
        jars: ['https://repo.example.com/udfs-1.0.jar'],
        files: ['local:///opt/app/lookup.csv'],
        archives: ['s3a://jobs/env.tar.gz'],
        packages: ['org.apache.hadoop:hadoop-aws:3.4.1'],
        excludePackages: ['com.amazonaws:aws-java-sdk-bundle'],
        repositories: ['https://repo.example.com/maven2'],
      });
      expect(spec.sparkConf['spark.jars.ivy']).toBe('/tmp/.ivy2');
    });

    test('dynamic allocation with shuffle tracking', () => {
      const spec = specOf({ dynamicAllocation: { minExecutors: 1, initialExecutors: 2, maxExecutors: 8, shuffleTrackingTimeout: Duration.minutes(5) } });
      expect(spec.dynamicAllocation).toEqual({ enabled: true, minExecutors: 1, initialExecutors: 2, maxExecutors: 8, shuffleTrackingEnabled: true, shuffleTrackingTimeout: 300000 });
      expect(spec.executor.instances).toBeUndefined();
    });

    test('restart policies', () => {
      expect(specOf({ restartPolicy: RestartPolicy.never() }).restartPolicy).toEqual({ type: 'Never' });
      expect(specOf({ restartPolicy: RestartPolicy.onFailure({ retries: 3, submissionRetries: 2, submissionRetryInterval: Duration.seconds(30) }) }).restartPolicy)
        .toEqual({ type: 'OnFailure', onFailureRetries: 3, onFailureRetryInterval: 5, onSubmissionFailureRetries: 2, onSubmissionFailureRetryInterval: 30 });
      expect(specOf({ restartPolicy: RestartPolicy.always() }).restartPolicy).toEqual({ type: 'Always', onFailureRetryInterval: 5, onSubmissionFailureRetryInterval: 5 });
    });

    test('retries, TTL, suspend, proxy user, overhead factor', () => {
      const spec = specOf({ failureRetries: 2, retryInterval: Duration.seconds(10), timeToLive: Duration.hours(1), suspend: true, proxyUser: 'etl', memoryOverheadFactor: 0.2 });
      expect(spec).toMatchObject({ failureRetries: 2, retryInterval: 10, timeToLiveSeconds: 3600, suspend: true, proxyUser: 'etl', memoryOverheadFactor: '0.2' });
    });

    test('Prometheus servlet monitoring is configuration only', () => {
      const spec = specOf({ monitoring: Monitoring.prometheusServlet() });
      expect(spec.monitoring).toBeUndefined();
      expect(spec.sparkConf['spark.ui.prometheus.enabled']).toBe('true');
      expect(spec.sparkConf['spark.metrics.conf.*.sink.prometheusServlet.class']).toBe('org.apache.spark.metrics.sink.PrometheusServlet');
      expect(spec.driver.template.metadata.annotations['prometheus.io/scrape']).toBe('true');
      expect(specOf({ monitoring: Monitoring.prometheusServlet({ scrapeAnnotations: false }) }).driver.template.metadata).toBeUndefined();
    });

    test('the JMX exporter is the operator\'s monitoring block and is reported as webhook-dependent', () => {
      let deps: string[] = [];
      const spec = specOf({ monitoring: Monitoring.jmxExporter({ jmxExporterJar: '/prometheus/jmx_prometheus_javaagent-0.11.0.jar' }) }, (app) => {
        deps = app.webhookDependencies;
      });
      expect(spec.monitoring).toEqual({ exposeDriverMetrics: true, exposeExecutorMetrics: true, prometheus: { jmxExporterJar: '/prometheus/jmx_prometheus_javaagent-0.11.0.jar', port: 8090 } });
      expect(deps).toEqual(['monitoring (JMX exporter)']);
    });

    test('batch scheduler, UI options and driver ingress', () => {
      const spec = specOf({
        batchScheduler: BatchScheduler.VOLCANO,
        batchSchedulerOptions: { queue: 'analytics', priorityClassName: 'high', resources: { memory: '8Gi', cpu: '4' } },
        sparkUiOptions: { servicePort: 4040, serviceType: ServiceType.CLUSTER_IP, ingressAnnotations: { 'kubernetes.io/ingress.class': 'nginx' }, ingressTls: [{ hosts: ['spark.example.com'], secret: Secret.fromSecretName(REFS, 'Tls', 'spark-tls') }] },
        driverIngressOptions: [{ servicePort: 8080, servicePortName: 'api', ingressUrlFormat: '{{$appName}}.example.com' }],
      });
      expect(spec.batchScheduler).toBe('volcano');
      expect(spec.batchSchedulerOptions).toEqual({ queue: 'analytics', priorityClassName: 'high', resources: { cpu: '4', memory: '8Gi' } });
      expect(spec.sparkUIOptions).toEqual({ servicePort: 4040, serviceType: 'ClusterIP', ingressAnnotations: { 'kubernetes.io/ingress.class': 'nginx' }, ingressTLS: [{ hosts: ['spark.example.com'], secretName: 'spark-tls' }] });
      expect(spec.driverIngressOptions).toEqual([{ servicePort: 8080, servicePortName: 'api', ingressURLFormat: '{{$appName}}.example.com' }]);
    });

    test('sparkConfigMap and hadoopConfigMap are reported as webhook-dependent', () => {
      let deps: string[] = [];
      const spec = specOf({}, (app) => deps = app.webhookDependencies);
      expect(deps).toEqual([]);
      const docs = synthChartValid((chart) => {
        const app = new SparkApplication(chart, 'App', { ...PI, sparkConfigMap: ConfigMap.fromConfigMapName(chart, 'S', 'spark-conf'), hadoopConfigMap: ConfigMap.fromConfigMapName(chart, 'H', 'hadoop-conf') });
        deps = app.webhookDependencies;
      });
      expect(findObject(docs, 'SparkApplication').spec).toMatchObject({ sparkConfigMap: 'spark-conf', hadoopConfigMap: 'hadoop-conf' });
      expect(deps).toEqual(['sparkConfigMap', 'hadoopConfigMap']);
      expect(spec.sparkConfigMap).toBeUndefined();
    });

    test('an existing service account or job namespace replaces the generated RBAC', () => {
      const docs = synthChartValid((chart) => {
        new SparkApplication(chart, 'App', { ...PI, driver: { serviceAccount: ServiceAccount.fromServiceAccountName(chart, 'Sa', 'spark-driver') } });
      }, { externalServiceAccounts: ['spark-jobs/spark-driver'] });
      expect(findObjects(docs, 'Role')).toHaveLength(0);
      expect(findObject(docs, 'SparkApplication').spec.driver.serviceAccount).toBe('spark-driver');

      const existing = synthChartValid((chart) => {
        new SparkApplication(chart, 'App', { ...PI, jobNamespace: SparkJobNamespace.fromNamespaceName(chart, 'Jobs', 'analytics', 'spark') });
      }, { externalServiceAccounts: ['analytics/spark'] });
      expect(findObject(existing, 'SparkApplication').metadata.namespace).toBe('analytics');
      expect(findObject(existing, 'SparkApplication').spec.driver.serviceAccount).toBe('spark');
      expect(findObjects(existing, 'ServiceAccount')).toHaveLength(0);

      const shared = synthChartValid((chart) => {
        const rbac = new SparkDriverRbac(chart, 'Drivers', { namespace: 'analytics', name: 'spark' });
        new SparkApplication(chart, 'A', { ...PI, jobNamespace: rbac });
        new SparkApplication(chart, 'B', { ...PI, jobNamespace: rbac });
      });
      expect(findObjects(shared, 'ServiceAccount')).toHaveLength(1);
      for (const app of findObjects(shared, 'SparkApplication')) {
        expect(app.metadata.namespace).toBe('analytics');
        expect(app.spec.driver.serviceAccount).toBe('spark');
      }
    });

    test('event log on object storage and on a shared volume', () => {
      const spec = specOf({ eventLog: EventLog.toUrl('s3a://logs/spark-events/') });
      expect(spec.sparkConf).toEqual({ 'spark.eventLog.dir': 's3a://logs/spark-events', 'spark.eventLog.enabled': 'true', 'spark.jars.ivy': '/tmp/.ivy2' });
      expect(spec.deps).toEqual({ packages: ['org.apache.hadoop:hadoop-aws:3.4.1'] });
      const docs = synthChartValid((chart) => {
        const claim = PersistentVolumeClaim.fromClaimName(chart, 'Events', 'spark-events');
        new SparkApplication(chart, 'App', { ...PI, eventLog: EventLog.onVolume(SparkVolume.fromPersistentVolumeClaim(claim, { name: 'spark-events' })) });
      });
      const s = findObject(docs, 'SparkApplication').spec;
      expect(s.sparkConf['spark.eventLog.dir']).toBe('file:///var/spark-events');
      expect(s.driver.template.spec.containers[0].volumeMounts).toContainEqual({ name: 'spark-events', mountPath: '/var/spark-events' });
      expect(s.executor.template.spec.volumes.map((v: any) => v.name)).not.toContain('spark-events');
    });

    test('labels and annotations of the custom resource', () => {
      const docs = synthChartValid((chart) => new SparkApplication(chart, 'App', { ...PI, name: 'pi', labels: { 'app.kubernetes.io/part-of': 'reports' }, annotations: { 'example.com/owner': 'data' } }));
      expect(findObject(docs, 'SparkApplication').metadata).toEqual({ name: 'pi', namespace: 'spark-jobs', labels: { 'app.kubernetes.io/part-of': 'reports' }, annotations: { 'example.com/owner': 'data' } });
    });
  });

  test('methods after construction reach the output', () => {
    const spec = specOf({}, (app) => {
      app.addSparkConf('spark.sql.shuffle.partitions', '32');
      app.addHadoopConf('fs.s3a.fast.upload', 'true');
      app.addArgument('1000');
      app.addJar(ApplicationFile.fromUrl('s3a://jars/udf.jar'));
      app.addFile(ApplicationFile.fromUrl('s3a://files/lookup.csv'));
      app.addPyFile(ApplicationFile.fromUrl('s3a://files/lib.zip'));
      app.addArchive(ApplicationFile.fromUrl('s3a://files/env.tar.gz'));
      app.addPackage('io.delta:delta-spark_2.13:4.0.0');
      app.addRepository('https://repo.example.com/maven2');
      app.addVolume({ volume: SparkVolume.fromEmptyDir('scratch'), path: '/scratch' });
    });
    expect(spec.sparkConf['spark.sql.shuffle.partitions']).toBe('32');
    expect(spec.hadoopConf).toEqual({ 'fs.s3a.fast.upload': 'true' });
    expect(spec.arguments).toEqual(['1000']);
    expect(spec.deps).toEqual({
      jars: ['s3a://jars/udf.jar'],
      files: ['s3a://files/lookup.csv'],
      pyFiles: ['s3a://files/lib.zip'],
      archives: ['s3a://files/env.tar.gz'],
      // s3a:// files: S3A's package is added after the application's own.
      packages: ['io.delta:delta-spark_2.13:4.0.0', 'org.apache.hadoop:hadoop-aws:3.4.1'],
      repositories: ['https://repo.example.com/maven2'],
    });
    expect(spec.driver.template.spec.containers[0].volumeMounts).toContainEqual({ name: 'scratch', mountPath: '/scratch' });
    expect(spec.executor.template.spec.containers[0].volumeMounts).toContainEqual({ name: 'scratch', mountPath: '/scratch' });
  });

  test('JSON patches on the resource apply last', () => {
    const spec = specOf({}, (app) => {
      ApiObject.of(app).addJsonPatch(JsonPatch.add('/spec/executor/deleteOnTermination', false));
      ApiObject.of(app).addJsonPatch(JsonPatch.add('/spec/sparkUIOptions', { serviceType: 'ClusterIP' }));
    });
    expect(spec.executor.deleteOnTermination).toBe(false);
    expect(spec.sparkUIOptions).toEqual({ serviceType: 'ClusterIP' });
  });

  test('the resource budget counts driver and executors at their maximum', () => {
    const chart = newChart();
    const fixed = new SparkApplication(chart, 'Fixed', { ...PI, executor: { instances: 4, cores: 2, memory: Size.gibibytes(4) }, driver: { memory: Size.gibibytes(2) } });
    expect(fixed.resourceBudget).toEqual({
      driverCpu: 1,
      driverMemoryMebibytes: 2048 + 384,
      executorCpu: 2,
      executorMemoryMebibytes: 4096 + 409,
      maxExecutors: 4,
      totalCpu: 9,
      totalMemoryMebibytes: 2432 + 4 * 4505,
    });
    const dynamic = new SparkApplication(chart, 'Dynamic', { ...PI, dynamicAllocation: { maxExecutors: 10 }, executor: { coreRequest: Cpu.millis(500), memory: Size.gibibytes(1), memoryOverhead: Size.mebibytes(512) } });
    expect(dynamic.resourceBudget).toMatchObject({ executorCpu: 0.5, executorMemoryMebibytes: 1536, maxExecutors: 10, totalCpu: 6, totalMemoryMebibytes: 1408 + 15360 });
  });

  describe('bad input', () => {
    test.each<[string, Partial<SparkApplicationProps>, string]>([
      ['fails on a name that starts with a digit', { name: '1nightly' },
        '[test/App] \'name\' must be a DNS-1035 label (lower-case letters, digits and \'-\', starting with a letter and ending with a letter or digit), got \'1nightly\'; use a name such as \'x1nightly\''],
      ['fails on a name with upper case and underscores', { name: 'Nightly_ETL' },
        '[test/App] \'name\' must be a DNS-1035 label (lower-case letters, digits and \'-\', starting with a letter and ending with a letter or digit), got \'Nightly_ETL\'; use a name such as \'nightly-etl\''],
      ['fails on a name too long for the derived names', { name: 'a'.repeat(57) },
        `[test/App] 'name' must be at most 56 characters because the operator names the driver pod '<name>-driver' and the UI Service '<name>-ui-svc', which must fit 63 characters, got '${'a'.repeat(57)}'; shorten it by 1 character`],
      ['fails on Spark memory given as a Kubernetes quantity', { sparkConf: { 'spark.executor.pyspark.memory': '4Gi' } },
        '[test/App] \'sparkConf.spark.executor.pyspark.memory\' must be a Spark size such as \'4g\' or \'512m\' (Spark does not read Kubernetes units like \'Gi\'), got \'4Gi\'; use \'4g\''],
      ['fails on fractional Spark memory', { sparkConf: { 'spark.driver.maxResultSize': '1.5g' } },
        '[test/App] \'sparkConf.spark.driver.maxResultSize\' must be a whole number with a unit (Spark does not read fractions), got \'1.5g\'; use \'1536m\''],
      ['fails on Spark memory without a unit', { sparkConf: { 'spark.memory.offHeap.size': '4096' } },
        '[test/App] \'sparkConf.spark.memory.offHeap.size\' must carry a unit (without one Spark guesses the unit per setting), got \'4096\'; use \'4096m\' if you meant MiB (or \'4g\')'],
      ['fails on zero cores', { executor: { cores: 0 } },
        '[test/App] \'executor.cores\' must be at least 1, got 0; give whole cores (use \'coreRequest\' for a fractional CPU request)'],
      ['fails on negative cores', { driver: { cores: -1 } },
        '[test/App] \'driver.cores\' must be at least 1, got -1; give whole cores (use \'coreRequest\' for a fractional CPU request)'],
      ['fails on fractional cores', { executor: { cores: 1.5 } },
        '[test/App] \'executor.cores\' must be a whole number, got 1.5; give whole cores (use \'coreRequest\' for a fractional CPU request)'],
      ['fails on fewer than one executor', { executor: { instances: 0 } },
        '[test/App] \'executor.instances\' must be at least 1, got 0; use a whole number of at least 1, or remove it and set \'dynamicAllocation\' (e.g. { maxExecutors: 4 }) to let Spark size the executors'],
      ['fails on executor instances with dynamic allocation', { executor: { instances: 2 }, dynamicAllocation: { maxExecutors: 4 } },
        '[test/App] \'executor.instances\' cannot be combined with \'dynamicAllocation\', got 2; remove it and set \'dynamicAllocation.initialExecutors\''],
      ['fails on dynamic allocation min above max', { dynamicAllocation: { minExecutors: 5, maxExecutors: 2 } },
        '[test/App] \'dynamicAllocation.minExecutors\' must not exceed maxExecutors (2), got 5; lower it to 2 or raise maxExecutors'],
      ['fails on initial executors outside [min, max]', { dynamicAllocation: { minExecutors: 1, initialExecutors: 9, maxExecutors: 4 } },
        '[test/App] \'dynamicAllocation.initialExecutors\' must lie within [minExecutors, maxExecutors] = [1, 4], got 9; pick a value in that range or leave it unset'],
      ['fails on a Scala application without mainClass', { mainClass: undefined },
        '[test/App] \'mainClass\' must be set for a Scala application, got nothing; name the class with the main method, e.g. \'org.apache.spark.examples.SparkPi\''],
      ['fails on a Python application with mainClass', { mainApplicationFile: ApplicationFile.fromImagePath('/opt/app/job.py') },
        '[test/App] \'mainClass\' must not be set for a Python application, got \'org.apache.spark.examples.SparkPi\'; remove it: the main file is the entry point'],
      ['fails on a Python application with a jar', { type: SparkApplicationType.PYTHON, mainClass: undefined },
        '[test/App] \'mainApplicationFile\' must be a .py file for a Python application, not a jar, got \'local:///opt/spark/examples/jars/spark-examples.jar\'; set \'type\' to SparkApplicationType.SCALA or SparkApplicationType.JAVA with a \'mainClass\', or point at the Python file'],
      ['fails on an R application with a jar', { type: SparkApplicationType.R, mainClass: undefined },
        '[test/App] \'mainApplicationFile\' must be a .R file for an R application, not a jar, got \'local:///opt/spark/examples/jars/spark-examples.jar\'; set \'type\' to SparkApplicationType.SCALA or SparkApplicationType.JAVA with a \'mainClass\', or point at the R file'],
      ['fails on a Scala application with a .py file', { mainApplicationFile: ApplicationFile.fromImagePath('/opt/app/job.py'), type: SparkApplicationType.SCALA },
        '[test/App] \'mainApplicationFile\' must be a jar for a Scala application, got \'local:///opt/app/job.py\'; set \'type\' to SparkApplicationType.PYTHON or point at the jar'],
      ['fails on a relative main file', { mainApplicationFile: ApplicationFile.fromUrl('jobs/etl.jar') },
        '[test/App] \'mainApplicationFile\' must be an absolute URL; a relative path cannot be resolved in the cluster, got \'jobs/etl.jar\'; use ApplicationFile.fromImagePath(\'/opt/app/...\') for a file in the image, or a remote URL such as \'s3a://bucket/path\''],
      ['fails on a relative image path', { mainApplicationFile: ApplicationFile.fromImagePath('app/etl.jar') },
        '[test/App] \'mainApplicationFile\' must be an absolute path inside the image, got \'app/etl.jar\'; use \'/app/etl.jar\''],
      ['fails on a file:// main file', { mainApplicationFile: ApplicationFile.fromUrl('file:///home/me/etl.jar') },
        '[test/App] \'mainApplicationFile\' must not be a file:// URL, which names a file on the machine that submits, not in the cluster, got \'file:///home/me/etl.jar\'; bake the file into the image and use ApplicationFile.fromImagePath(\'/home/me/etl.jar\'), or upload it and use an s3a:// or https:// URL'],
      ['fails on an image without a tag', { image: 'apache/spark' },
        '[test/App] \'image\' must pin a tag or digest (without one the registry serves whatever \'latest\' is today), got \'apache/spark\'; use \'apache/spark:<version>\', e.g. \'apache/spark:4.0.4\''],
      ['fails on a registry port mistaken for a tag', { image: 'registry:5000/spark' },
        '[test/App] \'image\' must pin a tag or digest (without one the registry serves whatever \'latest\' is today), got \'registry:5000/spark\'; use \'registry:5000/spark:<version>\', e.g. \'registry:5000/spark:4.0.4\''],
      ['fails on the latest tag', { image: 'apache/spark:latest' },
        '[test/App] \'image\' must not use the \'latest\' tag (it changes under a running job and defeats IfNotPresent), got \'apache/spark:latest\'; pin a version, e.g. \'apache/spark:4.0.4\''],
      ['fails on an upper-case repository', { image: 'Apache/Spark:4.0.1' },
        '[test/App] \'image\' must have a lower-case repository, got \'Apache/Spark:4.0.1\'; use \'apache/spark:4.0.1\''],
      ['fails on a sparkConf key a prop owns', { sparkConf: { 'spark.executor.memory': '4g' } },
        '[test/App] \'sparkConf.spark.executor.memory\' sets \'spark.executor.memory\', which \'executor.memory\' owns, got \'4g\'; remove it and use \'executor.memory\''],
      ['fails on enabling dynamic allocation through sparkConf', { sparkConf: { 'spark.dynamicAllocation.enabled': 'true' } },
        '[test/App] \'sparkConf.spark.dynamicAllocation.enabled\' sets \'spark.dynamicAllocation.enabled\', which \'dynamicAllocation\' owns, got \'true\'; remove it and use \'dynamicAllocation\''],
      ['fails on spark.master', { sparkConf: { 'spark.master': 'local[*]' } },
        '[test/App] \'sparkConf.spark.master\' sets \'spark.master\', which is set by the operator or the submitter, got \'local[*]\'; remove it'],
      ['fails on a container image key', { sparkConf: { 'spark.kubernetes.executor.container.image': 'x:1' } },
        '[test/App] \'sparkConf.spark.kubernetes.executor.container.image\' sets \'spark.kubernetes.executor.container.image\', which \'executor.image\' owns, got \'x:1\'; remove it and use \'executor.image\''],
      ['fails on a service-account key', { sparkConf: { 'spark.kubernetes.authenticate.driver.serviceAccountName': 'x' } },
        '[test/App] \'sparkConf.spark.kubernetes.authenticate.driver.serviceAccountName\' sets \'spark.kubernetes.authenticate.driver.serviceAccountName\', which \'driver.serviceAccount\' owns, got \'x\'; remove it and use \'driver.serviceAccount\''],
      ['fails on an OAuth token key', { sparkConf: { 'spark.kubernetes.authenticate.driver.oauthTokenFile': '/token' } },
        '[test/App] \'sparkConf.spark.kubernetes.authenticate.driver.oauthTokenFile\' sets \'spark.kubernetes.authenticate.driver.oauthTokenFile\', which would put an API token in the configuration, got \'/token\'; let the driver use its service account token'],
      ['fails on another namespace in sparkConf', { sparkConf: { 'spark.kubernetes.namespace': 'other' } },
        '[test/App] \'sparkConf.spark.kubernetes.namespace\' must equal the application\'s namespace \'spark-jobs\', got \'other\'; remove it: the namespace comes from \'namespace\''],
      ['fails on a literal secret in sparkConf', { sparkConf: { 'spark.hadoop.fs.s3a.secret.key': 'abc' } },
        '[test/App] \'sparkConf.spark.hadoop.fs.s3a.secret.key\' holds secret material as a literal value, which would be stored in Git, the custom resource, the driver ConfigMap and the executor environment, got \'<redacted>\'; keep the value in a Kubernetes Secret and pass it with \'hadoopConfFromSecrets\' ({ \'fs.s3a.secret.key\': { secret, key } })'],
      ['fails on a literal password in sparkConf', { sparkConf: { 'spark.ssl.keyStorePassword': 'changeit' } },
        '[test/App] \'sparkConf.spark.ssl.keyStorePassword\' holds secret material as a literal value'],
      ['fails on a literal token in sparkConf', { sparkConf: { 'spark.connect.authenticate.token': 't0ken' } },
        '[test/App] \'sparkConf.spark.connect.authenticate.token\' holds secret material as a literal value'],
      ['fails on a literal access key in hadoopConf', { hadoopConf: { 'fs.s3a.access.key': 'AKIAIOSFODNN7EXAMPLE' } },
        '[test/App] \'hadoopConf.fs.s3a.access.key\' holds secret material as a literal value, which would be stored in Git, the custom resource and the driver ConfigMap, got \'<redacted>\'; put the value in a Kubernetes Secret and pass it as an environment variable from the Secret (for S3A: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY with EnvironmentVariableCredentialsProvider)'],
      ['fails on a literal secret in env', { driver: { env: { DB_PASSWORD: EnvValue.fromValue('hunter2') } } },
        '[test/App] \'driver.env.DB_PASSWORD\' holds secret material as a literal value, readable by anyone who can get pods, got \'<redacted>\'; store it in a Secret and use EnvValue.fromSecretValue({ secret, key })'],
      ['fails on a CPU request above the limit', { executor: { coreRequest: Cpu.units(2), coreLimit: Cpu.millis(1500) } },
        '[test/App] \'executor.coreLimit\' must not be below the CPU request 2, got \'1500m\'; raise \'coreLimit\' to at least 2 or lower the request'],
      ['fails on cores above the CPU limit', { driver: { cores: 2, coreLimit: Cpu.units(1) } },
        '[test/App] \'driver.coreLimit\' must not be below the CPU request 2 (from \'cores\'), got \'1\'; raise \'coreLimit\' to at least 2 or lower the request'],
      ['fails on pod templates with Spark < 3.0', { sparkVersion: SparkVersion.of('2.4.8') },
        '[test/App] \'sparkVersion\' must be at least 3.0.0, because pod settings are rendered into pod templates (Spark 3.0+), got \'2.4.8\'; use SparkVersion.V3_5_8 or later'],
      ['fails on a duplicate port name', { driver: { ports: [{ name: 'metrics', number: 9090 }, { name: 'metrics', number: 9091 }] } },
        '[test/App] \'driver.ports[1].name\' repeats a port name, got \'metrics\'; give each port its own name'],
      ['fails on a duplicate port number', { driver: { ports: [{ name: 'metrics', number: 9090 }, { name: 'admin', number: 9090 }] } },
        '[test/App] \'driver.ports[1].number\' repeats a port number, got 9090; give each port its own number'],
      ['fails on a port name longer than 15 characters', { driver: { ports: [{ name: 'spark-connect-grpc', number: 15002 }] } },
        '[test/App] \'driver.ports[0].name\' must be at most 15 characters (IANA_SVC_NAME), got \'spark-connect-grpc\'; use a short name such as \'metrics\''],
      ['fails on a port name with upper case', { executor: { ports: [{ name: 'Metrics', number: 9090 }] } },
        '[test/App] \'executor.ports[0].name\' must be an IANA_SVC_NAME (lower-case letters, digits and single \'-\', at least one letter, no leading or trailing \'-\'), got \'Metrics\'; use a short name such as \'metrics\''],
      ['fails on negative retries', { restartPolicy: RestartPolicy.onFailure({ retries: -1 }) },
        '[test/App] \'restartPolicy.retries\' must be at least 0, got -1; use 0 or more'],
      ['fails on negative submission retries', { restartPolicy: RestartPolicy.onFailure({ submissionRetries: -2 }) },
        '[test/App] \'restartPolicy.submissionRetries\' must be at least 0, got -2; use 0 or more'],
      ['fails on a retry interval below one second', { restartPolicy: RestartPolicy.onFailure({ retryInterval: Duration.millis(500) }) },
        '[test/App] \'restartPolicy.retryInterval\' must be a whole number of seconds, at least 1, got \'0.5s\'; use Duration.seconds(5) or longer'],
      ['fails on negative failure retries', { failureRetries: -1 },
        '[test/App] \'failureRetries\' must be at least 0, got -1; use 0 or more'],
      ['fails on a fractional TTL', { timeToLive: Duration.millis(1500) },
        '[test/App] \'timeToLive\' must be a whole number of seconds, at least 0, got \'1.5s\'; use Duration.hours(1) or similar'],
      ['fails on nodeSelector at both levels', { nodeSelector: { pool: 'spark' }, executor: { nodeSelector: { disk: 'ssd' } } },
        '[test/App] \'executor.nodeSelector\' cannot be combined with the application-level \'nodeSelector\', got {"disk":"ssd"}; move the labels into \'nodeSelector\', or into \'driver.nodeSelector\' and \'executor.nodeSelector\' only'],
      ['fails on an event log directory without a volume', { eventLog: EventLog.toUrl('file:/tmp/spark-events') },
        '[test/App] \'eventLog\' must not be a local directory without a volume behind it: each pod would write to its own scratch disk and the History Server would see nothing, got \'file:/tmp/spark-events\'; use EventLog.onVolume(pvcVolume) for a shared volume, or an object-store URL such as \'s3a://bucket/spark-events\''],
      ['fails on a raw event log directory', { sparkConf: { 'spark.eventLog.dir': 's3a://x/y' } },
        '[test/App] \'sparkConf.spark.eventLog.dir\' sets \'spark.eventLog.dir\', which \'eventLog\' owns, got \'s3a://x/y\'; remove it and use \'eventLog\''],
      ['fails on an invalid label', { driver: { labels: { team: 'data science' } } },
        '[test/App] \'driver.labels.team\' must be a label value (at most 63 letters, digits, \'-\', \'_\' or \'.\', starting and ending with a letter or digit), got \'data science\'; put longer or free-form text in an annotation'],
      ['fails on a memory overhead factor outside (0, 1)', { memoryOverheadFactor: 1.5 },
        '[test/App] \'memoryOverheadFactor\' must be between 0 and 1, got 1.5; use a share such as 0.1 (10 % of the heap)'],
      ['fails on a GPU amount of zero', { executor: { gpu: { amount: 0 } } },
        '[test/App] \'executor.gpu.amount\' must be at least 1, got 0; request at least one GPU or remove \'gpu\''],
      ['fails on a bad Maven coordinate', { deps: { packages: ['hadoop-aws'] } },
        '[test/App] \'deps.packages[0]\' must be a Maven coordinate group:artifact:version, got \'hadoop-aws\'; e.g. \'org.apache.hadoop:hadoop-aws:3.4.1\''],
      ['fails on two driver ingresses on one port', { driverIngressOptions: [{ servicePort: 80, servicePortName: 'a', ingressUrlFormat: 'a.example.com' }, { servicePort: 80, servicePortName: 'b', ingressUrlFormat: 'b.example.com' }] },
        '[test/App] \'driverIngressOptions[1].servicePort\' repeats a service port of another driver ingress, got 80; give each ingress its own port'],
      ['fails on a repeated ingress URL format', { driverIngressOptions: [{ servicePort: 80, servicePortName: 'a', ingressUrlFormat: 'x.example.com' }, { servicePort: 81, servicePortName: 'b', ingressUrlFormat: 'x.example.com' }] },
        '[test/App] \'driverIngressOptions[1].ingressUrlFormat\' repeats the URL format of another driver ingress, got \'x.example.com\'; give each ingress its own host or path'],
      ['fails on an empty ingress URL format', { driverIngressOptions: [{ servicePort: 80, servicePortName: 'a', ingressUrlFormat: '' }] },
        '[test/App] \'driverIngressOptions[0].ingressUrlFormat\' must not be empty, got \'\'; use e.g. \'{{$appName}}.example.com\''],
      ['fails on a hadoopConf key with the spark.hadoop. prefix', { hadoopConf: { 'spark.hadoop.fs.s3a.endpoint': 'http://minio:9000' } },
        '[test/App] \'hadoopConf.spark.hadoop.fs.s3a.endpoint\' must not carry the \'spark.hadoop.\' prefix (it is added), got \'http://minio:9000\'; use \'fs.s3a.endpoint\''],
    ])('%s', (_name, props, message) => {
      expect(errorOf(props)).toContain(message);
    });

    test('fails on a duplicate env name', () => {
      const chart = newChart();
      const s3 = new S3a({ credentials: Secret.fromSecretName(chart, 'S3', 's3') });
      expect(() => new SparkApplication(chart, 'App', { ...PI, s3a: s3, driver: { env: { AWS_ACCESS_KEY_ID: EnvValue.fromValue('AKIA') } } }))
        .toThrow('[test/App] \'driver.env.AWS_ACCESS_KEY_ID\' is already set by the construct or an earlier env map, got \'AWS_ACCESS_KEY_ID\'; remove one of the two definitions');
    });

    test('fails on a missing namespace', () => {
      const chart = new Chart(Testing.app(), 'test');
      expect(() => new SparkApplication(chart, 'App', PI))
        .toThrow('[test/App] \'namespace\' must be set (on the construct or its chart), got nothing; pass \'namespace\' or create the chart with { namespace: \'spark-jobs\' }');
    });

    test('fails on a raw key that conflicts with an earlier value', () => {
      const app = new SparkApplication(newChart(), 'App', { ...PI, sparkConf: { 'spark.sql.shuffle.partitions': '8' } });
      expect(() => app.addSparkConf('spark.sql.shuffle.partitions', '16'))
        .toThrow('[test/App] \'addSparkConf(spark.sql.shuffle.partitions)\' conflicts with \'8\' set earlier, got \'16\'; set each key once');
    });

    test('fails on a hostPath volume', () => {
      const chart = newChart();
      const app = new SparkApplication(chart, 'App', PI);
      expect(() => app.addVolume({ volume: SparkVolume.fromKubeVolume({ name: 'host', hostPath: { path: '/var/run' } }), path: '/host' }))
        .toThrow('[test/App] \'addVolume\' mounts a hostPath volume, which the restricted Pod Security Standard forbids, got \'host\'; use a PersistentVolumeClaim, an emptyDir or object storage');
    });

    test('fails on two volumes at the same path', () => {
      const chart = newChart();
      expect(() => new SparkApplication(chart, 'App', { ...PI, driver: { volumes: [{ volume: SparkVolume.fromEmptyDir('a'), path: '/tmp' }] } }))
        .toThrow('[test/App] \'driver.volumes\' mounts two volumes at the same path, got \'/tmp\'; mount each volume at its own path');
    });

    test('fails on a job namespace that differs from the namespace', () => {
      const chart = newChart();
      const rbac = new SparkDriverRbac(chart, 'Drivers', { namespace: 'analytics' });
      expect(() => new SparkApplication(chart, 'App', { ...PI, namespace: 'spark-jobs', jobNamespace: rbac }))
        .toThrow('[test/App] \'namespace\' must match the job namespace \'analytics\', got \'spark-jobs\'; remove \'namespace\' or pass the matching job namespace');
    });

    test('fails on a sidecar without resources', () => {
      expect(() => new SparkApplication(newChart(), 'App', { ...PI, executor: { sidecars: [{ name: 'proxy', image: 'envoyproxy/envoy:v1.33.0' }] } }))
        .toThrow('[test/App] \'executor.sidecars[0].resources\' must set requests.cpu and limits.memory, got {}');
    });
  });
});

describe('SparkApplication: operator-only props of the wrong type, and strings the operator passes on (issue 12)', () => {
  const REDACT_FIX = 'keep it in a Kubernetes Secret and pass it by reference (an environment variable from the Secret, or a mounted file)';

  test.each<[string, Partial<SparkApplicationProps>, string]>([
    ['a deploy mode spelled otherwise', { mode: 'Cluster' as any }, '\'mode\' must be one of DeployMode.CLUSTER, DeployMode.CLIENT, got \'Cluster\'; use DeployMode.CLUSTER'],
    ['a Python version given as a number', { pythonVersion: 3 as any },
      '\'pythonVersion\' must be one of PythonVersion.PYTHON_3, PythonVersion.PYTHON_2, got 3; use PythonVersion.PYTHON_3'],
    ['an unknown batch scheduler', { batchScheduler: 'volcano-v2' as any },
      '\'batchScheduler\' must be one of BatchScheduler.VOLCANO, BatchScheduler.YUNIKORN, BatchScheduler.KUBE_SCHEDULER, got \'volcano-v2\'; use BatchScheduler.VOLCANO'],
    ['a restart policy given as a string', { restartPolicy: 'OnFailure' as any },
      '\'restartPolicy\' must be a RestartPolicy, got \'OnFailure\'; use RestartPolicy.never(), RestartPolicy.onFailure({ ... }) or RestartPolicy.always({ ... })'],
    ['monitoring given as a plain object', { monitoring: { prometheus: true } as any },
      '\'monitoring\' must be a Monitoring, got {"prometheus":true}; use Monitoring.prometheusServlet() or Monitoring.jmxExporter({ jmxExporterJar })'],
    ['a ConfigMap given by name', { sparkConfigMap: 'spark-conf' as any },
      '\'sparkConfigMap\' must be a ConfigMap, got \'spark-conf\'; use ConfigMap.fromConfigMapName(this, \'Conf\', \'spark-conf\')'],
    ['a retry interval given as a string', { retryInterval: '30s' as any }, '\'retryInterval\' must be a Duration, got \'30s\'; use Duration.seconds(30)'],
    ['a retry interval in a fraction of a second', { restartPolicy: RestartPolicy.onFailure({ retryInterval: Duration.seconds(1 / 3) }) },
      '\'restartPolicy.retryInterval\' must be a whole number of seconds, at least 1, got \'0.3333333333333333s\'; use Duration.seconds(5) or longer'],
    ['a time to live in a fraction of a second', { timeToLive: Duration.millis(1500) },
      '\'timeToLive\' must be a whole number of seconds, at least 0, got \'1.5s\'; use Duration.hours(1) or similar'],
    ['suspend given as a string', { suspend: 'true' as any }, '\'suspend\' must be true or false, got \'true\'; use true (a boolean, not a string)'],
    ['a secret in a UI Service annotation', { sparkUiOptions: { serviceAnnotations: { 'example.com/auth': 'Bearer abcdefghijklmnopqrstuvwxyz0123' } } },
      `'sparkUiOptions.serviceAnnotations.example.com/auth' holds a bearer token, which would be stored in clear in Git and in the cluster, got '<redacted>'; ${REDACT_FIX}`],
    ['a secret in an Ingress annotation', { driverIngressOptions: [{ servicePort: 4041, servicePortName: 'api', ingressUrlFormat: 'api.example.com', ingressAnnotations: { 'example.com/basic': 'https://admin:admin@auth.example.com' } }] },
      `'driverIngressOptions[0].ingressAnnotations.example.com/basic' holds a password in a URL (user:password@), which would be stored in clear in Git and in the cluster, got '<redacted>'; ${REDACT_FIX}`],
    ['a UI Service label that is no label value', { sparkUiOptions: { serviceLabels: { team: 'data team' } } },
      '\'sparkUiOptions.serviceLabels.team\' must be a label value (at most 63 letters, digits, \'-\', \'_\' or \'.\', starting and ending with a letter or digit), got \'data team\'; '
      + 'put longer or free-form text in an annotation'],
    ['an unknown UI Service type', { sparkUiOptions: { serviceType: 'Public' as any } },
      '\'sparkUiOptions.serviceType\' must be one of ServiceType.CLUSTER_IP, ServiceType.NODE_PORT, ServiceType.LOAD_BALANCER, ServiceType.EXTERNAL_NAME, got \'Public\'; use ServiceType.CLUSTER_IP'],
    ['a UI port above 65535', { sparkUiOptions: { servicePort: 70000 } }, '\'sparkUiOptions.servicePort\' must be at most 65535, got 70000; use a port from 1 to 65535'],
    ['a UI port name that is no IANA_SVC_NAME', { sparkUiOptions: { servicePortName: 'Spark_UI' } },
      '\'sparkUiOptions.servicePortName\' must be an IANA_SVC_NAME (lower-case letters, digits and single \'-\', at least one letter, no leading or trailing \'-\'), got \'Spark_UI\'; '
      + 'use a short name such as \'spark-ui\''],
    ['driver ingresses given as one object', { driverIngressOptions: { servicePort: 4041 } as any },
      '\'driverIngressOptions\' must be a list, got {"servicePort":4041}; use e.g. [{ servicePort: 4041, servicePortName: \'api\', ingressUrlFormat: \'{{$appName}}.example.com\' }]'],
    ['a driver ingress on port 0', { driverIngressOptions: [{ servicePort: 0, servicePortName: 'api', ingressUrlFormat: 'api.example.com' }] },
      '\'driverIngressOptions[0].servicePort\' must be at least 1, got 0; use a port from 1 to 65535'],
    ['a line break in an Ingress URL format', { driverIngressOptions: [{ servicePort: 4041, servicePortName: 'api', ingressUrlFormat: 'api.example.com\nevil' }] },
      '\'driverIngressOptions[0].ingressUrlFormat\' must not contain a line break (it would start a new line in the file or command Spark reads), got \'api.example.com\nevil\'; remove it'],
    ['a JMX exporter jar given as a relative path', { monitoring: Monitoring.jmxExporter({ jmxExporterJar: 'jmx.jar' }) },
      '\'monitoring.jmxExporterJar\' must be an absolute path inside the image, got \'jmx.jar\'; e.g. \'/prometheus/jmx_prometheus_javaagent-1.0.1.jar\''],
    ['a JMX exporter port below the CRD\'s range', { monitoring: Monitoring.jmxExporter({ jmxExporterJar: '/prometheus/jmx.jar', port: 80 }) },
      '\'monitoring.port\' must be at least 1024, got 80; use a port from 1024 to 49151'],
    ['a JMX exporter port above the CRD\'s range', { monitoring: Monitoring.jmxExporter({ jmxExporterJar: '/prometheus/jmx.jar', port: 50000 }) },
      '\'monitoring.port\' must be at most 49151 (the operator\'s CRD), got 50000; use a port from 1024 to 49151'],
    ['a secret in the metrics properties', { monitoring: Monitoring.jmxExporter({ jmxExporterJar: '/prometheus/jmx.jar', metricsProperties: '*.sink.graphite.password=hunter2' }) },
      `'monitoring.metricsProperties' holds a secret-like setting with a literal value (name=value), which would be stored in clear in Git and in the cluster, got '<redacted>'; ${REDACT_FIX}`],
    ['batch scheduler resources given as numbers', { batchSchedulerOptions: { resources: { cpu: 4 as any } } },
      '\'batchSchedulerOptions.resources.cpu\' must be a string, got 4; quote it: \'4\''],
  ])('fails on %s', (_name, props, message) => {
    expect(errorOf(props)).toBe(`[test/App] ${message}`);
  });

  test('the driver as the namespace\'s default account needs the opt-out, which the CR and the driver pod record', () => {
    const NOTE = 'in \'securityOptOuts\' (recorded in the annotation spark.cdk8s.io/security-opt-outs)';
    expect(chartErrorOf((chart) => new SparkApplication(chart, 'App', { ...PI, driver: { serviceAccount: ServiceAccount.fromServiceAccountName(chart, 'Sa', 'default') } })))
      .toBe('[test/App] \'driver.serviceAccount\' must not run the driver as the namespace\'s \'default\' service account, which every pod in the namespace shares (each would get '
        + 'the driver\'s rights to create pods and Services), got \'default\'; remove \'driver.serviceAccount\' to get a least-privilege driver account, or pass a dedicated one, '
        + `or accept the risk with SecurityOptOut.DEFAULT_SERVICE_ACCOUNT ${NOTE}`);
    // Not synthesized: the harness refuses the default account whatever the opt-out says, as a reviewer should.
    const chart = newChart();
    const app = ApiObject.of(new SparkApplication(chart, 'App', {
      ...PI, driver: { serviceAccount: ServiceAccount.fromServiceAccountName(chart, 'Sa', 'default') }, securityOptOuts: [SecurityOptOut.DEFAULT_SERVICE_ACCOUNT],
    })).toJson();
    expect(app.metadata.annotations).toEqual({ 'spark.cdk8s.io/security-opt-outs': 'default-service-account' });
    expect(app.spec.driver.template.metadata.annotations).toEqual({ 'spark.cdk8s.io/security-opt-outs': 'default-service-account' });
    expect(app.spec.driver.serviceAccount).toBe('default');
  });

  test('a Connect opt-out does not apply to a SparkApplication', () => {
    expect(errorOf({ securityOptOuts: [SecurityOptOut.UNAUTHENTICATED_CONNECT] }))
      .toBe('[test/App] \'securityOptOuts[0]\' is SecurityOptOut.UNAUTHENTICATED_CONNECT, which does not apply to a SparkApplication, got \'unauthenticated-connect\'; '
        + 'remove it (a SparkApplication accepts SecurityOptOut.DEFAULT_SERVICE_ACCOUNT, SecurityOptOut.WEAKER_SIDECAR, SecurityOptOut.SENSITIVE_MOUNT, SecurityOptOut.SYSTEM_PRIORITY_CLASS)');
  });
});

test('SparkApplication without props gets the library\'s message, not a TypeError', () => {
  expect(chartErrorOf((chart) => new SparkApplication(chart, 'App', undefined as any)))
    .toBe('[test/App] \'props\' must be set, got nothing; pass e.g. { mainApplicationFile: ApplicationFile.fromUrl(\'s3a://bucket/job.py\') }');
});

/** Issue "It runs": what the operator v2.5.2 really does with the UI, the driver ingresses and batch schedulers. */
describe('SparkApplication: what the operator reads (issue "It runs")', () => {
  // Only the pod webhook sets schedulerName (sparkpod_defaulter.go addSchedulerName); the controller's schedulers create
  // pod groups and add annotations and labels, which reach the pods through spark-submit.
  test.each([BatchScheduler.VOLCANO, BatchScheduler.YUNIKORN, BatchScheduler.KUBE_SCHEDULER])('batch scheduler %s: its name is in both templates, no webhook needed', (scheduler) => {
    let deps: string[] = [];
    const spec = specOf({ batchScheduler: scheduler }, (app) => deps = app.webhookDependencies);
    expect(spec.driver.template.spec.schedulerName).toBe(scheduler);
    expect(spec.executor.template.spec.schedulerName).toBe(scheduler);
    expect(deps).toEqual([]);
  });

  test('without a batch scheduler the templates name no scheduler', () => {
    const spec = specOf({});
    expect(spec.driver.template.spec.schedulerName).toBeUndefined();
    expect(spec.executor.template.spec.schedulerName).toBeUndefined();
  });

  test('an operator without its webhook accepts a batch-scheduled application', () => {
    const docs = synthValid((app) => {
      const operator = new SparkOperator(new Chart(app, 'platform'), 'Operator', { webhook: { enabled: false }, jobNamespaces: [] });
      const jobs = operator.addJobNamespace('etl');
      new SparkApplication(new Chart(app, 'jobs'), 'App', { ...PI, jobNamespace: jobs, batchScheduler: BatchScheduler.VOLCANO });
    });
    expect(findObject(docs, 'SparkApplication').spec.driver.template.spec.schedulerName).toBe('volcano');
  });

  test('fails on a role scheduler that is not the batch scheduler', () => {
    expect(errorOf({ batchScheduler: BatchScheduler.VOLCANO, executor: { schedulerName: 'default-scheduler' } }))
      .toBe('[test/App] \'executor.schedulerName\' conflicts with \'batchScheduler\' (volcano), which schedules the executor pod (the operator\'s webhook prefers batchScheduler), '
        + 'got \'default-scheduler\'; remove it: the batch scheduler\'s name is set for you');
    expect(specOf({ batchScheduler: BatchScheduler.VOLCANO, driver: { schedulerName: 'volcano' } }).driver.template.spec.schedulerName).toBe('volcano');
  });

  // createDriverIngress passes empty defaults, and createDriverIngressV1 reads only sparkUIOptions' Ingress annotations and TLS
  // (internal/controller/sparkapplication/driveringress.go, pkg/util/sparkapplication.go GetWebUIIngressAnnotations/GetWebUIIngressTLS).
  test.each<[string, Partial<SparkApplicationProps>, string]>([
    ['annotations', { driverIngressOptions: [{ servicePort: 4041, servicePortName: 'api', ingressUrlFormat: 'api.example.com', ingressAnnotations: { 'example.com/a': 'b' } }] },
      '\'driverIngressOptions[0].ingressAnnotations\' is ignored by the operator (v2.5.2 gives every driver Ingress the Spark UI\'s Ingress annotations and TLS: '
      + 'driveringress.go createDriverIngress), got {"example.com/a":"b"}; remove it; \'sparkUiOptions.ingressAnnotations\' applies to the UI Ingress and to every driver Ingress'],
    ['TLS', { driverIngressOptions: [{ servicePort: 4041, servicePortName: 'api', ingressUrlFormat: 'api.example.com', ingressTls: [{ secret: Secret.fromSecretName(REFS, 'T', 'tls'), hosts: ['api.example.com'] }] }] },
      '\'driverIngressOptions[0].ingressTls\' is ignored by the operator (v2.5.2 gives every driver Ingress the Spark UI\'s Ingress annotations and TLS: '
      + 'driveringress.go createDriverIngress), got [<Object>]; remove it; \'sparkUiOptions.ingressTls\' applies to the UI Ingress and to every driver Ingress'],
  ])('fails on a driver ingress\'s own Ingress %s, which the operator ignores', (_what, props, message) => {
    expect(errorOf(props).replace(/got \[.*?\]; remove/, 'got [<Object>]; remove')).toBe(`[test/App] ${message}`);
  });

  test('the UI\'s Ingress annotations and TLS are where the operator reads them', () => {
    const spec = specOf({ sparkUiOptions: { ingressAnnotations: { 'nginx.ingress.kubernetes.io/auth-url': 'https://auth.example.com' }, ingressTls: [{ secret: Secret.fromSecretName(REFS, 'Ui', 'ui-tls'), hosts: ['ui.example.com'] }] } });
    expect(spec.sparkUIOptions).toEqual({
      ingressAnnotations: { 'nginx.ingress.kubernetes.io/auth-url': 'https://auth.example.com' },
      ingressTLS: [{ hosts: ['ui.example.com'], secretName: 'ui-tls' }],
    });
  });
});
