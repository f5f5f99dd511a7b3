// What the catalog says at a moment of the order's life: the cost prices frozen when production starts.
import { inArray } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { products } from '../db/schema.ts';

export function createCatalogActivities({ db }: { db: Db }) {
  return {
    /** Current cost price per unit of each product, by product id. */
    async costPrices({ productIds }: { productIds: string[] }): Promise<Record<string, number>> {
      if (productIds.length === 0) return {};
      const rows = await db.select({ id: products.id, costPrice: products.costPrice }).from(products).where(inArray(products.id, productIds));
      return Object.fromEntries(rows.map((row) => [row.id, row.costPrice]));
    },
  };
}
