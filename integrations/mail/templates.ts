// Messages to clients and staff, in Russian and English, each with a plain-text and an HTML part. Whatever a
// user typed is escaped in the HTML part.
import { escapeHtml } from '../../api/html.ts';
import { formatDate, formatMoney } from '../../domain/format.ts';
import type { Locale } from '../../domain/funnel.ts';

/** Messages to the client; a message sent to the client shows on the order's timeline. */
export const CLIENT_TEMPLATES = [
  'order_received',
  'invoice_issued',
  'payment_received',
  'payment_reminder',
  'item_produced',
  'production_complete',
  'delivery_scheduled',
  'order_completed',
  'order_cancelled',
  'comment',
] as const;
/** Messages to staff about a task or an order they answer for (issue 13): each links to the order's page. */
export const STAFF_TEMPLATES = [
  'task_assigned',
  'task_overdue',
  'task_cancelled',
  'payment_overdue',
  'task_deadline_soon',
  'task_escalated',
  'manager_payment_received',
  'manager_production_complete',
  'manager_task_late',
  'tasks_handed_over',
  'client_message',
] as const;
/** `telegram_bound` answers the client in the chat that was just bound (docs/client.md); `employee_invited` concerns no order. */
export const TEMPLATES = [...CLIENT_TEMPLATES, ...STAFF_TEMPLATES, 'telegram_bound', 'employee_invited'] as const;
export type Template = (typeof TEMPLATES)[number];

export type TemplateData = Record<string, string | number | boolean | null | undefined>;

interface Rendered {
  subject: string;
  /** Paragraphs of the body; each becomes a line in the text part and a <p> in the HTML part. */
  lines: string[];
  link?: { label: string; url: string };
}

/** `m` writes money, `t` a calendar date (`2026-12-05`), both the way the PDF and the pay page do in that language. */
type Render = (d: TemplateData, m: (minor: unknown) => string, t: (isoDate: unknown) => string) => Rendered;

const s = (value: unknown) => String(value ?? '');

/** The order's page in the workspace, when the message knows it (compose.ts adds it to staff messages). */
const orderLink = (locale: Locale, d: TemplateData) => (d.orderUrl ? { label: locale === 'en' ? 'Open the order' : 'Открыть заказ', url: s(d.orderUrl) } : undefined);

