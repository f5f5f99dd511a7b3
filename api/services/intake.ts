// `POST /orders`: price the rows, write the order once per Idempotency-Key, and start its workflow.
import { WithStartWorkflowOperation, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { createHash, randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/client.ts';
import { claimIdempotencyKey, getOrder, insertIntake, nextNumber, type IntakeItem } from '../../db/queries/orders.ts';
import { getProducts } from '../../db/queries/products.ts';
import { formatMoney, formatNumber, yearIn } from '../../domain/format.ts';
import type { Locale } from '../../domain/funnel.ts';
import { orderTotals, rowMoney, toDiscountHundredths, toQuantityMilli } from '../../domain/money.ts';
import type { Principal } from '../../domain/roles.ts';
import { timelineText } from '../../domain/texts.ts';
import { intakeUpdate, ORDER_WORKFLOW, orderWorkflowId, searchAttributes, type OrderSettings, type OrderWorkflowInput } from '../../workflows/shared.ts';
import { newClientToken } from './client-links.ts';
import type { ServiceDeps } from './deps.ts';
import { conflict, validationFailed } from '../errors.ts';
import type { createOrderBody } from '../schemas.ts';

type CreateOrder = z.infer<typeof createOrderBody>;

/** Prices the requested rows from the catalog; unknown products are named in a 400. */
export async function priceItems(db: Db, requested: CreateOrder['items'] = []): Promise<IntakeItem[]> {
  const catalog = new Map((await getProducts(db, [...new Set(requested.map((i) => i.productId))])).map((p) => [p.id, p]));
  const unknown = requested.flatMap((item, index) =>
    catalog.has(item.productId) ? [] : [{ field: `body.items.${index}.productId`, message: 'no such product' }],
  );
  if (unknown.length) throw validationFailed(unknown, 'Unknown product');
  const priced = requested.map((item) => {
    const product = catalog.get(item.productId)!;
    const price = item.price ?? product.price;
    const quantityMilli = toQuantityMilli(item.quantity)!;
    const discountHundredths = toDiscountHundredths(item.discountPercent ?? 0)!;
    const { vatRate } = product;
    return {
      id: randomUUID(),
      productId: product.id,
      sku: product.sku,
      name: product.name,
      unit: product.unit,
      quantityMilli,
      price,
      discountHundredths,
      vatRate,
      productionDays: product.productionDays,
      ...rowMoney({ price, quantityMilli, discountHundredths, vatRate }),
    };
  });
  const tooLarge = priced.flatMap((row, index) =>
    Number.isSafeInteger(row.amount) ? [] : [{ field: `body.items.${index}.quantity`, message: 'the row amount is too large' }],
  );
  if (tooLarge.length || !Number.isSafeInteger(orderTotals(priced).amount)) {
    throw validationFailed(tooLarge.length ? tooLarge : [{ field: 'body.items', message: 'the order total is too large' }]);
  }
  return priced;
}

/** Canonical JSON (sorted keys) so that the same body always hashes the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

type StoredOrder = {
  id: string;
  number: string;
  customer: { name: string; locale: Locale; phone?: string | null; email?: string | null };
  currency: string;
  totals: { amount: number };
  comment?: string | null;
};

export function workflowInput(config: Config, order: StoredOrder): OrderWorkflowInput {
  return {
    orderId: order.id,
    number: order.number,
    locale: order.customer.locale,
    currency: order.currency,
    customerName: order.customer.name,
    amount: order.totals.amount,
    settings: orderSettings(config),
    comment: order.comment ?? null,
    contact: { phone: order.customer.phone ?? null, email: order.customer.email ?? null },
  };
}

/** Durations as configured now: fixed into a workflow when it starts. */
export function orderSettings(config: Config): OrderSettings {
  return {
    sla: config.sla,
    paymentTermMs: config.payments.termMs,
    paymentReminderIntervalMs: config.payments.reminderIntervalMs,
    productionDayMs: config.productionDayMs,
    timezone: config.timezone,
    settlementWindowMs: config.settlementWindowMs,
    paymentReminderLimit: config.payments.reminderLimit,
    historyLimit: config.workflowHistoryLimit,
    escalation: config.escalation,
  };
}

/** `scope`: whose Idempotency-Keys these are; by default the caller's own (a website's form has its own, services/public-orders.ts). */
export async function createOrder(deps: ServiceDeps, principal: Principal, body: CreateOrder, idempotencyKey: string | undefined, scope = principal.id ?? 'admin') {
  const { db, config } = deps;
  const items = await priceItems(db, body.items);
  const totals = orderTotals(items);
  const locale = body.customer.locale ?? config.defaultLocale;
  const createdAt = new Date();
  const actor = principal.kind === 'employee' ? { id: principal.id, name: principal.name } : null;

  const orderId = await db.transaction(async (tx) => {
    const claim = idempotencyKey
      ? await claimIdempotencyKey(
          tx,
          { scope, key: idempotencyKey, requestHash: createHash('sha256').update(canonical(body)).digest('hex') },
          randomUUID(),
        )
      : { orderId: randomUUID(), fresh: true, sameRequest: true };
    if (!claim.sameRequest) throw conflict('This Idempotency-Key was used with a different request body');
    if (!claim.fresh) return claim.orderId;

    const year = yearIn(config.timezone, createdAt);
    const number = formatNumber('order', year, await nextNumber(tx, 'order', year));
    const { customer } = body;
    await insertIntake(tx, {
      id: claim.orderId,
      number,
      customer: {
        name: customer.name,
        email: customer.email?.toLowerCase() ?? null,
        phone: customer.phone ?? null,
        company: customer.company ?? null,
        inn: customer.inn ?? null,
      },
      locale,
      currency: 'RUB',
      amount: totals.amount,
      vat: totals.vat,
      comment: body.comment ?? null,
      externalId: body.externalId ?? null,
      clientToken: newClientToken(),
      createdById: actor?.id ?? null,
      createdAt,
      items,
      createdEntry: {
        key: `order-${claim.orderId}:order_created`,
        actor,
        text: timelineText(locale, 'order_created', { number }),
        data: { number, amount: totals.amount, items: items.length },
      },
    });
    return claim.orderId;
  });

  const stored = await getOrder(db, orderId);
  if (!stored) throw new Error(`order ${orderId} vanished after intake`);
  // A retry after the workflow has taken the order answers from the read model; otherwise (a first request,
  // or a retry after a crash before the start) the start is repeated and joins the existing run, if any.
  if (stored.version > 0) return stored;
  await startOrderWorkflow(deps, workflowInput(config, stored.order));
  return (await getOrder(db, orderId))!;
}

/** How long `POST /orders` waits for the workflow's first stage before answering 503 (a retry joins the run). */
const INTAKE_DEADLINE_MS = 15_000;

async function startOrderWorkflow({ temporal, config }: ServiceDeps, input: OrderWorkflowInput): Promise<void> {
  await temporal.withDeadline(Date.now() + INTAKE_DEADLINE_MS, () => startWithIntake(temporal, config, input));
}

function startWithIntake(temporal: ServiceDeps['temporal'], config: Config, input: OrderWorkflowInput) {
  return temporal.workflow.executeUpdateWithStart(intakeUpdate, {
    startWorkflowOperation: new WithStartWorkflowOperation(ORDER_WORKFLOW, startOptions(config, input)),
  });
}

/**
 * Starts the workflow of an order whose `POST /orders` stored it but did not see its workflow take it (the
 * start failed, timed out, or the API died in between); joins the run if there is one. For the relay: it
 * does not wait for the first stage.
 */
export async function startStoredOrder({ db, temporal, config }: ServiceDeps, orderId: string): Promise<void> {
  const stored = await getOrder(db, orderId);
  if (!stored || stored.version > 0) return;
  const input = workflowInput(config, stored.order);
  try {
    await temporal.workflow.start(ORDER_WORKFLOW, startOptions(config, input));
  } catch (error) {
    // the run exists or existed: nothing to start
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
}

function startOptions(config: Config, input: OrderWorkflowInput) {
  return {
    workflowId: orderWorkflowId(input.orderId),
    taskQueue: config.temporal.taskQueue,
    args: [input] as [OrderWorkflowInput],
    workflowIdConflictPolicy: 'USE_EXISTING' as const,
    workflowIdReusePolicy: 'REJECT_DUPLICATE' as const,
    staticSummary: `№ ${input.number} · ${input.customerName} · ${formatMoney(input.amount, input.currency, input.locale)}`,
    typedSearchAttributes: [
      { key: searchAttributes.stage, value: 'new' },
      { key: searchAttributes.number, value: input.number },
      { key: searchAttributes.amountDue, value: input.amount },
      { key: searchAttributes.overdue, value: false },
    ],
  };
}
