import { Chart, Size } from 'cdk8s';
import { k8s, Secret } from 'cdk8s-plus-28';
import { apache, ApplicationFile, SecurityOptOut, SparkConnectServer, SparkSubmitJob, SparkVersion } from '../../src';
import { daemonOptionValue } from '../../src/apache/_rules';
import { findObject, synthChartValid } from '../harness';
import { chartErrorOf } from '../harness/expect-error';

const auth = (chart: Chart) => ({ secret: Secret.fromSecretName(chart, 'Auth', 'spark-auth'), key: 'secret' });
const BASE = { name: 'prod', sparkVersion: SparkVersion.V4_2_0, workers: { min: 1, max: 3 } };
const EXTERNAL = { externalSecrets: ['spark-jobs/spark-auth'] };

function clusterSpec(props: Partial<apache.SparkClusterProps> = {}): any {
  const docs = synthChartValid((chart) => new apache.SparkCluster(chart, 'Cluster', { ...BASE, authenticationSecret: auth(chart), ...props }), EXTERNAL);
  return findObject(docs, 'SparkCluster').spec;
}

function errorWith(props: any, withAuth = true): string {
  return chartErrorOf((chart) => new apache.SparkCluster(chart, 'Cluster', { ...BASE, ...(withAuth ? { authenticationSecret: auth(chart) } : {}), ...props }));
}

