/**
 * Standard cron schedule parsing, as CronJob validation does it upstream (robfig/cron/v3
 * ParseStandard): five fields (minute hour day-of-month month day-of-week) with lists, ranges,
 * steps and month/weekday names, or a descriptor (@hourly, @every 5m, …). Errors carry
 * robfig's wording, which upstream returns verbatim in `spec.schedule: Invalid value` messages.
 */

export interface CronSchedule {
  minutes: Set<number>;
  hours: Set<number>;
  daysOfMonth: Set<number>;
  months: Set<number>;
  daysOfWeek: Set<number>;
  /** `*` or `?` in day-of-month / day-of-week (cron's "either matches" rule needs this). */
  domStar: boolean;
  dowStar: boolean;
}

/** `@every <duration>`: a fixed interval in seconds. */
export interface CronInterval {
  everySeconds: number;
}

interface Bounds {
  min: number;
  max: number;
  names?: Record<string, number>;
}

const minuteB: Bounds = { min: 0, max: 59 };
const hourB: Bounds = { min: 0, max: 23 };
const domB: Bounds = { min: 1, max: 31 };
const monthB: Bounds = {
  min: 1,
  max: 12,
  names: { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 },
};
const dowB: Bounds = { min: 0, max: 6, names: { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 } };

class CronError extends Error {}

function parseInt10(expr: string): number {
  if (!/^[+-]?[0-9]+$/.test(expr))
    throw new CronError(
      `failed to parse int from ${expr}: strconv.Atoi: parsing ${JSON.stringify(expr)}: invalid syntax`,
    );
  const n = Number(expr);
  if (n < 0) throw new CronError(`negative number (${n}) not allowed: ${expr}`);
  return n;
}

function parseIntOrName(expr: string, names: Record<string, number> | undefined): number {
  const named = names?.[expr.toLowerCase()];
  return named !== undefined ? named : parseInt10(expr);
}

function parseRange(expr: string, b: Bounds, out: Set<number>): boolean {
  const slash = expr.split('/');
  const hyphen = (slash[0] ?? '').split('-');
  let start: number;
  let end: number;
  let star = false;
  if (hyphen[0] === '*' || hyphen[0] === '?') {
    start = b.min;
    end = b.max;
    star = true;
  } else {
    start = parseIntOrName(hyphen[0] ?? '', b.names);
    if (hyphen.length === 1) end = start;
    else if (hyphen.length === 2) end = parseIntOrName(hyphen[1] ?? '', b.names);
    else throw new CronError(`too many hyphens: ${expr}`);
  }
  let step = 1;
  if (slash.length === 2) {
    step = parseInt10(slash[1] ?? '');
    // `N/step` means N through max.
    if (hyphen.length === 1 && !star) end = b.max;
    if (step > 1) star = false;
  } else if (slash.length > 2) {
    throw new CronError(`too many slashes: ${expr}`);
  }
  if (start < b.min) throw new CronError(`beginning of range (${start}) below minimum (${b.min}): ${expr}`);
  if (end > b.max) throw new CronError(`end of range (${end}) above maximum (${b.max}): ${expr}`);
  if (start > end) throw new CronError(`beginning of range (${start}) beyond end of range (${end}): ${expr}`);
  if (step === 0) throw new CronError(`step of range should be a positive number: ${expr}`);
  for (let v = start; v <= end; v += step) out.add(v);
  return star;
}

function parseField(field: string, b: Bounds): { set: Set<number>; star: boolean } {
  const set = new Set<number>();
  let star = false;
  for (const part of field.split(',')) star = parseRange(part, b, set) || star;
  return { set, star };
}

const descriptors: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

/** Go time.ParseDuration for the units cron intervals use (h, m, s, ms, us, ns); seconds or undefined. */
function parseGoDuration(s: string): number | undefined {
  const re = /([0-9]*\.?[0-9]+)(ns|us|µs|ms|s|m|h)/gy;
  const units: Record<string, number> = { ns: 1e-9, us: 1e-6, µs: 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };
  let total = 0;
  let matched = 0;
  for (const m of s.matchAll(re)) {
    total += Number(m[1]) * (units[m[2] ?? 's'] ?? 1);
    matched += m[0].length;
  }
  return matched === s.length && s.length > 0 ? total : undefined;
}

/**
 * Parses a CronJob schedule. Throws an Error whose message is robfig/cron's for bad input.
 * A leading `TZ=…` / `CRON_TZ=…` is accepted here; CronJob validation rejects it separately.
 */
export function parseStandardCron(spec: string): CronSchedule | CronInterval {
  let s = spec;
  if (s.length === 0) throw new CronError('empty spec string');
  if (s.startsWith('TZ=') || s.startsWith('CRON_TZ=')) {
    const space = s.indexOf(' ');
    const tz = s.slice(s.indexOf('=') + 1, space < 0 ? undefined : space);
    if (!isKnownTimeZone(tz)) throw new CronError(`provided bad location ${tz}: unknown time zone ${tz}`);
    s = space < 0 ? '' : s.slice(space).trim();
  }
  if (s.startsWith('@')) {
    if (s.startsWith('@every ')) {
      const d = s.slice('@every '.length);
      const secs = parseGoDuration(d);
      if (secs === undefined)
        throw new CronError(`failed to parse duration ${s}: time: invalid duration ${JSON.stringify(d)}`);
      return { everySeconds: secs };
    }
    const expanded = descriptors[s];
    if (!expanded) throw new CronError(`unrecognized descriptor: ${s}`);
    s = expanded;
  }
  const fields = s.split(/\s+/).filter((f) => f !== '');
  if (fields.length !== 5)
    throw new CronError(`expected exactly 5 fields, found ${fields.length}: [${fields.join(' ')}]`);
  const [mi = '', h = '', dom = '', mo = '', dow = ''] = fields;
  const d = parseField(dom, domB);
  const w = parseField(dow, dowB);
  return {
    minutes: parseField(mi, minuteB).set,
    hours: parseField(h, hourB).set,
    daysOfMonth: d.set,
    months: parseField(mo, monthB).set,
    daysOfWeek: w.set,
    domStar: d.star,
    dowStar: w.star,
  };
}

/** Whether the IANA time zone name is known to this runtime (Go's time.LoadLocation). */
export function isKnownTimeZone(tz: string): boolean {
  if (tz === 'UTC' || tz === 'Local') return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
