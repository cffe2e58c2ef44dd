import { startAdLdapEmulator } from '@orgsync/idp-emulators';
import { waitFor, waitForTaskRun } from '@orgsync/test-utils';
import { ldapEntities, processEverySecond, specOf, useLdapFixture } from '../../__testing__/harness';
import { adProviderConfig, byUuid, enabledPeople } from '../../__testing__/adDirectory';

/**
 * Change polling on AD: the poll finds what changed by uSNChanged and re-reads those people by objectGUID,
 * whose bytes (a GUID's variant byte alone is 0x80 or more) must reach the DC as bytes.
 */
describe('LDAP change polling (events.poll) on Active Directory', () => {
  const fixture = useLdapFixture({
    emulator: () => startAdLdapEmulator({ generate: { users: 60, groups: 6, seed: 81, hostileShare: 0 } }),
    providers: ad => ({ main: adProviderConfig(ad, { events: { poll: { enabled: true, interval: { hours: 1 } } } }) }),
    config: processEverySecond,
  });

  beforeAll(async () => {
    expect((await fixture.provider('main').run()).outcome).toBe('applied');
    await ldapEntities(fixture.catalog, enabledPeople(fixture.emulator).length + fixture.emulator.admin.groups().length);
    // The scheduler's change round runs once at start-up; calls here must not race it (it would apply a test's edit first).
    await waitForTaskRun(fixture.catalog, fixture.provider('main').changesTaskId);
    // The first poll only notes where the directory is.
    expect(await fixture.provider('main').processChanges()).toBeUndefined();
  });

  it('a person disabled and one renamed are applied by the next poll, re-read by objectGUID', async () => {
    const [disabled, renamed] = enabledPeople(fixture.emulator);
    fixture.emulator.admin.disableUser(disabled.id);
    fixture.emulator.admin.updateAttributes(renamed.id, { displayName: 'Renamed By Poll' });
    const result = await fixture.provider('main').processChanges();
    expect(result?.error).toBeUndefined();
    expect(result?.readMode).toBe('records');
    expect(result?.counts.removed).toBe(1);
    await waitFor('the disabled person gone, the other renamed', async () => {
      const users = byUuid(await fixture.catalog.query('kind=user'));
      return !users.has(disabled.id) && specOf<{ profile: { displayName?: string } }>(users.get(renamed.id)).profile.displayName === 'Renamed By Poll';
    }, { timeoutMs: 15_000 });
  });
});
