import { availableParallelism } from 'node:os';
import { configDefaults, defineConfig } from 'vitest/config';

// `npm test` runs everything but the fault tests; `npm run test:faults` runs those (processes killed, servers
// stopped, sustained load) one file at a time, so they do not starve the rest or each other.
const faults = 'test/faults/**/*.test.ts';

export default defineConfig({
  test: {
    include: process.env.TEST_FAULTS === '1' ? [faults] : ['test/**/*.test.ts'],
    exclude: process.env.TEST_FAULTS === '1' ? configDefaults.exclude : [...configDefaults.exclude, faults],
    // Temporal's native worker does not run in worker threads; each file gets its own process.
    pool: 'forks',
    fileParallelism: process.env.TEST_FAULTS !== '1',
    // Vitest's default (one fewer than the cores) runs one file at a time on 2 cores, where the files mostly wait
    // on PostgreSQL and Temporal: two at a time took the suite from 9 to under 6 minutes there.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    teardownTimeout: 60_000,
  },
});
