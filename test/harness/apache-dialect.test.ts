/**
 * The second operator dialect: the Apache Spark Kubernetes Operator 1.0.0
 * (`spark.apache.org/v1`, `v1beta1`), kinds SparkApplication and SparkCluster.
 * The harness projects their driver, executor, master and worker pods
 * (projection.ts) and checks them with the same rules as the Kubeflow pods.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { projectSparkPods, registerCrd, validateManifests, Violation } from '.';
import { needsShared, sharedPath } from './shared-data';
import { effectiveSparkConf } from './spark-conf';

const NS = 'spark-jobs';
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v));
const UPSTREAM = sharedPath('upstream', 'apache-spark-kubernetes-operator');
const UPSTREAM_CRDS = path.join(UPSTREAM, 'crds');
const UPSTREAM_EXAMPLES = path.join(UPSTREAM, 'examples');

// crd-schema.ts loads every CRD in src/crds; until the library ships the Apache operator's two,
// register them from ../shared (the group that needs them is skipped, or fails under CI, without it).
const SRC_CRDS = path.join(__dirname, '..', '..', 'src', 'crds');
const crdsInSource = ['spark.apache.org_sparkapplications.json', 'spark.apache.org_sparkclusters.json'].every((f) => fs.existsSync(path.join(SRC_CRDS, f)));
if (!crdsInSource && fs.existsSync(UPSTREAM_CRDS)) {
  for (const file of fs.readdirSync(UPSTREAM_CRDS).filter((f) => f.endsWith('.yaml')).sort()) {
    registerCrd(YAML.parse(fs.readFileSync(path.join(UPSTREAM_CRDS, file), 'utf-8')));
  }
}
const withCrds = crdsInSource ? { describe, test } : needsShared(UPSTREAM_CRDS, 'the Apache operator checks that need its CRDs');

const POD_SECURITY = { runAsNonRoot: true, runAsUser: 185, runAsGroup: 185, fsGroup: 185, seccompProfile: { type: 'RuntimeDefault' } };
/** Hardening a container needs besides allowPrivilegeEscalation, which the operator defaults on driver, master and worker. */
const CONTAINER_SECURITY = { readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } };
const SA = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'spark', namespace: NS } };

function apacheApp(mutate: (d: any) => void = () => undefined): any {
  const d = clone({
    apiVersion: 'spark.apache.org/v1',
    kind: 'SparkApplication',
    metadata: { name: 'pi', namespace: NS },
    spec: {
      mainClass: 'org.apache.spark.examples.SparkPi',
      jars: 'local:///opt/spark/examples/jars/spark-examples.jar',
      sparkConf: {
        'spark.kubernetes.authenticate.driver.serviceAccountName': 'spark',
        'spark.kubernetes.container.image': 'apache/spark:{{SPARK_VERSION}}-scala',
      },
      runtimeVersions: { sparkVersion: '4.2.0' },
      driverSpec: { podTemplateSpec: { spec: { securityContext: POD_SECURITY, containers: [{ name: 'spark-kubernetes-driver', securityContext: CONTAINER_SECURITY }] } } },
      executorSpec: {
        podTemplateSpec: {
          spec: {
            automountServiceAccountToken: false,
            securityContext: POD_SECURITY,
            containers: [{ name: 'spark-kubernetes-executor', securityContext: { allowPrivilegeEscalation: false, ...CONTAINER_SECURITY } }],
          },
        },
      },
    },
  });
  mutate(d);
  return d;
}

/** A hardened daemon pod template: read-only root with emptyDirs where the daemon writes. */
function daemonTemplate(role: string, dirs: [string, string][]): any {
  return clone({
    metadata: { labels: { team: 'data' } },
    spec: {
      automountServiceAccountToken: false,
      securityContext: POD_SECURITY,
      containers: [{
        name: role,
        imagePullPolicy: 'IfNotPresent',
        resources: { requests: { cpu: '1', memory: '2Gi' }, limits: { memory: '2Gi' } },
        securityContext: CONTAINER_SECURITY,
        volumeMounts: dirs.map(([name, mountPath]) => ({ name, mountPath })),
      }],
      volumes: dirs.map(([name]) => ({ name, emptyDir: {} })),
    },
  });
}

const MASTER_DIRS: [string, string][] = [['logs', '/opt/spark/logs'], ['tmp', '/tmp']];
const WORKER_DIRS: [string, string][] = [['work', '/opt/spark/work'], ['tmp', '/tmp']];

function apacheCluster(mutate: (d: any) => void = () => undefined): any {
  const d = clone({
    apiVersion: 'spark.apache.org/v1',
    kind: 'SparkCluster',
    metadata: { name: 'prod', namespace: NS },
    spec: {
      runtimeVersions: { sparkVersion: '4.2.0' },
      clusterTolerations: { instanceConfig: { initWorkers: 2, minWorkers: 2, maxWorkers: 2 } },
      sparkConf: { 'spark.kubernetes.container.image': 'apache/spark:{{SPARK_VERSION}}', 'spark.master.ui.title': 'Prod' },
      masterSpec: { statefulSetSpec: { template: daemonTemplate('master', MASTER_DIRS) } },
      workerSpec: { statefulSetSpec: { template: daemonTemplate('worker', WORKER_DIRS) } },
    },
  });
  mutate(d);
  return d;
}

function lines(violations: Violation[]): string {
  return violations.map((v) => `[${v.rule}] ${v.object} at ${v.path}: ${v.message}`).join('\n');
}

