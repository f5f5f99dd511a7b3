// E-mail at every step, through a real SMTP server: the right messages, each once, to the right people, in
// the order's language, with the invoice PDF attached; retried when the server refuses; never doubled.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../../activities/index.ts';
import { eq } from 'drizzle-orm';
import { invoicePdfs, notifications } from '../../db/schema.ts';
import { createEmployee } from '../helpers/api.ts';
import { client, hireStaff, openTask, recordHistory, shipDateAhead, stockCatalog, type OrderJson, type Staff } from '../helpers/funnel.ts';
import { startSmtp } from '../helpers/smtp.ts';
import { startStack, type Stack } from '../helpers/stack.ts';

let smtp: Awaited<ReturnType<typeof startSmtp>>;
let stack: Stack;
let staff: Staff;
let catalog: Awaited<ReturnType<typeof stockCatalog>>;
let api: ReturnType<typeof client>;

beforeAll(async () => {
  smtp = await startSmtp();
  stack = await startStack({ SMTP_URL: smtp.url, MAIL_FROM: 'Orders <orders@factory.example>' });
  staff = await hireStaff(stack);
  catalog = await stockCatalog(stack);
  api = client(stack);
});
afterAll(async () => {
  await stack?.stop();
  await smtp?.stop();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const rows = () => [{ productId: catalog.table.id, quantity: 1 }, { productId: catalog.chair.id, quantity: 2 }];

/** Waits until mail has stopped arriving for the order (messages are sent beside the order's work). */
async function mailFor(orderId: string, settleMs = 1_500) {
  const mine = () => smtp.received.filter((m) => m.messageId.includes(orderId));
  let last = -1;
  for (const deadline = Date.now() + 30_000; Date.now() < deadline; ) {
    const now = mine().length;
    if (now === last) break;
    last = now;
    await sleep(settleMs);
  }
  return mine();
}

async function runToWon(email: string, locale: 'ru' | 'en', scheme: { paymentScheme: string; prepaymentAmount?: number }): Promise<OrderJson> {
  const order = await api.create({ customer: { name: 'Клиент', email, locale }, items: rows() });
  await api.completeTask(openTask(order, 'take_in_work').id, staff.manager.headers);
  let current = await api.qualify(order.id, staff.manager.headers, { items: rows(), ...scheme });
  let part = 0;
  const payAll = async () => {
    const invoice = current.invoices.find((i) => i.status !== 'paid' && i.status !== 'cancelled')!;
    const half = Math.floor((invoice.amount - invoice.paid) / 2);
    await api.pay(invoice.id, staff.accountant.headers, half, `p${++part}`);
    await api.pay(invoice.id, staff.accountant.headers, invoice.amount - invoice.paid - half, `p${++part}`);
  };
  if (current.stage === 'prepayment') {
    await payAll();
    current = await api.until(order.id, (o) => o.stage === 'production', 'production');
  }
  const tasks = current.tasks.filter((t) => t.type === 'production');
  await api.completeTask(tasks[0]!.id, staff.productionHead.headers, { notifyClient: true });
  await api.completeTask(tasks[1]!.id, staff.productionHead.headers);
  current = await api.order(order.id);
  if (current.stage === 'postpayment') {
    await payAll();
    current = await api.until(order.id, (o) => o.stage === 'delivery_data', 'delivery data');
  }
  const delivery = await api.delivery(order.id, staff.manager.headers, { method: 'delivery', carrier: 'Деловые линии', address: 'Казань, ул. Баумана, 1', shipDate: shipDateAhead() });
  await api.completeTask(openTask(delivery, 'delivery').id, staff.logistician.headers, { trackingNumber: 'DL-777' });
  return api.order(order.id);
}

const count = (templates: string[]) => templates.reduce<Record<string, number>>((acc, t) => ({ ...acc, [t]: (acc[t] ?? 0) + 1 }), {});

describe('client and staff e-mail', () => {
  it.each([
    ['full prepayment', 'ru', { paymentScheme: 'full_prepayment' }, { invoice_issued: 1, payment_received: 2 }],
    ['partial prepayment', 'en', { paymentScheme: 'partial_prepayment', prepaymentAmount: 500_000 }, { invoice_issued: 2, payment_received: 4 }],
    ['postpayment', 'ru', { paymentScheme: 'postpayment' }, { invoice_issued: 1, payment_received: 2 }],
  ] as const)('sends every message of a %s order once, to the right people, in %s', async (_name, locale, scheme, money) => {
    const email = `client-${Math.random().toString(36).slice(2)}@example.com`;
    const won = await runToWon(email, locale, scheme);
    expect(won.stage).toBe('won');
    const mail = await mailFor(won.id);

    const toClient = mail.filter((m) => m.to === email);
    expect(count(toClient.map((m) => m.template))).toEqual({
      order_received: 1,
      ...money,
      item_produced: 1,
      production_complete: 1,
      delivery_scheduled: 1,
      order_completed: 1,
    });
    // staff: each assignee their task, and the order's manager each payment and the end of production
    const toStaff = mail.filter((m) => m.to !== email);
    const assigned = won.tasks.filter((t) => t.assignee).map((t) => t.assignee!.id);
    expect(count(toStaff.map((m) => m.template))).toEqual({
      task_assigned: assigned.length,
      manager_payment_received: money.payment_received,
      manager_production_complete: 1,
    });
    expect(toStaff.filter((m) => m.template.startsWith('manager_')).every((m) => m.text.includes(`/orders/${won.id}`))).toBe(true);

    // language of the order, money formatted for it, the PDF on every invoice message
    const received = toClient.find((m) => m.template === 'order_received')!;
    expect(received.subject).toBe(locale === 'ru' ? `Заказ №${won.number} принят` : `Order #${won.number} received`);
    for (const invoiceMail of toClient.filter((m) => m.template === 'invoice_issued')) {
      expect(invoiceMail.attachments).toHaveLength(1);
      expect(invoiceMail.attachments[0]).toMatchObject({ contentType: 'application/pdf' });
      expect(invoiceMail.attachments[0]!.content.subarray(0, 5).toString()).toBe('%PDF-');
      expect(invoiceMail.text).toMatch(/\/pay\/[\w-]{32}/);
      expect(invoiceMail.html).toContain('<a href=');
      // the document was rendered once: staff's /pdf and the client's link send the very bytes that were mailed
      const invoice = won.invoices.find((i) => invoiceMail.attachments[0]!.filename === `${i.number}.pdf`)!;
      const staffPdf = await stack.app.inject({ method: 'GET', url: `/api/v1/invoices/${invoice.id}/pdf`, headers: staff.accountant.headers });
      expect(staffPdf.rawPayload.equals(invoiceMail.attachments[0]!.content)).toBe(true);
      const clientPdf = await stack.app.inject({ method: 'GET', url: new URL(invoice.pdfUrl).pathname });
      expect(clientPdf.rawPayload.equals(invoiceMail.attachments[0]!.content)).toBe(true);
    }
    const paidMail = toClient.find((m) => m.template === 'payment_received')!;
    expect(paidMail.text.replace(/\s/g, ' ')).toMatch(locale === 'ru' ? /\d[\d ]*,\d\d ₽/ : /RUB|₽/);
    expect(toClient.find((m) => m.template === 'delivery_scheduled')!.text).toContain('Деловые линии');
    expect(toClient.find((m) => m.template === 'order_completed')!.text).toContain('DL-777');

    const rowsSeen = (await api.ok<{ items: { template: string; status: string; recipient: string }[] }>('GET', `/api/v1/orders/${won.id}/notifications`)).items;
    expect(rowsSeen).toHaveLength(mail.length);
    expect(rowsSeen.every((n) => n.status === 'sent')).toBe(true);
    await recordHistory(stack, won.id, `notified-${_name.replace(' ', '-')}`);
  });

  it('tells the assignee and the department head about an overdue task, and the manager about an overdue payment', async () => {
    const fast = await startStack({ SMTP_URL: smtp.url, SLA_TAKE_IN_WORK: '1s', PAYMENT_TERM: '1s', PAYMENT_REMINDER_INTERVAL: '1h' });
    try {
      const people = await hireStaff(fast);
      const salesHead = await createEmployee(fast.app, { department: 'sales', isHead: true, name: 'Head of sales' });
      const products = await stockCatalog(fast);
      const fastApi = client(fast);
      const order = await fastApi.create({ customer: { name: 'Late', email: 'late@example.com' }, items: [{ productId: products.chair.id, quantity: 1 }] });
      await sleep(2_500);
      await fastApi.completeTask(openTask(await fastApi.order(order.id), 'take_in_work').id, people.manager.headers);
      await fastApi.qualify(order.id, people.manager.headers, { items: [{ productId: products.chair.id, quantity: 1 }], paymentScheme: 'full_prepayment' });
      await sleep(2_500);
      const mail = await mailFor(order.id);
      const overdue = mail.filter((m) => m.template === 'task_overdue').map((m) => m.to);
      const managerEmail = (await fast.app.inject({ method: 'GET', url: `/api/v1/employees/${people.manager.id}`, headers: { authorization: 'Bearer test-admin-key-0123456789' } })).json().email;
      const headEmail = (await fast.app.inject({ method: 'GET', url: `/api/v1/employees/${salesHead.id}`, headers: { authorization: 'Bearer test-admin-key-0123456789' } })).json().email;
      expect(overdue.sort()).toEqual([managerEmail, headEmail].sort());
      expect(mail.filter((m) => m.template === 'payment_reminder').map((m) => m.to)).toEqual(['late@example.com']);
      expect(mail.filter((m) => m.template === 'payment_overdue').map((m) => m.to)).toEqual([managerEmail]);
    } finally {
      await fast.stop();
    }
  });

  it('writes no e-mail to a client without an address, and says why', async () => {
    const order = await api.create({ customer: { name: 'Phone Only', phone: '+7 900 123-45-67' }, items: rows() });
    await sleep(1_000);
    const rowsSeen = (await api.ok<{ items: { template: string; status: string; recipient: string | null; error: string | null }[] }>('GET', `/api/v1/orders/${order.id}/notifications`)).items;
    const received = rowsSeen.find((n) => n.template === 'order_received');
    expect(received).toMatchObject({ status: 'skipped', recipient: null, error: 'the recipient has no e-mail address' });
    expect(smtp.received.filter((m) => m.messageId.includes(order.id) && m.template === 'order_received')).toHaveLength(0);
  });

  it('retries when the SMTP server refuses at first, and the message arrives once', async () => {
    smtp.refuseNext(2);
    const order = await api.create({ customer: { name: 'Retry', email: 'retry@example.com' }, items: rows() });
    const mail = await mailFor(order.id, 2_500);
    expect(mail.filter((m) => m.template === 'order_received')).toHaveLength(1);
    const rowsSeen = (await api.ok<{ items: { template: string; status: string; attempts: number }[] }>('GET', `/api/v1/orders/${order.id}/notifications`)).items;
    expect(rowsSeen.every((n) => n.status === 'sent')).toBe(true);
    // the two refusals fell on this order's first messages: they were sent on a later attempt
    expect(rowsSeen.reduce((sum, n) => sum + n.attempts, 0)).toBe(rowsSeen.length + 2);
    expect(mail).toHaveLength(rowsSeen.length);
  });

  it('never sends twice: four notify attempts at once queue one message, and a worker stopped while sending is replaced without a second copy', async () => {
    const activities = createActivities({ db: stack.db, config: stack.config, paymentLinks: async () => 'unused' });
    const order = await api.create({ customer: { name: 'Once', email: 'once@example.com' }, items: rows() });
    await mailFor(order.id);
    const key = `order-${order.id}:test:concurrent`;
    const attempts = await Promise.allSettled(
      Array.from({ length: 4 }, () => activities.notify({ key, orderId: order.id, template: 'comment', to: { kind: 'client' }, data: { number: order.number, text: 'одно письмо' } })),
    );
    expect(attempts.every((a) => a.status === 'fulfilled')).toBe(true);
    await mailFor(order.id);
    // a retry after the message went out queues nothing
    await activities.notify({ key, orderId: order.id, template: 'comment', to: { kind: 'client' }, data: { number: order.number, text: 'одно письмо' } });
    await mailFor(order.id);
    const copies = smtp.received.filter((m) => m.messageId.includes(`${order.id}.test.concurrent`));
    expect(copies.map((m) => m.text.split('\n')[0])).toEqual(['одно письмо']);

    // the worker goes away while the server is still taking a message; its replacement finishes the order's work
    smtp.slowDown(1_500);
    try {
      await api.completeTask(openTask(order, 'take_in_work').id, staff.manager.headers);
      await stack.restartWorker();
      const mail = await mailFor(order.id, 3_000);
      const byId = count(mail.map((m) => m.messageId));
      expect(Object.values(byId).every((n) => n === 1)).toBe(true);
      expect(mail.filter((m) => m.template === 'task_assigned')).toHaveLength(2);
    } finally {
      smtp.slowDown(0);
    }
  });

  it('lists a row in every status it can have: one being sent and one given up answer like the others (issue 16)', async () => {
    const order = await api.create({ customer: { name: 'Statuses', email: 'statuses@example.com' }, items: rows() });
    await mailFor(order.id);
    const [first] = await stack.db.select({ id: notifications.id }).from(notifications).where(eq(notifications.orderId, order.id));
    for (const status of ['sending', 'undeliverable'] as const) {
      await stack.db.update(notifications).set({ status, error: status === 'undeliverable' ? '550 no such mailbox' : null }).where(eq(notifications.id, first!.id));
      const listed = await api.call('GET', `/api/v1/orders/${order.id}/notifications`, staff.manager.headers);
      expect(listed.statusCode).toBe(200);
      expect(listed.json().items.find((n: { id: string }) => n.id === first!.id)).toMatchObject({ status });
    }
  });

  it('renders the PDF of an invoice issued before documents were stored on first use, and keeps it', async () => {
    const order = await api.create({ customer: { name: 'Old invoice', email: 'old@example.com' }, items: rows() });
    await api.completeTask(openTask(order, 'take_in_work').id, staff.manager.headers);
    const qualified = await api.qualify(order.id, staff.manager.headers, { items: rows(), paymentScheme: 'full_prepayment' });
    const invoice = qualified.invoices[0]!;
    // as an invoice issued by the engine before this change: no stored document
    await stack.db.delete(invoicePdfs).where(eq(invoicePdfs.invoiceId, invoice.id));
    const pdfOf = () => stack.app.inject({ method: 'GET', url: `/api/v1/invoices/${invoice.id}/pdf`, headers: staff.accountant.headers });
    const first = await pdfOf();
    expect(first.statusCode).toBe(200);
    expect(first.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const [stored] = await stack.db.select().from(invoicePdfs).where(eq(invoicePdfs.invoiceId, invoice.id));
    expect(stored!.pdf.equals(first.rawPayload)).toBe(true);
    // what is stored is what is sent from now on, not a new rendering
    const marked = Buffer.concat([first.rawPayload, Buffer.from('% stored\n')]);
    await stack.db.update(invoicePdfs).set({ pdf: marked }).where(eq(invoicePdfs.invoiceId, invoice.id));
    expect((await pdfOf()).rawPayload.equals(marked)).toBe(true);
  });

  it('tells the client about a cancel and a comment, escaping what staff typed', async () => {
    const order = await api.create({ customer: { name: 'Esc', email: 'esc@example.com' }, items: rows() });
    const comment = await api.call('POST', `/api/v1/orders/${order.id}/comments`, staff.manager.headers, { text: 'Цена <b>снижена</b> & <script>x()</script>', notifyClient: true });
    expect(comment.statusCode).toBe(201);
    const cancel = await api.call('POST', `/api/v1/orders/${order.id}/cancel`, staff.manager.headers, { reason: 'клиент передумал', notifyClientOfReason: true });
    expect(cancel.statusCode).toBe(200);
    const mail = await mailFor(order.id);
    const note = mail.find((m) => m.template === 'comment')!;
    expect(note.text).toContain('Цена <b>снижена</b> & <script>x()</script>');
    expect(note.html).toContain('Цена &lt;b&gt;снижена&lt;/b&gt; &amp; &lt;script&gt;x()&lt;/script&gt;');
    expect(note.html).not.toContain('<script>');
    const cancelled = mail.find((m) => m.template === 'order_cancelled')!;
    expect(cancelled.subject).toBe(`Заказ №${order.number} отменён`);
    expect(cancelled.text).toContain('клиент передумал');
    await recordHistory(stack, order.id, 'notified-cancel');
  });

  it('writes dates and money as people read them, tells the client of a cancel without the staff reason, and tells the makers', async () => {
    const email = `cancel-${Math.random().toString(36).slice(2)}@example.com`;
    const order = await api.create({ customer: { name: 'Клиент', email }, items: rows() });
    await api.completeTask(openTask(order, 'take_in_work').id, staff.manager.headers);
    const qualified = await api.qualify(order.id, staff.manager.headers, { items: rows(), paymentScheme: 'full_prepayment' });
    const invoice = qualified.invoices[0]!;
    await api.pay(invoice.id, staff.accountant.headers, invoice.amount, 'words-1');
    const producing = await api.until(order.id, (o) => o.stage === 'production', 'production');
    const makers = producing.tasks.filter((t) => t.type === 'production' && t.assignee).map((t) => t.assignee!.id);
    expect(makers.length).toBeGreaterThan(0);

    const reason = 'менеджер ошибся с ценой, клиенту не говорить';
    const cancelled = await api.cancel(order.id, staff.manager.headers, reason);
    const mail = await mailFor(order.id);
    const toClient = mail.filter((m) => m.to === email);

    const [year, month, day] = invoice.dueDate.split('-');
    const issued = toClient.find((m) => m.template === 'invoice_issued')!;
    expect(issued.text).toContain(`Оплатить до ${day}.${month}.${year}.`);
    expect(issued.text).not.toContain(invoice.dueDate);

    const told = toClient.find((m) => m.template === 'order_cancelled')!;
    expect(told.text).toContain(`Заказ №${order.number} отменён.`);
    expect(told.text).toContain('Полученные деньги мы вернём.');
    expect(told.text).not.toContain(reason);

    const emailOf = new Map(Object.values(staff).flat().map((e) => [e.id, e.email]));
    const stopped = mail.filter((m) => m.template === 'task_cancelled');
    expect(stopped.map((m) => m.to).sort()).toEqual(makers.map((id) => emailOf.get(id)).sort());
    for (const m of stopped) {
      expect(m.subject).toMatch(new RegExp(`^Задача отменена: Произвести позицию №${order.number}: `));
      expect(m.text).toContain(reason);
    }

    const refund = openTask(cancelled, 'refund');
    const money = new Intl.NumberFormat('ru-RU', { style: 'currency', currency: 'RUB', minimumFractionDigits: 2 }).format(invoice.amount / 100);
    expect(refund).toMatchObject({ title: `Возврат ${money} по заказу №${order.number}`, description: `Заказ отменён: ${reason}` });

    const texts = (await api.timeline(order.id)).map((e) => e.text);
    expect(texts).toContain('Задача выполнена: Взять в работу');
    expect(texts).toContain('Задача отменена: Произвести позицию');
  });
});
