// Runs `npm start` exactly as a person or a process manager does (`npm start` on a scratch DATA_DIR and free
// ports), and finds every process it started, so a test can signal npm's own pid and check that none is left.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../helpers/ports.ts';

const root = new URL('../..', import.meta.url).pathname;

export interface StackEnv {
  dataDir: string;
  env: Record<string, string>;
  api: string;
  ports: { api: number; postgres: number; temporal: number; ui: number };
}

/** A new scratch DATA_DIR (traversable: PostgreSQL runs as `postgres` under root) and four free ports. */
export async function scratchStack(dataDir = mkdtempSync(join(tmpdir(), 'order-engine-start-'))): Promise<StackEnv> {
  chmodSync(dataDir, 0o755);
  const [api, postgres, temporal, ui] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name, value]) => value !== undefined && !['DATABASE_URL', 'TEMPORAL_ADDRESS', 'ADMIN_API_KEY', 'HOST'].includes(name) && !name.startsWith('npm_')),
  ) as Record<string, string>;
  const env = {
    ...inherited,
    DATA_DIR: dataDir,
    PORT: String(api),
    EMBEDDED_PG_PORT: String(postgres),
    TEMPORAL_DEV_PORT: String(temporal),
    TEMPORAL_UI_PORT: String(ui),
    LOG_LEVEL: 'info',
  };
  return { dataDir, env, api: `http://127.0.0.1:${api}`, ports: { api, postgres, temporal, ui } };
}

export interface Launched {
  /** npm itself: the pid a process manager would signal. */
  npm: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Every process below npm once the stack is up (node, PostgreSQL and its backends, Temporal). */
  descendants: number[];
}

export async function npmStart(stack: StackEnv, timeoutMs = 120_000): Promise<Launched> {
  const npm = spawn('npm', ['start'], { cwd: root, env: stack.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  npm.stdout!.on('data', (chunk) => (output += chunk));
  npm.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => npm.once('exit', (code, signal) => resolve({ code, signal })));
  const up = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start did not come up in ${timeoutMs / 1000} s:\n${output}`)), timeoutMs);
    const check = () => {
      if (!output.includes('Order engine is running')) return;
      clearTimeout(timer);
      resolve();
    };
    npm.stdout!.on('data', check);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`npm start exited during start-up:\n${output}`));
    });
  });
  await up;
  return { npm, output: () => output, exited, descendants: descendantsOf(npm.pid!) };
}

/** Pids below `pid`, from /proc (the servers run in their own process groups, so a group is not enough). */
export function descendantsOf(pid: number): number[] {
  const parent = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // the command name may hold spaces and parentheses: the fields after the last `)` are fixed
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parent.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone meanwhile
    }
  }
  const found: number[] = [];
  const walk = (of: number) => {
    for (const [child, ppid] of parent) if (ppid === of) (found.push(child), walk(child));
  };
  walk(pid);
  return found;
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    // a zombie still answers signal 0; it is gone for every purpose here
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return false;
  }
}

export function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
