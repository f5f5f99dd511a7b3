import { and, asc, eq, ilike, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import { dueOf, overpaidOf, type PricedItem } from '../../domain/money.ts';
import type { Locale, Stage } from '../../domain/funnel.ts';
import type { Db, Reader } from '../client.ts';
import { employees, idempotencyKeys, numberCounters, orderItems, orders, timeline, type CustomerRecord } from '../schema.ts';
import { escapeLike } from './products.ts';
import { keyset } from './keyset.ts';
import { getInvoicesOfOrders } from './invoices.ts';
import { getTasksOfOrders } from './tasks.ts';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** Next gapless number of `kind` in `year`, taken inside the caller's transaction so a rollback leaves no gap. */
export async function nextNumber(tx: Tx, kind: 'order' | 'invoice', year: number): Promise<number> {
  const [row] = await tx
    .insert(numberCounters)
    .values({ kind, year, last: 1 })
    .onConflictDoUpdate({ target: [numberCounters.kind, numberCounters.year], set: { last: sql`${numberCounters.last} + 1` } })
    .returning({ last: numberCounters.last });
  if (!row) throw new Error('number counter did not return a value');
  return row.last;
}

export interface IdempotencyClaim {
  scope: string;
  key: string;
  requestHash: string;
}

/**
 * Claims an idempotency key for `orderId`. Returns the order id the key belongs to and whether the request
 * matches the one that first used it.
 */
export async function claimIdempotencyKey(tx: Tx, claim: IdempotencyClaim, orderId: string) {
  const [inserted] = await tx
    .insert(idempotencyKeys)
    .values({ ...claim, orderId })
    .onConflictDoNothing()
    .returning({ orderId: idempotencyKeys.orderId });
  if (inserted) return { orderId, fresh: true, sameRequest: true };
  const [existing] = await tx
    .select({ orderId: idempotencyKeys.orderId, requestHash: idempotencyKeys.requestHash })
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.scope, claim.scope), eq(idempotencyKeys.key, claim.key)));
  if (!existing) throw new Error('idempotency key vanished');
  return { orderId: existing.orderId, fresh: false, sameRequest: existing.requestHash === claim.requestHash };
}

export type IntakeItem = PricedItem;

export interface Intake {
  id: string;
  number: string;
  customer: CustomerRecord;
  locale: Locale;
  currency: string;
  amount: number;
  vat: number;
  comment: string | null;
  externalId: string | null;
  clientToken: string;
  createdById: string | null;
  createdAt: Date;
  items: IntakeItem[];
  createdEntry: { key: string; text: string; actor: { id: string; name: string } | null; data: Record<string, unknown> };
}

/** Writes a new order in stage `new` with its rows and its first timeline entry. */
export async function insertIntake(tx: Tx, intake: Intake): Promise<void> {
  const { items, createdEntry, ...order } = intake;
  await tx.insert(orders).values({ ...order, stage: 'new', updatedAt: order.createdAt });
  if (items.length) {
    await tx.insert(orderItems).values(items.map((item, position) => ({ ...item, orderId: order.id, position })));
  }
  await tx.insert(timeline).values({
    key: createdEntry.key,
    orderId: order.id,
    at: order.createdAt,
    type: 'order_created',
    actorId: createdEntry.actor?.id ?? null,
    actorName: createdEntry.actor?.name ?? null,
    text: createdEntry.text,
    data: createdEntry.data,
  });
}

const orderColumns = {
  id: orders.id,
  number: orders.number,
  stage: orders.stage,
  customer: orders.customer,
  locale: orders.locale,
  managerId: orders.managerId,
  managerName: employees.name,
  currency: orders.currency,
  amount: orders.amount,
  vat: orders.vat,
  paymentScheme: orders.paymentScheme,
  prepaymentAmount: orders.prepaymentAmount,
  paid: orders.paid,
  productionCost: orders.productionCost,
  margin: orders.margin,
  marginBasisPoints: orders.marginBasisPoints,
  delivery: orders.delivery,
  overdue: orders.overdue,
  comment: orders.comment,
  externalId: orders.externalId,
  clientToken: orders.clientToken,
  version: orders.version,
  createdAt: orders.createdAt,
  updatedAt: orders.updatedAt,
  closedAt: orders.closedAt,
};

type OrderRow = Awaited<ReturnType<typeof selectOrders>>[number];

function selectOrders(db: Reader, where: SQL | undefined, orderBy: SQL[] = [], limit?: number) {
  const query = db.select(orderColumns).from(orders).leftJoin(employees, eq(employees.id, orders.managerId)).where(where).orderBy(...orderBy);
  return limit ? query.limit(limit) : query;
}

export function toOrderSummary(row: OrderRow) {
  return {
    id: row.id,
    number: row.number,
    stage: row.stage,
    customer: { ...row.customer, locale: row.locale },
    manager: row.managerId && row.managerName ? { id: row.managerId, name: row.managerName } : null,
    currency: row.currency,
    totals: { amount: row.amount, vat: row.vat, netOfVat: row.amount - row.vat },
    paymentScheme: row.paymentScheme,
    prepaymentAmount: row.prepaymentAmount,
    paid: row.paid,
    due: dueOf(row.amount, row.paid),
    overpaid: overpaidOf(row.amount, row.paid),
    productionCost: row.productionCost,
    margin: row.margin,
    marginPercent: row.marginBasisPoints === null ? null : row.marginBasisPoints / 100,
    delivery: row.delivery,
    overdue: row.overdue,
    comment: row.comment,
    externalId: row.externalId,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    closedAt: row.closedAt?.toISOString() ?? null,
  };
}

