// The bank statement as client-bank systems and 1C export it: the `1CClientBankExchange` text file.
// Its `Кодировка` line says how the rest is encoded (Windows-1251, DOS code page 866 or UTF-8); Node's
// built-in ICU decodes all three, so no decoder library is needed. A malformed document is reported with
// its reason and the rest of the file is still read: one bad line must not hide the day's other payments.
import { formatNumber } from '../domain/format.ts';

export type StatementEncoding = 'windows-1251' | 'ibm866' | 'utf-8';

export interface StatementParty {
  account: string;
  inn: string | null;
  name: string;
}

export interface StatementDocument {
  /** Position of the document in the file, from 1. */
  index: number;
  line: number;
  kind: string;
  number: string;
  /** ISO date of the document. */
  date: string;
  /** Kopecks. */
  amount: number;
  payer: StatementParty;
  payee: StatementParty;
  purpose: string;
  /** Money to the seller's account, from it, or a document between others. */
  direction: 'incoming' | 'outgoing' | 'other';
  receivedOn: string | null;
  debitedOn: string | null;
  /** Our invoice numbers found in the purpose, as we write them (INV-2026-00012). */
  invoiceNumbers: string[];
  /** The index of an earlier document of this file with the same number, date and payer account. */
  duplicateOf: number | null;
}

export interface MalformedDocument {
  index: number;
  line: number;
  number: string | null;
  reason: string;
}

export interface BankStatement {
  encoding: StatementEncoding;
  formatVersion: string | null;
  /** The accounts the statement covers (`РасчСчет` of its header). */
  accounts: string[];
  documents: StatementDocument[];
  malformed: MalformedDocument[];
}

/** The file as a whole cannot be read: not this format, or an encoding it does not declare. */
export class BankStatementError extends Error {
  override name = 'BankStatementError';
}

const HEADER = '1CClientBankExchange';
const ENCODINGS: Record<string, StatementEncoding> = { windows: 'windows-1251', dos: 'ibm866', 'utf-8': 'utf-8', utf8: 'utf-8' };

/** Reads the `Кодировка` line in whichever encoding makes it legible, then decodes the file by what it says. */
function decode(bytes: Uint8Array): { text: string; encoding: StatementEncoding } {
  for (const legible of ['utf-8', 'windows-1251', 'ibm866'] as const) {
    const text = new TextDecoder(legible).decode(bytes);
    const declared = /^Кодировка=(.*)$/mu.exec(text)?.[1]?.trim();
    if (declared === undefined) continue;
    const encoding = ENCODINGS[declared.toLowerCase()];
    if (!encoding) throw new BankStatementError(`unknown encoding "Кодировка=${declared}": expected Windows, DOS or UTF-8`);
    if (encoding !== legible) throw new BankStatementError(`the file says Кодировка=${declared} but is written in ${legible}`);
    return { text, encoding };
  }
  throw new BankStatementError('no "Кодировка=" line: cannot tell how the file is encoded');
}

const DATE = /^(\d{2})\.(\d{2})\.(\d{4})$/;

/** dd.mm.yyyy to an ISO date; undefined when it is no calendar date. */
function isoDate(value: string): string | undefined {
  const match = DATE.exec(value);
  if (!match) return undefined;
  const [, day, month, year] = match;
  const iso = `${year}-${month}-${day}`;
  const parsed = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(iso) ? iso : undefined;
}

