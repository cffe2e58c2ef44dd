import fs from 'node:fs';
import path from 'node:path';
import { loadConfigSchema } from '@backstage/config-loader';
import { parse } from 'yaml';

// The module's config.d.ts as a Backstage backend loads it: compiled to JSON schema and
// validated by ajv. Only this package's schema, as in an adopter's install (our
// devDependencies, Roadie's module among them, are not installed there).
const packageDir = path.resolve(__dirname, '..');
const VISIBILITIES = ['frontend', 'backend', 'secret'] as const;

async function loadSchema() {
  const warnings: string[] = [];
  const warn = jest.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => void warnings.push(args.join(' ')));
  try {
    const schema = await loadConfigSchema({
      dependencies: [],
      packagePaths: [path.join(packageDir, 'package.json')],
      excludePackageDependencies: true,
    });
    return { schema, warnings };
  } finally {
    warn.mockRestore();
  }
}

type Schema = Awaited<ReturnType<typeof loadSchema>>['schema'];

function validate(schema: Schema, data: object) {
  return schema.process([{ data, context: 'app-config.yaml' }], { visibility: [...VISIBILITIES], ignoreSchemaErrors: false });
}

/** The keys the schema marks secret: what a view without secrets leaves out. */
function secretPaths(schema: Schema, data: object): string[] {
  const [processed] = schema.process([{ data, context: 'app-config.yaml' }], {
    visibility: ['frontend', 'backend'],
    ignoreSchemaErrors: false,
    withFilteredKeys: true,
  });
  return [...(processed.filteredKeys ?? [])].sort();
}

function readmeConfigBlocks(): object[] {
  const readme = fs.readFileSync(path.join(packageDir, 'README.md'), 'utf8');
  return [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)].map(match => parse(match[1])).filter(block => block?.catalog);
}

describe('config.d.ts', () => {
  let loaded: Awaited<ReturnType<typeof loadSchema>>;
  beforeAll(async () => {
    loaded = await loadSchema();
  }, 60_000);

  it('compiles without ajv strict-mode warnings', () => {
    const schemas = loaded.schema.serialize().schemas as Array<{ packageName: string }>;
    expect(schemas.map(s => s.packageName)).toEqual(['@orgsync/plugin-catalog-backend-module-okta-org']);
    expect(loaded.warnings).toEqual([]);
  });

  it("accepts every config block of the README, the object-keyed form and Roadie's list form", () => {
    const blocks = readmeConfigBlocks();
    const okta = blocks.map(block => (block as { catalog: { providers: { okta: unknown } } }).catalog.providers.okta);
    expect(okta.some(Array.isArray)).toBe(true);
    expect(okta.some(value => value && !Array.isArray(value))).toBe(true);
    for (const block of blocks) expect(() => validate(loaded.schema, block)).not.toThrow();
  });

  it('marks the token and the OAuth private key secret in both forms', () => {
    const provider = { orgUrl: 'https://acme.okta.com', token: 'ssws', oauth: { clientId: 'c', privateKey: 'k' } };
    expect(secretPaths(loaded.schema, { catalog: { providers: { okta: { main: provider } } } })).toEqual([
      'catalog.providers.okta.main.oauth.privateKey',
      'catalog.providers.okta.main.token',
    ]);
    expect(secretPaths(loaded.schema, { catalog: { providers: { okta: [provider] } } })).toEqual([
      'catalog.providers.okta[0].oauth.privateKey',
      'catalog.providers.okta[0].token',
    ]);
  });

  it('rejects a wrong type, naming where it is', () => {
    const concurrency = { catalog: { providers: { okta: { main: { orgUrl: 'https://acme.okta.com', token: 't', concurrency: 'many' } } } } };
    expect(() => validate(loaded.schema, concurrency)).toThrow(/must be number.*\/catalog\/providers\/okta\/main\/concurrency/);
    const listItem = { catalog: { providers: { okta: [{ orgUrl: 'https://acme.okta.com', users: 'all' }] } } };
    expect(() => validate(loaded.schema, listItem)).toThrow(/must be object.*\/catalog\/providers\/okta\/0\/users/);
    expect(() => validate(loaded.schema, { catalog: { providers: { okta: 'https://acme.okta.com' } } })).toThrow(/must be object.*must be array/);
    expect(() => validate(loaded.schema, { catalog: { providers: { okta: { main: { token: 't' } } } } })).toThrow(/orgUrl/);
  });
});
