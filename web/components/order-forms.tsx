// The action forms of an order card, shown only where the stage and the reader's role allow them. Each is a
// plain POST form; htmx (boost) swaps the page in place, and a refusal comes back with the form filled in.
import { CLOSED_STAGES, DELIVERY_METHODS, PAYMENT_SCHEMES, type Stage } from '../../domain/funnel.ts';
import { mayChangeOrder, mayCompleteTask } from '../../domain/roles.ts';
import type { OrderCard } from '../services.ts';
import type { View } from '../view.ts';
import { CustomerForm, DeliveryChangeForm } from './change-forms.tsx';
import { Csrf, Field, Select, type FieldErrors, type Values } from './fields.tsx';

export interface FormState {
  action: 'take' | 'qualify' | 'delivery' | 'cancel' | 'comment' | 'payment' | 'customer' | 'changeDelivery' | 'clientLink';
  values: Values;
  errors?: FieldErrors;
  error?: string;
  invoiceId?: string;
  rows?: { productId?: string; quantity?: string; discountPercent?: string }[];
}

type Props = { view: View; order: OrderCard; products: { id: string; sku: string; name: string }[]; form: FormState | undefined };

const stateFor = (form: FormState | undefined, action: FormState['action']) => (form?.action === action ? form : undefined);

export function ActionForms({ view, order, products, form }: Props): JSX.Element {
  const { words: safeWords, principal } = view;
  const stage = order.stage as Stage;
  const sales = view.may('salesCommand');
  const take = order.tasks.find((task) => task.type === 'take_in_work' && task.status === 'open');
  const canTake = take && principal && mayCompleteTask(principal, { assigneeId: take.assignee?.id ?? null, department: take.department });
  const open = !CLOSED_STAGES.includes(stage);
  const mayChange = open && principal !== undefined && principal !== null && mayChangeOrder(principal, { managerId: order.manager?.id ?? null });
  const deliveryDone = order.tasks.some((task) => task.type === 'delivery' && task.status === 'done');
  const forms = [
    canTake ? <TakeForm view={view} order={order} taskId={take.id} /> : '',
    sales && stage === 'qualification' ? <QualifyForm view={view} order={order} products={products} form={stateFor(form, 'qualify')} /> : '',
    sales && stage === 'delivery_data' ? <DeliveryForm view={view} order={order} form={stateFor(form, 'delivery')} /> : '',
    mayChange ? <CustomerForm view={view} order={order} form={stateFor(form, 'customer')} /> : '',
    mayChange && stage !== 'new' && stage !== 'delivery_data' && !deliveryDone ? <DeliveryChangeForm view={view} order={order} form={stateFor(form, 'changeDelivery')} /> : '',
    sales ? <CommentForm view={view} order={order} form={stateFor(form, 'comment')} /> : '',
    sales && !CLOSED_STAGES.includes(stage) ? <CancelForm view={view} order={order} form={stateFor(form, 'cancel')} /> : '',
  ].filter(Boolean);
  return <>{forms.length ? forms : <p class="muted">{safeWords.order.noActions}</p>}</>;
}

function TakeForm({ view, order, taskId }: { view: View; order: OrderCard; taskId: string }): JSX.Element {
  const safeWords = view.words;
  return (
    <section>
      <form method="post" action={`/orders/${order.id}/take`}>
        <Csrf view={view} />
        <input type="hidden" name="taskId" value={taskId} />
        <button type="submit">{safeWords.order.takeInWork}</button>
      </form>
    </section>
  );
}

function QualifyForm({ view, order, products, form }: Omit<Props, 'form'> & { form: FormState | undefined }): JSX.Element {
  const { words: safeWords } = view;
  const rows = form?.rows ?? [...order.items.map((item) => ({ productId: item.productId, quantity: String(item.quantity), discountPercent: String(item.discountPercent) })), {}, {}];
  const values = form?.values ?? { paymentScheme: order.paymentScheme ?? 'full_prepayment' };
  return (
    <section aria-labelledby="qualify-h">
      <h2 id="qualify-h">{safeWords.order.qualify}</h2>
      <form method="post" action={`/orders/${order.id}/qualify`}>
        <Csrf view={view} />
        {rows.map((row, index) => {
          const error = (name: string) => form?.errors?.[`items.${index}.${name}`];
          return (
            <fieldset class="row-inputs">
              <legend safe>{`${safeWords.order.addRow} ${index + 1}`}</legend>
              <div class="field">
                <label for={`p-${index}`}>{safeWords.order.product}</label>
                <select id={`p-${index}`} name="productId" aria-invalid={error('productId') ? 'true' : undefined}>
                  <option value="">{safeWords.none}</option>
                  {products.map((product) => (
                    <option value={product.id} selected={row.productId === product.id} safe>
                      {`${product.name} (${product.sku})`}
                    </option>
                  ))}
                </select>
              </div>
              <div class={error('quantity') ? 'field invalid' : 'field'}>
                <label for={`q-${index}`}>{safeWords.order.quantity}</label>
                <input id={`q-${index}`} name="quantity" inputmode="decimal" value={row.quantity} aria-invalid={error('quantity') ? 'true' : undefined} />
                {error('quantity') ? <p class="error" safe>{error('quantity')}</p> : ''}
              </div>
              <div class={error('discountPercent') ? 'field invalid' : 'field'}>
                <label for={`d-${index}`}>{safeWords.order.discount}</label>
                <input id={`d-${index}`} name="discountPercent" inputmode="decimal" value={row.discountPercent} aria-invalid={error('discountPercent') ? 'true' : undefined} />
                {error('discountPercent') ? <p class="error" safe>{error('discountPercent')}</p> : ''}
              </div>
            </fieldset>
          );
        })}
        {form?.errors?.items ? <p class="error" role="alert" safe>{form.errors.items}</p> : ''}
        <Select name="paymentScheme" label={safeWords.order.scheme} options={PAYMENT_SCHEMES.map((s) => [s, safeWords.schemes[s]])} values={values} errors={form?.errors} />
        <Field name="prepaymentAmount" label={safeWords.order.prepayment} inputmode="decimal" values={values} errors={form?.errors} />
        <button type="submit">{safeWords.order.qualifyAction}</button>
      </form>
    </section>
  );
}

