/**
 * Where the pods of each object live, and the projection of the pods the Spark operator
 * (controller and pod webhook) and Spark itself create from a SparkApplication,
 * ScheduledSparkApplication or SparkConnect.
 *
 * Sources (operator v2.5.2, Spark 4.0): the controller turns cores/coreRequest/coreLimit/memory/
 * memoryOverhead/image/serviceAccount into spark-submit confs; Spark builds each pod from the
 * role's template, selects the main container (`spark-kubernetes-driver` /
 * `spark-kubernetes-executor`, else the first) and sets image, pull policy (default
 * IfNotPresent), cpu request (and limit), memory request = limit = memory + overhead, service
 * account and restartPolicy Never. The pod webhook (only when it runs) applies securityContext,
 * podSecurityContext, sidecars, initContainers, hostNetwork, env, ports and mounted spec volumes;
 * the projection applies them too, so nothing dangerous hides there. The SparkConnect server pod
 * is built by the controller from `server.template` as is (image from the template, else
 * spec.image); its executors are built by Spark like an application's.
 *
 * The second dialect, the Apache Spark Kubernetes Operator 1.0.0 (`spark.apache.org/v1` and
 * `v1beta1`), is projected the same way: see projectApachePods (SparkApplication: Spark builds
 * driver and executor from the `podTemplateSpec`s and `spec.sparkConf`) and projectClusterPods
 * (SparkCluster: the operator's master and worker StatefulSets).
 */
import { sparkMebibytes } from './quantity';
import { APACHE_API_VERSIONS, apacheApplicationConf, apacheClusterConf, apacheSparkVersion } from './spark-conf';
import { isObject } from './types';

/** A pod template found in an object, or projected from it. */
export interface PodSite {
  /** JSON pointer of the template in the object, or `[role pod]` for a projected pod. */
  readonly path: string;
  /** `{ metadata, spec }` of the pod. */
  readonly template: any;
  /** The projected role (driver, executor, server), for Spark pods. */
  readonly role?: string;
}

const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'ReplicationController', 'PodTemplate']);

/** The pod templates of a built-in workload (Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob). */
export function workloadPods(doc: any): PodSite[] {
  if (doc.kind === 'Pod' && doc.apiVersion === 'v1') return [{ path: '', template: { metadata: doc.metadata, spec: doc.spec ?? {} } }];
  if (doc.kind === 'CronJob') {
    const t = doc.spec?.jobTemplate?.spec?.template;
    return isObject(t) ? [{ path: '/spec/jobTemplate/spec/template', template: t }] : [];
  }
  if (doc.kind === 'PodTemplate') return isObject(doc.template) ? [{ path: '/template', template: doc.template }] : [];
  if (WORKLOADS.has(doc.kind) && isObject(doc.spec?.template)) return [{ path: '/spec/template', template: doc.spec.template }];
  return [];
}

interface SparkRole {
  readonly role: string;
  /** The main container's name: Spark's default, or the operator's fixed name (SparkCluster). */
  readonly container: string;
  /** JSON pointer of the role's pod template below `base`. */
  readonly template: string;
}

interface SparkShape {
  /** `kubeflow`: sparkoperator.k8s.io; `apache`: spark.apache.org (Apache Spark Kubernetes Operator). */
  readonly dialect: 'kubeflow' | 'apache';
  readonly spec: any;
  readonly base: string;
  readonly roles: SparkRole[];
  readonly connect: boolean;
}

const DRIVER = 'spark-kubernetes-driver';
const EXECUTOR = 'spark-kubernetes-executor';