/** The findings of one rule, without the rule name. */
function ruleLines(rule: string, docs: any[]): string[] {
  return validateManifests(docs).filter((v) => v.rule === rule).map((v) => `${v.object} at ${v.path}: ${v.message}`);
}

describe('the Apache operator SparkApplication: projected driver and executor pods', () => {
  test('Spark builds both pods from the podTemplateSpecs and sparkConf, {{SPARK_VERSION}} replaced in the image', () => {
    const [driver, executor] = projectSparkPods(apacheApp());
    expect(driver.role).toBe('driver');
    expect(driver.container).toBe('spark-kubernetes-driver');
    expect(driver.pod.spec.containers[0]).toEqual({
      name: 'spark-kubernetes-driver',
      image: 'apache/spark:4.2.0-scala',
      imagePullPolicy: 'IfNotPresent',
      resources: { requests: { cpu: '1', memory: '1408Mi' }, limits: { memory: '1408Mi' } },
      securityContext: { ...CONTAINER_SECURITY, allowPrivilegeEscalation: false },
    });
    expect(driver.pod.spec).toMatchObject({ serviceAccountName: 'spark', restartPolicy: 'Never' });
    expect(driver.pod.metadata.labels).toEqual({
      'spark.operator/name': 'spark-kubernetes-operator',
      'spark.operator/spark-app-name': 'pi',
      'spark-role': 'driver',
      'spark-version': '4.2.0',
    });
    expect(executor.pod.spec.containers[0]).toMatchObject({ name: 'spark-kubernetes-executor', image: 'apache/spark:4.2.0-scala', imagePullPolicy: 'IfNotPresent' });
    // The executors run as the driver's account unless their own is set.
    expect(executor.pod.spec).toMatchObject({ serviceAccountName: 'spark', restartPolicy: 'Never', automountServiceAccountToken: false });
    expect(executor.pod.metadata.labels).toEqual({ 'spark.operator/name': 'spark-kubernetes-operator', 'spark.operator/spark-app-name': 'pi', 'spark-role': 'executor' });
  });

  test('the role image, pull policy, cores, memory, overhead, account, labels and annotations come from sparkConf', () => {
    const [driver, executor] = projectSparkPods(apacheApp((d) => Object.assign(d.spec.sparkConf, {
      'spark.kubernetes.executor.container.image': 'registry.example.com/spark:{{SPARK_VERSION}}-gpu',
      'spark.kubernetes.container.image.pullPolicy': 'Always',
      'spark.driver.cores': '2',
      'spark.kubernetes.executor.request.cores': '500m',
      'spark.kubernetes.executor.limit.cores': '2',
      'spark.executor.memory': '4g',
      'spark.driver.memoryOverhead': '1g',
      'spark.kubernetes.authenticate.executor.serviceAccountName': 'spark-exec',
      'spark.kubernetes.executor.label.team': 'data',
      'spark.kubernetes.driver.annotation.owner': 'me',
    })));
    expect(driver.pod.spec.containers[0]).toMatchObject({
      image: 'apache/spark:4.2.0-scala',
      imagePullPolicy: 'Always',
      resources: { requests: { cpu: '2', memory: '2048Mi' }, limits: { memory: '2048Mi' } },
    });
    expect(driver.pod.metadata.annotations).toEqual({ owner: 'me' });
    expect(executor.pod.spec.containers[0]).toMatchObject({
      image: 'registry.example.com/spark:4.2.0-gpu',
      resources: { requests: { cpu: '500m', memory: '4505Mi' }, limits: { cpu: '2', memory: '4505Mi' } },
    });
    expect(executor.pod.spec.serviceAccountName).toBe('spark-exec');
    expect(executor.pod.metadata.labels.team).toBe('data');
  });

  test('a Python or R primary resource takes the 0.4 overhead factor, jars the 0.1 one', () => {
    const mem = (mutate: (d: any) => void) => projectSparkPods(apacheApp((d) => {
      d.spec.sparkConf['spark.executor.memory'] = '2g';
      mutate(d);
    }))[1].pod.spec.containers[0].resources.limits.memory;
    expect(mem(() => undefined)).toBe(`${2048 + 384}Mi`);
    expect(mem((d) => { delete d.spec.jars; d.spec.pyFiles = 'local:///opt/spark/examples/src/main/python/pi.py'; })).toBe(`${2048 + 819}Mi`);
    expect(mem((d) => { delete d.spec.jars; d.spec.sparkRFiles = 'local:///opt/spark/examples/src/main/r/dataframe.R'; })).toBe(`${2048 + 819}Mi`);
    expect(mem((d) => { d.spec.sparkConf['spark.kubernetes.memoryOverheadFactor'] = '0.5'; })).toBe(`${2048 + 1024}Mi`);
  });

  test('the main container is the one spark.kubernetes.<role>.podTemplateContainerName names, else the first, else a new one', () => {
    const [driver, executor] = projectSparkPods(apacheApp((d) => {
      d.spec.sparkConf['spark.kubernetes.driver.podTemplateContainerName'] = 'spark';
      d.spec.driverSpec.podTemplateSpec.spec.containers = [{ name: 'proxy', image: 'envoyproxy/envoy:v1.31.0' }, { name: 'spark' }];
      delete d.spec.executorSpec;
    }));
    expect(driver.container).toBe('spark');
    expect(driver.pod.spec.containers.map((c: any) => [c.name, c.image])).toEqual([['proxy', 'envoyproxy/envoy:v1.31.0'], ['spark', 'apache/spark:4.2.0-scala']]);
    expect(executor.pod.spec.containers.map((c: any) => c.name)).toEqual(['spark-kubernetes-executor']);
  });

  test('the operator\'s SecurityContextDecorator sets allowPrivilegeEscalation false where unset on the driver\'s containers and init containers, not on executors', () => {
    const [driver, executor] = projectSparkPods(apacheApp((d) => {
      d.spec.driverSpec.podTemplateSpec.spec.initContainers = [{ name: 'fetch', image: 'busybox:1.37' }];
      d.spec.driverSpec.podTemplateSpec.spec.containers.push({ name: 'debug', image: 'busybox:1.37', securityContext: { allowPrivilegeEscalation: true } });
      delete d.spec.executorSpec.podTemplateSpec.spec.containers[0].securityContext.allowPrivilegeEscalation;
    }));
    expect(driver.pod.spec.initContainers[0].securityContext).toEqual({ allowPrivilegeEscalation: false });
    expect(driver.pod.spec.containers[0].securityContext.allowPrivilegeEscalation).toBe(false);
    expect(driver.pod.spec.containers[1].securityContext).toEqual({ allowPrivilegeEscalation: true });
    expect(executor.pod.spec.containers[0].securityContext).toEqual(CONTAINER_SECURITY);
  });

  test('executor pods only when the driver asks Kubernetes for them: not on a standalone master (a SparkCluster\'s workers run them), not in one-pod mode', () => {
    const roles = (conf: { [key: string]: string }) => projectSparkPods(apacheApp((d) => Object.assign(d.spec.sparkConf, conf))).map((p) => p.role);
    expect(roles({})).toEqual(['driver', 'executor']);
    expect(roles({ 'spark.master': 'k8s://https://kubernetes.default.svc' })).toEqual(['driver', 'executor']);
    expect(roles({ 'spark.master': 'spark://prod-master-svc:7077' })).toEqual(['driver']);
    expect(roles({ 'spark.kubernetes.driver.master': 'local[10]' })).toEqual(['driver']);
    expect(roles({ 'spark.kubernetes.driver.master': 'https://kubernetes.default.svc' })).toEqual(['driver', 'executor']);
  });

  test('v1beta1 projects the same pods; other kinds and groups project none', () => {
    const v1 = projectSparkPods(apacheApp());
    expect(projectSparkPods(apacheApp((d) => d.apiVersion = 'spark.apache.org/v1beta1'))).toEqual(v1);
    expect(projectSparkPods(apacheApp((d) => d.kind = 'SparkThing'))).toEqual([]);
    expect(projectSparkPods(apacheApp((d) => d.apiVersion = 'spark.apache.org/v2'))).toEqual([]);
  });

  test('the effective configuration: sparkConf as the submission worker reads it', () => {
    const conf = (mutate: (d: any) => void = () => undefined) => effectiveSparkConf([], apacheApp(mutate))!;
    expect(conf((d) => Object.assign(d.spec.sparkConf, {
      'spark.kubernetes.namespace': 'elsewhere',
      'spark.app.name': 'my-app',
      'spark.kubernetes.driver.container.image': 'apache/spark:{{SPARK_VERSION}}',
      'spark.custom.image': 'x:{{SPARK_VERSION}}',
    }))).toEqual({
      'spark.kubernetes.authenticate.driver.serviceAccountName': 'spark',
      'spark.kubernetes.container.image': 'apache/spark:4.2.0-scala',
      'spark.kubernetes.driver.container.image': 'apache/spark:4.2.0',
      'spark.custom.image': 'x:{{SPARK_VERSION}}',
      'spark.app.name': 'pi',
      'spark.kubernetes.namespace': NS,
      'spark.jars': 'local:///opt/spark/examples/jars/spark-examples.jar',
      'spark.master': 'k8s://https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT',
      'spark.authenticate': 'true',
      'spark.io.encryption.enabled': 'true',
      'spark.kubernetes.driver.annotateExitException': 'true',
      'spark.kubernetes.executor.useDriverPodIP': 'true',
      'spark.kubernetes.executor.deleteOnTermination': 'false',
    });
    // Set if missing only; no deleteOnTermination default with dynamic allocation or restarts.
    expect(conf((d) => d.spec.sparkConf['spark.authenticate'] = 'false')['spark.authenticate']).toBe('false');
    expect(conf((d) => d.spec.sparkConf['spark.dynamicAllocation.enabled'] = 'true')['spark.kubernetes.executor.deleteOnTermination']).toBeUndefined();
    expect(conf((d) => d.spec.applicationTolerations = { restartConfig: { restartPolicy: 'Always' } })['spark.kubernetes.executor.deleteOnTermination']).toBeUndefined();
    expect(conf((d) => {
      delete d.spec.jars;
      d.spec.mainClass = 'org.apache.spark.deploy.PythonRunner';
      d.spec.pyFiles = 'local:///app/main.py,local:///app/lib.zip,local:///app/util.py';
    })['spark.submit.pyFiles']).toBe('local:///app/lib.zip,local:///app/util.py');
    expect(effectiveSparkConf([], apacheCluster())).toBeUndefined();
  });
});

