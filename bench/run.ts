// `npm run bench`: what users feel, next to what the Temporal server underneath allows, in one run.
//   npm run bench -- [--orders N] [--clients C] [--open M] [--quick]
// Starts its own stack (scratch data folder, free ports), then: a warm-up order whose history gives the
// ceiling its plan; the ceiling (a minimal workflow with the same messages, activities and timers, driven
// through the Temporal client); the lifecycle (N orders through the whole funnel over HTTP); a few orders by
// one client (service time without queueing); M open orders and the reads at that size. Prints tables and
// writes bench/results/<time>.json.
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { countHistory, planFromHistory } from './ceiling/plan.ts';
import { driveCeilingOrder } from './ceiling/driver.ts';
import { createHttp } from './http.ts';
import { driveOrder, hireStaff, stockCatalog, type World } from './lifecycle.ts';
import { fillOpenOrders, readTargets, timeReads } from './open-orders.ts';
import { runPool, type PoolResult, type Progress } from './pool.ts';
import { cpuSeconds, residentBytes } from './procfs.ts';
import { approximationTable, keyValueTable, latencyTable, machine, mib, plainTable, writeResult } from './report.ts';
import { startBenchStack, type BenchStack } from './stack.ts';
import { Recorder, type Summary } from './stats.ts';
import { scrape, workerLatencies } from './worker-metrics.ts';

const USAGE = 'usage: npm run bench -- [--orders N] [--clients C] [--open M] [--quick]';
const READ_REQUESTS = 100;
const READ_CONCURRENCY = 4;
/** The light-load run: how long each step takes when nothing queues, to tell service time from waiting. */
const LIGHT_ORDERS = 10;
const LIGHT_CLIENTS = 1;