function sparkShape(doc: any): SparkShape | undefined {
  if (!isObject(doc) || typeof doc.apiVersion !== 'string') return undefined;
  if (APACHE_API_VERSIONS.includes(doc.apiVersion)) return apacheShape(doc);
  if (!doc.apiVersion.startsWith('sparkoperator.k8s.io/')) return undefined;
  const app = [{ role: 'driver', container: DRIVER, template: '/driver/template' }, { role: 'executor', container: EXECUTOR, template: '/executor/template' }];
  switch (doc.kind) {
    case 'SparkApplication': return isObject(doc.spec) ? { dialect: 'kubeflow', spec: doc.spec, base: '/spec', roles: app, connect: false } : undefined;
    case 'ScheduledSparkApplication': return isObject(doc.spec?.template) ? { dialect: 'kubeflow', spec: doc.spec.template, base: '/spec/template', roles: app, connect: false } : undefined;
    case 'SparkConnect': return isObject(doc.spec) ? {
      dialect: 'kubeflow',
      spec: doc.spec,
      base: '/spec',
      connect: true,
      roles: [{ role: 'server', container: DRIVER, template: '/server/template' }, { role: 'executor', container: EXECUTOR, template: '/executor/template' }],
    } : undefined;
    default: return undefined;
  }
}

/**
 * The Apache operator's kinds (both versions share the Java model; the v1beta1 CRD serves a subset):
 * spark-operator-api/.../spec/ApplicationSpec.java L61-62 (driverSpec, executorSpec: a
 * BaseApplicationTemplateSpec, whose only field is podTemplateSpec, BaseApplicationTemplateSpec.java
 * L42) and spec/ClusterSpec.java L49-50 (masterSpec, workerSpec: MasterSpec.java L42-45,
 * WorkerSpec.java L43-47, statefulSetSpec among them).
 */
function apacheShape(doc: any): SparkShape | undefined {
  if (!isObject(doc.spec)) return undefined;
  switch (doc.kind) {
    case 'SparkApplication': return {
      dialect: 'apache',
      spec: doc.spec,
      base: '/spec',
      connect: false,
      roles: [{ role: 'driver', container: DRIVER, template: '/driverSpec/podTemplateSpec' }, { role: 'executor', container: EXECUTOR, template: '/executorSpec/podTemplateSpec' }],
    };
    case 'SparkCluster': return {
      dialect: 'apache',
      spec: doc.spec,
      base: '/spec',
      connect: false,
      roles: [{ role: 'master', container: 'master', template: '/masterSpec/statefulSetSpec/template' }, { role: 'worker', container: 'worker', template: '/workerSpec/statefulSetSpec/template' }],
    };
    default: return undefined;
  }
}

/** The value at a JSON pointer of plain segments (no escapes) below `node`. */
function at(node: any, pointer: string): any {
  return pointer.split('/').slice(1).reduce((n, key) => (isObject(n) ? n[key] : undefined), node);
}

/** Whether an object is a custom resource of either Spark operator whose pods the harness projects. */
export function isSparkResource(doc: any): boolean {
  return sparkShape(doc) !== undefined;
}

/** The schemaless pod templates inside a Spark custom resource, with their paths. */
export function sparkTemplates(doc: any): PodSite[] {
  const shape = sparkShape(doc);
  if (!shape) return [];
  return shape.roles
    .filter((r) => at(shape.spec, r.template) !== undefined)
    .map((r) => ({ path: `${shape.base}${r.template}`, template: at(shape.spec, r.template), role: r.role }));
}

/** Kubernetes types embedded in the Spark custom resources, as kubernetes-models names them. */
export type EmbeddedType = 'PodTemplateSpec' | 'StatefulSetSpec' | 'ServiceSpec' | 'ObjectMeta' | 'HorizontalPodAutoscalerSpec';

/** An object of a Kubernetes type inside a Spark custom resource. */
export interface EmbeddedObject {
  readonly path: string;
  readonly value: any;
  readonly type: EmbeddedType;
  /**
   * Whether the CRD schema already closes it (the Apache CRDs spell out every field of these
   * types, so the crd-schema rule reports the fields the API server prunes); the Kubeflow
   * templates are schemaless in their CRDs.
   */
  readonly closedByCrd: boolean;
}

