import { k8s } from 'cdk8s-plus-28';
import { messageOf, optOutFix, render, SIDECAR } from './render';
import { SecurityOptOut } from '../../src';
import { SECURITY_OPT_OUTS_ANNOTATION } from '../../src/pod/_security-opt-outs';

const WEAKER = optOutFix('WEAKER_SIDECAR');
const HARDENED = { allowPrivilegeEscalation: false, privileged: false, readOnlyRootFilesystem: true, runAsNonRoot: true, runAsUser: 185, capabilities: { drop: ['ALL'] } };

function sidecar(securityContext: k8s.SecurityContext): k8s.Container {
  return { ...SIDECAR, securityContext };
}

describe('the pod\'s security settings', () => {
  test('fails on runAsUser 0 while runAsNonRoot is true (the kubelet would refuse to start it)', () => {
    expect(messageOf(() => render({ security: { runAsUser: 0 } })))
      .toBe('[test] \'server.security.runAsUser\' must not be 0 while runAsNonRoot is true (the kubelet refuses to start a container that runs as root), got 0; use a non-root uid such as 185, or also set runAsNonRoot: false');
  });

  test('names the construct\'s default security prop when the pod has none of its own', () => {
    expect(messageOf(() => render({}, { defaultSecurity: { runAsUser: 0 } })))
      .toBe('[test] \'security.runAsUser\' must not be 0 while runAsNonRoot is true (the kubelet refuses to start a container that runs as root), got 0; use a non-root uid such as 185, or also set runAsNonRoot: false');
    expect(messageOf(() => render({}, { defaultSecurity: { runAsUser: 0 }, defaultSecurityProp: 'pods.security' })))
      .toMatch(/^\[test\] 'pods\.security\.runAsUser' must not be 0/);
  });

  test('root with runAsNonRoot off is the user\'s explicit choice (the harness flags it)', () => {
    expect(render({ security: { runAsUser: 0, runAsNonRoot: false } }).spec.securityContext).toMatchObject({ runAsUser: 0, runAsNonRoot: false });
  });

  test.each<[string, number]>([['runAsUser', -1], ['runAsGroup', 1.5], ['fsGroup', 2147483648]])('fails on %s %j', (field, id) => {
    expect(messageOf(() => render({ security: { [field]: id } })))
      .toBe(`[test] 'server.security.${field}' must be a whole number from 0 to 2147483647, got ${id}; use e.g. 185 (the spark user of the apache/spark image)`);
  });
});

