import { startAdLdapEmulator, type AdLdapEmulator } from '@orgsync/idp-emulators';
import { startCatalogTestBackend, type CatalogTestBackend } from '@orgsync/test-utils';
import { ldapTestModule, type Harness } from '../../__testing__/harness';
import { adProviderConfig, byUuid, enabledPeople, memberRefs, refOf } from '../../__testing__/adDirectory';

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

  it('reads every range of the group (member;range=0-1499 … 4500-*), names every enabled member in the group it would apply', async () => {
    const people = enabledPeople(ad);
    const groups = ad.admin.groups();
    const large = ad.admin.find(ad.largeGroupDn!)!;
    expect(large.attributes.member).toHaveLength(5000);
    expect(people.length).toBeGreaterThan(4900);

    // What the run will apply (the operations API's dry run): the group entity names every enabled member's User entity.
    ad.resetCounters();
    const dry = await harness.provider('main').dryRun();
    expect(dry.error).toBeUndefined();
    // Root DSE (vendor detection), users, groups, then member;range=1500-*, 3000-*, 4500-*: every one answered with success.
    expect(ad.counters().searches).toBe(1 + 1 + 1 + 3);
    expect(ad.counters().byResult['0']).toBe(ad.counters().searchRequests);
    const planned = byUuid(dry.plan!.added);
    const enabledIds = new Set(people.map(p => p.id));
    const expected = large.attributes.member
      .map(dn => ad.admin.find(dn)!)
      .filter(o => enabledIds.has(o.id))
      .map(o => refOf(planned.get(o.id)!))
      .sort();
    expect(expected.length).toBeGreaterThan(4900);
    expect(memberRefs(planned.get(large.id))).toEqual(expected);

    // Applying 5,000 users and having the catalog process them takes longer on a 2-CPU machine than a test file may take:
    // the applied side of range retrieval's memberships is asserted on the smaller directory (sync.ad.e2e.test.ts).
    expect(dry.counts).toMatchObject({ users: people.length, groups: groups.length, added: people.length + groups.length, skipped: 0 });
  });
});
