import type { Entity } from '@backstage/catalog-model';
import { Attribute, Change } from 'ldapts';
import { describeSlapd, waitFor } from '@orgsync/test-utils';
import { annotation, ldapEntities, processEverySecond, providerConfig, specOf, startTestDirectory, useLdapFixture, UUID, type TestDirectory } from '../__testing__/harness';

const lower = (refs: string[] | undefined) => (refs ?? []).map(r => r.toLowerCase());

describeSlapd('LDAP changes between runs: incremental reads, renames, moves and deletions on a real slapd', () => {
  const fixture = useLdapFixture({
    emulator: () => startTestDirectory({ users: 200, groups: 20, seed: 21, hostileShare: 0.05 }),
    providers: dir => ({ main: providerConfig(dir, { users: { dn: dir.directory.peopleDn, options: { scope: 'sub', filter: '(objectClass=inetOrgPerson)' } } }) }),
    config: processEverySecond,
  });

  let enabledPeople: TestDirectory['directory']['people'];
  const total = () => enabledPeople.length + fixture.emulator.directory.groups.length;

  beforeAll(() => {
    enabledPeople = fixture.emulator.directory.people.filter(p => !p.disabled);
  });

  /** One run with the LDAP operations slapd counted for it. */
  async function run() {
    fixture.emulator.slapd.resetOperations();
    const result = await fixture.provider('main').run();
    expect(result.error).toBeUndefined();
    expect(result.outcome).toBe('applied');
    return { result, ops: await fixture.emulator.slapd.settledOperations() };
  }

  const byUuid = async (uuid: string): Promise<Entity | undefined> =>
    [...(await fixture.catalog.query('kind=user')), ...(await fixture.catalog.query('kind=group'))].find(e => annotation(e, UUID) === uuid);

  it('reads everything first, then with no change only lists ids: no full entry is read again', async () => {
    const first = await run();
    expect(first.result.readMode).toBe('full');
    await ldapEntities(fixture.catalog, total());
    const entries = fixture.emulator.directory.people.length + fixture.emulator.directory.groups.length;
    // The root DSE (vendor detection, once), then one paged search for users and one for groups.
    expect(first.ops).toMatchObject({ searches: 3, entries: entries + 1 });

    const second = await run();
    expect(second.result.readMode).toBe('incremental');
    expect(second.result.counts).toMatchObject({ added: 0, changed: 0, removed: 0 });
    // The id listing (users, groups) returns every entry with three attributes; the change searches (entryCSN after the last read) none.
    expect(second.ops).toMatchObject({ searches: 4, entries });
  });

  it('1% of people changed: only they are read in full, and the catalog shows the change', async () => {
    const admin = await fixture.emulator.admin();
    const changed = enabledPeople.filter(p => !p.hostile).slice(0, 3);
    for (const p of changed) await admin.modify(p.dn, [new Change({ operation: 'replace', modification: new Attribute({ type: 'cn', values: [`${p.cn} (changed)`] }) })]);
    const { result, ops } = await run();
    expect(result.readMode).toBe('incremental');
    expect(result.counts.changed).toBe(3);
    // The id listing plus the three changed people, in four searches.
    expect(ops).toMatchObject({ searches: 4, entries: fixture.emulator.directory.people.length + fixture.emulator.directory.groups.length + 3 });
    for (const p of changed) {
      await waitFor(`${p.uid} renamed in the catalog`, async () => {
        const entity = await fixture.catalog.byName('user', 'default', p.uid);
        return specOf<{ profile: { displayName?: string } }>(entity).profile.displayName === `${p.cn} (changed)`;
      });
    }
  });

  it('a person moved to another OU and one renamed (new RDN) keep their entity, name and memberships', async () => {
    const admin = await fixture.emulator.admin();
    const [mover, renamed] = enabledPeople.filter(p => !p.hostile && p.mails.length === 1).slice(5, 7);
    const moverBefore = (await fixture.catalog.byName('user', 'default', mover.uid))!;
    const renamedBefore = (await fixture.catalog.byName('user', 'default', renamed.uid))!;
    const groupsOf = (uid: string) => fixture.emulator.directory.groups.filter(g => g.memberKeys.includes(enabledPeople.find(p => p.uid === uid)!.key));
    await admin.add(`ou=contractors,${fixture.emulator.directory.peopleDn}`, { objectClass: 'organizationalUnit', ou: 'contractors' });
    const movedDn = `uid=${mover.uid},ou=contractors,${fixture.emulator.directory.peopleDn}`;
    const renamedDn = `cn=${renamed.uid} renamed,${fixture.emulator.directory.peopleDn}`;
    await admin.modifyDN(mover.dn, `uid=${mover.uid},ou=contractors,${fixture.emulator.directory.peopleDn}`);
    await admin.modifyDN(renamed.dn, `cn=${renamed.uid} renamed`);
    // A new RDN replaces the old RDN's value (deleteoldrdn): the uid, which names the entity, is put back.
    await admin.modify(renamedDn, [new Change({ operation: 'add', modification: new Attribute({ type: 'uid', values: [renamed.uid] }) })]);
    // What the refint overlay (or AD) does: the groups' member values follow the entries.
    for (const [person, dn] of [
      [mover, movedDn],
      [renamed, renamedDn],
    ] as const) {
      for (const group of groupsOf(person.uid)) {
        await admin.modify(group.dn, [
          new Change({ operation: 'delete', modification: new Attribute({ type: 'member', values: [group.memberDns.find(m => m.toLowerCase() === person.dn.toLowerCase())!] }) }),
          new Change({ operation: 'add', modification: new Attribute({ type: 'member', values: [dn] }) }),
        ]);
      }
    }
    const { result } = await run();
    expect(result.counts).toMatchObject({ added: 0, removed: 0 });
    for (const [person, before, dn] of [
      [mover, moverBefore, movedDn],
      [renamed, renamedBefore, renamedDn],
    ] as const) {
      const after = await waitFor(`${person.uid} at its new DN`, async () => {
        const e = await fixture.catalog.byName('user', 'default', person.uid);
        return annotation(e, 'backstage.io/ldap-dn')?.toLowerCase() === dn.toLowerCase() && e;
      });
      expect(after.metadata.uid).toBe(before.metadata.uid);
      expect(annotation(after, UUID)).toBe(annotation(before, UUID));
      expect(lower(specOf<{ memberOf: string[] }>(after).memberOf).sort()).toEqual(lower(specOf<{ memberOf: string[] }>(before).memberOf).sort());
    }
  });

  it('a deleted person and a deleted group leave the catalog at the next (incremental) run', async () => {
    const admin = await fixture.emulator.admin();
    const leaver = enabledPeople.filter(p => !p.hostile)[10];
    const leaverEntity = (await fixture.catalog.byName('user', 'default', leaver.uid))!;
    const emptyGroup = fixture.emulator.directory.groups.find(g => g.key.startsWith('g') && g.childKeys.length === 0 && !g.parentKey)!;
    const groupEntity = (await byUuid(await uuidOf(emptyGroup.dn)))!;
    await admin.del(leaver.dn);
    await admin.del(emptyGroup.dn);
    const { result } = await run();
    expect(result.readMode).toBe('incremental');
    expect(result.counts.removed).toBe(2);
    await waitFor('both gone', async () => !(await fixture.catalog.byName('user', 'default', leaver.uid)) && !(await byUuid(annotation(groupEntity, UUID)!)));
    const leaverRef = `user:default/${leaverEntity.metadata.name}`.toLowerCase();
    await waitFor('no group lists the leaver', async () => (await fixture.catalog.query('kind=group')).every(g => !lower(specOf<{ members?: string[] }>(g).members).includes(leaverRef)));
  });

  async function uuidOf(dn: string): Promise<string> {
    const admin = await fixture.emulator.admin();
    const { searchEntries } = await admin.search(dn, { scope: 'base', attributes: ['entryUUID'] });
    return String(searchEntries[0].entryUUID);
  }
});
