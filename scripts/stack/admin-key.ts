// The built-in admin's key: ADMIN_API_KEY when set, else one generated on first start and kept in DATA_DIR.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../../config.ts';

export function adminKeyFile(config: Config): string {
  return join(config.dataDir, 'admin-api-key');
}

export function resolveAdminKey(config: Config): { key: string; source: 'env' | 'file' | 'generated' } {
  if (config.adminApiKey) return { key: config.adminApiKey, source: 'env' };
  const file = adminKeyFile(config);
  try {
    const key = readFileSync(file, 'utf8').trim();
    if (key.length >= 16) return { key, source: 'file' };
  } catch {
    // not generated yet
  }
  const key = `oek_admin_${randomBytes(24).toString('base64url')}`;
  mkdirSync(config.dataDir, { recursive: true });
  try {
    writeFileSync(file, `${key}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    // another process started at the same moment and wrote its key first: use that one
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return { key: readFileSync(file, 'utf8').trim(), source: 'file' };
    throw error;
  }
  return { key, source: 'generated' };
}
