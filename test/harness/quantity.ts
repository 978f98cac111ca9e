/**
 * Quantities: Kubernetes resource quantities and Spark memory strings, compared numerically; the
 * canonical text the API server stores for a quantity, and the check (rule 5, names.ts) that
 * built-in objects write it that way.
 */
import { Finding, isObject, pointer } from './types';

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

/*
 * The text the API server stores for a quantity: a port of ParseQuantity and String() of
 * k8s.io/apimachinery pkg/api/resource (kubernetes/apimachinery at eed236c). Custom objects are
 * stored as written; built-in objects go through the Go type, whose JSON and protobuf encoders
 * write String() (quantity.go L680-691, L694-718; quantity_proto.go L51) and whose decoders call
 * ParseQuantity (quantity.go L733-752), so a value reads back as ParseQuantity(text).String():
 * - UnmarshalJSON trims surrounding white space (L744);
 * - the scanner (parseQuantityString, L161-275): sign, leading zeros dropped, digits, `.`,
 *   digits, then a suffix of [eEinumkKMGTP]* with an optional signed integer;
 * - the suffix (suffix.go L88-135, L180-198): n u m '' k M G T P E is DecimalSI (a lone `E` is
 *   exa), Ki … Ei BinarySI, e/E followed by an int64 DecimalExponent; the format is kept;
 * - the fast path (quantity.go L296-346): when the digits fit (18 of them, fewer for binary) and
 *   the scale is at least nano, the text itself is kept as String() when it already "looks
 *   canonical" (L332-342): binary with a mantissa not divisible by 8, or a decimal scale that is
 *   a multiple of 3, digits not ending in 000 and not starting with 0; so `+1`, `01` and `1.500`
 *   read back unchanged, while `1024Mi`, `1000m` and `0.5` do not;
 * - the slow path (L348-391): exact decimal, rounded up to nano away from zero, binary capped at
 *   2^63-1, binary below 1 becomes DecimalSI;
 * - CanonicalizeBytes (L425-462): zero is `0`; BinarySI strictly between -1024 and 1024, or not a
 *   whole number, is written DecimalSI; BinarySI strips factors of 1024 into Ki … Ei (amount.go
 *   L286-293, L332-337); decimal strips factors of 10 and lowers the exponent to a multiple of 3
 *   (amount.go L257-281, L312-327); DecimalSI writes the SI suffix of that exponent, and none at
 *   all beyond E (suffix.go L155-158: `1000E` reads back as `1`), DecimalExponent writes `e<n>`.
 * Exponents outside int32 (which Go wraps) are reported as not a quantity.
 */

const SI_SUFFIX: { [suffix: string]: number } = { 'n': -9, 'u': -6, 'm': -3, '': 0, 'k': 3, 'M': 6, 'G': 9, 'T': 12, 'P': 15, 'E': 18 };
const SI_OF_EXPONENT: { [exponent: number]: string } = Object.fromEntries(Object.entries(SI_SUFFIX).map(([s, e]) => [e, s]));
const BINARY_SUFFIX: { [suffix: string]: number } = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const BINARY_OF_POWER = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];
const MAX_INT64 = 2n ** 63n - 1n;
const INT32 = 2n ** 31n;

type Format = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

/** A parsed quantity: unscaled × 10^exponent, in a format. */
interface Amount {
  readonly unscaled: bigint;
  readonly exponent: number;
  readonly format: Format;
}

interface Scanned {
  readonly positive: boolean;
  readonly value: string;
  readonly num: string;
  readonly denom: string;
  readonly suffix: string;
}

const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';

