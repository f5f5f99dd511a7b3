// The money rules of a changed order, as tables: carried-over money, what a new invoice asks, what goes back.
import { describe, expect, it } from 'vitest';
import { afterAmend, afterItemsChange, refundAfterChange } from '../../domain/order-changes.ts';

describe('refund after a change', () => {
  it.each([
    // total, paid, pending refunds → refund
    [10_000, 0, 0, 0],
    [10_000, 10_000, 0, 0],
    [8_000, 10_000, 0, 2_000],
    [8_000, 10_000, 500, 1_500],
    [8_000, 10_000, 2_000, 0],
    [8_000, 10_000, 3_000, 0],
    [0, 10_000, 0, 10_000],
    [8_000, 10_000, -100, 2_000],
  ])('total %i, paid %i, %i on its way back: refund %i', (total, paid, refundsPending, refund) =>
    expect(refundAfterChange({ total, paid, refundsPending })).toBe(refund),
  );
});

describe('amending in qualification or prepayment', () => {
  it.each([
    // total, prepayment, paid → invoice, refund, production
    [10_000, 10_000, 0, 10_000, 0, false],
    [12_000, 12_000, 10_000, 2_000, 0, false],
    [10_000, 5_000, 3_000, 2_000, 0, false],
    [10_000, 5_000, 5_000, 0, 0, true],
    [8_000, 8_000, 10_000, 0, 2_000, true],
    [10_000, 0, 0, 0, 0, true],
    [10_000, 0, 4_000, 0, 0, true],
  ])('total %i, prepayment %i, paid %i: invoice %i, refund %i, production %s', (total, prepaymentAmount, paid, invoice, refund, production) =>
    expect(afterAmend({ total, prepaymentAmount, paid, refundsPending: 0 })).toEqual({ invoice, refund, production }),
  );
});

describe('items added or removed in production', () => {
  it.each([
    // total before, total after, paid, an open supplementary invoice → invoice, refund
    [10_000, 13_500, 10_000, false, 3_500, 0],
    [10_000, 6_500, 10_000, false, 0, 3_500],
    [10_000, 13_500, 5_000, false, 0, 0],
    [10_000, 4_000, 5_000, false, 0, 1_000],
    [13_500, 17_000, 10_000, true, 7_000, 0],
    [13_500, 10_000, 10_000, true, 0, 0],
    [13_500, 9_000, 10_000, true, 0, 1_000],
    [0, 3_500, 0, false, 3_500, 0],
  ])('%i → %i, paid %i, open invoice %s: invoice %i, refund %i', (totalBefore, total, paid, invoiceOpen, invoice, refund) =>
    expect(afterItemsChange({ totalBefore, total, paid, invoiceOpen, refundsPending: 0 })).toEqual({ invoice, refund }),
  );
});
