// What a settlement run (workflows/settlement.ts) reads before it counts late money.
import type { Db } from '../db/client.ts';
import { settlementState, type SettlementState } from '../db/queries/settlement.ts';

export type { SettlementState } from '../db/queries/settlement.ts';

export function createSettlementActivities({ db }: { db: Db }) {
  return {
    async loadSettlement({ orderId }: { orderId: string }): Promise<SettlementState | null> {
      return settlementState(db, orderId);
    },
  };
}
