// Live pages: one LISTEN per process on `order_changed` (raised by the triggers of migration 0015 whenever an
// order or one of its tasks changes), fanned out to every open page as server-sent events. The page's
// script (assets/live.js) then reloads just the parts that show the changed order.
//
// A page opens its stream a moment after it was rendered, and a stream that broke opens again a moment later:
// what changed in between would be lost. So each event carries its time as its id, the page asks from its
// render time (`?since=`), the browser asks again from the last id it got (`Last-Event-ID`), and the process
// replays what it heard since then from the last RECENT changes; when those do not reach back so far, it
// tells the page that anything may have changed (`*`).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../db/client.ts';

export const ORDER_CHANNEL = 'order_changed';
const KEEPALIVE_MS = 25_000;
const UUID = /^[0-9a-f-]{36}$/;
const RECENT = 1_000;
/** Pages rendered by another process, whose clock may run a little ahead of this one's. */
const CLOCK_MARGIN_MS = 2_000;

export function registerLive(app: FastifyInstance, db: Db) {
  const streams = new Set<FastifyReply>();
  let unlisten: (() => Promise<void>) | undefined;
  const recent: { at: number; orderId: string }[] = [];
  /** Every change heard since this moment is in `recent`: from when the LISTEN is in place. */
  let heardSince = Number.POSITIVE_INFINITY;

  const send = (reply: FastifyReply, text: string) => {
    if (!reply.raw.writableEnded) reply.raw.write(text);
  };
  const event = (at: number, orderId: string) => `id: ${at}\nevent: order\ndata: ${orderId}\n\n`;

  app.addHook('onReady', async () => {
    const listening = await db.$client.listen(ORDER_CHANNEL, (orderId) => {
      // the payload comes from our own trigger, but it is still framed as one line: nothing else gets in
      if (!UUID.test(orderId)) return;
      const at = Date.now();
      recent.push({ at, orderId });
      if (recent.length > RECENT) heardSince = recent.shift()!.at;
      for (const reply of streams) send(reply, event(at, orderId));
    });
    unlisten = listening.unlisten;
    heardSince = Date.now();
  });

  /** What changed after `since` (ms), as events: each order once, or `*` when this process cannot tell. */
  const catchUp = (since: number): string => {
    const from = since - CLOCK_MARGIN_MS;
    if (from < heardSince) return `event: order\ndata: *\n\n`;
    const last = new Map<string, number>();
    for (const { at, orderId } of recent) if (at > from) last.set(orderId, at);
    return [...last].map(([orderId, at]) => event(at, orderId)).join('');
  };
  const keepalive = setInterval(() => {
    for (const reply of streams) send(reply, ': keepalive\n\n');
  }, KEEPALIVE_MS);
  keepalive.unref();

  app.addHook('preClose', async () => {
    clearInterval(keepalive);
    for (const reply of streams) reply.raw.end();
    streams.clear();
    await unlisten?.();
  });

  return {
    /** Holds the response open as an event stream until the browser leaves the page. */
    open(request: FastifyRequest, reply: FastifyReply) {
      reply.hijack();
      reply.raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        'x-accel-buffering': 'no',
        'x-content-type-options': 'nosniff',
      });
      reply.raw.write('retry: 2000\n\n');
      const since = Number(request.headers['last-event-id'] ?? (request.query as { since?: string }).since);
      if (Number.isSafeInteger(since) && since > 0) send(reply, catchUp(since));
      streams.add(reply);
      request.raw.on('close', () => streams.delete(reply));
    },
  };
}
