// Sentences for people: timeline entries and task titles in the order's language.
import { formatMoney } from './format.ts';
import type { Locale, TaskType, TimelineType } from './funnel.ts';

const TASK_TITLES: Record<TaskType, Record<Locale, string>> = {
  take_in_work: { ru: 'Взять заказ в работу', en: 'Take the order in work' },
  qualify: { ru: 'Квалифицировать заказ', en: 'Qualify the order' },
  production: { ru: 'Произвести позицию', en: 'Produce the item' },
  enter_delivery_data: { ru: 'Внести данные доставки', en: 'Enter delivery data' },
  delivery: { ru: 'Отгрузить заказ', en: 'Ship the order' },
  refund: { ru: 'Вернуть деньги клиенту', en: 'Refund the client' },
};

export function taskTitle(locale: Locale, type: TaskType, orderNumber: string, subject?: string): string {
  const base = `${TASK_TITLES[type][locale]} ${locale === 'ru' ? '№' : '#'}${orderNumber}`;
  return subject ? `${base}: ${subject}` : base;
}

type Data = Record<string, unknown>;

const rub = (minor: unknown, locale: Locale) => formatMoney(Number(minor ?? 0), 'RUB', locale);
const str = (value: unknown) => String(value ?? '');

const STAGE_NAMES: Record<string, Record<Locale, string>> = {
  new: { ru: 'новый', en: 'new' },
  qualification: { ru: 'квалификация', en: 'qualification' },
  prepayment: { ru: 'предоплата', en: 'prepayment' },
  production: { ru: 'производство', en: 'production' },
  postpayment: { ru: 'постоплата', en: 'postpayment' },
  delivery_data: { ru: 'данные доставки', en: 'delivery data' },
  delivery: { ru: 'доставка', en: 'delivery' },
  won: { ru: 'выполнен', en: 'won' },
  lost: { ru: 'отменён', en: 'lost' },
};
const stage = (value: unknown, locale: Locale) => STAGE_NAMES[str(value)]?.[locale] ?? str(value);

