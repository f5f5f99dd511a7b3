// The total in words as Russian invoices and payment orders write it (the form of 1C's ЧислоПрописью):
// roubles in words with a capital first letter, kopecks as two digits, each noun agreeing with its number:
// "Одна тысяча двести рублей 50 копеек", "Ноль рублей 01 копейка".

/** 999 999 999,99 ₽: the largest amount an invoice of ours can carry in words. */
export const MAX_AMOUNT_IN_WORDS = 99_999_999_999;

type Forms = readonly [one: string, few: string, many: string];

const ONES_MASCULINE = ['', 'один', 'два', 'три', 'четыре', 'пять', 'шесть', 'семь', 'восемь', 'девять'];
const ONES_FEMININE = ['', 'одна', 'две', ...ONES_MASCULINE.slice(3)];
const TEENS = ['десять', 'одиннадцать', 'двенадцать', 'тринадцать', 'четырнадцать', 'пятнадцать', 'шестнадцать', 'семнадцать', 'восемнадцать', 'девятнадцать'];
const TENS = ['', '', 'двадцать', 'тридцать', 'сорок', 'пятьдесят', 'шестьдесят', 'семьдесят', 'восемьдесят', 'девяносто'];
const HUNDREDS = ['', 'сто', 'двести', 'триста', 'четыреста', 'пятьсот', 'шестьсот', 'семьсот', 'восемьсот', 'девятьсот'];

const ROUBLES: Forms = ['рубль', 'рубля', 'рублей'];
const KOPECKS: Forms = ['копейка', 'копейки', 'копеек'];
// thousands are feminine ("одна тысяча", "две тысячи"); millions and roubles masculine
const GROUPS: readonly { forms: Forms; feminine: boolean }[] = [
  { forms: ['миллион', 'миллиона', 'миллионов'], feminine: false },
  { forms: ['тысяча', 'тысячи', 'тысяч'], feminine: true },
];

/** The noun form a number takes: 1, 21 рубль; 2–4, 22 рубля; 0, 5–20, 25 рублей. */
export function pluralForm(n: number, forms: Forms): string {
  const lastTwo = n % 100;
  const last = n % 10;
  if (lastTwo >= 11 && lastTwo <= 14) return forms[2];
  if (last === 1) return forms[0];
  if (last >= 2 && last <= 4) return forms[1];
  return forms[2];
}

/** 0 … 999 in words; empty for 0. */
function triadWords(n: number, feminine: boolean): string[] {
  const words = [HUNDREDS[Math.floor(n / 100)]!];
  const rest = n % 100;
  if (rest >= 10 && rest < 20) words.push(TEENS[rest - 10]!);
  else words.push(TENS[Math.floor(rest / 10)]!, (feminine ? ONES_FEMININE : ONES_MASCULINE)[rest % 10]!);
  return words.filter(Boolean);
}

/** A whole number of roubles below a milliard in words, without the currency: "одна тысяча двести". */
export function integerInWords(n: number): string {
  if (n === 0) return 'ноль';
  const words: string[] = [];
  const divisors = [1_000_000, 1_000];
  GROUPS.forEach((group, i) => {
    const triad = Math.floor(n / divisors[i]!) % 1000;
    if (triad > 0) words.push(...triadWords(triad, group.feminine), pluralForm(triad, group.forms));
  });
  words.push(...triadWords(n % 1000, false));
  return words.join(' ');
}

/** An amount in kopecks (0 … 999 999 999,99 ₽) the way an accountant writes it on an invoice. */
export function amountInWords(kopecks: number): string {
  if (!Number.isSafeInteger(kopecks) || kopecks < 0 || kopecks > MAX_AMOUNT_IN_WORDS) {
    throw new RangeError(`amount in words needs whole kopecks from 0 to ${MAX_AMOUNT_IN_WORDS}, got ${kopecks}`);
  }
  const roubles = Math.floor(kopecks / 100);
  const cents = kopecks % 100;
  const words = `${integerInWords(roubles)} ${pluralForm(roubles, ROUBLES)} ${String(cents).padStart(2, '0')} ${pluralForm(cents, KOPECKS)}`;
  return words.charAt(0).toUpperCase() + words.slice(1);
}
