import { Size } from 'cdk8s';
import { k8s, Secret } from 'cdk8s-plus-28';
import { chart, messageOf, optOutFix, render } from './render';
import { SecurityOptOut, SparkVolume } from '../../src';
import { checkVolumeMount, normalizeMountPath } from '../../src/pod/_mounts';
import { SECURITY_OPT_OUTS_ANNOTATION } from '../../src/pod/_security-opt-outs';

const CACHE = SparkVolume.fromEmptyDir('cache');
const TOKEN_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

function kubeSizeLimit(sizeLimit: string): any {
  return checkVolumeMount(chart(), 'volumes[0]', { volume: SparkVolume.fromKubeVolume({ name: 'cache', emptyDir: { sizeLimit: k8s.Quantity.fromString(sizeLimit) } }), path: '/cache' }).emptyDir.sizeLimit;
}

describe('mount paths', () => {
  test.each<[string, string]>([
    ['/data', '/data'],
    ['/data/', '/data'],
    ['//data//cache/', '/data/cache'],
    ['/data/./cache', '/data/cache'],
    ['/', '/'],
  ])('%j is normalized to %j', (path, normalized) => {
    expect(normalizeMountPath(path)).toBe(normalized);
  });

  test('the rendered mount has the normalized path', () => {
    expect(render({ volumes: [{ volume: CACHE, path: '/cache/' }] }).spec.containers[0].volumeMounts).toContainEqual({ name: 'cache', mountPath: '/cache' });
  });

  test('fails on two mounts at one path once normalized', () => {
    expect(messageOf(() => render({ volumes: [{ volume: CACHE, path: '/tmp/' }] })))
      .toBe('[test] \'server.volumes\' mounts two volumes at the same path, got \'/tmp\'; mount each volume at its own path');
    expect(messageOf(() => render({ volumes: [{ volume: CACHE, path: '/data' }, { volume: SparkVolume.fromEmptyDir('other'), path: '//data' }] })))
      .toBe('[test] \'server.volumes\' mounts two volumes at the same path, got \'/data\'; mount each volume at its own path');
  });

  test.each<[string, string]>([
    ['/data/../etc', '/etc'],
    ['/opt/spark/work-dir/../../../etc', '/etc'],
    ['../data', '/data'],
  ])('fails on the .. segments of %j', (path, fix) => {
    expect(messageOf(() => render({ volumes: [{ volume: CACHE, path }] })))
      .toBe(`[test] 'server.volumes[0].path' must not contain '..' segments (the volume would land somewhere else than the path says), got '${path}'; write the path without them, e.g. '${fix}'`);
  });

  test('a name with two dots is no .. segment', () => {
    expect(render({ volumes: [{ volume: CACHE, path: '/data/..cache' }] }).spec.containers[0].volumeMounts).toContainEqual({ name: 'cache', mountPath: '/data/..cache' });
  });

  test('fails on a relative path', () => {
    expect(messageOf(() => render({ volumes: [{ volume: CACHE, path: 'data/cache' }] })))
      .toBe('[test] \'server.volumes[0].path\' must be an absolute path, got \'data/cache\'; use \'/data/cache\'');
  });

  test.each<[string, unknown]>([['an empty path', ''], ['no path (JavaScript)', undefined]])('fails on %s', (_what, path) => {
    expect(messageOf(() => render({ volumes: [{ volume: CACHE, path: path as string }] })))
      .toBe(`[test] 'server.volumes[0].path' must be an absolute path, got ${path === '' ? '\'\'' : 'nothing'}; mount it at a path such as '/data'`);
  });

  test('fails on a control character in a path', () => {
    expect(messageOf(() => render({ volumes: [{ volume: CACHE, path: '/data\n' }] })))
      .toBe('[test] \'server.volumes[0].path\' must not contain control characters, got \'/data\n\'; remove them');
  });
});

