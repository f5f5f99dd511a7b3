// Sentences for people: timeline entries and task titles in the order's language.
import { formatMoney } from './format.ts';
import type { Locale, TaskType, TimelineType } from './funnel.ts';

/** Per task type: the title of a task (with the order's number) and its kind in words for the timeline. */
const TASK_WORDS: Record<TaskType, Record<Locale, [title: string, name: string]>> = {
  take_in_work: { ru: ['Взять заказ в работу', 'Взять в работу'], en: ['Take the order in work', 'Take in work'] },
  qualify: { ru: ['Квалифицировать заказ', 'Квалифицировать'], en: ['Qualify the order', 'Qualify'] },
  production: { ru: ['Произвести позицию', 'Произвести позицию'], en: ['Produce the item', 'Produce an item'] },
  enter_delivery_data: { ru: ['Внести данные доставки', 'Внести данные доставки'], en: ['Enter delivery data', 'Enter delivery data'] },
  delivery: { ru: ['Отгрузить заказ', 'Отгрузить'], en: ['Ship the order', 'Ship'] },
  refund: { ru: ['Вернуть деньги клиенту', 'Возврат денег'], en: ['Refund the client', 'Refund'] },
  chase_payment: { ru: ['Связаться с клиентом об оплате', 'Связаться об оплате'], en: ['Contact the client about payment', 'Contact about payment'] },
};

/** A task's kind in words, for the timeline: "Задача выполнена: Взять в работу". */
export const taskName = (locale: Locale, type: unknown) => TASK_WORDS[type as TaskType]?.[locale][1] ?? String(type ?? '');

