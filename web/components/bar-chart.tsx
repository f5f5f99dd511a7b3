// A horizontal bar chart drawn as inline SVG: no script, no library. It is an image with a title and a
// description for screen readers; the page prints the same numbers in a table, and each bar carries its
// number as text, so neither the bars' length nor their colour is the only way to read it.

export interface Bar {
  label: string;
  value: number;
  /** The value as people read it (money, a count). */
  text: string;
}

const ROW = 30;
const BAR = 20;
const LABEL_WIDTH = 170;
const WIDTH = 720;
/** Room right of the longest bar for its number. */
const NUMBER_ROOM = 130;

export function BarChart({ id, title, desc, bars }: { id: string; title: string; desc: string; bars: Bar[] }): JSX.Element {
  const plot = WIDTH - LABEL_WIDTH - NUMBER_ROOM;
  const most = Math.max(0, ...bars.map((b) => b.value));
  const least = Math.min(0, ...bars.map((b) => b.value));
  const span = most - least || 1;
  // a loss draws left of the zero line, so a negative margin does not pass for a small positive one
  const zero = LABEL_WIDTH + (plot * -least) / span;
  const height = Math.max(1, bars.length) * ROW;
  return (
    <svg class="chart" width="100%" viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-labelledby={`${id}-title ${id}-desc`}>
      <title id={`${id}-title`} safe>
        {title}
      </title>
      <desc id={`${id}-desc`} safe>
        {desc}
      </desc>
      <line x1={zero} x2={zero} y1="0" y2={height} stroke="#555d66" />
      {bars.map((bar, index) => {
        const y = index * ROW + (ROW - BAR) / 2;
        const length = (plot * Math.abs(bar.value)) / span;
        const x = bar.value < 0 ? zero - length : zero;
        return (
          <g>
            <text x="0" y={y + 15} safe>
              {bar.label.length > 24 ? `${bar.label.slice(0, 23)}…` : bar.label}
            </text>
            <rect x={x} y={y} width={Math.max(length, 1)} height={BAR} class={bar.value < 0 ? 'bar loss' : 'bar'} />
            <text x={bar.value < 0 ? zero + 6 : zero + length + 6} y={y + 15} safe>
              {bar.text}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
