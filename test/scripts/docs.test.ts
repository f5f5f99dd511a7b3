// A clone carries its own documentation: every relative link in the README and docs/ reaches a file of the
// repository (and a heading where it names one), and no source file cites documents outside it.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('../..', import.meta.url).pathname;
const pages = ['README.md', ...readdirSync(join(root, 'docs')).filter((name) => name.endsWith('.md')).map((name) => `docs/${name}`)];

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
const anchors = (markdown: string) =>
  new Set(
    [...markdown.matchAll(/^#{1,6} (.+)$/gm)].map((match) =>
      match[1]!
        .toLowerCase()
        .replace(/[^\p{L}\p{N} _-]/gu, '')
        .replaceAll(' ', '-'),
    ),
  );

describe('documentation', () => {
  it('has the pages the README promises', () => {
    for (const page of ['architecture', 'funnel', 'money', 'api', 'operations', 'conventions']) expect(pages).toContain(`docs/${page}.md`);
  });

  it.each(pages)('%s links only to files and headings of the repository', (page) => {
    const text = readFileSync(join(root, page), 'utf8');
    const broken: string[] = [];
    for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/.test(target!)) continue;
      const [path, anchor] = target!.split('#');
      const file = path ? join(dirname(join(root, page)), path) : join(root, page);
      if (!relative(root, file) || relative(root, file).startsWith('..') || !existsSync(file)) broken.push(target!);
      else if (anchor && !anchors(readFileSync(file, 'utf8')).has(anchor)) broken.push(target!);
    }
    expect(broken).toEqual([]);
  });

  it('is what source files cite, not documents outside the repository', () => {
    const tracked = execFileSync('git', ['ls-files'], { cwd: root, encoding: 'utf8' }).split('\n').filter((file) => /\.(ts|mjs|js|json|md|yml)$/.test(file) && file !== 'test/scripts/docs.test.ts');
    const citing = tracked.filter((file) => existsSync(join(root, file)) && /\.\.\/shared\/|\b(DESIGN|API|CONVENTIONS)\.md\b/.test(readFileSync(join(root, file), 'utf8')));
    expect(citing).toEqual([]);
  });
});
