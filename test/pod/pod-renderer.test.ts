import { Duration } from 'cdk8s';
import { EnvValue } from 'cdk8s-plus-28';
import { messageOf, optOutFix, render, SIDECAR } from './render';
import { PodSecurityOptions, SecurityOptOut, SparkVolume } from '../../src';
import { WRITABLE_ROOT_ANNOTATION } from '../../src/pod/_pod-renderer';
import { SECURITY_OPT_OUTS_ANNOTATION } from '../../src/pod/_security-opt-outs';
import { expectValid, validateManifests } from '../harness';


/** The template wrapped in a Deployment, the way the daemons use it. */
function deployment(template: any): any {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'server', namespace: 'spark-jobs' },
    spec: { replicas: 1, selector: { matchLabels: { app: 'server' } }, template: { ...template, metadata: { ...template.metadata, labels: { app: 'server' } } } },
  };
}

describe('renderPodTemplate', () => {
  test('defaults', () => {
    const t = render();
    expect(t.spec.securityContext).toEqual({ runAsNonRoot: true, runAsUser: 185, runAsGroup: 185, fsGroup: 185, seccompProfile: { type: 'RuntimeDefault' } });
    expect(t.spec.containers[0].securityContext).toEqual({
      allowPrivilegeEscalation: false, privileged: false, readOnlyRootFilesystem: true, runAsNonRoot: true, runAsUser: 185, capabilities: { drop: ['ALL'] },
    });
    expect(t.spec.automountServiceAccountToken).toBe(false);
    expect(t.spec.volumes).toEqual([{ name: 'tmp', emptyDir: {} }, { name: 'spark-work-dir', emptyDir: {} }]);
    expect(t.spec.containers[0].volumeMounts).toEqual([{ name: 'tmp', mountPath: '/tmp' }, { name: 'spark-work-dir', mountPath: '/opt/spark/work-dir' }]);
    expect(t.metadata).toBeUndefined();
    expectValid([deployment(t)]);
  });

  test('Spark processes also get a local directory Spark recognises', () => {
    const t = render({}, { sparkLocalDir: true });
    expect(t.spec.volumes).toContainEqual({ name: 'spark-local-dir-1', emptyDir: {} });
    expect(t.spec.containers[0].volumeMounts).toContainEqual({ name: 'spark-local-dir-1', mountPath: '/var/data/spark-local-dir-1' });
  });

  test.each<[string, PodSecurityOptions, (t: any) => void, string]>([
    ['runAsUser', { runAsUser: 1001 }, (t) => expect(t.spec.securityContext.runAsUser).toBe(1001), ''],
    ['runAsGroup', { runAsGroup: 2000 }, (t) => expect(t.spec.securityContext.runAsGroup).toBe(2000), ''],
    ['fsGroup', { fsGroup: 3000 }, (t) => expect(t.spec.securityContext.fsGroup).toBe(3000), ''],
    ['runAsNonRoot', { runAsNonRoot: false }, (t) => expect(t.spec.securityContext.runAsNonRoot).toBe(false), 'runAsNonRoot'],
    ['seccompRuntimeDefault', { seccompRuntimeDefault: false }, (t) => expect(t.spec.securityContext.seccompProfile).toBeUndefined(), 'seccomp'],
    ['readOnlyRootFilesystem', { readOnlyRootFilesystem: false }, (t) => {
      expect(t.spec.containers[0].securityContext.readOnlyRootFilesystem).toBe(false);
      expect(t.spec.volumes).toBeUndefined();
      expect(t.metadata.annotations[WRITABLE_ROOT_ANNOTATION]).toBe('readOnlyRootFilesystem switched off');
    }, ''],
    ['dropAllCapabilities', { dropAllCapabilities: false }, (t) => expect(t.spec.containers[0].securityContext.capabilities).toBeUndefined(), 'capabilities'],
    ['allowPrivilegeEscalation', { allowPrivilegeEscalation: true }, (t) => expect(t.spec.containers[0].securityContext.allowPrivilegeEscalation).toBe(true), 'allowPrivilegeEscalation'],
  ])('the %s default can be switched off', (_name, security, check, flaggedRule) => {
    const t = render({ security });
    check(t);
    const violations = validateManifests([deployment(t)]);
    if (flaggedRule) {
      // Switching a restricted default off is visible to the harness.
      expect(violations.map((v) => `${v.path} ${v.message}`).join('\n')).toMatch(new RegExp(flaggedRule, 'i'));
    } else {
      expect(violations).toEqual([]);
    }
  });

  test('env order is kept and construct env comes first', () => {
    const t = render({ env: { B: EnvValue.fromValue('2'), A: EnvValue.fromValue('1') } }, {
      container: { name: 'main', image: 'apache/spark:4.0.4', imagePullPolicy: 'IfNotPresent', env: [{ name: 'SPARK_NO_DAEMONIZE', value: 'true' }], resources: { requests: { cpu: '1', memory: '1Gi' }, limits: { memory: '1Gi' } } },
    });
    expect(t.spec.containers[0].env.map((e: any) => e.name)).toEqual(['SPARK_NO_DAEMONIZE', 'B', 'A']);
  });

  test('fails on a negative-free but fractional grace period', () => {
    expect(() => render({ terminationGracePeriod: Duration.millis(1500) }))
      .toThrow('[test] \'server.terminationGracePeriod\' must be a whole number of seconds, at least 0, got \'1.5s\'; use Duration.seconds(30) or similar');
  });

  test('fails on a privileged sidecar', () => {
    expect(messageOf(() => render({ sidecars: [{ name: 'x', image: 'busybox:1.37', securityContext: { privileged: true } }] })))
      .toBe(`[test] 'server.sidecars[0].securityContext.privileged' is forbidden by the restricted Pod Security Standard, got true; remove it${optOutFix('WEAKER_SIDECAR')}`);
  });
});

