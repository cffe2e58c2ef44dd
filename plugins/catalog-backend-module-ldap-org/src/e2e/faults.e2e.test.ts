import type { Entity } from '@backstage/catalog-model';
import { describeSlapd, startCatalogTestBackend, type CatalogTestBackend } from '@orgsync/test-utils';
import { Attribute, Change } from 'ldapts';
import { startCuttingProxy, type CuttingProxy } from '../__testing__/cuttingProxy';
import { annotation, ldapEntities, ldapTestModule, providerConfig, startTestDirectory, UUID, type Harness, type TestDirectory } from '../__testing__/harness';

const READER_DN = 'cn=reader,dc=example,dc=com';
const READER_PASSWORD = 'reader-password-1234';

describeSlapd('LDAP reads that cannot be trusted leave the catalog as it was', () => {
  let dir: TestDirectory;
  let proxy: CuttingProxy;
  let backend: CatalogTestBackend;
  let harness: Harness;
  let enabled: number;

  beforeAll(async () => {
    // The reader may see at most 200 entries per search (slapd limits): the org has 150 people.
    dir = await startTestDirectory({ users: 150, groups: 15, seed: 31, hostileShare: 0.05, databaseConfig: [`limits dn.exact="${READER_DN}" size=200`] });
    const admin = await dir.admin();
    await admin.add(READER_DN, { objectClass: ['organizationalRole', 'simpleSecurityObject'], cn: 'reader', userPassword: READER_PASSWORD });
    enabled = dir.directory.people.filter(p => !p.disabled).length + dir.directory.groups.length;
    proxy = await startCuttingProxy(dir.slapd.url);
    const test = ldapTestModule();
    harness = test.harness;
    const base = providerConfig(dir);
    backend = await startCatalogTestBackend({
      features: [test.feature],
      config: {
        catalog: {
          processingInterval: { seconds: 1 },
          providers: {
            ldapOrg: {
              main: { ...base, target: proxy.url, incremental: { enabled: false } },
              limited: { ...base, namespace: 'limited', bind: { dn: READER_DN, secret: READER_PASSWORD } },
              capped: { ...base, namespace: 'capped', users: { ...base.users, options: { ...base.users.options, sizeLimit: 100 } } },
            },
          },
        },
      },
    });
    expect((await harness.provider('main').run()).outcome).toBe('applied');
    expect((await harness.provider('limited').run()).outcome).toBe('applied');
  });
  afterAll(async () => {
    await backend?.stop();
    await proxy?.close();
    await dir?.stop();
  });

  /** What a user sees of the catalog: every LDAP entity with its spec, by namespace. */
  async function picture(namespace: string): Promise<string[]> {
    const all = [...(await backend.catalog.query(`kind=user,metadata.namespace=${namespace}`)), ...(await backend.catalog.query(`kind=group,metadata.namespace=${namespace}`))];
    return all.filter(e => annotation(e, UUID)).map((e: Entity) => JSON.stringify([e.kind, e.metadata.name, e.metadata.etag, e.spec])).sort();
  }

  async function expectFailedRun(id: string, namespace: string, cause: RegExp) {
    const before = await picture(namespace);
    const result = await harness.provider(id).run();
    expect(result.outcome).toBe('read-failed');
    expect(result.error).toMatch(cause);
    expect(result.error).not.toContain(dir.slapd.rootPassword);
    expect(await picture(namespace)).toEqual(before);
    return result;
  }

  it('a connection dropped in the middle of an answer fails the run; nothing is applied', async () => {
    await ldapEntities(backend.catalog, enabled * 2);
    const admin = await dir.admin();
    const someone = dir.directory.people.find(p => !p.disabled && !p.hostile)!;
    await admin.modify(someone.dn, [new Change({ operation: 'replace', modification: new Attribute({ type: 'cn', values: ['Changed While Cut'] }) })]);
    proxy.cutAfterBytes(20_000);
    await expectFailedRun('main', 'default', /LDAP search at "ou=people,dc=example,dc=com" failed, nothing applied/);
    proxy.cutAfterBytes(undefined);
  });

  it('a server that went away fails the run; after it comes back the next run applies', async () => {
    await dir.slapd.kill();
    await expectFailedRun('main', 'default', /ECONNREFUSED|connect|closed/i);
    await dir.slapd.start();
    const result = await harness.provider('main').run();
    expect(result.outcome).toBe('applied');
    expect(result.counts.changed).toBeGreaterThanOrEqual(1);
  });

  it("the server's size limit for the bind account (more entries than it may see) fails the run", async () => {
    const admin = await dir.admin();
    for (let i = 0; i < 60; i++) {
      await admin.add(`uid=extra${i},${dir.directory.peopleDn}`, { objectClass: 'inetOrgPerson', uid: `extra${i}`, cn: `Extra ${i}`, sn: 'Extra' });
    }
    await expectFailedRun('limited', 'limited', /SizeLimitExceeded|size limit/i);
    const names = (await backend.catalog.query('kind=user,metadata.namespace=limited')).map(u => u.metadata.name);
    expect(names).not.toContain('extra0');
  });

  it('more entries than options.sizeLimit fail the run instead of applying the first ones', async () => {
    const result = await harness.provider('capped').run();
    expect(result.outcome).toBe('read-failed');
    expect(result.error).toMatch(/more than sizeLimit 100 entries/);
    expect(await picture('capped')).toEqual([]);
  });

  it('a referral (part of the subtree on another server) fails the run', async () => {
    const admin = await dir.admin();
    await admin.add(`ou=elsewhere,${dir.directory.peopleDn}`, {
      objectClass: ['referral', 'extensibleObject'],
      ou: 'elsewhere',
      ref: 'ldap://ldap2.example.com/ou=elsewhere,ou=people,dc=example,dc=com',
    });
    await expectFailedRun('main', 'default', /referral.*ldap2\.example\.com/);
  });
});
