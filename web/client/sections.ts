// The parts of the client's order page, each a function from what the client may see to escaped HTML.
import type { Config } from '../../config.ts';
import type { ClientOrder } from '../../db/queries/client-page.ts';
import { formatDate, formatMoney } from '../../domain/format.ts';
import type { Locale } from '../../domain/funnel.ts';
import { html, type SafeHtml } from '../../api/html.ts';
import { payPageUrl, publicPdfUrl } from '../../integrations/payment-links.ts';
import { STAGE_SENTENCE, STEPS, type ClientWords } from './texts.ts';

type Ctx = { t: ClientWords; locale: Locale; money: (minor: number) => string };

export const contextOf = (found: ClientOrder, t: ClientWords): Ctx => {
  const locale = found.order.locale;
  return { t, locale, money: (minor) => formatMoney(minor, found.order.currency, locale) };
};

/** Steps done, the current one and those ahead; each says so in words, not only in colour. */
export function progress({ order }: ClientOrder, { t, locale }: Ctx): SafeHtml {
  const sentence = html`<p class="stage"><strong>${STAGE_SENTENCE[order.stage][locale]}</strong></p>`;
  if (order.stage === 'lost') return html`<h2>${t.progress}</h2>${sentence}`;
  const current = STEPS.findIndex((step) => step.stages.includes(order.stage));
  const steps = STEPS.map((step, i) =>
    i < current || order.stage === 'won'
      ? html`<li class="done">✓ ${step.words[locale]} <span class="note">(${t.done})</span></li>`
      : i === current
        ? html`<li class="current" aria-current="step">➜ <strong>${step.words[locale]}</strong> <span class="note">(${t.current})</span></li>`
        : html`<li>${step.words[locale]}</li>`,
  );
  return html`<h2>${t.progress}</h2><ol class="steps">${steps}</ol>${sentence}`;
}

export function items(found: ClientOrder, { t, money }: Ctx): SafeHtml {
  const { order } = found;
  const made = found.items.filter((item) => item.status === 'produced').length;
  const rows = found.items.map(
    (item) => html`<tr><td>${item.name}</td><td>${item.quantityMilli / 1000} ${item.unit}</td><td class="num">${money(item.amount)}</td>
<td>${item.status === 'produced' ? `✓ ${t.made}` : t.notMade}</td></tr>`,
  );
  return html`<h2>${t.items}</h2>
${found.items.length ? html`<div class="scroll" tabindex="0" role="region" aria-label="${t.items}"><table><thead><tr><th scope="col">${t.item}</th><th scope="col">${t.quantity}</th><th scope="col">${t.sum}</th><th scope="col">${t.state}</th></tr></thead><tbody>${rows}</tbody></table></div>` : ''}
<dl>
  <dt>${t.total}</dt><dd>${money(order.amount)}</dd>
  <dt>${t.paid}</dt><dd>${money(order.paid)}</dd>
  <dt>${t.due}</dt><dd><strong>${money(Math.max(0, order.amount - order.paid))}</strong></dd>
  ${found.items.length ? html`<dt>${t.production}</dt><dd><span id="made">${made} ${t.of} ${found.items.length}</span></dd>` : ''}
</dl>`;
}

export function invoices(config: Config, found: ClientOrder, { t, locale, money }: Ctx): SafeHtml {
  if (!found.invoices.length) return html``;
  const rows = found.invoices.map((invoice) => {
    const open = invoice.status === 'issued' || invoice.status === 'partially_paid';
    return html`<li><strong>${t.invoice} ${invoice.number}</strong>: ${money(invoice.amount)}, ${t.invoiceStatus[invoice.status]}${open ? html`, ${t.payUntil} ${formatDate(invoice.dueDate, locale)}` : ''}.
${open ? html`<a class="button" href="${invoice.paymentUrl ?? payPageUrl(config, invoice.token)}">${t.pay} ${money(invoice.amount - invoice.paid)}</a>` : ''}
<a href="${publicPdfUrl(config, invoice.token)}">${t.pdf} ${invoice.number}</a></li>`;
  });
  const paid = found.payments.map((p) => html`<li>${formatDate(p.receivedAt.toISOString().slice(0, 10), locale)}: ${money(p.amount)}</li>`);
  return html`<h2>${t.invoices}</h2><ul class="plain">${rows}</ul>
<h2>${t.payments}</h2>${paid.length ? html`<ul>${paid}</ul>` : html`<p>${t.noPayments}</p>`}`;
}

export function delivery({ order }: ClientOrder, { t, locale }: Ctx): SafeHtml {
  const d = order.delivery;
  if (!d) return html`<h2>${t.delivery}</h2><p>${t.noDelivery}</p>`;
  return html`<h2>${t.delivery}</h2><dl>
  <dt>${t.method}</dt><dd>${d.method === 'pickup' ? t.pickup : t.byCarrier}</dd>
  ${d.carrier ? html`<dt>${t.carrier}</dt><dd>${d.carrier}</dd>` : ''}
  ${d.address ? html`<dt>${t.address}</dt><dd>${d.address}</dd>` : ''}
  <dt>${t.shipDate}</dt><dd>${formatDate(d.shipDate, locale)}</dd>
  ${d.trackingNumber ? html`<dt>${t.tracking}</dt><dd>${d.trackingNumber}</dd>` : ''}
</dl>`;
}

/** The manager's comments meant for the client and the client's own messages, oldest first; text escaped. */
export function conversation(found: ClientOrder, { t }: Ctx, managerFirstName: string | null): SafeHtml {
  const entries = found.conversation.map((entry) => {
    const mine = entry.type === 'client_message';
    const who = mine ? t.fromYou : managerFirstName ? `${t.fromManager} ${managerFirstName}` : t.fromManager;
    return html`<li class="${mine ? 'mine' : 'theirs'}"><strong>${who}:</strong> <span class="text">${String(entry.data.text ?? '')}</span></li>`;
  });
  return html`<h2 id="messages">${t.messages}</h2>${entries.length ? html`<ul class="plain chat">${entries}</ul>` : html`<p>${t.noMessages}</p>`}`;
}
