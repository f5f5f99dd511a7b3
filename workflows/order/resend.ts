// Staff send an invoice to the client again (docs/api.md, Invoices): the same message as when it was issued,
// with its stored PDF, and an entry on the timeline. Both are keyed by the caller's Idempotency-Key, not by
// the run's counters, so a double click (or a retry after a lost answer) writes and sends once.
import type { Command } from '../order-state.ts';
import { notify, type OrderContext } from './context.ts';

export function resendInvoice(ctx: OrderContext, command: Extract<Command, { kind: 'resendInvoice' }>): { key: string } {
  // refusalOf has checked that the order has it and that it still asks for money
  const invoice = ctx.state.invoices.find((i) => i.id === command.invoiceId)!;
  const key = `${ctx.key}:resend:${invoice.id}:${command.requestKey}`;
  const written = { key, type: 'invoice_resent' as const, data: { invoiceId: invoice.id, number: invoice.number, amount: invoice.amount }, actor: command.actor };
  (ctx.draft.timeline ??= []).push(written);
  ctx.escalation?.written.push(written);
  notify(ctx, 'invoice_issued', { kind: 'client' }, { invoiceNumber: invoice.number, amount: invoice.amount, dueDate: command.dueDate }, { id: invoice.id, attach: true });
  // the outbox skips a key it holds already: this message's key is the request's, not the run's next number
  ctx.draft.notifications!.at(-1)!.key = `${key}:mail:0:invoice_issued`;
  return { key };
}
