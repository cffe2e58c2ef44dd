import { startAdLdapEmulator, type AdLdapEmulator } from '@orgsync/idp-emulators';
import { startCatalogTestBackend, waitFor, waitForTaskRun, type CatalogTestBackend } from '@orgsync/test-utils';
import { ldapEntities, ldapTestModule, specOf, type Harness } from '../../__testing__/harness';
import { adProviderConfig, byUuid, enabledPeople } from '../../__testing__/adDirectory';

/**
 * Change polling on AD: the poll finds what changed by uSNChanged and re-reads those people by objectGUID,
 * whose bytes (a GUID's variant byte alone is 0x80 or more) must reach the DC as bytes.
 */
describe('LDAP change polling (events.poll) on Active Directory', () => {
  let ad: AdLdapEmulator;
  let backend: CatalogTestBackend;
  let harness: Harness;

  beforeAll(async () => {
    ad = await startAdLdapEmulator({ generate: { users: 60, groups: 6, seed: 81, hostileShare: 0 } });
    const test = ldapTestModule();
    harness = test.harness;
    backend = await startCatalogTestBackend({
      features: [test.feature],
      config: {
        catalog: { processingInterval: { seconds: 1 }, providers: { ldapOrg: { main: adProviderConfig(ad, { events: { poll: { enabled: true, interval: { hours: 1 } } } }) } } },
      },
    });
    expect((await harness.provider('main').run()).outcome).toBe('applied');
    await ldapEntities(backend.catalog, enabledPeople(ad).length + ad.admin.groups().length);
    // The scheduler's change round runs once at start-up; calls here must not race it (it would apply a test's edit first).
    await waitForTaskRun(backend.catalog, harness.provider('main').changesTaskId);
    // The first poll only notes where the directory is.
    expect(await harness.provider('main').processChanges()).toBeUndefined();
  });
  afterAll(async () => {
    await backend?.stop();
    await ad?.stop();
  });

  it('a person disabled and one renamed are applied by the next poll, re-read by objectGUID', async () => {
    const [disabled, renamed] = enabledPeople(ad);
    ad.admin.disableUser(disabled.id);
    ad.admin.updateAttributes(renamed.id, { displayName: 'Renamed By Poll' });
    const result = await harness.provider('main').processChanges();
    expect(result?.error).toBeUndefined();
    expect(result?.readMode).toBe('records');
    expect(result?.counts.removed).toBe(1);
    await waitFor('the disabled person gone, the other renamed', async () => {
      const users = byUuid(await backend.catalog.query('kind=user'));
      return !users.has(disabled.id) && specOf<{ profile: { displayName?: string } }>(users.get(renamed.id)).profile.displayName === 'Renamed By Poll';
    }, { timeoutMs: 15_000 });
  });
});
