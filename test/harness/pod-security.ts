/**
 * Rule 3, Pod Security Standard "restricted" plus pod hygiene (security.md §1.1, §1.2, §9 items
 * 10–21) on every pod spec: workload templates and the projected Spark pods.
 */
import { podSites } from './projection';
import { quantityValue } from './quantity';
import { Finding, isObject } from './types';

/** Pod template annotation that exempts a pod from readOnlyRootFilesystem; its value is the reason. */
export const WRITABLE_ROOT_ANNOTATION = 'spark.cdk8s.io/writable-root-filesystem';

const ALLOWED_VOLUME_TYPES = new Set(['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret']);
/** Baseline's safe sysctls (Kubernetes 1.29+). */
const SAFE_SYSCTLS = new Set(['kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.ip_unprivileged_port_start', 'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range', 'net.ipv4.ip_local_reserved_ports', 'net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes']);
const SELINUX_TYPES = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t']);
const SECCOMP_OK = new Set(['RuntimeDefault', 'Localhost']);

/** Whether a port name is a valid IANA_SVC_NAME. */
export function isIanaSvcName(name: unknown): boolean {
  return typeof name === 'string' && name.length >= 1 && name.length <= 15 && /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(name)
    && !name.includes('--') && /[a-z]/.test(name);
}

/** Repository, tag and digest of an image reference. */
export function parseImage(image: string): { repository: string; tag?: string; digest?: string } {
  const [named, digest] = image.split('@');
  const slash = named.lastIndexOf('/');
  const colon = named.indexOf(':', slash + 1);
  return colon >= 0 ? { repository: named.slice(0, colon), tag: named.slice(colon + 1), digest } : { repository: named, digest };
}

function list(v: unknown): any[] {
  return Array.isArray(v) ? v : [];
}

