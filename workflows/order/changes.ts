// Changes to an order after it was taken (docs/funnel.md, "Changes to an order"): the client's details, the
// rows and scheme before production, rows added or removed in production, and the delivery. Each change is one
// event of the main loop with one timeline entry saying who changed what from what; the money rules are in
// domain/order-changes.ts. Only new updates lead here, so orders that never change run as before.
import { afterAmend, afterItemsChange, type ChangedMoney } from '../../domain/order-changes.ts';
import { marginOf, productionCostOf } from '../../domain/money.ts';
import { refundReason, rowRemovedReason } from '../../domain/texts.ts';
import { openTasks, type Command, type OrderState } from '../order-state.ts';
import type { CommandActor, CustomerDetails, PricedItem } from '../shared.ts';
import { costPrices } from './activities.ts';
import { entry, notify, patchOrder, type OrderContext } from './context.ts';
import { moveDeliveryDeadline } from './delivery-change.ts';
import { cancelOpenInvoices, issue } from './invoices.ts';
import { enterProduction, leaveProduction, startProduction } from './stages.ts';
import { closeTask, refundTask } from './tasks.ts';

type Of<K extends Command['kind']> = Extract<Command, { kind: K }>;

const CUSTOMER_FIELDS = ['name', 'email', 'phone', 'locale'] as const;

const rowsOf = (items: readonly PricedItem[]) => items.map((i) => ({ id: i.id, name: i.name, quantity: i.quantityMilli / 1000, unit: i.unit, amount: i.amount }));
const money = (state: OrderState, total = state.total): ChangedMoney => ({ total, paid: state.paid, refundsPending: state.refundsTasked - (state.refunded ?? 0) });
const hasOpenInvoice = (state: OrderState) => state.invoices.some((i) => i.status === 'issued' || i.status === 'partially_paid');

export function changeCustomer(ctx: OrderContext, command: Of<'changeCustomer'>): void {
  const { state } = ctx;
  const before: CustomerDetails = state.customer ?? command.current;
  const after: CustomerDetails = { ...before, ...command.changes };
  const fields = CUSTOMER_FIELDS.filter((field) => before[field] !== after[field]);
  if (fields.length === 0) return;
  state.customer = after;
  const { locale, ...record } = after;
  patchOrder(ctx, { customer: record, locale });
  const pick = (c: CustomerDetails) => Object.fromEntries(fields.map((field) => [field, c[field]]));
  entry(ctx, 'customer_changed', { fields, before: pick(before), after: pick(after) }, command.actor);
}

/** The rows and the scheme that qualify or amend give, in the state and (replacing the rows whole) the read model. */
export function setRows(ctx: OrderContext, command: Pick<Of<'amend'>, 'items' | 'paymentScheme' | 'prepaymentAmount'>): void {
  const { state } = ctx;
  state.items = command.items.map((item) => ({ ...item, status: 'pending' as const }));
  state.total = command.items.reduce((sum, item) => sum + item.amount, 0);
  state.paymentScheme = command.paymentScheme;
  state.prepaymentAmount = command.prepaymentAmount;
  ctx.draft.items = command.items;
  patchOrder(ctx, {
    amount: state.total,
    vat: command.items.reduce((sum, item) => sum + item.vat, 0),
    paymentScheme: command.paymentScheme,
    prepaymentAmount: command.prepaymentAmount,
  });
}

/** New rows or scheme in qualification or prepayment: the prepayment invoice is replaced, money paid carried. */
export async function amend(ctx: OrderContext, command: Of<'amend'>): Promise<void> {
  const { state } = ctx;
  const before = { total: state.total, paymentScheme: state.paymentScheme, prepaymentAmount: state.prepaymentAmount, rows: rowsOf(state.items) };
  setRows(ctx, command);
  const after = { total: state.total, paymentScheme: state.paymentScheme, prepaymentAmount: state.prepaymentAmount, rows: rowsOf(state.items) };
  entry(ctx, 'order_amended', { before, after, paid: state.paid }, command.actor);
  // in qualification nothing is asked yet: the qualify command (which takes these rows) moves the order on
  if (state.stage !== 'prepayment') return;
  const plan = afterAmend({ ...money(state), prepaymentAmount: state.prepaymentAmount });
  cancelOpenInvoices(ctx, command.actor);
  if (plan.refund > 0) await refundTask(ctx, plan.refund, refundReason(ctx.input.locale, 'changed'));
  if (plan.production) await enterProduction(ctx);
  else await issue(ctx, 'prepayment', plan.invoice);
}

