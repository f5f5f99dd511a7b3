// Payments reported by the accounting system (1C); each row is checked on its own by the service.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../deps.ts';
import { allow } from '../auth.ts';
import { errorResponses } from '../schemas.ts';
import { importPayments, importResult } from '../services/accounting.ts';

const body = z.strictObject({ payments: z.array(z.unknown()).min(1).max(1000) });

export const accountingRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  app.post(
    '/integrations/1c/payments',
    {
      preValidation: allow('importPayments'),
      schema: { tags: ['integrations'], body, response: { ...errorResponses, 200: z.object({ results: z.array(importResult) }) } },
    },
    async (request) => ({ results: await importPayments(deps, request.principal, request.body.payments, request.log) }),
  );
};
