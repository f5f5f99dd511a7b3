// The mail dispatcher: drains the notification outbox in the worker process. It wakes on the outbox's
// pg_notify (and polls as a fallback), claims due rows with SKIP LOCKED, sends a few at a time and marks each
// row sent (with the client's timeline entry) or failed with backoff, or undeliverable for good. A claim is
// renewed while its message is in hand, so while two dispatchers live neither takes the other's rows; one that
// died between send and mark leaves a claim that goes stale, and the message goes again with its Message-ID.
import type { Logger } from '@temporalio/common';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/client.ts';
import {
  claimDueNotifications,
  markNotificationFailed,
  markNotificationSent,
  nextDueAt,
  renewClaims,
  type ClaimedNotification,
} from '../../db/queries/notifications.ts';
import { OUTBOX_CHANNEL } from '../../db/queries/outbox.ts';
import type { Locale } from '../../domain/funnel.ts';
import { timelineText } from '../../domain/texts.ts';
import { composeMail, isToClient } from './compose.ts';
import { backoffMs, isPermanent, MAX_ATTEMPTS } from './delivery.ts';
import type { Mailer } from './mailer.ts';
import type { BotApi } from '../telegram/bot-api.ts';
import { sendTelegram } from '../telegram/delivery.ts';
import type { Template } from './templates.ts';

export interface DispatcherDeps {
  db: Db;
  config: Config;
  mailer: Mailer;
  /** The Telegram rows' sender; without it they are recorded as undeliverable. */
  telegram?: BotApi;
  logger: Pick<Logger, 'warn' | 'error'>;
  /** Messages in hand at once. */
  concurrency?: number;
  /** The fallback poll, should a notification be missed (e.g. while the listening connection reconnects). */
  pollMs?: number;
  /** How long a claim lives without renewal: longer than the mailer's timeouts, so only a dead holder loses one. */
  leaseMs?: number;
  maxAttempts?: number;
}

export interface Dispatcher {
  start(): void;
  /** Takes no more rows, finishes the messages in hand, then resolves. */
  stop(): Promise<void>;
}

/** Even a row due now waits this long after a fruitless claim: a row that looks due but cannot be claimed yet never spins the loop. */
const MIN_REST_MS = 250;

export function createDispatcher(deps: DispatcherDeps): Dispatcher {
  const { db, config, mailer, logger } = deps;
  const concurrency = deps.concurrency ?? 4;
  const pollMs = deps.pollMs ?? 5_000;
  const leaseMs = deps.leaseMs ?? 60_000;
  const maxAttempts = deps.maxAttempts ?? MAX_ATTEMPTS;
  const holder = `${hostname()}/${process.pid}/${randomBytes(4).toString('hex')}`;
  const inHand = new Map<string, Promise<void>>();
  let stopping = false;
  let running: Promise<void> | undefined;
  let listening: Promise<{ unlisten(): Promise<void> } | undefined> | undefined;
  let renewal: NodeJS.Timeout | undefined;

  // a nudge that comes while the loop is busy is kept, so the next rest ends at once
  let nudged = false;
  // The last claim found fewer due rows than it had room for: a message finished then frees a slot but brings
  // no new row, so only the outbox's notification (or the timer of a row due later) is worth a query. Without
  // this every sent message cost a claim and a look for the next due row that found nothing.
  let drained = false;
  let endRest: (() => void) | undefined;
  const nudge = () => {
    nudged = true;
    endRest?.();
  };
  /** New rows were queued. */
  const wake = () => {
    drained = false;
    nudge();
  };
  const rest = async (ms: number) => {
    if (!nudged && !stopping) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, ms);
        endRest = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    endRest = undefined;
    nudged = false;
  };

  async function deliver(row: ClaimedNotification): Promise<void> {
    const template = row.template as Template;
    const locale = row.locale as Locale;
    let subject: string;
    try {
      if (!row.recipient) throw Object.assign(new Error('the recipient has no e-mail address'), { code: 'EENVELOPE' });
      // every claim counts, also one whose holder died before recording the outcome: a message that kills its
      // dispatcher each time is given up as well
      if (row.attempts > maxAttempts) throw Object.assign(new Error(`no outcome recorded after ${maxAttempts} attempts`), { code: 'EENVELOPE' });
      if (row.channel === 'telegram') {
        ({ subject } = await sendTelegram({ db, config, bot: deps.telegram }, row, holder));
      } else {
        const mail = await composeMail(db, config, { ...row, recipient: row.recipient, template, locale });
        subject = mail.subject;
        await mailer(mail);
      }
    } catch (error) {
      const giveUp = isPermanent(error) || row.attempts >= maxAttempts;
      const text = String((error as Error)?.message ?? error);
      // Telegram's 429 names its own wait
      const retryInMs = (error as { retryAfterMs?: number }).retryAfterMs ?? backoffMs(row.attempts);
      await markNotificationFailed(db, { id: row.id, holder, error: text, ...(giveUp ? {} : { retryInMs }) });
      // the row comes due again: the loop must look when
      if (!giveUp) drained = false;
      if (giveUp) logger.warn('a notification is undeliverable', { orderId: row.orderId, key: row.key, attempts: row.attempts, error: text });
      return;
    }
    const data = { template, recipient: row.recipient, notificationId: row.id };
    await markNotificationSent(db, {
      id: row.id,
      holder,
      subject,
      // only a message about an order goes on a timeline (an invitation has none)
      ...(isToClient(template) && row.orderId ? { timeline: { key: `${row.key}:sent`, orderId: row.orderId, text: timelineText(locale, 'notification_sent', data), data } } : {}),
    });
  }

  function take(row: ClaimedNotification) {
    const sending = deliver(row)
      // the row keeps its claim and goes again once the claim is stale
      .catch((error: unknown) => logger.error('a notification could not be marked', { orderId: row.orderId, key: row.key, error: String(error) }))
      .finally(() => {
        inHand.delete(row.id);
        if (!drained) nudge();
      });
    inHand.set(row.id, sending);
  }

  async function loop(): Promise<void> {
    while (!stopping) {
      let restMs = pollMs;
      try {
        const free = concurrency - inHand.size;
        if (free > 0) {
          const rows = await claimDueNotifications(db, { holder, limit: free, leaseMs });
          drained = rows.length < free;
          rows.forEach(take);
          if (rows.length === free) continue;
          const due = await nextDueAt(db);
          if (due) restMs = Math.min(pollMs, Math.max(MIN_REST_MS, due.getTime() - Date.now()));
        }
      } catch (error) {
        logger.warn('the mail dispatcher cannot read the outbox', { error: String(error) });
      }
      await rest(restMs);
    }
  }

  return {
    start() {
      if (running) return;
      listening = db.$client.listen(OUTBOX_CHANNEL, wake).catch((error: unknown) => {
        logger.warn('the mail dispatcher polls only: LISTEN failed', { error: String(error) });
        return undefined;
      });
      renewal = setInterval(() => {
        renewClaims(db, { holder, ids: [...inHand.keys()], leaseMs }).catch((error: unknown) => logger.warn('claims not renewed', { error: String(error) }));
      }, leaseMs / 3);
      running = loop();
    },
    async stop() {
      stopping = true;
      nudge();
      await running;
      await Promise.all(inHand.values());
      clearInterval(renewal);
      await (await listening)?.unlisten();
    },
  };
}
