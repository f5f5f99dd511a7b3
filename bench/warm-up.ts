// The warm-up order's whole history, however the order workflow is built: every run of it (an order may
// continue as new) and the histories of any child workflows it started, read once the order is quiet.
import type { Client } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import { ORDER_WORKFLOW, orderWorkflowId } from '../workflows/shared.ts';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

const QUIET_WITHIN_MS = 30_000;
const POLL_MS = 50;

export interface OrderHistory {
  /** The type the order's first run was started with: ORDER_WORKFLOW, unless the engine and this differ. */
  workflowType: string;
  /** The order's own runs, oldest first: what its driver triggered, so what the ceilings copy. */
  events: HistoryEvent[];
  /** Events of child workflows, counted into the order's cost but not into the ceilings' plan. */
  childEvents: HistoryEvent[];
  /** False when work was still pending after QUIET_WITHIN_MS: the counts may miss its last events. */
  quiet: boolean;
}

/**
 * Waits until the order has no workflow task or activity pending: its last answer can precede its last task.
 * False if work is still pending after a while (a long-running activity in some future engine): the history
 * is then read as it stands, and the report says so, rather than the whole run failing.
 */
async function untilQuiet(client: Client, workflowId: string): Promise<boolean> {
  const since = performance.now();
  for (;;) {
    const { raw } = await client.workflow.getHandle(workflowId).describe();
    if (!raw.pendingWorkflowTask && (raw.pendingActivities ?? []).length === 0) return true;
    if (performance.now() - since > QUIET_WITHIN_MS) return false;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** All runs of one workflow, oldest first, following each run back to the one it continued. */
async function runsOf(client: Client, workflowId: string): Promise<HistoryEvent[]> {
  const runs: HistoryEvent[][] = [];
  let runId: string | undefined;
  do {
    const { events } = await client.workflow.getHandle(workflowId, runId).fetchHistory();
    const run = events ?? [];
    runs.unshift(run);
    runId = run[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId || undefined;
  } while (runId);
  return runs.flat();
}

async function childrenOf(client: Client, events: HistoryEvent[]): Promise<HistoryEvent[]> {
  const children: HistoryEvent[] = [];
  for (const event of events) {
    const child = event.childWorkflowExecutionStartedEventAttributes?.workflowExecution?.workflowId;
    if (!child) continue;
    const own = await runsOf(client, child);
    children.push(...own, ...(await childrenOf(client, own)));
  }
  return children;
}

export async function orderHistory(client: Client, orderId: string): Promise<OrderHistory> {
  const workflowId = orderWorkflowId(orderId);
  const quiet = await untilQuiet(client, workflowId);
  const events = await runsOf(client, workflowId);
  return {
    workflowType: events[0]?.workflowExecutionStartedEventAttributes?.workflowType?.name ?? '?',
    events,
    childEvents: await childrenOf(client, events),
    quiet,
  };
}

/** Lines for the report when the history may not be what the engine runs for new orders, or not complete. */
export function historyWarnings(history: OrderHistory): string[] {
  const warnings: string[] = [];
  if (history.workflowType !== ORDER_WORKFLOW) warnings.push(`  note: the order ran as ${history.workflowType}, not ${ORDER_WORKFLOW}; its history is measured as it is`);
  if (!history.quiet) warnings.push(`  note: the order still had work pending after ${QUIET_WITHIN_MS / 1000} s; its history is counted as it stood`);
  return warnings;
}
