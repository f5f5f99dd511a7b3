// Reversal of a payment recorded by mistake (docs/money.md, "Reversing a payment"). The row is marked first,
// once, so that two accountants reversing it at once get one 200 and one 409; then the order's workflow
// counts it (idempotent, so a repeat after a lost answer does no harm). A refusal from the order takes the
// mark back, so the row never says more than the order counts.
import { getPayment, markPaymentReversed, unmarkPaymentReversed } from '../../db/queries/payments.ts';
import type { Principal } from '../../domain/roles.ts';
import { reversePaymentUpdate } from '../../workflows/shared.ts';
import { conflict, notFound } from '../errors.ts';
import { actorOf, sendCommand } from './commands.ts';
import type { ServiceDeps } from './deps.ts';
import { paymentView } from './views.ts';

export async function reversePayment(deps: ServiceDeps, principal: Principal, paymentId: string, reason: string) {
  const { db } = deps;
  const stored = await getPayment(db, paymentId);
  if (!stored) throw notFound('Payment');
  if (stored.amount <= 0) throw conflict('A refund is not reversed; record the money that came back as a payment instead');
  const actor = actorOf(principal);
  const fresh = await markPaymentReversed(db, { id: paymentId, reason, byId: actor?.id ?? null, at: new Date() });
  const command = { actor, paymentId, invoiceId: stored.invoiceId, amount: stored.amount, reason: fresh ? reason : (stored.reversalReason ?? reason) };
  try {
    await sendCommand(deps, stored.orderId, reversePaymentUpdate, command);
  } catch (error) {
    if (fresh) await unmarkPaymentReversed(db, paymentId);
    throw error;
  }
  if (!fresh) {
    const reversedAt = stored.reversedAt ?? (await getPayment(db, paymentId))?.reversedAt;
    throw conflict(`The payment was reversed already${reversedAt ? ` on ${reversedAt.toISOString().slice(0, 10)}` : ''}`, { paymentId });
  }
  return paymentView((await getPayment(db, paymentId))!);
}
