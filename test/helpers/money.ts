// What the money tests share: an order waiting for its prepayment, and a signed provider notification.
import { sign } from '../../integrations/cloudpayments.ts';
import { openTask, type client, type OrderJson, type Staff, type stockCatalog } from './funnel.ts';
import type { Stack } from './stack.ts';

export const buyer = { name: 'Иван Петров', email: 'ivan@example.com', company: 'ООО «Ромашка»', inn: '7701234567' };

/** One oak table, fully prepaid: the order waits for 1_250_000 kopecks on its one invoice. */
export async function awaitingPrepayment(api: ReturnType<typeof client>, staff: Staff, catalog: Awaited<ReturnType<typeof stockCatalog>>) {
  const items = [{ productId: catalog.table.id, quantity: 1 }];
  const order = await api.create({ customer: buyer, items });
  await api.completeTask(openTask(order, 'take_in_work').id, staff.manager.headers);
  const qualified: OrderJson = await api.qualify(order.id, staff.manager.headers, { items, paymentScheme: 'full_prepayment' });
  return { order: qualified, invoice: qualified.invoices[0]! };
}

/** A provider notification of `kind`, form-encoded and signed with `secret`. */
export function notifyProvider(stack: Stack, secret: string, kind: string, fields: Record<string, string>) {
  const body = new URLSearchParams(fields).toString();
  return stack.app.inject({ method: 'POST', url: `/webhooks/cloudpayments/${kind}`, headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-hmac': sign(body, secret) }, payload: body });
}
