// The client's own page of the order (`/o/:token`) in a real browser: through a whole order on a phone
// screen, updating by itself; the client's message reaching the timeline and the manager; a re-issued link.
import type { Browser, Page } from 'playwright-core';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { notifications } from '../../db/schema.ts';
import { client, hireStaff, openTask, recordHistory, shipDateAhead, stockCatalog, type Staff } from '../helpers/funnel.ts';
import { hire, launchBrowser, personContext, seriousA11yProblems, signIn, startWebStack, type WebStack } from '../helpers/browser.ts';

let stack: WebStack;
let browser: Browser;
let staff: Staff;
let catalog: Awaited<ReturnType<typeof stockCatalog>>;
let api: ReturnType<typeof client>;
const WAIT = { timeout: 30_000 };

beforeAll(async () => {
  [stack, browser] = await Promise.all([startWebStack(), launchBrowser()]);
  staff = await hireStaff(stack);
  catalog = await stockCatalog(stack);
  api = client(stack);
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** A phone: 375 × 740, touch, no cookies of anybody on staff. */
const phone = async (): Promise<Page> =>
  (await browser.newContext({ locale: 'ru-RU', viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true, bypassCSP: true })).newPage();

const currentStep = (page: Page, words: string) => page.locator('[aria-current="step"]', { hasText: words }).waitFor(WAIT);

async function newOrder() {
  return api.create({ customer: { name: 'Ольга Клиентова', email: 'olga@example.com', locale: 'ru' }, items: [{ productId: catalog.table.id, quantity: 1 }] });
}

it('shows the client the whole order on a phone, updating by itself, and nothing internal', { timeout: 240_000 }, async () => {
  const created = await newOrder();
  expect(created.clientUrl).toMatch(new RegExp(`^${stack.baseUrl}/o/[\\w-]{32}$`));
  const page = await phone();
  // nothing the page loads may come from the internet
  const elsewhere: string[] = [];
  page.on('request', (request) => {
    if (!request.url().startsWith(stack.baseUrl)) elsewhere.push(request.url());
  });
  await page.goto(created.clientUrl!);
  await page.getByRole('heading', { level: 1, name: `Заказ № ${created.number}` }).waitFor(WAIT);
  await currentStep(page, 'Заказ принят');
  await page.getByText('Ваш менеджер: Мария').waitFor(WAIT);
  expect(await seriousA11yProblems(page), 'accessibility of a new order').toEqual([]);
  // nothing is wider than the phone
  expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);

  // sales: taken in work and qualified with a prepayment; the page follows without a reload
  await api.completeTask(openTask(created, 'take_in_work').id, staff.manager.headers);
  const qualified = await api.qualify(created.id, staff.manager.headers, { paymentScheme: 'partial_prepayment', prepaymentAmount: 500_000 });
  await currentStep(page, 'Изготовление');
  await page.getByText('Ждём предоплату').waitFor(WAIT);
  const invoice = qualified.invoices[0]!;
  await page.getByRole('link', { name: `PDF ${invoice.number}` }).waitFor(WAIT);

  // the client pays on the pay page the button leads to
  await page.getByRole('link', { name: /Оплатить/ }).click();
  await page.getByRole('button', { name: /Оплатить/ }).click();
  await page.getByText(/Счёт оплачен|записывается/).waitFor(WAIT);
  await page.goto(created.clientUrl!);
  await page.getByText('Заказ изготавливается').waitFor(WAIT);
  await page.getByText(/оплачен\./).first().waitFor(WAIT);
  expect(await page.locator('#made').textContent()).toBe('0 из 1');

  // production makes the item; accounting records the rest; sales enters pickup; logistics ships
  const making = await api.order(created.id);
  const task = openTask(making, 'production');
  const maker = staff.makers.find((m) => m.id === task.assignee?.id)!;
  await api.completeTask(task.id, maker.headers);
  await page.locator('#made', { hasText: '1 из 1' }).waitFor(WAIT);
  const post = await api.until(created.id, (o) => o.stage === 'postpayment', 'postpayment');
  const rest = post.invoices.find((i) => i.kind === 'postpayment')!;
  await api.pay(rest.id, staff.accountant.headers, rest.amount, 'PP-1');
  const delivering = await api.until(created.id, (o) => o.stage === 'delivery_data', 'delivery data');
  await currentStep(page, 'Отгрузка');
  await api.delivery(delivering.id, staff.manager.headers, { method: 'delivery', carrier: 'СДЭК', address: 'Москва, ул. Лесная, 5', shipDate: shipDateAhead() });
  await page.getByText('Москва, ул. Лесная, 5').waitFor(WAIT);
  const shipping = await api.order(created.id);
  await api.completeTask(openTask(shipping, 'delivery').id, staff.logistician.headers, { trackingNumber: 'CDEK-777' });
  await page.getByText('Заказ выполнен. Спасибо!').waitFor(WAIT);
  await page.getByText('CDEK-777').waitFor(WAIT);
  expect(await seriousA11yProblems(page), 'accessibility of a won order').toEqual([]);
  expect(elsewhere).toEqual([]);

  // what staff see and the client must not: costs, margin, other staff
  const shown = (await page.locator('body').textContent())!;
  for (const internal of ['Себестоимость', 'маржа', 'Маржа', 'Лев Логист', 'Пётр', 'Павел', 'Менеджер Мария Менеджер']) expect(shown).not.toContain(internal);
  await recordHistory(stack, created.id, 'client-page-won');
});

it('takes the client’s message to the timeline as the client’s, escaped, and tells the manager', { timeout: 120_000 }, async () => {
  const created = await newOrder();
  const page = await phone();
  await page.goto(created.clientUrl!);
  const text = '<script>alert(1)</script> Можно ли ускорить?';
  await page.getByLabel(/Сообщение/).fill(text);
  await page.getByRole('button', { name: 'Отправить' }).click();
  await page.getByRole('status').filter({ hasText: 'Сообщение отправлено менеджеру' }).waitFor(WAIT);
  expect(await page.locator('.chat .mine .text').textContent()).toBe(text);
  expect(await page.evaluate('document.querySelectorAll("main script").length')).toBe(0);

  const entries = await api.timeline(created.id);
  expect(entries.filter((e) => e.type === 'client_message')).toEqual([expect.objectContaining({ actor: null, data: expect.objectContaining({ text }) })]);
  const mail = await stack.db.select().from(notifications).where(eq(notifications.orderId, created.id));
  // the manager (the only one in sales) is the one told
  expect(mail.filter((m) => m.template === 'client_message').map((m) => m.recipient)).toEqual([expect.stringMatching(/^e.+@example\.com$/)]);

  // the same form sent twice (a double click, a retry) is one message
  const form = { messageId: '5d0b3d8e-6b8c-4d2e-9a51-4a1f0e2c9b11', text: 'Один раз' };
  const path = new URL(created.clientUrl!).pathname;
  for (let i = 0; i < 2; i += 1) {
    const response = await stack.app.inject({ method: 'POST', url: `${path}/messages`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(form).toString() });
    expect(response.statusCode).toBe(303);
  }
  expect((await api.timeline(created.id)).filter((e) => e.type === 'client_message')).toHaveLength(2);
  await recordHistory(stack, created.id, 'client-message');
});

it('refuses empty, too long, cross-site and too many messages in words, storing nothing', { timeout: 60_000 }, async () => {
  const created = await newOrder();
  const path = new URL(created.clientUrl!).pathname;
  const post = (text: string, headers: Record<string, string> = {}) =>
    stack.app.inject({
      method: 'POST',
      url: `${path}/messages`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      payload: new URLSearchParams({ messageId: crypto.randomUUID(), text }).toString(),
    });
  expect((await post('   ')).statusCode).toBe(400);
  const long = await post('я'.repeat(2001));
  expect(long.statusCode).toBe(400);
  expect(long.body).toContain('длиннее 2000 знаков');
  expect((await post('hi', { origin: 'https://evil.example' })).statusCode).toBe(403);
  expect((await post('hi', { 'sec-fetch-site': 'cross-site' })).statusCode).toBe(403);
  expect((await api.timeline(created.id)).filter((e) => e.type === 'client_message')).toHaveLength(0);
  const codes: number[] = [];
  for (let i = 0; i < 11; i += 1) codes.push((await post(`сообщение ${i}`)).statusCode);
  expect(codes.slice(0, 10).every((c) => c === 303)).toBe(true);
  expect(codes[10]).toBe(429);
  expect((await api.timeline(created.id)).filter((e) => e.type === 'client_message')).toHaveLength(10);
});

it('ends the old link when the manager re-issues it: a plain 404 page, the new link works', { timeout: 60_000 }, async () => {
  const created = await newOrder();
  const reissued = await stack.app.inject({ method: 'POST', url: `/api/v1/orders/${created.id}/client-link`, headers: staff.manager.headers });
  expect(reissued.statusCode).toBe(200);
  const { clientUrl } = reissued.json<{ clientUrl: string }>();
  expect(clientUrl).not.toBe(created.clientUrl);
  expect((await api.order(created.id)).clientUrl).toBe(clientUrl);
  const page = await phone();
  const old = await page.goto(created.clientUrl!);
  expect(old?.status()).toBe(404);
  await page.getByRole('heading', { level: 1, name: 'Страница не найдена' }).waitFor(WAIT);
  expect(await seriousA11yProblems(page), 'accessibility of the 404 page').toEqual([]);
  expect((await page.goto(`${stack.baseUrl}/o/not-a-token`))?.status()).toBe(404);
  expect((await page.goto(clientUrl))?.status()).toBe(200);
  // production and logistics may not re-issue it
  const refused = await stack.app.inject({ method: 'POST', url: `/api/v1/orders/${created.id}/client-link`, headers: staff.logistician.headers });
  expect(refused.statusCode).toBe(403);
});

it('shows the link on the workspace card to copy, and re-issues it there for sales only, in words', { timeout: 120_000 }, async () => {
  const created = await newOrder();
  const [seller, maker] = [await hire(stack, 'sales', 'Сергей Продавец'), await hire(stack, 'production', 'Пётр Мастер')];
  const page = await signIn(await personContext(browser, stack), seller);
  await page.goto(`/orders/${created.id}`);
  const field = page.getByLabel('Ссылка для клиента');
  expect(await field.inputValue()).toBe(created.clientUrl);
  expect(await field.getAttribute('readonly')).not.toBeNull();
  // from the keyboard: focus the button and press Enter
  await page.getByRole('button', { name: 'Выпустить новую ссылку' }).focus();
  await page.keyboard.press('Enter');
  await page.getByText('Выпущена новая ссылка для клиента. Прежняя больше не открывается.').waitFor(WAIT);
  const fresh = await page.getByLabel('Ссылка для клиента').inputValue();
  expect(fresh).not.toBe(created.clientUrl);
  expect((await api.order(created.id)).clientUrl).toBe(fresh);
  expect((await fetch(created.clientUrl!)).status).toBe(404);
  expect((await fetch(fresh)).status).toBe(200);
  expect(await seriousA11yProblems(page), 'accessibility of the card with the link').toEqual([]);

  // production sees the link to pass on, but no button, and a post of its own is refused without a change
  const other = await signIn(await personContext(browser, stack), maker);
  await other.goto(`/orders/${created.id}`);
  expect(await other.getByLabel('Ссылка для клиента').inputValue()).toBe(fresh);
  expect(await other.getByRole('button', { name: 'Выпустить новую ссылку' }).count()).toBe(0);
  const csrf = await other.locator('input[name="_csrf"]').first().inputValue();
  const forged = await other.request.post(`/orders/${created.id}/client-link`, { form: { _csrf: csrf }, headers: { origin: stack.baseUrl } });
  expect(forged.status()).toBe(403);
  expect(await forged.text()).toContain('У вашей роли нет доступа к этой странице или действию.');
  expect((await api.order(created.id)).clientUrl).toBe(fresh);
  // without the session's token nothing changes either
  const bare = await page.request.post(`/orders/${created.id}/client-link`, { form: { _csrf: 'wrong' }, headers: { origin: stack.baseUrl } });
  expect(bare.status()).toBe(403);
  expect(await bare.text()).toContain('Форма устарела');
  expect((await api.order(created.id)).clientUrl).toBe(fresh);
});
