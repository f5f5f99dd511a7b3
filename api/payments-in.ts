// Money coming in, from staff, the payment provider or 1C: stored first (once per source and reference),
// then signalled to the order, which counts each payment id once.
import { randomUUID } from 'node:crypto';
import { deletePayment, recordPayment, type PaymentRecord } from '../db/queries/payments.ts';
import type { CommandActor, PaymentNotice } from '../workflows/shared.ts';
import type { AppDeps } from './app.ts';
import { OrderClosedError, signalPayment } from './commands.ts';

export interface IncomingPayment {
  invoice: { id: string; orderId: string; currency: string };
  amount: number;
  source: PaymentNotice['source'];
  externalId: string | null;
  receivedAt: Date;
  recordedBy?: CommandActor;
  /**
   * What to do with a new payment when the order's workflow has ended: `refuse` takes it back out and throws
   * OrderClosedError (staff and 1C can act on it); `keep` leaves it on record (a card payment the provider
   * has already taken).
   */
  whenClosed: 'refuse' | 'keep';
}

export async function acceptPayment(deps: AppDeps, incoming: IncomingPayment): Promise<{ payment: PaymentRecord; created: boolean }> {
  const now = new Date();
  const { payment, created } = await recordPayment(deps.db, {
    id: randomUUID(),
    orderId: incoming.invoice.orderId,
    invoiceId: incoming.invoice.id,
    amount: incoming.amount,
    currency: incoming.invoice.currency,
    source: incoming.source,
    externalId: incoming.externalId,
    receivedAt: incoming.receivedAt,
    recordedById: incoming.recordedBy?.id ?? null,
    createdAt: now,
  });
  try {
    // signalled on a repeat too: if the first signal was lost, this one counts; if not, it is ignored
    await signalPayment(deps, incoming.invoice.orderId, {
      paymentId: payment.id,
      invoiceId: payment.invoiceId,
      amount: payment.amount,
      source: incoming.source,
      recordedBy: incoming.recordedBy ?? null,
    });
  } catch (error) {
    if (!(error instanceof OrderClosedError)) throw error;
    // a repeat of a payment stored earlier is answered as before; a new one is refused if asked
    if (incoming.whenClosed === 'refuse' && created) {
      await deletePayment(deps.db, payment.id);
      throw error;
    }
  }
  return { payment, created };
}
