import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../deps.ts';
import { allow } from '../auth.ts';
import { errorResponses, uuidParam } from '../schemas.ts';
import { reissueClientLink } from '../services/client-links.ts';

export const clientLinkRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  app.post(
    '/orders/:id/client-link',
    {
      preValidation: allow('salesCommand'),
      schema: {
        tags: ['orders'],
        summary: 'Re-issue the client’s order page link',
        description:
          'Makes a new unguessable link to the client’s page of the order (`/o/:token`) and ends the old one at once: the old address answers 404 from then on. Messages sent later carry the new link.',
        params: uuidParam,
        response: { ...errorResponses, 200: z.object({ clientUrl: z.string().describe('The new link to the client’s order page') }) },
      },
    },
    async (request) => reissueClientLink(deps, request.params.id),
  );
};