/**
 * Every Kubernetes-typed object inside a Spark custom resource: the Kubeflow pod templates, and
 * the Apache operator's podTemplateSpecs, statefulSetSpecs, serviceSpecs, their metadata and the
 * worker HorizontalPodAutoscalerSpec (MasterSpec.java L42-45, WorkerSpec.java L43-47 at 1.0.0).
 */
export function sparkEmbeddedObjects(doc: any): EmbeddedObject[] {
  const shape = sparkShape(doc);
  if (!shape) return [];
  if (shape.dialect === 'kubeflow') return sparkTemplates(doc).map((t) => ({ path: t.path, value: t.template, type: 'PodTemplateSpec', closedByCrd: false }));
  const candidates: [string, EmbeddedType][] = doc.kind === 'SparkCluster'
    ? (['masterSpec', 'workerSpec'] as const).flatMap((r): [string, EmbeddedType][] => [
      [`/${r}/statefulSetMetadata`, 'ObjectMeta'],
      [`/${r}/statefulSetSpec`, 'StatefulSetSpec'],
      [`/${r}/serviceMetadata`, 'ObjectMeta'],
      [`/${r}/serviceSpec`, 'ServiceSpec'],
      ...(r === 'workerSpec' ? [[`/${r}/horizontalPodAutoscalerSpec`, 'HorizontalPodAutoscalerSpec'] as [string, EmbeddedType]] : []),
    ])
    : shape.roles.map((r): [string, EmbeddedType] => [r.template, 'PodTemplateSpec']);
  return candidates
    .filter(([p]) => at(shape.spec, p) !== undefined)
    .map(([p, type]) => ({ path: `${shape.base}${p}`, value: at(shape.spec, p), type, closedByCrd: true }));
}

/** The spark conf and hadoop conf maps of a Spark custom resource, with their paths. */
export function sparkConfMaps(doc: any): { path: string; conf: { [key: string]: unknown } }[] {
  const shape = sparkShape(doc);
  if (!shape) return [];
  return ['sparkConf', 'hadoopConf']
    .filter((k) => isObject(shape.spec[k]))
    .map((k) => ({ path: `${shape.base}/${k}`, conf: shape.spec[k] }));
}

function clone<T>(v: T): T {
  return v === undefined ? v : JSON.parse(JSON.stringify(v));
}

function nameOf(c: any): string | undefined {
  return isObject(c) ? c.name : undefined;
}

/** A projected pod: its role, `{ metadata, spec }`, and the name of the container Spark or the operator builds on. */
export interface ProjectedPod {
  readonly role: string;
  readonly pod: any;
  readonly container: string;
}

type Conf = { [key: string]: any };

/** A clone of a role's template as a pod with metadata, spec and a containers list. */
function podFrom(template: unknown): { metadata: any; spec: any } {
  const t: any = isObject(template) ? clone(template) : {};
  const metadata: any = isObject(t.metadata) ? t.metadata : {};
  const spec: any = isObject(t.spec) ? t.spec : {};
  if (!Array.isArray(spec.containers)) spec.containers = [];
  return { metadata, spec };
}

/**
 * The container Spark builds on (Spark 4.x KubernetesUtils.selectSparkContainer): the one named
 * by `spark.kubernetes.{driver,executor}.podTemplateContainerName`, else the first; without any,
 * a new one that BasicDriverFeatureStep / BasicExecutorFeatureStep name spark-kubernetes-driver /
 * -executor.
 */
function selectMain(spec: any, name: string | undefined, fallback: string): any {
  let main = (name !== undefined ? spec.containers.find((c: any) => nameOf(c) === name) : undefined) ?? spec.containers.find(isObject);
  if (!main) {
    main = { name: fallback };
    spec.containers.unshift(main);
  }
  if (!main.name) main.name = fallback;
  return main;
}