/** parseQuantityString (quantity.go L161-275), or undefined for ErrFormatWrong. */
function scan(str: string): Scanned | undefined {
  let positive = true;
  let pos = 0;
  const end = str.length;
  if (str[0] === '-') {
    positive = false;
    pos++;
  } else if (str[0] === '+') {
    pos++;
  }
  for (; ; pos++) {
    if (pos >= end) return { positive, value: '0', num: '0', denom: '', suffix: '' };
    if (str[pos] !== '0') break;
  }
  let i = pos;
  while (i < end && isDigit(str[i])) i++;
  if (i >= end) return { positive, value: str, num: str.slice(pos), denom: '', suffix: '' };
  const num = str.slice(pos, i) || '0';
  pos = i;
  let denom = '';
  if (str[pos] === '.') {
    pos++;
    i = pos;
    while (i < end && isDigit(str[i])) i++;
    denom = str.slice(pos, i);
    if (i >= end) return { positive, value: str, num, denom, suffix: '' };
    pos = i;
  }
  const value = str.slice(0, pos);
  const suffixStart = pos;
  while (pos < end && 'eEinumkKMGTP'.includes(str[pos])) pos++;
  if (pos < end && (str[pos] === '-' || str[pos] === '+')) pos++;
  while (pos < end && isDigit(str[pos])) pos++;
  return pos >= end ? { positive, value, num, denom, suffix: str.slice(suffixStart) } : undefined;
}

/** quantitySuffixer.interpret (suffix.go L88-106, L180-198): base, exponent and format. */
function interpret(suffix: string): { base: 2 | 10; exponent: number; format: Format } | undefined {
  if (Object.prototype.hasOwnProperty.call(SI_SUFFIX, suffix)) return { base: 10, exponent: SI_SUFFIX[suffix], format: 'DecimalSI' };
  if (Object.prototype.hasOwnProperty.call(BINARY_SUFFIX, suffix)) return { base: 2, exponent: BINARY_SUFFIX[suffix], format: 'BinarySI' };
  if (suffix.length > 1 && (suffix[0] === 'e' || suffix[0] === 'E') && /^[+-]?\d+$/.test(suffix.slice(1))) {
    const exponent = BigInt(suffix.slice(1));
    // strconv.ParseInt(…, 64) then int32(…): an int32 is all this port handles.
    if (exponent < -INT32 || exponent >= INT32) return undefined;
    return { base: 10, exponent: Number(exponent), format: 'DecimalExponent' };
  }
  return undefined;
}

/** ParseQuantity (quantity.go L278-392): the cached text, or the amount to canonicalize. */
function parse(str: string): string | Amount | undefined {
  if (str === '') return undefined;
  if (str === '0') return '0';
  const s = scan(str);
  const suffix = s && interpret(s.suffix);
  if (!s || !suffix) return undefined;
  const { num, denom } = s;
  let format = suffix.format;
  const sign = s.positive ? 1n : -1n;

  // The fast path: an int64 at a scale of at least nano.
  let precision = -1;
  let scale = 0;
  let mantissa = 1n;
  if (format !== 'BinarySI') {
    scale = suffix.exponent;
    precision = 18 - (num.length + denom.length);
  } else if (suffix.exponent >= 0 && denom.length === 0) {
    mantissa = 2n ** BigInt(suffix.exponent);
    precision = 15 - num.length - Math.trunc(suffix.exponent * 3 / 10) - 1;
  }
  if (precision >= 0) {
    scale -= denom.length;
    if (scale >= -9) {
      const shifted = num + denom;
      const value = BigInt(shifted);
      const result = value * mantissa;
      if (result <= MAX_INT64) {
        const kept = format === 'BinarySI'
          ? suffix.exponent % 10 === 0 && value % 8n !== 0n
          : scale % 3 === 0 && !shifted.endsWith('000') && shifted[0] !== '0';
        return kept ? str : { unscaled: sign * result, exponent: scale, format };
      }
    }
  }

  // The slow path: an exact decimal (inf.Dec.SetString needs a digit).
  const digits = s.value.replace(/^[+-]/, '');
  if (!/\d/.test(digits)) return undefined;
  const [whole, fraction = ''] = digits.split('.');
  let unscaled = BigInt(`${whole}${fraction}` || '0');
  let exponent = -fraction.length;
  if (suffix.base === 10) exponent += suffix.exponent; else unscaled *= 2n ** BigInt(suffix.exponent);
  if (unscaled !== 0n && exponent < -9) {
    // Rounded up to nano; a value far below it becomes 1n.
    const drop = -9 - exponent;
    const unit = drop > unscaled.toString().length ? undefined : 10n ** BigInt(drop);
    unscaled = unit === undefined ? 1n : (unscaled + unit - 1n) / unit;
    exponent = -9;
  }
  if (format === 'BinarySI') {
    // Binary amounts have exponent <= 0 here.
    const one = 10n ** BigInt(-exponent);
    if (unscaled > MAX_INT64 * one) {
      unscaled = MAX_INT64;
      exponent = 0;
    } else if (unscaled > 0n && unscaled < one) {
      format = 'DecimalSI';
    }
  }
  return { unscaled: sign * unscaled, exponent, format };
}

