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
  noQuery,
  notification,
  order,
  orderListQuery,
  pageQuery,
  payment,
  qualifyBody,
  setManagerBody,
  timelineEntry,
  uuidParam,
} from '../schemas.ts';
import { setOrderManager } from '../services/assignments.ts';
import { createOrder } from '../services/intake.ts';
import { cancelOrder, commentOrder, findOrder, listOrders, orderNotifications, orderPayments, orderTimeline, qualifyOrder, saveDelivery } from '../services/orders.ts';
import { orderView } from '../services/views.ts';

const orderSummary = order.omit({ items: true, tasks: true, invoices: true, clientUrl: true });
const idempotencyHeaders = z.object({ 'idempotency-key': z.string().min(1).max(255).optional() });

export const orderRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  app.post(
    '/orders',
    {
      preValidation: allow('createOrder'),
      schema: {
        tags: ['orders'],
        summary: 'Create an order',
        description:
          'A lead with its customer and, optionally, rows priced in kopecks. Send an Idempotency-Key: a retry with the same key answers the same order, the same key with another body is 409.',
        headers: idempotencyHeaders,
        body: createOrderBody,
        response: { ...errorResponses, 201: order },
      },
    },
    async (request, reply) => {
      const created = await createOrder(deps, request.principal, request.body, request.headers['idempotency-key']);
      return reply.code(201).send(orderView(deps.config, created, request.principal));
    },
  );

  app.get(
    '/orders',
    {
      preValidation: allow('read'),
      schema: {
        tags: ['orders'],
        summary: 'List orders',
        description:
          'Filtered by stage, manager, overdue and q (number, customer, company); paged by limit and cursor; newest first.',
        querystring: orderListQuery,
        response: { ...errorResponses, 200: listOf(orderSummary) },
      },
    },
    async (request) => listOrders(deps, request.principal, request.query),
  );

  app.get(
    '/orders/:id',
    {
      preValidation: allow('read'),
      schema: {
        tags: ['orders'],
        summary: 'Get an order',
        description:
          'The order with its rows, invoices, tasks and money in kopecks; costs and margin are left out for production and logistics.',
        params: uuidParam,
        querystring: noQuery,
        response: { ...errorResponses, 200: order },
      },
    },
    async (request) => findOrder(deps, request.principal, request.params.id),
  );

  app.get(
    '/orders/:id/timeline',
    {
      preValidation: allow('read'),
      schema: {
        tags: ['orders'],
        summary: 'The order’s timeline',
        description:
          'Everything that happened to the order, oldest first: stages, payments, tasks, comments, messages.',
        params: uuidParam,
        querystring: noQuery,
        response: { ...errorResponses, 200: z.object({ items: z.array(timelineEntry) }) },
      },
    },
    async (request) => ({ items: await orderTimeline(deps, request.principal, request.params.id) }),
  );

  app.get(
    '/orders/:id/notifications',
    {
      preValidation: allow('read'),
      schema: {
        tags: ['orders'],
        summary: 'Messages to the client',
        description:
          'Every e-mail queued for the order, with its status: pending, sending, sent, failed, undeliverable or skipped.',
        params: uuidParam,
        querystring: noQuery,
        response: { ...errorResponses, 200: z.object({ items: z.array(notification) }) },
      },
    },
    async (request) => ({ items: await orderNotifications(deps, request.params.id) }),
  );

  app.get(
    '/orders/:id/payments',
    {
      preValidation: allow('read'),
      schema: {
        tags: ['payments'],
        summary: 'Payments of an order',
        description:
          'Every payment received for the order’s invoices, in kopecks; paged by limit and cursor.',
        params: uuidParam,
        querystring: pageQuery,
        response: { ...errorResponses, 200: listOf(payment) },
      },
    },
    async (request) => orderPayments(deps, request.params.id, request.query),
  );

  app.post(
    '/orders/:id/qualify',
    {
      preValidation: allow('salesCommand'),
      schema: {
        tags: ['orders'],
        summary: 'Qualify an order',
        description:
          'Fixes the rows and the payment scheme (and, optionally, the prepayment in kopecks and delivery data); the order goes on to prepayment (with its invoice) or straight to production. Answers once the workflow has taken it; 409 in another stage.',
        params: uuidParam,
        body: qualifyBody,
        response: { ...errorResponses, 200: order },
      },
    },
    async (request) => qualifyOrder(deps, request.principal, request.params.id, request.body),
  );

  app.post(
    '/orders/:id/delivery',
    {
      preValidation: allow('salesCommand'),
      schema: {
        tags: ['orders'],
        summary: 'Enter delivery data',
        description:
          'Delivery (carrier and address) or pickup, and the ship date; fields left out take what was given at qualification. Answers once the workflow has taken it; 409 in a stage that takes no delivery data.',
        params: uuidParam,
        body: deliveryEntryBody,
        response: { ...errorResponses, 200: order },
      },
    },
    async (request) => saveDelivery(deps, request.principal, request.params.id, request.body),
  );

  app.post(
    '/orders/:id/cancel',
    {
      preValidation: allow('salesCommand'),
      schema: {
        tags: ['orders'],
        summary: 'Cancel an order',
        description:
          'Stops the order with a reason for the timeline. The client gets a neutral message, with the reason only when notifyClientOfReason is true. 409 once the order is closed.',
        params: uuidParam,
        body: cancelBody,
        response: { ...errorResponses, 200: order },
      },
    },
    async (request) => cancelOrder(deps, request.principal, request.params.id, request.body),
  );

  app.post(
    '/orders/:id/manager',
    {
      preValidation: allow('salesCommand'),
      schema: {
        tags: ['orders'],
        summary: 'Change an order’s manager',
        description:
          'Makes an active sales employee the order’s responsible manager (management, admin and heads of sales); the open sales tasks of the manager before, and those nobody had, go with it. 409 once the order is closed or when the employee is its manager already; 422 when managerId is not an active sales employee; 403 for other sales staff.',
        params: uuidParam,
        body: setManagerBody,
        response: { ...errorResponses, 200: order },
      },
    },
    async (request) => setOrderManager(deps, request.principal, request.params.id, request.body),
  );

  app.post(
    '/orders/:id/comments',
    {
      preValidation: allow('salesCommand'),
      schema: {
        tags: ['orders'],
        summary: 'Comment on an order',
        description:
          'A note on the timeline; with notifyClient it is also e-mailed to the client.',
        params: uuidParam,
        body: commentBody,
        response: { ...errorResponses, 201: timelineEntry },
      },
    },
    async (request, reply) => reply.code(201).send(await commentOrder(deps, request.principal, request.params.id, request.body)),
  );
};
