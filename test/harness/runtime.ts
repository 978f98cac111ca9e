/**
 * Rule 9, runtime: what the cluster will do with a document, not only what it is.
 * Each Spark pod is projected the way it will exist when it runs (the template,
 * plus what Spark adds from the configuration), and every pod must be able to
 * start and stay safe:
 *
 * - no two volumes with one name, no two mounts at one path, no two ports with
 *   one number or name (the API server rejects the pod);
 * - no Secret expanded onto a command line (`$(VAR)` of a Secret-backed or
 *   secret-like variable in command/args) and no secret material in args;
 * - every ConfigMap, Secret (and key), PersistentVolumeClaim and pull Secret a
 *   pod references is in the output or declared external (a typed reference
 *   such as `Secret.fromSecretName`, or the harness options);
 * - long-running daemons run the JVM as PID 1 (not under `start-*.sh`, whose
 *   bash ignores SIGTERM, nor under a `bash -c` line that starts one), unless
 *   the pod asks for no graceful stop at all (terminationGracePeriodSeconds 0,
 *   as the Apache operator's SparkCluster pods do);
 * - a standalone daemon with a read-only root filesystem has something
 *   writable mounted where it writes (daemonWriteFindings);
 * - nothing a HorizontalPodAutoscaler scales carries `replicas`.
 *
 * What Spark adds (Spark 4.0, resource-managers/kubernetes/core): the
 * configuration volume `spark-conf-volume-driver`/`-exec` at /opt/spark/conf
 * (Constants.scala), the driver's pod-template volume (PodTemplateConfigMapStep),
 * one `spark-local-dir-N` emptyDir per local directory unless the pod already
 * mounts such volumes (LocalDirsFeatureStep), the volumes declared as
 * `spark.kubernetes.<role>.volumes.<type>.<name>.*` (MountVolumesFeatureStep),
 * and on the driver the ports driver-rpc-port, blockmanager and spark-ui
 * (BasicDriverFeatureStep). The same for both operators' driver and executor
 * pods; the Apache operator's SparkCluster master and worker pods run as the
 * operator builds them (projection.ts projectClusterPods).
 */
import { isSparkResource, projectSparkPods, workloadPods } from './projection';
import { isEnvReference } from './secrets';
import { effectiveSparkConf, parseSparkDefaults } from './spark-conf';
import { Finding, isObject, RuleContext } from './types';

/** A pod as it will run, with where it came from. */
interface RuntimePod {
  readonly path: string;
  readonly spec: any;
  /** Spark pods get Spark's additions; other pods run as written. */
  readonly sparkRole?: 'driver' | 'executor';
  /** The Spark configuration that shapes it. */
  readonly conf?: { [key: string]: string };
  /** The main container's name, for Spark pods. */
  readonly container?: string;
  /** A long-running daemon (Deployment, StatefulSet, DaemonSet, the Apache operator's SparkCluster pods). */
  readonly daemon?: boolean;
}

const CONF_VOLUME = { driver: 'spark-conf-volume-driver', executor: 'spark-conf-volume-exec' };
const CONF_MOUNT = '/opt/spark/conf';
const DAEMON_SCRIPT = /(^|\/)(start-[a-z-]+\.sh|spark-daemon\.sh)$/;

function array(v: unknown): any[] {
  return Array.isArray(v) ? v : [];
}

function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v));
}

/** The main Spark container of a pod: the named one (the projection's), else spark-kubernetes-<role>, else the first. */
function mainContainer(spec: any, role: 'driver' | 'executor', name = `spark-kubernetes-${role}`): any {
  const containers = array(spec.containers);
  return containers.find((c) => c?.name === name) ?? containers[0];
}