/** CanonicalizeBytes (quantity.go L425-462). */
function canonicalize({ unscaled, exponent, format }: Amount): string {
  if (unscaled === 0n) return '0';
  const sign = unscaled < 0n ? '-' : '';
  let magnitude = unscaled < 0n ? -unscaled : unscaled;
  if (format === 'BinarySI') {
    // Binary amounts have exponent <= 0 (fast path: 0; slow path: from the fraction).
    const one = 10n ** BigInt(Math.max(0, -exponent));
    if (magnitude >= 1024n * one && magnitude % one === 0n) {
      let whole = magnitude / one;
      let power = 0;
      while (whole % 1024n === 0n) {
        whole /= 1024n;
        power++;
      }
      return `${sign}${whole}${BINARY_OF_POWER[power]}`;
    }
    format = 'DecimalSI';
  }
  let e = exponent;
  while (magnitude % 10n === 0n) {
    magnitude /= 10n;
    e++;
  }
  const down = ((e % 3) + 3) % 3;
  magnitude *= 10n ** BigInt(down);
  e -= down;
  if (format === 'DecimalSI') return `${sign}${magnitude}${SI_OF_EXPONENT[e] ?? ''}`;
  return `${sign}${magnitude}${e === 0 ? '' : `e${e}`}`;
}

/**
 * The text the API server stores for a quantity in a built-in object (`1024Mi` → `1Gi`,
 * `1000m` → `1`, `0.5` → `500m`, `1.5Gi` → `1536Mi`; `100M`, `1e3` and `+1` as written), or
 * undefined when the API server rejects it.
 */
export function canonicalQuantity(text: string): string | undefined {
  const parsed = parse(text.trim());
  return parsed === undefined || typeof parsed === 'string' ? parsed : canonicalize(parsed);
}

/** A quantity field: its JSON pointer and value. */
type Field = [path: string, value: unknown];

/** The entries of a ResourceList (`{ cpu: 1, memory: 1Gi }`). */
function resourceList(list: unknown, at: string): Field[] {
  return isObject(list) ? Object.entries(list).map(([k, v]): Field => [`${at}${pointer(k)}`, v]) : [];
}

function listOf(node: unknown, at: string): [any, string][] {
  return Array.isArray(node) ? node.map((v, i): [any, string] => [v, `${at}/${i}`]) : [];
}

/** ResourceRequirements: requests and limits. */
function requirements(r: any, at: string): Field[] {
  return isObject(r) ? [...resourceList(r.requests, `${at}/requests`), ...resourceList(r.limits, `${at}/limits`)] : [];
}

/** A divisor of a resourceFieldRef. */
function divisor(ref: any, at: string): Field[] {
  return isObject(ref) && ref.divisor !== undefined ? [[`${at}/divisor`, ref.divisor]] : [];
}

/** The quantities of a PodSpec: container resources and divisors, pod resources and overhead, volume sizes. */
function podSpecFields(spec: any, at: string): Field[] {
  if (!isObject(spec)) return [];
  const out: Field[] = [...requirements(spec.resources, `${at}/resources`), ...resourceList(spec.overhead, `${at}/overhead`)];
  for (const list of ['containers', 'initContainers', 'ephemeralContainers']) {
    for (const [c, cp] of listOf(spec[list], `${at}/${list}`)) {
      if (!isObject(c)) continue;
      out.push(...requirements(c.resources, `${cp}/resources`));
      for (const [e, ep] of listOf(c.env, `${cp}/env`)) out.push(...divisor(e?.valueFrom?.resourceFieldRef, `${ep}/valueFrom/resourceFieldRef`));
    }
  }
  for (const [v, vp] of listOf(spec.volumes, `${at}/volumes`)) {
    if (!isObject(v)) continue;
    if (isObject(v.emptyDir) && v.emptyDir.sizeLimit !== undefined) out.push([`${vp}/emptyDir/sizeLimit`, v.emptyDir.sizeLimit]);
    out.push(...requirements(v.ephemeral?.volumeClaimTemplate?.spec?.resources, `${vp}/ephemeral/volumeClaimTemplate/spec/resources`));
    for (const [item, ip] of listOf(v.downwardAPI?.items, `${vp}/downwardAPI/items`)) out.push(...divisor(item?.resourceFieldRef, `${ip}/resourceFieldRef`));
    for (const [source, sp] of listOf(v.projected?.sources, `${vp}/projected/sources`)) {
      for (const [item, ip] of listOf(source?.downwardAPI?.items, `${sp}/downwardAPI/items`)) out.push(...divisor(item?.resourceFieldRef, `${ip}/resourceFieldRef`));
    }
  }
  return out;
}

