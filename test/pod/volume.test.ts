import { Chart, Size, Testing } from 'cdk8s';
import { ConfigMap, k8s, PersistentVolumeClaim, Secret } from 'cdk8s-plus-28';
import { EmptyDirMedium, SparkVolume } from '../../src';
import { checkVolumeMount } from '../../src/pod/_pod-renderer';

/** The wire format as it is serialized (undefined fields dropped). */
function wire(v: SparkVolume): any {
  return JSON.parse(JSON.stringify(v._toWire()));
}

function chart(): Chart {
  return new Chart(Testing.app(), 'test', { namespace: 'spark-jobs' });
}

const refs = chart();
const SECRET = Secret.fromSecretName(refs, 'Tls', 'tls');
const CONFIG_MAP = ConfigMap.fromConfigMapName(refs, 'Settings', 'settings');
const CLAIM = PersistentVolumeClaim.fromClaimName(refs, 'Events', 'spark-events');

describe('SparkVolume.fromEmptyDir', () => {
  test('defaults', () => {
    const v = SparkVolume.fromEmptyDir('cache');
    expect(v.name).toBe('cache');
    expect(wire(v)).toEqual({ name: 'cache', emptyDir: {} });
    expect(v._isHostPath).toBe(false);
  });

  test('the memory medium', () => {
    expect(wire(SparkVolume.fromEmptyDir('shm', { medium: EmptyDirMedium.MEMORY }))).toEqual({ name: 'shm', emptyDir: { medium: 'Memory' } });
  });

  test('the default medium is left out', () => {
    expect(EmptyDirMedium.DEFAULT).toBe('');
    expect(wire(SparkVolume.fromEmptyDir('cache', { medium: EmptyDirMedium.DEFAULT }))).toEqual({ name: 'cache', emptyDir: {} });
  });

  test.each<[string, Size, string]>([
    ['GiB', Size.gibibytes(10), '10Gi'],
    ['MiB', Size.mebibytes(1536), '1536Mi'],
    ['MiB that make whole GiB', Size.mebibytes(2048), '2Gi'],
    ['KiB', Size.kibibytes(100), '100Ki'],
    ['TiB', Size.tebibytes(1), '1Ti'],
  ])('a size limit in %s is a canonical quantity', (_unit, sizeLimit, quantity) => {
    expect(wire(SparkVolume.fromEmptyDir('cache', { sizeLimit }))).toEqual({ name: 'cache', emptyDir: { sizeLimit: quantity } });
  });

  test('a size limit in a fraction of a KiB is kept as given, for the construct to report', () => {
    expect(wire(SparkVolume.fromEmptyDir('cache', { sizeLimit: Size.kibibytes(1.5) }))).toEqual({ name: 'cache', emptyDir: { sizeLimit: '1.5Ki' } });
  });
});

describe('SparkVolume.fromSecret', () => {
  test('defaults', () => {
    const v = SparkVolume.fromSecret(SECRET);
    expect(v.name).toBe('secret-tls');
    expect(wire(v)).toEqual({ name: 'secret-tls', secret: { secretName: 'tls' } });
  });

  test('every option, with the items sorted by key', () => {
    const v = SparkVolume.fromSecret(SECRET, { name: 'certs', defaultMode: 0o440, optional: true, items: { 'tls.key': 'key.pem', 'ca.crt': 'ca.pem' } });
    expect(wire(v)).toEqual({
      name: 'certs',
      secret: { secretName: 'tls', defaultMode: 288, optional: true, items: [{ key: 'ca.crt', path: 'ca.pem' }, { key: 'tls.key', path: 'key.pem' }] },
    });
  });
});

describe('SparkVolume.fromConfigMap', () => {
  test('defaults', () => {
    const v = SparkVolume.fromConfigMap(CONFIG_MAP);
    expect(v.name).toBe('configmap-settings');
    expect(wire(v)).toEqual({ name: 'configmap-settings', configMap: { name: 'settings' } });
  });

  test('every option, with the items sorted by key', () => {
    const v = SparkVolume.fromConfigMap(CONFIG_MAP, { name: 'conf', defaultMode: 0o444, optional: false, items: { b: 'b.conf', a: 'a.conf' } });
    expect(wire(v)).toEqual({
      name: 'conf',
      configMap: { name: 'settings', defaultMode: 292, optional: false, items: [{ key: 'a', path: 'a.conf' }, { key: 'b', path: 'b.conf' }] },
    });
  });
});

