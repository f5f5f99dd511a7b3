// Before and after from results files: the same key figures from an older file (no minimal ceiling, no open
// loop) and a new one, side by side. The files here are made up, cut down to the figures read.
import { describe, expect, it } from 'vitest';
import { comparisonRows, keyFigures, readBaseline } from '../../bench/compare.ts';

const cpu = { worker: 64, temporal: 54, postgres: 28, api: 26, bench: 8 };
const older = {
  history: { counts: { activities: 33, workflowTasks: 36, events: 260 } },
  ceiling: { ordersPerSecond: 5.72 },
  lifecycle: { completed: 200, ordersPerSecond: 2.06, cpuSeconds: cpu },
};
const newer = {
  history: { counts: { activities: 12, localActivities: 6, workflowTasks: 20, events: 150 } },
  ceiling: { ordersPerSecond: 6 },
  minimalCeiling: { ordersPerSecond: 8 },
  lifecycle: { completed: 100, ordersPerSecond: 4.8, cpuSeconds: { worker: 15, temporal: 15, postgres: 5, api: 5, bench: 3 } },
  openLoop: { completed: 50, cpuSeconds: { worker: 10, temporal: 8, postgres: 4, api: 3 }, staffCommands: { p50: 60, p99: 200 }, webhookToVisible: { all: { p50: 80, p99: 300 } } },
};

describe('key figures for before and after', () => {
  it('reads an older results file, with – for the figures it did not measure', () => {
    const figures = Object.fromEntries(keyFigures(older));
    expect(figures['activities per order']).toBe(33);
    expect(figures['lifecycle / ceiling']).toBeCloseTo(2.06 / 5.72);
    expect(figures['lifecycle CPU s per order']).toBeCloseTo(0.86);
    expect(figures['lifecycle CPU s per order: worker']).toBeCloseTo(0.32);
    expect(figures['minimal ceiling orders/s']).toBeNaN();
    expect(figures['open loop staff commands p99 ms']).toBeNaN();
    expect(figures['open loop CPU s per order: worker']).toBeNaN();
  });

  it('puts a baseline beside this run with the change in per cent', () => {
    const rows = Object.fromEntries(comparisonRows(older, newer).map(([name, ...cells]) => [name, cells]));
    expect(rows['activities per order']).toEqual(['33', '12', '-64 %']);
    expect(rows['lifecycle / minimal ceiling']).toEqual(['–', '0.60', '–']);
    expect(rows['lifecycle CPU s per order']).toEqual(['0.86', '0.40', '-53 %']);
    expect(rows['open loop webhook → visible p99 ms']).toEqual(['–', '300', '–']);
  });

  it('refuses a baseline that is not a results file, naming it', () => {
    expect(() => readBaseline('/nonexistent/results.json')).toThrow(/--baseline \/nonexistent\/results.json is not a benchmark results file/);
    expect(() => readBaseline(new URL('../../package.json', import.meta.url).pathname)).toThrow(/no lifecycle figures/);
  });
});