async function getItemsOfOrders(db: Reader, orderIds: string[]) {
  const rows = await db.select().from(orderItems).where(inArray(orderItems.orderId, orderIds)).orderBy(asc(orderItems.orderId), asc(orderItems.position));
  return rows.map((row) => ({
    orderId: row.orderId,
    id: row.id,
    productId: row.productId,
    sku: row.sku,
    name: row.name,
    unit: row.unit,
    quantity: row.quantityMilli / 1000,
    price: row.price,
    discountPercent: row.discountHundredths / 100,
    vatRate: row.vatRate,
    amount: row.amount,
    vat: row.vat,
    costPrice: row.costPrice,
    productionCost: row.productionCost,
    status: row.status,
  }));
}

/** `list` by the order each row belongs to, in the list's own sequence. */
function byOrder<T extends { orderId: string }>(list: T[]): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const row of list) map.set(row.orderId, [...(map.get(row.orderId) ?? []), row]);
  return map;
}

/** The full order of `GET /orders/:id`, with its version (how many workflow changes it has seen). */
export async function getOrder(db: Db, id: string) {
  return (await getOrders(db, [id]))[0];
}

/**
 * Full orders by id in four queries whatever their number (orders, rows, tasks, invoices), for pages that
 * show many at once; ids not found are left out. The four read one snapshot, sent together on one connection:
 * read side by side on the pool, an order could show the stage of a change whose tasks it did not yet show.
 */
export async function getOrders(db: Db, ids: string[]) {
  if (ids.length === 0) return [];
  const [rows, items, tasks, invoices] = await db.transaction(
    (tx) => Promise.all([selectOrders(tx, inArray(orders.id, ids)), getItemsOfOrders(tx, ids), getTasksOfOrders(tx, ids), getInvoicesOfOrders(tx, ids)]),
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
  const [itemsOf, tasksOf, invoicesOf] = [byOrder(items), byOrder(tasks), byOrder(invoices)];
  return rows.map((row) => ({
    order: { ...toOrderSummary(row), items: (itemsOf.get(row.id) ?? []).map(({ orderId: _order, ...item }) => item), tasks: tasksOf.get(row.id) ?? [], invoices: invoicesOf.get(row.id) ?? [] },
    version: row.version,
    clientToken: row.clientToken,
  }));
}

export interface OrderFilter {
  stage?: Stage;
  managerId?: string;
  overdue?: boolean;
  q?: string;
  /** true: something is still to pay (total above paid); false: nothing is. */
  due?: boolean;
  /** true: paid above the total, to refund; false: not. */
  overpaid?: boolean;
}

/** Orders for the list view, one more than `limit`; shown without their items, tasks and invoices. */
export async function listOrders(db: Db, filter: OrderFilter & { limit: number; cursor?: { at: Date; id: string } }) {
  const page = keyset(orders.createdAt, orders.id, filter.cursor);
  const pattern = filter.q ? `%${escapeLike(filter.q)}%` : undefined;
  return selectOrders(
    db,
    and(
      filter.stage ? eq(orders.stage, filter.stage) : undefined,
      filter.managerId ? eq(orders.managerId, filter.managerId) : undefined,
      filter.overdue !== undefined ? eq(orders.overdue, filter.overdue) : undefined,
      filter.due === undefined ? undefined : filter.due ? sql`${orders.amount} > ${orders.paid}` : sql`${orders.amount} <= ${orders.paid}`,
      filter.overpaid === undefined ? undefined : filter.overpaid ? sql`${orders.paid} > ${orders.amount}` : sql`${orders.paid} <= ${orders.amount}`,
      pattern
        ? or(
            ilike(orders.number, pattern),
            sql`${orders.customer}->>'name' ilike ${pattern}`,
            sql`${orders.customer}->>'email' ilike ${pattern}`,
            sql`${orders.customer}->>'phone' ilike ${pattern}`,
            sql`${orders.customer}->>'company' ilike ${pattern}`,
          )
        : undefined,
      page.where,
    ),
    page.orderBy as SQL[],
    filter.limit + 1,
  );
}

export async function orderExists(db: Db, id: string): Promise<boolean> {
  const [row] = await db.select({ id: orders.id }).from(orders).where(eq(orders.id, id));
  return row !== undefined;
}

/** Orders stored before `before` that no workflow has written to yet: their start failed or was cut short. */
export async function unstartedOrderIds(db: Db, params: { before: Date; limit: number }): Promise<string[]> {
  const rows = await db
    .select({ id: orders.id })
    .from(orders)
    .where(and(eq(orders.version, 0), lt(orders.createdAt, params.before)))
    .orderBy(asc(orders.createdAt))
    .limit(params.limit);
  return rows.map((row) => row.id);
}
