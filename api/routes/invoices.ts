import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../deps.ts';
import { allow } from '../auth.ts';
import { errorResponses, invoice, invoiceListQuery, listOf, manualPaymentBody, payment, uuidParam } from '../schemas.ts';
import { pdfDisposition } from '../services/documents.ts';
import { findInvoice, invoiceDocument, listInvoices, recordManualPayment } from '../services/invoices.ts';

export const invoiceRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  app.get(
    '/invoices',
    { preValidation: allow('read'), schema: { tags: ['invoices'], querystring: invoiceListQuery, response: { ...errorResponses, 200: listOf(invoice) } } },
    async (request) => listInvoices(deps, request.query),
  );

  app.get(
    '/invoices/:id',
    { preValidation: allow('read'), schema: { tags: ['invoices'], params: uuidParam, response: { ...errorResponses, 200: invoice } } },
    async (request) => findInvoice(deps, request.params.id),
  );

  app.get(
    '/invoices/:id/pdf',
    {
      preValidation: allow('read'),
      schema: { tags: ['invoices'], params: uuidParam, response: { ...errorResponses, 200: z.any().describe('application/pdf: the invoice document') } },
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
      schema: { tags: ['payments'], params: uuidParam, body: manualPaymentBody, response: { ...errorResponses, 200: payment, 201: payment } },
    },
    async (request, reply) => {
      const { payment: stored, created } = await recordManualPayment(deps, request.principal, request.params.id, request.body, request.log);
      return reply.code(created ? 201 : 200).send(stored);
    },
  );
};
