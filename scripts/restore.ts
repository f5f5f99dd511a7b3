// `npm run restore -- <archive>`: puts a backup of `npm run backup` into DATA_DIR, which must be empty (or
// not exist yet), so a restore never overwrites a stack's data. PostgreSQL is started once to replay its WAL
// to the end of the backup and stopped again; then `npm start` runs the restored stack.
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import postgres from 'postgres';
import { loadConfig } from '../config.ts';
import { EMBEDDED_DATABASE } from '../runtime/addresses.ts';
import { FORMAT, layout, SECRET_FILES, type Manifest } from './stack/backup-files.ts';
import { runAs, startEmbeddedPostgres } from './stack/postgres.ts';

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

function chownTree(path: string, owner: { uid: number; gid: number }): void {
  chownSync(path, owner.uid, owner.gid);
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    if (entry.isDirectory()) chownTree(join(path, entry.name), owner);
    else chownSync(join(path, entry.name), owner.uid, owner.gid);
  }
}

async function main(): Promise<void> {
  const archive = process.argv[2];
  if (!archive) fail('Usage: DATA_DIR=<empty folder> npm run restore -- <archive.tar.gz>');
  if (!existsSync(archive)) fail(`No such backup: ${archive}`);
  const config = loadConfig();
  const dataDir = resolve(config.dataDir);
  if (existsSync(dataDir) && readdirSync(dataDir).length > 0) {
    fail(`${dataDir} is not empty. A restore goes only into an empty data folder, so nothing there is overwritten: set DATA_DIR to a new folder.`);
  }
  mkdirSync(dataDir, { recursive: true });
  execFileSync('tar', ['-xzf', resolve(archive), '-C', dataDir]);
  // after tar, which gives the folder the mode of the archive's `.`: PostgreSQL may run as another user
  // (`postgres` under root) and must reach its cluster inside
  chmodSync(dataDir, 0o755);
  const manifest = JSON.parse(readFileSync(join(dataDir, 'manifest.json'), 'utf8')) as Manifest;
  if (manifest.format !== FORMAT) fail(`${archive} is a backup of format ${manifest.format}; this version reads format ${FORMAT}.`);

  const paths = layout(dataDir);
  chmodSync(paths.postgres, 0o700);
  const owner = runAs();
  if (owner) chownTree(paths.postgres, owner);
  for (const name of SECRET_FILES) if (existsSync(join(dataDir, name))) chmodSync(join(dataDir, name), 0o600);

  const pg = await startEmbeddedPostgres({ dataDir: paths.postgres, port: config.database.embeddedPort, logFile: join(dataDir, 'logs', 'postgres.log') });
  try {
    const sql = postgres(pg.urlFor(EMBEDDED_DATABASE), { max: 1, onnotice: () => {} });
    try {
      // A payment handed to its workflow after the Temporal copy was taken is unknown to the restored workflow:
      // marked undelivered, the API's relay hands it over again (each workflow counts a payment id once).
      const redelivered = await sql`update payments set delivered_at = null where delivered_at >= ${new Date(manifest.temporalCopiedAt)}`;
      if (redelivered.count) console.log(`${redelivered.count} payment(s) will be handed to their orders again by the relay.`);
    } finally {
      await sql.end({ timeout: 5 });
    }
  } finally {
    await pg.stop();
  }
  console.log(`Restored the backup of ${manifest.createdAt} into ${dataDir}. Start it with: DATA_DIR=${dataDir} npm start`);
}

await main();
