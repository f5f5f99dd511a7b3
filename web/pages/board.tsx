import type { Stage } from '../../domain/funnel.ts';
import { Field } from '../components/fields.tsx';
import { Layout } from '../components/layout.tsx';
import { Overdue } from '../components/order-bits.tsx';
import type { OrderSummary } from '../services.ts';
import type { View } from '../view.ts';

export interface BoardFilter {
  mine?: boolean;
  managerId?: string;
  overdue?: boolean;
  q?: string;
}

export interface BoardData {
  filter: BoardFilter;
  managers: { id: string; name: string }[];
  /** The earliest deadline of each card's open tasks. */
  deadlines: Map<string, Date>;
  columns: { stage: Stage; count: number; amount: number; items: OrderSummary[]; nextCursor: string | null }[];
}

/** The query string of the board with `extra` added, for filter and "more" links. */
export function boardQuery(filter: BoardFilter, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  if (filter.mine) params.set('mine', '1');
  if (filter.managerId) params.set('managerId', filter.managerId);
  if (filter.overdue) params.set('overdue', '1');
  if (filter.q) params.set('q', filter.q);
  for (const [key, value] of Object.entries(extra)) params.set(key, value);
  const text = params.toString();
  return text ? `?${text}` : '';
}

export function BoardPage({ view, data }: { view: View; data: BoardData }): JSX.Element {
  const { words: safeWords, fmt } = view;
  const { filter } = data;
  return (
    <Layout view={view} title={safeWords.board.title}>
      <h1>{safeWords.board.title}</h1>
      <form method="get" action="/board" class="filters" role="search">
        <Field name="q" label={safeWords.board.search} type="search" values={{ q: filter.q }} />
        <div class="field">
          <label for="f-managerId">{safeWords.board.manager}</label>
          <select id="f-managerId" name="managerId">
            <option value="">{safeWords.board.anyManager}</option>
            {data.managers.map((m) => (
              <option value={m.id} selected={filter.managerId === m.id} safe>
                {m.name}
              </option>
            ))}
          </select>
        </div>
        {view.principal?.kind === 'employee' ? (
          <p class="check">
            <input type="checkbox" id="f-mine" name="mine" value="1" checked={filter.mine} />
            <label for="f-mine">{safeWords.board.mine}</label>
          </p>
        ) : (
          ''
        )}
        <p class="check">
          <input type="checkbox" id="f-overdue" name="overdue" value="1" checked={filter.overdue} />
          <label for="f-overdue">{safeWords.board.overdueOnly}</label>
        </p>
        <button type="submit">{safeWords.board.apply}</button>
      </form>
      <div id="board" class="board" data-live>
        {data.columns.map((column) => (
          <section class="column" aria-labelledby={`col-${column.stage}`}>
            <h2 id={`col-${column.stage}`}>
              {safeWords.stages[column.stage]}
              <br />
              <span class="muted" safe>{`${fmt.number(column.count)} ${safeWords.board.count} · ${fmt.money(column.amount)}`}</span>
            </h2>
            <ol>
              {column.items.map((order) => (
                <li>
                  <a href={`/orders/${order.id}`}>
                    <strong safe>{order.number}</strong>
                  </a>{' '}
                  {order.overdue ? <Overdue view={view} /> : ''}
                  <div safe>{order.customer.name}</div>
                  <div class="muted" safe>{`${fmt.money(order.totals.amount, order.currency)} · ${safeWords.board.due}: ${fmt.money(order.due, order.currency)}`}</div>
                  <div class="muted" safe>{order.manager?.name ?? safeWords.none}</div>
                  {data.deadlines.has(order.id) ? (
                    <div class="deadline" safe>{`${safeWords.board.deadline}: ${fmt.dateTime(data.deadlines.get(order.id)!)}`}</div>
                  ) : (
                    ''
                  )}
                </li>
              ))}
            </ol>
            {column.nextCursor ? (
              <a href={`/board${boardQuery(filter, { stage: column.stage, cursor: column.nextCursor })}`}>
                {safeWords.board.more} <span class="skip">{safeWords.stages[column.stage]}</span>
              </a>
            ) : (
              ''
            )}
          </section>
        ))}
      </div>
    </Layout>
  );
}
