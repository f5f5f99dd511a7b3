// A Telegram row of the outbox, sent. The Bot API has no idempotency key, so unlike mail (where a repeat
// keeps its Message-ID) a message sent twice is seen twice. So the row is marked as handed over, in a
// committed write, before the call: a later claim that finds the mark knows an earlier holder may have sent
// it and died before the outcome was written, and does not send again (docs/client.md, never twice).
import type { Config } from '../../config.ts';
import type { Db } from '../../db/client.ts';
import { findInvoiceWithOrder } from '../../db/queries/invoices.ts';
import { handOver } from '../../db/queries/telegram-outbox.ts';
import type { ClaimedNotification } from '../../db/queries/notifications.ts';
import type { Locale } from '../../domain/funnel.ts';
import { invoiceDocument } from '../invoice-documents.ts';
import { localised, withClientUrl } from '../mail/compose.ts';
import { renderMail, type Template } from '../mail/templates.ts';
import { payPageUrl } from '../payment-links.ts';
import { BotApiError, type BotApi } from './bot-api.ts';

/** A failure the dispatcher records as undeliverable at once. */
export const permanent = (message: string) => Object.assign(new Error(message), { permanent: true });

export async function sendTelegram(deps: { db: Db; config: Config; bot: BotApi | undefined }, row: ClaimedNotification, holder: string): Promise<{ subject: string }> {
  const { db, config, bot } = deps;
  if (!bot) throw permanent('Telegram is not configured (TELEGRAM_BOT_TOKEN)');
  if (!row.recipient) throw permanent('no chat to send to');
  if (row.handedAt) throw permanent('outcome unknown: an earlier attempt reached the Bot API and stopped before its result was written; not sent again so the chat never gets it twice');
  const template = row.template as Template;
  const locale = row.locale as Locale;
  const invoice = row.invoiceId ? await findInvoiceWithOrder(db, { id: row.invoiceId }) : undefined;
  const base = await withClientUrl(db, config, { template, orderId: row.orderId, data: row.data });
  const data = invoice ? { ...base, paymentUrl: invoice.invoice.paymentUrl ?? payPageUrl(config, invoice.invoice.paymentToken) } : base;
  const message = renderMail(template, locale, localised(data, locale, config.timezone), config.seller.name);
  const pdf = invoice && row.attachInvoice ? await invoiceDocument(db, config, invoice.invoice.id, invoice) : undefined;
  if (!(await handOver(db, { id: row.id, holder }))) throw new Error('the claim was lost before sending');
  try {
    if (pdf && invoice) await bot.sendDocument(row.recipient, { filename: `${invoice.invoice.number}.pdf`, content: pdf, caption: message.text });
    else await bot.sendMessage(row.recipient, message.text);
  } catch (error) {
    if (error instanceof BotApiError || neverLeft(error)) throw error;
    // a timeout or a connection lost after the request went out: Telegram may have taken it
    throw permanent(`outcome unknown (${String((error as Error)?.message ?? error)}); not sent again so the chat never gets it twice`);
  }
  return { subject: message.subject };
}

/** The request never reached Telegram: nothing can have been sent, so a retry is safe. */
function neverLeft(error: unknown): boolean {
  const code = (error as { cause?: { code?: string } })?.cause?.code;
  return code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN';
}
