// What the services need: the JSON routes and the server-rendered pages build them from the same deps.
import type { Client } from '@temporalio/client';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/client.ts';

export interface ServiceDeps {
  config: Config;
  db: Db;
  temporal: Client;
}

/** Where a service leaves a line worth reading later: a request's logger, or the server's. */
export interface ServiceLog {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}
