// A long-lived order's workflow continues as new (docs/funnel.md, "Deadlines and overdue work"): an order left
// unpaid for months collects reminders, deadlines and payments, and one run's history must not grow without
// bound. At a quiet moment (inbox empty, every update answered) the run hands its whole state to a new run
// of the same workflow id, which takes it up where this one stopped without taking the order in again.
import { makeContinueAsNewFunc, workflowInfo } from '@temporalio/workflow';
import type { OrderState } from '../order-state.ts';
import type { OrderWorkflowInput } from '../shared.ts';
import type { Event, OrderContext } from './context.ts';
import { arm } from './tasks.ts';

/** What one run hands the next: plain data, as the workflow's input. */
export interface CarriedOrder {
  state: OrderState;
  /** The sequence numbers of the read-model change, the timeline entry and the mail last written. */
  seq: number;
  entrySeq: number;
  mailSeq: number;
  /** Search attribute values as last upserted. */
  published: [string, string | number | boolean | null][];
  /** Timers still to fire: their id, due time, event and words. */
  timers: { id: string; atMs: number; event: Event; summary: string; what: string }[];
  /** Runs so far, the first counted as 1: for the operators and the tests. */
  run: number;
  /** Tasks whose warning and escalation are set already (escalation.ts): the next run must not warn twice. */
  escalationPlanned?: string[];
}

export type OrderRunInput = OrderWorkflowInput & { carried?: CarriedOrder };

/** True when this run's history is long enough to hand over: Temporal suggests it, or it passed the configured size. */
export function historyIsLong(ctx: OrderContext): boolean {
  const info = workflowInfo();
  const limit = ctx.input.settings.historyLimit;
  return info.continueAsNewSuggested || (limit !== undefined && info.historyLength >= limit);
}

/** Ends this run and starts the next with the order's state; it never returns. */
export async function handOver(ctx: OrderContext, run: number): Promise<never> {
  const timers: CarriedOrder['timers'] = [];
  for (const [id, timer] of ctx.timers) {
    // every timer armed by the main loop carries its event; the settlement wait's is not running at a quiet moment
    if (timer.event) timers.push({ id, atMs: timer.atMs, event: timer.event, summary: timer.summary ?? timer.what, what: timer.what });
  }
  const carried: CarriedOrder = {
    state: ctx.state,
    seq: ctx.seq,
    entrySeq: ctx.entrySeq,
    mailSeq: ctx.mailSeq,
    published: [...ctx.published],
    timers,
    run: run + 1,
    ...(ctx.escalation ? { escalationPlanned: [...ctx.escalation.planned] } : {}),
  };
  const { carried: _previous, ...input } = ctx.input as OrderRunInput;
  const info = workflowInfo();
  // the order's number and current values stay searchable under the same workflow id
  const next = makeContinueAsNewFunc<(input: OrderRunInput) => Promise<void>>({ typedSearchAttributes: info.typedSearchAttributes, memo: info.memo });
  return next({ ...input, carried });
}

/** Takes up a carried order in a new run's context: the same state and counters, its timers armed again. */
export function takeUp(ctx: OrderContext, carried: CarriedOrder): void {
  // in place: the workflow's handlers hold the state object already
  Object.assign(ctx.state, carried.state);
  ctx.seq = carried.seq;
  ctx.entrySeq = carried.entrySeq;
  ctx.mailSeq = carried.mailSeq;
  ctx.published = new Map(carried.published);
  for (const timer of carried.timers) arm(ctx, timer.id, timer.atMs, timer.event, timer.summary, timer.what);
  // the warning and escalation timers came with the rest; the tasks they belong to are planned already
  for (const taskId of carried.escalationPlanned ?? []) ctx.escalation?.planned.add(taskId);
}
