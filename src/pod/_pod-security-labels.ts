import { IConstruct } from 'constructs';
import { PodSecurityLevel } from './pod-security-level';
import { checkEnum, checkString, fail } from '../_validation';

/**
 * The Pod Security admission labels of a Namespace: enforce, audit and warn
 * at one level and version (the admission controller reads
 * `pod-security.kubernetes.io/<mode>` and `<mode>-version`).
 */
export function podSecurityLabels(level: PodSecurityLevel = PodSecurityLevel.RESTRICTED, version: string = 'latest'): { [key: string]: string } {
  const labels: { [key: string]: string } = {};
  for (const mode of ['enforce', 'audit', 'warn']) {
    labels[`pod-security.kubernetes.io/${mode}`] = level;
    labels[`pod-security.kubernetes.io/${mode}-version`] = version;
  }
  return labels;
}

/** Checks a Pod Security level and version as props give them. */
export function checkPodSecurity(scope: IConstruct, level: unknown, version: unknown, props = { level: 'podSecurityLevel', version: 'podSecurityVersion' }): void {
  checkEnum(scope, props.level, level, PodSecurityLevel, 'PodSecurityLevel');
  checkString(scope, props.version, version);
  if (typeof version === 'string' && !/^(latest|v1\.(0|[1-9][0-9]*))$/.test(version)) {
    const minor = /^v?1\.(0|[1-9][0-9]*)(\.[0-9]+)?$/.exec(version);
    fail(scope, props.version, version, 'must be \'latest\' or a Kubernetes minor version such as \'v1.33\' (the Pod Security admission controller reads no other)',
      minor ? `use 'v1.${minor[1]}'` : 'use \'latest\'');
  }
}
