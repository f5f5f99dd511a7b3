// Bearer API keys: the header is read here, the key checked by the staff service.
import type { FastifyRequest, RouteOptions } from 'fastify';
import type { Db } from '../db/client.ts';
import { ACTIONS, may, type Action, type Principal } from '../domain/roles.ts';
import { AppError, forbidden } from './errors.ts';
import { createKeyCheck } from './services/staff.ts';

const BEARER = /^Bearer\s+(\S{1,512})\s*$/i;

export function createAuthenticator({ db, adminApiKey }: { db: Db; adminApiKey: string }) {
  const principalOf = createKeyCheck({ db }, adminApiKey);
  return async function authenticate(request: FastifyRequest): Promise<Principal> {
    const key = BEARER.exec(request.headers.authorization ?? '')?.[1];
    if (!key) throw new AppError(401, 'UNAUTHENTICATED', 'Send Authorization: Bearer <apiKey>');
    return principalOf(key);
  };
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
