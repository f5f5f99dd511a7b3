// Applies one change of an order's workflow to the read model. Each change carries the workflow's sequence
// number and the workflow time of the attempt that wrote it: the whole change (its queued messages included)
// is applied in one transaction and only if it is newer than what the order holds, so a retried or late write
// never applies twice and never moves an order backwards. Newer means a later attempt, then a higher number:
// a workflow task that died after its local activity wrote change N is run again from its last completed
// task, and that attempt's change N (which may hold other events, a signal taken first) replaces it.
import { and, eq, inArray, lt, max, ne, notInArray, or } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { invoices, orderItems, orders, stagesReached, tasks, timeline, type CustomerRecord } from '../schema.ts';
import type { Delivery, Department, ItemStatus, Locale, PaymentScheme, Stage, TaskStatus, TaskType, TimelineType } from '../../domain/funnel.ts';
import type { InvoiceStatus } from '../../domain/qualification.ts';
import { timelineText } from '../../domain/texts.ts';
import type { Actor, PricedItem } from '../../workflows/shared.ts';
import { enqueueNotifications, type OutboxMessage } from './outbox.ts';

export interface TaskWrite {
  id: string;
  type: TaskType;
  title: string;
  description?: string;
  department: Department;
  assigneeId: string | null;
  itemId?: string | null;
  deadline: string;
}

export interface TimelineWrite {
  /** Derived from the workflow id and the step: the same step never writes twice. */
  key: string;
  type: TimelineType;
  actor?: Actor | null;
  data: Record<string, unknown>;
}

export interface TaskUpdate {
  id: string;
  status?: TaskStatus;
  overdue?: boolean;
  completedAt?: string;
  completedById?: string | null;
  comment?: string | null;
  /** A moved deadline (a changed ship date). */
  deadline?: string;
  /** A task handed to someone else, or back to its department's queue (null). */
  assigneeId?: string | null;
}

export interface OrderPatch {
  stage?: Stage;
  managerId?: string | null;
  overdue?: boolean;
  closedAt?: string | null;
  amount?: number;
  vat?: number;
  paymentScheme?: PaymentScheme;
  prepaymentAmount?: number;
  paid?: number;
  delivery?: Delivery;
  productionCost?: number;
  margin?: number;
  marginBasisPoints?: number | null;
  productionStartedAt?: string;
  customer?: CustomerRecord;
  locale?: Locale;
}

/**
 * One step of the workflow, written in one transaction. The workflow sends its changes one at a time, in
 * order, so skipping a change that is not newer than the order's version only ever skips a retry.
 */
export interface OrderChange {
  orderId: string;
  seq: number;
  /** Workflow time of the event the change belongs to. */
  at: string;
  /**
   * Workflow time (ms) of the attempt that sends the change: a later attempt of a workflow task always has a
   * later time. Absent (0) from the first workflow version, which never wrote a change twice.
   */
  basis?: number;
  /**
   * The tasks open in the workflow after this change. When the change replaces one a dead attempt wrote,
   * open tasks of the read model that are not here are that attempt's and go; tasks here that the attempt
   * closed open again.
   */
  openTaskIds?: string[];
  order?: OrderPatch;
  /** The order's rows, replaced whole (qualification). */
  items?: PricedItem[];
  /** Rows taken out of the order in production: their tasks let go of them first (workflows/order/changes.ts). */
  removedItems?: string[];
  /** Rows added in production, after the existing ones. */
  addedItems?: PricedItem[];
  itemStatuses?: { id: string; status: ItemStatus }[];
  itemCosts?: { id: string; costPrice: number; productionCost: number }[];
  tasks?: TaskWrite[];
  taskUpdates?: TaskUpdate[];
  invoiceUpdates?: { id: string; paid?: number; status?: InvoiceStatus }[];
  timeline?: TimelineWrite[];
  /** Messages the step causes: queued in the same transaction, sent later by the mail dispatcher. */
  notifications?: OutboxMessage[];
}

