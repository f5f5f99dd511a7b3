// Who answers for an order and its tasks (issue 13): a task handed to another employee or taken from the
// department's queue, and the order's manager replaced. New updates only, so running orders replay as before.
import type { Actor, CommandActor } from '../shared.ts';
import { openTasks, type Command, type TaskState } from '../order-state.ts';
import { entry, notify, patchOrder, type OrderContext } from './context.ts';

type Of<K extends Command['kind']> = Extract<Command, { kind: K }>;

/** Hands `task` to `to`: the read model, the timeline and the new assignee's message. */
export function reassign(ctx: OrderContext, task: TaskState, to: Actor | null, actor: CommandActor): void {
  const from = task.assignee;
  task.assignee = to;
  (ctx.draft.taskUpdates ??= []).push({ id: task.id, assigneeId: to?.id ?? null });
  entry(ctx, 'task_reassigned', { taskId: task.id, taskType: task.type, fromId: from?.id ?? null, fromName: from?.name ?? null, toId: to?.id ?? null, toName: to?.name ?? null }, actor);
  if (to && to.id !== actor?.id) notify(ctx, 'task_assigned', { kind: 'employee', employeeId: to.id }, { taskType: task.type, deadline: task.deadline });
}

export function assignTask(ctx: OrderContext, command: Of<'assignTask'>): void {
  const task = ctx.state.tasks.find((t) => t.id === command.taskId)!;
  reassign(ctx, task, command.assignee, command.actor);
  const from = command.handedOverFrom;
  if (from) notify(ctx, 'tasks_handed_over', { kind: 'heads', department: task.department }, { taskType: task.type, employeeName: from.name, assigneeName: command.assignee?.name ?? null });
}

/** The order's manager, and with it the manager's open sales tasks (and those nobody had). */
export function setManager(ctx: OrderContext, command: Of<'setManager'>): void {
  const { state } = ctx;
  const before = state.manager;
  state.manager = command.manager;
  patchOrder(ctx, { managerId: command.manager.id });
  entry(ctx, 'manager_assigned', { managerId: command.manager.id, managerName: command.manager.name, previousId: before?.id ?? null }, command.actor);
  for (const task of openTasks(state)) {
    if (task.department === 'sales' && task.type !== 'refund' && (task.assignee === null || task.assignee.id === before?.id)) reassign(ctx, task, command.manager, command.actor);
  }
}
