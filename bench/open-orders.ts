// Scale of open orders: many orders left waiting in `qualification`, created through the real API, then the
// reads staff and managers make all day timed at that size: the API's lists and reports, and the workspace's
// pages through a signed-in session.
import { randomBytes } from 'node:crypto';
import { PRE_SESSION_COOKIE, SESSION_COOKIE } from '../web/session.ts';
import { completeTask, createOrder, openTasks, type World } from './lifecycle.ts';
import { runPool, type PoolResult, type Progress } from './pool.ts';
import type { Recorder } from './stats.ts';

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

/**
 * A workspace session of `employeeId`, made as staff get one: the admin sets a password through the API, then
 * the sign-in form is posted with its double-submit token. Answers the `Cookie` header that carries it.
 */
export async function workspaceSession(baseUrl: string, admin: Record<string, string>, employeeId: string): Promise<string> {
  const password = `bench-${randomBytes(12).toString('base64url')}`;
  const set = await fetch(`${baseUrl}/api/v1/employees/${employeeId}/password`, { method: 'PUT', headers: { ...admin, 'content-type': 'application/json' }, body: JSON.stringify({ password }) });
  if (set.status !== 204) throw new Error(`the password was not set: ${set.status} ${await set.text()}`);
  const { email } = (await (await fetch(`${baseUrl}/api/v1/employees/${employeeId}`, { headers: admin })).json()) as { email: string };
  const form = await fetch(`${baseUrl}/sign-in`);
  await form.text();
  const pre = cookieOf(form, PRE_SESSION_COOKIE);
  const signedIn = await fetch(`${baseUrl}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: pre, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email, password, _csrf: pre.split('=')[1]!, next: '/' }).toString(),
  });
  if (signedIn.status !== 303) throw new Error(`sign-in answered ${signedIn.status}: ${(await signedIn.text()).slice(0, 300)}`);
  return cookieOf(signedIn, SESSION_COOKIE);
}

function cookieOf(response: Response, name: string): string {
  const found = response.headers.getSetCookie().find((cookie) => cookie.startsWith(`${name}=`));
  if (!found) throw new Error(`no ${name} cookie`);
  return found.split(';')[0]!;
}

/** The pages a sales manager keeps open: the board (home, `/`), their task list and an open order's card. */
export function pageTargets(orderId: string): ReadTarget[] {
  return [
    { name: 'page / (the board)', path: '/board' },
    { name: 'page /tasks', path: '/tasks' },
    { name: 'page /orders/:id (order card)', path: `/orders/${orderId}` },
  ];
}

/** Each page `requests` times through the signed-in session, `concurrency` at once; returns the failures. */
export async function timePages(baseUrl: string, recorder: Recorder, cookie: string, targets: ReadTarget[], requests: number, concurrency: number): Promise<string[]> {
  const failures: string[] = [];
  const get = async (path: string) => {
    const response = await fetch(`${baseUrl}${path}`, { headers: { cookie }, redirect: 'manual' });
    const html = await response.text();
    if (response.status !== 200) throw new Error(`${path} answered ${response.status}: ${html.slice(0, 200)}`);
  };
  for (const target of targets) {
    await get(target.path);
    const result = await runPool(requests, concurrency, async () => {
      const started = performance.now();
      await get(target.path);
      recorder.add(target.name, performance.now() - started);
    });
    failures.push(...result.errors);
  }
  return failures;
}
