import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rowMoney, type VatRate } from '../../domain/money.ts';
import { type VatRow, vatByRate, vatInPart } from '../../domain/vat-split.ts';

const row = (amount: number, vatRate: VatRate): VatRow => ({ amount, vatRate, vat: rowMoney({ price: amount, quantityMilli: 1000, discountHundredths: 0, vatRate }).vat });

describe('vatInPart states the VAT an amount to pay contains, by rate', () => {
  it('a 200 ₽ prepayment of a 390 ₽ order at 22 % contains 36,07 ₽, not the order’s 70,33 ₽', () => {
    const rows = [row(25_000, 22), row(14_000, 22)];
    expect(vatByRate(rows)).toEqual([{ rate: 22, amount: 39_000, vat: 4_508 + 2_525 }]);
    expect(vatInPart(rows, 20_000)).toEqual([{ rate: 22, amount: 20_000, vat: 3_607 }]);
  });

  it.each<[string, VatRow[], number, { rate: number | null; amount: number; vat: number }[]]>([
    ['the whole order: the rows’ own VAT', [row(33_333, 22), row(33_333, 22)], 66_666, [{ rate: 22, amount: 66_666, vat: 12_022 }]],
    ['two rates, split in proportion', [row(30_000, 22), row(10_000, 10)], 20_000, [{ rate: 22, amount: 15_000, vat: 2_705 }, { rate: 10, amount: 5_000, vat: 455 }]],
    ['a remainder kopeck goes to the larger fraction', [row(100, 22), row(200, 10)], 100, [{ rate: 22, amount: 33, vat: 6 }, { rate: 10, amount: 67, vat: 6 }]],
    ['a part without VAT states none for its share', [row(10_000, null), row(10_000, 22)], 10_000, [{ rate: null, amount: 5_000, vat: 0 }, { rate: 22, amount: 5_000, vat: 902 }]],
    ['rate 0 is a rate, with zero VAT', [row(10_000, 0)], 1, [{ rate: 0, amount: 1, vat: 0 }]],
    ['a share too small to get a kopeck is left out', [row(1, 10), row(99_999, 22)], 2, [{ rate: 22, amount: 2, vat: 0 }]],
  ])('%s', (_, rows, part, expected) => {
    expect(vatInPart(rows, part)).toEqual(expected);
  });

  it.each([0, -1, 1.5, 40_001])('refuses a part of %s kopecks of a 400 ₽ order', (part) => {
    expect(() => vatInPart([row(40_000, 22)], part)).toThrow(RangeError);
  });

  it('the shares always add up to the part, each at most its rate’s amount', () => {
    const rates = fc.constantFrom<VatRate>(22, 10, 0, null);
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 1, max: 10_000_000 }), rates), { minLength: 1, maxLength: 6 }), fc.double({ min: 0, max: 1, noNaN: true }), (spec, fraction) => {
        const rows = spec.map(([amount, rate]) => row(amount, rate));
        const total = rows.reduce((sum, r) => sum + r.amount, 0);
        const part = Math.max(1, Math.round(total * fraction));
        const lines = vatInPart(rows, part);
        expect(lines.reduce((sum, l) => sum + l.amount, 0)).toBe(part);
        const whole = new Map(vatByRate(rows).map((l) => [l.rate, l]));
        for (const line of lines) {
          expect(line.amount).toBeLessThanOrEqual(whole.get(line.rate)!.amount);
          expect(line.vat).toBeLessThanOrEqual(whole.get(line.rate)!.vat + 1);
        }
      }),
    );
  });
});