function DeliveryForm({ view, order, form }: { view: View; order: OrderCard; form: FormState | undefined }): JSX.Element {
  const { words: safeWords } = view;
  const values = form?.values ?? { method: 'delivery' };
  const labels = { delivery: safeWords.order.methodDelivery, pickup: safeWords.order.methodPickup };
  return (
    <section aria-labelledby="delivery-h">
      <h2 id="delivery-h">{safeWords.order.delivery}</h2>
      <form method="post" action={`/orders/${order.id}/delivery`}>
        <Csrf view={view} />
        <Select name="method" label={safeWords.order.method} options={DELIVERY_METHODS.map((m) => [m, labels[m]])} values={values} errors={form?.errors} />
        <Field name="carrier" label={safeWords.tasks.carrier} values={values} errors={form?.errors} />
        <Field name="address" label={safeWords.tasks.address} values={values} errors={form?.errors} />
        <Field name="shipDate" label={safeWords.tasks.shipDate} type="date" required values={values} errors={form?.errors} />
        <Field name="comment" label={safeWords.order.commentTitle} type="textarea" values={values} errors={form?.errors} />
        <button type="submit">{safeWords.order.saveDelivery}</button>
      </form>
    </section>
  );
}

function CommentForm({ view, order, form }: { view: View; order: OrderCard; form: FormState | undefined }): JSX.Element {
  const { words: safeWords } = view;
  return (
    <section aria-labelledby="comment-h">
      <h2 id="comment-h">{safeWords.order.commentTitle}</h2>
      <form method="post" action={`/orders/${order.id}/comments`}>
        <Csrf view={view} />
        <Field name="text" id="comment-text" label={safeWords.order.commentText} type="textarea" required values={form?.values} errors={form?.errors} />
        <p class="check">
          <input type="checkbox" id="comment-notify" name="notifyClient" value="true" />
          <label for="comment-notify">{safeWords.order.notifyClient}</label>
        </p>
        <button type="submit">{safeWords.order.addComment}</button>
      </form>
    </section>
  );
}

function CancelForm({ view, order, form }: { view: View; order: OrderCard; form: FormState | undefined }): JSX.Element {
  const { words: safeWords } = view;
  return (
    <section aria-labelledby="cancel-h">
      <h2 id="cancel-h">{safeWords.order.cancel}</h2>
      <form method="post" action={`/orders/${order.id}/cancel`}>
        <Csrf view={view} />
        <Field name="reason" id="cancel-reason" label={safeWords.order.reason} required values={form?.values} errors={form?.errors} />
        <button type="submit" class="danger">
          {safeWords.order.cancelAction}
        </button>
      </form>
    </section>
  );
}

export function PaymentForm({ view, invoice, form }: { view: View; invoice: OrderCard['invoices'][number]; form: FormState | undefined }): JSX.Element {
  const { words: safeWords } = view;
  const values = form?.values ?? { amount: ((invoice.amount - invoice.paid) / 100).toFixed(2) };
  return (
    <form method="post" action={`/invoices/${invoice.id}/payments`} aria-label={`${safeWords.order.recordPayment} ${invoice.number}`}>
      <Csrf view={view} />
      <input type="hidden" name="orderId" value={invoice.orderId} />
      {/* a double submit posts the same key: the second finds the first payment and records nothing */}
      <input type="hidden" name="formKey" value={form?.values.formKey ?? crypto.randomUUID()} />
      <Field name="amount" id={`amount-${invoice.id}`} label={safeWords.order.paymentAmount} inputmode="decimal" required values={values} errors={form?.errors} />
      <Field name="reference" id={`ref-${invoice.id}`} label={safeWords.order.reference} values={values} errors={form?.errors} />
      <button type="submit">{safeWords.order.record}</button>
    </form>
  );
}
