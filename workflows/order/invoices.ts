// Invoices of an order: issued from its rows with a payment link, reminded of while unpaid, cancelled with
// the order.
import { log, uuid4 } from '@temporalio/workflow';
import { dueOf } from '../../domain/money.ts';
import { INVOICE_KIND_NAMES, invoiceReminderSummary } from '../../domain/operator-texts.ts';
import type { CommandActor } from '../shared.ts';
import { createPaymentLink, issueInvoice } from './activities.ts';
import { entry, flush, notify, now, type OrderContext } from './context.ts';
import { deadlines, nextReminder, paymentTerm, reminderAfterTerm } from './deadlines.ts';
import { remindersExhausted } from './reminder-limit.ts';
import { arm, disarm } from './tasks.ts';

export async function issue(ctx: OrderContext, kind: 'prepayment' | 'postpayment', amount: number): Promise<void> {
  const { input, state } = ctx;
  // the invoice freezes the rows as the read model holds them: write pending changes first
  await flush(ctx);
  const invoiceId = uuid4();
  const term = paymentTerm(ctx);
  // the first reminder counts from the due moment: in the same call, chained on its result (older runs: a second call below)
  const chained = ctx.chained ? reminderAfterTerm(ctx, term.kind === 'plain' ? term.atMs : { of: 0 }) : undefined;
  const [dueAtMs, firstAtMs] = await deadlines(ctx, chained ? 'Срок оплаты счёта и первое напоминание' : 'Срок оплаты счёта', chained ? [term, chained] : [term]);
  const issued = await issueInvoice.executeWithOptions({ summary: `${INVOICE_KIND_NAMES[kind]} по заказу ${input.number}` }, [
    {
      invoiceId,
      orderId: input.orderId,
      kind,
      amount,
      currency: input.currency,
      issuedAt: now(),
      dueAt: new Date(dueAtMs!).toISOString(),
      timezone: input.settings.timezone,
    },
  ]);
  try {
    await createPaymentLink.executeWithOptions({ summary: `Ссылка на оплату счёта ${issued.number}` }, [{ invoiceId }]);
  } catch (error) {
    log.warn('no payment link from the provider; the invoice links to our payment page', { orderId: input.orderId, invoiceId, error: String(error) });
  }
  state.invoices.push({ id: invoiceId, number: issued.number, kind, amount, paid: 0, status: 'issued' });
  entry(ctx, 'invoice_issued', { invoiceId, number: issued.number, kind, amount, dueDate: issued.dueDate });
  notify(ctx, 'invoice_issued', { kind: 'client' }, { invoiceNumber: issued.number, amount, dueDate: issued.dueDate }, { id: invoiceId, attach: true });
  // the first reminder needs the due moment: a second call, made only when the term counts in days
  const [remindAtMs] = firstAtMs !== undefined ? [firstAtMs] : await deadlines(ctx, `Первое напоминание по счёту ${issued.number}`, [reminderAfterTerm(ctx, dueAtMs!)]);
  arm(ctx, `invoice:${invoiceId}`, remindAtMs!, { kind: 'invoiceDue', invoiceId, reminder: 0 }, invoiceReminderSummary(issued.number, 0));
}

export async function onInvoiceDue(ctx: OrderContext, invoiceId: string, reminder: number): Promise<void> {
  const { state } = ctx;
  const invoice = state.invoices.find((i) => i.id === invoiceId);
  if (!invoice || invoice.status === 'paid' || invoice.status === 'cancelled') return;
  // money paid against another invoice may have settled the order: then nobody is reminded
  if (dueOf(state.total, state.paid) === 0) return;
  entry(ctx, 'invoice_overdue', { invoiceId, number: invoice.number, due: invoice.amount - invoice.paid, reminder });
  const about = { invoiceNumber: invoice.number, due: invoice.amount - invoice.paid, reminder };
  notify(ctx, 'payment_reminder', { kind: 'client' }, about, { id: invoiceId });
  if (state.manager) notify(ctx, 'payment_overdue', { kind: 'employee', employeeId: state.manager.id }, about);
  if (await remindersExhausted(ctx, invoice, reminder)) return;
  const next = { kind: 'invoiceDue', invoiceId, reminder: reminder + 1 } as const;
  const [nextAtMs] = await deadlines(ctx, `Напоминание ${reminder + 1} по счёту ${invoice.number}`, [nextReminder(ctx)]);
  arm(ctx, `invoice:${invoiceId}`, nextAtMs!, next, invoiceReminderSummary(invoice.number, reminder + 1));
}

/** Unpaid invoices of a cancelled order are cancelled, and their reminders stop. */
export function cancelOpenInvoices(ctx: OrderContext, actor: CommandActor): void {
  for (const invoice of ctx.state.invoices) {
    if (invoice.status === 'issued' || invoice.status === 'partially_paid') {
      disarm(ctx, `invoice:${invoice.id}`);
      invoice.status = 'cancelled';
      (ctx.draft.invoiceUpdates ??= []).push({ id: invoice.id, status: 'cancelled' });
      entry(ctx, 'invoice_cancelled', { invoiceId: invoice.id, number: invoice.number }, actor);
    }
  }
}
