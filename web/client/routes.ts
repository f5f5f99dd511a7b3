// The client's order page (`/o/:token`), public and reached only by its unguessable link: the page, the
// message form and the Telegram offer. An unknown or re-issued link answers the same plain 404 page.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { AppDeps } from '../../api/deps.ts';
import { sendClientMessage } from '../../api/services/client-messages.ts';
import { orderIdOfClientToken } from '../../db/queries/client-links.ts';
import { readClientOrder } from '../../db/queries/client-page.ts';
import { insertStartCode, isChatBound } from '../../db/queries/telegram.ts';
import { sameOrigin } from '../session.ts';
import { clientNotFoundPage, clientPage, MAX_MESSAGE, type ClientPageOptions } from './page.ts';
import type { Notice } from './texts.ts';

const HTML = 'text/html; charset=utf-8';
const SCRIPT = readFileSync(new URL('./order-page.js', import.meta.url));
const messageForm = z.object({ messageId: z.uuid(), text: z.string() });

export async function clientRoutes(app: FastifyInstance, { deps }: { deps: AppDeps }) {
  const { db, config } = deps;
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => done(null, body));
  // with helmet's no-referrer, browsers post forms with `Origin: null` and the origin check could not tell our
  // own form from another site's; same-origin still keeps the link out of every other site's logs
  app.addHook('onSend', async (_request, reply) => {
    reply.header('referrer-policy', 'same-origin');
  });

  const tokenOf = (request: FastifyRequest) => String((request.params as { token?: unknown }).token ?? '');
  const missing = (reply: FastifyReply) => reply.code(404).type(HTML).header('cache-control', 'no-store').send(clientNotFoundPage());
  const show = async (reply: FastifyReply, orderId: string, status: number, options: ClientPageOptions) => {
    const found = await readClientOrder(db, orderId);
    if (!found) return missing(reply);
    const telegram = { offered: config.telegram !== undefined, bound: config.telegram ? await isChatBound(db, orderId) : false };
    return reply.code(status).type(HTML).header('cache-control', 'no-store').send(clientPage(config, found, { ...options, telegram }));
  };

  app.get('/o-assets/order-page.js', { schema: { hide: true } }, async (_request, reply) => reply.type('text/javascript; charset=utf-8').header('cache-control', 'public, max-age=3600').send(SCRIPT));

  app.get('/o/:token', { schema: { tags: ['client'], summary: "The client's order page (HTML)", security: [] } }, async (request, reply) => {
    const token = tokenOf(request);
    const orderId = await orderIdOfClientToken(db, token);
    if (!orderId) return missing(reply);
    const sent = (request.query as { sent?: string }).sent === '1';
    return show(reply, orderId, 200, { token, ...(sent ? { notice: 'sent' as const } : {}) });
  });

  // The link is the secret a cross-site form cannot know; the origin check turns away what a browser says
  // came from another site all the same.
  app.post('/o/:token/messages', { schema: { tags: ['client'], summary: "The client's message to the manager (form post)", security: [] } }, async (request, reply) => {
    const token = tokenOf(request);
    const orderId = await orderIdOfClientToken(db, token);
    if (!orderId) return missing(reply);
    const parsed = messageForm.safeParse(Object.fromEntries(new URLSearchParams(String(request.body ?? ''))));
    const refuse = (status: number, notice: Notice, draft?: string) => show(reply, orderId, status, { token, notice, ...(draft ? { draft } : {}) });
    if (!sameOrigin(request, config) || !parsed.success) return refuse(parsed.success ? 403 : 400, 'refused', parsed.data?.text);
    const text = parsed.data.text.replace(/\r\n/g, '\n').trim();
    if (!text || text.includes('\u0000')) return refuse(400, 'empty');
    if (text.length > MAX_MESSAGE) return refuse(400, 'tooLong', text.slice(0, MAX_MESSAGE));
    try {
      if ((await sendClientMessage(deps, orderId, { messageId: parsed.data.messageId, text })) === 'tooMany') {
        reply.header('retry-after', '600');
        return refuse(429, 'tooMany', text);
      }
    } catch (error) {
      request.log.error({ err: error, orderId }, 'a client message could not reach its order');
      return refuse(503, 'unavailable', text);
    }
    return reply.redirect(`/o/${token}?sent=1#messages`, 303);
  });

  app.post('/o/:token/telegram', { schema: { tags: ['client'], summary: 'Leads to the Telegram bot with a one-time start code', security: [] } }, async (request, reply) => {
    const orderId = config.telegram ? await orderIdOfClientToken(db, tokenOf(request)) : undefined;
    if (!orderId || !config.telegram || !sameOrigin(request, config)) return missing(reply);
    // Telegram takes start parameters of up to 64 characters from [A-Za-z0-9_-]
    const code = randomBytes(24).toString('base64url');
    await insertStartCode(db, orderId, code);
    return reply.redirect(`https://t.me/${config.telegram.botUsername}?start=${code}`, 303);
  });
}
