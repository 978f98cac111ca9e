import { Size, SizeRoundingBehavior } from 'cdk8s';

/**
 * Memory and cores as Spark and Kubernetes spell them.
 *
 * Spark reads byte strings with a binary unit (`4g` = 4 GiB, `512m` = 512 MiB)
 * and no fraction; Kubernetes reads quantities (`4Gi`, `1408Mi`). Internally
 * everything is counted in KiB so no rounding happens.
 */

const KIB_PER_MIB = 1024;
const KIB_PER_GIB = 1024 * 1024;

/** Spark's minimum memory overhead (`spark.driver.minMemoryOverhead`, 384 MiB). */
export const MIN_MEMORY_OVERHEAD_MIB = 384;
/** Default overhead factor for JVM applications. */
export const JVM_OVERHEAD_FACTOR = 0.1;
/** Default overhead factor for PySpark and SparkR applications on Kubernetes. */
export const NON_JVM_OVERHEAD_FACTOR = 0.4;

/** A size in whole KiB, or undefined when it is not a whole number of KiB. */
export function wholeKibibytes(size: Size): number | undefined {
  const kib = size.toKibibytes({ rounding: SizeRoundingBehavior.NONE });
  return Number.isInteger(kib) ? kib : undefined;
}

/** Spark's spelling of a size: `4g`, `1536m` or `512k`. */
export function sparkMemoryString(kib: number): string {
  if (kib % KIB_PER_GIB === 0) return `${kib / KIB_PER_GIB}g`;
  if (kib % KIB_PER_MIB === 0) return `${kib / KIB_PER_MIB}m`;
  return `${kib}k`;
}

/**
 * The canonical Kubernetes quantity of a size, in the largest binary suffix
 * that keeps it whole: `4Gi`, `1408Mi`, `100Ki`, `1Ti` (not `1024Gi`, which
 * the API server would store as `1Ti`).
 */
export function kubernetesQuantity(kib: number): string {
  if (kib === 0) return '0';
  let value = kib;
  let power = 0;
  while (power < 5 && value % 1024 === 0) {
    value /= 1024;
    power++;
  }
  return `${value}${['Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'][power]}`;
}

/**
 * Spark's memory overhead for a container, in KiB:
 * max(factor × memory, 384 MiB), computed on whole MiB as Spark does.
 */
export function memoryOverheadKibibytes(memoryKib: number, factor: number): number {
  const memoryMib = Math.floor(memoryKib / KIB_PER_MIB);
  return Math.max(Math.floor(factor * memoryMib), MIN_MEMORY_OVERHEAD_MIB) * KIB_PER_MIB;
}

/**
 * Why a string is not a Spark byte string with an explicit unit, or
 * undefined when it is one. Returns the size in KiB through `out`.
 */
export function sparkMemoryProblem(value: string): { problem?: string; fix?: string; kib?: number } {
  const m = /^(\d+)(k|kb|m|mb|g|gb|t|tb|p|pb)$/i.exec(value.trim());
  if (m) {
    const factor: { [unit: string]: number } = { k: 1, m: KIB_PER_MIB, g: KIB_PER_GIB, t: KIB_PER_GIB * 1024, p: KIB_PER_GIB * 1024 * 1024 };
    return { kib: Number(m[1]) * factor[m[2][0].toLowerCase()] };
  }
  const k8s = /^(\d+)(Ki|Mi|Gi|Ti)$/.exec(value.trim());
  if (k8s) {
    return {
      problem: 'must be a Spark size such as \'4g\' or \'512m\' (Spark does not read Kubernetes units like \'Gi\')',
      fix: `use '${k8s[1]}${k8s[2][0].toLowerCase()}'`,
    };
  }
  const fraction = /^(\d*\.\d+)([kmgtp])b?$/i.exec(value.trim());
  if (fraction) {
    const unit = fraction[2].toLowerCase();
    const smaller: { [unit: string]: string } = { m: 'k', g: 'm', t: 'g', p: 't' };
    const next = smaller[unit];
    const fix = next ? `use '${Math.round(Number(fraction[1]) * 1024)}${next}'` : 'use a whole number of KiB';
    return { problem: 'must be a whole number with a unit (Spark does not read fractions)', fix };
  }
  if (/^\d+$/.test(value.trim())) {
    return {
      problem: 'must carry a unit (without one Spark guesses the unit per setting)',
      fix: `use '${value.trim()}m' if you meant MiB${Number(value) % 1024 === 0 && Number(value) > 0 ? ` (or '${Number(value) / 1024}g')` : ''}`,
    };
  }
  return { problem: 'must be a Spark size such as \'4g\' or \'512m\'', fix: 'use a whole number followed by k, m, g or t' };
}