describe('the Apache operator SparkCluster: projected master and worker pods', () => {
  test('the master pod: labels, scheduler, no grace period, image, SPARK_MASTER_OPTS, bash -c start-master.sh, ports, decorator', () => {
    const [master] = projectSparkPods(apacheCluster((d) => d.spec.sparkConf['spark.kubernetes.scheduler.name'] = 'volcano'));
    expect(master.role).toBe('master');
    expect(master.pod.metadata.labels).toEqual({ 'team': 'data', 'spark-role': 'master', 'spark.operator/spark-cluster-name': 'prod', 'spark-version': '4.2.0' });
    expect(master.pod.spec).toMatchObject({ schedulerName: 'volcano', terminationGracePeriodSeconds: 0 });
    expect(master.pod.spec.dnsConfig).toBeUndefined();
    const c = master.pod.spec.containers[0];
    expect(c.image).toBe('apache/spark:4.2.0');
    expect(c.env).toEqual([{
      name: 'SPARK_MASTER_OPTS',
      value: '-Dspark.kubernetes.container.image="apache/spark:4.2.0" -Dspark.master.ui.title="Prod" -Dspark.kubernetes.scheduler.name="volcano" -Dspark.kubernetes.namespace="spark-jobs" ',
    }]);
    expect(c.command).toEqual(['bash']);
    expect(c.args).toEqual(['-c', '/opt/spark/sbin/start-master.sh && while /opt/spark/sbin/spark-daemon.sh status org.apache.spark.deploy.master.Master 1; do sleep 1; done']);
    // 1.0.0 names port 7070 "spark" (main, after 1.0.0, has 7077, the port the Service and the workers use).
    expect(c.ports).toEqual([{ name: 'web', containerPort: 8080 }, { name: 'spark', containerPort: 7070 }, { name: 'rest', containerPort: 6066 }]);
    expect(c.securityContext).toEqual({ ...CONTAINER_SECURITY, allowPrivilegeEscalation: false });
  });

  test('the worker pod: SPARK_LOG_DIR and SPARK_WORKER_OPTS, bash -c start-worker.sh against the master Service, port 8081, the dnsConfig replaced', () => {
    const [, worker] = projectSparkPods(apacheCluster((d) => d.spec.workerSpec.statefulSetSpec.template.spec.dnsConfig = { nameservers: ['1.1.1.1'] }));
    expect(worker.role).toBe('worker');
    expect(worker.pod.metadata.labels).toMatchObject({ 'spark-role': 'worker', 'spark.operator/spark-cluster-name': 'prod', 'spark-version': '4.2.0' });
    expect(worker.pod.spec).toMatchObject({ schedulerName: 'default-scheduler', terminationGracePeriodSeconds: 0, dnsConfig: { searches: ['prod-worker-svc.spark-jobs.svc.cluster.local'] } });
    const c = worker.pod.spec.containers[0];
    expect(c.env).toEqual([
      { name: 'SPARK_LOG_DIR', value: '/opt/spark/work/logs' },
      { name: 'SPARK_WORKER_OPTS', value: '-Dspark.kubernetes.container.image="apache/spark:4.2.0" -Dspark.master.ui.title="Prod" -Dspark.kubernetes.namespace="spark-jobs" ' },
    ]);
    expect(c.command).toEqual(['bash']);
    expect(c.args).toEqual(['-c', '/opt/spark/sbin/start-worker.sh spark://prod-master-svc:7077 && while /opt/spark/sbin/spark-daemon.sh status org.apache.spark.deploy.worker.Worker 1; do sleep 1; done']);
    expect(c.ports).toEqual([{ name: 'web', containerPort: 8081 }]);
  });

  test('the container is added when missing and appended to when present; the default image is apache/spark:4.2.0; {{SPARK_VERSION}} is replaced in spark.kubernetes.container.image only', () => {
    const [master, worker] = projectSparkPods(apacheCluster((d) => {
      d.spec.sparkConf = { 'spark.kubernetes.driver.container.image': 'x:{{SPARK_VERSION}}' };
      d.spec.masterSpec.statefulSetSpec.template.spec.containers = [{ name: 'sidecar', image: 'registry.k8s.io/pause:3.9', securityContext: { allowPrivilegeEscalation: true } }];
      Object.assign(d.spec.workerSpec.statefulSetSpec.template.spec.containers[0], { command: ['/usr/bin/tini', '--'], args: ['-v'], env: [{ name: 'A', value: '1' }], ports: [{ name: 'shuffle', containerPort: 7337 }] });
    }));
    expect(master.pod.spec.containers.map((c: any) => c.name)).toEqual(['sidecar', 'master']);
    expect(master.pod.spec.containers[0].securityContext).toEqual({ allowPrivilegeEscalation: true });
    expect(master.pod.spec.containers[1]).toMatchObject({ image: 'apache/spark:4.2.0', securityContext: { allowPrivilegeEscalation: false } });
    expect(master.pod.spec.containers[1].env[0].value).toBe('-Dspark.kubernetes.driver.container.image="x:{{SPARK_VERSION}}" -Dspark.kubernetes.namespace="spark-jobs" ');
    const c = worker.pod.spec.containers[0];
    expect(c.command).toEqual(['/usr/bin/tini', '--', 'bash']);
    expect(c.args.slice(0, 2)).toEqual(['-v', '-c']);
    expect(c.env.map((e: any) => e.name)).toEqual(['A', 'SPARK_LOG_DIR', 'SPARK_WORKER_OPTS']);
    expect(c.ports.map((p: any) => p.containerPort)).toEqual([7337, 8081]);
  });
});

