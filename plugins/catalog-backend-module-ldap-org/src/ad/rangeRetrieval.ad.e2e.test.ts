import { startAdLdapEmulator, type AdLdapEmulator } from '@orgsync/idp-emulators';
import { startCatalogTestBackend, waitFor, type CatalogTestBackend } from '@orgsync/test-utils';
import { ldapTestModule, type Harness } from '../__testing__/harness';
import { adProviderConfig, byUuid, enabledPeople, memberRefs } from './__testing__/adDirectory';

const enabledIds = (people: Array<{ id: string }>) => new Set(people.map(p => p.id));

describe('LDAP org provider on Active Directory: range retrieval of a 5,000-member group, through a real catalog', () => {
  let ad: AdLdapEmulator;
  let backend: CatalogTestBackend;
  let harness: Harness;

  beforeAll(async () => {
    ad = await startAdLdapEmulator({ generate: { users: 60, groups: 4, seed: 5 }, conversion: { largeGroup: { members: 5000 } } });
    const test = ldapTestModule();
    harness = test.harness;
    const config = adProviderConfig(ad);
    backend = await startCatalogTestBackend({
      features: [test.feature],
      config: {
        catalog: {
          processingInterval: { seconds: 1 },
          // The vendor detected from the root DSE (forestFunctionality), as the official module does.
          providers: { ldapOrg: { main: { ...config, vendor: undefined, users: { ...config.users, options: { ...config.users.options, paged: { pageSize: 1000 } } } } } },
        },
      },
    });
  });
  afterAll(async () => {
    await backend?.stop();
    await ad?.stop();
  });

  it('reads every range of the group (member;range=0-1499 … 4500-*) and the catalog group names every enabled member', async () => {
    ad.resetCounters();
    const result = await harness.provider('main').run();
    expect(result.error).toBeUndefined();
    expect(result.outcome).toBe('applied');
    const people = enabledPeople(ad);
    const groups = ad.admin.groups();
    expect(people.length).toBeGreaterThan(4900);
    // Three more base searches for member;range=1500-*, 3000-*, 4500-*.
    expect(ad.counters().searches).toBe(1 /* root DSE */ + 1 + 1 + 3);

    expect(result.counts).toMatchObject({ users: people.length, groups: groups.length });

    // The group entity as the catalog serves it (its 5,000 user entities take minutes to process on a small machine; the group's own spec names them all).
    const large = ad.admin.find(ad.largeGroupDn!)!;
    expect(large.attributes.member).toHaveLength(5000);
    const enabledMembers = large.attributes.member.map(dn => ad.admin.find(dn)!).filter(o => enabledIds(people).has(o.id));
    const group = await waitFor('the large group in the catalog', async () => byUuid(await backend.catalog.query('kind=group')).get(large.id));
    const refs = memberRefs(group);
    expect(new Set(refs).size).toBe(enabledMembers.length);
    // Members from every range: the first slice, the middle ones and the one ending in *.
    for (const n of [100, 1499, 1500, 2999, 3000, 4499, 4500, 4999]) expect(refs).toContain(`user:default/bulk.user.${n}`);
  });
});
