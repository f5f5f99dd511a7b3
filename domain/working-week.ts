// How the company writes its working week and hours (`WORKING_DAYS=mon-fri`, `WORKING_HOURS=09:00-18:00`),
// parsed once for the configuration and the calendar API alike.

const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

/** Working hours of a day as minutes after local midnight, `start < end <= 1440`. */
export interface Hours {
  start: number;
  end: number;
}

/** Weekday numbers (0 = Sunday, as `Date#getUTCDay`) of `mon-fri`, `mon-sat`, `mon,wed,fri`, `sat-sun`; undefined if malformed. */
export function parseWorkingDays(text: string): number[] | undefined {
  const days = new Set<number>();
  for (const part of text.trim().toLowerCase().split(',')) {
    const [first, last, ...rest] = part.trim().split('-');
    const from = WEEKDAYS.indexOf(first as (typeof WEEKDAYS)[number]);
    const to = last === undefined ? from : WEEKDAYS.indexOf(last as (typeof WEEKDAYS)[number]);
    if (from < 0 || to < 0 || rest.length > 0) return undefined;
    // a range may wrap over the week's end (`fri-mon`)
    for (let day = from; ; day = (day + 1) % 7) {
      days.add(day);
      if (day === to) break;
    }
  }
  return [...days].sort((a, b) => a - b);
}

const HOURS = /^(\d{2}):(\d{2})-(\d{2}):(\d{2})$/;

/** `09:00-18:00` (up to `24:00`) as minutes; undefined when malformed or empty. */
export function parseHours(text: string): Hours | undefined {
  const match = HOURS.exec(text.trim());
  if (!match) return undefined;
  const [h1, m1, h2, m2] = match.slice(1).map(Number) as [number, number, number, number];
  if (m1 > 59 || m2 > 59) return undefined;
  const start = h1 * 60 + m1;
  const end = h2 * 60 + m2;
  return start < end && end <= 24 * 60 ? { start, end } : undefined;
}

const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** The inverse of `parseHours`. */
export function formatHours(hours: Hours): string {
  return `${hhmm(hours.start)}-${hhmm(hours.end)}`;
}
