// CloudPayments notifications: check, pay, fail, refund. The signature is checked over the body exactly as
// received, so this scope keeps bodies as raw strings and parses them itself.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { CHECK_CODE, parseNotification, verifySignature, type NotificationKind } from '../../integrations/cloudpayments.ts';
import type { AppDeps } from '../deps.ts';
import { handleProviderNotification } from '../services/provider-payments.ts';

const notificationAnswer = z.object({ code: z.number().int() });
const KINDS: NotificationKind[] = ['check', 'pay', 'fail', 'refund'];

export async function cloudPaymentsRoutes(app: FastifyInstance, { deps }: { deps: AppDeps }) {
  app.removeAllContentTypeParsers();
  // the signature covers the bytes as they came: keep them as a Buffer, decode only after the check
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 64 * 1024 }, (_request, body, done) => done(null, body));

  for (const kind of KINDS) {
    const schema = {
      tags: ['webhooks'],
      summary: `CloudPayments ${kind} notification`,
      description:
        'Form-encoded or JSON body with the provider fields. Signed with Content-HMAC (raw body) or X-Content-HMAC (URL-decoded body), HMAC-SHA256 with CLOUDPAYMENTS_API_SECRET, base64.',
      security: [],
      response: { 200: notificationAnswer, 401: notificationAnswer },
    };
    app.post(`/webhooks/cloudpayments/${kind}`, { schema }, async (request: FastifyRequest, reply: FastifyReply) => {
      const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const signed = verifySignature(
        raw,
        { contentHmac: header(request, 'content-hmac'), xContentHmac: header(request, 'x-content-hmac') },
        deps.webhookSecret,
      );
      if (!signed) {
        request.log.warn({ kind }, 'webhook with a missing or wrong signature refused');
        return reply.code(401).send({ code: CHECK_CODE.notPayable });
      }
      const fields = parseNotification(raw, request.headers['content-type']);
      if (!fields) return reply.code(400).send({ code: CHECK_CODE.wrongAmount });
      return { code: await handleProviderNotification(deps, kind, fields, request.log) };
    });
  }
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
