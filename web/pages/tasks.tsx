import type { TaskView } from '../../db/queries/tasks.ts';
import type { TaskType } from '../../domain/funnel.ts';
import { Csrf, Notice } from '../components/fields.tsx';
import { Layout } from '../components/layout.tsx';
import { Overdue } from '../components/order-bits.tsx';
import type { OrderCard } from '../services.ts';
import type { View } from '../view.ts';

interface Shown {
  items: TaskView[];
  total: number;
}

export interface TaskListData {
  /** Overdue first, then the nearest deadline (db/queries/tasks.ts, workList). */
  mine: Shown;
  queue: Shown;
  /** How many of each the page asked for: a "show more" link asks for more of one and keeps the other. */
  limits: { mine: number; queue: number };
  orders: Map<string, OrderCard>;
  notice?: { error?: string; ok?: string; taskId?: string };
}

export function TasksPage({ view, data }: { view: View; data: TaskListData }): JSX.Element {
  const { words: safeWords } = view;
  return (
    <Layout view={view} title={safeWords.tasks.title}>
      <h1>{safeWords.tasks.title}</h1>
      <div id="tasks" data-live>
        <Notice error={data.notice?.error} ok={data.notice?.ok} />
        <h2>{safeWords.tasks.mine}</h2>
        <TaskList view={view} tasks={data.mine.items} orders={data.orders} />
        <More view={view} list={data.mine} href={`/tasks?mine=${data.limits.mine + TASKS_STEP}&queue=${data.limits.queue}`} />
        {data.queue.total ? (
          <>
            <h2>{safeWords.tasks.queue}</h2>
            <TaskList view={view} tasks={data.queue.items} orders={data.orders} />
            <More view={view} list={data.queue} href={`/tasks?mine=${data.limits.mine}&queue=${data.limits.queue + TASKS_STEP}`} />
          </>
        ) : (
          ''
        )}
      </div>
    </Layout>
  );
}

/** Tasks shown of each list at first, and added by each "show more". */
export const TASKS_STEP = 50;

/** Says how many of the list are shown, with a link to more when some are not. */
function More({ view, list, href }: { view: View; list: Shown; href: string }): JSX.Element {
  if (list.total <= list.items.length) return <></>;
  const safeWords = view.words;
  return (
    <p class="muted">
      {safeWords.tasks.shown(list.items.length, list.total)} <a href={href}>{safeWords.tasks.more}</a>
    </p>
  );
}

function TaskList({ view, tasks, orders }: { view: View; tasks: TaskView[]; orders: Map<string, OrderCard> }): JSX.Element {
  const safeWords = view.words;
  if (!tasks.length) return <p class="muted">{safeWords.tasks.empty}</p>;
  return (
    <ul class="tasks">
      {tasks.map((task) => (
        <TaskItem view={view} task={task} order={orders.get(task.orderId)} />
      ))}
    </ul>
  );
}

function TaskItem({ view, task, order }: { view: View; task: TaskView; order: OrderCard | undefined }): JSX.Element {
  const { words: safeWords, fmt } = view;
  const type = task.type as TaskType;
  const fieldId = `c-${task.id}`;
  return (
    <li id={`task-${task.id}`} aria-labelledby={`t-${task.id}`}>
      <h3 id={`t-${task.id}`} style="margin: 0 0 .25rem">
        <span safe>{task.title}</span> {task.overdue ? <Overdue view={view} /> : ''}
      </h3>
      <p class="muted" style="margin: 0">
        {safeWords.taskTypes[type] ?? ''} · {safeWords.tasks.order}{' '}
        <a href={`/orders/${task.orderId}`} safe>
          {task.orderNumber}
        </a>{' '}
        · {safeWords.tasks.deadline}: <time datetime={task.deadline} safe>{fmt.dateTime(task.deadline)}</time>
      </p>
      {task.description ? <p safe>{task.description}</p> : ''}
      {order ? <About view={view} task={task} order={order} /> : ''}
      <form method="post" action={`/tasks/${task.id}/complete`} hx-target="#tasks" hx-select="#tasks" hx-swap="outerHTML">
        <Csrf view={view} />
        <div class="field">
          <label for={fieldId}>{safeWords.tasks.comment}</label>
          <textarea id={fieldId} name="comment" rows="2"></textarea>
        </div>
        {type === 'delivery' ? (
          <div class="field">
            <label for={`tr-${task.id}`}>{safeWords.tasks.tracking}</label>
            <input id={`tr-${task.id}`} name="trackingNumber" />
          </div>
        ) : (
          ''
        )}
        {type === 'production' ? (
          <p class="check">
            <input type="checkbox" id={`n-${task.id}`} name="notifyClient" value="true" />
            <label for={`n-${task.id}`}>{safeWords.tasks.notify}</label>
          </p>
        ) : (
          ''
        )}
        <button type="submit" aria-describedby={`t-${task.id}`}>
          {safeWords.tasks.complete}
        </button>
      </form>
    </li>
  );
}

/** What the task concerns: the item to make, or the shipment to send. */
function About({ view, task, order }: { view: View; task: TaskView; order: OrderCard }): JSX.Element {
  const { words: safeWords, fmt } = view;
  const item = task.itemId ? order.items.find((row) => row.id === task.itemId) : undefined;
  const contact = [order.customer.name, order.customer.phone, order.customer.email].filter(Boolean).join(', ');
  return (
    <dl>
      {item ? (
        <>
          <dt>{safeWords.order.product}</dt>
          <dd safe>{item.name}</dd>
          <dt>{safeWords.tasks.quantity}</dt>
          <dd>
            <span safe>{`${fmt.number(item.quantity)} ${item.unit}`}</span>
          </dd>
        </>
      ) : (
        ''
      )}
      {order.comment ? (
        <>
          <dt>{safeWords.order.commentTitle}</dt>
          <dd safe>{order.comment}</dd>
        </>
      ) : (
        ''
      )}
      {task.type === 'delivery' && order.delivery ? (
        <>
          <dt>{safeWords.tasks.address}</dt>
          <dd safe>{order.delivery.method === 'pickup' ? safeWords.tasks.pickup : (order.delivery.address ?? '')}</dd>
          <dt>{safeWords.tasks.carrier}</dt>
          <dd safe>{order.delivery.carrier ?? safeWords.none}</dd>
          <dt>{safeWords.tasks.shipDate}</dt>
          <dd safe>{fmt.date(order.delivery.shipDate)}</dd>
          <dt>{safeWords.tasks.items}</dt>
          <dd safe>{order.items.map((row) => `${row.name} × ${fmt.number(row.quantity)}`).join('; ')}</dd>
          <dt>{safeWords.tasks.contact}</dt>
          <dd safe>{contact}</dd>
        </>
      ) : (
        ''
      )}
    </dl>
  );
}
