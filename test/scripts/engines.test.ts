// `npm ci` must print no engine warning on the Node version the README names: every package in the lock file
// accepts the lowest version package.json's `engines` allows (npm warns with EBADENGINE otherwise).
import { readFileSync } from 'node:fs';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

const root = new URL('../..', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { engines: { node: string } };
const lock = JSON.parse(readFileSync(new URL('package-lock.json', root), 'utf8')) as {
  packages: Record<string, { version?: string; engines?: { node?: string } | string[] }>;
};

describe('engines', () => {
  const lowest = semver.minVersion(manifest.engines.node)!.version;

  it('names a lowest Node version of 20', () => {
    expect(semver.major(lowest)).toBe(20);
  });

  it(`has no locked package that refuses Node ${lowest}`, () => {
    const refusing = Object.entries(lock.packages)
      .filter(([path]) => path !== '')
      .flatMap(([path, entry]) => {
        // a few old packages still carry the array form, which npm ignores
        const range = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
        return range && !semver.satisfies(lowest, range) ? [`${path.replace(/^.*node_modules\//, '')}@${entry.version} wants node ${range}`] : [];
      });
    expect(refusing).toEqual([]);
  });
});
