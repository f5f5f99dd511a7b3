// The few Bot API calls the engine makes, over plain HTTPS to TELEGRAM_API_BASE (a local fake in tests). A
// refusal says whether it can be retried (429 with retry_after, 5xx) or never will work (403: the user
// blocked the bot; 400: no such chat), so the outbox records it as it records mail failures.

export interface BotApiOptions {
  apiBase: string;
  botToken: string;
  /** Well inside the dispatcher's lease, so a slow call is never taken over while it may still succeed. */
  timeoutMs?: number;
}

export class BotApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    /** Telegram's own wait before the next call (429), in milliseconds. */
    readonly retryAfterMs: number | undefined,
    /** No retry will mend it. */
    readonly permanent: boolean,
  ) {
    super(message);
  }
}

export interface BotApi {
  sendMessage(chatId: string, text: string): Promise<void>;
  sendDocument(chatId: string, document: { filename: string; content: Buffer; caption: string }): Promise<void>;
}

interface Answer {
  ok: boolean;
  description?: string;
  error_code?: number;
  parameters?: { retry_after?: number };
}

export function createBotApi(options: BotApiOptions): BotApi {
  const call = async (method: string, body: FormData | Record<string, unknown>) => {
    const url = `${options.apiBase}/bot${options.botToken}/${method}`;
    const response = await fetch(url, {
      method: 'POST',
      signal: AbortSignal.timeout(options.timeoutMs ?? 20_000),
      ...(body instanceof FormData ? { body } : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    });
    const answer = (await response.json().catch(() => ({ ok: false, description: `HTTP ${response.status}` }))) as Answer;
    if (response.ok && answer.ok) return;
    const status = answer.error_code ?? response.status;
    const retryAfter = answer.parameters?.retry_after;
    // 400 and 403 will answer the same tomorrow; 429 and 5xx are worth waiting for
    const permanent = status === 400 || status === 401 || status === 403 || status === 404;
    throw new BotApiError(`Bot API ${method}: ${status} ${answer.description ?? ''}`.trim(), status, retryAfter !== undefined ? retryAfter * 1000 : undefined, permanent);
  };
  return {
    sendMessage: (chatId, text) => call('sendMessage', { chat_id: chatId, text, link_preview_options: { is_disabled: true } }),
    sendDocument: (chatId, document) => {
      const form = new FormData();
      form.set('chat_id', chatId);
      form.set('caption', document.caption.slice(0, 1024));
      form.set('document', new Blob([document.content], { type: 'application/pdf' }), document.filename);
      return call('sendDocument', form);
    },
  };
}
