// An order's deadlines counted in the working calendar, over HTTP and the real Temporal server. The stack's
// clock is real time, so the calendar is chosen relative to now: today (in Moscow) is the one weekday not
// worked, hours are 09:00-18:00, no public holidays. Every deadline set today must then skip today, and
// the expected instants below are written out by hand (Moscow is UTC+3 all year), not computed by the code
// under test. A test run that crosses Moscow's midnight would see another "today": it is not worth guarding.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dateIn } from '../../domain/calendar.ts';
import { addDays } from '../../domain/working-calendar.ts';
import { client, hireStaff, openTask, stockCatalog, type Staff } from '../helpers/funnel.ts';
import { asAdmin, startStack, type Stack } from '../helpers/stack.ts';

const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const today = dateIn('Europe/Moscow', new Date());
const day = (n: number) => addDays(today, n);
const moscow = (date: string, time: string) => new Date(`${date}T${time}:00+03:00`).toISOString();
/** The end of a working day: its last working hour ends at 18:00. */
const endOf = (date: string) => moscow(date, '18:00');

let stack: Stack;
let staff: Staff;
let catalog: Awaited<ReturnType<typeof stockCatalog>>;
let api: ReturnType<typeof client>;

beforeAll(async () => {
  const off = new Date(`${today}T00:00:00Z`).getUTCDay();
  stack = await startStack({
    BUSINESS_TIMEZONE: 'Europe/Moscow',
    WORKING_DAYS: WEEKDAYS.filter((_, i) => i !== off).join(','),
    WORKING_HOURS: '09:00-18:00',
    PUBLIC_HOLIDAYS: 'none',
    SLA_TAKE_IN_WORK: '2h',
    SLA_QUALIFY: '1d',
    SLA_ENTER_DELIVERY_DATA: '1d',
    PRODUCTION_DAY: '1d',
    PAYMENT_TERM: '3d',
    PAYMENT_TERM_DAYS: 'calendar',
  });
  staff = await hireStaff(stack);
  catalog = await stockCatalog(stack);
  api = client(stack);
});
afterAll(async () => stack?.stop());

const customer = { name: 'ООО Календарь', email: 'calendar@example.com' };
const chair = () => [{ productId: catalog.chair.id, quantity: 1 }];
const setDay = (date: string, body: unknown) => stack.app.inject({ method: 'PUT', url: `/api/v1/calendar/days/${date}`, headers: asAdmin, payload: body as object });

describe('deadlines in the working calendar', () => {
  it('count a staff SLA in working time: two hours from a day off end at 11:00 of the next working day', async () => {
    const order = await api.create({ customer, items: chair() });
    expect(openTask(order, 'take_in_work').deadline).toBe(moscow(day(1), '11:00'));
  });

  it('follow a date override set before the order, and leave deadlines set earlier where they were', async () => {
    const before = await api.create({ customer, items: chair() });
    expect((await setDay(day(1), { type: 'day_off', comment: 'перенос' })).statusCode).toBe(200);
    try {
      const after = await api.create({ customer, items: chair() });
      expect(openTask(after, 'take_in_work').deadline).toBe(moscow(day(2), '11:00'));
      expect(openTask(await api.order(before.id), 'take_in_work').deadline).toBe(moscow(day(1), '11:00'));
    } finally {
      await stack.app.inject({ method: 'DELETE', url: `/api/v1/calendar/days/${day(1)}`, headers: asAdmin });
    }
  });

  it('count qualification, production, the payment term, delivery data and the ship date in the calendar', async () => {
    const order = await api.create({ customer, items: chair() });
    const qualification = await api.completeTask(openTask(order, 'take_in_work').id, staff.manager.headers).then(() => api.order(order.id));
    // SLA_QUALIFY=1d is one working day's hours (nine): all of tomorrow's
    expect(openTask(qualification, 'qualify').deadline).toBe(endOf(day(1)));

    const production = await api.qualify(order.id, staff.manager.headers, { items: chair(), paymentScheme: 'postpayment' });
    // the chair takes two production days: the end of the second working day after today
    expect(openTask(production, 'production').deadline).toBe(endOf(day(2)));

    await api.completeTask(openTask(production, 'production').id, staff.productionHead.headers);
    const invoice = (await api.until(order.id, (o) => o.invoices.length > 0, 'a postpayment invoice')).invoices[0]!;
    // PAYMENT_TERM=3d in calendar days: the end of the third day after today, whatever is worked
    expect(invoice.dueDate).toBe(day(3));

    await api.pay(invoice.id, staff.accountant.headers, invoice.amount, 'full');
    const deliveryData = await api.until(order.id, (o) => o.stage === 'delivery_data', 'delivery data');
    expect(openTask(deliveryData, 'enter_delivery_data').deadline).toBe(endOf(day(1)));

    const delivery = await api.delivery(order.id, staff.manager.headers, { method: 'pickup', shipDate: day(2) });
    // the end of the ship date's working hours, not its midnight
    expect(openTask(delivery, 'delivery').deadline).toBe(endOf(day(2)));
  });
});
