// The client's payment page (public, reached by the unguessable token of the invoice's link), the public
// PDF, and the sandbox provider's pay button, which pays through the same signed webhooks a real provider
// calls.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { AppDeps } from '../../api/deps.ts';
import { findClientInvoice, clientInvoicePdf, payableNow, payStateOf, providerPaymentUrl } from '../../api/services/client-invoices.ts';
import { pdfDisposition } from '../../api/services/documents.ts';
import { CHECK_CODE, formatAmount, sign, type NotificationKind } from '../../integrations/cloudpayments.ts';
import { notFoundPage, payPage } from './page.ts';
import { PAY_TEXT } from './texts.ts';

const HTML = 'text/html; charset=utf-8';

export async function payRoutes(app: FastifyInstance, { deps }: { deps: AppDeps }) {
  const { config } = deps;

  // the sandbox button posts an empty form
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => done(null, body));

  const tokenOf = (params: unknown) => String((params as { token?: unknown }).token ?? '');
  const missing = (reply: FastifyReply) => reply.code(404).type(HTML).send(notFoundPage());

  app.get('/pay/:token', { schema: { tags: ['client'], summary: 'The payment page of an invoice (HTML)', security: [] } }, async (request, reply) => {
    const found = await findClientInvoice(deps, tokenOf(request.params));
    if (!found) return missing(reply);
    // `?paid=1` (where the pay button leads) needs no words of its own: the state read here says paid or recording
    return reply.type(HTML).header('cache-control', 'no-store').send(payPage(config, found, await payStateOf(deps, found)));
  });

  app.get('/pay/:token/invoice.pdf', { schema: { tags: ['client'], summary: 'The invoice PDF for the client', security: [] } }, async (request, reply) => {
    const found = await findClientInvoice(deps, tokenOf(request.params));
    if (!found) return missing(reply);
    return reply.type('application/pdf').header('content-disposition', pdfDisposition(found.invoice.number)).send(await clientInvoicePdf(deps, found));
  });

  // With CloudPayments the client pays on the provider's page.
  app.get('/pay/:token/provider', { schema: { tags: ['client'], summary: "Redirects to the provider's payment page (cloudpayments)", security: [] } }, async (request, reply) => {
    const found = config.payments.provider === 'cloudpayments' ? await findClientInvoice(deps, tokenOf(request.params)) : undefined;
    if (!found) return missing(reply);
    try {
      return reply.redirect(await providerPaymentUrl(deps, found), 303);
    } catch (error) {
      request.log.error({ err: error, invoiceId: found.invoice.id }, 'the payment provider could not make a payment link');
      return reply.code(503).type(HTML).send(payPage(config, found, await payStateOf(deps, found), PAY_TEXT[found.order.locale].providerDown));
    }
  });

  // The sandbox provider: what CloudPayments would send after a card payment, signed with our secret and
  // delivered to our own webhooks, so the path from here on is the real one.
  app.post('/pay/:token/sandbox', { schema: { tags: ['client'], summary: 'The sandbox pay button: pays through the signed webhooks', security: [] } }, async (request, reply) => {
    const found = config.payments.provider === 'sandbox' ? await findClientInvoice(deps, tokenOf(request.params)) : undefined;
    if (!found) return missing(reply);
    const { invoice, order } = found;
    const state = await payStateOf(deps, found);
    // a second click on an invoice paid (or being recorded) is answered with the page that says so, not a refusal
    if (state.phase !== 'open') return reply.redirect(`/pay/${invoice.paymentToken}`, 303);
    const fields = {
      // one transaction per invoice and amount already paid: a double click pays once
      TransactionId: `sandbox-${invoice.id}-${invoice.paid}`,
      Amount: formatAmount(payableNow(found).due),
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
    if ((await notify('check')) !== CHECK_CODE.ok) return reply.code(409).type(HTML).send(payPage(config, found, state, PAY_TEXT[order.locale].notPayable));
    if ((await notify('pay')) !== CHECK_CODE.ok) return reply.code(503).type(HTML).send(payPage(config, found, state, PAY_TEXT[order.locale].notPayable));
    return reply.redirect(`/pay/${invoice.paymentToken}?paid=1`, 303);
  });
}
