/**
 * Schedule checks shared by every scheduled construct: what the operator's
 * controller (robfig/cron `ParseStandard`) and Kubernetes CronJobs accept.
 */

const DESCRIPTORS = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'];
const GO_DURATION = /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/;

/**
 * The names of the IANA time zone database (tzdata 2025b: every Zone and
 * Link, including the `backward` file, as Go's tzdata and the system's
 * /usr/share/zoneinfo hold them) that ICU does not list as canonical in
 * `Intl.supportedValuesOf('timeZone')`: the IANA canonical names CLDR keeps
 * as aliases (`Asia/Kolkata`, `Europe/Kyiv`), and the links (`UTC`, `US/Pacific`,
 * `Etc/GMT+5`, `EST5EDT`). `Factory` is left out: it is no time zone.
 */
const TZDATA_ALIASES = [
  'Africa/Asmara', 'Africa/Timbuktu', 'America/Argentina/Buenos_Aires', 'America/Argentina/Catamarca', 'America/Argentina/ComodRivadavia',
  'America/Argentina/Cordoba', 'America/Argentina/Jujuy', 'America/Argentina/Mendoza', 'America/Atikokan', 'America/Atka', 'America/Ensenada',
  'America/Fort_Wayne', 'America/Indiana/Indianapolis', 'America/Kentucky/Louisville', 'America/Knox_IN', 'America/Montreal', 'America/Nipigon',
  'America/Nuuk', 'America/Pangnirtung', 'America/Porto_Acre', 'America/Rainy_River', 'America/Rosario', 'America/Santa_Isabel', 'America/Shiprock',
  'America/Thunder_Bay', 'America/Virgin', 'America/Yellowknife', 'Antarctica/South_Pole', 'Asia/Ashkhabad', 'Asia/Choibalsan', 'Asia/Chongqing',
  'Asia/Chungking', 'Asia/Dacca', 'Asia/Harbin', 'Asia/Ho_Chi_Minh', 'Asia/Istanbul', 'Asia/Kashgar', 'Asia/Kathmandu', 'Asia/Kolkata', 'Asia/Macao',
  'Asia/Tel_Aviv', 'Asia/Thimbu', 'Asia/Ujung_Pandang', 'Asia/Ulan_Bator', 'Asia/Yangon', 'Atlantic/Faroe', 'Atlantic/Jan_Mayen', 'Australia/ACT',
  'Australia/Canberra', 'Australia/Currie', 'Australia/LHI', 'Australia/NSW', 'Australia/North', 'Australia/Queensland', 'Australia/South',
  'Australia/Tasmania', 'Australia/Victoria', 'Australia/West', 'Australia/Yancowinna', 'Brazil/Acre', 'Brazil/DeNoronha', 'Brazil/East',
  'Brazil/West', 'CET', 'CST6CDT', 'Canada/Atlantic', 'Canada/Central', 'Canada/Eastern', 'Canada/Mountain', 'Canada/Newfoundland', 'Canada/Pacific',
  'Canada/Saskatchewan', 'Canada/Yukon', 'Chile/Continental', 'Chile/EasterIsland', 'Cuba', 'EET', 'EST', 'EST5EDT', 'Egypt', 'Eire', 'Etc/GMT',
  'Etc/GMT+0', 'Etc/GMT+1', 'Etc/GMT+10', 'Etc/GMT+11', 'Etc/GMT+12', 'Etc/GMT+2', 'Etc/GMT+3', 'Etc/GMT+4', 'Etc/GMT+5', 'Etc/GMT+6', 'Etc/GMT+7',
  'Etc/GMT+8', 'Etc/GMT+9', 'Etc/GMT-0', 'Etc/GMT-1', 'Etc/GMT-10', 'Etc/GMT-11', 'Etc/GMT-12', 'Etc/GMT-13', 'Etc/GMT-14', 'Etc/GMT-2', 'Etc/GMT-3',
  'Etc/GMT-4', 'Etc/GMT-5', 'Etc/GMT-6', 'Etc/GMT-7', 'Etc/GMT-8', 'Etc/GMT-9', 'Etc/GMT0', 'Etc/Greenwich', 'Etc/UCT', 'Etc/UTC', 'Etc/Universal',
  'Etc/Zulu', 'Europe/Belfast', 'Europe/Kyiv', 'Europe/Nicosia', 'Europe/Tiraspol', 'Europe/Uzhgorod', 'Europe/Zaporozhye', 'GB', 'GB-Eire', 'GMT',
  'GMT+0', 'GMT-0', 'GMT0', 'Greenwich', 'HST', 'Hongkong', 'Iceland', 'Iran', 'Israel', 'Jamaica', 'Japan', 'Kwajalein', 'Libya', 'MET', 'MST',
  'MST7MDT', 'Mexico/BajaNorte', 'Mexico/BajaSur', 'Mexico/General', 'NZ', 'NZ-CHAT', 'Navajo', 'PRC', 'PST8PDT', 'Pacific/Chuuk',
  'Pacific/Johnston', 'Pacific/Kanton', 'Pacific/Pohnpei', 'Pacific/Samoa', 'Pacific/Yap', 'Poland', 'Portugal', 'ROC', 'ROK', 'Singapore', 'Turkey',
  'UCT', 'US/Alaska', 'US/Aleutian', 'US/Arizona', 'US/Central', 'US/East-Indiana', 'US/Eastern', 'US/Hawaii', 'US/Indiana-Starke', 'US/Michigan',
  'US/Mountain', 'US/Pacific', 'US/Samoa', 'UTC', 'Universal', 'W-SU', 'WET', 'Zulu',
];

