// Money going back to the client (docs/money.md, Refunds): recorded when accounting completes a refund task
// with what it paid out, or when it comes as a payment of its own (the provider's refund, a bank statement's
// outgoing document), which then settles the order's open refund task. `paid` goes down by it, so `due` and
// `overpaid` are right afterwards, and money refunded is no longer counted as still to refund.
import { patched } from '@temporalio/workflow';
import { formatMoney } from '../../domain/format.ts';
import { openTasks } from '../order-state.ts';
import { ORDER_PATCHES, type CommandActor, type PaymentNotice, type RefundRecord } from '../shared.ts';
import type { OrderContext } from './context.ts';
import { onPayment } from './payments.ts';
import { closeTask } from './tasks.ts';

/** Orders running before refunds settled their task keep their history's commands. */
const REFUND_SETTLES_TASK = ORDER_PATCHES.refundSettlesTask;

function refunded(ctx: OrderContext, amount: number): void {
  ctx.state.refundsTasked = Math.max(0, ctx.state.refundsTasked - amount);
}

/** The refund a refund task's completion carries (the task is closed by the caller), counted once. */
export async function recordRefund(ctx: OrderContext, refund: RefundRecord, actor: CommandActor): Promise<void> {
  if (ctx.state.countedPayments.includes(refund.paymentId)) return;
  await onPayment(ctx, { paymentId: refund.paymentId, invoiceId: refund.invoiceId, amount: -refund.amount, source: 'manual', recordedBy: actor });
  refunded(ctx, refund.amount);
}

/** Any payment; money going out also settles the oldest open refund task. */
export async function onMoney(ctx: OrderContext, payment: PaymentNotice): Promise<void> {
  const repeat = ctx.state.countedPayments.includes(payment.paymentId);
  await onPayment(ctx, payment);
  if (repeat || payment.amount >= 0) return;
  const task = openTasks(ctx.state).find((t) => t.type === 'refund');
  if (!task || !patched(REFUND_SETTLES_TASK)) return;
  refunded(ctx, -payment.amount);
  const { currency, locale } = ctx.input;
  closeTask(ctx, task, 'done', payment.recordedBy ?? null, `${formatMoney(-payment.amount, currency, locale)} (${payment.source})`);
}
