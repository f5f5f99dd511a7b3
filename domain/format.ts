// Numbers and money for people, in the order's language: `1 234,50 ₽` in Russian, `RUB 1,234.50` in English.
import type { Locale } from './funnel.ts';

const LOCALE_TAG: Record<Locale, string> = { ru: 'ru-RU', en: 'en-GB' };

export function formatMoney(minor: number, currency: string, locale: Locale): string {
  return new Intl.NumberFormat(LOCALE_TAG[locale], { style: 'currency', currency, minimumFractionDigits: 2 }).format(minor / 100);
}

/** A calendar date (`2026-12-05`) as people read it: `05.12.2026` in Russian, `05/12/2026` in English, as on the PDF. */
export function formatDate(isoDate: string, locale: Locale): string {
  const [year, month, day] = isoDate.split('-').map(Number);
  if (!year || !month || !day) return isoDate;
  // the date has no time of day: formatted at UTC midnight in UTC, so no zone can move it to another day
  return new Intl.DateTimeFormat(LOCALE_TAG[locale], { timeZone: 'UTC', day: '2-digit', month: '2-digit', year: 'numeric' }).format(Date.UTC(year, month - 1, day));
}

/** The calendar year of `at` in the company's time zone: order and invoice numbers restart with it. */
export function yearIn(timeZone: string, at: Date): number {
  return Number(new Intl.DateTimeFormat('en', { timeZone, year: 'numeric' }).format(at));
}

export function formatNumber(kind: 'order' | 'invoice', year: number, sequence: number): string {
  return `${kind === 'invoice' ? 'INV-' : ''}${year}-${String(sequence).padStart(5, '0')}`;
}
