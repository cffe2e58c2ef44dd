import { startAdLdapEmulator } from '@orgsync/idp-emulators';
import { annotation, useLdapFixture, UUID } from '../../__testing__/harness';
import { adProviderConfig } from '../../__testing__/adDirectory';

/**
 * AD's MaxPageSize policy (1,000 by default, 100 here) caps a search sent without the paged results control:
 * the DC returns that many entries and `sizeLimitExceeded` (4). ldapts returns such a cut list without an
 * error whenever the request carried its own sizeLimit — so a configured `options.sizeLimit` above the
 * server's limit must not let a partial list through.
 */
describe('LDAP org provider on Active Directory: an unpaged search cut by the server size limit', () => {
  const fixture = useLdapFixture({
    emulator: () => startAdLdapEmulator({ generate: { users: 150, groups: 5, seed: 4 }, maxPageSize: 100 }),
    providers: ad => {
      const config = adProviderConfig(ad);
      return { main: { ...config, users: { ...config.users, options: { ...config.users.options, paged: false, sizeLimit: 5000 } } } };
    },
  });

  it('fails the run (nothing applied) instead of applying the first 100 people', async () => {
    const result = await fixture.provider('main').run();
    expect(fixture.emulator.counters().byResult['4']).toBe(1);
    expect(result.outcome).toBe('read-failed');
    expect(result.error).toMatch(/size ?limit/i);
    await new Promise(r => setTimeout(r, 1000));
    expect((await fixture.catalog.query('kind=user')).filter(e => annotation(e, UUID))).toEqual([]);
  });
});
