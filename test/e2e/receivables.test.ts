// The receivables report (open amounts by client and age, cash by month and source, margin by manager for
// those who may read costs) and an invoice sent to the client again, once per Idempotency-Key, PDF attached.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoices } from '../../db/schema.ts';
import { dateIn } from '../../domain/calendar.ts';
import { client, hireStaff, openTask, recordHistory, stockCatalog, type OrderJson, type Staff } from '../helpers/funnel.ts';
import { startSmtp } from '../helpers/smtp.ts';
import { startStack, type Stack } from '../helpers/stack.ts';

let smtp: Awaited<ReturnType<typeof startSmtp>>;
let stack: Stack;
let staff: Staff;
let catalog: Awaited<ReturnType<typeof stockCatalog>>;
let api: ReturnType<typeof client>;

const romashka = { name: 'Иван Петров', email: 'ivan@example.com', company: 'ООО «Ромашка»', inn: '7701234567' };
const lilia = { name: 'Ольга Лилиева', email: 'olga@example.com', company: 'ООО «Лилия»', inn: '7709876543' };

/** One oak table, fully prepaid: the order's one invoice asks for 1_250_000 kopecks. */
async function invoiced(customer: typeof romashka) {
  const items = [{ productId: catalog.table.id, quantity: 1 }];
  const order = await api.create({ customer, items });
  await api.completeTask(openTask(order, 'take_in_work').id, staff.manager.headers);
  const qualified: OrderJson = await api.qualify(order.id, staff.manager.headers, { items, paymentScheme: 'full_prepayment' });
  return { order: qualified, invoice: qualified.invoices[0]! };
}

