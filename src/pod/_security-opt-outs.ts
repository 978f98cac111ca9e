import { IConstruct } from 'constructs';
import { SecurityOptOut } from './security-opt-out';
import { fail } from '../_validation';

/** The annotation that records the opt-outs a construct or pod uses. */
export const SECURITY_OPT_OUTS_ANNOTATION = 'spark.cdk8s.io/security-opt-outs';

/** The enum member's name, for messages (`SecurityOptOut.WEAKER_SIDECAR`). */
function memberName(optOut: SecurityOptOut): string {
  return Object.entries(SecurityOptOut).find(([, v]) => v === optOut)?.[0] ?? optOut;
}

/**
 * Refuses an insecure choice unless its opt-out is listed. The fix names both
 * ways out: the secure setting, or the named opt-out (recorded in the output).
 */
export function requireOptOut(
  scope: IConstruct, where: string, value: unknown, optOuts: SecurityOptOut[] | undefined, optOut: SecurityOptOut, optOutProp: string,
  requirement: string, fix: string,
): void {
  if ((optOuts ?? []).includes(optOut)) return;
  fail(scope, where, value, requirement, `${fix}, or accept the risk with SecurityOptOut.${memberName(optOut)} in '${optOutProp}' (recorded in the annotation ${SECURITY_OPT_OUTS_ANNOTATION})`);
}

/** The annotation recording the listed opt-outs, sorted, or nothing when none is listed. */
export function optOutAnnotations(optOuts: SecurityOptOut[] | undefined): { [key: string]: string } {
  if (!optOuts?.length) return {};
  const listed = [...new Set(optOuts ?? [])].sort();
  return listed.length ? { [SECURITY_OPT_OUTS_ANNOTATION]: listed.join(',') } : {};
}
