// CPU time and resident memory of a process and everything below it, from /proc (Linux).
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ, 100 on every Linux the project runs on

interface Stat {
  pid: number;
  ppid: number;
  /** utime + stime + cutime + cstime, in ticks: its own CPU and that of children it has reaped. */
  ticks: number;
}

function readStat(pid: number): Stat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // the command name may contain spaces and parentheses: fields start after the last ')'
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    // fields[0] is field 3 (state): utime is field 14, stime 15, cutime 16, cstime 17
    const n = (field: number) => Number(fields[field - 3]);
    return { pid, ppid: n(4), ticks: n(14) + n(15) + n(16) + n(17) };
  } catch {
    return undefined;
  }
}

function allProcesses(): Stat[] {
  const stats: Stat[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = readStat(Number(name));
    if (stat) stats.push(stat);
  }
  return stats;
}

/** `root` and its descendants that are alive now. */
export function processTree(root: number, stats: Stat[] = allProcesses()): Stat[] {
  const children = new Map<number, Stat[]>();
  for (const stat of stats) {
    const list = children.get(stat.ppid);
    if (list) list.push(stat);
    else children.set(stat.ppid, [stat]);
  }
  const self = stats.find((s) => s.pid === root);
  if (!self) return [];
  const tree: Stat[] = [];
  const queue = [self];
  while (queue.length) {
    const next = queue.shift()!;
    tree.push(next);
    queue.push(...(children.get(next.pid) ?? []));
  }
  return tree;
}

/**
 * CPU seconds used so far by `root`'s tree. Each process counts itself and the children it has reaped, so a
 * PostgreSQL backend that ended between two readings still counts, in its postmaster.
 */
export function cpuSeconds(root: number): number {
  return processTree(root).reduce((sum, s) => sum + s.ticks, 0) / TICKS_PER_SECOND;
}

function rssBytes(pid: number): number {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Resident memory of `root` and its descendants (shared pages count once per process). */
export function residentBytes(root: number): number {
  return processTree(root).reduce((sum, s) => sum + rssBytes(s.pid), 0);
}
