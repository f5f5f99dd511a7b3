// Invoices for staff: the lists, one invoice, its document, and a payment recorded by hand.
import { findInvoiceWithOrder, getInvoice, listInvoices as queryInvoices, type InvoiceFilter } from '../../db/queries/invoices.ts';
import type { Principal } from '../../domain/roles.ts';
import { notFound } from '../errors.ts';
import { actorOf } from './commands.ts';
import type { ServiceDeps, ServiceLog } from './deps.ts';
import { invoicePdf } from './documents.ts';
import { decodeCursor, page, type PageRequest } from './pagination.ts';
import { acceptPayment } from './payments-in.ts';
import { invoiceView, paymentView } from './views.ts';

export async function listInvoices({ db, config }: ServiceDeps, filter: InvoiceFilter & PageRequest) {
  const { cursor, ...rest } = filter;
  const rows = await queryInvoices(db, { ...rest, cursor: decodeCursor(cursor) });
  return page(rows, filter.limit, (row) => invoiceView(config, row));
}

export async function findInvoice({ db, config }: ServiceDeps, id: string) {
  const found = await getInvoice(db, id);
  if (!found) throw notFound('Invoice');
  return invoiceView(config, found);
}

export async function invoiceDocument({ db, config }: ServiceDeps, id: string): Promise<{ number: string; pdf: Buffer }> {
  const found = await findInvoiceWithOrder(db, { id });
  if (!found) throw notFound('Invoice');
  return { number: found.invoice.number, pdf: await invoicePdf(db, config, found) };
}

export interface ManualPayment {
  amount: number;
  reference?: string;
  paidAt?: string;
}

/** A payment an employee records by hand; repeating the same reference and amount answers the payment
 * stored first; the same reference with another amount is a 409 naming both. */
export async function recordManualPayment(deps: ServiceDeps, principal: Principal, invoiceId: string, input: ManualPayment, log?: ServiceLog) {
  const found = await getInvoice(deps.db, invoiceId);
  if (!found) throw notFound('Invoice');
  const { payment, created } = await acceptPayment(deps, {
    invoice: found,
    amount: input.amount,
    source: 'manual',
    externalId: input.reference ?? null,
    receivedAt: input.paidAt ? new Date(input.paidAt) : new Date(),
    recordedBy: actorOf(principal),
    whenClosed: 'refuse',
    log,
  });
  return { payment: paymentView(payment), created };
}
