import type { Stage } from '../../domain/funnel.ts';
import { Layout } from '../components/layout.tsx';
import type { View } from '../view.ts';
import { MarginSection, type MarginData } from './margin.tsx';

export interface FunnelData {
  stages: { stage: Stage; count: number; amount: number }[];
  overdueTasks: number;
}

const BAR_HEIGHT = 22;
const LABEL_WIDTH = 150;
const CHART_WIDTH = 640;

/** Conversion into a stage: orders at it or beyond, out of those at the stage before or beyond. */
function conversions(stages: FunnelData['stages']): (number | null)[] {
  const reached = stages.map((_, index) => stages.slice(index).reduce((sum, s) => sum + s.count, 0));
  return reached.map((count, index) => (index === 0 || !reached[index - 1] ? null : (count / reached[index - 1]!) * 100));
}

export interface MarginPart {
  data: MarginData;
  form: { values?: Record<string, string | undefined>; errors?: Record<string, string> };
}

export function ReportsPage({ view, funnel, margin }: { view: View; funnel: FunnelData; margin?: MarginPart }): JSX.Element {
  const { words: safeWords, fmt } = view;
  const max = Math.max(1, ...funnel.stages.map((s) => s.count));
  const rates = conversions(funnel.stages);
  const height = funnel.stages.length * (BAR_HEIGHT + 8);
  return (
    <Layout view={view} title={safeWords.reports.title}>
      <h1>{safeWords.reports.title}</h1>
      <section aria-labelledby="funnel-h">
        <h2 id="funnel-h">{safeWords.reports.funnel}</h2>
        <p safe>{`${safeWords.reports.overdueTasks}: ${fmt.number(funnel.overdueTasks)}`}</p>
        {/* the bars repeat the table below for sighted readers; the table is what screen readers get */}
        <svg width="100%" viewBox={`0 0 ${CHART_WIDTH} ${height}`} aria-hidden="true" role="img">
          {funnel.stages.map((s, index) => {
            const y = index * (BAR_HEIGHT + 8);
            const width = ((CHART_WIDTH - LABEL_WIDTH - 60) * s.count) / max;
            return (
              <g>
                <text x="0" y={y + 15}>
                  {safeWords.stages[s.stage]}
                </text>
                <rect x={LABEL_WIDTH} y={y} width={Math.max(width, 1)} height={BAR_HEIGHT} fill="#0b57d0" />
                <text x={LABEL_WIDTH + width + 6} y={y + 15} safe>
                  {fmt.number(s.count)}
                </text>
              </g>
            );
          })}
        </svg>
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{safeWords.order.status}</th>
                <th scope="col" class="num">{safeWords.board.count}</th>
                <th scope="col" class="num">{safeWords.order.amount}</th>
                <th scope="col" class="num">{safeWords.reports.conversion}</th>
              </tr>
            </thead>
            <tbody>
              {funnel.stages.map((s, index) => (
                <tr>
                  <th scope="row">{safeWords.stages[s.stage]}</th>
                  <td class="num" safe>{fmt.number(s.count)}</td>
                  <td class="num" safe>{fmt.money(s.amount)}</td>
                  <td class="num" safe>{rates[index] === null || rates[index] === undefined ? safeWords.none : fmt.percent(rates[index])}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      {margin ? <MarginSection view={view} margin={margin.data} form={margin.form} /> : ''}
    </Layout>
  );
}
