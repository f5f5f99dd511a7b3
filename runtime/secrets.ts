// Secrets a single install generates once and keeps in DATA_DIR when the environment does not set them: the
// built-in admin's API key, and the sandbox provider's webhook signing secret.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config.ts';

export interface Secret {
  value: string;
  source: 'env' | 'file' | 'generated';
  file: string;
}

/** The value from the environment, else the one kept in `DATA_DIR/<name>`, else a new one written there. */
export function resolveSecret(dataDir: string, name: string, fromEnv: string | undefined, prefix = ''): Secret {
  const file = join(dataDir, name);
  if (fromEnv) return { value: fromEnv, source: 'env', file };
  try {
    const value = readFileSync(file, 'utf8').trim();
    if (value.length >= 16) return { value, source: 'file', file };
  } catch {
    // not generated yet
  }
  const value = `${prefix}${randomBytes(24).toString('base64url')}`;
  mkdirSync(dataDir, { recursive: true });
  try {
    writeFileSync(file, `${value}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    // another process started at the same moment and wrote its value first: use that one
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return { value: readFileSync(file, 'utf8').trim(), source: 'file', file };
    throw error;
  }
  return { value, source: 'generated', file };
}

export const resolveAdminKey = (config: Config) => resolveSecret(config.dataDir, 'admin-api-key', config.adminApiKey, 'oek_admin_');

/** The built-in admin's workspace password: ADMIN_PASSWORD, else one generated once into DATA_DIR. */
export const resolveAdminPassword = (config: Config) => resolveSecret(config.dataDir, 'admin-password', config.admin.password);

/** Sandbox webhooks are signed in-process, so a secret nobody else knows keeps forged notifications out. */
export const resolveWebhookSecret = (config: Config) =>
  resolveSecret(config.dataDir, 'webhook-secret', config.payments.cloudpayments.apiSecret).value;
