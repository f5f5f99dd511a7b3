// The admin's side of the workspace in a real browser, with a real SMTP server: invitations by e-mail (single
// use, 72 hours, sent again), passwords and API keys set on the employees page; and the margin report.
import { eq, sql } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invitations, notifications } from '../../db/schema.ts';
import { PRE_SESSION_COOKIE } from '../../web/session.ts';
import { createProduct } from '../helpers/api.ts';
import { ADMIN_EMAIL, ADMIN_PASSWORD, hire, launchBrowser, personContext, signIn, snapshot, startWebStack, type WebStack } from '../helpers/browser.ts';
import { client, openTask } from '../helpers/funnel.ts';
import { startSmtp, type Received } from '../helpers/smtp.ts';
import { asAdmin, bearer } from '../helpers/stack.ts';

let smtp: Awaited<ReturnType<typeof startSmtp>>;
let stack: WebStack;
let browser: Browser;
const WAIT = { timeout: 30_000 };

beforeAll(async () => {
  smtp = await startSmtp();
  [stack, browser] = await Promise.all([startWebStack({ SMTP_URL: smtp.url }), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  await smtp?.stop();
});

/** The invitations that reached `email`, oldest first, once there are `count` of them. */
async function invitationsTo(email: string, count: number): Promise<Received[]> {
  const mine = () => smtp.received.filter((m) => m.to.includes(email) && m.messageId.includes('invitation'));
  await expect.poll(() => mine().length, WAIT).toBeGreaterThanOrEqual(count);
  return mine();
}
const linkIn = (mail: Received) => /https?:\/\/\S+\/invite\/[\w-]+/.exec(mail.text)![0];

const adminPage = async () => signIn(await personContext(browser, stack), { email: ADMIN_EMAIL, password: ADMIN_PASSWORD });

async function setPasswordByLink(page: Page, link: string, password: string) {
  await page.goto(link);
  await page.getByLabel('Новый пароль').fill(password);
  await page.getByLabel('Повторите пароль').fill(password);
  await page.getByRole('button', { name: 'Сохранить пароль' }).click();
}

describe('invitations by e-mail', () => {
  it('mails a new employee a link that sets the password once, after which they sign in', async () => {
    const admin = await adminPage();
    await admin.goto('/employees');
    await admin.getByLabel('Имя', { exact: true }).fill('Ольга Новая');
    await admin.getByLabel('Эл. почта').fill('olga.new@example.com');
    await admin.getByLabel('Отдел', { exact: true }).selectOption('production');
    await admin.getByRole('button', { name: 'Добавить сотрудника' }).click();
    await admin.getByRole('status').filter({ hasText: 'Приглашение отправлено на olga.new@example.com' }).waitFor(WAIT);

    const [mail] = await invitationsTo('olga.new@example.com', 1);
    expect(mail!.subject).toBe('Приглашение в рабочее место');
    expect(mail!.text).toContain('Здравствуйте, Ольга Новая!');
    const link = linkIn(mail!);
    expect(link.startsWith(`${stack.baseUrl}/invite/`)).toBe(true);
    expect(mail!.html).toContain(`href="${link}"`);
    // the link the admin's page shows is the one in the mail
    expect(await admin.getByLabel('Ссылка-приглашение', { exact: true }).inputValue()).toBe(link);

    const newcomer = await (await personContext(browser, stack)).newPage();
    await newcomer.goto(link);
    await snapshot(newcomer, 'invite');
    await setPasswordByLink(newcomer, link, 'olga-long-password');
    await newcomer.getByRole('status').filter({ hasText: 'Пароль сохранён' }).waitFor(WAIT);
    const signedIn = await signIn(newcomer.context(), { email: 'olga.new@example.com', password: 'olga-long-password' });
    expect(new URL(signedIn.url()).pathname).toBe('/tasks');

    // once used, the link is refused in words, and the token is nowhere in the outbox any more
    const again = await (await personContext(browser, stack)).newPage();
    expect((await again.goto(link))?.status()).toBe(410);
    await expect.poll(() => again.getByRole('alert').textContent()).toContain('Ссылка уже использована или устарела');
    const token = link.split('/invite/')[1]!;
    const rows = await stack.db.select({ data: notifications.data, status: notifications.status }).from(notifications).where(eq(notifications.template, 'employee_invited'));
    expect(rows.every((row) => row.status === 'sent' || row.status === 'pending' || row.status === 'sending')).toBe(true);
    await expect.poll(async () => JSON.stringify(await stack.db.select({ data: notifications.data }).from(notifications).where(eq(notifications.template, 'employee_invited'))), WAIT).not.toContain(token);
    for (const page of [admin, newcomer, again]) await page.context().close();
  });

  it('sends the invitation again on request, and only the newest unexpired link works', async () => {
    const created = await stack.app.inject({ method: 'POST', url: '/api/v1/employees', headers: asAdmin, payload: { name: 'Кирилл Позже', email: 'kirill@example.com', department: 'logistics' } });
    expect(created.statusCode).toBe(201);
    const { id, invitation } = created.json<{ id: string; invitation: Record<string, string> }>();
    expect(invitation).toEqual({ sentTo: 'kirill@example.com', expiresAt: expect.any(String) });
    expect(new Date(invitation.expiresAt!).getTime() - Date.now()).toBeGreaterThan(71.9 * 3_600_000);
    const [first] = await invitationsTo('kirill@example.com', 1);

    const admin = await adminPage();
    await admin.goto('/employees');
    await admin.getByRole('button', { name: 'Отправить приглашение: Кирилл Позже' }).click();
    await admin.getByRole('status').filter({ hasText: 'kirill@example.com' }).waitFor(WAIT);
    const second = (await invitationsTo('kirill@example.com', 2))[1]!;
    expect(linkIn(second)).not.toBe(linkIn(first!));
    // and once more through the API
    const resent = await stack.app.inject({ method: 'POST', url: `/api/v1/employees/${id}/invitation`, headers: asAdmin });
    expect(resent.statusCode).toBe(202);
    const third = (await invitationsTo('kirill@example.com', 3))[2]!;

    const page = await (await personContext(browser, stack)).newPage();
    for (const old of [first!, second]) expect((await page.goto(linkIn(old)))?.status()).toBe(410);
    // the newest link, expired: refused in words, and it sets nothing
    await stack.db.update(invitations).set({ expiresAt: sql`now() - interval '1 second'` }).where(eq(invitations.employeeId, id));
    expect((await page.goto(linkIn(third)))?.status()).toBe(410);
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Ссылка уже использована или устарела');
    const csrf = (await page.context().cookies()).find((cookie) => cookie.name === PRE_SESSION_COOKIE)!.value;
    const posted = await page.request.post(linkIn(third), { form: { _csrf: csrf, password: 'too-late-password', repeat: 'too-late-password' } });
    expect(posted.status()).toBe(410);

    // a deactivated employee is not invited
    await stack.app.inject({ method: 'PATCH', url: `/api/v1/employees/${id}`, headers: asAdmin, payload: { active: false } });
    expect((await stack.app.inject({ method: 'POST', url: `/api/v1/employees/${id}/invitation`, headers: asAdmin })).statusCode).toBe(409);
    await admin.context().close();
    await page.context().close();
  });
});

describe('passwords and API keys on the employees page', () => {
  it('lets the admin set a password (marked when too short) and issue a new API key that replaces the old', async () => {
    const created = await stack.app.inject({ method: 'POST', url: '/api/v1/employees', headers: asAdmin, payload: { name: 'Зоя Ключ', email: 'zoya@example.com', department: 'accounting' } });
    const { apiKey: oldKey } = created.json<{ apiKey: string }>();
    const admin = await adminPage();
    await admin.goto('/employees');
    await admin.getByLabel('Сотрудник', { exact: true }).selectOption({ label: 'Зоя Ключ (zoya@example.com)' });
    await admin.getByLabel('Пароль', { exact: true }).fill('short');
    await admin.getByRole('button', { name: 'Задать пароль' }).click();
    await expect.poll(() => admin.getByLabel('Пароль', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    await admin.getByLabel('Пароль', { exact: true }).fill('zoya-strong-password');
    await admin.getByRole('button', { name: 'Задать пароль' }).click();
    await admin.getByRole('status').filter({ hasText: 'Пароль задан для: Зоя Ключ' }).waitFor(WAIT);
    const zoya = await signIn(await personContext(browser, stack), { email: 'zoya@example.com', password: 'zoya-strong-password' });
    expect(new URL(zoya.url()).pathname).toBe('/tasks');

    await admin.getByRole('button', { name: 'Новый API-ключ: Зоя Ключ' }).click();
    await admin.getByRole('status').filter({ hasText: 'Зоя Ключ' }).waitFor(WAIT);
    const newKey = await admin.getByLabel('API-ключ (показан один раз)').inputValue();
    expect(newKey).toMatch(/^oek_/);
    expect((await stack.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(oldKey) })).statusCode).toBe(401);
    expect((await stack.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(newKey) })).json()).toMatchObject({ name: 'Зоя Ключ' });
    await snapshot(admin, 'employees-key');
    await admin.context().close();
    await zoya.context().close();
  });
});

