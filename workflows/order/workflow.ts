// One order's life as a durable workflow (type orderWorkflowV2): the funnel of docs/funnel.md from `new` to `won`
// or `lost`. Deterministic: no I/O, no clock or randomness but the workflow API's.
//
// A single main loop takes one event at a time (a staff command, a payment, a deadline) and writes its
// effects to the read model in one change, so changes reach the database in order. Update handlers only
// queue their command and wait until the loop has carried it out: the caller then reads the new state.
import { allHandlersFinished, ApplicationFailure, condition, log, patched, setHandler } from '@temporalio/workflow';
import { CLOSED_STAGES } from '../../domain/funnel.ts';
import { openTasks, refusalOf, view, type Command, type Refusal } from '../order-state.ts';
import {
  amendUpdate,
  assignTaskUpdate,
  cancelUpdate,
  changeCustomerUpdate,
  changeDeliveryUpdate,
  changeItemsUpdate,
  clientMessageUpdate,
  commentUpdate,
  completeTaskUpdate,
  intakeUpdate,
  ORDER_PATCHES,
  paymentFailedSignal,
  paymentSignal,
  qualifyUpdate,
  resendInvoiceUpdate,
  reversePaymentUpdate,
  saveDeliveryUpdate,
  setManagerUpdate,
  stateQuery,
} from '../shared.ts';
import { assignManager } from './activities.ts';
import { execute } from './commands.ts';
import { handOver, historyIsLong, takeUp, type OrderRunInput } from './continue.ts';
import { deadlines, sla } from './deadlines.ts';
import { begin, causeOf, commandEvent, createContext, entry, flush, notify, patchOrder, publish, type Event, type OrderContext } from './context.ts';
import { afterEvent, onTaskEscalation, onTaskWarning, startEscalation } from './escalation.ts';
import { onInvoiceDue } from './invoices.ts';
import { onPaymentFailed } from './payments.ts';
import { onMoney } from './refunds.ts';
import { onTaskDeadline, openTask, settlementWait, syncOverdue } from './tasks.ts';

const CLOSED: Refusal = { type: 'WRONG_STAGE', message: 'The order is closed' };

type Result = { refusal: Refusal } | { value: unknown };

/** One event's effects, written as one change; the command's caller hears back once the change is written. */
async function handle(ctx: OrderContext, event: Event, results: Map<number, Result>): Promise<void> {
  ctx.eventAt = Date.now();
  begin(ctx, causeOf(event));
  let result: Result | undefined;
  if (event.kind === 'command') {
    const refusal = refusalOf(ctx.state, event.command);
    result = refusal ? { refusal } : { value: await execute(ctx, event.command) };
  } else if (event.kind === 'payment') await onMoney(ctx, event.payment);
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

/** Stage `new`: a responsible manager, and the manager's task to take the order in work. */
async function takeIn(ctx: OrderContext): Promise<void> {
  const { input, state } = ctx;
  ctx.eventAt = Date.now();
  begin(ctx, 'intake');
  state.manager = await assignManager.executeWithOptions({ summary: `Менеджер для заказа ${input.number}` }, [{ orderId: input.orderId }]);
  patchOrder(ctx, { managerId: state.manager?.id ?? null });
  entry(ctx, 'manager_assigned', { managerId: state.manager?.id ?? null, managerName: state.manager?.name ?? null });
  const [takeInWorkBy] = await deadlines(ctx, 'Срок взятия в работу', [sla(ctx, input.settings.sla.takeInWorkMs)], { tasks: true });
  openTask(ctx, 'take_in_work', state.manager, takeInWorkBy!);
  notify(ctx, 'order_received', { kind: 'client' });
  await afterEvent(ctx);
  await flush(ctx);
  publish(ctx);
  log.info('order taken into the funnel', { orderId: input.orderId, number: input.number, managerId: state.manager?.id ?? null });
}

export async function orderWorkflowV2(input: OrderRunInput): Promise<void> {
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
    ctx.inbox.push(commandEvent(id, command));
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
  // changes to an order (workflows/order/changes.ts)
  setHandler(changeCustomerUpdate, (c) => run({ kind: 'changeCustomer', ...c }), { validator: (c) => refuse(refusalOf(state, { kind: 'changeCustomer', ...c })) });
  setHandler(amendUpdate, (c) => run({ kind: 'amend', ...c }), { validator: (c) => refuse(refusalOf(state, { kind: 'amend', ...c })) });
  setHandler(changeItemsUpdate, (c) => run({ kind: 'changeItems', ...c }), { validator: (c) => refuse(refusalOf(state, { kind: 'changeItems', ...c })) });
  setHandler(changeDeliveryUpdate, (c) => run({ kind: 'changeDelivery', ...c }), { validator: (c) => refuse(refusalOf(state, { kind: 'changeDelivery', ...c })) });
  setHandler(reversePaymentUpdate, (c) => run({ kind: 'reversePayment', ...c }), { validator: (c) => refuse(refusalOf(state, { kind: 'reversePayment', ...c })) });
  setHandler(clientMessageUpdate, (c) => run({ kind: 'clientMessage', ...c }), { validator: (_c) => refuse(null) });
  setHandler(assignTaskUpdate, (c) => run({ kind: 'assignTask', ...c }), { validator: (c) => refuse(refusalOf(state, { kind: 'assignTask', ...c })) });
  setHandler(setManagerUpdate, (c) => run({ kind: 'setManager', ...c }), { validator: (c) => refuse(refusalOf(state, { kind: 'setManager', ...c })) });
  setHandler(resendInvoiceUpdate, (c) => run({ kind: 'resendInvoice', ...c }), { validator: (c) => refuse(refusalOf(state, { kind: 'resendInvoice', ...c })) });
  setHandler(paymentSignal, (payment) => void ctx.inbox.push({ kind: 'payment', payment }));
  setHandler(paymentFailedSignal, (failure) => void ctx.inbox.push({ kind: 'paymentFailed', failure }));

  if (input.carried) takeUp(ctx, input.carried);
  else await takeIn(ctx);
  intakeDone = true;

  // the main loop: until the order is closed, nothing is left to do and the settlement window has passed
  const idle = () => CLOSED_STAGES.includes(state.stage) && openTasks(state).length === 0 && ctx.inbox.length === 0;
  // orders started before runs could continue as new keep one run
  const mayHandOver = patched(ORDER_PATCHES.continueAsNew);
  const quietAndLong = () => mayHandOver && ctx.inbox.length === 0 && allHandlersFinished() && historyIsLong(ctx);
  for (;;) {
    if (idle()) {
      if (!(await settlementWait(ctx))) break;
    }
    await condition(() => ctx.inbox.length > 0 || idle() || quietAndLong());
    if (quietAndLong()) await handOver(ctx, input.carried?.run ?? 1);
    const event = ctx.inbox.shift();
    if (event) await handle(ctx, event, results);
  }
  loopEnded = true;
  for (const timer of ctx.timers.values()) timer.scope.cancel();
  await condition(allHandlersFinished);
}
