// What the ceiling's driver and its workflow share: the per-order plan counted from a real order's history,
// the message definitions and the task queue. No workflow code here, so the driver can import it.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';

export const CEILING_TASK_QUEUE = 'bench-ceiling';
export const CEILING_WORKFLOW = 'ceilingWorkflow';

/** One step of an order: what triggers it and what the workflow does for it. */
export interface Step {
  trigger: 'start' | 'update' | 'signal';
  /** Activities the step awaits, one after another (the order's read-model writes, invoices, assignment). */
  awaited: number;
  /** Activities started beside the step and not awaited (the order's mail). */
  background: number;
  /** Local activities the step awaits (the order's short database writes, if it runs them locally). */
  local: number;
  timersStarted: number;
  timersCancelled: number;
}

export interface CeilingInput {
  steps: Step[];
}

/** Sent with the start, as the order's intake update is: answers once the first step is done. */
export const startedUpdate = defineUpdate<number>('started');
/** Runs the next step; answers once its awaited activities are done. */
export const stepUpdate = defineUpdate<number>('step');
/** Runs the next step without an answer, as a payment does. */
export const stepSignal = defineSignal('step');
/** How many steps are done: the driver polls it after a signal, as the real driver polls the order. */
export const doneQuery = defineQuery<number>('done');
