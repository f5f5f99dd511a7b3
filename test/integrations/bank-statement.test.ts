import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BankStatementError, documentKey, invoiceNumbersIn, kopecksOf, parseBankStatement } from '../../integrations/bank-statement.ts';

const SELLER = '40702810000000000001';
const fixture = (name: string) => readFileSync(new URL(`../fixtures/bank-statements/${name}`, import.meta.url));
const utf8 = (text: string) => new TextEncoder().encode(text.split('\n').join('\r\n'));

describe('parseBankStatement reads the real exported files', () => {
  it.each([
    ['statement-windows-1251.txt', 'windows-1251'],
    ['statement-dos.txt', 'ibm866'],
    ['statement-utf-8.txt', 'utf-8'],
  ])('%s by its Кодировка line', (file, encoding) => {
    const statement = parseBankStatement(fixture(file), SELLER);
    expect(statement.encoding).toBe(encoding);
    expect(statement.formatVersion).toBe('1.03');
    expect(statement.accounts).toEqual([SELLER]);
    expect(
      statement.documents.map((d) => ({
        index: d.index,
        number: d.number,
        date: d.date,
        amount: d.amount,
        direction: d.direction,
        invoices: d.invoiceNumbers,
        duplicateOf: d.duplicateOf,
      })),
    ).toEqual([
      { index: 1, number: '512', date: '2026-12-01', amount: 20_000, direction: 'incoming', invoices: ['INV-2026-00001'], duplicateOf: null },
      { index: 2, number: '77', date: '2026-12-01', amount: 100_000, direction: 'incoming', invoices: [], duplicateOf: null },
      { index: 3, number: '512', date: '2026-12-01', amount: 20_000, direction: 'incoming', invoices: ['INV-2026-00001'], duplicateOf: 1 },
      { index: 5, number: '9', date: '2026-12-01', amount: 19_500, direction: 'outgoing', invoices: ['INV-2026-00001'], duplicateOf: null },
      { index: 6, number: '1', date: '2026-12-01', amount: 38_550, direction: 'incoming', invoices: ['INV-2026-00002'], duplicateOf: null },
    ]);
    expect(statement.malformed).toEqual([
      { index: 4, line: expect.any(Number), number: '13', reason: 'Сумма "12,5,0" is not a positive amount in roubles' },
      { index: 7, line: expect.any(Number), number: '14', reason: 'ПлательщикСчет is missing; Дата "31.02.2026" is not a date dd.mm.yyyy; ДатаПоступило "31.02.2026" is not a date dd.mm.yyyy' },
    ]);
    const first = statement.documents[0]!;
    expect(first.payer).toEqual({ account: '40702810900000000512', inn: '7701234567', name: expect.stringMatching(/^ООО .Ромашка.$/u) });
    expect(first.payee.account).toBe(SELLER);
    expect(first.receivedOn).toBe('2026-12-01');
    expect(first.purpose).toMatch(/^Оплата по счёту № INV-2026-00001 от 28\.11\.2026/u);
    expect(statement.documents[1]!.payer).toEqual({ account: '40817810100000000077', inn: null, name: 'Иванов Иван Иванович' });
    expect(statement.documents[3]!.debitedOn).toBe('2026-12-01');
  });

  it('reads the same documents from every encoding', () => {
    const [cp1251, dos, utf] = ['statement-windows-1251.txt', 'statement-dos.txt', 'statement-utf-8.txt'].map((f) => parseBankStatement(fixture(f), SELLER));
    // DOS has no «», so its names carry plain quotes
    const withoutQuotes = (s: typeof utf) => JSON.stringify(s!.documents).replace(/«|»|\\"/gu, '');
    expect(withoutQuotes(cp1251)).toBe(withoutQuotes(utf));
    expect(withoutQuotes(dos)).toBe(withoutQuotes(utf));
  });

  it('classifies by the seller account it is given: another account sees neither incoming nor outgoing', () => {
    const statement = parseBankStatement(fixture('statement-utf-8.txt'), '40702810999999999999');
    expect(new Set(statement.documents.map((d) => d.direction))).toEqual(new Set(['other']));
  });
});

describe('parseBankStatement refuses a file it cannot read as a whole', () => {
  it.each([
    ['not the format', 'Hello\nКодировка=UTF-8\n', /does not start with 1CClientBankExchange/],
    ['no encoding line', '1CClientBankExchange\nВерсияФормата=1.03\n', /no "Кодировка=" line/],
    ['an unknown encoding', '1CClientBankExchange\nКодировка=KOI8-R\n', /unknown encoding "Кодировка=KOI8-R"/],
    ['an encoding it is not written in', '1CClientBankExchange\nКодировка=Windows\n', /says Кодировка=Windows but is written in utf-8/],
  ])('%s', (_, text, message) => {
    expect(() => parseBankStatement(utf8(text), SELLER)).toThrow(BankStatementError);
    expect(() => parseBankStatement(utf8(text), SELLER)).toThrow(message);
  });

  it('reports a document with a bad account or a control character, and reads the next one', () => {
    const doc = (fields: string[]) => ['СекцияДокумент=Платежное поручение', 'Дата=01.12.2026', 'Сумма=10', `ПолучательСчет=${SELLER}`, ...fields, 'КонецДокумента'];
    const text = [
      '1CClientBankExchange',
      'Кодировка=UTF-8',
      ...doc(['Номер=1', 'ПлательщикСчет=4070281090000000051']),
      ...doc(['Номер=2\u0000', 'ПлательщикСчет=40702810900000000512']),
      ...doc(['Номер=3', 'ПлательщикСчет=40702810900000000512', 'НазначениеПлатежа=Оплата\tпо счёту']),
    ].join('\n');
    const statement = parseBankStatement(utf8(text), SELLER);
    expect(statement.malformed.map((m) => [m.index, m.reason])).toEqual([
      [1, 'ПлательщикСчет "4070281090000000051" is not a 20-digit account'],
      [2, 'Номер contains a control character'],
    ]);
    expect(statement.documents.map((d) => [d.index, d.purpose])).toEqual([[3, 'Оплата\tпо счёту']]);
  });

  it('keeps the documents before a document cut off at the end of the file', () => {
    const text = [
      '\uFEFF1CClientBankExchange',
      'Кодировка=UTF-8',
      'СекцияДокумент=Банковский ордер',
      'Номер=5',
      'Дата=01.12.2026',
      'Сумма=10',
      'ПлательщикСчет=40702810900000000512',
      `ПолучательСчет=${SELLER}`,
      'КонецДокумента',
      'СекцияДокумент=Платежное поручение',
      'Номер=6',
    ].join('\n');
    const statement = parseBankStatement(utf8(text), SELLER);
    expect(statement.documents.map((d) => [d.kind, d.number, d.amount])).toEqual([['Банковский ордер', '5', 1000]]);
    expect(statement.malformed).toEqual([{ index: 2, line: 10, number: '6', reason: expect.stringContaining('the document has no КонецДокумента') }]);
  });
});

describe('amounts and invoice numbers', () => {
  it.each([
    ['200.00', 20_000],
    ['200', 20_000],
    ['0.01', 1],
    ['385,5', 38_550],
    ['999999999.99', 99_999_999_999],
    ['1 000.00', undefined],
    ['-5.00', undefined],
    ['1.005', undefined],
    ['1e3', undefined],
    ['', undefined],
  ])('Сумма=%s is %s kopecks', (text, kopecks) => {
    expect(kopecksOf(text)).toBe(kopecks);
  });

  it.each([
    ['Оплата по счёту № INV-2026-00012 от 01.12.2026', ['INV-2026-00012']],
    ['оплата inv 2026-12, inv-2026-00012 и INV-2025-00003', ['INV-2026-00012', 'INV-2025-00003']],
    ['Оплата по счету №INV2026 7', ['INV-2026-00007']],
    ['Счёт 2026-00012 без префикса', []],
    ['XINV-2026-00012 и INV-2026-00012345', ['INV-2026-12345']],
    ['INV-2026-00012 от 01.12.2026 В т.ч. НДС 22% - 36.07', ['INV-2026-00012']],
  ])('%s names %j', (purpose, numbers) => {
    expect(invoiceNumbersIn(purpose)).toEqual(numbers);
  });

  it('keys a document by number, date and payer account', () => {
    expect(documentKey({ number: '512', date: '2026-12-01', payer: { account: '40702810900000000512', inn: null, name: '' } })).toBe(
      '512|2026-12-01|40702810900000000512',
    );
  });
});
