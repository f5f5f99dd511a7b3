import { describe, expect, it } from 'vitest';
import { type PaymentQrFields, PaymentQrError, invoicePurpose, paymentQrPayload, readPaymentQr } from '../../domain/payment-qr.ts';

const fields: PaymentQrFields = {
  name: 'ООО «Демо Производство»',
  personalAcc: '40702810000000000001',
  bankName: 'АО «Демо Банк»',
  bic: '044525000',
  correspAcc: '30101810400000000225',
  payeeInn: '7700000000',
  kpp: '770001001',
  sum: 20_000,
  purpose: invoicePurpose('INV-2026-00012'),
};

describe('paymentQrPayload (ГОСТ Р 56042-2014)', () => {
  it('writes the UTF-8 header and the fields in the standard order, the sum in kopecks', () => {
    expect(paymentQrPayload(fields)).toBe(
      'ST00012|Name=ООО «Демо Производство»|PersonalAcc=40702810000000000001|BankName=АО «Демо Банк»|BIC=044525000|' +
        'CorrespAcc=30101810400000000225|PayeeINN=7700000000|KPP=770001001|Sum=20000|Purpose=Оплата по счёту № INV-2026-00012',
    );
  });

  it('reads back exactly the fields it wrote', () => {
    expect(readPaymentQr(paymentQrPayload({ ...fields, payeeInn: '770000000012', sum: 99_999_999_999 }))).toEqual({
      Name: fields.name,
      PersonalAcc: fields.personalAcc,
      BankName: fields.bankName,
      BIC: fields.bic,
      CorrespAcc: fields.correspAcc,
      PayeeINN: '770000000012',
      KPP: fields.kpp,
      Sum: '99999999999',
      Purpose: fields.purpose,
    });
  });

  it.each<[Partial<PaymentQrFields>, string, RegExp]>([
    [{ name: 'ООО «Альфа|Омега»' }, 'Name', /separator/],
    [{ purpose: 'Оплата|Sum=1' }, 'Purpose', /separator/],
    [{ bankName: 'Банк\nвторая строка' }, 'BankName', /line breaks/],
    [{ bankName: 'Б'.repeat(46) }, 'BankName', /longer than 45/],
    [{ purpose: 'о'.repeat(211) }, 'Purpose', /longer than 210/],
    [{ name: '  ' }, 'Name', /empty/],
    [{ personalAcc: '4070281000000000000' }, 'PersonalAcc', /20 digits/],
    [{ bic: '04452500A' }, 'BIC', /9 digits/],
    [{ payeeInn: '77000000001' }, 'PayeeINN', /10 or 12 digits/],
    [{ sum: 0 }, 'Sum', /positive/],
    [{ sum: 10.5 }, 'Sum', /whole number/],
  ])('refuses %o naming field %s', (change, field, reason) => {
    const attempt = () => paymentQrPayload({ ...fields, ...change });
    expect(attempt).toThrow(PaymentQrError);
    expect(attempt).toThrow(reason);
    try {
      attempt();
    } catch (error) {
      expect((error as PaymentQrError).field).toBe(field);
    }
  });

  it('refuses to read a text that is not an ST00012 payload', () => {
    expect(() => readPaymentQr('ST00011|Name=x')).toThrow(PaymentQrError);
  });
});
