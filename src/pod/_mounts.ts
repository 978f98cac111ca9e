import { IConstruct } from 'constructs';
import { isObjectKey, isSubdomain, OBJECT_KEY_REQUIREMENT, subdomainRequirement, suggestSubdomain } from './_names';
import { canonicalByteQuantity, parseByteQuantity, quantityFix, wholeBytesFix } from './_quantity';
import { requireOptOut } from './_security-opt-outs';
import { SecurityOptOut } from './security-opt-out';
import { SparkVolume, SparkVolumeMount } from './volume';
import { controlProblem } from '../_input';
import { DNS_1123_LABEL, fail } from '../_validation';

/**
 * Volumes and mount paths: each mounted volume is checked, each mount path
 * is normalized (`/data/` and `//data` are `/data`) and checked, and a mount
 * over the service-account token or the Spark installation needs its opt-out.
 */

/** The service-account token directory the kubelet mounts (and its `/run` spelling: `/var/run` links to `/run`). */
const TOKEN_DIRS = ['/var/run/secrets/kubernetes.io/serviceaccount', '/run/secrets/kubernetes.io/serviceaccount'];
/** The Spark installation in the apache/spark image. */
const SPARK_HOME = '/opt/spark';

/** A mount path with `//`, `.` segments and a trailing `/` removed. */
export function normalizeMountPath(path: string): string {
  return `/${path.split('/').filter((s) => s !== '' && s !== '.').join('/')}`;
}

/** A path with its `..` segments applied, for a fix (`/data/../etc` → `/etc`). */
function resolveDots(path: string): string[] {
  const out: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '..') out.pop();
    else if (segment !== '' && segment !== '.') out.push(segment);
  }
  return out;
}

function hasDotDot(path: string): boolean {
  return path.split('/').includes('..');
}

/** Checks a mount path: a string, absolute, no control characters, no `..` segment. */
export function checkMountPath(scope: IConstruct, prop: string, path: unknown): void {
  if (typeof path !== 'string' || path === '') {
    fail(scope, prop, path, 'must be an absolute path', 'mount it at a path such as \'/data\'');
  }
  if (controlProblem(path)) {
    fail(scope, prop, path, 'must not contain control characters', 'remove them');
  }
  if (hasDotDot(path)) {
    fail(scope, prop, path, 'must not contain \'..\' segments (the volume would land somewhere else than the path says)',
      `write the path without them, e.g. '/${resolveDots(path).join('/')}'`);
  }
  if (!path.startsWith('/')) {
    fail(scope, prop, path, 'must be an absolute path', `use '/${path}'`);
  }
}

/** Checks a `subPath`: relative, inside the volume, no control characters. */
export function checkSubPath(scope: IConstruct, prop: string, subPath: unknown): void {
  if (subPath === undefined || subPath === '') return;
  if (typeof subPath !== 'string' || controlProblem(subPath)) {
    fail(scope, prop, subPath, 'must be a relative path inside the volume', 'use a path such as \'conf/app.properties\'');
  }
  if (subPath.startsWith('/')) {
    fail(scope, prop, subPath, 'must be a relative path inside the volume (Kubernetes refuses an absolute one)', `use '${resolveDots(subPath).join('/')}'`);
  }
  if (hasDotDot(subPath)) {
    fail(scope, prop, subPath, 'must not contain \'..\' segments (Kubernetes refuses a path that leaves the volume)',
      `use a path inside the volume, e.g. '${resolveDots(subPath).join('/') || 'data'}'`);
  }
}

/** Whether `inner` is `outer` or below it. */
function within(inner: string, outer: string): boolean {
  return outer === '/' || inner === outer || inner.startsWith(`${outer}/`);
}

/**
 * Refuses a mount at, above or inside the service-account token directory,
 * or at or above the Spark installation, unless `SecurityOptOut.SENSITIVE_MOUNT` is listed.
 */
export function checkSensitiveMount(scope: IConstruct, prop: string, path: string, optOuts: SecurityOptOut[] | undefined, optOutProp: string): void {
  const normalized = normalizeMountPath(path);
  const token = TOKEN_DIRS.find((dir) => within(dir, normalized) || within(normalized, dir));
  if (token) {
    requireOptOut(scope, prop, path, optOuts, SecurityOptOut.SENSITIVE_MOUNT, optOutProp,
      `must not be at, above or inside the service-account token directory ${token} (the volume would hide or replace the pod's Kubernetes credentials)`,
      'mount it elsewhere, e.g. \'/mnt/data\'');
  }
  if (within(SPARK_HOME, normalized)) {
    requireOptOut(scope, prop, path, optOuts, SecurityOptOut.SENSITIVE_MOUNT, optOutProp,
      `must not be at or above the Spark installation ${SPARK_HOME} (the volume would hide or replace Spark itself)`,
      'mount it elsewhere, e.g. \'/mnt/data\'');
  }
}

