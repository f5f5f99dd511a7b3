// Money that names no invoice of ours, or one it cannot pay, is kept rather than refused: stored once per
// source and reference, listed for accounting, who match it to an invoice (then it reaches the order like
// any payment) or dismiss it as not ours or returned (docs/money.md, Reconciliation).
import { randomUUID } from 'node:crypto';
import { findInvoiceWithOrder } from '../../db/queries/invoices.ts';
import { getPayment } from '../../db/queries/payments.ts';
import { decideUnmatched, getUnmatched, storeUnmatched, type NewUnmatched, type UnmatchedRecord } from '../../db/queries/unmatched-payments.ts';
import { formatMoney } from '../../domain/format.ts';
import type { Principal } from '../../domain/roles.ts';
import { AppError, conflict, notFound } from '../errors.ts';
import { actorOf } from './commands.ts';
import type { ServiceDeps, ServiceLog } from './deps.ts';
import { commentOrder } from './orders.ts';
import { acceptPayment } from './payments-in.ts';

export type Unmatched = Omit<NewUnmatched, 'id' | 'createdAt'>;

/** Keeps money for accounting, once per source and reference. */
export async function keepUnmatched(deps: ServiceDeps, money: Unmatched, log?: ServiceLog) {
  const kept = await storeUnmatched(deps.db, { id: randomUUID(), createdAt: new Date(), ...money });
  if (kept.created) log?.warn({ unmatchedId: kept.record.id, source: money.source, reference: money.reference, reason: money.reason }, 'money kept for matching');
  return kept;
}

export interface HandEntry {
  amount: number;
  reference: string;
  paidAt?: string;
  payerName?: string;
  purpose?: string;
}

/** Money an employee knows arrived but cannot put on an invoice yet. */
export function recordUnmatchedByHand(deps: ServiceDeps, entry: HandEntry, log?: ServiceLog) {
  return keepUnmatched(
    deps,
    {
      source: 'manual',
      reference: entry.reference,
      amount: entry.amount,
      receivedAt: entry.paidAt ? new Date(entry.paidAt) : new Date(),
      payerName: entry.payerName ?? null,
      purpose: entry.purpose ?? null,
      reason: 'entered by hand without an invoice',
      decidedById: null,
    },
    log,
  );
}

async function load(deps: ServiceDeps, id: string): Promise<UnmatchedRecord> {
  const row = await getUnmatched(deps.db, id);
  if (!row) throw notFound('Unmatched payment');
  return row;
}

/**
 * Gives the money to an invoice: stored as a payment under the source's own reference (so a second request, or
 * one racing it, finds the same payment) and handed to the order, whose timeline names the unmatched entry.
 */
export async function matchUnmatched(deps: ServiceDeps, principal: Principal, id: string, invoiceId: string, log?: ServiceLog) {
  const row = await load(deps, id);
  if (row.status === 'dismissed') throw conflict('This money was dismissed; it cannot be matched', { status: row.status });
  if (row.status === 'matched') {
    const payment = await getPayment(deps.db, row.paymentId!);
    if (payment?.invoiceId === invoiceId) return row;
    throw conflict('This money is matched to another invoice already', { paymentId: row.paymentId, invoiceId: payment?.invoiceId ?? null });
  }
  const found = await findInvoiceWithOrder(deps.db, { id: invoiceId });
  if (!found) throw notFound('Invoice');
  if (found.invoice.currency !== row.currency) {
    throw new AppError(422, 'VALIDATION_FAILED', `The money is in ${row.currency}, the invoice in ${found.invoice.currency}`, [{ field: 'invoiceId', message: 'another currency' }]);
  }
  const { payment } = await acceptPayment(deps, {
    invoice: found.invoice,
    amount: row.amount,
    source: row.source,
    externalId: row.reference,
    receivedAt: row.receivedAt,
    recordedBy: actorOf(principal),
    // the provider has taken the card's money: a closed order counts it and refunds it, as for any late card payment
    whenClosed: row.source === 'cloudpayments' ? 'keep' : 'refuse',
    unmatchedId: row.id,
    log,
  });
  if (payment.invoiceId !== invoiceId) throw conflict('This money is matched to another invoice already', { paymentId: payment.id, invoiceId: payment.invoiceId });
  const decided = await decideUnmatched(deps.db, id, { status: 'matched', paymentId: payment.id, decidedById: actorOf(principal)?.id ?? null });
  if (!decided) throw conflict('This money was decided otherwise meanwhile');
  return decided;
}

export const DISMISS_REASONS = ['not_ours', 'returned'] as const;
export type DismissReason = (typeof DISMISS_REASONS)[number];

const DISMISS_WORDS: Record<DismissReason, string> = { not_ours: 'не наши деньги', returned: 'возвращены плательщику' };

/** Marks the money as not ours or returned; the order it named (if any) gets the decision on its timeline. */
export async function dismissUnmatched(deps: ServiceDeps, principal: Principal, id: string, input: { reason: DismissReason; comment?: string }) {
  const row = await load(deps, id);
  if (row.status === 'matched') throw conflict('This money is matched to an invoice; it cannot be dismissed', { paymentId: row.paymentId });
  if (row.status === 'dismissed' && row.dismissReason !== input.reason) throw conflict(`This money was dismissed already as ${row.dismissReason}`);
  const actor = actorOf(principal);
  const decided = await decideUnmatched(deps.db, id, { status: 'dismissed', dismissReason: input.reason, comment: input.comment ?? null, decidedById: actor?.id ?? null });
  if (!decided) throw conflict('This money was decided otherwise meanwhile');
  // written once, when the decision is first taken, through the order's workflow (a note by the API once it has closed)
  if (row.status === 'open' && row.candidateInvoiceId) {
    const found = await findInvoiceWithOrder(deps.db, { id: row.candidateInvoiceId });
    if (found) {
      const money = formatMoney(row.amount, row.currency, 'ru');
      const text = `Поступление ${money} (${row.source}, ${row.reference}) по счёту ${found.invoice.number} не зачтено: ${DISMISS_WORDS[input.reason]}${input.comment ? `. ${input.comment}` : ''}`;
      await commentOrder(deps, principal, found.order.id, { text });
    }
  }
  return decided;
}
