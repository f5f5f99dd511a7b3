// Where the worker's time goes, from the SDK's Prometheus metrics scraped before and after a run.
import { difference, histogram, labelValues, parseMetrics, quantile, total, type Sample } from './prometheus.ts';

/** The SDK's latency histograms that say where an order's time goes (milliseconds). */
export const LATENCY_METRICS = [
  'temporal_workflow_task_schedule_to_start_latency',
  'temporal_workflow_task_execution_latency',
  'temporal_workflow_task_replay_latency',
  'temporal_activity_schedule_to_start_latency',
  'temporal_activity_execution_latency',
  'temporal_request_latency',
] as const;

export interface Approximation {
  count: number;
  mean: number;
  p50: number;
  p95: number;
}

/** Counters whose change over a run tells whether the worker's workflow cache was big enough. */
export const CACHE_COUNTERS = ['temporal_sticky_cache_hit', 'temporal_sticky_cache_miss', 'temporal_sticky_cache_total_forced_eviction', 'temporal_workflow_task_execution_failed'] as const;

export interface WorkerLatencies {
  metrics: Record<string, Approximation>;
  /** Change of each of CACHE_COUNTERS over the run, and the cache size at its end. */
  cache: Record<string, number>;
  /** temporal_activity_execution_latency per activity type. */
  activities: Record<string, Approximation>;
}

export async function scrape(url: string): Promise<Sample[]> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return parseMetrics(await response.text());
}

function approximate(after: Sample[], before: Sample[], name: string, where?: (labels: Record<string, string>) => boolean): Approximation {
  const h = difference(histogram(after, name, where), histogram(before, name, where));
  return { count: h.count, mean: h.count ? h.sum / h.count : Number.NaN, p50: quantile(h, 0.5), p95: quantile(h, 0.95) };
}

export function workerLatencies(before: Sample[], after: Sample[]): WorkerLatencies {
  const metrics = Object.fromEntries(LATENCY_METRICS.map((name) => [name, approximate(after, before, name)]).filter(([, a]) => (a as Approximation).count > 0));
  const activities = Object.fromEntries(
    labelValues(after, 'temporal_activity_execution_latency', 'activity_type').map((type) => [
      type,
      approximate(after, before, 'temporal_activity_execution_latency', (labels) => labels.activity_type === type),
    ]),
  );
  const cache: Record<string, number> = Object.fromEntries(CACHE_COUNTERS.map((name) => [name, total(after, name) - total(before, name)]));
  cache.temporal_sticky_cache_size = total(after, 'temporal_sticky_cache_size');
  return { metrics, cache, activities };
}
