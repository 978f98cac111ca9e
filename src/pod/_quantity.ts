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
 * The spelling the API server stores a byte quantity in, so a GitOps diff
 * settles (k8s.io/apimachinery pkg/api/resource quantity.go CanonicalizeBytes,
 * L425-462; amount.go L257-293): a binary quantity of at least 1Ki in the
 * largest binary suffix that keeps it whole (`1024Mi` → `1Gi`, `1.5Gi` →
 * `1536Mi`, `1024Ti` → `1Pi`), a smaller or not whole-KiB one in bytes
 * (`1.5Ki` → `1536`); a decimal one with the largest SI suffix (`1000M` →
 * `1G`, `1000` → `1k`), an exponent one with a multiple of 3 (`1e4` → `10e3`).
 */
export function canonicalByteQuantity(text: string, q: ByteQuantity): string {
  if (q.bytes === undefined || q.tooLarge) return text;
  if (q.sign === 0) return '0';
  const sign = q.sign < 0 ? '-' : '';
  let mantissa = q.bytes < 0n ? -q.bytes : q.bytes;
  if (q.binarySuffix && mantissa >= 1024n) {
    let power = 0;
    for (; mantissa % 1024n === 0n; power++) mantissa /= 1024n;
    return `${sign}${mantissa}${['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'][power]}`;
  }
  let exponent = 0;
  for (; mantissa % 1000n === 0n; exponent += 3) mantissa /= 1000n;
  if (/[eE][+-]?\d+$/.test(text)) return `${sign}${mantissa}${exponent === 0 ? '' : `e${exponent}`}`;
  return `${sign}${mantissa}${['', 'k', 'M', 'G', 'T', 'P', 'E'][exponent / 3]}`;
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
