// Bank statements loaded over HTTP as the accountant loads them: the real exported files in both code
// pages and UTF-8, as the body and as a multipart upload, loaded again and again.
import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, hireStaff, openTask, stockCatalog, type Staff } from '../helpers/funnel.ts';
import { startStack, type Stack } from '../helpers/stack.ts';

let stack: Stack;
let staff: Staff;
let api: ReturnType<typeof client>;
let catalog: Awaited<ReturnType<typeof stockCatalog>>;
let year: string;
const orders: { id: string; invoice: string }[] = [];

const URL_ = '/api/v1/integrations/bank-statements';

async function awaitingPrepayment(inn: string) {
  const order = await api.create({ customer: { name: 'Иван Петров', email: `${inn}@example.com`, company: 'ООО «Ромашка»', inn }, items: [{ productId: catalog.table.id, quantity: 1 }] });
  await api.completeTask(openTask(order, 'take_in_work').id, staff.manager.headers);
  const qualified = await api.qualify(order.id, staff.manager.headers, { items: [{ productId: catalog.table.id, quantity: 1 }], paymentScheme: 'full_prepayment' });
  return { id: order.id, invoice: qualified.invoices[0]!.number };
}

beforeAll(async () => {
  stack = await startStack({ SELLER_ACCOUNT: '40702810000000000001' });
  staff = await hireStaff(stack);
  catalog = await stockCatalog(stack);
  api = client(stack);
  // the fixtures pay the first two invoices of this test's fresh database, each from its buyer's INN
  orders.push(await awaitingPrepayment('7701234567'), await awaitingPrepayment('7709876543'));
  year = orders[0]!.invoice.slice(4, 8);
  expect(orders.map((o) => o.invoice)).toEqual([`INV-${year}-00001`, `INV-${year}-00002`]);
});
afterAll(async () => stack?.stop());

/** The fixture's bytes, its invoice numbers moved to this year (ASCII, so the code page is untouched). */
function fixture(name: string): Buffer {
  const bytes = readFileSync(new URL(`../fixtures/bank-statements/${name}`, import.meta.url)).toString('latin1');
  return Buffer.from(bytes.replace(/INV-2026-/g, `INV-${year}-`).replace(/inv 2026-/g, `inv ${year}-`), 'latin1');
}

const send = (payload: Buffer, contentType = 'text/plain', headers = staff.accountant.headers) =>
  stack.app.inject({ method: 'POST', url: URL_, headers: { ...headers, 'content-type': contentType }, payload });

