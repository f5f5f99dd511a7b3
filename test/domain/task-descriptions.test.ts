import { describe, expect, it } from 'vitest';
import { deliveryDescription, productionDescription } from '../../domain/task-descriptions.ts';

const chair = { name: 'Стул', quantityMilli: 2000, unit: 'шт' };
const table = { name: 'Стол дубовый', quantityMilli: 1500, unit: 'м' };
const deadline = '2026-12-04T15:00:00.000Z';

describe('a production task’s description', () => {
  it.each([
    ['ru, with the order’s comment', 'ru', '  покрыть лаком  ', 'Позиция: Стул × 2 шт\nКомментарий к заказу: покрыть лаком\nСрок: 04.12.2026, 18:00'],
    ['ru, without a comment', 'ru', null, 'Позиция: Стул × 2 шт\nСрок: 04.12.2026, 18:00'],
    ['en, a blank comment is left out', 'en', '   ', 'Item: Стул × 2 шт\nDeadline: 04/12/2026, 18:00'],
  ] as const)('%s', (_what, locale, comment, expected) => {
    expect(productionDescription(locale, { item: chair, comment, deadline, timeZone: 'Europe/Moscow' })).toBe(expected);
  });
});

describe('a delivery task’s description', () => {
  const contact = { name: 'Иван', phone: '+7 900 000-00-00', email: 'ivan@example.com' };
  it.each([
    [
      'ru, by a carrier',
      'ru',
      { method: 'delivery', carrier: 'Деловые линии', address: 'Москва, ул. Ленина, 1', shipDate: '2026-12-07', items: [chair, table], contact },
      'Доставка, перевозчик: Деловые линии\nАдрес: Москва, ул. Ленина, 1\nДата отгрузки: 07.12.2026\nПозиции: Стул × 2 шт; Стол дубовый × 1.5 м\nКонтакт клиента: Иван, +7 900 000-00-00, ivan@example.com',
    ],
    [
      'en, pickup without a phone',
      'en',
      { method: 'pickup', carrier: null, address: null, shipDate: '2026-12-07', items: [chair], contact: { name: 'Ivan', email: 'ivan@example.com' } },
      'Pickup\nShip date: 07/12/2026\nItems: Стул × 2 шт\nClient contact: Ivan, ivan@example.com',
    ],
  ] as const)('%s', (_what, locale, task, expected) => {
    expect(deliveryDescription(locale, { ...task, items: [...task.items] })).toBe(expected);
  });
});