let zones: Map<string, string> | undefined;

/** Every IANA name Go's `time.LoadLocation` loads, by its lower-case spelling. */
function ianaZones(): Map<string, string> {
  if (!zones) {
    const canonical: string[] = typeof (Intl as any).supportedValuesOf === 'function' ? (Intl as any).supportedValuesOf('timeZone') : [];
    zones = new Map([...canonical, ...TZDATA_ALIASES].map((z) => [z.toLowerCase(), z]));
  }
  return zones;
}

/** Options of `timeZoneProblem`. */
export interface TimeZoneOptions {
  /** Whether `Local` (the controller's own zone) is accepted: the operator's controller reads it, the API server refuses it for CronJobs. */
  readonly allowLocal?: boolean;
}

/**
 * Why a time zone name would fail where Go's `time.LoadLocation` reads it
 * (the operator's controller, the API server for CronJobs), or undefined when
 * it loads: an IANA name spelled exactly (the zoneinfo files are looked up
 * case-sensitively: `utc` and `europe/berlin` fail), `UTC`, and `Local` where
 * allowed.
 */
export function timeZoneProblem(zone: string, options: TimeZoneOptions = {}): { requirement: string; fix: string } | undefined {
  const example = 'use a name from the IANA database, e.g. \'UTC\' or \'Europe/Berlin\'';
  if (typeof zone !== 'string') {
    return { requirement: 'must be an IANA time zone name', fix: example };
  }
  if (zone.toLowerCase() === 'local') {
    if (options.allowLocal && zone === 'Local') return undefined;
    return options.allowLocal
      ? { requirement: 'must be spelled exactly (Go\'s time.LoadLocation is case-sensitive)', fix: 'use \'Local\'' }
      : { requirement: 'must be an explicit IANA time zone name (CronJobs reject \'Local\')', fix: example };
  }
  const known = ianaZones().get(zone.toLowerCase());
  if (known === zone) return undefined;
  if (known !== undefined) {
    return { requirement: 'must be an IANA time zone name spelled exactly (Go\'s time.LoadLocation is case-sensitive)', fix: `use '${known}'` };
  }
  return { requirement: 'must be an IANA time zone name such as \'Europe/Berlin\' or \'UTC\'', fix: example };
}

/**
 * Why a schedule would fail in the controller, or undefined when it parses.
 * Accepts 5-field cron, `@yearly` … `@hourly`, `@every <duration>` and a
 * `CRON_TZ=` / `TZ=` prefix.
 */