describe('SparkVolume.fromPersistentVolumeClaim', () => {
  test('defaults', () => {
    const v = SparkVolume.fromPersistentVolumeClaim(CLAIM);
    expect(v.name).toBe('pvc-spark-events');
    expect(wire(v)).toEqual({ name: 'pvc-spark-events', persistentVolumeClaim: { claimName: 'spark-events', readOnly: false } });
  });

  test('a name and read-only', () => {
    expect(wire(SparkVolume.fromPersistentVolumeClaim(CLAIM, { name: 'events', readOnly: true })))
      .toEqual({ name: 'events', persistentVolumeClaim: { claimName: 'spark-events', readOnly: true } });
  });
});

describe('default volume names are valid volume names', () => {
  const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

  test('a name that is already valid is kept', () => {
    expect(SparkVolume.fromSecret(SECRET).name).toBe('secret-tls');
    expect(SparkVolume.fromConfigMap(CONFIG_MAP).name).toBe('configmap-settings');
    expect(SparkVolume.fromPersistentVolumeClaim(CLAIM).name).toBe('pvc-spark-events');
  });

  test('dots become dashes', () => {
    const v = SparkVolume.fromSecret(Secret.fromSecretName(chart(), 'S', 'tls.example.com'));
    expect(v.name).toBe('secret-tls-example-com');
    expect(wire(v).secret).toEqual({ secretName: 'tls.example.com' });
    expect(SparkVolume.fromConfigMap(ConfigMap.fromConfigMapName(chart(), 'C', 'app.conf')).name).toBe('configmap-app-conf');
    expect(SparkVolume.fromPersistentVolumeClaim(PersistentVolumeClaim.fromClaimName(chart(), 'P', 'data.v2')).name).toBe('pvc-data-v2');
  });

  test('a long name is cut and ended with a stable hash, so two long names stay apart', () => {
    const long = (suffix: string) => SparkVolume.fromSecret(Secret.fromSecretName(chart(), 'S', `${'a'.repeat(60)}${suffix}`)).name;
    expect(long('-one')).toMatch(/^secret-a{47}-[0-9a-f]{8}$/);
    expect(long('-one')).toBe(long('-one'));
    expect(long('-one')).not.toBe(long('-two'));
  });

  test.each([
    'tls.example.com',
    `${'x'.repeat(56)}`,
    `${'x'.repeat(57)}`,
    `a.${'b'.repeat(60)}.c`,
    `${'a-'.repeat(40)}z`,
    `${'a'.repeat(253)}`,
  ])('a valid object name %j yields a volume the construct accepts', (name) => {
    for (const v of [
      SparkVolume.fromSecret(Secret.fromSecretName(chart(), 'S', name)),
      SparkVolume.fromConfigMap(ConfigMap.fromConfigMapName(chart(), 'C', name)),
      SparkVolume.fromPersistentVolumeClaim(PersistentVolumeClaim.fromClaimName(chart(), 'P', name)),
    ]) {
      expect(v.name.length).toBeLessThanOrEqual(63);
      expect(v.name).toMatch(LABEL);
      expect(() => checkVolumeMount(chart(), 'volumes[0]', { volume: v, path: '/data' })).not.toThrow();
    }
  });
});

describe('SparkVolume.fromKubeVolume', () => {
  test('any volume source, as the Kubernetes API spells it', () => {
    const v = SparkVolume.fromKubeVolume({ name: 'data', csi: { driver: 'secrets-store.csi.k8s.io', readOnly: true, volumeAttributes: { secretProviderClass: 'vault' } } });
    expect(v.name).toBe('data');
    expect(wire(v)).toEqual({ name: 'data', csi: { driver: 'secrets-store.csi.k8s.io', readOnly: true, volumeAttributes: { secretProviderClass: 'vault' } } });
    expect(v._isHostPath).toBe(false);
  });

  test('a hostPath source is recognised', () => {
    const v = SparkVolume.fromKubeVolume({ name: 'host', hostPath: { path: '/var/log' } });
    expect(v._isHostPath).toBe(true);
    expect(wire(v)).toEqual({ name: 'host', hostPath: { path: '/var/log' } });
  });
});

