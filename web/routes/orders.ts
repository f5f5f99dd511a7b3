// The order card and its actions, and the new-order form. Each action posts a plain form; on success the card
// is shown again (303), on a refusal the card comes back with the reason and the form as it was typed.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../api/errors.ts';
import { customerChangeBody } from '../../api/change-schemas.ts';
import { cancelBody, commentBody, createOrderBody, deliveryBody, manualPaymentBody, qualifyBody } from '../../api/schemas.ts';
import type { FormState } from '../components/order-forms.tsx';
import { parseDecimal, parseMoney } from '../format.ts';
import { check, fieldErrorsOf, FormErrors, many, one, refusalOf, valuesOf, type Form } from '../forms.ts';
import { NewOrderPage } from '../pages/new-order.tsx';
import { OrderPage } from '../pages/order.tsx';
import type { WebContext } from '../context.ts';

const html = 'text/html; charset=utf-8';
/** Text typed where a number belongs: blank is "not given", anything unreadable fails the schema. */
const amount = (text: string | undefined) => (text === undefined ? undefined : (parseMoney(text) ?? Number.NaN));
const decimal = (text: string | undefined) => (text === undefined ? undefined : (parseDecimal(text) ?? Number.NaN));

export async function orderRoutes(app: FastifyInstance, context: WebContext) {
  const { services } = context;

  const card = async (request: FastifyRequest, reply: FastifyReply, id: string, extra: { form?: FormState; ok?: string; status?: number } = {}) => {
    const { principal } = context.session(request);
    const [{ order, timeline }, products] = await Promise.all([services.order(principal, id), services.products(principal)]);
    const view = context.view(request);
    const page = await OrderPage({ view, data: { order, timeline, products, ...(extra.form ? { form: extra.form } : {}), ...(extra.ok ? { ok: extra.ok } : {}) } });
    return reply
      .code(extra.status ?? 200)
      .type(html)
      .send(page);
  };

  /** Runs an action; shows its refusal on the card with the form kept, or goes back to the card. */
  const action = async (request: FastifyRequest<{ Params: { id: string }; Body: Form }>, reply: FastifyReply, name: FormState['action'], orderId: string, run: () => Promise<unknown>, fieldOf?: (path: string) => string, extra: Partial<FormState> = {}) => {
    const view = context.view(request);
    try {
      await run();
    } catch (error) {
      const form: FormState = { action: name, values: valuesOf(request.body), ...extra };
      if (error instanceof FormErrors) return card(request, reply, orderId, { form: { ...form, errors: error.errors, error: view.words.errors.fix }, status: 422 });
      const message = refusalOf(error, view.words);
      if (!message || !(error instanceof AppError)) throw error;
      const errors = fieldErrorsOf(error, view.words, fieldOf);
      return card(request, reply, orderId, { form: { ...form, error: message, ...(errors ? { errors } : {}) }, status: error.status === 400 ? 422 : error.status });
    }
    return reply.redirect(`/orders/${orderId}?done=${name}`, 303);
  };

  app.get('/orders/new', async (request, reply) => reply.type(html).send(await NewOrderPage({ view: context.view(request), key: crypto.randomUUID() })));

  app.post<{ Body: Form }>('/orders', async (request, reply) => {
    const view = context.view(request);
    const { principal } = context.session(request);
    const form = request.body;
    const key = one(form, 'key') ?? crypto.randomUUID();
    try {
      const body = check(
        createOrderBody,
        {
          customer: { name: one(form, 'name'), email: one(form, 'email'), phone: one(form, 'phone'), company: one(form, 'company'), locale: one(form, 'locale') },
          comment: one(form, 'comment'),
        },
        view.words,
        (path) => path.replace(/^customer\./, ''),
      );
      // the form's key makes a double submit find the first order instead of creating a second
      const created = await services.createOrder(principal, body, `web:${key}`);
      return reply.redirect(`/orders/${created.id}`, 303);
    } catch (error) {
      const errors = error instanceof FormErrors ? error.errors : error instanceof AppError ? fieldErrorsOf(error, view.words, (p) => p.replace(/^customer\./, '')) : undefined;
      const message = error instanceof FormErrors ? view.words.errors.fix : refusalOf(error, view.words);
      if (!message) throw error;
      return reply
        .code(error instanceof AppError && error.status !== 400 ? error.status : 422)
        .type(html)
        .send(await NewOrderPage({ view, key, values: valuesOf(form), ...(errors ? { errors } : {}), error: message }));
    }
  });

  app.get<{ Params: { id: string }; Querystring: { done?: string } }>('/orders/:id', async (request, reply) =>
    card(request, reply, request.params.id, request.query.done ? { ok: request.query.done === 'clientLink' ? context.view(request).words.clientLink.reissued : context.view(request).words.saved } : {}),
  );

  app.post<{ Params: { id: string }; Body: Form }>('/orders/:id/take', async (request, reply) =>
    action(request, reply, 'take', request.params.id, () => services.completeTask(context.session(request).principal, one(request.body, 'taskId') ?? '', {})),
  );

  app.post<{ Params: { id: string }; Body: Form }>('/orders/:id/qualify', async (request, reply) => {
    const form = request.body;
    const productIds = many(form, 'productId');
    const quantities = many(form, 'quantity');
    const discounts = many(form, 'discountPercent');
    const rows = productIds.map((productId, index) => ({ productId, quantity: quantities[index], discountPercent: discounts[index] }));
    // rows left without a product are the spare blank ones; their positions still name the errors
    const filled = rows.map((row, index) => ({ row, index })).filter(({ row }) => row.productId);
    const fieldOf = (path: string) => path.replace(/^items\.(\d+)/, (_, i: string) => `items.${filled[Number(i)]?.index ?? i}`);
    return action(
      request,
      reply,
      'qualify',
      request.params.id,
      async () => {
        const body = check(
          qualifyBody,
          {
            items: filled.map(({ row }) => ({ productId: row.productId, quantity: decimal(row.quantity?.trim() || undefined), discountPercent: decimal(row.discountPercent?.trim() || undefined) })),
            paymentScheme: one(form, 'paymentScheme'),
            prepaymentAmount: amount(one(form, 'prepaymentAmount')),
          },
          context.view(request).words,
          fieldOf,
        );
        await services.qualify(context.session(request).principal, request.params.id, body);
      },
      fieldOf,
      { rows },
    );
  });

  app.post<{ Params: { id: string }; Body: Form }>('/orders/:id/delivery', async (request, reply) =>
    action(request, reply, 'delivery', request.params.id, async () => {
      const body = check(deliveryBody, deliveryFields(request.body), context.view(request).words);
      await services.saveDelivery(context.session(request).principal, request.params.id, body);
    }),
  );

  // changes to the order: the whole form is sent, and the workflow notes only the fields that differ
  app.post<{ Params: { id: string }; Body: Form }>('/orders/:id/customer', async (request, reply) =>
    action(request, reply, 'customer', request.params.id, async () => {
      const form = request.body;
      const customer = { name: one(form, 'name'), email: one(form, 'email') ?? null, phone: one(form, 'phone') ?? null, locale: one(form, 'locale') };
      const body = check(customerChangeBody, { customer }, context.view(request).words, customerField);
      await services.changeCustomer(context.session(request).principal, request.params.id, body);
    }, customerField),
  );

  app.post<{ Params: { id: string }; Body: Form }>('/orders/:id/delivery/change', async (request, reply) =>
    action(request, reply, 'changeDelivery', request.params.id, async () => {
      const body = check(deliveryBody, deliveryFields(request.body), context.view(request).words);
      await services.changeDelivery(context.session(request).principal, request.params.id, body);
    }),
  );

  app.post<{ Params: { id: string }; Body: Form }>('/orders/:id/client-link', async (request, reply) =>
    action(request, reply, 'clientLink', request.params.id, () => services.reissueClientLink(context.session(request).principal, request.params.id)),
  );

  app.post<{ Params: { id: string }; Body: Form }>('/orders/:id/cancel', async (request, reply) =>
    action(request, reply, 'cancel', request.params.id, async () => {
      const body = check(cancelBody, { reason: one(request.body, 'reason') }, context.view(request).words);
      await services.cancel(context.session(request).principal, request.params.id, body);
    }),
  );

  app.post<{ Params: { id: string }; Body: Form }>('/orders/:id/comments', async (request, reply) =>
    action(request, reply, 'comment', request.params.id, async () => {
      const body = check(commentBody, { text: one(request.body, 'text'), notifyClient: one(request.body, 'notifyClient') === 'true' }, context.view(request).words);
      await services.comment(context.session(request).principal, request.params.id, body);
    }),
  );

  app.post<{ Params: { id: string }; Body: Form }>('/invoices/:id/payments', async (request, reply) => {
    const form = request.body;
    const orderId = one(form, 'orderId') ?? '';
    return action(
      request,
      reply,
      'payment',
      orderId,
      async () => {
        const reference = one(form, 'reference') ?? `web-${one(form, 'formKey') ?? crypto.randomUUID()}`;
        const body = check(manualPaymentBody, { amount: amount(one(form, 'amount')), reference }, context.view(request).words);
        await services.recordPayment(context.session(request).principal, request.params.id, body);
      },
      undefined,
      { invoiceId: request.params.id },
    );
  });
}

/** The delivery form's fields, as the delivery data and the change of it both take them. */
const deliveryFields = (form: Form) => ({
  method: one(form, 'method'),
  carrier: one(form, 'carrier'),
  address: one(form, 'address'),
  shipDate: one(form, 'shipDate'),
  comment: one(form, 'comment'),
});

/** The client's form has its fields at the top level; the API's body nests them under `customer`. */
const customerField = (path: string) => path.replace(/^customer\./, '');
