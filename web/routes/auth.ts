// Signing in and out, the language switch and invitations. Failed sign-ins are limited per address.
import type { FastifyInstance } from 'fastify';
import { createHash, timingSafeEqual } from 'node:crypto';
import { incrementRateLimit, readRateLimit } from '../../db/queries/rate-limits.ts';
import { acceptInvitation, deleteExpiredSessions, findInvitation, findSignIn, setSessionLocale } from '../../db/queries/sessions.ts';
import { LOCALES, type Locale } from '../../domain/funnel.ts';
import type { FieldErrors } from '../components/fields.tsx';
import { one, type Form } from '../forms.ts';
import { hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from '../passwords.ts';
import { InvitePage, SignInPage } from '../pages/sign-in.tsx';
import type { WebContext } from '../context.ts';
import { cookieOptions, digest, endSession, newToken, PRE_SESSION_COOKIE, startSession } from '../session.ts';
import { homeOf } from '../view.ts';

const html = 'text/html; charset=utf-8';
const sha = (text: string) => createHash('sha256').update(text, 'utf8').digest();
/** Only paths of this site: `next` must not send a person elsewhere after sign-in. */
const localPath = (next: string | undefined) => (next && /^\/(?!\/)[^\s\\]*$/.test(next) ? next : '/');

/** A few mistyped passwords pass; guessing does not. */
const SIGN_IN_FAILURES = 10;
const SIGN_IN_WINDOW_MS = 60_000;

export async function authRoutes(app: FastifyInstance, context: WebContext) {
  const { db, config } = context.deps;
  // failed sign-ins per address, counted in PostgreSQL so that every API process sees the same count
  const failures = {
    key: (address: string) => `sign-in:${address}`,
    async blocked(address: string) {
      return (await readRateLimit(db, this.key(address), SIGN_IN_WINDOW_MS)).count >= SIGN_IN_FAILURES;
    },
    async fail(address: string) {
      await incrementRateLimit(db, this.key(address), SIGN_IN_WINDOW_MS);
    },
  };
  const adminDigest = sha(context.adminPassword);

  app.get<{ Querystring: { next?: string } }>('/sign-in', { config: { public: true } }, async (request, reply) => {
    if (request.workspace) return reply.redirect(homeOf(request.workspace.principal), 303);
    // before a session exists, the form's token is a double-submit cookie
    const token = request.cookies[PRE_SESSION_COOKIE] ?? newToken();
    reply.setCookie(PRE_SESSION_COOKIE, token, cookieOptions(config));
    const view = { ...context.view(request), csrf: token };
    return reply.type(html).send(await SignInPage({ view, next: localPath(request.query.next) }));
  });

  app.post<{ Body: Form }>('/sign-in', { config: { public: true } }, async (request, reply) => {
    const view = context.view(request);
    const email = one(request.body, 'email')?.toLowerCase() ?? '';
    const password = typeof request.body.password === 'string' ? request.body.password : '';
    const next = localPath(one(request.body, 'next'));
    if (await failures.blocked(request.ip)) return reply.code(429).type(html).send(await SignInPage({ view, values: { email }, error: view.words.signIn.limited, next }));
    let who: { employeeId: string | null; locale: Locale } | undefined;
    if (email === config.admin.email) {
      if (timingSafeEqual(sha(password), adminDigest)) who = { employeeId: null, locale: config.defaultLocale };
    } else {
      const employee = await findSignIn(db, email);
      if (await verifyPassword(password, employee?.passwordHash)) who = { employeeId: employee!.id, locale: (employee!.locale as Locale | null) ?? config.defaultLocale };
    }
    if (!who) {
      await failures.fail(request.ip);
      return reply.code(401).type(html).send(await SignInPage({ view, values: { email }, error: view.words.signIn.wrong, next }));
    }
    // sign-ins are rare enough to sweep expired sessions on the way, with no timer of its own
    await deleteExpiredSessions(db);
    await startSession(db, config, reply, who);
    return reply.redirect(next, 303);
  });

  app.post('/sign-out', async (request, reply) => {
    await endSession(db, config, request, reply);
    return reply.redirect('/sign-in', 303);
  });

  app.post<{ Body: Form }>('/language', async (request, reply) => {
    const session = context.session(request);
    const locale = one(request.body, 'locale');
    if (locale && (LOCALES as readonly string[]).includes(locale)) await setSessionLocale(db, session.tokenHash, session.principal.id, locale);
    return reply.redirect(localPath(request.headers.referer ? new URL(request.headers.referer).pathname : '/'), 303);
  });

  app.get('/', async (request, reply) => reply.redirect(homeOf(context.session(request).principal), 303));

  app.get<{ Params: { token: string } }>('/invite/:token', { config: { public: true } }, async (request, reply) => {
    const token = newToken();
    reply.setCookie(PRE_SESSION_COOKIE, token, cookieOptions(config));
    const view = { ...context.view(request), csrf: token };
    const found = await findInvitation(db, digest(request.params.token));
    return reply
      .code(found ? 200 : 410)
      .type(html)
      .send(await InvitePage({ view, token: request.params.token, ...(found ? {} : { error: view.words.invite.gone }) }));
  });

  app.post<{ Params: { token: string }; Body: Form }>('/invite/:token', { config: { public: true } }, async (request, reply) => {
    const view = context.view(request);
    const { token } = request.params;
    const password = typeof request.body.password === 'string' ? request.body.password : '';
    const errors: FieldErrors | undefined =
      password.length < MIN_PASSWORD_LENGTH ? { password: view.words.invite.short } : password !== request.body.repeat ? { repeat: view.words.invite.mismatch } : undefined;
    if (errors) return reply.code(422).type(html).send(await InvitePage({ view, token, errors }));
    if (!(await acceptInvitation(db, digest(token), await hashPassword(password)))) {
      return reply.code(410).type(html).send(await InvitePage({ view, token, error: view.words.invite.gone }));
    }
    return reply.code(200).type(html).send(await SignInPage({ view, ok: view.words.invite.done }));
  });
}
