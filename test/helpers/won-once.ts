// What "nothing lost, nothing doubled" means for an order driven to `won` by test/helpers/driver.ts, for the
// fault tests that kill processes under it: one of each task, invoice, payment and stage change, and the
// outbox drained.
import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { client, type OrderJson } from './funnel.ts';
import type { Stack } from './stack.ts';

export const tally = (values: string[]) => values.reduce<Record<string, number>>((acc, v) => ({ ...acc, [v]: (acc[v] ?? 0) + 1 }), {});

/** The messages one driven order sends its client: one per step. */
export const CLIENT_MAIL = { order_received: 1, invoice_issued: 2, payment_received: 2, production_complete: 1, delivery_scheduled: 1, order_completed: 1 };

/** Asserts the order is won with exactly what one clean run gives it; resolves with the order. */
export async function expectWonOnce(api: ReturnType<typeof client>, id: string): Promise<OrderJson> {
  const won = await api.order(id);
  expect(won.stage).toBe('won');
  expect(tally(won.tasks.map((t) => t.type))).toEqual({ take_in_work: 1, qualify: 1, production: 2, enter_delivery_data: 1, delivery: 1 });
  expect(won.tasks.every((t) => t.status === 'done')).toBe(true);
  expect(won.invoices.map((i) => [i.kind, i.status])).toEqual([
    ['prepayment', 'paid'],
    ['postpayment', 'paid'],
  ]);
  expect(won).toMatchObject({ paid: won.totals.amount, due: 0, overpaid: 0 });
  const payments = await api.ok<{ items: { source: string }[] }>('GET', `/api/v1/orders/${id}/payments`);
  expect(payments.items.map((p) => p.source).sort()).toEqual(['cloudpayments', 'manual']);
  const stages = (await api.timeline(id)).filter((e) => e.type === 'stage_changed').map((e) => e.data.to);
  expect(stages).toEqual(['qualification', 'prepayment', 'production', 'postpayment', 'delivery_data', 'delivery', 'won']);
  return won;
}

/**
 * Waits until no mail is left to send and no activity of these orders is pending: an activity cut off by a
 * kill is retried after its timeout (until then its notification row may not exist), and a claim a killed
 * dispatcher held goes stale before another sends the row again. Asserts it got there.
 */
export async function expectMailDrained(stack: Stack, orderIds: string[], timeoutMs: number): Promise<void> {
  const pending = async () => {
    const [row] = await stack.db.execute<{ n: number }>(sql`select count(*)::int as n from notifications where status not in ('sent', 'skipped')`);
    const descriptions = await Promise.all(orderIds.map((id) => stack.temporal.workflow.getHandle(`order-${id}`).describe()));
    return row!.n + descriptions.reduce((sum, d) => sum + (d.raw.pendingActivities?.length ?? 0), 0);
  };
  for (const deadline = Date.now() + timeoutMs; (await pending()) > 0 && Date.now() < deadline; ) await new Promise((resolve) => setTimeout(resolve, 500));
  expect(await pending()).toBe(0);
}
