import { Cron } from 'croner';

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
  // robfig/cron's standard parser reads neither L, W nor # in any case (croner would read 'l' and 'w' as 'L' and 'W').
  if (/[LW#]/i.test(fields[2] + fields[4].replace(/sun|mon|tue|wed|thu|fri|sat/gi, ''))) {
    return { requirement: 'must not use the L, W or # extensions', fix: 'list the days instead, e.g. \'0 2 1,15 * *\'' };
  }
  if (fields[4].split(/[,-/]/).some((part) => /^\d+$/.test(part) && Number(part) > 6)) {
    return { requirement: 'must give day-of-week as 0–6 (Sunday is 0)', fix: 'use 0 for Sunday' };
  }
  let cron: Cron;
  try {
    cron = new Cron(spec, { paused: true, timezone: 'UTC' });
  } catch (e) {
    return { requirement: `must be a valid cron expression (${(e as Error).message.replace(/^CronPattern: /, '')})`, fix: 'check each field, e.g. \'0 2 * * *\' runs at 02:00 every day' };
  }
  // A day of the month no month in the expression has (0 0 31 2 *) never fires; the controllers accept it silently.
  if (cron.nextRun(new Date(Date.UTC(2024, 0, 1))) === null) {
    return { requirement: 'never fires (no month in it has that day)', fix: 'use a day every month in it has, e.g. \'0 0 28 2 *\' for the 28th of February' };
  }
  return undefined;
}