/** Adds what Spark adds to a driver or executor pod. */
function addSparkParts(spec: any, role: 'driver' | 'executor', conf: { [key: string]: string }, container?: string): void {
  spec.volumes = array(spec.volumes);
  const main = mainContainer(spec, role, container);
  if (!main) return;
  main.volumeMounts = array(main.volumeMounts);
  main.ports = array(main.ports);
  spec.volumes.push({ name: CONF_VOLUME[role], configMap: { name: '<created by Spark>' } });
  main.volumeMounts.push({ name: CONF_VOLUME[role], mountPath: CONF_MOUNT });
  // Volumes declared in the configuration: spark.kubernetes.<role>.volumes.<type>.<name>.mount.path
  const declared = new RegExp(`^spark\\.kubernetes\\.${role}\\.volumes\\.([A-Za-z]+)\\.([^.]+)\\.mount\\.path$`);
  for (const [key, path] of Object.entries(conf)) {
    const m = declared.exec(key);
    if (!m) continue;
    spec.volumes.push({ name: m[2], [m[1]]: { declaredIn: key } });
    main.volumeMounts.push({ name: m[2], mountPath: path });
  }
  // Local directories: Spark adds its own only when the pod mounts no spark-local-dir-* volume.
  if (!main.volumeMounts.some((m: any) => String(m?.name).startsWith('spark-local-dir-'))) {
    const dirs = (conf['spark.local.dir'] ?? '/var/data/spark-local').split(',');
    dirs.forEach((dir, i) => {
      spec.volumes.push({ name: `spark-local-dir-${i + 1}`, emptyDir: {} });
      main.volumeMounts.push({ name: `spark-local-dir-${i + 1}`, mountPath: dir });
    });
  }
  if (role === 'driver') {
    main.ports.push(
      { name: 'driver-rpc-port', containerPort: Number(conf['spark.driver.port'] ?? 7078) },
      { name: 'blockmanager', containerPort: Number(conf['spark.driver.blockManager.port'] ?? conf['spark.blockManager.port'] ?? 7079) },
      { name: 'spark-ui', containerPort: Number(conf['spark.ui.port'] ?? 4040) },
    );
  }
}

/** The pod templates a spark-submit ConfigMap holds, and the configuration beside them. */
function templateFiles(docs: any[], doc: any): { conf: { [key: string]: string }; driver?: any; executor?: any } | undefined {
  const conf = effectiveSparkConf(docs, doc);
  if (!conf) return undefined;
  const file = (key: string) => {
    const path = conf[key];
    if (!path) return undefined;
    const name = path.slice(path.lastIndexOf('/') + 1);
    const cm = docs.find((d) => d?.kind === 'ConfigMap' && d.metadata?.namespace === doc.metadata?.namespace && typeof d.data?.[name] === 'string');
    try {
      return cm ? JSON.parse(cm.data[name]) : undefined;
    } catch {
      return undefined;
    }
  };
  return { conf, driver: file('spark.kubernetes.driver.podTemplateFile'), executor: file('spark.kubernetes.executor.podTemplateFile') };
}

/** Every pod of a document as it will run. */
export function runtimePods(docs: any[], doc: any): RuntimePod[] {
  const daemon = ['Deployment', 'StatefulSet', 'DaemonSet'].includes(doc.kind);
  const pods: RuntimePod[] = workloadPods(doc).map((site) => ({ path: site.path, spec: site.template?.spec ?? {}, daemon }));
  const conf = effectiveSparkConf(docs, doc);
  if (isSparkResource(doc)) {
    for (const { role, pod, container } of projectSparkPods(doc)) {
      const spec = clone(pod.spec ?? {});
      // The Kubeflow operator builds a SparkConnect server pod from its template as is, the Apache
      // operator its SparkCluster master and worker pods (StatefulSets); Spark builds the rest.
      if (role !== 'driver' && role !== 'executor') {
        pods.push({ path: `[${role} pod]`, spec, container, daemon: role === 'master' || role === 'worker' });
        continue;
      }
      addSparkParts(spec, role, conf ?? {}, container);
      pods.push({ path: `[${role} pod]`, spec, sparkRole: role, conf, container });
    }
    return pods;
  }
  const files = templateFiles(docs, doc);
  for (const role of ['driver', 'executor'] as const) {
    const template = files?.[role];
    if (!template) continue;
    const spec = clone(template.spec ?? {});
    addSparkParts(spec, role, files!.conf);
    pods.push({ path: `[${role} pod]`, spec, sparkRole: role, conf: files!.conf });
  }
  return pods;
}

