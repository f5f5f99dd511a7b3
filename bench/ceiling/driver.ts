// Drives ceiling workflows through the Temporal client directly: per order, the start with its update, then
// each step of the plan as an update (answered when done) or a signal (then polled until done), like the
// lifecycle's staff commands and webhooks.
import { WithStartWorkflowOperation, type Client } from '@temporalio/client';
import type { Recorder } from '../stats.ts';
import { CEILING_TASK_QUEUE, CEILING_WORKFLOW, doneQuery, startedUpdate, stepSignal, stepUpdate, type Step } from './shared.ts';

const POLL_MS = 20;

export async function driveCeilingOrder(client: Client, recorder: Recorder, plan: Step[], workflowId: string): Promise<void> {
  let started = performance.now();
  await client.workflow.executeUpdateWithStart(startedUpdate, {
    startWorkflowOperation: new WithStartWorkflowOperation(CEILING_WORKFLOW, {
      workflowId,
      taskQueue: CEILING_TASK_QUEUE,
      args: [{ steps: plan }],
      workflowIdConflictPolicy: 'FAIL',
    }),
  });
  recorder.add('start with update', performance.now() - started);
  const handle = client.workflow.getHandle(workflowId);
  for (const [index, step] of plan.entries()) {
    if (index === 0) continue;
    started = performance.now();
    if (step.trigger === 'update') {
      await handle.executeUpdate(stepUpdate);
      recorder.add('update', performance.now() - started);
      continue;
    }
    await handle.signal(stepSignal);
    recorder.add('signal', performance.now() - started);
    const sent = performance.now();
    while ((await handle.query(doneQuery)) < index) await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    recorder.add('signal → step done visible', performance.now() - sent);
  }
}
