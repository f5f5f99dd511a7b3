import { STAGES, type Stage, type TaskType } from '../../domain/funnel.ts';
import { mayCompleteTask } from '../../domain/roles.ts';
import { Notice } from '../components/fields.tsx';
import { Layout } from '../components/layout.tsx';
import { ClientLink } from '../components/client-link.tsx';
import { ActionForms, PaymentForm, type FormState } from '../components/order-forms.tsx';
import { Overdue } from '../components/order-bits.tsx';
import type { OrderCard } from '../services.ts';
import type { View } from '../view.ts';

export interface OrderPageData {
  order: OrderCard;
  timeline: { at: string; type: string; actor: { id: string; name: string } | null; text: string }[];
  products: { id: string; sku: string; name: string }[];
  form?: FormState;
  ok?: string;
}

export function OrderPage({ view, data }: { view: View; data: OrderPageData }): JSX.Element {
  const { words: safeWords } = view;
  const { order } = data;
  return (
    <Layout view={view} title={`${safeWords.order.title} ${order.number}`}>
      <div id="order" data-live data-live-order={order.id}>
        <h1>
          {safeWords.order.title} <span safe>{order.number}</span> · {safeWords.stages[order.stage as Stage]} {order.overdue ? <Overdue view={view} /> : ''}
        </h1>
        <Notice ok={data.ok} error={data.form?.error} />
        <Progress view={view} stage={order.stage as Stage} />
        <div class="grid2">
          <Client view={view} order={order} />
          <Money view={view} order={order} />
        </div>
        <Rows view={view} order={order} />
        <Invoices view={view} order={order} form={data.form} />
        <ClientLink view={view} order={order} />
        <Tasks view={view} order={order} />
        <ActionForms view={view} order={order} products={data.products} form={data.form} />
        <Timeline view={view} entries={data.timeline} />
      </div>
    </Layout>
  );
}

function Progress({ view, stage }: { view: View; stage: Stage }): JSX.Element {
  const safeWords = view.words;
  const path = STAGES.filter((s) => s !== 'lost' || stage === 'lost').filter((s) => !(stage === 'lost' && s === 'won'));
  const at = path.indexOf(stage);
  return (
    <ol class="progress" aria-label={safeWords.order.progress}>
      {path.map((s, index) => (
        <li aria-current={index === at ? 'step' : undefined}>
          {index < at ? <span aria-hidden="true">✓ </span> : ''}
          {safeWords.stages[s]}
          <span class="skip">{index === at ? ` (${safeWords.order.current})` : index < at ? ` (${safeWords.order.done})` : ''}</span>
        </li>
      ))}
    </ol>
  );
}

function Client({ view, order }: { view: View; order: OrderCard }): JSX.Element {
  const { words: safeWords } = view;
  const c = order.customer;
  return (
    <section aria-labelledby="client-h">
      <h2 id="client-h">{safeWords.order.client}</h2>
      <p safe>{c.name}</p>
      <p safe>{[c.company, c.email, c.phone].filter(Boolean).join(' · ')}</p>
      <p>
        {safeWords.order.manager}: <span safe>{order.manager?.name ?? safeWords.none}</span>
      </p>
    </section>
  );
}

function Money({ view, order }: { view: View; order: OrderCard }): JSX.Element {
  const { words: safeWords, fmt } = view;
  const rows: [string, string][] = [
    [safeWords.order.total, fmt.money(order.totals.amount, order.currency)],
    [safeWords.order.vat, fmt.money(order.totals.vat, order.currency)],
    [safeWords.order.paid, fmt.money(order.paid, order.currency)],
    [safeWords.order.due, fmt.money(order.due, order.currency)],
    ...(order.overpaid ? [[safeWords.order.overpaid, fmt.money(order.overpaid, order.currency)] as [string, string]] : []),
    ...(view.may('readCosts') && order.margin !== null
      ? [
          [safeWords.order.cost, fmt.money(order.productionCost ?? 0, order.currency)] as [string, string],
          [safeWords.order.margin, `${fmt.money(order.margin ?? 0, order.currency)} (${fmt.percent(order.marginPercent ?? 0)})`] as [string, string],
        ]
      : []),
  ];
  return (
    <section aria-labelledby="money-h">
      <h2 id="money-h">{safeWords.order.amount}</h2>
      <table>
        {rows.map(([label, value]) => (
          <tr>
            <th scope="row" safe>
              {label}
            </th>
            <td class="num" safe>
              {value}
            </td>
          </tr>
        ))}
      </table>
    </section>
  );
}

