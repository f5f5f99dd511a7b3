// The module graph of the production code: no import circle (type-only imports included, since a circle of
// types still ties the files' meanings together), and no entry point reaching into scripts/.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SOURCE_FOLDERS = ['activities', 'api', 'db', 'domain', 'integrations', 'runtime', 'web', 'workflows'];
const ENTRY_POINTS = ['api/server.ts', 'worker.ts', 'config.ts'];
const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;

function sourceFiles(folder: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(join(root, folder));
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    const path = join(folder, name);
    if (statSync(join(root, path)).isDirectory()) return name === 'migrations' ? [] : sourceFiles(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

/** Relative imports of a file, as paths from the repository's root. */
export function importsOf(file: string, text: string): string[] {
  return [...text.matchAll(IMPORT)].map((m) => relative(root, resolve(root, dirname(file), (m[1] ?? m[2])!)));
}

function graph(files: string[]): Map<string, string[]> {
  const edges = new Map<string, string[]>();
  const pending = [...files];
  while (pending.length) {
    const file = pending.pop()!;
    if (edges.has(file)) continue;
    let text = '';
    try {
      text = readFileSync(join(root, file), 'utf8');
    } catch {
      edges.set(file, []);
      continue;
    }
    const targets = importsOf(file, text);
    edges.set(file, targets);
    pending.push(...targets);
  }
  return edges;
}

/** Every import circle, each as the files along it (depth-first, white/grey/black). */
export function circles(edges: Map<string, string[]>): string[][] {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (file: string) => {
    state.set(file, 'open');
    stack.push(file);
    for (const next of edges.get(file) ?? []) {
      if (state.get(next) === 'open') found.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of edges.keys()) if (!state.has(file)) visit(file);
  return found;
}

describe('the module graph', () => {
  const edges = graph([...ENTRY_POINTS, ...SOURCE_FOLDERS.flatMap(sourceFiles)]);

  it('finds a circle when there is one (the check itself works)', () => {
    const sample = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', ['a.ts']],
    ]);
    expect(circles(sample)).toEqual([['a.ts', 'b.ts', 'c.ts', 'a.ts']]);
    expect(importsOf('api/routes/x.ts', "import type { A } from '../app.ts';\nexport { b } from './b.ts';")).toEqual(['api/app.ts', 'api/routes/b.ts']);
  });

  it('has no import circle in the production code', () => {
    expect(edges.size).toBeGreaterThan(50);
    expect(circles(edges).map((circle) => circle.join(' → '))).toEqual([]);
  });

  it('keeps every production entry point away from scripts/', () => {
    const reached = new Set<string>();
    const pending = [...ENTRY_POINTS];
    while (pending.length) {
      const file = pending.pop()!;
      if (reached.has(file)) continue;
      reached.add(file);
      pending.push(...(edges.get(file) ?? []));
    }
    expect([...reached].filter((file) => file.startsWith('scripts/'))).toEqual([]);
  });
});
