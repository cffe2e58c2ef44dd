import fs from 'node:fs';
import path from 'node:path';
import { loadConfigSchema } from '@backstage/config-loader';
import { parse } from 'yaml';

// The module's config.d.ts as a Backstage backend loads it: compiled to JSON schema and validated by ajv.
const packageDir = path.resolve(__dirname, '..');

async function loadSchema() {
  return loadConfigSchema({ dependencies: [], packagePaths: [path.join(packageDir, 'package.json')], excludePackageDependencies: true });
}

type Schema = Awaited<ReturnType<typeof loadSchema>>;

function validate(schema: Schema, data: object) {
  return schema.process([{ data, context: 'app-config.yaml' }], { visibility: ['frontend', 'backend', 'secret'], ignoreSchemaErrors: false });
}

function readmeConfigBlocks(): object[] {
  const readme = fs.readFileSync(path.join(packageDir, 'README.md'), 'utf8');
  return [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)].map(match => parse(match[1])).filter(block => block?.catalog);
}

describe('config.d.ts', () => {
  let schema: Schema;
  beforeAll(async () => {
    schema = await loadSchema();
  }, 60_000);

  it("accepts the README's config block and a token list", () => {
    const blocks = readmeConfigBlocks();
    expect(blocks.length).toBeGreaterThan(0);
    for (const block of blocks) expect(() => validate(schema, block)).not.toThrow();
    expect(() => validate(schema, { catalog: { providers: { scim: { okta: { token: ['a', 'b'], rateLimit: { requestsPerMinute: 600 } } } } } })).not.toThrow();
  });

  it('marks the token secret, whether one or a list', () => {
    for (const token of ['one-secret-token-value', ['new-secret-token-value', 'old-secret-token-value']]) {
      const [processed] = schema.process([{ data: { catalog: { providers: { scim: { entra: { token } } } } }, context: 'app-config.yaml' }], {
        visibility: ['frontend', 'backend'],
        ignoreSchemaErrors: false,
        withFilteredKeys: true,
      });
      expect(JSON.stringify(processed.data)).not.toContain('secret-token-value');
    }
  });

  it('refuses a token that is an object', () => {
    expect(() => validate(schema, { catalog: { providers: { scim: { entra: { token: { value: 'x' } } } } } })).toThrow();
  });
});
