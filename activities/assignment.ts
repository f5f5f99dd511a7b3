// Who gets the work: the responsible manager of an order, and the assignee of a department's task.
import { and, asc, eq, notInArray, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { employees, orders } from '../db/schema.ts';
import { CLOSED_STAGES } from '../domain/funnel.ts';
import type { Actor } from '../workflows/shared.ts';

/** Serialises assignments so that two orders arriving together do not both pick the same least-loaded manager. */
const ASSIGNMENT_LOCK = 7_233_002;

export function createAssignmentActivities({ db }: { db: Db }) {
  return {
    /**
     * Makes the active sales employee with the fewest open orders the order's manager, or nobody when sales
     * has no active employee. Idempotent: an order that already has a manager keeps it.
     */
    async assignManager({ orderId }: { orderId: string }): Promise<Actor | null> {
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
    },
  };
}
