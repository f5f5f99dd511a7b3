// The pieces `npm run backup` and `npm run restore` share: where the embedded servers keep their files, a
// copy of a live folder, SQLite's online backup, and the archive's manifest.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isAlive } from './postgres.ts';

export const FORMAT = 1;
/** Secrets generated into DATA_DIR: the restored stack must keep the admin key and the webhook secret. */
export const SECRET_FILES = ['admin-api-key', 'webhook-secret'];

export interface Manifest {
  format: number;
  createdAt: string;
  /** When the Temporal copy was taken; PostgreSQL's copy is as of a moment after it (see docs/operations.md). */
  temporalCopiedAt: string;
  postgresVersion: string;
}

export const layout = (dataDir: string) => ({
  postgres: join(dataDir, 'postgres'),
  temporal: join(dataDir, 'temporal.sqlite'),
  backups: join(dataDir, 'backups'),
});

/** The port of the postmaster running on `pgDir`, or undefined when none runs there. */
export function runningPostgresPort(pgDir: string): number | undefined {
  const pidFile = join(pgDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  const lines = readFileSync(pidFile, 'utf8').split('\n');
  return isAlive(Number(lines[0])) ? Number(lines[3]) : undefined;
}

/**
 * Copies a folder that a running server writes to. Files that vanish meanwhile (temporary statistics,
 * removed WAL) are skipped: the WAL replay at restore makes torn or missing pages whole again.
 */
export function copyLiveTree(from: string, to: string, skip: (relative: string) => boolean, relative = ''): void {
  mkdirSync(join(to, relative), { recursive: true, mode: 0o700 });
  for (const name of readdirSync(join(from, relative))) {
    const path = join(relative, name);
    if (skip(path)) continue;
    try {
      if (statSync(join(from, path)).isDirectory()) copyLiveTree(from, to, skip, path);
      else copyFileSync(join(from, path), join(to, path));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
}

/**
 * A consistent copy of a SQLite file that a server keeps writing, through SQLite's online backup API (Python's
 * sqlite3 module: Python is already required). One step under one read transaction, so the copy is a single
 * moment of the database, WAL included; then checked with `integrity_check`.
 */
export function sqliteOnlineBackup(from: string, to: string): void {
  const script = [
    'import sqlite3, sys',
    'src = sqlite3.connect(sys.argv[1], timeout=30)',
    'dst = sqlite3.connect(sys.argv[2])',
    'src.backup(dst)',
    'src.close()',
    'ok = dst.execute("pragma integrity_check").fetchone()[0]',
    'dst.close()',
    'sys.exit(0 if ok == "ok" else "integrity check of the copy: " + ok)',
  ].join('\n');
  execFileSync('python3', ['-c', script, from, to], { stdio: ['ignore', 'inherit', 'inherit'] });
}
