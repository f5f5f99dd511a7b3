// The HTTP API as a factory over its dependencies: the server and the tests build the same app.
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { randomUUID } from 'node:crypto';
import type { Principal } from '../domain/roles.ts';
import { createAuthenticator, documentRoles } from './auth.ts';
import { AppError, errorHandler, notFoundHandler, validationFailed } from './errors.ts';
import { FAILED_AUTH, postgresRateLimitStore } from './rate-limit.ts';
import { createRelay, type Relay } from './services/relay.ts';
import { registerMetrics } from './metrics.ts';
import type { AppDeps } from './deps.ts';
import { employeeRoutes } from './routes/employees.ts';
import { healthRoutes } from './routes/health.ts';
import { accountingRoutes } from './routes/accounting.ts';
import { calendarRoutes } from './routes/calendar.ts';
import { clientLinkRoutes } from './routes/client-links.ts';
import { bankStatementRoutes } from './routes/bank-statements.ts';
import { cloudPaymentsRoutes } from './routes/cloudpayments.ts';
import { telegramRoutes } from './routes/telegram.ts';
import { invoiceRoutes } from './routes/invoices.ts';
import { paymentRoutes } from './routes/payments.ts';
import { payRoutes } from '../web/pay/routes.ts';
import { clientRoutes } from '../web/client/routes.ts';
import { orderRoutes } from './routes/orders.ts';
import { orderChangeRoutes } from './routes/order-changes.ts';
import { productRoutes } from './routes/products.ts';
import { publicOrderRoutes } from './routes/public-orders.ts';
import { reportRoutes } from './routes/reports.ts';
import { taskRoutes } from './routes/tasks.ts';
import { workspaceRoutes } from './routes/workspace.ts';
import { webPlugin } from '../web/plugin.ts';


declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal;
  }
  interface FastifyInstance {
    relay: Relay;
  }
}

export type { AppDeps };

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
  });
  await app.register(helmet, {
    // pages for clients carry their own styles only (the API docs lift this below: swagger-ui loads scripts)
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        // the workspace's own scripts (htmx, live updates over SSE) and nothing from elsewhere
        scriptSrc: ["'self'"],
        connectSrc: ["'self'"],
        styleSrc: ["'unsafe-inline'"],
        imgSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: deps.config.publicBaseUrl.startsWith('https://') ? { maxAge: 31_536_000, includeSubDomains: false } : false,
  });
  await app.register(rateLimit, { global: false, store: postgresRateLimitStore(deps.db) });

  await app.register(swagger, {
    openapi: {
      info: { title: 'Order-to-delivery engine', version: '1.0.0', description: 'The order engine HTTP API. Money fields are integer kopecks (minor units). Guide: docs/api.md in the repository.' },
      servers: [{ url: deps.config.publicBaseUrl }],
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    uiHooks: { onRequest: (_request, reply, done) => done(void reply.removeHeader('content-security-policy')) },
  });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  // the workspace's session cookie; the API reads it too (GET /api/v1/me from a signed-in browser)
  await app.register(cookie);
  registerMetrics(app);
  await app.register(healthRoutes, { deps });
  await app.register(cloudPaymentsRoutes, { deps });
  await app.register(telegramRoutes, { deps });
  await app.register(publicOrderRoutes, { deps, prefix: '/api/v1/public' });
  await app.register(payRoutes, { deps });
  await app.register(clientRoutes, { deps });

  const authenticate = createAuthenticator({ db: deps.db, adminApiKey: deps.adminApiKey });
  // counts failed authentications only: a peek before the key is checked, a hit when it is wrong
  const failures = app.createRateLimit({ ...FAILED_AUTH, keyGenerator: (request) => request.ip });
  const jsonParser = app.getDefaultJsonParser('error', 'error');
  await app.register(webPlugin, { deps, ...(deps.adminPassword ? { adminPassword: deps.adminPassword } : {}) });
  await app.register(
    async (v1) => {
      v1.decorateRequest('principal', null as unknown as { getter: () => Principal });
      v1.addHook('onRoute', documentRoles);
      v1.addHook('onRequest', async (request) => {
        const status = await failures(request, { increment: false });
        if (!status.isAllowed && status.remaining === 0) {
          throw new AppError(429, 'RATE_LIMITED', 'Too many failed attempts; wait a minute', undefined, status.ttlInSeconds);
        }
        try {
          request.principal = await authenticate(request);
        } catch (error) {
          if (error instanceof AppError && error.status === 401) await failures(request);
          throw error;
        }
      });
      // PostgreSQL text cannot hold a NUL character: refuse it here, before it could reach a workflow whose
      // write would then fail on every retry
      // `curl -X POST` with no body, or an empty JSON body, is an empty object: routes whose fields are all
      // optional take it, the others name their missing fields
      v1.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
        if (body === '') done(null, undefined);
        else void jsonParser(request, body.toString(), done);
      });
      v1.addHook('preValidation', async (request) => {
        if (request.body === undefined || request.body === null) {
          if (request.method === 'POST') request.body = {};
          return;
        }
        const field = nulField(request.body, 'body') ?? nulField(request.query, 'query');
        if (field) throw validationFailed([{ field, message: 'contains a NUL character' }]);
      });
      await v1.register(employeeRoutes, { deps });
      await v1.register(productRoutes, { deps });
      await v1.register(orderRoutes, { deps });
      await v1.register(orderChangeRoutes, { deps });
      await v1.register(clientLinkRoutes, { deps });
      await v1.register(taskRoutes, { deps });
      await v1.register(invoiceRoutes, { deps });
      await v1.register(paymentRoutes, { deps });
      await v1.register(accountingRoutes, { deps });
      await v1.register(bankStatementRoutes, { deps });
      await v1.register(reportRoutes, { deps });
      await v1.register(calendarRoutes, { deps });
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
