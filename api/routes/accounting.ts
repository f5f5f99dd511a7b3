// Payments reported by the accounting system (1C): one per document number, ever. Each row gets its own
// result; a bad row does not stop the others.
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { findInvoiceWithOrder } from '../../db/queries/invoices.ts';
import { startOfDay } from '../../domain/calendar.ts';
import type { AppDeps } from '../app.ts';
import { allow } from '../auth.ts';
import { OrderClosedError } from '../commands.ts';
import { errorResponses } from '../schemas.ts';
import { acceptPayment } from '../payments-in.ts';

const row = z.strictObject({
  invoiceNumber: z.string().trim().min(1).max(64),
  amount: z.number().int().positive().max(1e13),
  paidAt: z.iso.datetime({ offset: true }).or(z.iso.date()),
  documentNumber: z.string().trim().min(1).max(100),
});

const body = z.strictObject({ payments: z.array(z.unknown()).min(1).max(1000) });

const result = z.object({
  documentNumber: z.string().nullable(),
  status: z.enum(['recorded', 'duplicate', 'error']),
  error: z.string().optional(),
});

type Result = z.infer<typeof result>;

export const accountingRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  app.post(
    '/integrations/1c/payments',
    {
      preValidation: allow('importPayments'),
      schema: { tags: ['integrations'], body, response: { ...errorResponses, 200: z.object({ results: z.array(result) }) } },
    },
    async (request) => {
      const results: Result[] = [];
      // one after another: rows of one file may pay the same invoice, and their order is the bank's
      for (const [index, raw] of request.body.payments.entries()) {
        results.push(await importRow(deps, raw, index, request));
      }
      return { results };
    },
  );
};

async function importRow(deps: AppDeps, raw: unknown, index: number, { principal, log }: FastifyRequest): Promise<Result> {
  const documentNumber = typeof (raw as { documentNumber?: unknown })?.documentNumber === 'string' ? (raw as { documentNumber: string }).documentNumber : null;
  const parsed = row.safeParse(raw);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((issue) => `${issue.path.join('.') || `payments.${index}`}: ${issue.message}`);
    return { documentNumber, status: 'error', error: fields.join('; ') };
  }
  const payment = parsed.data;
  const found = await findInvoiceWithOrder(deps.db, { number: payment.invoiceNumber });
  if (!found) return { documentNumber: payment.documentNumber, status: 'error', error: `no invoice ${payment.invoiceNumber}` };
  try {
    const { created } = await acceptPayment(deps, {
      invoice: found.invoice,
      amount: payment.amount,
      source: '1c',
      externalId: payment.documentNumber,
      // a date alone is the start of that day in the company's time zone
      receivedAt: payment.paidAt.length === 10 ? startOfDay(deps.config.timezone, payment.paidAt) : new Date(payment.paidAt),
      recordedBy: principal.id ? { id: principal.id, name: principal.name } : null,
      whenClosed: 'refuse',
      log,
    });
    return { documentNumber: payment.documentNumber, status: created ? 'recorded' : 'duplicate' };
  } catch (error) {
    if (error instanceof OrderClosedError) return { documentNumber: payment.documentNumber, status: 'error', error: 'the order is closed' };
    throw error;
  }
}
