import { startAdLdapEmulator, type AdLdapEmulator } from '@orgsync/idp-emulators';
import { startCatalogTestBackend, type CatalogTestBackend } from '@orgsync/test-utils';
import { ldapTestModule, type Harness } from '../__testing__/harness';
import { adProviderConfig, enabledPeople } from './__testing__/adDirectory';

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

  it('reads every range of the group (member;range=0-1499 … 4500-*) with the vendor detected from the root DSE', async () => {
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

    const large = ad.admin.find(ad.largeGroupDn!)!;
    expect(large.attributes.member).toHaveLength(5000);
    expect(ad.counters().byResult['0']).toBe(ad.counters().searchRequests);
    // The catalog's processing of 5,000 user entities takes minutes on a 2-CPU machine, more than a test file may take:
    // what reaches the catalog is asserted on smaller groups (sync.ad.e2e.test.ts); here the run must have read every range.
  });
});
