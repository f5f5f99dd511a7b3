// Bearer API keys. Keys are 256-bit random strings stored only as SHA-256 digests: a database leak does not
// reveal them, and the digest stays an indexable lookup key. The admin key is compared in constant time.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import type { Db } from '../db/client.ts';
import { employees } from '../db/schema.ts';
import type { Department } from '../domain/funnel.ts';
import { may, type Action, type Principal } from '../domain/roles.ts';
import { AppError, forbidden } from './errors.ts';
import { loadSession, sameToken } from '../web/session.ts';

export function hashApiKey(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}

export function generateApiKey(): string {
  return `oek_${randomBytes(32).toString('base64url')}`;
}

const BEARER = /^Bearer\s+(\S{1,512})\s*$/i;

export function createAuthenticator({ db, adminApiKey }: { db: Db; adminApiKey: string }) {
  const adminDigest = hashApiKey(adminApiKey);
  const unauthenticated = (message: string) => new AppError(401, 'UNAUTHENTICATED', message);

  return async function authenticate(request: FastifyRequest): Promise<Principal> {
    const header = request.headers.authorization;
    if (!header) return sessionPrincipal(db, request);
    const key = BEARER.exec(header)?.[1];
    if (!key) throw unauthenticated('Send Authorization: Bearer <apiKey>');
    const digest = hashApiKey(key);
    if (timingSafeEqual(digest, adminDigest)) return { kind: 'admin', id: null, name: 'admin' };
    const [employee] = await db
      .select({ id: employees.id, name: employees.name, department: employees.department, isHead: employees.isHead })
      .from(employees)
      .where(and(eq(employees.apiKeyHash, digest.toString('hex')), eq(employees.active, true)));
    if (!employee) throw unauthenticated('Unknown or deactivated API key');
    return { kind: 'employee', ...employee, department: employee.department as Department };
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

/** A route hook that refuses, before the body is even validated, a caller whose role may not do `action`. */
export function allow(action: Action) {
  return async (request: FastifyRequest): Promise<void> => {
    if (!may(request.principal, action)) throw forbidden();
  };
}
