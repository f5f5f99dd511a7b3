// Bearer API keys: the header is read here, the key checked by the staff service.
import type { FastifyRequest, RouteOptions } from 'fastify';
import type { Db } from '../db/client.ts';
import { ACTIONS, may, type Action, type Principal } from '../domain/roles.ts';
import { AppError, forbidden } from './errors.ts';
import { createKeyCheck } from './services/staff.ts';
import { loadSession, sameToken } from '../web/session.ts';

const BEARER = /^Bearer\s+(\S{1,512})\s*$/i;

export function createAuthenticator({ db, adminApiKey }: { db: Db; adminApiKey: string }) {
  const principalOf = createKeyCheck({ db }, adminApiKey);
  return async function authenticate(request: FastifyRequest): Promise<Principal> {
    const header = request.headers.authorization;
    if (!header) return sessionPrincipal(db, request);
    const key = BEARER.exec(header)?.[1];
    if (!key) throw new AppError(401, 'UNAUTHENTICATED', 'Send Authorization: Bearer <apiKey>');
    return principalOf(key);
  };
}

/**
 * A signed-in workspace browser may call the API with its session cookie. Anything but a read must then carry
 * the session's CSRF token in `X-CSRF-Token`, so another site cannot make the browser act.
 */
async function sessionPrincipal(db: Db, request: FastifyRequest): Promise<Principal> {
  const session = await loadSession(db, request);
  if (!session) throw new AppError(401, 'UNAUTHENTICATED', 'Send Authorization: Bearer <apiKey>');
  const safe = request.method === 'GET' || request.method === 'HEAD';
  if (!safe && !sameToken(request.headers['x-csrf-token'], session.csrfToken)) throw forbidden('Send the session\'s CSRF token in X-CSRF-Token');
  return session.principal;
}

/** The roles `may` lets do `action`, as callers name them: the departments, then management and the admin key. */
export function rolesOf(action: Action): string[] {
  return [...ACTIONS[action], 'management', 'admin'];
}

type Guard = ((request: FastifyRequest) => Promise<void>) & { action: Action };

/** A route hook that refuses, before the body is even validated, a caller whose role may not do `action`. */
export function allow(action: Action): Guard {
  const guard = async (request: FastifyRequest): Promise<void> => {
    if (!may(request.principal, action)) throw forbidden(`Allowed roles: ${rolesOf(action).join(', ')}`);
  };
  return Object.assign(guard, { action });
}

/**
 * An onRoute hook: the route's OpenAPI description ends with the roles its `allow(...)` guard lets in, so the
 * documentation is read off the very check that runs and cannot drift from it.
 */
export function documentRoles(route: RouteOptions): void {
  const hooks = [route.preValidation ?? []].flat() as Partial<Guard>[];
  const action = hooks.find((hook) => typeof hook.action === 'string')?.action;
  if (!action) return;
  const schema = (route.schema ?? {}) as { description?: string };
  const roles = `Roles: ${rolesOf(action).join(', ')}.`;
  route.schema = { ...route.schema, description: schema.description ? `${schema.description}\n\n${roles}` : roles };
}