describe('subPath', () => {
  test('a relative subPath is kept', () => {
    expect(render({ volumes: [{ volume: CACHE, path: '/conf/app.conf', subPath: 'conf/app.conf' }] }).spec.containers[0].volumeMounts)
      .toContainEqual({ name: 'cache', mountPath: '/conf/app.conf', subPath: 'conf/app.conf' });
  });

  test('fails on an absolute subPath', () => {
    expect(messageOf(() => render({ volumes: [{ volume: CACHE, path: '/conf', subPath: '/etc/passwd' }] })))
      .toBe('[test] \'server.volumes[0].subPath\' must be a relative path inside the volume (Kubernetes refuses an absolute one), got \'/etc/passwd\'; use \'etc/passwd\'');
  });

  test.each<[string, string]>([['../secret', 'secret'], ['conf/../../x', 'x'], ['..', 'data']])('fails on the subPath %j', (subPath, fix) => {
    expect(messageOf(() => render({ volumes: [{ volume: CACHE, path: '/conf', subPath }] })))
      .toBe(`[test] 'server.volumes[0].subPath' must not contain '..' segments (Kubernetes refuses a path that leaves the volume), got '${subPath}'; use a path inside the volume, e.g. '${fix}'`);
  });

  test('fails on a subPath that is not a string (JavaScript)', () => {
    expect(messageOf(() => render({ volumes: [{ volume: CACHE, path: '/conf', subPath: 5 as any }] })))
      .toBe('[test] \'server.volumes[0].subPath\' must be a relative path inside the volume, got 5; use a path such as \'conf/app.properties\'');
  });
});

describe('sensitive mounts', () => {
  const TOKEN = `must not be at, above or inside the service-account token directory ${TOKEN_DIR} (the volume would hide or replace the pod's Kubernetes credentials)`;
  const RUN_TOKEN = 'must not be at, above or inside the service-account token directory /run/secrets/kubernetes.io/serviceaccount (the volume would hide or replace the pod\'s Kubernetes credentials)';
  const SPARK = 'must not be at or above the Spark installation /opt/spark (the volume would hide or replace Spark itself)';
  const FIX = `mount it elsewhere, e.g. '/mnt/data'${optOutFix('SENSITIVE_MOUNT')}`;

  test.each<[string, string]>([
    [TOKEN_DIR, TOKEN],
    [`${TOKEN_DIR}/`, TOKEN],
    [`${TOKEN_DIR}/token`, TOKEN],
    ['/var/run/secrets/kubernetes.io', TOKEN],
    ['/var/run/secrets', TOKEN],
    ['/var/run', TOKEN],
    ['/var', TOKEN],
    ['/', TOKEN],
    ['/run/secrets', RUN_TOKEN],
    ['/opt/spark', SPARK],
    ['/opt/spark/', SPARK],
    ['/opt', SPARK],
  ])('fails on a mount at %j without SecurityOptOut.SENSITIVE_MOUNT', (path, requirement) => {
    expect(messageOf(() => render({ volumes: [{ volume: CACHE, path }] })))
      .toBe(`[test] 'server.volumes[0].path' ${requirement}, got '${path}'; ${FIX}`);
  });

  test.each(['/opt/spark/conf-extra', '/opt/sparkling', '/var/data', '/var/run/secrets/eks.amazonaws.com/serviceaccount', '/mnt/secrets'])('%j is not sensitive', (path) => {
    expect(render({ volumes: [{ volume: CACHE, path }] }).spec.containers[0].volumeMounts).toContainEqual({ name: 'cache', mountPath: path });
  });

  test('with the opt-out the mount is rendered and the pod records it', () => {
    const projected = SparkVolume.fromKubeVolume({ name: 'token', projected: { sources: [{ serviceAccountToken: { path: 'token', audience: 'vault' } }] } });
    const t = render({ volumes: [{ volume: projected, path: TOKEN_DIR, readOnly: true }] }, { optOuts: [SecurityOptOut.SENSITIVE_MOUNT] });
    expect(t.spec.containers[0].volumeMounts).toContainEqual({ name: 'token', mountPath: TOKEN_DIR, readOnly: true });
    expect(t.metadata.annotations).toEqual({ [SECURITY_OPT_OUTS_ANNOTATION]: 'sensitive-mount' });
  });

  test('the construct\'s own mounts are not the user\'s choice', () => {
    const t = render({}, { container: { name: 'main', image: 'apache/spark:4.0.4', volumeMounts: [{ name: 'conf', mountPath: '/opt/spark/conf' }] }, volumes: [{ name: 'conf', configMap: { name: 'c' } }] });
    expect(t.spec.containers[0].volumeMounts[0]).toEqual({ name: 'conf', mountPath: '/opt/spark/conf' });
  });
});

