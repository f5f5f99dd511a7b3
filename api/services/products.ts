// The product catalog.
import { randomUUID } from 'node:crypto';
import { getProduct, insertProduct, listProducts as queryProducts, updateProduct, type ProductRow, type ProductValues } from '../../db/queries/products.ts';
import { conflict, notFound } from '../errors.ts';
import type { ServiceDeps } from './deps.ts';
import { decodeCursor, page, type PageRequest } from './pagination.ts';

const view = (row: ProductRow) => ({ ...row, createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString() });

const skuTaken = (sku: string) => conflict(`A product with SKU ${sku} exists already`);

export async function createProduct({ db }: ServiceDeps, input: ProductValues) {
  const row = await insertProduct(db, { id: randomUUID(), ...input, createdAt: new Date() });
  if (!row) throw skuTaken(input.sku);
  return view(row);
}

export async function listProducts({ db }: ServiceDeps, filter: { q?: string } & PageRequest) {
  return page(await queryProducts(db, { q: filter.q, limit: filter.limit, cursor: decodeCursor(filter.cursor) }), filter.limit, view);
}

export async function findProduct({ db }: ServiceDeps, id: string) {
  const row = await getProduct(db, id);
  if (!row) throw notFound('Product');
  return view(row);
}

export async function changeProduct({ db }: ServiceDeps, id: string, patch: Partial<ProductValues>) {
  const { row, conflict: taken } = await updateProduct(db, id, patch);
  if (taken) throw skuTaken(patch.sku ?? '');
  if (!row) throw notFound('Product');
  return view(row);
}