/** Restricted and hygiene findings of one pod (`{ metadata, spec }`), paths below `at`. */
export function podFindings(template: any, at: string): Finding[] {
  const out: Finding[] = [];
  const add = (p: string, message: string) => out.push({ path: `${at}${p}`, message });
  const spec: any = isObject(template?.spec) ? template.spec : {};
  const psc: any = isObject(spec.securityContext) ? spec.securityContext : {};
  const annotations: any = isObject(template?.metadata?.annotations) ? template.metadata.annotations : {};

  for (const host of ['hostNetwork', 'hostPID', 'hostIPC']) {
    if (spec[host] === true) add(`/spec/${host}`, `${host} is forbidden (baseline)`);
  }
  list(spec.volumes).forEach((v, i) => {
    const type = isObject(v) ? Object.keys(v).find((k) => k !== 'name') : undefined;
    if (!type || !ALLOWED_VOLUME_TYPES.has(type)) add(`/spec/volumes/${i}`, `volume ${v?.name} of type ${type} is not allowed (restricted allows ${[...ALLOWED_VOLUME_TYPES].join(', ')})`);
  });
  list(psc.sysctls).forEach((s, i) => {
    if (!SAFE_SYSCTLS.has(s?.name)) add(`/spec/securityContext/sysctls/${i}`, `sysctl ${s?.name} is not in the safe set (baseline)`);
  });
  const checkContext = (sc: any, p: string, where: string) => {
    if (sc.seLinuxOptions?.user || sc.seLinuxOptions?.role) add(`${p}/seLinuxOptions`, `${where}: seLinuxOptions user/role must be unset (baseline)`);
    if (sc.seLinuxOptions?.type !== undefined && !SELINUX_TYPES.has(sc.seLinuxOptions.type)) add(`${p}/seLinuxOptions/type`, `${where}: seLinux type ${sc.seLinuxOptions.type} is not allowed (baseline)`);
    if (sc.seccompProfile?.type === 'Unconfined') add(`${p}/seccompProfile/type`, `${where}: seccomp Unconfined is forbidden (baseline)`);
    if (sc.appArmorProfile?.type === 'Unconfined') add(`${p}/appArmorProfile/type`, `${where}: AppArmor Unconfined is forbidden (baseline)`);
    if (sc.windowsOptions?.hostProcess === true) add(`${p}/windowsOptions/hostProcess`, `${where}: hostProcess is forbidden (baseline)`);
    if (sc.runAsUser === 0) add(`${p}/runAsUser`, `${where}: runAsUser 0 is forbidden (restricted)`);
    if (sc.runAsGroup === 0) add(`${p}/runAsGroup`, `${where}: runAsGroup 0 is forbidden`);
  };
  checkContext(psc, '/spec/securityContext', 'pod');
  if (psc.fsGroup === 0) add('/spec/securityContext/fsGroup', 'pod: fsGroup 0 is forbidden');
  if (list(psc.supplementalGroups).includes(0)) add('/spec/securityContext/supplementalGroups', 'pod: supplementalGroups must not contain 0');
  for (const [key, value] of Object.entries(annotations)) {
    if (key.startsWith('container.apparmor.security.beta.kubernetes.io/') && value === 'unconfined') add('/metadata/annotations', `AppArmor annotation ${key} is unconfined (baseline)`);
  }
  const writableRoot = typeof annotations[WRITABLE_ROOT_ANNOTATION] === 'string' && annotations[WRITABLE_ROOT_ANNOTATION].trim() !== '';
  const podSeccomp = SECCOMP_OK.has(psc.seccompProfile?.type);

  const groups: [string, any[]][] = [['containers', list(spec.containers)], ['initContainers', list(spec.initContainers)], ['ephemeralContainers', list(spec.ephemeralContainers)]];
  for (const [field, containers] of groups) {
    containers.forEach((c, i) => {
      if (!isObject(c)) return;
      const cp = `/spec/${field}/${i}`;
      const who = `container ${c.name}`;
      const sc: any = isObject(c.securityContext) ? c.securityContext : {};
      const scp = `${cp}/securityContext`;
      checkContext(sc, scp, who);
      if (sc.privileged === true) add(`${scp}/privileged`, `${who}: privileged is forbidden (baseline)`);
      if (sc.allowPrivilegeEscalation !== false) add(`${scp}/allowPrivilegeEscalation`, `${who}: allowPrivilegeEscalation must be false (restricted)`);
      if (!list(sc.capabilities?.drop).includes('ALL')) add(`${scp}/capabilities/drop`, `${who}: capabilities.drop must contain ALL (restricted)`);
      const added = list(sc.capabilities?.add).filter((cap) => cap !== 'NET_BIND_SERVICE');
      if (added.length > 0) add(`${scp}/capabilities/add`, `${who}: capabilities.add may only contain NET_BIND_SERVICE, got ${added.join(', ')} (restricted)`);
      if (sc.procMount !== undefined && sc.procMount !== 'Default') add(`${scp}/procMount`, `${who}: procMount must be Default (baseline)`);
      if (!podSeccomp && !SECCOMP_OK.has(sc.seccompProfile?.type)) add(`${scp}/seccompProfile`, `${who}: seccompProfile must be RuntimeDefault or Localhost, at pod level or on every container (restricted)`);
      if ((sc.runAsNonRoot ?? psc.runAsNonRoot) !== true) add(`${scp}/runAsNonRoot`, `${who}: runAsNonRoot must be true, at pod level or on every container (restricted)`);
      const uid = sc.runAsUser ?? psc.runAsUser;
      if (typeof uid !== 'number' || uid === 0) add(`${scp}/runAsUser`, `${who}: needs a numeric non-zero runAsUser (pod or container), the kubelet cannot verify a named image user`);
      if (sc.readOnlyRootFilesystem !== true && !writableRoot) {
        add(`${scp}/readOnlyRootFilesystem`, `${who}: readOnlyRootFilesystem must be true, or the pod template must carry the ${WRITABLE_ROOT_ANNOTATION} annotation with a reason`);
      }
      for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
        if (c[probe]?.httpGet?.host || c[probe]?.tcpSocket?.host) add(`${cp}/${probe}`, `${who}: ${probe} host must be unset (baseline)`);
      }
      for (const hook of ['postStart', 'preStop']) {
        if (c.lifecycle?.[hook]?.httpGet?.host || c.lifecycle?.[hook]?.tcpSocket?.host) add(`${cp}/lifecycle/${hook}`, `${who}: lifecycle ${hook} host must be unset (baseline)`);
      }

      // Resources (not for ephemeral containers, which cannot have any).
      if (field !== 'ephemeralContainers') {
        const requests: any = isObject(c.resources?.requests) ? c.resources.requests : {};
        const limits: any = isObject(c.resources?.limits) ? c.resources.limits : {};
        if (requests.cpu === undefined && limits.cpu === undefined) add(`${cp}/resources/requests/cpu`, `${who}: needs a cpu request`);
        const memRequest = requests.memory ?? limits.memory;
        if (limits.memory === undefined) add(`${cp}/resources/limits/memory`, `${who}: needs a memory limit equal to its memory request`);
        else if (quantityValue(memRequest) !== quantityValue(limits.memory)) add(`${cp}/resources/requests/memory`, `${who}: memory request ${memRequest} must equal the memory limit ${limits.memory}`);
        const cpuRequest = requests.cpu ?? limits.cpu;
        if (limits.cpu !== undefined && quantityValue(limits.cpu) < quantityValue(cpuRequest)) add(`${cp}/resources/limits/cpu`, `${who}: cpu limit ${limits.cpu} is below the request ${cpuRequest}`);
      }

      // Image.
      if (typeof c.image !== 'string' || c.image === '') {
        add(`${cp}/image`, `${who}: has no image`);
      } else {
        const { repository, tag, digest } = parseImage(c.image);
        if (!digest && (tag === undefined || tag === '' || tag === 'latest')) add(`${cp}/image`, `${who}: image ${c.image} must pin a tag other than latest, or a digest`);
        if (repository !== repository.toLowerCase()) add(`${cp}/image`, `${who}: image repository ${repository} must be lower-case`);
      }
      if (!c.imagePullPolicy) add(`${cp}/imagePullPolicy`, `${who}: imagePullPolicy must be set explicitly`);

      // Env and ports.
      const seenEnv = new Set<string>();
      list(c.env).forEach((e, j) => {
        if (seenEnv.has(e?.name)) add(`${cp}/env/${j}`, `${who}: duplicate env ${e?.name}`);
        seenEnv.add(e?.name);
      });
      const names = new Set<string>();
      const numbers = new Set<string>();
      list(c.ports).forEach((port, j) => {
        const pp = `${cp}/ports/${j}`;
        if (port?.hostPort) add(`${pp}/hostPort`, `${who}: hostPort is forbidden (baseline)`);
        if (port?.name !== undefined) {
          if (!isIanaSvcName(port.name)) add(`${pp}/name`, `${who}: port name ${JSON.stringify(port.name)} is not an IANA_SVC_NAME (at most 15 of [a-z0-9-], a letter, no leading, trailing or double hyphen)`);
          if (names.has(port.name)) add(`${pp}/name`, `${who}: duplicate port name ${port.name}`);
          names.add(port.name);
        }
        const n = port?.containerPort;
        if (!(Number.isInteger(n) && n >= 1 && n <= 65535)) add(`${pp}/containerPort`, `${who}: containerPort ${n} must be 1-65535`);
        const key = `${n}/${port?.protocol ?? 'TCP'}`;
        if (numbers.has(key)) add(`${pp}/containerPort`, `${who}: duplicate containerPort ${key}`);
        numbers.add(key);
      });
    });
  }
  if (list(spec.containers).length === 0) add('/spec/containers', 'pod has no containers');

  if (spec.automountServiceAccountToken !== false) {
    const account = spec.serviceAccountName ?? spec.serviceAccount;
    if (!account || account === 'default') add('/spec/serviceAccountName', 'mounts a service-account token (automountServiceAccountToken is not false) but names no dedicated serviceAccountName');
  }
  return out;
}

/** Restricted findings of every pod spec of an object, including projected Spark pods. */
export function podSecurityFindings(doc: any): Finding[] {
  return podSites(doc).flatMap((site) => podFindings(site.template, site.path));
}