/** What Spark sets on a driver or executor pod and its main container. */
interface SparkSettings {
  readonly image: unknown;
  readonly pullPolicy: unknown;
  readonly cpuRequest: unknown;
  readonly cpuLimit: unknown;
  readonly memory: unknown;
  readonly memoryOverhead: unknown;
  readonly overheadFactor: number;
  /** The account Spark sets when the template names none. */
  readonly account: unknown;
}

/**
 * The settings Spark derives from the configuration (the Kubeflow role spec's fields first, they
 * become the same confs): cores, cpu request and limit, memory and overhead (factor 0.4 for
 * Python and R, else 0.1, 384 MiB at least).
 */
function resourceSettings(sparkRole: string, conf: Conf, nonJvm: boolean, r: any = {}, factor?: unknown) {
  const cores = r.cores ?? conf[`spark.${sparkRole}.cores`] ?? 1;
  return {
    cpuRequest: r.coreRequest ?? conf[`spark.kubernetes.${sparkRole}.request.cores`] ?? cores,
    cpuLimit: r.coreLimit ?? conf[`spark.kubernetes.${sparkRole}.limit.cores`],
    memory: r.memory ?? conf[`spark.${sparkRole}.memory`] ?? '1g',
    memoryOverhead: r.memoryOverhead ?? conf[`spark.${sparkRole}.memoryOverhead`],
    overheadFactor: Number(factor ?? conf[`spark.${sparkRole}.memoryOverheadFactor`] ?? conf['spark.kubernetes.memoryOverheadFactor'] ?? (nonJvm ? 0.4 : 0.1)),
  };
}

/** Image, pull policy, cpu request (and limit), memory request = limit = memory + overhead, service account, restartPolicy Never. */
function applySpark(spec: any, main: any, s: SparkSettings): void {
  if (s.image !== undefined) main.image = s.image;
  main.imagePullPolicy = s.pullPolicy ?? 'IfNotPresent';
  const memory = sparkMebibytes(s.memory);
  const overhead = s.memoryOverhead !== undefined ? sparkMebibytes(s.memoryOverhead) : Math.max(Math.floor(s.overheadFactor * memory), 384);
  const podMemory = `${memory + overhead}Mi`;
  const resources = isObject(main.resources) ? main.resources : {};
  main.resources = {
    ...resources,
    requests: { ...(isObject(resources.requests) ? resources.requests : {}), cpu: String(s.cpuRequest), memory: podMemory },
    limits: { ...(isObject(resources.limits) ? resources.limits : {}), ...(s.cpuLimit !== undefined ? { cpu: String(s.cpuLimit) } : {}), memory: podMemory },
  };
  // Service account: the template's, else the one Spark sets.
  if (!spec.serviceAccountName && !spec.serviceAccount && s.account) spec.serviceAccountName = s.account;
  spec.restartPolicy = 'Never';
}

/** The projected pods of a Spark custom resource of either operator: driver/executor (Spark builds them), SparkConnect server, SparkCluster master/worker. */
export function projectSparkPods(doc: any): ProjectedPod[] {
  const shape = sparkShape(doc);
  if (!shape) return [];
  if (shape.dialect === 'apache') return doc.kind === 'SparkCluster' ? projectClusterPods(doc, shape) : projectApachePods(doc, shape);
  return projectKubeflowPods(doc, shape);
}

