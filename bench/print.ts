// The run's tables on the terminal: one order in Temporal's terms, throughput, latencies by phase, where the
// worker's time goes, CPU, open orders; then the compact summary and the targets.
import type { HistoryCounts } from './ceiling/plan.ts';
import { say } from './follow.ts';
import { approximationTable, keyValueTable, latencyTable, mib, plainTable } from './report.ts';
import type { Summary } from './stats.ts';
import type { TargetRow } from './summary.ts';
import type { WorkerLatencies } from './worker-metrics.ts';

interface Phase {
  completed: number;
  failed: number;
  seconds: number;
  errors: string[];
}
interface CeilingPhase extends Phase {
  ordersPerSecond: number;
  latency: Record<string, Summary>;
  cpuSeconds: Record<string, number>;
  worker: WorkerLatencies;
}
interface HttpPhase extends Phase {
  routes: Record<string, Summary>;
  staffCommands: Summary;
  webhookToVisible: Record<string, Summary>;
}
type Memory = { workerBytes: number; temporalBytes: number; apiBytes: number };

export interface Report {
  history: { counts: HistoryCounts };
  ceiling: CeilingPhase;
  minimalCeiling: CeilingPhase;
  lifecycle: HttpPhase & { ordersPerSecond: number; cpuSeconds: Record<string, number>; worker: WorkerLatencies };
  lightLoad: HttpPhase & { orders: number; clients: number };
  openLoop: HttpPhase & { ratePerSecond: number; arrivals: number; cpuSeconds: Record<string, number>; worker: WorkerLatencies };
  openOrders: Omit<Phase, 'completed'> & { requested: number; created: number; ordersPerSecond: number; intake: Record<string, Summary>; databaseBytes: number; reads: Record<string, Summary>; pages: Record<string, Summary> };
  memory: { afterStart: Memory; afterLifecycle: Memory; atScale: Memory };
  config: { clients: number };
}

const byType = (counts: Record<string, number>) => (Object.keys(counts).length ? `  (${Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(', ')})` : '');
const staffAndVisible = (phase: HttpPhase) => ({ ...phase.routes, 'staff commands (updates), all': phase.staffCommands, ...phase.webhookToVisible });
/** A ceiling's row has no API or PostgreSQL figure: neither takes part; its worker is the ceiling's own. */
const cpuRow = (label: string, c: Record<string, number>, orders: number) => {
  const cell = (key: string) => (c[key] === undefined ? '–' : c[key].toFixed(1));
  const stack = ['api', 'worker', 'temporal', 'postgres'].reduce((sum, key) => sum + (c[key] ?? 0), 0);
  return [label, cell('api'), cell('worker'), cell('temporal'), cell('postgres'), cell('bench'), orders ? ((stack / orders) * 1000).toFixed(0) : '–'];
};

