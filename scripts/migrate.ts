// `npm run migrate`: applies the database migrations to DATABASE_URL (or the embedded default) and exits.
import { loadConfig } from '../config.ts';
import { runMigrations } from '../db/client.ts';
import { databaseUrl } from '../runtime/addresses.ts';

await runMigrations(databaseUrl(loadConfig()));
console.log('migrations applied');
