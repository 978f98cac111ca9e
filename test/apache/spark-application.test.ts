import { Chart, Duration } from 'cdk8s';
import { Secret, ServiceType } from 'cdk8s-plus-28';
import { apache, ApplicationFile, ExecutorPodsAllocator, SecurityOptOut, SparkApplication, SparkVersion } from '../../src';
import { findObject, findObjects, synthChartValid } from '../harness';
import { chartErrorOf } from '../harness/expect-error';

const PI: apache.SparkApplicationProps = {
  name: 'pi',
  sparkVersion: SparkVersion.V4_2_0,
  mainApplicationFile: ApplicationFile.fromImagePath('/opt/spark/examples/jars/spark-examples.jar'),
  mainClass: 'org.apache.spark.examples.SparkPi',
};

function specOf(props: Partial<apache.SparkApplicationProps> = {}, build?: (chart: Chart) => Partial<apache.SparkApplicationProps>): any {
  const docs = synthChartValid((chart) => new apache.SparkApplication(chart, 'App', { ...PI, ...props, ...build?.(chart) }));
  return findObject(docs, 'SparkApplication').spec;
}

function errorWith(props: any): string {
  return chartErrorOf((chart) => new apache.SparkApplication(chart, 'App', { ...PI, ...props }));
}

describe('apache.SparkApplication', () => {
  test('renders the model in this dialect: everything in sparkConf, the main jar in jars, pods in podTemplateSpecs', () => {
    const docs = synthChartValid((chart) => new apache.SparkApplication(chart, 'App', { ...PI, arguments: ['1000'] }));
    const app = findObject(docs, 'SparkApplication');
    expect(app.apiVersion).toBe('spark.apache.org/v1');
    expect(app.spec.runtimeVersions).toEqual({ sparkVersion: '4.2.0' });
    expect(app.spec.deploymentMode).toBe('ClusterMode');
    expect(app.spec.jars).toBe('local:///opt/spark/examples/jars/spark-examples.jar');
    expect(app.spec.pyFiles).toBeUndefined();
    expect(app.spec.driverArgs).toEqual(['1000']);
    expect(app.spec.sparkConf).toMatchObject({
      'spark.kubernetes.container.image': 'apache/spark:4.2.0',
      'spark.kubernetes.authenticate.driver.serviceAccountName': 'pi-driver',
      'spark.kubernetes.driver.podTemplateContainerName': 'spark-kubernetes-driver',
      'spark.kubernetes.executor.podTemplateContainerName': 'spark-kubernetes-executor',
      'spark.executor.instances': '1',
    });
    // The operator forces the namespace and the name (SparkAppResourceSpecFactory.overrideDependencyConf).
    expect(app.spec.sparkConf['spark.kubernetes.namespace']).toBeUndefined();
    expect(app.spec.sparkConf['spark.app.name']).toBeUndefined();
    expect(app.spec.driverSpec.podTemplateSpec.spec.containers[0].name).toBe('spark-kubernetes-driver');
    expect(app.spec.driverSpec.podTemplateSpec.spec.serviceAccountName).toBe('pi-driver');
    expect(app.spec.executorSpec.podTemplateSpec.spec.automountServiceAccountToken).toBe(false);
    // The driver account: the executors' objects, no networkpolicies (the operator runs Spark's submission steps itself).
    const role = findObject(docs, 'Role', 'pi-driver');
    expect(role.rules.flatMap((r: any) => r.resources)).toEqual(['pods', 'services', 'configmaps', 'persistentvolumeclaims']);
  });

  test('a Python main file goes to pyFiles, an R file to sparkRFiles, a main class on the classpath to neither', () => {
    expect(specOf({ mainApplicationFile: ApplicationFile.fromImagePath('/opt/spark/examples/src/main/python/pi.py'), mainClass: undefined }))
      .toMatchObject({ pyFiles: 'local:///opt/spark/examples/src/main/python/pi.py' });
    const r = specOf({ mainApplicationFile: ApplicationFile.fromImagePath('/opt/app/job.R'), mainClass: undefined });
    expect([r.sparkRFiles, r.jars, r.pyFiles]).toEqual(['local:///opt/app/job.R', undefined, undefined]);
    const history = specOf({ mainApplicationFile: ApplicationFile.fromClasspath(), mainClass: 'org.apache.spark.deploy.history.HistoryServer' });
    expect([history.jars, history.pyFiles, history.mainClass]).toEqual([undefined, undefined, 'org.apache.spark.deploy.history.HistoryServer']);
  });

  test('the StatefulSet executor allocator grants the driver apps/statefulsets', () => {
    const docs = synthChartValid((chart) => new apache.SparkApplication(chart, 'App', { ...PI, executor: { podsAllocator: ExecutorPodsAllocator.STATEFUL_SET } }));
    const rules = findObject(docs, 'Role', 'pi-driver').rules;
    expect(rules).toContainEqual({ apiGroups: ['apps'], resources: ['statefulsets'], verbs: ['get', 'create', 'patch', 'delete'] });
  });

  test('tolerations render in the operator\'s milliseconds', () => {
    const spec = specOf({
      dynamicAllocation: { maxExecutors: 4 },
      tolerations: {
        restart: {
          policy: apache.RestartPolicy.ON_INFRASTRUCTURE_FAILURE,
          maxAttempts: 5,
          backoff: Duration.seconds(10),
          maxAttemptsOnSchedulingFailure: 2,
          backoffOnSchedulingFailure: Duration.minutes(2),
          counterReset: Duration.hours(1),
        },
        timeouts: { driverStart: Duration.minutes(10), executorStart: Duration.minutes(3) },
        instanceConfig: { initExecutors: 1, minExecutors: 1 },
        resourceRetainPolicy: apache.ResourceRetainPolicy.ON_FAILURE,
        resourceRetainDuration: Duration.hours(2),
        ttlAfterStop: Duration.days(1),
      },
    });
    expect(spec.applicationTolerations).toEqual({
      restartConfig: {
        restartPolicy: 'OnInfrastructureFailure',
        maxRestartAttempts: 5,
        restartBackoffMillis: 10_000,
        maxRestartOnSchedulingFailure: 2,
        restartBackoffMillisForSchedulingFailure: 120_000,
        restartCounterResetMillis: 3_600_000,
      },
      applicationTimeoutConfig: { driverStartTimeoutMillis: 600_000, executorStartTimeoutMillis: 180_000 },
      instanceConfig: { initExecutors: 1, minExecutors: 1 },
      resourceRetainPolicy: 'OnFailure',
      resourceRetainDurationMillis: 7_200_000,
      ttlAfterStopMillis: 86_400_000,
    });
  });

  test('configMaps, a driver Service with Ingress and Gateway API routes', () => {
    const spec = specOf({
      configMaps: [{ name: 'pi-config', data: { 'app.conf': 'a=1\n' }, labels: { team: 'data' } }],
      driverServiceIngresses: [{ name: 'pi-ui', ingress: { host: 'pi.example.com', ingressClassName: 'nginx' } }],
      driverHttpRoutes: [{ name: 'pi-route', gateways: [{ name: 'web', namespace: 'gateways' }], hostnames: ['pi-ui.example.com'] }],
      driverGrpcRoutes: [{ name: 'pi-grpc', gateways: [{ name: 'grpc' }] }],
    });
    expect(spec.configMapSpecs).toEqual([{ name: 'pi-config', data: { 'app.conf': 'a=1\n' }, labels: { team: 'data' } }]);
    expect(spec.driverServiceIngressList[0].serviceSpec).toEqual({ type: 'ClusterIP', ports: [{ name: 'http', port: 4040, targetPort: 4040, protocol: 'TCP' }] });
    expect(spec.driverServiceIngressList[0].ingressSpec.rules[0]).toEqual({
      host: 'pi.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'pi-ui', port: { name: 'http' } } } }] },
    });
    expect(spec.driverHttpRouteList[0].httpRouteSpec).toEqual({ parentRefs: [{ name: 'web', namespace: 'gateways' }], hostnames: ['pi-ui.example.com'] });
    expect(spec.driverGrpcRouteList[0].serviceSpec.ports[0]).toMatchObject({ name: 'grpc', port: 15002 });
  });

  test('on a SparkCluster: the master URL, no executor pods, the shared secret from the environment', () => {
    const docs = synthChartValid((chart) => {
      const cluster = new apache.SparkCluster(chart, 'Cluster', {
        name: 'prod',
        sparkVersion: SparkVersion.V4_2_0,
        workers: { min: 1, max: 3 },
        authenticationSecret: { secret: Secret.fromSecretName(chart, 'Auth', 'spark-auth'), key: 'secret' },
      });
      new apache.SparkApplication(chart, 'Connect', {
        name: 'connect',
        master: cluster,
        mainApplicationFile: ApplicationFile.fromClasspath(),
        mainClass: 'org.apache.spark.sql.connect.service.SparkConnectServer',
        authenticationSecret: { secret: Secret.fromSecretName(chart, 'Token', 'connect-token'), key: 'token' },
      });
    }, { externalSecrets: ['spark-jobs/spark-auth', 'spark-jobs/connect-token'] });
    const app = findObject(docs, 'SparkApplication');
    expect(app.spec.sparkConf).toMatchObject({
      'spark.master': 'spark://prod-master-svc.spark-jobs.svc:7077',
      'spark.authenticate': 'true',
      'spark.authenticate.secret': '${env:_SPARK_AUTH_SECRET}',
      'spark.kubernetes.container.image': 'apache/spark:4.2.0',
    });
    expect(app.spec.executorSpec).toBeUndefined();
    // The operator's worker NetworkPolicy admits only pods with the cluster's label.
    expect(app.spec.driverSpec.podTemplateSpec.metadata.labels).toEqual({ 'spark.operator/spark-cluster-name': 'prod' });
    expect(app.spec.driverSpec.podTemplateSpec.spec.containers[0].env).toEqual([
      { name: '_SPARK_AUTH_SECRET', valueFrom: { secretKeyRef: { name: 'spark-auth', key: 'secret' } } },
      { name: 'SPARK_CONNECT_AUTHENTICATE_TOKEN', valueFrom: { secretKeyRef: { name: 'connect-token', key: 'token' } } },
    ]);
    // A standalone driver calls no Kubernetes API: no account, no token.
    expect(findObjects(docs, 'Role')).toEqual([]);
    expect(app.spec.driverSpec.podTemplateSpec.spec.automountServiceAccountToken).toBe(false);
  });

  test('on an unauthenticated master, spark.authenticate is off (the operator would turn it on)', () => {
    const docs = synthChartValid((chart) => {
      const cluster = new apache.SparkCluster(chart, 'Cluster', {
        name: 'dev', sparkVersion: SparkVersion.V4_2_0, workers: { min: 1, max: 1 }, securityOptOuts: [SecurityOptOut.UNAUTHENTICATED_STANDALONE],
      });
      new apache.SparkApplication(chart, 'App', { ...PI, sparkVersion: undefined, master: cluster });
    });
    expect(findObject(docs, 'SparkApplication').spec.sparkConf['spark.authenticate']).toBe('false');
  });

  test('a Connect server run as an application: the token from a Secret, or an opt-out', () => {
    const connect = { mainApplicationFile: ApplicationFile.fromClasspath(), mainClass: 'org.apache.spark.sql.connect.service.SparkConnectServer' };
    const spec = specOf(connect, (chart) => ({ authenticationSecret: { secret: Secret.fromSecretName(chart, 'Token', 'connect-token'), key: 'token' } }));
    expect(spec.driverSpec.podTemplateSpec.spec.containers[0].env).toEqual([
      { name: 'SPARK_CONNECT_AUTHENTICATE_TOKEN', valueFrom: { secretKeyRef: { name: 'connect-token', key: 'token' } } },
    ]);
    expect(errorWith(connect)).toBe(
      '[test/App] \'authenticationSecret\' must be set: without a token, any client that reaches the server can run code on the cluster, got nothing; pass the token\'s Secret key as \'authenticationSecret\' ({ secret, key }), or accept the risk with SecurityOptOut.UNAUTHENTICATED_CONNECT in \'securityOptOuts\' (recorded in the annotation spark.cdk8s.io/security-opt-outs)');
    expect(chartErrorOf((chart) => new apache.SparkApplication(chart, 'App', {
      ...PI, authenticationSecret: { secret: Secret.fromSecretName(chart, 'Token', 'connect-token'), key: 'token' },
    }))).toBe('[test/App] \'authenticationSecret\' only applies to a Spark Connect server (mainClass \'org.apache.spark.sql.connect.service.SparkConnectServer\', or \'org.apache.spark.sql.connect.SparkConnectPlugin\' in spark.plugins), got \'<a Secret key>\'; remove it; for a standalone master\'s RPC secret pass the master (its authenticationSecret reaches the driver)');
  });

  test('the Connect plugin in spark.plugins starts a Connect server too: the same rule', () => {
    const plugin = { sparkConf: { 'spark.plugins': 'com.example.Other, org.apache.spark.sql.connect.SparkConnectPlugin' } };
    expect(errorWith(plugin)).toMatch(/^\[test\/App\] 'authenticationSecret' must be set: without a token, any client that reaches the server can run code on the cluster/);
    const spec = specOf(plugin, (chart) => ({ authenticationSecret: { secret: Secret.fromSecretName(chart, 'Token', 'connect-token'), key: 'token' } }));
    expect(spec.driverSpec.podTemplateSpec.spec.containers[0].env[0].name).toBe('SPARK_CONNECT_AUTHENTICATE_TOKEN');
  });

  test('annotations with Spark\'s {{APP_ID}} become configuration, where Spark substitutes it (both operators)', () => {
    const role = { annotations: { 'yunikorn.apache.org/app-id': '{{APP_ID}}', 'team': 'data' } };
    const spec = specOf({ driver: role, executor: role });
    expect(spec.sparkConf['spark.kubernetes.driver.annotation.yunikorn.apache.org/app-id']).toBe('{{APP_ID}}');
    expect(spec.sparkConf['spark.kubernetes.executor.annotation.yunikorn.apache.org/app-id']).toBe('{{APP_ID}}');
    expect(spec.driverSpec.podTemplateSpec.metadata.annotations).toEqual({ team: 'data' });
    expect(spec.executorSpec.podTemplateSpec.metadata.annotations).toEqual({ team: 'data' });
    const docs = synthChartValid((chart) => new SparkApplication(chart, 'App', { ...PI, driver: role, executor: role }));
    const kubeflow = findObject(docs, 'SparkApplication').spec;
    expect(kubeflow.sparkConf['spark.kubernetes.executor.annotation.yunikorn.apache.org/app-id']).toBe('{{APP_ID}}');
    expect(kubeflow.executor.template.metadata.annotations).toEqual({ team: 'data' });
  });

  describe('bad input', () => {
    test('a missing runtime version', () => {
      expect(errorWith({ sparkVersion: undefined })).toBe(
        '[test/App] \'sparkVersion\' must be set, got nothing; the Apache operator requires spec.runtimeVersions.sparkVersion: pass e.g. SparkVersion.V4_2_0 (the image\'s Spark)');
    });
    test('client mode', () => {
      expect(errorWith({ deploymentMode: apache.DeploymentMode.CLIENT })).toBe(
        '[test/App] \'deploymentMode\' must be DeploymentMode.CLUSTER: the Apache operator fails client-mode applications at run time ("Client mode is not supported yet.", AppValidateStep), got \'ClientMode\'; remove it (cluster mode is the default); for a driver outside the cluster use SparkConnectServer or SparkSubmitJob');
    });
    test('the image both as a typed prop and in raw conf', () => {
      expect(errorWith({ sparkConf: { 'spark.kubernetes.container.image': 'apache/spark:4.2.0' } })).toBe(
        '[test/App] \'sparkConf.spark.kubernetes.container.image\' sets \'spark.kubernetes.container.image\', which \'image\' owns, got \'apache/spark:4.2.0\'; remove it and use \'image\'');
    });
    test('the service account both as a typed prop and in raw conf', () => {
      expect(errorWith({ sparkConf: { 'spark.kubernetes.authenticate.driver.serviceAccountName': 'spark' } })).toBe(
        '[test/App] \'sparkConf.spark.kubernetes.authenticate.driver.serviceAccountName\' sets \'spark.kubernetes.authenticate.driver.serviceAccountName\', which \'driver.serviceAccount\' owns, got \'spark\'; remove it and use \'driver.serviceAccount\'');
    });
    test('negative restart attempts', () => {
      expect(errorWith({ tolerations: { restart: { policy: apache.RestartPolicy.ON_FAILURE, maxAttempts: -1 } } })).toBe(
        '[test/App] \'tolerations.restart.maxAttempts\' must be at least 0, got -1; use a count of restarts, 0 or more (e.g. 3)');
    });
    test('counts beyond a safe JSON integer', () => {
      expect(errorWith({ tolerations: { restart: { policy: apache.RestartPolicy.ALWAYS, maxAttempts: 9223372036854775807 } } })).toBe(
        '[test/App] \'tolerations.restart.maxAttempts\' must be at most 9007199254740991 (a larger JSON number loses precision and is no int64), got 9223372036854776000; use 9007199254740991 for practically unlimited restarts');
    });
    test('negative and zero timeouts', () => {
      // A cdk8s Duration is never negative (Duration.millis(-1) throws); a raw number from JavaScript, or zero, gets the library's message.
      expect(errorWith({ tolerations: { timeouts: { driverStart: -5 } } })).toBe(
        '[test/App] \'tolerations.timeouts.driverStart\' must be a Duration, got -5; use Duration.seconds(30)');
      expect(errorWith({ tolerations: { timeouts: { driverStart: Duration.millis(0) } } })).toBe(
        '[test/App] \'tolerations.timeouts.driverStart\' must be a whole number of milliseconds above zero, got \'0ms\'; use e.g. Duration.minutes(10)');
      expect(errorWith({ tolerations: { ttlAfterStop: Duration.millis(0.5) } })).toBe(
        '[test/App] \'tolerations.ttlAfterStop\' must be a whole number of milliseconds above zero, got \'0.5ms\'; use e.g. Duration.hours(1)');
    });
    test('an instanceConfig the dynamic-allocation bounds never reach', () => {
      expect(errorWith({ dynamicAllocation: { maxExecutors: 3 }, tolerations: { instanceConfig: { minExecutors: 5 } } })).toBe(
        '[test/App] \'tolerations.instanceConfig.minExecutors\' must not exceed the 3 executors the application can run (\'dynamicAllocation.maxExecutors\'): the operator would never report it healthy, got 5; lower it to 3 or less, or raise \'dynamicAllocation.maxExecutors\'');
      expect(errorWith({ executor: { instances: 2 }, tolerations: { instanceConfig: { initExecutors: 3 } } })).toBe(
        '[test/App] \'tolerations.instanceConfig.initExecutors\' must not exceed the 2 executors the application can run (\'executor.instances\'): the operator would never report it healthy, got 3; lower it to 2 or less, or raise \'executor.instances\'');
      expect(errorWith({ dynamicAllocation: { maxExecutors: 3 }, tolerations: { instanceConfig: { maxExecutors: 3 } } })).toBe(
        '[test/App] \'tolerations.instanceConfig.maxExecutors\' only applies without dynamic allocation (the operator checks full capacity only for a fixed executor count), got 3; remove it, or remove \'dynamicAllocation\'');
    });
    test('a retention duration without a retain policy that uses it', () => {
      expect(errorWith({ tolerations: { resourceRetainDuration: Duration.hours(1) } })).toBe(
        '[test/App] \'tolerations.resourceRetainDuration\' needs a \'resourceRetainPolicy\' that retains resources (with ResourceRetainPolicy.NEVER they are released at once), got \'3600000ms\'; set \'tolerations.resourceRetainPolicy\' to ResourceRetainPolicy.ON_FAILURE or .ALWAYS, or remove it');
    });
    test('restart limits without a restart policy', () => {
      expect(errorWith({ tolerations: { restart: { maxAttempts: 2 } } })).toBe(
        '[test/App] \'tolerations.restart.maxAttempts\' only applies when the application restarts (the policy is RestartPolicy.NEVER), got 2; set \'tolerations.restart.policy\' (e.g. RestartPolicy.ON_INFRASTRUCTURE_FAILURE), or remove it');
    });
    test('runtime versions the Spark version does not run on', () => {
      expect(errorWith({ scalaVersion: '2.12' })).toBe('[test/App] \'scalaVersion\' must be Spark 4.2.0\'s Scala binary version 2.13, got \'2.12\'; use \'2.13\', or remove it');
      expect(errorWith({ jdkVersion: '11' })).toBe('[test/App] \'jdkVersion\' must be 17 or later for Spark 4.2.0, got \'11\'; use an image with Java 17 or later, e.g. \'17\'');
    });
    test('driver resources the operator would create twice, or could not attach', () => {
      expect(errorWith({ configMaps: [{ name: 'a' }, { name: 'a' }] })).toBe(
        '[test/App] \'configMaps[1].name\' must differ from \'configMaps[0].name\': the operator would create the ConfigMap twice, got \'a\'; rename one of them');
      expect(errorWith({ driverHttpRoutes: [{ name: 'ui', gateways: [] }] })).toBe(
        '[test/App] \'driverHttpRoutes[0].gateways\' must name at least one Gateway (the route attaches to nothing otherwise), got []; pass [{ name: \'web\' }]');
      expect(errorWith({ driverServiceIngresses: [{ name: 'ui', serviceType: ServiceType.EXTERNAL_NAME, ingress: { host: 'ui.example.com' } }] })).toBe(
        '[test/App] \'driverServiceIngresses[0].serviceType\' must select the driver pod (an ExternalName Service points at a DNS name instead), got \'ExternalName\'; use ServiceType.CLUSTER_IP');
      expect(errorWith({ configMaps: [{ name: 'Bad Name' }] })).toBe(
        '[test/App] \'configMaps[0].name\' must be a DNS subdomain name (lower-case letters, digits, \'-\' and \'.\'), got \'Bad Name\'; use e.g. \'bad-name\'');
      // A data key cdk8s cannot render (it reads 'constructor' as the map's class); the fix's name renders.
      expect(errorWith({ configMaps: [{ name: 'app-config', data: { constructor: 'a=1' } }] })).toBe(
        '[test/App] \'configMaps[0].data\' key must not be \'constructor\' (cdk8s reads that key of a map as the map\'s class and cannot render the map), got \'constructor\'; '
        + 'rename it, e.g. \'constructor.conf\'');
      const fixed = synthChartValid((chart) => new apache.SparkApplication(chart, 'App', { ...PI, configMaps: [{ name: 'app-config', data: { 'constructor.conf': 'a=1' } }] }));
      expect(findObject(fixed, 'SparkApplication').spec.configMapSpecs).toEqual([{ name: 'app-config', data: { 'constructor.conf': 'a=1' } }]);
    });
  });
});
