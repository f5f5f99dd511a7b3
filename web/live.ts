// Live pages: one LISTEN per process on `order_changed` (raised by the triggers of migration 0015 whenever an
// order or one of its tasks changes), fanned out to every open page as server-sent events. The page's
// script (assets/live.js) then reloads just the parts that show the changed order.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../db/client.ts';

export const ORDER_CHANNEL = 'order_changed';
const KEEPALIVE_MS = 25_000;
const UUID = /^[0-9a-f-]{36}$/;

export function registerLive(app: FastifyInstance, db: Db) {
  const streams = new Set<FastifyReply>();
  let unlisten: (() => Promise<void>) | undefined;

  const send = (reply: FastifyReply, text: string) => {
    if (!reply.raw.writableEnded) reply.raw.write(text);
  };

  app.addHook('onReady', async () => {
    const listening = await db.$client.listen(ORDER_CHANNEL, (orderId) => {
      // the payload comes from our own trigger, but it is still framed as one line: nothing else gets in
      if (!UUID.test(orderId)) return;
      for (const reply of streams) send(reply, `event: order\ndata: ${orderId}\n\n`);
    });
    unlisten = listening.unlisten;
  });
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
      streams.add(reply);
      request.raw.on('close', () => streams.delete(reply));
    },
  };
}