export function scheduleProblem(
  schedule: string, options: { allowEvery?: boolean; allowTimeZonePrefix?: boolean } = {},
): { requirement: string; fix: string } | undefined {
  if (typeof schedule !== 'string') {
    return { requirement: 'must be a cron expression string', fix: 'e.g. \'0 2 * * *\' runs at 02:00 every day' };
  }
  let spec = schedule.trim();
  const tz = /^(CRON_TZ|TZ)=(\S+)\s+(.*)$/.exec(spec);
  if (tz) {
    if (options.allowTimeZonePrefix === false) {
      return { requirement: `must not carry a '${tz[1]}=' prefix here`, fix: 'use the \'timeZone\' prop' };
    }
    // robfig/cron loads the prefix with time.LoadLocation, which also reads 'Local'.
    const zoneProblem = timeZoneProblem(tz[2], { allowLocal: true });
    if (zoneProblem) {
      const fix = zoneProblem.fix.replace(/^use '(.*)'$/, 'use \'CRON_TZ=$1\'').replace(/^use a name from the IANA database.*$/, 'use a name such as \'CRON_TZ=Europe/Berlin\'');
      return { requirement: `has a time zone prefix '${tz[2]}' that ${zoneProblem.requirement}`, fix };
    }
    spec = tz[3].trim();
  }
  if (spec.startsWith('@every')) {
    if (options.allowEvery === false) {
      return { requirement: 'must not use \'@every\' (Kubernetes CronJobs do not read it)', fix: 'use a 5-field cron expression such as \'*/5 * * * *\'' };
    }
    const duration = spec.slice('@every'.length).trim();
    if (!GO_DURATION.test(duration) || !/[1-9]/.test(duration)) {
      return { requirement: 'must give \'@every\' a positive duration such as \'30m\' or \'1h30m\'', fix: 'use units ns, us, ms, s, m or h' };
    }
    return undefined;
  }
  if (spec.startsWith('@')) {
    if (DESCRIPTORS.includes(spec)) {
      return undefined;
    }
    return { requirement: `must use a known descriptor (${DESCRIPTORS.join(', ')}, @every <duration>)`, fix: 'use one of those or a 5-field cron expression' };
  }
  const fields = spec.split(/\s+/);
  if (fields.length !== 5) {
    return {
      requirement: `must have 5 fields (minute hour day-of-month month day-of-week), not ${fields.length}`,
      fix: fields.length === 6 ? 'remove the seconds field: the operator does not read seconds' : 'write it as \'m h dom mon dow\', e.g. \'0 2 * * *\'',
    };
  }
  // robfig/cron's standard parser reads neither L, W nor # in any case; 'l' and 'w' are refused too, as other dialects read them.
  if (/[LW#]/i.test(fields[2] + fields[4].replace(/sun|mon|tue|wed|thu|fri|sat/gi, ''))) {
    return { requirement: 'must not use the L, W or # extensions', fix: 'list the days instead, e.g. \'0 2 1,15 * *\'' };
  }
  if (fields[4].split(/[,-/]/).some((part) => /^\d+$/.test(part) && Number(part) > 6)) {
    return { requirement: 'must give day-of-week as 0–6 (Sunday is 0)', fix: 'use 0 for Sunday' };
  }
  const parsed = parseStandardFields(fields);
  if (typeof parsed === 'string') {
    return { requirement: `must be a valid cron expression (${parsed})`, fix: 'check each field, e.g. \'0 2 * * *\' runs at 02:00 every day' };
  }
  // A day of the month no month in the expression has (0 0 31 2 *) never fires; the controllers accept it silently.
  if (neverFires(parsed)) {
    return { requirement: 'never fires (no month in it has that day)', fix: 'use a day every month in it has, e.g. \'0 0 28 2 *\' for the 28th of February' };
  }
  return undefined;
}

/** The values one cron field selects, and whether it was written as `*` or `?` (robfig/cron's star bit). */
interface CronField {
  readonly values: ReadonlySet<number>;
  readonly star: boolean;
}

interface CronBounds {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
}

// robfig/cron v3 (bc59245) spec.go L21-49: the bounds of each field, and the names months and weekdays may use.
const CRON_FIELDS: readonly CronBounds[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day-of-month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: ['', 'jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'] },
  { name: 'day-of-week', min: 0, max: 6, names: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] },
];

