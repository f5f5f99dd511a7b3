// Cost prices as the catalog holds them now: frozen on an order's items when its production starts.
import { inArray } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { products } from '../schema.ts';

/** Current cost price per unit of each product, by product id. */
export async function costPricesOf(db: Db, productIds: string[]): Promise<Record<string, number>> {
  if (productIds.length === 0) return {};
  const rows = await db.select({ id: products.id, costPrice: products.costPrice }).from(products).where(inArray(products.id, productIds));
  return Object.fromEntries(rows.map((row) => [row.id, row.costPrice]));
}
