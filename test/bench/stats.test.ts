// The benchmark's pure helpers: percentiles, Prometheus histograms, and the ceiling's plan from a history.
// Nothing here runs the benchmark.
import { describe, expect, it } from 'vitest';
import { countHistory, minimalPlan, planFromHistory } from '../../bench/ceiling/plan.ts';
import { difference, histogram, labelValues, parseMetrics, quantile, total } from '../../bench/prometheus.ts';
import { percentile, Recorder, summarize } from '../../bench/stats.ts';

describe('percentile', () => {
  it.each([
    [[5], 50, 5],
    [[1, 2, 3, 4], 50, 2],
    [[1, 2, 3, 4], 75, 3],
    [[1, 2, 3, 4], 100, 4],
    [[4, 1, 3, 2], 0, 1],
    [Array.from({ length: 100 }, (_, i) => i + 1), 99, 99],
    [Array.from({ length: 1000 }, (_, i) => 1000 - i), 95, 950],
  ])('of %j at %i is %d (nearest rank, any order)', (values, p, expected) => {
    expect(percentile(values, p)).toBe(expected);
  });

  it('is NaN for no values, and a summary of none says so', () => {
    expect(percentile([], 50)).toBeNaN();
    expect(summarize([])).toMatchObject({ count: 0, max: Number.NaN });
  });

  it('summarizes count, p50, p95, p99, max and mean', () => {
    const values = Array.from({ length: 200 }, (_, i) => i + 1);
    expect(summarize(values)).toEqual({ count: 200, p50: 100, p95: 190, p99: 198, max: 200, mean: 100.5 });
  });

  it('combines the samples of the routes it is asked for', () => {
    const recorder = new Recorder();
    recorder.add('POST /a', 10);
    recorder.add('POST /a', 30);
    recorder.add('GET /b', 1000);
    recorder.add('POST /c', 20);
    expect(recorder.combined((name) => name.startsWith('POST')).max).toBe(30);
    expect(recorder.summaries()['POST /a']).toMatchObject({ count: 2, p50: 10, max: 30 });
  });
});

const scrape = (n: { a: number[]; b: number[] }) => `
# HELP temporal_activity_execution_latency Histogram of activity execution latencies
# TYPE temporal_activity_execution_latency histogram
temporal_activity_execution_latency_bucket{activity_type="notify",namespace="default",le="10"} ${n.a[0]}
temporal_activity_execution_latency_bucket{activity_type="notify",namespace="default",le="50"} ${n.a[1]}
temporal_activity_execution_latency_bucket{activity_type="notify",namespace="default",le="100"} ${n.a[2]}
temporal_activity_execution_latency_bucket{activity_type="notify",namespace="default",le="+Inf"} ${n.a[3]}
temporal_activity_execution_latency_sum{activity_type="notify",namespace="default"} ${n.a[4]}
temporal_activity_execution_latency_count{activity_type="notify",namespace="default"} ${n.a[3]}
temporal_activity_execution_latency_bucket{activity_type="recordChange",namespace="default",le="10"} ${n.b[0]}
temporal_activity_execution_latency_bucket{activity_type="recordChange",namespace="default",le="50"} ${n.b[1]}
temporal_activity_execution_latency_bucket{activity_type="recordChange",namespace="default",le="100"} ${n.b[2]}
temporal_activity_execution_latency_bucket{activity_type="recordChange",namespace="default",le="+Inf"} ${n.b[3]}
temporal_activity_execution_latency_sum{activity_type="recordChange",namespace="default"} ${n.b[4]}
temporal_activity_execution_latency_count{activity_type="recordChange",namespace="default"} ${n.b[3]}
temporal_sticky_cache_hit{namespace="default",service_name="temporal-core-sdk"} ${n.a[3]! * 2}
`;