/** Rows taken out (their tasks cancelled, makers told) or added (new tasks) in production; cost and margin anew. */
export async function changeItems(ctx: OrderContext, command: Of<'changeItems'>): Promise<void> {
  const { state } = ctx;
  const costs = (state.itemCosts ??= {});
  const totalBefore = state.total;
  const figuresBefore = state.costs;
  const removed = state.items.filter((item) => command.remove.includes(item.id));
  for (const item of removed) cancelProductionOf(ctx, item, command.actor);
  for (const item of removed) delete costs[item.id];
  state.items = state.items.filter((item) => !command.remove.includes(item.id));

  const prices = command.add.length
    ? await costPrices.executeWithOptions({ summary: `Себестоимость добавленных позиций заказа ${ctx.input.number}` }, [{ productIds: [...new Set(command.add.map((i) => i.productId))] }])
    : {};
  const addedCosts = command.add.map((item) => {
    const costPrice = prices[item.productId] ?? 0;
    return { id: item.id, costPrice, productionCost: productionCostOf(costPrice, item.quantityMilli) };
  });
  for (const { id, productionCost } of addedCosts) costs[id] = productionCost;
  const added = command.add.map((item) => ({ ...item, status: 'pending' as const }));
  state.items.push(...added);
  state.total = state.items.reduce((sum, item) => sum + item.amount, 0);
  const vat = state.items.reduce((sum, item) => sum + item.vat, 0);
  const productionCost = state.items.reduce((sum, item) => sum + (costs[item.id] ?? 0), 0);
  const figures = marginOf(state.total - vat, productionCost);
  state.costs = figures;
  Object.assign(ctx.draft, { removedItems: command.remove, addedItems: command.add, itemCosts: addedCosts });
  patchOrder(ctx, {
    amount: state.total,
    vat,
    productionCost,
    margin: figures.margin,
    marginBasisPoints: figures.marginPercent === null ? null : Math.round(figures.marginPercent * 100),
  });
  const figuresOf = (total: number, f: typeof figuresBefore) => ({ total, productionCost: f?.productionCost ?? null, margin: f?.margin ?? null, marginPercent: f?.marginPercent ?? null });
  entry(
    ctx,
    'items_changed',
    { added: rowsOf(command.add), removed: rowsOf(removed), before: figuresOf(totalBefore, figuresBefore), after: figuresOf(state.total, figures) },
    command.actor,
  );
  if (added.length) await startProduction(ctx, added);

  const plan = afterItemsChange({ ...money(state), totalBefore, invoiceOpen: hasOpenInvoice(state) });
  cancelOpenInvoices(ctx, command.actor);
  if (plan.refund > 0) await refundTask(ctx, plan.refund, refundReason(ctx.input.locale, 'changed'));
  if (state.items.every((item) => item.status === 'produced')) {
    notify(ctx, 'production_complete', { kind: 'client' });
    await leaveProduction(ctx);
  } else if (plan.invoice > 0) {
    await issue(ctx, 'postpayment', plan.invoice);
  }
}

function cancelProductionOf(ctx: OrderContext, item: PricedItem, actor: CommandActor): void {
  const task = openTasks(ctx.state).find((t) => t.type === 'production' && t.itemId === item.id);
  if (!task) return;
  closeTask(ctx, task, 'cancelled', actor);
  // whoever was making it should stop; the one who removes the row knows already
  if (task.assignee && task.assignee.id !== actor?.id) {
    notify(ctx, 'task_cancelled', { kind: 'employee', employeeId: task.assignee.id }, { taskType: task.type, subject: item.name, reason: rowRemovedReason(ctx.input.locale) });
  }
}

/** New delivery data or ship date: the delivery task's deadline moves with the date, and the client is told. */
export async function changeDelivery(ctx: OrderContext, command: Of<'changeDelivery'>): Promise<void> {
  const { state } = ctx;
  const before = state.delivery;
  state.delivery = { ...command.delivery, trackingNumber: before?.trackingNumber ?? null };
  patchOrder(ctx, { delivery: state.delivery });
  const moved = before?.shipDate === command.delivery.shipDate ? null : await moveDeliveryDeadline(ctx, command.delivery.shipDate);
  entry(ctx, 'delivery_changed', { before, after: state.delivery, ...(moved ? { deadline: moved } : {}) }, command.actor);
  notify(ctx, 'delivery_scheduled', { kind: 'client' }, { ...command.delivery });
}
