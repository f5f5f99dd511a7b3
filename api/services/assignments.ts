// Handing work to people (issue 13): a task assigned or taken from its department's queue, and an order's
// manager replaced. The workflow decides whether the task or order still allows it (409, nothing changes).
import { getEmployee } from '../../db/queries/employees.ts';
import { mayAssignTask, maySetManager } from '../../domain/assignment-rules.ts';
import type { Principal } from '../../domain/roles.ts';
import { assignTaskUpdate, setManagerUpdate, type Actor } from '../../workflows/shared.ts';
import { AppError, forbidden } from '../errors.ts';
import { actorOf, sendCommand } from './commands.ts';
import type { ServiceDeps } from './deps.ts';
import { findOrder } from './orders.ts';
import { findTask } from './tasks.ts';

const unprocessable = (message: string) => new AppError(422, 'VALIDATION_FAILED', message);

/** An active employee of `department` (any department when not given), as the workflow names people. */
async function colleague({ db }: ServiceDeps, id: string, department?: string): Promise<Actor> {
  const found = await getEmployee(db, id);
  if (!found || !found.active) throw unprocessable('No active employee with this id');
  if (department && found.department !== department) throw unprocessable(`The employee is not in the ${department} department`);
  return { id: found.id, name: found.name };
}

/** Assigns the task to `assigneeId`, or, without one, gives it to the caller from the department's queue. */
export async function assignTask(deps: ServiceDeps, principal: Principal, id: string, body: { assigneeId?: string | null }) {
  const task = await findTask(deps, id);
  const assigning = body.assigneeId !== undefined;
  if (!mayAssignTask(principal, task, assigning)) {
    throw forbidden(assigning ? 'Only management and heads of the task’s department assign tasks' : 'Only members of the task’s department take it from the queue');
  }
  if (!assigning && principal.kind !== 'employee') throw unprocessable('Name the assignee: the admin key takes no tasks');
  const assignee = !assigning ? { id: principal.id!, name: principal.name } : body.assigneeId === null ? null : await colleague(deps, body.assigneeId!, task.department);
  await sendCommand(deps, task.orderId, assignTaskUpdate, { actor: actorOf(principal), taskId: task.id, assignee, ...(assigning ? {} : { onlyIfUnassigned: true }) });
  return findTask(deps, task.id);
}

/** Makes `managerId`, an active sales employee, the order's manager. */
export async function setOrderManager(deps: ServiceDeps, principal: Principal, orderId: string, body: { managerId: string }) {
  if (!maySetManager(principal)) throw forbidden('Only management and heads of sales change an order’s manager');
  const manager = await colleague(deps, body.managerId, 'sales');
  await findOrder(deps, principal, orderId);
  await sendCommand(deps, orderId, setManagerUpdate, { actor: actorOf(principal), manager });
  return findOrder(deps, principal, orderId);
}
