// The benchmark's command line, read once: sizes of each phase, the open-loop arrival rate, quick mode.
import { parseArgs } from 'node:util';

export const USAGE = 'usage: npm run bench -- [--orders N] [--clients C] [--open M] [--arrivals A] [--rate R] [--baseline results.json] [--profile DIR] [--quick]';

export interface BenchOptions {
  /** Orders in each ceiling and in the lifecycle. */
  orders: number;
  clients: number;
  /** Open orders left in qualification for the memory and read figures. */
  open: number;
  /** Orders that arrive in the open-loop phase. */
  arrivals: number;
  /** Open-loop arrivals per second; undefined: half the lifecycle's measured throughput. */
  rate: number | undefined;
  /** An earlier run's results file, printed beside this run's key figures. */
  baseline: string | undefined;
  /** A folder for CPU profiles of the worker and the API and PostgreSQL's statement statistics. */
  profile: string | undefined;
  quick: boolean;
  help: boolean;
  sqlitePragmas: Record<string, string>;
}

export function parseOptions(args: string[]): BenchOptions {
  const { values } = parseArgs({
    args,
    options: {
      orders: { type: 'string' },
      clients: { type: 'string' },
      open: { type: 'string' },
      arrivals: { type: 'string' },
      rate: { type: 'string' },
      baseline: { type: 'string' },
      profile: { type: 'string' },
      'sqlite-pragma': { type: 'string', multiple: true },
      quick: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  const count = (text: string | undefined, fallback: number, name: string) => {
    const n = text === undefined ? fallback : Number(text);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive whole number\n${USAGE}`);
    return n;
  };
  const rate = values.rate === undefined ? undefined : Number(values.rate);
  if (rate !== undefined && !(Number.isFinite(rate) && rate > 0)) throw new Error(`--rate must be a positive number of orders per second\n${USAGE}`);
  const orders = count(values.orders, values.quick ? 30 : 200, 'orders');
  return {
    orders,
    clients: count(values.clients, 20, 'clients'),
    open: count(values.open, values.quick ? 200 : 2000, 'open'),
    // half as many as the lifecycle: at half its rate the phase lasts about as long as the lifecycle did
    arrivals: count(values.arrivals, Math.max(10, Math.round(orders / 2)), 'arrivals'),
    rate,
    baseline: values.baseline,
    profile: values.profile,
    quick: values.quick,
    help: values.help,
    sqlitePragmas: Object.fromEntries((values['sqlite-pragma'] ?? []).map((p) => p.split('=') as [string, string])),
  };
}
