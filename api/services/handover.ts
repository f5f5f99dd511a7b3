// Work that follows people (issue 13): the first active employee of a department takes its queue (and, in
// sales, the orders that never had a manager); a deactivated employee's open tasks go to the least-loaded
// colleague, or back to the queue, and the department head is told. Both run after the employee's row is
// committed, task by task through the orders' own updates: best effort, a failure is logged and the rest go
// on. A 409 means someone else moved that task or order first, which is what was wanted.
import { activeCount, leastLoaded, ordersWithoutManager } from '../../db/queries/assignment.ts';
import { heldTasks, queuedTasks } from '../../db/queries/tasks.ts';
import type { Department } from '../../domain/funnel.ts';
import { assignTaskUpdate, setManagerUpdate, type Actor, type CommandActor } from '../../workflows/shared.ts';
import { AppError } from '../errors.ts';
import { sendCommand } from './commands.ts';
import type { ServiceDeps, ServiceLog } from './deps.ts';

export interface Handed {
  orderId: string;
  taskId?: string;
  outcome: 'done' | 'taken' | 'failed';
}

const quiet: ServiceLog = { info: () => {}, warn: () => {}, error: () => {} };

/** Sends one update; a refusal (409/404) is "someone else did it", anything else is logged. */
async function attempt(deps: ServiceDeps, log: ServiceLog, about: Omit<Handed, 'outcome'>, send: () => Promise<unknown>): Promise<Handed> {
  try {
    await send();
    return { ...about, outcome: 'done' };
  } catch (error) {
    if (error instanceof AppError && (error.status === 409 || error.status === 404)) return { ...about, outcome: 'taken' };
    log.error({ ...about, err: error }, 'handing work over failed');
    return { ...about, outcome: 'failed' };
  }
}

/** When `employee` is the only active member of their department: its queue, and in sales the unmanaged orders. */
export async function giveWaitingWork(deps: ServiceDeps, employee: Actor & { department: Department }, log: ServiceLog = quiet): Promise<Handed[]> {
  if ((await activeCount(deps.db, employee.department)) !== 1) return [];
  const assignee = { id: employee.id, name: employee.name };
  const results: Handed[] = [];
  if (employee.department === 'sales') {
    // the manager's update also moves the order's queued sales tasks to them
    for (const orderId of await ordersWithoutManager(deps.db)) {
      results.push(await attempt(deps, log, { orderId }, () => sendCommand(deps, orderId, setManagerUpdate, { actor: null, manager: assignee })));
    }
  }
  for (const task of await queuedTasks(deps.db, employee.department)) {
    const command = { actor: null, taskId: task.id, assignee, onlyIfUnassigned: true };
    results.push(await attempt(deps, log, { orderId: task.orderId, taskId: task.id }, () => sendCommand(deps, task.orderId, assignTaskUpdate, command)));
  }
  return results;
}

/** Hands the open tasks of `employee`, just deactivated, to the least-loaded active colleagues or the queue. */
export async function handOverTasks(deps: ServiceDeps, employee: Actor, actor: CommandActor, log: ServiceLog = quiet): Promise<Handed[]> {
  const held = await heldTasks(deps.db, employee.id);
  const results: Handed[] = [];
  for (const department of new Set(held.map((t) => t.department))) {
    const ofDepartment = held.filter((t) => t.department === department);
    const picks = await leastLoaded(deps.db, department, ofDepartment.length);
    for (const [index, task] of ofDepartment.entries()) {
      const command = { actor, taskId: task.id, assignee: picks[index] ?? null, handedOverFrom: employee };
      results.push(await attempt(deps, log, { orderId: task.orderId, taskId: task.id }, () => sendCommand(deps, task.orderId, assignTaskUpdate, command)));
    }
  }
  return results;
}
