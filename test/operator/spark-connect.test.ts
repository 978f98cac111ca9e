import * as fs from 'fs';
import { ApiObject, App, Chart, JsonPatch, Size } from 'cdk8s';
import { Cpu, EnvValue, ImagePullPolicy, Secret, ServiceType } from 'cdk8s-plus-28';
import * as YAML from 'yaml';
import { S3a, SecurityOptOut, SparkConnect, SparkConnectProps, SparkOperator, SparkVersion } from '../../src';
import { findObject, forSnapshot, synthChartValid, synthValid } from '../harness';
import { chartErrorOf } from '../harness/expect-error';
import { needsShared, sharedPath } from '../harness/shared-data';
import { bashWords, kubeletExpand } from '../harness/shell';

/** The token clients send: a key of a Secret the app references. */
function token(chart: Chart): { secret: Secret; key: string } {
  return { secret: Secret.fromSecretName(chart, 'Token', 'connect-token'), key: 'token' } as any;
}

const TOKEN_ENV = { name: 'SPARK_CONNECT_AUTHENTICATE_TOKEN', valueFrom: { secretKeyRef: { name: 'connect-token', key: 'token' } } };

/** A SparkConnect with a token (unless the props say otherwise), through the harness. */
function connect(props: SparkConnectProps = {}, after?: (c: SparkConnect) => void): any {
  const docs = synthChartValid((chart) => {
    const c = new SparkConnect(chart, 'Connect', { name: 'connect', authenticationSecret: token(chart), ...props });
    after?.(c);
  });
  return findObject(docs, 'SparkConnect');
}

/** The error a SparkConnect with these props (and props that need the chart) raises; it has a token unless the props say otherwise. */
function errorOf(props: SparkConnectProps, withChart?: (chart: Chart) => SparkConnectProps): string {
  return chartErrorOf((chart) => new SparkConnect(chart, 'Connect', { authenticationSecret: token(chart), ...props, ...withChart?.(chart) }));
}

