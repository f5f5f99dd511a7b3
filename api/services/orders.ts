// Reading orders and staff commands on them, for the JSON routes and the staff pages alike: plain inputs,
// the acting principal, domain errors (AppError) out.
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { getOrderNotifications } from '../../db/queries/notifications.ts';
import { getOrder, getOrders, listOrders as queryOrders, orderExists, toOrderSummary, type OrderFilter } from '../../db/queries/orders.ts';
import { listOrderPayments } from '../../db/queries/payments.ts';
import { getTimeline, insertTimelineEntry } from '../../db/queries/timeline.ts';
import { dateIn, endOfDay } from '../../domain/calendar.ts';
import { prepaymentFor } from '../../domain/qualification.ts';
import { mayReadCosts, type Principal } from '../../domain/roles.ts';
import { timelineText } from '../../domain/texts.ts';
import { cancelUpdate, commentUpdate, qualifyUpdate, saveDeliveryUpdate, type DeliveryData } from '../../workflows/shared.ts';
import { AppError, notFound, validationFailed } from '../errors.ts';
import { deliveryBody, type deliveryEntryBody, type notification, type qualifyBody } from '../schemas.ts';
import { actorOf, OrderClosedError, sendCommand } from './commands.ts';
import type { ServiceDeps } from './deps.ts';
import { priceItems } from './intake.ts';
import { decodeCursor, page, type PageRequest } from './pagination.ts';
import { orderView, paymentView, withoutCostsFor } from './views.ts';

const MAX_SHIP_AHEAD_MS = 366 * 86_400_000;

export type DeliveryInput = z.infer<typeof deliveryBody>;
export type DeliveryEntry = z.infer<typeof deliveryEntryBody>;
export type QualifyInput = z.infer<typeof qualifyBody>;

export async function findOrder({ db, config }: ServiceDeps, viewer: Principal, id: string) {
  const found = await getOrder(db, id);
  if (!found) throw notFound('Order');
  return orderView(config, found, viewer);
}

/** Several orders as `viewer` may see them, read together; ids not found are left out. */
export async function findOrders({ db, config }: ServiceDeps, viewer: Principal, ids: string[]) {
  return (await getOrders(db, ids)).map((found) => orderView(config, found, viewer));
}

export async function listOrders({ db }: ServiceDeps, viewer: Principal, filter: OrderFilter & PageRequest) {
  const rows = await queryOrders(db, { ...filter, cursor: decodeCursor(filter.cursor) });
  return page(rows, filter.limit, (row) => withoutCostsFor(viewer, toOrderSummary(row)));
}

async function requireOrder({ db }: ServiceDeps, id: string): Promise<void> {
  if (!(await orderExists(db, id))) throw notFound('Order');
}

export async function orderTimeline(deps: ServiceDeps, viewer: Principal, id: string) {
  await requireOrder(deps, id);
  const entries = await getTimeline(deps.db, id);
  // the costs entry is all cost and margin: left out for those who may not read them
  return mayReadCosts(viewer) ? entries : entries.filter((entry) => entry.type !== 'costs_computed');
}

export async function orderNotifications(deps: ServiceDeps, id: string): Promise<z.input<typeof notification>[]> {
  await requireOrder(deps, id);
  // the status column stays untyped until the mail dispatcher's work (issue 16, core-outbox) settles its values
  return (await getOrderNotifications(deps.db, id)) as z.input<typeof notification>[];
}

export async function orderPayments(deps: ServiceDeps, id: string, request: PageRequest) {
  await requireOrder(deps, id);
  const rows = await listOrderPayments(deps.db, { orderId: id, limit: request.limit, cursor: decodeCursor(request.cursor) });
  return page(rows, request.limit, paymentView);
}

/**
 * Sends a command and answers with the order as it stands after it. The order is looked up only when the
 * workflow cannot be reached by its id, to tell an unknown order (404) from a closed one (409).
 */
export async function command<Arg>(deps: ServiceDeps, id: string, send: () => Promise<Arg>): Promise<Arg> {
  try {
    return await send();
  } catch (error) {
    if (error instanceof OrderClosedError) await requireOrder(deps, id);
    throw error;
  }
}

/** Checks a delivery form against today's date in the company's time zone; `field` names it in errors. */
export function deliveryData({ config }: ServiceDeps, body: DeliveryInput, field: string): { delivery: DeliveryData; shipDeadline: string } {
  if (body.shipDate < dateIn(config.timezone, new Date())) {
    throw validationFailed([{ field: `${field}.shipDate`, message: 'the ship date is in the past' }]);
  }
  if (body.shipDate > dateIn(config.timezone, new Date(Date.now() + MAX_SHIP_AHEAD_MS))) {
    throw validationFailed([{ field: `${field}.shipDate`, message: 'the ship date is more than a year ahead' }]);
  }
  const delivery = { method: body.method, carrier: body.carrier ?? null, address: body.address ?? null, shipDate: body.shipDate, comment: body.comment ?? null };
  return { delivery, shipDeadline: endOfDay(config.timezone, body.shipDate).toISOString() };
}