describe('emptyDir size limits: every Kubernetes quantity of whole bytes', () => {
  test.each<[string, string]>([
    ['500M', '500M'],
    ['1G', '1G'],
    ['1000', '1k'],
    ['1e9', '1e9'],
    ['1.5G', '1500M'],
    ['2Ti', '2Ti'],
    ['1024Mi', '1Gi'],
    ['2048Ki', '2Mi'],
    ['1.5Gi', '1536Mi'],
    ['1.5Ki', '1536'],
    ['0.5Ki', '512'],
  ])('%s is kept as %s', (given, written) => {
    expect(kubeSizeLimit(given)).toBe(written);
  });

  test('a Size in a fraction of a KiB is whole bytes', () => {
    expect(checkVolumeMount(chart(), 'volumes[0]', { volume: SparkVolume.fromEmptyDir('cache', { sizeLimit: Size.kibibytes(1.5) }), path: '/cache' }).emptyDir)
      .toEqual({ sizeLimit: '1536' });
  });

  const QUANTITY = 'must be a Kubernetes quantity (a number with an optional suffix Ki, Mi, Gi, Ti, Pi, Ei or k, M, G, T, P, E)';
  test.each<[string, string]>([
    ['1g', 'use \'1Gi\' (Kubernetes spells binary units Ki, Mi, Gi, Ti and decimal ones k, M, G, T)'],
    ['512MB', 'use \'512Mi\' (Kubernetes spells binary units Ki, Mi, Gi, Ti and decimal ones k, M, G, T)'],
    ['1 Gi', 'use \'1Gi\' (Kubernetes spells binary units Ki, Mi, Gi, Ti and decimal ones k, M, G, T)'],
    ['ten', 'use a quantity such as \'512Mi\', \'1Gi\' or \'500M\''],
    ['1Gi ', 'use a quantity such as \'512Mi\', \'1Gi\' or \'500M\''],
  ])('fails on %j', (sizeLimit, fix) => {
    expect(messageOf(() => kubeSizeLimit(sizeLimit))).toBe(`[test] 'volumes[0].volume.sizeLimit' ${QUANTITY}, got '${sizeLimit}'; ${fix}`);
  });

  test.each(['0', '-1Gi', '0Mi'])('fails on the limit %j', (sizeLimit) => {
    expect(messageOf(() => kubeSizeLimit(sizeLimit)))
      .toBe(`[test] 'volumes[0].volume.sizeLimit' must be more than 0, got '${sizeLimit}'; remove 'sizeLimit' for no limit, or give the most the volume may hold, e.g. '1Gi'`);
  });

  test('fails on a fraction of a byte, reading m as thousandths', () => {
    expect(messageOf(() => kubeSizeLimit('512m')))
      .toBe('[test] \'volumes[0].volume.sizeLimit\' must be a whole number of bytes, got \'512m\'; use \'512Mi\' (\'m\' means thousandths in a Kubernetes quantity)');
  });

  test('fails on a Size that is not whole bytes, with a rounded fix', () => {
    expect(messageOf(() => checkVolumeMount(chart(), 'volumes[0]', { volume: SparkVolume.fromEmptyDir('cache', { sizeLimit: Size.gibibytes(1.3) }), path: '/cache' })))
      .toMatch(/^\[test\] 'volumes\[0\]\.volume\.sizeLimit' must be a whole number of bytes, got '1363148\.8\d*Ki'; round it to whole bytes, e.g\. '1331Mi'$/);
  });

  test('fails on a limit beyond int64 bytes', () => {
    expect(messageOf(() => kubeSizeLimit('9Ei')))
      .toBe('[test] \'volumes[0].volume.sizeLimit\' must be at most 8Ei (the largest quantity Kubernetes stores), got \'9Ei\'; remove \'sizeLimit\' for no limit');
  });

  test('fails on a size limit that is not a Size (JavaScript)', () => {
    expect(messageOf(() => checkVolumeMount(chart(), 'volumes[0]', { volume: SparkVolume.fromEmptyDir('cache', { sizeLimit: '1Gi' as any }), path: '/cache' })))
      .toBe('[test] \'volumes[0].volume.sizeLimit\' must be a Size, got \'1Gi\'; use e.g. Size.gibibytes(1) or Size.mebibytes(512)');
  });
});

