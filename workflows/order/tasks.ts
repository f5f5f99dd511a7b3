// Tasks and their deadlines: one timer per open deadline, in a cancellation scope of its own, so a task
// completed in time never turns overdue and a paid invoice is never reminded of.
import { CancellationScope, condition, isCancellation, sleep } from '@temporalio/workflow';
import type { TaskWrite } from '../../activities/index.ts';
import { formatMoney } from '../../domain/format.ts';
import type { TaskType } from '../../domain/funnel.ts';
import { TASK_DEPARTMENT } from '../../domain/funnel.ts';
import { settlementWindowSummary, taskDeadlineName, taskDeadlineSummary } from '../../domain/operator-texts.ts';
import { taskTitle } from '../../domain/texts.ts';
import { openTasks, type TaskState } from '../order-state.ts';
import type { Actor, CommandActor } from '../shared.ts';
import { pickAssignees } from './activities.ts';
import { entry, notify, now, patchOrder, publish, newTaskId, type Event, type OrderContext } from './context.ts';
import { deadlines, paymentTerm } from './deadlines.ts';

/** Orders started before the window was configurable keep this one. */
const DEFAULT_SETTLEMENT_WINDOW_MS = 30 * 86_400_000;

/**
 * Starts a timer that puts `event` in the inbox at `atMs`. `summary` is what operators read on the timer;
 * `what` names it in the order's current details, beside the time they add.
 */
export function arm(ctx: OrderContext, id: string, atMs: number, event: Event, summary: string, what = summary): void {
  const scope = new CancellationScope();
  ctx.timers.set(id, { scope, atMs, what, event, summary });
  scope.run(() => sleep(Math.max(1, atMs - Date.now()), { summary })).then(
    () => {
      ctx.timers.delete(id);
      ctx.inbox.push(event);
    },
    (error: unknown) => {
      if (!isCancellation(error)) throw error;
    },
  );
}

export function disarm(ctx: OrderContext, id: string): void {
  ctx.timers.get(id)?.scope.cancel();
  ctx.timers.delete(id);
}

export interface TaskDetails {
  itemId?: string;
  subject?: string;
  description?: string;
}

export function openTask(ctx: OrderContext, type: TaskType, assignee: Actor | null, deadlineMs: number, details: TaskDetails = {}): TaskState {
  const { input, state } = ctx;
  const task: TaskState = {
    id: newTaskId(ctx),
    type,
    itemId: details.itemId ?? null,
    department: TASK_DEPARTMENT[type],
    assignee,
    deadline: new Date(deadlineMs).toISOString(),
    status: 'open',
    overdue: false,
  };
  state.tasks.push(task);
  const write: TaskWrite = {
    id: task.id,
    type,
    title: taskTitle(input.locale, type, input.number, details.subject),
    description: details.description ?? '',
    department: task.department,
    assigneeId: assignee?.id ?? null,
    itemId: task.itemId,
    deadline: task.deadline,
  };
  (ctx.draft.tasks ??= []).push(write);
  entry(ctx, 'task_created', {
    taskId: task.id,
    taskType: type,
    title: write.title,
    itemId: task.itemId,
    assigneeId: assignee?.id ?? null,
    assigneeName: assignee?.name ?? null,
    deadline: task.deadline,
  });
  const summary = taskDeadlineSummary(type, assignee?.name ?? null, task.deadline, input.settings.timezone);
  arm(ctx, `task:${task.id}`, deadlineMs, { kind: 'taskDeadline', taskId: task.id }, summary, taskDeadlineName(type, assignee?.name ?? null));
  if (assignee) notify(ctx, 'task_assigned', { kind: 'employee', employeeId: assignee.id }, { taskType: type, subject: details.subject ?? null, deadline: task.deadline, ...(details.description ? { description: details.description } : {}) });
  return task;
}

export function closeTask(ctx: OrderContext, task: TaskState, status: 'done' | 'cancelled', actor: CommandActor, comment?: string): void {
  disarm(ctx, `task:${task.id}`);
  task.status = status;
  (ctx.draft.taskUpdates ??= []).push({
    id: task.id,
    status,
    ...(status === 'done' ? { completedAt: now(), completedById: actor?.id ?? null, comment: comment ?? null } : {}),
  });
  entry(ctx, status === 'done' ? 'task_completed' : 'task_cancelled', { taskId: task.id, taskType: task.type, comment: comment ?? null }, actor);
}

/** The order is overdue while any open task is. */
export function syncOverdue(ctx: OrderContext): void {
  const overdue = openTasks(ctx.state).some((t) => t.overdue);
  if (overdue !== ctx.state.overdue) {
    ctx.state.overdue = overdue;
    patchOrder(ctx, { overdue });
  }
}

/** Money to go back to the client: a task for an accountant, due within the payment term. */
export async function refundTask(ctx: OrderContext, amount: number, why: string): Promise<void> {
  const { input, state } = ctx;
  state.refundsTasked += amount;
  const [accountant] = await pickAssignees.executeWithOptions({ summary: `Бухгалтер для возврата по заказу ${input.number}` }, [
    { department: 'accounting', count: 1 },
  ]);
  const [refundBy] = await deadlines(ctx, 'Срок возврата', [paymentTerm(ctx)], { tasks: true });
  openTask(ctx, 'refund', accountant ?? null, refundBy!, {
    subject: formatMoney(amount, input.currency, input.locale),
    description: why,
  });
}

export function onTaskDeadline(ctx: OrderContext, taskId: string): void {
  const task = ctx.state.tasks.find((t) => t.id === taskId);
  if (!task || task.status !== 'open' || task.overdue) return;
  task.overdue = true;
  (ctx.draft.taskUpdates ??= []).push({ id: task.id, overdue: true });
  entry(ctx, 'task_overdue', { taskId: task.id, taskType: task.type, deadline: task.deadline, assigneeId: task.assignee?.id ?? null });
  const about = { taskType: task.type, deadline: task.deadline, assigneeName: task.assignee?.name ?? null };
  if (task.assignee) notify(ctx, 'task_overdue', { kind: 'employee', employeeId: task.assignee.id }, about);
  // a head who is the assignee has been told already
  notify(ctx, 'task_overdue', { kind: 'heads', department: task.department, ...(task.assignee ? { except: task.assignee.id } : {}) }, about);
}

/** Waits the settlement window for money that still arrives; true when something did. */
export async function settlementWait(ctx: OrderContext): Promise<boolean> {
  const windowMs = ctx.input.settings.settlementWindowMs ?? DEFAULT_SETTLEMENT_WINDOW_MS;
  const until = new Date(Date.now() + windowMs).toISOString();
  const scope = new CancellationScope();
  const elapsed = scope.run(() => sleep(windowMs, { summary: settlementWindowSummary(until, ctx.input.settings.timezone) })).then(
    () => false,
    (error: unknown) => {
      if (isCancellation(error)) return true;
      throw error;
    },
  );
  // shown as the order's next deadline while it waits
  ctx.timers.set('settlement', { scope, atMs: Date.now() + windowMs, what: 'Окно поздних платежей' });
  publish(ctx);
  const arrived = condition(() => ctx.inbox.length > 0).then(() => true);
  const more = await Promise.race([arrived, elapsed]);
  ctx.timers.delete('settlement');
  if (more) scope.cancel();
  return more;
}
