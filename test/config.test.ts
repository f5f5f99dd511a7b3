import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config.ts';
import { parseDuration } from '../domain/duration.ts';

describe('parseDuration', () => {
  it.each([
    ['30s', 30_000],
    ['15m', 900_000],
    ['2h', 7_200_000],
    ['3d', 259_200_000],
    ['500ms', 500],
    ['1.5h', 5_400_000],
  ])('%s is %d ms', (text, ms) => expect(parseDuration(text)).toBe(ms));

  it.each(['', '2', 'h', '-1h', '0s', '2 weeks'])('refuses %j', (text) => expect(parseDuration(text)).toBeUndefined());
});

describe('loadConfig', () => {
  it('applies the documented defaults (README, Configuration)', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.publicBaseUrl).toBe('http://localhost:3000');
    expect(config.dataDir).toBe('.data');
    expect(config.database.url).toBeUndefined();
    expect(config.database.embeddedPort).not.toBe(5432);
    expect(config.temporal).toMatchObject({ address: undefined, namespace: 'default', taskQueue: 'orders', devPort: 7233, uiPort: 8233 });
    expect(config.sla).toEqual({ takeInWorkMs: 2 * 3_600_000, qualifyMs: 86_400_000, enterDeliveryDataMs: 86_400_000 });
    expect(config.payments.termMs).toBe(3 * 86_400_000);
    expect(config.payments.reminderIntervalMs).toBe(2 * 86_400_000);
    expect(config.productionDayMs).toBe(86_400_000);
    expect(config.defaultLocale).toBe('ru');
    expect(config.timezone).toBe('Europe/Moscow');
  });

  it('derives PUBLIC_BASE_URL from PORT and honours every override', () => {
    const config = loadConfig({ PORT: '4000', SLA_TAKE_IN_WORK: '30s', TEMPORAL_TASK_QUEUE: 'other', DATA_DIR: '/tmp/x' });
    expect(config.publicBaseUrl).toBe('http://localhost:4000');
    expect(config.sla.takeInWorkMs).toBe(30_000);
    expect(config.temporal.taskQueue).toBe('other');
    expect(config.dataDir).toBe('/tmp/x');
  });

  it('fails fast naming every bad variable', () => {
    expect(() => loadConfig({ SLA_QUALIFY: 'soon', PORT: 'eighty', BUSINESS_TIMEZONE: 'Mars/Olympus' })).toThrow(ConfigError);
    try {
      loadConfig({ SLA_QUALIFY: 'soon', PORT: 'eighty', BUSINESS_TIMEZONE: 'Mars/Olympus' });
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain('SLA_QUALIFY');
      expect(message).toContain('PORT');
      expect(message).toContain('BUSINESS_TIMEZONE');
    }
  });

  it('requires real provider credentials with PAYMENT_PROVIDER=cloudpayments, and treats empty as unset', () => {
    expect(() => loadConfig({ PAYMENT_PROVIDER: 'cloudpayments' })).toThrow(/CLOUDPAYMENTS_API_SECRET/);
    expect(() => loadConfig({ PAYMENT_PROVIDER: 'cloudpayments', CLOUDPAYMENTS_PUBLIC_ID: 'pk_1', CLOUDPAYMENTS_API_SECRET: '' })).toThrow(
      /CLOUDPAYMENTS_API_SECRET/,
    );
    const config = loadConfig({ PAYMENT_PROVIDER: 'cloudpayments', CLOUDPAYMENTS_PUBLIC_ID: 'pk_1', CLOUDPAYMENTS_API_SECRET: 's3cret' });
    expect(config.payments.cloudpayments).toMatchObject({ publicId: 'pk_1', apiSecret: 's3cret' });
    expect(loadConfig({ PUBLIC_BASE_URL: '', DATABASE_URL: '' })).toMatchObject({ publicBaseUrl: 'http://localhost:3000', database: { url: undefined } });
  });
});
