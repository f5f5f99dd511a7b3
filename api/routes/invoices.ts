import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../deps.ts';
import { allow } from '../auth.ts';
import { errorResponses, invoice, invoiceListQuery, listOf, noQuery, manualPaymentBody, payment, uuidParam } from '../schemas.ts';
import { pdfDisposition } from '../services/documents.ts';
import { resendInvoice } from '../services/invoice-resend.ts';
import { findInvoice, invoiceDocument, listInvoices, recordManualPayment } from '../services/invoices.ts';

export const invoiceRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  app.get(
    '/invoices',
    {
      preValidation: allow('read'),
      schema: {
        tags: ['invoices'],
        summary: 'List invoices',
        description: 'Across orders, newest first: by order, status, kind, overdue (still asking for money after its due time), due date (dueAfter, dueBefore: calendar dates, both included) and q (part of the number, or of the client’s name, company, INN or e-mail); paged by limit and cursor. Sums in kopecks.',
        querystring: invoiceListQuery,
        response: { ...errorResponses, 200: listOf(invoice) },
      },
    },
    async (request) => listInvoices(deps, request.query),
  );

  app.get(
    '/invoices/:id',
    {
      preValidation: allow('read'),
      schema: {
        tags: ['invoices'],
        summary: 'Get an invoice',
        description: 'One invoice with what is paid on it and its client pay link.',
        params: uuidParam,
        querystring: noQuery,
        response: { ...errorResponses, 200: invoice },
      },
    },
    async (request) => findInvoice(deps, request.params.id),
  );

  app.get(
    '/invoices/:id/pdf',
    {
      preValidation: allow('read'),
      schema: {
        tags: ['invoices'],
        summary: 'Download the invoice PDF',
        description: 'The stored document, as it was issued to the client.',
        params: uuidParam,
        querystring: noQuery,
        response: { ...errorResponses, 200: z.any().describe('application/pdf: the invoice document') },
      },
    },
    async (request, reply) => {
      const { number, pdf } = await invoiceDocument(deps, request.params.id);
      return reply.type('application/pdf').header('content-disposition', pdfDisposition(number)).send(pdf);
    },
  );

  app.post(
    '/invoices/:id/payments',
    {
      preValidation: allow('recordPayment'),
      schema: {
        tags: ['payments'],
        summary: 'Record a manual payment',
        description:
          'A payment received outside the provider, in kopecks. Idempotent by reference: the same reference again answers 200 with the payment already stored, a new one 201. The order sees it a moment later.',
        params: uuidParam,
        body: manualPaymentBody,
        response: { ...errorResponses, 200: payment, 201: payment },
      },
    },
    async (request, reply) => {
      const { payment: stored, created } = await recordManualPayment(deps, request.principal, request.params.id, request.body, request.log);
      return reply.code(created ? 201 : 200).send(stored);
    },
  );

  app.post(
    '/invoices/:id/send',
    {
      preValidation: allow('sendInvoice'),
      schema: {
        tags: ['invoices'],
        summary: 'Send the invoice to the client again',
        description:
          'Queues the invoice’s mail again with its stored PDF and its pay link, and writes `invoice_resent` on the order’s timeline. The Idempotency-Key header is required: the same key sends once (a double click, a retry). 409 for a paid or cancelled invoice, or an order whose workflow has ended.',
        params: uuidParam,
        headers: resendHeaders,
        querystring: noQuery,
        response: { ...errorResponses, 202: invoiceResent },
      },
    },
    async (request, reply) => reply.code(202).send(await resendInvoice(deps, request.principal, request.params.id, request.headers['idempotency-key'])),
  );
};

const resendHeaders = z.object({
  'idempotency-key': z
    .string()
    .regex(/^[\w.-]{1,100}$/, 'letters, digits, _ . - (at most 100)')
    .describe('One per click: the same key sends the mail once'),
});

const invoiceResent = z.object({
  invoiceId: z.uuid(),
  number: z.string(),
  entryKey: z.string().describe('The timeline entry’s key: the same for a repeated key'),
});
