// The website's order form: outside the bearer-key API, so a site key can do this and nothing else.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../deps.ts';
import { AppError } from '../errors.ts';
import { errorResponses } from '../schemas.ts';
import { publicOrderBody, publicOrderCreated } from '../schemas-public.ts';
import { countPublicRequest, placePublicOrder, siteKeyOf } from '../services/public-orders.ts';

// the form lives on the company's own site: browsers ask first whether it may send the key header here
const CORS = { 'access-control-allow-origin': '*', 'access-control-allow-methods': 'POST', 'access-control-allow-headers': 'content-type, x-site-key', 'access-control-max-age': '600' };

export const publicOrderRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  app.addHook('onSend', async (_request, reply) => {
    reply.headers({ 'access-control-allow-origin': '*' });
  });
  app.options('/orders', { schema: { hide: true } }, async (_request, reply) => reply.code(204).headers(CORS).send());

  app.post(
    '/orders',
    {
      // counted and checked before the body is even read: a guesser or a flood costs one row per address
      onRequest: async (request) => {
        if (deps.config.publicOrders.siteKeys.length === 0) throw new AppError(404, 'NOT_FOUND', 'Orders from the website are not enabled (SITE_KEYS)');
        await countPublicRequest(deps, request.ip);
        if (!siteKeyOf(deps, request.headers['x-site-key'])) throw new AppError(401, 'UNAUTHENTICATED', 'Send the site key in X-Site-Key');
      },
      schema: {
        tags: ['public'],
        summary: 'Place an order from the company’s website',
        description:
          'For the order form on the company’s site (docs/client.md has an embeddable example). Authenticated by a site key in `X-Site-Key` (SITE_KEYS), which may create orders and nothing else. Rate limited per client address (PUBLIC_ORDERS_PER_HOUR, then 429 with Retry-After); one order per `submissionId` (a repeat answers the same order; the same id with other fields is 409); a filled honeypot field `website` answers 202 and stores nothing. The order starts the funnel as one created by staff does.',
        security: [],
        headers: z.object({ 'x-site-key': z.string().max(512).optional() }),
        body: publicOrderBody,
        response: { ...errorResponses, 201: publicOrderCreated, 202: z.object({ received: z.literal(true) }) },
      },
    },
    async (request, reply) => {
      const siteKey = siteKeyOf(deps, request.headers['x-site-key'])!;
      const placed = await placePublicOrder(deps, siteKey, request.body);
      return placed ? reply.code(201).send(placed) : reply.code(202).send({ received: true as const });
    },
  );
};
