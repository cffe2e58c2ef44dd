import { startAdLdapEmulator, type AdLdapEmulator } from '@orgsync/idp-emulators';
import { startCatalogTestBackend, waitFor, type CatalogTestBackend } from '@orgsync/test-utils';
import { annotation, ldapEntities, ldapTestModule, specOf, UUID, type Harness } from '../__testing__/harness';
import { adProviderConfig, byUuid, enabledPeople, refOf } from './__testing__/adDirectory';

describe('LDAP org provider on Active Directory: a read that fails half way leaves the catalog unchanged', () => {
  let ad: AdLdapEmulator;
  let backend: CatalogTestBackend;
  let harness: Harness;

  const catalogUsers = async () => byUuid(await backend.catalog.query('kind=user'));
  const picture = async () => {
    const entities = [...(await backend.catalog.query('kind=user')), ...(await backend.catalog.query('kind=group'))].filter(e => annotation(e, UUID));
    return Object.fromEntries(entities.map(e => [refOf(e), JSON.stringify({ metadata: { ...e.metadata, uid: undefined, etag: undefined }, spec: e.spec })]));
  };

  beforeAll(async () => {
    // 250 people in pages of 100: the user search takes three pages.
    ad = await startAdLdapEmulator({ generate: { users: 250, groups: 6, seed: 12 } });
    const test = ldapTestModule();
    harness = test.harness;
    backend = await startCatalogTestBackend({
      features: [test.feature],
      config: { catalog: { processingInterval: { seconds: 1 }, providers: { ldapOrg: { main: adProviderConfig(ad) } } } },
    });
    expect(await harness.provider('main').run()).toMatchObject({ outcome: 'applied' });
    await ldapEntities(backend.catalog, enabledPeople(ad).length + ad.admin.groups().length);
  });
  afterAll(async () => {
    await backend?.stop();
    await ad?.stop();
  });

  afterEach(() => ad.faults.clear());

  const failedRunKeepsCatalog = async (fault: Parameters<AdLdapEmulator['faults']['add']>[0], message: RegExp) => {
    const before = await picture();
    const someone = enabledPeople(ad)[20];
    ad.admin.rename(someone.id, `Not Applied ${fault.kind}`);
    ad.faults.add({ ...fault, count: 1 });
    const result = await harness.provider('main').run();
    expect(result.outcome).toBe('read-failed');
    expect(result.error).toMatch(message);
    expect(result.error).not.toContain(ad.bindPassword);
    await new Promise(r => setTimeout(r, 1500));
    expect(await picture()).toEqual(before);
    ad.faults.clear();
    const retry = await harness.provider('main').run();
    expect(retry.outcome).toBe('applied');
    await waitFor('the change after the retry', async () => specOf<{ profile: { displayName: string } }>((await catalogUsers()).get(someone.id)).profile.displayName === `Not Applied ${fault.kind}`);
  };

  it('a dropped connection after 100 entries', async () => {
    await failedRunKeepsCatalog({ kind: 'drop-after-entries', entries: 100, filterContains: 'objectCategory=person' }, /LDAP search at .* failed, nothing applied/);
  });

  it('sizeLimitExceeded on the second page of a paged search', async () => {
    await failedRunKeepsCatalog({ kind: 'size-limit', pages: 1, filterContains: 'objectCategory=person' }, /nothing applied/);
  });

  it('a referral to another domain controller', async () => {
    await failedRunKeepsCatalog({ kind: 'referral', filterContains: 'objectClass=group' }, /nothing applied/);
  });
});
