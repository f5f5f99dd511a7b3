// The funnel and margin reports, for the JSON routes and the staff pages alike.
import { funnelCounts, productionRows, stageReach } from '../../db/queries/reports.ts';
import { dateIn, endOfDay, startOfDay } from '../../domain/calendar.ts';
import { STAGES } from '../../domain/funnel.ts';
import { marginOf } from '../../domain/money.ts';
import { validationFailed } from '../errors.ts';
import type { ServiceDeps } from './deps.ts';

/**
 * Orders per stage, won and lost included, and conversion: the share of all orders that reached each stage
 * (every order starts in `new`, so its share is 1 once there is an order).
 */
export async function funnelReport({ db }: ServiceDeps) {
  const [{ stages, overdueTasks }, reach] = await Promise.all([funnelCounts(db), stageReach(db)]);
  const byStage = new Map(stages.map((s) => [s.stage, s]));
  const reachedBy = new Map(reach.reached.map((r) => [r.stage, r.count]));
  const share = (count: number) => (reach.orders === 0 ? 0 : Math.round((count / reach.orders) * 10_000) / 10_000);
  return {
    stages: STAGES.map((stage) => ({ stage, count: byStage.get(stage)?.count ?? 0, amount: byStage.get(stage)?.amount ?? 0 })),
    overdueTasks,
    conversion: {
      orders: reach.orders,
      stages: STAGES.map((stage) => {
        const reached = stage === 'new' ? reach.orders : (reachedBy.get(stage) ?? 0);
        return { stage, reached, share: share(reached) };
      }),
    },
  };
}

/** Margin of the orders that entered production from `from` to `to` (calendar dates, both included; default: this month). */
export async function marginReport({ db, config }: ServiceDeps, period: { from?: string; to?: string }) {
  const today = dateIn(config.timezone, new Date());
  const from = period.from ?? `${today.slice(0, 8)}01`;
  const to = period.to ?? today;
  if (to < from) throw validationFailed([{ field: 'query.to', message: 'must not be before from' }]);
  const start = startOfDay(config.timezone, from);
  const end = new Date(endOfDay(config.timezone, to).getTime() + 1);
  const rows = await productionRows(db, start, end);

  const perOrder = new Map(rows.orders.map((o) => [o.id, { net: 0, cost: 0 }]));
  const perProduct = new Map<string, { sku: string; quantityMilli: number; net: number; cost: number }>();
  for (const item of rows.items) {
    const net = item.amount - item.vat;
    const cost = item.productionCost ?? 0;
    const order = perOrder.get(item.orderId)!;
    order.net += net;
    order.cost += cost;
    const product = perProduct.get(item.productId) ?? { sku: item.sku, quantityMilli: 0, net: 0, cost: 0 };
    product.quantityMilli += item.quantityMilli;
    product.net += net;
    product.cost += cost;
    perProduct.set(item.productId, product);
  }
  const total = [...perOrder.values()].reduce((sum, o) => ({ net: sum.net + o.net, cost: sum.cost + o.cost }), { net: 0, cost: 0 });
  return {
    from,
    to,
    orders: rows.orders.map((o) => ({ orderId: o.id, number: o.number, ...marginOf(perOrder.get(o.id)!.net, perOrder.get(o.id)!.cost) })),
    products: [...perProduct.entries()]
      .map(([productId, p]) => ({ productId, sku: p.sku, quantity: p.quantityMilli / 1000, ...marginOf(p.net, p.cost) }))
      .sort((a, b) => b.margin - a.margin),
    total: marginOf(total.net, total.cost),
  };
}