export function taskTitle(locale: Locale, type: TaskType, orderNumber: string, subject?: string): string {
  // a refund's subject is its amount: "Возврат 1 950,00 ₽ по заказу №…" reads as a sentence
  if (type === 'refund' && subject) return locale === 'ru' ? `Возврат ${subject} по заказу №${orderNumber}` : `Refund ${subject} on order #${orderNumber}`;
  const base = `${TASK_WORDS[type][locale][0]} ${locale === 'ru' ? '№' : '#'}${orderNumber}`;
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

// changes to an order carry { before, after }: these read them back in words
const part = (value: unknown) => (value ?? {}) as Data;
const rows = (value: unknown) => (Array.isArray(part(value).rows) ? (part(value).rows as unknown[]).length : 0);
const names = (value: unknown, sign: string) => (Array.isArray(value) && value.length ? `${value.map((row) => `${sign}${str(part(row).name)}`).join(', ')}; ` : '');
const CUSTOMER_FIELD_NAMES: Record<Locale, Record<string, string>> = {
  ru: { name: 'имя', email: 'эл. почта', phone: 'телефон', locale: 'язык' },
  en: { name: 'name', email: 'e-mail', phone: 'phone', locale: 'language' },
};
function fromTo(d: Data, fieldNames: Record<string, string>, locale: Locale): string {
  const fields = Array.isArray(d.fields) ? (d.fields as string[]) : [];
  const none = locale === 'ru' ? 'нет' : 'none';
  return fields.map((field) => `${fieldNames[field] ?? field} «${str(part(d.before)[field] ?? none)}» → «${str(part(d.after)[field] ?? none)}»`).join(', ');
}
function shipping(value: unknown, locale: Locale): string {
  const d = part(value);
  if (!d.shipDate) return locale === 'ru' ? 'не задана' : 'none';
  if (d.method === 'pickup') return locale === 'ru' ? `самовывоз ${str(d.shipDate)}` : `pickup on ${str(d.shipDate)}`;
  return locale === 'ru' ? `${str(d.carrier)}, ${str(d.address)}, отгрузка ${str(d.shipDate)}` : `${str(d.carrier)}, ${str(d.address)}, shipping ${str(d.shipDate)}`;
}

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
    ru: (d) => `Задача выполнена: ${taskName('ru', d.taskType)}${d.comment ? ` (${str(d.comment)})` : ''}`,
    en: (d) => `Task done: ${taskName('en', d.taskType)}${d.comment ? ` (${str(d.comment)})` : ''}`,
  },
  task_overdue: {
    ru: (d) => `Задача просрочена: ${taskName('ru', d.taskType)}, срок был ${str(d.deadline)}`,
    en: (d) => `Task overdue: ${taskName('en', d.taskType)}, deadline was ${str(d.deadline)}`,
  },
  task_cancelled: {
    ru: (d) => `Задача отменена: ${taskName('ru', d.taskType)}`,
    en: (d) => `Task cancelled: ${taskName('en', d.taskType)}`,
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
  invoice_resent: {
    ru: (d) => `Счёт ${str(d.number)} отправлен клиенту повторно`,
    en: (d) => `Invoice ${str(d.number)} sent to the client again`,
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
  payment_reversed: {
    ru: (d) => `Платёж ${rub(d.amount, 'ru')} сторнирован: ${str(d.reason)}; оплачено ${rub(d.paid, 'ru')}, осталось ${rub(d.due, 'ru')}`,
    en: (d) => `Payment of ${rub(d.amount, 'en')} reversed: ${str(d.reason)}; paid ${rub(d.paid, 'en')}, ${rub(d.due, 'en')} due`,
  },
  reminders_stopped: {
    ru: (d) => `Напоминания по счёту ${str(d.number)} остановлены после ${str(d.reminders)}: менеджеру поставлена задача связаться с клиентом`,
    en: (d) => `Reminders of invoice ${str(d.number)} stopped after ${str(d.reminders)}: the manager is to contact the client`,
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
  client_message: {
    ru: (d) => `Сообщение клиента: ${str(d.text)}`,
    en: (d) => `Message from the client: ${str(d.text)}`,
  },
  order_cancelled: {
    ru: (d) => `Заказ отменён: ${str(d.reason)}`,
    en: (d) => `Order cancelled: ${str(d.reason)}`,
  },
  order_won: {
    ru: () => 'Заказ выполнен',
    en: () => 'Order completed',
  },
  customer_changed: {
    ru: (d) => `Изменены данные клиента: ${fromTo(d, CUSTOMER_FIELD_NAMES.ru, 'ru')}`,
    en: (d) => `Client details changed: ${fromTo(d, CUSTOMER_FIELD_NAMES.en, 'en')}`,
  },
  order_amended: {
    ru: (d) => `Заказ изменён: сумма ${rub(part(d.before).total, 'ru')} → ${rub(part(d.after).total, 'ru')}, предоплата ${rub(part(d.before).prepaymentAmount, 'ru')} → ${rub(part(d.after).prepaymentAmount, 'ru')}, позиций ${rows(d.before)} → ${rows(d.after)}`,
    en: (d) => `Order amended: total ${rub(part(d.before).total, 'en')} → ${rub(part(d.after).total, 'en')}, prepayment ${rub(part(d.before).prepaymentAmount, 'en')} → ${rub(part(d.after).prepaymentAmount, 'en')}, rows ${rows(d.before)} → ${rows(d.after)}`,
  },
  items_changed: {
    ru: (d) => `Позиции в производстве: ${names(d.added, '+')}${names(d.removed, '−')}сумма ${rub(part(d.before).total, 'ru')} → ${rub(part(d.after).total, 'ru')}, себестоимость ${rub(part(d.before).productionCost, 'ru')} → ${rub(part(d.after).productionCost, 'ru')}`,
    en: (d) => `Rows in production: ${names(d.added, '+')}${names(d.removed, '−')}total ${rub(part(d.before).total, 'en')} → ${rub(part(d.after).total, 'en')}, production cost ${rub(part(d.before).productionCost, 'en')} → ${rub(part(d.after).productionCost, 'en')}`,
  },
  delivery_changed: {
    ru: (d) => `Доставка изменена: ${shipping(d.before, 'ru')} → ${shipping(d.after, 'ru')}`,
    en: (d) => `Delivery changed: ${shipping(d.before, 'en')} → ${shipping(d.after, 'en')}`,
  },
  task_warning: {
    ru: (d) => `Скоро срок задачи «${taskName('ru', d.taskType)}»: исполнитель ${d.assigneeName ? str(d.assigneeName) : 'не назначен, предупреждён начальник отдела'}`,
    en: (d) => `Deadline soon for "${taskName('en', d.taskType)}": ${d.assigneeName ? `${str(d.assigneeName)} warned` : 'no assignee, the head was warned'}`,
  },
  task_escalated: {
    ru: (d) => `Эскалация: задача «${taskName('ru', d.taskType)}» всё ещё просрочена, сообщено менеджеру заказа и руководству`,
    en: (d) => `Escalation: "${taskName('en', d.taskType)}" is still overdue; the order's manager and management were told`,
  },
  task_reassigned: {
    ru: (d) => `Задача «${taskName('ru', d.taskType)}»: исполнитель ${d.fromName ? str(d.fromName) : 'не назначен'} → ${d.toName ? str(d.toName) : 'очередь отдела'}`,
    en: (d) => `Task "${taskName('en', d.taskType)}": assignee ${d.fromName ? str(d.fromName) : 'none'} → ${d.toName ? str(d.toName) : 'the department queue'}`,
  },
};

const REFUND_REASONS = {
  cancelled: { ru: (reason: string) => `Заказ отменён: ${reason}`, en: (reason: string) => `Order cancelled: ${reason}` },
  paid_after_cancel: { ru: () => 'Оплата пришла по отменённому заказу или счёту', en: () => 'Payment received for a cancelled order or invoice' },
  overpayment: { ru: () => 'Переплата по заказу', en: () => 'Overpayment' },
  changed: { ru: () => 'Заказ изменён: оплачено больше новой суммы', en: () => 'The order was changed: more was paid than its new total' },
};

/** Why a maker's task was cancelled when its row left the order. */
export const rowRemovedReason = (locale: Locale) => (locale === 'ru' ? 'Позиция убрана из заказа' : 'The row was removed from the order');

/** Why a refund task exists, in the order's language (its description). */
export function refundReason(locale: Locale, why: keyof typeof REFUND_REASONS, reason = ''): string {
  return REFUND_REASONS[why][locale](reason);
}

export function timelineText(locale: Locale, type: TimelineType, data: Data): string {
  return TIMELINE[type][locale](data);
}
