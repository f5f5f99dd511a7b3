import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { STAGES } from '../../domain/funnel.ts';
import { PAYMENT_SOURCES } from '../../domain/records.ts';
import type { AppDeps } from '../deps.ts';
import { allow } from '../auth.ts';
import { calendarDate, errorResponses, kopecks, noQuery } from '../schemas.ts';
import { receivablesReport as receivables } from '../services/receivables.ts';
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

const buckets = z.object({
  notDue: kopecks('Due today or later'),
  days1to7: kopecks('1 to 7 days past the due date'),
  days8to30: kopecks('8 to 30 days past the due date'),
  over30: kopecks('More than 30 days past the due date'),
});
const cashRow = { received: kopecks('Money in'), refunded: kopecks('Money paid back'), net: kopecks('Received minus refunded') };

const receivablesReport = z.object({
  today: z.string().describe('The date the ages are counted from, in BUSINESS_TIMEZONE'),
  from: z.string(),
  to: z.string(),
  open: z.object({
    total: kopecks('Still owed on issued and partly paid invoices'),
    buckets,
    clients: z
      .array(z.object({ name: z.string(), company: z.string().nullable(), inn: z.string().nullable(), invoices: z.number().int(), open: kopecks('Still owed'), buckets }))
      .describe('Largest debt first; one client per INN, else company, else name'),
  }),
  cash: z.object({
    months: z
      .array(z.object({ month: z.string().describe('YYYY-MM in BUSINESS_TIMEZONE'), sources: z.array(z.object({ source: z.enum(PAYMENT_SOURCES), ...cashRow })), net: kopecks('All sources') }))
      .describe('Every month of the period, empty ones with no sources'),
    sources: z.array(z.object({ source: z.enum(PAYMENT_SOURCES), ...cashRow })),
  }),
  managers: z
    .array(z.object({ managerId: z.uuid().nullable(), managerName: z.string().nullable(), orders: z.number().int(), ...figures }))
    .optional()
    .describe('Orders that entered production in the period, by manager; only for roles that may read costs'),
});

const periodQuery = z.strictObject({ from: calendarDate.optional(), to: calendarDate.optional() });

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

  app.get(
    '/reports/receivables',
    {
      preValidation: allow('read'),
      schema: {
        tags: ['reports'],
        summary: 'Receivables, cash received and margin by manager',
        description:
          'What clients still owe on issued and partly paid invoices, by client and by age (not yet due, 1–7, 8–30, over 30 days past the due date, counted in calendar days of BUSINESS_TIMEZONE, as of today); cash received and refunded from `from` to `to` (calendar dates, both included; default: this month) by month and source, reversed payments left out; and, for sales, accounting and management only, margin by manager of the orders that entered production in the period. Sums in kopecks.',
        querystring: periodQuery,
        response: { ...errorResponses, 200: receivablesReport },
      },
    },
    async (request) => receivables(deps, request.principal, request.query),
  );
};
