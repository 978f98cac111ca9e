import * as fs from 'fs';
import * as path from 'path';
import { Chart, Duration, Size } from 'cdk8s';
import { Cpu, k8s, Secret } from 'cdk8s-plus-28';
import * as YAML from 'yaml';
import { apache, ApplicationFile, EventLog, ExecutorPodsAllocator, S3a, SecurityOptOut, SparkLocalDirs, SparkVersion, SparkVolume } from '../../src';
import { findObject, synthChartValid } from '../harness';
import { needsShared, sharedPath } from '../harness/shared-data';

/**
 * Every upstream example of the Apache Spark Kubernetes Operator whose kind is
 * SparkApplication or SparkCluster, written with the typed API (`apache.*`).
 * Each equivalent passes the harness (CRD schema with nothing pruned,
 * Kubernetes schema, restricted pods including the projected driver,
 * executor, master and worker pods, RBAC, determinism) and keeps every leaf
 * of the upstream spec: metadata.name, mainClass, jars, pyFiles, driverArgs,
 * runtimeVersions, every sparkConf key (`{{SPARK_VERSION}}` replaced: we emit
 * concrete images), applicationTolerations, clusterTolerations and every pod
 * template field, except
 * - per example, the leaves our typed API sets differently on purpose (each
 *   with its reason: `differs` of each test), and
 * - the leaves the typed API cannot express at all (NOT_EXPRESSIBLE below).
 * Every entry of either list must match an upstream leaf that really differs
 * in our output: a stale entry fails the test.
 */
const EXAMPLES = sharedPath('upstream', 'apache-spark-kubernetes-operator', 'examples');
const withExamples = needsShared(EXAMPLES, 'the upstream Apache Spark Kubernetes Operator examples written with the typed API');

/** Why an upstream leaf is not in our output as is, by its path (see `leaves`). */
type Reasons = { readonly [path: string]: string };

/**
 * The upstream settings the typed API cannot express, by example file and
 * leaf path, each with the exact reason. An example listed here is covered
 * partially; every other example is covered fully.
 */
const NOT_EXPRESSIBLE: { readonly [file: string]: Reasons } = {
  'cluster-with-jws-filter.yaml': {
    'sparkConf.spark.org.apache.spark.ui.JWSFilter.param.secretKey':
      'a literal secret, refused by design; SparkCluster has no Secret-fed configuration: the operator passes every daemon setting in '
      + 'SPARK_MASTER_OPTS / SPARK_WORKER_OPTS as -Dkey="value" (a secret there lands on the daemons\' command line), and Spark reads '
      + 'filter parameters raw (getAllWithPrefix), so no ${env:...} reference could stand in: the JWS key has no safe way into the daemons',
    'sparkConf.spark.ui.filters': 'the JWSFilter cannot start without its secretKey (see above): left out with it',
    'sparkConf.spark.master.rest.filters': 'the JWSFilter cannot start without its secretKey (see above); the REST server is off by default here anyway',
  },
  'cluster-with-template.yaml': {
    'masterSpec.statefulSetSpec.template.spec.securityContext.runAsUser':
      'runAsUser 0 (root) is refused by the restricted Pod Security Standard the library and the harness enforce',
    'workerSpec.statefulSetSpec.template.spec.securityContext.runAsUser':
      'runAsUser 0 (root) is refused by the restricted Pod Security Standard the library and the harness enforce',
  },
  'spark-history-server-with-jws-filter.yaml': {
    'sparkConf.spark.org.apache.spark.ui.JWSFilter.param.secretKey':
      'a literal secret, refused by design; sparkConfFromSecrets refuses the key too: filter parameters are read raw '
      + '(getAllWithPrefix of spark.<filter>.param.), so a ${env:...} reference would reach the JWSFilter as its key',
    'sparkConf.spark.ui.filters': 'the JWSFilter cannot start without its secretKey (see above): left out with it',
  },
};

/** The service account every upstream application names. */
const ACCOUNT = {
  'sparkConf.spark.kubernetes.authenticate.driver.serviceAccountName':
    'upstream runs as a shared account `spark`; the typed API creates a least-privilege driver account <name>-driver (driver.serviceAccount names another)',
};
/** The Ivy directory of the upstream examples that resolve packages. */
const IVY = {
  'sparkConf.spark.jars.ivy': 'owned by deps.packages: the library resolves packages into /tmp/.ivy2 on the pod\'s writable /tmp scratch volume',
};
/** The literal S3 credentials of the LocalStack examples. */
const S3_KEYS = {
  'sparkConf.spark.hadoop.fs.s3a.access.key': 'the literal key `test` is refused as a secret by design: S3a reads AWS_ACCESS_KEY_ID from a Secret (secretKeyRef)',
  'sparkConf.spark.hadoop.fs.s3a.secret.key': 'the literal key `test` is refused as a secret by design: S3a reads AWS_SECRET_ACCESS_KEY from a Secret (secretKeyRef)',
};
/** hadoop-aws for the stock Spark 4.2 image. */
const HADOOP_AWS_4_2 = {
  'sparkConf.spark.jars.packages':
    'the library adds the hadoop-aws of the Spark line\'s own Hadoop (4.2: 3.4.3, the image\'s hadoop-client jars) and refuses 3.4.2 on a stock image',
};
/** Spark's local directory on an on-demand claim. */
const LOCAL_DIR_PATH = {
  'sparkConf.spark.kubernetes.executor.volumes.persistentVolumeClaim.spark-local-dir-1.mount.path':
    'owned by localDirs: Spark\'s local directory spark-local-dir-1 always mounts at /var/data/spark-local-dir-1 (same volume and claim recipe)',
};
/** The one-pod examples (spark.kubernetes.driver.master=local[N]). */
const LOCAL_MODE_ACCOUNT = {
  'sparkConf.spark.kubernetes.authenticate.driver.serviceAccountName':
    'localMode: the driver calls no Kubernetes API, so the typed API gives it no account and no token (driver.serviceAccount would name one)',
};
/** Restart forever. */
const RESTART_FOREVER = {
  // Counts above Number.MAX_SAFE_INTEGER are refused (they would render out of int64 range).
  'applicationTolerations.restartConfig.maxRestartAttempts':
    'Long.MAX_VALUE (9223372036854775807) has no exact JavaScript number; Number.MAX_SAFE_INTEGER restarts just as forever',
};
/** CPU limits of the daemons. */
const cpuLimit = (role: 'master' | 'worker') => ({
  [`${role}Spec.statefulSetSpec.template.spec.containers.${role}.resources.limits.cpu`]:
    'the typed API sets no CPU limit (CPU limits throttle JVMs): the request is the cores, the memory limit the memory',
});

