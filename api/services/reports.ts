// The funnel and margin reports, for the JSON routes and the staff pages alike.
import { funnelCounts, productionRows, stageReach, stageTotals as queryStageTotals } from '../../db/queries/reports.ts';
import { dateIn, endOfDay, startOfDay } from '../../domain/calendar.ts';
import { STAGES } from '../../domain/funnel.ts';
import { marginOf } from '../../domain/money.ts';
import { validationFailed } from '../errors.ts';
import type { ServiceDeps } from './deps.ts';

/** Orders and their amount per stage, for the board's column heads (no conversion: the board does not show it). */
export function stageTotals({ db }: ServiceDeps) {
  return queryStageTotals(db);
}

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

export type MarginBreakdown = 'month' | 'product';

/** Every month (`YYYY-MM`) from the one of `from` to the one of `to`, both included. */
export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  let [year, month] = [Number(from.slice(0, 4)), Number(from.slice(5, 7))];
  const last = to.slice(0, 7);
  for (;;) {
    const key = `${year}-${String(month).padStart(2, '0')}`;
    months.push(key);
    if (key >= last) return months;
    [year, month] = month === 12 ? [year + 1, 1] : [year, month + 1];
  }
}

/** At most this many months in one report: ten years, so one request cannot ask for a million empty bars. */
const MAX_MONTHS = 120;

/**
 * A report's period from `from` to `to` (calendar dates in `timeZone`, both included; default: this month):
 * its months, and the instants [start, end) it covers.
 */
export function reportPeriod(timeZone: string, period: { from?: string; to?: string }) {
  const today = dateIn(timeZone, new Date());
  const from = period.from ?? `${today.slice(0, 8)}01`;
  const to = period.to ?? today;
  if (to < from) throw validationFailed([{ field: 'query.to', message: 'must not be before from' }]);
  const months = monthsBetween(from, to);
  if (months.length > MAX_MONTHS) throw validationFailed([{ field: 'query.from', message: `at most ${MAX_MONTHS} months in one report` }]);
  return { today, from, to, months, start: startOfDay(timeZone, from), end: new Date(endOfDay(timeZone, to).getTime() + 1) };
}

/**
 * Margin of the orders that entered production from `from` to `to` (calendar dates, both included; default:
 * this month): per order, per product, per month of entering production (in BUSINESS_TIMEZONE, months without
 * orders included as zeros) and in total. `by` keeps only that breakdown (and the total).
 */
export async function marginReport({ db, config }: ServiceDeps, period: { from?: string; to?: string; by?: MarginBreakdown }) {
  const { from, to, months: monthKeys, start, end } = reportPeriod(config.timezone, period);
  const rows = await productionRows(db, start, end);

  const sum = () => ({ net: 0, cost: 0 });
  const perOrder = new Map(rows.orders.map((o) => [o.id, sum()]));
  const monthOf = new Map(rows.orders.map((o) => [o.id, dateIn(config.timezone, o.startedAt!).slice(0, 7)]));
  const perMonth = new Map(monthKeys.map((month) => [month, { ...sum(), orders: 0 }]));
  for (const month of monthOf.values()) perMonth.get(month)!.orders += 1;
  const perProduct = new Map<string, { sku: string; name: string; quantityMilli: number; net: number; cost: number }>();
  for (const item of rows.items) {
    const net = item.amount - item.vat;
    const cost = item.productionCost ?? 0;
    for (const bucket of [perOrder.get(item.orderId)!, perMonth.get(monthOf.get(item.orderId)!)!]) {
      bucket.net += net;
      bucket.cost += cost;
    }
    const product = perProduct.get(item.productId) ?? { sku: item.sku, name: item.name, quantityMilli: 0, net: 0, cost: 0 };
    product.quantityMilli += item.quantityMilli;
    product.net += net;
    product.cost += cost;
    perProduct.set(item.productId, product);
  }
  const total = [...perOrder.values()].reduce((all, o) => ({ net: all.net + o.net, cost: all.cost + o.cost }), sum());
  const byMonth = [...perMonth.entries()].map(([month, m]) => ({ month, orders: m.orders, ...marginOf(m.net, m.cost) }));
  const byProduct = [...perProduct.entries()]
    .map(([productId, p]) => ({ productId, sku: p.sku, name: p.name, quantity: p.quantityMilli / 1000, ...marginOf(p.net, p.cost) }))
    .sort((a, b) => b.margin - a.margin);
  return {
    from,
    to,
    ...(period.by ? { by: period.by } : {}),
    ...(period.by ? {} : { orders: rows.orders.map((o) => ({ orderId: o.id, number: o.number, ...marginOf(perOrder.get(o.id)!.net, perOrder.get(o.id)!.cost) })) }),
    ...(period.by === 'product' ? {} : { months: byMonth }),
    ...(period.by === 'month' ? {} : { products: byProduct }),
    total: marginOf(total.net, total.cost),
  };
}
