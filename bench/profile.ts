// `npm run bench -- --profile DIR`: where the CPU goes. The worker and the API run under `node --cpu-prof`
// (one .cpuprofile per thread, written when the process stops) and PostgreSQL loads pg_stat_statements; at
// the end of the run DIR gets each profile's top self-time functions and packages and the statements that
// cost PostgreSQL the most. `tsx bench/profile.ts DIR` prints the same summary again from the files.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';

const root = fileURLToPath(new URL('..', import.meta.url));
const TOP = 25;

/** Node's flags for a profiled process: its profiles go to DIR/<name>/. */
export function cpuProfileFlags(dir: string, name: string): string[] {
  return ['--cpu-prof', `--cpu-prof-dir=${join(resolve(dir), name)}`];
}

/** PostgreSQL settings that count every statement, also those inside functions and triggers. */
export const postgresProfiling = { shared_preload_libraries: 'pg_stat_statements', 'pg_stat_statements.track': 'all', track_functions: 'all' };

export async function createStatementStatistics(databaseUrl: string): Promise<void> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    await sql`create extension if not exists pg_stat_statements`;
  } finally {
    await sql.end();
  }
}

/** Forgets the statements counted so far: called before the phase to profile. */
export async function resetStatementStatistics(databaseUrl: string): Promise<void> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    await sql`select pg_stat_statements_reset()`;
    await sql`select pg_stat_reset()`;
  } finally {
    await sql.end();
  }
}

interface StatementRow {
  calls: number;
  total_ms: number;
  mean_ms: number;
  rows: number;
  query: string;
}

/** Writes DIR/postgres-statements.txt: the statements by total time, with calls per order. */
export async function writeStatementProfile(databaseUrl: string, dir: string, orders: number): Promise<string> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const rows = await sql<StatementRow[]>`
      select calls::int, total_exec_time::float8 as total_ms, mean_exec_time::float8 as mean_ms, rows::int, query
      from pg_stat_statements where dbid = (select oid from pg_database where datname = current_database())
      order by total_exec_time desc limit ${TOP * 2}`;
    const [all] = await sql<{ calls: number; total_ms: number }[]>`
      select coalesce(sum(calls), 0)::int as calls, coalesce(sum(total_exec_time), 0)::float8 as total_ms
      from pg_stat_statements where dbid = (select oid from pg_database where datname = current_database())`;
    // the triggers' functions (track_functions), which pg_stat_statements shows only as the statements inside them
    const functions = await sql<{ name: string; calls: number; total_ms: number; self_ms: number }[]>`
      select funcname as name, calls::int, total_time::float8 as total_ms, self_time::float8 as self_ms
      from pg_stat_user_functions order by total_time desc limit 10`;
    const lines = [
      `PostgreSQL statements of the profiled phase (${orders} orders): ${all!.calls} calls (${(all!.calls / orders).toFixed(1)} per order), ${(all!.total_ms / 1000).toFixed(1)} s executing`,
      '  total ms   calls  per order  mean ms  statement',
      ...rows.map(
        (r) =>
          `${r.total_ms.toFixed(0).padStart(10)} ${String(r.calls).padStart(7)} ${(r.calls / orders).toFixed(1).padStart(10)} ${r.mean_ms.toFixed(2).padStart(8)}  ${r.query.replace(/\s+/g, ' ').slice(0, 160)}`,
      ),
      'functions (triggers):',
      ...functions.map((f) => `${f.total_ms.toFixed(0).padStart(10)} ${String(f.calls).padStart(7)} ${(f.calls / orders).toFixed(1).padStart(10)}  ${f.name} (self ${f.self_ms.toFixed(0)} ms)`),
    ];
    const text = lines.join('\n');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'postgres-statements.txt'), `${text}\n`);
    return text;
  } finally {
    await sql.end();
  }
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** Where a function lives: its npm package, the project's file, or V8's own bucket ("(garbage collector)"). */
function placeOf(url: string): string {
  if (!url) return '(native)';
  const path = url.replace(/^file:\/\//, '');
  const inModules = path.lastIndexOf('node_modules/');
  if (inModules >= 0) {
    const parts = path.slice(inModules + 'node_modules/'.length).split('/');
    return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
  }
  if (path.startsWith('node:')) return 'node';
  return path.startsWith(root) ? relative(root, path) : path;
}

/** One profile's busy time and its top functions and places by self time. */
export function summariseCpuProfile(profile: CpuProfile): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const functions = new Map<string, number>();
  const places = new Map<string, number>();
  let busyUs = 0;
  profile.samples.forEach((id, i) => {
    const frame = byId.get(id)!.callFrame;
    const us = profile.timeDeltas[i] ?? 0;
    if (frame.functionName === '(idle)') return;
    busyUs += us;
    const place = placeOf(frame.url);
    const fn = `${frame.functionName || '(anonymous)'} ${place}${frame.url ? `:${frame.lineNumber + 1}` : ''}`;
    functions.set(fn, (functions.get(fn) ?? 0) + us);
    places.set(place, (places.get(place) ?? 0) + us);
  });
  const wallS = (profile.endTime - profile.startTime) / 1e6;
  const top = (map: Map<string, number>) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, TOP)
      .map(([name, us]) => `  ${(us / 1e6).toFixed(2).padStart(7)} s ${((100 * us) / busyUs).toFixed(1).padStart(5)} %  ${name}`);
  return [`busy ${(busyUs / 1e6).toFixed(1)} s of ${wallS.toFixed(0)} s`, 'by package or file (self time):', ...top(places), 'by function (self time):', ...top(functions)].join('\n');
}

/** Summarises every .cpuprofile under DIR/<process>/ into DIR/<process>-<file>.txt and returns the text. */
export function summariseCpuProfiles(dir: string): string {
  const out: string[] = [];
  for (const name of readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory())) {
    const folder = join(dir, name.name);
    for (const file of readdirSync(folder).filter((f) => f.endsWith('.cpuprofile'))) {
      const text = summariseCpuProfile(JSON.parse(readFileSync(join(folder, file), 'utf8')) as CpuProfile);
      writeFileSync(join(dir, `${name.name}-${file.replace(/\.cpuprofile$/, '')}.txt`), `${text}\n`);
      out.push(`== ${name.name} ${file}: ${text}`);
    }
  }
  return out.join('\n\n');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2];
  if (!dir || !existsSync(dir)) throw new Error('usage: tsx bench/profile.ts DIR (the folder given to npm run bench -- --profile)');
  console.log(summariseCpuProfiles(dir));
  const statements = join(dir, 'postgres-statements.txt');
  if (existsSync(statements)) console.log(`\n${readFileSync(statements, 'utf8')}`);
}
