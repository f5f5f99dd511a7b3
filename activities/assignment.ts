// Who gets the work: the responsible manager of an order, and the assignee of a department's task.
import type { Db } from '../db/client.ts';
import { assignManagerOf, leastLoaded } from '../db/queries/assignment.ts';
import type { Department } from '../domain/funnel.ts';
import type { Actor } from '../workflows/shared.ts';

export function createAssignmentActivities({ db }: { db: Db }) {
  return {
    /**
     * Makes the active sales employee with the fewest open orders the order's manager, or nobody when sales
     * has no active employee. Idempotent: an order that already has a manager keeps it.
     */
    async assignManager({ orderId }: { orderId: string }): Promise<Actor | null> {
      return assignManagerOf(db, orderId);
    },

    /**
     * Assignees for `count` new tasks of `department`: each goes to the active employee with the fewest open
     * tasks at that moment (earlier tasks of the same call included). Nobody in the department: null, and
     * the task waits in the department's queue.
     */
    async pickAssignees({ department, count }: { department: Department; count: number }): Promise<(Actor | null)[]> {
      return leastLoaded(db, department, count);
    },
  };
}
