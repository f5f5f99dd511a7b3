// What one run of the order workflow carries between events, and how one event's effects are gathered into
// one change: timeline entries, read-model patches and queued messages go into the draft, and `flush`
// writes the draft in one transaction (with its messages) under the next sequence number.
import { currentUpdateInfo, patched, setCurrentDetails, upsertSearchAttributes, uuid4, type CancellationScope } from '@temporalio/workflow';
import type { OrderChange, OutboxMessage, Recipient, TimelineWrite } from '../../activities/index.ts';
import type { TimelineType } from '../../domain/funnel.ts';
import { dueOf } from '../../domain/money.ts';
import { waitingDetails } from '../../domain/operator-texts.ts';
import { initialState, openTasks, type Command, type OrderState } from '../order-state.ts';
import { ORDER_PATCHES, orderWorkflowId, searchAttributes, type CommandActor, type OrderWorkflowInput, type PaymentFailure, type PaymentNotice } from '../shared.ts';
import { recordChange } from './activities.ts';
import { keyedUuid } from './keys.ts';

export type Event =
  | { kind: 'command'; id: number; command: Command; /** The update that carried it. */ updateId?: string }
  | { kind: 'payment'; payment: PaymentNotice }
  | { kind: 'paymentFailed'; failure: PaymentFailure }
  | { kind: 'taskDeadline'; taskId: string }
  | { kind: 'invoiceDue'; invoiceId: string; reminder: number }
  | { kind: 'taskWarning'; taskId: string }
  | { kind: 'taskEscalation'; taskId: string };

export type Draft = Omit<OrderChange, 'orderId' | 'seq' | 'at'>;

export interface Timer {
  scope: CancellationScope;
  atMs: number;
  /** What it guards, for the order's current details. */
  what: string;
  /** What it puts in the inbox and the operators' summary: a run that continues as new arms it again. */
  event?: Event;
  summary?: string;
}

export interface OrderContext {
  input: OrderWorkflowInput;
  /** The workflow id: the root of every key this order derives. */
  key: string;
  state: OrderState;
  draft: Draft;
  inbox: Event[];
  timers: Map<string, Timer>;
  seq: number;
  /**
   * Keys of timeline entries, messages and tasks derive from the event that caused them (`cause`, with a step
   * number within it), so an attempt that takes events in another order writes the same keys for the same
   * effects. Runs started before this keep counting entries and messages across the run (`entrySeq`, `mailSeq`).
   */
  causeKeys: boolean;
  /** Deadlines that count from another one are asked in the same calendar call, chained on its result (deadlines.ts). */
  chained: boolean;
  cause: string;
  causeStep: number;
  entrySeq: number;
  mailSeq: number;
  /**
   * When the event being handled happened: its change's time and what its deadlines count from, so a task's
   * deadline is exactly its SLA after its timeline entry however long the activities in between take.
   */
  eventAt: number | null;
  /** A settlement run after the order's workflow ended: its money entries say so. */
  afterClose: boolean;
  /** Search attribute values as last upserted: unchanged ones are not sent again. */
  published: Map<string, string | number | boolean | null>;
  /** Warnings and escalation (escalation.ts); absent for orders started before them. */
  escalation?: Escalation;
}

export interface Escalation {
  warnAtShare: number | null;
  delayMs: number;
  /** Tasks whose warning and escalation timers are set. */
  planned: Set<string>;
  /** The event's timeline entries, even those written before an invoice (which flushes the draft midway). */
  written: TimelineWrite[];
  /**
   * Warning and escalation instants computed with the task deadlines they belong to, in the same call, keyed by
   * the deadline (ms); afterEvent takes them and asks the calendar only for the rest. Absent in runs started
   * before (patch `task-deadlines-ahead`), which ask in a call of their own.
   */
  ahead?: Map<number, { warnAt: number | null; escalateAt: number }>;
}

export function createContext(input: OrderWorkflowInput): OrderContext {
  return {
    input,
    key: orderWorkflowId(input.orderId),
    state: initialState(input),
    draft: {},
    inbox: [],
    timers: new Map(),
    seq: 0,
    causeKeys: patched(ORDER_PATCHES.eventKeys),
    chained: patched(ORDER_PATCHES.deadlinesAhead),
    cause: 'start',
    causeStep: 0,
    entrySeq: 0,
    mailSeq: 0,
    eventAt: null,
    afterClose: false,
    published: new Map(),
  };
}

export const now = (): string => new Date(Date.now()).toISOString();

/** A command as an event of the main loop, called in the update handler that carries it: its keys derive from the update's id. */
export function commandEvent(id: number, command: Command): Event {
  const updateId = currentUpdateInfo()?.id;
  return { kind: 'command', id, command, ...(updateId ? { updateId } : {}) };
}

