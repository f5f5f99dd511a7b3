// One order's life as a durable workflow (type orderWorkflowV2): the funnel of docs/funnel.md from `new` to `won`
// or `lost`. Deterministic: no I/O, no clock or randomness but the workflow API's.
//
// A single main loop takes one event at a time (a staff command, a payment, a deadline) and writes its
// effects to the read model in one change, so changes reach the database in order. Update handlers only
// queue their command and wait until the loop has carried it out: the caller then reads the new state.
import { allHandlersFinished, ApplicationFailure, condition, log, setHandler } from '@temporalio/workflow';
import { CLOSED_STAGES } from '../../domain/funnel.ts';
import { openTasks, refusalOf, view, type Command, type Refusal } from '../order-state.ts';
import {
  assignTaskUpdate,
  cancelUpdate,
  commentUpdate,
  completeTaskUpdate,
  intakeUpdate,
  paymentFailedSignal,
  paymentSignal,
  qualifyUpdate,
  saveDeliveryUpdate,
  setManagerUpdate,
  stateQuery,
  type OrderWorkflowInput,
} from '../shared.ts';
import { assignManager } from './activities.ts';
import { execute } from './commands.ts';
import { deadlines, sla } from './deadlines.ts';
import { createContext, entry, flush, notify, patchOrder, publish, type Event, type OrderContext } from './context.ts';
import { afterEvent, onTaskEscalation, onTaskWarning, startEscalation } from './escalation.ts';
import { onInvoiceDue } from './invoices.ts';
import { onPayment, onPaymentFailed } from './payments.ts';
import { onTaskDeadline, openTask, settlementWait, syncOverdue } from './tasks.ts';

const CLOSED: Refusal = { type: 'WRONG_STAGE', message: 'The order is closed' };

type Result = { refusal: Refusal } | { value: unknown };

/** One event's effects, written as one change; the command's caller hears back once the change is written. */
async function handle(ctx: OrderContext, event: Event, results: Map<number, Result>): Promise<void> {
  ctx.eventAt = Date.now();
  let result: Result | undefined;
  if (event.kind === 'command') {
    const refusal = refusalOf(ctx.state, event.command);
    result = refusal ? { refusal } : { value: await execute(ctx, event.command) };
  } else if (event.kind === 'payment') await onPayment(ctx, event.payment);
  else if (event.kind === 'paymentFailed') onPaymentFailed(ctx, event.failure);
  else if (event.kind === 'taskDeadline') onTaskDeadline(ctx, event.taskId);
  else if (event.kind === 'taskWarning') onTaskWarning(ctx, event.taskId);
  else if (event.kind === 'taskEscalation') onTaskEscalation(ctx, event.taskId);
  else await onInvoiceDue(ctx, event.invoiceId, event.reminder);
  syncOverdue(ctx);
  await afterEvent(ctx);
  await flush(ctx);
  publish(ctx);
  if (event.kind === 'command' && result) results.set(event.id, result);
}

export async function orderWorkflowV2(input: OrderWorkflowInput): Promise<void> {
  const ctx = createContext(input);
  startEscalation(ctx);
  const { state } = ctx;
  const results = new Map<number, Result>();
  let commandSeq = 0;
  let intakeDone = false;
  let loopEnded = false;

  const refuse = (refusal: Refusal | null) => {
    if (loopEnded) refusal = CLOSED;
    if (refusal) throw ApplicationFailure.create({ type: refusal.type, message: refusal.message, nonRetryable: true });
  };

  /** Queues a command for the main loop and answers once the loop has carried it out (or refused it). */
  const run = async <R>(command: Command): Promise<R> => {
    const id = ++commandSeq;
    ctx.inbox.push({ kind: 'command', id, command });
    await condition(() => results.has(id));
    const result = results.get(id)!;
    results.delete(id);
    if ('refusal' in result) refuse(result.refusal);
    return ('value' in result && result.value !== undefined ? result.value : view(state)) as R;
  };

  setHandler(stateQuery, () => view(state));
  setHandler(intakeUpdate, async () => {
    await condition(() => intakeDone);
    return view(state);
  });
  setHandler(completeTaskUpdate, (c) => run({ kind: 'completeTask', ...c }), { validator: (c) => refuse(refusalOf(state, { kind: 'completeTask', ...c })) });
  setHandler(qualifyUpdate, (c) => run({ kind: 'qualify', ...c }), { validator: (c) => refuse(refusalOf(state, { kind: 'qualify', ...c })) });
  setHandler(saveDeliveryUpdate, (c) => run({ kind: 'saveDelivery', ...c }), { validator: (c) => refuse(refusalOf(state, { kind: 'saveDelivery', ...c })) });
  setHandler(cancelUpdate, (c) => run({ kind: 'cancel', ...c }), { validator: (c) => refuse(refusalOf(state, { kind: 'cancel', ...c })) });
  setHandler(commentUpdate, (c) => run({ kind: 'comment', ...c }), { validator: (_c) => refuse(null) });
  setHandler(assignTaskUpdate, (c) => run({ kind: 'assignTask', ...c }), { validator: (c) => refuse(refusalOf(state, { kind: 'assignTask', ...c })) });
  setHandler(setManagerUpdate, (c) => run({ kind: 'setManager', ...c }), { validator: (c) => refuse(refusalOf(state, { kind: 'setManager', ...c })) });
  setHandler(paymentSignal, (payment) => void ctx.inbox.push({ kind: 'payment', payment }));
  setHandler(paymentFailedSignal, (failure) => void ctx.inbox.push({ kind: 'paymentFailed', failure }));

  // stage `new`: a responsible manager, and the manager's task to take the order in work
  ctx.eventAt = Date.now();
  state.manager = await assignManager.executeWithOptions({ summary: `Менеджер для заказа ${input.number}` }, [{ orderId: input.orderId }]);
  patchOrder(ctx, { managerId: state.manager?.id ?? null });
  entry(ctx, 'manager_assigned', { managerId: state.manager?.id ?? null, managerName: state.manager?.name ?? null });
  const [takeInWorkBy] = await deadlines(ctx, 'Срок взятия в работу', [sla(ctx, input.settings.sla.takeInWorkMs)]);
  openTask(ctx, 'take_in_work', state.manager, takeInWorkBy!);
  notify(ctx, 'order_received', { kind: 'client' });
  await afterEvent(ctx);
  await flush(ctx);
  publish(ctx);
  intakeDone = true;
  log.info('order taken into the funnel', { orderId: input.orderId, number: input.number, managerId: state.manager?.id ?? null });

  // the main loop: until the order is closed, nothing is left to do and the settlement window has passed
  const idle = () => CLOSED_STAGES.includes(state.stage) && openTasks(state).length === 0 && ctx.inbox.length === 0;
  for (;;) {
    if (idle()) {
      if (!(await settlementWait(ctx))) break;
    }
    await condition(() => ctx.inbox.length > 0 || idle());
    const event = ctx.inbox.shift();
    if (event) await handle(ctx, event, results);
  }
  loopEnded = true;
  for (const timer of ctx.timers.values()) timer.scope.cancel();
  await condition(allHandlersFinished);
}
