// Numbers, money and dates for people, through Intl in the reader's language and the company's time zone.
import type { Locale } from '../domain/funnel.ts';

const TAGS: Record<Locale, string> = { ru: 'ru-RU', en: 'en-GB' };

export interface Formatter {
  money(minorUnits: number, currency?: string): string;
  number(value: number): string;
  dateTime(value: Date | string): string;
  date(value: string): string;
  /** The calendar day of a moment, in the company's time zone. */
  day(value: Date | string): string;
  percent(value: number): string;
  /** A month as `YYYY-MM`. */
  month(value: string): string;
}

export function formatter(locale: Locale, timeZone: string): Formatter {
  const tag = TAGS[locale];
  const moneyFormats = new Map<string, Intl.NumberFormat>();
  const numberFormat = new Intl.NumberFormat(tag, { maximumFractionDigits: 3 });
  const percentFormat = new Intl.NumberFormat(tag, { style: 'percent', maximumFractionDigits: 1 });
  const dateTimeFormat = new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeStyle: 'short', timeZone });
  // a calendar date has no time zone of its own: read it at noon UTC so no zone moves it to another day
  const dateFormat = new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeZone: 'UTC' });
  const dayFormat = new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeZone });
  const monthFormat = new Intl.DateTimeFormat(tag, { month: 'long', year: 'numeric', timeZone: 'UTC' });
  return {
    money(minorUnits, currency = 'RUB') {
      let format = moneyFormats.get(currency);
      if (!format) moneyFormats.set(currency, (format = new Intl.NumberFormat(tag, { style: 'currency', currency })));
      return format.format(minorUnits / 100);
    },
    number: (value) => numberFormat.format(value),
    dateTime: (value) => dateTimeFormat.format(typeof value === 'string' ? new Date(value) : value),
    date: (value) => dateFormat.format(new Date(`${value}T12:00:00Z`)),
    day: (value) => dayFormat.format(typeof value === 'string' ? new Date(value) : value),
    percent: (value) => percentFormat.format(value / 100),
    month: (value) => monthFormat.format(new Date(`${value}-15T12:00:00Z`)),
  };
}

/** Rubles as typed by a person ("12 500,50") in kopecks; undefined when it is not an amount. */
export function parseMoney(text: string): number | undefined {
  const cleaned = text.replace(/[\s\u00a0₽]/g, '').replace(',', '.');
  if (!/^\d{1,13}(\.\d{1,2})?$/.test(cleaned)) return undefined;
  return Math.round(Number(cleaned) * 100);
}

/** A decimal as typed by a person, with a comma or a point. */
export function parseDecimal(text: string): number | undefined {
  const cleaned = text.replace(/[\s\u00a0]/g, '').replace(',', '.');
  if (!/^-?\d+(\.\d+)?$/.test(cleaned)) return undefined;
  return Number(cleaned);
}
