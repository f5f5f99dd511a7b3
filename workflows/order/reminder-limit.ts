// The end of reminding (docs/funnel.md, "Deadlines"): an invoice left unpaid through PAYMENT_REMINDER_LIMIT
// reminders is not reminded of again, since more mail changes nothing and only lengthens the order's history;
// the manager is given a task to call the client or cancel the order instead. The task closes by itself when
// the invoice is paid.
import type { InvoiceState } from '../order-state.ts';
import { entry, type OrderContext } from './context.ts';
import { deadlines, sla } from './deadlines.ts';
import { closeTask, openTask } from './tasks.ts';

/**
 * After reminder number `reminder` (counted from 0) of `invoice`: true when that was the last one, in which
 * case the manager's task is open and no further reminder is to be armed.
 */
export async function remindersExhausted(ctx: OrderContext, invoice: InvoiceState, reminder: number): Promise<boolean> {
  const limit = ctx.input.settings.paymentReminderLimit;
  const sent = reminder + 1;
  if (limit === undefined || sent < limit) return false;
  entry(ctx, 'reminders_stopped', { invoiceId: invoice.id, number: invoice.number, reminders: sent, due: invoice.amount - invoice.paid });
  // the call is as urgent as taking an order in work: the same SLA
  const [callBy] = await deadlines(ctx, `Срок звонка по счёту ${invoice.number}`, [sla(ctx, ctx.input.settings.sla.takeInWorkMs)], { tasks: true });
  const task = openTask(ctx, 'chase_payment', ctx.state.manager, callBy!, {
    subject: invoice.number,
    description:
      ctx.input.locale === 'ru'
        ? `Клиент не оплатил счёт ${invoice.number} после ${sent} напоминаний: позвоните клиенту или отмените заказ.`
        : `The client has not paid invoice ${invoice.number} after ${sent} reminders: call the client or cancel the order.`,
  });
  task.invoiceId = invoice.id;
  return true;
}

/** The invoice is paid: the call about it is no longer needed. */
export function stopChasing(ctx: OrderContext, invoice: InvoiceState): void {
  for (const task of ctx.state.tasks) {
    if (task.type === 'chase_payment' && task.status === 'open' && task.invoiceId === invoice.id) closeTask(ctx, task, 'done', null, 'paid');
  }
}
