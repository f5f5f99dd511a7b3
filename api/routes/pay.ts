// The client's payment page (public, reached by the unguessable token of the invoice's link), the public
// PDF, and the sandbox provider's pay button, which pays through the same signed webhooks a real provider
// calls.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { findInvoiceWithOrder, savePaymentUrl, type InvoiceWithOrder } from '../../db/queries/invoices.ts';
import { formatMoney } from '../../domain/format.ts';
import type { Locale } from '../../domain/funnel.ts';
import { CHECK_CODE, formatAmount, sign, type NotificationKind } from '../../integrations/cloudpayments.ts';
import { createPaymentLinks } from '../../integrations/payment-links.ts';
import type { AppDeps } from '../app.ts';
import { invoicePdf, pdfDisposition } from '../documents.ts';
import { html, type SafeHtml } from '../html.ts';
import { checkCode, payableOn } from './cloudpayments.ts';

const tokenParams = z.object({ token: z.string().regex(/^[\w-]{16,64}$/) });

const TEXT = {
  ru: {
    title: 'Счёт на оплату',
    from: 'от',
    order: 'Заказ',
    seller: 'Продавец',
    buyer: 'Покупатель',
    amount: 'Сумма счёта',
    paid: 'Оплачено',
    due: 'К оплате',
    payUntil: 'Оплатить до',
    pay: 'Оплатить',
    pdf: 'Счёт в PDF',
    isPaid: 'Счёт оплачен. Спасибо!',
    isCancelled: 'Счёт отменён и не может быть оплачен.',
    notPayable: 'Этот счёт сейчас не может быть оплачен. Свяжитесь с менеджером.',
    sandbox: 'Тестовый режим: оплата проходит без списания денег.',
    notFound: 'Счёт не найден',
    providerDown: 'Платёжный сервис сейчас недоступен. Попробуйте через несколько минут.',
  },
  en: {
    title: 'Invoice',
    from: 'of',
    order: 'Order',
    seller: 'Seller',
    buyer: 'Buyer',
    amount: 'Invoice amount',
    paid: 'Paid',
    due: 'Amount due',
    payUntil: 'Pay by',
    pay: 'Pay',
    pdf: 'Invoice PDF',
    isPaid: 'The invoice is paid. Thank you!',
    isCancelled: 'The invoice was cancelled and cannot be paid.',
    notPayable: 'This invoice cannot be paid right now. Please contact your manager.',
    sandbox: 'Test mode: no money is charged.',
    notFound: 'Invoice not found',
    providerDown: 'The payment service is unavailable right now. Please try again in a few minutes.',
  },
} as const;

function page(title: string, body: SafeHtml): string {
  return html`<!doctype html>
<html lang="ru"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; max-width: 36rem; margin: 2rem auto; padding: 0 1rem; color: #1d1d1f; }
  dl { display: grid; grid-template-columns: auto 1fr; gap: .25rem 1rem; } dt { color: #6e6e73; } dd { margin: 0; }
  .due { font-size: 1.5rem; font-weight: 600; } .note { color: #6e6e73; font-size: .9rem; }
  button, .button { display: inline-block; font: inherit; padding: .75rem 1.5rem; border: 0; border-radius: .5rem; background: #1a5fb4; color: #fff; text-decoration: none; cursor: pointer; }
</style></head><body>${body}</body></html>`.value;
}

