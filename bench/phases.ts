// The phases that run the same way more than once or need their own bookkeeping: a ceiling (full or minimal
// plan, through the Temporal client) and the open loop (orders arriving at a fixed rate over HTTP).
import type { Client } from '@temporalio/client';
import { driveCeilingOrder } from './ceiling/driver.ts';
import type { Step } from './ceiling/shared.ts';
import { follow, say } from './follow.ts';
import { driveOrder, type World } from './lifecycle.ts';
import { runOpenLoop } from './open-loop.ts';
import { runPool, type PoolResult, type Progress } from './pool.ts';
import { Recorder } from './stats.ts';
import type { BenchStack } from './stack.ts';
import { cpuMeter } from './usage.ts';
import { scrape, workerLatencies } from './worker-metrics.ts';

/** Staff commands are the updates people send: qualify, delivery data and every task completion. */
export const isStaffCommand = (route: string) => /\/qualify$|\/delivery$|\/complete \(/.test(route);

export async function measureCeiling(stack: BenchStack, label: string, plan: Step[], orders: number, clients: number, id: (index: number) => string) {
  const latency = new Recorder();
  const progress: Progress = { completed: 0, failed: 0, startedAt: performance.now() };
  const cpu = cpuMeter(stack);
  const metricsBefore = await scrape(stack.ceilingMetricsUrl);
  const done = follow(label, orders, progress);
  const run = await runPool(orders, clients, (index) => driveCeilingOrder(stack.temporal, latency, plan, id(index)), progress);
  done();
  const spent = cpu();
  const worker = workerLatencies(metricsBefore, await scrape(stack.ceilingMetricsUrl));
  return {
    completed: run.completed,
    failed: run.failed,
    seconds: run.durationMs / 1000,
    ordersPerSecond: run.completed / (run.durationMs / 1000),
    latency: latency.summaries(),
    cpuSeconds: { worker: spent.ceilingWorker, temporal: spent.temporal, bench: spent.bench },
    worker,
    errors: run.errors,
  };
}

/** Warms a ceiling plan up with one workflow, so the worker's bundle and caches are ready before timing. */
export const warmCeiling = (temporal: Client, plan: Step[], workflowId: string) => driveCeilingOrder(temporal, new Recorder(), plan, workflowId);

/** Starts each order's job: a closed pool of clients, or arrivals on a schedule. */
export type Schedule<R extends PoolResult> = (job: (index: number) => Promise<void>, progress: Progress) => Promise<R>;

/**
 * Orders `firstIndex` … through the whole funnel over HTTP, started by `schedule`: each route's latency, the
 * webhook-to-visible times, the CPU each process spent and the worker's SDK metrics over the phase.
 */
export async function measureFunnel<R extends PoolResult>(stack: BenchStack, world: (recorder: Recorder) => World, label: string, count: number, firstIndex: number, schedule: Schedule<R>) {
  const routes = new Recorder();
  const visibility = new Recorder();
  const orderWorld = world(routes);
  const progress: Progress = { completed: 0, failed: 0, startedAt: performance.now() };
  const cpu = cpuMeter(stack);
  const metricsBefore = await scrape(stack.workerMetricsUrl);
  const done = follow(label, count, progress);
  const run = await schedule(async (index) => {
    await driveOrder(orderWorld, visibility, firstIndex + index);
  }, progress);
  done();
  const spent = cpu();
  const worker = workerLatencies(metricsBefore, await scrape(stack.workerMetricsUrl));
  return {
    run,
    completed: run.completed,
    failed: run.failed,
    seconds: run.durationMs / 1000,
    ordersPerSecond: run.completed / (run.durationMs / 1000),
    routes: routes.summaries(),
    staffCommands: routes.combined(isStaffCommand),
    webhookToVisible: { all: visibility.combined(() => true), ...visibility.summaries() },
    cpuSeconds: { api: spent.api, worker: spent.worker, temporal: spent.temporal, postgres: spent.postgres, bench: spent.bench },
    worker,
    errors: run.errors,
  };
}

/**
 * The stack's CPU per second with no order moving (pollers, timers, the dev server's own loops): the open loop's
 * CPU per order includes this idle cost for the whole phase, so the report gives it to tell the two apart.
 */
export async function measureIdle(stack: BenchStack, seconds: number) {
  const cpu = cpuMeter(stack);
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  const spent = cpu();
  return { seconds, cpuSecondsPerSecond: { api: spent.api / seconds, worker: spent.worker / seconds, temporal: spent.temporal / seconds, postgres: spent.postgres / seconds } };
}

/** Orders arriving at `ratePerSecond`, each driven through the funnel as the lifecycle drives it. */
export async function measureOpenLoop(stack: BenchStack, world: (recorder: Recorder) => World, count: number, ratePerSecond: number, firstIndex: number) {
  const { run, ...phase } = await measureFunnel(stack, world, 'open loop', count, firstIndex, (job, progress) => runOpenLoop(count, ratePerSecond, job, progress));
  say(`  arrivals started late by p50 ${run.startLateness.p50.toFixed(1)} ms, p99 ${run.startLateness.p99.toFixed(1)} ms (the bench's own lag)`);
  return { ratePerSecond, arrivals: count, startLateness: run.startLateness, ...phase };
}
