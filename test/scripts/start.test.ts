// `npm start` end to end: a fresh DATA_DIR and free ports, the whole embedded stack, Ctrl-C, and a restart
// that finds the earlier data.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/ports.ts';

const root = new URL('../..', import.meta.url).pathname;
let dataDir: string;
let env: Record<string, string>;
let api: string;
let uiPort: number;
let pgPort: number;
let temporalPort: number;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'order-engine-start-'));
  chmodSync(dataDir, 0o755);
  const [port, pg, dev, ui] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
  pgPort = pg;
  temporalPort = dev;
  uiPort = ui;
  api = `http://127.0.0.1:${port}`;
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name, value]) => value !== undefined && !['DATABASE_URL', 'TEMPORAL_ADDRESS', 'ADMIN_API_KEY'].includes(name)),
  ) as Record<string, string>;
  env = {
    ...inherited,
    DATA_DIR: dataDir,
    PORT: String(port),
    EMBEDDED_PG_PORT: String(pg),
    TEMPORAL_DEV_PORT: String(dev),
    TEMPORAL_UI_PORT: String(ui),
    LOG_LEVEL: 'warn',
  };
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

interface Launched {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

async function launch(): Promise<Launched> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const deadline = Date.now() + 90_000;
  while (!output.includes('Order engine is running')) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`npm start did not come up:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { child, output: () => output, exited };
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('npm start', () => {
  let adminKey: string;
  let orderId: string;

  it('brings up PostgreSQL, Temporal with its Web UI, the worker and the API, and prints where they are', async () => {
    const run = await launch();
    const summary = run.output();
    expect(summary).toContain(`${api.replace('127.0.0.1', 'localhost')}/docs`);
    expect(summary).toContain(`http://localhost:${uiPort}`);
    adminKey = readFileSync(join(dataDir, 'admin-api-key'), 'utf8').trim();
    expect(summary).toContain(adminKey);

    expect((await fetch(`${api}/readyz`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${uiPort}/`)).status).toBe(200);
    const created = await fetch(`${api}/api/v1/orders`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ customer: { name: 'Launcher', email: 'launcher@example.com' } }),
    });
    expect(created.status).toBe(201);
    orderId = ((await created.json()) as { id: string }).id;

    run.child.kill('SIGINT');
    expect(await run.exited).toBe(0);
    expect(run.output()).toContain('stopped PostgreSQL');
    for (const port of [pgPort, temporalPort, uiPort]) expect(await portOpen(port), `port ${port} still open`).toBe(false);
    expect(existsSync(join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);
  });

  it('finds the earlier data on a second start', async () => {
    const run = await launch();
    try {
      const response = await fetch(`${api}/api/v1/orders/${orderId}`, { headers: { authorization: `Bearer ${adminKey}` } });
      expect(response.status).toBe(200);
      const order = (await response.json()) as { stage: string; tasks: unknown[] };
      expect(order.stage).toBe('new');
      expect(order.tasks).toHaveLength(1);
    } finally {
      run.child.kill('SIGINT');
      await run.exited;
    }
  });
});
