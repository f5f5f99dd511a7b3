// One order's life as a durable workflow. Deterministic: no I/O, no clock or randomness but the workflow API's.
import {
  condition,
  log,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  upsertSearchAttributes,
  uuid4,
} from '@temporalio/workflow';
import type { OrderActivities, TaskWrite, TimelineWrite } from '../activities/index.ts';
import type { Department, Stage, TaskType } from '../domain/funnel.ts';
import { TASK_DEPARTMENT } from '../domain/funnel.ts';
import { taskTitle } from '../domain/texts.ts';
import {
  intakeUpdate,
  searchAttributes,
  stateQuery,
  type Actor,
  type OpenTaskView,
  type OrderStateView,
  type OrderWorkflowInput,
} from './shared.ts';

const { assignManager, recordChange } = proxyActivities<OrderActivities>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '500ms', backoffCoefficient: 2, maximumInterval: '30s' },
});

interface Task extends OpenTaskView {
  department: Department;
}

export async function orderWorkflow(input: OrderWorkflowInput): Promise<void> {
  const { orderId, number, locale, settings } = input;
  const workflowKey = `order-${orderId}`;
  let stage: Stage = 'new';
  let manager: Actor | null = null;
  let seq = 0;
  let intakeDone = false;
  const tasks: Task[] = [];

  const view = (): OrderStateView => ({
    stage,
    manager,
    due: input.amount,
    overdue: tasks.some((t) => t.overdue),
    openTasks: tasks.map(({ id, type, assignee, deadline, overdue }) => ({ id, type, assignee, deadline, overdue })),
  });

  const publish = () => {
    upsertSearchAttributes([
      { key: searchAttributes.stage, value: stage },
      { key: searchAttributes.managerId, value: manager?.id ?? null },
      { key: searchAttributes.amountDue, value: input.amount },
      { key: searchAttributes.overdue, value: view().overdue },
    ]);
    const open = tasks.map((t) => `- ${t.type} → ${t.assignee?.name ?? t.department} (deadline ${t.deadline})`);
    setCurrentDetails(
      [`**Stage:** ${stage}`, `**Due:** ${input.amount} ${input.currency}`, '**Open tasks:**', ...(open.length ? open : ['- none'])].join(
        '\n',
      ),
    );
  };

  const newTask = (type: TaskType, deadlineMs: number, assignee: Actor | null): { task: Task; write: TaskWrite } => {
    const id = uuid4();
    const deadline = new Date(Date.now() + deadlineMs).toISOString();
    const department = TASK_DEPARTMENT[type];
    const title = taskTitle(locale, type, number);
    return {
      task: { id, type, assignee, deadline, overdue: false, department },
      write: { id, type, title, department, assigneeId: assignee?.id ?? null, deadline },
    };
  };

  const timelineEntry = (step: string, type: TimelineWrite['type'], data: Record<string, unknown>): TimelineWrite => ({
    key: `${workflowKey}:${step}`,
    type,
    data,
  });

  setHandler(stateQuery, view);
  setHandler(intakeUpdate, async () => {
    await condition(() => intakeDone);
    return view();
  });

  // Stage `new`: a responsible manager, and the manager's task to take the order in work.
  manager = await assignManager({ orderId });
  const takeInWork = newTask('take_in_work', settings.sla.takeInWorkMs, manager);
  tasks.push(takeInWork.task);
  await recordChange({
    orderId,
    seq: ++seq,
    at: new Date(Date.now()).toISOString(),
    order: { managerId: manager?.id ?? null },
    tasks: [takeInWork.write],
    timeline: [
      timelineEntry('manager_assigned', 'manager_assigned', { managerId: manager?.id ?? null, managerName: manager?.name ?? null }),
      timelineEntry(`task_created:${takeInWork.task.id}`, 'task_created', {
        taskId: takeInWork.task.id,
        taskType: takeInWork.task.type,
        title: takeInWork.write.title,
        assigneeId: manager?.id ?? null,
        assigneeName: manager?.name ?? null,
        deadline: takeInWork.task.deadline,
      }),
    ],
  });
  intakeDone = true;
  publish();
  log.info('order taken into the funnel', { orderId, number, managerId: manager?.id ?? null });

  // The stages after `new` come with the funnel (issue #3); until then the order waits here.
  await condition(() => false);
}
