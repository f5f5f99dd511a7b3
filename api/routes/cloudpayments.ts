// CloudPayments notifications: check, pay, fail, refund. The signature is checked over the body exactly as
// received, so this scope keeps bodies as raw strings and parses them itself.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { getPaymentByExternalId, refundedOf } from '../../db/queries/payments.ts';
import { findInvoiceWithOrder, type InvoiceWithOrder } from '../../db/queries/invoices.ts';
import { CLOSED_STAGES, type Stage } from '../../domain/funnel.ts';
import { dueOf } from '../../domain/money.ts';
import { CHECK_CODE, parseAmount, parseNotification, verifySignature, type NotificationKind } from '../../integrations/cloudpayments.ts';
import type { AppDeps } from '../app.ts';
import { signalPaymentFailed } from '../commands.ts';
import { acceptPayment } from '../payments-in.ts';

type Fields = Record<string, string>;

const notificationAnswer = z.object({ code: z.number().int() });
type Code = (typeof CHECK_CODE)[keyof typeof CHECK_CODE];

/** Why a payment of `amount` in `currency` may not be taken for this invoice now, or 0 when it may. */
export function checkCode(found: InvoiceWithOrder | undefined, fields: Fields): Code {
  if (!found) return CHECK_CODE.unknownInvoice;
  const { invoice, order } = found;
  const account = fields.AccountId?.trim().toLowerCase();
  if (account && account !== order.customer.email?.toLowerCase() && account !== order.id) return CHECK_CODE.wrongAccount;
  if (invoice.status === 'cancelled' || invoice.status === 'paid') return CHECK_CODE.notPayable;
  if (CLOSED_STAGES.includes(order.stage as Stage)) return CHECK_CODE.expired;
  const amount = parseAmount(fields.Amount);
  const currency = fields.Currency ?? invoice.currency;
  if (amount === undefined || amount <= 0 || currency !== invoice.currency || amount > payableOn(found)) return CHECK_CODE.wrongAmount;
  return CHECK_CODE.ok;
}

/** What the client can pay on this invoice now: what it still asks for, never more than the order still owes (other invoices may have paid it). */
export function payableOn({ invoice, order }: InvoiceWithOrder): number {
  return Math.max(0, Math.min(invoice.amount - invoice.paid, dueOf(order.amount, order.paid)));
}

/** The provider's DateTime is UTC, written `2026-11-27 10:00:00` (or ISO); a value with no zone is read as UTC. */
function receivedAt(fields: Fields): Date {
  const text = fields.DateTime?.trim().replace(' ', 'T');
  if (!text) return new Date();
  const at = new Date(/(Z|[+-]\d{2}:?\d{2})$/.test(text) ? text : `${text}Z`);
  return Number.isNaN(at.getTime()) ? new Date() : at;
}

export async function cloudPaymentsRoutes(app: FastifyInstance, { deps }: { deps: AppDeps }) {
  const { db } = deps;
  const secret = deps.webhookSecret;

  app.removeAllContentTypeParsers();
  // the signature covers the bytes as they came: keep them as a Buffer, decode only after the check
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 64 * 1024 }, (_request, body, done) => done(null, body));

  const handlers: Record<NotificationKind, (fields: Fields, request: FastifyRequest) => Promise<Code>> = {
    async check(fields) {
      return checkCode(await findInvoiceWithOrder(db, { number: fields.InvoiceId ?? '' }), fields);
    },

    async pay(fields, request) {
      const found = await findInvoiceWithOrder(db, { number: fields.InvoiceId ?? '' });
      const amount = parseAmount(fields.Amount);
      // money the provider has taken but we cannot attribute: someone must look at it
      const unattributed = (why: string) => request.log.error({ transactionId: fields.TransactionId, invoiceNumber: fields.InvoiceId, why }, 'provider payment not recorded');
      if (!found) {
        unattributed('unknown invoice');
        return CHECK_CODE.unknownInvoice;
      }
      if (!fields.TransactionId || amount === undefined || amount <= 0 || (fields.Currency ?? found.invoice.currency) !== found.invoice.currency) {
        unattributed('no transaction id, or a bad amount or currency');
        return CHECK_CODE.wrongAmount;
      }
      const { payment, created } = await acceptPayment(deps, {
        invoice: found.invoice,
        amount,
        source: 'cloudpayments',
        externalId: fields.TransactionId,
        receivedAt: receivedAt(fields),
        whenClosed: 'keep',
        log: request.log,
      });
      request.log.info({ orderId: found.order.id, paymentId: payment.id, created }, 'provider payment recorded');
      return CHECK_CODE.ok;
    },

    async fail(fields) {
      const found = await findInvoiceWithOrder(db, { number: fields.InvoiceId ?? '' });
      if (!found || !fields.TransactionId) return CHECK_CODE.ok;
      await signalPaymentFailed(deps, found.order.id, {
        transactionId: fields.TransactionId,
        invoiceId: found.invoice.id,
        amount: parseAmount(fields.Amount) ?? null,
        reason: fields.Reason ?? null,
        reasonCode: fields.ReasonCode ?? null,
      });
      return CHECK_CODE.ok;
    },

    async refund(fields, request) {
      const original = fields.PaymentTransactionId ? await getPaymentByExternalId(db, 'cloudpayments', fields.PaymentTransactionId) : undefined;
      const amount = parseAmount(fields.Amount);
      if (!original || original.amount <= 0 || !fields.TransactionId || amount === undefined || amount <= 0) {
        request.log.error({ transactionId: fields.TransactionId, original: fields.PaymentTransactionId }, 'refund of an unknown payment ignored');
        return CHECK_CODE.ok;
      }
      const repeat = await getPaymentByExternalId(db, 'cloudpayments', fields.TransactionId);
      const refundedBefore = repeat ? 0 : await refundedOf(db, original.id);
      if (!repeat && refundedBefore + amount > original.amount) {
        request.log.error({ transactionId: fields.TransactionId, amount, refundedBefore }, 'refund larger than its payment ignored');
        return CHECK_CODE.ok;
      }
      const found = await findInvoiceWithOrder(db, { id: original.invoiceId });
      await acceptPayment(deps, {
        invoice: found!.invoice,
        amount: -amount,
        source: 'cloudpayments',
        externalId: fields.TransactionId,
        refundOf: original.id,
        receivedAt: receivedAt(fields),
        whenClosed: 'keep',
        log: request.log,
      });
      return CHECK_CODE.ok;
    },
  };

  for (const kind of Object.keys(handlers) as NotificationKind[]) {
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
        secret,
      );
      if (!signed) {
        request.log.warn({ kind }, 'webhook with a missing or wrong signature refused');
        return reply.code(401).send({ code: CHECK_CODE.notPayable });
      }
      const fields = parseNotification(raw, request.headers['content-type']);
      if (!fields) return reply.code(400).send({ code: CHECK_CODE.wrongAmount });
      return { code: await handlers[kind](fields, request) };
    });
  }
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