export async function payRoutes(app: FastifyInstance, { deps }: { deps: AppDeps }) {
  const { db, config } = deps;
  const paymentLinks = createPaymentLinks(config);

  // the sandbox button posts an empty form
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => done(null, body));

  const find = async (token: string) => findInvoiceWithOrder(db, { token });
  const notFoundPage = (reply: FastifyReply) =>
    reply.code(404).type('text/html; charset=utf-8').send(page(TEXT.ru.notFound, html`<h1>${TEXT.ru.notFound}</h1>`));

  const render = (found: InvoiceWithOrder, notice?: string) => {
    const { invoice, order } = found;
    const locale = order.locale as Locale;
    const t = TEXT[locale];
    const money = (minor: number) => formatMoney(minor, invoice.currency, locale);
    const due = payableOn(found);
    const payable = checkCode(found, { Amount: formatAmount(due), Currency: invoice.currency }) === CHECK_CODE.ok;
    const button =
      config.payments.provider === 'sandbox'
        ? html`<form method="post" action="/pay/${invoice.paymentToken}/sandbox"><button type="submit">${t.pay} ${money(due)}</button></form>
<p class="note">${t.sandbox}</p>`
        : html`<a class="button" href="/pay/${invoice.paymentToken}/provider">${t.pay} ${money(due)}</a>`;
    // right after the sandbox payment the order may not have counted it yet: the notice stands in for the button
    const state =
      invoice.status === 'paid'
        ? html`<p><strong>${t.isPaid}</strong></p>`
        : invoice.status === 'cancelled'
          ? html`<p>${t.isCancelled}</p>`
          : notice
            ? ''
            : payable
              ? button
              : html`<p>${t.notPayable}</p>`;
    return page(
      `${t.title} ${invoice.number}`,
      html`<h1>${t.title} № ${invoice.number}</h1>
${notice ? html`<p><strong>${notice}</strong></p>` : ''}
<dl>
  <dt>${t.order}</dt><dd>№ ${order.number}</dd>
  <dt>${t.seller}</dt><dd>${config.seller.name}, ИНН ${config.seller.inn}</dd>
  <dt>${t.buyer}</dt><dd>${order.customer.company ?? order.customer.name}</dd>
  <dt>${t.amount}</dt><dd>${money(invoice.amount)}</dd>
  <dt>${t.paid}</dt><dd>${money(invoice.paid)}</dd>
  <dt>${t.payUntil}</dt><dd>${invoice.dueDate.split('-').reverse().join('.')}</dd>
</dl>
<p class="due">${t.due}: ${money(due)}</p>
${state}
<p><a href="/pay/${invoice.paymentToken}/invoice.pdf">${t.pdf}</a></p>`,
    );
  };

  app.get('/pay/:token', { schema: { tags: ['client'], summary: 'The payment page of an invoice (HTML)', security: [] } }, async (request, reply) => {
    const params = tokenParams.safeParse(request.params);
    const found = params.success ? await find(params.data.token) : undefined;
    if (!found) return notFoundPage(reply);
    const notice = (request.query as { paid?: string }).paid === '1' ? TEXT[found.order.locale as Locale].isPaid : undefined;
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(render(found, found.invoice.status === 'paid' ? undefined : notice));
  });

  app.get('/pay/:token/invoice.pdf', { schema: { tags: ['client'], summary: 'The invoice PDF for the client', security: [] } }, async (request, reply) => {
    const params = tokenParams.safeParse(request.params);
    const found = params.success ? await find(params.data.token) : undefined;
    if (!found) return notFoundPage(reply);
    return reply.type('application/pdf').header('content-disposition', pdfDisposition(found.invoice.number)).send(await invoicePdf(db, config, found));
  });

  // With CloudPayments the client pays on the provider's page; the link is made on first use if the
  // workflow could not make it when the invoice was issued.
  app.get('/pay/:token/provider', { schema: { tags: ['client'], summary: "Redirects to the provider's payment page (cloudpayments)", security: [] } }, async (request, reply) => {
    const params = tokenParams.safeParse(request.params);
    const found = params.success && config.payments.provider === 'cloudpayments' ? await find(params.data.token) : undefined;
    if (!found) return notFoundPage(reply);
    const { invoice, order } = found;
    // a link stored while the sandbox was the provider points at our own page: the provider makes a real one
    const stored = invoice.paymentUrl?.startsWith(config.publicBaseUrl) ? null : invoice.paymentUrl;
    let url: string;
    try {
      url =
        stored ??
        (await paymentLinks({
        invoiceId: invoice.id,
        invoiceNumber: invoice.number,
        token: invoice.paymentToken,
        amount: invoice.amount,
        currency: invoice.currency,
        orderId: order.id,
        orderNumber: order.number,
        email: order.customer.email,
      }));
    } catch (error) {
      request.log.error({ err: error, invoiceId: invoice.id }, 'the payment provider could not make a payment link');
      return reply.code(503).type('text/html; charset=utf-8').send(render(found, TEXT[order.locale as Locale].providerDown));
    }
    if (!stored) await savePaymentUrl(db, invoice.id, url);
    return reply.redirect(url, 303);
  });

  // The sandbox provider: what CloudPayments would send after a card payment, signed with our secret and
  // delivered to our own webhooks, so the path from here on is the real one.
  app.post('/pay/:token/sandbox', { schema: { tags: ['client'], summary: 'The sandbox pay button: pays through the signed webhooks', security: [] } }, async (request, reply) => {
    const params = tokenParams.safeParse(request.params);
    const found = params.success && config.payments.provider === 'sandbox' ? await find(params.data.token) : undefined;
    if (!found) return notFoundPage(reply);
    const { invoice, order } = found;
    const fields = {
      // one transaction per invoice and amount already paid: a double click pays once
      TransactionId: `sandbox-${invoice.id}-${invoice.paid}`,
      Amount: formatAmount(payableOn(found)),
      Currency: invoice.currency,
      InvoiceId: invoice.number,
      AccountId: order.customer.email ?? order.id,
      DateTime: new Date().toISOString().replace('T', ' ').slice(0, 19),
      Status: 'Completed',
      OperationType: 'Payment',
      TestMode: '1',
    };
    const notify = async (kind: NotificationKind) => {
      const body = new URLSearchParams(fields).toString();
      const response = await app.inject({
        method: 'POST',
        url: `/webhooks/cloudpayments/${kind}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-hmac': sign(body, deps.webhookSecret) },
        payload: body,
      });
      return (response.json() as { code: number }).code;
    };
    const code = await notify('check');
    if (code !== CHECK_CODE.ok) {
      return reply.code(409).type('text/html; charset=utf-8').send(render(found, TEXT[order.locale as Locale].notPayable));
    }
    if ((await notify('pay')) !== CHECK_CODE.ok) {
      return reply.code(503).type('text/html; charset=utf-8').send(render(found, TEXT[order.locale as Locale].notPayable));
    }
    return reply.redirect(`/pay/${invoice.paymentToken}?paid=1`, 303);
  });
}
