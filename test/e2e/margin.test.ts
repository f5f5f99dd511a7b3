// Cost and margin when production starts, and the two reports, against figures worked out by hand.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dateIn } from '../../domain/calendar.ts';
import { createProduct } from '../helpers/api.ts';
import { client, hireStaff, openTask, recordHistory, type Staff } from '../helpers/funnel.ts';
import { asAdmin, startStack, type Stack } from '../helpers/stack.ts';

let stack: Stack;
let staff: Staff;
let api: ReturnType<typeof client>;
let a: { id: string };
let b: { id: string };
let c: { id: string };

beforeAll(async () => {
  stack = await startStack();
  staff = await hireStaff(stack);
  api = client(stack);
  a = await createProduct(stack.app, { sku: 'A', name: 'Шкаф', price: 1_000_000, vatRate: 22, costPrice: 400_000, productionDays: 3 });
  b = await createProduct(stack.app, { sku: 'B', name: 'Полка', price: 250_000, vatRate: 10, costPrice: 120_050, productionDays: 1 });
  c = await createProduct(stack.app, { sku: 'C', name: 'Крепёж', price: 99_999, vatRate: null, costPrice: 33_333, productionDays: 0, unit: 'уп' });
});
afterAll(async () => stack?.stop());

/*
 * By hand, rounding half away from zero per row:
 *   A  10 000,00 × 3 − 10 %   = 27 000,00   VAT 22 %: 27 000,00 × 22/122 = 4 868,852… → 4 868,85   cost 4 000,00 × 3   = 12 000,00
 *   B   2 500,00 × 2.5        =  6 250,00   VAT 10 %:  6 250,00 × 10/110 =   568,181… →   568,18   cost 1 200,50 × 2.5 =  3 001,25
 *   C     999,99 × 7 − 3.5 %  =  6 754,93245 → 6 754,93   no VAT                                   cost   333,33 × 7   =  2 333,31
 *   total 40 004,93, VAT 5 437,03, net 34 567,90; cost 17 334,56; margin 17 233,34; 17 233,34 / 34 567,90 = 49.853…% → 49.85
 *   per product: A net 22 131,15 margin 10 131,15 (45.78 %); B net 5 681,82 margin 2 680,57 (47.18 %); C net 6 754,93 margin 4 421,62 (65.46 %)
 */
const rows = () => [
  { productId: a.id, quantity: 3, discountPercent: 10 },
  { productId: b.id, quantity: 2.5 },
  { productId: c.id, quantity: 7, discountPercent: 3.5 },
];

