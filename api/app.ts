// The HTTP API as a factory over its dependencies: the server and the tests build the same app.
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { Client } from '@temporalio/client';
import Fastify, { type FastifyServerOptions } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { randomUUID } from 'node:crypto';
import type { Config } from '../config.ts';
import type { Db } from '../db/client.ts';
import type { Principal } from '../domain/roles.ts';
import { createAuthenticator } from './auth.ts';
import { AppError, errorHandler, notFoundHandler, validationFailed } from './errors.ts';
import { createFailureLimiter } from './rate-limit.ts';
import { createRelay, type Relay } from './relay.ts';
import { registerMetrics } from './metrics.ts';
import { employeeRoutes } from './routes/employees.ts';
import { healthRoutes } from './routes/health.ts';
import { accountingRoutes } from './routes/accounting.ts';
import { cloudPaymentsRoutes } from './routes/cloudpayments.ts';
import { invoiceRoutes } from './routes/invoices.ts';
import { payRoutes } from './routes/pay.ts';
import { orderRoutes } from './routes/orders.ts';
import { productRoutes } from './routes/products.ts';
import { reportRoutes } from './routes/reports.ts';
import { taskRoutes } from './routes/tasks.ts';
import { workspaceRoutes } from './routes/workspace.ts';
import { webPlugin } from '../web/plugin.ts';

export interface AppDeps {
  config: Config;
  db: Db;
  temporal: Client;
  adminApiKey: string;
  /** Verifies payment provider webhooks (and signs the sandbox provider's). */
  webhookSecret: string;
  logger?: FastifyServerOptions['logger'];
  /** The built-in admin's workspace password; unset: ADMIN_PASSWORD, else one generated into DATA_DIR. */
  adminPassword?: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal;
  }
  interface FastifyInstance {
    relay: Relay;
  }
}

export async function buildApp(deps: AppDeps) {
  const app = Fastify({
    logger: deps.logger ?? false,
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,100}$/.test(given) ? given : randomUUID();
    },
    bodyLimit: 1024 * 1024,
    trustProxy: true,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler(notFoundHandler);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('x-frame-options', 'DENY');
    // pages for clients carry their own styles only; the API docs load swagger-ui's scripts
    if (!request.url.startsWith('/docs')) reply.header('content-security-policy', "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; frame-ancestors 'none'");
    if (deps.config.publicBaseUrl.startsWith('https://')) reply.header('strict-transport-security', 'max-age=31536000');
  });

  await app.register(swagger, {
    openapi: {
      info: { title: 'Order-to-delivery engine', version: '1.0.0', description: 'The HTTP contract of API.md' },
      servers: [{ url: deps.config.publicBaseUrl }],
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  // the workspace's session cookie; the API reads it too (GET /api/v1/me from a signed-in browser)
  await app.register(cookie);
  registerMetrics(app);
  await app.register(healthRoutes, { deps });
  await app.register(cloudPaymentsRoutes, { deps });
  await app.register(payRoutes, { deps });

  const authenticate = createAuthenticator({ db: deps.db, adminApiKey: deps.adminApiKey });
  await app.register(webPlugin, { deps, ...(deps.adminPassword ? { adminPassword: deps.adminPassword } : {}) });
  const failures = createFailureLimiter();
  await app.register(
    async (v1) => {
      v1.decorateRequest('principal', null as unknown as { getter: () => Principal });
      v1.addHook('onRequest', async (request) => {
        if (failures.blocked(request.ip)) throw new AppError(429, 'RATE_LIMITED', 'Too many failed attempts; wait a minute');
        try {
          request.principal = await authenticate(request);
        } catch (error) {
          if (error instanceof AppError && error.status === 401) failures.fail(request.ip);
          throw error;
        }
      });
      // PostgreSQL text cannot hold a NUL character: refuse it here, before it could reach a workflow whose
      // write would then fail on every retry
      v1.addHook('preValidation', async (request) => {
        const field = nulField(request.body, 'body') ?? nulField(request.query, 'query');
        if (field) throw validationFailed([{ field, message: 'contains a NUL character' }]);
      });
      await v1.register(employeeRoutes, { deps });
      await v1.register(productRoutes, { deps });
      await v1.register(orderRoutes, { deps });
      await v1.register(taskRoutes, { deps });
      await v1.register(invoiceRoutes, { deps });
      await v1.register(accountingRoutes, { deps });
      await v1.register(reportRoutes, { deps });
      await v1.register(workspaceRoutes, { deps });
    },
    { prefix: '/api/v1' },
  );

  // what was stored but could not be handed to Temporal at the time is handed over by the relay
  const relay = createRelay(deps, app.log);
  app.addHook('onReady', async () => relay.start());
  app.addHook('onClose', async () => relay.stop());
  app.decorate('relay', relay);
  return app;
}

export type App = Awaited<ReturnType<typeof buildApp>>;

/** The path of the first string in `value` that contains a NUL character, if any. */
export function nulField(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = nulField(item, `${path}.${index}`);
      if (found) return found;
    }
    return undefined;
  }
  if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const found = key.includes('\u0000') ? `${path}.${key}` : nulField(item, `${path}.${key}`);
      if (found) return found;
    }
  }
  return undefined;
}
