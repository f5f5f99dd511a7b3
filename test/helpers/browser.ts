// A real browser for the workspace tests: Debian's chromium driven by playwright-core (no browser download),
// one browser per test file, one context per person.
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { freePort } from './ports.ts';
import { asAdmin, startStack, type Stack } from './stack.ts';

const require = createRequire(import.meta.url);
export const ADMIN_EMAIL = 'admin@localhost';
export const ADMIN_PASSWORD = 'admin-password-for-tests';
export const SCREENSHOTS = 'docs/screenshots';

export interface WebStack extends Stack {
  baseUrl: string;
}

/** The stack with its app listening on a real port, which is also its PUBLIC_BASE_URL (the pay links); `env` adds settings (e.g. SMTP_URL). */
export async function startWebStack(env: Record<string, string> = {}): Promise<WebStack> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const stack = await startStack({ ADMIN_PASSWORD, PUBLIC_BASE_URL: baseUrl, RELAY_GRACE: '1s', ...env });
  await stack.app.listen({ port, host: '127.0.0.1' });
  return { ...stack, baseUrl };
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
}

/** A person's own browser: cookies of its own; CSP bypassed only so the tests can inject axe-core. */
export function personContext(browser: Browser, stack: WebStack): Promise<BrowserContext> {
  return browser.newContext({ baseURL: stack.baseUrl, bypassCSP: true, locale: 'ru-RU', viewport: { width: 1280, height: 900 } });
}

export interface Person {
  email: string;
  password: string;
  id: string;
  name: string;
}

/** An employee created through the API, with a workspace password the admin set. */
export async function hire(stack: Stack, department: string, name: string, isHead = false): Promise<Person> {
  const email = `${department}.${Math.random().toString(36).slice(2, 8)}@example.com`;
  const created = await stack.app.inject({ method: 'POST', url: '/api/v1/employees', headers: asAdmin, payload: { name, email, department, isHead } });
  expect(created.statusCode).toBe(201);
  const { id } = created.json<{ id: string }>();
  const password = `pw-${id.slice(0, 12)}`;
  const set = await stack.app.inject({ method: 'PUT', url: `/api/v1/employees/${id}/password`, headers: asAdmin, payload: { password } });
  expect(set.statusCode).toBe(204);
  return { email, password, id, name };
}

export async function signIn(context: BrowserContext, who: { email: string; password: string }): Promise<Page> {
  const page = await context.newPage();
  await page.goto('/sign-in');
  await page.getByLabel('Эл. почта').fill(who.email);
  await page.getByLabel('Пароль').fill(who.password);
  await page.getByRole('button', { name: 'Войти' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
  return page;
}

/** axe-core's serious and critical findings on the page as it is now. */
export async function seriousA11yProblems(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  // the function runs in the page, where axe-core is a global; the test's TypeScript has no DOM types
  type Violation = { id: string; impact: string; help: string; nodes: { target: string[] }[] };
  const violations = await page.evaluate<Violation[]>('axe.run(document).then((result) => result.violations)');
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

/** Saves what the page shows under docs/screenshots/ (the README's pictures) and checks its accessibility. */
export async function snapshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOTS}/${name}.png`, fullPage: true });
  expect(await seriousA11yProblems(page), `accessibility of ${name}`).toEqual([]);
}
