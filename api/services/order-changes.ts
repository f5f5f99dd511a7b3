// Changes to an order once taken (docs/api.md, "Changes to an order"): checked here against the contract and
// the roles, then carried out by the order's workflow, which refuses what its stage does not allow (409).
import type { z } from 'zod';
import { getOrder } from '../../db/queries/orders.ts';
import { prepaymentFor } from '../../domain/qualification.ts';
import { mayChangeOrder, type Principal } from '../../domain/roles.ts';
import { amendUpdate, changeCustomerUpdate, changeDeliveryUpdate, changeItemsUpdate } from '../../workflows/shared.ts';
import { forbidden, notFound, validationFailed } from '../errors.ts';
import type { amendBody, changeItemsBody, customerChangeBody } from '../change-schemas.ts';
import type { deliveryEntryBody } from '../schemas.ts';
import { actorOf, sendCommand } from './commands.ts';
import type { ServiceDeps } from './deps.ts';
import { priceItems } from './intake.ts';
import { command, deliveryData, findOrder, withQualifiedDelivery } from './orders.ts';

/** The order, if `principal` may change it: its manager, a head of sales, management or the admin. */
async function changeable(deps: ServiceDeps, principal: Principal, id: string) {
  const found = await getOrder(deps.db, id);
  if (!found) throw notFound('Order');
  if (!mayChangeOrder(principal, { managerId: found.order.manager?.id ?? null })) {
    throw forbidden('Only the order’s manager, a head of sales or management may change the order');
  }
  return found.order;
}

export async function changeCustomer(deps: ServiceDeps, principal: Principal, id: string, body: z.infer<typeof customerChangeBody>) {
  const order = await changeable(deps, principal, id);
  const { customer: c } = order;
  const current = { name: c.name, email: c.email ?? null, phone: c.phone ?? null, company: c.company ?? null, inn: c.inn ?? null, locale: c.locale };
  const changes = body.customer;
  // the client must stay reachable: an address erased needs a phone, and the other way round
  if ((changes.email === undefined ? current.email : changes.email) === null && (changes.phone === undefined ? current.phone : changes.phone) === null) {
    throw validationFailed([{ field: 'body.customer.email', message: 'email or phone is required' }]);
  }
  await command(deps, id, () => sendCommand(deps, id, changeCustomerUpdate, { actor: actorOf(principal), changes, current }));
  return findOrder(deps, principal, id);
}

export async function amendOrder(deps: ServiceDeps, principal: Principal, id: string, body: z.infer<typeof amendBody>) {
  const order = await changeable(deps, principal, id);
  const requested = body.items ?? order.items.map((item) => ({ productId: item.productId, quantity: item.quantity, price: item.price, discountPercent: item.discountPercent }));
  if (!requested.length) throw validationFailed([{ field: 'body.items', message: 'the order has no rows yet: give them' }]);
  const items = await priceItems(deps.db, requested);
  const total = items.reduce((sum, item) => sum + item.amount, 0);
  const prepayment = prepaymentFor(body.paymentScheme, total, body.prepaymentAmount);
  if (!prepayment.ok) throw validationFailed([{ field: `body.${prepayment.field}`, message: prepayment.message }]);
  const amend = { actor: actorOf(principal), items, paymentScheme: body.paymentScheme, prepaymentAmount: prepayment.prepaymentAmount };
  await command(deps, id, () => sendCommand(deps, id, amendUpdate, amend));
  return findOrder(deps, principal, id);
}

export async function changeItems(deps: ServiceDeps, principal: Principal, id: string, body: z.infer<typeof changeItemsBody>) {
  await changeable(deps, principal, id);
  const add = body.add?.length ? await priceItems(deps.db, body.add) : [];
  const remove = [...new Set(body.remove ?? [])];
  await command(deps, id, () => sendCommand(deps, id, changeItemsUpdate, { actor: actorOf(principal), add, remove }));
  return findOrder(deps, principal, id);
}

export async function changeDelivery(deps: ServiceDeps, principal: Principal, id: string, entry: z.infer<typeof deliveryEntryBody>) {
  await changeable(deps, principal, id);
  const { delivery } = deliveryData(deps, await withQualifiedDelivery(deps, id, entry), 'body');
  await command(deps, id, () => sendCommand(deps, id, changeDeliveryUpdate, { actor: actorOf(principal), delivery }));
  return findOrder(deps, principal, id);
}
