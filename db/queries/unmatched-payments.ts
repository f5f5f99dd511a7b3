// Money kept for accounting to match: stored once per source and reference, decided once.
import { and, eq, gte, lt, or, sql } from 'drizzle-orm';
import type { PaymentSource } from '../../domain/records.ts';
import type { Db } from '../client.ts';
import { unmatchedPayments, type UnmatchedStatus } from '../schema.ts';
import { keyset } from './keyset.ts';

export type UnmatchedRecord = typeof unmatchedPayments.$inferSelect;
export type NewUnmatched = Omit<typeof unmatchedPayments.$inferInsert, 'status' | 'createdAt'> & { createdAt: Date };

/** Stores the money once per (source, reference); a repeat returns the row stored first with `created: false`. */
export async function storeUnmatched(db: Db, row: NewUnmatched): Promise<{ record: UnmatchedRecord; created: boolean }> {
  const [inserted] = await db.insert(unmatchedPayments).values(row).onConflictDoNothing().returning();
  if (inserted) return { record: inserted, created: true };
  const [existing] = await db
    .select()
    .from(unmatchedPayments)
    .where(and(eq(unmatchedPayments.source, row.source), eq(unmatchedPayments.reference, row.reference)));
  if (!existing) throw new Error('unmatched payment conflict without a stored row');
  return { record: existing, created: false };
}

export async function getUnmatched(db: Db, id: string): Promise<UnmatchedRecord | undefined> {
  const [row] = await db.select().from(unmatchedPayments).where(eq(unmatchedPayments.id, id));
  return row;
}

export interface UnmatchedFilter {
  status?: UnmatchedStatus;
  source?: PaymentSource;
  from?: Date;
  to?: Date;
  limit: number;
  cursor?: { at: Date; id: string };
}

export async function listUnmatched(db: Db, filter: UnmatchedFilter): Promise<UnmatchedRecord[]> {
  const page = keyset(unmatchedPayments.createdAt, unmatchedPayments.id, filter.cursor);
  return db
    .select()
    .from(unmatchedPayments)
    .where(
      and(
        filter.status ? eq(unmatchedPayments.status, filter.status) : undefined,
        filter.source ? eq(unmatchedPayments.source, filter.source) : undefined,
        filter.from ? gte(unmatchedPayments.receivedAt, filter.from) : undefined,
        filter.to ? lt(unmatchedPayments.receivedAt, filter.to) : undefined,
        page.where,
      ),
    )
    .orderBy(...page.orderBy)
    .limit(filter.limit + 1);
}

/**
 * Records the decision once: an open row becomes matched (to `paymentId`) or dismissed. A row already decided
 * the same way is returned as it is, so a repeated request answers the same; another decision returns undefined.
 */
export async function decideUnmatched(
  db: Db,
  id: string,
  decision: { status: 'matched'; paymentId: string; decidedById: string | null } | { status: 'dismissed'; dismissReason: 'not_ours' | 'returned'; comment: string | null; decidedById: string | null },
): Promise<UnmatchedRecord | undefined> {
  const same =
    decision.status === 'matched'
      ? and(eq(unmatchedPayments.status, 'matched'), eq(unmatchedPayments.paymentId, decision.paymentId))
      : and(eq(unmatchedPayments.status, 'dismissed'), eq(unmatchedPayments.dismissReason, decision.dismissReason));
  const [updated] = await db
    .update(unmatchedPayments)
    .set({ ...decision, decidedAt: sql`coalesce(${unmatchedPayments.decidedAt}, now())` })
    .where(and(eq(unmatchedPayments.id, id), or(eq(unmatchedPayments.status, 'open'), same)))
    .returning();
  return updated;
}
