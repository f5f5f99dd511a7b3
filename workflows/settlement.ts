// Money that arrives for an order whose workflow has ended (past its settlement window), and refund tasks
// completed after it, go through here, so the rules are the order workflow's own (workflows/order/): started
// by update-with-start under the order's workflow id, a run loads the order's money state and open tasks,
// takes one event at a time, writes through recordChange above the order's last change, waits the
// settlement window for more, and ends.
import { allHandlersFinished, ApplicationFailure, condition, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { OrderActivities } from '../activities/index.ts';
import { begin, causeOf, commandEvent, createContext, flush, type Event, type OrderContext } from './order/context.ts';
import { onPayment } from './order/payments.ts';
import { recordRefund } from './order/refunds.ts';
import { closeTask, settlementWait } from './order/tasks.ts';
import { refusalOf, view, type Refusal } from './order-state.ts';
import { completeTaskUpdate, paymentFailedSignal, paymentSignal, settleUpdate, stateQuery, type SettlementInput } from './shared.ts';

const { loadSettlement } = proxyActivities<OrderActivities>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '500ms', backoffCoefficient: 2, maximumInterval: '30s' },
});

export async function settlementWorkflow({ orderId, settings }: SettlementInput): Promise<void> {
  // updates and signals that came with the start arrive before the state is loaded: they wait in the inbox
  const inbox: Event[] = [];
  const refusals = new Map<number, Refusal | null>();
  const asked = new WeakMap<Event, number>();
  let queued = 0;
  let ctx: OrderContext | undefined;
  const run = async (event: Event) => {
    const id = ++queued;
    asked.set(event, id);
    inbox.push(event);
    await condition(() => refusals.has(id));
    const refusal = refusals.get(id);
    refusals.delete(id);
    if (refusal) throw ApplicationFailure.create({ type: refusal.type, message: refusal.message, nonRetryable: true });
    return view(ctx!.state);
  };
  setHandler(settleUpdate, (payment) => run({ kind: 'payment', payment }));
  setHandler(completeTaskUpdate, (c) => run(commandEvent(0, { kind: 'completeTask', ...c })));
  setHandler(paymentSignal, (payment) => void inbox.push({ kind: 'payment', payment }));
  // a failed card payment changes nothing on a closed order
  setHandler(paymentFailedSignal, () => undefined);

  const loaded = await loadSettlement.executeWithOptions({ summary: `Деньги и задачи закрытого заказа ${orderId}` }, [{ orderId }]);
  if (!loaded) return;
  const { tasks, version, number, locale, currency, customerName, ...money } = loaded;
  ctx = createContext({ orderId, number, locale, currency, customerName, amount: money.total, settings });
  // the order's own run wrote keys up to its last step: this run's keys carry its run id
  ctx.key = `${ctx.key}:settlement:${workflowInfo().runId}`;
  ctx.inbox = inbox;
  ctx.seq = version;
  ctx.afterClose = true;
  Object.assign(ctx.state, money, { tasks });
  const { state } = ctx;
  setHandler(stateQuery, () => view(state));

  for (;;) {
    if (inbox.length === 0 && !(await settlementWait(ctx))) break;
    const event = inbox.shift();
    if (!event) continue;
    begin(ctx, causeOf(event));
    let refusal: Refusal | null = null;
    if (event.kind === 'payment') await onPayment(ctx, event.payment);
    if (event.kind === 'command' && event.command.kind === 'completeTask') {
      const { command } = event;
      refusal = refusalOf(ctx.state, command);
      if (!refusal) {
        closeTask(ctx, ctx.state.tasks.find((t) => t.id === command.taskId)!, 'done', command.actor, command.comment);
        if (command.refund) await recordRefund(ctx, command.refund, command.actor);
      }
    }
    await flush(ctx);
    const id = asked.get(event);
    if (id) refusals.set(id, refusal);
  }
  for (const timer of ctx.timers.values()) timer.scope.cancel();
  await condition(allHandlersFinished);
}
