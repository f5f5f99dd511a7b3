// Calendar dates in the company's time zone: due dates, ship dates and the end of a ship day.

// Building an Intl formatter costs far more than using one, and deadlines and dates ask thousands of times per
// order: one formatter per time zone, kept for the process.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

function parts(timeZone: string, at: Date): Record<string, number> {
  const p: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(at)) if (part.type !== 'literal') p[part.type] = Number(part.value);
  return p;
}

/** `YYYY-MM-DD` of the instant as a calendar date in `timeZone`. */
export function dateIn(timeZone: string, at: Date): string {
  const p = parts(timeZone, at);
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

/** Offset of `timeZone` from UTC at `at`, in milliseconds. */
export function offsetMs(timeZone: string, at: Date): number {
  const p = parts(timeZone, at);
  const asUtc = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
  return asUtc - Math.floor(at.getTime() / 1000) * 1000;
}

/** The last millisecond of calendar day `date` (`YYYY-MM-DD`) in `timeZone`. */
export function endOfDay(timeZone: string, date: string): Date {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const nextMidnightUtc = Date.UTC(year, month - 1, day + 1);
  // the offset before midnight, checked twice so a DST change on that day is honoured
  let guess = nextMidnightUtc - offsetMs(timeZone, new Date(nextMidnightUtc));
  guess = nextMidnightUtc - offsetMs(timeZone, new Date(guess - 1));
  return new Date(guess - 1);
}

/** True for a real calendar date written as `YYYY-MM-DD`. */
export function isCalendarDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const [year, month, day] = text.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** The first millisecond of calendar day `date` in `timeZone`. */
export function startOfDay(timeZone: string, date: string): Date {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const previous = new Date(Date.UTC(year, month - 1, day - 1)).toISOString().slice(0, 10);
  return new Date(endOfDay(timeZone, previous).getTime() + 1);
}
