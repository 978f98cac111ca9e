import { Size, SizeRoundingBehavior } from 'cdk8s';
import type { Cpu } from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { checkString, fail } from '../_validation';
import { SecurityOptOut } from '../pod/security-opt-out';
import { SparkVersion } from '../spark/spark-version';

/**
 * Runtime checks of construct props, for JavaScript callers (and `as any`):
 * a value of the wrong type gets the library's message with the construct
 * path, the prop, the value and the fix, never a TypeError from deep inside
 * a renderer or a raw cdk8s conversion error (`Duration.seconds(1/3)`,
 * `Size.gibibytes(1.3)`). Used by the constructs of rbac/ and the backends
 * above it (the lowest layer they all import). The plain types (string,
 * boolean, number, enum, list and map) have their home in `_validation.ts`
 * and are re-exported here.
 */
export { checkBoolean, checkEnum, checkNumber, checkString, checkStringList, checkStringMap } from '../_validation';

/** Fails unless the props are an object (a JavaScript caller may pass nothing or a string). */
export function checkPropsObject(scope: IConstruct, props: unknown, example: string): void {
  if (props === null || typeof props !== 'object' || Array.isArray(props)) {
    fail(scope, 'props', props, 'must be an object of props', `pass e.g. ${example}`);
  }
}

/** Fails unless an optional group of options, when given, is an object. */
export function checkObject(scope: IConstruct, prop: string, value: unknown, example: string): void {
  if (value !== undefined && (value === null || typeof value !== 'object' || Array.isArray(value))) {
    fail(scope, prop, value, 'must be an object', `pass e.g. ${example}`);
  }
}

/** Fails unless a required value is a string. */
export function checkRequiredString(scope: IConstruct, prop: string, value: unknown, example: string): void {
  if (value === undefined || value === null) {
    fail(scope, prop, value, 'must be set', `pass e.g. '${example}'`);
  }
  checkString(scope, prop, value);
}

/** Fails unless a value, when given, is a `SparkVersion`. */
export function checkSparkVersion(scope: IConstruct, prop: string, value: unknown): void {
  if (value === undefined || (typeof (value as SparkVersion)?.version === 'string' && typeof (value as SparkVersion).isAtLeast === 'function')) return;
  const fix = typeof value === 'string' && /^\d+\.\d+\.\d+$/.test(value) ? `use SparkVersion.of('${value}')` : 'use e.g. SparkVersion.V4_0_4';
  fail(scope, prop, value, 'must be a SparkVersion', fix);
}

/** Fails unless a value, when given, is a key of a Secret (`{ secret, key }`, a cdk8s-plus `SecretValue`). */
export function checkSecretValue(scope: IConstruct, prop: string, value: unknown): void {
  if (value === undefined) return;
  const v = value as { secret?: { name?: unknown }; key?: unknown };
  if (typeof v?.secret?.name !== 'string' || typeof v.key !== 'string' || v.key === '') {
    fail(scope, prop, typeof value === 'string' ? '<redacted>' : value, 'must be a key of a Kubernetes Secret ({ secret, key })',
      'pass { secret: Secret.fromSecretName(this, \'Auth\', \'spark-auth\'), key: \'secret\' }');
  }
}

/** Whether a value is a cdk8s `Size` (duck-typed: an App may load more than one copy of cdk8s). */
function isSize(value: unknown): value is Size {
  return typeof (value as Size)?.toKibibytes === 'function';
}

/** A `Size` as a positive whole number of KiB, or the library's message for anything else. */
export function sizeKibibytes(scope: IConstruct, prop: string, size: unknown, fix: string): number {
  if (!isSize(size)) {
    fail(scope, prop, size, 'must be a Size', fix);
  }
  const kib = size.toKibibytes({ rounding: SizeRoundingBehavior.NONE });
  if (!Number.isInteger(kib) || kib <= 0) {
    fail(scope, prop, `${kib} KiB`, 'must be a positive whole number of KiB', fix);
  }
  return kib;
}

/** Whether a value is a cdk8s `Duration` (duck-typed). */
function isDuration(value: unknown): value is { toMilliseconds(opts?: { integral?: boolean }): number } {
  return typeof (value as any)?.toMilliseconds === 'function';
}

/**
 * A `Duration` as whole seconds of at least `min`, or the library's message
 * for anything else (read without cdk8s' integral conversion, which throws
 * its own error on `Duration.seconds(1/3)`).
 */
export function durationSeconds(scope: IConstruct, prop: string, duration: unknown, min: number, fix: string): number {
  if (!isDuration(duration)) {
    fail(scope, prop, duration, 'must be a Duration', fix);
  }
  const seconds = duration.toMilliseconds({ integral: false }) / 1000;
  if (!Number.isInteger(seconds) || seconds < min) {
    fail(scope, prop, `${seconds}s`, `must be a whole number of seconds, at least ${min}`, fix);
  }
  return seconds;
}