describe('the rules on the Apache operator\'s pods', () => {
  test('restricted: the executor needs allowPrivilegeEscalation in its template, the driver, master and worker get it from the operator', () => {
    const unset = (d: any) => delete d.spec.executorSpec.podTemplateSpec.spec.containers[0].securityContext.allowPrivilegeEscalation;
    expect(ruleLines('pod-security', [SA, apacheApp(unset)])).toEqual([
      'SparkApplication/pi at [executor pod]/spec/containers/0/securityContext/allowPrivilegeEscalation: container spark-kubernetes-executor: allowPrivilegeEscalation must be false (restricted)',
    ]);
    expect(ruleLines('pod-security', [SA, apacheApp(), apacheCluster()])).toEqual([]);
  });

  test('restricted: a root master, a token without an account, a missing cpu request and pull policy on the operator\'s pods', () => {
    const v = ruleLines('pod-security', [apacheCluster((d) => {
      d.spec.masterSpec.statefulSetSpec.template.spec.securityContext.runAsUser = 0;
      const worker = d.spec.workerSpec.statefulSetSpec.template.spec;
      delete worker.automountServiceAccountToken;
      delete worker.containers[0].resources.requests.cpu;
      delete worker.containers[0].imagePullPolicy;
    })]);
    expect(v).toEqual([
      'SparkCluster/prod at [master pod]/spec/securityContext/runAsUser: pod: runAsUser 0 is forbidden (restricted)',
      'SparkCluster/prod at [master pod]/spec/containers/0/securityContext/runAsUser: container master: needs a numeric non-zero runAsUser (pod or container), the kubelet cannot verify a named image user',
      'SparkCluster/prod at [worker pod]/spec/containers/0/resources/requests/cpu: container worker: needs a cpu request',
      'SparkCluster/prod at [worker pod]/spec/containers/0/imagePullPolicy: container worker: imagePullPolicy must be set explicitly',
      'SparkCluster/prod at [worker pod]/spec/serviceAccountName: mounts a service-account token (automountServiceAccountToken is not false) but names no dedicated serviceAccountName',
    ]);
  });

  test('restricted: a port or env the template declares again beside the operator\'s', () => {
    const v = lines(validateManifests([apacheCluster((d) => Object.assign(d.spec.masterSpec.statefulSetSpec.template.spec.containers[0], {
      ports: [{ name: 'web', containerPort: 8080 }],
      env: [{ name: 'SPARK_MASTER_OPTS', value: '-Dx=y' }],
    }))]));
    expect(v).toContain('[pod-security] SparkCluster/prod at [master pod]/spec/containers/0/env/1: container master: duplicate env SPARK_MASTER_OPTS');
    expect(v).toContain('[pod-security] SparkCluster/prod at [master pod]/spec/containers/0/ports/1/name: container master: duplicate port name web');
    expect(v).toContain('[runtime] SparkCluster/prod at [master pod]/spec/containers/0/ports/1: port 8080 is declared twice');
  });

  test('runtime: a daemon with a read-only root needs writable mounts where spark-daemon.sh and the worker write', () => {
    expect(ruleLines('runtime', [apacheCluster()])).toEqual([]);
    const v = ruleLines('runtime', [apacheCluster((d) => {
      const master = d.spec.masterSpec.statefulSetSpec.template.spec;
      master.containers[0].volumeMounts = [{ name: 'tmp', mountPath: '/tmp' }];
      master.volumes = [{ name: 'tmp', emptyDir: {} }];
      const worker = d.spec.workerSpec.statefulSetSpec.template.spec;
      worker.containers[0].volumeMounts = [{ name: 'work', mountPath: '/opt/spark/work', readOnly: true }, { name: 'tmp', mountPath: '/tmp' }];
      worker.volumes = [{ name: 'work', emptyDir: {} }, { name: 'tmp', configMap: { name: 'tmp' } }];
    }), { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'tmp', namespace: NS }, data: {} }]);
    expect(v).toEqual([
      'SparkCluster/prod at [master pod]/spec/containers/0/volumeMounts: container master: the root filesystem is read-only and nothing writable is mounted at /opt/spark/logs (SPARK_LOG_DIR, where spark-daemon.sh writes the daemon\'s log); mount an emptyDir there',
      'SparkCluster/prod at [worker pod]/spec/containers/0/volumeMounts: container worker: the root filesystem is read-only and nothing writable is mounted at /opt/spark/work/logs (SPARK_LOG_DIR, where spark-daemon.sh writes the daemon\'s log); mount an emptyDir there',
      'SparkCluster/prod at [worker pod]/spec/containers/0/volumeMounts: container worker: the root filesystem is read-only and nothing writable is mounted at /tmp (SPARK_PID_DIR, where spark-daemon.sh writes the pid file); mount an emptyDir there',
      'SparkCluster/prod at [worker pod]/spec/containers/0/volumeMounts: container worker: the root filesystem is read-only and nothing writable is mounted at /opt/spark/work (the worker directory (SPARK_WORKER_DIR), where the executors\' output goes); mount an emptyDir there',
    ]);
    // A writable root needs no mounts (the pod-security rule asks for the reason).
    expect(ruleLines('runtime', [apacheCluster((d) => {
      for (const spec of [d.spec.masterSpec.statefulSetSpec.template.spec, d.spec.workerSpec.statefulSetSpec.template.spec]) {
        spec.containers[0].securityContext = { capabilities: { drop: ['ALL'] } };
        delete spec.containers[0].volumeMounts;
        delete spec.volumes;
      }
    })])).toEqual([]);
  });

  test('runtime: the daemons run under bash -c, which ignores SIGTERM, but the operator asks for no graceful stop (terminationGracePeriodSeconds 0), so the SIGTERM check does not apply', () => {
    const [master] = projectSparkPods(apacheCluster());
    expect(master.pod.spec.terminationGracePeriodSeconds).toBe(0);
    expect(ruleLines('runtime', [apacheCluster()]).filter((l) => l.includes('SIGTERM'))).toEqual([]);
    // The same container in a StatefulSet of one's own, with the default grace period, is flagged.
    const own = {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'master', namespace: NS },
      spec: { serviceName: 'master', selector: { matchLabels: { app: 'm' } }, template: { ...master.pod, spec: { ...master.pod.spec, terminationGracePeriodSeconds: 30 } } },
    };
    expect(ruleLines('runtime', [own])).toEqual([
      'StatefulSet/master at /spec/template/spec/containers/0/command: runs /opt/spark/sbin/start-master.sh under `bash -c`, which stays PID 1 and ignores SIGTERM, so the JVM is killed without a clean stop; run the JVM itself (spark-class) or put tini in front',
    ]);
  });

  test('runtime: Spark\'s additions from sparkConf on the driver and executor, and the references of the templates', () => {
    const v = ruleLines('runtime', [SA, apacheApp((d) => {
      d.spec.sparkConf['spark.kubernetes.executor.volumes.emptyDir.spark-local-dir-1.mount.path'] = '/data';
      const executor = d.spec.executorSpec.podTemplateSpec.spec;
      executor.volumes = [{ name: 'spark-local-dir-1', emptyDir: {} }];
      executor.containers[0].volumeMounts = [{ name: 'spark-local-dir-1', mountPath: '/var/data/spark-local-dir-1' }];
      d.spec.driverSpec.podTemplateSpec.spec.containers[0].env = [{ name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'api', key: 'token' } } }];
      d.spec.driverSpec.podTemplateSpec.spec.containers[0].ports = [{ name: 'ui', containerPort: 4040 }];
    })]);
    expect(v).toEqual([
      'SparkApplication/pi at [driver pod]/spec/containers/0/ports/3: port 4040 is declared twice',
      'SparkApplication/pi at [executor pod]/spec/volumes/2: two volumes are named "spark-local-dir-1"; the API server rejects the pod',
      'SparkApplication/pi at [driver pod]/spec/containers/0/env/0: Secret spark-jobs/api is neither in the output nor declared external',
    ]);
  });

  test('rbac: the projected pods run as accounts that must exist', () => {
    expect(ruleLines('rbac', [apacheApp()])).toEqual([
      'SparkApplication/pi at [driver pod]/spec/serviceAccountName: ServiceAccount spark-jobs/spark is neither in the output nor in externalServiceAccounts',
      'SparkApplication/pi at [executor pod]/spec/serviceAccountName: ServiceAccount spark-jobs/spark is neither in the output nor in externalServiceAccounts',
    ]);
    expect(ruleLines('rbac', [SA, apacheApp()])).toEqual([]);
  });

  test('secrets: a literal secret in sparkConf (the SparkCluster puts it on its daemons\' environment) or in a template env', () => {
    const key = 'spark.hadoop.fs.s3a.secret.key';
    expect(ruleLines('secrets', [apacheApp((d) => {
      d.spec.sparkConf[key] = 'hunter2';
      d.spec.driverSpec.podTemplateSpec.spec.containers[0].env = [{ name: 'DB_PASSWORD', value: 'hunter2' }];
    }), apacheCluster((d) => d.spec.sparkConf['spark.authenticate.secret'] = 'hunter2')])).toEqual([
      'SparkApplication/pi at /spec/driverSpec/podTemplateSpec/spec/containers/0/env/0/value: env DB_PASSWORD holds a literal value; use valueFrom.secretKeyRef or a mounted file',
      `SparkApplication/pi at /spec/sparkConf/${key}: sparkConf key ${key} holds a literal value; use spark.kubernetes.{driver,executor}.secretKeyRef.* or a mounted file`,
      'SparkCluster/prod at /spec/sparkConf/spark.authenticate.secret: sparkConf key spark.authenticate.secret holds a literal value; the operator copies every entry into SPARK_MASTER_OPTS / SPARK_WORKER_OPTS, onto the daemons\' JVM command line: leave it out and give the daemon containers the value from a Secret (spark.authenticate.secret: env _SPARK_AUTH_SECRET) or a mounted file',
    ]);
    expect(ruleLines('secrets', [apacheApp((d) => d.spec.sparkConf[key] = '${env:S3_SECRET_KEY}'), apacheCluster((d) => d.spec.sparkConf['spark.authenticate.secret'] = '${env:AUTH}')])).toEqual([]);
  });

  test('names: a SparkCluster name is a DNS-1035 label of at most 45 characters; the StatefulSet and Service metadata is checked', () => {
    const name = (n: string) => ruleLines('names', [apacheCluster((d) => d.metadata.name = n)]);
    expect(name('a'.repeat(45))).toEqual([]);
    expect(name('a'.repeat(46))).toEqual([`SparkCluster/${'a'.repeat(46)} at /metadata/name: "${'a'.repeat(46)}" is not a DNS-1035 label of at most 45 characters (a SparkCluster name must start with a letter)`]);
    expect(name('1prod')).toEqual(['SparkCluster/1prod at /metadata/name: "1prod" is not a DNS-1035 label of at most 45 characters (a SparkCluster name must start with a letter)']);
    expect(ruleLines('names', [apacheCluster((d) => {
      d.spec.masterSpec.serviceMetadata = { labels: { 'bad key!': 'x' } };
      d.spec.workerSpec.statefulSetMetadata = { annotations: { ok: 'fine' }, labels: { tier: 'not valid!' } };
      d.spec.workerSpec.statefulSetSpec.template.metadata.labels.team = '-data';
    })])).toEqual([
      'SparkCluster/prod at /spec/workerSpec/statefulSetSpec/template/metadata/labels/team: label value "-data" must be empty or at most 63 of [A-Za-z0-9-_.], alphanumeric at both ends',
      'SparkCluster/prod at /spec/masterSpec/serviceMetadata/labels/bad key!: label key "bad key!": name must be at most 63 of [A-Za-z0-9-_.], alphanumeric at both ends',
      'SparkCluster/prod at /spec/workerSpec/statefulSetMetadata/labels/tier: label value "not valid!" must be empty or at most 63 of [A-Za-z0-9-_.], alphanumeric at both ends',
    ]);
  });
});

