// An unpaid invoice sent to the client again: the order's workflow writes the timeline entry and queues the
// mail in one change (workflows/order/resend.ts), keyed by the caller's Idempotency-Key.
import { getInvoice } from '../../db/queries/invoices.ts';
import type { Principal } from '../../domain/roles.ts';
import { resendInvoiceUpdate } from '../../workflows/shared.ts';
import { conflict, notFound } from '../errors.ts';
import { actorOf, sendCommand } from './commands.ts';
import type { ServiceDeps } from './deps.ts';

export async function resendInvoice(deps: ServiceDeps, principal: Principal, invoiceId: string, requestKey: string) {
  const invoice = await getInvoice(deps.db, invoiceId);
  if (!invoice) throw notFound('Invoice');
  // the read model answers without a round trip to the workflow, which refuses the same again (order-state.ts)
  if (invoice.status === 'paid' || invoice.status === 'cancelled') throw conflict(`The invoice is ${invoice.status}; only an unpaid invoice is sent again`);
  const { key } = await sendCommand(deps, invoice.orderId, resendInvoiceUpdate, { invoiceId, requestKey, dueDate: invoice.dueDate, actor: actorOf(principal) });
  return { invoiceId, number: invoice.number, entryKey: key };
}
