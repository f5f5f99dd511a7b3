// Before and after: the figures the closing note compares, read from any results file (older ones
// lack the minimal ceiling and the open loop: those show as –), and a table of a baseline next to this run.
import { readFileSync } from 'node:fs';

type Json = Record<string, unknown>;

/** The number at `path` in `json`, or NaN where an older file has no such figure. */
function at(json: unknown, path: string): number {
  let value: unknown = json;
  for (const key of path.split('.')) value = value && typeof value === 'object' ? (value as Json)[key] : undefined;
  return typeof value === 'number' ? value : Number.NaN;
}

const PROCESSES = ['worker', 'temporal', 'postgres', 'api'] as const;

function cpuPerOrder(result: unknown, phase: string, label: string): [string, number][] {
  const orders = at(result, `${phase}.completed`);
  const per = PROCESSES.map((p) => [p, at(result, `${phase}.cpuSeconds.${p}`) / orders] as [string, number]);
  const total = per.reduce((sum, [, seconds]) => sum + seconds, 0);
  return [[`${label} CPU s per order`, total], ...per.map(([p, seconds]): [string, number] => [`${label} CPU s per order: ${p}`, seconds])];
}

/** Key figures of one run, by name, in a fixed order. */
export function keyFigures(result: unknown): [string, number][] {
  const lifecycle = at(result, 'lifecycle.ordersPerSecond');
  return [
    ['activities per order', at(result, 'history.counts.activities')],
    ['local activities per order', at(result, 'history.counts.localActivities')],
    ['workflow tasks per order', at(result, 'history.counts.workflowTasks')],
    ['events per order', at(result, 'history.counts.events')],
    ['ceiling orders/s', at(result, 'ceiling.ordersPerSecond')],
    ['minimal ceiling orders/s', at(result, 'minimalCeiling.ordersPerSecond')],
    ['lifecycle orders/s', lifecycle],
    ['lifecycle / ceiling', lifecycle / at(result, 'ceiling.ordersPerSecond')],
    ['lifecycle / minimal ceiling', lifecycle / at(result, 'minimalCeiling.ordersPerSecond')],
    ...cpuPerOrder(result, 'lifecycle', 'lifecycle'),
    ...cpuPerOrder(result, 'openLoop', 'open loop'),
    ['open loop staff commands p50 ms', at(result, 'openLoop.staffCommands.p50')],
    ['open loop staff commands p99 ms', at(result, 'openLoop.staffCommands.p99')],
    ['open loop webhook → visible p50 ms', at(result, 'openLoop.webhookToVisible.all.p50')],
    ['open loop webhook → visible p99 ms', at(result, 'openLoop.webhookToVisible.all.p99')],
  ];
}

const cell = (value: number) => (!Number.isFinite(value) ? '–' : Number.isInteger(value) || Math.abs(value) >= 100 ? value.toFixed(0) : value.toFixed(2));

/** Rows of figure, baseline, this run and the change between them. */
export function comparisonRows(baseline: unknown, current: unknown): string[][] {
  const after = new Map(keyFigures(current));
  return keyFigures(baseline).map(([name, before]) => {
    const now = after.get(name) ?? Number.NaN;
    const change = before !== 0 && Number.isFinite(before) && Number.isFinite(now) ? `${now >= before ? '+' : ''}${(((now - before) / before) * 100).toFixed(0)} %` : '–';
    return [name, cell(before), cell(now), change];
  });
}

/** A results file from an earlier run, read before the stack starts so a wrong path fails at once. */
export function readBaseline(path: string): Json {
  try {
    const json = JSON.parse(readFileSync(path, 'utf8')) as unknown;
    if (!json || typeof json !== 'object' || !('lifecycle' in json)) throw new Error('it has no lifecycle figures');
    return json as Json;
  } catch (error) {
    throw new Error(`--baseline ${path} is not a benchmark results file: ${(error as Error).message}`);
  }
}
