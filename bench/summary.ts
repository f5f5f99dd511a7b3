// The run in a few lines: what one order costs, both ceilings and the ratios to them, CPU per order by process,
// the open-loop latencies, and the README's targets as measured against target. Pure: figures in, rows out,
// so before/after comparisons of the engine read the same way every time.
import type { HistoryCounts } from './ceiling/plan.ts';
import type { Summary } from './stats.ts';

/** CPU seconds of the stack's processes, the benchmark's own process left out. */
export interface StackCpu {
  worker: number;
  temporal: number;
  postgres: number;
  api: number;
}

export interface Figures {
  history: HistoryCounts;
  /** Orders per second of the full ceiling (the order's whole plan), the minimal one (one activity per message), the lifecycle. */
  ceilingRate: number;
  minimalCeilingRate: number;
  lifecycleRate: number;
  lifecycleCpu: StackCpu;
  lifecycleOrders: number;
  /** Saturated latencies: what a queue in front of a core adds, not the engine's service time. */
  lifecycleLatency: { staffCommands: Summary; webhookToVisible: Summary };
  clients: number;
  openLoop: {
    ratePerSecond: number;
    orders: number;
    seconds: number;
    /** The stack's CPU per second at rest, measured just before: the phase's CPU includes it for its whole length. */
    idleCpuPerSecond: StackCpu;
    cpu: StackCpu;
    staffCommands: Summary;
    webhookToVisible: Summary;
  };
  open: { orders: number; workerBytes: number; worstReadP95: number };
}

export interface TargetRow {
  target: string;
  measured: string;
  goal: string;
  /** undefined: not measured where the target applies (e.g. fewer open orders than it names). */
  met: boolean | undefined;
}

/** `part / whole`, NaN when there is no whole to compare with. */
export const ratio = (part: number, whole: number): number => (whole > 0 && Number.isFinite(whole) ? part / whole : Number.NaN);

export const total = (cpu: StackCpu): number => cpu.worker + cpu.temporal + cpu.postgres + cpu.api;

/** CPU seconds per order, process by process and in all. */
export function cpuPerOrder(cpu: StackCpu, orders: number): StackCpu & { total: number } {
  const per = (seconds: number) => (orders > 0 ? seconds / orders : Number.NaN);
  return { worker: per(cpu.worker), temporal: per(cpu.temporal), postgres: per(cpu.postgres), api: per(cpu.api), total: per(total(cpu)) };
}

/** The scale at which the README states its open-orders targets. */
export const TARGET_OPEN_ORDERS = 10_000;
const TARGET_RATIO = 0.6;
const TARGET_CPU_SECONDS = 0.4;
const TARGET_STAFF_P99_MS = 250;
const TARGET_VISIBLE_P99_MS = 500;
const TARGET_WORKER_BYTES = 2 ** 30;
const TARGET_READ_P95_MS = 100;

const percent = (value: number) => (Number.isFinite(value) ? `${(value * 100).toFixed(0)} %` : '–');
const millis = (value: number) => (Number.isFinite(value) ? `${value.toFixed(0)} ms` : '–');
const seconds = (value: number) => (Number.isFinite(value) ? `${value.toFixed(2)} s` : '–');
const mebibytes = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
/** A comparison that fails on a missing figure (NaN), rather than passing by accident. */
const below = (value: number, limit: number) => Number.isFinite(value) && value < limit;

