// A server process the launcher owns: started in its own process group so that Ctrl-C reaches the launcher
// alone, which then stops the parts in order (API, worker, Temporal, PostgreSQL).
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export interface ServerProcess {
  name: string;
  pid: number;
  exited: Promise<number | null>;
  /** Sends `signal`, waits up to `graceMs`, then kills. */
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<void>;
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

// A launcher that dies of an uncaught error still takes its servers with it.
function killAllOnExit() {
  for (const child of running) child.kill('SIGKILL');
}

export function startProcess(name: string, command: string, args: string[], options: SpawnOptions & { logFile: string }): ServerProcess {
  mkdirSync(dirname(options.logFile), { recursive: true });
  const log = createWriteStream(options.logFile, { flags: 'a' });
  const child = spawn(command, args, { ...options, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  if (child.pid === undefined) throw new Error(`${name}: could not start ${command}`);
  if (!exitHookInstalled) {
    process.once('exit', killAllOnExit);
    exitHookInstalled = true;
  }
  running.add(child);
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      running.delete(child);
      resolve(code);
    });
    child.once('error', () => {
      running.delete(child);
      resolve(null);
    });
  });
  return {
    name,
    pid: child.pid,
    exited,
    async stop(signal = 'SIGTERM', graceMs = 15_000) {
      if (!running.has(child)) return;
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
      log.end();
    },
  };
}

/** Polls `probe` until it resolves, the process exits, or `timeoutMs` passes. */
export async function waitUntil(server: ServerProcess, probe: () => Promise<unknown>, timeoutMs: number, logFile: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void server.exited.then(() => {
    exited = true;
  });
  for (;;) {
    try {
      await probe();
      return;
    } catch (error) {
      if (exited) throw new Error(`${server.name} exited during start-up; see ${logFile}`);
      if (Date.now() > deadline) throw new Error(`${server.name} did not become ready in ${timeoutMs / 1000} s (${String(error)}); see ${logFile}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}
