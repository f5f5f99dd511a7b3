// The ceiling: a workflow that does per order what the order workflow does in Temporal's terms — the same
// updates, signals, activities and timers, step by step — and nothing else. Its activities do nothing, so
// the throughput it reaches is what the Temporal server and one worker allow on this machine.
import { CancellationScope, condition, isCancellation, proxyActivities, proxyLocalActivities, setHandler, sleep } from '@temporalio/workflow';
import type { CeilingActivities } from './activities.ts';
import { doneQuery, startedUpdate, stepSignal, stepUpdate, type CeilingInput } from './shared.ts';

const { nothing } = proxyActivities<CeilingActivities>({ startToCloseTimeout: '30s' });
const local = proxyLocalActivities<CeilingActivities>({ startToCloseTimeout: '30s' });

/** Timers as long as the order's deadlines: none fires during a run. */
const TIMER_MS = 24 * 3_600_000;

export async function ceilingWorkflow({ steps }: CeilingInput): Promise<void> {
  const timers: CancellationScope[] = [];
  let requested = 0;
  let done = -1;

  const run = async (index: number) => {
    const step = steps[index];
    if (!step) return;
    for (const scope of timers.splice(0, step.timersCancelled)) scope.cancel();
    for (let i = 0; i < step.background; i++) void nothing();
    for (let i = 0; i < step.awaited; i++) await nothing();
    for (let i = 0; i < step.local; i++) await local.nothing();
    for (let i = 0; i < step.timersStarted; i++) {
      const scope = new CancellationScope();
      timers.push(scope);
      scope.run(() => sleep(TIMER_MS)).catch((error: unknown) => {
        if (!isCancellation(error)) throw error;
      });
    }
  };

  // steps run one at a time, in the order they were asked for, like the order workflow's main loop
  let queue = run(0).then(() => {
    done = 0;
  });
  const next = () => {
    const index = ++requested;
    queue = queue.then(() => run(index)).then(() => {
      done = index;
    });
    return queue.then(() => index);
  };
  setHandler(startedUpdate, async () => {
    await condition(() => done >= 0);
    return 0;
  });
  setHandler(stepUpdate, next);
  setHandler(stepSignal, () => {
    void next();
  });
  setHandler(doneQuery, () => done);

  // the order workflow stays open after its last step (its settlement window, a timer counted in the
  // plan): so does this one
  await queue;
  await condition(() => false);
}