withCrds.describe('the schema rules on the Apache operator\'s custom resources', () => {
  test('a hardened SparkApplication and SparkCluster pass every rule, in both served versions', () => {
    expect(validateManifests([SA, apacheApp(), apacheCluster()])).toEqual([]);
    expect(validateManifests([SA, apacheApp((d) => d.apiVersion = 'spark.apache.org/v1beta1'), apacheCluster((d) => d.apiVersion = 'spark.apache.org/v1beta1')])).toEqual([]);
  });

  test('crd-schema: the CRD prunes unknown fields, inside the embedded Kubernetes types too (the k8s-schema rule does not report them again)', () => {
    const v = lines(validateManifests([SA, apacheApp((d) => {
      d.spec.driverSpec.podTemplateSpec.spec.containers[0].securityContext.readOnlyRootFileSystem = true;
      d.spec.sparkConfig = {};
    })]));
    expect(v).toContain('[crd-schema] SparkApplication/pi at /spec/driverSpec/podTemplateSpec/spec/containers/0/securityContext/readOnlyRootFileSystem: unknown field: the API server would prune it (not in the CRD schema of spark.apache.org/v1 SparkApplication)');
    expect(v).toContain('[crd-schema] SparkApplication/pi at /spec/sparkConfig: unknown field');
    expect(v).not.toContain('[k8s-schema]');
    // v1beta1 has no driverHttpRouteList.
    expect(lines(validateManifests([SA, apacheApp((d) => {
      d.apiVersion = 'spark.apache.org/v1beta1';
      d.spec.driverHttpRouteList = [];
    })]))).toContain('[crd-schema] SparkApplication/pi at /spec/driverHttpRouteList: unknown field: the API server would prune it (not in the CRD schema of spark.apache.org/v1beta1 SparkApplication)');
  });

  test('k8s-schema: the embedded pod templates, StatefulSetSpecs, ServiceSpecs and autoscaler spec are validated as their Kubernetes types', () => {
    const v = ruleLines('k8s-schema', [SA, apacheApp((d) => {
      d.spec.driverSpec.podTemplateSpec.spec.containers[0].resources = { limits: { memory: 'lots' } };
      d.spec.executorSpec.podTemplateSpec.spec.containers.push({ image: 'busybox:1.37' });
    }), apacheCluster((d) => {
      d.spec.masterSpec.statefulSetSpec.podManagementPolicy = 'Sometimes';
      d.spec.masterSpec.serviceSpec = { internalTrafficPolicy: 'Nearby' };
      d.spec.workerSpec.horizontalPodAutoscalerSpec = { behavior: { scaleUp: { policies: [{ type: 'Pods', value: 1 }] } } };
    })]);
    expect(v).toEqual([
      'SparkApplication/pi at /spec/driverSpec/podTemplateSpec/spec/containers/0/resources/limits/memory: must be number or must match format "quantity" (no alternative matches) (PodTemplateSpec)',
      'SparkApplication/pi at /spec/executorSpec/podTemplateSpec/spec/containers/1: must have required property \'name\' (PodTemplateSpec)',
      'SparkCluster/prod at /spec/masterSpec/statefulSetSpec/podManagementPolicy: must be one of "OrderedReady", "Parallel" (StatefulSetSpec)',
      'SparkCluster/prod at /spec/masterSpec/serviceSpec/internalTrafficPolicy: must be one of "Cluster", "Local" (ServiceSpec)',
      'SparkCluster/prod at /spec/workerSpec/horizontalPodAutoscalerSpec/behavior/scaleUp/policies/0: must have required property \'periodSeconds\' (HorizontalPodAutoscalerSpec)',
    ]);
  });

  test('k8s-schema: what the operator fills in may be absent (selector, template, containers, scale target, replica bounds)', () => {
    expect(ruleLines('k8s-schema', [apacheCluster((d) => {
      d.spec.masterSpec.statefulSetSpec = { template: { spec: { automountServiceAccountToken: false } } };
      d.spec.workerSpec.statefulSetSpec = { replicas: 3 };
      d.spec.workerSpec.horizontalPodAutoscalerSpec = { metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }] };
    })])).toEqual([]);
  });
});

