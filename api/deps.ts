// What the app is built from: the services' dependencies and the HTTP edge's own (keys, logger).
import type { FastifyServerOptions } from 'fastify';
import type { ServiceDeps } from './services/deps.ts';

export interface AppDeps extends ServiceDeps {
  adminApiKey: string;
  /** Verifies payment provider webhooks (and signs the sandbox provider's). */
  webhookSecret: string;
  logger?: FastifyServerOptions['logger'];
  /** The built-in admin's workspace password; unset: ADMIN_PASSWORD, else one generated into DATA_DIR. */
  adminPassword?: string;
}
