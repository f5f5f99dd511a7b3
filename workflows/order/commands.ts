// Staff commands, carried out by the main loop after refusalOf has let them through.
import { deliveryDescription } from '../../domain/task-descriptions.ts';
import { refundReason } from '../../domain/texts.ts';
import { afterCancel, afterDelivery, afterQualify, afterTakeInWork } from '../../domain/transitions.ts';
import { openTasks, type Command } from '../order-state.ts';
import { pickAssignees } from './activities.ts';
import { amend, changeCustomer, changeDelivery, changeItems, setRows } from './changes.ts';
import { entry, notify, patchOrder, type OrderContext } from './context.ts';
import { deadlines, shipDate } from './deadlines.ts';
import { onClientMessage } from './client.ts';
import { cancelOpenInvoices } from './invoices.ts';
import { reversePayment } from './reversals.ts';
import { resendInvoice } from './resend.ts';
import { assignTask, setManager } from './people.ts';
import { close, enterPrepayment, enterProduction, enterQualification, leaveProduction, setStage } from './stages.ts';
import { recordRefund } from './refunds.ts';
import { closeTask, openTask, refundTask } from './tasks.ts';

type Of<K extends Command['kind']> = Extract<Command, { kind: K }>;

async function completeTask(ctx: OrderContext, command: Of<'completeTask'>): Promise<void> {
  const { state } = ctx;
  const task = state.tasks.find((t) => t.id === command.taskId)!;
  closeTask(ctx, task, 'done', command.actor, command.comment);
  if (task.type === 'refund' && command.refund) await recordRefund(ctx, command.refund, command.actor);
  if (task.type === 'take_in_work' && afterTakeInWork(state.stage)) await enterQualification(ctx, command.actor);
  if (task.type === 'production') {
    const item = state.items.find((i) => i.id === task.itemId);
    if (item) {
      item.status = 'produced';
      (ctx.draft.itemStatuses ??= []).push({ id: item.id, status: 'produced' });
      entry(ctx, 'item_produced', { itemId: item.id, name: item.name, taskId: task.id }, command.actor);
      if (command.notifyClient) notify(ctx, 'item_produced', { kind: 'client' }, { itemName: item.name });
    }
    if (state.stage === 'production' && state.items.every((i) => i.status === 'produced')) {
      notify(ctx, 'production_complete', { kind: 'client' });
      await leaveProduction(ctx);
    }
  }
  if (task.type === 'delivery') {
    if (state.delivery && command.trackingNumber) {
      state.delivery = { ...state.delivery, trackingNumber: command.trackingNumber };
      patchOrder(ctx, { delivery: state.delivery });
    }
    if (afterDelivery(state.stage) === 'won') {
      close(ctx, 'won', command.actor, { trackingNumber: command.trackingNumber ?? null });
      notify(ctx, 'order_completed', { kind: 'client' }, { trackingNumber: command.trackingNumber ?? null });
    }
  }
}

async function qualify(ctx: OrderContext, command: Of<'qualify'>): Promise<void> {
  const { state } = ctx;
  const task = openTasks(state).find((t) => t.type === 'qualify');
  if (task) closeTask(ctx, task, 'done', command.actor);
  setRows(ctx, command);
  if (command.delivery) state.delivery = { ...command.delivery, trackingNumber: null };
  if (state.delivery) patchOrder(ctx, { delivery: state.delivery });
  const summary = { paymentScheme: command.paymentScheme, prepaymentAmount: command.prepaymentAmount, total: state.total, items: command.items.length };
  entry(ctx, 'qualified', summary, command.actor);
  if (afterQualify(command.prepaymentAmount) === 'prepayment') await enterPrepayment(ctx, command.actor);
  else await enterProduction(ctx);
}

