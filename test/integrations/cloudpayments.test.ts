import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { formatAmount, parseAmount, parseNotification, sign, verifySignature } from '../../integrations/cloudpayments.ts';

const secret = 'test-secret';
const hmac = (text: string) => createHmac('sha256', secret).update(text).digest('base64');

describe('webhook signatures', () => {
  const form = 'TransactionId=42&Amount=1000.00&Data=%7B%22a%22%3A1%7D&Name=%D0%98%D0%B2%D0%B0%D0%BD+%D0%9F';

  it('accepts Content-HMAC over the body exactly as received', () => {
    expect(sign(form, secret)).toBe(hmac(form));
    expect(verifySignature(form, { contentHmac: hmac(form) }, secret)).toBe(true);
  });

  it('accepts X-Content-HMAC over the URL-decoded body', () => {
    const decoded = decodeURIComponent(form.replace(/\+/g, ' '));
    expect(verifySignature(form, { xContentHmac: hmac(decoded) }, secret)).toBe(true);
    // the decoded-body signature is not valid as Content-HMAC, and the raw one not as X-Content-HMAC
    expect(verifySignature(form, { contentHmac: hmac(decoded) }, secret)).toBe(false);
    expect(verifySignature(form, { xContentHmac: hmac(form) }, secret)).toBe(false);
  });

  it('refuses a missing, wrong or re-serialised signature, and another secret', () => {
    expect(verifySignature(form, {}, secret)).toBe(false);
    expect(verifySignature(form, { contentHmac: 'garbage' }, secret)).toBe(false);
    const reordered = 'Amount=1000.00&TransactionId=42&Data=%7B%22a%22%3A1%7D&Name=%D0%98%D0%B2%D0%B0%D0%BD+%D0%9F';
    expect(verifySignature(reordered, { contentHmac: hmac(form) }, secret)).toBe(false);
    expect(verifySignature(form, { contentHmac: createHmac('sha256', 'other').update(form).digest('base64') }, secret)).toBe(false);
  });
});

describe('amounts', () => {
  it.each([
    ['1000.00', 100_000],
    ['1000', 100_000],
    ['0.5', 50],
    ['12.34', 1_234],
    ['0.01', 1],
  ])('%s is %d kopecks', (text, minor) => expect(parseAmount(text)).toBe(minor));

  it.each(['', '-1.00', '1.234', '1,00', 'abc', '1e3', ' ', '99999999999999.00'])('refuses %j', (text) => expect(parseAmount(text)).toBeUndefined());

  it('formats kopecks as the provider writes them', () => {
    expect(formatAmount(100_000)).toBe('1000.00');
    expect(formatAmount(5)).toBe('0.05');
    expect(formatAmount(-1_234)).toBe('-12.34');
  });
});

describe('notification bodies', () => {
  it('reads form-encoded and JSON bodies alike, keeping unknown fields', () => {
    expect(parseNotification('InvoiceId=INV-1&Amount=10.00&NewField=x', 'application/x-www-form-urlencoded')).toEqual({
      InvoiceId: 'INV-1',
      Amount: '10.00',
      NewField: 'x',
    });
    expect(parseNotification('{"InvoiceId":"INV-1","Amount":10.5,"TestMode":true,"Data":{"k":1}}', 'application/json')).toEqual({
      InvoiceId: 'INV-1',
      Amount: '10.5',
      TestMode: 'true',
      Data: '{"k":1}',
    });
    expect(parseNotification('[1,2]', 'application/json')).toBeUndefined();
    expect(parseNotification('{not json', 'application/json')).toBeUndefined();
  });
});
