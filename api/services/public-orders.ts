// Orders from the company's website (`POST /api/v1/public/orders`): a site key that may only do this, a
// limit per client address, a honeypot for bots, and one order per form submission.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { z } from 'zod';
import { incrementRateLimit } from '../../db/queries/rate-limits.ts';
import { AppError, validationFailed } from '../errors.ts';
import type { publicOrderBody } from '../schemas-public.ts';
import { clientPageUrl } from './client-links.ts';
import type { ServiceDeps } from './deps.ts';
import { createOrder } from './intake.ts';

const HOUR_MS = 3_600_000;
const sha256 = (text: string) => createHash('sha256').update(text).digest();

/** The configured site key that `given` is, compared in constant time; undefined for none. */
export function siteKeyOf({ config }: ServiceDeps, given: unknown): string | undefined {
  if (typeof given !== 'string' || given.length > 512) return undefined;
  const digest = sha256(given);
  return config.publicOrders.siteKeys.find((key) => timingSafeEqual(sha256(key), digest));
}

/** Counts the request against its address; throws 429 with the seconds to wait once the hour's share is used. */
export async function countPublicRequest({ db, config }: ServiceDeps, address: string): Promise<void> {
  const window = await incrementRateLimit(db, `public-orders:${address}`, HOUR_MS);
  if (window.count > config.publicOrders.perHour) {
    throw new AppError(429, 'RATE_LIMITED', 'Too many orders from this address; try again later', undefined, Math.max(1, Math.ceil(window.ttlMs / 1000)));
  }
}

export type PublicOrder = z.infer<typeof publicOrderBody>;

/**
 * The order, or null when the honeypot was filled (a bot: nothing is stored, and it is not told so). The
 * submission id is the idempotency key in the site key's own scope: a double submit is one order.
 */
export async function placePublicOrder(deps: ServiceDeps, siteKey: string, body: PublicOrder): Promise<{ number: string; clientUrl: string } | null> {
  if (body.website) return null;
  // JSON writes a NUL character as the six characters \u0000, which PostgreSQL text cannot hold
  if (JSON.stringify(body).includes('\\u0000')) throw validationFailed([{ field: 'body', message: 'contains a NUL character' }]);
  if (!body.email && !body.phone) throw validationFailed([{ field: 'body.email', message: 'give an e-mail address or a phone number' }]);
  const { submissionId: _id, website: _trap, comment, locale, ...customer } = body;
  const scope = `site:${sha256(siteKey).toString('hex').slice(0, 16)}`;
  const found = await createOrder(deps, { kind: 'admin', id: null, name: 'admin' }, { customer: { ...customer, ...(locale ? { locale } : {}) }, ...(comment ? { comment } : {}) }, body.submissionId, scope);
  const token = found.clientToken;
  if (!token) throw new Error(`order ${found.order.id} has no client link`);
  return { number: found.order.number, clientUrl: clientPageUrl(deps.config, token) };
}
