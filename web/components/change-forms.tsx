// Forms that change an order once taken (docs/funnel.md, "Changes to an order"): the client's details and the
// delivery. Plain POST forms with the current values filled in; the workflow refuses what the stage does not allow.
import { DELIVERY_METHODS, LOCALES } from '../../domain/funnel.ts';
import type { OrderCard } from '../services.ts';
import type { View } from '../view.ts';
import { Csrf, Field, Select, type FieldErrors, type Values } from './fields.tsx';

type FormProps = { view: View; order: OrderCard; form: { values: Values; errors?: FieldErrors } | undefined };

export function CustomerForm({ view, order, form }: FormProps): JSX.Element {
  const { words: safeWords } = view;
  const c = order.customer;
  const values = form?.values ?? { name: c.name, email: c.email ?? '', phone: c.phone ?? '', locale: c.locale };
  return (
    <section aria-labelledby="customer-h">
      <h2 id="customer-h">{safeWords.order.changeCustomer}</h2>
      <form method="post" action={`/orders/${order.id}/customer`}>
        <Csrf view={view} />
        <Field name="name" id="customer-name" label={safeWords.newOrder.name} required values={values} errors={form?.errors} />
        <Field name="email" id="customer-email" label={safeWords.newOrder.email} type="email" inputmode="email" values={values} errors={form?.errors} />
        <Field name="phone" id="customer-phone" label={safeWords.newOrder.phone} type="tel" inputmode="tel" values={values} errors={form?.errors} />
        <Select name="locale" label={safeWords.newOrder.locale} options={LOCALES.map((l) => [l, l === 'ru' ? 'Русский' : 'English'])} values={values} errors={form?.errors} />
        <button type="submit">{safeWords.order.saveCustomer}</button>
      </form>
    </section>
  );
}

export function DeliveryChangeForm({ view, order, form }: FormProps): JSX.Element {
  const { words: safeWords } = view;
  const d = order.delivery;
  const values = form?.values ?? { method: d?.method ?? 'delivery', carrier: d?.carrier ?? '', address: d?.address ?? '', shipDate: d?.shipDate ?? '', comment: d?.comment ?? '' };
  const labels = { delivery: safeWords.order.methodDelivery, pickup: safeWords.order.methodPickup };
  return (
    <section aria-labelledby="delivery-change-h">
      <h2 id="delivery-change-h">{safeWords.order.changeDelivery}</h2>
      <form method="post" action={`/orders/${order.id}/delivery/change`}>
        <Csrf view={view} />
        <Select name="method" label={safeWords.order.method} options={DELIVERY_METHODS.map((m) => [m, labels[m]])} values={values} errors={form?.errors} />
        <Field name="carrier" id="change-carrier" label={safeWords.tasks.carrier} values={values} errors={form?.errors} />
        <Field name="address" id="change-address" label={safeWords.tasks.address} values={values} errors={form?.errors} />
        <Field name="shipDate" id="change-ship-date" label={safeWords.tasks.shipDate} type="date" required values={values} errors={form?.errors} />
        <Field name="comment" id="change-comment" label={safeWords.order.commentTitle} type="textarea" values={values} errors={form?.errors} />
        <button type="submit">{safeWords.order.saveDeliveryChange}</button>
      </form>
    </section>
  );
}