async function saveDelivery(ctx: OrderContext, command: Of<'saveDelivery'>): Promise<void> {
  const { state, input } = ctx;
  const task = openTasks(state).find((t) => t.type === 'enter_delivery_data');
  if (task) closeTask(ctx, task, 'done', command.actor);
  state.delivery = { ...command.delivery, trackingNumber: null };
  patchOrder(ctx, { delivery: state.delivery });
  entry(ctx, 'delivery_saved', { ...command.delivery }, command.actor);
  notify(ctx, 'delivery_scheduled', { kind: 'client' }, { ...command.delivery });
  setStage(ctx, 'delivery', command.actor);
  const [logistician] = await pickAssignees.executeWithOptions({ summary: `Логист для отгрузки заказа ${input.number}` }, [{ department: 'logistics', count: 1 }]);
  // the end of the ship date's working day, not the command's shipDeadline (its midnight, kept for orderWorkflow)
  const [shipBy] = await deadlines(ctx, 'Срок отгрузки', [shipDate(command.delivery.shipDate)], { tasks: true });
  openTask(ctx, 'delivery', logistician ?? null, shipBy!, {
    subject: command.delivery.method === 'pickup' ? 'pickup' : (command.delivery.carrier ?? undefined),
    description: deliveryDescription(input.locale, { ...command.delivery, items: state.items, contact: { name: input.customerName, ...input.contact } }),
  });
}

async function cancel(ctx: OrderContext, command: Of<'cancel'>): Promise<void> {
  const { state } = ctx;
  if (!afterCancel(state.stage)) return;
  // refund tasks already given stay: that money is on its way back and is not refunded twice
  for (const task of openTasks(state)) {
    if (task.type === 'refund') continue;
    closeTask(ctx, task, 'cancelled', command.actor);
    // whoever was making or doing it should stop; the one who cancels knows already
    if (task.assignee && task.assignee.id !== command.actor?.id) {
      const subject = state.items.find((item) => item.id === task.itemId)?.name ?? null;
      notify(ctx, 'task_cancelled', { kind: 'employee', employeeId: task.assignee.id }, { taskType: task.type, subject, reason: command.reason });
    }
  }
  cancelOpenInvoices(ctx, command.actor);
  close(ctx, 'lost', command.actor, { reason: command.reason });
  // the reason is written for staff; the client reads it only when staff chose so
  notify(ctx, 'order_cancelled', { kind: 'client' }, { ...(command.notifyClientOfReason ? { reason: command.reason } : {}), paid: state.paid });
  const toRefund = state.paid - state.refundsTasked;
  if (toRefund > 0) await refundTask(ctx, toRefund, refundReason(ctx.input.locale, 'cancelled', command.reason));
}

function comment(ctx: OrderContext, command: Of<'comment'>): { key: string } {
  const written = entry(ctx, 'comment', { text: command.text, notifyClient: command.notifyClient }, command.actor);
  if (command.notifyClient) notify(ctx, 'comment', { kind: 'client' }, { text: command.text });
  return { key: written.key };
}

export async function execute(ctx: OrderContext, command: Command): Promise<unknown> {
  switch (command.kind) {
    case 'completeTask':
      return completeTask(ctx, command);
    case 'qualify':
      return qualify(ctx, command);
    case 'saveDelivery':
      return saveDelivery(ctx, command);
    case 'cancel':
      return cancel(ctx, command);
    case 'comment':
      return comment(ctx, command);
    case 'changeCustomer':
      return changeCustomer(ctx, command);
    case 'amend':
      return amend(ctx, command);
    case 'changeItems':
      return changeItems(ctx, command);
    case 'changeDelivery':
      return changeDelivery(ctx, command);
    case 'reversePayment':
      return reversePayment(ctx, command);
    case 'clientMessage':
      return onClientMessage(ctx, command);
    case 'assignTask':
      return assignTask(ctx, command);
    case 'setManager':
      return setManager(ctx, command);
    case 'resendInvoice':
      return resendInvoice(ctx, command);
  }
}