describe('the objects a volume names', () => {
  const SUBDOMAIN = (what: string) => `must be ${what} name (a DNS-1123 subdomain: at most 253 lower-case letters, digits, '-' and '.', starting and ending with a letter or digit)`;

  test('fails on a Secret without a name (JavaScript)', () => {
    expect(messageOf(() => checkVolumeMount(chart(), 'volumes[0]', { volume: SparkVolume.fromSecret({} as any, { name: 'tls' }), path: '/tls' })))
      .toBe(`[test] 'volumes[0].volume.secretName' ${SUBDOMAIN('a Secret')}, got nothing; pass a Secret that has a name, e.g. Secret.fromSecretName(this, 'Tls', 'tls')`);
  });

  test('fails on a ConfigMap name Kubernetes cannot store', () => {
    expect(messageOf(() => checkVolumeMount(chart(), 'volumes[0]', { volume: SparkVolume.fromKubeVolume({ name: 'conf', configMap: { name: 'App_Conf' } }), path: '/conf' })))
      .toBe(`[test] 'volumes[0].volume.name' ${SUBDOMAIN('a ConfigMap')}, got 'App_Conf'; use the name Kubernetes stores, e.g. 'app-conf'`);
  });

  test.each<[string, any, string]>([
    ['no source', { name: 'data' },
      '[test] \'volumes[0].volume\' must have exactly one volume source, got []; give one, e.g. SparkVolume.fromKubeVolume({ name: \'data\', persistentVolumeClaim: { claimName: \'data\' } })'],
    ['two sources', { name: 'data', emptyDir: {}, persistentVolumeClaim: { claimName: 'data' } },
      '[test] \'volumes[0].volume\' must have exactly one volume source, got [\'emptyDir\', \'persistentVolumeClaim\']; keep one of emptyDir and persistentVolumeClaim'],
    ['a projected token of one minute', { name: 'token', projected: { sources: [{ serviceAccountToken: { path: 'token', expirationSeconds: 60 } }] } },
      '[test] \'volumes[0].volume.projected.sources[0].serviceAccountToken.expirationSeconds\' must be a whole number of seconds from 600 (10 minutes) to 2^32, got 60; use e.g. 3600, or leave it out for an hour'],
    ['an ephemeral claim without a size', { name: 'scratch', ephemeral: { volumeClaimTemplate: { spec: { accessModes: ['ReadWriteOnce'] } } } },
      '[test] \'volumes[0].volume.ephemeral.volumeClaimTemplate.spec.resources.requests.storage\' must be set (the size of the claim), got nothing; use e.g. { requests: { storage: k8s.Quantity.fromString(\'10Gi\') } }'],
    ['an ephemeral claim without access modes', { name: 'scratch', ephemeral: { volumeClaimTemplate: { spec: { resources: { requests: { storage: k8s.Quantity.fromString('10Gi') } } } } } },
      '[test] \'volumes[0].volume.ephemeral.volumeClaimTemplate.spec.accessModes\' must name at least one access mode, got nothing; use [\'ReadWriteOnce\']'],
    ['a relative NFS path', { name: 'data', nfs: { server: '10.0.0.9', path: 'exports/spark' } },
      '[test] \'volumes[0].volume.nfs.path\' must be an absolute path on the NFS server, got \'exports/spark\'; use \'/exports/spark\''],
  ])('fails on a Kubernetes volume with %s', (_what, volume, message) => {
    expect(messageOf(() => checkVolumeMount(chart(), 'volumes[0]', { volume: SparkVolume.fromKubeVolume(volume), path: '/data' }))).toBe(message);
  });

  test('an ephemeral claim with access modes and a size passes', () => {
    const spec = { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: k8s.Quantity.fromString('10Gi') } } };
    const wire = checkVolumeMount(chart(), 'volumes[0]', { volume: SparkVolume.fromKubeVolume({ name: 'scratch', ephemeral: { volumeClaimTemplate: { spec } } }), path: '/scratch' });
    expect(wire.ephemeral.volumeClaimTemplate.spec).toEqual({ accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } } });
  });

  test('an NFS volume with an absolute path passes', () => {
    const wire = checkVolumeMount(chart(), 'volumes[0]', { volume: SparkVolume.fromKubeVolume({ name: 'data', nfs: { server: '10.0.0.9', path: '/exports/spark' } }), path: '/data' });
    expect(wire).toEqual({ name: 'data', nfs: { server: '10.0.0.9', path: '/exports/spark' } });
  });

  test('fails on a claim name Kubernetes cannot store', () => {
    expect(messageOf(() => checkVolumeMount(chart(), 'volumes[0]', { volume: SparkVolume.fromKubeVolume({ name: 'data', persistentVolumeClaim: { claimName: 'Data' } }), path: '/data' })))
      .toBe(`[test] 'volumes[0].volume.claimName' ${SUBDOMAIN('a PersistentVolumeClaim')}, got 'Data'; use the name Kubernetes stores, e.g. 'data'`);
  });

  test.each([644, -1, 1.5])('fails on the defaultMode %j', (defaultMode) => {
    const secret = Secret.fromSecretName(chart(), 'S', 'tls');
    expect(messageOf(() => checkVolumeMount(chart(), 'volumes[0]', { volume: SparkVolume.fromSecret(secret, { defaultMode }), path: '/tls' })))
      .toBe(`[test] 'volumes[0].volume.defaultMode' must be file mode bits from 0 to 0o777 (511), got ${defaultMode}; write them as an octal literal, e.g. 0o440`);
  });

  test('fails on an item path that leaves the volume', () => {
    const secret = Secret.fromSecretName(chart(), 'S', 'tls');
    expect(messageOf(() => checkVolumeMount(chart(), 'volumes[0]', { volume: SparkVolume.fromSecret(secret, { items: { 'tls.key': '../key.pem' } }), path: '/tls' })))
      .toBe('[test] \'volumes[0].volume.items.tls.key\' must not contain \'..\' segments (Kubernetes refuses a path that leaves the volume), got \'../key.pem\'; use a path inside the volume, e.g. \'key.pem\'');
  });

  test('fails on an item key that no Secret can have', () => {
    const secret = Secret.fromSecretName(chart(), 'S', 'tls');
    expect(messageOf(() => checkVolumeMount(chart(), 'volumes[0]', { volume: SparkVolume.fromSecret(secret, { items: { 'tls key': 'key.pem' } }), path: '/tls' })))
      .toBe('[test] \'volumes[0].volume.items.tls key\' must be a key of the object (at most 253 letters, digits, \'-\', \'_\' and \'.\', not \'.\' or starting with \'..\'), got \'tls key\'; use the key exactly as it appears in the object\'s data, e.g. \'tls.crt\'');
  });
});

