// What a production or delivery task asks for, in the order's language (issue 13): the task's description in
// the API, in its e-mail and on the workspace. Pure, so the workflow writes it when it opens the task.
import { formatDate, formatDateTime } from './format.ts';
import type { Locale } from './funnel.ts';

export interface ItemLine {
  name: string;
  quantityMilli: number;
  unit: string;
}

export interface Contact {
  name: string;
  phone?: string | null;
  email?: string | null;
}

const WORDS = {
  ru: { item: 'Позиция', comment: 'Комментарий к заказу', deadline: 'Срок', pickup: 'Самовывоз', delivery: 'Доставка', carrier: 'перевозчик', address: 'Адрес', shipDate: 'Дата отгрузки', items: 'Позиции', contact: 'Контакт клиента' },
  en: { item: 'Item', comment: 'Order comment', deadline: 'Deadline', pickup: 'Pickup', delivery: 'Delivery', carrier: 'carrier', address: 'Address', shipDate: 'Ship date', items: 'Items', contact: 'Client contact' },
} as const;

const line = (item: ItemLine) => `${item.name} × ${item.quantityMilli / 1000} ${item.unit}`;
const filled = (...parts: (string | null | undefined)[]) => parts.filter((part): part is string => Boolean(part && part.trim()));

/** What to make, by when, and what the client asked for in the order's comment. */
export function productionDescription(locale: Locale, task: { item: ItemLine; comment?: string | null; deadline: string; timeZone: string }): string {
  const w = WORDS[locale];
  return filled(`${w.item}: ${line(task.item)}`, task.comment?.trim() ? `${w.comment}: ${task.comment.trim()}` : null, `${w.deadline}: ${formatDateTime(task.deadline, locale, task.timeZone)}`).join('\n');
}

/** Where and how to ship, what, when, and whom to call. */
export function deliveryDescription(
  locale: Locale,
  task: { method: 'delivery' | 'pickup'; carrier: string | null; address: string | null; shipDate: string; items: ItemLine[]; contact: Contact },
): string {
  const w = WORDS[locale];
  const how = task.method === 'pickup' ? w.pickup : `${w.delivery}${task.carrier ? `, ${w.carrier}: ${task.carrier}` : ''}`;
  const contact = filled(task.contact.name, task.contact.phone, task.contact.email).join(', ');
  return filled(
    how,
    task.method === 'delivery' && task.address ? `${w.address}: ${task.address}` : null,
    `${w.shipDate}: ${formatDate(task.shipDate, locale)}`,
    task.items.length ? `${w.items}: ${task.items.map(line).join('; ')}` : null,
    contact ? `${w.contact}: ${contact}` : null,
  ).join('\n');
}
