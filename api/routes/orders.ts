import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { getOrder, listOrders, toOrderSummary } from '../../db/queries/orders.ts';
import { getOrderNotifications } from '../../db/queries/notifications.ts';
import { listOrderPayments } from '../../db/queries/payments.ts';
import { randomUUID } from 'node:crypto';
import { getTimeline, insertTimelineEntry } from '../../db/queries/timeline.ts';
import type { Locale } from '../../domain/funnel.ts';
import { timelineText } from '../../domain/texts.ts';
import { dateIn, endOfDay } from '../../domain/calendar.ts';
import { prepaymentFor } from '../../domain/qualification.ts';
import type { Principal } from '../../domain/roles.ts';
import { cancelUpdate, commentUpdate, qualifyUpdate, saveDeliveryUpdate, type CommandActor, type DeliveryData } from '../../workflows/shared.ts';
import type { AppDeps } from '../app.ts';
import { allow } from '../auth.ts';
import { OrderClosedError, sendCommand } from '../commands.ts';
import { AppError, notFound, validationFailed } from '../errors.ts';
import { createOrder, priceItems } from '../intake.ts';
import { decodeCursor, page } from '../pagination.ts';
import {
  cancelBody,
  commentBody,
  createOrderBody,
  deliveryBody,
  errorResponses,
  listOf,
  order,
  orderListQuery,
  notification,
  pageQuery,
  payment,
  qualifyBody,
  timelineEntry,
  uuidParam,
} from '../schemas.ts';
import { orderView, paymentView } from '../views.ts';

const MAX_SHIP_AHEAD_MS = 366 * 86_400_000;
const orderSummary = order.omit({ items: true, tasks: true, invoices: true });
const idempotencyHeaders = z.object({ 'idempotency-key': z.string().min(1).max(255).optional() });

export const actorOf = (principal: Principal): CommandActor => (principal.kind === 'employee' ? { id: principal.id, name: principal.name } : null);

