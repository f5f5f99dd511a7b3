// The Temporal worker: runs the order workflows and their activities, and beside them the mail dispatcher
// that sends what the orders queued. `npm run worker` starts it against the configured Temporal server and
// PostgreSQL; `npm start` and the tests build it through createWorker.
import { DefaultLogger, NativeConnection, Runtime, Worker, type LogLevel, type RuntimeOptions, type WorkflowBundleOption } from '@temporalio/worker';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createActivities } from './activities/index.ts';
import { loadConfig, type Config } from './config.ts';
import { createDb, runMigrations, type Db } from './db/client.ts';
import { createDispatcher, type Dispatcher } from './integrations/mail/dispatcher.ts';
import { createMailer } from './integrations/mail/mailer.ts';
import { createBotApi } from './integrations/telegram/bot-api.ts';
import { createPaymentLinks } from './integrations/payment-links.ts';
import { databaseUrl, temporalAddress } from './runtime/addresses.ts';
import { isMain } from './runtime/process.ts';

export const workflowsPath = fileURLToPath(new URL('./workflows/index.ts', import.meta.url));
const stackFramesPath = fileURLToPath(new URL('./workflows/stack-frames.ts', import.meta.url));

/** How the workflow bundle is built, here and wherever a bundle is built ahead (the tests). */
export function bundleOptions(config: Pick<Config, 'workflowStackTraces'>): { preloadModules: string[] } {
  return { preloadModules: config.workflowStackTraces ? [] : [stackFramesPath] };
}

/*
 * WORKFLOW_CACHE: orders kept in the worker's memory between their events. The SDK's default follows the heap
 * limit (about 2,300 on a 4 GB heap). At about 0.35 MB each (the benchmark, 3 December, with stacks captured) 500 instead of 1,000
 * took 172 MiB off the worker with 10,000 open orders (1.1 GB; README, "What limits it"). An order that has fallen out is
 * replayed from its history on its next event, a few milliseconds for a few hundred events; open orders wait
 * days between events, so a few hundred keep every busy one.
 */

export interface WorkerDeps {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  db: Db;
  config: Config;
  /** A prebuilt bundle (tests build one and share it); by default the worker bundles `workflows/`. */
  workflowBundle?: WorkflowBundleOption;
}

/** The worker; its `run()` also runs the mail dispatcher, which after `shutdown()` finishes the messages in hand. */
export async function createWorker(deps: WorkerDeps): Promise<Worker> {
  const worker = await Worker.create({
    connection: deps.connection,
    namespace: deps.namespace,
    taskQueue: deps.taskQueue,
    ...(deps.workflowBundle ? { workflowBundle: deps.workflowBundle } : { workflowsPath, bundlerOptions: bundleOptions(deps.config) }),
    maxCachedWorkflows: deps.config.workflowCache,
    activities: createActivities({ db: deps.db, config: deps.config, paymentLinks: createPaymentLinks(deps.config) }),
  });
  const mailer = createMailer({ smtpUrl: deps.config.mail.smtpUrl, from: deps.config.mail.from, outboxDir: join(deps.config.dataDir, 'outbox') });
  const telegram = deps.config.telegram ? createBotApi(deps.config.telegram) : undefined;
  return withDispatcher(worker, createDispatcher({ db: deps.db, config: deps.config, mailer, ...(telegram ? { telegram } : {}), logger: Runtime.instance().logger }));
}

/**
 * Ties the dispatcher to the worker's run, so every place that runs a worker (`npm run worker`, `npm start`,
 * the tests' stack) sends mail and stops it with the worker, without wiring of its own.
 */
function withDispatcher(worker: Worker, dispatcher: Dispatcher): Worker {
  const run = worker.run.bind(worker);
  worker.run = async () => {
    dispatcher.start();
    try {
      await run();
    } finally {
      await dispatcher.stop();
    }
  };
  return worker;
}

const SDK_LEVEL: Record<Config['logLevel'], LogLevel> = {
  fatal: 'ERROR',
  error: 'ERROR',
  warn: 'WARN',
  info: 'INFO',
  debug: 'DEBUG',
  trace: 'TRACE',
  silent: 'ERROR',
};

/**
 * The SDK runtime as configured: its log level follows LOG_LEVEL, and with WORKER_METRICS_PORT it serves
 * Prometheus metrics (workflow-task and activity latencies, schedule-to-start, poll results) on that port.
 */
export function runtimeOptions(config: Config): RuntimeOptions {
  return {
    logger: new DefaultLogger(SDK_LEVEL[config.logLevel]),
    ...(config.workerMetricsPort
      ? { telemetryOptions: { metrics: { prometheus: { bindAddress: `0.0.0.0:${config.workerMetricsPort}` } } } }
      : {}),
  };
}

// The SDK's runtime stops the worker gracefully on SIGINT and SIGTERM, finishing running activities.
async function main(config: Config): Promise<void> {
  Runtime.install(runtimeOptions(config));
  const url = databaseUrl(config);
  await runMigrations(url);
  const { db, close } = createDb(url);
  const connection = await NativeConnection.connect({ address: temporalAddress(config) });
  const worker = await createWorker({ connection, namespace: config.temporal.namespace, taskQueue: config.temporal.taskQueue, db, config });
  await worker.run();
  await connection.close();
  await close();
}

if (isMain(import.meta.url)) {
  await main(loadConfig());
}