export async function qualifyOrder(deps: ServiceDeps, actor: Principal, id: string, input: QualifyInput) {
  const { paymentScheme, prepaymentAmount, delivery } = input;
  const items = await priceItems(deps.db, input.items ?? (await currentRows(deps, id)));
  const total = items.reduce((sum, item) => sum + item.amount, 0);
  const prepayment = prepaymentFor(paymentScheme, total, prepaymentAmount);
  if (!prepayment.ok) throw validationFailed([{ field: `body.${prepayment.field}`, message: prepayment.message }]);
  const qualify = {
    actor: actorOf(actor),
    items,
    paymentScheme,
    prepaymentAmount: prepayment.prepaymentAmount,
    ...(delivery ? { delivery: deliveryData(deps, delivery, 'body.delivery').delivery } : {}),
  };
  await command(deps, id, () => sendCommand(deps, id, qualifyUpdate, qualify));
  return findOrder(deps, actor, id);
}

/** The order's rows as the qualification form would send them again: nothing changed means nothing to retype. */
async function currentRows({ db }: ServiceDeps, id: string): Promise<NonNullable<QualifyInput['items']>> {
  const found = await getOrder(db, id);
  if (!found) throw notFound('Order');
  const rows = found.order.items.map((item) => ({ productId: item.productId, quantity: item.quantity, price: item.price, discountPercent: item.discountPercent }));
  if (!rows.length) throw validationFailed([{ field: 'body.items', message: 'the order has no rows yet: give them' }]);
  return rows;
}

/**
 * The delivery form over what was given at qualification: a field left out takes that value. Switching between
 * delivery and pickup keeps only the date and the comment, so a pickup never carries a stale address.
 */
export async function withQualifiedDelivery({ db }: ServiceDeps, id: string, entry: DeliveryEntry): Promise<DeliveryInput> {
  const found = await getOrder(db, id);
  if (!found) throw notFound('Order');
  const given = found.order.delivery;
  const sameMethod = !entry.method || entry.method === given?.method;
  const earlier = given
    ? { method: given.method, shipDate: given.shipDate, comment: given.comment ?? undefined, ...(sameMethod ? { carrier: given.carrier ?? undefined, address: given.address ?? undefined } : {}) }
    : {};
  const parsed = deliveryBody.safeParse({ ...earlier, ...entry });
  if (!parsed.success) {
    throw validationFailed(parsed.error.issues.map((issue) => ({ field: ['body', ...issue.path].join('.'), message: issue.message })));
  }
  return parsed.data;
}

export async function saveDelivery(deps: ServiceDeps, actor: Principal, id: string, entry: DeliveryEntry) {
  const data = deliveryData(deps, await withQualifiedDelivery(deps, id, entry), 'body');
  await command(deps, id, () => sendCommand(deps, id, saveDeliveryUpdate, { actor: actorOf(actor), ...data }));
  return findOrder(deps, actor, id);
}

export async function cancelOrder(deps: ServiceDeps, actor: Principal, id: string, input: { reason: string; notifyClientOfReason?: boolean }) {
  const { reason, notifyClientOfReason = false } = input;
  await command(deps, id, () => sendCommand(deps, id, cancelUpdate, { actor: actorOf(actor), reason, notifyClientOfReason }));
  return findOrder(deps, actor, id);
}

/** A comment on the order's timeline; on a closed order it is noted by the API, but never sent to the client. */
export async function commentOrder(deps: ServiceDeps, principal: Principal, id: string, input: { text: string; notifyClient?: boolean }) {
  const { db } = deps;
  const { text, notifyClient = false } = input;
  const actor = actorOf(principal);
  let key: string;
  try {
    ({ key } = await command(deps, id, () => sendCommand(deps, id, commentUpdate, { actor, text, notifyClient })));
  } catch (error) {
    if (!(error instanceof OrderClosedError)) throw error;
    if (notifyClient) throw new AppError(409, 'WRONG_STAGE', 'The order is closed: the comment can be noted, but not sent to the client');
    const found = await getOrder(db, id);
    if (!found) throw notFound('Order');
    key = `order-${id}:comment:${randomUUID()}`;
    const data = { text, notifyClient: false };
    await insertTimelineEntry(db, { key, orderId: id, at: new Date(), type: 'comment', actor, data, text: timelineText(found.order.customer.locale, 'comment', data) });
  }
  const [entry] = await getTimeline(db, id, key);
  if (!entry) throw new Error(`comment ${key} was not written`);
  return entry;
}
