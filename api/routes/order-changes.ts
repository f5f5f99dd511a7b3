// Changes to an order once taken: the client's details, rows and scheme before production, rows in production,
// and the delivery. Each answers with the order as it stands after the change; 409 when the stage does not
// allow it (nothing changes then); 403 for anyone but the order's manager, a head of sales and management.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../deps.ts';
import { allow } from '../auth.ts';
import { amendBody, changeItemsBody, customerChangeBody } from '../change-schemas.ts';
import { deliveryEntryBody, errorResponses, order, uuidParam } from '../schemas.ts';
import { amendOrder, changeCustomer, changeDelivery, changeItems } from '../services/order-changes.ts';

export const orderChangeRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  app.patch(
    '/orders/:id',
    {
      preValidation: allow('changeOrder'),
      schema: {
        tags: ['orders'],
        summary: 'Change the client’s details',
        description:
          'Name, e-mail, phone or language of the client, in any open stage; only the fields given change, and messages queued after it go to the new address. The timeline says who changed what from what. 409 once the order is closed.',
        params: uuidParam,
        body: customerChangeBody,
        response: { ...errorResponses, 200: order },
      },
    },
    async (request) => changeCustomer(deps, request.principal, request.params.id, request.body),
  );

  app.post(
    '/orders/:id/amend',
    {
      preValidation: allow('changeOrder'),
      schema: {
        tags: ['orders'],
        summary: 'Amend the rows and the payment scheme',
        description:
          'The qualify body without delivery, in qualification or prepayment. In prepayment the unpaid invoice is cancelled and money paid is carried over: a new invoice asks for the rest of the prepayment in kopecks, the order goes to production when what was paid covers it, and money paid beyond the new total becomes a refund task. 409 in another stage.',
        params: uuidParam,
        body: amendBody,
        response: { ...errorResponses, 200: order },
      },
    },
    async (request) => amendOrder(deps, request.principal, request.params.id, request.body),
  );

  app.post(
    '/orders/:id/items',
    {
      preValidation: allow('changeOrder'),
      schema: {
        tags: ['orders'],
        summary: 'Add or remove rows in production',
        description:
          'Rows to add (priced like the qualify body’s, each with its own production task) and ids of rows to remove (their tasks are cancelled and their makers told; a produced row stays). Cost and margin are recomputed; when the total grows past what is paid a supplementary invoice asks for the rest, when it falls below it a refund task is opened. 409 outside production.',
        params: uuidParam,
        body: changeItemsBody,
        response: { ...errorResponses, 200: order },
      },
    },
    async (request) => changeItems(deps, request.principal, request.params.id, request.body),
  );

  app.patch(
    '/orders/:id/delivery',
    {
      preValidation: allow('changeOrder'),
      schema: {
        tags: ['orders'],
        summary: 'Change the delivery data or the ship date',
        description:
          'Fields left out keep their value. Until the delivery is done: an open delivery task’s deadline moves to the end of the new ship date’s working day, and the client is told. 409 once the order is closed.',
        params: uuidParam,
        body: deliveryEntryBody,
        response: { ...errorResponses, 200: order },
      },
    },
    async (request) => changeDelivery(deps, request.principal, request.params.id, request.body),
  );
};
