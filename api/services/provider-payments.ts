// What the payment provider tells us (check, pay, fail, refund), once its signature has been checked: the
// answer code for the provider, and the payment stored and handed to its order.
import { getPaymentByExternalId, refundedOf } from '../../db/queries/payments.ts';
import { findInvoiceWithOrder, type InvoiceWithOrder } from '../../db/queries/invoices.ts';
import { CLOSED_STAGES } from '../../domain/funnel.ts';
import { dueOf } from '../../domain/money.ts';
import { CHECK_CODE, parseAmount, type NotificationKind } from '../../integrations/cloudpayments.ts';
import { signalPaymentFailed } from './commands.ts';
import type { ServiceDeps, ServiceLog } from './deps.ts';
import { acceptPayment, excessReason } from './payments-in.ts';
import { keepUnmatched } from './reconciliation.ts';

export type Fields = Record<string, string>;

export type Code = (typeof CHECK_CODE)[keyof typeof CHECK_CODE];

/** Why a payment of `amount` in `currency` may not be taken for this invoice now, or 0 when it may. */
export function checkCode(found: InvoiceWithOrder | undefined, fields: Fields, expires = false, now = new Date()): Code {
  if (!found) return CHECK_CODE.unknownInvoice;
  const { invoice, order } = found;
  const account = fields.AccountId?.trim().toLowerCase();
  if (account && account !== order.customer.email?.toLowerCase() && account !== order.id) return CHECK_CODE.wrongAccount;
  if (invoice.status === 'cancelled' || invoice.status === 'paid') return CHECK_CODE.notPayable;
  if (CLOSED_STAGES.includes(order.stage)) return CHECK_CODE.expired;
  if (expires && invoice.dueAt.getTime() < now.getTime()) return CHECK_CODE.expired;
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

/** Handles one signed notification of `kind` and answers the provider's code. */
export function handleProviderNotification(deps: ServiceDeps, kind: NotificationKind, fields: Fields, log: ServiceLog): Promise<Code> {
  return handlers[kind](deps, fields, log);
}

const handlers: Record<NotificationKind, (deps: ServiceDeps, fields: Fields, log: ServiceLog) => Promise<Code>> = {
  async check({ db, config }, fields) {
    return checkCode(await findInvoiceWithOrder(db, { number: fields.InvoiceId ?? '' }), fields, config.payments.expires);
  },

  async pay(deps, fields, log) {
    const { db } = deps;
    const found = await findInvoiceWithOrder(db, { number: fields.InvoiceId ?? '' });
    const amount = parseAmount(fields.Amount);
    // The provider has taken the money whatever we answer: what we cannot attribute is kept for accounting
    // to match (docs/money.md, Reconciliation), and the provider is told it is received.
    if (!fields.TransactionId || amount === undefined || amount <= 0) {
      log.error({ transactionId: fields.TransactionId, invoiceNumber: fields.InvoiceId }, 'provider payment without a transaction id or amount: nothing to keep');
      return CHECK_CODE.ok;
    }
    const reference = fields.TransactionId;
    const currency = fields.Currency ?? found?.invoice.currency ?? 'RUB';
    const keep = async (reason: string) => {
      await keepUnmatched(
        deps,
        {
          source: 'cloudpayments',
          reference,
          amount,
          currency,
          receivedAt: receivedAt(fields),
          payerName: fields.Name ?? null,
          invoiceNumber: fields.InvoiceId ?? null,
          candidateInvoiceId: found?.invoice.id ?? null,
          reason,
        },
        log,
      );
      return CHECK_CODE.ok;
    };
    if (!found) return keep(`no invoice ${fields.InvoiceId ?? ''}`.trim());
    const misfit =
      currency !== found.invoice.currency
        ? `invoice ${found.invoice.number} is in ${found.invoice.currency}, the payment in ${currency}`
        : await excessReason(deps, found, amount, 'cloudpayments', reference);
    if (misfit) return keep(misfit);
    const { payment, created } = await acceptPayment(deps, {
      invoice: found.invoice,
      amount,
      source: 'cloudpayments',
      externalId: reference,
      receivedAt: receivedAt(fields),
      whenClosed: 'keep',
      log,
    });
    log.info({ orderId: found.order.id, paymentId: payment.id, created }, 'provider payment recorded');
    return CHECK_CODE.ok;
  },

  async fail(deps, fields) {
    const { db } = deps;
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

  async refund(deps, fields, log) {
    const { db } = deps;
    const original = fields.PaymentTransactionId ? await getPaymentByExternalId(db, 'cloudpayments', fields.PaymentTransactionId) : undefined;
    const amount = parseAmount(fields.Amount);
    if (!original || original.amount <= 0 || !fields.TransactionId || amount === undefined || amount <= 0) {
      log.error({ transactionId: fields.TransactionId, original: fields.PaymentTransactionId }, 'refund of an unknown payment ignored');
      return CHECK_CODE.ok;
    }
    const repeat = await getPaymentByExternalId(db, 'cloudpayments', fields.TransactionId);
    const refundedBefore = repeat ? 0 : await refundedOf(db, original.id);
    if (!repeat && refundedBefore + amount > original.amount) {
      log.error({ transactionId: fields.TransactionId, amount, refundedBefore }, 'refund larger than its payment ignored');
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
      log,
    });
    return CHECK_CODE.ok;
  },
};
