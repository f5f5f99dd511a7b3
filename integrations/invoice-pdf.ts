// The invoice as a document: a Russian "счёт на оплату" rendered with pdfkit. DejaVu Sans is embedded
// because the standard PDF fonts have no Cyrillic.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import type { InvoiceRow } from '../db/schema.ts';
import { dateIn } from '../domain/calendar.ts';
import { amountInWords } from '../domain/amount-in-words.ts';
import { formatMoney } from '../domain/format.ts';
import { invoicePurpose, PaymentQrError, paymentQrPayload } from '../domain/payment-qr.ts';
import { type VatLine, vatByRate, vatInPart } from '../domain/vat-split.ts';
import { drawBankBox, drawQrCode, type Seller } from './invoice-pdf-blocks.ts';

export type { Seller } from './invoice-pdf-blocks.ts';

const require = createRequire(import.meta.url);
const FONT = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
const FONT_BOLD = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf');

/** What pdfkit needs of a parsed font; pdfkit (0.20) takes a fontkit font where it would take a file. */
interface ParsedFont {
  layout(text: string): unknown;
}
const fontkit = require('fontkit') as { create(data: Uint8Array): ParsedFont };

/**
 * DejaVu parsed once per process. Given a path, pdfkit reads the file and fontkit decodes its tables again for
 * every document (2.4 of 3.8 s of the invoices in a profiled benchmark run); a parsed font keeps the decoded
 * tables and glyphs, and each document still embeds only its own subset.
 */
let fonts: { regular: ParsedFont; bold: ParsedFont } | undefined;
function parsedFonts() {
  fonts ??= { regular: fontkit.create(readFileSync(FONT)), bold: fontkit.create(readFileSync(FONT_BOLD)) };
  return fonts;
}

export interface InvoiceDocument {
  number: string;
  issuedAt: Date;
  dueDate: string;
  kind: 'prepayment' | 'postpayment';
  currency: string;
  orderNumber: string;
  seller: Seller;
  buyer: { name: string; company: string | null; inn: string | null; email: string | null; phone: string | null };
  rows: InvoiceRow[];
  /** What this invoice asks for: the prepayment, or what is still due after production. */
  amountToPay: number;
  paymentUrl: string | null;
  timezone: string;
}

const money = (minor: number, currency: string) => formatMoney(minor, currency, 'ru').replace(/\s?(₽|[A-Z]{3}|\p{Sc})$/u, '');
const CURRENCY_WORD: Record<string, string> = { RUB: 'руб.' };
const UNIT_WORD: Record<string, string> = { pcs: 'шт', pc: 'шт', kg: 'кг', m: 'м', m2: 'м²', m3: 'м³', set: 'компл.', pack: 'уп.' };
const quantity = (milli: number) => new Intl.NumberFormat('ru-RU', { maximumFractionDigits: 3 }).format(milli / 1000);
const ruDate = (isoDate: string) => isoDate.split('-').reverse().join('.');

/** The VAT lines under an amount, one per rate ("В том числе НДС 22%: …"); "Без налога (НДС)" when no row carries VAT. */
function vatLines(lines: VatLine[]): { label: string; vat: number | null }[] {
  const taxed = lines.filter((line) => line.rate !== null);
  if (taxed.length === 0) return [{ label: 'Без налога (НДС)', vat: null }];
  return taxed.map((line) => ({ label: `В том числе НДС ${line.rate}%`, vat: line.vat }));
}

/** The ГОСТ Р 56042-2014 payload asking for this invoice's amount; undefined when a detail does not fit the standard. */
export function invoiceQrPayload(doc: Pick<InvoiceDocument, 'seller' | 'amountToPay' | 'number'>): string | undefined {
  const { seller } = doc;
  try {
    return paymentQrPayload({
      name: seller.name,
      personalAcc: seller.account,
      bankName: seller.bank,
      bic: seller.bik,
      correspAcc: seller.corrAccount,
      payeeInn: seller.inn,
      kpp: seller.kpp,
      sum: doc.amountToPay,
      purpose: invoicePurpose(doc.number),
    });
  } catch (error) {
    if (error instanceof PaymentQrError) return undefined;
    throw error;
  }
}