const EXAMPLES = fs.existsSync(UPSTREAM_EXAMPLES) ? fs.readdirSync(UPSTREAM_EXAMPLES).filter((f) => /\.ya?ml$/.test(f)).sort() : [];
const loadExample = (file: string): any[] => YAML.parseAllDocuments(fs.readFileSync(path.join(UPSTREAM_EXAMPLES, file), 'utf-8')).map((d) => d.toJS()).filter((d) => d);
const sparkDocs = (docs: any[]) => docs.filter((d) => /^spark\.apache\.org\//.test(d.apiVersion));

needsShared(UPSTREAM_EXAMPLES, 'the harness on the upstream Apache operator examples').describe('the harness on the upstream Apache Spark Kubernetes Operator examples', () => {
  const results = new Map(EXAMPLES.map((file) => [file, validateManifests(loadExample(file))]));

  test('the examples hold 33 SparkApplications and 8 SparkClusters', () => {
    const kinds = EXAMPLES.flatMap((f) => sparkDocs(loadExample(f)).map((d) => d.kind));
    expect(kinds.filter((k) => k === 'SparkApplication')).toHaveLength(33);
    expect(kinds.filter((k) => k === 'SparkCluster')).toHaveLength(8);
  });

  test.each(EXAMPLES)('%s: every SparkApplication and SparkCluster projects pods that break the restricted profile, and no check crashes', (file) => {
    const v = results.get(file)!;
    expect(v.filter((x) => x.message.includes('crashed'))).toEqual([]);
    // The CRDs accept every example and its embedded Kubernetes objects are valid. The one exception is the parser's:
    // JavaScript reads Long.MAX_VALUE (9223372036854775807, exact in the file) as 2^63, which the int64 check rightly flags.
    const longMax = fs.readFileSync(path.join(UPSTREAM_EXAMPLES, file), 'utf-8').includes('9223372036854775807');
    expect(v.filter((x) => (x.rule === 'crd-schema' || x.rule === 'k8s-schema') && !(longMax && x.message.startsWith('integer beyond int64')))).toEqual([]);
    if (longMax) expect(v.some((x) => x.message.startsWith('integer beyond int64'))).toBe(true);
    for (const doc of sparkDocs(loadExample(file))) {
      const restricted = v.filter((x) => x.object === `${doc.kind}/${doc.metadata.name}` && x.rule === 'pod-security' && /^\[(driver|executor|master|worker) pod\]/.test(x.path) && x.message.endsWith('(restricted)'));
      expect(restricted.length).toBeGreaterThan(0);
    }
  });

  test('the examples with a literal secret in sparkConf', () => {
    expect(EXAMPLES.filter((f) => results.get(f)!.some((x) => x.rule === 'secrets'))).toEqual([
      'cluster-with-jws-filter.yaml', 'dfs-read-write.yaml', 'pi-with-eventlog.yaml', 'spark-connect-server-iceberg.yaml',
      'spark-history-server-with-jws-filter.yaml', 'spark-history-server.yaml', 'stream-word-count.yaml',
    ]);
  });

  test('cluster-with-template.yaml: the master runs as root; the operator\'s decorator covers the sidecar\'s privilege escalation', () => {
    const v = lines(results.get('cluster-with-template.yaml')!);
    expect(v).toContain('[pod-security] SparkCluster/cluster-with-template at [master pod]/spec/securityContext/runAsUser: pod: runAsUser 0 is forbidden (restricted)');
    expect(v).not.toContain('allowPrivilegeEscalation');
    const [master] = projectSparkPods(loadExample('cluster-with-template.yaml')[0]);
    expect(master.pod.spec.containers.map((c: any) => [c.name, c.securityContext])).toEqual([['master', { allowPrivilegeEscalation: false }], ['sidecar', { allowPrivilegeEscalation: false }]]);
  });

  test('cluster.yaml projects the master with SPARK_MASTER_OPTS of every sparkConf entry, and the namespace-less worker search', () => {
    const [master, worker] = projectSparkPods(loadExample('cluster.yaml')[0]);
    expect(master.pod.spec.containers[0].env).toEqual([{
      name: 'SPARK_MASTER_OPTS',
      value: '-Dspark.kubernetes.container.image="apache/spark:4.2.0" -Dspark.master.ui.title="Prod Spark Cluster" -Dspark.master.rest.host="0.0.0.0" -Dspark.ui.reverseProxy="true" ',
    }]);
    expect(worker.pod.spec.dnsConfig).toEqual({ searches: ['cluster-worker-svc.<namespace>.svc.cluster.local'] });
  });

  test('pi.yaml and cluster.yaml, hardened (namespace, securityContext, resources, emptyDirs where the daemons write), pass every rule', () => {
    const pi = loadExample('pi.yaml')[0];
    pi.metadata.namespace = NS;
    pi.spec.driverSpec = apacheApp().spec.driverSpec;
    pi.spec.executorSpec = apacheApp().spec.executorSpec;
    const cluster = loadExample('cluster.yaml')[0];
    cluster.metadata.namespace = NS;
    cluster.spec.masterSpec = { statefulSetSpec: { template: daemonTemplate('master', MASTER_DIRS) } };
    cluster.spec.workerSpec = { statefulSetSpec: { template: daemonTemplate('worker', WORKER_DIRS) } };
    expect(lines(validateManifests([SA, pi, cluster]))).toBe('');
    // Without the emptyDirs, the daemons cannot write their logs and pid files on the read-only root.
    delete cluster.spec.masterSpec.statefulSetSpec.template.spec.volumes;
    delete cluster.spec.masterSpec.statefulSetSpec.template.spec.containers[0].volumeMounts;
    expect(validateManifests([SA, pi, cluster]).map((x) => `${x.rule} ${x.path}`)).toEqual([
      'runtime [master pod]/spec/containers/0/volumeMounts',
      'runtime [master pod]/spec/containers/0/volumeMounts',
    ]);
  });
});
