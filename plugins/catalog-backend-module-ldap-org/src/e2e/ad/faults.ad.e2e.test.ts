import { startAdLdapEmulator, type AdLdapEmulator } from '@orgsync/idp-emulators';
import { entityPicture, waitFor } from '@orgsync/test-utils';
import { annotation, ldapEntities, processEverySecond, specOf, useLdapFixture, UUID } from '../../__testing__/harness';
import { adProviderConfig, byUuid, enabledPeople, memberRefs, refOf } from '../../__testing__/adDirectory';

describe('LDAP org provider on Active Directory: a read that fails half way leaves the catalog unchanged', () => {
  const fixture = useLdapFixture({
    // 150 people in pages of 100: the user search takes two pages. A MaxValRange of 40 puts the groups' members in ranges.
    emulator: () => startAdLdapEmulator({ generate: { users: 150, groups: 5, seed: 12 }, maxValRange: 40 }),
    providers: ad => ({ main: adProviderConfig(ad) }),
    config: processEverySecond,
  });

  beforeAll(async () => {
    expect(await fixture.provider('main').run()).toMatchObject({ outcome: 'applied' });
    await ldapEntities(fixture.catalog, enabledPeople(fixture.emulator).length + fixture.emulator.admin.groups().length);
  });

  const catalogUsers = async () => byUuid(await fixture.catalog.query('kind=user'));
  const picture = async () => {
    const entities = [...(await fixture.catalog.query('kind=user')), ...(await fixture.catalog.query('kind=group'))].filter(e => annotation(e, UUID));
    return entityPicture(entities);
  };

  afterEach(() => fixture.emulator.faults.clear());

  it('reads every range of groups over MaxValRange: the catalog holds every enabled member', async () => {
    const entityByUuid = byUuid([...(await fixture.catalog.query('kind=user')), ...(await fixture.catalog.query('kind=group'))]);
    const enabledIds = new Set(enabledPeople(fixture.emulator).map(p => p.id));
    const ranged = fixture.emulator.admin.groups().filter(g => (g.attributes.member?.length ?? 0) > 40);
    expect(ranged.length).toBeGreaterThan(2);
    for (const group of ranged) {
      const expected = group.attributes.member.map(dn => fixture.emulator.admin.find(dn)!).filter(o => enabledIds.has(o.id)).map(o => refOf(entityByUuid.get(o.id)!)).sort();
      expect(memberRefs(entityByUuid.get(group.id)).filter(r => r.startsWith('user:'))).toEqual(expected);
    }
  });

  /** `change` edits the directory further and returns the check that its edit reached the catalog after the retry. */
  const failedRunKeepsCatalog = async (
    fault: Parameters<AdLdapEmulator['faults']['add']>[0],
    message: RegExp,
    change: () => () => Promise<boolean> = () => async () => true,
  ) => {
    const before = await picture();
    const someone = enabledPeople(fixture.emulator)[20];
    fixture.emulator.admin.rename(someone.id, `Not Applied ${fault.kind}`);
    const changeApplied = change();
    fixture.emulator.faults.add({ ...fault, count: 1 });
    const result = await fixture.provider('main').run();
    expect(result.outcome).toBe('read-failed');
    expect(result.error).toMatch(message);
    expect(result.error).not.toContain(fixture.emulator.bindPassword);
    await new Promise(r => setTimeout(r, 1000));
    expect(await picture()).toEqual(before);
    fixture.emulator.faults.clear();
    const retry = await fixture.provider('main').run();
    expect(retry.outcome).toBe('applied');
    await waitFor('the change after the retry', async () => specOf<{ profile: { displayName: string } }>((await catalogUsers()).get(someone.id)).profile.displayName === `Not Applied ${fault.kind}`);
    // The next test's "before" picture must not race the stitching of this one's changes.
    await waitFor('the other change after the retry', changeApplied);
  };

  it('a dropped connection after 100 entries', async () => {
    await failedRunKeepsCatalog({ kind: 'drop-after-entries', entries: 100, filterContains: 'objectCategory=person' }, /LDAP search at .* failed, nothing applied/);
  });

  it('sizeLimitExceeded on the second page of a paged search', async () => {
    await failedRunKeepsCatalog({ kind: 'size-limit', pages: 1, filterContains: 'objectCategory=person' }, /nothing applied/);
  });

  it('a dropped connection while reading the ranges of a changed group', async () => {
    const group = fixture.emulator.admin.groups().find(g => (g.attributes.member?.length ?? 0) > 40)!;
    const joiner = enabledPeople(fixture.emulator).find(p => !group.attributes.member.includes(p.dn))!;
    await failedRunKeepsCatalog({ kind: 'drop-after-pages', pages: 0, filterContains: 'objectClass=*' }, /range=.* failed, nothing applied/, () => {
      fixture.emulator.admin.addMember(group.id, joiner.id);
      return async () => {
        const entities = byUuid([...(await fixture.catalog.query('kind=user')), ...(await fixture.catalog.query('kind=group'))]);
        return memberRefs(entities.get(group.id)).includes(refOf(entities.get(joiner.id)!));
      };
    });
  });

  it('a referral to another domain controller', async () => {
    await failedRunKeepsCatalog({ kind: 'referral', filterContains: 'objectClass=group' }, /nothing applied/);
  });
});