/** Checks one volume mount and returns its volume in wire format. */
export function checkVolumeMount(scope: IConstruct, where: string, mount: SparkVolumeMount): any {
  if (!(mount?.volume instanceof SparkVolume)) {
    fail(scope, `${where}.volume`, mount?.volume, 'must be a SparkVolume', 'use SparkVolume.fromEmptyDir(...), .fromSecret(...), .fromConfigMap(...) or .fromPersistentVolumeClaim(...)');
  }
  const wire = mount.volume._toWire();
  if (mount.volume._isHostPath) {
    fail(scope, where, wire.name, 'mounts a hostPath volume, which the restricted Pod Security Standard forbids', 'use a PersistentVolumeClaim, an emptyDir or object storage');
  }
  if (typeof wire.name !== 'string' || wire.name.length > 63 || !DNS_1123_LABEL.test(wire.name)) {
    fail(scope, `${where}.volume.name`, wire.name, 'must be a DNS-1123 label (at most 63 lower-case letters, digits and \'-\')', 'name the volume e.g. \'cache\'');
  }
  checkMountPath(scope, `${where}.path`, mount.path);
  checkSubPath(scope, `${where}.subPath`, mount.subPath);
  checkVolumeSource(scope, `${where}.volume`, wire);
  checkObjectSource(scope, `${where}.volume`, wire);
  if (wire.emptyDir?.sizeLimit !== undefined) {
    if (mount.volume._sizeLimitNotASize !== undefined) {
      fail(scope, `${where}.volume.sizeLimit`, mount.volume._sizeLimitNotASize, 'must be a Size', 'use e.g. Size.gibibytes(1) or Size.mebibytes(512)');
    }
    wire.emptyDir = { ...wire.emptyDir, sizeLimit: checkSizeLimit(scope, `${where}.volume.sizeLimit`, wire.emptyDir.sizeLimit) };
  }
  return wire;
}

/**
 * Checks an emptyDir size limit: any Kubernetes quantity that is a positive
 * whole number of bytes (`500M`, `1G`, `1000`, `1.5Gi`). Binary ones are
 * written canonically (`1024Mi` → `1Gi`), decimal ones as given.
 */
function checkSizeLimit(scope: IConstruct, prop: string, sizeLimit: unknown): string | number {
  const text = typeof sizeLimit === 'number' ? String(sizeLimit) : sizeLimit;
  const q = typeof text === 'string' ? parseByteQuantity(text) : undefined;
  if (typeof text !== 'string' || !q) {
    fail(scope, prop, sizeLimit, 'must be a Kubernetes quantity (a number with an optional suffix Ki, Mi, Gi, Ti, Pi, Ei or k, M, G, T, P, E)',
      typeof text === 'string' ? quantityFix(text) : 'use Size.gibibytes(...) or Size.mebibytes(...)');
  }
  if (q.sign <= 0) {
    fail(scope, prop, sizeLimit, 'must be more than 0', 'remove \'sizeLimit\' for no limit, or give the most the volume may hold, e.g. \'1Gi\'');
  }
  if (q.tooLarge) {
    fail(scope, prop, sizeLimit, 'must be at most 8Ei (the largest quantity Kubernetes stores)', 'remove \'sizeLimit\' for no limit');
  }
  if (q.bytes === undefined) {
    fail(scope, prop, sizeLimit, 'must be a whole number of bytes', wholeBytesFix(text));
  }
  return typeof sizeLimit === 'number' ? sizeLimit : canonicalByteQuantity(text, q);
}

/**
 * A volume as the API server checks it, for those `SparkVolume.fromKubeVolume`
 * passes through as given (kubernetes/kubernetes pkg/apis/core/validation/validation.go):
 * exactly one source (validateVolumeSource: "must specify a volume type" / "may
 * not specify more than 1 volume type"), an absolute NFS path
 * (validateNFSVolumeSource), a projected token of at least 10 minutes
 * (validateProjectionSources), an ephemeral claim with access modes and a
 * storage request (ValidatePersistentVolumeClaimSpec).
 */
