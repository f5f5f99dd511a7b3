// Two blocks of the invoice's head: the payee's bank details in the grid every Russian invoice opens with
// (the same grid a payment order has, so the accountant copies it field by field), and the ГОСТ Р 56042
// payment QR code beside it, drawn as vector squares so it stays sharp at any zoom or print resolution.
import QRCode from 'qrcode';

/** The seller's details as the invoice prints them (config SELLER_*). */
export interface Seller {
  name: string;
  inn: string;
  kpp: string;
  address: string;
  bank: string;
  bik: string;
  account: string;
  corrAccount: string;
}

type Pdf = PDFKit.PDFDocument;

const ROW = 15;

/** Writes `text` inside a cell, cut with an ellipsis rather than overflowing into its neighbour. */
function cell(pdf: Pdf, x: number, y: number, width: number, height: number, text: string, caption?: string) {
  pdf.rect(x, y, width, height).stroke();
  pdf.font('regular').fontSize(8).text(text, x + 3, y + 3, { width: width - 6, height: height - (caption ? 12 : 4), ellipsis: true });
  if (caption) pdf.fontSize(7).fillColor('#444444').text(caption, x + 3, y + height - 10, { width: width - 6, lineBreak: false }).fillColor('black');
}

/** The bank details grid; returns its bottom edge. */
export function drawBankBox(pdf: Pdf, seller: Seller, x: number, y: number, width: number): number {
  const labelWidth = 40;
  const valueWidth = 120;
  const nameWidth = width - labelWidth - valueWidth;
  const labelX = x + nameWidth;
  const valueX = labelX + labelWidth;
  cell(pdf, x, y, nameWidth, 2 * ROW, seller.bank, 'Банк получателя');
  cell(pdf, labelX, y, labelWidth, ROW, 'БИК');
  cell(pdf, valueX, y, valueWidth, ROW, seller.bik);
  cell(pdf, labelX, y + ROW, labelWidth, ROW, 'Сч. №');
  cell(pdf, valueX, y + ROW, valueWidth, ROW, seller.corrAccount);
  cell(pdf, x, y + 2 * ROW, nameWidth / 2, ROW, `ИНН ${seller.inn}`);
  cell(pdf, x + nameWidth / 2, y + 2 * ROW, nameWidth / 2, ROW, `КПП ${seller.kpp}`);
  cell(pdf, x, y + 3 * ROW, nameWidth, 2 * ROW, seller.name, 'Получатель');
  cell(pdf, labelX, y + 2 * ROW, labelWidth, 3 * ROW, 'Сч. №');
  cell(pdf, valueX, y + 2 * ROW, valueWidth, 3 * ROW, seller.account);
  return y + 5 * ROW;
}

/** The QR code of `payload` (encoded as UTF-8 bytes), `size` points square, with its caption below. */
export function drawQrCode(pdf: Pdf, payload: string, x: number, y: number, size: number): number {
  const { modules } = QRCode.create(payload, { errorCorrectionLevel: 'M' });
  const module = size / modules.size;
  // one rectangle per run of dark modules in a row keeps the page's drawing short
  for (let row = 0; row < modules.size; row += 1) {
    let column = 0;
    while (column < modules.size) {
      if (!modules.get(row, column)) {
        column += 1;
        continue;
      }
      const start = column;
      while (column < modules.size && modules.get(row, column)) column += 1;
      pdf.rect(x + start * module, y + row * module, (column - start) * module, module);
    }
  }
  pdf.fill('black');
  pdf.font('regular').fontSize(7).text('Оплата по QR-коду в приложении банка', x, y + size + 3, { width: size, align: 'center' });
  return pdf.y;
}
