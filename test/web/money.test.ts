// The accountant's page "Деньги" in a real browser: money kept from a 1C import matched to an invoice by its
// number (the order's paid moves) or dismissed with a comment, a real bank statement loaded through the
// upload form, the receivables; and the page's role rule, form token, accessibility and phone width.
import { readFileSync } from 'node:fs';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hire, launchBrowser, personContext, seriousA11yProblems, signIn, snapshot, startWebStack, type Person, type WebStack } from '../helpers/browser.ts';
import { client, openTask, stockCatalog, type OrderJson } from '../helpers/funnel.ts';
import { asAdmin } from '../helpers/stack.ts';

let stack: WebStack;
let browser: Browser;
let api: ReturnType<typeof client>;
let accountant: Person;
let year: string;
/** The first two invoices of this file's database, which the statement fixtures pay, and one more. */
const orders: { order: OrderJson; invoice: string }[] = [];
const WAIT = { timeout: 30_000 };

async function awaitingPrepayment(inn: string, productId: string) {
  const items = [{ productId, quantity: 1 }];
  const order = await api.create({ customer: { name: 'Иван Петров', email: `${inn}@example.com`, company: 'ООО «Ромашка»', inn }, items });
  await api.completeTask(openTask(order, 'take_in_work').id, asAdmin);
  const qualified = await api.qualify(order.id, asAdmin, { items, paymentScheme: 'full_prepayment' });
  return { order: qualified, invoice: qualified.invoices[0]!.number };
}

