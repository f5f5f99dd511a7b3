// Payments reported by the accounting system (1C): one per document number, ever. Each row gets its own
// result; a bad row does not stop the others. Money naming no invoice of ours is kept for matching.
import { z } from 'zod';
import { findInvoiceWithOrder } from '../../db/queries/invoices.ts';
import { startOfDay } from '../../domain/calendar.ts';
import type { Principal } from '../../domain/roles.ts';
import { actorOf, OrderClosedError } from './commands.ts';
import type { ServiceDeps, ServiceLog } from './deps.ts';
import { acceptPayment, excessReason } from './payments-in.ts';
import { keepUnmatched } from './reconciliation.ts';
import { paymentImportRow } from '../schemas.ts';

export const importResult = z.object({
  documentNumber: z.string().nullable(),
  status: z.enum(['recorded', 'duplicate', 'unmatched', 'error']),
  error: z.string().optional(),
  unmatchedId: z.uuid().optional().describe('For unmatched money: the entry kept for accounting to match (GET /payments?matched=false)'),
});

type Result = z.infer<typeof importResult>;

export async function importPayments(deps: ServiceDeps, principal: Principal, rows: unknown[], log?: ServiceLog): Promise<Result[]> {
  const results: Result[] = [];
  // one after another: rows of one file may pay the same invoice, and their order is the bank's
  for (const [index, raw] of rows.entries()) results.push(await importRow(deps, principal, raw, index, log));
  return results;
}

async function importRow(deps: ServiceDeps, principal: Principal, raw: unknown, index: number, log?: ServiceLog): Promise<Result> {
  const given = (raw as { documentNumber?: unknown })?.documentNumber;
  const documentNumber = typeof given === 'string' ? given : null;
  const parsed = paymentImportRow.safeParse(raw);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((issue) => `${issue.path.join('.') || `payments.${index}`}: ${issue.message}`);
    return { documentNumber, status: 'error', error: fields.join('; ') };
  }
  const payment = parsed.data;
  const found = await findInvoiceWithOrder(deps.db, { number: payment.invoiceNumber });
  // a date alone is the start of that day in the company's time zone
  const receivedAt = payment.paidAt.length === 10 ? startOfDay(deps.config.timezone, payment.paidAt) : new Date(payment.paidAt);
  const unmatched = async (reason: string): Promise<Result> => {
    const money = { source: '1c' as const, reference: payment.documentNumber, amount: payment.amount, receivedAt, invoiceNumber: payment.invoiceNumber, reason };
    const { record } = await keepUnmatched(deps, { ...money, candidateInvoiceId: found?.invoice.id ?? null }, log);
    return { documentNumber: payment.documentNumber, status: 'unmatched', error: reason, unmatchedId: record.id };
  };
  if (!found) return unmatched(`no invoice ${payment.invoiceNumber}`);
  const excess = await excessReason(deps, found, payment.amount, '1c', payment.documentNumber);
  if (excess) return unmatched(excess);
  try {
    const { created } = await acceptPayment(deps, {
      invoice: found.invoice,
      amount: payment.amount,
      source: '1c',
      externalId: payment.documentNumber,
      receivedAt,
      recordedBy: actorOf(principal),
      whenClosed: 'refuse',
      log,
    });
    return { documentNumber: payment.documentNumber, status: created ? 'recorded' : 'duplicate' };
  } catch (error) {
    // the money has arrived all the same: kept for accounting, who return it or put it elsewhere
    if (error instanceof OrderClosedError) return unmatched(`order ${found.order.number} is closed`);
    throw error;
  }
}
