// The open loop's schedule: arrivals at a fixed rate that never wait for earlier orders to finish.
// A clock of our own stands in for time, so nothing here depends on how busy the machine is.
import { describe, expect, it } from 'vitest';
import { arrivalOffsets, arrivalRate, runOpenLoop, type Clock } from '../../bench/open-loop.ts';

/** Time moves only when the loop waits for an arrival; `lag` adds how late each wait wakes. */
function fakeClock(lag = 0): Clock & { waits: number[] } {
  let now = 1_000;
  const waits: number[] = [];
  return {
    waits,
    now: () => now,
    until: async (time) => {
      waits.push(time);
      now = Math.max(now, time) + lag;
      await Promise.resolve();
    },
  };
}

describe('open-loop arrivals', () => {
  it('are evenly spaced at the rate, the first at once', () => {
    expect(arrivalOffsets(4, 2)).toEqual([0, 500, 1000, 1500]);
    expect(arrivalOffsets(3, 0.5)).toEqual([0, 2000, 4000]);
    expect(arrivalOffsets(0, 5)).toEqual([]);
  });

  it('come at half the measured throughput unless a rate is asked for', () => {
    expect(arrivalRate(2.4)).toBeCloseTo(1.2);
    expect(arrivalRate(2.4, 0.3)).toBe(0.3);
    expect(arrivalRate(2.4, undefined, 0.25)).toBeCloseTo(0.6);
  });

  it('refuse a rate that is not a positive number, rather than never arriving', () => {
    expect(() => arrivalRate(0)).toThrow(/positive/);
    expect(() => arrivalRate(Number.NaN)).toThrow(/positive/);
    expect(() => arrivalRate(2, -1)).toThrow(/positive/);
  });

  it('start every order on schedule while the earlier ones are still running', async () => {
    const clock = fakeClock();
    const started: number[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const run = runOpenLoop(
      4,
      10,
      async (index) => {
        started.push(index);
        await gate;
      },
      undefined,
      clock,
    );
    // all four arrivals are launched although none of the orders has finished
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual([0, 1, 2, 3]);
    expect(clock.waits).toEqual([1_000, 1_100, 1_200, 1_300]);
    release();
    const result = await run;
    expect(result).toMatchObject({ completed: 4, failed: 0, errors: [], ratePerSecond: 10 });
    expect(result.startLateness.max).toBe(0);
  });

  it('counts failed orders apart, keeps their messages, and reports how late the bench started each arrival', async () => {
    const progress = { completed: 0, failed: 0, startedAt: 0 };
    const result = await runOpenLoop(
      3,
      1,
      async (index) => {
        if (index === 1) throw new Error('order 1 did not reach production');
        await Promise.resolve();
      },
      progress,
      fakeClock(7),
    );
    expect(result).toMatchObject({ completed: 2, failed: 1, errors: ['order 1 did not reach production'] });
    expect(progress).toMatchObject({ completed: 2, failed: 1 });
    expect(result.startLateness).toMatchObject({ count: 3, p50: 7, max: 7 });
  });
});
