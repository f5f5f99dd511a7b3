// Warnings before a task's deadline and escalation after it, and what the order's manager hears about their
// order (docs/funnel.md, "Warnings and escalation"). When a task opens, its warning (TASK_WARNING_AT of its
// working time gone) and its escalation (ESCALATION_DELAY of working time past the deadline) are computed in
// the working calendar and set as timers; a task closed before them disarms both. Each step happens once.
import { patched } from '@temporalio/workflow';
import { taskEscalationName, taskWarningName, timerSummary } from '../../domain/operator-texts.ts';
import { openTasks, type TaskState } from '../order-state.ts';
import { ORDER_PATCHES } from '../shared.ts';
import { entry, notify, type OrderContext } from './context.ts';
import { deadlines, warningOf, warningRequests } from './deadlines.ts';
import { arm, disarm } from './tasks.ts';

/** Orders started before warnings existed replay without the calendar call and the timers they add. */
const ESCALATION_PATCH = ORDER_PATCHES.taskWarnings;

const warnTimer = (taskId: string) => `warn:${taskId}`;
const escalateTimer = (taskId: string) => `escalate:${taskId}`;

export function startEscalation(ctx: OrderContext): void {
  const settings = ctx.input.settings.escalation;
  if (!settings || !patched(ESCALATION_PATCH)) return;
  ctx.escalation = { warnAtShare: settings.warnAtShare, delayMs: settings.delayMs, planned: new Set(), written: [] };
  if (ctx.chained) ctx.escalation.ahead = new Map();
}

/** A task whose deadline moved: its warning and escalation are dropped, and the event's afterEvent sets them anew. */
export function replan(ctx: OrderContext, taskId: string): void {
  if (!ctx.escalation?.planned.delete(taskId)) return;
  disarm(ctx, warnTimer(taskId));
  disarm(ctx, escalateTimer(taskId));
}

/** What an event's effects mean for warnings: the manager told of what happened, timers set for new tasks and dropped for closed ones. */
export async function afterEvent(ctx: OrderContext): Promise<void> {
  const escalation = ctx.escalation;
  if (!escalation) return;
  tellManager(ctx);
  for (const task of ctx.state.tasks) {
    if (task.status === 'open' || !escalation.planned.has(task.id)) continue;
    disarm(ctx, warnTimer(task.id));
    disarm(ctx, escalateTimer(task.id));
    escalation.planned.delete(task.id);
  }
  const fresh = openTasks(ctx.state).filter((task) => !escalation.planned.has(task.id));
  const ahead = escalation.ahead;
  escalation.ahead &&= new Map();
  if (fresh.length === 0) return;
  // the instants not computed with the task's deadline: a deadline moved, or a run started before that
  const unknown = fresh.filter((task) => !ahead?.has(Date.parse(task.deadline)));
  const wanted = unknown.flatMap((task) => warningRequests(ctx, task.deadline));
  const instants = wanted.length ? await deadlines(ctx, 'Сроки предупреждений и эскалации', wanted) : [];
  const { timezone } = ctx.input.settings;
  let next = 0;
  const take = () => instants[next++]!;
  for (const task of fresh) {
    escalation.planned.add(task.id);
    const { warnAt, escalateAt } = ahead?.get(Date.parse(task.deadline)) ?? warningOf(ctx, take);
    // a task due at once (or already late) has no time left to warn of
    if (warnAt !== null && warnAt < Date.parse(task.deadline)) {
      const name = taskWarningName(task.type, task.assignee?.name ?? null);
      arm(ctx, warnTimer(task.id), warnAt, { kind: 'taskWarning', taskId: task.id }, timerSummary(name, new Date(warnAt).toISOString(), timezone), name);
    }
    const name = taskEscalationName(task.type);
    arm(ctx, escalateTimer(task.id), escalateAt, { kind: 'taskEscalation', taskId: task.id }, timerSummary(name, new Date(escalateAt).toISOString(), timezone), name);
  }
}

const about = (task: TaskState) => ({ taskType: task.type, deadline: task.deadline, assigneeName: task.assignee?.name ?? null });

/** The assignee (or, with nobody assigned, the department's heads) hears that the deadline is near. */
export function onTaskWarning(ctx: OrderContext, taskId: string): void {
  const task = ctx.state.tasks.find((t) => t.id === taskId);
  if (!task || task.status !== 'open' || task.overdue) return;
  entry(ctx, 'task_warning', { taskId: task.id, taskType: task.type, deadline: task.deadline, assigneeId: task.assignee?.id ?? null, assigneeName: task.assignee?.name ?? null });
  const to = task.assignee ? { kind: 'employee' as const, employeeId: task.assignee.id } : { kind: 'heads' as const, department: task.department };
  notify(ctx, 'task_deadline_soon', to, about(task));
}

/** Still overdue after the delay: the order's manager and management hear of it. */
export function onTaskEscalation(ctx: OrderContext, taskId: string): void {
  const task = ctx.state.tasks.find((t) => t.id === taskId);
  if (!task || task.status !== 'open' || !task.overdue) return;
  const manager = ctx.state.manager;
  entry(ctx, 'task_escalated', { taskId: task.id, taskType: task.type, deadline: task.deadline, assigneeId: task.assignee?.id ?? null, managerId: manager?.id ?? null });
  if (manager) notify(ctx, 'task_escalated', { kind: 'employee', employeeId: manager.id }, about(task));
  notify(ctx, 'task_escalated', { kind: 'department', department: 'management', ...(manager ? { except: manager.id } : {}) }, about(task));
}

/**
 * The order's manager hears when the client pays, when production is complete and when a task of the order
 * runs late: read from the event's timeline entries (escalation.written), so the code that writes them need not know.
 */
function tellManager(ctx: OrderContext): void {
  const escalation = ctx.escalation!;
  const written = escalation.written;
  escalation.written = [];
  const manager = ctx.state.manager;
  if (!manager) return;
  const to = { kind: 'employee' as const, employeeId: manager.id };
  for (const { type, data } of written) {
    if (type === 'payment_received' && Number(data.amount) > 0) notify(ctx, 'manager_payment_received', to, { amount: Number(data.amount), due: Number(data.due) });
    if (type === 'stage_changed' && data.from === 'production' && data.to !== 'lost') notify(ctx, 'manager_production_complete', to);
    if (type === 'task_overdue') {
      const task = ctx.state.tasks.find((t) => t.id === data.taskId);
      // the manager's own task: the overdue message reached them already
      if (task && task.assignee?.id !== manager.id) notify(ctx, 'manager_task_late', to, about(task));
    }
  }
}
