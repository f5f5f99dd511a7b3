// A message the client writes on the order page: checked, limited per link, and handed to the order's
// workflow, the one writer of the timeline. On an order whose workflow has ended the API writes the entry
// and queues the manager's mail itself, keyed by the message id the same way.
import { enqueueNotifications } from '../../db/queries/outbox.ts';
import { getOrder } from '../../db/queries/orders.ts';
import { incrementRateLimit } from '../../db/queries/rate-limits.ts';
import { insertTimelineEntry } from '../../db/queries/timeline.ts';
import { timelineText } from '../../domain/texts.ts';
import { clientMessageUpdate, orderWorkflowId } from '../../workflows/shared.ts';
import { OrderClosedError, sendCommand } from './commands.ts';
import type { ServiceDeps } from './deps.ts';

/** Per link: enough for a conversation, too few to flood the manager's mailbox. */
export const CLIENT_MESSAGE_LIMIT = { max: 10, windowMs: 10 * 60_000 };

export type ClientMessageOutcome = 'sent' | 'tooMany';

export async function sendClientMessage(deps: ServiceDeps, orderId: string, input: { messageId: string; text: string }): Promise<ClientMessageOutcome> {
  const window = await incrementRateLimit(deps.db, `client-messages:${orderId}`, CLIENT_MESSAGE_LIMIT.windowMs);
  if (window.count > CLIENT_MESSAGE_LIMIT.max) return 'tooMany';
  try {
    await sendCommand(deps, orderId, clientMessageUpdate, input);
  } catch (error) {
    if (!(error instanceof OrderClosedError)) throw error;
    await recordAfterClose(deps, orderId, input);
  }
  return 'sent';
}

async function recordAfterClose({ db, config }: ServiceDeps, orderId: string, input: { messageId: string; text: string }): Promise<void> {
  const found = await getOrder(db, orderId);
  if (!found) return;
  const { order } = found;
  const key = `${orderWorkflowId(orderId)}:client-message:${input.messageId}`;
  const data = { text: input.text, messageId: input.messageId };
  await db.transaction(async (tx) => {
    await insertTimelineEntry(tx, { key, orderId, at: new Date(), type: 'client_message', actor: null, text: timelineText(order.customer.locale, 'client_message', data), data });
    const to = order.manager ? { kind: 'employee' as const, employeeId: order.manager.id } : { kind: 'heads' as const, department: 'sales' as const };
    const mail = { number: order.number, customerName: order.customer.name, currency: order.currency, text: input.text };
    await enqueueNotifications(tx, [{ key: `${key}:mail`, orderId, template: 'client_message', to, data: mail }], config.defaultLocale);
  });
}