/** The targets of autoscaling/v2 metrics. */
function metricFields(metrics: unknown, at: string): Field[] {
  return listOf(metrics, at).flatMap(([m, mp]) => ['resource', 'containerResource', 'pods', 'object', 'external'].flatMap((source) => {
    const target = m?.[source]?.target;
    return isObject(target) ? ['value', 'averageValue'].filter((k) => target[k] !== undefined).map((k): Field => [`${mp}/${source}/target/${k}`, target[k]]) : [];
  }));
}

const LIMIT_RANGE_FIELDS = ['default', 'defaultRequest', 'max', 'min', 'maxLimitRequestRatio'];

/** A pod template of an object (projection.ts PodSite): the Spark ones carry their role. */
interface TemplateSite {
  readonly path: string;
  readonly template: any;
  readonly role?: string;
}

/** The resource.Quantity fields of one object. */
function quantityFields(doc: any, templates: TemplateSite[]): Field[] {
  const spec = doc.spec;
  const out: Field[] = [];
  for (const site of templates) {
    // Built-in workloads, and the Spark templates (stored as written, but the operator turns them into pods).
    if (site.role || ['v1', 'apps/v1', 'batch/v1'].includes(doc.apiVersion)) out.push(...podSpecFields(site.template?.spec, `${site.path}/spec`));
  }
  if (!isObject(spec)) return out;
  if (doc.apiVersion === 'apps/v1' && doc.kind === 'StatefulSet') {
    for (const [t, tp] of listOf(spec.volumeClaimTemplates, '/spec/volumeClaimTemplates')) out.push(...requirements(t?.spec?.resources, `${tp}/spec/resources`));
  }
  if (doc.apiVersion === 'v1') {
    switch (doc.kind) {
      case 'PersistentVolumeClaim': out.push(...requirements(spec.resources, '/spec/resources')); break;
      case 'PersistentVolume': out.push(...resourceList(spec.capacity, '/spec/capacity')); break;
      case 'ResourceQuota': out.push(...resourceList(spec.hard, '/spec/hard')); break;
      case 'LimitRange':
        for (const [l, lp] of listOf(spec.limits, '/spec/limits')) {
          for (const k of LIMIT_RANGE_FIELDS) out.push(...resourceList(l?.[k], `${lp}/${k}`));
        }
        break;
      default:
    }
  }
  if (doc.apiVersion === 'autoscaling/v2' && doc.kind === 'HorizontalPodAutoscaler') out.push(...metricFields(spec.metrics, '/spec/metrics'));
  return out;
}

/**
 * Every resource.Quantity in a built-in object (and in the pod templates of the Spark custom
 * resources) that the API server would store differently: a GitOps tool (Argo CD, Flux) compares
 * the manifest with what it reads back, so the difference never settles. `templates` are the
 * object's pod templates (projection.ts workloadPods and sparkTemplates, passed in to keep this
 * module free of an import cycle). Values the API server rejects are left to the schema rules.
 */
export function quantityFindings(doc: any, templates: TemplateSite[]): Finding[] {
  const out: Finding[] = [];
  for (const [path, value] of quantityFields(doc, templates)) {
    if (typeof value !== 'string' && typeof value !== 'number') continue;
    const given = String(value);
    const canonical = canonicalQuantity(given);
    if (canonical !== undefined && canonical !== given) {
      out.push({ path, message: `quantity '${given}' is stored as '${canonical}' by the API server, so a GitOps diff never settles: write '${canonical}'` });
    }
  }
  return out;
}
