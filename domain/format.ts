// Numbers and money for people, in the order's language: `1 234,50 ₽` in Russian, `RUB 1,234.50` in English.
import type { Locale } from './funnel.ts';

const LOCALE_TAG: Record<Locale, string> = { ru: 'ru-RU', en: 'en-GB' };

// An Intl formatter is costly to build and cheap to use, and mail and documents format many values per order:
// each kind is built once per key and kept for the process (in a workflow, which formats at every event, for the run).
const formats = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
export function kept<F extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, build: () => F): F {
  let format = formats.get(key) as F | undefined;
  if (!format) formats.set(key, (format = build()));
  return format;
}

export function formatMoney(minor: number, currency: string, locale: Locale): string {
  const format = kept(`money:${locale}:${currency}`, () => new Intl.NumberFormat(LOCALE_TAG[locale], { style: 'currency', currency, minimumFractionDigits: 2 }));
  return format.format(minor / 100);
}

/** A calendar date (`2026-12-05`) as people read it: `05.12.2026` in Russian, `05/12/2026` in English, as on the PDF. */
export function formatDate(isoDate: string, locale: Locale): string {
  const [year, month, day] = isoDate.split('-').map(Number);
  if (!year || !month || !day) return isoDate;
  // the date has no time of day: formatted at UTC midnight in UTC, so no zone can move it to another day
  const format = kept(`date:${locale}`, () => new Intl.DateTimeFormat(LOCALE_TAG[locale], { timeZone: 'UTC', day: '2-digit', month: '2-digit', year: 'numeric' }));
  return format.format(Date.UTC(year, month - 1, day));
}

/** An instant as people read it in `timeZone`, short: `05.12.2026, 18:00` in Russian. */
export function formatDateTime(iso: string, locale: Locale, timeZone: string): string {
  const format = kept(`datetime:${locale}:${timeZone}`, () => new Intl.DateTimeFormat(LOCALE_TAG[locale], { timeZone, dateStyle: 'short', timeStyle: 'short' }));
  return format.format(new Date(iso));
}

/** The calendar year of `at` in the company's time zone: order and invoice numbers restart with it. */
export function yearIn(timeZone: string, at: Date): number {
  return Number(kept(`year:${timeZone}`, () => new Intl.DateTimeFormat('en', { timeZone, year: 'numeric' })).format(at));
}

export function formatNumber(kind: 'order' | 'invoice', year: number, sequence: number): string {
  return `${kind === 'invoice' ? 'INV-' : ''}${year}-${String(sequence).padStart(5, '0')}`;
}