/** A `Cpu` as positive whole millicores (Kubernetes refuses finer CPU quantities), or the library's message. */
export function cpuMillicores(scope: IConstruct, prop: string, cpu: unknown): number {
  if (typeof (cpu as Cpu)?.amount !== 'string') {
    fail(scope, prop, cpu, 'must be a Cpu', 'use Cpu.millis(500) or Cpu.units(1)');
  }
  const amount = (cpu as Cpu).amount;
  const millis = amount.endsWith('m') ? Number(amount.slice(0, -1)) : Number(amount) * 1000;
  if (!(millis > 0) || !Number.isFinite(millis)) {
    fail(scope, prop, amount, 'must be a positive CPU quantity', 'use Cpu.millis(500) or Cpu.units(1)');
  }
  if (!Number.isInteger(Math.round(millis * 1e6) / 1e6)) {
    fail(scope, prop, amount, 'must be a whole number of millicores (Kubernetes refuses finer CPU quantities)', `use Cpu.millis(${Math.round(millis) || 1})`);
  }
  return Math.round(millis);
}

/** The enum member's name, for messages (`SecurityOptOut.SYSTEM_NAMESPACE`). */
export function optOutName(optOut: SecurityOptOut): string {
  return `SecurityOptOut.${Object.entries(SecurityOptOut).find(([, v]) => v === optOut)?.[0] ?? optOut}`;
}

/** The opt-outs a pod renderer judges (sidecars, mounts, priority classes): they pass through to it. */
export const POD_OPT_OUTS: SecurityOptOut[] = [SecurityOptOut.WEAKER_SIDECAR, SecurityOptOut.SENSITIVE_MOUNT, SecurityOptOut.SYSTEM_PRIORITY_CLASS];

/** What a construct accepts in `securityOptOuts`. */
export interface OptOutRules {
  /** What the construct is called in messages (`a SparkOperator`). */
  readonly construct: string;
  /** The construct's own opt-outs, each with whether the construct takes that risk. */
  readonly own: { [optOut: string]: boolean };
  /** Whether its pods take the pod renderer's opt-outs. */
  readonly pods: boolean;
}

/**
 * Checks `securityOptOuts`: a list of `SecurityOptOut` values that apply to
 * the construct, each of its own ones needed (an opt-out nothing needs would
 * be recorded in the annotation as a risk that is not taken).
 */
export function checkSecurityOptOuts(scope: IConstruct, optOuts: unknown, rules: OptOutRules): SecurityOptOut[] {
  if (optOuts === undefined) return [];
  const prop = 'securityOptOuts';
  const applicable = [...Object.keys(rules.own) as SecurityOptOut[], ...(rules.pods ? POD_OPT_OUTS : [])];
  if (!Array.isArray(optOuts)) {
    fail(scope, prop, optOuts, 'must be a list of SecurityOptOut values', `use e.g. [${optOutName(applicable[0])}]`);
  }
  optOuts.forEach((optOut, i) => {
    if (!Object.values(SecurityOptOut).includes(optOut)) {
      fail(scope, `${prop}[${i}]`, optOut, 'must be a SecurityOptOut', `use one of ${applicable.map(optOutName).join(', ')}`);
    }
    if (!applicable.includes(optOut)) {
      fail(scope, `${prop}[${i}]`, optOut, `is ${optOutName(optOut)}, which does not apply to ${rules.construct}`,
        `remove it (${rules.construct} accepts ${applicable.map(optOutName).join(', ')})`);
    }
    if (rules.own[optOut] === false) {
      fail(scope, `${prop}[${i}]`, optOut, `is ${optOutName(optOut)}, but this construct does not take that risk`,
        'remove it, so the annotation records only the risks taken');
    }
  });
  return optOuts;
}

/** The namespaces Kubernetes itself runs in. */
const SYSTEM_NAMESPACES = ['kube-system', 'kube-public', 'kube-node-lease'];

/**
 * A system namespace as the operator's own namespace to create (also
 * `default`, which every cluster relies on: a release that manages it may
 * prune or delete it), or as a job namespace of the operator or of a driver
 * account (`kube-system`, `kube-public`, `kube-node-lease`): allowed only
 * with `SecurityOptOut.SYSTEM_NAMESPACE`.
 */
export function systemNamespaceProblem(what: 'createNamespace' | 'jobNamespaces', namespace: string): { requirement: string; fix: string } | undefined {
  if (what === 'createNamespace' && (SYSTEM_NAMESPACES.includes(namespace) || namespace === 'default')) {
    return {
      requirement: `would emit and manage the Namespace '${namespace}', which Kubernetes ${namespace === 'default' ? 'creates and every cluster relies on' : 'itself runs in'} (pruning or deleting it with the release breaks the cluster)`,
      fix: 'install the operator in a namespace of its own, e.g. \'spark-operator\'',
    };
  }
  if (what === 'jobNamespaces' && SYSTEM_NAMESPACES.includes(namespace)) {
    return {
      requirement: `makes '${namespace}', in which Kubernetes itself runs, a job namespace: the operator and the Spark driver account would create and delete pods there`,
      fix: 'run Spark jobs in a namespace of their own, e.g. \'spark-jobs\'',
    };
  }
  return undefined;
}