describe('SparkConnect', () => {
  test('defaults', () => {
    let c: SparkConnect | undefined;
    const docs = synthChartValid((chart) => {
      c = new SparkConnect(chart, 'Connect', { name: 'connect', authenticationSecret: token(chart) });
    });
    expect(docs.map((d) => `${d.kind}/${d.metadata.name}`).sort()).toEqual([
      'Role/connect-server', 'RoleBinding/connect-server', 'ServiceAccount/connect-server', 'SparkConnect/connect',
    ]);
    expect(c!.connectUrl).toBe('sc://connect-server.spark-jobs.svc:15002');
    expect(c!.serviceName).toBe('connect-server');
    expect(c!.webhookDependencies).toEqual([]);
    const obj = findObject(docs, 'SparkConnect');
    expect(obj.apiVersion).toBe('sparkoperator.k8s.io/v1alpha1');
    expect(obj.metadata).toEqual({ name: 'connect', namespace: 'spark-jobs' });
    expect(Object.keys(obj.spec).sort()).toEqual(['executor', 'image', 'server', 'sparkConf', 'sparkVersion']);
    // The pull policy reaches Spark, which creates the executors (the template's is overridden by Spark).
    // The UI's kill links are off (H2).
    expect(obj.spec.sparkConf).toEqual({ 'spark.kubernetes.container.image.pullPolicy': 'IfNotPresent', 'spark.ui.killEnabled': 'false' });
    expect(obj.spec).toMatchObject({ sparkVersion: '4.0.4', image: 'apache/spark:4.0.4', server: { cores: 1, memory: '1g' }, executor: { cores: 1, memory: '1g', instances: 1 } });
    expect(obj.spec.server.service).toBeUndefined();
    const server = obj.spec.server.template.spec;
    expect(server.serviceAccountName).toBe('connect-server');
    expect(server.automountServiceAccountToken).toBe(true);
    expect(server.containers[0]).toMatchObject({ name: 'spark-kubernetes-driver', image: 'apache/spark:4.0.4', imagePullPolicy: 'IfNotPresent', resources: { requests: { cpu: '1', memory: '1408Mi' }, limits: { memory: '1408Mi' } } });
    expect(server.containers[0].env).toEqual([{ name: 'SPARK_LOG_DIR', value: '/tmp/spark-logs' }, TOKEN_ENV]);
    expect(obj.spec.server.template.metadata).toBeUndefined();
    expect(server.containers[0].securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    expect(server.securityContext).toMatchObject({ runAsUser: 185, runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    const executor = obj.spec.executor.template.spec;
    expect(executor.automountServiceAccountToken).toBe(false);
    expect(executor.serviceAccountName).toBeUndefined();
    expect(executor.containers[0].name).toBe('spark-kubernetes-executor');
    expect(findObject(docs, 'Role').rules.flatMap((r: any) => r.resources).sort()).toEqual(['configmaps', 'persistentvolumeclaims', 'pods', 'services']);
  });

  test('a BI server with a token, S3A, dynamic allocation and pod settings', () => {
    const docs = synthChartValid((chart) => {
      const s3a = new S3a({ credentials: Secret.fromSecretName(chart, 'S3', 's3-credentials'), endpoint: 'http://minio.storage:9000', pathStyleAccess: true });
      new SparkConnect(chart, 'Connect', {
        name: 'bi-connect',
        sparkVersion: SparkVersion.V4_1_3,
        authenticationSecret: { secret: Secret.fromSecretName(chart, 'Token', 'connect-token'), key: 'token' },
        server: { cores: 2, memory: Size.gibibytes(4), nodeSelector: { pool: 'system' } },
        executor: { cores: 4, memory: Size.gibibytes(8), labels: { team: 'bi' } },
        dynamicAllocation: { minExecutors: 0, maxExecutors: 10 },
        s3a,
        sparkConf: { 'spark.scheduler.mode': 'FAIR' },
        labels: { team: 'bi' },
      });
    });
    const obj = findObject(docs, 'SparkConnect');
    const env = obj.spec.server.template.spec.containers[0].env;
    expect(env).toContainEqual({ name: 'SPARK_CONNECT_AUTHENTICATE_TOKEN', valueFrom: { secretKeyRef: { name: 'connect-token', key: 'token' } } });
    expect(env.filter((e: any) => e.valueFrom?.secretKeyRef?.name === 's3-credentials').length).toBeGreaterThan(0);
    expect(obj.spec.executor.template.spec.containers[0].env.map((e: any) => e.name)).not.toContain('SPARK_CONNECT_AUTHENTICATE_TOKEN');
    expect(obj.spec.hadoopConf['fs.s3a.endpoint']).toBe('http://minio.storage:9000');
    expect(JSON.stringify(obj.spec.sparkConf ?? {})).not.toMatch(/secret/i);
    expect(obj.metadata.labels).toEqual({ team: 'bi' });
    expect(obj.spec.server.template.spec.nodeSelector).toEqual({ pool: 'system' });
    expect(obj.spec.executor.template.metadata.labels).toEqual({ team: 'bi' });
    expect(forSnapshot(docs)).toMatchSnapshot();
  });

  test('zero executors are allowed (the operator accepts them)', () => {
    expect(connect({ executor: { instances: 0 } }).spec.executor.instances).toBe(0);
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
    // S3A on the stock image: the Hadoop line's hadoop-aws comes as a package (D1).
    expect(obj.spec.sparkConf).toEqual({
      'spark.jars.ivy': '/tmp/.ivy2',
      'spark.jars.packages': 'org.apache.hadoop:hadoop-aws:3.4.2',
      'spark.kubernetes.container.image.pullPolicy': 'Always',
      'spark.scheduler.mode': 'FAIR',
      'spark.ui.killEnabled': 'false',
    });
  });

  test('depends on an operator in the same app', () => {
    const docs = synthValid((app) => {
      const op = new SparkOperator(new Chart(app, 'platform'), 'Operator', { jobNamespaces: [] });
      const chart = new Chart(app, 'connect');
      new SparkConnect(chart, 'Connect', { name: 'bi', jobNamespace: op.addJobNamespace('bi'), authenticationSecret: token(chart) });
    });
    const kinds = docs.map((d) => d.kind);
    expect(kinds.indexOf('SparkConnect')).toBeGreaterThan(kinds.lastIndexOf('CustomResourceDefinition'));
    expect(findObject(docs, 'SparkConnect').spec.server.template.spec.serviceAccountName).toBe('spark-operator-spark');
  });

  test('Spark 3.5 has no token authentication: it runs with the recorded opt-out', () => {
    const obj = connect({ sparkVersion: SparkVersion.V3_5_8, authenticationSecret: undefined, securityOptOuts: [SecurityOptOut.UNAUTHENTICATED_CONNECT] });
    expect(obj.spec).toMatchObject({ sparkVersion: '3.5.8', image: 'apache/spark:3.5.8' });
    expect(obj.metadata.annotations).toEqual({ 'spark.cdk8s.io/security-opt-outs': 'unauthenticated-connect' });
    expect(obj.spec.server.template.metadata.annotations).toEqual({ 'spark.cdk8s.io/security-opt-outs': 'unauthenticated-connect' });
    // The executors take no Connect risk: nothing is recorded on them.
    expect(obj.spec.executor.template.metadata).toBeUndefined();
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
        '[test/Connect] \'sparkVersion\' must be at least 3.5.0, because Spark Connect exists from Spark 3.5, got \'3.4.4\'; use SparkVersion.V3_5_8 or later'],
      ['fails on a literal token', { name: 'c', sparkConf: { 'spark.connect.authenticate.token': 'x' } },
        '[test/Connect] \'sparkConf.spark.connect.authenticate.token\' sets \'spark.connect.authenticate.token\', which \'authenticationSecret\' owns, got \'<redacted>\'; remove it and use \'authenticationSecret\''],
      ['fails on dynamic-allocation bounds', { name: 'c', dynamicAllocation: { minExecutors: 1, initialExecutors: 5, maxExecutors: 2 } },
        '[test/Connect] \'dynamicAllocation.initialExecutors\' must lie within [minExecutors, maxExecutors] = [1, 2], got 5; pick a value in that range or leave it unset'],
      ['fails on zero executors with dynamic allocation', { name: 'c', executor: { instances: 0 }, dynamicAllocation: { maxExecutors: 2 } },
        '[test/Connect] \'executor.instances\' cannot be combined with \'dynamicAllocation\', got 0; remove it and set \'dynamicAllocation.initialExecutors\''],
      ['fails on invalid executor memory', { name: 'c', executor: { memory: Size.kibibytes(512) } },
        '[test/Connect] \'executor.memory\' must be at least 1 MiB, got \'512k\'; give Spark a realistic heap such as Size.mebibytes(512)'],
      ['fails on zero server cores', { name: 'c', server: { cores: 0 } },
        '[test/Connect] \'server.cores\' must be at least 1, got 0; give whole cores (use \'coreRequest\' for a fractional CPU request)'],
      ['fails on GPUs for the server', { name: 'c', server: { gpu: { amount: 1 } } },
        '[test/Connect] \'server.gpu\' is not supported: the Connect server schedules tasks but runs none, got 1; request GPUs for the executors with \'executor.gpu\''],
      ['fails on the token as a literal environment variable', {
        name: 'c',
        authenticationSecret: undefined,
        securityOptOuts: [SecurityOptOut.UNAUTHENTICATED_CONNECT],
        server: { env: { SPARK_CONNECT_AUTHENTICATE_TOKEN: EnvValue.fromValue('s3cr3t') } },
      },
      '[test/Connect] \'server.env.SPARK_CONNECT_AUTHENTICATE_TOKEN\' holds secret material as a literal value, readable by anyone who can get pods, got \'<redacted>\'; store it in a Secret and use EnvValue.fromSecretValue({ secret, key })'],
    ])('%s', (_name, props, message) => {
      expect(errorOf(props)).toContain(message);
    });

    test('fails on token authentication with Spark 3.5', () => {
      expect(errorOf({ name: 'c', sparkVersion: SparkVersion.V3_5_8 }, (chart) => ({ authenticationSecret: { secret: Secret.fromSecretName(chart, 'T', 't'), key: 'token' } }))).toContain('[test/Connect] \'authenticationSecret\' needs Spark 4.0 or later (token authentication does not exist in 3.5), got \'3.5.8\'; use SparkVersion.V4_0_4 or later, or put an authenticating proxy in front');
    });
  });

  describe('security opt-outs', () => {
    const OPT_OUT_NOTE = 'in \'securityOptOuts\' (recorded in the annotation spark.cdk8s.io/security-opt-outs)';

    test.each<[string, SparkConnectProps, string]>([
      ['fails without a token', { authenticationSecret: undefined },
        '[test/Connect] \'authenticationSecret\' must be set: without a token, any client that reaches the server can run code on the cluster, got nothing; '
        + `pass the token's Secret key as 'authenticationSecret' ({ secret, key }), or accept the risk with SecurityOptOut.UNAUTHENTICATED_CONNECT ${OPT_OUT_NOTE}`],
      ['fails without a token on Spark 3.5, pointing at Spark 4', { authenticationSecret: undefined, sparkVersion: SparkVersion.V3_5_8 },
        '[test/Connect] \'authenticationSecret\' must be set: without a token, any client that reaches the server can run code on the cluster, got nothing; '
        + 'use SparkVersion.V4_0_4 or later (Spark 3.5 has no token authentication) and pass the token\'s Secret key as \'authenticationSecret\', '
        + `or accept the risk with SecurityOptOut.UNAUTHENTICATED_CONNECT ${OPT_OUT_NOTE}`],
      ['fails on a LoadBalancer without a token, even with the unauthenticated opt-out',
        { authenticationSecret: undefined, securityOptOuts: [SecurityOptOut.UNAUTHENTICATED_CONNECT], server: { service: { type: ServiceType.LOAD_BALANCER } } },
        '[test/Connect] \'server.service.type\' publishes the server outside the cluster without authentication, so anyone who reaches it can run code on the cluster, '
        + `got 'LoadBalancer'; pass the token's Secret key as 'authenticationSecret' ({ secret, key }), or accept the risk with SecurityOptOut.EXPOSED_CONNECT ${OPT_OUT_NOTE}`],
      ['fails on a NodePort without a token',
        { authenticationSecret: undefined, securityOptOuts: [SecurityOptOut.UNAUTHENTICATED_CONNECT], server: { service: { type: ServiceType.NODE_PORT } } },
        '[test/Connect] \'server.service.type\' publishes the server outside the cluster without authentication, so anyone who reaches it can run code on the cluster, '
        + `got 'NodePort'; pass the token's Secret key as 'authenticationSecret' ({ secret, key }), or accept the risk with SecurityOptOut.EXPOSED_CONNECT ${OPT_OUT_NOTE}`],
      ['fails on an opt-out for a risk not taken', { securityOptOuts: [SecurityOptOut.UNAUTHENTICATED_CONNECT] },
        '[test/Connect] \'securityOptOuts[0]\' is SecurityOptOut.UNAUTHENTICATED_CONNECT, but this construct does not take that risk, got \'unauthenticated-connect\'; '
        + 'remove it, so the annotation records only the risks taken'],
      ['fails on an opt-out of another construct', { securityOptOuts: [SecurityOptOut.SYSTEM_NAMESPACE] },
        '[test/Connect] \'securityOptOuts[0]\' is SecurityOptOut.SYSTEM_NAMESPACE, which does not apply to a SparkConnect, got \'system-namespace\'; '
        + 'remove it (a SparkConnect accepts SecurityOptOut.DEFAULT_SERVICE_ACCOUNT, SecurityOptOut.UNAUTHENTICATED_CONNECT, SecurityOptOut.EXPOSED_CONNECT, '
        + 'SecurityOptOut.WEAKER_SIDECAR, SecurityOptOut.SENSITIVE_MOUNT, SecurityOptOut.SYSTEM_PRIORITY_CLASS)'],
      ['fails on an ExternalName Service', { server: { service: { type: ServiceType.EXTERNAL_NAME } } },
        '[test/Connect] \'server.service.type\' must select the server pod (an ExternalName Service points at a DNS name instead), got \'ExternalName\'; use ServiceType.CLUSTER_IP'],
      ['fails on an unknown Service type', { server: { service: { type: 'loadbalancer' as any } } },
        '[test/Connect] \'server.service.type\' must be one of ServiceType.CLUSTER_IP, ServiceType.NODE_PORT, ServiceType.LOAD_BALANCER, ServiceType.EXTERNAL_NAME, '
        + 'got \'loadbalancer\'; use ServiceType.LOAD_BALANCER'],
      ['fails on a Service annotation holding a secret', { server: { service: { annotations: { 'example.com/key': 'AKIAIOSFODNN7EXAMPLE' } } } },
        '[test/Connect] \'server.service.annotations.example.com/key\' holds an AWS access key id, which would be stored in clear in Git and in the cluster, got \'<redacted>\'; '
        + 'keep it in a Kubernetes Secret and pass it by reference (an environment variable from the Secret, or a mounted file)'],
      ['fails on a Service label that is not a label value', { server: { service: { labels: { team: 'data team' } } } },
        '[test/Connect] \'server.service.labels.team\' must be a label value (at most 63 letters, digits, \'-\', \'_\' or \'.\', starting and ending with a letter or digit), '
        + 'got \'data team\'; put longer or free-form text in an annotation'],
      ['fails on a token that is not a Secret key', { authenticationSecret: 's3cr3t' as any },
        '[test/Connect] \'authenticationSecret\' must be a key of a Kubernetes Secret ({ secret, key }), got \'<redacted>\'; '
        + 'pass { secret: Secret.fromSecretName(this, \'Auth\', \'spark-auth\'), key: \'secret\' }'],
    ])('%s', (_name, props, message) => {
      expect(errorOf(props)).toBe(message);
    });

    test('a LoadBalancer with a token is allowed (the operator creates no NetworkPolicy to turn off)', () => {
      const obj = connect({ server: { service: { type: ServiceType.LOAD_BALANCER } } });
      expect(obj.spec.server.service.spec.type).toBe('LoadBalancer');
      expect(obj.metadata.annotations).toBeUndefined();
    });

    test('an exposed server without a token runs with both opt-outs, recorded on the object and the server pod', () => {
      const obj = connect({
        authenticationSecret: undefined,
        securityOptOuts: [SecurityOptOut.UNAUTHENTICATED_CONNECT, SecurityOptOut.EXPOSED_CONNECT],
        server: { service: { type: ServiceType.LOAD_BALANCER } },
        annotations: { 'example.com/owner': 'bi' },
      });
      expect(obj.metadata.annotations).toEqual({ 'example.com/owner': 'bi', 'spark.cdk8s.io/security-opt-outs': 'exposed-connect,unauthenticated-connect' });
      expect(obj.spec.server.template.metadata.annotations).toEqual({ 'spark.cdk8s.io/security-opt-outs': 'exposed-connect,unauthenticated-connect' });
      expect(obj.spec.server.template.spec.containers[0].env).toEqual([{ name: 'SPARK_LOG_DIR', value: '/tmp/spark-logs' }]);
    });
  });
});