const SPARK_EXAMPLES = ApplicationFile.fromImagePath('/opt/spark/examples/jars/spark-examples.jar');
const SPARK_PI = 'org.apache.spark.examples.SparkPi';
const WORD_COUNT = 'org.apache.spark.examples.JavaWordCount';
const CONNECT_SERVER = 'org.apache.spark.sql.connect.service.SparkConnectServer';
const HISTORY_SERVER = 'org.apache.spark.deploy.history.HistoryServer';
const RETAIN_ON_FAILURE = { resourceRetainPolicy: apache.ResourceRetainPolicy.ON_FAILURE };
const RETAIN_10S = { resourceRetainPolicy: apache.ResourceRetainPolicy.ON_FAILURE, ttlAfterStop: Duration.seconds(10) };

function upstream(file: string): any {
  const docs = YAML.parseAllDocuments(fs.readFileSync(path.join(EXAMPLES, file), 'utf-8')).map((d) => d.toJS()).filter((d) => d);
  return docs.find((d) => d.kind === 'SparkApplication' || d.kind === 'SparkCluster');
}

interface Leaf {
  readonly path: string;
  readonly theirs: unknown;
  readonly ours: unknown;
}

/**
 * Every leaf of the upstream spec with our value at the same place. A path is
 * dot-separated; a list of named objects (containers, volumes, mounts, env)
 * is matched by name, other lists of objects by position; a list of plain
 * values (driverArgs, command, args) is one leaf. `{{SPARK_VERSION}}` in a
 * sparkConf value becomes the upstream's sparkVersion.
 */
function leaves(theirs: any, ours: any, version: string, at: string[] = []): Leaf[] {
  const here = at.join('.');
  if (theirs !== null && typeof theirs === 'object' && !Array.isArray(theirs)) {
    return Object.entries(theirs).flatMap(([k, v]) => leaves(v, isObject(ours) ? ours[k] : undefined, version, [...at, k]));
  }
  if (Array.isArray(theirs) && theirs.length > 0 && theirs.every(isObject)) {
    const named = theirs.every((e) => typeof e.name === 'string');
    return theirs.flatMap((e, i) => {
      const mine = Array.isArray(ours) ? (named ? ours.find((o: any) => o?.name === e.name) : ours[i]) : undefined;
      return leaves(e, mine, version, [...at, named ? e.name : String(i)]);
    });
  }
  const value = at[0] === 'sparkConf' && typeof theirs === 'string' ? theirs.split('{{SPARK_VERSION}}').join(version) : theirs;
  return [{ path: here, theirs: value, ours }];
}