/** Writes `change` unless the order already holds it or a later one; `staffLocale` is the language of staff mail. */
export async function applyOrderChange(db: Db, change: OrderChange, staffLocale: Locale): Promise<{ applied: boolean }> {
  const at = new Date(change.at);
  const basis = change.basis ?? 0;
  return db.transaction(async (tx) => {
    const { closedAt, productionStartedAt, ...patch } = change.order ?? {};
    // sent together (one round trip): the version before, locked, then the update if this change is newer
    const [[before], [row]] = await Promise.all([
      tx.select({ version: orders.version }).from(orders).where(eq(orders.id, change.orderId)).for('update'),
      tx
        .update(orders)
        .set({
          ...patch,
          ...(closedAt !== undefined ? { closedAt: closedAt ? new Date(closedAt) : null } : {}),
          ...(productionStartedAt ? { productionStartedAt: new Date(productionStartedAt) } : {}),
          version: change.seq,
          versionAt: basis,
          updatedAt: at,
        })
        .where(and(eq(orders.id, change.orderId), or(lt(orders.versionAt, basis), and(eq(orders.versionAt, basis), lt(orders.version, change.seq)))))
        // the client's address comes back with the update, so the step's messages to the client need no read
        .returning({ locale: orders.locale, customer: orders.customer }),
    ]);
    if (!row) return { applied: false };
    const replaces = before !== undefined && before.version >= change.seq;

    // The rest of the change is sent at once and runs in this order on the transaction's connection (pipelined):
    // one round trip for all of it instead of one per statement, while the workflow task waits.
    const writes: PromiseLike<unknown>[] = [];
    if (patch.stage) writes.push(tx.insert(stagesReached).values({ stage: patch.stage, orderId: change.orderId }).onConflictDoNothing());
    if (change.items) {
      writes.push(tx.delete(orderItems).where(eq(orderItems.orderId, change.orderId)));
      if (change.items.length) {
        writes.push(tx.insert(orderItems).values(change.items.map((item, position) => ({ ...item, orderId: change.orderId, position }))));
      }
    }
    if (change.removedItems?.length) await removeItems(tx, change.orderId, change.removedItems);
    if (change.addedItems?.length) await addItems(tx, change.orderId, change.addedItems);
    for (const { id, status } of change.itemStatuses ?? []) {
      writes.push(tx.update(orderItems).set({ status }).where(eq(orderItems.id, id)));
    }
    for (const { id, costPrice, productionCost } of change.itemCosts ?? []) {
      writes.push(tx.update(orderItems).set({ costPrice, productionCost }).where(eq(orderItems.id, id)));
    }

    if (change.tasks?.length) {
      const taskRows = tx
        .insert(tasks)
        .values(
          change.tasks.map((t) => ({
            id: t.id,
            orderId: change.orderId,
            itemId: t.itemId ?? null,
            type: t.type,
            title: t.title,
            description: t.description ?? '',
            department: t.department,
            assigneeId: t.assigneeId,
            deadline: new Date(t.deadline),
            createdAt: at,
          })),
        )
        .onConflictDoNothing();
      writes.push(taskRows);
    }
    for (const { id, completedAt, deadline, ...update } of change.taskUpdates ?? []) {
      writes.push(
        tx
          .update(tasks)
          .set({ ...update, ...(completedAt ? { completedAt: new Date(completedAt) } : {}), ...(deadline ? { deadline: new Date(deadline) } : {}) })
          .where(eq(tasks.id, id)),
      );
    }
    for (const { id, ...update } of change.invoiceUpdates ?? []) {
      writes.push(tx.update(invoices).set(update).where(eq(invoices.id, id)));
    }
    if (change.timeline?.length) {
      const entries = tx
        .insert(timeline)
        .values(
          change.timeline.map((entry) => ({
            key: entry.key,
            orderId: change.orderId,
            at,
            type: entry.type,
            actorId: entry.actor?.id ?? null,
            actorName: entry.actor?.name ?? null,
            text: timelineText(row.locale as Locale, entry.type, entry.data),
            data: entry.data,
          })),
        )
        .onConflictDoNothing({ target: timeline.key });
      writes.push(entries);
    }
    const locale = row.locale as Locale;
    writes.push(enqueueNotifications(tx, change.notifications ?? [], staffLocale, { orderId: change.orderId, email: row.customer.email ?? null, locale }));
    if (replaces && change.openTaskIds) writes.push(...healTasks(tx, change.orderId, change.openTaskIds));
    await Promise.all(writes);
    return { applied: true };
  });
}

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/**
 * After a change that replaced a dead attempt's: the order's tasks as the workflow has them. A task that attempt
 * opened and the workflow does not have goes (the workflow made it again, with the same id, if the event
 * comes again); one it closed that the workflow holds open is open again.
 */
function healTasks(tx: Tx, orderId: string, openIds: string[]): PromiseLike<unknown>[] {
  const phantom = and(eq(tasks.orderId, orderId), eq(tasks.status, 'open'), openIds.length ? notInArray(tasks.id, openIds) : undefined);
  const heal: PromiseLike<unknown>[] = [tx.delete(tasks).where(phantom)];
  if (openIds.length) {
    heal.push(
      tx
        .update(tasks)
        .set({ status: 'open', completedAt: null, completedById: null, comment: null })
        .where(and(eq(tasks.orderId, orderId), inArray(tasks.id, openIds), ne(tasks.status, 'open'))),
    );
  }
  return heal;
}

/** A cancelled production task keeps its title (which names the row) but no longer points at the row. */
async function removeItems(tx: Tx, orderId: string, ids: string[]): Promise<void> {
  await tx.update(tasks).set({ itemId: null }).where(and(eq(tasks.orderId, orderId), inArray(tasks.itemId, ids)));
  await tx.delete(orderItems).where(and(eq(orderItems.orderId, orderId), inArray(orderItems.id, ids)));
}

async function addItems(tx: Tx, orderId: string, items: PricedItem[]): Promise<void> {
  const [last] = await tx.select({ position: max(orderItems.position) }).from(orderItems).where(eq(orderItems.orderId, orderId));
  const first = (last?.position ?? -1) + 1;
  await tx.insert(orderItems).values(items.map((item, index) => ({ ...item, orderId, position: first + index }))).onConflictDoNothing();
}