/** Names of the variables of a container that come from a Secret. */
function secretVariables(container: any): Set<string> {
  return new Set(array(container?.env).filter((e) => e?.valueFrom?.secretKeyRef).map((e) => e.name));
}

const SECRET_NAME = /secret|password|passwd|token|access[._-]?key|account[._-]?key|private[._-]?key/i;
const SECRET_MATERIAL = [/-----BEGIN ([A-Z0-9]+ )*PRIVATE KEY/, /(^|[^A-Z0-9])(AKIA|ASIA)[0-9A-Z]{16}($|[^A-Z0-9])/, /:\/\/[^/\s:@]+:[^/\s@]+@/];

/** `$(NAME)` references the kubelet expands (`$$` stays a literal `$`). */
function references(s: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < s.length - 1; i++) {
    if (s[i] !== '$') continue;
    if (s[i + 1] === '$') {
      i++;
    } else if (s[i + 1] === '(') {
      const close = s.indexOf(')', i + 2);
      if (close < 0) break;
      out.push(s.slice(i + 2, close));
      i = close;
    }
  }
  return out;
}

/** A pod that cannot start, or leaks a secret onto a command line. */
function podFindings(pod: RuntimePod): Finding[] {
  const out: Finding[] = [];
  const spec = pod.spec;
  const seen = new Set<string>();
  array(spec.volumes).forEach((v, i) => {
    if (seen.has(v?.name)) out.push({ path: `${pod.path}/spec/volumes/${i}`, message: `two volumes are named ${JSON.stringify(v?.name)}; the API server rejects the pod` });
    seen.add(v?.name);
  });
  for (const [kind, containers] of [['containers', array(spec.containers)], ['initContainers', array(spec.initContainers)]] as const) {
    containers.forEach((c: any, i: number) => {
      const at = `${pod.path}/spec/${kind}/${i}`;
      const paths = new Set<string>();
      array(c?.volumeMounts).forEach((m, j) => {
        const path = String(m?.mountPath ?? '').replace(/\/+$/, '') || '/';
        if (paths.has(path)) out.push({ path: `${at}/volumeMounts/${j}`, message: `two mounts at ${path}; the API server rejects the pod` });
        paths.add(path);
        if (!array(spec.volumes).some((v) => v?.name === m?.name)) out.push({ path: `${at}/volumeMounts/${j}`, message: `mounts the volume ${JSON.stringify(m?.name)}, which the pod does not have` });
      });
      const numbers = new Set<string>();
      const names = new Set<string>();
      array(c?.ports).forEach((p, j) => {
        const number = `${p?.containerPort}/${p?.protocol ?? 'TCP'}`;
        if (numbers.has(number)) out.push({ path: `${at}/ports/${j}`, message: `port ${p?.containerPort} is declared twice` });
        if (p?.name && names.has(p.name)) out.push({ path: `${at}/ports/${j}`, message: `port name ${JSON.stringify(p.name)} is declared twice` });
        numbers.add(number);
        if (p?.name) names.add(p.name);
      });
      const fromSecrets = secretVariables(c);
      [...array(c?.command).map((a, j) => [`command/${j}`, a]), ...array(c?.args).map((a, j) => [`args/${j}`, a])].forEach(([where, arg]) => {
        if (typeof arg !== 'string') return;
        for (const name of references(arg)) {
          if (fromSecrets.has(name) || SECRET_NAME.test(name)) {
            out.push({ path: `${at}/${where}`, message: `expands $(${name})${fromSecrets.has(name) ? ', a Secret\'s value,' : ''} onto the command line, where every process on the node can read it` });
          }
        }
        if (SECRET_MATERIAL.some((p) => p.test(arg))) out.push({ path: `${at}/${where}`, message: 'holds secret material on the command line' });
      });
    });
  }
  return out;
}

