// One PostgreSQL cluster, one Temporal dev server and one workflow bundle for the whole suite; each test file
// then makes its own database and task queue (test/helpers/stack.ts).
import { bundleWorkflowCode } from '@temporalio/worker';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../scripts/stack/postgres.ts';
import { startTemporalDevServer } from '../scripts/stack/temporal.ts';
import { bundleOptions, workflowsPath } from '../worker.ts';
import { freePort } from './helpers/ports.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
    temporalAddress: string;
    workflowBundlePath: string;
  }
}

export default async function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), 'order-engine-test-'));
  // PostgreSQL runs as an unprivileged user when the suite runs as root: it must reach its data directory.
  chmodSync(dir, 0o755);
  const [pgPort, temporalPort] = await Promise.all([freePort(), freePort()]);
  const [pg, temporal, bundle] = await Promise.all([
    startEmbeddedPostgres({ dataDir: join(dir, 'pg'), port: pgPort, logFile: join(dir, 'postgres.log'), ephemeral: true }),
    startTemporalDevServer({ port: temporalPort, uiPort: null, namespace: 'default', logFile: join(dir, 'temporal.log') }),
    // built as the production worker builds it by default (worker.ts, bundleOptions)
    bundleWorkflowCode({ workflowsPath, logger: quietLogger, ...bundleOptions({ workflowStackTraces: false }) }),
  ]);
  const workflowBundlePath = join(dir, 'workflow-bundle.js');
  writeFileSync(workflowBundlePath, bundle.code);

  project.provide('pgAdminUrl', pg.adminUrl);
  project.provide('temporalAddress', temporal.address);
  project.provide('workflowBundlePath', workflowBundlePath);

  return async () => {
    await Promise.allSettled([temporal.stop(), pg.stop()]);
    rmSync(dir, { recursive: true, force: true });
  };
}

const quietLogger = {
  log() {},
  trace() {},
  debug() {},
  info() {},
  warn(message: string, meta?: unknown) {
    console.warn(message, meta ?? '');
  },
  error(message: string, meta?: unknown) {
    console.error(message, meta ?? '');
  },
};
