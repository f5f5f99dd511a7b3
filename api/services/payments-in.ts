// Money coming in, from staff, the payment provider or 1C: stored first (once per source and reference),
// then signalled to the order, which counts each payment id once. What cannot be signalled at once (Temporal
// unreachable) stays undelivered in the database, and the relay (api/relay.ts) hands it over later.
import { randomUUID } from 'node:crypto';
import type { InvoiceWithOrder } from '../../db/queries/invoices.ts';
import { deletePayment, getPaymentByExternalId, markPaymentDelivered, recordPayment, storedForInvoice, type PaymentRecord } from '../../db/queries/payments.ts';
import { formatMoney } from '../../domain/format.ts';
import { CLOSED_STAGES } from '../../domain/funnel.ts';
import { settleUpdate, type CommandActor, type PaymentNotice } from '../../workflows/shared.ts';
import { conflict } from '../errors.ts';
import type { ServiceDeps, ServiceLog } from './deps.ts';
import { OrderClosedError, settleClosedOrder, signalPayment } from './commands.ts';
import { orderSettings } from './intake.ts';

export interface IncomingPayment {
  invoice: { id: string; orderId: string; currency: string };
  amount: number;
  source: PaymentNotice['source'];
  externalId: string | null;
  /** For a refund: the payment it gives money back from. */
  refundOf?: string;
  receivedAt: Date;
  recordedBy?: CommandActor;
  /**
   * What to do with a new payment when the order's workflow has ended: `refuse` takes it back out and throws
   * OrderClosedError (staff and 1C can act on it); `keep` counts it on the closed order and gives accounting
   * a refund task (a card payment the provider has already taken).
   */
  whenClosed: 'refuse' | 'keep';
  /** The unmatched money this payment was matched from, for the order's timeline. */
  unmatchedId?: string;
  /** The request's logger: a payment that waits for the relay is worth a line. */
  log?: ServiceLog;
}

/**
 * Why money a bank, 1C or the provider reports for this invoice cannot simply be counted on it: it is more than
 * the invoice still asks (nothing, once it is paid or cancelled) while its order is open. Such money may belong
 * to another invoice or be a mistake, so it is kept for accounting to match rather than counted and refunded
 * unasked. A repeat of a payment already stored is not judged again, and money for a closed order keeps its
 * late-money path. The stored payments count, not only the invoice's `paid`: a statement may pay one invoice
 * twice before the order has counted the first.
 */
export async function excessReason(deps: ServiceDeps, { invoice, order }: InvoiceWithOrder, amount: number, source: PaymentNotice['source'], externalId: string): Promise<string | undefined> {
  if (CLOSED_STAGES.includes(order.stage)) return undefined;
  if (await getPaymentByExternalId(deps.db, source, externalId)) return undefined;
  const asks = invoice.status === 'cancelled' ? 0 : Math.max(0, invoice.amount - Math.max(invoice.paid, await storedForInvoice(deps.db, invoice.id)));
  if (amount <= asks) return undefined;
  const money = (minor: number) => formatMoney(minor, invoice.currency, 'ru');
  if (asks === 0) return `invoice ${invoice.number} is ${invoice.status === 'cancelled' ? 'cancelled' : 'paid'} and asks for nothing more: ${money(amount)} came`;
  return `${money(amount)} is more than invoice ${invoice.number} still asks (${money(asks)})`;
}

export async function acceptPayment(deps: ServiceDeps, incoming: IncomingPayment): Promise<{ payment: PaymentRecord; created: boolean }> {
  const now = new Date();
  const { payment, created } = await recordPayment(deps.db, {
    id: randomUUID(),
    orderId: incoming.invoice.orderId,
    invoiceId: incoming.invoice.id,
    amount: incoming.amount,
    currency: incoming.invoice.currency,
    source: incoming.source,
    externalId: incoming.externalId,
    refundOfId: incoming.refundOf ?? null,
    receivedAt: incoming.receivedAt,
    recordedById: incoming.recordedBy?.id ?? null,
    createdAt: now,
  });
  // A person who types a known reference with another amount has mistyped one of them: taking the stored
  // payment silently would hide it, so they are told both amounts and nothing changes.
  if (!created && incoming.source === 'manual' && payment.amount !== incoming.amount) {
    const stored = formatMoney(payment.amount, payment.currency, 'ru');
    const given = formatMoney(incoming.amount, payment.currency, 'ru');
    throw conflict(`Reference "${incoming.externalId}" is already recorded with ${stored}; this request says ${given}`, {
      reference: incoming.externalId,
      recordedAmount: payment.amount,
      requestedAmount: incoming.amount,
    });
  }
  // a reversed payment's reference is spent: the same reference again would look accepted and count nothing
  if (!created && payment.reversedAt) {
    throw conflict(`Reference "${incoming.externalId}" belongs to a payment reversed on ${payment.reversedAt.toISOString().slice(0, 10)}; record the money under a new reference`, {
      reference: incoming.externalId,
      reversedPaymentId: payment.id,
    });
  }
  try {
    // signalled on a repeat too: if the first signal was lost, this one counts; if not, it is ignored
    await deliverPayment(deps, payment, incoming.recordedBy ?? null, incoming.unmatchedId);
  } catch (error) {
    if (!(error instanceof OrderClosedError)) {
      // Stored, so not lost: the relay hands it to the order once Temporal answers again, and the caller
      // (a provider, 1C, a person) need not retry.
      incoming.log?.warn({ err: error, paymentId: payment.id, orderId: payment.orderId }, 'payment stored; the relay will hand it to its order');
      return { payment, created };
    }
    // a repeat of a payment stored earlier is answered as before; a new one is refused if asked
    if (incoming.whenClosed === 'refuse' && created) {
      await deletePayment(deps.db, payment.id);
      throw error;
    }
    if (incoming.whenClosed === 'keep') await countAfterClose(deps, payment, incoming.recordedBy ?? null, incoming.unmatchedId);
  }
  return { payment, created };
}

/**
 * Hands a stored payment to its order and marks it delivered. Throws OrderClosedError when the order's
 * workflow has ended (the caller decides between refusing and counting it after close), or whatever
 * Temporal throws when it cannot be reached.
 */
export async function deliverPayment(deps: ServiceDeps, payment: PaymentRecord, recordedBy: CommandActor, unmatchedId?: string): Promise<void> {
  await signalPayment(deps, payment.orderId, {
    paymentId: payment.id,
    invoiceId: payment.invoiceId,
    amount: payment.amount,
    source: payment.source,
    recordedBy,
    ...(unmatchedId ? { unmatchedId } : {}),
  });
  await markPaymentDelivered(deps.db, payment.id);
}

/**
 * Money that arrived for an order whose workflow has ended goes to the order's settlement run, which counts it
 * by the order workflow's rules (a refund task for money in); then it is delivered.
 */
export async function countAfterClose(deps: ServiceDeps, payment: PaymentRecord, recordedBy: CommandActor = null, unmatchedId?: string): Promise<void> {
  const notice: PaymentNotice = { paymentId: payment.id, invoiceId: payment.invoiceId, amount: payment.amount, source: payment.source, recordedBy, ...(unmatchedId ? { unmatchedId } : {}) };
  await settleClosedOrder(deps, payment.orderId, settleUpdate, notice, { orderId: payment.orderId, settings: orderSettings(deps.config) });
  await markPaymentDelivered(deps.db, payment.id);
}
