import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { getOrder, listOrders, toOrderSummary } from '../../db/queries/orders.ts';
import { getTimeline } from '../../db/queries/timeline.ts';
import type { AppDeps } from '../app.ts';
import { allow } from '../auth.ts';
import { notFound } from '../errors.ts';
import { createOrder } from '../intake.ts';
import { decodeCursor, page } from '../pagination.ts';
import { createOrderBody, listOf, order, orderListQuery, timelineEntry, uuidParam, errorResponses } from '../schemas.ts';

const orderSummary = order.omit({ items: true, tasks: true, invoices: true });
const idempotencyHeaders = z.object({ 'idempotency-key': z.string().min(1).max(255).optional() });

type OrderView = z.input<typeof order>;

export const orderRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  const { db } = deps;

  app.post(
    '/orders',
    {
      preValidation: allow('createOrder'),
      schema: { tags: ['orders'], headers: idempotencyHeaders, body: createOrderBody, response: { ...errorResponses, 201: order } },
    },
    async (request, reply) => {
      const created = await createOrder(deps, request.principal, request.body, request.headers['idempotency-key']);
      return reply.code(201).send(created as OrderView);
    },
  );

  app.get(
    '/orders',
    { preValidation: allow('read'), schema: { tags: ['orders'], querystring: orderListQuery, response: { ...errorResponses, 200: listOf(orderSummary) } } },
    async (request) => {
      const { limit, cursor, ...filter } = request.query;
      const rows = await listOrders(db, { ...filter, limit, cursor: decodeCursor(cursor) });
      return page(rows, limit, (row) => toOrderSummary(row) as z.input<typeof orderSummary>);
    },
  );

  app.get(
    '/orders/:id',
    { preValidation: allow('read'), schema: { tags: ['orders'], params: uuidParam, response: { ...errorResponses, 200: order } } },
    async (request) => {
      const found = await getOrder(db, request.params.id);
      if (!found) throw notFound('Order');
      return found.order as OrderView;
    },
  );

  app.get(
    '/orders/:id/timeline',
    {
      preValidation: allow('read'),
      schema: { tags: ['orders'], params: uuidParam, response: { ...errorResponses, 200: z.object({ items: z.array(timelineEntry) }) } },
    },
    async (request) => {
      const found = await getOrder(db, request.params.id);
      if (!found) throw notFound('Order');
      return { items: (await getTimeline(db, request.params.id)) as z.input<typeof timelineEntry>[] };
    },
  );
};
