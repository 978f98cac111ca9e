/**
 * Pod Security Standard "restricted" (plus the pod hygiene of security.md §9) on every pod
 * spec, and the projection of the driver/executor pods the Spark operator and Spark create
 * from a custom resource.
 */

export const WRITABLE_ROOT_ANNOTATION = 'spark.cdk8s.io/writable-root-filesystem';

const ALLOWED_VOLUME_TYPES = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret'];
const SAFE_SYSCTLS = ['kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.ip_unprivileged_port_start', 'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range'];
const IANA_SVC_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

/** Bytes of a Kubernetes memory quantity, or NaN. */
export function quantityBytes(q: string | number | undefined): number {
  if (q === undefined) return NaN;
  const m = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|Pi|k|M|G|T|P|m)?$/.exec(String(q));
  if (!m) return NaN;
  const f: { [u: string]: number } = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, m: 1e-3 };
  return Number(m[1]) * (m[2] ? f[m[2]] : 1);
}

/** Spark byte string (`512m`, `4g`) in bytes, or NaN. */
function sparkBytes(s: string | undefined): number {
  const m = /^(\d+)([kmgtp])b?$/i.exec(s ?? '');
  if (!m) return NaN;
  return Number(m[1]) * 1024 ** ('kmgtp'.indexOf(m[2].toLowerCase()) + 1);
}

function clone<T>(v: T): T {
  return v === undefined ? v : JSON.parse(JSON.stringify(v));
}

/** The pods the operator (controller + pod webhook) and Spark create for a Spark custom resource. */
export function projectSparkPods(doc: any): { role: string; pod: any }[] {
  let spec: any;
  let roles: { role: string; container: string }[];
  if (doc.kind === 'SparkApplication') {
    spec = doc.spec;
    roles = [{ role: 'driver', container: 'spark-kubernetes-driver' }, { role: 'executor', container: 'spark-kubernetes-executor' }];
  } else if (doc.kind === 'ScheduledSparkApplication') {
    spec = doc.spec?.template;
    roles = [{ role: 'driver', container: 'spark-kubernetes-driver' }, { role: 'executor', container: 'spark-kubernetes-executor' }];
  } else if (doc.kind === 'SparkConnect') {
    spec = doc.spec;
    roles = [{ role: 'server', container: 'spark-kubernetes-driver' }, { role: 'executor', container: 'spark-kubernetes-executor' }];
  } else {
    return [];
  }
  if (!spec) return [];
  const nonJvm = spec.type === 'Python' || spec.type === 'R';
  const factor = Number(spec.memoryOverheadFactor ?? (nonJvm ? 0.4 : 0.1));
  return roles.map(({ role, container }) => {
    const r = spec[role] ?? {};
    const template = clone(r.template) ?? {};
    const pod: any = { metadata: template.metadata ?? {}, spec: template.spec ?? {} };
    const podSpec = pod.spec;
    podSpec.containers = podSpec.containers ?? [];
    let main = podSpec.containers.find((c: any) => c.name === container) ?? podSpec.containers[0];
    if (!main) {
      main = { name: container };
      podSpec.containers.unshift(main);
    }
    // What the controller and Spark set on the Spark container.
    main.image = r.image ?? spec.image ?? main.image;
    main.imagePullPolicy = spec.imagePullPolicy ?? main.imagePullPolicy;
    const memory = sparkBytes(r.memory ?? '1g');
    const overhead = r.memoryOverhead ? sparkBytes(r.memoryOverhead) : Math.max(384 * 2 ** 20, Math.floor(factor * memory / 2 ** 20) * 2 ** 20);
    const podMemory = `${Math.round((memory + overhead) / 2 ** 20)}Mi`;
    main.resources = {
      requests: { cpu: String(r.coreRequest ?? r.cores ?? 1), memory: podMemory },
      limits: { ...(r.coreLimit ? { cpu: String(r.coreLimit) } : {}), memory: podMemory },
    };
    // Executors fall back to the driver's service account (Spark >= 3.1).
    const account = role === 'executor' ? (r.serviceAccount ?? spec.driver?.serviceAccount) : r.serviceAccount;
    if (account && !podSpec.serviceAccountName) podSpec.serviceAccountName = account;
    podSpec.restartPolicy = 'Never';
    // What the operator's pod webhook applies when it runs, so nothing dangerous hides there.
    if (r.securityContext) main.securityContext = { ...main.securityContext, ...r.securityContext };
    if (r.podSecurityContext) podSpec.securityContext = { ...podSpec.securityContext, ...r.podSecurityContext };
    if (r.sidecars) podSpec.containers.push(...clone(r.sidecars));
    if (r.initContainers) podSpec.initContainers = [...(podSpec.initContainers ?? []), ...clone(r.initContainers)];
    if (r.hostNetwork !== undefined) podSpec.hostNetwork = r.hostNetwork;
    if (r.env) main.env = [...(main.env ?? []), ...clone(r.env)];
    if (r.ports) main.ports = [...(main.ports ?? []), ...clone(r.ports)];
    for (const mount of r.volumeMounts ?? []) {
      const volume = (spec.volumes ?? []).find((v: any) => v.name === mount.name);
      if (volume && !(podSpec.volumes ?? []).some((v: any) => v.name === volume.name)) {
        podSpec.volumes = [...(podSpec.volumes ?? []), clone(volume)];
      }
    }
    return { role, pod };
  });
}