export function targetRows(f: Figures): TargetRow[] {
  const minimalRatio = ratio(f.lifecycleRate, f.minimalCeilingRate);
  const cpu = cpuPerOrder(f.lifecycleCpu, f.lifecycleOrders).total;
  const atScale = f.open.orders >= TARGET_OPEN_ORDERS;
  const scale = `${f.open.orders} open orders${atScale ? '' : ` (target at ${TARGET_OPEN_ORDERS}: not judged)`}`;
  return [
    { target: 'lifecycle / minimal ceiling', measured: percent(minimalRatio), goal: `≥ ${percent(TARGET_RATIO)}`, met: Number.isFinite(minimalRatio) && minimalRatio >= TARGET_RATIO },
    { target: 'whole-stack CPU per order (lifecycle)', measured: seconds(cpu), goal: `≤ ${seconds(TARGET_CPU_SECONDS)}`, met: Number.isFinite(cpu) && cpu <= TARGET_CPU_SECONDS },
    { target: 'open loop: staff commands p99', measured: millis(f.openLoop.staffCommands.p99), goal: `< ${TARGET_STAFF_P99_MS} ms`, met: below(f.openLoop.staffCommands.p99, TARGET_STAFF_P99_MS) },
    { target: 'open loop: webhook → visible stage p99', measured: millis(f.openLoop.webhookToVisible.p99), goal: `< ${TARGET_VISIBLE_P99_MS} ms`, met: below(f.openLoop.webhookToVisible.p99, TARGET_VISIBLE_P99_MS) },
    { target: `worker RSS, ${scale}`, measured: mebibytes(f.open.workerBytes), goal: '< 1 GiB', met: atScale ? f.open.workerBytes < TARGET_WORKER_BYTES : undefined },
    { target: `lists and reports p95 (slowest), ${scale}`, measured: millis(f.open.worstReadP95), goal: `< ${TARGET_READ_P95_MS} ms`, met: atScale ? below(f.open.worstReadP95, TARGET_READ_P95_MS) : undefined },
  ];
}

const byType = (counts: Record<string, number>) =>
  Object.entries(counts)
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
    .map(([type, n]) => `${type} ${n}`)
    .join(', ');

const cpuLine = (cpu: StackCpu & { total: number }) =>
  `${seconds(cpu.total)} (worker ${cpu.worker.toFixed(2)}, Temporal ${cpu.temporal.toFixed(2)}, PostgreSQL ${cpu.postgres.toFixed(2)}, API ${cpu.api.toFixed(2)})`;

const latencyLine = (s: Summary) => `p50 ${millis(s.p50)} · p95 ${millis(s.p95)} · p99 ${millis(s.p99)} (${s.count} samples)`;

/** The figures a before/after comparison needs, one line each. */
export function summaryRows(f: Figures): [string, string][] {
  const h = f.history;
  const local = h.localActivities ? `; local ${h.localActivities} (${byType(h.localActivitiesByType)})` : '';
  return [
    ['activities per order', `${h.activities} (${byType(h.activitiesByType)})${local}`],
    ['workflow tasks / events per order', `${h.workflowTasks} / ${h.events}`],
    ['updates / signals / timers / search-attribute upserts', `${h.updates} / ${h.signals} / ${h.timersStarted} / ${h.searchAttributeUpserts}`],
    ['ceiling, the order’s whole plan', `${f.ceilingRate.toFixed(2)} orders/s; lifecycle at ${percent(ratio(f.lifecycleRate, f.ceilingRate))}`],
    ['ceiling, one activity per update and signal', `${f.minimalCeilingRate.toFixed(2)} orders/s; lifecycle at ${percent(ratio(f.lifecycleRate, f.minimalCeilingRate))}`],
    [`lifecycle, ${f.clients} clients (saturated)`, `${f.lifecycleRate.toFixed(2)} orders/s`],
    ['lifecycle p99: staff commands / webhook → visible', `${millis(f.lifecycleLatency.staffCommands.p99)} / ${millis(f.lifecycleLatency.webhookToVisible.p99)} (queueing at saturation, not the engine)`],
    ['CPU per order, lifecycle', cpuLine(cpuPerOrder(f.lifecycleCpu, f.lifecycleOrders))],
    [`open loop, ${f.openLoop.orders} orders at ${f.openLoop.ratePerSecond.toFixed(2)}/s`, `CPU per order ${cpuLine(cpuPerOrder(f.openLoop.cpu, f.openLoop.orders))}`],
    ['  of which the idle stack', `${seconds((total(f.openLoop.idleCpuPerSecond) * f.openLoop.seconds) / f.openLoop.orders)} (${total(f.openLoop.idleCpuPerSecond).toFixed(2)} CPU s per second at rest)`],
    ['open loop: staff commands', latencyLine(f.openLoop.staffCommands)],
    ['open loop: webhook → visible stage', latencyLine(f.openLoop.webhookToVisible)],
  ];
}