function checkVolumeSource(scope: IConstruct, prop: string, wire: any): void {
  const given = Object.keys(wire).filter((k) => k !== 'name');
  if (given.length !== 1) {
    fail(scope, prop, given, 'must have exactly one volume source', given.length === 0
      ? 'give one, e.g. SparkVolume.fromKubeVolume({ name: \'data\', persistentVolumeClaim: { claimName: \'data\' } })' : `keep one of ${given.join(' and ')}`);
  }
  if (wire.nfs !== undefined && !(typeof wire.nfs.path === 'string' && wire.nfs.path.startsWith('/'))) {
    fail(scope, `${prop}.nfs.path`, wire.nfs.path, 'must be an absolute path on the NFS server', `use '/${String(wire.nfs.path ?? 'exports').replace(/^\/*/, '')}'`);
  }
  (wire.projected?.sources ?? []).forEach((p: any, i: number) => {
    const seconds = p.serviceAccountToken?.expirationSeconds;
    if (seconds !== undefined && !(Number.isInteger(seconds) && seconds >= 600 && seconds <= 2 ** 32)) {
      fail(scope, `${prop}.projected.sources[${i}].serviceAccountToken.expirationSeconds`, seconds, 'must be a whole number of seconds from 600 (10 minutes) to 2^32',
        'use e.g. 3600, or leave it out for an hour');
    }
  });
  const claim = wire.ephemeral?.volumeClaimTemplate?.spec;
  if (wire.ephemeral !== undefined && !(claim?.accessModes?.length > 0)) {
    fail(scope, `${prop}.ephemeral.volumeClaimTemplate.spec.accessModes`, claim?.accessModes, 'must name at least one access mode', 'use [\'ReadWriteOnce\']');
  }
  if (wire.ephemeral !== undefined && claim?.resources?.requests?.storage === undefined) {
    fail(scope, `${prop}.ephemeral.volumeClaimTemplate.spec.resources.requests.storage`, undefined, 'must be set (the size of the claim)',
      'use e.g. { requests: { storage: k8s.Quantity.fromString(\'10Gi\') } }');
  }
}

/** The object a Secret, ConfigMap or PVC volume names, its items and mode bits. */
function checkObjectSource(scope: IConstruct, prop: string, wire: any): void {
  const sources: [any, string, string, string][] = [
    [wire.secret, 'secretName', 'a Secret', 'Secret.fromSecretName(this, \'Tls\', \'tls\')'],
    [wire.configMap, 'name', 'a ConfigMap', 'ConfigMap.fromConfigMapName(this, \'Settings\', \'settings\')'],
    [wire.persistentVolumeClaim, 'claimName', 'a PersistentVolumeClaim', 'PersistentVolumeClaim.fromClaimName(this, \'Data\', \'data\')'],
  ];
  for (const [source, field, what, example] of sources) {
    if (source === undefined) continue;
    const name = source[field];
    if (!isSubdomain(name)) {
      fail(scope, `${prop}.${field}`, name, subdomainRequirement(what),
        name === undefined ? `pass ${what} that has a name, e.g. ${example}` : `use the name Kubernetes stores, e.g. '${suggestSubdomain(name, 'data')}'`);
    }
    checkModeBits(scope, `${prop}.defaultMode`, source.defaultMode);
    for (const item of source.items ?? []) {
      checkItem(scope, `${prop}.items.${item.key}`, item);
    }
  }
}

function checkModeBits(scope: IConstruct, prop: string, mode: unknown): void {
  if (mode === undefined) return;
  if (typeof mode !== 'number' || !Number.isInteger(mode) || mode < 0 || mode > 0o777) {
    fail(scope, prop, mode, 'must be file mode bits from 0 to 0o777 (511)', 'write them as an octal literal, e.g. 0o440');
  }
}

function checkItem(scope: IConstruct, prop: string, item: { key: unknown; path: unknown; mode?: unknown }): void {
  if (!isObjectKey(item.key)) {
    fail(scope, prop, item.key, `must be a key of the object (${OBJECT_KEY_REQUIREMENT})`, 'use the key exactly as it appears in the object\'s data, e.g. \'tls.crt\'');
  }
  if (typeof item.path !== 'string' || item.path === '') {
    fail(scope, prop, item.path, 'must map to a relative file path', 'use a path such as \'tls.crt\'');
  }
  checkSubPath(scope, prop, item.path);
  checkModeBits(scope, `${prop}.mode`, item.mode);
}