describe('the margin report and the board', () => {
  it('shows margin by month and product as charts with the same numbers in tables, only to roles that see costs; cards show the deadline', async () => {
    const api = client(stack);
    const product = await createProduct(stack.app, { sku: 'WARD', name: 'Шкаф', price: 1_000_000, vatRate: 22, costPrice: 400_000, productionDays: 3 });
    const order = await api.create({ customer: { name: 'Маржа Клиент', email: 'margin@example.com' }, items: [{ productId: product.id, quantity: 2 }] });
    const taken = await api.completeTask(openTask(order, 'take_in_work').id, asAdmin);
    expect(taken).toBeDefined();
    await api.qualify(order.id, asAdmin, { items: [{ productId: product.id, quantity: 2 }], paymentScheme: 'postpayment' });
    const report = await api.ok<{ total: { margin: number } }>('GET', '/api/v1/reports/margin?by=month');
    // 20 000,00 with 22 % VAT inside: net 16 393,44, cost 8 000,00, margin 8 393,44
    expect(report.total.margin).toBe(839_344);

    const seller = await signIn(await personContext(browser, stack), await hire(stack, 'sales', 'Сергей Продажи'));
    await seller.goto('/reports');
    const byProduct = seller.getByRole('img', { name: 'Маржа по товарам' });
    await byProduct.waitFor(WAIT);
    expect(await byProduct.locator('desc').textContent()).toContain('Те же числа — в таблице ниже');
    await seller.getByRole('img', { name: 'Маржа по месяцам' }).waitFor(WAIT);
    const row = seller.getByRole('row', { name: /Шкаф \(WARD\)/ });
    expect((await row.textContent())!.replace(/\s/g, ' ')).toContain('8 393,44');
    await snapshot(seller, 'reports-margin');
    // a wrong period is marked, and the page still answers with the default one
    const wrong = await seller.goto('/reports?from=2026-13-01');
    expect(wrong?.status()).toBe(422);
    expect(await seller.getByLabel('С', { exact: true }).getAttribute('aria-invalid')).toBe('true');

    const maker = await signIn(await personContext(browser, stack), await hire(stack, 'production', 'Пётр Цех'));
    await maker.goto('/reports');
    await maker.getByRole('heading', { name: 'Воронка', level: 2 }).waitFor(WAIT);
    expect(await maker.getByRole('heading', { name: 'Маржа' }).count()).toBe(0);
    expect(await maker.content()).not.toContain('8 393,44');

    // the board's card says when the order's open work is due
    await seller.goto('/board');
    const card = seller.getByRole('listitem').filter({ hasText: order.number });
    await expect.poll(async () => (await card.textContent()) ?? '', WAIT).toMatch(/Срок: \d/);
    await seller.context().close();
    await maker.context().close();
  });
});
