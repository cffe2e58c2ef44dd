import { startAdLdapEmulator } from '@orgsync/idp-emulators';
import { useLdapFixture } from '../../__testing__/harness';
import { adProviderConfig, enabledPeople } from '../../__testing__/adDirectory';

/**
 * A subtree search from the domain head (`DC=example,DC=com`, the most common AD setup) always ends with the
 * DC's continuation references to the ForestDnsZones, DomainDnsZones and Configuration partitions. They hold
 * no users or groups of the domain; the official module (ldapts) ignores them.
 */
describe('LDAP org provider on Active Directory: users and groups searched from the domain head', () => {
  const fixture = useLdapFixture({
    emulator: () => startAdLdapEmulator({ generate: { users: 40, groups: 5, seed: 2 } }),
    providers: ad => {
      const config = adProviderConfig(ad);
      return { main: { ...config, users: { ...config.users, dn: ad.baseDn }, groups: { ...config.groups, dn: ad.baseDn } } };
    },
  });

  it('reads the whole domain despite the three continuation references every such search returns', async () => {
    const result = await fixture.provider('main').run();
    expect(result.error).toBeUndefined();
    // The bind account lives in OU=Service Accounts, inside the domain head too.
    expect(result).toMatchObject({ outcome: 'applied', counts: { users: enabledPeople(fixture.emulator).length + 1, groups: fixture.emulator.admin.groups().length } });
  });
});
