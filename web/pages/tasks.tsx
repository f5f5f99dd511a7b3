import type { TaskView } from '../../db/queries/tasks.ts';
import type { TaskType } from '../../domain/funnel.ts';
import { Csrf, Notice } from '../components/fields.tsx';
import { Layout } from '../components/layout.tsx';
import { Overdue } from '../components/order-bits.tsx';
import type { OrderCard } from '../services.ts';
import type { View } from '../view.ts';

export interface TaskListData {
  mine: TaskView[];
  queue: TaskView[];
  orders: Map<string, OrderCard>;
  notice?: { error?: string; ok?: string; taskId?: string };
}

/** Overdue first, then the nearest deadline. */
const byUrgency = (a: TaskView, b: TaskView) => Number(b.overdue) - Number(a.overdue) || a.deadline.localeCompare(b.deadline);

export function TasksPage({ view, data }: { view: View; data: TaskListData }): JSX.Element {
  const { words: safeWords } = view;
  return (
    <Layout view={view} title={safeWords.tasks.title}>
      <h1>{safeWords.tasks.title}</h1>
      <div id="tasks" data-live>
        <Notice error={data.notice?.error} ok={data.notice?.ok} />
        <h2>{safeWords.tasks.mine}</h2>
        <TaskList view={view} tasks={data.mine} orders={data.orders} />
        {data.queue.length ? (
          <>
            <h2>{safeWords.tasks.queue}</h2>
            <TaskList view={view} tasks={data.queue} orders={data.orders} />
          </>
        ) : (
          ''
        )}
      </div>
    </Layout>
  );
}

function TaskList({ view, tasks, orders }: { view: View; tasks: TaskView[]; orders: Map<string, OrderCard> }): JSX.Element {
  const safeWords = view.words;
  if (!tasks.length) return <p class="muted">{safeWords.tasks.empty}</p>;
  return (
    <ul class="tasks">
      {[...tasks].sort(byUrgency).map((task) => (
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
