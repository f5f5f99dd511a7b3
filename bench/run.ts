// `npm run bench`: what users feel, next to what the Temporal server underneath allows, in one run.
//   npm run bench -- [--orders N] [--clients C] [--open M] [--arrivals A] [--rate R] [--quick]
// Starts its own stack (scratch data folder, free ports), then: a warm-up order whose history gives the
// ceilings their plan; two ceilings (a minimal workflow with the order's messages and timers, driven through
// the Temporal client: once with the order's whole activity count, once with one activity per message); the
// lifecycle (N orders through the whole funnel over HTTP by C clients); a few orders by one client (service
// time without queueing); the open loop (A orders arriving at a fixed rate); M open orders and the reads at
// that size. Prints tables and a summary, and writes bench/results/<time>.json.
import postgres from 'postgres';
import { countHistory, minimalPlan, planFromHistory } from './ceiling/plan.ts';
import { comparisonRows, readBaseline } from './compare.ts';
import { follow, say } from './follow.ts';
import { createHttp } from './http.ts';
import { driveOrder, hireStaff, stockCatalog, type World } from './lifecycle.ts';
import { fillOpenOrders, pageTargets, readTargets, timePages, timeReads, workspaceSession } from './open-orders.ts';
import { arrivalRate } from './open-loop.ts';
import { parseOptions, USAGE } from './options.ts';
import { measureCeiling, measureFunnel, measureIdle, measureOpenLoop, warmCeiling } from './phases.ts';
import { runPool, type Progress } from './pool.ts';
import { resetStatementStatistics, summariseCpuProfiles, writeStatementProfile } from './profile.ts';
import { printComparison, printReport, printSummary } from './print.ts';
import { machine, writeResult } from './report.ts';
import { startBenchStack } from './stack.ts';
import { Recorder } from './stats.ts';
import { cpuPerOrder, ratio, summaryRows, targetRows, total, type Figures } from './summary.ts';
import { memoryNow } from './usage.ts';
import { historyWarnings, orderHistory } from './warm-up.ts';

const READ_REQUESTS = 100;
const READ_CONCURRENCY = 4;
/** The light-load run: how long each step takes when nothing queues, to tell service time from waiting. */
const LIGHT_ORDERS = 10;
const LIGHT_CLIENTS = 1;
/** Long enough to average the stack's periodic work (pollers, timers) at rest. */
const IDLE_SECONDS = 10;

/** A phase's figures for the JSON file, without the raw pool result they came from. */
const withoutRun = <P extends { run: unknown }>({ run: _run, ...phase }: P) => phase;

const withoutHelp = <C extends { help: boolean }>({ help: _help, ...rest }: C) => rest;

/** This month in the company's default time zone, as the margin report reads it. */
function thisMonth() {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Moscow' }).format(new Date());
  return { from: `${today.slice(0, 8)}01`, to: today };
}

