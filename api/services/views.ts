// Read-model records as the contract shows them.
import type { z } from 'zod';
import type { Config } from '../../config.ts';
import { payPageUrl, publicPdfUrl } from '../../integrations/payment-links.ts';
import type { InvoiceRecord } from '../../db/queries/invoices.ts';
import type { getOrder } from '../../db/queries/orders.ts';
import type { PaymentRecord } from '../../db/queries/payments.ts';
import type { TaskView } from '../../db/queries/tasks.ts';
import { orderPageUrl } from '../../integrations/mail/compose.ts';
import { mayReadCosts, type Principal } from '../../domain/roles.ts';
import type { invoice, order, payment } from '../schemas.ts';
import { clientPageUrl } from './client-links.ts';

/** Invoices issued before links were stored, and any whose provider call failed, pay on our own page. */
export function invoiceView(config: Config, record: InvoiceRecord): z.input<typeof invoice> {
  return {
    id: record.id,
    number: record.number,
    orderId: record.orderId,
    kind: record.kind,
    amount: record.amount,
    paid: record.paid,
    currency: record.currency,
    status: record.status,
    issuedAt: record.issuedAt.toISOString(),
    dueDate: record.dueDate,
    paymentUrl: record.paymentUrl ?? payPageUrl(config, record.paymentToken),
    pdfUrl: publicPdfUrl(config, record.paymentToken),
  };
}

export function paymentView(record: PaymentRecord): z.input<typeof payment> {
  return {
    id: record.id,
    orderId: record.orderId,
    invoiceId: record.invoiceId,
    amount: record.amount,
    currency: record.currency,
    source: record.source,
    externalId: record.externalId,
    receivedAt: record.receivedAt.toISOString(),
    reversedAt: record.reversedAt?.toISOString() ?? null,
    reversalReason: record.reversalReason,
  };
}

type Found = NonNullable<Awaited<ReturnType<typeof getOrder>>>;

interface Costs {
  productionCost?: number | null;
  margin?: number | null;
  marginPercent?: number | null;
}

/** An order (or its summary) as `viewer` may see it: without costs and margin for production and logistics. */
export function withoutCostsFor<T extends Costs & { items?: { costPrice?: number | null; productionCost?: number | null }[] }>(viewer: Principal, record: T): T {
  if (mayReadCosts(viewer)) return record;
  const { productionCost: _cost, margin: _margin, marginPercent: _percent, ...rest } = record;
  const items = record.items?.map(({ costPrice: _price, productionCost: _itemCost, ...item }) => item);
  return (items ? { ...rest, items } : rest) as T;
}

export function orderView(config: Config, found: Found, viewer: Principal): z.input<typeof order> {
  const clientUrl = found.clientToken ? clientPageUrl(config, found.clientToken) : null;
  const tasks = found.order.tasks.map((t) => taskView(config, t));
  return withoutCostsFor(viewer, { ...found.order, clientUrl, tasks, invoices: found.order.invoices.map((i) => invoiceView(config, i)) });
}

/** A task as the API shows it: with the link to its order's page in the workspace, as its e-mail has. */
export const taskView = (config: Config, task: TaskView) => ({ ...task, orderUrl: orderPageUrl(config, task.orderId) });
