// Who gets the work, as the database sees it: the least-loaded sales employee as an order's manager, and the
// least-loaded employees of a department for its new tasks.
import { and, asc, eq, isNull, notInArray, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { employees, orders, tasks } from '../schema.ts';
import type { Department } from '../../domain/funnel.ts';
import { CLOSED_STAGES } from '../../domain/funnel.ts';

export interface Assignee {
  id: string;
  name: string;
}

/** Serialises assignments so that two orders arriving together do not both pick the same least-loaded manager. */
const ASSIGNMENT_LOCK = 7_233_002;

/** The order's manager: the one it has, else the active sales employee with the fewest open orders, else null. */
export async function assignManagerOf(db: Db, orderId: string): Promise<Assignee | null> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${ASSIGNMENT_LOCK})`);
    const [current] = await tx
      .select({ id: employees.id, name: employees.name })
      .from(orders)
      .innerJoin(employees, eq(employees.id, orders.managerId))
      .where(eq(orders.id, orderId));
    if (current) return current;

    const openOrders = tx
      .select({ managerId: orders.managerId, count: sql<number>`count(*)::int`.as('open_count') })
      .from(orders)
      .where(notInArray(orders.stage, [...CLOSED_STAGES]))
      .groupBy(orders.managerId)
      .as('open_orders');
    const [chosen] = await tx
      .select({ id: employees.id, name: employees.name })
      .from(employees)
      .leftJoin(openOrders, eq(openOrders.managerId, employees.id))
      .where(and(eq(employees.department, 'sales'), eq(employees.active, true)))
      .orderBy(sql`coalesce(${openOrders.count}, 0)`, asc(employees.createdAt), asc(employees.id))
      .limit(1);
    if (!chosen) return null;
    await tx.update(orders).set({ managerId: chosen.id }).where(eq(orders.id, orderId));
    return chosen;
  });
}

/** `count` assignees of `department`, each the active employee with the fewest open tasks at that moment. */
export async function leastLoaded(db: Db, department: Department, count: number): Promise<(Assignee | null)[]> {
  const openTasks = db
    .select({ assigneeId: tasks.assigneeId, count: sql<number>`count(*)::int`.as('open_count') })
    .from(tasks)
    .where(eq(tasks.status, 'open'))
    .groupBy(tasks.assigneeId)
    .as('open_tasks');
  const candidates = await db
    .select({ id: employees.id, name: employees.name, load: sql<number>`coalesce(${openTasks.count}, 0)` })
    .from(employees)
    .leftJoin(openTasks, eq(openTasks.assigneeId, employees.id))
    .where(and(eq(employees.department, department), eq(employees.active, true)))
    .orderBy(asc(employees.createdAt), asc(employees.id));
  return Array.from({ length: count }, () => {
    let chosen: (typeof candidates)[number] | undefined;
    for (const candidate of candidates) if (!chosen || candidate.load < chosen.load) chosen = candidate;
    if (!chosen) return null;
    chosen.load += 1;
    return { id: chosen.id, name: chosen.name };
  });
}

/** How many active employees `department` has. */
export async function activeCount(db: Db, department: Department): Promise<number> {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(employees)
    .where(and(eq(employees.department, department), eq(employees.active, true)));
  return row?.count ?? 0;
}

/** Open orders that have no manager: created while sales had nobody active. */
export async function ordersWithoutManager(db: Db): Promise<string[]> {
  const rows = await db
    .select({ id: orders.id })
    .from(orders)
    .where(and(isNull(orders.managerId), notInArray(orders.stage, [...CLOSED_STAGES])))
    .orderBy(asc(orders.createdAt), asc(orders.id));
  return rows.map((r) => r.id);
}