describe('cost and margin', () => {
  it('are computed when production starts, frozen on the items, and shown in both reports and on the timeline', async () => {
    const order = await api.create({ customer: { name: 'Margin Client', email: 'm@example.com' }, items: rows() });
    expect(order.productionCost ?? null).toBeNull();
    await api.completeTask(openTask(order, 'take_in_work').id, staff.manager.headers);
    const production = await api.qualify(order.id, staff.manager.headers, { items: rows(), paymentScheme: 'postpayment' });

    expect(production.totals).toEqual({ amount: 4_000_493, vat: 543_703, netOfVat: 3_456_790 });
    expect(production.items.map((i) => [i.amount, i.vat, i.costPrice, i.productionCost])).toEqual([
      [2_700_000, 486_885, 400_000, 1_200_000],
      [625_000, 56_818, 120_050, 300_125],
      [675_493, 0, 33_333, 233_331],
    ]);
    expect(production).toMatchObject({ productionCost: 1_733_456, margin: 1_723_334, marginPercent: 49.85 });
    const costs = (await api.timeline(order.id)).find((e) => e.type === 'costs_computed');
    expect(costs?.data).toEqual({ netOfVat: 3_456_790, productionCost: 1_733_456, margin: 1_723_334, marginPercent: 49.85 });
    expect(costs?.text.replace(/\s/g, ' ')).toBe('Себестоимость 17 334,56 ₽, маржа 17 233,34 ₽');

    // a later change of the catalog's cost price does not touch an order in production
    await stack.app.inject({ method: 'PATCH', url: `/api/v1/products/${a.id}`, headers: asAdmin, payload: { costPrice: 999_999 } });
    expect((await api.order(order.id)).productionCost).toBe(1_733_456);
    await recordHistory(stack, order.id, 'production-with-costs');

    const today = dateIn('Europe/Moscow', new Date());
    const report = await api.ok<{
      orders: unknown[];
      products: { sku: string; quantity: number }[];
      total: Record<string, unknown>;
    }>('GET', `/api/v1/reports/margin?from=${today}&to=${today}`, staff.manager.headers);
    expect(report.orders).toEqual([{ orderId: order.id, number: order.number, netOfVat: 3_456_790, productionCost: 1_733_456, margin: 1_723_334, marginPercent: 49.85 }]);
    expect(report.products).toEqual([
      { productId: a.id, sku: 'A', name: 'Шкаф', quantity: 3, netOfVat: 2_213_115, productionCost: 1_200_000, margin: 1_013_115, marginPercent: 45.78 },
      { productId: c.id, sku: 'C', name: 'Крепёж', quantity: 7, netOfVat: 675_493, productionCost: 233_331, margin: 442_162, marginPercent: 65.46 },
      { productId: b.id, sku: 'B', name: 'Полка', quantity: 2.5, netOfVat: 568_182, productionCost: 300_125, margin: 268_057, marginPercent: 47.18 },
    ]);
    expect(report.total).toEqual({ netOfVat: 3_456_790, productionCost: 1_733_456, margin: 1_723_334, marginPercent: 49.85 });
    // by month: every month of the period, the empty one before as zeros; by product: the same products
    const [year, month] = today.split('-').map(Number) as [number, number];
    const lastMonth = month === 1 ? `${year - 1}-12-01` : `${year}-${String(month - 1).padStart(2, '0')}-01`;
    const byMonth = await api.ok<Record<string, unknown>>('GET', `/api/v1/reports/margin?from=${lastMonth}&to=${today}&by=month`, staff.manager.headers);
    expect(byMonth).not.toHaveProperty('orders');
    expect(byMonth).not.toHaveProperty('products');
    expect(byMonth.months).toEqual([
      { month: lastMonth.slice(0, 7), orders: 0, netOfVat: 0, productionCost: 0, margin: 0, marginPercent: null },
      { month: today.slice(0, 7), orders: 1, netOfVat: 3_456_790, productionCost: 1_733_456, margin: 1_723_334, marginPercent: 49.85 },
    ]);
    const byProduct = await api.ok<Record<string, unknown>>('GET', `/api/v1/reports/margin?from=${today}&to=${today}&by=product`, staff.manager.headers);
    expect(byProduct).not.toHaveProperty('months');
    expect(byProduct.products).toEqual(report.products);
    expect((await api.call('GET', `/api/v1/reports/margin?by=week`, staff.manager.headers)).statusCode).toBe(400);
    expect((await api.call('GET', `/api/v1/reports/margin?from=2000-01-01&to=${today}`, staff.manager.headers)).statusCode).toBe(400);

    const yesterday = dateIn('Europe/Moscow', new Date(Date.now() - 86_400_000));
    const before = await api.ok<{ orders: unknown[]; total: { marginPercent: number | null } }>('GET', `/api/v1/reports/margin?from=${yesterday}&to=${yesterday}`);
    expect(before.orders).toEqual([]);
    expect(before.total).toEqual({ netOfVat: 0, productionCost: 0, margin: 0, marginPercent: null });
    expect((await api.call('GET', `/api/v1/reports/margin?from=${today}&to=${yesterday}`)).statusCode).toBe(400);
    expect((await api.call('GET', '/api/v1/reports/margin?from=2026-02-30')).statusCode).toBe(400);
  });
});

