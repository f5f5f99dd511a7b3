// Scale of open orders: many orders left waiting in `qualification`, created through the real API, then the
// reads staff and managers make all day timed at that size.
import { completeTask, createOrder, openTasks, type World } from './lifecycle.ts';
import { runPool, type PoolResult, type Progress } from './pool.ts';

/** Creates orders `first` … `first + count - 1` and takes each in work, so it waits in `qualification`. */
export function fillOpenOrders(world: World, first: number, count: number, clients: number, progress: Progress): Promise<PoolResult> {
  return runPool(
    count,
    clients,
    async (index) => {
      const order = await createOrder(world, first + index);
      const [task] = openTasks(order, 'take_in_work');
      if (!task) throw new Error(`order ${order.id} has no take_in_work task`);
      await completeTask(world, task);
    },
    progress,
  );
}

export interface ReadTarget {
  name: string;
  path: string;
}

export function readTargets(world: World, managerId: string, month: { from: string; to: string }): ReadTarget[] {
  const sample = encodeURIComponent(`client-17`);
  return [
    { name: 'GET /api/v1/orders?stage=qualification&managerId=', path: `/api/v1/orders?stage=qualification&managerId=${managerId}` },
    { name: 'GET /api/v1/orders?overdue=false', path: '/api/v1/orders?overdue=false' },
    { name: 'GET /api/v1/orders?q=', path: `/api/v1/orders?q=${sample}` },
    { name: 'GET /api/v1/tasks?assigneeId=&status=open', path: `/api/v1/tasks?assigneeId=${managerId}&status=open` },
    { name: 'GET /api/v1/tasks?department=sales&type=qualify&status=open', path: '/api/v1/tasks?department=sales&type=qualify&status=open' },
    { name: 'GET /api/v1/reports/funnel', path: '/api/v1/reports/funnel' },
    { name: 'GET /api/v1/reports/margin?from=&to=', path: `/api/v1/reports/margin?from=${month.from}&to=${month.to}` },
  ];
}

/** Each target `requests` times, by `concurrency` readers at once, one target after another; returns the failures. */
export async function timeReads(world: World, targets: ReadTarget[], requests: number, concurrency: number): Promise<string[]> {
  const failures: string[] = [];
  for (const target of targets) {
    // one call first, not counted: a page the database has not read yet is not what staff wait for all day
    await world.http('warm-up', 'GET', target.path, { headers: world.admin });
    const result = await runPool(requests, concurrency, async () => {
      await world.http(target.name, 'GET', target.path, { headers: world.admin });
    });
    failures.push(...result.errors);
  }
  return failures;
}