/** The command line of a container: command and args, or the args alone (the Spark images' entrypoint passes them through with exec). */
function argv(c: any): string[] {
  return [...array(c?.command), ...array(c?.args)].filter((a): a is string => typeof a === 'string');
}

/** The script of a `bash -c '...'` (or sh, dash) command line, or undefined. */
function shellScript(words: string[]): string | undefined {
  if (!/(^|\/)(ba|da)?sh$/.test(words[0] ?? '')) return undefined;
  const i = words.indexOf('-c', 1);
  return i >= 0 ? words[i + 1] : undefined;
}

/** The start script a `bash -c` line runs (`/opt/spark/sbin/start-master.sh && ...`), or undefined. */
function scriptInShell(script: string | undefined): string | undefined {
  return script?.split(/[\s;&|()]+/).find((word) => DAEMON_SCRIPT.test(word));
}

/**
 * A long-running daemon whose PID 1 is a start script's bash, which ignores SIGTERM: the start
 * script itself, or a `bash -c` line that runs one (bash stays PID 1: it only execs a lone simple
 * command, and `start-*.sh && while ...` is not one). A pod with terminationGracePeriodSeconds 0
 * asks for no graceful stop whatever runs as PID 1 (the kubelet kills it at once), so this check,
 * which is about getting one, does not apply there: the Apache operator sets 0 on its SparkCluster
 * pods (SparkClusterResourceSpec.java L241, L323 at 1.0.0).
 */
function daemonFindings(pods: RuntimePod[]): Finding[] {
  const out: Finding[] = [];
  for (const pod of pods) {
    if (!pod.daemon || pod.spec?.terminationGracePeriodSeconds === 0) continue;
    array(pod.spec?.containers).forEach((c, i) => {
      const words = argv(c);
      const first = words[0] ?? '';
      const underShell = scriptInShell(shellScript(words));
      if (DAEMON_SCRIPT.test(first)) {
        out.push({ path: `${pod.path}/spec/containers/${i}/command`, message: `runs ${first} as PID 1: its bash ignores SIGTERM, so the JVM is killed without a clean stop; run the JVM itself (spark-class) or put tini in front` });
      } else if (underShell) {
        out.push({ path: `${pod.path}/spec/containers/${i}/command`, message: `runs ${underShell} under \`${first} -c\`, which stays PID 1 and ignores SIGTERM, so the JVM is killed without a clean stop; run the JVM itself (spark-class) or put tini in front` });
      }
    });
  }
  return out;
}

/** The literal value of a container's environment variable. */
function envValue(c: any, name: string): string | undefined {
  const e = array(c?.env).filter((x) => x?.name === name).pop();
  return typeof e?.value === 'string' && e.value !== '' ? e.value : undefined;
}

/** Volume types the kubelet mounts read-only whatever the mount says. */
const READ_ONLY_VOLUMES = ['configMap', 'secret', 'downwardAPI', 'projected'];

/**
 * Where a Spark standalone daemon writes, when the container runs one:
 * - through sbin/spark-daemon.sh (start-master.sh, start-worker.sh, any start-*.sh): its log
 *   directory SPARK_LOG_DIR (default $SPARK_HOME/logs) and pid directory SPARK_PID_DIR (default
 *   /tmp); a start script that cannot write them launches nothing (spark-daemon.sh `mkdir -p`,
 *   the `>> "$log"` redirection of the daemon, `echo $newpid > $pid`);
 * - a Worker (start-worker.sh or spark-class ...deploy.worker.Worker): its work directory
 *   SPARK_WORKER_DIR (default $SPARK_HOME/work; WorkerArguments, Worker.workDir) with the
 *   executors' output, and its local directories SPARK_LOCAL_DIRS (default java.io.tmpdir, /tmp)
 *   with their shuffle and spill files.
 * $SPARK_HOME is /opt/spark in the apache/spark images unless the container sets it.
 */