beforeAll(async () => {
  [stack, browser] = await Promise.all([startWebStack({ SELLER_ACCOUNT: '40702810000000000001' }), launchBrowser()]);
  api = client(stack);
  const catalog = await stockCatalog(stack);
  for (const inn of ['7701234567', '7709876543', '7705555555']) orders.push(await awaitingPrepayment(inn, catalog.table.id));
  year = orders[0]!.invoice.slice(4, 8);
  expect(orders.map((o) => o.invoice)).toEqual([1, 2, 3].map((n) => `INV-${year}-0000${n}`));
  accountant = await hire(stack, 'accounting', 'Анна Бухгалтер');
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** The fixture's bytes, its invoice numbers moved to this year (ASCII, so the code page is untouched). */
function fixture(name: string): Buffer {
  const bytes = readFileSync(new URL(`../fixtures/bank-statements/${name}`, import.meta.url)).toString('latin1');
  return Buffer.from(bytes.replace(/INV-2026-/g, `INV-${year}-`).replace(/inv 2026-/g, `inv ${year}-`), 'latin1');
}

/** Money from 1C naming an invoice we do not have: kept for accounting; its id. */
async function keptFrom1c(documentNumber: string, amount: number): Promise<string> {
  const row = { invoiceNumber: 'INV-1999-00042', amount, paidAt: '2026-12-02', documentNumber };
  const imported = await api.ok<{ results: { status: string; unmatchedId: string }[] }>('POST', '/api/v1/integrations/1c/payments', asAdmin, { payments: [row] });
  expect(imported.results[0]!.status).toBe('unmatched');
  return imported.results[0]!.unmatchedId;
}

type Item = { id: string; unmatched: { status: string; dismissReason: string | null; comment: string | null } };
const unmatched = async (status: string) => (await api.ok<{ items: Item[] }>('GET', `/api/v1/payments?matched=false&status=${status}&limit=200`)).items;
const statusOf = async (id: string) => {
  for (const status of ['open', 'matched', 'dismissed']) if ((await unmatched(status)).some((item) => item.id === id)) return status;
  return undefined;
};

/** Text as a person reads it: Intl's no-break spaces as plain ones. */
const plain = (text: string | null) => (text ?? '').replace(/[\s\u00a0\u202f]+/g, ' ').trim();
/** A table row as read aloud: its cells in order, one space apart. */
const cells = async (row: Locator) => (await row.locator('th, td').allTextContents()).map(plain).join(' ').trim();
const rub = (kopecks: number) => plain(new Intl.NumberFormat('ru-RU', { style: 'currency', currency: 'RUB' }).format(kopecks / 100));

const entryOf = (page: Page, reference: string) => page.locator('article.entry', { hasText: reference });
const accountantPage = async (viewport?: { width: number; height: number }) => {
  const context = viewport
    ? await browser.newContext({ baseURL: stack.baseUrl, bypassCSP: true, locale: 'ru-RU', viewport, isMobile: true, hasTouch: true })
    : await personContext(browser, stack);
  return signIn(context, accountant);
};

describe('money to match', () => {
  it('matches money kept from a 1C import to an invoice by its number, and the order counts it once', { timeout: 120_000 }, async () => {
    const id = await keptFrom1c('money-1c-1', 1_250_000);
    const hostile = '<img src=x onerror=alert(1)>ООО «Скобка»';
    const byHand = await stack.app.inject({ method: 'POST', url: '/api/v1/payments', headers: asAdmin, payload: { amount: 10_000, reference: 'hand-1', payerName: hostile, purpose: '<script>alert(2)</script>' } });
    expect(byHand.statusCode).toBe(201);
    const { order, invoice } = orders[2]!;

    const page = await accountantPage();
    let dialogs = 0;
    page.on('dialog', async (dialog) => {
      dialogs += 1;
      await dialog.dismiss();
    });
    await page.getByRole('link', { name: 'Деньги' }).click();
    await page.getByRole('heading', { level: 1, name: 'Деньги' }).waitFor(WAIT);
    const entry = entryOf(page, 'money-1c-1');
    expect(plain(await entry.textContent())).toContain('Загрузка из 1С');
    expect(plain(await entry.textContent())).toContain('счёта INV-1999-00042 у нас нет');
    // what clients wrote is shown as text
    await page.getByText(hostile).waitFor(WAIT);
    expect(await page.locator('main img, main script').count()).toBe(0);

    // an unknown number: said in words, the field marked, what was typed kept
    await entry.getByLabel('Номер счёта').fill('INV-1999-00042');
    await entry.getByLabel('Номер счёта').press('Enter');
    await expect.poll(() => page.getByRole('alert').textContent(), WAIT).toContain('Счёта с номером «INV-1999-00042» нет');
    expect(await entryOf(page, 'money-1c-1').getByLabel('Номер счёта').getAttribute('aria-invalid')).toBe('true');
    expect(await entryOf(page, 'money-1c-1').getByLabel('Номер счёта').inputValue()).toBe('INV-1999-00042');

    // the right one, as a payer would write it, from the keyboard
    await entryOf(page, 'money-1c-1').getByLabel('Номер счёта').fill(`inv ${year} ${Number(invoice.slice(-5))}`);
    await entryOf(page, 'money-1c-1').getByLabel('Номер счёта').press('Enter');
    const done = page.getByRole('status');
    await expect.poll(async () => plain(await done.textContent()), WAIT).toContain(`Зачтено ${rub(1_250_000)} на счёт ${invoice}, заказ ${order.number}`);
    expect(await done.getByRole('link', { name: `Открыть заказ ${order.number}` }).getAttribute('href')).toBe(`/orders/${order.id}`);
    expect(await entryOf(page, 'money-1c-1').count()).toBe(0);
    const paid = await api.until(order.id, (o) => o.paid === 1_250_000 && o.stage === 'production', 'the matched money counted');
    expect(paid.due).toBe(0);

    // the same form again changes nothing; another invoice afterwards is refused in words
    const csrf = await page.locator('input[name=_csrf]').first().inputValue();
    const again = await page.request.post(`/money/${id}/match`, { form: { _csrf: csrf, invoiceNumber: invoice } });
    expect(again.status()).toBe(200);
    expect(plain(await again.text())).toContain(`Зачтено ${rub(1_250_000)} на счёт ${invoice}`);
    const other = await page.request.post(`/money/${id}/match`, { form: { _csrf: csrf, invoiceNumber: orders[0]!.invoice } });
    expect(other.status()).toBe(409);
    expect(plain(await other.text())).toContain(`Эти деньги уже зачтены на счёт ${invoice}, заказ ${order.number}`);
    const payments = await api.ok<{ items: unknown[] }>('GET', `/api/v1/orders/${order.id}/payments`);
    expect(payments.items).toHaveLength(1);
    expect((await api.order(order.id)).paid).toBe(1_250_000);
    expect(dialogs).toBe(0);
    await page.context().close();
  });

  it('dismisses money as returned with a comment, and a form without the token changes nothing', async () => {
    const returned = await keptFrom1c('money-1c-2', 5_000);
    const forged = await keptFrom1c('money-1c-3', 7_000);
    const page = await accountantPage();
    await page.goto('/money');
    const entry = entryOf(page, 'money-1c-2');
    await entry.getByLabel('Причина отказа').selectOption({ label: 'Возвращены плательщику' });
    await entry.getByLabel('Комментарий (необязательно)').fill('Вернули платёжкой № 17');
    await entry.getByRole('button', { name: 'Отклонить' }).click();
    await expect.poll(async () => plain(await page.getByRole('status').textContent()), WAIT).toContain(`Отклонено ${rub(5_000)}: Возвращены плательщику`);
    expect(await entryOf(page, 'money-1c-2').count()).toBe(0);
    expect((await unmatched('dismissed')).find((item) => item.id === returned)?.unmatched).toMatchObject({ dismissReason: 'returned', comment: 'Вернули платёжкой № 17' });

    // without the session's token: refused, and the money still waits
    for (const [action, form] of [
      ['dismiss', { reason: 'not_ours' }],
      ['match', { invoiceNumber: orders[0]!.invoice }],
    ] as const) {
      const response = await page.request.post(`/money/${forged}/${action}`, { form });
      expect(response.status()).toBe(403);
      expect(await response.text()).toContain('Форма устарела или отправлена с чужого сайта');
    }
    expect(await statusOf(forged)).toBe('open');
    await page.context().close();
  });
});

describe('bank statements and receivables', () => {
  it('loads a real statement file and shows what each document came to; a wrong file is refused in words', { timeout: 120_000 }, async () => {
    const page = await accountantPage();
    await page.goto('/money');
    await page.getByLabel('Файл выписки').setInputFiles({ name: 'kl_to_1c.txt', mimeType: 'text/plain', buffer: fixture('statement-windows-1251.txt') });
    await page.getByRole('button', { name: 'Загрузить выписку' }).click();
    const results = page.getByRole('table', { name: 'Документы выписки' });
    await results.waitFor(WAIT);
    expect(plain(await page.getByRole('status').textContent())).toContain('Выписка загружена. Записан: 2, К разбору: 1, Уже был: 1, Ошибка: 2, Пропущен: 1');
    const rows = await Promise.all((await results.locator('tbody tr').all()).map(cells));
    expect(rows).toEqual([
      expect.stringMatching(new RegExp(`^512 .* ${rub(20_000)} INV-${year}-00001 Записан$`)),
      expect.stringMatching(/^77 .* К разбору в назначении платежа нет номера счёта$/),
      expect.stringMatching(/^512 .* Уже был тот же документ, что № 1 в этом файле$/),
      '13 — — — Ошибка Сумма «12,5,0» — не сумма в рублях больше нуля',
      expect.stringMatching(/^9 .* Пропущен списание с нашего счёта$/),
      expect.stringMatching(new RegExp(`^1 .* ${rub(38_550)} INV-${year}-00002 Записан$`)),
      expect.stringMatching(/^14 — — — Ошибка нет поля ПлательщикСчет; Дата «31\.02\.2026» — не дата вида ДД\.ММ\.ГГГГ/),
    ]);
    // the money that named no invoice waits on the same page; the recorded money reached its orders
    await entryOf(page, '77|2026-12-01').waitFor(WAIT);
    await snapshot(page, 'money');
    await api.until(orders[0]!.order.id, (o) => o.paid === 20_000, 'the statement’s payment counted');
    await api.until(orders[1]!.order.id, (o) => o.paid === 38_550, 'the statement’s payment counted');

    // what clients owe: by client and age, with the totals of the receivables report
    await page.goto('/money');
    type Buckets = { notDue: number; days1to7: number; days8to30: number; over30: number };
    const report = await api.ok<{ open: { total: number; buckets: Buckets } }>('GET', '/api/v1/reports/receivables');
    expect(report.open.total).toBe(2 * 1_250_000 - 20_000 - 38_550);
    const owed = page.getByRole('table', { name: 'По клиентам и сроку просрочки' });
    const total = await cells(owed.locator('tfoot tr'));
    const { notDue, days1to7, days8to30, over30 } = report.open.buckets;
    expect(total).toBe(`Итого 2 ${[notDue, days1to7, days8to30, over30, report.open.total].map(rub).join(' ')}`);
    expect(await cells(owed.getByRole('row', { name: /ИНН 7701234567/ }))).toContain(`1 ${rub(1_250_000 - 20_000)}`);

    // not a statement: refused in words, the field marked, nothing recorded
    await page.getByLabel('Файл выписки').setInputFiles({ name: 'photo.txt', mimeType: 'text/plain', buffer: Buffer.from('Hello, world') });
    await page.getByRole('button', { name: 'Загрузить выписку' }).click();
    await expect.poll(() => page.getByRole('alert').textContent(), WAIT).toContain('Этот файл не читается как банковская выписка, ничего не записано');
    expect(await page.getByRole('alert').textContent()).toContain('нет строки «Кодировка=»');
    expect(await page.getByLabel('Файл выписки').getAttribute('aria-invalid')).toBe('true');
    // larger than any statement: refused in words, nothing recorded
    const csrf = await page.locator('input[name=_csrf]').first().inputValue();
    const huge = await page.request.post('/money/statement', { multipart: { _csrf: csrf, file: { name: 'big.txt', mimeType: 'text/plain', buffer: Buffer.alloc(10 * 1024 * 1024 + 1, 'a') } } });
    expect(huge.status()).toBe(413);
    expect(await huge.text()).toContain('Файл больше 10 МБ');
    await page.context().close();
  });

  it('fits a phone: nothing wider than 375 px, wide tables scroll in their own frame, no serious accessibility findings', { timeout: 120_000 }, async () => {
    const page = await accountantPage({ width: 375, height: 740 });
    await page.goto('/money');
    await page.getByLabel('Файл выписки').setInputFiles({ name: 'kl_to_1c.txt', mimeType: 'text/plain', buffer: fixture('statement-utf-8.txt') });
    await page.getByRole('button', { name: 'Загрузить выписку' }).click();
    await page.getByRole('table', { name: 'Документы выписки' }).waitFor(WAIT);
    expect(await page.locator('article.entry').count()).toBeGreaterThan(0);
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    // the statement's table is wider than the phone: it scrolls in its frame, not the page
    const frame = `document.querySelector('[role=region][aria-labelledby="results-h"]')`;
    expect(await page.evaluate(`${frame}.scrollWidth > ${frame}.clientWidth`)).toBe(true);
    expect(await seriousA11yProblems(page)).toEqual([]);
    // the English switch says the same
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Money' }).waitFor(WAIT);
    await page.getByRole('heading', { level: 2, name: 'Money to match' }).waitFor(WAIT);
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    await page.getByRole('button', { name: 'Русский' }).click();
    await page.getByRole('heading', { level: 1, name: 'Деньги' }).waitFor(WAIT);
    await page.context().close();
  });

  it('answers anyone outside accounting, management and the admin with the 403 page, and shows them no link', async () => {
    const seller = await signIn(await personContext(browser, stack), await hire(stack, 'sales', 'Сергей Продажи'));
    expect(await seller.getByRole('link', { name: 'Деньги' }).count()).toBe(0);
    const response = await seller.goto('/money');
    expect(response?.status()).toBe(403);
    await expect.poll(() => seller.getByRole('alert').textContent()).toContain('нет доступа');
    const csrf = await seller.locator('input[name=_csrf]').first().inputValue();
    const id = await keptFrom1c('money-1c-4', 3_000);
    expect((await seller.request.post(`/money/${id}/dismiss`, { form: { _csrf: csrf, reason: 'not_ours' } })).status()).toBe(403);
    expect(await statusOf(id)).toBe('open');
    await seller.context().close();

    const head = await signIn(await personContext(browser, stack), await hire(stack, 'management', 'Ирина Директор'));
    await head.getByRole('link', { name: 'Деньги' }).click();
    await head.getByRole('heading', { level: 1, name: 'Деньги' }).waitFor(WAIT);
    await head.context().close();
  });
});
