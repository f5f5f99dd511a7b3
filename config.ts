// The one place that reads the environment. Every variable of the README's configuration table is parsed
// here, once, and bad values fail fast with the variable's name.
import { existsSync, readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { z } from 'zod';
import { parseDuration } from './domain/duration.ts';
import { LOCALES } from './domain/funnel.ts';
import { PUBLIC_HOLIDAY_SETS } from './domain/public-holidays.ts';
import { parseHours, parseWorkingDays } from './domain/working-week.ts';

/** A text variable parsed by `parse`, failing with `expected` when it returns undefined. */
const parsed = <T>(fallback: string, parse: (text: string) => T | undefined, expected: string) =>
  z
    .string()
    .default(fallback)
    .transform((text, ctx) => {
      const value = parse(text);
      if (value === undefined) {
        ctx.addIssue({ code: 'custom', message: `expected ${expected}, got "${text}"` });
        return z.NEVER;
      }
      return value;
    });

const duration = (fallback: string) => parsed(fallback, parseDuration, 'a duration such as 30s, 15m, 2h or 3d');

const port = (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback);
const optional = z
  .string()
  .optional()
  .transform((v) => (v === '' ? undefined : v));

const envSchema = z.object({
  PORT: port(3000),
  // Loopback unless opened: a laptop's `npm start` should not serve the network; the container sets 0.0.0.0.
  HOST: z.string().default('127.0.0.1'),
  PUBLIC_BASE_URL: optional.pipe(z.url().optional()),
  DATA_DIR: z.string().default('.data'),
  DATABASE_URL: optional.pipe(z.url().optional()),
  EMBEDDED_PG_PORT: port(5433),
  TEMPORAL_ADDRESS: optional,
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('orders'),
  TEMPORAL_DEV_PORT: port(7233),
  TEMPORAL_UI_PORT: port(8233),
  ADMIN_API_KEY: optional.pipe(z.string().min(16, 'must be at least 16 characters').optional()),
  ADMIN_EMAIL: z.string().regex(/^[^\s@]+@[^\s@]+$/, 'expected an e-mail address').default('admin@localhost'),
  ADMIN_PASSWORD: optional.pipe(z.string().min(12, 'must be at least 12 characters').optional()),
  SLA_TAKE_IN_WORK: duration('2h'),
  SLA_QUALIFY: duration('1d'),
  SLA_ENTER_DELIVERY_DATA: duration('1d'),
  PAYMENT_TERM: duration('3d'),
  PAYMENT_REMINDER_INTERVAL: duration('2d'),
  PAYMENT_REMINDER_LIMIT: z.coerce.number().int().min(1).max(1000).default(5),
  WORKFLOW_HISTORY_LIMIT: z.coerce.number().int().min(50).max(50_000).default(10_000),
  WORKFLOW_CACHE: z.coerce.number().int().min(10).max(100_000).default(500),
  WORKFLOW_STACK_TRACES: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  PRODUCTION_DAY: duration('1d'),
  SETTLEMENT_WINDOW: duration('30d'),
  TASK_WARNING_AT: parsed('80%', parseShare, 'a share of a task\'s time such as 80%, or off'),
  ESCALATION_DELAY: duration('4h'),
  RELAY_INTERVAL: duration('2s'),
  RELAY_GRACE: duration('20s'),
  PAYMENT_EXPIRES: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  PAYMENT_PROVIDER: z.enum(['sandbox', 'cloudpayments']).default('sandbox'),
  CLOUDPAYMENTS_PUBLIC_ID: optional,
  CLOUDPAYMENTS_API_SECRET: optional,
  CLOUDPAYMENTS_API_URL: z.url().default('https://api.cloudpayments.ru'),
  SMTP_URL: optional,
  MAIL_FROM: z.string().default('Orders <orders@example.com>'),
  DEFAULT_LOCALE: z.enum(LOCALES).default('ru'),
  BUSINESS_TIMEZONE: z
    .string()
    .default('Europe/Moscow')
    .refine(isTimeZone, { message: 'expected an IANA time zone such as Europe/Moscow' }),
  WORKING_DAYS: parsed('mon-fri', parseWorkingDays, 'weekdays such as mon-fri, mon-sat or mon,wed,fri'),
  WORKING_HOURS: parsed('09:00-18:00', parseHours, 'hours such as 09:00-18:00 or 00:00-24:00'),
  PUBLIC_HOLIDAYS: z.enum(PUBLIC_HOLIDAY_SETS).default('RU'),
  PAYMENT_TERM_DAYS: z.enum(['calendar', 'banking']).default('calendar'),
  REMINDER_HOUR: z.coerce.number().int().min(0).max(23).default(10),
  SELLER_NAME: z.string().default('ООО «Демо Производство»'),
  SELLER_INN: z.string().default('7700000000'),
  SELLER_KPP: z.string().default('770001001'),
  SELLER_ADDRESS: z.string().default('г. Москва, ул. Примерная, д. 1'),
  SELLER_BANK: z.string().default('АО «Демо Банк»'),
  SELLER_BIK: z.string().default('044525000'),
  SELLER_ACCOUNT: z.string().default('40702810000000000001'),
  SELLER_CORR_ACCOUNT: z.string().default('30101810400000000225'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TELEGRAM_BOT_TOKEN: optional,
  TELEGRAM_API_BASE: z.url().default('https://api.telegram.org'),
  TELEGRAM_WEBHOOK_SECRET: optional.pipe(z.string().regex(/^[\w-]{16,256}$/, 'expected 16 to 256 letters, digits, _ or -').optional()),
  TELEGRAM_BOT_USERNAME: optional.pipe(z.string().regex(/^\w{5,32}$/, 'expected the bot\'s username without @').optional()),
  SITE_KEYS: z
    .string()
    .default('')
    .transform((text) => text.split(',').map((key) => key.trim()).filter(Boolean))
    .pipe(z.array(z.string().min(16, 'every site key must be at least 16 characters'))),
  PUBLIC_ORDERS_PER_HOUR: z.coerce.number().int().min(1).default(10),
  WORKER_METRICS_PORT: optional.pipe(z.coerce.number<string | undefined>().int().min(1).max(65535).optional()),
});

/** `80%` as 0.8; `off` as null (no warnings before deadlines). */
function parseShare(text: string): number | null | undefined {
  if (text.trim() === 'off') return null;
  const match = /^(\d{1,2})%$/.exec(text.trim());
  const percent = match ? Number(match[1]) : 0;
  return percent >= 1 && percent <= 99 ? percent / 100 : undefined;
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const checkedEnvSchema = envSchema.superRefine((env, ctx) => {
  // The sandbox credentials are public: a real provider must never verify webhooks with them.
  // the webhook is public: without its secret anybody could bind chats; without the username there is no deep link
  if (env.TELEGRAM_BOT_TOKEN) {
    for (const name of ['TELEGRAM_WEBHOOK_SECRET', 'TELEGRAM_BOT_USERNAME'] as const) {
      if (!env[name]) ctx.addIssue({ code: 'custom', path: [name], message: 'required when TELEGRAM_BOT_TOKEN is set' });
    }
  }
  if (env.PAYMENT_PROVIDER === 'cloudpayments') {
    for (const name of ['CLOUDPAYMENTS_PUBLIC_ID', 'CLOUDPAYMENTS_API_SECRET'] as const) {
      if (!env[name]) ctx.addIssue({ code: 'custom', path: [name], message: 'required when PAYMENT_PROVIDER=cloudpayments' });
    }
  }
});

const SANDBOX_PUBLIC_ID = 'pk_sandbox';

export type Config = ReturnType<typeof toConfig>;

function toConfig(env: z.infer<typeof envSchema>) {
  return {
    port: env.PORT,
    host: env.HOST,
    publicBaseUrl: (env.PUBLIC_BASE_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, ''),
    dataDir: env.DATA_DIR,
    database: {
      /** Set when DATABASE_URL names an existing server; otherwise `npm start` runs the embedded one. */
      url: env.DATABASE_URL,
      embeddedPort: env.EMBEDDED_PG_PORT,
    },
    temporal: {
      /** Set when TEMPORAL_ADDRESS names an existing server; otherwise `npm start` runs the dev server. */
      address: env.TEMPORAL_ADDRESS,
      namespace: env.TEMPORAL_NAMESPACE,
      taskQueue: env.TEMPORAL_TASK_QUEUE,
      devPort: env.TEMPORAL_DEV_PORT,
      uiPort: env.TEMPORAL_UI_PORT,
    },
    adminApiKey: env.ADMIN_API_KEY,
    /** The built-in admin's workspace sign-in; unset password: one generated into DATA_DIR/admin-password. */
    admin: { email: env.ADMIN_EMAIL.toLowerCase(), password: env.ADMIN_PASSWORD },
    sla: {
      takeInWorkMs: env.SLA_TAKE_IN_WORK,
      qualifyMs: env.SLA_QUALIFY,
      enterDeliveryDataMs: env.SLA_ENTER_DELIVERY_DATA,
    },
    payments: {
      termMs: env.PAYMENT_TERM,
      reminderIntervalMs: env.PAYMENT_REMINDER_INTERVAL,
      /** Reminders of one unpaid invoice before the manager is given a task to call the client instead. */
      reminderLimit: env.PAYMENT_REMINDER_LIMIT,
      provider: env.PAYMENT_PROVIDER,
      /** The provider's `check` refuses (code 20) an invoice past its due date. */
      expires: env.PAYMENT_EXPIRES,
      cloudpayments: {
        publicId: env.CLOUDPAYMENTS_PUBLIC_ID ?? SANDBOX_PUBLIC_ID,
        /** Required with cloudpayments; with the sandbox, unset means one generated into DATA_DIR. */
        apiSecret: env.CLOUDPAYMENTS_API_SECRET,
        apiUrl: env.CLOUDPAYMENTS_API_URL,
      },
    },
    productionDayMs: env.PRODUCTION_DAY,
    settlementWindowMs: env.SETTLEMENT_WINDOW,
    /** Events in one run of an order's workflow after which it continues as new at its next quiet moment. */
    workflowHistoryLimit: env.WORKFLOW_HISTORY_LIMIT,
    /** Orders the worker keeps in memory between their events (worker.ts). */
    workflowCache: env.WORKFLOW_CACHE,
    /** Stack frames in workflow errors and the stack trace query, at a cost per promise (workflows/stack-frames.ts). */
    workflowStackTraces: env.WORKFLOW_STACK_TRACES,
    /** Warnings before a task's deadline and escalation after it (docs/funnel.md, "Warnings and escalation"). */
    escalation: { warnAtShare: env.TASK_WARNING_AT, delayMs: env.ESCALATION_DELAY },
    /** The relay hands stored payments and orders to Temporal: how often it looks, and how old a row must be. */
    relay: { intervalMs: env.RELAY_INTERVAL, graceMs: env.RELAY_GRACE },
    mail: { smtpUrl: env.SMTP_URL, from: env.MAIL_FROM },
    defaultLocale: env.DEFAULT_LOCALE,
    timezone: env.BUSINESS_TIMEZONE,
    /** The working calendar deadlines are counted in (domain/working-calendar.ts); date overrides live in the database. */
    calendar: {
      workingDays: env.WORKING_DAYS,
      workingHours: env.WORKING_HOURS,
      publicHolidays: env.PUBLIC_HOLIDAYS,
      /** Whether PAYMENT_TERM's days are calendar days or banking days (Monday to Friday, holidays off). */
      paymentTermDays: env.PAYMENT_TERM_DAYS,
      /** Reminders go out on working days at this hour, business time. */
      reminderHour: env.REMINDER_HOUR,
    },
    seller: {
      name: env.SELLER_NAME,
      inn: env.SELLER_INN,
      kpp: env.SELLER_KPP,
      address: env.SELLER_ADDRESS,
      bank: env.SELLER_BANK,
      bik: env.SELLER_BIK,
      account: env.SELLER_ACCOUNT,
      corrAccount: env.SELLER_CORR_ACCOUNT,
    },
    /** The client's second channel (docs/client.md); off unless TELEGRAM_BOT_TOKEN is set. */
    telegram:
      env.TELEGRAM_BOT_TOKEN && env.TELEGRAM_WEBHOOK_SECRET && env.TELEGRAM_BOT_USERNAME
        ? { botToken: env.TELEGRAM_BOT_TOKEN, apiBase: env.TELEGRAM_API_BASE.replace(/\/+$/, ''), webhookSecret: env.TELEGRAM_WEBHOOK_SECRET, botUsername: env.TELEGRAM_BOT_USERNAME }
        : undefined,
    /** The company site's order form (`POST /api/v1/public/orders`): its keys, and how many orders one address may place an hour. */
    publicOrders: { siteKeys: env.SITE_KEYS, perHour: env.PUBLIC_ORDERS_PER_HOUR },
    logLevel: env.LOG_LEVEL,
    /** Where the worker serves the SDK's Prometheus metrics (workflow-task and activity latencies); off when unset. */
    workerMetricsPort: env.WORKER_METRICS_PORT,
  };
}

export class ConfigError extends Error {}

/** Parses the configuration from `env` (process.env plus `.env` by default); throws naming each bad variable. */
export function loadConfig(env: Record<string, string | undefined> = readEnvironment()): Config {
  const parsed = checkedEnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return toConfig(parsed.data);
}

/** process.env, with a `.env` file in the working directory filling what the environment leaves unset. */
export function readEnvironment(): Record<string, string | undefined> {
  const file = '.env';
  const fromFile = existsSync(file) ? parseEnv(readFileSync(file, 'utf8')) : {};
  return { ...fromFile, ...process.env };
}