describe('Prometheus histograms', () => {
  const before = parseMetrics(scrape({ a: [0, 0, 0, 0, 0], b: [5, 5, 5, 5, 25] }));
  const after = parseMetrics(scrape({ a: [10, 10, 90, 100, 8000], b: [5, 105, 105, 105, 2525] }));

  it('reads samples with their labels and values, skipping comments', () => {
    const samples = parseMetrics('# TYPE x counter\nx{a="1",b="q\\"uote"} 3\ny 4.5 1700000000000\n\nz{le="+Inf"} +Inf\n');
    expect(samples).toEqual([
      { name: 'x', labels: { a: '1', b: 'q"uote' }, value: 3 },
      { name: 'y', labels: {}, value: 4.5 },
      { name: 'z', labels: { le: '+Inf' }, value: Infinity },
    ]);
  });

  it('sums buckets over label sets, or over the ones asked for', () => {
    expect(histogram(after, 'temporal_activity_execution_latency')).toEqual({
      buckets: [
        { le: 10, count: 15 },
        { le: 50, count: 115 },
        { le: 100, count: 195 },
        { le: Infinity, count: 205 },
      ],
      sum: 10_525,
      count: 205,
    });
    expect(histogram(after, 'temporal_activity_execution_latency', (l) => l.activity_type === 'notify').count).toBe(100);
    expect(labelValues(after, 'temporal_activity_execution_latency', 'activity_type')).toEqual(['notify', 'recordChange']);
  });

  it('takes what happened between two scrapes, and estimates quantiles inside the buckets', () => {
    const run = difference(histogram(after, 'temporal_activity_execution_latency'), histogram(before, 'temporal_activity_execution_latency'));
    expect(run.count).toBe(200);
    expect(run.buckets.map((b) => b.count)).toEqual([10, 110, 190, 200]);
    // rank 100 of 200 lies in (10, 50]: 90 of its 100 observations → 10 + 40 × 90/100
    expect(quantile(run, 0.5)).toBeCloseTo(46);
    // rank 190 is the top of (50, 100]
    expect(quantile(run, 0.95)).toBeCloseTo(100);
    // in the +Inf bucket, the highest finite bound
    expect(quantile(run, 0.99)).toBe(100);
  });

  it('has no quantile for an empty histogram, and sums counters', () => {
    expect(quantile(histogram(before, 'no_such_metric'), 0.5)).toBeNaN();
    expect(total(after, 'temporal_sticky_cache_hit') - total(before, 'temporal_sticky_cache_hit')).toBe(200);
  });
});

describe("the ceiling's plan", () => {
  const activity = (name: string) => ({ activityTaskScheduledEventAttributes: { activityType: { name } } });
  const history = [
    { workflowExecutionStartedEventAttributes: {} },
    { workflowTaskCompletedEventAttributes: {} },
    { workflowExecutionUpdateAcceptedEventAttributes: {} },
    activity('assignManager'),
    { timerStartedEventAttributes: {} },
    activity('notify'),
    activity('recordChange'),
    { upsertWorkflowSearchAttributesEventAttributes: {} },
    { workflowExecutionUpdateAcceptedEventAttributes: {} },
    { timerCanceledEventAttributes: {} },
    activity('recordChange'),
    { timerStartedEventAttributes: {} },
    { workflowExecutionSignaledEventAttributes: {} },
    activity('notify'),
    activity('recordChange'),
    { workflowTaskCompletedEventAttributes: {} },
  ];

  it('counts messages, activities by type and timers', () => {
    expect(countHistory(history)).toEqual({
      events: 16,
      workflowTasks: 2,
      updates: 2,
      signals: 1,
      activities: 6,
      activitiesByType: { assignManager: 1, notify: 2, recordChange: 3 },
      localActivities: 0,
      localActivitiesByType: {},
      timersStarted: 2,
      timersCancelled: 1,
      timersFired: 0,
      searchAttributeUpserts: 1,
    });
  });

  it('gives the start its intake update, then one step per update or signal, mail in the background', () => {
    expect(planFromHistory(history)).toEqual([
      { trigger: 'start', awaited: 2, background: 1, local: 0, timersStarted: 1, timersCancelled: 0 },
      { trigger: 'update', awaited: 1, background: 0, local: 0, timersStarted: 1, timersCancelled: 1 },
      { trigger: 'signal', awaited: 1, background: 1, local: 0, timersStarted: 0, timersCancelled: 0 },
    ]);
  });

  it('gives the minimal ceiling one awaited activity per update and signal, the start included, and the same timers', () => {
    expect(minimalPlan(planFromHistory(history))).toEqual([
      { trigger: 'start', awaited: 1, background: 0, local: 0, timersStarted: 1, timersCancelled: 0 },
      { trigger: 'update', awaited: 1, background: 0, local: 0, timersStarted: 1, timersCancelled: 1 },
      { trigger: 'signal', awaited: 1, background: 0, local: 0, timersStarted: 0, timersCancelled: 0 },
    ]);
  });

  it('counts local activities by type from their markers, and plans them in their step', () => {
    const marker = (data?: string) => ({
      markerRecordedEventAttributes: { markerName: 'core_local_activity', details: data === undefined ? null : { data: { payloads: [{ data: new TextEncoder().encode(data) }] } } },
    });
    const withLocal = [
      { workflowExecutionUpdateAcceptedEventAttributes: {} },
      marker(JSON.stringify({ seq: 1, activity_type: 'recordChange' })),
      { markerRecordedEventAttributes: { markerName: 'Version' } },
      { workflowExecutionSignaledEventAttributes: {} },
      marker(JSON.stringify({ seq: 2, activity_type: 'recordChange' })),
      marker('not json'),
      marker(),
    ];
    expect(countHistory(withLocal)).toMatchObject({ activities: 0, localActivities: 4, localActivitiesByType: { recordChange: 2, '?': 2 } });
    expect(planFromHistory(withLocal).map((step) => [step.trigger, step.local])).toEqual([
      ['start', 1],
      ['signal', 3],
    ]);
  });
});
