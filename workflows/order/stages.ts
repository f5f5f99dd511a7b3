// Entering and leaving stages. Which stage follows is decided by domain/transitions.ts; this file carries
// out what a stage does on entry (docs/funnel.md, "Stages").
import type { Stage } from '../../domain/funnel.ts';
import { marginOf, productionCostOf } from '../../domain/money.ts';
import { productionDescription } from '../../domain/task-descriptions.ts';
import { afterPayment, afterProduction } from '../../domain/transitions.ts';
import type { OrderState } from '../order-state.ts';
import type { CommandActor } from '../shared.ts';
import { costPrices, pickAssignees } from './activities.ts';
import { entry, now, patchOrder, type OrderContext } from './context.ts';
import { deadlines, production, sla } from './deadlines.ts';
import { issue } from './invoices.ts';
import { openTask } from './tasks.ts';

export function setStage(ctx: OrderContext, to: Stage, actor: CommandActor = null): void {
  const from = ctx.state.stage;
  ctx.state.stage = to;
  patchOrder(ctx, { stage: to });
  entry(ctx, 'stage_changed', { from, to }, actor);
}

export async function enterQualification(ctx: OrderContext, actor: CommandActor): Promise<void> {
  setStage(ctx, 'qualification', actor);
  const [qualifyBy] = await deadlines(ctx, 'Срок квалификации', [sla(ctx, ctx.input.settings.sla.qualifyMs)], { tasks: true });
  openTask(ctx, 'qualify', ctx.state.manager, qualifyBy!);
}

export async function enterPrepayment(ctx: OrderContext, actor: CommandActor): Promise<void> {
  setStage(ctx, 'prepayment', actor);
  await issue(ctx, 'prepayment', ctx.state.prepaymentAmount);
}

/** Cost and margin at the moment production starts: the cost prices are frozen on the items. */
async function computeCosts(ctx: OrderContext): Promise<void> {
  const { state } = ctx;
  const productIds = [...new Set(state.items.map((item) => item.productId))];
  const prices = await costPrices.executeWithOptions({ summary: `Себестоимость позиций заказа ${ctx.input.number}` }, [{ productIds }]);
  const itemCosts = state.items.map((item) => {
    const costPrice = prices[item.productId] ?? 0;
    return { id: item.id, costPrice, productionCost: productionCostOf(costPrice, item.quantityMilli) };
  });
  const productionCost = itemCosts.reduce((sum, item) => sum + item.productionCost, 0);
  const vat = state.items.reduce((sum, item) => sum + item.vat, 0);
  const figures = marginOf(state.total - vat, productionCost);
  state.costs = figures;
  state.itemCosts = Object.fromEntries(itemCosts.map((item) => [item.id, item.productionCost]));
  ctx.draft.itemCosts = itemCosts;
  patchOrder(ctx, {
    productionCost,
    margin: figures.margin,
    marginBasisPoints: figures.marginPercent === null ? null : Math.round(figures.marginPercent * 100),
    productionStartedAt: now(),
  });
  entry(ctx, 'costs_computed', { ...figures });
}

export async function enterProduction(ctx: OrderContext): Promise<void> {
  setStage(ctx, 'production');
  await computeCosts(ctx);
  await startProduction(ctx, ctx.state.items);
}

/** A production task for each of `items` (all rows on entering production, or rows added in it). */
export async function startProduction(ctx: OrderContext, items: OrderState['items']): Promise<void> {
  const assignees = await pickAssignees.executeWithOptions({ summary: `Исполнители производства по заказу ${ctx.input.number}` }, [
    { department: 'production', count: items.length },
  ]);
  // a row made in zero days is still due by the end of one production day
  const dueBy = await deadlines(ctx, 'Сроки производства', items.map((item) => production(ctx, Math.max(1, item.productionDays))), { tasks: true });
  items.forEach((item, index) => {
    item.status = 'in_production';
    openTask(ctx, 'production', assignees[index] ?? null, dueBy[index]!, {
      itemId: item.id,
      subject: `${item.name} × ${item.quantityMilli / 1000} ${item.unit}`,
      description: productionDescription(ctx.input.locale, { item, comment: ctx.input.comment, deadline: new Date(dueBy[index]!).toISOString(), timeZone: ctx.input.settings.timezone }),
    });
  });
  (ctx.draft.itemStatuses ??= []).push(...items.map((item) => ({ id: item.id, status: item.status })));
}

export async function enterDeliveryData(ctx: OrderContext): Promise<void> {
  setStage(ctx, 'delivery_data');
  const [enterBy] = await deadlines(ctx, 'Срок ввода данных доставки', [sla(ctx, ctx.input.settings.sla.enterDeliveryDataMs)], { tasks: true });
  openTask(ctx, 'enter_delivery_data', ctx.state.manager, enterBy!);
}

export async function leaveProduction(ctx: OrderContext): Promise<void> {
  const { state } = ctx;
  if (afterProduction(state.total, state.paid) === 'postpayment') {
    setStage(ctx, 'postpayment');
    // a supplementary invoice from a change in production (workflows/order/changes.ts) asks for the rest already
    if (!state.invoices.some((i) => i.status === 'issued' || i.status === 'partially_paid')) await issue(ctx, 'postpayment', state.total - state.paid);
  } else {
    await enterDeliveryData(ctx);
  }
}

/** Moves on when money has reached what the stage waits for. */
export async function advanceOnPayment(ctx: OrderContext): Promise<void> {
  const next = afterPayment(ctx.state);
  if (next === 'production') await enterProduction(ctx);
  else if (next === 'delivery_data') await enterDeliveryData(ctx);
}

export function close(ctx: OrderContext, stage: 'won' | 'lost', actor: CommandActor, data: Record<string, unknown>): void {
  setStage(ctx, stage, actor);
  patchOrder(ctx, { closedAt: now() });
  entry(ctx, stage === 'won' ? 'order_won' : 'order_cancelled', data, actor);
}
