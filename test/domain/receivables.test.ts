import { describe, expect, it } from 'vitest';
import { ageBucket, daysOverdue } from '../../domain/receivables.ts';

describe('receivables age buckets', () => {
  it.each([
    ['2026-12-03', '2026-12-10', 'notDue'],
    ['2026-12-03', '2026-12-03', 'notDue'],
    ['2026-12-03', '2026-12-02', 'days1to7'],
    ['2026-12-03', '2026-11-26', 'days1to7'],
    ['2026-12-03', '2026-11-25', 'days8to30'],
    ['2026-12-03', '2026-11-03', 'days8to30'],
    ['2026-12-03', '2026-11-02', 'over30'],
    ['2026-03-30', '2026-03-28', 'days1to7'],
  ])('today %s, due %s: %s', (today, due, bucket) => {
    expect(ageBucket(today, due)).toBe(bucket);
  });

  it('counts calendar days across a month and a time change', () => {
    expect(daysOverdue('2026-03-01', '2026-02-27')).toBe(2);
    expect(daysOverdue('2026-10-26', '2026-10-24')).toBe(2);
  });
});
