// The worker and the API as real child processes (`npm run worker`, `npm run api`), for tests that kill
// them: SIGKILL gives no chance to clean up, as a crash or an OOM kill would not.
import { spawn, type ChildProcess } from 'node:child_process';
import { taskQueuePolled } from '../../scripts/stack/temporal.ts';
import type { Stack } from './stack.ts';

const root = new URL('../..', import.meta.url).pathname;

export interface Child {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
  /** SIGKILL, and waits until the process is gone. */
  kill(): Promise<void>;
  /** SIGTERM, and waits for a clean exit. */
  stop(): Promise<void>;
}

function launch(entry: string, env: Record<string, string>): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    output: () => output,
    exited,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

async function waitFor(what: string, process: Child, ready: () => boolean | Promise<boolean>, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await ready())) {
    if (process.child.exitCode !== null || Date.now() > deadline) {
      await process.kill();
      throw new Error(`${what} did not come up:\n${process.output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** `npm run worker` (or another `entry`) against the stack's servers; resolves once this process polls its task queue. */
export async function startWorkerProcess(
  stack: Pick<Stack, 'env' | 'config' | 'temporal'>,
  { entry = 'worker.ts', env = {} }: { entry?: string; env?: Record<string, string> } = {},
): Promise<Child> {
  const worker = launch(entry, { ...stack.env, LOG_LEVEL: 'warn', ...env });
  const polled = () =>
    taskQueuePolled(stack.temporal.connection, { namespace: stack.config.temporal.namespace, taskQueue: stack.config.temporal.taskQueue, identityPrefix: `${worker.child.pid}@` }).then(
      () => true,
      () => false,
    );
  await waitFor('the worker', worker, polled);
  return worker;
}

/** `npm run api` on `port` against the stack's servers; resolves once /readyz answers 200. */
export async function startApiProcess(env: Record<string, string>, port: number): Promise<Child & { url: string }> {
  const url = `http://127.0.0.1:${port}`;
  const api = launch('api/server.ts', { ...env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' });
  await waitFor('the API', api, async () => {
    try {
      return (await fetch(`${url}/readyz`)).status === 200;
    } catch {
      return false;
    }
  });
  return { ...api, url };
}
