// The order card's change forms in a real browser: the manager corrects the client's e-mail and moves the ship
// date with plain forms, sees each change confirmed and on the timeline in words, and a wrong value refused.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createProduct } from '../helpers/api.ts';
import { hire, launchBrowser, personContext, seriousA11yProblems, signIn, type Person, type WebStack, startWebStack } from '../helpers/browser.ts';
import { asAdmin } from '../helpers/stack.ts';

let stack: WebStack;
let browser: Browser;
let seller: Person;
const WAIT = { timeout: 60_000 };

beforeAll(async () => {
  [stack, browser] = await Promise.all([startWebStack(), launchBrowser()]);
  seller = await hire(stack, 'sales', 'Мария Продавец');
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const day = (ahead: number) => new Date(Date.now() + ahead * 86_400_000).toISOString().slice(0, 10);

async function api<T>(method: 'GET' | 'POST', url: string, payload?: object): Promise<T> {
  const response = await stack.app.inject({ method, url: `/api/v1${url}`, headers: asAdmin, ...(payload ? { payload } : {}) });
  expect(response.statusCode, response.body).toBeLessThan(300);
  return response.json() as T;
}

it('changes the client’s e-mail and the ship date from the order card, in words and without JS', { timeout: 180_000 }, async () => {
  const product = await createProduct(stack.app, { name: 'Стул', price: 350_000, productionDays: 2 });
  type Order = { id: string; tasks: { id: string; type: string }[] };
  const created = await api<Order>('POST', '/orders', { customer: { name: 'ООО Опечатка', email: 'typo@example.con' }, items: [{ productId: product.id, quantity: 1 }] });
  await api('POST', `/tasks/${created.tasks.find((t) => t.type === 'take_in_work')!.id}/complete`, {});
  await api('POST', `/orders/${created.id}/qualify`, { paymentScheme: 'postpayment', delivery: { method: 'pickup', shipDate: day(3) } });

  const page = await signIn(await personContext(browser, stack), seller);
  await page.goto(`/orders/${created.id}`);
  const customer = page.getByRole('region', { name: 'Данные клиента' });
  // neither an e-mail nor a phone left: refused, the client would be unreachable
  await customer.getByLabel('Эл. почта').fill('');
  await customer.getByRole('button', { name: 'Сохранить данные клиента' }).click();
  await page.getByText('Исправьте отмеченные поля').first().waitFor(WAIT);

  await page.getByRole('region', { name: 'Данные клиента' }).getByLabel('Эл. почта').fill('right@example.com');
  await page.getByRole('region', { name: 'Данные клиента' }).getByRole('button', { name: 'Сохранить данные клиента' }).click();
  await page.getByText('Сохранено').first().waitFor(WAIT);
  await page.getByText('эл. почта «typo@example.con» → «right@example.com»').waitFor(WAIT);

  const delivery = page.getByRole('region', { name: 'Изменить доставку' });
  await delivery.getByLabel('Дата отгрузки').fill(day(6));
  await delivery.getByRole('button', { name: 'Сохранить доставку и сообщить клиенту' }).click();
  await page.getByText(`Доставка изменена: самовывоз ${day(3)} → самовывоз ${day(6)}`).waitFor(WAIT);
  expect(await seriousA11yProblems(page)).toEqual([]);

  const order = await api<{ customer: { email: string }; delivery: { shipDate: string } }>('GET', `/orders/${created.id}`);
  expect(order).toMatchObject({ customer: { email: 'right@example.com' }, delivery: { shipDate: day(6) } });
});
