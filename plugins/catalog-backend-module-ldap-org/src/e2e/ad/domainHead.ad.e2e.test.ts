import { startAdLdapEmulator, type AdLdapEmulator } from '@orgsync/idp-emulators';
import { startCatalogTestBackend, type CatalogTestBackend } from '@orgsync/test-utils';
import { ldapTestModule, type Harness } from '../../__testing__/harness';
import { adProviderConfig, enabledPeople } from '../../__testing__/adDirectory';

/**
 * A subtree search from the domain head (`DC=example,DC=com`, the most common AD setup) always ends with the
 * DC's continuation references to the ForestDnsZones, DomainDnsZones and Configuration partitions. They hold
 * no users or groups of the domain; the official module (ldapts) ignores them.
 */
describe('LDAP org provider on Active Directory: users and groups searched from the domain head', () => {
  let ad: AdLdapEmulator;
  let backend: CatalogTestBackend;
  let harness: Harness;

  beforeAll(async () => {
    ad = await startAdLdapEmulator({ generate: { users: 40, groups: 5, seed: 2 } });
    const test = ldapTestModule();
    harness = test.harness;
    const config = adProviderConfig(ad);
    backend = await startCatalogTestBackend({
      features: [test.feature],
      config: {
        catalog: {
          providers: {
            ldapOrg: {
              main: {
                ...config,
                users: { ...config.users, dn: ad.baseDn },
                groups: { ...config.groups, dn: ad.baseDn },
              },
            },
          },
        },
      },
    });
  });
  afterAll(async () => {
    await backend?.stop();
    await ad?.stop();
  });

  it('reads the whole domain despite the three continuation references every such search returns', async () => {
    const result = await harness.provider('main').run();
    expect(result.error).toBeUndefined();
    // The bind account lives in OU=Service Accounts, inside the domain head too.
    expect(result).toMatchObject({ outcome: 'applied', counts: { users: enabledPeople(ad).length + 1, groups: ad.admin.groups().length } });
  });
});
