// A new ship date moves the open delivery task's deadline: recomputed in the working calendar (the end of the
// new date's working day, as when the task was opened) and its timer armed anew.
import { taskDeadlineName, taskDeadlineSummary } from '../../domain/operator-texts.ts';
import { openTasks } from '../order-state.ts';
import type { OrderContext } from './context.ts';
import { deadlines, shipDate } from './deadlines.ts';
import { replan } from './escalation.ts';
import { arm, disarm } from './tasks.ts';

/** The delivery task's deadline before and after, or null when no delivery task is open. */
export async function moveDeliveryDeadline(ctx: OrderContext, date: string): Promise<{ before: string; after: string } | null> {
  const task = openTasks(ctx.state).find((t) => t.type === 'delivery');
  if (!task) return null;
  const [shipBy] = await deadlines(ctx, 'Новый срок отгрузки', [shipDate(date)], { tasks: true });
  const before = task.deadline;
  task.deadline = new Date(shipBy!).toISOString();
  // a task overdue on the old date is judged again on the new one
  task.overdue = false;
  disarm(ctx, `task:${task.id}`);
  (ctx.draft.taskUpdates ??= []).push({ id: task.id, deadline: task.deadline, overdue: false });
  const assigneeName = task.assignee?.name ?? null;
  const summary = taskDeadlineSummary(task.type, assigneeName, task.deadline, ctx.input.settings.timezone);
  arm(ctx, `task:${task.id}`, shipBy!, { kind: 'taskDeadline', taskId: task.id }, summary, taskDeadlineName(task.type, assigneeName));
  replan(ctx, task.id);
  return { before, after: task.deadline };
}