/** What an event's keys derive from: the update, the payment, the timer. */
export function causeOf(event: Event): string {
  switch (event.kind) {
    case 'command':
      return `update:${event.updateId ?? event.id}`;
    case 'payment':
      return `payment:${event.payment.paymentId}`;
    case 'paymentFailed':
      return `payment-failed:${event.failure.transactionId}`;
    case 'invoiceDue':
      return `due:${event.invoiceId}:${event.reminder}`;
    case 'taskDeadline':
      return `deadline:${event.taskId}`;
    case 'taskWarning':
      return `warning:${event.taskId}`;
    case 'taskEscalation':
      return `escalation:${event.taskId}`;
  }
}

/** The effects that follow are `cause`'s. */
export function begin(ctx: OrderContext, cause: string): void {
  ctx.cause = cause;
  ctx.causeStep = 0;
}

const causeKey = (ctx: OrderContext, what: string) => `${ctx.key}:${ctx.cause}:${what}${++ctx.causeStep}`;

/** A new task's id: derived from its cause, or random in runs started before that. */
export const newTaskId = (ctx: OrderContext): string => (ctx.causeKeys ? keyedUuid(causeKey(ctx, 'task:')) : uuid4());

export function entry(ctx: OrderContext, type: TimelineType, data: Record<string, unknown>, actor: CommandActor = null): TimelineWrite {
  const key = ctx.causeKeys ? causeKey(ctx, '') : `${ctx.key}:${++ctx.entrySeq}`;
  const written: TimelineWrite = { key, type, data, actor };
  (ctx.draft.timeline ??= []).push(written);
  ctx.escalation?.written.push(written);
  return written;
}

export function patchOrder(ctx: OrderContext, patch: NonNullable<Draft['order']>): void {
  ctx.draft.order = { ...ctx.draft.order, ...patch };
}

/** Queues a message with the change: written in the change's transaction, sent later by the dispatcher. */
export function notify(ctx: OrderContext, template: OutboxMessage['template'], to: Recipient, data: OutboxMessage['data'] = {}, invoice?: { id: string; attach?: boolean }): void {
  const { input } = ctx;
  const message: OutboxMessage = {
    key: ctx.causeKeys ? `${causeKey(ctx, 'mail:')}:${template}` : `${ctx.key}:mail:${++ctx.mailSeq}:${template}`,
    orderId: input.orderId,
    template,
    to,
    // the name as staff last changed it (workflows/order/changes.ts)
    data: { number: input.number, customerName: ctx.state.customer?.name ?? input.customerName, currency: input.currency, ...data },
    ...(invoice ? { invoiceId: invoice.id, attachInvoice: invoice.attach ?? false } : {}),
  };
  (ctx.draft.notifications ??= []).push(message);
}

/** Writes what the draft holds, if anything, as the order's next change. */
export async function flush(ctx: OrderContext): Promise<void> {
  if (Object.keys(ctx.draft).length === 0) return;
  const change = ctx.draft;
  ctx.draft = {};
  const seq = ++ctx.seq;
  await recordChange.executeWithOptions({ summary: `Запись изменения ${seq} заказа ${ctx.input.number}` }, [
    {
      orderId: ctx.input.orderId,
      seq,
      at: new Date(ctx.eventAt ?? Date.now()).toISOString(),
      // this attempt's time and the workflow's open tasks: a retried workflow task's change replaces a dead attempt's
      basis: Date.now(),
      openTaskIds: openTasks(ctx.state).map((t) => t.id),
      ...change,
    },
  ]);
}

/** Search attributes that changed, and the two lines of current details. */
export function publish(ctx: OrderContext): void {
  const { state } = ctx;
  const values = [
    { key: searchAttributes.stage, value: state.stage },
    { key: searchAttributes.managerId, value: state.manager?.id ?? null },
    { key: searchAttributes.amountDue, value: dueOf(state.total, state.paid) },
    { key: searchAttributes.overdue, value: state.overdue },
  ];
  const changed = values.filter(({ key, value }) => !ctx.published.has(key.name) || ctx.published.get(key.name) !== value);
  if (changed.length) {
    upsertSearchAttributes(changed as Parameters<typeof upsertSearchAttributes>[0]);
    for (const { key, value } of changed) ctx.published.set(key.name, value);
  }
  let next: Timer | undefined;
  for (const timer of ctx.timers.values()) if (!next || timer.atMs < next.atMs) next = timer;
  setCurrentDetails(waitingDetails(state.stage, next ? { what: next.what, at: new Date(next.atMs).toISOString() } : null, ctx.input.settings.timezone));
}