function daemonWrites(c: any): { dir: string; what: string }[] {
  const words = argv(c);
  const line = [...words, shellScript(words) ?? ''].join(' ');
  const home = (envValue(c, 'SPARK_HOME') ?? '/opt/spark').replace(/\/+$/, '');
  const out: { dir: string; what: string }[] = [];
  if (/(^|[\s/])(start-[a-z-]+\.sh|spark-daemon\.sh)(\s|$)/.test(line)) {
    out.push({ dir: envValue(c, 'SPARK_LOG_DIR') ?? `${home}/logs`, what: 'SPARK_LOG_DIR, where spark-daemon.sh writes the daemon\'s log' });
    out.push({ dir: envValue(c, 'SPARK_PID_DIR') ?? '/tmp', what: 'SPARK_PID_DIR, where spark-daemon.sh writes the pid file' });
  }
  if (/(^|[\s/])start-(worker|slave)\.sh(\s|$)|org\.apache\.spark\.deploy\.worker\.Worker(\s|$)/.test(line)) {
    out.push({ dir: envValue(c, 'SPARK_WORKER_DIR') ?? `${home}/work`, what: 'the worker directory (SPARK_WORKER_DIR), where the executors\' output goes' });
    for (const dir of (envValue(c, 'SPARK_LOCAL_DIRS') ?? '/tmp').split(',')) {
      out.push({ dir: dir.trim(), what: 'a local directory (SPARK_LOCAL_DIRS), where the executors\' shuffle and spill files go' });
    }
  }
  return out;
}

/** A standalone daemon with a read-only root filesystem must have a writable volume mounted where it writes. */
function daemonWriteFindings(pod: RuntimePod): Finding[] {
  const out: Finding[] = [];
  const volumes = array(pod.spec?.volumes);
  array(pod.spec?.containers).forEach((c, i) => {
    if (c?.securityContext?.readOnlyRootFilesystem !== true) return;
    const writable = array(c.volumeMounts).filter((m) => {
      const volume = volumes.find((v) => v?.name === m?.name);
      return m?.readOnly !== true && volume && !READ_ONLY_VOLUMES.some((type) => type in volume);
    }).map((m) => String(m.mountPath ?? '').replace(/\/+$/, ''));
    const seen = new Set<string>();
    for (const { dir, what } of daemonWrites(c)) {
      const path = dir.replace(/\/+$/, '') || '/';
      if (seen.has(path)) continue;
      seen.add(path);
      if (!writable.some((m) => m !== '' && (path === m || path.startsWith(`${m}/`)))) {
        out.push({ path: `${pod.path}/spec/containers/${i}/volumeMounts`, message: `container ${c.name}: the root filesystem is read-only and nothing writable is mounted at ${path} (${what}); mount an emptyDir there` });
      }
    }
  });
  return out;
}

/** A workload a HorizontalPodAutoscaler scales must leave `replicas` to it. */
function autoscalerFindings(doc: any, docs: any[]): Finding[] {
  if (doc.kind !== 'HorizontalPodAutoscaler') return [];
  const ref = doc.spec?.scaleTargetRef ?? {};
  const target = docs.find((d) => d?.kind === ref.kind && d.metadata?.name === ref.name && d.metadata?.namespace === doc.metadata?.namespace);
  if (target && target.spec?.replicas !== undefined) {
    return [{ path: '/spec/scaleTargetRef', message: `scales ${ref.kind}/${ref.name}, which sets spec.replicas: every apply resets the autoscaler` }];
  }
  return [];
}

