import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { divRound, marginOf, orderTotals, productionCostOf, rowMoney, toDiscountHundredths, toQuantityMilli, type VatRate } from '../../domain/money.ts';

describe('divRound rounds half away from zero', () => {
  it.each([
    [5n, 2n, 3n],
    [-5n, 2n, -3n],
    [4n, 2n, 2n],
    [7n, 3n, 2n],
    [-7n, 3n, -2n],
    [1n, 3n, 0n],
    [3n, 2n, 2n],
  ])('%s / %s = %s', (n, d, q) => {
    expect(divRound(n, d)).toBe(q);
  });
});

describe('rowMoney', () => {
  it.each([
    // price, quantity, discount %, VAT rate, amount, VAT
    { price: 100_000, quantity: 1, discount: 0, rate: 22 as const, amount: 100_000, vat: 18_033 },
    { price: 100_000, quantity: 1, discount: 0, rate: 10 as const, amount: 100_000, vat: 9_091 },
    { price: 100_000, quantity: 1, discount: 0, rate: 0 as const, amount: 100_000, vat: 0 },
    { price: 100_000, quantity: 1, discount: 0, rate: null, amount: 100_000, vat: 0 },
    { price: 1_250_000, quantity: 2, discount: 5, rate: 22 as const, amount: 2_375_000, vat: 428_279 },
    // 3 × 0.333 = 0.999 kopecks → 1
    { price: 3, quantity: 0.333, discount: 0, rate: null, amount: 1, vat: 0 },
    // 0.5 kopeck rounds away from zero: 1 × 0.5 = 0.5 → 1
    { price: 1, quantity: 0.5, discount: 0, rate: null, amount: 1, vat: 0 },
    // 12.5 % off 999 × 1.5 = 1311.1875 → 1311
    { price: 999, quantity: 1.5, discount: 12.5, rate: 22 as const, amount: 1_311, vat: 236 },
  ])('$price × $quantity − $discount % at VAT $rate → $amount (VAT $vat)', ({ price, quantity, discount, rate, amount, vat }) => {
    const money = rowMoney({
      price,
      quantityMilli: toQuantityMilli(quantity)!,
      discountHundredths: toDiscountHundredths(discount)!,
      vatRate: rate,
    });
    expect(money).toEqual({ amount, vat });
  });
});

describe('orderTotals', () => {
  it('sums the rows and derives the net of VAT', () => {
    expect(orderTotals([{ amount: 100_000, vat: 18_033 }, { amount: 5_000, vat: 0 }])).toEqual({ amount: 105_000, vat: 18_033, netOfVat: 86_967 });
    expect(orderTotals([])).toEqual({ amount: 0, vat: 0, netOfVat: 0 });
  });
});

describe('scaled inputs', () => {
  it('accepts at most three decimals of quantity and two of discount', () => {
    expect(toQuantityMilli(1.234)).toBe(1234);
    expect(toQuantityMilli(1.2345)).toBeUndefined();
    expect(toDiscountHundredths(12.5)).toBe(1250);
    expect(toDiscountHundredths(12.345)).toBeUndefined();
  });
});

describe('production cost and margin', () => {
  it.each([
    // cost price, quantity, production cost
    [400_000, 3, 1_200_000],
    [120_050, 2.5, 300_125],
    [33_333, 0.001, 33], // 33.333 kopecks → 33
    [1, 0.5, 1], // .5 kopeck rounds away from zero
    [0, 10, 0],
  ])('cost price %d × %d = %d', (costPrice, quantity, expected) => {
    expect(productionCostOf(costPrice, toQuantityMilli(quantity)!)).toBe(expected);
  });

  it.each([
    // net of VAT, production cost, margin, margin percent
    [3_456_790, 1_733_456, 1_723_334, 49.85],
    [100_000, 150_000, -50_000, -50],
    [300, 100, 200, 66.67],
    [200, 199, 1, 0.5],
    [20_000, 19_999, 1, 0.01], // 0.005 % rounds away from zero
    [20_000, 20_001, -1, -0.01],
    [80_000, 80_001, -1, 0], // −0.00125 % rounds to 0
    [0, 0, 0, null],
    [0, 5_000, -5_000, null], // no revenue: no percent, and no division error
  ])('net %d, cost %d → margin %d (%s %%)', (net, cost, margin, percent) => {
    expect(marginOf(net, cost)).toEqual({ netOfVat: net, productionCost: cost, margin, marginPercent: percent === 0 ? expect.closeTo(0) : percent });
  });
});

describe('money properties', () => {
  const vatRate = fc.constantFrom<VatRate>(22, 10, 0, null);
  const row = fc.record({
    price: fc.integer({ min: 0, max: 100_000_000 }),
    quantityMilli: fc.integer({ min: 1, max: 10_000_000 }),
    discountHundredths: fc.integer({ min: 0, max: 9_999 }),
    vatRate,
  });

  it('order totals are the sums of the rows', () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 30 }), (rows) => {
        const money = rows.map(rowMoney);
        const totals = orderTotals(money);
        expect(totals.amount).toBe(money.reduce((sum, r) => sum + r.amount, 0));
        expect(totals.vat).toBe(money.reduce((sum, r) => sum + r.vat, 0));
        expect(totals.netOfVat).toBe(totals.amount - totals.vat);
      }),
    );
  });

  it('VAT never exceeds the amount, is never negative, and is zero without a rate', () => {
    fc.assert(
      fc.property(row, (r) => {
        const { amount, vat } = rowMoney(r);
        expect(vat).toBeGreaterThanOrEqual(0);
        expect(vat).toBeLessThanOrEqual(amount);
        if (!r.vatRate) expect(vat).toBe(0);
      }),
    );
  });

  it('a discount never raises the amount, and the amount is within half a kopeck of the exact value', () => {
    fc.assert(
      fc.property(row, (r) => {
        const { amount } = rowMoney(r);
        expect(amount).toBeLessThanOrEqual(rowMoney({ ...r, discountHundredths: 0 }).amount);
        const exact = (r.price * r.quantityMilli * (10_000 - r.discountHundredths)) / 10_000_000;
        expect(Math.abs(amount - exact)).toBeLessThanOrEqual(0.5 + 1e-6 * exact);
      }),
    );
  });

  it('margin plus production cost is the net revenue', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e12 }), fc.integer({ min: 0, max: 1e12 }), (net, cost) => {
        const figures = marginOf(net, cost);
        expect(figures.margin + figures.productionCost).toBe(net);
        if (net === 0) expect(figures.marginPercent).toBeNull();
      }),
    );
  });
});
