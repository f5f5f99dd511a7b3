// Money that names no invoice of ours, from each source (statement, 1C, provider, by hand), is kept for
// accounting, listed, and matched to an invoice (then it moves the order) or dismissed, each decision once.
import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, hireStaff, stockCatalog, type Staff } from '../helpers/funnel.ts';
import { awaitingPrepayment as prepaid, buyer, notifyProvider } from '../helpers/money.ts';
import { startStack, type Stack } from '../helpers/stack.ts';

const SECRET = 'reconciliation-secret';
let stack: Stack;
let staff: Staff;
let catalog: Awaited<ReturnType<typeof stockCatalog>>;
let api: ReturnType<typeof client>;

beforeAll(async () => {
  stack = await startStack({ CLOUDPAYMENTS_API_SECRET: SECRET, SELLER_ACCOUNT: '40702810000000000001', PAYMENT_EXPIRES: 'true', SETTLEMENT_WINDOW: '2s' });
  staff = await hireStaff(stack);
  catalog = await stockCatalog(stack);
  api = client(stack);
});
afterAll(async () => stack?.stop());

const customer = buyer;

const awaitingPrepayment = () => prepaid(api, staff, catalog);

const notify = (kind: string, fields: Record<string, string>) => notifyProvider(stack, SECRET, kind, fields);

const pay = (invoiceNumber: string, amount: string, transactionId: string, extra: Record<string, string> = {}) =>
  notify('pay', { TransactionId: transactionId, Amount: amount, Currency: 'RUB', InvoiceId: invoiceNumber, AccountId: customer.email, DateTime: '2026-12-02 10:00:00', ...extra });

function statement(name: string): Buffer {
  return readFileSync(new URL(`../fixtures/bank-statements/${name}`, import.meta.url));
}

const loadStatement = (file: Buffer) =>
  stack.app.inject({ method: 'POST', url: '/api/v1/integrations/bank-statements', headers: { ...staff.accountant.headers, 'content-type': 'text/plain' }, payload: file });

interface Item {
  id: string;
  matched: boolean;
  orderId: string | null;
  invoiceId: string | null;
  amount: number;
  source: string;
  externalId: string | null;
  unmatched: { status: string; reason: string; invoiceNumber: string | null; candidateInvoiceId: string | null; paymentId: string | null; dismissReason: string | null } | null;
}

const unmatchedList = async (query = '') => (await api.ok<{ items: Item[] }>('GET', `/api/v1/payments?matched=false${query}`, staff.accountant.headers)).items;

const match = (id: string, invoiceId: string, headers = staff.accountant.headers) =>
  stack.app.inject({ method: 'POST', url: `/api/v1/payments/${id}/match`, headers, payload: { invoiceId } });

const dismiss = (id: string, body: Record<string, unknown>) => stack.app.inject({ method: 'POST', url: `/api/v1/payments/${id}/dismiss`, headers: staff.accountant.headers, payload: body });