describe('apache.SparkCluster', () => {
  test('renders instanceConfig, the daemons\' hardened overlays and their configuration', () => {
    const spec = clusterSpec({ workers: { min: 1, max: 3, initial: 2, cores: 2, memory: Size.gibibytes(4) }, jdkVersion: '21' });
    expect(spec.runtimeVersions).toEqual({ sparkVersion: '4.2.0', jdkVersion: '21' });
    expect(spec.clusterTolerations).toEqual({ instanceConfig: { initWorkers: 2, minWorkers: 1, maxWorkers: 3 } });
    expect(spec.sparkConf).toEqual({
      'spark.authenticate': 'true', 'spark.kubernetes.container.image': 'apache/spark:4.2.0', 'spark.master.rest.enabled': 'false',
    });
    const master = spec.masterSpec.statefulSetSpec.template.spec;
    expect(master.containers[0]).toMatchObject({ name: 'master', image: 'apache/spark:4.2.0', securityContext: { readOnlyRootFilesystem: true, runAsNonRoot: true } });
    expect(master.containers[0].volumeMounts.map((m: any) => m.mountPath)).toEqual(['/tmp', '/opt/spark/logs']);
    expect(master.automountServiceAccountToken).toBe(false);
    // Workers and drivers connect to <name>-master-svc:7077, a headless Service: the master listens on 7077 (1.0.0 declares 'spark' 7070, unused).
    expect(master.containers[0].env).toContainEqual({ name: 'SPARK_MASTER_PORT', value: '7077' });
    const worker = spec.workerSpec.statefulSetSpec.template.spec.containers[0];
    expect(worker.env).toEqual(expect.arrayContaining([
      { name: 'SPARK_WORKER_CORES', value: '2' }, { name: 'SPARK_WORKER_MEMORY', value: '4g' },
      { name: '_SPARK_AUTH_SECRET', valueFrom: { secretKeyRef: { name: 'spark-auth', key: 'secret' } } },
    ]));
    expect(worker.resources).toEqual({ requests: { cpu: '2', memory: '5Gi' }, limits: { memory: '5Gi' } });
    expect(worker.volumeMounts.map((m: any) => m.mountPath)).toEqual(['/tmp', '/opt/spark/work', '/var/data/spark-local-dir-1']);
  });

  test('StatefulSet and Service settings of both daemons', () => {
    const spec = clusterSpec({
      master: { statefulSet: { labels: { tier: 'control' } }, service: { annotations: { 'a.example.com/x': 'y' }, publishNotReadyAddresses: true } },
      workers: { min: 1, max: 3, statefulSet: { annotations: { 'b.example.com/z': 'w' } } },
    });
    expect(spec.masterSpec.statefulSetMetadata).toEqual({ labels: { tier: 'control' } });
    expect(spec.masterSpec.serviceMetadata).toEqual({ annotations: { 'a.example.com/x': 'y' } });
    expect(spec.masterSpec.serviceSpec).toEqual({ publishNotReadyAddresses: true });
    expect(spec.workerSpec.statefulSetMetadata).toEqual({ annotations: { 'b.example.com/z': 'w' } });
    expect(errorWith({ workers: { min: 1, max: 3, statefulSet: { labels: { 'bad label': 'x' } } } })).toBe(
      '[test/Cluster] \'workers.statefulSet.labels.bad label\' key must have a name part of at most 63 letters, digits, \'-\', \'_\' or \'.\', got \'bad label\'; use a key such as \'example.com/team\'');
  });

  test('defaults: the documented ones', () => {
    const docs = synthChartValid((chart) => new apache.SparkCluster(chart, 'Cluster', {
      sparkVersion: SparkVersion.V4_2_0, workers: { min: 1, max: 3 }, securityOptOuts: [SecurityOptOut.UNAUTHENTICATED_STANDALONE],
    }));
    const cluster = findObject(docs, 'SparkCluster');
    expect(cluster.metadata.name).toMatch(/^[a-z]([-a-z0-9]*[a-z0-9])?$/);
    expect(cluster.metadata.name.length).toBeLessThanOrEqual(apache.SparkCluster.MAX_NAME_LENGTH);
    expect(cluster.metadata.namespace).toBe('spark-jobs');
    expect(cluster.spec.clusterTolerations.instanceConfig.initWorkers).toBe(1); // initial: min
    expect(cluster.spec.sparkConf).toEqual({ 'spark.kubernetes.container.image': 'apache/spark:4.2.0', 'spark.master.rest.enabled': 'false' });
    const master = cluster.spec.masterSpec.statefulSetSpec.template.spec.containers[0];
    expect([master.imagePullPolicy, master.resources]).toEqual(['IfNotPresent', { requests: { cpu: '500m', memory: '1Gi' }, limits: { memory: '1Gi' } }]);
    const worker = cluster.spec.workerSpec.statefulSetSpec.template.spec.containers[0];
    expect(worker.resources).toEqual({ requests: { cpu: '1', memory: '3Gi' }, limits: { memory: '3Gi' } });
    expect(worker.env).toEqual(expect.arrayContaining([{ name: 'SPARK_WORKER_CORES', value: '1' }, { name: 'SPARK_WORKER_MEMORY', value: '2g' }]));
    expect(cluster.spec.workerSpec.horizontalPodAutoscalerSpec).toBeUndefined(); // the operator's CPU autoscaler
    expect(cluster.spec.masterSpec.serviceMetadata).toBeUndefined();
  });

  test('conf values reach the daemons as given through -Dkey="value" and the kubelet', () => {
    expect(daemonOptionValue('Prod "cluster" $(HOME) \\x')).toBe('Prod \\"cluster\\" $$(HOME) \\\\x');
    const spec = clusterSpec({ sparkConf: { 'spark.master.ui.title': 'Prod "A"' } });
    expect(spec.sparkConf['spark.master.ui.title']).toBe('Prod \\"A\\"');
  });

  test('the autoscaler spec: behavior and metrics, the operator\'s target', () => {
    const spec = clusterSpec({
      workers: {
        min: 1,
        max: 5,
        autoscaler: {
          behavior: { scaleDown: { stabilizationWindowSeconds: 600, policies: [{ type: 'Pods', value: 1, periodSeconds: 300 }] } },
          metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } } }],
        },
      },
    });
    expect(spec.workerSpec.horizontalPodAutoscalerSpec).toEqual({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'prod-worker' },
      maxReplicas: 1,
      behavior: { scaleDown: { stabilizationWindowSeconds: 600, policies: [{ type: 'Pods', value: 1, periodSeconds: 300 }] } },
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } } }],
    });
  });

  test('its masterUrl serves SparkSubmitJob and SparkConnectServer', () => {
    const docs = synthChartValid((chart) => {
      const cluster = new apache.SparkCluster(chart, 'Cluster', { ...BASE, authenticationSecret: auth(chart) });
      expect(cluster.masterUrl).toBe('spark://prod-master-svc.spark-jobs.svc:7077');
      new SparkSubmitJob(chart, 'Job', {
        name: 'pi',
        master: cluster,
        mainApplicationFile: ApplicationFile.fromImagePath('/opt/spark/examples/jars/spark-examples.jar'),
        mainClass: 'org.apache.spark.examples.SparkPi',
      });
      new SparkConnectServer(chart, 'Connect', {
        name: 'connect', master: cluster, authenticationSecret: { secret: Secret.fromSecretName(chart, 'Token', 'connect-token'), key: 'token' },
      });
    }, { externalSecrets: ['spark-jobs/spark-auth', 'spark-jobs/connect-token'] });
    const job = findObject(docs, 'Job');
    expect(JSON.stringify(job.spec.template.spec.containers[0].args)).toContain('spark://prod-master-svc.spark-jobs.svc:7077');
    // Operator 1.0.0's worker NetworkPolicy admits only pods with the cluster's label: both drivers carry it.
    expect(job.spec.template.metadata.labels['spark.operator/spark-cluster-name']).toBe('prod');
    expect(findObject(docs, 'Deployment').spec.template.metadata.labels['spark.operator/spark-cluster-name']).toBe('prod');
  });

  describe('bad input', () => {
    test('minWorkers above maxWorkers', () => {
      expect(errorWith({ workers: { min: 4, max: 3 } })).toBe(
        '[test/Cluster] \'workers.min\' must not exceed \'workers.max\' (3), got 4; lower it to 3 or less, or raise \'workers.max\'');
    });
    test('initial workers outside the bounds', () => {
      expect(errorWith({ workers: { min: 1, max: 3, initial: 5 } })).toBe(
        '[test/Cluster] \'workers.initial\' must be between \'workers.min\' (1) and \'workers.max\' (3), got 5; use a count from 1 to 3');
    });
    test('an autoscaler the operator never creates', () => {
      expect(errorWith({ workers: { min: 2, max: 2, autoscaler: {} } })).toBe(
        '[test/Cluster] \'workers.autoscaler\' only applies when \'workers.min\' is below \'workers.max\' (both are 2: the operator creates no autoscaler), got {}; remove it, or lower \'workers.min\'');
    });
    test.each<[string, any, string]>([
      ['a metric type Kubernetes does not know', { metrics: [{ type: 'Cpu' }] },
        '\'workers.autoscaler.metrics[0].type\' must be one of \'Resource\', \'ContainerResource\', \'Pods\', \'Object\', \'External\', got \'Cpu\'; use \'Resource\' with { resource: { name: \'cpu\', target: { type: \'Utilization\', averageUtilization: 70 } } }'],
      ['a metric without its source', { metrics: [{ type: 'Pods' }] },
        '\'workers.autoscaler.metrics[0].pods\' must be set for a metric of type \'Pods\', got nothing; describe the metric in \'pods\''],
      ['a metric with the source of another type', { metrics: [{ type: 'Pods', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }] },
        '\'workers.autoscaler.metrics[0].pods\' must be set for a metric of type \'Pods\', got nothing; set the type that matches \'resource\''],
      ['a metric with two sources', { metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } }, pods: { metric: { name: 'jobs' }, target: { type: 'AverageValue', averageValue: k8s.Quantity.fromString('2') } } }] },
        '\'workers.autoscaler.metrics[0].pods\' must not be set on a metric of type \'Resource\' (a metric has one source), got {"metric":{"name":"jobs"},"target":{"averageValue":"2","type":"AverageValue"}}; remove it, or make it a metric of its own'],
      ['a utilization of 0', { metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 0 } } }] },
        '\'workers.autoscaler.metrics[0].resource.target.averageUtilization\' must be set above 0 for a target of type \'Utilization\', got 0; use a percentage of the request, e.g. 70'],
      ['an average value of zero', { metrics: [{ type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: k8s.Quantity.fromString('0Mi') } } }] },
        '\'workers.autoscaler.metrics[0].resource.target.averageValue\' must be set above 0 for a target of type \'AverageValue\', got \'0Mi\'; use e.g. k8s.Quantity.fromString(\'500m\')'],
      ['a select policy Kubernetes does not know', { behavior: { scaleDown: { selectPolicy: 'Maximum' } } },
        '\'workers.autoscaler.behavior.scaleDown.selectPolicy\' must be one of \'Max\', \'Min\', \'Disabled\', got \'Maximum\'; use \'Max\''],
      ['a stabilization window over an hour', { behavior: { scaleUp: { stabilizationWindowSeconds: 7200 } } },
        '\'workers.autoscaler.behavior.scaleUp.stabilizationWindowSeconds\' must be a whole number of seconds from 0 to 3600, got 7200; use e.g. 300'],
      ['a policy period of 0', { behavior: { scaleDown: { policies: [{ type: 'Pods', value: 1, periodSeconds: 0 }] } } },
        '\'workers.autoscaler.behavior.scaleDown.policies[0].periodSeconds\' must be a whole number of seconds from 1 to 1800, got 0; use e.g. 60'],
    ])('an autoscaler the API server would refuse when the operator creates it: %s', (_what, autoscaler, message) => {
      expect(errorWith({ workers: { min: 1, max: 4, autoscaler } })).toBe(`[test/Cluster] ${message}`);
    });
    test('a missing runtime version', () => {
      expect(errorWith({ sparkVersion: undefined })).toBe(
        '[test/Cluster] \'sparkVersion\' must be set, got nothing; the Apache operator requires spec.runtimeVersions.sparkVersion: pass e.g. SparkVersion.V4_2_0 (the image\'s Spark)');
    });
    test('no RPC authentication without its opt-out; the REST server without its opt-out', () => {
      expect(errorWith({}, false)).toBe(
        '[test/Cluster] \'authenticationSecret\' must be set: without RPC authentication anything that reaches the master or a worker can submit applications and run code in the cluster, got nothing; create a Secret with a long random value and pass { secret: Secret.fromSecretName(this, \'Auth\', \'spark-auth\'), key: \'secret\' }, or accept the risk with SecurityOptOut.UNAUTHENTICATED_STANDALONE in \'securityOptOuts\' (recorded in the annotation spark.cdk8s.io/security-opt-outs)');
      expect(errorWith({ restServer: true })).toBe(
        '[test/Cluster] \'restServer\' runs the REST submission server on port 6066, which is unauthenticated by design: anyone who reaches it can submit code, bypassing the RPC authentication of \'authenticationSecret\', got true; remove it and submit over RPC (apache.SparkApplication or SparkSubmitJob with master: this cluster), or accept the risk with SecurityOptOut.STANDALONE_REST_SERVER in \'securityOptOuts\' (recorded in the annotation spark.cdk8s.io/security-opt-outs)');
      const docs = synthChartValid((chart) => new apache.SparkCluster(chart, 'C', { ...BASE, securityOptOuts: [SecurityOptOut.UNAUTHENTICATED_STANDALONE] }));
      expect(findObject(docs, 'SparkCluster').metadata.annotations['spark.cdk8s.io/security-opt-outs']).toBe('unauthenticated-standalone');
    });
    test('a name the worker StatefulSet cannot carry', () => {
      expect(errorWith({ name: 'a'.repeat(46) })).toMatch(/^\[test\/Cluster\] 'name' .*'<name>-worker', which must stay within 52 characters/);
    });
  });
});
