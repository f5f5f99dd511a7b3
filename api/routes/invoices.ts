import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { findInvoiceWithOrder, getInvoice, listInvoices } from '../../db/queries/invoices.ts';
import { invoicePdf, pdfDisposition } from '../documents.ts';
import type { AppDeps } from '../app.ts';
import { allow } from '../auth.ts';
import { acceptPayment } from '../payments-in.ts';
import { actorOf } from './orders.ts';
import { notFound } from '../errors.ts';
import { decodeCursor, page } from '../pagination.ts';
import { errorResponses, invoice, invoiceListQuery, listOf, manualPaymentBody, payment, uuidParam } from '../schemas.ts';
import { invoiceView, paymentView } from '../views.ts';

export const invoiceRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  const { db, config } = deps;

  app.get(
    '/invoices',
    { preValidation: allow('read'), schema: { tags: ['invoices'], querystring: invoiceListQuery, response: { ...errorResponses, 200: listOf(invoice) } } },
    async (request) => {
      const { limit, cursor, orderId } = request.query;
      const rows = await listInvoices(db, { orderId, limit, cursor: decodeCursor(cursor) });
      return page(rows, limit, (row) => invoiceView(config, row));
    },
  );

  app.get(
    '/invoices/:id',
    { preValidation: allow('read'), schema: { tags: ['invoices'], params: uuidParam, response: { ...errorResponses, 200: invoice } } },
    async (request) => {
      const found = await getInvoice(db, request.params.id);
      if (!found) throw notFound('Invoice');
      return invoiceView(config, found);
    },
  );

  app.get(
    '/invoices/:id/pdf',
    {
      preValidation: allow('read'),
      schema: {
        tags: ['invoices'],
        params: uuidParam,
        response: { ...errorResponses, 200: z.any().describe('application/pdf: the invoice document') },
      },
    },
    async (request, reply) => {
      const found = await findInvoiceWithOrder(db, { id: request.params.id });
      if (!found) throw notFound('Invoice');
      const pdf = await invoicePdf(db, config, found);
      return reply.type('application/pdf').header('content-disposition', pdfDisposition(found.invoice.number)).send(pdf);
    },
  );

  app.post(
    '/invoices/:id/payments',
    {
      preValidation: allow('recordPayment'),
      schema: {
        tags: ['payments'],
        params: uuidParam,
        body: manualPaymentBody,
        response: { ...errorResponses, 200: payment, 201: payment },
      },
    },
    async (request, reply) => {
      const found = await getInvoice(db, request.params.id);
      if (!found) throw notFound('Invoice');
      const { payment: stored, created } = await acceptPayment(deps, {
        invoice: found,
        amount: request.body.amount,
        source: 'manual',
        externalId: request.body.reference ?? null,
        receivedAt: request.body.paidAt ? new Date(request.body.paidAt) : new Date(),
        recordedBy: actorOf(request.principal),
        whenClosed: 'refuse',
        log: request.log,
      });
      return reply.code(created ? 201 : 200).send(paymentView(stored));
    },
  );
};
