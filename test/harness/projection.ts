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
 */
import { sparkMebibytes } from './quantity';
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

interface SparkShape {
  readonly spec: any;
  readonly base: string;
  readonly roles: { role: string; container: string }[];
  readonly connect: boolean;
}

function sparkShape(doc: any): SparkShape | undefined {
  if (!isObject(doc) || typeof doc.apiVersion !== 'string' || !doc.apiVersion.startsWith('sparkoperator.k8s.io/')) return undefined;
  const app = [{ role: 'driver', container: 'spark-kubernetes-driver' }, { role: 'executor', container: 'spark-kubernetes-executor' }];
  switch (doc.kind) {
    case 'SparkApplication': return isObject(doc.spec) ? { spec: doc.spec, base: '/spec', roles: app, connect: false } : undefined;
    case 'ScheduledSparkApplication': return isObject(doc.spec?.template) ? { spec: doc.spec.template, base: '/spec/template', roles: app, connect: false } : undefined;
    case 'SparkConnect': return isObject(doc.spec) ? {
      spec: doc.spec,
      base: '/spec',
      connect: true,
      roles: [{ role: 'server', container: 'spark-kubernetes-driver' }, { role: 'executor', container: 'spark-kubernetes-executor' }],
    } : undefined;
    default: return undefined;
  }
}

/** The schemaless pod templates inside a Spark custom resource, with their paths. */
export function sparkTemplates(doc: any): PodSite[] {
  const shape = sparkShape(doc);
  if (!shape) return [];
  return shape.roles
    .filter(({ role }) => shape.spec[role]?.template !== undefined)
    .map(({ role }) => ({ path: `${shape.base}/${role}/template`, template: shape.spec[role].template, role }));
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

/** The projected driver/executor pods the operator + Spark will create for a SparkApplication / ScheduledSparkApplication / SparkConnect doc. */
export function projectSparkPods(doc: any): { role: string; pod: any }[] {
  const shape = sparkShape(doc);
  if (!shape) return [];
  const { spec } = shape;
  const conf: { [key: string]: any } = isObject(spec.sparkConf) ? spec.sparkConf : {};
  const nonJvm = spec.type === 'Python' || spec.type === 'R';
  return shape.roles.map(({ role, container }) => {
    const r: any = isObject(spec[role]) ? spec[role] : {};
    const sparkRole = role === 'server' ? 'driver' : role;
    const template: any = isObject(r.template) ? clone(r.template) : {};
    const metadata: any = isObject(template.metadata) ? template.metadata : {};
    const podSpec: any = isObject(template.spec) ? template.spec : {};
    const pod = { metadata, spec: podSpec };
    if (!Array.isArray(podSpec.containers)) podSpec.containers = [];
    let main = podSpec.containers.find((c: any) => nameOf(c) === container) ?? podSpec.containers.find(isObject);
    if (!main) {
      main = { name: container };
      podSpec.containers.unshift(main);
    }
    if (!main.name) main.name = container;

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
      return { role, pod };
    }

    // What the controller and Spark set on the Spark container.
    const image = shape.connect ? (main.image || spec.image) : (r.image ?? spec.image ?? main.image);
    if (image !== undefined) main.image = image;
    main.imagePullPolicy = (shape.connect ? conf['spark.kubernetes.container.image.pullPolicy'] : spec.imagePullPolicy) ?? 'IfNotPresent';
    const cores = r.cores ?? conf[`spark.${sparkRole}.cores`] ?? 1;
    const cpuRequest = r.coreRequest ?? conf[`spark.kubernetes.${sparkRole}.request.cores`] ?? cores;
    const cpuLimit = r.coreLimit ?? conf[`spark.kubernetes.${sparkRole}.limit.cores`];
    const memory = sparkMebibytes(r.memory ?? conf[`spark.${sparkRole}.memory`] ?? '1g');
    const factor = Number(spec.memoryOverheadFactor ?? conf[`spark.${sparkRole}.memoryOverheadFactor`] ?? conf['spark.kubernetes.memoryOverheadFactor'] ?? (nonJvm ? 0.4 : 0.1));
    const explicitOverhead = r.memoryOverhead ?? conf[`spark.${sparkRole}.memoryOverhead`];
    const overhead = explicitOverhead !== undefined ? sparkMebibytes(explicitOverhead) : Math.max(Math.floor(factor * memory), 384);
    const podMemory = `${memory + overhead}Mi`;
    const resources = isObject(main.resources) ? main.resources : {};
    main.resources = {
      ...resources,
      requests: { ...(isObject(resources.requests) ? resources.requests : {}), cpu: String(cpuRequest), memory: podMemory },
      limits: { ...(isObject(resources.limits) ? resources.limits : {}), ...(cpuLimit !== undefined ? { cpu: String(cpuLimit) } : {}), memory: podMemory },
    };
    // Service account: the template's, else the role's conf, else (executors) the driver's.
    if (!podSpec.serviceAccountName && !podSpec.serviceAccount) {
      const driverAccount = shape.connect ? conf['spark.kubernetes.authenticate.driver.serviceAccountName'] : spec.driver?.serviceAccount;
      const ownAccount = shape.connect ? conf[`spark.kubernetes.authenticate.${sparkRole}.serviceAccountName`] : r.serviceAccount;
      const account = ownAccount ?? (role === 'executor' ? driverAccount : undefined);
      if (account) podSpec.serviceAccountName = account;
    }
    podSpec.restartPolicy = 'Never';

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
    return { role, pod };
  });
}

/** Every pod spec of an object: workload templates and projected Spark pods. */
export function podSites(doc: any): PodSite[] {
  return [
    ...workloadPods(doc),
    ...projectSparkPods(doc).map(({ role, pod }) => ({ path: `[${role} pod]`, template: pod, role })),
  ];
}
