// Bank statements as the client-bank system exports them (1CClientBankExchange), sent as the body
// (text/plain or application/octet-stream) or as the `file` field of a multipart upload. Every incoming
// document to the seller's account that names one of our invoices is recorded through the payment intake,
// once per (number, date, payer account) however often the file is loaded; each document is answered
// on its own, and a bad one does not stop the others.
import multipart from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { findInvoiceWithOrder } from '../../db/queries/invoices.ts';
import { startOfDay } from '../../domain/calendar.ts';
import { BankStatementError, documentKey, parseBankStatement, type StatementDocument } from '../../integrations/bank-statement.ts';
import type { AppDeps } from '../deps.ts';
import { allow } from '../auth.ts';
import { OrderClosedError } from '../services/commands.ts';
import { AppError, validationFailed } from '../errors.ts';
import { acceptPayment } from '../services/payments-in.ts';
import { errorResponses, kopecks } from '../schemas.ts';

/** A year of one account's statements is far below this. */
const MAX_FILE = 10 * 1024 * 1024;

const result = z.object({
  index: z.number().int().describe('Position of the document in the file, from 1'),
  documentNumber: z.string().nullable(),
  date: z.string().nullable(),
  amount: kopecks('The document’s sum').nullable(),
  invoiceNumber: z.string().nullable(),
  status: z.enum(['recorded', 'duplicate', 'unmatched', 'ignored', 'error']),
  reason: z.string().optional(),
});
type Result = z.infer<typeof result>;

const response = z.object({ encoding: z.enum(['windows-1251', 'ibm866', 'utf-8']), results: z.array(result) });

export const bankStatementRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  // the file's own Кодировка line says how to read it, so its bytes must reach the parser undecoded
  app.removeContentTypeParser('text/plain');
  app.addContentTypeParser(['text/plain', 'application/octet-stream'], { parseAs: 'buffer', bodyLimit: MAX_FILE }, (_request, body, done) => done(null, body));
  await app.register(multipart, { limits: { fileSize: MAX_FILE, files: 1, fields: 0 } });

  app.post(
    '/integrations/bank-statements',
    {
      preValidation: allow('importPayments'),
      bodyLimit: MAX_FILE,
      schema: {
        tags: ['integrations'],
        summary: 'Load a 1CClientBankExchange bank statement',
        description:
          'The statement file in Windows-1251, DOS or UTF-8 as its Кодировка line says: the request body (text/plain) or the `file` field of multipart/form-data. Amounts are in kopecks.',
        response: { ...errorResponses, 200: response },
      },
    },
    async (request) => {
      const bytes = await statementBytes(request);
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
      for (const doc of statement.documents) results.push(await importDocument(deps, doc, request));
      return { encoding: statement.encoding, results: results.sort((a, b) => a.index - b.index) };
    },
  );
};

async function statementBytes(request: FastifyRequest): Promise<Buffer> {
  if (request.isMultipart()) {
    const file = await request.file();
    if (!file || file.fieldname !== 'file') throw validationFailed([{ field: 'file', message: 'send the statement as the "file" field' }]);
    return file.toBuffer();
  }
  if (!Buffer.isBuffer(request.body)) {
    throw new AppError(415, 'VALIDATION_FAILED', 'Send the statement as text/plain or as the file field of multipart/form-data', [
      { field: 'headers.content-type', message: 'expected text/plain or multipart/form-data' },
    ]);
  }
  return request.body;
}

async function importDocument(deps: AppDeps, doc: StatementDocument, { principal, log }: FastifyRequest): Promise<Result> {
  const base = { index: doc.index, documentNumber: doc.number, date: doc.date, amount: doc.amount, invoiceNumber: null };
  if (doc.direction !== 'incoming') {
    return { ...base, status: 'ignored', reason: doc.direction === 'outgoing' ? 'money paid out from the seller’s account' : 'not to the seller’s account' };
  }
  if (doc.duplicateOf !== null) return { ...base, status: 'duplicate', reason: `the same document as no. ${doc.duplicateOf} of this file` };
  if (doc.invoiceNumbers.length !== 1) {
    const reason = doc.invoiceNumbers.length === 0 ? 'no invoice number in НазначениеПлатежа' : `several invoices named: ${doc.invoiceNumbers.join(', ')}`;
    return { ...base, status: 'unmatched', reason };
  }
  const invoiceNumber = doc.invoiceNumbers[0]!;
  const found = await findInvoiceWithOrder(deps.db, { number: invoiceNumber });
  if (!found) return { ...base, invoiceNumber, status: 'unmatched', reason: `no invoice ${invoiceNumber}` };
  const buyerInn = found.order.customer.inn;
  if (buyerInn && doc.payer.inn !== buyerInn) {
    return { ...base, invoiceNumber, status: 'unmatched', reason: `payer INN ${doc.payer.inn ?? 'missing'} is not the buyer's ${buyerInn}` };
  }
  if (found.invoice.currency !== 'RUB') return { ...base, invoiceNumber, status: 'unmatched', reason: `invoice ${invoiceNumber} is in ${found.invoice.currency}` };
  try {
    const { created } = await acceptPayment(deps, {
      invoice: found.invoice,
      amount: doc.amount,
      source: 'bank',
      externalId: documentKey(doc),
      receivedAt: startOfDay(deps.config.timezone, doc.receivedOn ?? doc.date),
      recordedBy: principal.id ? { id: principal.id, name: principal.name } : null,
      whenClosed: 'refuse',
      log,
    });
    return { ...base, invoiceNumber, status: created ? 'recorded' : 'duplicate', ...(created ? {} : { reason: 'recorded from an earlier statement' }) };
  } catch (error) {
    if (error instanceof OrderClosedError) return { ...base, invoiceNumber, status: 'error', reason: 'the order is closed' };
    throw error;
  }
}
