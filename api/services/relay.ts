// The durable relay from the database to the order workflows. The API stores first and then tells Temporal;
// when Temporal cannot be told at that moment (an outage, a deadline, the API process dying in between),
// what was stored is handed over from here once it can be, so a provider, 1C or a client never has to
// retry for it:
// - payments not yet delivered to their order are signalled (the workflow counts each payment id once),
//   or counted on the order if its workflow has ended meanwhile;
// - orders no workflow has taken are started (the start joins a run that exists).
// Every step is idempotent, so two API processes relaying the same rows do no harm.
import { unstartedOrderIds } from '../../db/queries/orders.ts';
import { undeliveredPayments } from '../../db/queries/payments.ts';
import type { ServiceDeps, ServiceLog } from './deps.ts';
import { OrderClosedError } from './commands.ts';
import { startStoredOrder } from './intake.ts';
import { countAfterClose, deliverPayment } from './payments-in.ts';

const BATCH = 100;
// the pause between failed rounds doubles up to this many intervals
const MAX_BACKOFF_INTERVALS = 8;

export interface RelayRound {
  payments: number;
  orders: number;
}

export interface Relay {
  start(): void;
  /** Stops taking new rounds and waits for the one running. */
  stop(): Promise<void>;
  /** One pass over what is owed; throws what Temporal or the database threw. */
  runOnce(): Promise<RelayRound>;
}

export function createRelay(deps: ServiceDeps, log: ServiceLog): Relay {
  const { intervalMs, graceMs } = deps.config.relay;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = true;
  let failures = 0;

  const runOnce = async (): Promise<RelayRound> => {
    // rows younger than the grace period still belong to the request that stored them
    const before = new Date(Date.now() - graceMs);
    let paymentsDelivered = 0;
    for (const row of await undeliveredPayments(deps.db, { before, limit: BATCH })) {
      const { recordedById, recordedByName, ...payment } = row;
      try {
        await deliverPayment(deps, payment, recordedById ? { id: recordedById, name: recordedByName ?? '' } : null);
      } catch (error) {
        if (!(error instanceof OrderClosedError)) throw error;
        // accepted while the order was still open, so it is not refused now: counted, and a refund task
        await countAfterClose(deps, payment);
      }
      paymentsDelivered += 1;
      log.info({ paymentId: payment.id, orderId: payment.orderId }, 'relay: payment delivered to its order');
    }
    const orderIds = await unstartedOrderIds(deps.db, { before, limit: BATCH });
    for (const orderId of orderIds) {
      await startStoredOrder(deps, orderId);
      log.info({ orderId }, 'relay: order workflow started');
    }
    return { payments: paymentsDelivered, orders: orderIds.length };
  };

  const schedule = (delayMs: number) => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = runOnce().then(
        () => {
          if (failures > 0) log.info({ after: failures }, 'relay: recovered');
          failures = 0;
          schedule(intervalMs);
        },
        (error: unknown) => {
          failures += 1;
          // one warning per outage, then quiet backoff
          if (failures === 1) log.warn({ err: error }, 'relay: cannot hand stored work over yet; retrying with backoff');
          schedule(intervalMs * Math.min(MAX_BACKOFF_INTERVALS, 2 ** failures));
        },
      );
    }, delayMs);
    timer.unref();
  };

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      schedule(intervalMs);
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
    runOnce,
  };
}