export const orderRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  const { db, config } = deps;

  const requireOrder = async (id: string) => {
    const found = await getOrder(db, id);
    if (!found) throw notFound('Order');
    return found;
  };
  const current = async (id: string) => orderView(config, await requireOrder(id));

  /** Checks a delivery form against today's date in the company's time zone. */
  const deliveryData = (body: z.infer<typeof deliveryBody>, field: string): { delivery: DeliveryData; shipDeadline: string } => {
    if (body.shipDate < dateIn(config.timezone, new Date())) {
      throw validationFailed([{ field: `${field}.shipDate`, message: 'the ship date is in the past' }]);
    }
    if (body.shipDate > dateIn(config.timezone, new Date(Date.now() + MAX_SHIP_AHEAD_MS))) {
      throw validationFailed([{ field: `${field}.shipDate`, message: 'the ship date is more than a year ahead' }]);
    }
    return {
      delivery: {
        method: body.method,
        carrier: body.carrier ?? null,
        address: body.address ?? null,
        shipDate: body.shipDate,
        comment: body.comment ?? null,
      },
      shipDeadline: endOfDay(config.timezone, body.shipDate).toISOString(),
    };
  };

  app.post(
    '/orders',
    {
      preValidation: allow('createOrder'),
      schema: { tags: ['orders'], headers: idempotencyHeaders, body: createOrderBody, response: { ...errorResponses, 201: order } },
    },
    async (request, reply) => {
      const created = await createOrder(deps, request.principal, request.body, request.headers['idempotency-key']);
      return reply.code(201).send(orderView(config, created));
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
    async (request) => current(request.params.id),
  );

  app.get(
    '/orders/:id/timeline',
    {
      preValidation: allow('read'),
      schema: { tags: ['orders'], params: uuidParam, response: { ...errorResponses, 200: z.object({ items: z.array(timelineEntry) }) } },
    },
    async (request) => {
      await requireOrder(request.params.id);
      return { items: (await getTimeline(db, request.params.id)) as z.input<typeof timelineEntry>[] };
    },
  );

  app.get(
    '/orders/:id/notifications',
    {
      preValidation: allow('read'),
      schema: { tags: ['orders'], params: uuidParam, response: { ...errorResponses, 200: z.object({ items: z.array(notification) }) } },
    },
    async (request) => {
      await requireOrder(request.params.id);
      return { items: (await getOrderNotifications(db, request.params.id)) as z.input<typeof notification>[] };
    },
  );

  app.get(
    '/orders/:id/payments',
    {
      preValidation: allow('read'),
      schema: { tags: ['payments'], params: uuidParam, querystring: pageQuery, response: { ...errorResponses, 200: listOf(payment) } },
    },
    async (request) => {
      await requireOrder(request.params.id);
      const { limit, cursor } = request.query;
      const rows = await listOrderPayments(db, { orderId: request.params.id, limit, cursor: decodeCursor(cursor) });
      return page(rows, limit, paymentView);
    },
  );

  app.post(
    '/orders/:id/qualify',
    {
      preValidation: allow('salesCommand'),
      schema: { tags: ['orders'], params: uuidParam, body: qualifyBody, response: { ...errorResponses, 200: order } },
    },
    async (request) => {
      const { id } = request.params;
      await requireOrder(id);
      const { items: requested, paymentScheme, prepaymentAmount, delivery } = request.body;
      const items = await priceItems(db, requested);
      const total = items.reduce((sum, item) => sum + item.amount, 0);
      const prepayment = prepaymentFor(paymentScheme, total, prepaymentAmount);
      if (!prepayment.ok) throw validationFailed([{ field: `body.${prepayment.field}`, message: prepayment.message }]);
      await sendCommand(deps, id, qualifyUpdate, {
        actor: actorOf(request.principal),
        items,
        paymentScheme,
        prepaymentAmount: prepayment.prepaymentAmount,
        ...(delivery ? { delivery: deliveryData(delivery, 'body.delivery').delivery } : {}),
      });
      return current(id);
    },
  );

  app.post(
    '/orders/:id/delivery',
    {
      preValidation: allow('salesCommand'),
      schema: { tags: ['orders'], params: uuidParam, body: deliveryBody, response: { ...errorResponses, 200: order } },
    },
    async (request) => {
      const { id } = request.params;
      await requireOrder(id);
      await sendCommand(deps, id, saveDeliveryUpdate, { actor: actorOf(request.principal), ...deliveryData(request.body, 'body') });
      return current(id);
    },
  );

  app.post(
    '/orders/:id/cancel',
    {
      preValidation: allow('salesCommand'),
      schema: { tags: ['orders'], params: uuidParam, body: cancelBody, response: { ...errorResponses, 200: order } },
    },
    async (request) => {
      const { id } = request.params;
      await requireOrder(id);
      await sendCommand(deps, id, cancelUpdate, { actor: actorOf(request.principal), reason: request.body.reason });
      return current(id);
    },
  );

  app.post(
    '/orders/:id/comments',
    {
      preValidation: allow('salesCommand'),
      schema: { tags: ['orders'], params: uuidParam, body: commentBody, response: { ...errorResponses, 201: timelineEntry } },
    },
    async (request, reply) => {
      const { id } = request.params;
      const found = await requireOrder(id);
      const { text, notifyClient } = request.body;
      const actor = actorOf(request.principal);
      let key: string;
      try {
        ({ key } = await sendCommand(deps, id, commentUpdate, { actor, text, notifyClient: notifyClient ?? false }));
      } catch (error) {
        if (!(error instanceof OrderClosedError)) throw error;
        // the order's workflow has ended: staff can still note things on its timeline, but not write to the client
        if (notifyClient) throw new AppError(409, 'WRONG_STAGE', 'The order is closed: the comment can be noted, but not sent to the client');
        key = `order-${id}:comment:${randomUUID()}`;
        const data = { text, notifyClient: false };
        await insertTimelineEntry(db, { key, orderId: id, at: new Date(), type: 'comment', actor, data, text: timelineText(found.order.customer.locale as Locale, 'comment', data) });
      }
      const entry = (await getTimeline(db, id, key))[0];
      if (!entry) throw new Error(`comment ${key} was not written`);
      return reply.code(201).send(entry as z.input<typeof timelineEntry>);
    },
  );
};
