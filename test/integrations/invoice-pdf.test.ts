// The invoice as the client's accountant and banking app meet it: a real PDF read back by poppler's
// pdftotext, and its page rasterised by pdftoppm and scanned by a QR decoder.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import jsqr from 'jsqr';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InvoiceRow } from '../../db/schema.ts';
import { readPaymentQr } from '../../domain/payment-qr.ts';
import type { VatRate } from '../../domain/money.ts';
import { type InvoiceDocument, renderInvoicePdf } from '../../integrations/invoice-pdf.ts';

const run = promisify(execFile);
// jsqr is CommonJS typed as an ES module: under NodeNext its default import is the module, whose default is the function
const jsQR = jsqr.default;
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'invoice-pdf-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const row = (name: string, price: number, vatRate: VatRate, vat: number): InvoiceRow => ({
  sku: name.slice(0, 3),
  name,
  unit: 'pcs',
  quantityMilli: 1000,
  price,
  discountHundredths: 0,
  vatRate,
  amount: price,
  vat,
});

const seller = {
  name: 'ООО «Демо Производство»',
  inn: '7700000000',
  kpp: '770001001',
  address: 'г. Москва, ул. Примерная, д. 1',
  bank: 'АО «Демо Банк»',
  bik: '044525000',
  account: '40702810000000000001',
  corrAccount: '30101810400000000225',
};

// the order of issue 17 item 8: 390 ₽ at 22 % (VAT 70,33), of which 200 ₽ is asked for in advance
const invoice = (change: Partial<InvoiceDocument> = {}): InvoiceDocument => ({
  number: 'INV-2026-00012',
  issuedAt: new Date('2026-12-02T09:00:00Z'),
  dueDate: '2026-12-05',
  kind: 'prepayment',
  currency: 'RUB',
  orderNumber: '2026-00007',
  seller,
  buyer: { name: 'Пётр Петров', company: 'ООО «Ромашка»', inn: '7701234567', email: 'buyer@example.com', phone: null },
  rows: [row('Стол дубовый', 25_000, 22, 4_508), row('Стул', 14_000, 22, 2_525)],
  amountToPay: 20_000,
  paymentUrl: 'https://orders.example.com/pay/abc',
  timezone: 'Europe/Moscow',
  ...change,
});

async function render(name: string, doc: InvoiceDocument) {
  const file = join(dir, `${name}.pdf`);
  await writeFile(file, await renderInvoicePdf(doc));
  const { stdout } = await run('pdftotext', ['-layout', file, '-']);
  return { file, text: stdout.replace(/[ \t]+/g, ' ') };
}

async function scanQr(file: string): Promise<string | undefined> {
  await run('pdftoppm', ['-r', '200', '-png', '-f', '1', '-l', '1', '-singlefile', file, file]);
  const png = PNG.sync.read(await readFile(`${file}.png`));
  return jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), png.width, png.height)?.data;
}

describe('the invoice PDF in the usual Russian form', () => {
  it('opens with the bank details, states the order’s VAT beside its total and the prepayment’s own VAT beside the amount to pay', async () => {
    const { text } = await render('prepayment', invoice());
    for (const expected of ['АО «Демо Банк»', 'Банк получателя', 'БИК 044525000', '30101810400000000225', '40702810000000000001', 'ИНН 7700000000', 'КПП 770001001', 'Получатель']) {
      expect(text, expected).toContain(expected);
    }
    expect(text).toMatch(/Счёт на оплату № INV-2026-00012 от 02\.12\.2026/u);
    expect(text).toMatch(/Покупатель: ООО «Ромашка», Пётр Петров, ИНН 7701234567/u);
    const totals = text.slice(text.indexOf('Итого:'));
    const lines = totals.split('\n').map((line) => line.trim()).filter(Boolean);
    expect(lines.slice(0, 5)).toEqual([
      'Итого: 390,00',
      'В том числе НДС 22%: 70,33',
      'Предоплата по заказу: 200,00',
      'Всего к оплате: 200,00 руб.',
      'В том числе НДС 22%: 36,07',
    ]);
    expect(text).toContain('К оплате: Двести рублей 00 копеек');
    expect(text).toContain('Оплатить до 05.12.2026.');
  });

  it('states the VAT of each rate, and no VAT where no row carries it', async () => {
    const mixed = await render('mixed', invoice({ rows: [row('Стол', 30_000, 22, 5_410), row('Книга', 10_000, 10, 909)], amountToPay: 40_000, kind: 'postpayment' }));
    expect(mixed.text).toMatch(/Итого: 400,00\s+В том числе НДС 22%: 54,10\s+В том числе НДС 10%: 9,09\s+Всего к оплате: 400,00 руб\./u);
    expect(mixed.text).toContain('К оплате: Четыреста рублей 00 копеек');
    const noVat = await render('no-vat', invoice({ rows: [row('Услуга', 120_050, null, 0)], amountToPay: 120_050 }));
    expect(noVat.text).toMatch(/Без налога \(НДС\): —/u);
    expect(noVat.text).toContain('К оплате: Одна тысяча двести рублей 50 копеек');
  });

  it('carries the payment QR code that a banking app decodes to exactly the ГОСТ Р 56042-2014 fields', async () => {
    const { file } = await render('qr', invoice());
    const payload = await scanQr(file);
    expect(payload).toBeDefined();
    expect(payload!.startsWith('ST00012|')).toBe(true);
    expect(readPaymentQr(payload!)).toEqual({
      Name: 'ООО «Демо Производство»',
      PersonalAcc: '40702810000000000001',
      BankName: 'АО «Демо Банк»',
      BIC: '044525000',
      CorrespAcc: '30101810400000000225',
      PayeeINN: '7700000000',
      KPP: '770001001',
      Sum: '20000',
      Purpose: 'Оплата по счёту № INV-2026-00012',
    });
  });

  it('leaves the QR code out, and still renders the invoice, when a seller detail cannot be carried by the standard', async () => {
    const { file, text } = await render('no-qr', invoice({ seller: { ...seller, name: 'ООО «Альфа|Омега»' } }));
    expect(text).toContain('Счёт на оплату № INV-2026-00012');
    expect(text).not.toContain('Оплата по QR-коду');
    expect(await scanQr(file)).toBeUndefined();
  });
});