/** What a pod refers to by name, with where. */
function podReferences(pod: RuntimePod): { kind: string; name: string; key?: string; path: string }[] {
  const out: { kind: string; name: string; key?: string; path: string }[] = [];
  const spec = pod.spec;
  array(spec.volumes).forEach((v, i) => {
    const at = `${pod.path}/spec/volumes/${i}`;
    if (v?.configMap?.name && !v.configMap.optional && v.configMap.name !== '<created by Spark>') out.push({ kind: 'ConfigMap', name: v.configMap.name, path: at });
    if (v?.secret?.secretName && !v.secret.optional) out.push({ kind: 'Secret', name: v.secret.secretName, path: at });
    if (v?.persistentVolumeClaim?.claimName) out.push({ kind: 'PersistentVolumeClaim', name: v.persistentVolumeClaim.claimName, path: at });
  });
  array(spec.imagePullSecrets).forEach((s, i) => s?.name && out.push({ kind: 'Secret', name: s.name, path: `${pod.path}/spec/imagePullSecrets/${i}` }));
  for (const kind of ['containers', 'initContainers']) {
    array(spec[kind]).forEach((c, i) => {
      const at = `${pod.path}/spec/${kind}/${i}`;
      array(c?.env).forEach((e, j) => {
        const s = e?.valueFrom?.secretKeyRef;
        const m = e?.valueFrom?.configMapKeyRef;
        if (s?.name && !s.optional) out.push({ kind: 'Secret', name: s.name, key: s.key, path: `${at}/env/${j}` });
        if (m?.name && !m.optional) out.push({ kind: 'ConfigMap', name: m.name, key: m.key, path: `${at}/env/${j}` });
      });
      array(c?.envFrom).forEach((e, j) => {
        if (e?.secretRef?.name && !e.secretRef.optional) out.push({ kind: 'Secret', name: e.secretRef.name, path: `${at}/envFrom/${j}` });
        if (e?.configMapRef?.name && !e.configMapRef.optional) out.push({ kind: 'ConfigMap', name: e.configMapRef.name, path: `${at}/envFrom/${j}` });
      });
    });
  }
  return out;
}

/** ConfigMaps, Secrets and claims a pod needs must exist in the output or be declared external. */
function referenceFindings(doc: any, pods: RuntimePod[], { docs, options }: RuleContext): Finding[] {
  const ns = doc.metadata?.namespace;
  const external: { [kind: string]: string[] } = {
    ConfigMap: options.externalConfigMaps ?? [],
    Secret: options.externalSecrets ?? [],
    PersistentVolumeClaim: options.externalPersistentVolumeClaims ?? [],
  };
  const out: Finding[] = [];
  for (const pod of pods) {
    for (const ref of podReferences(pod)) {
      const found = docs.find((d) => isObject(d) && d.kind === ref.kind && d.apiVersion === 'v1' && d.metadata?.name === ref.name && d.metadata?.namespace === ns);
      if (!found) {
        if (!external[ref.kind].includes(`${ns}/${ref.name}`) && !external[ref.kind].includes(`*/${ref.name}`)) {
          out.push({ path: ref.path, message: `${ref.kind} ${ns}/${ref.name} is neither in the output nor declared external` });
        }
      } else if (ref.key !== undefined && !(ref.key in { ...found.data, ...found.stringData, ...found.binaryData })) {
        out.push({ path: ref.path, message: `${ref.kind} ${ns}/${ref.name} has no key ${JSON.stringify(ref.key)}` });
      }
    }
  }
  return out;
}

/** Every runtime finding of one document. */
export function runtimeFindings(doc: any, context: RuleContext): Finding[] {
  const pods = runtimePods(context.docs, doc);
  return [
    ...pods.flatMap(podFindings),
    ...daemonFindings(pods),
    ...pods.flatMap(daemonWriteFindings),
    ...autoscalerFindings(doc, context.docs),
    ...referenceFindings(doc, pods, context),
    ...configMapSecretFindings(doc),
  ];
}

/** A spark-defaults.conf in a ConfigMap must not carry a secret key's literal value (it is stored unencrypted). */
function configMapSecretFindings(doc: any): Finding[] {
  if (doc.kind !== 'ConfigMap' || doc.apiVersion !== 'v1') return [];
  const out: Finding[] = [];
  for (const [file, text] of Object.entries(doc.data ?? {})) {
    if (typeof text !== 'string' || !file.endsWith('.conf')) continue;
    for (const [key, value] of Object.entries(parseSparkDefaults(text))) {
      if (/\.secret$|password$/i.test(key) && value !== '' && !isEnvReference(value)) out.push({ path: `/data/${file}`, message: `${key} holds a literal secret in a ConfigMap` });
    }
  }
  return out;
}
