// The client's order page (`/o/:token`) as a function from what the client may see to HTML, in the order's
// language. The part inside #live is what the page's script swaps when the order changes; the message form
// stays outside it, so nothing being typed is ever replaced.
import { randomUUID } from 'node:crypto';
import type { Config } from '../../config.ts';
import type { ClientOrder } from '../../db/queries/client-page.ts';
import type { Locale } from '../../domain/funnel.ts';
import { html, type SafeHtml } from '../../api/html.ts';
import { contextOf, conversation, delivery, invoices, items, progress } from './sections.ts';
import { CLIENT_TEXT, type Notice } from './texts.ts';

export const MAX_MESSAGE = 2000;

function layout(locale: Locale, title: string, body: SafeHtml, script?: string): string {
  return html`<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; max-width: 44rem; margin: 1.5rem auto; padding: 0 1rem; color: #1d1d1f; }
  h2 { font-size: 1.15rem; margin-top: 1.75rem; }
  dl { display: grid; grid-template-columns: auto 1fr; gap: .25rem 1rem; } dt { color: #595959; } dd { margin: 0; }
  table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid #ddd; vertical-align: top; }
  .num { text-align: right; white-space: nowrap; } .scroll { overflow-x: auto; }
  .note { color: #595959; font-size: .9rem; } .steps { padding-left: 1.5rem; } .steps .current { font-size: 1.1rem; }
  .plain { list-style: none; padding: 0; } .plain li { margin: .5rem 0; } .chat .mine { padding-left: 1.5rem; }
  .text { white-space: pre-wrap; overflow-wrap: anywhere; }
  .button, button { display: inline-block; font: inherit; padding: .6rem 1.2rem; border: 0; border-radius: .5rem; background: #1a5fb4; color: #fff; text-decoration: none; cursor: pointer; margin: .25rem .5rem .25rem 0; }
  textarea { width: 100%; box-sizing: border-box; font: inherit; min-height: 6rem; }
  a:focus, button:focus, textarea:focus { outline: 3px solid #f5c211; outline-offset: 2px; }
  [role=alert] { border-left: 4px solid #c01c28; padding-left: .75rem; } [role=status] { border-left: 4px solid #26a269; padding-left: .75rem; }
</style>${script ? html`<script src="${script}" defer></script>` : ''}</head><body>${body}</body></html>`.value;
}

/** The same plain page for an unknown link and an ended one: a guesser learns nothing. */
export function clientNotFoundPage(): string {
  const { ru, en } = CLIENT_TEXT;
  return layout('ru', ru.notFound, html`<main><h1>${ru.notFound}</h1><p>${ru.notFoundText}</p><p lang="en">${en.notFound}. ${en.notFoundText}</p></main>`);
}

export interface ClientPageOptions {
  token: string;
  notice?: Notice;
  /** What the client typed, given back after a refusal so nothing is lost. */
  draft?: string;
  telegram?: { offered: boolean; bound: boolean };
}

export function clientPage(config: Config, found: ClientOrder, options: ClientPageOptions): string {
  const { order } = found;
  const locale = order.locale;
  const t = CLIENT_TEXT[locale];
  const ctx = contextOf(found, t);
  const firstName = order.managerName?.split(/\s+/)[0] ?? null;
  const base = `/o/${options.token}`;
  const notice = options.notice
    ? options.notice === 'sent'
      ? html`<p role="status">${t.sent}</p>`
      : html`<p role="alert">${t[options.notice]}</p>`
    : '';
  const telegram = options.telegram?.bound
    ? html`<p>${t.telegramOn}</p>`
    : options.telegram?.offered
      ? html`<form method="post" action="${base}/telegram"><button type="submit">${t.telegram}</button> <span class="note">${t.telegramHint}</span></form>`
      : '';
  const body = html`<main>
<h1>${t.title} № ${order.number}</h1>
${firstName ? html`<p>${t.manager}: ${firstName}</p>` : ''}
<div id="live" data-version="${order.version}">
${progress(found, ctx)}
${items(found, ctx)}
${invoices(config, found, ctx)}
${delivery(found, ctx)}
${conversation(found, ctx, firstName)}
</div>
<h2>${t.write}</h2>
${notice}
<form method="post" action="${base}/messages">
  <input type="hidden" name="messageId" value="${randomUUID()}">
  <label for="text">${t.message} <span class="note">(${t.limit})</span></label>
  <textarea id="text" name="text" maxlength="${MAX_MESSAGE}" required>${options.draft ?? ''}</textarea>
  <button type="submit">${t.send}</button>
</form>
${telegram}
<p class="note">${t.live}</p>
</main>`;
  return layout(locale, `${t.title} № ${order.number}`, body, '/o-assets/order-page.js');
}
