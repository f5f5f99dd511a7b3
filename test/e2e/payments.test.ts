// Invoices clients can pay: the PDF, the payment page with the sandbox provider, the CloudPayments
// webhooks (signatures, codes, repeats), and the 1C import.
import { sql } from 'drizzle-orm';
import { extractText } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sign } from '../../integrations/cloudpayments.ts';
import { client, hireStaff, openTask, recordHistory, stockCatalog, type Staff } from '../helpers/funnel.ts';
import { startStack, type Stack } from '../helpers/stack.ts';

const SECRET = 'webhook-test-secret';
let stack: Stack;
let staff: Staff;
let catalog: Awaited<ReturnType<typeof stockCatalog>>;
let api: ReturnType<typeof client>;

beforeAll(async () => {
  stack = await startStack({ CLOUDPAYMENTS_API_SECRET: SECRET, PUBLIC_BASE_URL: 'https://orders.example.com', SETTLEMENT_WINDOW: '2s' });
  staff = await hireStaff(stack);
  catalog = await stockCatalog(stack);
  api = client(stack);
});
afterAll(async () => stack?.stop());

const customer = { name: 'Иван Петров', email: 'ivan@example.com', company: 'ООО «Ромашка»', inn: '7701234567' };
const rows = () => [
  { productId: catalog.table.id, quantity: 2, discountPercent: 5 },
  { productId: catalog.chair.id, quantity: 4 },
];

/** An order waiting for its prepayment, with its invoice. */
async function awaitingPrepayment(scheme: { paymentScheme: string; prepaymentAmount?: number } = { paymentScheme: 'full_prepayment' }) {
  const order = await api.create({ customer, items: rows() });
  await api.completeTask(openTask(order, 'take_in_work').id, staff.manager.headers);
  const prepayment = await api.qualify(order.id, staff.manager.headers, { items: rows(), ...scheme });
  return { order: prepayment, invoice: prepayment.invoices[0]! };
}

type Signature = 'content' | 'x-content' | 'none' | 'wrong';

