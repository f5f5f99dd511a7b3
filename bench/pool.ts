// Runs `count` jobs with `clients` of them in flight at a time, as that many independent callers would.

export interface PoolResult {
  durationMs: number;
  completed: number;
  failed: number;
  /** The first few failures, for the report. */
  errors: string[];
}

export interface Progress {
  completed: number;
  failed: number;
  startedAt: number;
}

export async function runPool(count: number, clients: number, job: (index: number) => Promise<void>, progress?: Progress): Promise<PoolResult> {
  const state = progress ?? { completed: 0, failed: 0, startedAt: 0 };
  state.completed = 0;
  state.failed = 0;
  state.startedAt = performance.now();
  const errors: string[] = [];
  let next = 0;
  const client = async () => {
    for (let index = next++; index < count; index = next++) {
      try {
        await job(index);
        state.completed += 1;
      } catch (error) {
        state.failed += 1;
        if (errors.length < 10) errors.push(String((error as Error).message ?? error));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(clients, count) }, client));
  return { durationMs: performance.now() - state.startedAt, completed: state.completed, failed: state.failed, errors };
}
