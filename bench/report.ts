// The benchmark's output: the machine it ran on, tables on the terminal, and the JSON file of every figure.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem, type as osType } from 'node:os';
import { join } from 'node:path';
import type { Summary } from './stats.ts';
import type { Approximation } from './worker-metrics.ts';

export function machine() {
  let distribution: string | undefined;
  try {
    distribution = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(execFileSync('cat', ['/etc/os-release'], { encoding: 'utf8' }))?.[1];
  } catch {
    distribution = undefined;
  }
  return {
    cores: cpus().length,
    model: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    os: `${distribution ?? osType()} (${osType()} ${release()})`,
    loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

const ms = (value: number) => (Number.isFinite(value) ? (value >= 100 ? value.toFixed(0) : value.toFixed(1)) : '–');

/** Names left, figures right-aligned so their digits line up; `textColumns` are left-aligned too (prose). */
function table(header: string[], rows: (string | number)[][], textColumns = 1): string {
  const cells = [header, ...rows.map((row) => row.map(String))];
  const widths = header.map((_, column) => Math.max(...cells.map((row) => row[column]?.length ?? 0)));
  const line = (row: string[]) => row.map((cell, column) => (column < textColumns ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ').trimEnd();
  return [line(cells[0]!), widths.map((w) => '─'.repeat(w)).join('  '), ...cells.slice(1).map(line)].map((l) => `  ${l}`).join('\n');
}

export function latencyTable(summaries: Record<string, Summary>): string {
  return table(
    ['ms', 'count', 'p50', 'p95', 'p99', 'max'],
    Object.entries(summaries).map(([name, s]) => [name, s.count, ms(s.p50), ms(s.p95), ms(s.p99), ms(s.max)]),
  );
}

export function approximationTable(rows: Record<string, Approximation>): string {
  return table(
    ['ms (from histogram buckets)', 'count', 'mean', '≈p50', '≈p95'],
    Object.entries(rows).map(([name, a]) => [name, a.count, ms(a.mean), ms(a.p50), ms(a.p95)]),
  );
}

export function keyValueTable(rows: [string, string | number][]): string {
  return table(['', ''], rows, 2).split('\n').slice(2).join('\n');
}

export function plainTable(header: string[], rows: (string | number)[][]): string {
  return table(header, rows);
}

export const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

/**
 * Writes the run as bench/results/<UTC time>.json and as bench/results/latest.json; a --quick run only as
 * <UTC time>-quick.json, which git ignores, so development runs never replace the figures of a full one.
 */
export function writeResult(result: { startedAt: string; config: { quick: boolean } }): string {
  const dir = new URL('./results/', import.meta.url).pathname;
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${result.startedAt.replace(/:/g, '-').replace(/\.\d+Z$/, 'Z')}${result.config.quick ? '-quick' : ''}.json`);
  const json = `${JSON.stringify(result, (_key, value: unknown) => (typeof value === 'number' && !Number.isInteger(value) ? Math.round(value * 100) / 100 : value), 2)}\n`;
  writeFileSync(file, json);
  if (!result.config.quick) writeFileSync(join(dir, 'latest.json'), json);
  return file;
}
