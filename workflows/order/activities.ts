// The order's activities and how they run. Every call names its step and object in its own `summary`
// (executeWithOptions), so an operator reads the timeline without opening payloads.
import { proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { OrderActivities } from '../../activities/index.ts';

const retry = { initialInterval: '500ms', backoffCoefficient: 2, maximumInterval: '30s' } as const;

/** Database work that takes a lock or a number (manager, invoice): a regular activity, seen in the history. */
export const { assignManager, issueInvoice } = proxyActivities<OrderActivities>({ startToCloseTimeout: '30s', retry });

/**
 * Short idempotent database work, run inside the workflow task on the worker that runs the workflow: no
 * round trip through the server's task queue, three events fewer each. Safe because each one is a single
 * transaction that a re-run (after a worker crash the whole local activity runs again) cannot double:
 * recordChange applies a change only above the order's sequence number; pickAssignees, costPrices and
 * computeDeadlines only read. The retry's backoff past a minute becomes a durable timer, so a PostgreSQL outage is waited out.
 */
export const { recordChange, pickAssignees, costPrices, computeDeadlines } = proxyLocalActivities<OrderActivities>({
  startToCloseTimeout: '30s',
  retry,
});

// A provider outage must not hold up the order (or the manager's qualify call waiting on it): after ten
// seconds the invoice goes out with the link to our payment page, which asks the provider again when opened.
export const { createPaymentLink } = proxyActivities<OrderActivities>({
  startToCloseTimeout: '5s',
  scheduleToCloseTimeout: '10s',
  retry: { initialInterval: '500ms', backoffCoefficient: 2, maximumInterval: '4s' },
});
