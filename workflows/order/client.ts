// The client's side of the order: a message the client wrote on the order page (`/o/:token`). It lands on
// the timeline as the client's and the manager is told by mail, in the change of the event that carries it.
import type { ClientMessageCommand } from '../shared.ts';
import type { OrderContext } from './context.ts';

/**
 * Keys come from the message's own id (one per form the page rendered), not from the order's counters: a
 * message sent twice (a double click, the API's retry after a timeout) writes one entry and one mail.
 */
export function onClientMessage(ctx: OrderContext, command: ClientMessageCommand): { key: string } {
  const { state, input } = ctx;
  const key = `${ctx.key}:client-message:${command.messageId}`;
  (ctx.draft.timeline ??= []).push({ key, type: 'client_message', data: { text: command.text, messageId: command.messageId }, actor: null });
  const to = state.manager ? { kind: 'employee' as const, employeeId: state.manager.id } : { kind: 'heads' as const, department: 'sales' as const };
  (ctx.draft.notifications ??= []).push({
    key: `${key}:mail`,
    orderId: input.orderId,
    template: 'client_message',
    to,
    data: { number: input.number, customerName: input.customerName, currency: input.currency, text: command.text },
  });
  return { key };
}
