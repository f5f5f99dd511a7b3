// The payment scheme decides how much is paid before production (docs/money.md, Payment schemes).
import type { PaymentScheme } from './funnel.ts';

export type PrepaymentResult = { ok: true; prepaymentAmount: number } | { ok: false; field: string; message: string };

/** The prepayment the scheme implies, or why the given amount does not fit it. */
export function prepaymentFor(scheme: PaymentScheme, total: number, requested: number | undefined): PrepaymentResult {
  switch (scheme) {
    case 'full_prepayment':
      if (total <= 0) return { ok: false, field: 'items', message: 'a full prepayment needs an order total above zero' };
      if (requested !== undefined && requested !== total) {
        return { ok: false, field: 'prepaymentAmount', message: `a full prepayment is the order total, ${total}` };
      }
      return { ok: true, prepaymentAmount: total };
    case 'partial_prepayment':
      if (requested === undefined) return { ok: false, field: 'prepaymentAmount', message: 'required for a partial prepayment' };
      if (!(requested > 0 && requested < total)) {
        return { ok: false, field: 'prepaymentAmount', message: `must be above 0 and below the order total, ${total}` };
      }
      return { ok: true, prepaymentAmount: requested };
    case 'postpayment':
      if (requested !== undefined && requested !== 0) {
        return { ok: false, field: 'prepaymentAmount', message: 'a postpayment order has no prepayment' };
      }
      return { ok: true, prepaymentAmount: 0 };
  }
}

export type InvoiceStatus = 'issued' | 'partially_paid' | 'paid' | 'cancelled';

export function invoiceStatus(amount: number, paid: number): Exclude<InvoiceStatus, 'cancelled'> {
  if (paid >= amount) return 'paid';
  return paid > 0 ? 'partially_paid' : 'issued';
}
