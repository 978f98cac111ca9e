import { Cron } from 'croner';

/**
 * Schedule checks shared by every scheduled construct: what the operator's
 * controller (robfig/cron `ParseStandard`) and Kubernetes CronJobs accept.
 */

const DESCRIPTORS = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'];
const GO_DURATION = /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/;

/** Why a time zone name is not an IANA name, or undefined when it is one. */
export function timeZoneProblem(zone: string): string | undefined {
  if (zone === 'Local' || zone === 'UTC') {
    return undefined;
  }
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return /^[A-Za-z]/.test(zone) ? undefined : 'must be an IANA time zone name';
  } catch {
    return 'must be an IANA time zone name such as \'Europe/Berlin\' or \'UTC\'';
  }
}

/**
 * Why a schedule would fail in the controller, or undefined when it parses.
 * Accepts 5-field cron, `@yearly` … `@hourly`, `@every <duration>` and a
 * `CRON_TZ=` / `TZ=` prefix.
 */
export function scheduleProblem(
  schedule: string, options: { allowEvery?: boolean; allowTimeZonePrefix?: boolean } = {},
): { requirement: string; fix: string } | undefined {
  let spec = schedule.trim();
  const tz = /^(CRON_TZ|TZ)=(\S+)\s+(.*)$/.exec(spec);
  if (tz) {
    if (options.allowTimeZonePrefix === false) {
      return { requirement: `must not carry a '${tz[1]}=' prefix here`, fix: 'use the \'timeZone\' prop' };
    }
    const zoneProblem = timeZoneProblem(tz[2]);
    if (zoneProblem) {
      return { requirement: `has a time zone prefix '${tz[2]}' that ${zoneProblem}`, fix: 'use a name such as \'CRON_TZ=Europe/Berlin\'' };
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
  if (/[LW#]/.test(fields[2] + fields[4].replace(/[A-Z]{3}/g, ''))) {
    return { requirement: 'must not use the L, W or # extensions', fix: 'the operator\'s cron parser does not read them' };
  }
  if (fields[4].split(/[,-/]/).some((part) => /^\d+$/.test(part) && Number(part) > 6)) {
    return { requirement: 'must give day-of-week as 0–6 (Sunday is 0)', fix: 'use 0 for Sunday' };
  }
  try {
    new Cron(spec, { paused: true });
  } catch (e) {
    return { requirement: `must be a valid cron expression (${(e as Error).message.replace(/^CronPattern: /, '')})`, fix: 'check each field, e.g. \'0 2 * * *\' runs at 02:00 every day' };
  }
  return undefined;
}
