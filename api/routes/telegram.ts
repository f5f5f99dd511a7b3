// The Telegram bot's webhook: `/start <code>` from the order page's deep link binds the chat to that order's
// client, `/stop` unbinds it. Telegram proves the call is its own with the secret token set on the webhook.
import { timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../deps.ts';
import { bindChat, unbindChat, useStartCode } from '../../db/queries/telegram.ts';
import { createBotApi } from '../../integrations/telegram/bot-api.ts';
import { AppError } from '../errors.ts';
import { errorResponses } from '../schemas.ts';

const update = z.looseObject({
  update_id: z.number().int(),
  message: z.looseObject({ chat: z.looseObject({ id: z.number().int() }), text: z.string().optional() }).optional(),
});

const REPLIES = {
  stopped: 'Готово: сообщения о заказах сюда больше не придут. / Done: no more order updates here.',
  unknownCode: 'Ссылка устарела: откройте страницу заказа и нажмите кнопку ещё раз. / The link has expired: press the button on your order page again.',
};

function sameSecret(given: unknown, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export const telegramRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  const { db, config } = deps;
  const bot = config.telegram ? createBotApi(config.telegram) : undefined;

  app.post(
    '/webhooks/telegram',
    {
      schema: {
        tags: ['webhooks'],
        summary: 'Telegram bot updates',
        description:
          'Called by Telegram, verified by the X-Telegram-Bot-Api-Secret-Token header (TELEGRAM_WEBHOOK_SECRET). `/start <code>` binds the chat to the client of the order whose page made the code; `/stop` ends every binding of the chat. Other updates are acknowledged and ignored. 404 when Telegram is not configured.',
        security: [],
        body: update,
        response: { ...errorResponses, 200: z.object({ ok: z.literal(true) }) },
      },
    },
    async (request) => {
      if (!config.telegram || !bot) throw new AppError(404, 'NOT_FOUND', 'Telegram is not configured');
      if (!sameSecret(request.headers['x-telegram-bot-api-secret-token'], config.telegram.webhookSecret)) {
        throw new AppError(401, 'UNAUTHENTICATED', 'Wrong or missing X-Telegram-Bot-Api-Secret-Token');
      }
      const message = request.body.message;
      const text = message?.text?.trim() ?? '';
      if (!message) return { ok: true as const };
      const chatId = String(message.chat.id);
      const start = /^\/start(?:@\w+)?\s+([\w-]{1,64})$/.exec(text);
      // replies to commands go straight back: they are answers to this chat, not an order's messages
      const reply = (words: string) => bot.sendMessage(chatId, words).catch((error: unknown) => request.log.warn({ err: error }, 'a Telegram reply failed'));
      if (start) {
        const orderId = await useStartCode(db, start[1]!);
        if (orderId) await bindChat(db, { orderId, chatId, updateId: request.body.update_id });
        else await reply(REPLIES.unknownCode);
      } else if (/^\/stop(?:@\w+)?$/.test(text)) {
        await unbindChat(db, chatId);
        await reply(REPLIES.stopped);
      }
      return { ok: true as const };
    },
  );
};