/**
 * The five fields as robfig/cron v3's `ParseStandard` reads them (parser.go
 * `getField` L236-250 and `getRange` L252-318: comma lists of `*`, `?`, a
 * number or name, `a-b`, each with an optional `/step`; `N/step` runs to the
 * maximum), or robfig's reason for refusing them.
 */
function parseStandardFields(fields: readonly string[]): CronField[] | string {
  const parsed: CronField[] = [];
  for (let i = 0; i < CRON_FIELDS.length; i++) {
    const field = parseCronField(fields[i], CRON_FIELDS[i]);
    if (typeof field === 'string') return field;
    parsed.push(field);
  }
  return parsed;
}

function parseCronField(field: string, bounds: CronBounds): CronField | string {
  const values = new Set<number>();
  let star = false;
  // strings.FieldsFunc drops empty parts: '1,,2' reads as '1,2'.
  for (const expr of field.split(',').filter((part) => part !== '')) {
    const rangeAndStep = expr.split('/');
    const lowAndHigh = rangeAndStep[0].split('-');
    let start: number | string;
    let end: number | string;
    let exprStar = false;
    if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') {
      [start, end, exprStar] = [bounds.min, bounds.max, true];
    } else {
      start = cronNumber(lowAndHigh[0], bounds);
      if (lowAndHigh.length > 2) return `too many hyphens: ${expr}`;
      end = lowAndHigh.length === 2 ? cronNumber(lowAndHigh[1], bounds) : start;
    }
    if (typeof start === 'string') return start;
    if (typeof end === 'string') return end;
    let step: number | string = 1;
    if (rangeAndStep.length > 2) return `too many slashes: ${expr}`;
    if (rangeAndStep.length === 2) {
      step = cronNumber(rangeAndStep[1]);
      if (typeof step === 'string') return step;
      if (lowAndHigh.length === 1) end = bounds.max;
      if (step > 1) exprStar = false;
    }
    if (start < bounds.min) return `beginning of range (${start}) below minimum (${bounds.min}): ${expr}`;
    if (end > bounds.max) return `end of range (${end}) above maximum (${bounds.max}): ${expr}`;
    if (start > end) return `beginning of range (${start}) beyond end of range (${end}): ${expr}`;
    if (step === 0) return `step of range should be a positive number: ${expr}`;
    for (let v = start; v <= end; v += step) values.add(v);
    star = star || exprStar;
  }
  if (values.size === 0) return `the ${bounds.name} field '${field}' selects no value`;
  return { values, star };
}

/** parser.go `parseIntOrName` / `mustParseInt`: a name (any case) or Go's `strconv.Atoi`, not negative. */
function cronNumber(expr: string, bounds?: CronBounds): number | string {
  const named = bounds?.names?.indexOf(expr.toLowerCase()) ?? -1;
  if (named >= 0 && expr !== '') return named;
  if (!/^[+-]?\d{1,18}$/.test(expr)) return `failed to parse int from ${expr}`;
  const num = Number(expr);
  return num < 0 ? `negative number (${num}) not allowed: ${expr}` : num;
}

// The most days each month has (February in leap years).
const MONTH_DAYS = [0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Whether the schedule never fires. robfig/cron (spec.go `dayMatches` L179-188) ANDs
 * day-of-month and day-of-week when either was written as `*`, and ORs them
 * otherwise, so only a restricted day-of-month with an unrestricted
 * day-of-week can select no day: when no month in the expression has it.
 */
function neverFires([, , dom, month, dow]: readonly CronField[]): boolean {
  if (dom.star || !dow.star) return false;
  const firstDay = Math.min(...dom.values);
  return [...month.values].every((m) => MONTH_DAYS[m] < firstDay);
}
