// Latency figures: nearest-rank percentiles over recorded samples, and a recorder that keeps them per name.

export interface Summary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

/** The nearest-rank percentile `p` (0–100) of `values`; NaN for no values. `sorted` says they are ascending already. */
export function percentile(values: readonly number[], p: number, sorted = false): number {
  if (values.length === 0) return Number.NaN;
  const ordered = sorted ? values : [...values].sort((a, b) => a - b);
  const rank = Math.ceil((Math.min(100, Math.max(0, p)) / 100) * ordered.length);
  return ordered[Math.max(0, rank - 1)]!;
}

export function summarize(values: readonly number[]): Summary {
  const ordered = [...values].sort((a, b) => a - b);
  const sum = ordered.reduce((total, v) => total + v, 0);
  return {
    count: ordered.length,
    p50: percentile(ordered, 50, true),
    p95: percentile(ordered, 95, true),
    p99: percentile(ordered, 99, true),
    max: ordered.length ? ordered[ordered.length - 1]! : Number.NaN,
    mean: ordered.length ? sum / ordered.length : Number.NaN,
  };
}

/** Samples (milliseconds) per name, e.g. per route. */
export class Recorder {
  readonly samples = new Map<string, number[]>();

  add(name: string, ms: number): void {
    const list = this.samples.get(name);
    if (list) list.push(ms);
    else this.samples.set(name, [ms]);
  }

  summaries(): Record<string, Summary> {
    return Object.fromEntries([...this.samples.entries()].map(([name, values]) => [name, summarize(values)]));
  }

  /** All samples of the names that `pick` selects, as one summary. */
  combined(pick: (name: string) => boolean): Summary {
    return summarize([...this.samples.entries()].filter(([name]) => pick(name)).flatMap(([, values]) => values));
  }
}