const EXAMPLE = sharedPath('upstream', 'kubeflow-spark-operator', 'examples', 'sparkconnect__spark-connect.yaml');
needsShared(EXAMPLE, 'the upstream SparkConnect example written with the typed API').test('the upstream sparkconnect__spark-connect.yaml written with the typed API', () => {
  const theirs = YAML.parse(fs.readFileSync(EXAMPLE, 'utf-8'));
  const ours = connect({
    name: 'spark-connect',
    image: 'docker.io/apache/spark:4.0.4',
    imagePullPolicy: ImagePullPolicy.ALWAYS,
    server: { cores: 1, coreLimit: Cpu.units(1), memory: Size.mebibytes(640), labels: { key1: 'value1', key2: 'value2' }, annotations: { key3: 'value3', key4: 'value4' } },
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
  // Upstream's server requests and is limited to 1 CPU and 1 GiB: ours is 640m heap + 384m overhead = 1 GiB.
  const quantities = (r: any) => JSON.parse(JSON.stringify(r), (_k, v) => typeof v === 'number' ? String(v) : v);
  expect(quantities(ours.spec.server.template.spec.containers[0].resources)).toEqual(quantities(theirs.spec.server.template.spec.containers[0].resources));
  // Upstream runs the server as the operator's Spark account; ours gets its own least-privilege one unless a job namespace is given.
  expect(theirs.spec.server.template.spec.serviceAccount).toBe('spark-operator-spark');
  expect(ours.spec.server.template.spec.serviceAccountName).toBe('spark-connect-server');
});

/**
 * Issue "It runs" (D7, H2, D4): the operator joins every `--conf key=value` into
 * one unquoted `bash -c` argument (internal/controller/sparkconnect/options.go
 * sparkConfOption/hadoopConfOption, reconciler.go mutateServerPod at v2.5.2),
 * which the kubelet expands first; its Service exposes the UI (4040) to the
 * cluster; clients find the Service by `<name>-server.<namespace>.svc`.
 */
describe('SparkConnect: what the operator and bash make of it (issue "It runs")', () => {
  /** The server's command line as the operator builds it, expanded by the kubelet and split by bash. */
  function serverConf(spec: any): { conf: { [key: string]: string }; syntax?: string } {
    // After the operator's own `${SPARK_HOME}/sbin/start-connect-server.sh --master ...`, which bash is meant to expand.
    const words: string[] = [];
    for (const [k, v] of Object.entries(spec.sparkConf ?? {})) words.push('--conf', `${k}=${v}`);
    for (const [k, v] of Object.entries(spec.hadoopConf ?? {})) words.push('--conf', `spark.hadoop.${k}=${v}`);
    const parsed = bashWords(kubeletExpand(words.join(' ')));
    const conf: { [key: string]: string } = {};
    parsed.words.forEach((w, i) => {
      if (parsed.words[i - 1] === '--conf') conf[w.slice(0, w.indexOf('='))] = w.slice(w.indexOf('=') + 1);
    });
    return { conf, syntax: parsed.syntax };
  }

  test('JVM options and values with spaces, quotes and $ reach Spark as one value each', () => {
    const spec = connect({
      server: { javaOptions: '-XX:+UseG1GC -Dlog4j.configurationFile=/etc/spark/log4j2.properties' },
      executor: { javaOptions: '-XX:+UseG1GC -Dapp.name=\'nightly $(date)\'' },
      sparkConf: { 'spark.sql.warehouse.dir': 's3a://lake/warehouse dir', 'spark.myapp.greeting': 'it\'s $HOME' },
      hadoopConf: { 'fs.s3a.user.agent.prefix': 'spark connect' },
    }).spec;
    // Each value is one single-quoted shell word (without it, bash splits '-Dlog4j...' into an application argument).
    expect(spec.sparkConf['spark.driver.extraJavaOptions']).toBe('\'-XX:+UseG1GC -Dlog4j.configurationFile=/etc/spark/log4j2.properties\'');
    const { conf, syntax } = serverConf(spec);
    expect(syntax).toBeUndefined();
    expect(conf).toMatchObject({
      'spark.driver.extraJavaOptions': '-XX:+UseG1GC -Dlog4j.configurationFile=/etc/spark/log4j2.properties',
      'spark.executor.extraJavaOptions': '-XX:+UseG1GC -Dapp.name=\'nightly $(date)\'',
      'spark.sql.warehouse.dir': 's3a://lake/warehouse dir',
      'spark.myapp.greeting': 'it\'s $HOME',
      'spark.hadoop.fs.s3a.user.agent.prefix': 'spark connect',
    });
  });

  test('the UI\'s kill links are off by default, and a prop turns them on', () => {
    expect(connect().spec.sparkConf['spark.ui.killEnabled']).toBe('false');
    expect(connect({ uiKillEnabled: true }).spec.sparkConf['spark.ui.killEnabled']).toBe('true');
    expect(errorOf({ sparkConf: { 'spark.ui.killEnabled': 'true' } }))
      .toBe('[test/Connect] \'sparkConf.spark.ui.killEnabled\' sets \'spark.ui.killEnabled\', which \'uiKillEnabled\' owns, got \'true\'; remove it and use \'uiKillEnabled\'');
    expect(errorOf({ uiKillEnabled: 'no' as any })).toBe('[test/Connect] \'uiKillEnabled\' must be true or false, got \'no\'; use true (a boolean, not a string)');
  });

  test('the token goes through authenticationSecret, never the configuration', () => {
    expect(errorOf({ sparkConfFromSecrets: { 'spark.connect.authenticate.token': { secret: Secret.fromSecretName(new Chart(new App(), 'r'), 'T', 't'), key: 'k' } } }))
      .toBe('[test/Connect] \'sparkConfFromSecrets.spark.connect.authenticate.token\' sets \'spark.connect.authenticate.token\', which \'authenticationSecret\' owns, '
        + 'got \'<redacted>\'; remove it and use \'authenticationSecret\'');
  });

  test('the URL names no cluster domain (D4)', () => {
    let url = '';
    connect({}, (c) => url = c.connectUrl);
    expect(url).toBe('sc://connect-server.spark-jobs.svc:15002');
  });
});
