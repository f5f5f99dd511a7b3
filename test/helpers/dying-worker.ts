// A worker process that dies at a chosen moment: right after `recordChange` has written a chosen change of a
// chosen order, before the workflow task that ran it completes (SIGKILL, as an OOM kill would). The test writes
// `{ orderId, seq }` to the file named by DIE_AFTER_CHANGE_FILE when it wants the next such write to be the last.
// Everything else is the production worker (worker.ts).
import { NativeConnection, Runtime } from '@temporalio/worker';
import { existsSync, readFileSync } from 'node:fs';
import { createActivities } from '../../activities/index.ts';
import { loadConfig } from '../../config.ts';
import { createDb } from '../../db/client.ts';
import { createPaymentLinks } from '../../integrations/payment-links.ts';
import { databaseUrl, temporalAddress } from '../../runtime/addresses.ts';
import { Worker } from '@temporalio/worker';
import { bundleOptions, runtimeOptions, workflowsPath } from '../../worker.ts';

const config = loadConfig();
const trigger = process.env.DIE_AFTER_CHANGE_FILE;
if (!trigger) throw new Error('DIE_AFTER_CHANGE_FILE names the file that says which change to die after');
Runtime.install(runtimeOptions(config));
const { db } = createDb(databaseUrl(config));
const activities = createActivities({ db, config, paymentLinks: createPaymentLinks(config) });
const recordChange = activities.recordChange;
activities.recordChange = async (change) => {
  const result = await recordChange(change);
  if (existsSync(trigger)) {
    const target = JSON.parse(readFileSync(trigger, 'utf8')) as { orderId: string; seq: number };
    if (target.orderId === change.orderId && target.seq === change.seq) process.kill(process.pid, 'SIGKILL');
  }
  return result;
};
const connection = await NativeConnection.connect({ address: temporalAddress(config) });
const worker = await Worker.create({
  connection,
  namespace: config.temporal.namespace,
  taskQueue: config.temporal.taskQueue,
  workflowsPath,
  bundlerOptions: bundleOptions(config),
  activities,
});
await worker.run();
