// Payments reported by the accounting system (1C); each row is checked on its own by the service.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../deps.ts';
import { allow } from '../auth.ts';
import { errorResponses, paymentImportRow } from '../schemas.ts';
import { importPayments, importResult } from '../services/accounting.ts';

// Rows are taken as they come and checked one by one by the service (a bad row is answered in its result, not
// with a 400 for the batch); the OpenAPI shows the shape each row must have.
const rowShape = z.toJSONSchema(paymentImportRow, { io: 'input', target: 'openapi-3.0' });
delete rowShape.$schema;
const body = z.strictObject({ payments: z.array(z.unknown().meta(rowShape)).min(1).max(1000) });

export const accountingRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  app.post(
    '/integrations/1c/payments',
    {
      preValidation: allow('importPayments'),
      schema: {
        tags: ['integrations'],
        summary: 'Import payments from 1C',
        description:
          'Up to 1000 rows, in kopecks. Each row is recorded once per documentNumber, ever, and answered on its own: recorded, duplicate, unmatched (no such invoice, more than an open order’s invoice still asks, or its order has closed: kept for matching, GET /payments?matched=false), or error with the reason; a bad row does not stop the others.',
        body,
        response: { ...errorResponses, 200: z.object({ results: z.array(importResult) }) },
      },
    },
    async (request) => ({ results: await importPayments(deps, request.principal, request.body.payments, request.log) }),
  );
};
