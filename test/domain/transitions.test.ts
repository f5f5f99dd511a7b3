// Every row of the funnel's transitions, as tables: the order workflow follows these and nothing else.
import { describe, expect, it } from 'vitest';
import type { Stage } from '../../domain/funnel.ts';
import { afterCancel, afterDelivery, afterPayment, afterProduction, afterQualify, afterTakeInWork, refundOwed } from '../../domain/transitions.ts';

describe('stage transitions', () => {
  it.each<[Stage, Stage | null]>([
    ['new', 'qualification'],
    ['qualification', null],
    ['lost', null],
  ])('take in work in %s leads to %s', (stage, next) => expect(afterTakeInWork(stage)).toBe(next));

  it.each([
    [0, 'production'],
    [1, 'prepayment'],
    [50_000, 'prepayment'],
  ])('qualifying with prepayment %i leads to %s', (amount, next) => expect(afterQualify(amount)).toBe(next));

  it.each<[Stage, number, number, number, Stage | null]>([
    ['prepayment', 10_000, 4_999, 5_000, null],
    ['prepayment', 10_000, 5_000, 5_000, 'production'],
    ['prepayment', 10_000, 12_000, 10_000, 'production'],
    ['postpayment', 10_000, 9_999, 5_000, null],
    ['postpayment', 10_000, 10_000, 5_000, 'delivery_data'],
    ['postpayment', 10_000, 10_500, 5_000, 'delivery_data'],
    ['production', 10_000, 10_000, 5_000, null],
    ['qualification', 0, 100, 0, null],
    ['won', 10_000, 20_000, 0, null],
    ['lost', 10_000, 10_000, 10_000, null],
  ])('a payment in %s (total %i, paid %i, prepayment %i) leads to %s', (stage, total, paid, prepaymentAmount, next) =>
    expect(afterPayment({ stage, total, paid, prepaymentAmount })).toBe(next),
  );

  it.each([
    [10_000, 5_000, 'postpayment'],
    [10_000, 0, 'postpayment'],
    [10_000, 10_000, 'delivery_data'],
    [10_000, 11_000, 'delivery_data'],
  ])('the last item made with total %i and paid %i leads to %s', (total, paid, next) => expect(afterProduction(total, paid)).toBe(next));

  it.each<[Stage, Stage | null]>([
    ['delivery', 'won'],
    ['delivery_data', null],
    ['won', null],
  ])('the delivery done in %s leads to %s', (stage, next) => expect(afterDelivery(stage)).toBe(next));

  it.each<[Stage, Stage | null]>([
    ['new', 'lost'],
    ['qualification', 'lost'],
    ['prepayment', 'lost'],
    ['production', 'lost'],
    ['postpayment', 'lost'],
    ['delivery_data', 'lost'],
    ['delivery', 'lost'],
    ['won', null],
    ['lost', null],
  ])('cancelling in %s leads to %s', (stage, next) => expect(afterCancel(stage)).toBe(next));
});

describe('money owed back', () => {
  it.each<[string, Parameters<typeof refundOwed>[0], ReturnType<typeof refundOwed>]>([
    ['a part payment', { stage: 'prepayment', total: 10_000, paidBefore: 0, amount: 5_000, invoiceCancelled: false }, null],
    ['the exact rest', { stage: 'postpayment', total: 10_000, paidBefore: 5_000, amount: 5_000, invoiceCancelled: false }, null],
    ['paying past the total', { stage: 'prepayment', total: 10_000, paidBefore: 8_000, amount: 5_000, invoiceCancelled: false }, { amount: 3_000, reason: 'overpayment' }],
    ['paying again when overpaid', { stage: 'production', total: 10_000, paidBefore: 12_000, amount: 1_000, invoiceCancelled: false }, { amount: 1_000, reason: 'overpayment' }],
    ['late money on a won order', { stage: 'won', total: 10_000, paidBefore: 10_000, amount: 700, invoiceCancelled: false }, { amount: 700, reason: 'overpayment' }],
    ['money on a lost order', { stage: 'lost', total: 10_000, paidBefore: 0, amount: 4_000, invoiceCancelled: true }, { amount: 4_000, reason: 'cancelled' }],
    ['money on a cancelled invoice', { stage: 'production', total: 10_000, paidBefore: 0, amount: 4_000, invoiceCancelled: true }, { amount: 4_000, reason: 'cancelled' }],
    ['a refund going out', { stage: 'won', total: 10_000, paidBefore: 12_000, amount: -2_000, invoiceCancelled: false }, null],
  ])('%s', (_name, money, owed) => expect(refundOwed(money)).toEqual(owed));
});
