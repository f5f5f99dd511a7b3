// The benchmark's own stack on free ports and a scratch data folder: embedded PostgreSQL and the Temporal dev
// server (as `npm start` runs them), then the worker, the API and the ceiling's worker as separate processes,
// so that each one's CPU and memory can be read apart.
import { Client, Connection } from '@temporalio/client';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startProcess, waitUntil, type ServerProcess } from '../scripts/stack/child.ts';
import { freePort } from '../scripts/stack/ports.ts';
import { startEmbeddedPostgres } from '../scripts/stack/postgres.ts';
import { DEV_SERVER_SQLITE_PRAGMAS, startTemporalDevServer, taskQueuePolled } from '../scripts/stack/temporal.ts';
import { CEILING_TASK_QUEUE } from './ceiling/shared.ts';
import { cpuProfileFlags, createStatementStatistics, postgresProfiling } from './profile.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const NAMESPACE = 'default';
const TASK_QUEUE = 'orders';

export interface BenchStack {
  dataDir: string;
  apiUrl: string;
  adminKey: string;
  webhookSecret: string;
  databaseUrl: string;
  temporalAddress: string;
  temporal: Client;
  workerMetricsUrl: string;
  ceilingMetricsUrl: string;
  /** The processes measured: each one's pid (PostgreSQL: the postmaster). */
  pids: { api: number; worker: number; temporal: number; postgres: number; ceilingWorker: number };
  /** Stops everything, API first; the data folder goes too unless `keepData` (to read the logs). */
  stop(keepData?: boolean): Promise<void>;
}

export async function startBenchStack(say: (line: string) => void, options: { sqlitePragmas?: Record<string, string>; profileDir?: string } = {}): Promise<BenchStack> {
  const dataDir = mkdtempSync(join(tmpdir(), 'order-engine-bench-'));
  // run as root, PostgreSQL runs as the postgres user, who must reach its folder inside this one
  chmodSync(dataDir, 0o755);
  const logDir = join(dataDir, 'logs');
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const fn of stops.reverse()) {
      try {
        await fn();
      } catch (error) {
        console.error('  a part of the stack did not stop cleanly:', error);
      }
    }
    stops.length = 0;
  };
  try {
    const [pgPort, temporalPort, apiPort, workerMetricsPort, ceilingMetricsPort] = await Promise.all([freePort(), freePort(), freePort(), freePort(), freePort()]);
    say(`stack: PostgreSQL and Temporal in ${dataDir}`);
    const profiling = options.profileDir ? postgresProfiling : {};
    const pg = await startEmbeddedPostgres({ dataDir: join(dataDir, 'postgres'), port: pgPort, logFile: join(logDir, 'postgres.log'), settings: profiling });
    stops.push(pg.stop);
    await pg.createDatabase('orders');
    const databaseUrl = pg.urlFor('orders');
    if (options.profileDir) await createStatementStatistics(databaseUrl);

    const temporalServer = await startTemporalDevServer({
      port: temporalPort,
      uiPort: null,
      namespace: NAMESPACE,
      dbFile: join(dataDir, 'temporal.sqlite'),
      logFile: join(logDir, 'temporal.log'),
      // as `npm start` runs it, unless the command line tries other pragmas
      sqlitePragmas: { ...DEV_SERVER_SQLITE_PRAGMAS, ...options.sqlitePragmas },
    });
    stops.push(temporalServer.stop);
    const connection = await Connection.connect({ address: temporalServer.address });
    stops.push(() => connection.close());
    const temporal = new Client({ connection, namespace: NAMESPACE });

    const adminKey = `bench-admin-${randomBytes(12).toString('hex')}`;
    const webhookSecret = `bench-webhook-${randomBytes(12).toString('hex')}`;
    const apiUrl = `http://127.0.0.1:${apiPort}`;
    // Everything that matters is set here, so neither a .env file nor the shell changes what is measured.
    const env = {
      ...process.env,
      DATA_DIR: dataDir,
      DATABASE_URL: databaseUrl,
      TEMPORAL_ADDRESS: temporalServer.address,
      TEMPORAL_NAMESPACE: NAMESPACE,
      TEMPORAL_TASK_QUEUE: TASK_QUEUE,
      PORT: String(apiPort),
      HOST: '127.0.0.1',
      PUBLIC_BASE_URL: apiUrl,
      ADMIN_API_KEY: adminKey,
      PAYMENT_PROVIDER: 'sandbox',
      CLOUDPAYMENTS_API_SECRET: webhookSecret,
      SMTP_URL: '',
      LOG_LEVEL: 'warn',
      WORKER_METRICS_PORT: String(workerMetricsPort),
      // the defaults, stated: no deadline, reminder or production day passes during a run
      SLA_TAKE_IN_WORK: '2h',
      SLA_QUALIFY: '1d',
      SLA_ENTER_DELIVERY_DATA: '1d',
      PAYMENT_TERM: '3d',
      PAYMENT_REMINDER_INTERVAL: '2d',
      PRODUCTION_DAY: '1d',
      SETTLEMENT_WINDOW: '30d',
    };
    const node = (name: string, script: string, args: string[] = [], profiled = false): ServerProcess => {
      const flags = profiled && options.profileDir ? cpuProfileFlags(options.profileDir, name) : [];
      const child = startProcess(name, process.execPath, [...flags, '--import', 'tsx', script, ...args], { cwd: root, env, logFile: join(logDir, `${name}.log`) });
      stops.push(() => child.stop('SIGTERM', 20_000));
      return child;
    };

    say('stack: worker, API and the ceiling worker');
    const worker = node('worker', 'worker.ts', [], true);
    const ceilingWorker = node('ceiling-worker', 'bench/ceiling/worker.ts', [temporalServer.address, String(ceilingMetricsPort)]);
    // the worker migrates the database on start; the API waits for the same advisory lock
    const api = node('api', 'api/server.ts', [], true);
    await Promise.all([
      waitUntil(worker, () => taskQueuePolled(connection, { namespace: NAMESPACE, taskQueue: TASK_QUEUE }), 120_000, join(logDir, 'worker.log')),
      waitUntil(ceilingWorker, () => taskQueuePolled(connection, { namespace: NAMESPACE, taskQueue: CEILING_TASK_QUEUE }), 120_000, join(logDir, 'ceiling-worker.log')),
      waitUntil(
        api,
        async () => {
          const response = await fetch(`${apiUrl}/readyz`);
          if (!response.ok) throw new Error(`readyz ${response.status}`);
        },
        120_000,
        join(logDir, 'api.log'),
      ),
    ]);
    return {
      dataDir,
      apiUrl,
      adminKey,
      webhookSecret,
      databaseUrl,
      temporalAddress: temporalServer.address,
      temporal,
      workerMetricsUrl: `http://127.0.0.1:${workerMetricsPort}/metrics`,
      ceilingMetricsUrl: `http://127.0.0.1:${ceilingMetricsPort}/metrics`,
      pids: { api: api.pid, worker: worker.pid, temporal: temporalServer.pid, postgres: pg.pid, ceilingWorker: ceilingWorker.pid },
      async stop(keepData = false) {
        await stop();
        if (keepData) console.error(`  logs kept in ${logDir}`);
        else rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await stop();
    console.error(`  the stack did not start; its logs are in ${logDir}`);
    throw error;
  }
}