/** `days` calendar days before today in the company time zone. */
function daysAgo(days: number): string {
  const today = dateIn(stack.config.timezone, new Date());
  return new Date(Date.parse(`${today}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
}

// No route moves a due date: the test sets it in the database to give invoices their ages.
const setDue = (invoiceId: string, dueDate: string) => stack.db.update(invoices).set({ dueDate }).where(eq(invoices.id, invoiceId));

beforeAll(async () => {
  smtp = await startSmtp();
  stack = await startStack({ SMTP_URL: smtp.url });
  staff = await hireStaff(stack);
  catalog = await stockCatalog(stack);
  api = client(stack);
});
afterAll(async () => {
  await stack?.stop();
  await smtp?.stop();
});

type Report = {
  open: { total: number; buckets: Record<string, number>; clients: { inn: string | null; invoices: number; open: number; buckets: Record<string, number> }[] };
  cash: { months: { month: string; net: number }[]; sources: { source: string; received: number; refunded: number; net: number }[] };
  managers?: unknown[];
};

describe('receivables report', () => {
  it('sums what clients owe by client and age, and cash received by month and source', async () => {
    const a1 = await invoiced(romashka);
    const a2 = await invoiced(romashka);
    const b = await invoiced(lilia);
    await setDue(a1.invoice.id, daysAgo(10));
    await setDue(a2.invoice.id, daysAgo(40));
    await setDue(b.invoice.id, daysAgo(3));
    await api.pay(b.invoice.id, staff.accountant.headers, 250_000, 'PP-r-1');
    await api.until(b.order.id, (o) => o.paid === 250_000, 'part paid');

    const report = await api.ok<Report>('GET', '/api/v1/reports/receivables', staff.accountant.headers);
    expect(report.open.total).toBe(1_250_000 * 3 - 250_000);
    expect(report.open.buckets).toEqual({ notDue: 0, days1to7: 1_000_000, days8to30: 1_250_000, over30: 1_250_000 });
    expect(report.open.clients).toEqual([
      expect.objectContaining({ inn: romashka.inn, invoices: 2, open: 2_500_000, buckets: { notDue: 0, days1to7: 0, days8to30: 1_250_000, over30: 1_250_000 } }),
      expect.objectContaining({ inn: lilia.inn, invoices: 1, open: 1_000_000, buckets: { notDue: 0, days1to7: 1_000_000, days8to30: 0, over30: 0 } }),
    ]);
    expect(report.cash.sources).toEqual([{ source: 'manual', received: 250_000, refunded: 0, net: 250_000 }]);
    expect(report.cash.months.at(-1)!.net).toBe(250_000);
    expect(report.managers).toEqual(expect.any(Array));

    await setDue(b.invoice.id, daysAgo(0));
    const later = await api.ok<Report>('GET', '/api/v1/reports/receivables', staff.accountant.headers);
    expect(later.open.buckets.notDue).toBe(1_000_000);
  });

  it('leaves margin by manager out for production, and refuses a period backwards', async () => {
    const report = await api.ok<Report>('GET', '/api/v1/reports/receivables', staff.productionHead.headers);
    expect(report.open.total).toBeGreaterThan(0);
    expect(report).not.toHaveProperty('managers');
    const backwards = await api.call('GET', '/api/v1/reports/receivables?from=2026-05-01&to=2026-04-01', staff.accountant.headers);
    expect(backwards.statusCode).toBe(400);
    const last = await api.ok<Report>('GET', '/api/v1/reports/receivables?from=2026-01-01&to=2026-03-31', staff.accountant.headers);
    expect(last.cash.months.map((m) => m.month)).toEqual(['2026-01', '2026-02', '2026-03']);
  });
});

const mailsTo = (email: string) => smtp.received.filter((m) => m.to.includes(email) && m.template === 'invoice_issued');

async function mails(email: string, count: number) {
  const deadline = Date.now() + 20_000;
  while (mailsTo(email).length < count) {
    if (Date.now() > deadline) throw new Error(`${email} got ${mailsTo(email).length} invoice mails, expected ${count}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return mailsTo(email);
}

describe('sending an invoice again', () => {
  const buyer = { name: 'Сергей Повторов', email: 'again@example.com', company: 'ООО «Повтор»', inn: '7701111111' };

  it('sends it once for a double click, with the PDF, and writes it on the timeline', async () => {
    const { order, invoice } = await invoiced(buyer);
    await mails(buyer.email, 1);
    const send = (key: string, headers = staff.manager.headers) => api.call('POST', `/api/v1/invoices/${invoice.id}/send`, { ...headers, 'idempotency-key': key });

    const [first, second] = await Promise.all([send('click-1'), send('click-1')]);
    expect([first.statusCode, second.statusCode]).toEqual([202, 202]);
    expect(first.json()).toEqual(second.json());
    const [, again] = await mails(buyer.email, 2);
    expect(again!.attachments).toEqual([expect.objectContaining({ contentType: 'application/pdf', filename: `${invoice.number}.pdf` })]);
    expect(again!.attachments[0]!.content.subarray(0, 5).toString()).toBe('%PDF-');
    expect(again!.subject).toContain(invoice.number);
    expect((await api.timelineTypes(order.id)).filter((t) => t === 'invoice_resent')).toHaveLength(1);

    const byAccountant = await send('click-2', staff.accountant.headers);
    expect(byAccountant.statusCode).toBe(202);
    await mails(buyer.email, 3);
    // a moment for a stray duplicate to arrive before counting
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(mailsTo(buyer.email)).toHaveLength(3);
    expect((await api.timelineTypes(order.id)).filter((t) => t === 'invoice_resent')).toHaveLength(2);
    await recordHistory(stack, order.id, 'invoice-resent');
  });

  it('refuses without a key, for production, and for a paid invoice, sending nothing', async () => {
    const { order, invoice } = await invoiced({ ...buyer, email: 'paid@example.com', inn: '7702222222' });
    const url = `/api/v1/invoices/${invoice.id}/send`;
    expect((await api.call('POST', url, staff.manager.headers)).statusCode).toBe(400);
    expect((await api.call('POST', url, { ...staff.productionHead.headers, 'idempotency-key': 'k' })).statusCode).toBe(403);
    await api.pay(invoice.id, staff.accountant.headers, 1_250_000, 'PP-full');
    await api.until(order.id, (o) => o.due === 0, 'paid in full');
    const paid = await api.call('POST', url, { ...staff.manager.headers, 'idempotency-key': 'late' });
    expect(paid.statusCode).toBe(409);
    expect(paid.json().error.code).toBe('CONFLICT');
    expect((await api.timelineTypes(order.id)).filter((t) => t === 'invoice_resent')).toHaveLength(0);
  });
});
