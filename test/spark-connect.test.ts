import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, Chart, JsonPatch, Size, Testing } from 'cdk8s';
import { ImagePullPolicy, ServiceType } from 'cdk8s-plus-28';
import * as YAML from 'yaml';
import { findObject, synthChartValid, synthValid } from './harness';
import { SparkConnect, SparkConnectProps, SparkOperator, SparkVersion } from '../src';

function connect(props: SparkConnectProps = {}, after?: (c: SparkConnect) => void): any {
  const docs = synthChartValid((chart) => {
    const c = new SparkConnect(chart, 'Connect', { name: 'connect', ...props });
    after?.(c);
  });
  return findObject(docs, 'SparkConnect');
}

function errorOf(props: SparkConnectProps): string {
  try {
    new SparkConnect(new Chart(Testing.app(), 'test', { namespace: 'spark-jobs' }), 'Connect', props);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected an error');
}

describe('SparkConnect', () => {
  test('defaults', () => {
    let url = '';
    const obj = connect({}, (c) => url = c.connectUrl);
    expect(obj.apiVersion).toBe('sparkoperator.k8s.io/v1alpha1');
    expect(obj.spec).toMatchObject({ sparkVersion: '4.0.4', image: 'apache/spark:4.0.4', server: { cores: 1, memory: '1g' }, executor: { cores: 1, memory: '1g', instances: 1 } });
    const server = obj.spec.server.template.spec;
    expect(server.serviceAccountName).toBe('connect-server');
    expect(server.automountServiceAccountToken).toBe(true);
    expect(server.containers[0]).toMatchObject({ name: 'spark-kubernetes-driver', image: 'apache/spark:4.0.4', imagePullPolicy: 'IfNotPresent', resources: { requests: { cpu: '1', memory: '1408Mi' }, limits: { memory: '1408Mi' } } });
    expect(obj.spec.executor.template.spec.automountServiceAccountToken).toBe(false);
    expect(url).toBe('sc://connect-server.spark-jobs.svc.cluster.local:15002');
  });

  test('server, executors, dynamic allocation, service', () => {
    const obj = connect({
      sparkVersion: SparkVersion.V4_1_3,
      imagePullPolicy: ImagePullPolicy.ALWAYS,
      server: { cores: 2, memory: Size.gibibytes(4), service: { type: ServiceType.CLUSTER_IP, annotations: { 'example.com/team': 'bi' } } },
      executor: { cores: 2, memory: Size.gibibytes(8) },
      dynamicAllocation: { minExecutors: 1, maxExecutors: 6 },
      sparkConf: { 'spark.scheduler.mode': 'FAIR' },
      hadoopConf: { 'fs.s3a.fast.upload': 'true' },
    });
    expect(obj.spec.server).toMatchObject({ cores: 2, memory: '4g', service: { metadata: { annotations: { 'example.com/team': 'bi' } }, spec: { type: 'ClusterIP' } } });
    expect(obj.spec.executor.instances).toBeUndefined();
    expect(obj.spec.dynamicAllocation).toEqual({ enabled: true, minExecutors: 1, maxExecutors: 6, shuffleTrackingEnabled: true });
    expect(obj.spec.sparkConf).toEqual({ 'spark.scheduler.mode': 'FAIR' });
  });

  test('depends on an operator in the same app', () => {
    const docs = synthValid((app) => {
      const op = new SparkOperator(new Chart(app, 'platform'), 'Operator', { jobNamespaces: [] });
      new SparkConnect(new Chart(app, 'connect'), 'Connect', { name: 'bi', jobNamespace: op.addJobNamespace('bi') });
    });
    const kinds = docs.map((d) => d.kind);
    expect(kinds.indexOf('SparkConnect')).toBeGreaterThan(kinds.lastIndexOf('CustomResourceDefinition'));
    expect(findObject(docs, 'SparkConnect').spec.server.template.spec.serviceAccountName).toBe('spark-operator-spark');
  });

  test('JSON patches apply', () => {
    const obj = connect({}, (c) => ApiObject.of(c).addJsonPatch(JsonPatch.add('/spec/executor/instances', 3)));
    expect(obj.spec.executor.instances).toBe(3);
  });

  describe('bad input', () => {
    test.each<[string, SparkConnectProps, string]>([
      ['fails on a name longer than 56 characters', { name: 'c'.repeat(57) },
        `[test/Connect] 'name' must be at most 56 characters because the operator names the server pod and Service '<name>-server', which must fit 63 characters, got '${'c'.repeat(57)}'; shorten it by 1 character`],
      ['fails on Spark below 3.5', { name: 'c', sparkVersion: SparkVersion.of('3.4.4') },
        '[test/Connect] \'sparkVersion\' must be at least 3.5.0 for Spark Connect, got \'3.4.4\'; use SparkVersion.V3_5_8 or later'],
      ['fails on a literal token', { name: 'c', sparkConf: { 'spark.connect.authenticate.token': 'x' } },
        '[test/Connect] \'sparkConf.spark.connect.authenticate.token\' holds secret material as a literal value'],
      ['fails on dynamic-allocation bounds', { name: 'c', dynamicAllocation: { minExecutors: 1, initialExecutors: 5, maxExecutors: 2 } },
        '[test/Connect] \'dynamicAllocation.initialExecutors\' must lie within [minExecutors, maxExecutors] = [1, 2], got 5; pick a value in that range or leave it unset'],
    ])('%s', (_name, props, message) => {
      expect(errorOf(props)).toContain(message);
    });
  });
});

const EXAMPLE = path.join(__dirname, '..', '..', 'shared', 'upstream', 'kubeflow-spark-operator', 'examples', 'sparkconnect__spark-connect.yaml');
(fs.existsSync(EXAMPLE) ? test : test.skip)('the upstream sparkconnect__spark-connect.yaml written with the typed API', () => {
  const theirs = YAML.parse(fs.readFileSync(EXAMPLE, 'utf-8'));
  const ours = connect({
    name: 'spark-connect',
    image: 'docker.io/apache/spark:4.0.4',
    imagePullPolicy: ImagePullPolicy.ALWAYS,
    server: { cores: 1, memory: Size.mebibytes(640), labels: { key1: 'value1', key2: 'value2' }, annotations: { key3: 'value3', key4: 'value4' } },
    executor: { instances: 2, cores: 1, memory: Size.mebibytes(512), labels: { key1: 'value1', key2: 'value2' }, annotations: { key3: 'value3', key4: 'value4' } },
  });
  expect(ours.metadata.name).toBe(theirs.metadata.name);
  expect(ours.spec.sparkVersion).toBe(theirs.spec.sparkVersion);
  expect({ instances: ours.spec.executor.instances, cores: ours.spec.executor.cores, memory: ours.spec.executor.memory }).toEqual({ instances: 2, cores: 1, memory: '512m' });
  for (const role of ['server', 'executor']) {
    expect(ours.spec[role].template.metadata).toEqual(theirs.spec[role].template.metadata);
    const mine = ours.spec[role].template.spec.containers[0];
    const upstream = theirs.spec[role].template.spec.containers[0];
    expect({ name: mine.name, image: mine.image, imagePullPolicy: mine.imagePullPolicy }).toEqual({ name: upstream.name, image: upstream.image, imagePullPolicy: upstream.imagePullPolicy });
    // The hardening upstream puts in the pod-level securityContext sits on the container here.
    expect(mine.securityContext).toMatchObject({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, runAsNonRoot: true, runAsUser: 185 });
  }
  // Upstream's server requests 1 CPU and 1 GiB: ours is 640m heap + 384m overhead = 1 GiB.
  expect(ours.spec.server.template.spec.containers[0].resources).toEqual({ requests: { cpu: '1', memory: '1Gi' }, limits: { memory: '1Gi' } });
});
