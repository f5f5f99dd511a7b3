import { describe, expect, it } from 'vitest';
import { divRound, orderTotals, rowMoney, toDiscountHundredths, toQuantityMilli } from '../../domain/money.ts';

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