const RU: Record<Template, Render> = {
  order_received: (d) => ({ subject: `Заказ №${s(d.number)} принят`, lines: [`Здравствуйте, ${s(d.customerName)}!`, `Мы получили ваш заказ №${s(d.number)}. Менеджер свяжется с вами в ближайшее время.`] }),
  invoice_issued: (d, m, t) => ({
    subject: `Счёт ${s(d.invoiceNumber)} по заказу №${s(d.number)}`,
    lines: [`Выставлен счёт ${s(d.invoiceNumber)} на ${m(d.amount)}. Оплатить до ${t(d.dueDate)}.`, 'Счёт в PDF — во вложении.'],
    link: { label: 'Оплатить онлайн', url: s(d.paymentUrl) },
  }),
  payment_received: (d, m) => ({
    subject: `Оплата по заказу №${s(d.number)} получена`,
    lines: [`Мы получили оплату ${m(d.amount)}.`, Number(d.due) > 0 ? `Осталось оплатить: ${m(d.due)}.` : 'Заказ оплачен полностью.'],
  }),
  payment_reminder: (d, m) => ({
    subject: `Напоминание об оплате счёта ${s(d.invoiceNumber)}`,
    lines: [`Счёт ${s(d.invoiceNumber)} по заказу №${s(d.number)} ещё не оплачен. К оплате: ${m(d.due)}.`],
    link: { label: 'Оплатить онлайн', url: s(d.paymentUrl) },
  }),
  item_produced: (d) => ({ subject: `Заказ №${s(d.number)}: позиция готова`, lines: [`Позиция «${s(d.itemName)}» изготовлена.`] }),
  production_complete: (d) => ({ subject: `Заказ №${s(d.number)} изготовлен`, lines: ['Все позиции вашего заказа изготовлены. Скоро мы согласуем отгрузку.'] }),
  delivery_scheduled: (d, _m, t) => ({
    subject: `Заказ №${s(d.number)}: отгрузка ${t(d.shipDate)}`,
    lines: [
      d.method === 'pickup' ? `Заказ можно забрать ${t(d.shipDate)}.` : `Заказ будет отгружен ${t(d.shipDate)}: ${s(d.carrier)}, адрес доставки: ${s(d.address)}.`,
      ...(d.trackingNumber ? [`Трек-номер: ${s(d.trackingNumber)}.`] : []),
    ],
  }),
  order_completed: (d) => ({ subject: `Заказ №${s(d.number)} выполнен`, lines: [`Спасибо, что выбрали нас! Заказ №${s(d.number)} выполнен.`, ...(d.trackingNumber ? [`Трек-номер: ${s(d.trackingNumber)}.`] : [])] }),
  order_cancelled: (d) => ({
    subject: `Заказ №${s(d.number)} отменён`,
    lines: [
      `Заказ №${s(d.number)} отменён.`,
      ...(d.reason ? [`Причина: ${s(d.reason)}.`] : []),
      ...(Number(d.paid) > 0 ? ['Полученные деньги мы вернём.'] : []),
      'Если у вас есть вопросы, ответьте на это письмо.',
    ],
  }),
  comment: (d) => ({ subject: `Заказ №${s(d.number)}: сообщение от менеджера`, lines: [s(d.text)] }),
  task_assigned: (d) => ({
    subject: `Новая задача: ${s(d.title)}`,
    lines: [`Вам назначена задача «${s(d.title)}» по заказу №${s(d.number)}.`, `Срок: ${s(d.deadline)}.`, ...(d.description ? [s(d.description)] : [])],
    link: orderLink('ru', d),
  }),
  task_overdue: (d) => ({ subject: `Просрочена задача: ${s(d.title)}`, lines: [`Задача «${s(d.title)}» по заказу №${s(d.number)} просрочена (срок был ${s(d.deadline)}).`, `Исполнитель: ${s(d.assigneeName) || 'не назначен'}.`] }),
  task_cancelled: (d) => ({
    subject: `Задача отменена: ${s(d.title)}`,
    lines: [`Задача «${s(d.title)}» отменена: заказ №${s(d.number)} отменён. Работу по ней можно остановить.`, ...(d.reason ? [`Причина: ${s(d.reason)}.`] : [])],
  }),
  payment_overdue: (d, m) => ({ subject: `Просрочена оплата счёта ${s(d.invoiceNumber)}`, lines: [`Клиент не оплатил счёт ${s(d.invoiceNumber)} по заказу №${s(d.number)}. К оплате: ${m(d.due)}.`] }),
  client_message: (d) => ({ subject: `Заказ №${s(d.number)}: сообщение от клиента`, lines: [`${s(d.customerName)} пишет со страницы заказа №${s(d.number)}:`, s(d.text)], link: orderLink('ru', d) }),
  telegram_bound: (d) => ({ subject: `Заказ №${s(d.number)}: обновления в Telegram`, lines: [`Теперь сообщения о заказе №${s(d.number)} будут приходить сюда. Отписаться: /stop`] }),
  task_deadline_soon: (d) => ({
    subject: `Скоро срок задачи: ${s(d.title)}`,
    lines: [`Срок задачи «${s(d.title)}» по заказу №${s(d.number)} подходит: ${s(d.deadline)}.`],
    link: orderLink('ru', d),
  }),
  task_escalated: (d) => ({
    subject: `Эскалация: просрочена задача ${s(d.title)}`,
    lines: [`Задача «${s(d.title)}» по заказу №${s(d.number)} всё ещё не выполнена (срок был ${s(d.deadline)}).`, `Исполнитель: ${s(d.assigneeName) || 'не назначен'}.`],
    link: orderLink('ru', d),
  }),
  manager_payment_received: (d, m) => ({
    subject: `Заказ №${s(d.number)}: клиент оплатил ${m(d.amount)}`,
    lines: [`Клиент ${s(d.customerName)} оплатил ${m(d.amount)}.`, Number(d.due) > 0 ? `Осталось оплатить: ${m(d.due)}.` : 'Заказ оплачен полностью.'],
    link: orderLink('ru', d),
  }),
  manager_production_complete: (d) => ({ subject: `Заказ №${s(d.number)} изготовлен`, lines: [`Все позиции заказа №${s(d.number)} изготовлены.`], link: orderLink('ru', d) }),
  manager_task_late: (d) => ({
    subject: `Заказ №${s(d.number)}: просрочена задача ${s(d.title)}`,
    lines: [`Задача «${s(d.title)}» по вашему заказу №${s(d.number)} просрочена (срок был ${s(d.deadline)}).`, `Исполнитель: ${s(d.assigneeName) || 'не назначен'}.`],
    link: orderLink('ru', d),
  }),
  tasks_handed_over: (d) => ({
    subject: `Задачи сотрудника ${s(d.employeeName)} переданы`,
    lines: [`${s(d.employeeName)} больше не работает. Задача «${s(d.title)}» по заказу №${s(d.number)} передана: ${s(d.assigneeName) || 'в очередь отдела'}.`],
    link: orderLink('ru', d),
  }),
  employee_invited: (d) => ({
    subject: 'Приглашение в рабочее место',
    lines: [`Здравствуйте, ${s(d.name)}!`, 'Для вас создана учётная запись. Задайте пароль по ссылке ниже; ссылка сработает один раз.', `Ссылка действует до ${s(d.deadline)}.`],
    link: { label: 'Задать пароль', url: s(d.secretLink) },
  }),
};