/** Renders the invoice; resolves with the PDF's bytes. */
export function renderInvoicePdf(doc: InvoiceDocument): Promise<Buffer> {
  const pdf = new PDFDocument({ size: 'A4', margin: 40, info: { Title: `Счёт на оплату № ${doc.number}`, Author: doc.seller.name } });
  const { regular, bold } = parsedFonts();
  // @types/pdfkit does not know pdfkit's fontkit-font source
  pdf.registerFont('regular', regular as unknown as PDFKit.Mixins.PDFFontSource);
  pdf.registerFont('bold', bold as unknown as PDFKit.Mixins.PDFFontSource);
  const chunks: Buffer[] = [];
  pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });

  const left = pdf.page.margins.left;
  const width = pdf.page.width - pdf.page.margins.left - pdf.page.margins.right;
  const { seller, buyer } = doc;

  // the bank details grid, and the payment QR code beside it when the amount is in roubles (the standard's
  // sum is in kopecks of roubles); a seller detail the standard cannot carry leaves the code out, not the invoice
  const qrSize = 110;
  const top = pdf.y;
  let headBottom = drawBankBox(pdf, seller, left, top, width - qrSize - 15);
  const qr = doc.currency === 'RUB' ? invoiceQrPayload(doc) : undefined;
  if (qr) headBottom = Math.max(headBottom, drawQrCode(pdf, qr, left + width - qrSize, top, qrSize));
  pdf.x = left;
  pdf.y = headBottom + 12;

  const issued = ruDate(dateIn(doc.timezone, doc.issuedAt));
  pdf.font('bold').fontSize(14).text(`Счёт на оплату № ${doc.number} от ${issued}`, { width });
  pdf.moveTo(left, pdf.y + 2).lineTo(left + width, pdf.y + 2).stroke();
  pdf.moveDown(0.8);

  pdf.font('regular').fontSize(9);
  pdf.text(`Поставщик: ${seller.name}, ИНН ${seller.inn}, КПП ${seller.kpp}, ${seller.address}`, { width });
  pdf.moveDown(0.3);
  const buyerLine = [buyer.company ?? buyer.name, buyer.company ? buyer.name : null, buyer.inn ? `ИНН ${buyer.inn}` : null, buyer.email, buyer.phone]
    .filter(Boolean)
    .join(', ');
  pdf.text(`Покупатель: ${buyerLine}`, { width });
  pdf.text(`Основание: заказ № ${doc.orderNumber}`, { width });
  pdf.moveDown(0.8);

  // the rows: №, name, quantity, unit, price, amount, VAT rate, VAT
  const columns = [
    { title: '№', width: 22, align: 'right' as const },
    { title: 'Товар', width: 173, align: 'left' as const },
    { title: 'Кол-во', width: 45, align: 'right' as const },
    { title: 'Ед.', width: 30, align: 'left' as const },
    { title: 'Цена', width: 70, align: 'right' as const },
    { title: 'Сумма', width: 75, align: 'right' as const },
    { title: 'НДС', width: 45, align: 'right' as const },
    { title: 'Сумма НДС', width: 55, align: 'right' as const },
  ];
  const drawRow = (cells: string[], font: 'regular' | 'bold') => {
    pdf.font(font).fontSize(8);
    const top = pdf.y;
    let x = left;
    let bottom = top;
    cells.forEach((cell, i) => {
      const column = columns[i]!;
      pdf.text(cell, x + 2, top + 3, { width: column.width - 4, align: column.align });
      bottom = Math.max(bottom, pdf.y);
      x += column.width;
    });
    const height = bottom - top + 3;
    x = left;
    for (const column of columns) {
      pdf.rect(x, top, column.width, height).stroke();
      x += column.width;
    }
    pdf.x = left;
    pdf.y = top + height;
  };
  drawRow(columns.map((c) => c.title), 'bold');
  doc.rows.forEach((row, index) =>
    drawRow(
      [
        String(index + 1),
        row.discountHundredths ? `${row.name} (скидка ${row.discountHundredths / 100}%)` : row.name,
        quantity(row.quantityMilli),
        UNIT_WORD[row.unit] ?? row.unit,
        money(row.price, doc.currency),
        money(row.amount, doc.currency),
        row.vatRate === null ? 'без НДС' : `${row.vatRate}%`,
        row.vatRate === null ? '—' : money(row.vat, doc.currency),
      ],
      'regular',
    ),
  );

  const total = doc.rows.reduce((sum, row) => sum + row.amount, 0);
  const currencyWord = CURRENCY_WORD[doc.currency] ?? doc.currency;
  pdf.moveDown(0.8);
  const summary = (label: string, value: string, font: 'regular' | 'bold' = 'regular') =>
    pdf.font(font).fontSize(10).text(`${label}: ${value}`, left, pdf.y, { width, align: 'right' });
  // the order's VAT stays beside the order's total; what this invoice asks for states the VAT of that part
  summary('Итого', money(total, doc.currency));
  const vatSummary = (lines: VatLine[]) => vatLines(lines).forEach(({ label, vat }) => summary(label, vat === null ? '—' : money(vat, doc.currency)));
  vatSummary(vatByRate(doc.rows));
  const part = doc.amountToPay !== total && doc.amountToPay > 0 && doc.amountToPay < total;
  if (part) summary(doc.kind === 'prepayment' ? 'Предоплата по заказу' : 'Остаток к оплате по заказу', money(doc.amountToPay, doc.currency));
  summary('Всего к оплате', `${money(doc.amountToPay, doc.currency)} ${currencyWord}`, 'bold');
  if (part) vatSummary(vatInPart(doc.rows, doc.amountToPay));
  pdf.moveDown(0.8);

  pdf.font('regular').fontSize(9);
  pdf.text(`Всего наименований ${doc.rows.length}, на сумму ${money(total, doc.currency)} ${currencyWord}`, left, pdf.y, { width });
  if (doc.currency === 'RUB') pdf.font('bold').text(`К оплате: ${amountInWords(doc.amountToPay)}`, { width }).font('regular');
  pdf.text(`Оплатить до ${ruDate(doc.dueDate)}.`, { width });
  if (doc.paymentUrl) {
    pdf.moveDown(0.5);
    pdf.text('Оплатить картой онлайн: ', { continued: true, width });
    pdf.fillColor('#1a5fb4').text(doc.paymentUrl, { link: doc.paymentUrl, underline: true });
    pdf.fillColor('black');
  }
  pdf.moveDown(2);
  pdf.text(`Руководитель ____________________        Бухгалтер ____________________`, { width });
  pdf.end();
  return done;
}

/** The document of a stored invoice, as staff, the client's link and the invoice e-mail all get it. */
export function renderStoredInvoice(
  config: { seller: Seller; timezone: string },
  found: {
    invoice: { number: string; issuedAt: Date; dueDate: string; kind: string; currency: string; rows: InvoiceRow[]; amount: number };
    order: { number: string; customer: InvoiceDocument['buyer'] };
  },
  paymentUrl: string,
): Promise<Buffer> {
  const { invoice, order } = found;
  return renderInvoicePdf({
    number: invoice.number,
    issuedAt: invoice.issuedAt,
    dueDate: invoice.dueDate,
    kind: invoice.kind as InvoiceDocument['kind'],
    currency: invoice.currency,
    orderNumber: order.number,
    seller: config.seller,
    buyer: order.customer,
    rows: invoice.rows,
    amountToPay: invoice.amount,
    paymentUrl,
    timezone: config.timezone,
  });
}
