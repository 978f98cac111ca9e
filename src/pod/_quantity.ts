import { kubernetesQuantity } from '../spark/_memory';

/**
 * Kubernetes quantities of bytes (k8s.io/apimachinery/pkg/api/resource,
 * quantity.go): a signed decimal number with a binary suffix (Ki … Ei), a
 * decimal suffix (m, k, M … E) or an exponent (e3, E-2), or none.
 */
const QUANTITY = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(?:(Ki|Mi|Gi|Ti|Pi|Ei)|[eE]([+-]?\d+)|(m|k|M|G|T|P|E)?)$/;
const BINARY: { [suffix: string]: number } = { Ki: 1, Mi: 2, Gi: 3, Ti: 4, Pi: 5, Ei: 6 };
const DECIMAL: { [suffix: string]: number } = { m: -3, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
/** Quantities above int64 bytes are refused by the API server. */
const MAX_BYTES = 2n ** 63n - 1n;

/** A byte quantity, parsed exactly. */
export interface ByteQuantity {
  /** Sign of the value. */
  readonly sign: -1 | 0 | 1;
  /** The value in bytes, when it is a whole number of bytes. */
  readonly bytes?: bigint;
  /** Whether the value exceeds int64 bytes. */
  readonly tooLarge: boolean;
  /** The binary suffix, if any. */
  readonly binarySuffix?: string;
}

/** Parses a Kubernetes quantity exactly, or undefined when the string is not one. */
export function parseByteQuantity(text: string): ByteQuantity | undefined {
  const m = QUANTITY.exec(text);
  if (!m) return undefined;
  const [, sign, number, binary, exponent, decimal] = m;
  const [whole, fraction = ''] = number.split('.');
  let num = BigInt(`${whole}${fraction}` || '0');
  let den = 10n ** BigInt(fraction.length);
  const power = exponent !== undefined ? Number(exponent) : DECIMAL[decimal ?? ''] ?? 0;
  if (Math.abs(power) > 40) {
    return { sign: num === 0n ? 0 : sign === '-' ? -1 : 1, tooLarge: power > 0 && num !== 0n };
  }
  if (binary) num *= 1024n ** BigInt(BINARY[binary]);
  if (power >= 0) num *= 10n ** BigInt(power); else den *= 10n ** BigInt(-power);
  const s = num === 0n ? 0 : sign === '-' ? -1 : 1;
  const bytes = num % den === 0n ? num / den : undefined;
  return { sign: s, bytes, tooLarge: num / den > MAX_BYTES, binarySuffix: binary };
}

/**
 * The spelling a byte quantity is written in: a binary quantity in KiB, MiB
 * or GiB the canonical way (`1024Mi` → `1Gi`, `1.5Gi` → `1536Mi`), a binary
 * quantity that is not whole KiB in bytes (`1.5Ki` → `1536`); decimal ones
 * and whole Ti, Pi, Ei as given.
 */
export function canonicalByteQuantity(text: string, q: ByteQuantity): string {
  if (!q.binarySuffix || q.bytes === undefined) return text;
  if (q.bytes % 1024n !== 0n) return q.bytes.toString();
  const whole = /^\d+[KMGTPE]i$/.test(text);
  if (whole && !['Ki', 'Mi', 'Gi'].includes(q.binarySuffix)) return text;
  return kubernetesQuantity(Number(q.bytes / 1024n));
}

/** A fix for a string that is not a Kubernetes quantity, guessing what was meant. */
export function quantityFix(text: string): string {
  const spark = /^(\d+)\s*([kmgtp])i?b?$/i.exec(text);
  if (spark) {
    return `use '${spark[1]}${spark[2].toUpperCase()}i' (Kubernetes spells binary units Ki, Mi, Gi, Ti and decimal ones k, M, G, T)`;
  }
  return 'use a quantity such as \'512Mi\', \'1Gi\' or \'500M\'';
}

/** A fix for a quantity that is not a whole number of bytes. */
export function wholeBytesFix(text: string): string {
  const milli = /^(\d+)m$/.exec(text);
  if (milli) {
    return `use '${milli[1]}Mi' ('m' means thousandths in a Kubernetes quantity)`;
  }
  return `round it to whole bytes, e.g. '${roundedMebibytes(text)}'`;
}

/** The quantity rounded to whole MiB (at least 1Mi), for a fix. */
function roundedMebibytes(text: string): string {
  const m = QUANTITY.exec(text)!;
  const value = Number(`${m[2]}${m[4] !== undefined ? `e${m[4]}` : ''}`);
  const bytes = value * (m[3] ? 1024 ** BINARY[m[3]] : 10 ** (DECIMAL[m[5] ?? ''] ?? 0));
  return `${Math.max(1, Math.round(bytes / (1024 * 1024)))}Mi`;
}