/** The driver/executor pods the Kubeflow operator + Spark will create for a SparkApplication / ScheduledSparkApplication / SparkConnect doc. */
function projectKubeflowPods(doc: any, shape: SparkShape): ProjectedPod[] {
  const { spec } = shape;
  const conf: Conf = isObject(spec.sparkConf) ? spec.sparkConf : {};
  const nonJvm = spec.type === 'Python' || spec.type === 'R';
  return shape.roles.map(({ role, container }) => {
    const r: any = isObject(spec[role]) ? spec[role] : {};
    const sparkRole = role === 'server' ? 'driver' : role;
    const pod = podFrom(r.template);
    const { metadata, spec: podSpec } = pod;
    const main = selectMain(podSpec, container, container);

    // Labels and annotations.
    metadata.labels = { ...(isObject(metadata.labels) ? metadata.labels : {}) };
    if (shape.connect) {
      metadata.labels['sparkoperator.k8s.io/connect-name'] = doc.metadata?.name;
    } else {
      metadata.labels['sparkoperator.k8s.io/app-name'] = doc.metadata?.name;
      Object.assign(metadata.labels, isObject(r.labels) ? r.labels : {});
      if (isObject(r.annotations)) metadata.annotations = { ...(isObject(metadata.annotations) ? metadata.annotations : {}), ...r.annotations };
    }
    metadata.labels['sparkoperator.k8s.io/launched-by-spark-operator'] = 'true';
    if (!(shape.connect && role === 'server')) metadata.labels['spark-role'] = sparkRole;

    if (shape.connect && role === 'server') {
      // The controller builds the server pod from the template as is.
      if (!main.image && spec.image) main.image = spec.image;
      return { role, pod, container: main.name };
    }

    // What the controller and Spark set on the Spark container. Service account: the role's conf,
    // else (executors) the driver's.
    const driverAccount = shape.connect ? conf['spark.kubernetes.authenticate.driver.serviceAccountName'] : spec.driver?.serviceAccount;
    const ownAccount = shape.connect ? conf[`spark.kubernetes.authenticate.${sparkRole}.serviceAccountName`] : r.serviceAccount;
    applySpark(podSpec, main, {
      image: shape.connect ? (main.image || spec.image) : (r.image ?? spec.image ?? main.image),
      pullPolicy: shape.connect ? conf['spark.kubernetes.container.image.pullPolicy'] : spec.imagePullPolicy,
      ...resourceSettings(sparkRole, conf, nonJvm, r, spec.memoryOverheadFactor),
      account: ownAccount ?? (role === 'executor' ? driverAccount : undefined),
    });

    // What the operator's pod webhook applies (SparkApplication only) when it runs.
    if (!shape.connect) {
      if (isObject(r.securityContext)) main.securityContext = clone(r.securityContext);
      if (isObject(r.podSecurityContext)) podSpec.securityContext = clone(r.podSecurityContext);
      for (const sidecar of Array.isArray(r.sidecars) ? r.sidecars : []) {
        if (!podSpec.containers.some((c: any) => nameOf(c) === nameOf(sidecar) && c.image === sidecar?.image)) podSpec.containers.push(clone(sidecar));
      }
      for (const init of Array.isArray(r.initContainers) ? r.initContainers : []) {
        podSpec.initContainers = Array.isArray(podSpec.initContainers) ? podSpec.initContainers : [];
        if (!podSpec.initContainers.some((c: any) => nameOf(c) === nameOf(init) && c.image === init?.image)) podSpec.initContainers.push(clone(init));
      }
      if (r.hostNetwork === true) podSpec.hostNetwork = true;
      if (Array.isArray(r.env)) main.env = [...(Array.isArray(main.env) ? main.env : []), ...clone(r.env)];
      if (Array.isArray(r.ports)) main.ports = [...(Array.isArray(main.ports) ? main.ports : []), ...clone(r.ports)];
      if (r.lifecycle) main.lifecycle = clone(r.lifecycle);
      const volumes: any[] = Array.isArray(spec.volumes) ? spec.volumes : [];
      for (const mount of Array.isArray(r.volumeMounts) ? r.volumeMounts : []) {
        const volume = volumes.find((v) => nameOf(v) === nameOf(mount));
        if (!volume) continue;
        main.volumeMounts = [...(Array.isArray(main.volumeMounts) ? main.volumeMounts : []), clone(mount)];
        podSpec.volumes = Array.isArray(podSpec.volumes) ? podSpec.volumes : [];
        if (!podSpec.volumes.some((v: any) => nameOf(v) === nameOf(volume))) podSpec.volumes.push(clone(volume));
      }
    }
    return { role, pod, container: main.name };
  });
}

