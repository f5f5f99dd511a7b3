// Notifications from orders that still run on the workflow code from before the outbox: their `notify`
// activity now only queues the message, as the current workflow does in its own change's transaction, and
// the mail dispatcher sends it. Its key and recipients are those of the message the old activity would have
// sent, so a retried activity queues nothing twice.
import type { Config } from '../config.ts';
import type { Db } from '../db/client.ts';
import { enqueueNotifications, type OutboxMessage } from '../db/queries/outbox.ts';

export type { Recipient } from '../db/queries/outbox.ts';
export type NotifyInput = OutboxMessage;

export function createNotificationActivities({ db, config }: { db: Db; config: Config }) {
  return {
    async notify(input: NotifyInput): Promise<void> {
      await enqueueNotifications(db, [input], config.defaultLocale);
    },
  };
}