function isObject(v: unknown): v is { [key: string]: any } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Whether an allowance covers a leaf: the same path, or (outside sparkConf, whose keys hold dots) a parent of it. */
function covers(entry: string, leafPath: string): boolean {
  return entry === leafPath || (!entry.startsWith('sparkConf.') && leafPath.startsWith(`${entry}.`));
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Every upstream leaf is equal in ours, unless an allowance covers it; every
 * allowance covers at least one leaf that differs (no stale entry).
 */
function expectSameSpec(file: string, ours: any, theirs: any, differs: Reasons): void {
  const version = theirs.spec?.runtimeVersions?.sparkVersion;
  const allowances: { [entry: string]: { reason: string; used: boolean } } = {};
  for (const [entry, reason] of [...Object.entries(differs), ...Object.entries(NOT_EXPRESSIBLE[file] ?? {})]) {
    expect({ entry, reason }).toEqual({ entry, reason: expect.stringMatching(/\S/) });
    allowances[entry] = { reason, used: false };
  }
  const mismatches: Leaf[] = [];
  for (const leaf of leaves(theirs.spec, ours.spec, version, [])) {
    if (same(leaf.ours, leaf.theirs)) continue;
    const entry = Object.keys(allowances).find((e) => covers(e, leaf.path));
    if (entry) allowances[entry].used = true;
    else mismatches.push(leaf);
  }
  expect(mismatches).toEqual([]);
  const stale = Object.entries(allowances).filter(([, a]) => !a.used).map(([entry]) => entry);
  expect({ file, stale }).toEqual({ file, stale: [] });
}

/** The examples with a test, for the coverage test. */
const TESTED = new Set<string>();

/**
 * A test of one upstream example: builds our equivalent in a chart (namespace
 * spark-jobs) through the harness, finds the object of the upstream kind and
 * name, and compares the specs.
 */
function example(file: string, build: (chart: Chart) => void, differs: Reasons = {}, more?: (ours: any, docs: any[]) => void): void {
  TESTED.add(file);
  withExamples.test(`${file}${NOT_EXPRESSIBLE[file] ? ' (partial: see NOT_EXPRESSIBLE)' : ''}`, () => {
    const docs = synthChartValid(build);
    const theirs = upstream(file);
    const ours = findObject(docs, theirs.kind, theirs.metadata.name);
    expect(ours.apiVersion).toBe('spark.apache.org/v1');
    expect(ours.metadata.name).toBe(theirs.metadata.name);
    expectSameSpec(file, ours, theirs, differs);
    more?.(ours, docs);
  });
}

type AppProps = Omit<apache.SparkApplicationProps, 'mainApplicationFile'> & { readonly mainApplicationFile?: ApplicationFile };

/** An application of the Spark examples jar on Spark 4.2.0's Scala image, unless props say otherwise. */
function app(chart: Chart, props: AppProps): apache.SparkApplication {
  return new apache.SparkApplication(chart, 'App', {
    sparkVersion: SparkVersion.V4_2_0,
    image: 'apache/spark:4.2.0-scala',
    mainApplicationFile: SPARK_EXAMPLES,
    ...props,
  });
}

/** The LocalStack S3 of the upstream examples, with credentials from a Secret instead of the literal `test` keys. */
function localstack(chart: Chart): S3a {
  return new S3a({ credentials: Secret.fromSecretName(chart, 'S3', 'localstack-credentials'), endpoint: 'http://localstack:4566', pathStyleAccess: true });
}

/** The S3 credentials reach both roles from the Secret. */
function expectS3Credentials(ours: any): void {
  for (const role of ['driverSpec', 'executorSpec']) {
    const env = ours.spec[role].podTemplateSpec.spec.containers[0].env;
    expect(env).toContainEqual({ name: 'AWS_ACCESS_KEY_ID', valueFrom: { secretKeyRef: { name: 'localstack-credentials', key: 'AWS_ACCESS_KEY_ID' } } });
    expect(env).toContainEqual({ name: 'AWS_SECRET_ACCESS_KEY', valueFrom: { secretKeyRef: { name: 'localstack-credentials', key: 'AWS_SECRET_ACCESS_KEY' } } });
  }
}

/** Our driver account replaces upstream's `spark`. */
function expectOwnAccount(ours: any): void {
  const account = `${ours.metadata.name}-driver`;
  expect(ours.spec.sparkConf['spark.kubernetes.authenticate.driver.serviceAccountName']).toBe(account);
  expect(ours.spec.driverSpec.podTemplateSpec.spec.serviceAccountName).toBe(account);
}

/**
 * The token of a Spark Connect server run as an application. Hardened on
 * purpose: upstream's Connect servers accept any client that reaches them;
 * the token only adds the driver's SPARK_CONNECT_AUTHENTICATE_TOKEN from a
 * Secret, no upstream key changes.
 */
function connectToken(chart: Chart, name: string) {
  return { secret: Secret.fromSecretName(chart, 'Token', `${name}-token`), key: 'token' };
}

/** The Connect token reaches the driver from its Secret. */
function expectConnectToken(ours: any): void {
  expect(ours.spec.driverSpec.podTemplateSpec.spec.containers[0].env).toContainEqual({
    name: 'SPARK_CONNECT_AUTHENTICATE_TOKEN', valueFrom: { secretKeyRef: { name: `${ours.metadata.name}-token`, key: 'token' } },
  });
}

/**
 * A SparkCluster as upstream writes them. Hardened on purpose: RPC
 * authentication from a Secret (upstream runs none), and the REST submission
 * server off (`spark.master.rest.enabled=false`; it is unauthenticated even
 * next to RPC authentication and needs SecurityOptOut.STANDALONE_REST_SERVER).
 * Both only add keys: no upstream key changes.
 */
function cluster(chart: Chart, name: string, props: Omit<apache.SparkClusterProps, 'sparkVersion' | 'name'>): apache.SparkCluster {
  return new apache.SparkCluster(chart, name, {
    name,
    sparkVersion: SparkVersion.V4_2_0,
    authenticationSecret: { secret: Secret.fromSecretName(chart, `${name}-auth`, `${name}-auth`), key: 'secret' },
    ...props,
  });
}

/** Resources of an init container or sidecar (the library requires them). */
function resources(cpu: string, memory: string): k8s.ResourceRequirements {
  return { requests: { cpu: k8s.Quantity.fromString(cpu), memory: k8s.Quantity.fromString(memory) }, limits: { memory: k8s.Quantity.fromString(memory) } };
}

/** An init container of the plugin examples: upstream's `busybox` pinned (the library refuses unpinned images). */
const BUSYBOX = 'busybox:1.37.0';
const pinnedBusybox = (role: 'driverSpec' | 'executorSpec', container: string) => ({
  [`${role}.podTemplateSpec.spec.initContainers.${container}.image`]: 'upstream\'s unpinned `busybox` is refused by design (an image must pin a tag): busybox:1.37.0',
});

withExamples.describe('upstream Apache Spark Kubernetes Operator examples written with the typed API', () => {
  // --- SparkCluster ---------------------------------------------------------

  example('cluster.yaml', (chart) => cluster(chart, 'cluster', {
    image: 'apache/spark:4.2.0',
    workers: { min: 3, max: 3, initial: 3 },
    sparkConf: { 'spark.master.ui.title': 'Prod Spark Cluster', 'spark.master.rest.host': '0.0.0.0', 'spark.ui.reverseProxy': 'true' },
  }), {}, (ours) => {
    expect(ours.spec.sparkConf).toMatchObject({ 'spark.authenticate': 'true', 'spark.master.rest.enabled': 'false' });
  });

  example('prod-cluster-with-three-workers.yaml', (chart) => cluster(chart, 'prod', {
    image: 'apache/spark:4.2.0-scala',
    workers: { min: 3, max: 3 },
    sparkConf: { 'spark.master.ui.title': 'Prod Spark Cluster', 'spark.master.rest.host': '0.0.0.0', 'spark.ui.reverseProxy': 'true' },
  }));

  example('qa-cluster-with-one-worker.yaml', (chart) => cluster(chart, 'qa', {
    image: 'apache/spark:4.2.0-scala',
    workers: { min: 1, max: 1 },
    sparkConf: { 'spark.master.ui.title': 'QA Spark Cluster', 'spark.master.rest.host': '0.0.0.0', 'spark.ui.reverseProxy': 'true' },
  }));

  example('cluster-on-yunikorn.yaml', (chart) => cluster(chart, 'cluster-on-yunikorn', {
    image: 'apache/spark:4.2.0-scala',
    workers: { min: 1, max: 1 },
    sparkConf: {
      'spark.kubernetes.scheduler.name': 'yunikorn',
      'spark.master.ui.title': 'Spark Cluster on YuniKorn Scheduler',
      'spark.master.rest.host': '0.0.0.0',
      'spark.ui.reverseProxy': 'true',
    },
  }));

  example('cluster-with-hpa.yaml', (chart) => cluster(chart, 'cluster-with-hpa', {
    image: 'apache/spark:4.2.0-scala',
    // 3 cores and 2 GiB for executors: a 3-CPU, 3 GiB worker pod (the daemon's 1 GiB on top).
    workers: { min: 1, max: 3, initial: 3, cores: 3, memory: Size.gibibytes(2) },
    sparkConf: { 'spark.master.ui.title': 'Cluster with HorizontalPodAutoscaler', 'spark.master.rest.host': '0.0.0.0', 'spark.ui.reverseProxy': 'true' },
  }), cpuLimit('worker'));

  example('cluster-with-hpa-template.yaml', (chart) => cluster(chart, 'cluster-with-hpa-template', {
    image: 'apache/spark:4.2.0-scala',
    workers: {
      min: 1,
      max: 2,
      initial: 1,
      cores: 3,
      memory: Size.gibibytes(2),
      autoscaler: {
        metrics: [{ type: 'ContainerResource', containerResource: { name: 'cpu', container: 'worker', target: { type: 'Utilization', averageUtilization: 10 } } }],
        behavior: {
          scaleUp: { policies: [{ type: 'Pods', value: 1, periodSeconds: 10 }] },
          scaleDown: { policies: [{ type: 'Pods', value: 1, periodSeconds: 1200 }] },
        },
      },
    },
    sparkConf: { 'spark.master.ui.title': 'Cluster with HorizontalPodAutoscaler Template', 'spark.master.rest.host': '0.0.0.0', 'spark.ui.reverseProxy': 'true' },
  }), cpuLimit('worker'));

  example('cluster-with-jws-filter.yaml', (chart) => cluster(chart, 'cluster-with-jws-filter', {
    image: 'apache/spark:4.2.0',
    workers: { min: 3, max: 3 },
    // The JWS filter keys: NOT_EXPRESSIBLE.
    sparkConf: { 'spark.master.ui.title': 'Prod Spark Cluster', 'spark.master.rest.host': '0.0.0.0', 'spark.ui.reverseProxy': 'true' },
  }));

  example('cluster-with-template.yaml', (chart) => {
    const pod = {
      annotations: { 'cluster-autoscaler.kubernetes.io/safe-to-evict': 'false' },
      priorityClassName: 'system-cluster-critical',
      sidecars: [{
        name: 'sidecar',
        image: 'registry.k8s.io/pause:3.9',
        resources: {
          requests: { cpu: k8s.Quantity.fromString('0.1'), memory: k8s.Quantity.fromString('10Mi') },
          limits: { cpu: k8s.Quantity.fromString('0.1'), memory: k8s.Quantity.fromString('10Mi') },
        },
      }],
    };
    cluster(chart, 'cluster-with-template', {
      image: 'apache/spark:4.2.0-scala',
      securityOptOuts: [SecurityOptOut.SYSTEM_PRIORITY_CLASS],
      master: {
        cpu: 2, memory: Size.gibibytes(2), pod, service: { annotations: { customAnnotation: 'svc1' } }, statefulSet: { annotations: { customAnnotation: 'annotation' } },
      },
      // 2 cores and 1 GiB for executors: a 2-CPU, 2 GiB worker pod.
      workers: {
        min: 1,
        max: 1,
        cores: 2,
        memory: Size.gibibytes(1),
        pod,
        service: { annotations: { customAnnotation: 'annotation' } },
        statefulSet: { annotations: { customAnnotation: 'annotation' } },
      },
      sparkConf: { 'spark.master.ui.title': 'Spark Cluster with Template', 'spark.master.rest.host': '0.0.0.0', 'spark.ui.reverseProxy': 'true' },
    });
  }, {
    ...cpuLimit('master'),
    ...cpuLimit('worker'),
  });

  // --- SparkApplication: Pi and friends -------------------------------------

  example('pi.yaml', (chart) => app(chart, {
    name: 'pi', mainClass: SPARK_PI, dynamicAllocation: { maxExecutors: 3 }, tolerations: RETAIN_10S,
  }), ACCOUNT, expectOwnAccount);

  example('pi-v1beta1.yaml', (chart) => app(chart, { name: 'pi-v1beta1', mainClass: SPARK_PI }), ACCOUNT, (ours) => {
    // The v1 equivalent: the operator serves both versions of one model, and v1 is the stored one.
    expect(upstream('pi-v1beta1.yaml').apiVersion).toBe('spark.apache.org/v1beta1');
    expect(ours.apiVersion).toBe('spark.apache.org/v1');
  });

  example('pi-java17.yaml', (chart) => app(chart, { name: 'pi-java17', mainClass: SPARK_PI, image: 'apache/spark:4.2.0-scala-java17' }), ACCOUNT);

  example('pi-java25.yaml', (chart) => app(chart, {
    name: 'pi-java25', mainClass: SPARK_PI, image: 'apache/spark:4.2.0-scala-java25', tolerations: RETAIN_10S,
  }), ACCOUNT);

  example('pi-java25-deployment.yaml', (chart) => app(chart, {
    name: 'pi-java25-deployment',
    mainClass: SPARK_PI,
    arguments: ['20000'],
    image: 'apache/spark:4.2.0-scala-java25',
    executor: { instances: 3, podsAllocator: ExecutorPodsAllocator.DEPLOYMENT },
  }), ACCOUNT, (_ours, docs) => {
    // The driver account may manage the executor Deployment.
    expect(findObject(docs, 'Role', 'pi-java25-deployment-driver').rules).toContainEqual(expect.objectContaining({ apiGroups: ['apps'], resources: ['deployments'] }));
  });

  example('pi-statefulset.yaml', (chart) => app(chart, {
    name: 'pi-statefulset', mainClass: SPARK_PI, arguments: ['20000'], executor: { instances: 3, podsAllocator: ExecutorPodsAllocator.STATEFUL_SET },
  }), ACCOUNT);

  example('pi-java25-with-executor-resize-plugin.yaml', (chart) => app(chart, {
    name: 'pi-java25-with-executor-resize-plugin',
    mainClass: SPARK_PI,
    arguments: ['200000'],
    image: 'apache/spark:4.2.0-scala-java25',
    dynamicAllocation: { maxExecutors: 1 },
    tolerations: RETAIN_10S,
    sparkConf: {
      'spark.kubernetes.executor.resizeInterval': '1min',
      'spark.kubernetes.executor.resizeThreshold': '0.25',
      'spark.plugins': 'org.apache.spark.scheduler.cluster.k8s.ExecutorResizePlugin',
    },
  }), ACCOUNT);

  example('pi-java25-with-executor-pvc-resize-plugin.yaml', (chart) => app(chart, {
    name: 'pi-java25-with-executor-pvc-resize-plugin',
    mainClass: SPARK_PI,
    arguments: ['200000'],
    image: 'apache/spark:4.2.0-scala-java25',
    localDirs: SparkLocalDirs.onDemandClaim({ size: Size.gibibytes(1) }),
    tolerations: RETAIN_10S,
    sparkConf: {
      'spark.kubernetes.executor.pvc.resizeInterval': '5min',
      'spark.kubernetes.executor.pvc.resizeThreshold': '0.5',
      'spark.kubernetes.executor.pvc.resizeFactor': '1.0',
      'spark.plugins': 'org.apache.spark.scheduler.cluster.k8s.ExecutorPVCResizePlugin',
    },
  }), { ...ACCOUNT, ...LOCAL_DIR_PATH });

  example('pi-with-on-demand-pvc.yaml', (chart) => app(chart, {
    name: 'pi-with-on-demand-pvc',
    mainClass: SPARK_PI,
    arguments: ['20000'],
    localDirs: SparkLocalDirs.onDemandClaim({ size: Size.gibibytes(1), storageClass: 'local-path' }),
  }), { ...ACCOUNT, ...LOCAL_DIR_PATH }, (ours) => {
    // Spark adds the claim itself: the executor template carries no spark-local-dir-1 of its own.
    expect(ours.spec.executorSpec.podTemplateSpec.spec.volumes.map((v: any) => v.name)).not.toContain('spark-local-dir-1');
  });

  example('pi-with-instanceconfig.yaml', (chart) => app(chart, {
    name: 'pi-with-instanceconfig',
    mainClass: SPARK_PI,
    arguments: ['20000'],
    executor: { instances: 3 },
    tolerations: { instanceConfig: { minExecutors: 3, maxExecutors: 3 } },
  }), ACCOUNT);

  example('pi-with-driver-timeout.yaml', (chart) => app(chart, {
    name: 'pi-with-driver-timeout',
    mainClass: SPARK_PI,
    arguments: ['200000'],
    tolerations: RETAIN_ON_FAILURE,
    sparkConf: { 'spark.driver.timeout': '1min', 'spark.plugins': 'org.apache.spark.deploy.DriverTimeoutPlugin' },
  }), ACCOUNT);

  example('pi-with-spark-connect-plugin.yaml', (chart) => app(chart, {
    name: 'pi-with-spark-connect-plugin',
    mainClass: SPARK_PI,
    arguments: ['200000'],
    sparkConf: { 'spark.plugins': 'org.apache.spark.sql.connect.SparkConnectPlugin' },
    // The plugin starts a Connect server in the driver: its token, as for every Connect server.
    authenticationSecret: { secret: Secret.fromSecretName(chart, 'ConnectToken', 'connect-token'), key: 'token' },
  }), ACCOUNT);

  example('pi-with-template.yaml', (chart) => {
    const pod = { priorityClassName: 'system-cluster-critical', terminationGracePeriod: Duration.seconds(0) };
    app(chart, { name: 'pi-with-template', mainClass: SPARK_PI, securityOptOuts: [SecurityOptOut.SYSTEM_PRIORITY_CLASS], driver: pod, executor: pod });
  }, ACCOUNT);

  example('pi-with-one-pod.yaml', (chart) => app(chart, {
    name: 'pi-with-one-pod',
    mainClass: SPARK_PI,
    localMode: true,
    // local[10] in a pod that requests and is limited to 5 CPUs.
    driver: { cores: 10, coreRequest: Cpu.units(5), coreLimit: Cpu.units(5) },
  }), LOCAL_MODE_ACCOUNT, (ours) => {
    expect(ours.spec.driverSpec.podTemplateSpec.spec.automountServiceAccountToken).toBe(false);
  });

  example('pi-on-volcano.yaml', (chart) => app(chart, {
    name: 'pi-on-volcano', mainClass: SPARK_PI, arguments: ['20000'], sparkConf: { 'spark.kubernetes.scheduler.name': 'volcano' },
  }), ACCOUNT);

  example('pi-on-yunikorn.yaml', (chart) => {
    // The app-id annotation holds Spark's placeholder: it becomes spark.kubernetes.<role>.annotation.*, where Spark substitutes it.
    const queue = { labels: { queue: 'root.default' }, annotations: { 'yunikorn.apache.org/app-id': '{{APP_ID}}' } };
    app(chart, {
      name: 'pi-on-yunikorn',
      mainClass: SPARK_PI,
      arguments: ['20000'],
      driver: queue,
      executor: queue,
      sparkConf: { 'spark.kubernetes.scheduler.name': 'yunikorn' },
    });
  }, {
    ...ACCOUNT,
    'sparkConf.spark.kubernetes.driver.label.queue': 'owned by driver.labels, which render into the driver pod template: the same pod label',
    'sparkConf.spark.kubernetes.executor.label.queue': 'owned by executor.labels, which render into the executor pod template: the same pod label',
  }, (ours) => {
    for (const role of ['driverSpec', 'executorSpec']) expect(ours.spec[role].podTemplateSpec.metadata.labels).toEqual({ queue: 'root.default' });
  });

  example('pi-python.yaml', (chart) => app(chart, {
    name: 'pi-python',
    mainApplicationFile: ApplicationFile.fromImagePath('/opt/spark/examples/src/main/python/pi.py'),
    image: 'apache/spark:4.2.0-python3',
  }), ACCOUNT);

  example('pi-with-comet.yaml', (chart) => {
    const role = () => ({
      volumes: [{ volume: SparkVolume.fromEmptyDir('comet', { sizeLimit: Size.mebibytes(200) }), path: '/comet' }],
      initContainers: [{
        name: 'download-comet',
        image: BUSYBOX,
        command: ['sh', '-c'],
        args: ['wget -O /comet/comet.jar "https://repo1.maven.org/maven2/org/apache/datafusion/comet-spark-spark4.1_2.13/1.0.0/comet-spark-spark4.1_2.13-1.0.0.jar"\n'],
        volumeMounts: [{ name: 'comet', mountPath: '/comet' }],
        resources: resources('100m', '64Mi'),
      }],
    });
    app(chart, {
      name: 'pi-with-comet',
      mainClass: SPARK_PI,
      sparkVersion: SparkVersion.V4_1_3,
      image: 'apache/spark:4.1.3-scala',
      tolerations: RETAIN_ON_FAILURE,
      driver: role(),
      executor: role(),
      sparkConf: {
        'spark.comet.enabled': 'true',
        'spark.comet.exec.enabled': 'true',
        'spark.comet.exec.shuffle.enabled': 'true',
        'spark.comet.exec.shuffle.mode': 'auto',
        'spark.driver.extraClassPath': 'local:///comet/comet.jar',
        'spark.executor.extraClassPath': 'local:///comet/comet.jar',
        'spark.memory.offHeap.enabled': 'true',
        'spark.memory.offHeap.size': '1g',
        'spark.plugins': 'org.apache.spark.CometPlugin',
        'spark.shuffle.manager': 'org.apache.spark.sql.comet.execution.shuffle.CometShuffleManager',
      },
    });
  }, { ...ACCOUNT, ...pinnedBusybox('driverSpec', 'download-comet'), ...pinnedBusybox('executorSpec', 'download-comet') });

  example('pi-with-gluten.yaml', (chart) => {
    const script = [
      'wget -O /tmp/gluten.tar.gz "https://www.apache.org/dyn/closer.lua/gluten/1.6.0/apache-gluten-1.6.0-bin-spark-4.0.tar.gz?action=download" && \\',
      'tar -xzf /tmp/gluten.tar.gz -C /tmp && \\',
      'cp /tmp/gluten-velox-bundle-spark4.0_2.13-linux_amd64-1.6.0.jar /gluten/gluten.jar',
      '',
    ].join('\n');
    const role = () => ({
      volumes: [{ volume: SparkVolume.fromEmptyDir('gluten', { sizeLimit: Size.mebibytes(500) }), path: '/gluten' }],
      initContainers: [{
        name: 'download-gluten',
        image: BUSYBOX,
        command: ['sh', '-c'],
        args: [script],
        // The script unpacks into /tmp: the pod's writable /tmp scratch volume (the root filesystem is read-only).
        volumeMounts: [{ name: 'gluten', mountPath: '/gluten' }, { name: 'tmp', mountPath: '/tmp' }],
        resources: resources('100m', '256Mi'),
      }],
    });
    app(chart, {
      name: 'pi-with-gluten',
      mainClass: SPARK_PI,
      sparkVersion: SparkVersion.V4_0_4,
      image: 'apache/spark:4.0.4-scala',
      tolerations: RETAIN_ON_FAILURE,
      nodeSelector: { 'kubernetes.io/arch': 'amd64' },
      driver: role(),
      executor: role(),
      sparkConf: {
        'spark.driver.extraClassPath': 'local:///gluten/gluten.jar',
        'spark.executor.extraClassPath': 'local:///gluten/gluten.jar',
        'spark.memory.offHeap.enabled': 'true',
        'spark.memory.offHeap.size': '1g',
        'spark.plugins': 'org.apache.gluten.GlutenPlugin',
        'spark.shuffle.manager': 'org.apache.spark.shuffle.sort.ColumnarShuffleManager',
        'spark.sql.ansi.enabled': 'false',
      },
    });
  }, { ...ACCOUNT, ...pinnedBusybox('driverSpec', 'download-gluten'), ...pinnedBusybox('executorSpec', 'download-gluten') });

  // --- SparkApplication: S3 on LocalStack -----------------------------------

  example('pi-with-eventlog.yaml', (chart) => app(chart, {
    name: 'pi-with-eventlog',
    mainClass: SPARK_PI,
    arguments: ['3000'],
    driver: { memory: Size.gibibytes(2) },
    s3a: localstack(chart),
    eventLog: EventLog.toUrl('s3a://spark-events/'),
    sparkConf: { 'spark.eventLog.rolling.maxFileSize': '2MB' },
  }), {
    ...ACCOUNT,
    ...IVY,
    ...S3_KEYS,
    ...HADOOP_AWS_4_2,
    'sparkConf.spark.eventLog.dir': 'owned by eventLog, which names the directory without a trailing slash: s3a://spark-events, the same directory',
  }, expectS3Credentials);

  example('dfs-read-write.yaml', (chart) => app(chart, {
    name: 'dfs-read-write',
    mainClass: 'org.apache.spark.examples.DFSReadWriteTest',
    arguments: ['/opt/spark/RELEASE', 's3a://data/'],
    driver: { memory: Size.gibibytes(2) },
    s3a: localstack(chart),
    hadoopConf: { 'fs.defaultFS': 's3a://data' },
  }), { ...ACCOUNT, ...IVY, ...S3_KEYS, ...HADOOP_AWS_4_2 }, expectS3Credentials);

  example('stream-word-count.yaml', (chart) => app(chart, {
    name: 'stream-word-count',
    mainClass: 'org.apache.spark.examples.streaming.HdfsWordCount',
    arguments: ['s3a://ingest'],
    s3a: localstack(chart),
    sparkConf: { 'spark.log.level': 'WARN' },
  }), { ...ACCOUNT, ...IVY, ...S3_KEYS, ...HADOOP_AWS_4_2 }, expectS3Credentials);

  const historyServer = (chart: Chart, name: string) => app(chart, {
    name,
    mainApplicationFile: ApplicationFile.fromClasspath(),
    mainClass: HISTORY_SERVER,
    driver: { memory: Size.gibibytes(2) },
    s3a: localstack(chart),
    hadoopConf: { 'fs.defaultFS': 's3a://spark-events' },
    // Upstream's Long.MAX_VALUE has no exact JavaScript number: the largest safe integer restarts just as forever.
    tolerations: { restart: { policy: apache.RestartPolicy.ALWAYS, maxAttempts: Number.MAX_SAFE_INTEGER } },
    sparkConf: {
      'spark.ui.port': '18080',
      'spark.history.fs.logDirectory': 's3a://spark-events',
      'spark.history.fs.cleaner.enabled': 'true',
      'spark.history.fs.cleaner.maxAge': '30d',
      'spark.history.fs.cleaner.maxNum': '100',
      'spark.history.fs.eventLog.rolling.maxFilesToRetain': '10',
      // The JWS filter of the -with-jws-filter variant: NOT_EXPRESSIBLE.
    },
  });
  const HISTORY = { ...ACCOUNT, ...IVY, ...S3_KEYS, ...HADOOP_AWS_4_2, ...RESTART_FOREVER };

  example('spark-history-server.yaml', (chart) => historyServer(chart, 'spark-history-server'), HISTORY, expectS3Credentials);

  example('spark-history-server-with-jws-filter.yaml', (chart) => historyServer(chart, 'spark-history-server-with-jws-filter'), HISTORY);

  example('spark-connect-server-iceberg.yaml', (chart) => app(chart, {
    name: 'spark-connect-server-iceberg',
    mainApplicationFile: ApplicationFile.fromClasspath(),
    mainClass: CONNECT_SERVER,
    authenticationSecret: connectToken(chart, 'spark-connect-server-iceberg'),
    sparkVersion: SparkVersion.V4_1_3,
    image: 'apache/spark:4.1.3',
    s3a: localstack(chart),
    // Spark 4.1's own Hadoop is 3.4.2: upstream's hadoop-aws is the one the library would add.
    deps: { packages: ['org.apache.hadoop:hadoop-aws:3.4.2', 'org.apache.iceberg:iceberg-spark-runtime-4.1_2.13:1.11.0'] },
    sparkConf: {
      'spark.kubernetes.executor.podNamePrefix': 'spark-connect-server-iceberg',
      'spark.scheduler.mode': 'FAIR',
      'spark.sql.catalog.s3.type': 'hadoop',
      'spark.sql.catalog.s3.warehouse': 's3a://warehouse',
      'spark.sql.catalog.s3': 'org.apache.iceberg.spark.SparkCatalog',
      'spark.sql.defaultCatalog': 's3',
      'spark.sql.extensions': 'org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions',
    },
  }), { ...ACCOUNT, ...IVY, ...S3_KEYS }, (ours) => {
    expectS3Credentials(ours);
    expectConnectToken(ours);
  });

  // --- SparkApplication: servers and other examples -------------------------

  example('spark-connect-server.yaml', (chart) => app(chart, {
    name: 'spark-connect-server',
    mainApplicationFile: ApplicationFile.fromClasspath(),
    mainClass: CONNECT_SERVER,
    authenticationSecret: connectToken(chart, 'spark-connect-server'),
    image: 'apache/spark:4.2.0',
    sparkConf: { 'spark.kubernetes.executor.podNamePrefix': 'spark-connect-server', 'spark.scheduler.mode': 'FAIR' },
  }), ACCOUNT, (ours) => {
    expect(ours.spec.jars).toBeUndefined();
    expectConnectToken(ours);
  });

  example('spark-connect-server-usw2-az2.yaml', (chart) => {
    const zone = { nodeSelector: { 'topology.k8s.aws/zone-id': 'usw2-az2' } };
    app(chart, {
      name: 'spark-connect-server-usw2-az2',
      mainApplicationFile: ApplicationFile.fromClasspath(),
      mainClass: CONNECT_SERVER,
      authenticationSecret: connectToken(chart, 'spark-connect-server-usw2-az2'),
      image: 'apache/spark:4.2.0',
      driver: zone,
      executor: zone,
      sparkConf: { 'spark.kubernetes.executor.podNamePrefix': 'spark-connect-server', 'spark.scheduler.mode': 'FAIR' },
    });
  }, ACCOUNT, expectConnectToken);

  example('spark-connect-server-with-spark-cluster.yaml', (chart) => {
    // The `prod` cluster of prod-cluster-with-three-workers.yaml, which upstream's spark.master names.
    const prod = cluster(chart, 'prod', {
      image: 'apache/spark:4.2.0-scala',
      workers: { min: 3, max: 3 },
      sparkConf: { 'spark.master.ui.title': 'Prod Spark Cluster', 'spark.master.rest.host': '0.0.0.0', 'spark.ui.reverseProxy': 'true' },
    });
    app(chart, {
      name: 'spark-connect-server',
      mainApplicationFile: ApplicationFile.fromClasspath(),
      mainClass: CONNECT_SERVER,
      authenticationSecret: connectToken(chart, 'spark-connect-server'),
      master: prod,
      // spark.cores.max 3 of 1-core executors.
      executor: { instances: 3, cores: 1 },
      sparkConf: { 'spark.ui.reverseProxy': 'true' },
    });
  }, {
    'sparkConf.spark.master': 'the typed master (the prod SparkCluster) gives its namespace-qualified URL spark://prod-master-svc.spark-jobs.svc:7077: the same Service',
    'sparkConf.spark.kubernetes.authenticate.driver.serviceAccountName':
      'with a standalone master the driver calls no Kubernetes API: the typed API gives it no account and no token',
  }, (ours) => {
    expect(ours.spec.sparkConf['spark.master']).toBe('spark://prod-master-svc.spark-jobs.svc:7077');
    expect(ours.spec.executorSpec).toBeUndefined();
    expectConnectToken(ours);
  });

  example('spark-thrift-server.yaml', (chart) => app(chart, {
    name: 'spark-thrift-server',
    mainApplicationFile: ApplicationFile.fromClasspath(),
    mainClass: 'org.apache.spark.sql.hive.thriftserver.HiveThriftServer2',
    // Upstream's Long.MAX_VALUE has no exact JavaScript number: the largest safe integer restarts just as forever.
    tolerations: { restart: { policy: apache.RestartPolicy.ALWAYS, maxAttempts: Number.MAX_SAFE_INTEGER } },
    sparkConf: { 'spark.kubernetes.executor.podNamePrefix': 'spark-thrift-server', 'spark.scheduler.mode': 'FAIR' },
  }), { ...ACCOUNT, ...RESTART_FOREVER });

  example('sql.yaml', (chart) => app(chart, {
    name: 'sql',
    mainClass: 'org.apache.spark.examples.sql.JavaSparkSQLCli',
    arguments: ['SHOW DATABASES', 'SHOW TABLES', 'SELECT VERSION()'],
  }), ACCOUNT);

  example('group-by-with-recovery-mode.yaml', (chart) => app(chart, {
    name: 'group-by-with-recovery-mode',
    mainClass: 'org.apache.spark.examples.GroupByTest',
    arguments: ['6', '450000', '1000', '6'],
    executor: { instances: 2, cores: 3, memory: Size.gibibytes(1) },
    tolerations: RETAIN_ON_FAILURE,
    sparkConf: { 'spark.kubernetes.allocation.recoveryMode.enabled': 'true' },
  }), ACCOUNT);

  example('word-count.yaml', (chart) => app(chart, { name: 'word-count', mainClass: WORD_COUNT, arguments: ['/opt/spark/RELEASE'] }), ACCOUNT);

  example('word-count-celeborn.yaml', (chart) => app(chart, {
    name: 'word-count-celeborn',
    mainClass: WORD_COUNT,
    arguments: ['/opt/spark/RELEASE'],
    localMode: true,
    driver: { cores: 10, coreRequest: Cpu.units(5), coreLimit: Cpu.units(5) },
    deps: { packages: ['org.apache.celeborn:celeborn-client-spark-4-shaded_2.13:0.7.0'] },
    sparkConf: {
      'spark.celeborn.master.endpoints': 'celeborn-master-0.celeborn-master-svc:9097',
      'spark.shuffle.manager': 'org.apache.spark.shuffle.celeborn.SparkShuffleManager',
      'spark.shuffle.service.enabled': 'false',
      'spark.sql.adaptive.localShuffleReader.enabled': 'false',
      'spark.serializer': 'org.apache.spark.serializer.KryoSerializer',
    },
  }), { ...LOCAL_MODE_ACCOUNT, ...IVY });

  // --- coverage -------------------------------------------------------------

  test('every upstream SparkApplication and SparkCluster example has a test', () => {
    const files = fs.readdirSync(EXAMPLES).filter((f) => /\.ya?ml$/.test(f) && upstream(f) !== undefined);
    expect(files).toHaveLength(41);
    expect([...TESTED].sort()).toEqual(files.sort());
  });

  test('NOT_EXPRESSIBLE lists exactly the examples not covered fully, each entry an upstream setting', () => {
    // Each test fails on a NOT_EXPRESSIBLE entry that covers no differing leaf of its example (stale), and on
    // any differing leaf no entry covers: so the files of the table are exactly the partially covered ones.
    // Here: the table names tested examples only, and each entry names a setting the upstream example has.
    for (const [file, reasons] of Object.entries(NOT_EXPRESSIBLE)) {
      expect(TESTED.has(file)).toBe(true);
      const theirs = upstream(file);
      const paths = leaves(theirs.spec, undefined, theirs.spec.runtimeVersions.sparkVersion).map((l) => l.path);
      for (const entry of Object.keys(reasons)) {
        expect({ file, entry, inUpstream: paths.some((p) => covers(entry, p)) }).toEqual({ file, entry, inUpstream: true });
      }
    }
    expect(Object.keys(NOT_EXPRESSIBLE).sort()).toEqual([
      'cluster-with-jws-filter.yaml', 'cluster-with-template.yaml', 'spark-history-server-with-jws-filter.yaml',
    ]);
  });
});
