import { startAdLdapEmulator } from '@orgsync/idp-emulators';
import { waitFor } from '@orgsync/test-utils';
import { annotation, ldapEntities, processEverySecond, processingErrors, specOf, useLdapFixture } from '../../__testing__/harness';
import { adProviderConfig, byUuid, enabledPeople, isDisabled, memberRefs, refOf } from '../../__testing__/adDirectory';

describe('LDAP org provider on Active Directory (the AD-flavoured LDAP emulator) through a real catalog', () => {
  const fixture = useLdapFixture({
    emulator: () => startAdLdapEmulator({ generate: { users: 300, groups: 30, seed: 11, hostileShare: 0.08 } }),
    providers: ad => ({ main: adProviderConfig(ad) }),
    config: processEverySecond,
  });

  const catalogUsers = async () => byUuid(await fixture.catalog.query('kind=user'));

  it('first sync with vendor ActiveDirectory: every enabled user and every group, objectGUID as backstage.io/ldap-uuid, memberships both ways, disabled accounts left out', async () => {
    const result = await fixture.provider('main').run();
    expect(result.error).toBeUndefined();
    expect(result.outcome).toBe('applied');
    const people = enabledPeople(fixture.emulator);
    const disabled = fixture.emulator.admin.users().filter(u => u.dn.endsWith(fixture.emulator.peopleDn) && isDisabled(u));
    const groups = fixture.emulator.admin.groups();
    expect(disabled.length).toBeGreaterThan(5);
    expect(result.counts).toMatchObject({ users: people.length, groups: groups.length, skipped: 0 });

    const entities = await ldapEntities(fixture.catalog, people.length + groups.length);
    expect(processingErrors(entities)).toEqual([]);
    const entityByUuid = byUuid(entities);
    // objectGUID rendered as AD tools show it (the official module's formatGUID), the same string the emulator calls the object's id.
    expect([...entityByUuid.keys()].sort()).toEqual([...people, ...groups].map(o => o.id).sort());
    for (const user of people) {
      const entity = entityByUuid.get(user.id)!;
      expect(entity.metadata.annotations).toMatchObject({ 'backstage.io/ldap-dn': user.dn, 'backstage.io/ldap-rdn': user.attributes.cn[0] });
      expect(specOf<{ profile: { displayName?: string; email?: string } }>(entity).profile).toMatchObject({ displayName: user.attributes.displayName[0], ...(user.attributes.mail ? { email: user.attributes.mail[0] } : {}) });
    }
    for (const user of disabled) expect(entityByUuid.has(user.id)).toBe(false);

    // Every group lists exactly its enabled user members (by uuid), in spec.members and as memberOf relations.
    const enabledIds = new Set(people.map(p => p.id));
    let memberships = 0;
    for (const group of groups) {
      const expected = (group.attributes.member ?? [])
        .map(dn => fixture.emulator.admin.find(dn)!)
        .filter(o => enabledIds.has(o.id))
        .map(o => refOf(entityByUuid.get(o.id)!))
        .sort();
      expect(memberRefs(entityByUuid.get(group.id)).filter(r => r.startsWith('user:'))).toEqual(expected);
      memberships += expected.length;
    }
    expect(memberships).toBeGreaterThan(400);
    const memberOfRelations = entities.filter(e => e.kind === 'User').flatMap(e => (e.relations ?? []).filter(r => r.type === 'memberOf'));
    expect(memberOfRelations.length).toBe(memberships);
  });

  it('keeps every entity (uid and objectGUID) across an incremental run that finds no change, reading ids and uSNChanged only', async () => {
    const before = await catalogUsers();
    fixture.emulator.resetCounters();
    const result = await fixture.provider('main').run();
    expect(result).toMatchObject({ outcome: 'applied', readMode: 'incremental', counts: { changed: 0, removed: 0, added: 0 } });
    const counters = fixture.emulator.counters();
    // Two id-only listings and two (uSNChanged>=N) searches; the highest-USN entry itself comes back again.
    expect(counters.searches).toBe(4);
    const listed = enabledPeople(fixture.emulator).length + fixture.emulator.admin.users().filter(u => u.dn.endsWith(fixture.emulator.peopleDn) && isDisabled(u)).length + fixture.emulator.admin.groups().length;
    expect(counters.entries).toBeLessThanOrEqual(listed + 2);
    const after = await catalogUsers();
    expect(after.size).toBe(enabledPeople(fixture.emulator).length);
    expect([...after].map(([uuid, e]) => [uuid, e.metadata.uid])).toEqual([...before].map(([uuid, e]) => [uuid, e.metadata.uid]));
  });

  it('applies a 1% change incrementally (rename, move, disable, delete, a membership added and one removed), reading only what uSNChanged says changed', async () => {
    const people = enabledPeople(fixture.emulator);
    const groups = fixture.emulator.admin.groups();
    const [renamed, moved, leaver, deleted] = people;
    const joiner = people[4];
    const target = groups.find(g => !g.attributes.member?.includes(joiner.dn))!;
    const memberGroup = groups.find(g => g.attributes.member?.some(dn => people.slice(5).some(p => p.dn === dn)))!;
    const removed = people.slice(5).find(p => memberGroup.attributes.member!.includes(p.dn))!;
    const otherOu = fixture.emulator.admin.find(moved.dn)!.dn.replace(/OU=([^,]+),OU=People/, (_m, ou) => `OU=${ou === 'Finance' ? 'Sales' : 'Finance'},OU=People`).split(',').slice(1).join(',');
    const before = await catalogUsers();

    fixture.emulator.admin.rename(renamed.id, 'Renamed, Person');
    fixture.emulator.admin.move(moved.id, otherOu);
    fixture.emulator.admin.disableUser(leaver.id);
    fixture.emulator.admin.delete(deleted.id);
    fixture.emulator.admin.addMember(target.id, joiner.id);
    fixture.emulator.admin.removeMember(memberGroup.id, removed.id);
    fixture.emulator.resetCounters();
    const result = await fixture.provider('main').run();
    expect(result).toMatchObject({ outcome: 'applied', readMode: 'incremental' });
    // The changed users and groups come back in full; nothing else is read beyond the id listings.
    const listed = fixture.emulator.admin.users().filter(u => u.dn.endsWith(fixture.emulator.peopleDn)).length + fixture.emulator.admin.groups().length;
    expect(fixture.emulator.counters().searches).toBe(4);
    expect(fixture.emulator.counters().entries).toBeLessThanOrEqual(listed + 10);

    await waitFor('the 1% change in the catalog', async () => {
      const users = await catalogUsers();
      const allGroups = byUuid(await fixture.catalog.query('kind=group'));
      const renamedEntity = users.get(renamed.id);
      const movedEntity = users.get(moved.id);
      return (
        !users.has(leaver.id) &&
        !users.has(deleted.id) &&
        renamedEntity?.metadata.uid === before.get(renamed.id)!.metadata.uid &&
        specOf<{ profile: { displayName: string } }>(renamedEntity).profile.displayName === 'Renamed, Person' &&
        annotation(renamedEntity, 'backstage.io/ldap-dn') === fixture.emulator.admin.find(renamed.id)!.dn &&
        movedEntity?.metadata.uid === before.get(moved.id)!.metadata.uid &&
        annotation(movedEntity, 'backstage.io/ldap-dn') === fixture.emulator.admin.find(moved.id)!.dn &&
        memberRefs(allGroups.get(target.id)).includes(refOf(users.get(joiner.id)!))
      );
    });
    // AD keeps memberOf as a back link: the removed member's own entry did not change (no new uSNChanged), only the group did.
    expect(fixture.emulator.admin.find(removed.id)!.usnChanged).toBe(removed.usnChanged);
    await waitFor('the removed membership gone from the group', async () => {
      const users = await catalogUsers();
      const group = byUuid(await fixture.catalog.query('kind=group')).get(memberGroup.id);
      return !memberRefs(group).includes(refOf(users.get(removed.id)!));
    }, { timeoutMs: 10_000 });
  });
});