describe('volume props', () => {
  test('role volumes are reported by their own index after the shared ones', () => {
    const bad = { volume: SparkVolume.fromEmptyDir('bad'), path: 'bad' };
    const shared = [{ volume: SparkVolume.fromEmptyDir('a'), path: '/a' }, { volume: SparkVolume.fromEmptyDir('events'), path: '/events' }];
    expect(messageOf(() => render({ volumes: [...shared, bad] }, { volumeProps: ['volumes[0]', 'eventLog.volume'] })))
      .toBe('[test] \'server.volumes[0].path\' must be an absolute path, got \'bad\'; use \'/bad\'');
  });

  test('a shared volume is reported by the prop the user wrote', () => {
    const shared = [{ volume: SparkVolume.fromEmptyDir('a'), path: '/a' }, { volume: SparkVolume.fromEmptyDir('events'), path: '/opt' }];
    expect(messageOf(() => render({ volumes: shared }, { volumeProps: ['volumes[0]', 'eventLog.volume'] })))
      .toMatch(/^\[test\] 'eventLog\.volume\.path' must not be at or above the Spark installation/);
  });

  test('without volumeProps every entry is the role\'s own', () => {
    expect(messageOf(() => render({ volumes: [{ volume: CACHE, path: '/a' }, { volume: CACHE, path: 'b' }] })))
      .toBe('[test] \'server.volumes[1].path\' must be an absolute path, got \'b\'; use \'/b\'');
  });
});

describe('volume names', () => {
  test('fails on two different volumes with one name', () => {
    expect(messageOf(() => render({ volumes: [{ volume: CACHE, path: '/a' }, { volume: SparkVolume.fromEmptyDir('cache', { sizeLimit: Size.gibibytes(1) }), path: '/b' }] })))
      .toBe('[test] \'server.volumes[1]\' names a volume that another, different volume already uses, got \'cache\'; give each volume its own name');
  });

  test('one volume mounted at two paths is one volume', () => {
    const t = render({ volumes: [{ volume: CACHE, path: '/a' }, { volume: CACHE, path: '/b', subPath: 'b' }] });
    expect(t.spec.volumes.filter((v: any) => v.name === 'cache')).toHaveLength(1);
  });

  test('fails on an item mapped to no path', () => {
    const secret = Secret.fromSecretName(chart(), 'S', 'tls');
    expect(messageOf(() => checkVolumeMount(chart(), 'volumes[0]', { volume: SparkVolume.fromSecret(secret, { items: { 'tls.key': '' } }), path: '/tls' })))
      .toBe('[test] \'volumes[0].volume.items.tls.key\' must map to a relative file path, got \'\'; use a path such as \'tls.crt\'');
  });

  test('fails on a limit with an absurd exponent', () => {
    expect(messageOf(() => kubeSizeLimit('1e100'))).toBe('[test] \'volumes[0].volume.sizeLimit\' must be at most 8Ei (the largest quantity Kubernetes stores), got \'1e100\'; remove \'sizeLimit\' for no limit');
    expect(messageOf(() => kubeSizeLimit('1e-100'))).toMatch(/must be a whole number of bytes, got '1e-100'/);
  });
});
