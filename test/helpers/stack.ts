// The real system for one test file: its own database on the suite's PostgreSQL, its own task queue on the
// suite's Temporal server, a real worker, and the API app (driven through `inject`).
import type { Client } from '@temporalio/client';
import { connectTemporalClient } from '../../runtime/temporal-client.ts';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { inject } from 'vitest';
import { buildApp, type App } from '../../api/app.ts';
import { loadConfig, type Config } from '../../config.ts';
import { createDb, runMigrations, type Db } from '../../db/client.ts';
import { createWorker } from '../../worker.ts';

export const ADMIN_KEY = 'test-admin-key-0123456789';

export interface Stack {
  app: App;
  /** The environment this stack was configured from: a child process given it joins the same stack. */
  env: Record<string, string>;
  db: Db;
  config: Config;
  temporal: Client;
  databaseUrl: string;
  /** Stops the worker (letting running activities finish) and starts a new one on the same task queue. */
  restartWorker(): Promise<void>;
  /** Stops the in-process worker; `startWorker` starts a new one. */
  stopWorker(): Promise<void>;
  startWorker(): Promise<void>;
  stop(): Promise<void>;
}

let runtimeInstalled = false;

export interface StackOptions {
  /** false: no worker in this process (a test runs its own, e.g. as a child process it can kill). */
  worker?: boolean;
  /** Another PostgreSQL server than the suite's (a test that stops and starts its own). */
  pgAdminUrl?: string;
}

/** The production default calendar (config.ts), for tests of the calendar itself: other tests run in an always-working one. */
export const COMPANY_CALENDAR = { WORKING_DAYS: 'mon-fri', WORKING_HOURS: '09:00-18:00', PUBLIC_HOLIDAYS: 'RU' } as const;

export async function startStack(env: Record<string, string> = {}, options: StackOptions = {}): Promise<Stack> {
  if (!runtimeInstalled) {
    Runtime.install({ logger: new DefaultLogger('WARN'), shutdownSignals: [] });
    runtimeInstalled = true;
  }
  const suffix = randomBytes(6).toString('hex');
  const adminUrl = options.pgAdminUrl ?? inject('pgAdminUrl');
  const databaseUrl = adminUrl.replace(/\/postgres$/, `/test_${suffix}`);
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database test_${suffix}`);
  await admin.end();
  await runMigrations(databaseUrl);

  const dataDir = mkdtempSync(join(tmpdir(), 'order-engine-stack-'));
  const stackEnv: Record<string, string> = {
    DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: inject('temporalAddress'),
    TEMPORAL_TASK_QUEUE: `test-${suffix}`,
    ADMIN_API_KEY: ADMIN_KEY,
    LOG_LEVEL: 'silent',
    // working time equal to calendar time, so tests asserting raw durations (`SLA_TAKE_IN_WORK: '2s'`) hold at
    // any hour of any day; tests of the working calendar set their own week and hours
    WORKING_DAYS: 'mon-sun',
    WORKING_HOURS: '00:00-24:00',
    PUBLIC_HOLIDAYS: 'none',
    ...env,
  };
  const config = loadConfig(stackEnv);
  const { db, close } = createDb(databaseUrl);
  // the API's own connection, with its retry of busy workflows
  const { client: temporal, connection } = await connectTemporalClient(config.temporal.address!, config.temporal.namespace);
  const nativeConnection = await NativeConnection.connect({ address: config.temporal.address! });
  const startWorker = async () => {
    const worker = await createWorker({
      connection: nativeConnection,
      namespace: config.temporal.namespace,
      taskQueue: config.temporal.taskQueue,
      db,
      config,
      workflowBundle: { codePath: inject('workflowBundlePath') },
    });
    return { worker, running: worker.run() };
  };
  let current = options.worker === false ? undefined : await startWorker();
  const stopWorker = async () => {
    if (!current) return;
    current.worker.shutdown();
    await current.running;
    current = undefined;
  };
  const app = await buildApp({ config, db, temporal, adminApiKey: ADMIN_KEY, webhookSecret: config.payments.cloudpayments.apiSecret ?? `test-${suffix}` });

  return {
    app,
    env: stackEnv,
    db,
    config,
    temporal,
    databaseUrl,
    async restartWorker() {
      await stopWorker();
      current = await startWorker();
    },
    stopWorker,
    async startWorker() {
      current ??= await startWorker();
    },
    async stop() {
      await app.close();
      await stopWorker();
      await nativeConnection.close();
      await connection.close();
      await close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
export const asAdmin = bearer(ADMIN_KEY);
