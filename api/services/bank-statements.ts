// A bank statement as the client-bank system exports it (1CClientBankExchange): every incoming document to the
// seller's account that names one of our invoices is recorded through the payment intake, once per (number,
// date, payer account) however often the file is loaded; incoming money we cannot put on an invoice is kept
// for accounting to match (reconciliation.ts). Each document is answered on its own, and a bad one does not
// stop the others.
import { z } from 'zod';
import { findInvoiceWithOrder } from '../../db/queries/invoices.ts';
import { getPaymentByExternalId } from '../../db/queries/payments.ts';
import { startOfDay } from '../../domain/calendar.ts';
import type { Principal } from '../../domain/roles.ts';
import { BankStatementError, documentKey, parseBankStatement, type StatementDocument } from '../../integrations/bank-statement.ts';
import { validationFailed } from '../errors.ts';
import { kopecks } from '../schemas.ts';
import { actorOf, OrderClosedError } from './commands.ts';
import type { ServiceDeps, ServiceLog } from './deps.ts';
import { acceptPayment, excessReason } from './payments-in.ts';
import { keepUnmatched } from './reconciliation.ts';
import { hasOpenRefundTask } from './refunds.ts';

export const statementResult = z.object({
  index: z.number().int().describe('Position of the document in the file, from 1'),
  documentNumber: z.string().nullable(),
  date: z.string().nullable(),
  amount: kopecks('The document’s sum').nullable(),
  invoiceNumber: z.string().nullable(),
  status: z.enum(['recorded', 'duplicate', 'unmatched', 'ignored', 'error']),
  reason: z.string().optional(),
  unmatchedId: z.uuid().optional().describe('For unmatched money: the entry kept for accounting to match (GET /payments?matched=false)'),
});
type Result = z.infer<typeof statementResult>;

export const statementResponse = z.object({ encoding: z.enum(['windows-1251', 'ibm866', 'utf-8']), results: z.array(statementResult) });

export async function importStatement(deps: ServiceDeps, principal: Principal, bytes: Buffer, log?: ServiceLog): Promise<z.infer<typeof statementResponse>> {
  let statement;
  try {
    statement = parseBankStatement(bytes, deps.config.seller.account);
  } catch (error) {
    if (error instanceof BankStatementError) throw validationFailed([{ field: 'file', message: error.message }], 'The file is not a readable bank statement');
    throw error;
  }
  const results: Result[] = statement.malformed.map((bad) => ({
    index: bad.index,
    documentNumber: bad.number,
    date: null,
    amount: null,
    invoiceNumber: null,
    status: 'error' as const,
    reason: bad.reason,
  }));
  // one after another, in the bank's order: documents of one file may pay the same invoice
  for (const doc of statement.documents) results.push(await importDocument(deps, principal, doc, log));
  return { encoding: statement.encoding, results: results.sort((a, b) => a.index - b.index) };
}

