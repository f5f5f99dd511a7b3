// What a phase cost the stack: CPU seconds by process between two readings, and resident memory now.
import { cpuSeconds, residentBytes } from './procfs.ts';
import type { BenchStack } from './stack.ts';
import type { StackCpu } from './summary.ts';

export type Cpu = StackCpu & { ceilingWorker: number; bench: number };

export function cpuNow(stack: BenchStack): Cpu {
  const own = process.cpuUsage();
  return {
    api: cpuSeconds(stack.pids.api),
    worker: cpuSeconds(stack.pids.worker),
    temporal: cpuSeconds(stack.pids.temporal),
    postgres: cpuSeconds(stack.pids.postgres),
    ceilingWorker: cpuSeconds(stack.pids.ceilingWorker),
    bench: (own.user + own.system) / 1e6,
  };
}

export const cpuSpent = (after: Cpu, before: Cpu): Cpu => ({
  api: after.api - before.api,
  worker: after.worker - before.worker,
  temporal: after.temporal - before.temporal,
  postgres: after.postgres - before.postgres,
  ceilingWorker: after.ceilingWorker - before.ceilingWorker,
  bench: after.bench - before.bench,
});

/** Starts a CPU reading; the function it returns gives what was spent since. */
export function cpuMeter(stack: BenchStack): () => Cpu {
  const before = cpuNow(stack);
  return () => cpuSpent(cpuNow(stack), before);
}

export function memoryNow(stack: BenchStack) {
  return { workerBytes: residentBytes(stack.pids.worker), temporalBytes: residentBytes(stack.pids.temporal), apiBytes: residentBytes(stack.pids.api) };
}