function Rows({ view, order }: { view: View; order: OrderCard }): JSX.Element {
  const { words: safeWords, fmt } = view;
  const costs = view.may('readCosts');
  if (!order.items.length) return '';
  return (
    <section aria-labelledby="rows-h" class="table-wrap">
      <h2 id="rows-h">{safeWords.order.rows}</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">{safeWords.order.product}</th>
            <th scope="col" class="num">{safeWords.order.quantity}</th>
            <th scope="col" class="num">{safeWords.order.price}</th>
            <th scope="col" class="num">{safeWords.order.discount}</th>
            <th scope="col" class="num">{safeWords.order.vat}</th>
            <th scope="col" class="num">{safeWords.order.amount}</th>
            {costs ? <th scope="col" class="num">{safeWords.order.cost}</th> : ''}
          </tr>
        </thead>
        <tbody>
          {order.items.map((item) => (
            <tr>
              <td safe>{item.name}</td>
              <td class="num" safe>{`${fmt.number(item.quantity)} ${item.unit}`}</td>
              <td class="num" safe>{fmt.money(item.price, order.currency)}</td>
              <td class="num" safe>{fmt.number(item.discountPercent)}</td>
              <td class="num" safe>{item.vatRate === null ? safeWords.catalogue.noVat : `${item.vatRate}% · ${fmt.money(item.vat, order.currency)}`}</td>
              <td class="num" safe>{fmt.money(item.amount, order.currency)}</td>
              {costs ? <td class="num" safe>{item.productionCost == null ? safeWords.none : fmt.money(item.productionCost, order.currency)}</td> : ''}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Invoices({ view, order, form }: { view: View; order: OrderCard; form: FormState | undefined }): JSX.Element {
  const { words: safeWords, fmt } = view;
  if (!order.invoices.length) return '';
  return (
    <section aria-labelledby="invoices-h">
      <h2 id="invoices-h">{safeWords.order.invoices}</h2>
      {order.invoices.map((invoice) => (
        <div class="card" aria-labelledby={`inv-${invoice.id}`}>
          <h3 id={`inv-${invoice.id}`} style="margin-top: 0">
            <span safe>{invoice.number}</span> · <span safe>{fmt.money(invoice.amount, invoice.currency)}</span> · {safeWords.order.invoiceStatus[invoice.status] ?? ''}
          </h3>
          <p>
            {safeWords.order.paid}: <span safe>{fmt.money(invoice.paid, invoice.currency)}</span> · <a href={invoice.pdfUrl} hx-boost="false">{safeWords.order.pdf}</a>
          </p>
          <div class="field">
            <label for={`link-${invoice.id}`}>{safeWords.order.payLink}</label>
            <input id={`link-${invoice.id}`} class="copy" readonly value={invoice.paymentUrl} />
          </div>
          {view.may('recordPayment') && (invoice.status === 'issued' || invoice.status === 'partially_paid') ? (
            <PaymentForm view={view} invoice={invoice} form={form?.invoiceId === invoice.id ? form : undefined} />
          ) : (
            ''
          )}
        </div>
      ))}
    </section>
  );
}

function Tasks({ view, order }: { view: View; order: OrderCard }): JSX.Element {
  const { words: safeWords, fmt, principal } = view;
  if (!order.tasks.length) return '';
  return (
    <section aria-labelledby="tasks-h" class="table-wrap">
      <h2 id="tasks-h">{safeWords.order.tasks}</h2>
      <table>
        <tbody>
          {order.tasks.map((task) => (
            <tr>
              <td>
                <span safe>{task.title}</span> {task.overdue && task.status === 'open' ? <Overdue view={view} /> : ''}
                <div class="muted">{safeWords.taskTypes[task.type as TaskType] ?? ''}</div>
              </td>
              <td safe>{task.assignee?.name ?? safeWords.departments[task.department as keyof typeof safeWords.departments] ?? ''}</td>
              <td>{safeWords.order.taskStatus[task.status] ?? ''}</td>
              <td>
                <time datetime={task.deadline} safe>{fmt.dateTime(task.deadline)}</time>
              </td>
              <td>
                {task.status === 'open' && principal && mayCompleteTask(principal, { assigneeId: task.assignee?.id ?? null, department: task.department }) && task.type !== 'qualify' && task.type !== 'enter_delivery_data' ? (
                  <a href="/tasks">{safeWords.tasks.complete}</a>
                ) : (
                  ''
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Timeline({ view, entries }: { view: View; entries: OrderPageData['timeline'] }): JSX.Element {
  const { words: safeWords, fmt } = view;
  return (
    <section aria-labelledby="timeline-h">
      <h2 id="timeline-h">{safeWords.order.timeline}</h2>
      <ol>
        {entries.map((entry) => (
          <li>
            <time datetime={entry.at} safe>{fmt.dateTime(entry.at)}</time> · <strong safe>{entry.actor?.name ?? safeWords.appName}</strong>: <span safe>{entry.text}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}
