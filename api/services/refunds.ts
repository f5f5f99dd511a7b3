// Money paid back to a client (docs/money.md, Refunds): stored as a negative payment once per reference, and
// handed to the order, which lowers `paid` and settles its refund task.
import { randomUUID } from 'node:crypto';
import { getOrderInvoices } from '../../db/queries/invoices.ts';
import { getOrderTasks, type TaskView } from '../../db/queries/tasks.ts';
import { recordPayment } from '../../db/queries/payments.ts';
import { formatMoney } from '../../domain/format.ts';
import type { Principal } from '../../domain/roles.ts';
import type { RefundRecord } from '../../workflows/shared.ts';
import { AppError, conflict } from '../errors.ts';
import { actorOf } from './commands.ts';
import type { ServiceDeps } from './deps.ts';

export interface RefundPaid {
  amount: number;
  reference: string;
  paidAt?: string;
}

const refundInvalid = (message: string) => new AppError(422, 'VALIDATION_FAILED', message, [{ field: 'refund', message }]);

/**
 * Stores what a refund task's completion says was paid back, on the order's last invoice that money was paid
 * on; the same reference again finds the same payment (another amount is a 409). The order counts it with the
 * task's completion.
 */
export async function storeTaskRefund(deps: ServiceDeps, principal: Principal, task: TaskView, refund: RefundPaid): Promise<RefundRecord> {
  if (task.type !== 'refund') throw refundInvalid('only a refund task records money paid back');
  const invoice = (await getOrderInvoices(deps.db, task.orderId)).filter((i) => i.paid > 0).at(-1);
  if (!invoice) throw refundInvalid('nothing was paid on this order’s invoices');
  const { payment } = await recordPayment(deps.db, {
    id: randomUUID(),
    orderId: task.orderId,
    invoiceId: invoice.id,
    amount: -refund.amount,
    currency: invoice.currency,
    source: 'manual',
    externalId: refund.reference,
    refundOfId: null,
    receivedAt: refund.paidAt ? new Date(refund.paidAt) : new Date(),
    recordedById: actorOf(principal)?.id ?? null,
    createdAt: new Date(),
  });
  if (payment.amount !== -refund.amount) {
    throw conflict(`Reference "${refund.reference}" is already recorded with ${formatMoney(payment.amount, payment.currency, 'ru')}`, {
      reference: refund.reference,
      recordedAmount: payment.amount,
    });
  }
  return { paymentId: payment.id, invoiceId: payment.invoiceId, amount: refund.amount };
}

/** Whether the order has a refund task open: a statement's outgoing document to the buyer settles it. */
export async function hasOpenRefundTask(deps: ServiceDeps, orderId: string): Promise<boolean> {
  return (await getOrderTasks(deps.db, orderId)).some((t) => t.type === 'refund' && t.status === 'open');
}
