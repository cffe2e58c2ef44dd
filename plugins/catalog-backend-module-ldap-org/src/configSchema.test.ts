import fs from 'node:fs';
import path from 'node:path';
import { ConfigReader } from '@backstage/config';
import { loadConfigSchema } from '@backstage/config-loader';
import { parse } from 'yaml';
import { readLdapProviderConfig } from './config';

// The module's config.d.ts as a Backstage backend loads it: compiled to JSON schema and validated by ajv.
const packageDir = path.resolve(__dirname, '..');
const VISIBILITIES = ['frontend', 'backend', 'secret'] as const;

async function loadSchema() {
  const warnings: string[] = [];
  const warn = jest.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => void warnings.push(args.join(' ')));
  try {
    const schema = await loadConfigSchema({ dependencies: [], packagePaths: [path.join(packageDir, 'package.json')], excludePackageDependencies: true });
    return { schema, warnings };
  } finally {
    warn.mockRestore();
  }
}

type Schema = Awaited<ReturnType<typeof loadSchema>>['schema'];

function validate(schema: Schema, data: object) {
  return schema.process([{ data, context: 'app-config.yaml' }], { visibility: [...VISIBILITIES], ignoreSchemaErrors: false });
}

function readmeConfigBlocks(): Array<{ catalog: { providers: { ldapOrg: Record<string, object> } } }> {
  const readme = fs.readFileSync(path.join(packageDir, 'README.md'), 'utf8');
  return [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)].map(match => parse(match[1])).filter(block => block?.catalog);
}

describe('config.d.ts', () => {
  let loaded: Awaited<ReturnType<typeof loadSchema>>;
  beforeAll(async () => {
    loaded = await loadSchema();
  }, 60_000);

  it('compiles without ajv strict-mode warnings', () => {
    expect(loaded.warnings).toEqual([]);
  });

  it('accepts every config block of the README, and the module reads each of them', () => {
    const blocks = readmeConfigBlocks();
    expect(blocks.length).toBeGreaterThanOrEqual(3);
    for (const block of blocks) {
      expect(() => validate(loaded.schema, block)).not.toThrow();
      for (const [id, provider] of Object.entries(block.catalog.providers.ldapOrg)) {
        expect(() => readLdapProviderConfig(new ConfigReader(provider as never), id, `catalog.providers.ldapOrg.${id}`)).not.toThrow();
      }
    }
  });

  it('marks the bind secret secret', () => {
    const [processed] = loaded.schema.process(
      [{ data: { catalog: { providers: { ldapOrg: { main: { target: 'ldaps://x', bind: { dn: 'cn=a', secret: 's' }, users: { dn: 'ou=p' } } } } } }, context: 'app-config.yaml' }],
      { visibility: ['frontend', 'backend'], ignoreSchemaErrors: false, withFilteredKeys: true },
    );
    expect(processed.filteredKeys).toEqual(['catalog.providers.ldapOrg.main.bind.secret']);
  });

  it('rejects a wrong type, naming where it is', () => {
    const wrong = { catalog: { providers: { ldapOrg: { main: { target: 'ldaps://x', users: { dn: 'ou=p', options: { scope: 'everything' } } } } } } };
    expect(() => validate(loaded.schema, wrong)).toThrow(/\/catalog\/providers\/ldapOrg\/main\/users/);
  });
});

describe('readLdapProviderConfig', () => {
  const read = (provider: object) => readLdapProviderConfig(new ConfigReader(provider as never), 'main', 'catalog.providers.ldapOrg.main');
  const base = { target: 'ldaps://ds.example.net', users: { dn: 'ou=people,dc=example,dc=net' } };

  it("applies the official module's defaults and pages by default", () => {
    const config = read({ ...base, groups: [{ dn: 'ou=groups,dc=example,dc=net', map: { members: 'memberUid', memberOf: null } }] });
    expect(config.users[0]).toMatchObject({ options: { scope: 'one', attributes: ['*', '+'], pageSize: 500 }, map: { rdn: 'uid', name: 'uid', displayName: 'cn', email: 'mail', memberOf: 'memberOf' } });
    // `memberOf: null` keeps the default, as in the official module (its config merge skips empty values).
    expect(config.groups[0].map).toEqual({ rdn: 'cn', name: 'cn', description: 'description', displayName: 'cn', type: 'groupType', members: 'memberUid', memberOf: 'memberOf' });
    expect(config.vendor.name).toBe('auto');
    expect(config.includeDisabledUsers).toBe(false);
  });

  it('names the setting in every error', () => {
    expect(() => read({ ...base, target: 'https://ds' })).toThrow('catalog.providers.ldapOrg.main.target must start with ldaps:// or ldap://');
    expect(() => read({ ...base, users: { dn: 'ou=p', options: { scpe: 'one' } } })).toThrow(/catalog\.providers\.ldapOrg\.main\.users\.options.*scpe/);
    expect(() => read({ ...base, users: { dn: 'ou=p', options: { derefAliases: 7 } } })).toThrow(/users\.options\.derefAliases/);
    expect(() => read({ ...base, vendor: { name: 'novell' } })).toThrow(/vendor\.name must be auto/);
    expect(() => read({ target: 'ldaps://x' })).toThrow(/needs users or groups/);
    expect(() => read({ ...base, tls: { keys: '/k.pem' } })).toThrow(/keys and certs go together/);
    expect(() => read({ ...base, requestTimeout: { days: 30 } })).toThrow('catalog.providers.ldapOrg.main.requestTimeout must be a duration from 1 second to 1 hour');
  });

  it('refuses to send a bind secret in clear text to a remote host unless told to', () => {
    const remote = { ...base, target: 'ldap://ds.example.net', bind: { dn: 'cn=a', secret: 'hunter2-secret' } };
    expect(() => read(remote)).toThrow(/would send the bind secret in clear text/);
    expect(() => read(remote)).not.toThrow(/hunter2/);
    expect(() => read({ ...remote, tls: { startTls: true } })).not.toThrow();
    expect(() => read({ ...remote, allowInsecureHttp: true })).not.toThrow();
    expect(() => read({ ...remote, target: 'ldap://127.0.0.1:3389' })).not.toThrow();
  });
});
