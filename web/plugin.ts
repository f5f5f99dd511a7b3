// The staff workspace at `/`: pages registered in their own scope, so form bodies, the session check and the
// HTML error pages stay out of the JSON API.
import formbody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import type { AppDeps } from '../api/deps.ts';
import { toAppError } from '../api/errors.ts';
import { resolveAdminPassword } from '../runtime/secrets.ts';
import { registerLive } from './live.ts';
import { ErrorPage } from './pages/error.tsx';
import { authRoutes } from './routes/auth.ts';
import { employeeRoutes } from './routes/employees.ts';
import { moneyRoutes } from './routes/money.ts';
import { orderRoutes } from './routes/orders.ts';
import { referenceRoutes } from './routes/reference.ts';
import { reportRoutes } from './routes/reports.ts';
import { taskRoutes } from './routes/tasks.ts';
import type { WebContext } from './context.ts';
import { createServices } from './services.ts';
import { loadSession, PRE_SESSION_COOKIE, sameOrigin, sameToken, type WorkspaceSession } from './session.ts';
import { viewOf } from './view.ts';

declare module 'fastify' {
  interface FastifyRequest {
    workspace: WorkspaceSession | null;
  }
  interface FastifyContextConfig {
    /** Pages reachable without a session (sign-in, invitation). */
    public?: boolean;
  }
}

const require = createRequire(import.meta.url);
const ASSETS: Record<string, { file: string; type: string }> = {
  'htmx.min.js': { file: require.resolve('htmx.org/dist/htmx.min.js'), type: 'text/javascript; charset=utf-8' },
  'live.js': { file: new URL('./assets/live.js', import.meta.url).pathname, type: 'text/javascript; charset=utf-8' },
  'app.css': { file: new URL('./assets/app.css', import.meta.url).pathname, type: 'text/css; charset=utf-8' },
};

export async function webPlugin(app: FastifyInstance, { deps, adminPassword }: { deps: AppDeps; adminPassword?: string }) {
  const { db, config } = deps;
  await app.register(formbody, { bodyLimit: 256 * 1024 });
  const context: WebContext = {
    deps,
    services: createServices(deps),
    // the built-in admin signs in with ADMIN_PASSWORD, else with one generated once into DATA_DIR
    adminPassword: adminPassword ?? resolveAdminPassword(config).value,
    view: (request) => viewOf(config, request, request.workspace ?? undefined, request.cookies[PRE_SESSION_COOKIE]),
    session: (request) => {
      if (!request.workspace) throw new Error('a non-public page ran without a session');
      return request.workspace;
    },
  };

  const assets = new Map(Object.entries(ASSETS).map(([name, asset]) => [name, { body: readFileSync(asset.file), type: asset.type }]));
  app.get<{ Params: { name: string } }>('/assets/:name', { config: { public: true } }, async (request, reply) => {
    const asset = assets.get(request.params.name);
    if (!asset) return reply.code(404).type('text/plain').send('not found');
    return reply.type(asset.type).header('cache-control', 'public, max-age=3600').send(asset.body);
  });

  // with no-referrer, browsers post forms with `Origin: null`, and the origin check could not tell our own
  // forms from another site's; same-origin keeps addresses from leaking to other sites all the same
  app.addHook('onSend', async (request, reply) => {
    reply.header('referrer-policy', 'same-origin');
    // a boosted form's answer comes after a redirect: the address bar shows where it ended, as without htmx
    if (request.headers['hx-boosted'] && request.method === 'GET') reply.header('hx-push-url', request.url);
  });

  app.decorateRequest('workspace', null);
  app.addHook('onRequest', async (request, reply) => {
    request.workspace = (await loadSession(db, request)) ?? null;
    if (!request.workspace && !request.routeOptions.config.public) {
      if (request.method === 'GET') return reply.redirect(`/sign-in?next=${encodeURIComponent(request.url)}`, 303);
      return refuse(request, reply, 401);
    }
  });
  // every form carries the session's token (or, before sign-in, the double-submit cookie's) and no other
  // site may post here
  app.addHook('preHandler', async (request, reply) => {
    if (request.method !== 'POST') return;
    const given = (request.body as Record<string, unknown> | undefined)?._csrf ?? request.headers['x-csrf-token'];
    const expected = request.workspace?.csrfToken ?? request.cookies[PRE_SESSION_COOKIE];
    if (!sameOrigin(request, config) || !expected || !sameToken(given, expected)) return refuse(request, reply, 403, 'csrf');
  });

  const refuse = async (request: FastifyRequest, reply: FastifyReply, status: number, reason?: 'csrf') => {
    const view = context.view(request);
    const message = reason === 'csrf' ? view.words.errors.csrf : status === 401 ? view.words.signIn.title : view.words.errors.forbidden;
    return reply.code(status).type('text/html; charset=utf-8').send(await ErrorPage({ view, message }));
  };

  app.setErrorHandler(async (error, request, reply) => {
    const appError = toAppError(error);
    if (appError.status >= 500) request.log.error({ err: error }, 'page failed');
    const view = context.view(request);
    const message =
      appError.status === 403 ? view.words.errors.forbidden : appError.status === 404 ? view.words.errors.notFound : appError.status === 503 ? view.words.errors.unavailable : view.words.errors.title;
    return reply.code(appError.status).type('text/html; charset=utf-8').send(await ErrorPage({ view, message }));
  });

  const live = registerLive(app, db);
  app.get('/events', async (request, reply) => live.open(request, reply));

  await authRoutes(app, context);
  await taskRoutes(app, context);
  await orderRoutes(app, context);
  await referenceRoutes(app, context);
  await employeeRoutes(app, context);
  await reportRoutes(app, context);
  await moneyRoutes(app, context);
}