describe('checkVolumeMount (the construct\'s check of a mounted volume)', () => {
  test('returns the volume in wire format', () => {
    expect(JSON.parse(JSON.stringify(checkVolumeMount(chart(), 'volumes[0]', { volume: SparkVolume.fromSecret(SECRET), path: '/etc/tls' }))))
      .toEqual({ name: 'secret-tls', secret: { secretName: 'tls' } });
  });

  test('writes a binary size limit of a kube volume canonically', () => {
    const mount = { volume: SparkVolume.fromKubeVolume({ name: 'cache', emptyDir: { sizeLimit: k8s.Quantity.fromString('1024Mi') } }), path: '/cache' };
    expect(checkVolumeMount(chart(), 'volumes[0]', mount).emptyDir).toEqual({ sizeLimit: '1Gi' });
  });

  test('fails on a hostPath volume', () => {
    expect(() => checkVolumeMount(chart(), 'volumes[0]', { volume: SparkVolume.fromKubeVolume({ name: 'host', hostPath: { path: '/var/log' } }), path: '/logs' }))
      .toThrow('[test] \'volumes[0]\' mounts a hostPath volume, which the restricted Pod Security Standard forbids, got \'host\'; use a PersistentVolumeClaim, an emptyDir or object storage');
  });

  test('fails on something that is not a SparkVolume', () => {
    expect(() => checkVolumeMount(chart(), 'addVolume', { volume: { name: 'cache', emptyDir: {} } as any, path: '/cache' }))
      .toThrow('[test] \'addVolume.volume\' must be a SparkVolume, got {"name":"cache","emptyDir":{}}; use SparkVolume.fromEmptyDir(...), .fromSecret(...), .fromConfigMap(...) or .fromPersistentVolumeClaim(...)');
    expect(() => checkVolumeMount(chart(), 'addVolume', undefined as any))
      .toThrow('[test] \'addVolume.volume\' must be a SparkVolume, got nothing; use SparkVolume.fromEmptyDir(...), .fromSecret(...), .fromConfigMap(...) or .fromPersistentVolumeClaim(...)');
  });

  test.each(['Cache', 'cache_dir', `c${'a'.repeat(63)}`])('fails on the volume name %j', (name) => {
    expect(() => checkVolumeMount(chart(), 'volumes[1]', { volume: SparkVolume.fromEmptyDir(name), path: '/cache' }))
      .toThrow(`[test] 'volumes[1].volume.name' must be a DNS-1123 label (at most 63 lower-case letters, digits and '-'), got '${name}'; name the volume e.g. 'cache'`);
  });

  test('fails on a relative mount path', () => {
    expect(() => checkVolumeMount(chart(), 'volumes[0]', { volume: SparkVolume.fromEmptyDir('cache'), path: 'cache' }))
      .toThrow('[test] \'volumes[0].path\' must be an absolute path, got \'cache\'; use \'/cache\'');
  });

  test('a size limit in a fraction of a KiB is whole bytes, which Kubernetes accepts', () => {
    expect(checkVolumeMount(chart(), 'volumes[0]', { volume: SparkVolume.fromEmptyDir('cache', { sizeLimit: Size.kibibytes(1.5) }), path: '/cache' }).emptyDir)
      .toEqual({ sizeLimit: '1536' });
  });

  test.each([['500M', '500M'], ['1G', '1G'], ['1000', '1k']])('writes the decimal size limit %s as the API server stores it (%s)', (given, sizeLimit) => {
    const mount = { volume: SparkVolume.fromKubeVolume({ name: 'cache', emptyDir: { sizeLimit: k8s.Quantity.fromString(given) } }), path: '/cache' };
    expect(checkVolumeMount(chart(), 'volumes[0]', mount).emptyDir).toEqual({ sizeLimit });
  });
});