async function importDocument(deps: ServiceDeps, principal: Principal, doc: StatementDocument, log?: ServiceLog): Promise<Result> {
  const base = { index: doc.index, documentNumber: doc.number, date: doc.date, amount: doc.amount, invoiceNumber: null };
  if (doc.direction === 'other') return { ...base, status: 'ignored', reason: 'not to the seller’s account' };
  if (doc.duplicateOf !== null) return { ...base, status: 'duplicate', reason: `the same document as no. ${doc.duplicateOf} of this file` };
  if (doc.direction === 'outgoing') return (await importRefund(deps, principal, doc, log)) ?? { ...base, status: 'ignored', reason: 'money paid out from the seller’s account' };
  const receivedAt = startOfDay(deps.config.timezone, doc.receivedOn ?? doc.date);
  const unmatched = async (reason: string, invoiceNumber: string | null, candidateInvoiceId: string | null = null): Promise<Result> => {
    const { record } = await keepUnmatched(
      deps,
      {
        source: 'bank',
        reference: documentKey(doc),
        amount: doc.amount,
        receivedAt,
        payerName: doc.payer.name,
        payerInn: doc.payer.inn,
        purpose: doc.purpose,
        invoiceNumber,
        candidateInvoiceId,
        reason,
      },
      log,
    );
    return { ...base, invoiceNumber, status: 'unmatched', reason, unmatchedId: record.id };
  };
  if (doc.invoiceNumbers.length !== 1) {
    return unmatched(doc.invoiceNumbers.length === 0 ? 'no invoice number in НазначениеПлатежа' : `several invoices named: ${doc.invoiceNumbers.join(', ')}`, null);
  }
  const invoiceNumber = doc.invoiceNumbers[0]!;
  const found = await findInvoiceWithOrder(deps.db, { number: invoiceNumber });
  if (!found) return unmatched(`no invoice ${invoiceNumber}`, invoiceNumber);
  const buyerInn = found.order.customer.inn;
  if (buyerInn && doc.payer.inn !== buyerInn) return unmatched(`payer INN ${doc.payer.inn ?? 'missing'} is not the buyer's ${buyerInn}`, invoiceNumber, found.invoice.id);
  if (found.invoice.currency !== 'RUB') return unmatched(`invoice ${invoiceNumber} is in ${found.invoice.currency}`, invoiceNumber, found.invoice.id);
  const excess = await excessReason(deps, found, doc.amount, 'bank', documentKey(doc));
  if (excess) return unmatched(excess, invoiceNumber, found.invoice.id);
  try {
    const { created } = await acceptPayment(deps, {
      invoice: found.invoice,
      amount: doc.amount,
      source: 'bank',
      externalId: documentKey(doc),
      receivedAt,
      recordedBy: actorOf(principal),
      whenClosed: 'refuse',
      log,
    });
    return { ...base, invoiceNumber, status: created ? 'recorded' : 'duplicate', ...(created ? {} : { reason: 'recorded from an earlier statement' }) };
  } catch (error) {
    // the money is on the account all the same: kept for accounting, who return it or put it elsewhere
    if (error instanceof OrderClosedError) return unmatched(`order ${found.order.number} is closed`, invoiceNumber, found.invoice.id);
    throw error;
  }
}

/**
 * Money paid out to the buyer of the one invoice the document names, while its order waits for a refund:
 * recorded as that refund (a negative payment), which settles the refund task. Anything else paid out is not
 * ours to count (undefined).
 */
async function importRefund(deps: ServiceDeps, principal: Principal, doc: StatementDocument, log?: ServiceLog): Promise<Result | undefined> {
  if (doc.invoiceNumbers.length !== 1) return undefined;
  const invoiceNumber = doc.invoiceNumbers[0]!;
  const base = { index: doc.index, documentNumber: doc.number, date: doc.date, amount: doc.amount, invoiceNumber };
  if (await getPaymentByExternalId(deps.db, 'bank', documentKey(doc))) return { ...base, status: 'duplicate', reason: 'recorded from an earlier statement' };
  const found = await findInvoiceWithOrder(deps.db, { number: invoiceNumber });
  const buyerInn = found?.order.customer.inn;
  if (!found || !buyerInn || doc.payee.inn !== buyerInn || found.invoice.currency !== 'RUB') return undefined;
  if (!(await hasOpenRefundTask(deps, found.order.id))) return undefined;
  const { created } = await acceptPayment(deps, {
    invoice: found.invoice,
    amount: -doc.amount,
    source: 'bank',
    externalId: documentKey(doc),
    receivedAt: startOfDay(deps.config.timezone, doc.debitedOn ?? doc.date),
    recordedBy: actorOf(principal),
    // the money has left the account: a closed order counts it all the same
    whenClosed: 'keep',
    log,
  });
  return { ...base, status: created ? 'recorded' : 'duplicate', reason: created ? 'a refund to the buyer' : 'recorded from an earlier statement' };
}