async function main() {
  const config = parseOptions(process.argv.slice(2));
  if (config.help) {
    say(USAGE);
    process.exit(0);
  }
  const baseline = config.baseline === undefined ? undefined : readBaseline(config.baseline);
  const startedAt = new Date();
  const host = machine();
  say(`Order engine benchmark: ${config.orders} orders by ${config.clients} clients, ${config.arrivals} open-loop arrivals, ${config.open} open orders${config.quick ? ' (quick)' : ''}`);
  say(`  ${host.cores} cores (${host.model}), ${host.memoryGiB} GiB, Node ${host.node}, ${host.os}; load average ${host.loadAverage.join(' ')}`);

  const stack = await startBenchStack(say, { sqlitePragmas: config.sqlitePragmas, ...(config.profile && { profileDir: config.profile }) });
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
    const setupHttp = createHttp(stack.apiUrl, new Recorder());
    const staff = await hireStaff(setupHttp, admin, runId);
    const products = await stockCatalog(setupHttp, admin, runId);
    const world = (recorder: Recorder): World => ({ http: createHttp(stack.apiUrl, recorder), admin, webhookSecret: stack.webhookSecret, staff, products, runId });
    const memoryAfterStart = memoryNow(stack);

    // ---- warm-up: one real order, whose history is the ceilings' plan -------------------------------------
    say('warm-up: one order through the funnel');
    const warmUp = new Recorder();
    const warmOrderId = await driveOrder(world(warmUp), warmUp, 0);
    const history = await orderHistory(stack.temporal, warmOrderId);
    const counts = countHistory([...history.events, ...history.childEvents]);
    const plan = planFromHistory(history.events);
    const minimal = minimalPlan(plan);
    historyWarnings(history).forEach(say);
    say(
      `  one order's history (${history.workflowType}${history.childEvents.length ? ' and its children' : ''}): ${counts.events} events, ${counts.workflowTasks} workflow tasks, ${counts.updates} updates, ${counts.signals} signals, ` +
        `${counts.activities} activities, ${counts.localActivities} local activities, ${counts.timersStarted} timers (${counts.timersCancelled} cancelled), ${counts.searchAttributeUpserts} search-attribute upserts`,
    );
    await warmCeiling(stack.temporal, plan, `ceiling-${runId}-warm-up`);
    await warmCeiling(stack.temporal, minimal, `minimal-${runId}-warm-up`);

    // ---- the ceilings -------------------------------------------------------------------------------------
    say(`ceiling: ${config.orders} no-op workflows with the order's whole plan, ${config.clients} clients, through the Temporal client`);
    const ceiling = await measureCeiling(stack, 'ceiling', plan, config.orders, config.clients, (index) => `ceiling-${runId}-${index}`);
    say(`minimal ceiling: ${config.orders} workflows with one activity per update and signal, ${config.clients} clients`);
    const minimalCeiling = await measureCeiling(stack, 'minimal ceiling', minimal, config.orders, config.clients, (index) => `minimal-${runId}-${index}`);

    // ---- the lifecycle --------------------------------------------------------------------------------------
    say(`lifecycle: ${config.orders} orders through the whole funnel over HTTP, ${config.clients} clients`);
    if (config.profile) await resetStatementStatistics(stack.databaseUrl);
    const lifecycle = await measureFunnel(stack, world, 'lifecycle', config.orders, 1, (job, progress) => runPool(config.orders, config.clients, job, progress));
    if (config.profile) say(await writeStatementProfile(stack.databaseUrl, config.profile, lifecycle.completed));
    const memoryAfterLifecycle = memoryNow(stack);

    // ---- light load: the same funnel with one client, so nothing waits in a queue -------------------------
    const lightOrders = Math.min(LIGHT_ORDERS, config.orders);
    say(`light load: ${lightOrders} orders, ${LIGHT_CLIENTS} client`);
    const lightLoad = await measureFunnel(stack, world, 'light load', lightOrders, 1 + config.orders + config.open, (job, progress) => runPool(lightOrders, LIGHT_CLIENTS, job, progress));

    // ---- open loop: orders arrive at a fixed rate below capacity ------------------------------------------
    say(`idle: ${IDLE_SECONDS} s with no order moving, for the stack's idle CPU`);
    const idle = await measureIdle(stack, IDLE_SECONDS);
    const rate = arrivalRate(lifecycle.ordersPerSecond, config.rate);
    say(`open loop: ${config.arrivals} orders arriving at ${rate.toFixed(2)} a second (${config.rate === undefined ? "half the lifecycle's throughput" : '--rate'})`);
    const openLoop = await measureOpenLoop(stack, world, config.arrivals, rate, 1 + config.orders + config.open + lightOrders);

    // ---- open orders ------------------------------------------------------------------------------------
    say(`open orders: ${config.open} orders taken in work and left in qualification, ${config.clients} clients`);
    const intake = new Recorder();
    const openProgress: Progress = { completed: 0, failed: 0, startedAt: performance.now() };
    const done = follow('open orders', config.open, openProgress);
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
    say(`workspace pages at ${config.open} open orders, signed in as ${someManager!.name}: ${READ_REQUESTS} requests per page, ${READ_CONCURRENCY} at a time`);
    const pages = new Recorder();
    const [sampleOrder] = (await setupHttp<{ items: { id: string }[] }>('setup', 'GET', `/api/v1/orders?stage=qualification&managerId=${someManager!.id}&limit=1`, { headers: admin })).items;
    const pageFailures = await timePages(stack.apiUrl, pages, await workspaceSession(stack.apiUrl, admin, someManager!.id), pageTargets(sampleOrder!.id), READ_REQUESTS, READ_CONCURRENCY);

    // ---- figures ----------------------------------------------------------------------------------------
    const readSummaries = reads.summaries();
    delete readSummaries['warm-up'];
    const figures: Figures = {
      history: counts,
      ceilingRate: ceiling.ordersPerSecond,
      minimalCeilingRate: minimalCeiling.ordersPerSecond,
      lifecycleRate: lifecycle.ordersPerSecond,
      lifecycleCpu: lifecycle.cpuSeconds,
      lifecycleOrders: lifecycle.completed,
      lifecycleLatency: { staffCommands: lifecycle.staffCommands, webhookToVisible: lifecycle.webhookToVisible.all },
      clients: config.clients,
      openLoop: { ratePerSecond: rate, orders: openLoop.completed, seconds: openLoop.seconds, idleCpuPerSecond: idle.cpuSecondsPerSecond, cpu: openLoop.cpuSeconds, staffCommands: openLoop.staffCommands, webhookToVisible: openLoop.webhookToVisible.all },
      open: { orders: openRun.completed, workerBytes: memoryAtScale.workerBytes, worstReadP95: Math.max(...Object.values(readSummaries).map((s) => s.p95)) },
    };
    const result = {
      startedAt: startedAt.toISOString(),
      durationSeconds: (Date.now() - startedAt.getTime()) / 1000,
      machine: host,
      config: {
        ...withoutHelp(config),
        readRequests: READ_REQUESTS,
        readConcurrency: READ_CONCURRENCY,
        stack: 'embedded PostgreSQL (fsync on) and the Temporal dev server on a SQLite file, worker and API as separate processes; bench-driven, all on this machine',
        scenario: 'partial prepayment (30 %), two items, both payments by CloudPayments pay webhook; after each webhook the order is polled every 20 ms',
      },
      history: { workflowType: history.workflowType, complete: history.quiet, counts, plan, minimalPlan: minimal },
      ceiling,
      minimalCeiling,
      ceilingRatio: ratio(lifecycle.ordersPerSecond, ceiling.ordersPerSecond),
      minimalCeilingRatio: ratio(lifecycle.ordersPerSecond, minimalCeiling.ordersPerSecond),
      lifecycle: {
        ...withoutRun(lifecycle),
        clients: config.clients,
        cpuSecondsPerOrder: cpuPerOrder(lifecycle.cpuSeconds, lifecycle.completed).total,
        cpuUtilisation: total(lifecycle.cpuSeconds) / lifecycle.seconds / host.cores,
      },
      lightLoad: { ...withoutRun(lightLoad), orders: lightOrders, clients: LIGHT_CLIENTS },
      idle,
      openLoop,
      openOrders: {
        requested: config.open,
        created: openRun.completed,
        failed: openRun.failed,
        seconds: openRun.durationMs / 1000,
        ordersPerSecond: openRun.completed / (openRun.durationMs / 1000),
        intake: intake.summaries(),
        databaseBytes: Number(size?.bytes ?? 0),
        ordersByStage: Object.fromEntries(stages.map((s) => [s.stage, s.count])),
        reads: readSummaries,
        readFailures,
        pages: pages.summaries(),
        pageFailures,
        errors: openRun.errors,
      },
      memory: { afterStart: memoryAfterStart, afterLifecycle: memoryAfterLifecycle, atScale: memoryAtScale },
      summary: Object.fromEntries(summaryRows(figures)),
      targets: targetRows(figures),
    };
    printReport(result);
    printSummary(summaryRows(figures), result.targets);
    if (baseline) printComparison(config.baseline!, comparisonRows(baseline, result));
    say(`\nresults: ${writeResult(result)}`);
    if ([ceiling, minimalCeiling, lifecycle, lightLoad, openLoop, openRun].some((phase) => phase.failed) || readFailures.length || pageFailures.length) failed = true;
  } catch (error) {
    failed = true;
    console.error(error);
  } finally {
    await stop();
  }
  // the worker and the API write their profiles as they stop
  if (config.profile) say(`\nCPU profiles (${config.profile}):\n${summariseCpuProfiles(config.profile)}`);
  process.exit(failed ? 1 : 0);
}

await main();