describe('sidecars may not weaken the pod\'s hardening', () => {
  test('a sidecar without its own context gets the pod\'s', () => {
    expect(render({ sidecars: [SIDECAR] }).spec.containers[1].securityContext).toEqual(HARDENED);
  });

  test('settings as strong as the pod\'s, or stronger, are kept', () => {
    const t = render({ sidecars: [sidecar({ runAsUser: 1000, runAsGroup: 1000, capabilities: { add: ['NET_BIND_SERVICE'] }, seccompProfile: { type: 'Localhost', localhostProfile: 'profiles/envoy.json' } })] });
    expect(t.spec.containers[1].securityContext).toEqual({
      ...HARDENED, runAsUser: 1000, runAsGroup: 1000, capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] }, seccompProfile: { type: 'Localhost', localhostProfile: 'profiles/envoy.json' },
    });
  });

  test.each<[string, k8s.SecurityContext, string, string, string]>([
    ['privileged', { privileged: true }, 'privileged', 'true', 'is forbidden by the restricted Pod Security Standard, got true; remove it'],
    ['privilege escalation', { allowPrivilegeEscalation: true }, 'allowPrivilegeEscalation', 'true',
      'must not be true while the pod\'s containers run without privilege escalation (the restricted Pod Security Standard requires false), got true; remove it'],
    ['runAsNonRoot false', { runAsNonRoot: false }, 'runAsNonRoot', 'false', 'must not be false while the pod runs as non-root (the container could run as root), got false; remove it'],
    ['root with runAsNonRoot false', { runAsNonRoot: false, runAsUser: 0 }, 'runAsNonRoot', 'false', 'must not be false while the pod runs as non-root (the container could run as root), got false; remove it'],
    ['an added capability', { capabilities: { add: ['NET_BIND_SERVICE', 'SYS_ADMIN', 'NET_RAW'] } }, 'capabilities.add', '[\'SYS_ADMIN\', \'NET_RAW\']',
      'must add no capability other than NET_BIND_SERVICE (the restricted Pod Security Standard), got [\'SYS_ADMIN\', \'NET_RAW\']; remove the others'],
    ['a drop list without ALL', { capabilities: { drop: ['NET_RAW'] } }, 'capabilities.drop', '[\'NET_RAW\']',
      'must include \'ALL\' like the rest of the pod (the restricted Pod Security Standard), got [\'NET_RAW\']; add \'ALL\' to it, or remove it'],
    ['a writable root filesystem', { readOnlyRootFilesystem: false }, 'readOnlyRootFilesystem', 'false',
      'must not be false while the pod\'s root filesystem is read-only, got false; remove it and let the container write to a mounted emptyDir'],
    ['an unconfined seccomp profile', { seccompProfile: { type: 'Unconfined' } }, 'seccompProfile.type', '\'Unconfined\'',
      'must not be \'Unconfined\' (the baseline Pod Security Standard forbids it), got \'Unconfined\'; remove it to keep the pod\'s RuntimeDefault profile'],
    ['an unmasked /proc', { procMount: 'Unmasked' }, 'procMount', '\'Unmasked\'', 'must be \'Default\' (the baseline Pod Security Standard), got \'Unmasked\'; remove it'],
  ])('fails on %s without SecurityOptOut.WEAKER_SIDECAR', (_what, securityContext, field, _value, rest) => {
    expect(messageOf(() => render({ sidecars: [sidecar(securityContext)] })))
      .toBe(`[test] 'server.sidecars[0].securityContext.${field}' ${rest}${WEAKER}`);
  });

  test('init containers are held to the same rules', () => {
    expect(messageOf(() => render({ initContainers: [sidecar({ allowPrivilegeEscalation: true })] })))
      .toMatch(/^\[test\] 'server\.initContainers\[0\]\.securityContext\.allowPrivilegeEscalation' must not be true/);
  });

  test('fails on root while runAsNonRoot stays true, opt-out or not (the kubelet would refuse it)', () => {
    for (const optOuts of [[], [SecurityOptOut.WEAKER_SIDECAR]]) {
      expect(messageOf(() => render({ sidecars: [sidecar({ runAsUser: 0 })] }, { optOuts })))
        .toBe('[test] \'server.sidecars[0].securityContext.runAsUser\' must not be 0 while runAsNonRoot is true (the kubelet refuses to start a container that runs as root), got 0; use a non-root uid such as 185');
    }
  });

  test('fails on a Localhost seccomp profile without a profile, opt-out or not', () => {
    expect(messageOf(() => render({ sidecars: [sidecar({ seccompProfile: { type: 'Localhost' } })] }, { optOuts: [SecurityOptOut.WEAKER_SIDECAR] })))
      .toBe('[test] \'server.sidecars[0].securityContext.seccompProfile.localhostProfile\' must be set when the type is \'Localhost\' (the API server refuses it otherwise), got nothing; name the profile file under the kubelet\'s seccomp directory, e.g. \'profiles/sidecar.json\'');
  });

  test('fails on an unknown seccomp profile type', () => {
    expect(messageOf(() => render({ sidecars: [sidecar({ seccompProfile: { type: 'runtime/default' } })] })))
      .toBe('[test] \'server.sidecars[0].securityContext.seccompProfile.type\' must be \'RuntimeDefault\', \'Localhost\' or \'Unconfined\', got \'runtime/default\'; remove it to keep the pod\'s RuntimeDefault profile');
  });

  test('fails on a localhostProfile with another type', () => {
    expect(messageOf(() => render({ sidecars: [sidecar({ seccompProfile: { type: 'RuntimeDefault', localhostProfile: 'p.json' } })] })))
      .toBe('[test] \'server.sidecars[0].securityContext.seccompProfile.localhostProfile\' must only be set when the type is \'Localhost\', not \'RuntimeDefault\', got \'p.json\'; remove it, or use the type \'Localhost\'');
  });

  test('with the opt-out a weaker sidecar is rendered as asked and the pod records it', () => {
    const t = render({ sidecars: [sidecar({ privileged: true, runAsNonRoot: false, runAsUser: 0, capabilities: { add: ['NET_ADMIN'] } })] }, { optOuts: [SecurityOptOut.WEAKER_SIDECAR] });
    expect(t.spec.containers[1].securityContext).toEqual({ ...HARDENED, privileged: true, runAsNonRoot: false, runAsUser: 0, capabilities: { drop: ['ALL'], add: ['NET_ADMIN'] } });
    expect(t.spec.containers[0].securityContext).toEqual(HARDENED);
    expect(t.metadata.annotations).toEqual({ [SECURITY_OPT_OUTS_ANNOTATION]: 'weaker-sidecar' });
  });

  test('what the pod itself switched off is not weaker in a sidecar', () => {
    const t = render({
      security: { allowPrivilegeEscalation: true, readOnlyRootFilesystem: false, seccompRuntimeDefault: false, dropAllCapabilities: false },
      sidecars: [sidecar({ allowPrivilegeEscalation: true, readOnlyRootFilesystem: false, seccompProfile: { type: 'Unconfined' }, capabilities: { drop: ['NET_RAW'] } })],
    });
    expect(t.spec.containers[1].securityContext).toMatchObject({ allowPrivilegeEscalation: true, readOnlyRootFilesystem: false, seccompProfile: { type: 'Unconfined' }, capabilities: { drop: ['NET_RAW'] } });
  });

  test('the message names the prop that holds the opt-outs', () => {
    expect(messageOf(() => render({ sidecars: [sidecar({ privileged: true })] }, { optOutProp: 'driver.securityOptOuts' })))
      .toBe(`[test] 'server.sidecars[0].securityContext.privileged' is forbidden by the restricted Pod Security Standard, got true; remove it${optOutFix('WEAKER_SIDECAR', 'driver.securityOptOuts')}`);
  });
});
