// The margin part of the reports page: a period form, then margin by month and by product, each as a bar
// chart and as a table with the same numbers. Only for roles that may read costs.
import type { MarginFigures } from '../../domain/money.ts';
import { BarChart } from '../components/bar-chart.tsx';
import { Field, type FieldErrors, type Values } from '../components/fields.tsx';
import type { View } from '../view.ts';

export interface MarginData {
  from: string;
  to: string;
  months: ({ month: string; orders: number } & MarginFigures)[];
  products: ({ productId: string; sku: string; name: string; quantity: number } & MarginFigures)[];
  total: MarginFigures;
}

function Figures({ view, row }: { view: View; row: MarginFigures }): JSX.Element {
  const { fmt, words: safeWords } = view;
  return (
    <>
      <td class="num" safe>{fmt.money(row.netOfVat)}</td>
      <td class="num" safe>{fmt.money(row.productionCost)}</td>
      <td class="num" safe>{fmt.money(row.margin)}</td>
      <td class="num" safe>{row.marginPercent === null ? safeWords.none : fmt.percent(row.marginPercent)}</td>
    </>
  );
}

function FigureHeads({ view }: { view: View }): JSX.Element {
  const safeR = view.words.reports;
  return (
    <>
      <th scope="col" class="num">{safeR.net}</th>
      <th scope="col" class="num">{safeR.cost}</th>
      <th scope="col" class="num">{safeR.marginAmount}</th>
      <th scope="col" class="num">{safeR.marginPercent}</th>
    </>
  );
}

export function MarginSection({ view, margin, form }: { view: View; margin: MarginData; form: { values?: Values; errors?: FieldErrors } }): JSX.Element {
  const { fmt, words: safeWords } = view;
  const safeR = safeWords.reports;
  const period = [fmt.date(margin.from), fmt.date(margin.to)] as const;
  return (
    <section aria-labelledby="margin-h">
      <h2 id="margin-h">{safeR.marginTitle}</h2>
      <form method="get" action="/reports" class="filters">
        <Field name="from" label={safeR.from} type="date" values={form.values ?? { from: margin.from }} errors={form.errors} />
        <Field name="to" label={safeR.to} type="date" values={form.values ?? { to: margin.to }} errors={form.errors} />
        <button type="submit">{safeR.show}</button>
      </form>
      <p class="muted">{safeR.periodHint}</p>

      <h3 id="months-h">{safeR.byMonth}</h3>
      <BarChart
        id="chart-months"
        title={safeR.byMonth}
        desc={safeR.chartMonths(...period)}
        bars={margin.months.map((m) => ({ label: fmt.month(m.month), value: m.margin, text: fmt.money(m.margin) }))}
      />
      <div class="table-wrap">
        <table aria-labelledby="months-h">
          <thead>
            <tr>
              <th scope="col">{safeR.month}</th>
              <th scope="col" class="num">{safeR.orders}</th>
              <FigureHeads view={view} />
            </tr>
          </thead>
          <tbody>
            {margin.months.map((m) => (
              <tr>
                <th scope="row" safe>{fmt.month(m.month)}</th>
                <td class="num" safe>{fmt.number(m.orders)}</td>
                <Figures view={view} row={m} />
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{safeR.total}</th>
              <td class="num" safe>{fmt.number(margin.months.reduce((sum, m) => sum + m.orders, 0))}</td>
              <Figures view={view} row={margin.total} />
            </tr>
          </tfoot>
        </table>
      </div>

      <h3 id="products-h">{safeR.byProduct}</h3>
      {margin.products.length === 0 ? (
        <p>{safeR.noProducts}</p>
      ) : (
        <>
          <BarChart
            id="chart-products"
            title={safeR.byProduct}
            desc={safeR.chartProducts(...period)}
            bars={margin.products.map((p) => ({ label: p.name, value: p.margin, text: fmt.money(p.margin) }))}
          />
          <div class="table-wrap">
            <table aria-labelledby="products-h">
              <thead>
                <tr>
                  <th scope="col">{safeR.product}</th>
                  <th scope="col" class="num">{safeR.quantity}</th>
                  <FigureHeads view={view} />
                </tr>
              </thead>
              <tbody>
                {margin.products.map((p) => (
                  <tr>
                    <th scope="row" safe>{`${p.name} (${p.sku})`}</th>
                    <td class="num" safe>{fmt.number(p.quantity)}</td>
                    <Figures view={view} row={p} />
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
