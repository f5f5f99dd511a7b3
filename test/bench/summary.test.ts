// The run's summary: ratios to both ceilings, CPU per order by process, and the README's targets as
// measured against target. Figures here are made up; no test asserts what the engine reaches.
import { describe, expect, it } from 'vitest';
import type { HistoryCounts } from '../../bench/ceiling/plan.ts';
import { summarize } from '../../bench/stats.ts';
import { cpuPerOrder, ratio, summaryRows, targetRows, TARGET_OPEN_ORDERS, type Figures } from '../../bench/summary.ts';

const history: HistoryCounts = {
  events: 260,
  workflowTasks: 36,
  updates: 7,
  signals: 2,
  activities: 33,
  activitiesByType: { recordChange: 11, notify: 14, costPrices: 1 },
  localActivities: 0,
  localActivitiesByType: {},
  timersStarted: 9,
  timersCancelled: 8,
  timersFired: 0,
  searchAttributeUpserts: 14,
};

function figures(overrides: Partial<Figures> = {}): Figures {
  return {
    history,
    ceilingRate: 5,
    minimalCeilingRate: 8,
    lifecycleRate: 2,
    lifecycleCpu: { worker: 32, temporal: 27, postgres: 14, api: 13 },
    lifecycleOrders: 100,
    lifecycleLatency: { staffCommands: summarize([900, 2400]), webhookToVisible: summarize([800, 2000]) },
    clients: 20,
    openLoop: { ratePerSecond: 1, orders: 50, seconds: 60, idleCpuPerSecond: { worker: 0.01, temporal: 0.03, postgres: 0.005, api: 0.005 }, cpu: { worker: 10, temporal: 10, postgres: 5, api: 5 }, staffCommands: summarize([100, 120, 240]), webhookToVisible: summarize([90, 600]) },
    open: { orders: TARGET_OPEN_ORDERS, workerBytes: 800 * 2 ** 20, worstReadP95: 51 },
    ...overrides,
  };
}

const met = (rows: ReturnType<typeof targetRows>) => Object.fromEntries(rows.map((row) => [row.target, row.met]));

describe('ratios and CPU per order', () => {
  it('divides, and has no ratio to a ceiling that did not run', () => {
    expect(ratio(2, 8)).toBe(0.25);
    expect(ratio(2, 0)).toBeNaN();
    expect(ratio(2, Number.NaN)).toBeNaN();
  });

  it('splits CPU seconds per order by process and in all', () => {
    expect(cpuPerOrder({ worker: 32, temporal: 27, postgres: 14, api: 13 }, 100)).toEqual({ worker: 0.32, temporal: 0.27, postgres: 0.14, api: 0.13, total: 0.86 });
    expect(cpuPerOrder({ worker: 1, temporal: 1, postgres: 1, api: 1 }, 0).total).toBeNaN();
  });
});

describe('targets', () => {
  it('judge the lifecycle against the minimal ceiling, CPU, the open-loop p99s, memory and reads', () => {
    const rows = targetRows(figures());
    expect(rows.map((row) => [row.measured, row.goal])).toEqual([
      ['25 %', '≥ 60 %'],
      ['0.86 s', '≤ 0.40 s'],
      ['240 ms', '< 250 ms'],
      ['600 ms', '< 500 ms'],
      ['800 MiB', '< 1 GiB'],
      ['51 ms', '< 100 ms'],
    ]);
    expect(rows.map((row) => row.met)).toEqual([false, false, true, false, true, true]);
  });

  it('are met at the boundary where the README says "at least" and "at most"', () => {
    const rows = targetRows(figures({ lifecycleRate: 4.8, lifecycleCpu: { worker: 20, temporal: 10, postgres: 5, api: 5 } }));
    expect(rows.slice(0, 2).map((row) => row.met)).toEqual([true, true]);
  });

  it('are not judged at a scale below the one they name, and say at which scale they were measured', () => {
    const rows = targetRows(figures({ open: { orders: 200, workerBytes: 2 ** 31, worstReadP95: 300 } }));
    expect(rows.slice(4).map((row) => row.met)).toEqual([undefined, undefined]);
    expect(rows[4]).toMatchObject({ target: `worker RSS, 200 open orders (target at ${TARGET_OPEN_ORDERS}: not judged)`, measured: '2048 MiB' });
  });

  it('fail, not pass, when a phase measured nothing', () => {
    const none = summarize([]);
    const rows = targetRows(figures({ minimalCeilingRate: 0, lifecycleOrders: 0, openLoop: { ...figures().openLoop, staffCommands: none, webhookToVisible: none } }));
    expect(Object.values(met(rows)).slice(0, 4)).toEqual([false, false, false, false]);
    expect(rows[2]!.measured).toBe('–');
  });
});

describe('summary', () => {
  it('gives activities per order by type, most first, workflow tasks, both ratios and the open-loop figures', () => {
    const rows = Object.fromEntries(summaryRows(figures()));
    expect(rows['activities per order']).toBe('33 (notify 14, recordChange 11, costPrices 1)');
    expect(rows['workflow tasks / events per order']).toBe('36 / 260');
    expect(rows['ceiling, the order’s whole plan']).toBe('5.00 orders/s; lifecycle at 40 %');
    expect(rows['ceiling, one activity per update and signal']).toBe('8.00 orders/s; lifecycle at 25 %');
    expect(rows['open loop, 50 orders at 1.00/s']).toBe('CPU per order 0.60 s (worker 0.20, Temporal 0.20, PostgreSQL 0.10, API 0.10)');
    expect(rows['  of which the idle stack']).toBe('0.06 s (0.05 CPU s per second at rest)');
    expect(rows['open loop: staff commands']).toBe('p50 120 ms · p95 240 ms · p99 240 ms (3 samples)');
    expect(rows['lifecycle p99: staff commands / webhook → visible']).toBe('2400 ms / 2000 ms (queueing at saturation, not the engine)');
  });

  it('names local activities when the order runs some', () => {
    const rows = Object.fromEntries(summaryRows(figures({ history: { ...history, localActivities: 11, localActivitiesByType: { recordChange: 11 } } })));
    expect(rows['activities per order']).toContain('; local 11 (recordChange 11)');
  });
});
