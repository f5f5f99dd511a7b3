// Tasks: the lists staff work from and completing one, for the JSON routes and the staff pages alike.
import { getTask, listTasks as queryTasks, toTaskView, workList, type TaskFilter } from '../../db/queries/tasks.ts';
import type { Department } from '../../domain/funnel.ts';
import { mayCompleteTask, type Principal } from '../../domain/roles.ts';
import { completeTaskUpdate } from '../../workflows/shared.ts';
import { markPaymentDelivered } from '../../db/queries/payments.ts';
import { conflict, forbidden, notFound } from '../errors.ts';
import { OrderClosedError, actorOf, sendCommand, settleClosedOrder } from './commands.ts';
import { orderSettings } from './intake.ts';
import type { ServiceDeps } from './deps.ts';
import { decodeCursor, page, type PageRequest } from './pagination.ts';
import { taskView } from './views.ts';
import { storeTaskRefund, type RefundPaid } from './refunds.ts';

export async function listTasks({ db, config }: ServiceDeps, filter: TaskFilter & PageRequest) {
  const rows = await queryTasks(db, { ...filter, cursor: decodeCursor(filter.cursor) });
  return page(rows, filter.limit, (row) => taskView(config, toTaskView(row)));
}

/**
 * What an employee has to do, most urgent first: the open tasks they hold and their department's queue that
 * nobody holds, the first `limits` of each and how many there are (the workspace's task list).
 */
export async function workOf({ db, config }: ServiceDeps, employee: { id: string; department: Department }, limits: { mine: number; queue: number }) {
  const [mine, queue] = await Promise.all([workList(db, { assigneeId: employee.id }, limits.mine), workList(db, { department: employee.department }, limits.queue)]);
  const shown = (list: typeof mine) => ({ items: list.items.map((task) => taskView(config, task)), total: list.total });
  return { mine: shown(mine), queue: shown(queue) };
}

export async function findTask({ db, config }: ServiceDeps, id: string) {
  const found = await getTask(db, id);
  if (!found) throw notFound('Task');
  return taskView(config, found);
}

export interface TaskCompletion {
  comment?: string;
  trackingNumber?: string;
  notifyClient?: boolean;
  /** For a refund task: the money paid back. */
  refund?: RefundPaid;
}

/** Completes a task as `principal` (its assignee or a head of its department) and answers with the task after. */
export async function completeTask(deps: ServiceDeps, principal: Principal, id: string, completion: TaskCompletion) {
  const found = await findTask(deps, id);
  if (!mayCompleteTask(principal, { assigneeId: found.assignee?.id ?? null, department: found.department })) {
    throw forbidden('Only the assignee or a head of the department may complete this task');
  }
  if (completion.refund && found.status !== 'open') throw conflict(`The task is ${found.status} already`);
  const { refund: paid, ...rest } = completion;
  const refund = paid ? await storeTaskRefund(deps, principal, found, paid) : undefined;
  const command = { taskId: found.id, actor: actorOf(principal), ...rest, ...(refund ? { refund } : {}) };
  try {
    await sendCommand(deps, found.orderId, completeTaskUpdate, command);
  } catch (error) {
    // a refund task can outlive its order's workflow (money that came after the settlement window)
    if (!(error instanceof OrderClosedError)) throw error;
    await settleClosedOrder(deps, found.orderId, completeTaskUpdate, command, { orderId: found.orderId, settings: orderSettings(deps.config) });
  }
  // counted with the completion; had it failed, the relay would hand the stored refund to the order
  if (refund) await markPaymentDelivered(deps.db, refund.paymentId);
  return findTask(deps, found.id);
}