describe('reconciliation', () => {
  it('keeps money for an unknown invoice from each source once, lists it, and once matched it moves the order', async () => {
    const { order, invoice } = await awaitingPrepayment();
    expect(invoice.amount).toBe(1_250_000);

    // the statement in both encodings, loaded twice: one entry kept for the unknown invoice, the refund paid out ignored
    const first = await loadStatement(statement('reconciliation-windows-1251.txt'));
    expect(first.statusCode).toBe(200);
    const [unknown, paidOut] = first.json().results;
    expect(unknown).toMatchObject({ documentNumber: '601', amount: 50_000, invoiceNumber: 'INV-2026-09999', status: 'unmatched', reason: 'no invoice INV-2026-09999' });
    expect(paidOut).toMatchObject({ documentNumber: '10', status: 'ignored' });
    const again = await loadStatement(statement('reconciliation-utf-8.txt'));
    expect(again.json().results[0]).toMatchObject({ status: 'unmatched', unmatchedId: unknown.unmatchedId });

    // 1C, twice
    const row = { invoiceNumber: 'INV-1999-00042', amount: 10_000, paidAt: '2026-12-02', documentNumber: 'rec-1c-1' };
    for (let i = 0; i < 2; i += 1) {
      const imported = await api.ok<{ results: { status: string; unmatchedId?: string }[] }>('POST', '/api/v1/integrations/1c/payments', staff.accountant.headers, { payments: [row] });
      expect(imported.results[0]).toMatchObject({ status: 'unmatched', error: 'no invoice INV-1999-00042' });
    }

    // the provider has taken the card's money: answered 0, kept once
    for (let i = 0; i < 2; i += 1) expect((await pay('INV-1999-77777', '1.00', 'rec-tx-1')).json()).toEqual({ code: 0 });

    // by hand, twice: 201 then 200 with the same entry
    const entry = { amount: 1_189_900, reference: 'п/п 4411', payerName: 'ООО «Ромашка»', purpose: 'оплата без счёта' };
    const byHand = await stack.app.inject({ method: 'POST', url: '/api/v1/payments', headers: staff.manager.headers, payload: entry });
    expect(byHand.statusCode).toBe(201);
    const repeat = await stack.app.inject({ method: 'POST', url: '/api/v1/payments', headers: staff.manager.headers, payload: entry });
    expect([repeat.statusCode, repeat.json().id]).toEqual([200, byHand.json().id]);

    const open = await unmatchedList();
    const mine = open.filter((item) => ['601|2026-12-01|40702810900000000512', '601|2026-12-02|40702810900000000512', 'rec-1c-1', 'rec-tx-1', 'п/п 4411'].includes(item.externalId!));
    expect(mine.map((item) => [item.source, item.amount, item.matched, item.unmatched?.status]).sort()).toEqual(
      [
        ['1c', 10_000, false, 'open'],
        ['bank', 50_000, false, 'open'],
        ['cloudpayments', 100, false, 'open'],
        ['manual', 1_189_900, false, 'open'],
      ].sort(),
    );
    expect((await unmatchedList('&source=1c')).every((item) => item.source === '1c')).toBe(true);

    // matched one by one; the last completes the prepayment and the order moves to production
    for (const item of mine) {
      const matched = await match(item.id, invoice.id);
      expect(matched.statusCode, matched.body).toBe(200);
      expect(matched.json().unmatched).toMatchObject({ status: 'matched', paymentId: expect.any(String) });
    }
    const production = await api.until(order.id, (o) => o.stage === 'production', 'paid by matched money');
    expect(production.paid).toBe(1_250_000);
    const entries = (await api.timeline(order.id)).filter((e) => e.type === 'payment_received');
    expect(entries.map((e) => e.data.unmatchedId).sort()).toEqual(mine.map((item) => item.id).sort());
    expect(await unmatchedList()).toEqual(open.filter((item) => !mine.includes(item)));

    // repeating a match answers the same and counts nothing twice; another invoice or a dismissal is a 409
    const twice = await match(mine[0]!.id, invoice.id);
    expect(twice.statusCode).toBe(200);
    const other = await awaitingPrepayment();
    expect((await match(mine[0]!.id, other.invoice.id)).statusCode).toBe(409);
    expect((await dismiss(mine[0]!.id, { reason: 'not_ours' })).statusCode).toBe(409);
    expect((await api.order(order.id)).paid).toBe(1_250_000);

    // the matched money is a payment of its source, listed across orders
    const banked = await api.ok<{ items: Item[] }>('GET', '/api/v1/payments?source=bank&from=2026-12-01&to=2026-12-02', staff.accountant.headers);
    expect(banked.items).toContainEqual(expect.objectContaining({ matched: true, orderId: order.id, invoiceId: invoice.id, amount: 50_000, source: 'bank' }));
  });

  it('keeps more than the invoice still asks, from a statement, 1C and the provider, with the invoice named; matched, it counts and the excess is refunded', async () => {
    const { order, invoice } = await awaitingPrepayment();
    const document = (number: string, amount: string) =>
      Buffer.from(
        [
          '1CClientBankExchange',
          'Кодировка=UTF-8',
          'СекцияДокумент=Платежное поручение',
          `Номер=${number}`,
          'Дата=02.12.2026',
          `Сумма=${amount}`,
          'ПлательщикСчет=40702810900000000512',
          `ПлательщикИНН=${customer.inn}`,
          'ПолучательСчет=40702810000000000001',
          `НазначениеПлатежа=Оплата по счёту ${invoice.number}`,
          'КонецДокумента',
          'КонецФайла',
        ].join('\r\n'),
      );
    const more = `is more than invoice ${invoice.number} still asks`;
    const banked = await loadStatement(document('702', '13000.00'));
    expect(banked.json().results[0]).toMatchObject({ status: 'unmatched', invoiceNumber: invoice.number, reason: expect.stringContaining(more) });
    const row = { invoiceNumber: invoice.number, amount: 1_250_001, paidAt: '2026-12-02', documentNumber: 'rec-1c-over' };
    for (let i = 0; i < 2; i += 1) {
      const imported = await api.ok<{ results: { status: string; error?: string }[] }>('POST', '/api/v1/integrations/1c/payments', staff.accountant.headers, { payments: [row] });
      expect(imported.results[0]).toMatchObject({ status: 'unmatched', error: expect.stringContaining(more) });
    }
    // a part is recorded; what is stored counts at once, so the provider's 8 000 ₽ on top of it is too much
    const part = await loadStatement(document('703', '5000.00'));
    expect(part.json().results[0]).toMatchObject({ status: 'recorded' });
    for (let i = 0; i < 2; i += 1) expect((await pay(invoice.number, '8000.00', 'rec-tx-over')).json()).toEqual({ code: 0 });
    const open = (await unmatchedList()).filter((item) => item.unmatched?.candidateInvoiceId === invoice.id);
    expect(open.map((item) => [item.source, item.amount]).sort()).toEqual([['1c', 1_250_001], ['bank', 1_300_000], ['cloudpayments', 800_000]].sort());
    expect(open.every((item) => item.unmatched!.reason.includes(more))).toBe(true);
    expect((await api.until(order.id, (o) => o.paid === 500_000, 'the part counted')).stage).toBe('prepayment');

    // the accountant decides the card payment was for this invoice after all: counted, the excess refunded
    const card = open.find((item) => item.source === 'cloudpayments')!;
    expect((await match(card.id, invoice.id)).statusCode).toBe(200);
    const overpaid = await api.until(order.id, (o) => o.stage === 'production' && o.overpaid === 50_000, 'matched, and 500 ₽ over');
    expect(overpaid.tasks.filter((t) => t.type === 'refund' && t.status === 'open')).toHaveLength(1);
    // a repeat of the notice keeps its one entry and counts nothing again
    expect((await pay(invoice.number, '8000.00', 'rec-tx-over')).json()).toEqual({ code: 0 });
    expect((await api.order(order.id)).paid).toBe(1_300_000);
  });

  it('keeps money from a statement or 1C for an order that has closed, instead of refusing it', async () => {
    const { order, invoice } = await awaitingPrepayment();
    await api.cancel(order.id, staff.manager.headers);
    await stack.temporal.workflow.getHandle(`order-${order.id}`).result();
    const row = { invoiceNumber: invoice.number, amount: 10_000, paidAt: '2026-12-02', documentNumber: 'rec-1c-closed' };
    const imported = await api.ok<{ results: { status: string; error?: string; unmatchedId?: string }[] }>('POST', '/api/v1/integrations/1c/payments', staff.accountant.headers, { payments: [row] });
    expect(imported.results[0]).toMatchObject({ status: 'unmatched', error: `order ${order.number} is closed`, unmatchedId: expect.any(String) });
    const kept = (await unmatchedList('&source=1c')).find((item) => item.id === imported.results[0]!.unmatchedId);
    expect(kept?.unmatched).toMatchObject({ candidateInvoiceId: invoice.id, status: 'open' });
    expect((await api.order(order.id)).paid).toBe(0);
  });

  it('dismisses money as not ours or returned, once, and writes it on the timeline of the order it named', async () => {
    const { order, invoice } = await awaitingPrepayment();
    expect((await pay(invoice.number, '100.00', 'rec-tx-usd', { Currency: 'USD' })).json()).toEqual({ code: 0 });
    expect((await pay('INV-1999-88888', '5.00', 'rec-tx-stranger')).json()).toEqual({ code: 0 });
    const open = await unmatchedList('&source=cloudpayments');
    const usd = open.find((item) => item.externalId === 'rec-tx-usd')!;
    const stranger = open.find((item) => item.externalId === 'rec-tx-stranger')!;
    expect(usd.unmatched).toMatchObject({ candidateInvoiceId: invoice.id, reason: `invoice ${invoice.number} is in RUB, the payment in USD` });

    const returned = await dismiss(usd.id, { reason: 'returned', comment: 'вернули на карту' });
    expect(returned.statusCode, returned.body).toBe(200);
    expect(returned.json().unmatched).toMatchObject({ status: 'dismissed', dismissReason: 'returned' });
    expect((await dismiss(usd.id, { reason: 'returned', comment: 'вернули на карту' })).statusCode).toBe(200);
    expect((await dismiss(usd.id, { reason: 'not_ours' })).statusCode).toBe(409);
    expect((await match(usd.id, invoice.id)).statusCode).toBe(409);
    const comments = (await api.timeline(order.id)).filter((e) => e.type === 'comment');
    expect(comments).toHaveLength(1);
    expect(comments[0]!.data.text).toContain('не зачтено: возвращены плательщику. вернули на карту');

    expect((await dismiss(stranger.id, { reason: 'not_ours' })).statusCode).toBe(200);
    const dismissed = await unmatchedList('&status=dismissed');
    expect(dismissed.map((item) => item.id)).toEqual(expect.arrayContaining([usd.id, stranger.id]));
    expect((await api.order(order.id)).paid).toBe(0);
  });

  it('refuses bad requests with the error envelope and changes nothing', async () => {
    expect((await pay('INV-1999-99998', '2.00', 'rec-tx-bad')).json()).toEqual({ code: 0 });
    const [item] = (await unmatchedList('&source=cloudpayments')).filter((i) => i.externalId === 'rec-tx-bad');
    const { invoice } = await awaitingPrepayment();
    expect((await match(item!.id, invoice.id, staff.makers[0]!.headers)).statusCode).toBe(403);
    expect((await match(item!.id, '00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    expect((await match('00000000-0000-4000-8000-000000000000', invoice.id)).statusCode).toBe(404);
    expect((await dismiss(item!.id, { reason: 'lost' })).json().error.code).toBe('VALIDATION_FAILED');
    expect((await api.call('GET', '/api/v1/payments?matched=maybe', staff.accountant.headers)).statusCode).toBe(400);
    expect((await api.call('GET', '/api/v1/payments?status=open', staff.accountant.headers)).statusCode).toBe(400);
    expect((await api.call('GET', '/api/v1/payments?matched=false&from=2026-12-05&to=2026-12-01', staff.accountant.headers)).statusCode).toBe(400);
    expect((await unmatchedList()).find((i) => i.id === item!.id)?.unmatched?.status).toBe('open');
  });

  it('check answers 20 for an invoice past its due date when PAYMENT_EXPIRES is on', async () => {
    const { invoice } = await awaitingPrepayment();
    const check = () => notify('check', { TransactionId: '1', Amount: '1.00', Currency: 'RUB', InvoiceId: invoice.number, AccountId: customer.email });
    expect((await check()).json()).toEqual({ code: 0 });
    await stack.db.execute(sql`update invoices set due_at = now() - interval '1 hour' where id = ${invoice.id}`);
    expect((await check()).json()).toEqual({ code: 20 });
  });
});

describe('lists for accounting', () => {
  it('filters invoices across orders by status, kind, overdue, due date and number or client, and orders by due and overpaid', async () => {
    const late = await awaitingPrepayment();
    const paid = await awaitingPrepayment();
    await api.pay(paid.invoice.id, staff.accountant.headers, 1_260_000, 'LIST-1');
    await api.until(paid.order.id, (o) => o.overpaid === 10_000, 'overpaid');
    await stack.db.execute(sql`update invoices set due_at = now() - interval '1 day', due_date = '2026-01-15' where id = ${late.invoice.id}`);
    type Listed = { items: { id: string; status: string }[]; nextCursor: string | null };
    const ids = async (query: string) => (await api.ok<Listed>('GET', `/api/v1/invoices?${query}`, staff.accountant.headers)).items.map((i) => i.id);

    expect(await ids('overdue=true')).toContain(late.invoice.id);
    expect(await ids('overdue=true')).not.toContain(paid.invoice.id);
    expect(await ids('overdue=false')).toEqual(expect.arrayContaining([paid.invoice.id]));
    expect(await ids('overdue=false')).not.toContain(late.invoice.id);
    expect(await ids('status=paid')).toContain(paid.invoice.id);
    expect(await ids('status=paid')).not.toContain(late.invoice.id);
    expect(await ids('kind=postpayment')).toEqual([]);
    expect(await ids('dueBefore=2026-01-31&dueAfter=2026-01-01')).toEqual([late.invoice.id]);
    expect(await ids(`q=${encodeURIComponent(late.invoice.number)}`)).toEqual([late.invoice.id]);
    expect(await ids(`q=${encodeURIComponent('ромашка')}&status=paid`)).toContain(paid.invoice.id);
    const firstPage = await api.ok<Listed>('GET', '/api/v1/invoices?limit=1', staff.accountant.headers);
    const secondPage = await api.ok<Listed>('GET', `/api/v1/invoices?limit=1&cursor=${firstPage.nextCursor}`, staff.accountant.headers);
    expect(secondPage.items[0]!.id).not.toBe(firstPage.items[0]!.id);
    expect((await api.call('GET', '/api/v1/invoices?dueBefore=soon', staff.accountant.headers)).statusCode).toBe(400);

    const orders = async (query: string) => (await api.ok<{ items: { id: string }[] }>('GET', `/api/v1/orders?${query}&limit=200`, staff.accountant.headers)).items.map((o) => o.id);
    expect(await orders('overpaid=true')).toContain(paid.order.id);
    expect(await orders('overpaid=true')).not.toContain(late.order.id);
    expect(await orders('due=true')).toContain(late.order.id);
    expect(await orders('due=true')).not.toContain(paid.order.id);
  });
});