function multipart(field: string, file: Buffer) {
  const boundary = '----statement-boundary';
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="kl_to_1c.txt"\r\nContent-Type: application/octet-stream\r\n\r\n`),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return send(body, `multipart/form-data; boundary=${boundary}`);
}

const statuses = (response: { json: () => { results: { index: number; status: string }[] } }) => response.json().results.map((r) => [r.index, r.status]);

describe('POST /integrations/bank-statements', () => {
  it('records each incoming document naming an invoice once, however often and in whatever encoding the file comes', async () => {
    const first = await send(fixture('statement-windows-1251.txt'));
    expect(first.statusCode).toBe(200);
    expect(first.json().encoding).toBe('windows-1251');
    const results = first.json().results;
    expect(results).toEqual([
      { index: 1, documentNumber: '512', date: '2026-12-01', amount: 20_000, invoiceNumber: orders[0]!.invoice, status: 'recorded' },
      { index: 2, documentNumber: '77', date: '2026-12-01', amount: 100_000, invoiceNumber: null, status: 'unmatched', reason: 'no invoice number in НазначениеПлатежа', unmatchedId: expect.any(String) },
      { index: 3, documentNumber: '512', date: '2026-12-01', amount: 20_000, invoiceNumber: null, status: 'duplicate', reason: 'the same document as no. 1 of this file' },
      { index: 4, documentNumber: '13', date: null, amount: null, invoiceNumber: null, status: 'error', reason: 'Сумма "12,5,0" is not a positive amount in roubles' },
      { index: 5, documentNumber: '9', date: '2026-12-01', amount: 19_500, invoiceNumber: null, status: 'ignored', reason: 'money paid out from the seller’s account' },
      { index: 6, documentNumber: '1', date: '2026-12-01', amount: 38_550, invoiceNumber: orders[1]!.invoice, status: 'recorded' },
      { index: 7, documentNumber: '14', date: null, amount: null, invoiceNumber: null, status: 'error', reason: expect.stringContaining('ПлательщикСчет is missing') },
    ]);

    const again = await send(fixture('statement-utf-8.txt'));
    expect(again.json().encoding).toBe('utf-8');
    expect(statuses(again)).toEqual([[1, 'duplicate'], [2, 'unmatched'], [3, 'duplicate'], [4, 'error'], [5, 'ignored'], [6, 'duplicate'], [7, 'error']]);
    expect(again.json().results[0].reason).toBe('recorded from an earlier statement');

    const upload = await multipart('file', fixture('statement-dos.txt'));
    expect(upload.statusCode).toBe(200);
    expect(upload.json().encoding).toBe('ibm866');
    expect(statuses(upload)).toEqual([[1, 'duplicate'], [2, 'unmatched'], [3, 'duplicate'], [4, 'error'], [5, 'ignored'], [6, 'duplicate'], [7, 'error']]);

    // the recorded money reached each order once, as a bank payment dated the day it came in
    const paid = await Promise.all(orders.map((o, i) => api.until(o.id, (order) => order.paid === [20_000, 38_550][i], 'the statement’s payment counted')));
    expect(paid.map((o) => o.paid)).toEqual([20_000, 38_550]);
    for (const order of orders) {
      const payments = await api.ok<{ items: { source: string; amount: number }[] }>('GET', `/api/v1/orders/${order.id}/payments`);
      expect(payments.items.map((p) => p.source)).toEqual(['bank']);
    }
  });

  it('leaves unmatched a payment whose payer is not the order’s buyer', async () => {
    const text = [
      '1CClientBankExchange',
      'Кодировка=UTF-8',
      'СекцияДокумент=Платежное поручение',
      'Номер=900',
      'Дата=02.12.2026',
      'Сумма=50.00',
      'ПлательщикСчет=40702810500000000900',
      'ПлательщикИНН=7812345678',
      'ПолучательСчет=40702810000000000001',
      `НазначениеПлатежа=Оплата по счёту ${orders[0]!.invoice}`,
      'КонецДокумента',
      'КонецФайла',
    ].join('\r\n');
    const response = await send(Buffer.from(text));
    expect(response.json().results).toEqual([
      expect.objectContaining({ status: 'unmatched', invoiceNumber: orders[0]!.invoice, reason: 'payer INN 7812345678 is not the buyer\'s 7701234567' }),
    ]);
  });

  it('refuses what is not a statement, and anyone but accounting, changing nothing', async () => {
    const bad = await send(Buffer.from('Hello, world'));
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'file', message: expect.stringContaining('Кодировка') }] });
    const json = await stack.app.inject({ method: 'POST', url: URL_, headers: staff.accountant.headers, payload: { file: 'x' } });
    expect(json.statusCode).toBe(415);
    const wrongField = await multipart('statement', fixture('statement-utf-8.txt'));
    expect(wrongField.statusCode).toBe(400);
    expect((await send(fixture('statement-utf-8.txt'), 'text/plain', staff.manager.headers)).statusCode).toBe(403);
    for (const order of orders) {
      const payments = await api.ok<{ items: unknown[] }>('GET', `/api/v1/orders/${order.id}/payments`);
      expect(payments.items).toHaveLength(1);
    }
  });

  it('records a document once when the same statement is loaded many times at once', async () => {
    const text = (number: string) =>
      [
        '1CClientBankExchange',
        'Кодировка=UTF-8',
        'СекцияДокумент=Платежное поручение',
        `Номер=${number}`,
        'Дата=03.12.2026',
        'Сумма=1.00',
        'ПлательщикСчет=40702810900000000512',
        'ПлательщикИНН=7701234567',
        'ПолучательСчет=40702810000000000001',
        `НазначениеПлатежа=Оплата по счёту ${orders[0]!.invoice}`,
        'КонецДокумента',
      ].join('\n');
    const loads = await Promise.all(Array.from({ length: 8 }, () => send(Buffer.from(text('3001')))));
    const all = loads.map((r) => r.json().results[0].status as string);
    expect(all.filter((s) => s === 'recorded')).toHaveLength(1);
    expect(all.filter((s) => s === 'duplicate')).toHaveLength(7);
    await api.until(orders[0]!.id, (o) => o.paid === 20_100, 'the one kopeck-rouble counted once');
  });

  it('answers any bytes with a 4xx envelope or a per-document answer, never a 5xx, and records nothing from them', async () => {
    const payments = async () => Number((await stack.db.execute<{ n: number }>(sql`select count(*) as n from payments`))[0]!.n);
    const before = await payments();
    const head = fc.constantFrom('', '1CClientBankExchange\n', '1CClientBankExchange\nКодировка=UTF-8\n', '1CClientBankExchange\nКодировка=UTF-8\nСекцияДокумент=Платежное поручение\n');
    const line = fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('Сумма=-1', 'Сумма=1e9', 'Дата=99.99.9999', 'КонецДокумента', 'ПолучательСчет=40702810000000000001', 'Номер=\u0000', '=', 'Кодировка=DOS'));
    await fc.assert(
      fc.asyncProperty(head, fc.array(line, { maxLength: 12 }), fc.uint8Array({ maxLength: 64 }), async (start, lines, noise) => {
        const body = Buffer.concat([Buffer.from(start + lines.join('\r\n')), Buffer.from(noise)]);
        const response = await send(body);
        expect(response.statusCode).toBeLessThan(500);
        if (response.statusCode >= 400) expect(response.json().error.code).toEqual(expect.any(String));
        else expect(response.json().results.every((r: { status: string }) => r.status !== 'recorded')).toBe(true);
      }),
      { numRuns: 60 },
    );
    expect(await payments()).toBe(before);
  });
});
