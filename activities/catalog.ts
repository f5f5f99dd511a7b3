// What the catalog says at a moment of the order's life: the cost prices frozen when production starts.
import type { Db } from '../db/client.ts';
import { costPricesOf } from '../db/queries/cost-prices.ts';

export function createCatalogActivities({ db }: { db: Db }) {
  return {
    /** Current cost price per unit of each product, by product id. */
    async costPrices({ productIds }: { productIds: string[] }): Promise<Record<string, number>> {
      return costPricesOf(db, productIds);
    },
  };
}
