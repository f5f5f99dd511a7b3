// Bearer API keys: the header is read here, the key checked by the staff service.
import type { FastifyRequest } from 'fastify';
import type { Db } from '../db/client.ts';
import { may, type Action, type Principal } from '../domain/roles.ts';
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

/** A route hook that refuses, before the body is even validated, a caller whose role may not do `action`. */
export function allow(action: Action) {
  return async (request: FastifyRequest): Promise<void> => {
    if (!may(request.principal, action)) throw forbidden();
  };
}
