// The ceiling's worker, a process of its own like the order worker:
//   node --import tsx bench/ceiling/worker.ts <temporal address> <metrics port>
// It bundles only bench/ceiling/workflow.ts and polls its own task queue, so the production bundle and task
// queue are untouched; it is built with the order worker's bundle settings.
import { NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { DefaultLogger } from '@temporalio/worker';
import { fileURLToPath } from 'node:url';
import { bundleOptions } from '../../worker.ts';
import { ceilingActivities } from './activities.ts';
import { CEILING_TASK_QUEUE } from './shared.ts';

const [address, metricsPort] = process.argv.slice(2);
if (!address || !metricsPort) throw new Error('usage: worker.ts <temporal address> <metrics port>');

Runtime.install({
  logger: new DefaultLogger('WARN'),
  telemetryOptions: { metrics: { prometheus: { bindAddress: `127.0.0.1:${metricsPort}` } } },
});
const connection = await NativeConnection.connect({ address });
const worker = await Worker.create({
  connection,
  namespace: 'default',
  taskQueue: CEILING_TASK_QUEUE,
  workflowsPath: fileURLToPath(new URL('./workflow.ts', import.meta.url)),
  // the order worker's bundle settings, so the ceiling is the same SDK doing nothing
  bundlerOptions: bundleOptions({ workflowStackTraces: false }),
  activities: ceilingActivities,
});
await worker.run();
await connection.close();
