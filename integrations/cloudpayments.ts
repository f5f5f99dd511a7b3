// The CloudPayments protocol: webhook signatures, amounts as decimal strings, notification bodies, and the
// `orders/create` API that makes a payment link. The sandbox provider speaks the same protocol.
import { createHmac, timingSafeEqual } from 'node:crypto';

export type NotificationKind = 'check' | 'pay' | 'fail' | 'refund';

/** Response codes of the `check` notification (and 0 for every accepted notification). */
export const CHECK_CODE = { ok: 0, unknownInvoice: 10, wrongAccount: 11, wrongAmount: 12, notPayable: 13, expired: 20 } as const;

export function sign(body: string, secret: string): string {
  return createHmac('sha256', secret).update(body, 'utf8').digest('base64');
}

function sameSignature(given: string | undefined, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given.trim(), 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** URL-decodes a form body as the provider does before computing X-Content-HMAC. */
function urlDecoded(raw: string): string {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    return raw;
  }
}

/**
 * True when `Content-HMAC` signs the body as received, or `X-Content-HMAC` signs its URL-decoded form.
 * Both are compared in constant time.
 */
export function verifySignature(raw: string, headers: { contentHmac?: string; xContentHmac?: string }, secret: string): boolean {
  const direct = sameSignature(headers.contentHmac, sign(raw, secret));
  const decoded = sameSignature(headers.xContentHmac, sign(urlDecoded(raw), secret));
  return direct || decoded;
}

/** The notification's fields, from a form-encoded or a JSON body; values as strings, unknown fields kept. */
export function parseNotification(raw: string, contentType: string | undefined): Record<string, string> | undefined {
  try {
    if (contentType?.includes('application/json')) {
      const parsed: unknown = JSON.parse(raw);
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
      return Object.fromEntries(
        Object.entries(parsed as Record<string, unknown>)
          .filter(([, v]) => v !== null && v !== undefined)
          .map(([k, v]) => [k, typeof v === 'object' ? JSON.stringify(v) : String(v)]),
      );
    }
    return Object.fromEntries(new URLSearchParams(raw));
  } catch {
    return undefined;
  }
}

/** `1000.00` → 100000 kopecks; undefined for anything that is not a non-negative amount with ≤ 2 decimals. */
export function parseAmount(text: string | undefined): number | undefined {
  if (!text || !/^\d{1,13}(\.\d{1,2})?$/.test(text.trim())) return undefined;
  const [whole, fraction = ''] = text.trim().split('.') as [string, string?];
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
}

export function formatAmount(minor: number): string {
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

export interface PaymentLinkRequest {
  /** Our invoice id: sent as the idempotency key, so a retried call makes no second order. */
  requestId: string;
  amount: number;
  currency: string;
  description: string;
  invoiceNumber: string;
  accountId: string;
  email: string | null;
}

export interface CloudPaymentsCredentials {
  apiUrl: string;
  publicId: string;
  apiSecret: string;
}

export class ProviderError extends Error {}

/** Creates a payment link with the provider's `orders/create` (Basic auth, X-Request-ID for idempotency). */
export async function createProviderOrder(credentials: CloudPaymentsCredentials, request: PaymentLinkRequest): Promise<string> {
  const response = await fetch(`${credentials.apiUrl.replace(/\/+$/, '')}/orders/create`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${credentials.publicId}:${credentials.apiSecret}`).toString('base64')}`,
      'content-type': 'application/json',
      'x-request-id': request.requestId,
    },
    body: JSON.stringify({
      Amount: Number(formatAmount(request.amount)),
      Currency: request.currency,
      Description: request.description,
      InvoiceId: request.invoiceNumber,
      AccountId: request.accountId,
      ...(request.email ? { Email: request.email } : {}),
      RequireConfirmation: false,
      SendEmail: false,
    }),
    signal: AbortSignal.timeout(15_000),
  });
  const body = (await response.json().catch(() => undefined)) as { Success?: boolean; Message?: string; Model?: { Url?: string } } | undefined;
  if (!response.ok || !body?.Success || !body.Model?.Url) {
    throw new ProviderError(`orders/create failed: HTTP ${response.status} ${body?.Message ?? ''}`.trim());
  }
  return body.Model.Url;
}
