import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { randomUUID } from 'node:crypto';
import { getProduct, insertProduct, listProducts, updateProduct, type ProductRow } from '../../db/queries/products.ts';
import type { AppDeps } from '../app.ts';
import { allow } from '../auth.ts';
import { conflict, notFound } from '../errors.ts';
import { decodeCursor, page } from '../pagination.ts';
import { createProductBody, listOf, patchProductBody, product, productListQuery, uuidParam, errorResponses } from '../schemas.ts';

const view = (row: ProductRow) => ({
  ...row,
  vatRate: row.vatRate as 22 | 10 | 0 | null,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

const skuTaken = (sku: string) => conflict(`A product with SKU ${sku} exists already`);

export const productRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  const { db } = deps;

  app.post(
    '/products',
    { preValidation: allow('manageReference'), schema: { tags: ['products'], body: createProductBody, response: { ...errorResponses, 201: product } } },
    async (request, reply) => {
      const row = await insertProduct(db, { id: randomUUID(), ...request.body, createdAt: new Date() });
      if (!row) throw skuTaken(request.body.sku);
      return reply.code(201).send(view(row));
    },
  );

  app.get(
    '/products',
    { preValidation: allow('read'), schema: { tags: ['products'], querystring: productListQuery, response: { ...errorResponses, 200: listOf(product) } } },
    async (request) => {
      const { limit, cursor, q } = request.query;
      return page(await listProducts(db, { q, limit, cursor: decodeCursor(cursor) }), limit, view);
    },
  );

  app.get(
    '/products/:id',
    { preValidation: allow('read'), schema: { tags: ['products'], params: uuidParam, response: { ...errorResponses, 200: product } } },
    async (request) => {
      const row = await getProduct(db, request.params.id);
      if (!row) throw notFound('Product');
      return view(row);
    },
  );

  app.patch(
    '/products/:id',
    {
      preValidation: allow('manageReference'),
      schema: { tags: ['products'], params: uuidParam, body: patchProductBody, response: { ...errorResponses, 200: product } },
    },
    async (request) => {
      const { row, conflict: taken } = await updateProduct(db, request.params.id, request.body);
      if (taken) throw skuTaken(request.body.sku ?? '');
      if (!row) throw notFound('Product');
      return view(row);
    },
  );
};
