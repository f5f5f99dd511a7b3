// `npm run api`: the HTTP API against the configured PostgreSQL and Temporal server. Listens, and on
// SIGINT/SIGTERM stops taking requests, finishes the ones in flight and closes its connections.
import { loadConfig, type Config } from '../config.ts';
import { createDb, runMigrations } from '../db/client.ts';
import { resolveAdminKey, resolveWebhookSecret } from '../runtime/secrets.ts';
import { databaseUrl, temporalAddress } from '../runtime/addresses.ts';
import { isMain } from '../runtime/process.ts';
import { connectTemporalClient } from '../runtime/temporal-client.ts';
import { buildApp } from './app.ts';

export function loggerOptions(config: Config) {
  return {
    level: config.logLevel,
    redact: { paths: ['req.headers.authorization', 'req.headers["content-hmac"]', 'req.headers["x-content-hmac"]'], censor: '[redacted]' },
  };
}

/** Connects to the database and Temporal, builds the app and listens; returns a function that stops it all. */
export async function startApi(config: Config, options: { adminApiKey: string; webhookSecret: string; adminPassword?: string; /** pino writes here instead of stdout (`npm start`). */ logFile?: string }) {
  const url = databaseUrl(config);
  await runMigrations(url);
  const { db, close } = createDb(url);
  const { client: temporal, connection } = await connectTemporalClient(temporalAddress(config), config.temporal.namespace);
  const { logFile, ...secrets } = options;
  const app = await buildApp({ config, db, temporal, ...secrets, logger: { ...loggerOptions(config), ...(logFile ? { file: logFile } : {}) } });
  await app.listen({ port: config.port, host: config.host });
  return async () => {
    await app.close();
    await connection.close();
    await close();
  };
}

if (isMain(import.meta.url)) {
  const config = loadConfig();
  const stop = await startApi(config, { adminApiKey: resolveAdminKey(config).value, webhookSecret: resolveWebhookSecret(config) });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      stop().then(
        () => process.exit(0),
        (error: unknown) => {
          console.error(error);
          process.exit(1);
        },
      );
    });
  }
}