/** The value of the spark.operator/name label the Apache operator puts on what it manages: its name, spark-kubernetes-operator unless configured otherwise. */
const APACHE_OPERATOR_NAME = 'spark-kubernetes-operator';

/**
 * The SecurityContextDecorator of the Apache operator 1.0.0
 * (spark-operator/.../decorators/SecurityContextDecorator.java L40-73): allowPrivilegeEscalation
 * false on every container and init container that leaves it unset. It decorates the driver pod
 * (reconciler/SparkAppResourceSpecFactory.java L73) and the master and worker StatefulSets
 * (reconciler/SparkClusterResourceSpecFactory.java L59-61), not the executors, which the driver
 * creates.
 */
function disallowPrivilegeEscalation(spec: any): void {
  for (const list of [spec.initContainers, spec.containers]) {
    for (const c of Array.isArray(list) ? list : []) {
      if (!isObject(c)) continue;
      if (!isObject(c.securityContext)) c.securityContext = {};
      if (c.securityContext.allowPrivilegeEscalation === undefined || c.securityContext.allowPrivilegeEscalation === null) c.securityContext.allowPrivilegeEscalation = false;
    }
  }
}

/** A conf map's entries under a prefix (SparkConf.getAllWithPrefix). */
function withPrefix(conf: Conf, prefix: string): { [key: string]: string } {
  return Object.fromEntries(Object.entries(conf).filter(([k]) => k.startsWith(prefix) && k.length > prefix.length).map(([k, v]) => [k.slice(prefix.length), v]));
}

/**
 * Whether the driver asks Kubernetes for executor pods: its master is Kubernetes (the operator's
 * default, `k8s://`, SparkAppSubmissionWorker.java L166-170), not a standalone master
 * (`spark://`, a SparkCluster's: the workers run the executors), and the application does not run
 * in the driver pod alone (spark.kubernetes.driver.master=local[N], Spark 3.4+ SPARK-42190).
 */
