// The client's order page link: 192 random bits in base64url, made the way payment links are, stored as is
// (docs/client.md says why a hash is not needed for a token that only shows one order's public side).
import { randomBytes } from 'node:crypto';
import type { Config } from '../../config.ts';
import { replaceClientToken } from '../../db/queries/client-links.ts';
import { notFound } from '../errors.ts';
import type { ServiceDeps } from './deps.ts';

export const newClientToken = () => randomBytes(24).toString('base64url');

export const clientPageUrl = (config: Config, token: string) => `${config.publicBaseUrl}/o/${token}`;

/** A new link for the order's client; the old one answers 404 from now on. */
export async function reissueClientLink({ db, config }: ServiceDeps, orderId: string): Promise<{ clientUrl: string }> {
  const token = newClientToken();
  if (!(await replaceClientToken(db, orderId, token))) throw notFound('Order');
  return { clientUrl: clientPageUrl(config, token) };
}
