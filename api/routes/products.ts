import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../deps.ts';
import { allow } from '../auth.ts';
import { createProductBody, errorResponses, listOf, noQuery, patchProductBody, product, productListQuery, uuidParam } from '../schemas.ts';
import { changeProduct, createProduct, findProduct, listProducts } from '../services/products.ts';

export const productRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  app.post(
    '/products',
    {
      preValidation: allow('manageReference'),
      schema: {
        tags: ['products'],
        summary: 'Create a product',
        description: 'A catalogue item; prices and costs in kopecks; the SKU is unique.',
        body: createProductBody,
        response: { ...errorResponses, 201: product },
      },
    },
    async (request, reply) => reply.code(201).send(await createProduct(deps, request.principal, request.body)),
  );

  app.get(
    '/products',
    {
      preValidation: allow('read'),
      schema: {
        tags: ['products'],
        summary: 'List products',
        description: 'Searched by q (SKU or name); paged by limit and cursor. Costs are left out for production and logistics.',
        querystring: productListQuery,
        response: { ...errorResponses, 200: listOf(product) },
      },
    },
    async (request) => listProducts(deps, request.principal, request.query),
  );

  app.get(
    '/products/:id',
    {
      preValidation: allow('read'),
      schema: {
        tags: ['products'],
        summary: 'Get a product',
        description: 'One catalogue item. Its cost is left out for production and logistics.',
        params: uuidParam,
        querystring: noQuery,
        response: { ...errorResponses, 200: product },
      },
    },
    async (request) => findProduct(deps, request.principal, request.params.id),
  );

  app.patch(
    '/products/:id',
    {
      preValidation: allow('manageReference'),
      schema: {
        tags: ['products'],
        summary: 'Change a product',
        description: 'Changes the given fields; orders already priced keep their prices.',
        params: uuidParam,
        body: patchProductBody,
        response: { ...errorResponses, 200: product },
      },
    },
    async (request) => changeProduct(deps, request.principal, request.params.id, request.body),
  );
};