function executorPods(conf: Conf): boolean {
  return String(conf['spark.master'] ?? '').startsWith('k8s://') && !/^local(\[|$)/.test(String(conf['spark.kubernetes.driver.master'] ?? ''));
}

/**
 * The driver and executor pods of an Apache operator SparkApplication, at tag 1.0.0:
 * - the pod templates are `spec.driverSpec.podTemplateSpec` / `spec.executorSpec.podTemplateSpec`,
 *   written to temp files and passed as spark.kubernetes.{driver,executor}.podTemplateFile
 *   (spark-operator/.../reconciler/SparkAppResourceSpecFactory.java L96-103, L178-219);
 * - the configuration is `spec.sparkConf` with the submission worker's changes (apacheApplicationConf);
 * - Spark builds each pod from its template as in the Kubeflow case (applySpark): main container,
 *   image (spark.kubernetes.{driver,executor}.container.image, else spark.kubernetes.container.image),
 *   pull policy, cpu and memory, service account, restartPolicy Never; plus the role's
 *   spark.kubernetes.{role}.label.* / .annotation.* confs;
 * - labels: the operator's spark.operator/name and spark.operator/spark-app-name, passed as
 *   driver and executor label confs and put on the driver pod again by the OwnerResourceDecorator
 *   (SparkAppResourceSpecFactory.java L85-91, L71-72; Utils.java
 *   sparkAppResourceLabels L141-145, commonManagedResourceLabels L119-123; Constants.java L36, L42;
 *   the name defaults to spark-kubernetes-operator, SparkOperatorConf.java L80-87), spark-role
 *   from Spark, and spark-version on the driver (SparkAppDriverConf.java L97-100);
 * - the driver pod then goes through the SecurityContextDecorator (disallowPrivilegeEscalation);
 *   the executors do not;
 * - executor pods only when the driver creates them (executorPods).
 * (The Kubeflow projection still projects executors in one-pod mode.)
 * A Python primary resource (pyFiles or mainClass PythonRunner without jars) or an R one
 * (sparkRFiles) takes the 0.4 overhead factor (SparkAppSubmissionWorker.java L150-165).
 */
function projectApachePods(doc: any, shape: SparkShape): ProjectedPod[] {
  const { spec } = shape;
  const conf = apacheApplicationConf(doc);
  const nonEmpty = (v: unknown) => typeof v === 'string' && v !== '';
  const nonJvm = !nonEmpty(spec.jars) && (spec.mainClass === 'org.apache.spark.deploy.PythonRunner' || nonEmpty(spec.pyFiles) || nonEmpty(spec.sparkRFiles));
  const driverAccount = conf['spark.kubernetes.authenticate.driver.serviceAccountName'];
  return shape.roles.filter(({ role }) => role === 'driver' || executorPods(conf)).map(({ role, container, template }) => {
    const pod = podFrom(at(spec, template));
    const { metadata, spec: podSpec } = pod;
    const main = selectMain(podSpec, conf[`spark.kubernetes.${role}.podTemplateContainerName`], container);
    metadata.labels = {
      ...(isObject(metadata.labels) ? metadata.labels : {}),
      ...withPrefix(conf, `spark.kubernetes.${role}.label.`),
      'spark.operator/name': APACHE_OPERATOR_NAME,
      'spark.operator/spark-app-name': doc.metadata?.name,
      'spark-role': role,
      ...(role === 'driver' ? { 'spark-version': apacheSparkVersion(spec) } : {}),
    };
    const annotations = withPrefix(conf, `spark.kubernetes.${role}.annotation.`);
    if (Object.keys(annotations).length > 0) metadata.annotations = { ...(isObject(metadata.annotations) ? metadata.annotations : {}), ...annotations };
    applySpark(podSpec, main, {
      image: conf[`spark.kubernetes.${role}.container.image`] ?? conf['spark.kubernetes.container.image'],
      pullPolicy: conf['spark.kubernetes.container.image.pullPolicy'],
      ...resourceSettings(role, conf, nonJvm),
      account: conf[`spark.kubernetes.authenticate.${role}.serviceAccountName`] ?? (role === 'executor' ? driverAccount : undefined),
    });
    if (role === 'driver') disallowPrivilegeEscalation(podSpec);
    return { role, pod, container: main.name };
  });
}

/**
 * The master and worker pods of an Apache operator SparkCluster: the pod templates of the
 * StatefulSets `<name>-master` and `<name>-worker` the operator builds over
 * `spec.{master,worker}Spec.statefulSetSpec`, per
 * spark-submission-worker/src/main/java/org/apache/spark/k8s/operator/SparkClusterResourceSpec.java
 * at tag 1.0.0:
 * - scheduler spark.kubernetes.scheduler.name, default default-scheduler (L70); image
 *   spark.kubernetes.container.image, default apache/spark:4.2.0 (L72); SPARK_MASTER_OPTS /
 *   SPARK_WORKER_OPTS are every configuration entry as `-Dkey="value" ` (L75-78; the entries are
 *   apacheClusterConf's, in SparkConf's hash order in the operator, in written order here);
 * - template labels spark-role master/worker, spark.operator/spark-cluster-name and spark-version
 *   (L233-238, L315-320; Constants.java L39, L54, L66, L69, L72); schedulerName,
 *   terminationGracePeriodSeconds 0 (L239-241, L321-323); the worker's dnsConfig replaced by one
 *   search `<name>-worker-svc.<namespace>.svc.cluster.local` (L324-326);
 * - the container named master / worker, appended when missing (L242-244, L327-329), gets the
 *   image, then appended: env SPARK_MASTER_OPTS (worker: SPARK_LOG_DIR=/opt/spark/work/logs, then
 *   SPARK_WORKER_OPTS), command `bash`, args `-c` and the start script followed by a
 *   `spark-daemon.sh status` loop, ports web 8080, spark 7070, rest 6066 (master; main, after
 *   1.0.0, has spark 7077) and web 8081 (worker) (L245-273, L330-356);
 * - both StatefulSets go through the SecurityContextDecorator (SparkClusterResourceSpecFactory.java
 *   L59-61). Replicas (master 1, worker clusterTolerations.instanceConfig.initWorkers, L229, L310)
 *   are the StatefulSets', not the pods'.
 */
function projectClusterPods(doc: any, shape: SparkShape): ProjectedPod[] {
  const { spec } = shape;
  const conf = apacheClusterConf(doc);
  const name = doc.metadata?.name;
  const namespace = conf['spark.kubernetes.namespace'];
  // A missing version leaves the label out (fabric8's addToLabels skips null values).
  const version = spec.runtimeVersions?.sparkVersion;
  const image = conf['spark.kubernetes.container.image'] ?? 'apache/spark:4.2.0';
  const options = Object.entries(conf).map(([k, v]) => `-D${k}="${v}" `).join('');
  const daemon = (script: string) => `${script} && while /opt/spark/sbin/spark-daemon.sh status `;
  return shape.roles.map(({ role, container, template }) => {
    const pod = podFrom(at(spec, template));
    const { metadata, spec: podSpec } = pod;
    metadata.labels = {
      ...(isObject(metadata.labels) ? metadata.labels : {}),
      'spark-role': role,
      'spark.operator/spark-cluster-name': name,
      ...(typeof version === 'string' ? { 'spark-version': version } : {}),
    };
    podSpec.schedulerName = conf['spark.kubernetes.scheduler.name'] ?? 'default-scheduler';
    podSpec.terminationGracePeriodSeconds = 0;
    let main = podSpec.containers.find((c: any) => nameOf(c) === container);
    if (!main) {
      main = { name: container };
      podSpec.containers.push(main);
    }
    main.image = image;
    const env = role === 'master'
      ? [{ name: 'SPARK_MASTER_OPTS', value: options }]
      : [{ name: 'SPARK_LOG_DIR', value: '/opt/spark/work/logs' }, { name: 'SPARK_WORKER_OPTS', value: options }];
    main.env = [...(Array.isArray(main.env) ? main.env : []), ...env];
    main.command = [...(Array.isArray(main.command) ? main.command : []), 'bash'];
    const script = role === 'master'
      ? `${daemon('/opt/spark/sbin/start-master.sh')}org.apache.spark.deploy.master.Master 1; do sleep 1; done`
      : `${daemon(`/opt/spark/sbin/start-worker.sh spark://${name}-master-svc:7077`)}org.apache.spark.deploy.worker.Worker 1; do sleep 1; done`;
    main.args = [...(Array.isArray(main.args) ? main.args : []), '-c', script];
    const ports = role === 'master'
      ? [{ name: 'web', containerPort: 8080 }, { name: 'spark', containerPort: 7070 }, { name: 'rest', containerPort: 6066 }]
      : [{ name: 'web', containerPort: 8081 }];
    main.ports = [...(Array.isArray(main.ports) ? main.ports : []), ...ports];
    // Without a namespace in the document the object lands in the one it is applied to, unknown here.
    if (role === 'worker') podSpec.dnsConfig = { searches: [`${name}-worker-svc.${namespace ?? '<namespace>'}.svc.cluster.local`] };
    disallowPrivilegeEscalation(podSpec);
    return { role, pod, container };
  });
}

/** Every pod spec of an object: workload templates and projected Spark pods. */
export function podSites(doc: any): PodSite[] {
  return [
    ...workloadPods(doc),
    ...projectSparkPods(doc).map(({ role, pod }) => ({ path: `[${role} pod]`, template: pod, role })),
  ];
}
