// The headline: one order from creation to `won` done entirely in browsers, by the people who do it in life,
// each in a browser context of their own; a second window sees the order move without a reload.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { dateIn } from '../../domain/calendar.ts';
import { asAdmin } from '../helpers/stack.ts';
import { ADMIN_EMAIL, ADMIN_PASSWORD, hire, launchBrowser, personContext, signIn, snapshot, startWebStack, type Person, type WebStack } from '../helpers/browser.ts';

let stack: WebStack;
let browser: Browser;
let staff: Record<'seller' | 'accountant' | 'maker' | 'logistician', Person>;
const WAIT = { timeout: 60_000 };

beforeAll(async () => {
  [stack, browser] = await Promise.all([startWebStack(), launchBrowser()]);
  staff = {
    seller: await hire(stack, 'sales', 'Мария Продавец'),
    accountant: await hire(stack, 'accounting', 'Анна Бухгалтер'),
    maker: await hire(stack, 'production', 'Пётр Мастер'),
    logistician: await hire(stack, 'logistics', 'Лев Логист'),
  };
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** Waits, without reloading, until the order card says the order is at `stage` (the live update swaps it in). */
const stageShown = (page: Page, stage: string) => page.getByRole('heading', { level: 1, name: new RegExp(`· ${stage}`) }).waitFor(WAIT);

it('takes one order from creation to won in the browsers of sales, accounting, the client, production and logistics', { timeout: 300_000 }, async () => {
  // the admin stocks the catalogue through its form
  const admin = await signIn(await personContext(browser, stack), { email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
  await admin.goto('/catalogue');
  await admin.getByLabel('Артикул').fill('TBL-OAK');
  await admin.getByLabel('Название').fill('Стол дубовый');
  await admin.getByLabel('Цена, ₽').fill('12 500');
  await admin.getByLabel('Себестоимость, ₽').fill('6000');
  await admin.getByLabel('Дней производства').fill('5');
  await admin.getByRole('button', { name: 'Добавить товар' }).click();
  await admin.getByRole('cell', { name: 'TBL-OAK' }).waitFor(WAIT);
  await snapshot(admin, 'catalogue');
  await admin.goto('/employees');
  await snapshot(admin, 'employees');

  // sales: a new order, taken in work and qualified
  const seller = await signIn(await personContext(browser, stack), staff.seller);
  await seller.goto('/orders/new');
  await seller.getByLabel('Имя или название клиента').fill('ООО Ромашка');
  await seller.getByLabel('Эл. почта').fill('buyer@example.com');
  await seller.getByRole('button', { name: 'Создать заказ' }).click();
  await seller.waitForURL(/\/orders\/[0-9a-f-]{36}$/, WAIT);
  const orderPath = new URL(seller.url()).pathname;
  await seller.getByRole('button', { name: 'Взять в работу' }).waitFor(WAIT);
  await seller.getByRole('button', { name: 'Взять в работу' }).click();
  await stageShown(seller, 'Квалификация');
  await seller.getByLabel('Товар').first().selectOption({ label: 'Стол дубовый (TBL-OAK)' });
  await seller.getByLabel('Кол-во').first().fill('2');
  await seller.getByLabel('Схема оплаты').selectOption('partial_prepayment');
  await seller.getByLabel('Предоплата, ₽').fill('10000');
  await seller.getByRole('button', { name: 'Квалифицировать заказ' }).click();
  await stageShown(seller, 'Предоплата');

  // a second window of the manager keeps the board open: the order moves there by itself
  const board = await (await signIn(await personContext(browser, stack), staff.seller)).context().newPage();
  await board.goto('/board');
  const number = (await seller.getByRole('heading', { level: 1 }).textContent())!.match(/\d{4}-\d{5}/)![0];
  await board.getByRole('region', { name: /Предоплата/ }).getByText(number).waitFor(WAIT);

  // the client pays the prepayment on the sandbox pay page
  const link = await seller.getByLabel('Ссылка на оплату').first().inputValue();
  const client = await (await browser.newContext({ locale: 'ru-RU' })).newPage();
  await client.goto(link);
  await client.getByRole('button', { name: /Оплатить/ }).click();
  await board.getByRole('region', { name: /Производство/ }).getByText(number).waitFor(WAIT);
  await snapshot(board, 'board');

  // production: the task list, completed with a comment, telling the client
  const maker = await signIn(await personContext(browser, stack), staff.maker);
  await maker.getByRole('heading', { level: 3, name: new RegExp(number) }).waitFor(WAIT);
  // each task shows its description, the same text the API and its e-mail carry
  const held = await stack.app.inject({ method: 'GET', url: `/api/v1/tasks?assigneeId=${staff.maker.id}&status=open`, headers: asAdmin });
  const [made] = held.json<{ items: { description: string; orderUrl: string }[] }>().items;
  expect(made!.orderUrl).toMatch(/\/orders\/[0-9a-f-]{36}$/);
  await maker.getByText(made!.description.split('\n')[0]!).first().waitFor(WAIT);
  await snapshot(maker, 'tasks');
  await maker.getByLabel('Комментарий').first().fill('Готово, проверено');
  await maker.getByLabel('Сообщить клиенту').first().check();
  await maker.getByRole('button', { name: 'Выполнить' }).first().click();
  await maker.getByRole('heading', { level: 3, name: new RegExp(number) }).waitFor({ ...WAIT, state: 'detached' });

  // accounting records the rest, paid by bank transfer
  const accountant = await signIn(await personContext(browser, stack), staff.accountant);
  await accountant.goto(orderPath);
  await stageShown(accountant, 'Постоплата');
  await accountant.getByRole('button', { name: 'Записать' }).click();
  await stageShown(accountant, 'Данные доставки');

  // sales enters the delivery data
  await stageShown(seller, 'Данные доставки');
  await seller.getByLabel('Способ').selectOption('pickup');
  await seller.getByLabel('Дата отгрузки').fill(dateIn(stack.config.timezone, new Date(Date.now() + 2 * 86_400_000)));
  await seller.getByRole('button', { name: 'Сохранить доставку' }).click();
  await stageShown(seller, 'Доставка');

  // logistics ships it
  const logistician = await signIn(await personContext(browser, stack), staff.logistician);
  await logistician.getByRole('heading', { level: 3, name: new RegExp(number) }).waitFor(WAIT);
  await logistician.getByLabel('Трек-номер').first().fill('TRACK-1');
  await logistician.getByRole('button', { name: 'Выполнить' }).first().click();

  await stageShown(seller, 'Выполнен');
  await snapshot(seller, 'order');
  const order = await stack.app.inject({ method: 'GET', url: `/api/v1${orderPath}`, headers: asAdmin });
  expect(order.json()).toMatchObject({ stage: 'won', due: 0, paid: 2_500_000 });

  await admin.goto('/reports');
  await snapshot(admin, 'reports');
});
