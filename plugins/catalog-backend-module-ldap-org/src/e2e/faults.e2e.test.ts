import type { Entity } from '@backstage/catalog-model';
import { describeSlapd, waitFor } from '@orgsync/test-utils';
import { Attribute, Change } from 'ldapts';
import { startCuttingProxy } from '../__testing__/cuttingProxy';
import { annotation, ldapEntities, processEverySecond, providerConfig, startTestDirectory, useLdapFixture, UUID } from '../__testing__/harness';

const READER_DN = 'cn=reader,dc=example,dc=com';
const READER_PASSWORD = 'reader-password-1234';

describeSlapd('LDAP reads that cannot be trusted leave the catalog as it was', () => {
  const fixture = useLdapFixture({
    emulator: async () => {
      // The reader may see at most 200 entries per search (slapd limits): the org has 150 people.
      const dir = await startTestDirectory({ users: 150, groups: 15, seed: 31, hostileShare: 0.05, databaseConfig: [`limits dn.exact="${READER_DN}" size=200`] });
      const admin = await dir.admin();
      await admin.add(READER_DN, { objectClass: ['organizationalRole', 'simpleSecurityObject'], cn: 'reader', userPassword: READER_PASSWORD });
      const proxy = await startCuttingProxy(dir.slapd.url);
      return { dir, proxy, stop: () => proxy.close().then(() => dir.stop()) };
    },
    providers: ({ dir, proxy }) => {
      const base = providerConfig(dir);
      return {
        main: { ...base, target: proxy.url, incremental: { enabled: false } },
        limited: { ...base, namespace: 'limited', bind: { dn: READER_DN, secret: READER_PASSWORD } },
        capped: { ...base, namespace: 'capped', users: { ...base.users, options: { ...base.users.options, sizeLimit: 100 } } },
      };
    },
    config: processEverySecond,
  });
  let enabled: number;

  beforeAll(async () => {
    enabled = fixture.emulator.dir.directory.people.filter(p => !p.disabled).length + fixture.emulator.dir.directory.groups.length;
    expect((await fixture.provider('main').run()).outcome).toBe('applied');
    expect((await fixture.provider('limited').run()).outcome).toBe('applied');
  });

  /** What a user sees of the catalog: every LDAP entity with its spec, by namespace. */
  async function picture(namespace: string): Promise<string[]> {
    const all = [...(await fixture.catalog.query(`kind=user,metadata.namespace=${namespace}`)), ...(await fixture.catalog.query(`kind=group,metadata.namespace=${namespace}`))];
    return all.filter(e => annotation(e, UUID)).map((e: Entity) => JSON.stringify([e.kind, e.metadata.name, e.metadata.etag, e.spec])).sort();
  }

  async function expectFailedRun(id: string, namespace: string, cause: RegExp) {
    const before = await picture(namespace);
    const result = await fixture.provider(id).run();
    expect(result.outcome).toBe('read-failed');
    expect(result.error).toMatch(cause);
    expect(result.error).not.toContain(fixture.emulator.dir.slapd.rootPassword);
    expect(await picture(namespace)).toEqual(before);
    return result;
  }

  it('a connection dropped in the middle of an answer fails the run; nothing is applied', async () => {
    await ldapEntities(fixture.catalog, enabled * 2);
    const admin = await fixture.emulator.dir.admin();
    const someone = fixture.emulator.dir.directory.people.find(p => !p.disabled && !p.hostile)!;
    await admin.modify(someone.dn, [new Change({ operation: 'replace', modification: new Attribute({ type: 'cn', values: ['Changed While Cut'] }) })]);
    fixture.emulator.proxy.cutAfterBytes(20_000);
    await expectFailedRun('main', 'default', /LDAP search at "ou=people,dc=example,dc=com" failed, nothing applied/);
    fixture.emulator.proxy.cutAfterBytes(undefined);
  });

  it('a server that went away fails the run; after it comes back the next run applies', async () => {
    await fixture.emulator.dir.slapd.kill();
    await expectFailedRun('main', 'default', /ECONNREFUSED|connect|closed/i);
    await fixture.emulator.dir.slapd.start();
    const result = await fixture.provider('main').run();
    expect(result.outcome).toBe('applied');
    expect(result.counts.changed).toBeGreaterThanOrEqual(1);
    // The change the cut run did not apply is in the catalog once it has processed the run's mutation (later tests
    // compare the catalog before and after a failed run, so it must have settled).
    await waitFor('the catalog to show the change made while the connection was cut', async () => (await picture('default')).some(row => row.includes('Changed While Cut')));
  });

  it("the server's size limit for the bind account (more entries than it may see) fails the run", async () => {
    const admin = await fixture.emulator.dir.admin();
    for (let i = 0; i < 60; i++) {
      await admin.add(`uid=extra${i},${fixture.emulator.dir.directory.peopleDn}`, { objectClass: 'inetOrgPerson', uid: `extra${i}`, cn: `Extra ${i}`, sn: 'Extra' });
    }
    await expectFailedRun('limited', 'limited', /SizeLimitExceeded|size limit/i);
    const names = (await fixture.catalog.query('kind=user,metadata.namespace=limited')).map(u => u.metadata.name);
    expect(names).not.toContain('extra0');
  });

  it('more entries than options.sizeLimit fail the run instead of applying the first ones', async () => {
    const result = await fixture.provider('capped').run();
    expect(result.outcome).toBe('read-failed');
    expect(result.error).toMatch(/more than sizeLimit 100 entries/);
    expect(await picture('capped')).toEqual([]);
  });

  it('a referral (part of the subtree on another server) fails the run', async () => {
    const admin = await fixture.emulator.dir.admin();
    await admin.add(`ou=elsewhere,${fixture.emulator.dir.directory.peopleDn}`, {
      objectClass: ['referral', 'extensibleObject'],
      ou: 'elsewhere',
      ref: 'ldap://ldap2.example.com/ou=elsewhere,ou=people,dc=example,dc=com',
    });
    await expectFailedRun('main', 'default', /referral.*ldap2\.example\.com/);
  });
});
