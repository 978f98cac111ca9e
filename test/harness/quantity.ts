/**
 * Quantities: Kubernetes resource quantities and Spark memory strings, compared numerically.
 */

const K8S_SUFFIX: { [suffix: string]: number } = {
  'Ki': 2 ** 10,
  'Mi': 2 ** 20,
  'Gi': 2 ** 30,
  'Ti': 2 ** 40,
  'Pi': 2 ** 50,
  'Ei': 2 ** 60,
  'n': 1e-9,
  'u': 1e-6,
  'm': 1e-3,
  '': 1,
  'k': 1e3,
  'M': 1e6,
  'G': 1e9,
  'T': 1e12,
  'P': 1e15,
  'E': 1e18,
};

/** The value of a Kubernetes quantity (`500m`, `1.5`, `4Gi`, `1e3`), or NaN. */
export function quantityValue(q: unknown): number {
  if (typeof q === 'number') return q;
  if (typeof q !== 'string') return NaN;
  const m = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)|[eE]([+-]?\d+))?$/.exec(q.trim());
  if (!m) return NaN;
  const n = Number(m[1]);
  if (m[3] !== undefined) return n * 10 ** Number(m[3]);
  return n * K8S_SUFFIX[m[2] ?? ''];
}

/** MiB of a Spark memory string (`512m`, `4g`, `2048`, `1t`; no suffix means MiB), or NaN. */
export function sparkMebibytes(s: unknown): number {
  if (typeof s === 'number') return s;
  if (typeof s !== 'string') return NaN;
  const m = /^(\d+)\s*([bkmgtp])?b?$/i.exec(s.trim());
  if (!m) return NaN;
  const unit = (m[2] ?? 'm').toLowerCase();
  const factor: { [u: string]: number } = { b: 1 / 2 ** 20, k: 1 / 1024, m: 1, g: 1024, t: 1024 ** 2, p: 1024 ** 3 };
  return Math.floor(Number(m[1]) * factor[unit]);
}