/** "1234.5" to 123450 kopecks by its digits, never through a float. */
export function kopecksOf(value: string): number | undefined {
  const match = /^(\d{1,13})(?:[.,](\d{1,2}))?$/.exec(value);
  if (!match) return undefined;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

/** Our invoice numbers in a payment purpose, however the payer spaced or shortened them ("inv 2026-12"). */
export function invoiceNumbersIn(purpose: string): string[] {
  const found = [...purpose.matchAll(/(?<![\p{L}\p{N}])INV[\s-]*(\d{4})[\s-]+(\d{1,9})(?!\p{N})/giu)];
  return [...new Set(found.map((match) => formatNumber('invoice', Number(match[1]), Number(match[2]))))];
}

/** What makes a document the same document again, however often the statement is loaded. */
export const documentKey = (doc: Pick<StatementDocument, 'number' | 'date' | 'payer'>) => `${doc.number}|${doc.date}|${doc.payer.account}`;

interface Section {
  line: number;
  kind: string;
  fields: Map<string, string>;
  closed: boolean;
}

function readDocument(section: Section, index: number, sellerAccount: string): StatementDocument | MalformedDocument {
  const field = (name: string) => section.fields.get(name)?.trim() ?? '';
  const problems: string[] = [];
  const required = (name: string) => {
    const value = field(name);
    if (!value) problems.push(`${name} is missing`);
    return value;
  };
  const number = required('Номер');
  const rawDate = required('Дата');
  const rawAmount = required('Сумма');
  const payerAccount = required('ПлательщикСчет');
  const payeeAccount = required('ПолучательСчет');
  for (const name of ['ПлательщикСчет', 'ПолучательСчет'] as const) {
    const account = field(name);
    if (account && !/^\d{20}$/.test(account)) problems.push(`${name} "${account}" is not a 20-digit account`);
  }
  // such characters end up in stored keys and names, where PostgreSQL refuses NUL outright
  for (const [name, value] of section.fields) if (/[\0-\x08\n-\x1f\x7f-\x9f]/.test(value)) problems.push(`${name} contains a control character`);
  const date = rawDate ? isoDate(rawDate) : undefined;
  if (rawDate && !date) problems.push(`Дата "${rawDate}" is not a date dd.mm.yyyy`);
  const amount = rawAmount ? kopecksOf(rawAmount) : undefined;
  if (rawAmount && (amount === undefined || amount === 0)) problems.push(`Сумма "${rawAmount}" is not a positive amount in roubles`);
  const optionalDate = (name: string) => {
    const value = field(name);
    if (!value) return null;
    const iso = isoDate(value);
    if (!iso) problems.push(`${name} "${value}" is not a date dd.mm.yyyy`);
    return iso ?? null;
  };
  const receivedOn = optionalDate('ДатаПоступило');
  const debitedOn = optionalDate('ДатаСписано');
  if (!section.closed) problems.push('the document has no КонецДокумента');
  if (problems.length > 0 || !date || amount === undefined) return { index, line: section.line, number: number || null, reason: problems.join('; ') };

  const party = (prefix: 'Плательщик' | 'Получатель', account: string): StatementParty => {
    const inn = field(`${prefix}ИНН`);
    return { account, inn: inn && inn !== '0' ? inn : null, name: field(`${prefix}1`) || field(prefix) };
  };
  const incoming = payeeAccount === sellerAccount;
  const outgoing = payerAccount === sellerAccount;
  const purpose = field('НазначениеПлатежа');
  return {
    index,
    line: section.line,
    kind: section.kind,
    number,
    date,
    amount,
    payer: party('Плательщик', payerAccount),
    payee: party('Получатель', payeeAccount),
    purpose,
    direction: incoming === outgoing ? 'other' : incoming ? 'incoming' : 'outgoing',
    receivedOn,
    debitedOn,
    invoiceNumbers: invoiceNumbersIn(purpose),
    duplicateOf: null,
  };
}

/** Reads a statement file; `sellerAccount` is the account whose incoming and outgoing money we keep. */
export function parseBankStatement(bytes: Uint8Array, sellerAccount: string): BankStatement {
  const { text, encoding } = decode(bytes);
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (lines[0]?.trim() !== HEADER) throw new BankStatementError(`the file does not start with ${HEADER}`);

  const header = new Map<string, string[]>();
  const sections: Section[] = [];
  let open: Section | undefined;
  let inAccountSection = false;
  lines.forEach((raw, i) => {
    const line = raw.trim();
    const at = line.indexOf('=');
    const [key, value] = at < 0 ? [line, ''] : [line.slice(0, at), line.slice(at + 1)];
    if (key === 'СекцияДокумент') {
      if (open) sections.push(open); // left unclosed: reported as malformed below
      open = { line: i + 1, kind: value.trim(), fields: new Map(), closed: false };
    } else if (key === 'КонецДокумента' && open) {
      sections.push({ ...open, closed: true });
      open = undefined;
    } else if (open) {
      if (at > 0) open.fields.set(key, value);
    } else if (key === 'СекцияРасчСчет' || key === 'КонецРасчСчет') {
      inAccountSection = key === 'СекцияРасчСчет';
    } else if (at > 0 && !inAccountSection) {
      header.set(key, [...(header.get(key) ?? []), value.trim()]);
    }
  });
  if (open) sections.push(open);

  const documents: StatementDocument[] = [];
  const malformed: MalformedDocument[] = [];
  const seen = new Map<string, number>();
  sections.forEach((section, i) => {
    const read = readDocument(section, i + 1, sellerAccount);
    if (!('direction' in read)) return void malformed.push(read);
    const key = documentKey(read);
    read.duplicateOf = seen.get(key) ?? null;
    if (read.duplicateOf === null) seen.set(key, read.index);
    documents.push(read);
  });
  return { encoding, formatVersion: header.get('ВерсияФормата')?.[0] ?? null, accounts: header.get('РасчСчет') ?? [], documents, malformed };
}
