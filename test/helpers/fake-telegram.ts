// A local stand-in for Telegram's Bot API (no network here): answers sendMessage and sendDocument as
// Telegram does, records every call, and can be told to refuse the next calls (429 with retry_after, 403).
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface BotCall {
  method: string;
  token: string;
  chatId: string;
  text?: string;
  caption?: string;
  document?: { filename: string; type: string; size: number };
  at: number;
}

export const BOT_TOKEN = '123456:test-token';

async function bodyOf(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  const type = request.headers['content-type'] ?? '';
  if (type.startsWith('application/json')) return JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
  // multipart (sendDocument): read by the same FormData parser fetch uses
  const form = await new Response(raw, { headers: { 'content-type': type } }).formData();
  const out: Record<string, unknown> = {};
  for (const [name, value] of form.entries()) {
    out[name] = typeof value === 'string' ? value : { filename: (value as File).name, type: value.type, size: value.size };
  }
  return out;
}

export async function startFakeTelegram() {
  const calls: BotCall[] = [];
  const refusals: { status: number; body: Record<string, unknown> }[] = [];
  const server = createServer((request, response) => {
    void (async () => {
      const match = /^\/bot([^/]+)\/(\w+)$/.exec(request.url ?? '');
      const body = await bodyOf(request);
      const send = (status: number, json: Record<string, unknown>) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(json));
      };
      if (!match || match[1] !== BOT_TOKEN) return send(401, { ok: false, error_code: 401, description: 'Unauthorized' });
      const refusal = refusals.shift();
      if (refusal) return send(refusal.status, refusal.body);
      calls.push({
        method: match[2]!,
        token: match[1]!,
        chatId: String(body.chat_id),
        ...(typeof body.text === 'string' ? { text: body.text } : {}),
        ...(typeof body.caption === 'string' ? { caption: body.caption } : {}),
        ...(body.document && typeof body.document === 'object' ? { document: body.document as BotCall['document'] } : {}),
        at: Date.now(),
      });
      return send(200, { ok: true, result: { message_id: calls.length, chat: { id: Number(body.chat_id) }, date: Math.floor(Date.now() / 1000) } });
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    /** The next call is answered with Telegram's 429 and its wait. */
    tooManyNext(retryAfterS: number) {
      refusals.push({ status: 429, body: { ok: false, error_code: 429, description: `Too Many Requests: retry after ${retryAfterS}`, parameters: { retry_after: retryAfterS } } });
    },
    /** The next call is answered as for a user who blocked the bot. */
    blockedNext() {
      refusals.push({ status: 403, body: { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' } });
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
