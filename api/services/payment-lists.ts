// Money across orders for accounting: the payments counted on invoices, and the money kept unmatched.
import type { z } from 'zod';
import { listPayments as queryPayments } from '../../db/queries/payments.ts';
import { listUnmatched, type UnmatchedRecord } from '../../db/queries/unmatched-payments.ts';
import type { UnmatchedStatus } from '../../db/schema.ts';
import { endOfDay, startOfDay } from '../../domain/calendar.ts';
import type { PaymentSource } from '../../domain/records.ts';
import { validationFailed } from '../errors.ts';
import type { paymentListItem } from '../reconciliation-schemas.ts';
import type { ServiceDeps } from './deps.ts';
import { decodeCursor, page, type PageRequest } from './pagination.ts';
import { paymentView } from './views.ts';

export interface PaymentListFilter extends PageRequest {
  matched: boolean;
  status?: UnmatchedStatus;
  source?: PaymentSource;
  /** Calendar dates in BUSINESS_TIMEZONE, both included, of when the money was received. */
  from?: string;
  to?: string;
}

export function unmatchedView(row: UnmatchedRecord): z.input<typeof paymentListItem> {
  return {
    id: row.id,
    matched: false,
    orderId: null,
    invoiceId: null,
    amount: row.amount,
    currency: row.currency,
    source: row.source,
    externalId: row.reference,
    receivedAt: row.receivedAt.toISOString(),
    unmatched: {
      status: row.status,
      reason: row.reason,
      invoiceNumber: row.invoiceNumber,
      candidateInvoiceId: row.candidateInvoiceId,
      payerName: row.payerName,
      payerInn: row.payerInn,
      purpose: row.purpose,
      paymentId: row.paymentId,
      dismissReason: row.dismissReason,
      comment: row.comment,
      decidedAt: row.decidedAt?.toISOString() ?? null,
    },
  };
}

export async function listPayments({ db, config }: ServiceDeps, filter: PaymentListFilter) {
  if (filter.from && filter.to && filter.to < filter.from) throw validationFailed([{ field: 'query.to', message: 'must not be before from' }]);
  const range = {
    from: filter.from ? startOfDay(config.timezone, filter.from) : undefined,
    to: filter.to ? new Date(endOfDay(config.timezone, filter.to).getTime() + 1) : undefined,
  };
  const cursor = decodeCursor(filter.cursor);
  if (!filter.matched) {
    // what is still to decide, unless another status is asked for
    const rows = await listUnmatched(db, { status: filter.status ?? 'open', source: filter.source, ...range, limit: filter.limit, cursor });
    return page(rows, filter.limit, unmatchedView);
  }
  if (filter.status) throw validationFailed([{ field: 'query.status', message: 'only with matched=false' }]);
  const rows = await queryPayments(db, { source: filter.source, ...range, limit: filter.limit, cursor });
  return page(rows, filter.limit, (row) => ({ ...paymentView(row), matched: true, unmatched: null }));
}
