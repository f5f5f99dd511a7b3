// The workspace in a real browser: signing in, role rules, CSRF, escaping, accessibility.
import type { Browser } from 'playwright-core';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asAdmin } from '../helpers/stack.ts';
import { ADMIN_EMAIL, ADMIN_PASSWORD, hire, launchBrowser, personContext, signIn, snapshot, startWebStack, type Person, type WebStack } from '../helpers/browser.ts';

let stack: WebStack;
let browser: Browser;
let seller: Person;
let maker: Person;

beforeAll(async () => {
  [stack, browser] = await Promise.all([startWebStack(), launchBrowser()]);
  seller = await hire(stack, 'sales', 'Мария Продавец');
  maker = await hire(stack, 'production', 'Пётр Мастер');
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe('signing in', () => {
  it('refuses a wrong password with a message and lets the right one in, to the home page of the role', async () => {
    const context = await personContext(browser, stack);
    const page = await context.newPage();
    await page.goto('/board');
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await snapshot(page, 'sign-in');
    await page.getByLabel('Эл. почта').fill(seller.email);
    await page.getByLabel('Пароль').fill('not-the-password');
    await page.getByRole('button', { name: 'Войти' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Неверная почта или пароль');
    await context.close();

    const admin = await signIn(await personContext(browser, stack), { email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
    expect(new URL(admin.url()).pathname).toBe('/board');
    const me = await admin.request.get('/api/v1/me');
    expect(await me.json()).toMatchObject({ kind: 'admin' });
    const worker = await signIn(await personContext(browser, stack), maker);
    expect(new URL(worker.url()).pathname).toBe('/tasks');
    await snapshot(worker, 'tasks-empty');
    // the language is the employee's own choice, kept for their next sign-in
    await worker.getByRole('button', { name: 'English' }).click();
    await worker.getByRole('heading', { level: 1, name: 'My tasks' }).waitFor();
    await worker.context().close();
    const again = await signIn(await personContext(browser, stack), maker);
    expect(await again.locator('html').getAttribute('lang')).toBe('en');
    await again.getByRole('button', { name: 'Русский' }).click();
    await again.getByRole('heading', { level: 1, name: 'Мои задачи' }).waitFor();
    await again.context().close();
    await admin.context().close();
  });
});

describe('role rules and forms', () => {
  it('answers a page of another role with a 403 page', async () => {
    const page = await signIn(await personContext(browser, stack), maker);
    const response = await page.goto('/employees');
    expect(response?.status()).toBe(403);
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('нет доступа');
    await page.context().close();
  });

  it('refuses a form without the session token, and one posted from another site', async () => {
    const page = await signIn(await personContext(browser, stack), seller);
    const forged = await page.request.post('/orders', { form: { name: 'Подделка', email: 'x@example.com', _csrf: 'wrong' } });
    expect(forged.status()).toBe(403);
    const token = await page.locator('input[name=_csrf]').first().inputValue();
    const crossSite = await page.request.post('/orders', { form: { name: 'Подделка', email: 'x@example.com', _csrf: token }, headers: { origin: 'https://evil.example' } });
    expect(crossSite.status()).toBe(403);
    const orders = await stack.app.inject({ method: 'GET', url: '/api/v1/orders?q=Подделка', headers: asAdmin });
    expect(orders.json<{ items: unknown[] }>().items).toEqual([]);
    await page.context().close();
  });

  it('shows a client name full of markup as text, and a form with errors comes back marked and filled in', async () => {
    const page = await signIn(await personContext(browser, stack), seller);
    let dialogs = 0;
    page.on('dialog', async (dialog) => {
      dialogs += 1;
      await dialog.dismiss();
    });
    await page.goto('/orders/new');
    await snapshot(page, 'new-order');
    const hostile = '<img src=x onerror=alert(1)><script>alert(2)</script>';
    await page.getByLabel('Имя или название клиента').fill(hostile);
    // neither e-mail nor phone: the engine's schema refuses, and the page says where
    await page.getByRole('button', { name: 'Создать заказ' }).click();
    await expect.poll(() => page.getByLabel('Эл. почта').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('Имя или название клиента').inputValue()).toBe(hostile);
    await page.getByLabel('Эл. почта').fill('buyer@example.com');
    await page.getByRole('button', { name: 'Создать заказ' }).click();
    await page.waitForURL(/\/orders\/[0-9a-f-]{36}/);
    await expect.poll(() => page.getByText(hostile).first().isVisible()).toBe(true);
    expect(await page.locator('main img').count()).toBe(0);
    expect(dialogs).toBe(0);
    await page.context().close();
  });
});

describe('invitations, deactivation and double submits', () => {
  it('lets an invited employee set a password once, and ends their session when they are deactivated', async () => {
    const admin = await signIn(await personContext(browser, stack), { email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
    await admin.goto('/employees');
    await admin.getByLabel('Имя', { exact: true }).fill('Лев Новичок');
    await admin.getByLabel('Эл. почта').fill('lev.new@example.com');
    await admin.getByLabel('Отдел', { exact: true }).selectOption('logistics');
    await admin.getByRole('button', { name: 'Добавить сотрудника' }).click();
    const link = await admin.getByLabel('Ссылка-приглашение', { exact: true }).inputValue();

    const newcomer = await (await personContext(browser, stack)).newPage();
    await newcomer.goto(link);
    await newcomer.getByLabel('Новый пароль').fill('short');
    await newcomer.getByLabel('Повторите пароль').fill('short');
    await newcomer.getByRole('button', { name: 'Сохранить пароль' }).click();
    await expect.poll(() => newcomer.getByLabel('Новый пароль').getAttribute('aria-invalid')).toBe('true');
    await newcomer.getByLabel('Новый пароль').fill('a-long-enough-password');
    await newcomer.getByLabel('Повторите пароль').fill('a-long-enough-password');
    await newcomer.getByRole('button', { name: 'Сохранить пароль' }).click();
    await newcomer.getByRole('status').filter({ hasText: 'Пароль сохранён' }).waitFor();
    expect((await newcomer.goto(link))?.status()).toBe(410);

    const signedIn = await signIn(newcomer.context(), { email: 'lev.new@example.com', password: 'a-long-enough-password' });
    expect(new URL(signedIn.url()).pathname).toBe('/tasks');

    await admin.goto('/employees');
    await admin.getByRole('button', { name: 'Отключить: Лев Новичок' }).click();
    await admin.getByRole('button', { name: 'Включить: Лев Новичок' }).waitFor();
    await signedIn.goto('/tasks');
    expect(new URL(signedIn.url()).pathname).toBe('/sign-in');
    await admin.context().close();
    await newcomer.context().close();
  });

  it('creates one order when the same new-order form is posted twice', async () => {
    const page = await signIn(await personContext(browser, stack), seller);
    await page.goto('/orders/new');
    const form = {
      _csrf: await page.locator('input[name=_csrf]').first().inputValue(),
      key: await page.locator('input[name=key]').inputValue(),
      name: 'Дважды Нажавший',
      email: 'twice@example.com',
      locale: 'ru',
    };
    const [first, second] = await Promise.all([page.request.post('/orders', { form, maxRedirects: 0 }), page.request.post('/orders', { form, maxRedirects: 0 })]);
    expect([first.status(), second.status()]).toEqual([303, 303]);
    expect(first.headers().location).toBe(second.headers().location);
    const found = await stack.app.inject({ method: 'GET', url: `/api/v1/orders?q=${encodeURIComponent('Дважды')}`, headers: asAdmin });
    expect(found.json<{ items: unknown[] }>().items).toHaveLength(1);
    await page.context().close();
  });
});

describe('my tasks', () => {
  it('says what each of many tasks is about, each with its own order', async () => {
    const comments = ['Первый: доставить до обеда', 'Второй: упаковать в плёнку', 'Третий: позвонить заранее'];
    const created = [];
    for (const [index, comment] of comments.entries()) {
      const response = await stack.app.inject({ method: 'POST', url: '/api/v1/orders', headers: { ...asAdmin, 'idempotency-key': `tasks-page-${index}` }, payload: { customer: { name: `Клиент ${index}`, email: `tasks${index}@example.com`, locale: 'ru' }, comment } });
      expect(response.statusCode).toBe(201);
      created.push(response.json<{ id: string; tasks: { id: string; type: string }[] }>());
    }
    const page = await signIn(await personContext(browser, stack), seller);
    await page.goto('/tasks');
    for (const [index, order] of created.entries()) {
      const task = order.tasks.find((t) => t.type === 'take_in_work')!;
      const item = page.locator(`#task-${task.id}`);
      await item.getByText(comments[index]!).waitFor();
      for (const other of comments.filter((_, i) => i !== index)) expect(await item.getByText(other).count()).toBe(0);
    }
    await page.context().close();
  });

  it('shows the most urgent first, overdue before the rest, and the first 50 with a link to more', async () => {
    const made: string[] = [];
    for (let index = 0; index < 52; index += 1) {
      const response = await stack.app.inject({ method: 'POST', url: '/api/v1/orders', headers: { ...asAdmin, 'idempotency-key': `many-tasks-${index}` }, payload: { customer: { name: `Очередь ${index}`, email: `many${index}@example.com` } } });
      expect(response.statusCode).toBe(201);
      made.push(response.json<{ tasks: { id: string; type: string }[] }>().tasks.find((t) => t.type === 'take_in_work')!.id);
    }
    // the newest task is the one gone overdue: it is shown first however late it was made
    const late = made.at(-1)!;
    await stack.db.execute(sql`update tasks set overdue = true, deadline = now() - interval '1 hour' where id = ${late}`);
    const page = await signIn(await personContext(browser, stack), seller);
    await page.goto('/tasks');
    const mine = page.locator('#tasks ul.tasks').first().locator(':scope > li');
    expect(await mine.count()).toBe(50);
    expect(await mine.first().getAttribute('id')).toBe(`task-${late}`);
    const total = (await stack.db.execute<{ n: number }>(sql`select count(*)::int as n from tasks where status = 'open' and assignee_id = ${seller.id}`))[0]!.n;
    await page.getByText(`Показаны 50 из ${total}`).waitFor();
    await page.getByRole('link', { name: 'Показать ещё' }).first().click();
    await page.waitForURL(/mine=100/);
    expect(await page.locator('#tasks ul.tasks').first().locator(':scope > li').count()).toBe(Math.min(total, 100));
    await page.context().close();
  });
});
