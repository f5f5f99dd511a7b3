// The live stream catches a page up: an order that changed after the page was rendered and before its stream
// opened (or while a broken stream was away) is sent as soon as the stream opens, and a gap this process
// cannot account for is answered with `*`. Before, such a change never reached the page: a browser test of the
// whole funnel waited a minute in CI for a stage that had changed in that gap.
import { get } from 'node:http';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, hireStaff, stockCatalog } from '../helpers/funnel.ts';
import { hire, launchBrowser, personContext, signIn, startWebStack, type WebStack } from '../helpers/browser.ts';

let stack: WebStack;
let browser: Browser;
let cookie: string;

beforeAll(async () => {
  [stack, browser] = await Promise.all([startWebStack(), launchBrowser()]);
  const context = await personContext(browser, stack);
  await signIn(context, await hire(stack, 'sales', 'Мария Живая'));
  cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** Reads the stream opened with `query` and `headers` until `until` holds for what came, or `ms` pass; then hangs up. */
function streamed(query: string, until: (text: string) => boolean, headers: Record<string, string> = {}, ms = 3_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const request = get(`${stack.baseUrl}/events${query}`, { headers: { cookie, ...headers } }, (response) => {
      if (!/text\/event-stream/.test(response.headers['content-type'] ?? '')) reject(new Error(`not an event stream: ${response.statusCode}`));
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        text += chunk;
        if (until(text)) done();
      });
    });
    const done = () => {
      clearTimeout(timer);
      request.destroy();
      resolve(text);
    };
    const timer = setTimeout(done, ms);
    request.on('error', (error) => {
      if (!request.destroyed) reject(error);
    });
  });
}

describe('the live stream', () => {
  it('sends, when it opens, the orders that changed since the page was rendered, and * for a gap it cannot tell', async () => {
    const staff = await hireStaff(stack);
    const catalog = await stockCatalog(stack);
    // a page rendered within the clock margin of the process's start gets `*` (asserted below): not this one
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    const renderedAt = Date.now();
    const order = await client(stack).create({ customer: { name: 'Живой клиент', email: 'live@example.com' }, items: [{ productId: catalog.table.id, quantity: 1 }] }, staff.manager.headers);

    const caughtUp = await streamed(`?since=${renderedAt}`, (text) => text.includes(order.id));
    const sent = new RegExp(`id: (\\d+)\\nevent: order\\ndata: ${order.id}\\n`).exec(caughtUp);
    expect(sent, caughtUp).not.toBeNull();
    // each order once, with the time of its last change as the id the browser sends back when it reconnects
    expect(caughtUp.split(`data: ${order.id}`)).toHaveLength(2);
    const lastId = Number(sent![1]);
    expect(lastId).toBeGreaterThanOrEqual(renderedAt);

    // a page older than anything this process has heard: anything may have changed
    expect(await streamed(`?since=${renderedAt - 86_400_000}`, (text) => text.includes('data: *'))).toContain('event: order\ndata: *\n');
    // a reconnect names the last event it got, and without `since` (an older page's script) nothing is asked:
    // either way only live changes come, none replayed from before the stream opened
    for (const [query, headers] of [['?since=1', { 'last-event-id': String(lastId + 60_000) }], ['', {}]] as const) {
      const openedAt = Date.now();
      const text = await streamed(query, (t) => t.includes('data:'), headers, 1_000);
      const ids = [...text.matchAll(/id: (\d+)/g)].map((m) => Number(m[1]));
      expect(text).not.toContain('data: *');
      expect(ids.filter((id) => id < openedAt)).toEqual([]);
    }
  });
});
