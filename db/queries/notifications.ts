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
 * The row is sent, and a message to the client shows on the order's timeline, in one statement (a single
 * statement is its own transaction: one round trip where BEGIN, update, insert and COMMIT took four). False
 * when the holder had lost its claim (someone else has the row now).
 */
export async function markNotificationSent(
  db: Db,
  params: { id: string; holder: string; subject: string; timeline?: { key: string; orderId: string; text: string; data: Record<string, unknown> } },
): Promise<boolean> {
  if (!params.timeline) {
    const sent = await db
      .update(notifications)
      .set({ status: 'sent', error: null, sentAt: sql`now()`, subject: params.subject, data: forgetSecrets })
      .where(heldBy(params.id, params.holder))
      .returning({ sentAt: notifications.sentAt });
    return sent.length > 0;
  }
  const { key, orderId, text, data } = params.timeline;
  const rows = await db.execute<{ sent: number }>(sql`
    with sent as (
      update ${notifications} set status = 'sent', error = null, sent_at = now(), subject = ${params.subject}
      where id = ${params.id} and status = 'sending' and claimed_by = ${params.holder}
      returning sent_at
    ),
    entry as (
      insert into ${timeline} (key, order_id, at, type, text, data)
      select ${key}, ${orderId}, sent_at, 'notification_sent', ${text}, ${JSON.stringify(data)}::jsonb from sent
      on conflict (key) do nothing
    )
    select count(*)::int as sent from sent`);
  return (rows[0]?.sent ?? 0) > 0;
}

/**
 * A failed attempt: tried again after `retryInMs`, or, without it, given up for good (`undeliverable`). A
 * Telegram row's hand-over mark goes: a refusal the Bot API answered means nothing was sent.
 */
export async function markNotificationFailed(db: Db, params: { id: string; holder: string; error: string; retryInMs?: number }): Promise<void> {
  await db
    .update(notifications)
    .set({
      status: params.retryInMs === undefined ? 'undeliverable' : 'failed',
      ...(params.retryInMs === undefined ? { data: forgetSecrets } : {}),
      error: params.error.slice(0, 500),
      handedAt: null,
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
