// Money across orders for accounting, and reconciliation: money that could not be put on an invoice is kept,
// listed, and matched to an invoice or dismissed (docs/money.md, Reconciliation); a payment's reversal by
// accounting (docs/money.md, "Reversing a payment"). `/payments/:id/reverse` takes a payment's id, match and
// dismiss take the id of an unmatched entry: the list says which is which.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../deps.ts';
import { allow } from '../auth.ts';
import { dismissBody, handEntryBody, matchBody, paymentListItem, paymentListQuery } from '../reconciliation-schemas.ts';
import { errorResponses, listOf, payment, reversePaymentBody, uuidParam } from '../schemas.ts';
import { listPayments, unmatchedView } from '../services/payment-lists.ts';
import { dismissUnmatched, matchUnmatched, recordUnmatchedByHand } from '../services/reconciliation.ts';
import { reversePayment } from '../services/reversals.ts';

export const paymentRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  app.get(
    '/payments',
    {
      preValidation: allow('read'),
      schema: {
        tags: ['payments'],
        summary: 'List payments across orders',
        description:
          'Payments counted on invoices, newest first, by source and the dates the money was received; `matched=false` lists instead the money kept unmatched (open by default, or `status`). Paged by limit and cursor. Sums in kopecks.',
        querystring: paymentListQuery,
        response: { ...errorResponses, 200: listOf(paymentListItem) },
      },
    },
    async (request) => listPayments(deps, request.query),
  );

  app.post(
    '/payments',
    {
      preValidation: allow('recordPayment'),
      schema: {
        tags: ['payments'],
        summary: 'Keep money that names no invoice',
        description:
          'Money received that cannot be put on an invoice yet is kept unmatched for accounting, once per reference: the same reference again answers 200 with the entry kept first, a new one 201. Sums in kopecks.',
        body: handEntryBody,
        response: { ...errorResponses, 200: paymentListItem, 201: paymentListItem },
      },
    },
    async (request, reply) => {
      const { record, created } = await recordUnmatchedByHand(deps, request.body, request.log);
      return reply.code(created ? 201 : 200).send(unmatchedView(record));
    },
  );

  app.post(
    '/payments/:id/match',
    {
      preValidation: allow('importPayments'),
      schema: {
        tags: ['payments'],
        summary: 'Match unmatched money to an invoice',
        description:
          'The money becomes a payment on the invoice and reaches its order like any payment; the order’s timeline names the entry. Repeating the request answers the same; another invoice afterwards is a 409, as is money dismissed.',
        params: uuidParam,
        body: matchBody,
        response: { ...errorResponses, 200: paymentListItem },
      },
    },
    async (request) => unmatchedView(await matchUnmatched(deps, request.principal, request.params.id, request.body.invoiceId, request.log)),
  );

  app.post(
    '/payments/:id/dismiss',
    {
      preValidation: allow('importPayments'),
      schema: {
        tags: ['payments'],
        summary: 'Dismiss unmatched money',
        description:
          '`not_ours` or `returned`, with a comment; the order of the invoice it named, if any, has the decision on its timeline. Repeating it answers the same; money matched already is a 409.',
        params: uuidParam,
        body: dismissBody,
        response: { ...errorResponses, 200: paymentListItem },
      },
    },
    async (request) => unmatchedView(await dismissUnmatched(deps, request.principal, request.params.id, request.body)),
  );

  app.post(
    '/payments/:id/reverse',
    {
      preValidation: allow('reversePayment'),
      schema: {
        tags: ['payments'],
        summary: 'Reverse a payment recorded by mistake',
        description:
          'Takes a payment back with a reason: it stays on record with reversedAt and reversalReason, the timeline says so, and the order’s paid, due and overpaid are counted again without it (its stage is kept). Answers once the order has counted it; 409 when the payment was reversed already or is a refund, 404 for an unknown payment.',
        params: uuidParam,
        body: reversePaymentBody,
        response: { ...errorResponses, 200: payment },
      },
    },
    async (request) => reversePayment(deps, request.principal, request.params.id, request.body.reason),
  );
};
