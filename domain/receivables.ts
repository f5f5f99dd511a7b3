// How overdue an open amount is (docs/money.md, Receivables): whole calendar days past the due date, both
// dates in the company time zone, so an invoice due today is not yet overdue whatever the hour.
export const AGE_BUCKETS = ['notDue', 'days1to7', 'days8to30', 'over30'] as const;
export type AgeBucket = (typeof AGE_BUCKETS)[number];

const DAY_MS = 86_400_000;

/** Calendar days from `dueDate` to `today` (both `YYYY-MM-DD`): positive once overdue. */
export function daysOverdue(today: string, dueDate: string): number {
  return Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${dueDate}T00:00:00Z`)) / DAY_MS);
}

export function ageBucket(today: string, dueDate: string): AgeBucket {
  const days = daysOverdue(today, dueDate);
  if (days <= 0) return 'notDue';
  if (days <= 7) return 'days1to7';
  return days <= 30 ? 'days8to30' : 'over30';
}

export type Buckets = Record<AgeBucket, number>;
export const noBuckets = (): Buckets => ({ notDue: 0, days1to7: 0, days8to30: 0, over30: 0 });
