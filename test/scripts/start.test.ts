// `npm start` end to end, started as a person or a process manager starts it: a fresh DATA_DIR and free
// ports, the whole embedded stack, SIGTERM to npm's own pid, then a restart that finds the earlier data and
// SIGINT to npm's pid. Each time every process it started must be gone and every port free.
import { readFileSync, rmSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alive, npmStart, portOpen, scratchStack, type Launched, type StackEnv } from './launch.ts';

let stack: StackEnv;
beforeAll(async () => {
  stack = await scratchStack();
});
afterAll(() => rmSync(stack.dataDir, { recursive: true, force: true }));

/** Signals npm's pid alone and checks that npm exits cleanly and takes everything with it. */
async function stopWith(run: Launched, signal: NodeJS.Signals): Promise<void> {
  expect(run.descendants.length, 'node, PostgreSQL and Temporal below npm').toBeGreaterThanOrEqual(3);
  run.npm.kill(signal);
  expect(await run.exited).toEqual({ code: 0, signal: null });
  expect(run.output()).toContain('stopped PostgreSQL');
  expect(run.descendants.filter(alive), 'processes left running').toEqual([]);
  for (const [name, port] of Object.entries(stack.ports)) expect(await portOpen(port), `${name} port ${port} still open`).toBe(false);
}

const outsideAddress = () =>
  Object.values(networkInterfaces())
    .flat()
    .find((address) => address && address.family === 'IPv4' && !address.internal)?.address;

describe('npm start', () => {
  let adminKey: string;
  let orderId: string;

  it('brings up the stack, prints where things are but not the admin key, and stops on SIGTERM to npm', async () => {
    const run = await npmStart(stack);
    const output = run.output();
    const keyFile = join(stack.dataDir, 'admin-api-key');
    adminKey = readFileSync(keyFile, 'utf8').trim();
    expect(output).toContain(`http://localhost:${stack.ports.api}/docs`);
    expect(output).toContain(`http://localhost:${stack.ports.ui}`);
    expect(output).toContain(keyFile);
    expect(output).not.toContain(adminKey);
    // the summary is the last thing printed, in one piece: no log line of the API or the worker in it
    const summary = output.slice(output.indexOf('Order engine is running'));
    expect(summary.split('\n').filter((line) => line.startsWith('{'))).toEqual([]);
    expect(readFileSync(join(stack.dataDir, 'logs', 'engine.log'), 'utf8')).toContain('Server listening');

    expect((await fetch(`${stack.api}/readyz`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${stack.ports.ui}/`)).status).toBe(200);
    // loopback only under the embedded default
    const outside = outsideAddress();
    if (outside) await expect(fetch(`http://${outside}:${stack.ports.api}/healthz`)).rejects.toThrow();

    const created = await fetch(`${stack.api}/api/v1/orders`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ customer: { name: 'Launcher', email: 'launcher@example.com' } }),
    });
    expect(created.status).toBe(201);
    orderId = ((await created.json()) as { id: string }).id;

    await stopWith(run, 'SIGTERM');
  });

  it('finds the earlier data on a second start, and stops on SIGINT to npm', async () => {
    const run = await npmStart(stack);
    const response = await fetch(`${stack.api}/api/v1/orders/${orderId}`, { headers: { authorization: `Bearer ${adminKey}` } });
    expect(response.status).toBe(200);
    const order = (await response.json()) as { stage: string; tasks: unknown[] };
    expect(order.stage).toBe('new');
    expect(order.tasks).toHaveLength(1);
    await stopWith(run, 'SIGINT');
  });
});