function options() {
  const { values } = parseArgs({
    options: { orders: { type: 'string' }, clients: { type: 'string' }, open: { type: 'string' }, 'sqlite-pragma': { type: 'string', multiple: true }, quick: { type: 'boolean', default: false }, help: { type: 'boolean', default: false } },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const count = (text: string | undefined, fallback: number, name: string) => {
    const n = text === undefined ? fallback : Number(text);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive whole number\n${USAGE}`);
    return n;
  };
  return {
    orders: count(values.orders, values.quick ? 30 : 200, 'orders'),
    clients: count(values.clients, 20, 'clients'),
    open: count(values.open, values.quick ? 200 : 2000, 'open'),
    quick: values.quick,
    sqlitePragmas: Object.fromEntries((values['sqlite-pragma'] ?? []).map((p) => p.split('=') as [string, string])),
  };
}

const say = (line: string) => console.log(line);

/** A `\r` line that follows a pool while it runs (every few seconds as plain lines when not on a terminal). */
function follow(label: string, total: number, progress: Progress): () => void {
  const tty = process.stdout.isTTY;
  const render = () => {
    const seconds = (performance.now() - progress.startedAt) / 1000;
    const rate = seconds > 0 ? progress.completed / seconds : 0;
    const failed = progress.failed ? `, ${progress.failed} failed` : '';
    return `  ${label}: ${progress.completed}/${total} orders${failed} · ${rate.toFixed(1)} orders/s · ${seconds.toFixed(0)} s`;
  };
  const timer = setInterval(() => (tty ? process.stdout.write(`\r${render()}   `) : say(render())), tty ? 250 : 5000);
  return () => {
    clearInterval(timer);
    if (tty) process.stdout.write(`\r${render()}   \n`);
    else say(render());
  };
}

type Cpu = Record<'api' | 'worker' | 'temporal' | 'postgres' | 'ceilingWorker' | 'bench', number>;

function cpuNow(stack: BenchStack): Cpu {
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

const cpuSpent = (after: Cpu, before: Cpu) => Object.fromEntries(Object.entries(after).map(([k, v]) => [k, v - before[k as keyof Cpu]])) as Cpu;

function memoryNow(stack: BenchStack) {
  return { workerBytes: residentBytes(stack.pids.worker), temporalBytes: residentBytes(stack.pids.temporal), apiBytes: residentBytes(stack.pids.api) };
}

const perSecond = (result: PoolResult) => result.completed / (result.durationMs / 1000);

/** This month in the company's default time zone, as the margin report reads it. */
function thisMonth() {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Moscow' }).format(new Date());
  return { from: `${today.slice(0, 8)}01`, to: today };
}

async function main() {
  const config = options();
  const startedAt = new Date();
  const host = machine();
  say(`Order engine benchmark: ${config.orders} orders by ${config.clients} clients, ${config.open} open orders${config.quick ? ' (quick)' : ''}`);
  say(`  ${host.cores} cores (${host.model}), ${host.memoryGiB} GiB, Node ${host.node}, ${host.os}; load average ${host.loadAverage.join(' ')}`);

  const stack = await startBenchStack(say, { sqlitePragmas: config.sqlitePragmas });
  let failed = false;
  let stopping: Promise<void> | undefined;
  const stop = () => (stopping ??= stack.stop(failed));
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      say(`\n${signal}: stopping the stack…`);
      void stop().then(() => process.exit(130));
    });
  }

  try {
    const runId = startedAt.getTime().toString(36);
    const admin = { authorization: `Bearer ${stack.adminKey}` };
    const setup = new Recorder();
    const setupHttp = createHttp(stack.apiUrl, setup);
    const staff = await hireStaff(setupHttp, admin, runId);
    const products = await stockCatalog(setupHttp, admin, runId);
    const world = (recorder: Recorder): World => ({ http: createHttp(stack.apiUrl, recorder), admin, webhookSecret: stack.webhookSecret, staff, products, runId });
    const memoryAfterStart = memoryNow(stack);

    // ---- warm-up: one real order, whose history is the ceiling's plan -----------------------------------
    say('warm-up: one order through the funnel');
    const warmUp = new Recorder();
    const warmOrderId = await driveOrder(world(warmUp), warmUp, 0);
    // the workflow's last task (its settlement timer) follows the answer by a moment
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const history = await stack.temporal.workflow.getHandle(`order-${warmOrderId}`).fetchHistory();
    const events = history.events ?? [];
    const counts = countHistory(events);
    const plan = planFromHistory(events);
    say(
      `  one order's history: ${counts.events} events, ${counts.workflowTasks} workflow tasks, ${counts.updates} updates, ${counts.signals} signals, ` +
        `${counts.activities} activities, ${counts.timersStarted} timers (${counts.timersCancelled} cancelled), ${counts.searchAttributeUpserts} search-attribute upserts`,
    );
    await driveCeilingOrder(stack.temporal, new Recorder(), plan, `ceiling-${runId}-warm-up`);

    // ---- the ceiling --------------------------------------------------------------------------------------
    say(`ceiling: ${config.orders} minimal workflows with the same plan, ${config.clients} clients, through the Temporal client`);
    const ceilingLatency = new Recorder();
    const ceilingProgress: Progress = { completed: 0, failed: 0, startedAt: performance.now() };
    let cpuBefore = cpuNow(stack);
    let metricsBefore = await scrape(stack.ceilingMetricsUrl);
    let done = follow('ceiling', config.orders, ceilingProgress);
    const ceilingRun = await runPool(
      config.orders,
      config.clients,
      (index) => driveCeilingOrder(stack.temporal, ceilingLatency, plan, `ceiling-${runId}-${index}`),
      ceilingProgress,
    );
    done();
    const ceilingCpu = cpuSpent(cpuNow(stack), cpuBefore);
    const ceilingWorker = workerLatencies(metricsBefore, await scrape(stack.ceilingMetricsUrl));

    // ---- the lifecycle --------------------------------------------------------------------------------------
    say(`lifecycle: ${config.orders} orders through the whole funnel over HTTP, ${config.clients} clients`);
    const routes = new Recorder();
    const visibility = new Recorder();
    const lifecycleWorld = world(routes);
    const lifecycleProgress: Progress = { completed: 0, failed: 0, startedAt: performance.now() };
    cpuBefore = cpuNow(stack);
    metricsBefore = await scrape(stack.workerMetricsUrl);
    done = follow('lifecycle', config.orders, lifecycleProgress);
    const lifecycleRun = await runPool(
      config.orders,
      config.clients,
      async (index) => {
        await driveOrder(lifecycleWorld, visibility, 1 + index);
      },
      lifecycleProgress,
    );
    done();
    const lifecycleCpu = cpuSpent(cpuNow(stack), cpuBefore);
    const lifecycleWorker = workerLatencies(metricsBefore, await scrape(stack.workerMetricsUrl));
    const memoryAfterLifecycle = memoryNow(stack);

    // ---- light load: the same funnel with one client, so nothing waits in a queue -------------------------
    const lightOrders = Math.min(LIGHT_ORDERS, config.orders);
    say(`light load: ${lightOrders} orders, ${LIGHT_CLIENTS} client`);
    const lightRoutes = new Recorder();
    const lightVisibility = new Recorder();
    const lightWorld = world(lightRoutes);
    const lightRun = await runPool(lightOrders, LIGHT_CLIENTS, async (index) => {
      await driveOrder(lightWorld, lightVisibility, 1 + config.orders + config.open + index);
    });

    // ---- open orders ------------------------------------------------------------------------------------
    say(`open orders: ${config.open} orders taken in work and left in qualification, ${config.clients} clients`);
    const intake = new Recorder();
    const openProgress: Progress = { completed: 0, failed: 0, startedAt: performance.now() };
    done = follow('open orders', config.open, openProgress);
    const openRun = await fillOpenOrders(world(intake), 1 + config.orders, config.open, config.clients, openProgress);
    done();
    const sql = postgres(stack.databaseUrl, { max: 1, onnotice: () => {} });
    const [size] = await sql<{ bytes: string }[]>`select pg_database_size(current_database())::text as bytes`;
    const stages = await sql<{ stage: string; count: number }[]>`select stage, count(*)::int as count from orders group by stage order by stage`;
    await sql.end();
    const memoryAtScale = memoryNow(stack);
    say(`reads at ${config.open} open orders: ${READ_REQUESTS} requests per read, ${READ_CONCURRENCY} at a time`);
    const reads = new Recorder();
    const [someManager] = [...staff.values()].filter((e) => e.name.startsWith('Bench sales'));
    const readFailures = await timeReads(world(reads), readTargets(world(reads), someManager!.id, thisMonth()), READ_REQUESTS, READ_CONCURRENCY);

    // ---- figures ----------------------------------------------------------------------------------------
    const isStaffCommand = (route: string) => /\/qualify$|\/delivery$|\/complete \(/.test(route);
    const staffCommands = routes.combined(isStaffCommand);
    const lightStaffCommands = lightRoutes.combined(isStaffCommand);
    const lightWebhookToVisible = lightVisibility.combined(() => true);
    const webhookToVisible = visibility.combined(() => true);
    const lifecycleRate = perSecond(lifecycleRun);
    const ceilingRate = perSecond(ceilingRun);
    const ratio = lifecycleRate / ceilingRate;
    const readSummaries = reads.summaries();
    delete readSummaries['warm-up'];
    const worstReadP95 = Math.max(...Object.values(readSummaries).map((s) => s.p95));
    const targets = [
      { target: 'lifecycle throughput ≥ 60 % of the ceiling', value: `${(ratio * 100).toFixed(0)} %`, met: ratio >= 0.6 },
      { target: `staff commands (updates) p99 < 150 ms at ${config.clients} clients`, value: `${staffCommands.p99.toFixed(0)} ms`, met: staffCommands.p99 < 150 },
      { target: 'webhook → visible stage change p99 < 500 ms', value: `${webhookToVisible.p99.toFixed(0)} ms`, met: webhookToVisible.p99 < 500 },
      { target: `worker RSS < 1 GB with ${config.open} open orders`, value: mib(memoryAtScale.workerBytes), met: memoryAtScale.workerBytes < 2 ** 30 },
      { target: `list and report reads p95 < 100 ms at ${config.open} open orders`, value: `${worstReadP95.toFixed(0)} ms (slowest)`, met: worstReadP95 < 100 },
    ];

    const lifecycleCpuTotal = lifecycleCpu.api + lifecycleCpu.worker + lifecycleCpu.temporal + lifecycleCpu.postgres;
    const result = {
      startedAt: startedAt.toISOString(),
      durationSeconds: (Date.now() - startedAt.getTime()) / 1000,
      machine: host,
      config: {
        orders: config.orders,
        clients: config.clients,
        open: config.open,
        quick: config.quick,
        readRequests: READ_REQUESTS,
        readConcurrency: READ_CONCURRENCY,
        stack: 'embedded PostgreSQL (fsync on) and the Temporal dev server on a SQLite file, worker and API as separate processes; bench-driven, all on this machine',
        scenario: 'partial prepayment (30 %), two items, both payments by CloudPayments pay webhook; after each webhook the order is polled every 20 ms',
      },
      history: { counts, plan },
      ceiling: {
        completed: ceilingRun.completed,
        failed: ceilingRun.failed,
        seconds: ceilingRun.durationMs / 1000,
        ordersPerSecond: ceilingRate,
        latency: ceilingLatency.summaries(),
        cpuSeconds: { worker: ceilingCpu.ceilingWorker, temporal: ceilingCpu.temporal, bench: ceilingCpu.bench },
        worker: ceilingWorker,
        errors: ceilingRun.errors,
      },
      lifecycle: {
        completed: lifecycleRun.completed,
        failed: lifecycleRun.failed,
        seconds: lifecycleRun.durationMs / 1000,
        ordersPerSecond: lifecycleRate,
        routes: routes.summaries(),
        staffCommands,
        webhookToVisible: { all: webhookToVisible, ...visibility.summaries() },
        cpuSeconds: { api: lifecycleCpu.api, worker: lifecycleCpu.worker, temporal: lifecycleCpu.temporal, postgres: lifecycleCpu.postgres, bench: lifecycleCpu.bench },
        cpuSecondsPerOrder: lifecycleCpuTotal / Math.max(1, lifecycleRun.completed),
        cpuUtilisation: lifecycleCpuTotal / (lifecycleRun.durationMs / 1000) / host.cores,
        worker: lifecycleWorker,
        errors: lifecycleRun.errors,
      },
      ceilingRatio: ratio,
      lightLoad: {
        orders: lightOrders,
        clients: LIGHT_CLIENTS,
        completed: lightRun.completed,
        failed: lightRun.failed,
        seconds: lightRun.durationMs / 1000,
        routes: lightRoutes.summaries(),
        staffCommands: lightStaffCommands,
        webhookToVisible: { all: lightWebhookToVisible, ...lightVisibility.summaries() },
        errors: lightRun.errors,
      },
      openOrders: {
        requested: config.open,
        created: openRun.completed,
        failed: openRun.failed,
        seconds: openRun.durationMs / 1000,
        ordersPerSecond: perSecond(openRun),
        intake: intake.summaries(),
        databaseBytes: Number(size?.bytes ?? 0),
        ordersByStage: Object.fromEntries(stages.map((s) => [s.stage, s.count])),
        reads: readSummaries,
        readFailures,
        errors: openRun.errors,
      },
      memory: { afterStart: memoryAfterStart, afterLifecycle: memoryAfterLifecycle, atScale: memoryAtScale },
      targets,
    };
    printReport(result, { staffCommands, webhookToVisible });
    say(`\nresults: ${writeResult(result)}`);
    if (lifecycleRun.failed || ceilingRun.failed || lightRun.failed || openRun.failed || readFailures.length) failed = true;
  } catch (error) {
    failed = true;
    console.error(error);
  } finally {
    await stop();
  }
  process.exit(failed ? 1 : 0);
}

function printReport(
  r: {
    history: { counts: ReturnType<typeof countHistory> };
    ceiling: { completed: number; failed: number; seconds: number; ordersPerSecond: number; latency: Record<string, Summary>; cpuSeconds: Record<string, number>; worker: ReturnType<typeof workerLatencies>; errors: string[] };
    lifecycle: {
      completed: number;
      failed: number;
      seconds: number;
      ordersPerSecond: number;
      routes: Record<string, Summary>;
      webhookToVisible: Record<string, Summary>;
      cpuSeconds: Record<string, number>;
      cpuSecondsPerOrder: number;
      cpuUtilisation: number;
      worker: ReturnType<typeof workerLatencies>;
      errors: string[];
    };
    ceilingRatio: number;
    lightLoad: { orders: number; clients: number; routes: Record<string, Summary>; staffCommands: Summary; webhookToVisible: Record<string, Summary>; errors: string[] };
    openOrders: { requested: number; created: number; failed: number; seconds: number; ordersPerSecond: number; intake: Record<string, Summary>; databaseBytes: number; reads: Record<string, Summary>; errors: string[] };
    memory: Record<string, { workerBytes: number; temporalBytes: number; apiBytes: number }>;
    targets: { target: string; value: string; met: boolean }[];
  },
  extra: { staffCommands: Summary; webhookToVisible: Summary },
) {
  const { counts } = r.history;
  say('\n== One order in Temporal terms (from its history) ==');
  say(
    keyValueTable([
      ['updates (incl. intake with the start)', counts.updates],
      ['signals', counts.signals],
      ['activities', `${counts.activities}  (${Object.entries(counts.activitiesByType).map(([k, v]) => `${k} ${v}`).join(', ')})`],
      ['timers started / cancelled', `${counts.timersStarted} / ${counts.timersCancelled}`],
      ['search-attribute upserts (not in the ceiling)', counts.searchAttributeUpserts],
      ['workflow tasks / events', `${counts.workflowTasks} / ${counts.events}`],
    ]),
  );

  say('\n== Throughput ==');
  say(
    plainTable(
      ['', 'orders', 'failed', 'seconds', 'orders/s'],
      [
        ['ceiling (minimal workflow, Temporal client)', r.ceiling.completed, r.ceiling.failed, r.ceiling.seconds.toFixed(1), r.ceiling.ordersPerSecond.toFixed(2)],
        ['lifecycle (whole funnel over HTTP)', r.lifecycle.completed, r.lifecycle.failed, r.lifecycle.seconds.toFixed(1), r.lifecycle.ordersPerSecond.toFixed(2)],
      ],
    ),
  );
  say(`  lifecycle / ceiling: ${(r.ceilingRatio * 100).toFixed(0)} %`);

  say('\n== Lifecycle latency per route ==');
  say(latencyTable({ ...r.lifecycle.routes, 'staff commands (updates), all': extra.staffCommands }));
  say('\n== Webhook answered → stage change visible in GET /orders/:id ==');
  say(latencyTable({ ...Object.fromEntries(Object.entries(r.lifecycle.webhookToVisible).filter(([k]) => k !== 'all')), all: extra.webhookToVisible }));
  say(`\n== Light load: ${r.lightLoad.orders} orders, ${r.lightLoad.clients} client (service time without queueing) ==`);
  say(
    latencyTable({
      ...r.lightLoad.routes,
      'staff commands (updates), all': r.lightLoad.staffCommands,
      ...r.lightLoad.webhookToVisible,
    }),
  );
  say('\n== Ceiling latency ==');
  say(latencyTable(r.ceiling.latency));

  say('\n== Where the time goes: worker SDK metrics during the lifecycle ==');
  say(approximationTable(r.lifecycle.worker.metrics));
  say(approximationTable(Object.fromEntries(Object.entries(r.lifecycle.worker.activities).map(([k, v]) => [`activity ${k}`, v]))));
  say(`  workflow cache: ${Object.entries(r.lifecycle.worker.cache).map(([k, v]) => `${k.replace('temporal_', '')} ${v}`).join(', ')}`);
  say('\n  … and during the ceiling');
  say(approximationTable(r.ceiling.worker.metrics));

  say('\n== CPU seconds ==');
  const c = r.lifecycle.cpuSeconds;
  say(
    plainTable(
      ['', 'API', 'worker', 'Temporal', 'PostgreSQL', 'bench'],
      [
        ['lifecycle', c.api!.toFixed(1), c.worker!.toFixed(1), c.temporal!.toFixed(1), c.postgres!.toFixed(1), c.bench!.toFixed(1)],
        ['ceiling', '–', r.ceiling.cpuSeconds.worker!.toFixed(1), r.ceiling.cpuSeconds.temporal!.toFixed(1), '–', r.ceiling.cpuSeconds.bench!.toFixed(1)],
      ],
    ),
  );
  say(`  lifecycle: ${(r.lifecycle.cpuSecondsPerOrder * 1000).toFixed(0)} ms of CPU per order (stack without the bench); the stack kept ${(r.lifecycle.cpuUtilisation * 100).toFixed(0)} % of all cores busy`);

  say(`\n== ${r.openOrders.requested} open orders ==`);
  say(
    keyValueTable([
      ['created and taken in work', `${r.openOrders.created} (${r.openOrders.failed} failed) in ${r.openOrders.seconds.toFixed(0)} s, ${r.openOrders.ordersPerSecond.toFixed(1)} orders/s`],
      ['worker RSS (after start → lifecycle → at scale)', `${mib(r.memory.afterStart!.workerBytes)} → ${mib(r.memory.afterLifecycle!.workerBytes)} → ${mib(r.memory.atScale!.workerBytes)}`],
      ['Temporal server RSS', `${mib(r.memory.afterStart!.temporalBytes)} → ${mib(r.memory.afterLifecycle!.temporalBytes)} → ${mib(r.memory.atScale!.temporalBytes)}`],
      ['API RSS', `${mib(r.memory.afterStart!.apiBytes)} → ${mib(r.memory.afterLifecycle!.apiBytes)} → ${mib(r.memory.atScale!.apiBytes)}`],
      ['database size', mib(r.openOrders.databaseBytes)],
    ]),
  );
  say(latencyTable(r.openOrders.intake));
  say(latencyTable(r.openOrders.reads));

  say('\n== Targets ==');
  say(plainTable(['', 'measured', 'met'], r.targets.map((t) => [t.target, t.value, t.met ? 'yes' : 'NO'])));
  for (const [what, errors] of [['ceiling', r.ceiling.errors], ['lifecycle', r.lifecycle.errors], ['light load', r.lightLoad.errors], ['open orders', r.openOrders.errors]] as const) {
    if (errors.length) say(`\n${what} errors (first ${errors.length}):\n  ${errors.join('\n  ')}`);
  }
}

await main();
