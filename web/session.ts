// Who is signed in to the workspace. The cookie holds a random token (httpOnly, SameSite=Lax, Secure under
// https); PostgreSQL holds its digest, the CSRF token and the language. Every form posts the CSRF token
// back, and a request whose Origin is another site is refused before that, as a second guard.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type {} from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config.ts';
import type { Db } from '../db/client.ts';
import { deleteSession, findSession, insertSession } from '../db/queries/sessions.ts';
import type { Department, Locale } from '../domain/funnel.ts';
import type { Principal } from '../domain/roles.ts';

export const SESSION_COOKIE = 'oe_session';
/** Before sign-in there is no session: the sign-in form is guarded by a double-submit cookie instead. */
export const PRE_SESSION_COOKIE = 'oe_pre';
const SESSION_TTL_MS = 12 * 3_600_000;

export interface WorkspaceSession {
  tokenHash: string;
  principal: Principal;
  csrfToken: string;
  locale: Locale;
}

export const digest = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');
export const newToken = () => randomBytes(32).toString('base64url');

export function cookieOptions(config: Config, maxAgeSeconds?: number) {
  return { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: config.publicBaseUrl.startsWith('https://'), ...(maxAgeSeconds ? { maxAge: maxAgeSeconds } : {}) };
}

/** The session behind the request's cookie, or undefined (none, expired, or its employee deactivated). */
export async function loadSession(db: Db, request: FastifyRequest): Promise<WorkspaceSession | undefined> {
  const token = request.cookies[SESSION_COOKIE];
  if (!token || token.length > 100) return undefined;
  const tokenHash = digest(token);
  const row = await findSession(db, tokenHash);
  if (!row) return undefined;
  const principal: Principal =
    row.employeeId === null
      ? { kind: 'admin', id: null, name: 'admin' }
      : { kind: 'employee', id: row.employeeId, name: row.name ?? '', department: row.department as Department, isHead: row.isHead ?? false };
  return { tokenHash, principal, csrfToken: row.csrfToken, locale: row.locale as Locale };
}

export async function startSession(db: Db, config: Config, reply: FastifyReply, who: { employeeId: string | null; locale: Locale }): Promise<void> {
  const token = newToken();
  await insertSession(db, {
    tokenHash: digest(token),
    employeeId: who.employeeId,
    csrfToken: newToken(),
    locale: who.locale,
    expiresAt: new Date(Date.now() + SESSION_TTL_MS),
  });
  reply.setCookie(SESSION_COOKIE, token, cookieOptions(config, SESSION_TTL_MS / 1000));
}

export async function endSession(db: Db, config: Config, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const token = request.cookies[SESSION_COOKIE];
  if (token) await deleteSession(db, digest(token));
  reply.clearCookie(SESSION_COOKIE, cookieOptions(config));
}

export function sameToken(given: unknown, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * False when the browser says the request came from another site: `Sec-Fetch-Site: cross-site`, or an
 * `Origin` that is neither this server's nor PUBLIC_BASE_URL's. Requests without either header (old
 * browsers, curl) pass on to the token check.
 */
export function sameOrigin(request: FastifyRequest, config: Config): boolean {
  if (request.headers['sec-fetch-site'] === 'cross-site') return false;
  const origin = request.headers.origin;
  if (!origin) return true;
  const own = [`${request.protocol}://${request.host}`, new URL(config.publicBaseUrl).origin];
  return own.includes(origin);
}