const EN: Record<Template, Render> = {
  order_received: (d) => ({ subject: `Order #${s(d.number)} received`, lines: [`Hello ${s(d.customerName)},`, `We have received your order #${s(d.number)}. Your manager will contact you shortly.`] }),
  invoice_issued: (d, m, t) => ({
    subject: `Invoice ${s(d.invoiceNumber)} for order #${s(d.number)}`,
    lines: [`Invoice ${s(d.invoiceNumber)} for ${m(d.amount)} is due by ${t(d.dueDate)}.`, 'The invoice PDF is attached.'],
    link: { label: 'Pay online', url: s(d.paymentUrl) },
  }),
  payment_received: (d, m) => ({
    subject: `Payment for order #${s(d.number)} received`,
    lines: [`We have received ${m(d.amount)}.`, Number(d.due) > 0 ? `Still due: ${m(d.due)}.` : 'The order is paid in full.'],
  }),
  payment_reminder: (d, m) => ({
    subject: `Reminder: invoice ${s(d.invoiceNumber)} is unpaid`,
    lines: [`Invoice ${s(d.invoiceNumber)} for order #${s(d.number)} is still unpaid. Amount due: ${m(d.due)}.`],
    link: { label: 'Pay online', url: s(d.paymentUrl) },
  }),
  item_produced: (d) => ({ subject: `Order #${s(d.number)}: an item is ready`, lines: [`"${s(d.itemName)}" has been made.`] }),
  production_complete: (d) => ({ subject: `Order #${s(d.number)} is made`, lines: ['Every item of your order has been made. We will arrange shipping shortly.'] }),
  delivery_scheduled: (d, _m, t) => ({
    subject: `Order #${s(d.number)}: shipping on ${t(d.shipDate)}`,
    lines: [
      d.method === 'pickup' ? `Your order can be picked up on ${t(d.shipDate)}.` : `Your order ships on ${t(d.shipDate)} with ${s(d.carrier)} to ${s(d.address)}.`,
      ...(d.trackingNumber ? [`Tracking number: ${s(d.trackingNumber)}.`] : []),
    ],
  }),
  order_completed: (d) => ({ subject: `Order #${s(d.number)} completed`, lines: [`Thank you for your order #${s(d.number)}!`, ...(d.trackingNumber ? [`Tracking number: ${s(d.trackingNumber)}.`] : [])] }),
  order_cancelled: (d) => ({
    subject: `Order #${s(d.number)} cancelled`,
    lines: [
      `Order #${s(d.number)} has been cancelled.`,
      ...(d.reason ? [`Reason: ${s(d.reason)}.`] : []),
      ...(Number(d.paid) > 0 ? ['We will refund the money received.'] : []),
      'If you have any questions, reply to this e-mail.',
    ],
  }),
  comment: (d) => ({ subject: `Order #${s(d.number)}: a message from your manager`, lines: [s(d.text)] }),
  task_assigned: (d) => ({
    subject: `New task: ${s(d.title)}`,
    lines: [`You have a new task "${s(d.title)}" on order #${s(d.number)}.`, `Deadline: ${s(d.deadline)}.`, ...(d.description ? [s(d.description)] : [])],
    link: orderLink('en', d),
  }),
  task_overdue: (d) => ({ subject: `Task overdue: ${s(d.title)}`, lines: [`Task "${s(d.title)}" on order #${s(d.number)} is overdue (deadline ${s(d.deadline)}).`, `Assignee: ${s(d.assigneeName) || 'none'}.`] }),
  task_cancelled: (d) => ({
    subject: `Task cancelled: ${s(d.title)}`,
    lines: [`Task "${s(d.title)}" is cancelled: order #${s(d.number)} has been cancelled. Work on it can stop.`, ...(d.reason ? [`Reason: ${s(d.reason)}.`] : [])],
  }),
  payment_overdue: (d, m) => ({ subject: `Payment overdue: invoice ${s(d.invoiceNumber)}`, lines: [`The client has not paid invoice ${s(d.invoiceNumber)} for order #${s(d.number)}. Amount due: ${m(d.due)}.`] }),
  client_message: (d) => ({ subject: `Order #${s(d.number)}: a message from the client`, lines: [`${s(d.customerName)} writes from the page of order #${s(d.number)}:`, s(d.text)], link: orderLink('en', d) }),
  telegram_bound: (d) => ({ subject: `Order #${s(d.number)}: updates in Telegram`, lines: [`Messages about order #${s(d.number)} will now come here. To stop them: /stop`] }),
  task_deadline_soon: (d) => ({
    subject: `Deadline soon: ${s(d.title)}`,
    lines: [`Task "${s(d.title)}" on order #${s(d.number)} is due soon: ${s(d.deadline)}.`],
    link: orderLink('en', d),
  }),
  task_escalated: (d) => ({
    subject: `Escalation: task overdue ${s(d.title)}`,
    lines: [`Task "${s(d.title)}" on order #${s(d.number)} is still not done (deadline ${s(d.deadline)}).`, `Assignee: ${s(d.assigneeName) || 'none'}.`],
    link: orderLink('en', d),
  }),
  manager_payment_received: (d, m) => ({
    subject: `Order #${s(d.number)}: the client paid ${m(d.amount)}`,
    lines: [`${s(d.customerName)} paid ${m(d.amount)}.`, Number(d.due) > 0 ? `Still due: ${m(d.due)}.` : 'The order is paid in full.'],
    link: orderLink('en', d),
  }),
  manager_production_complete: (d) => ({ subject: `Order #${s(d.number)} is made`, lines: [`Every item of order #${s(d.number)} has been made.`], link: orderLink('en', d) }),
  manager_task_late: (d) => ({
    subject: `Order #${s(d.number)}: task overdue ${s(d.title)}`,
    lines: [`Task "${s(d.title)}" on your order #${s(d.number)} is overdue (deadline ${s(d.deadline)}).`, `Assignee: ${s(d.assigneeName) || 'none'}.`],
    link: orderLink('en', d),
  }),
  tasks_handed_over: (d) => ({
    subject: `Tasks of ${s(d.employeeName)} handed over`,
    lines: [`${s(d.employeeName)} is no longer active. Task "${s(d.title)}" on order #${s(d.number)} went to ${s(d.assigneeName) || 'the department queue'}.`],
    link: orderLink('en', d),
  }),
  employee_invited: (d) => ({
    subject: 'Your invitation to the workspace',
    lines: [`Hello ${s(d.name)},`, 'An account has been created for you. Set your password with the link below; it works once.', `The link is valid until ${s(d.deadline)}.`],
    link: { label: 'Set your password', url: s(d.secretLink) },
  }),
};

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

