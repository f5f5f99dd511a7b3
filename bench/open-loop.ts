// Open-loop arrivals: orders start on a fixed schedule whether or not earlier ones have finished, as customers
// arrive in a company. A closed pool of busy clients keeps the stack saturated, so its latencies measure the
// queue in front of a core; at a rate below capacity they measure the engine's own service time.
import type { PoolResult, Progress } from './pool.ts';
import { summarize, type Summary } from './stats.ts';

/** Below capacity by default: half of what the lifecycle measured, so queues stay short. */
export const DEFAULT_LOAD_SHARE = 0.5;

/** The arrival rate (orders per second): the one asked for, else `share` of the measured throughput. */
export function arrivalRate(measuredPerSecond: number, requested?: number, share = DEFAULT_LOAD_SHARE): number {
  const rate = requested ?? measuredPerSecond * share;
  if (!Number.isFinite(rate) || rate <= 0) throw new Error(`the open-loop arrival rate must be a positive number of orders per second, not ${rate}`);
  return rate;
}

/** When each of `count` arrivals is due, in milliseconds after the first: evenly spaced at `ratePerSecond`. */
export function arrivalOffsets(count: number, ratePerSecond: number): number[] {
  return Array.from({ length: count }, (_, index) => (index * 1000) / ratePerSecond);
}

export interface OpenLoopResult extends PoolResult {
  ratePerSecond: number;
  /** How late each arrival actually started against its schedule: large values mean the bench itself lagged. */
  startLateness: Summary;
}

export interface Clock {
  now(): number;
  /** Resolves at `time` (a `now()` value) or at once if it has passed. */
  until(time: number): Promise<void>;
}

export const realClock: Clock = {
  now: () => performance.now(),
  until: (time) => new Promise((resolve) => setTimeout(resolve, Math.max(0, time - performance.now()))),
};

/** Starts job 0 … count-1 on schedule, never waiting for a running one; resolves when all have ended. */
export async function runOpenLoop(
  count: number,
  ratePerSecond: number,
  job: (index: number) => Promise<void>,
  progress?: Progress,
  clock: Clock = realClock,
): Promise<OpenLoopResult> {
  const state = progress ?? { completed: 0, failed: 0, startedAt: 0 };
  state.completed = 0;
  state.failed = 0;
  state.startedAt = clock.now();
  const errors: string[] = [];
  const lateness: number[] = [];
  const running: Promise<void>[] = [];
  for (const [index, offset] of arrivalOffsets(count, ratePerSecond).entries()) {
    const due = state.startedAt + offset;
    await clock.until(due);
    lateness.push(Math.max(0, clock.now() - due));
    running.push(
      job(index).then(
        () => {
          state.completed += 1;
        },
        (error: unknown) => {
          state.failed += 1;
          if (errors.length < 10) errors.push(String((error as Error).message ?? error));
        },
      ),
    );
  }
  await Promise.all(running);
  return { durationMs: clock.now() - state.startedAt, completed: state.completed, failed: state.failed, errors, ratePerSecond, startLateness: summarize(lateness) };
}