describe('security opt-outs are recorded on the pod', () => {
  test('nothing is recorded when none is listed', () => {
    expect(render({}, { optOuts: [] }).metadata).toBeUndefined();
  });

  test('every listed opt-out is recorded once, sorted, next to the other annotations', () => {
    const t = render({ annotations: { team: 'etl' }, security: { readOnlyRootFilesystem: false } },
      { optOuts: [SecurityOptOut.WEAKER_SIDECAR, SecurityOptOut.SENSITIVE_MOUNT, SecurityOptOut.WEAKER_SIDECAR], annotations: { 'spark.cdk8s.io/config-checksum': 'abc' } });
    expect(t.metadata.annotations).toEqual({
      'spark.cdk8s.io/config-checksum': 'abc',
      [SECURITY_OPT_OUTS_ANNOTATION]: 'sensitive-mount,weaker-sidecar',
      [WRITABLE_ROOT_ANNOTATION]: 'readOnlyRootFilesystem switched off',
      'team': 'etl',
    });
  });

  test.each([SECURITY_OPT_OUTS_ANNOTATION, WRITABLE_ROOT_ANNOTATION])('fails on a user annotation %s, which only the library may write', (key) => {
    expect(messageOf(() => render({ annotations: { [key]: '' } })))
      .toBe(`[test] 'server.annotations.${key}' is reserved for the library, which records the pod's security exceptions there, got ''; remove it`);
  });
});

describe('healthy input renders as before', () => {
  test('a pod with every kind of valid setting', () => {
    const t = render({
      env: { MODE: EnvValue.fromValue('batch') },
      volumes: [{ volume: SparkVolume.fromEmptyDir('cache'), path: '/cache', readOnly: false }],
      nodeSelector: { pool: 'spark' },
      tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'spark', effect: 'NoSchedule' }],
      priorityClassName: 'spark-batch',
      sidecars: [SIDECAR],
      ports: [{ name: 'metrics', number: 9090 }],
    });
    expect(t).toEqual({
      spec: {
        automountServiceAccountToken: false,
        securityContext: { runAsNonRoot: true, runAsUser: 185, runAsGroup: 185, fsGroup: 185, seccompProfile: { type: 'RuntimeDefault' } },
        containers: [
          {
            name: 'main',
            image: 'apache/spark:4.0.4',
            imagePullPolicy: 'IfNotPresent',
            env: [{ name: 'MODE', value: 'batch' }],
            ports: [{ name: 'metrics', containerPort: 9090, protocol: 'TCP' }],
            resources: { requests: { cpu: '1', memory: '1Gi' }, limits: { memory: '1Gi' } },
            securityContext: { allowPrivilegeEscalation: false, privileged: false, readOnlyRootFilesystem: true, runAsNonRoot: true, runAsUser: 185, capabilities: { drop: ['ALL'] } },
            volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }, { name: 'spark-work-dir', mountPath: '/opt/spark/work-dir' }, { name: 'cache', mountPath: '/cache', readOnly: false }],
          },
          {
            name: 'proxy',
            image: 'envoyproxy/envoy:v1.33.0',
            imagePullPolicy: 'IfNotPresent',
            resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '64Mi' } },
            securityContext: { allowPrivilegeEscalation: false, privileged: false, readOnlyRootFilesystem: true, runAsNonRoot: true, runAsUser: 185, capabilities: { drop: ['ALL'] } },
          },
        ],
        volumes: [{ name: 'tmp', emptyDir: {} }, { name: 'spark-work-dir', emptyDir: {} }, { name: 'cache', emptyDir: {} }],
        nodeSelector: { pool: 'spark' },
        tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'spark', effect: 'NoSchedule' }],
        priorityClassName: 'spark-batch',
      },
    });
    expectValid([deployment(t)]);
  });
});

describe('renderPodTemplate: Spark\'s local directory', () => {
  const localDir = (t: any) => t.spec.volumes.find((v: any) => v.name === 'spark-local-dir-1');

  test('on disk (true), or with a medium and a size limit', () => {
    expect(localDir(render({}, { sparkLocalDir: true }))).toEqual({ name: 'spark-local-dir-1', emptyDir: {} });
    expect(localDir(render({}, { sparkLocalDir: { medium: 'Memory', sizeLimit: '4Gi' } }))).toEqual({ name: 'spark-local-dir-1', emptyDir: { medium: 'Memory', sizeLimit: '4Gi' } });
    expect(render({}, { sparkLocalDir: false }).spec.volumes.map((v: any) => v.name)).toEqual(['tmp', 'spark-work-dir']);
  });

  test('a role volume named spark-local-dir-* replaces the default, unless a prop chose the directory', () => {
    const own = { volumes: [{ volume: SparkVolume.fromEmptyDir('spark-local-dir-1', {}), path: '/scratch' }] };
    expect(render(own, { sparkLocalDir: true }).spec.containers[0].volumeMounts).toContainEqual({ name: 'spark-local-dir-1', mountPath: '/scratch' });
    expect(messageOf(() => render(own, { sparkLocalDir: { medium: 'Memory' }, localDirsProp: 'localDirs' })))
      .toBe('[test] \'localDirs\' clashes with the volume \'spark-local-dir-1\' of \'server.volumes\' (a volume named spark-local-dir-* is Spark\'s local directory), '
        + 'got \'spark-local-dir-1\'; remove the volume, or remove \'localDirs\'');
  });
});
