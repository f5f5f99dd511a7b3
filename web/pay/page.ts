// The client's pay page as a function from the invoice to HTML; everything that came from a user is escaped.
import type { Config } from '../../config.ts';
import { formatDate, formatMoney } from '../../domain/format.ts';
import type { Locale } from '../../domain/funnel.ts';
import { payableNow, type ClientInvoice, type PayState } from '../../api/services/client-invoices.ts';
import { html, type SafeHtml } from '../../api/html.ts';
import { PAY_TEXT } from './texts.ts';

function layout(locale: Locale, title: string, body: SafeHtml): string {
  return html`<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; max-width: 36rem; margin: 2rem auto; padding: 0 1rem; color: #1d1d1f; }
  dl { display: grid; grid-template-columns: auto 1fr; gap: .25rem 1rem; } dt { color: #6e6e73; } dd { margin: 0; }
  .due { font-size: 1.5rem; font-weight: 600; } .note { color: #6e6e73; font-size: .9rem; }
  button, .button { display: inline-block; font: inherit; padding: .75rem 1.5rem; border: 0; border-radius: .5rem; background: #1a5fb4; color: #fff; text-decoration: none; cursor: pointer; }
</style></head><body>${body}</body></html>`.value;
}

export function notFoundPage(): string {
  return layout('ru', PAY_TEXT.ru.notFound, html`<h1>${PAY_TEXT.ru.notFound}</h1>`);
}

/**
 * The invoice with what is due and how to pay it, in one state (`state`): the figures and the words always
 * agree. `notice` (a failure) stands in for the button.
 */
export function payPage(config: Config, found: ClientInvoice, state: PayState, notice?: string): string {
  const { invoice, order } = found;
  const locale = order.locale;
  const t = PAY_TEXT[locale];
  const money = (minor: number) => formatMoney(minor, invoice.currency, locale);
  const { due: payableDue, payable } = payableNow(found);
  const due = state.phase === 'open' ? payableDue : state.due;
  const button =
    config.payments.provider === 'sandbox'
      ? html`<form method="post" action="/pay/${invoice.paymentToken}/sandbox"><button type="submit">${t.pay} ${money(due)}</button></form>
<p class="note">${t.sandbox}</p>`
      : html`<a class="button" href="/pay/${invoice.paymentToken}/provider">${t.pay} ${money(due)}</a>`;
  const status =
    state.phase === 'paid'
      ? html`<p role="status"><strong>${t.isPaid}</strong></p>`
      : state.phase === 'cancelled'
        ? html`<p role="status">${t.isCancelled}</p>`
        : state.phase === 'recording'
          ? html`<p role="status"><strong>${t.recording}</strong></p>`
          : notice
            ? ''
            : payable
              ? button
              : html`<p>${t.notPayable}</p>`;
  return layout(
    locale,
    `${t.title} ${invoice.number}`,
    html`<h1>${t.title} № ${invoice.number}</h1>
${notice && state.phase === 'open' ? html`<p role="alert"><strong>${notice}</strong></p>` : ''}
<dl>
  <dt>${t.order}</dt><dd>№ ${order.number}</dd>
  <dt>${t.seller}</dt><dd>${config.seller.name}, ИНН ${config.seller.inn}</dd>
  <dt>${t.buyer}</dt><dd>${order.customer.company ?? order.customer.name}</dd>
  <dt>${t.amount}</dt><dd>${money(invoice.amount)}</dd>
  <dt>${t.paid}</dt><dd>${money(state.paid)}</dd>
  <dt>${t.payUntil}</dt><dd>${formatDate(invoice.dueDate, locale)}</dd>
</dl>
<p class="due">${t.due}: ${money(due)}</p>
${status}
<p><a href="/pay/${invoice.paymentToken}/invoice.pdf">${t.pdf}</a></p>`,
  );
}
