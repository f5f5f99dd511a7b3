// The CloudPayments protocol: webhook signatures, amounts as decimal strings, notification bodies, and the
// `orders/create` API that makes a payment link. The sandbox provider speaks the same protocol.
import { createHmac, timingSafeEqual } from 'node:crypto';

export type NotificationKind = 'check' | 'pay' | 'fail' | 'refund';

/** Response codes of the `check` notification (and 0 for every accepted notification). */
export const CHECK_CODE = { ok: 0, unknownInvoice: 10, wrongAccount: 11, wrongAmount: 12, notPayable: 13, expired: 20 } as const;

export function sign(body: string | Buffer, secret: string): string {
  return createHmac('sha256', secret).update(body).digest('base64');
}

function sameSignature(given: string | undefined, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given.trim(), 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Percent-decodes bytes (`+` is a space), leaving bytes in whatever charset the body was sent in. */
export function urlDecodedBytes(raw: Buffer): Buffer {
  const out = Buffer.alloc(raw.length);
  let length = 0;
  for (let i = 0; i < raw.length; i++) {
    const byte = raw[i]!;
    const hex = byte === 0x25 && i + 2 < raw.length ? raw.toString('latin1', i + 1, i + 3) : '';
    if (/^[0-9a-fA-F]{2}$/.test(hex)) {
      out[length++] = parseInt(hex, 16);
      i += 2;
    } else {
      out[length++] = byte === 0x2b ? 0x20 : byte;
    }
  }
  return out.subarray(0, length);
}

/**
 * True when `Content-HMAC` signs the body as received, or `X-Content-HMAC` signs its URL-decoded form.
 * Both are compared in constant time.
 */
export function verifySignature(raw: Buffer | string, headers: { contentHmac?: string; xContentHmac?: string }, secret: string): boolean {
  const bytes = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw;
  const direct = sameSignature(headers.contentHmac, sign(bytes, secret));
  const decoded = sameSignature(headers.xContentHmac, sign(urlDecodedBytes(bytes), secret));
  return direct || decoded;
}

/** The charset a body says it is in (the provider can be set to windows-1251), UTF-8 by default. */
function charsetOf(contentType: string | undefined): string {
  const charset = /charset=([\w-]+)/i.exec(contentType ?? '')?.[1]?.toLowerCase();
  return charset && ['utf-8', 'utf8', 'windows-1251', 'cp1251'].includes(charset) ? (charset === 'cp1251' ? 'windows-1251' : charset) : 'utf-8';
}

/** The notification's fields, from a form-encoded or a JSON body; values as strings, unknown fields kept. */
export function parseNotification(body: Buffer | string, contentType: string | undefined): Record<string, string> | undefined {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  const decoder = new TextDecoder(charsetOf(contentType));
  try {
    const text = decoder.decode(bytes);
    if (/json/i.test(contentType ?? '') || text.trimStart().startsWith('{')) {
      const parsed: unknown = JSON.parse(text);
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
      const fields: Record<string, string> = Object.fromEntries(
        Object.entries(parsed as Record<string, unknown>)
          .filter(([, v]) => v !== null && v !== undefined)
          .map(([k, v]) => [k, typeof v === 'object' ? JSON.stringify(v) : String(v)]),
      );
      // PostgreSQL text holds no NUL: such a notification is refused rather than failing on every write
      return Object.values(fields).some((v) => v.includes('\u0000')) ? undefined : fields;
    }
    const fields: Record<string, string> = {};
    for (const pair of bytes.toString('latin1').split('&')) {
      if (!pair) continue;
      const [name = '', value = ''] = pair.split(/=(.*)/s);
      fields[decoder.decode(urlDecodedBytes(Buffer.from(name, 'latin1')))] = decoder.decode(urlDecodedBytes(Buffer.from(value, 'latin1')));
    }
    return Object.values(fields).some((v) => v.includes('\u0000')) ? undefined : fields;
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
