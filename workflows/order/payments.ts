// Money coming in and going back: each payment id counted once, refunds given to accounting, and the stage
// moved on when the money reaches what it waits for.
import { dueOf, overpaidOf } from '../../domain/money.ts';
import { invoiceStatus } from '../../domain/qualification.ts';
import { refundReason } from '../../domain/texts.ts';
import { refundOwed } from '../../domain/transitions.ts';
import type { PaymentFailure, PaymentNotice } from '../shared.ts';
import { entry, notify, patchOrder, type OrderContext } from './context.ts';
import { stopChasing } from './reminder-limit.ts';
import { advanceOnPayment } from './stages.ts';
import { disarm, refundTask } from './tasks.ts';

export async function onPayment(ctx: OrderContext, payment: PaymentNotice): Promise<void> {
  const { state } = ctx;
  if (state.countedPayments.includes(payment.paymentId)) return;
  state.countedPayments.push(payment.paymentId);
  const paidBefore = state.paid;
  state.paid += payment.amount;
  if (payment.amount < 0) state.refunded = (state.refunded ?? 0) - payment.amount;
  patchOrder(ctx, { paid: state.paid });
  const invoice = state.invoices.find((i) => i.id === payment.invoiceId);
  if (invoice) {
    invoice.paid += payment.amount;
    if (invoice.status !== 'cancelled') {
      invoice.status = invoiceStatus(invoice.amount, invoice.paid);
      if (invoice.status === 'paid') {
        disarm(ctx, `invoice:${invoice.id}`);
        stopChasing(ctx, invoice);
      }
    }
    (ctx.draft.invoiceUpdates ??= []).push({ id: invoice.id, paid: invoice.paid, status: invoice.status });
  }
  const due = dueOf(state.total, state.paid);
  entry(
    ctx,
    payment.amount < 0 ? 'refund_recorded' : 'payment_received',
    {
      paymentId: payment.paymentId,
      invoiceId: payment.invoiceId,
      invoiceNumber: invoice?.number ?? null,
      amount: payment.amount,
      source: payment.source,
      paid: state.paid,
      due,
      ...(ctx.afterClose ? { afterClose: true } : {}),
      ...(payment.unmatchedId ? { unmatchedId: payment.unmatchedId } : {}),
    },
    payment.recordedBy ?? null,
  );
  if (payment.amount <= 0) return;
  if (state.stage !== 'lost') notify(ctx, 'payment_received', { kind: 'client' }, { amount: payment.amount, due });
  const owed = refundOwed({ stage: state.stage, total: state.total, paidBefore, amount: payment.amount, invoiceCancelled: invoice?.status === 'cancelled' });
  if (owed?.reason === 'cancelled') {
    await refundTask(ctx, owed.amount, refundReason(ctx.input.locale, 'paid_after_cancel'));
    return;
  }
  if (owed) {
    entry(ctx, 'overpayment', { amount: owed.amount, overpaid: overpaidOf(state.total, state.paid) });
    await refundTask(ctx, owed.amount, refundReason(ctx.input.locale, 'overpayment'));
  }
  await advanceOnPayment(ctx);
}

export function onPaymentFailed(ctx: OrderContext, failure: PaymentFailure): void {
  const { state } = ctx;
  if (state.failedPayments.includes(failure.transactionId)) return;
  state.failedPayments.push(failure.transactionId);
  const invoice = state.invoices.find((i) => i.id === failure.invoiceId);
  entry(ctx, 'payment_failed', { ...failure, invoiceNumber: invoice?.number ?? null });
}
