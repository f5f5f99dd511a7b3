// `npm start`: the whole system on one machine with nothing installed by hand. Brings up (or connects to)
// PostgreSQL and Temporal, migrates, runs the worker and the API in this process, and prints where all is.
// Ctrl-C, or SIGTERM/SIGINT sent to this process alone (as a process manager sends it to `npm start`, which
// passes it on: package.json `exec`s node so no shell stands in between), stops everything in order: API,
// worker (finishing running activities), Temporal, PostgreSQL. The terminal shows only this launcher's own
// lines and the summary; the servers, the worker and the API write their logs to DATA_DIR/logs.
import { Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startApi } from '../api/server.ts';
import { ConfigError, loadConfig, type Config } from '../config.ts';
import { createDb } from '../db/client.ts';
import { createWorker, runtimeOptions } from '../worker.ts';
import { resolveAdminKey, resolveAdminPassword, resolveWebhookSecret, type Secret } from '../runtime/secrets.ts';
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
  const engineLog = join(logDir, 'engine.log');
  const sdkLog = createWriteStream(engineLog, { flags: 'a' });
  const sdk = runtimeOptions(config);
  // The launcher decides the order of shutdown, so the SDK must not react to signals by itself.
  Runtime.install({
    ...sdk,
    logger: new DefaultLogger((sdk.logger as DefaultLogger).level, ({ level, message, meta, timestampNanos }) => {
      sdkLog.write(`${JSON.stringify({ time: new Date(Number(timestampNanos / 1_000_000n)).toISOString(), level, msg: message, ...meta })}\n`);
    }),
    shutdownSignals: [],
  });
  console.log(`Starting the order engine; logs in ${logDir}`);

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
    const password = resolveAdminPassword(config);
    const stopApi = await startApi(config, { adminApiKey: admin.value, adminPassword: password.value, webhookSecret: resolveWebhookSecret(config), logFile: engineLog });
    stops.push({ name: 'API', stop: stopApi });

    printSummary(config, temporalUi, admin, password, Date.now() - startedAt);
  } catch (error) {
    console.error(error, `\nThe logs in ${logDir} may tell more.`);
    await stopAll('start-up failed');
    process.exit(1);
  }
}

function printSummary(config: Config, temporalUi: string, admin: Secret, password: Secret, ms: number): void {
  const host = ['0.0.0.0', '::', '127.0.0.1'].includes(config.host) ? 'localhost' : config.host;
  const api = `http://${host}:${config.port}`;
  // The key is a credential: the summary says where it is, never the key itself (terminals get shared and logged).
  const adminLine = admin.source === 'env' ? 'the value of ADMIN_API_KEY' : `in ${admin.file}${admin.source === 'generated' ? ' (generated now)' : ''}`;
  const example = admin.source === 'env' ? '$ADMIN_API_KEY' : `$(cat ${admin.file})`;
  // a password generated just now is shown once, so the first sign-in needs no file lookup; later, where it is
  const signIn =
    password.source === 'env' ? 'the password in ADMIN_PASSWORD' : password.source === 'generated' ? `password ${password.value} (kept in ${password.file})` : `the password in ${password.file}`;
  const lines = [
    '',
    `Order engine is running (started in ${(ms / 1000).toFixed(1)} s)`,
    `  Workspace      ${api}/  sign in as ${config.admin.email} with ${signIn}`,
    `  API            ${api}/api/v1${config.host === '127.0.0.1' ? '  (this machine only; HOST=0.0.0.0 opens it)' : ''}`,
    `  API docs       ${api}/docs`,
    `  Temporal UI    ${temporalUi}`,
    `  Temporal       ${temporalAddress(config)}  namespace ${config.temporal.namespace}, task queue ${config.temporal.taskQueue}`,
    `  PostgreSQL     ${config.database.url ? 'DATABASE_URL' : databaseUrl(config)}`,
    `  Data           ${resolve(config.dataDir)}`,
    `  Logs           ${join(resolve(config.dataDir), 'logs')}`,
    `  Admin API key  ${adminLine}`,
    '',
    `  Try: curl -H "Authorization: Bearer ${example}" ${api}/api/v1/orders`,
    '  Ctrl-C stops everything.',
    '',
  ];
  console.log(lines.join('\n'));
}

await main();
