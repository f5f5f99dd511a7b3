// Reversal of a payment recorded by mistake (docs/money.md, "Reversing a payment"): accounting takes it back
// with a reason. The payment stays on record and on the timeline; the order's paid, due and overpaid are
// counted again without it, and its stage is kept — a reversal undoes a record, not the work it let start.
import { dueOf, overpaidOf } from '../../domain/money.ts';
import { invoiceStatus } from '../../domain/qualification.ts';
import type { Command } from '../order-state.ts';
import { entry, patchOrder, type OrderContext } from './context.ts';

type ReversePayment = Extract<Command, { kind: 'reversePayment' }>;

export function reversePayment(ctx: OrderContext, command: ReversePayment): void {
  const { state } = ctx;
  const reversed = (state.reversedPayments ??= []);
  // the API repeats a reversal it could not confirm: the second one changes nothing
  if (reversed.includes(command.paymentId)) return;
  reversed.push(command.paymentId);
  state.paid -= command.amount;
  patchOrder(ctx, { paid: state.paid });
  const invoice = state.invoices.find((i) => i.id === command.invoiceId);
  if (invoice) {
    invoice.paid -= command.amount;
    // a cancelled invoice stays cancelled; another one is paid, partly paid or unpaid again
    if (invoice.status !== 'cancelled') invoice.status = invoiceStatus(invoice.amount, invoice.paid);
    (ctx.draft.invoiceUpdates ??= []).push({ id: invoice.id, paid: invoice.paid, status: invoice.status });
  }
  entry(
    ctx,
    'payment_reversed',
    {
      paymentId: command.paymentId,
      invoiceId: command.invoiceId,
      invoiceNumber: invoice?.number ?? null,
      amount: command.amount,
      reason: command.reason,
      paid: state.paid,
      due: dueOf(state.total, state.paid),
      overpaid: overpaidOf(state.total, state.paid),
    },
    command.actor,
  );
}
