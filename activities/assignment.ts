// Who gets the work: the responsible manager of an order, and the assignee of a department's task.
import { and, asc, eq, notInArray, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { employees, orders, tasks } from '../db/schema.ts';
import type { Department } from '../domain/funnel.ts';
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

    /**
     * Assignees for `count` new tasks of `department`: each goes to the active employee with the fewest open
     * tasks at that moment (earlier tasks of the same call included). Nobody in the department: null, and
     * the task waits in the department's queue.
     */
    async pickAssignees({ department, count }: { department: Department; count: number }): Promise<(Actor | null)[]> {
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
    },
  };
}
