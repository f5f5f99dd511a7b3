import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { STAGES } from '../../domain/funnel.ts';
import type { AppDeps } from '../deps.ts';
import { allow } from '../auth.ts';
import { calendarDate, errorResponses, kopecks, noQuery } from '../schemas.ts';
import { funnelReport as funnel, marginReport as margin } from '../services/reports.ts';

const figures = {
  netOfVat: kopecks('Sales without VAT'),
  productionCost: kopecks('Cost of making what was sold'),
  margin: kopecks('Net of VAT minus production cost'),
  marginPercent: z.number().nullable(),
};

const funnelReport = z.object({
  stages: z.array(z.object({ stage: z.enum(STAGES), count: z.number().int(), amount: kopecks('Orders’ totals at this stage, VAT included') })),
  overdueTasks: z.number().int(),
  conversion: z.object({
    orders: z.number().int(),
    stages: z.array(z.object({ stage: z.enum(STAGES), reached: z.number().int(), share: z.number().min(0).max(1) })),
  }),
});

const marginReport = z.object({
  from: z.string(),
  to: z.string(),
  by: z.enum(['month', 'product']).optional().describe('The breakdown asked for; absent: every breakdown'),
  orders: z.array(z.object({ orderId: z.uuid(), number: z.string(), ...figures })).optional().describe('Absent when `by` is given'),
  months: z
    .array(z.object({ month: z.string().describe('YYYY-MM in BUSINESS_TIMEZONE'), orders: z.number().int(), ...figures }))
    .optional()
    .describe('Every month of the period, empty ones as zeros; absent when `by=product`'),
  products: z
    .array(z.object({ productId: z.uuid(), sku: z.string(), name: z.string(), quantity: z.number(), ...figures }))
    .optional()
    .describe('Largest margin first; absent when `by=month`'),
  total: z.object(figures),
});

const marginQuery = z.strictObject({ from: calendarDate.optional(), to: calendarDate.optional(), by: z.enum(['month', 'product']).optional() });

export const reportRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  app.get(
    '/reports/funnel',
    {
      preValidation: allow('read'),
      schema: {
        tags: ['reports'],
        summary: 'The sales funnel',
        description: 'Open orders and their sums by stage, overdue tasks, and how many orders reached each stage.',
        querystring: noQuery,
        response: { ...errorResponses, 200: funnelReport },
      },
    },
    async () => funnel(deps),
  );

  app.get(
    '/reports/margin',
    {
      preValidation: allow('readCosts'),
      schema: {
        tags: ['reports'],
        summary: 'Margin by order, month and product',
        description:
          'Orders that entered production from `from` to `to` (calendar dates in BUSINESS_TIMEZONE, both included; default: this month; at most 120 months). Cancelled orders are left out. `by=month` or `by=product` answers with that breakdown and the total only.',
        querystring: marginQuery,
        response: { ...errorResponses, 200: marginReport },
      },
    },
    async (request) => margin(deps, request.query),
  );
};