/** Sends a notification whose body is given as raw bytes, signed over those bytes (or their URL-decoded form). */
function notifyRaw(kind: string, body: Buffer, contentType: string, signature: 'content' | 'x-content') {
  const decoded = Buffer.from(body.toString('latin1').replace(/\+/g, ' ').replace(/%([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1');
  const header = signature === 'content' ? { 'content-hmac': sign(body, SECRET) } : { 'x-content-hmac': sign(decoded, SECRET) };
  return stack.app.inject({ method: 'POST', url: `/webhooks/cloudpayments/${kind}`, headers: { 'content-type': contentType, ...header }, payload: body });
}

function notify(kind: string, fields: Record<string, string | number>, options: { json?: boolean; signature?: Signature } = {}) {
  const body = options.json
    ? JSON.stringify(fields)
    : new URLSearchParams(Object.entries(fields).map(([k, v]): [string, string] => [k, String(v)])).toString();
  const signature = options.signature ?? 'content';
  const headers: Record<string, string> = { 'content-type': options.json ? 'application/json' : 'application/x-www-form-urlencoded' };
  if (signature === 'content') headers['content-hmac'] = sign(body, SECRET);
  if (signature === 'x-content') headers['x-content-hmac'] = sign(decodeURIComponent(body.replace(/\+/g, ' ')), SECRET);
  if (signature === 'wrong') headers['content-hmac'] = sign(body, 'not-the-secret');
  return stack.app.inject({ method: 'POST', url: `/webhooks/cloudpayments/${kind}`, headers, payload: body });
}

const payFields = (invoice: { number: string }, amount: string, transactionId: string | number, extra: Record<string, string> = {}) => ({
  TransactionId: transactionId,
  Amount: amount,
  Currency: 'RUB',
  InvoiceId: invoice.number,
  AccountId: customer.email,
  DateTime: '2026-11-27 10:00:00',
  Status: 'Completed',
  CardFirstSix: '424242',
  CardLastFour: '4242',
  SomeFieldAddedLater: 'ignored',
  ...extra,
});

describe('the invoice PDF', () => {
  it('is a real PDF with the number, the buyer, every row and the total, for staff and for the client', async () => {
    const { invoice } = await awaitingPrepayment();
    const response = await stack.app.inject({ method: 'GET', url: `/api/v1/invoices/${invoice.id}/pdf`, headers: staff.accountant.headers });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const { text } = await extractText(new Uint8Array(response.rawPayload), { mergePages: true });
    const flat = text.replace(/\s+/g, ' ');
    for (const expected of [invoice.number, 'ООО «Ромашка»', 'ИНН 7701234567', 'Стол дубовый', 'Стул', '23 750,00', '14 000,00', '37 750,00', 'В том числе НДС 22%: 4 282,79', 'В том числе НДС 10%: 1 272,73']) {
      expect(flat, expected).toContain(expected);
    }
    expect(flat).toContain(`Всего к оплате: 37 750,00`);
    expect(flat).toContain(invoice.paymentUrl);

    const publicPdf = await stack.app.inject({ method: 'GET', url: new URL(invoice.pdfUrl).pathname });
    expect(publicPdf.statusCode).toBe(200);
    expect(publicPdf.headers['content-type']).toBe('application/pdf');
    const { text: publicText } = await extractText(new Uint8Array(publicPdf.rawPayload), { mergePages: true });
    expect(publicText).toContain(invoice.number);
  });

  it('shows the prepayment asked for on a partial prepayment invoice, and is 404 for unknown invoices', async () => {
    const { invoice } = await awaitingPrepayment({ paymentScheme: 'partial_prepayment', prepaymentAmount: 1_000_000 });
    const response = await stack.app.inject({ method: 'GET', url: `/api/v1/invoices/${invoice.id}/pdf`, headers: staff.manager.headers });
    const { text } = await extractText(new Uint8Array(response.rawPayload), { mergePages: true });
    expect(text.replace(/\s+/g, ' ')).toContain('Всего к оплате: 10 000,00');
    expect((await stack.app.inject({ method: 'GET', url: '/api/v1/invoices/00000000-0000-4000-8000-000000000000/pdf', headers: staff.manager.headers })).statusCode).toBe(404);
    expect((await stack.app.inject({ method: 'GET', url: '/pay/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/invoice.pdf' })).statusCode).toBe(404);
  });
});

describe('the payment page (sandbox provider)', () => {
  it('shows the invoice, and its pay button pays through the signed webhooks and moves the order on', async () => {
    const { order, invoice } = await awaitingPrepayment();
    const url = new URL(invoice.paymentUrl);
    expect(url.origin).toBe('https://orders.example.com');
    expect(url.pathname).toMatch(/^\/pay\/[\w-]{32}$/);
    expect(url.pathname).not.toContain(invoice.id);

    const pageResponse = await stack.app.inject({ method: 'GET', url: url.pathname });
    expect(pageResponse.statusCode).toBe(200);
    expect(pageResponse.headers['content-type']).toContain('text/html');
    expect(pageResponse.body).toContain(invoice.number);
    expect(pageResponse.body).toContain('37&nbsp;750,00'.replace(/&nbsp;/g, '\u00a0'));
    expect(pageResponse.body).toContain('ООО «Ромашка»');

    // as a browser posts the page's form (an empty url-encoded body), here clicked twice at once
    const action = /<form method="post" action="([^"]+)">/.exec(pageResponse.body)?.[1];
    expect(action).toBe(`${url.pathname}/sandbox`);
    const clicks = await Promise.all(
      [1, 2].map(() => stack.app.inject({ method: 'POST', url: action!, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: '' })),
    );
    expect(clicks.map((c) => c.statusCode)).toEqual([303, 303]);
    expect(clicks[0]!.headers.location).toBe(`${url.pathname}?paid=1`);
    // read back at once, as the browser does after the redirect: one state, whether or not the order has counted it yet
    const rightAfter = (await stack.app.inject({ method: 'GET', url: clicks[0]!.headers.location as string })).body;
    const paidFigure = new Intl.NumberFormat('ru-RU', { style: 'currency', currency: 'RUB', minimumFractionDigits: 2 }).format(invoice.amount / 100);
    expect(rightAfter).toContain(`<dt>Оплачено</dt><dd>${paidFigure}</dd>`);
    expect(rightAfter).toContain('К оплате: 0,00\u00a0₽');
    expect(rightAfter).toMatch(/Счёт оплачен\. Спасибо!|Оплата принята и сейчас записывается/);
    expect(rightAfter).not.toContain('<button');
    expect(rightAfter).not.toContain('не может быть оплачен');
    const production = await api.until(order.id, (o) => o.stage === 'production', 'production');
    expect(production.invoices[0]).toMatchObject({ status: 'paid', paid: invoice.amount });
    const payments = await api.ok<{ items: { source: string; externalId: string }[] }>('GET', `/api/v1/orders/${order.id}/payments`);
    expect(payments.items).toEqual([expect.objectContaining({ source: 'cloudpayments', externalId: expect.stringMatching(/^sandbox-/) })]);
    expect((await api.order(order.id)).overpaid).toBe(0);
    // the provider's redirect exists only when CloudPayments is the provider
    expect((await stack.app.inject({ method: 'GET', url: `${url.pathname}/provider` })).statusCode).toBe(404);

    const paidPage = await stack.app.inject({ method: 'GET', url: url.pathname });
    expect(paidPage.body).not.toContain('<button');
    expect(paidPage.body).toContain('Счёт оплачен. Спасибо!');
    // a second click says clearly that it is paid, and pays nothing
    const again = await stack.app.inject({ method: 'POST', url: `${url.pathname}/sandbox`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: '' });
    expect(again.statusCode).toBe(303);
    const shown = (await stack.app.inject({ method: 'GET', url: again.headers.location as string })).body;
    expect(shown).toContain('Счёт оплачен. Спасибо!');
    expect(shown).not.toContain('не может быть оплачен');
    expect((await api.ok<{ items: unknown[] }>('GET', `/api/v1/orders/${order.id}/payments`)).items).toHaveLength(1);
    await recordHistory(stack, order.id, 'paid-on-payment-page');
  });

  it('escapes what users typed', async () => {
    const order = await api.create({ customer: { name: '<script>alert(1)</script>', email: 'x@example.com', company: '<img src=x onerror=alert(1)>' }, items: rows() });
    await api.completeTask(openTask(order, 'take_in_work').id, staff.manager.headers);
    const prepayment = await api.qualify(order.id, staff.manager.headers, { items: rows(), paymentScheme: 'full_prepayment' });
    const page = await stack.app.inject({ method: 'GET', url: new URL(prepayment.invoices[0]!.paymentUrl).pathname });
    expect(page.body).not.toContain('<img src=x');
    expect(page.body).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });
});

describe('CloudPayments webhooks', () => {
  it('check answers 0 for a payable invoice, in form and JSON, with either signature header', async () => {
    const { invoice } = await awaitingPrepayment();
    const fields = payFields(invoice, '37750.00', 1);
    for (const options of [{}, { json: true }, { signature: 'x-content' as const }, { json: true, signature: 'x-content' as const }]) {
      const response = await notify('check', fields, options);
      expect(response.statusCode, JSON.stringify(options)).toBe(200);
      expect(response.json()).toEqual({ code: 0 });
    }
  });

  it('check answers 10, 11, 12, 13 as the contract says', async () => {
    const { order, invoice } = await awaitingPrepayment();
    expect((await notify('check', payFields({ number: 'INV-1999-99999' }, '1.00', 1))).json()).toEqual({ code: 10 });
    expect((await notify('check', payFields(invoice, '1.00', 1, { AccountId: 'someone@else.com' }))).json()).toEqual({ code: 11 });
    expect((await notify('check', payFields(invoice, '1.00', 1, { AccountId: order.id }))).json()).toEqual({ code: 0 });
    expect((await notify('check', payFields(invoice, '37750.01', 1))).json()).toEqual({ code: 12 });
    expect((await notify('check', payFields(invoice, '100.00', 1, { Currency: 'USD' }))).json()).toEqual({ code: 12 });
    expect((await notify('check', payFields(invoice, 'abc', 1))).json()).toEqual({ code: 12 });
    await api.cancel(order.id, staff.manager.headers);
    expect((await notify('check', payFields(invoice, '1.00', 1))).json()).toEqual({ code: 13 });
  });

  it('check answers 13 for a paid invoice, and 12 above what the order still owes', async () => {
    const { order, invoice } = await awaitingPrepayment({ paymentScheme: 'partial_prepayment', prepaymentAmount: 1_000_000 });
    await notify('pay', payFields(invoice, '10000.00', 'tx-prepaid'));
    await api.until(order.id, (o) => o.stage === 'production', 'production');
    expect((await notify('check', payFields(invoice, '1.00', 2))).json()).toEqual({ code: 13 });
    expect((await notify('pay', payFields({ number: 'INV-1999-99999' }, '1.00', 'tx-unknown'))).json()).toEqual({ code: 0 });
    expect((await notify('pay', payFields(invoice, '1.00', 'tx-usd', { Currency: 'USD' }))).json()).toEqual({ code: 0 });
  });

  it('verifies the bytes as received: a windows-1251 form, an upper-case JSON content type', async () => {
    const { order, invoice } = await awaitingPrepayment();
    // "Name=Иван" in windows-1251, percent-encoded as CloudPayments sends it in that mode
    const form = Buffer.from(`TransactionId=tx-1251&Amount=100.00&Currency=RUB&InvoiceId=${invoice.number}&AccountId=${encodeURIComponent(customer.email)}&Name=%C8%E2%E0%ED`, 'latin1');
    for (const signature of ['content', 'x-content'] as const) {
      const response = await notifyRaw('pay', form, 'application/x-www-form-urlencoded; charset=windows-1251', signature);
      expect(response.json(), signature).toEqual({ code: 0 });
    }
    const json = Buffer.from(JSON.stringify(payFields(invoice, '50.00', 'tx-upper')), 'utf8');
    expect((await notifyRaw('pay', json, 'APPLICATION/JSON', 'content')).json()).toEqual({ code: 0 });
    const paid = await api.until(order.id, (o) => o.paid === 15_000, 'both payments counted');
    expect(paid.paid).toBe(15_000);
  });

  it.each<[string, Signature]>([
    ['no signature', 'none'],
    ['a wrong signature', 'wrong'],
  ])('refuses %s with 401 and code 13, recording nothing', async (_name, signature) => {
    const { order, invoice } = await awaitingPrepayment();
    for (const kind of ['check', 'pay', 'fail', 'refund']) {
      const response = await notify(kind, payFields(invoice, '100.00', `unsigned-${kind}-${signature}`), { signature });
      expect(response.statusCode).toBe(401);
      expect(response.json()).toEqual({ code: 13 });
    }
    const payments = await api.ok<{ items: unknown[] }>('GET', `/api/v1/orders/${order.id}/payments`);
    expect(payments.items).toEqual([]);
  });

  it('pay records the payment once per TransactionId, however often and however concurrently it arrives', async () => {
    const { order, invoice } = await awaitingPrepayment();
    const fields = payFields(invoice, '37750.00', 'tx-concurrent-1');
    const responses = await Promise.all(Array.from({ length: 20 }, (_, i) => notify('pay', fields, { json: i % 2 === 0 })));
    expect(responses.map((r) => r.json())).toEqual(Array(20).fill({ code: 0 }));
    const production = await api.until(order.id, (o) => o.stage === 'production', 'production');
    expect(production.paid).toBe(invoice.amount);
    const payments = await api.ok<{ items: { amount: number; source: string; externalId: string }[] }>('GET', `/api/v1/orders/${order.id}/payments`);
    expect(payments.items).toEqual([expect.objectContaining({ amount: invoice.amount, source: 'cloudpayments', externalId: 'tx-concurrent-1' })]);
    const types = await api.timelineTypes(order.id);
    expect(types.filter((t) => t === 'payment_received')).toHaveLength(1);
  });

  it('fail is written on the timeline once; refund lowers paid and is shown on the order', async () => {
    const { order, invoice } = await awaitingPrepayment({ paymentScheme: 'partial_prepayment', prepaymentAmount: 1_000_000 });
    for (let i = 0; i < 3; i++) {
      expect((await notify('fail', { ...payFields(invoice, '10000.00', 'tx-fail-1'), Reason: 'InsufficientFunds', ReasonCode: '5051' })).json()).toEqual({ code: 0 });
    }
    await notify('pay', payFields(invoice, '10000.00', 'tx-pay-2'));
    await api.until(order.id, (o) => o.stage === 'production', 'production');
    const refund = await notify('refund', { TransactionId: 'tx-refund-3', PaymentTransactionId: 'tx-pay-2', Amount: '2500.00', DateTime: '2026-11-27 12:00:00' }, { json: true });
    expect(refund.json()).toEqual({ code: 0 });
    await notify('refund', { TransactionId: 'tx-refund-3', PaymentTransactionId: 'tx-pay-2', Amount: '2500.00' }, { signature: 'x-content' });
    // a refund above what is left of its payment, and a refund of a refund, are not recorded
    await notify('refund', { TransactionId: 'tx-refund-4', PaymentTransactionId: 'tx-pay-2', Amount: '7500.01' });
    await notify('refund', { TransactionId: 'tx-refund-5', PaymentTransactionId: 'tx-refund-3', Amount: '1.00' });
    const refunded = await api.until(order.id, (o) => o.paid === 750_000, 'the refund counted');
    expect(refunded.stage).toBe('production');
    expect(refunded.invoices[0]).toMatchObject({ paid: 750_000, status: 'partially_paid' });
    const timeline = await api.timeline(order.id);
    expect(timeline.filter((e) => e.type === 'payment_failed')).toEqual([
      expect.objectContaining({ data: expect.objectContaining({ transactionId: 'tx-fail-1', reason: 'InsufficientFunds', invoiceNumber: invoice.number }) }),
    ]);
    expect(timeline.filter((e) => e.type === 'refund_recorded')).toHaveLength(1);
    const payments = await api.ok<{ items: { amount: number }[] }>('GET', `/api/v1/orders/${order.id}/payments`);
    expect(payments.items.map((p) => p.amount).sort((a, b) => a - b)).toEqual([-250_000, 1_000_000]);
    const refundRow = await stack.db.execute<{ received_at: Date }>(sql`select received_at from payments where external_id = 'tx-refund-3'`);
    expect(new Date(refundRow[0]!.received_at).toISOString()).toBe('2026-11-27T12:00:00.000Z');
    await recordHistory(stack, order.id, 'provider-failure-and-refund');
  });

  it('records a payment that still arrives for a cancelled invoice, and gives accounting a refund task', async () => {
    const { order, invoice } = await awaitingPrepayment();
    await api.cancel(order.id, staff.manager.headers);
    expect((await notify('pay', payFields(invoice, '500.00', 'tx-after-cancel'))).json()).toEqual({ code: 0 });
    const lost = await api.until(order.id, (o) => o.paid === 50_000, 'the late payment recorded');
    expect(openTask(lost, 'refund')).toMatchObject({ department: 'accounting' });
  });

  it('counts a payment that arrives after the settlement window, and its refund task can be done', async () => {
    const { order, invoice } = await awaitingPrepayment();
    await api.cancel(order.id, staff.manager.headers);
    await stack.temporal.workflow.getHandle(`order-${order.id}`).result();
    expect((await notify('pay', payFields(invoice, '700.00', 'tx-after-window'))).json()).toEqual({ code: 0 });
    await notify('pay', payFields(invoice, '700.00', 'tx-after-window'));
    const closed = await api.order(order.id);
    expect(closed).toMatchObject({ stage: 'lost', paid: 70_000 });
    const refund = openTask(closed, 'refund');
    expect(closed.tasks.filter((t) => t.type === 'refund')).toHaveLength(1);
    expect((await api.timeline(order.id)).findLast((e) => e.type === 'payment_received')?.data).toMatchObject({ afterClose: true, amount: 70_000 });
    const done = await api.completeTask(refund.id, staff.accountantHead.headers, { comment: 'returned by bank transfer' });
    expect(done.status).toBe('done');
    expect((await api.call('POST', `/api/v1/tasks/${refund.id}/complete`, staff.accountantHead.headers, {})).statusCode).toBe(409);    // the order's latest run is now its settlement run: its history replays like the order's
    await recordHistory(stack, order.id, 'settlement-late-payment');
  });
});

describe('1C payment import', () => {
  it('records good rows, reports duplicates and bad rows, and goes on past them', async () => {
    const { order, invoice } = await awaitingPrepayment();
    const good = { invoiceNumber: invoice.number, amount: 1_000_000, paidAt: '2026-11-27T09:00:00+03:00', documentNumber: 'PP-101' };
    const url = '/api/v1/integrations/1c/payments';
    const first = await stack.app.inject({ method: 'POST', url, headers: staff.accountant.headers, payload: { payments: [good] } });
    expect(first.json()).toEqual({ results: [{ documentNumber: 'PP-101', status: 'recorded' }] });

    const batch = await stack.app.inject({
      method: 'POST',
      url,
      headers: staff.accountant.headers,
      payload: {
        payments: [
          good,
          { ...good, documentNumber: 'PP-102', amount: 500_000 },
          { ...good, documentNumber: 'PP-102', amount: 500_000 },
          { ...good, documentNumber: 'PP-103', invoiceNumber: 'INV-1999-00001' },
          { ...good, documentNumber: 'PP-104', amount: -5 },
          { invoiceNumber: invoice.number, documentNumber: 'PP-105' },
          'not even an object',
          { ...good, documentNumber: 'PP-106', amount: 275_000 },
        ],
      },
    });
    expect(batch.statusCode).toBe(200);
    const results = batch.json().results as { documentNumber: string | null; status: string; error?: string }[];
    expect(results.map((r) => [r.documentNumber, r.status])).toEqual([
      ['PP-101', 'duplicate'],
      ['PP-102', 'recorded'],
      ['PP-102', 'duplicate'],
      ['PP-103', 'unmatched'],
      ['PP-104', 'error'],
      ['PP-105', 'error'],
      [null, 'error'],
      ['PP-106', 'recorded'],
    ]);
    // money naming no invoice of ours is kept for accounting to match (test/e2e/reconciliation.test.ts)
    expect(results[3]!.error).toContain('INV-1999-00001');
    expect(results[5]!.error).toMatch(/amount|paidAt/);

    const paid = await api.until(order.id, (o) => o.paid === 1_775_000, 'three 1C payments counted');
    expect(paid.stage).toBe('prepayment');
    const payments = await api.ok<{ items: { source: string }[] }>('GET', `/api/v1/orders/${order.id}/payments`);
    expect(payments.items).toHaveLength(3);
    expect(payments.items.every((p) => p.source === '1c')).toBe(true);
  });

  it('records one payment when the same row, and the same manual reference, arrive many times at once', async () => {
    const { order, invoice } = await awaitingPrepayment();
    const row = { invoiceNumber: invoice.number, amount: 400_000, paidAt: '2026-11-27', documentNumber: 'PP-concurrent' };
    const imports = await Promise.all(
      Array.from({ length: 12 }, () =>
        stack.app.inject({ method: 'POST', url: '/api/v1/integrations/1c/payments', headers: staff.accountant.headers, payload: { payments: [row] } }),
      ),
    );
    const statuses = imports.map((r) => (r.json().results as { status: string }[])[0]!.status);
    expect(statuses.filter((s) => s === 'recorded')).toHaveLength(1);
    expect(statuses.filter((s) => s === 'duplicate')).toHaveLength(11);

    const manual = await Promise.all(
      Array.from({ length: 12 }, () =>
        api.call('POST', `/api/v1/invoices/${invoice.id}/payments`, staff.accountant.headers, { amount: 300_000, reference: 'bank-concurrent' }),
      ),
    );
    expect(manual.map((r) => r.statusCode).sort()).toEqual([...Array(11).fill(200), 201]);
    expect(new Set(manual.map((r) => r.json().id)).size).toBe(1);

    const paid = await api.until(order.id, (o) => o.paid === 700_000, 'one of each counted');
    expect(paid.invoices[0]).toMatchObject({ paid: 700_000, status: 'partially_paid' });
    const payments = await api.ok<{ items: { source: string }[] }>('GET', `/api/v1/orders/${order.id}/payments`);
    expect(payments.items.map((p) => p.source).sort()).toEqual(['1c', 'manual']);
    expect((await api.timelineTypes(order.id)).filter((t) => t === 'payment_received')).toHaveLength(2);
  });

  it('refuses a known manual reference with another amount, naming both, and changes nothing', async () => {
    const { order, invoice } = await awaitingPrepayment();
    const url = `/api/v1/invoices/${invoice.id}/payments`;
    const first = await api.call('POST', url, staff.accountant.headers, { amount: 195_000, reference: 'PP-typo' });
    expect(first.statusCode).toBe(201);
    const other = await api.call('POST', url, staff.accountant.headers, { amount: 19_500, reference: 'PP-typo' });
    expect(other.statusCode).toBe(409);
    expect(other.json().error).toMatchObject({ code: 'CONFLICT', details: { recordedAmount: 195_000, requestedAmount: 19_500 } });
    expect(other.json().error.message).toContain('1\u00a0950,00\u00a0₽');
    expect(other.json().error.message).toContain('195,00\u00a0₽');
    const same = await api.call('POST', url, staff.accountant.headers, { amount: 195_000, reference: 'PP-typo' });
    expect(same.statusCode).toBe(200);
    expect(same.json().id).toBe(first.json().id);
    await api.until(order.id, (o) => o.paid === 195_000, 'the first payment counted');
    const payments = await api.ok<{ items: { amount: number }[] }>('GET', `/api/v1/orders/${order.id}/payments`);
    expect(payments.items.map((p) => p.amount)).toEqual([195_000]);
  });

  it('is for accounting only', async () => {
    const response = await stack.app.inject({
      method: 'POST',
      url: '/api/v1/integrations/1c/payments',
      headers: staff.manager.headers,
      payload: { payments: [] },
    });
    expect(response.statusCode).toBe(403);
  });
});

