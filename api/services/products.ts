// The product catalog.
import { randomUUID } from 'node:crypto';
import { getProduct, insertProduct, listProducts as queryProducts, updateProduct, type ProductRow, type ProductValues } from '../../db/queries/products.ts';
import { mayReadCosts, type Principal } from '../../domain/roles.ts';
import { conflict, notFound } from '../errors.ts';
import type { ServiceDeps } from './deps.ts';
import { decodeCursor, page, type PageRequest } from './pagination.ts';

/** A product as `viewer` may see it: production and logistics do not see its cost price. */
function view(row: ProductRow, viewer: Principal) {
  const { costPrice, ...rest } = row;
  return { ...rest, ...(mayReadCosts(viewer) ? { costPrice } : {}), createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString() };
}

const skuTaken = (sku: string) => conflict(`A product with SKU ${sku} exists already`);

export async function createProduct({ db }: ServiceDeps, viewer: Principal, input: ProductValues) {
  const row = await insertProduct(db, { id: randomUUID(), ...input, createdAt: new Date() });
  if (!row) throw skuTaken(input.sku);
  return view(row, viewer);
}

export async function listProducts({ db }: ServiceDeps, viewer: Principal, filter: { q?: string } & PageRequest) {
  return page(await queryProducts(db, { q: filter.q, limit: filter.limit, cursor: decodeCursor(filter.cursor) }), filter.limit, (row) => view(row, viewer));
}

export async function findProduct({ db }: ServiceDeps, viewer: Principal, id: string) {
  const row = await getProduct(db, id);
  if (!row) throw notFound('Product');
  return view(row, viewer);
}

export async function changeProduct({ db }: ServiceDeps, viewer: Principal, id: string, patch: Partial<ProductValues>) {
  const { row, conflict: taken } = await updateProduct(db, id, patch);
  if (taken) throw skuTaken(patch.sku ?? '');
  if (!row) throw notFound('Product');
  return view(row, viewer);
}
