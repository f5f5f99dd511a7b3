// `npm start`: the whole system on one machine with nothing installed by hand. Brings up (or connects to)
// PostgreSQL and Temporal, migrates, runs the worker and the API in this process, and prints where all is.
// Ctrl-C stops everything in order: API, worker (finishing running activities), Temporal, PostgreSQL.
import { Connection } from '@temporalio/client';
import { NativeConnection, Runtime } from '@temporalio/worker';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startApi } from '../api/server.ts';
import { ConfigError, loadConfig, type Config } from '../config.ts';
import { createDb } from '../db/client.ts';
import { createWorker, runtimeOptions } from '../worker.ts';
import { resolveAdminKey, resolveWebhookSecret, type Secret } from '../runtime/secrets.ts';
import { databaseUrl, EMBEDDED_DATABASE, temporalAddress } from '../runtime/addresses.ts';
import { startEmbeddedPostgres } from './stack/postgres.ts';
import { DEV_SERVER_SQLITE_PRAGMAS, ensureSearchAttributes, startTemporalDevServer } from './stack/temporal.ts';

type Stop = () => Promise<void>;

async function main(): Promise<void> {
  const startedAt = Date.now();
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    console.error(error instanceof ConfigError ? error.message : error);
    process.exit(1);
  }
  const dataDir = resolve(config.dataDir);
  const logDir = join(dataDir, 'logs');
  mkdirSync(logDir, { recursive: true });
  // The launcher decides the order of shutdown, so the SDK must not react to signals by itself.
  Runtime.install({ ...runtimeOptions(config), shutdownSignals: [] });

  const stops: { name: string; stop: Stop }[] = [];
  let stopping: Promise<void> | undefined;
  const stopAll = (reason: string) => {
    stopping ??= (async () => {
      console.log(`\n${reason}: stopping…`);
      for (const { name, stop } of stops.reverse()) {
        try {
          await stop();
          console.log(`  stopped ${name}`);
        } catch (error) {
          console.error(`  ${name} did not stop cleanly:`, error);
        }
      }
    })();
    return stopping;
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      void stopAll(signal).then(() => process.exit(0));
    });
  }

  try {
    if (!config.database.url) {
      const pg = await startEmbeddedPostgres({
        dataDir: join(dataDir, 'postgres'),
        port: config.database.embeddedPort,
        logFile: join(logDir, 'postgres.log'),
      });
      stops.push({ name: 'PostgreSQL', stop: pg.stop });
      await pg.createDatabase(EMBEDDED_DATABASE);
    }

    let temporalUi = 'the Web UI of your Temporal server';
    if (!config.temporal.address) {
      const dev = await startTemporalDevServer({
        port: config.temporal.devPort,
        uiPort: config.temporal.uiPort,
        namespace: config.temporal.namespace,
        dbFile: join(dataDir, 'temporal.sqlite'),
        sqlitePragmas: DEV_SERVER_SQLITE_PRAGMAS,
        logFile: join(logDir, 'temporal.log'),
      });
      stops.push({ name: 'Temporal dev server', stop: dev.stop });
      temporalUi = dev.uiUrl ?? temporalUi;
    } else {
      const connection = await Connection.connect({ address: temporalAddress(config) });
      const added = await ensureSearchAttributes(connection, config.temporal.namespace);
      if (added.length) console.log(`Registered search attributes on ${temporalAddress(config)}: ${added.join(', ')}`);
      await connection.close();
    }

    const { db, close } = createDb(databaseUrl(config));
    const connection = await NativeConnection.connect({ address: temporalAddress(config) });
    const worker = await createWorker({ connection, namespace: config.temporal.namespace, taskQueue: config.temporal.taskQueue, db, config });
    const running = worker.run();
    stops.push({
      name: 'worker',
      stop: async () => {
        worker.shutdown();
        await running;
        await connection.close();
        await close();
      },
    });
    running.catch((error: unknown) => {
      console.error('The worker failed:', error);
      void stopAll('worker failure').then(() => process.exit(1));
    });

    // The API comes up last and goes down first, so no request waits on a worker that is gone.
    const admin = resolveAdminKey(config);
    const stopApi = await startApi(config, { adminApiKey: admin.value, webhookSecret: resolveWebhookSecret(config) });
    stops.push({ name: 'API', stop: stopApi });

    printSummary(config, temporalUi, admin, Date.now() - startedAt);
  } catch (error) {
    console.error(error);
    await stopAll('start-up failed');
    process.exit(1);
  }
}

function printSummary(config: Config, temporalUi: string, admin: Secret, ms: number): void {
  const api = `http://localhost:${config.port}`;
  // A key the operator set is theirs to know; only a key we generated is shown.
  const adminLine = admin.source === 'env' ? 'the value of ADMIN_API_KEY' : `${admin.value}  (${admin.source === 'generated' ? 'generated into' : 'kept in'} ${admin.file})`;
  const example = admin.source === 'env' ? '$ADMIN_API_KEY' : `$(cat ${admin.file})`;
  const lines = [
    '',
    `Order engine is running (started in ${(ms / 1000).toFixed(1)} s)`,
    `  API            ${api}/api/v1`,
    `  API docs       ${api}/docs`,
    `  Temporal UI    ${temporalUi}`,
    `  Temporal       ${temporalAddress(config)}  namespace ${config.temporal.namespace}, task queue ${config.temporal.taskQueue}`,
    `  PostgreSQL     ${config.database.url ? 'DATABASE_URL' : databaseUrl(config)}`,
    `  Data           ${resolve(config.dataDir)}`,
    `  Admin API key  ${adminLine}`,
    '',
    `  Try: curl -H "Authorization: Bearer ${example}" ${api}/api/v1/orders`,
    '  Ctrl-C stops everything.',
    '',
  ];
  console.log(lines.join('\n'));
}

await main();
