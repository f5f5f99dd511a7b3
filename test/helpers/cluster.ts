// More than one machine in one test: several worker and API processes against the stack's one Temporal
// server and one PostgreSQL, a transport that spreads requests over the APIs, and who did what, read from the
// order's workflow history (a worker's identity is `<pid>@<host>`, the SDK's default).
import type { Transport } from './driver.ts';
import { httpTransport } from './driver.ts';
import { freePort } from './ports.ts';
import { startApiProcess, startWorkerProcess, type Child } from './processes.ts';
import type { Stack } from './stack.ts';

export interface Cluster {
  workers: Child[];
  apis: (Child & { url: string })[];
  stop(): Promise<void>;
}

/** `workers` worker processes and `apis` API processes, each with its own relay and (in the workers) mail dispatcher. */
export async function startCluster(stack: Stack, counts: { workers: number; apis: number }): Promise<Cluster> {
  const cluster: Cluster = {
    workers: [],
    apis: [],
    async stop() {
      await Promise.all([...cluster.workers, ...cluster.apis].map((process) => process.stop()));
    },
  };
  try {
    // one after another: each is waited for until it polls (or answers /readyz), and the machine is small
    for (let i = 0; i < counts.workers; i += 1) cluster.workers.push(await startWorkerProcess(stack));
    for (let i = 0; i < counts.apis; i += 1) cluster.apis.push(await startApiProcess(stack.env, await freePort()));
  } catch (error) {
    await cluster.stop();
    throw error;
  }
  return cluster;
}

/** Every request goes to the next API in turn: no order is tied to the process that took it in. */
export function roundRobin(urls: string[]): Transport {
  const transports = urls.map(httpTransport);
  let next = 0;
  return {
    request(method, url, headers, body) {
      const transport = transports[next % transports.length]!;
      next += 1;
      return transport.request(method, url, headers, body);
    },
  };
}

export interface Handling {
  /** Identity of the worker that completed each workflow task, with the event's time. */
  workflowTasks: { identity: string; at: number }[];
  /** Identity of the worker that ran each activity (its last attempt). */
  activities: string[];
}

/** Who handled the order's workflow: read from its history. */
export async function handlingOf(stack: Stack, orderId: string): Promise<Handling> {
  const history = await stack.temporal.workflow.getHandle(`order-${orderId}`).fetchHistory();
  const handling: Handling = { workflowTasks: [], activities: [] };
  for (const event of history.events ?? []) {
    const completed = event.workflowTaskCompletedEventAttributes;
    if (completed?.identity) handling.workflowTasks.push({ identity: completed.identity, at: eventMillis(event.eventTime) });
    const started = event.activityTaskStartedEventAttributes;
    if (started?.identity) handling.activities.push(started.identity);
  }
  return handling;
}

function eventMillis(time: { seconds?: { toNumber(): number } | number | null; nanos?: number | null } | null | undefined): number {
  if (!time) return 0;
  const seconds = typeof time.seconds === 'number' ? time.seconds : (time.seconds?.toNumber() ?? 0);
  return seconds * 1000 + Math.floor((time.nanos ?? 0) / 1e6);
}

/** The identity prefix the SDK gives a worker process by default. */
export const identityOf = (worker: Child) => `${worker.child.pid}@`;
