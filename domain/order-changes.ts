// Money when an order changes after it was priced (docs/money.md, "Changes to an order"): what was paid stays
// paid and counts against the new total; what the client must still pay is asked by a new invoice, and what
// was paid beyond the new total goes back. Pure, so the workflow and the table tests read one rule.
import { dueOf, overpaidOf } from './money.ts';

export interface ChangedMoney {
  /** The order's total after the change. */
  total: number;
  /** Paid so far, refunds recorded already taken off. */
  paid: number;
  /** Refunds given to accounting and not recorded yet: that money is on its way back already. */
  refundsPending: number;
}

/** What goes back to the client after a change: the overpayment not already on its way back. */
export function refundAfterChange({ total, paid, refundsPending }: ChangedMoney): number {
  return Math.max(0, overpaidOf(total, paid) - Math.max(0, refundsPending));
}

/**
 * Rows or the scheme changed in `qualification` or `prepayment`: the prepayment invoice (if any was issued) is
 * replaced by one for the rest of the new prepayment, and the order goes on to production when what was paid
 * covers it already.
 */
export function afterAmend(money: ChangedMoney & { prepaymentAmount: number }): { invoice: number; refund: number; production: boolean } {
  const invoice = Math.max(0, money.prepaymentAmount - money.paid);
  return { invoice, refund: refundAfterChange(money), production: invoice === 0 };
}

/**
 * Items added or removed in `production`. A supplementary invoice asks for the rest when the order was paid up
 * before the change (the total grew past what is paid) or an earlier supplementary invoice is still open (it is
 * replaced); otherwise the rest is asked after production, as the payment scheme says.
 */
export function afterItemsChange(money: ChangedMoney & { totalBefore: number; invoiceOpen: boolean }): { invoice: number; refund: number } {
  const asked = money.invoiceOpen || dueOf(money.totalBefore, money.paid) === 0;
  return { invoice: asked ? dueOf(money.total, money.paid) : 0, refund: refundAfterChange(money) };
}
