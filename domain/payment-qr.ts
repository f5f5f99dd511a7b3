// The payment QR code of ГОСТ Р 56042-2014 that Russian banking apps scan to fill a payment order:
// `ST00012|Name=…|PersonalAcc=…|…`. "ST" + version "0001" + "2" declares the text UTF-8 encoded; `|`
// separates the fields. The standard has no escape for the separator, so a value holding `|` (or a line
// break, which some scanners cut at) is refused with the field's name rather than silently altered.

export interface PaymentQrFields {
  /** The payee as their bank knows them. */
  name: string;
  /** The payee's settlement account, 20 digits. */
  personalAcc: string;
  bankName: string;
  /** The bank's BIC, 9 digits. */
  bic: string;
  /** The bank's correspondent account, 20 digits. */
  correspAcc: string;
  payeeInn: string;
  kpp: string;
  /** Kopecks. */
  sum: number;
  purpose: string;
}

export class PaymentQrError extends Error {
  constructor(
    readonly field: string,
    reason: string,
  ) {
    super(`payment QR field ${field}: ${reason}`);
    this.name = 'PaymentQrError';
  }
}

export const PAYMENT_QR_HEADER = 'ST00012';

interface FieldRule {
  key: keyof PaymentQrFields;
  tag: string;
  maxLength: number;
  digits?: number | readonly number[];
}

// order, tags and lengths as in the standard's tables of required and additional fields
const RULES: readonly FieldRule[] = [
  { key: 'name', tag: 'Name', maxLength: 160 },
  { key: 'personalAcc', tag: 'PersonalAcc', maxLength: 20, digits: 20 },
  { key: 'bankName', tag: 'BankName', maxLength: 45 },
  { key: 'bic', tag: 'BIC', maxLength: 9, digits: 9 },
  { key: 'correspAcc', tag: 'CorrespAcc', maxLength: 20, digits: 20 },
  { key: 'payeeInn', tag: 'PayeeINN', maxLength: 12, digits: [10, 12] },
  { key: 'kpp', tag: 'KPP', maxLength: 9, digits: 9 },
  { key: 'sum', tag: 'Sum', maxLength: 18 },
  { key: 'purpose', tag: 'Purpose', maxLength: 210 },
];

function checked(rule: FieldRule, raw: string | number): string {
  if (rule.key === 'sum') {
    if (typeof raw !== 'number' || !Number.isSafeInteger(raw) || raw <= 0) throw new PaymentQrError(rule.tag, 'must be a positive whole number of kopecks');
    return String(raw);
  }
  const value = String(raw).trim();
  if (value === '') throw new PaymentQrError(rule.tag, 'is empty');
  if (value.includes('|')) throw new PaymentQrError(rule.tag, 'must not contain "|", the field separator');
  if (/\p{Cc}/u.test(value)) throw new PaymentQrError(rule.tag, 'must not contain line breaks or control characters');
  if ([...value].length > rule.maxLength) throw new PaymentQrError(rule.tag, `is longer than ${rule.maxLength} characters`);
  if (rule.digits !== undefined) {
    const lengths = typeof rule.digits === 'number' ? [rule.digits] : rule.digits;
    if (!/^\d+$/.test(value) || !lengths.includes(value.length)) throw new PaymentQrError(rule.tag, `must be ${lengths.join(' or ')} digits`);
  }
  return value;
}

/** The text to encode in the QR code (as UTF-8 bytes, which the header declares). */
export function paymentQrPayload(fields: PaymentQrFields): string {
  return [PAYMENT_QR_HEADER, ...RULES.map((rule) => `${rule.tag}=${checked(rule, fields[rule.key])}`)].join('|');
}

/** The fields of a payload, by tag, as a banking app reads them; throws on a text that is not ST00012. */
export function readPaymentQr(payload: string): Record<string, string> {
  const [header, ...pairs] = payload.split('|');
  if (header !== PAYMENT_QR_HEADER) throw new PaymentQrError('header', `expected ${PAYMENT_QR_HEADER}, got ${header}`);
  return Object.fromEntries(
    pairs.map((pair) => {
      const at = pair.indexOf('=');
      if (at <= 0) throw new PaymentQrError(pair, 'is not Tag=value');
      return [pair.slice(0, at), pair.slice(at + 1)];
    }),
  );
}

/** What the invoice asks the bank to write in the payment order. */
export const invoicePurpose = (invoiceNumber: string) => `Оплата по счёту № ${invoiceNumber}`;