export function printReport(r: Report): void {
  const { counts } = r.history;
  say('\n== One order in Temporal terms (from its history) ==');
  say(
    keyValueTable([
      ['updates (incl. intake with the start)', counts.updates],
      ['signals', counts.signals],
      ['activities', `${counts.activities}${byType(counts.activitiesByType)}`],
      ['local activities', `${counts.localActivities}${byType(counts.localActivitiesByType)}`],
      ['timers started / cancelled', `${counts.timersStarted} / ${counts.timersCancelled}`],
      ['search-attribute upserts (not in the ceilings)', counts.searchAttributeUpserts],
      ['workflow tasks / events', `${counts.workflowTasks} / ${counts.events}`],
    ]),
  );

  say('\n== Throughput ==');
  const row = (label: string, p: Phase & { ordersPerSecond: number }) => [label, p.completed, p.failed, p.seconds.toFixed(1), p.ordersPerSecond.toFixed(2)];
  say(
    plainTable(
      ['', 'orders', 'failed', 'seconds', 'orders/s'],
      [
        row("ceiling: the order's whole plan", r.ceiling),
        row('minimal ceiling: one activity per update and signal', r.minimalCeiling),
        row(`lifecycle: whole funnel over HTTP, ${r.config.clients} clients`, r.lifecycle),
        [`open loop: arrivals at ${r.openLoop.ratePerSecond.toFixed(2)}/s`, r.openLoop.completed, r.openLoop.failed, r.openLoop.seconds.toFixed(1), '–'],
      ],
    ),
  );

  say(`\n== Lifecycle latency per route, ${r.config.clients} clients (saturated: these measure queueing, not the engine) ==`);
  say(latencyTable(staffAndVisible(r.lifecycle)));
  say(`\n== Open loop: ${r.openLoop.arrivals} orders arriving at ${r.openLoop.ratePerSecond.toFixed(2)} a second (below capacity) ==`);
  say(latencyTable(staffAndVisible(r.openLoop)));
  say(`\n== Light load: ${r.lightLoad.orders} orders, ${r.lightLoad.clients} client (service time without queueing) ==`);
  say(latencyTable(staffAndVisible(r.lightLoad)));
  say('\n== Ceiling latency (whole plan, then minimal) ==');
  say(latencyTable(r.ceiling.latency));
  say(latencyTable(r.minimalCeiling.latency));

  say('\n== Where the time goes: worker SDK metrics during the lifecycle ==');
  say(approximationTable(r.lifecycle.worker.metrics));
  say(approximationTable(Object.fromEntries(Object.entries(r.lifecycle.worker.activities).map(([k, v]) => [`activity ${k}`, v]))));
  say(`  workflow cache: ${Object.entries(r.lifecycle.worker.cache).map(([k, v]) => `${k.replace('temporal_', '')} ${v}`).join(', ')}`);
  say('\n  … during the open loop');
  say(approximationTable(r.openLoop.worker.metrics));
  say('\n  … and during the ceilings (whole plan, then minimal)');
  say(approximationTable(r.ceiling.worker.metrics));
  say(approximationTable(r.minimalCeiling.worker.metrics));

  say('\n== CPU seconds ==');
  say(
    plainTable(
      ['', 'API', 'worker', 'Temporal', 'PostgreSQL', 'bench', 'ms/order (stack)'],
      [
        cpuRow('lifecycle', r.lifecycle.cpuSeconds, r.lifecycle.completed),
        cpuRow('open loop', r.openLoop.cpuSeconds, r.openLoop.completed),
        cpuRow('ceiling', r.ceiling.cpuSeconds, r.ceiling.completed),
        cpuRow('minimal ceiling', r.minimalCeiling.cpuSeconds, r.minimalCeiling.completed),
      ],
    ),
  );

  say(`\n== ${r.openOrders.requested} open orders ==`);
  const memory = (key: keyof Memory) => `${mib(r.memory.afterStart[key])} → ${mib(r.memory.afterLifecycle[key])} → ${mib(r.memory.atScale[key])}`;
  say(
    keyValueTable([
      ['created and taken in work', `${r.openOrders.created} (${r.openOrders.failed} failed) in ${r.openOrders.seconds.toFixed(0)} s, ${r.openOrders.ordersPerSecond.toFixed(1)} orders/s`],
      ['worker RSS (after start → lifecycle → at scale)', memory('workerBytes')],
      ['Temporal server RSS', memory('temporalBytes')],
      ['API RSS', memory('apiBytes')],
      ['database size', mib(r.openOrders.databaseBytes)],
    ]),
  );
  say(latencyTable(r.openOrders.intake));
  say(latencyTable(r.openOrders.reads));
  say('  workspace pages, signed in as a sales manager (HTML rendered on the server):');
  say(latencyTable(r.openOrders.pages));

  const phases = { ceiling: r.ceiling, 'minimal ceiling': r.minimalCeiling, lifecycle: r.lifecycle, 'light load': r.lightLoad, 'open loop': r.openLoop, 'open orders': r.openOrders };
  for (const [what, phase] of Object.entries(phases)) {
    if (phase.errors.length) say(`\n${what} errors (first ${phase.errors.length}):\n  ${phase.errors.join('\n  ')}`);
  }
}

export function printSummary(rows: [string, string][], targets: TargetRow[]): void {
  say('\n== Summary ==');
  say(keyValueTable(rows));
  say('\n== Targets (README; measured here, never asserted) ==');
  say(plainTable(['', 'measured', 'target', 'met'], targets.map((t) => [t.target, t.measured, t.goal, t.met === undefined ? '–' : t.met ? 'yes' : 'NO'])));
}

export function printComparison(baselinePath: string, rows: string[][]): void {
  say(`\n== Before and after: ${baselinePath} → this run ==`);
  say(plainTable(['', 'baseline', 'this run', 'change'], rows));
}
