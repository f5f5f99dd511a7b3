// The workflow's changes to the read model, with the messages they cause (db/queries/order-changes.ts).
import type { Config } from '../config.ts';
import type { Db } from '../db/client.ts';
import { applyOrderChange, type OrderChange } from '../db/queries/order-changes.ts';

export type { OrderChange, OrderPatch, TaskUpdate, TaskWrite, TimelineWrite } from '../db/queries/order-changes.ts';

export function createReadModelActivities({ db, config }: { db: Db; config: Config }) {
  return {
    async recordChange(change: OrderChange): Promise<{ applied: boolean }> {
      return applyOrderChange(db, change, config.defaultLocale);
    },
  };
}
