// The notification outbox as the mail dispatcher works it (claim, renew, mark) and as the API lists it.
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { notifications, timeline } from '../schema.ts';

export async function getOrderNotifications(db: Db, orderId: string) {
  const rows = await db
    .select()
    .from(notifications)
    .where(eq(notifications.orderId, orderId))
    .orderBy(asc(notifications.createdAt), asc(notifications.key));
  return rows.map((row) => ({
    id: row.id,
    channel: row.channel,
    recipient: row.recipient,
    template: row.template,
    subject: row.subject,
    status: row.status,
    attempts: row.attempts,
    error: row.error,
    createdAt: row.createdAt.toISOString(),
    sentAt: row.sentAt?.toISOString() ?? null,
  }));
}

/**
 * Claims up to `limit` due rows for `holder`: pending or failed ones whose time has come, and ones still
 * `sending` whose holder stopped renewing its claim `leaseMs` ago (it died between send and mark). Rows another
 * dispatcher is claiming at this moment are skipped, not waited for. Rows queued before the outbox without
 * their template data wait for their activity's retry to fill it in. The claim counts as an attempt.
 */
export async function claimDueNotifications(db: Db, params: { holder: string; limit: number; leaseMs: number }) {
  const lease = sql`make_interval(secs => ${params.leaseMs / 1000})`;
  return db
    .update(notifications)
    .set({
      status: 'sending',
      claimedAt: sql`now()`,
      claimedBy: params.holder,
      claimAttempt: null,
      attempts: sql`${notifications.attempts} + 1`,
      nextAttemptAt: sql`now() + ${lease}`,
    })
    .where(
      inArray(
        notifications.id,
        sql`(select id from ${notifications}
             where status in ('pending', 'failed', 'sending') and next_attempt_at <= now()
               and (status <> 'sending' or claimed_at is null or claimed_at < now() - ${lease})
               and data <> '{}'::jsonb
             order by next_attempt_at
             limit ${params.limit}
             for update skip locked)`,
      ),
    )
    .returning();
}

export type ClaimedNotification = Awaited<ReturnType<typeof claimDueNotifications>>[number];

/** Keeps the holder's claims fresh while it is still sending them, so nobody takes them over. */
export async function renewClaims(db: Db, params: { holder: string; ids: string[]; leaseMs: number }): Promise<void> {
  if (params.ids.length === 0) return;
  await db
    .update(notifications)
    .set({ claimedAt: sql`now()`, nextAttemptAt: sql`now() + make_interval(secs => ${params.leaseMs / 1000})` })
    .where(and(inArray(notifications.id, params.ids), eq(notifications.status, 'sending'), eq(notifications.claimedBy, params.holder)));
}

/**
 * A message's data may carry a single-use link (`secretLink`, an invitation's): it stays in the row only until
 * the message is sent or given up, so the outbox does not keep working links after it needs them.
 */
export const SECRET_LINK = 'secretLink';
const forgetSecrets = sql`${notifications.data} - ${SECRET_LINK}::text`;

const heldBy = (id: string, holder: string) => and(eq(notifications.id, id), eq(notifications.status, 'sending'), eq(notifications.claimedBy, holder));

/**
 * The row is sent, and a message to the client shows on the order's timeline, in one transaction. False when
 * the holder had lost its claim (someone else has the row now).
 */
export async function markNotificationSent(
  db: Db,
  params: { id: string; holder: string; subject: string; timeline?: { key: string; orderId: string; text: string; data: Record<string, unknown> } },
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(notifications)
      .set({ status: 'sent', error: null, sentAt: sql`now()`, subject: params.subject, data: forgetSecrets })
      .where(heldBy(params.id, params.holder))
      .returning({ sentAt: notifications.sentAt });
    if (!row) return false;
    if (params.timeline) {
      const { key, orderId, text, data } = params.timeline;
      await tx.insert(timeline).values({ key, orderId, at: row.sentAt!, type: 'notification_sent', text, data }).onConflictDoNothing({ target: timeline.key });
    }
    return true;
  });
}

/** A failed attempt: tried again after `retryInMs`, or, without it, given up for good (`undeliverable`). */
export async function markNotificationFailed(db: Db, params: { id: string; holder: string; error: string; retryInMs?: number }): Promise<void> {
  await db
    .update(notifications)
    .set({
      status: params.retryInMs === undefined ? 'undeliverable' : 'failed',
      ...(params.retryInMs === undefined ? { data: forgetSecrets } : {}),
      error: params.error.slice(0, 500),
      nextAttemptAt: sql`now() + make_interval(secs => ${(params.retryInMs ?? 0) / 1000})`,
    })
    .where(heldBy(params.id, params.holder));
}

/** When the next row falls due (a failed row's backoff, a claim that may have died); undefined when none is waiting. */
export async function nextDueAt(db: Db): Promise<Date | undefined> {
  const [row] = await db
    .select({ at: sql<Date | null>`min(${notifications.nextAttemptAt})`.mapWith(notifications.nextAttemptAt) })
    .from(notifications)
    .where(inArray(notifications.status, ['pending', 'failed', 'sending']));
  return row?.at ?? undefined;
}
