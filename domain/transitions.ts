// What follows what in the funnel (docs/funnel.md): given the order's figures at an event, the stage
// it moves to, or null when it stays. Pure, so the order workflow and the settlement of closed orders read
// one rule, and a table test covers every row of it.
import type { Stage } from './funnel.ts';
import { CLOSED_STAGES } from './funnel.ts';
import { dueOf, overpaidOf } from './money.ts';

/** The take-in-work task is done: the manager qualifies the order next. */
export function afterTakeInWork(stage: Stage): Stage | null {
  return stage === 'new' ? 'qualification' : null;
}

/** Qualified: an invoice for the prepayment first, or production at once when nothing is prepaid. */
export function afterQualify(prepaymentAmount: number): 'prepayment' | 'production' {
  return prepaymentAmount > 0 ? 'prepayment' : 'production';
}

export interface MoneyFigures {
  stage: Stage;
  total: number;
  paid: number;
  prepaymentAmount: number;
}

/** Money came in: the stage that the money now allows, or null when the order waits on. */
export function afterPayment({ stage, total, paid, prepaymentAmount }: MoneyFigures): Stage | null {
  if (stage === 'prepayment' && paid >= prepaymentAmount) return 'production';
  if (stage === 'postpayment' && dueOf(total, paid) === 0) return 'delivery_data';
  return null;
}

/** The last item is produced: an invoice for what is still due, else straight to delivery data. */
export function afterProduction(total: number, paid: number): 'postpayment' | 'delivery_data' {
  return dueOf(total, paid) > 0 ? 'postpayment' : 'delivery_data';
}

/** The delivery task is done: won, if the order is still in delivery. */
export function afterDelivery(stage: Stage): Stage | null {
  return stage === 'delivery' ? 'won' : null;
}

/** Cancelling: lost from any open stage; a closed order cannot be cancelled. */
export function afterCancel(stage: Stage): Stage | null {
  return CLOSED_STAGES.includes(stage) ? null : 'lost';
}

export interface IncomingMoney {
  stage: Stage;
  total: number;
  /** Paid on the order before this payment. */
  paidBefore: number;
  amount: number;
  invoiceCancelled: boolean;
}

/**
 * What of an incoming payment goes back to the client: all of it when the order is lost or its invoice
 * cancelled; else what it adds to the overpayment (for a won order, all of it). Null when nothing does.
 */
export function refundOwed(p: IncomingMoney): { amount: number; reason: 'cancelled' | 'overpayment' } | null {
  if (p.amount <= 0) return null;
  if (p.stage === 'lost' || p.invoiceCancelled) return { amount: p.amount, reason: 'cancelled' };
  const added = overpaidOf(p.total, p.paidBefore + p.amount) - overpaidOf(p.total, p.paidBefore);
  return added > 0 ? { amount: added, reason: 'overpayment' } : null;
}
