// The Temporal dev server of `npm start` and of the tests (the `temporal` CLI), and the registration of the
// search attributes the order workflow publishes, on that server or on an existing one.
import { Connection } from '@temporalio/client';
import protos from '@temporalio/proto';
import { SEARCH_ATTRIBUTE_TYPES } from '../../workflows/shared.ts';
import { startProcess, waitUntil } from './child.ts';
import { findTool } from './tools.ts';

/**
 * Pragmas for the dev server's SQLite file. With the default rollback journal and full sync every commit
 * waits for its own fsyncs, and the server spends most of its time there; a write-ahead log synced at
 * checkpoints made the benchmark's ceiling three times faster. A crash of the server or of the machine's
 * processes loses nothing committed; only a power loss can lose the last moments, acceptable for a dev server.
 */
export const DEV_SERVER_SQLITE_PRAGMAS = { journal_mode: 'wal', synchronous: 'normal' };

export interface TemporalDevServer {
  pid: number;
  address: string;
  uiUrl: string | null;
  stop(): Promise<void>;
}

export async function startTemporalDevServer(options: {
  port: number;
  /** null: no Web UI (tests). */
  uiPort: number | null;
  namespace: string;
  /** SQLite file that keeps the server's state across restarts; in memory when absent. */
  dbFile?: string;
  /** SQLite pragmas for that file, e.g. `{ journal_mode: 'wal' }`. */
  sqlitePragmas?: Record<string, string>;
  logFile: string;
}): Promise<TemporalDevServer> {
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(options.port), '--namespace', options.namespace, '--log-level', 'warn'];
  if (options.dbFile) args.push('--db-filename', options.dbFile);
  for (const [pragma, value] of Object.entries(options.sqlitePragmas ?? {})) args.push('--sqlite-pragma', `${pragma}=${value}`);
  if (options.uiPort === null) args.push('--headless');
  else args.push('--ui-port', String(options.uiPort));
  for (const [name, type] of Object.entries(SEARCH_ATTRIBUTE_TYPES)) args.push('--search-attribute', `${name}=${type}`);

  const server = startProcess('Temporal dev server', findTool('temporal'), args, { logFile: options.logFile });
  const address = `127.0.0.1:${options.port}`;
  try {
    await waitUntil(
      server,
      async () => {
        const connection = await Connection.connect({ address, connectTimeout: 1000 });
        try {
          await connection.workflowService.describeNamespace({ namespace: options.namespace });
        } finally {
          await connection.close();
        }
      },
      60_000,
      options.logFile,
    );
  } catch (error) {
    await server.stop();
    throw error;
  }
  return {
    pid: server.pid,
    address,
    uiUrl: options.uiPort === null ? null : `http://localhost:${options.uiPort}`,
    stop: () => server.stop('SIGTERM', 20_000),
  };
}

const INDEXED_VALUE_TYPE = {
  Keyword: protos.temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  Int: protos.temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_INT,
  Bool: protos.temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
} as const;

/** Registers any of our search attributes the namespace lacks (an existing server may not have them yet). */
export async function ensureSearchAttributes(connection: Connection, namespace: string): Promise<string[]> {
  const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
  const missing = Object.entries(SEARCH_ATTRIBUTE_TYPES).filter(([name]) => !(name in (customAttributes ?? {})));
  if (missing.length === 0) return [];
  await connection.operatorService.addSearchAttributes({
    namespace,
    searchAttributes: Object.fromEntries(missing.map(([name, type]) => [name, INDEXED_VALUE_TYPE[type]])),
  });
  return missing.map(([name]) => name);
}

/**
 * Resolves when a worker polls the task queue for workflow tasks; with `identity`, that worker (the SDK's
 * default identity is `<pid>@<host>`, so a restarted worker is told apart from the pollers of a dead one,
 * which the server still lists for a while). Throws while there is none.
 */
export async function taskQueuePolled(connection: Pick<Connection, 'workflowService'>, options: { namespace: string; taskQueue: string; identityPrefix?: string }): Promise<void> {
  const { pollers } = await connection.workflowService.describeTaskQueue({
    namespace: options.namespace,
    taskQueue: { name: options.taskQueue, kind: protos.temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
    taskQueueType: protos.temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
  });
  const prefix = options.identityPrefix;
  if (!pollers?.some((poller) => prefix === undefined || poller.identity?.startsWith(prefix))) {
    throw new Error(`nobody${prefix ? ` named ${prefix}…` : ''} polls ${options.taskQueue} yet`);
  }
}