export function renderMail(template: Template, locale: Locale, data: TemplateData, signature: string): RenderedMail {
  const money = (minor: unknown) => formatMoney(Number(minor ?? 0), s(data.currency) || 'RUB', locale);
  const date = (isoDate: unknown) => (typeof isoDate === 'string' ? formatDate(isoDate, locale) : s(isoDate));
  const { subject, lines, link } = (locale === 'en' ? EN : RU)[template](data, money, date);
  // every message to the client leads to the order's own page (compose.ts puts its address in the data)
  const links = [link, data.clientUrl ? { label: locale === 'en' ? 'Your order page' : 'Страница заказа', url: s(data.clientUrl) } : undefined].filter((l) => l?.url) as NonNullable<Rendered['link']>[];
  const text = [...lines, ...links.map((l) => `${l.label}: ${l.url}`), '', `— ${signature}`].join('\n');
  const html = [
    '<!doctype html><html><body style="font-family: sans-serif; line-height: 1.5">',
    ...lines.map((line) => `<p>${escapeHtml(line)}</p>`),
    ...links.map((l) => `<p><a href="${escapeHtml(l.url)}">${escapeHtml(l.label)}</a></p>`),
    `<p style="color:#6e6e73">— ${escapeHtml(signature)}</p>`,
    '</body></html>',
  ].join('\n');
  return { subject, text, html };
}