describe('what production and logistics see', () => {
  it('is what to make and ship, never a cost or a margin, in any response', async () => {
    const order = await api.create({ customer: { name: 'Hidden Costs', email: 'h@example.com' }, items: rows() });
    await api.completeTask(openTask(order, 'take_in_work').id, staff.manager.headers);
    await api.qualify(order.id, staff.manager.headers, { items: rows(), paymentScheme: 'postpayment' });
    const costFields = ['productionCost', 'margin', 'marginPercent'];
    for (const viewer of [staff.makers[0]!, staff.logistician]) {
      const seen = await api.ok<Record<string, unknown> & { items: Record<string, unknown>[] }>('GET', `/api/v1/orders/${order.id}`, viewer.headers);
      expect(seen.stage).toBe('production');
      for (const field of costFields) expect(seen).not.toHaveProperty(field);
      for (const item of seen.items) expect(item).not.toHaveProperty('costPrice');
      for (const item of seen.items) expect(item).not.toHaveProperty('productionCost');
      const listed = await api.ok<{ items: Record<string, unknown>[] }>('GET', `/api/v1/orders?q=${order.number}`, viewer.headers);
      expect(listed.items).toHaveLength(1);
      for (const field of costFields) expect(listed.items[0]).not.toHaveProperty(field);
      expect(await api.ok('GET', `/api/v1/products/${a.id}`, viewer.headers)).not.toHaveProperty('costPrice');
      const timeline = await api.ok<{ items: { type: string }[] }>('GET', `/api/v1/orders/${order.id}/timeline`, viewer.headers);
      expect(timeline.items.map((e) => e.type)).not.toContain('costs_computed');
      expect((await api.call('GET', '/api/v1/reports/margin', viewer.headers)).statusCode).toBe(403);
    }
    // sales still see them
    expect(await api.ok('GET', `/api/v1/orders/${order.id}`, staff.manager.headers)).toMatchObject({ productionCost: expect.any(Number), margin: expect.any(Number) });
  });
});

describe('the funnel report', () => {
  it('counts orders and their amount per stage, won and lost included, overdue open tasks, and conversion', async () => {
    type Funnel = {
      stages: { stage: string; count: number; amount: number }[];
      overdueTasks: number;
      conversion: { orders: number; stages: { stage: string; reached: number; share: number }[] };
    };
    const before = await api.ok<Funnel>('GET', '/api/v1/reports/funnel');
    const fresh = await api.create({ customer: { name: 'Funnel Client', email: 'f@example.com' }, items: [{ productId: b.id, quantity: 1 }] });
    const lost = await api.create({ customer: { name: 'Lost Client', email: 'l@example.com' }, items: [{ productId: b.id, quantity: 2 }] });
    await api.cancel(lost.id, staff.manager.headers);
    const after = await api.ok<typeof before>('GET', '/api/v1/reports/funnel');
    const stage = (report: Funnel, name: string) => report.stages.find((s) => s.stage === name)!;
    expect(after.stages.map((s) => s.stage)).toEqual(['new', 'qualification', 'prepayment', 'production', 'postpayment', 'delivery_data', 'delivery', 'won', 'lost']);
    expect(stage(after, 'lost').count - stage(before, 'lost').count).toBe(1);
    expect(stage(after, 'lost').amount - stage(before, 'lost').amount).toBe(lost.totals.amount);
    const reached = (report: Funnel, name: string) => report.conversion.stages.find((s) => s.stage === name)!;
    expect(after.conversion.orders - before.conversion.orders).toBe(2);
    expect(reached(after, 'new')).toEqual({ stage: 'new', reached: after.conversion.orders, share: 1 });
    expect(reached(after, 'lost').reached - reached(before, 'lost').reached).toBe(1);
    expect(reached(after, 'lost').share).toBeCloseTo(reached(after, 'lost').reached / after.conversion.orders, 4);
    // the order that reached production earlier in this file passed qualification on its way
    expect(reached(after, 'qualification').reached).toBeGreaterThanOrEqual(reached(after, 'production').reached);
    expect(reached(after, 'production').reached).toBeGreaterThanOrEqual(1);
    expect(stage(after, 'new').count - stage(before, 'new').count).toBe(1);
    expect(stage(after, 'new').amount - stage(before, 'new').amount).toBe(fresh.totals.amount);
    // the two orders this file took into production
    expect(stage(after, 'production')).toMatchObject({ count: 2, amount: 2 * 4_000_493 });
    expect(after.overdueTasks).toBe(0);
  });
});
