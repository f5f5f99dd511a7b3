import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { STAGES } from '../../domain/funnel.ts';
import type { AppDeps } from '../deps.ts';
import { allow } from '../auth.ts';
import { calendarDate, errorResponses } from '../schemas.ts';
import { funnelReport as funnel, marginReport as margin } from '../services/reports.ts';

const figures = {
  netOfVat: z.number().int(),
  productionCost: z.number().int(),
  margin: z.number().int(),
  marginPercent: z.number().nullable(),
};

const funnelReport = z.object({
  stages: z.array(z.object({ stage: z.enum(STAGES), count: z.number().int(), amount: z.number().int() })),
  overdueTasks: z.number().int(),
  conversion: z.object({
    orders: z.number().int(),
    stages: z.array(z.object({ stage: z.enum(STAGES), reached: z.number().int(), share: z.number().min(0).max(1) })),
  }),
});

const marginReport = z.object({
  from: z.string(),
  to: z.string(),
  orders: z.array(z.object({ orderId: z.uuid(), number: z.string(), ...figures })),
  products: z.array(z.object({ productId: z.uuid(), sku: z.string(), quantity: z.number(), ...figures })),
  total: z.object(figures),
});

const marginQuery = z.object({ from: calendarDate.optional(), to: calendarDate.optional() });

export const reportRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  app.get(
    '/reports/funnel',
    { preValidation: allow('read'), schema: { tags: ['reports'], response: { ...errorResponses, 200: funnelReport } } },
    async () => funnel(deps),
  );

  app.get(
    '/reports/margin',
    {
      preValidation: allow('readCosts'),
      schema: {
        tags: ['reports'],
        description: 'Orders that entered production from `from` to `to` (calendar dates in BUSINESS_TIMEZONE, both included; default: this month). Cancelled orders are left out.',
        querystring: marginQuery,
        response: { ...errorResponses, 200: marginReport },
      },
    },
    async (request) => margin(deps, request.query),
  );
};
