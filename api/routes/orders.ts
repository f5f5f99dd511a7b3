import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../deps.ts';
import { allow } from '../auth.ts';
import {
  cancelBody,
  commentBody,
  createOrderBody,
  deliveryEntryBody,
  errorResponses,
  listOf,
  notification,
  order,
  orderListQuery,
  pageQuery,
  payment,
  qualifyBody,
  timelineEntry,
  uuidParam,
} from '../schemas.ts';
import { createOrder } from '../services/intake.ts';
import { cancelOrder, commentOrder, findOrder, listOrders, orderNotifications, orderPayments, orderTimeline, qualifyOrder, saveDelivery } from '../services/orders.ts';
import { orderView } from '../services/views.ts';

const orderSummary = order.omit({ items: true, tasks: true, invoices: true });
const idempotencyHeaders = z.object({ 'idempotency-key': z.string().min(1).max(255).optional() });

export const orderRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  app.post(
    '/orders',
    {
      preValidation: allow('createOrder'),
      schema: { tags: ['orders'], headers: idempotencyHeaders, body: createOrderBody, response: { ...errorResponses, 201: order } },
    },
    async (request, reply) => {
      const created = await createOrder(deps, request.principal, request.body, request.headers['idempotency-key']);
      return reply.code(201).send(orderView(deps.config, created, request.principal));
    },
  );

  app.get(
    '/orders',
    { preValidation: allow('read'), schema: { tags: ['orders'], querystring: orderListQuery, response: { ...errorResponses, 200: listOf(orderSummary) } } },
    async (request) => listOrders(deps, request.principal, request.query),
  );

  app.get(
    '/orders/:id',
    { preValidation: allow('read'), schema: { tags: ['orders'], params: uuidParam, response: { ...errorResponses, 200: order } } },
    async (request) => findOrder(deps, request.principal, request.params.id),
  );

  app.get(
    '/orders/:id/timeline',
    {
      preValidation: allow('read'),
      schema: { tags: ['orders'], params: uuidParam, response: { ...errorResponses, 200: z.object({ items: z.array(timelineEntry) }) } },
    },
    async (request) => ({ items: await orderTimeline(deps, request.principal, request.params.id) }),
  );

  app.get(
    '/orders/:id/notifications',
    {
      preValidation: allow('read'),
      schema: { tags: ['orders'], params: uuidParam, response: { ...errorResponses, 200: z.object({ items: z.array(notification) }) } },
    },
    async (request) => ({ items: await orderNotifications(deps, request.params.id) }),
  );

  app.get(
    '/orders/:id/payments',
    {
      preValidation: allow('read'),
      schema: { tags: ['payments'], params: uuidParam, querystring: pageQuery, response: { ...errorResponses, 200: listOf(payment) } },
    },
    async (request) => orderPayments(deps, request.params.id, request.query),
  );

  app.post(
    '/orders/:id/qualify',
    { preValidation: allow('salesCommand'), schema: { tags: ['orders'], params: uuidParam, body: qualifyBody, response: { ...errorResponses, 200: order } } },
    async (request) => qualifyOrder(deps, request.principal, request.params.id, request.body),
  );

  app.post(
    '/orders/:id/delivery',
    { preValidation: allow('salesCommand'), schema: { tags: ['orders'], params: uuidParam, body: deliveryEntryBody, response: { ...errorResponses, 200: order } } },
    async (request) => saveDelivery(deps, request.principal, request.params.id, request.body),
  );

  app.post(
    '/orders/:id/cancel',
    { preValidation: allow('salesCommand'), schema: { tags: ['orders'], params: uuidParam, body: cancelBody, response: { ...errorResponses, 200: order } } },
    async (request) => cancelOrder(deps, request.principal, request.params.id, request.body),
  );

  app.post(
    '/orders/:id/comments',
    {
      preValidation: allow('salesCommand'),
      schema: { tags: ['orders'], params: uuidParam, body: commentBody, response: { ...errorResponses, 201: timelineEntry } },
    },
    async (request, reply) => reply.code(201).send(await commentOrder(deps, request.principal, request.params.id, request.body)),
  );
};
