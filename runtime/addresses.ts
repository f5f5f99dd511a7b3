// Where the parts of the stack are: an existing server when configured, else the embedded one.
import type { Config } from '../config.ts';

export const EMBEDDED_DATABASE = 'orders';

export function databaseUrl(config: Config): string {
  return config.database.url ?? `postgres://postgres:postgres@127.0.0.1:${config.database.embeddedPort}/${EMBEDDED_DATABASE}`;
}

export function temporalAddress(config: Config): string {
  return config.temporal.address ?? `127.0.0.1:${config.temporal.devPort}`;
}