const TIMELINE: Record<TimelineType, Record<Locale, (d: Data) => string>> = {
  order_created: {
    ru: (d) => `Заказ №${str(d.number)} создан`,
    en: (d) => `Order #${str(d.number)} created`,
  },
  manager_assigned: {
    ru: (d) => (d.managerName ? `Назначен ответственный менеджер: ${str(d.managerName)}` : 'Нет активного менеджера продаж: заказ ждёт назначения'),
    en: (d) => (d.managerName ? `Responsible manager assigned: ${str(d.managerName)}` : 'No active sales manager: the order awaits assignment'),
  },
  stage_changed: {
    ru: (d) => `Этап: ${stage(d.from, 'ru')} → ${stage(d.to, 'ru')}`,
    en: (d) => `Stage: ${stage(d.from, 'en')} → ${stage(d.to, 'en')}`,
  },
  task_created: {
    ru: (d) => `Создана задача «${str(d.title)}», исполнитель: ${d.assigneeName ? str(d.assigneeName) : 'не назначен'}`,
    en: (d) => `Task "${str(d.title)}" created, assignee: ${d.assigneeName ? str(d.assigneeName) : 'none'}`,
  },
  task_completed: {
    ru: (d) => `Задача выполнена: ${str(d.taskType)}${d.comment ? ` (${str(d.comment)})` : ''}`,
    en: (d) => `Task done: ${str(d.taskType)}${d.comment ? ` (${str(d.comment)})` : ''}`,
  },
  task_overdue: {
    ru: (d) => `Задача просрочена: ${str(d.taskType)}, срок был ${str(d.deadline)}`,
    en: (d) => `Task overdue: ${str(d.taskType)}, deadline was ${str(d.deadline)}`,
  },
  task_cancelled: {
    ru: (d) => `Задача отменена: ${str(d.taskType)}`,
    en: (d) => `Task cancelled: ${str(d.taskType)}`,
  },
  qualified: {
    ru: (d) => `Заказ квалифицирован: сумма ${rub(d.total, 'ru')}, предоплата ${rub(d.prepaymentAmount, 'ru')}`,
    en: (d) => `Order qualified: total ${rub(d.total, 'en')}, prepayment ${rub(d.prepaymentAmount, 'en')}`,
  },
  invoice_issued: {
    ru: (d) => `Выставлен счёт ${str(d.number)} на ${rub(d.amount, 'ru')}, оплатить до ${str(d.dueDate)}`,
    en: (d) => `Invoice ${str(d.number)} issued for ${rub(d.amount, 'en')}, due ${str(d.dueDate)}`,
  },
  invoice_overdue: {
    ru: (d) => `Счёт ${str(d.number)} не оплачен в срок, к оплате ${rub(d.due, 'ru')}`,
    en: (d) => `Invoice ${str(d.number)} is overdue, ${rub(d.due, 'en')} unpaid`,
  },
  invoice_cancelled: {
    ru: (d) => `Счёт ${str(d.number)} отменён`,
    en: (d) => `Invoice ${str(d.number)} cancelled`,
  },
  payment_received: {
    ru: (d) => `Получена оплата ${rub(d.amount, 'ru')}${d.invoiceNumber ? ` по счёту ${str(d.invoiceNumber)}` : ''}, осталось ${rub(d.due, 'ru')}`,
    en: (d) => `Payment of ${rub(d.amount, 'en')} received${d.invoiceNumber ? ` for invoice ${str(d.invoiceNumber)}` : ''}, ${rub(d.due, 'en')} due`,
  },
  payment_failed: {
    ru: (d) => `Оплата не прошла${d.reason ? `: ${str(d.reason)}` : ''}`,
    en: (d) => `Payment failed${d.reason ? `: ${str(d.reason)}` : ''}`,
  },
  refund_recorded: {
    ru: (d) => `Возврат клиенту ${rub(Math.abs(Number(d.amount)), 'ru')}`,
    en: (d) => `Refund of ${rub(Math.abs(Number(d.amount)), 'en')} to the client`,
  },
  overpayment: {
    ru: (d) => `Переплата ${rub(d.amount, 'ru')}: создана задача на возврат`,
    en: (d) => `Overpayment of ${rub(d.amount, 'en')}: a refund task was created`,
  },
  costs_computed: {
    ru: (d) => `Себестоимость ${rub(d.productionCost, 'ru')}, маржа ${rub(d.margin, 'ru')}`,
    en: (d) => `Production cost ${rub(d.productionCost, 'en')}, margin ${rub(d.margin, 'en')}`,
  },
  item_produced: {
    ru: (d) => `Произведено: ${str(d.name)}`,
    en: (d) => `Produced: ${str(d.name)}`,
  },
  delivery_saved: {
    ru: (d) => (d.method === 'pickup' ? `Самовывоз ${str(d.shipDate)}` : `Доставка ${str(d.carrier)} по адресу ${str(d.address)}, отгрузка ${str(d.shipDate)}`),
    en: (d) => (d.method === 'pickup' ? `Pickup on ${str(d.shipDate)}` : `Delivery by ${str(d.carrier)} to ${str(d.address)}, shipping ${str(d.shipDate)}`),
  },
  notification_sent: {
    ru: (d) => `Отправлено уведомление: ${str(d.template)} → ${str(d.recipient)}`,
    en: (d) => `Notification sent: ${str(d.template)} → ${str(d.recipient)}`,
  },
  comment: {
    ru: (d) => str(d.text),
    en: (d) => str(d.text),
  },
  order_cancelled: {
    ru: (d) => `Заказ отменён: ${str(d.reason)}`,
    en: (d) => `Order cancelled: ${str(d.reason)}`,
  },
  order_won: {
    ru: () => 'Заказ выполнен',
    en: () => 'Order completed',
  },
};

export function timelineText(locale: Locale, type: TimelineType, data: Data): string {
  return TIMELINE[type][locale](data);
}
