// The engine's reasons for kept money, as the accountant's page says them in Russian.
import { describe, expect, it } from 'vitest';
import { reasonRu } from '../../web/reasons.ts';

describe('reasonRu', () => {
  it.each([
    ['no invoice INV-2026-00009', 'счёта INV-2026-00009 у нас нет'],
    ['13 000,00 ₽ is more than invoice INV-2026-00001 still asks (7 500,00 ₽)', '13 000,00 ₽ — больше, чем ещё ждёт счёт INV-2026-00001 (7 500,00 ₽)'],
    ['invoice INV-2026-00001 is paid and asks for nothing more: 500,00 ₽ came', 'счёт INV-2026-00001 уже оплачен, а пришло 500,00 ₽'],
    ['invoice INV-2026-00001 is cancelled and asks for nothing more: 500,00 ₽ came', 'счёт INV-2026-00001 отменён, а пришло 500,00 ₽'],
    ['order 2026-00042 is closed', 'заказ 2026-00042 закрыт'],
    ['Сумма "1e9" is not a positive amount in roubles; ПлательщикСчет is missing', 'Сумма «1e9» — не сумма в рублях больше нуля; нет поля ПлательщикСчет'],
    ['something new', 'something new'],
  ])('%s', (english, russian) => {
    expect(reasonRu(english)).toBe(russian);
  });
});
