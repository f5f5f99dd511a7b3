// A payment by its own id: its reversal by accounting (docs/money.md, "Reversing a payment").
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../deps.ts';
import { allow } from '../auth.ts';
import { errorResponses, payment, reversePaymentBody, uuidParam } from '../schemas.ts';
import { reversePayment } from '../services/reversals.ts';

export const paymentRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
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