function allContainers(spec: any): any[] {
  return [...(spec.containers ?? []), ...(spec.initContainers ?? []), ...(spec.ephemeralContainers ?? [])];
}

/** Restricted-profile and hygiene violations of one pod (template), as `path: message`. */
export function podViolations(pod: any, at: string): string[] {
  const out: string[] = [];
  const spec = pod.spec ?? {};
  const psc = spec.securityContext ?? {};
  const annotations = pod.metadata?.annotations ?? {};
  const add = (p: string, m: string) => out.push(`${at}${p}: ${m}`);

  for (const host of ['hostNetwork', 'hostPID', 'hostIPC']) {
    if (spec[host] === true) add(`/spec/${host}`, `${host} is forbidden (baseline)`);
  }
  (spec.volumes ?? []).forEach((v: any, i: number) => {
    const type = Object.keys(v).find((k) => k !== 'name');
    if (!type || !ALLOWED_VOLUME_TYPES.includes(type)) add(`/spec/volumes/${i}`, `volume type ${type} is not allowed (restricted)`);
  });
  for (const s of psc.sysctls ?? []) {
    if (!SAFE_SYSCTLS.includes(s.name)) add('/spec/securityContext/sysctls', `sysctl ${s.name} is not safe (baseline)`);
  }
  if (psc.seLinuxOptions?.user || psc.seLinuxOptions?.role) add('/spec/securityContext/seLinuxOptions', 'seLinux user/role must be unset (baseline)');
  if (psc.seccompProfile?.type === 'Unconfined') add('/spec/securityContext/seccompProfile', 'seccomp Unconfined is forbidden (baseline)');
  if (psc.runAsUser === 0) add('/spec/securityContext/runAsUser', 'runAsUser 0 is forbidden (restricted)');
  if (psc.runAsGroup === 0) add('/spec/securityContext/runAsGroup', 'runAsGroup 0 is forbidden');
  if (psc.fsGroup === 0) add('/spec/securityContext/fsGroup', 'fsGroup 0 is forbidden');

  const containers = allContainers(spec);
  const podSeccomp = ['RuntimeDefault', 'Localhost'].includes(psc.seccompProfile?.type);
  containers.forEach((c: any) => {
    const cp = `/spec/containers[${c.name}]`;
    const sc = c.securityContext ?? {};
    if (sc.privileged === true) add(cp, 'privileged is forbidden (baseline)');
    if (sc.allowPrivilegeEscalation !== false) add(cp, 'allowPrivilegeEscalation must be false (restricted)');
    if (!(sc.capabilities?.drop ?? []).includes('ALL')) add(cp, 'capabilities must drop ALL (restricted)');
    const added = (sc.capabilities?.add ?? []).filter((cap: string) => cap !== 'NET_BIND_SERVICE');
    if (added.length) add(cp, `capabilities may only add NET_BIND_SERVICE, got ${added.join(',')} (restricted)`);
    if (sc.procMount && sc.procMount !== 'Default') add(cp, 'procMount must be Default (baseline)');
    if (sc.seLinuxOptions?.user || sc.seLinuxOptions?.role) add(cp, 'seLinux user/role must be unset (baseline)');
    if (sc.seccompProfile?.type === 'Unconfined') add(cp, 'seccomp Unconfined is forbidden (baseline)');
    if (!podSeccomp && !['RuntimeDefault', 'Localhost'].includes(sc.seccompProfile?.type)) add(cp, 'seccompProfile must be RuntimeDefault or Localhost (restricted)');
    const nonRoot = sc.runAsNonRoot ?? psc.runAsNonRoot;
    if (nonRoot !== true) add(cp, 'runAsNonRoot must be true (restricted)');
    const uid = sc.runAsUser ?? psc.runAsUser;
    if (typeof uid !== 'number' || uid === 0) add(cp, 'needs a numeric non-zero runAsUser (the kubelet cannot verify a named image user)');
    if (sc.runAsGroup === 0) add(cp, 'runAsGroup 0 is forbidden');
    if (sc.readOnlyRootFilesystem !== true && !annotations[WRITABLE_ROOT_ANNOTATION]) {
      add(cp, `readOnlyRootFilesystem must be true (or the pod must carry the ${WRITABLE_ROOT_ANNOTATION} annotation)`);
    }
    for (const probe of [c.livenessProbe, c.readinessProbe, c.startupProbe, c.lifecycle?.postStart, c.lifecycle?.preStop]) {
      if (probe?.httpGet?.host || probe?.tcpSocket?.host) add(cp, 'probe/lifecycle host must be unset (baseline)');
    }
    // Resources: a CPU request, memory request == limit.
    const req = c.resources?.requests ?? {};
    const lim = c.resources?.limits ?? {};
    if (req.cpu === undefined) add(cp, 'needs a CPU request');
    if (lim.memory === undefined || quantityBytes(req.memory ?? lim.memory) !== quantityBytes(lim.memory)) add(cp, 'needs a memory limit equal to its memory request');
    if (lim.cpu !== undefined && req.cpu !== undefined && quantityBytes(lim.cpu) < quantityBytes(req.cpu)) add(cp, 'CPU limit is below the request');
    // Image.
    const image: string = c.image ?? '';
    const noDigest = image.split('@')[0];
    const lastSlash = noDigest.lastIndexOf('/');
    const colon = noDigest.indexOf(':', lastSlash + 1);
    const repo = colon >= 0 ? noDigest.slice(0, colon) : noDigest;
    const tag = colon >= 0 ? noDigest.slice(colon + 1) : undefined;
    if (!image) add(cp, 'has no image');
    else if (!image.includes('@') && (tag === undefined || tag === 'latest')) add(cp, `image ${image} must pin a tag other than latest or a digest`);
    if (repo !== repo.toLowerCase()) add(cp, `image repository ${repo} must be lower-case`);
    if (!c.imagePullPolicy) add(cp, 'imagePullPolicy must be set explicitly');
    // Env and ports.
    const envNames = (c.env ?? []).map((e: any) => e.name);
    const dupEnv = envNames.filter((n: string, i: number) => envNames.indexOf(n) !== i);
    if (dupEnv.length) add(cp, `duplicate env ${dupEnv.join(',')}`);
    const portNames: string[] = [];
    const portNumbers: number[] = [];
    for (const p of c.ports ?? []) {
      if (p.hostPort) add(cp, 'hostPort is forbidden (baseline)');
      if (p.name !== undefined) {
        if (p.name.length > 15 || !IANA_SVC_NAME.test(p.name) || p.name.includes('--') || !/[a-z]/.test(p.name)) add(cp, `port name ${p.name} is not an IANA_SVC_NAME`);
        if (portNames.includes(p.name)) add(cp, `duplicate port name ${p.name}`);
        portNames.push(p.name);
      }
      if (!(p.containerPort >= 1 && p.containerPort <= 65535)) add(cp, `port ${p.containerPort} out of range`);
      if (portNumbers.includes(p.containerPort)) add(cp, `duplicate port ${p.containerPort}`);
      portNumbers.push(p.containerPort);
    }
  });
  if (spec.automountServiceAccountToken !== false && (!spec.serviceAccountName || spec.serviceAccountName === 'default')) {
    add('/spec', 'mounts a service-account token but names no dedicated serviceAccountName');
  }
  return out;
}
