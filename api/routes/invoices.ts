import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { randomUUID } from 'node:crypto';
import { getInvoice, listInvoices } from '../../db/queries/invoices.ts';
import { deletePayment, recordPayment } from '../../db/queries/payments.ts';
import type { AppDeps } from '../app.ts';
import { allow } from '../auth.ts';
import { OrderClosedError, signalPayment } from '../commands.ts';
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
      const now = new Date();
      const { payment: stored, created } = await recordPayment(db, {
        id: randomUUID(),
        orderId: found.orderId,
        invoiceId: found.id,
        amount: request.body.amount,
        currency: found.currency,
        source: 'manual',
        externalId: request.body.reference ?? null,
        receivedAt: request.body.paidAt ? new Date(request.body.paidAt) : now,
        recordedById: request.principal.id,
        createdAt: now,
      });
      // Signalled on a repeat too: if the first signal was lost, this one counts; if not, the workflow ignores it.
      try {
        await signalPayment(deps, found.orderId, {
          paymentId: stored.id,
          invoiceId: found.id,
          amount: stored.amount,
          source: 'manual',
          recordedBy: actorOf(request.principal),
        });
      } catch (error) {
        // nothing is left to count a new payment against: it is not recorded, and the caller is told
        if (error instanceof OrderClosedError && created) await deletePayment(db, stored.id);
        if (!(error instanceof OrderClosedError && !created)) throw error;
      }
      return reply.code(created ? 201 : 200).send(paymentView(stored));
    },
  );
};
