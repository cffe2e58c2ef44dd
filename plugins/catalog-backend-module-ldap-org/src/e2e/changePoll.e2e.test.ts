import { Attribute, Change } from 'ldapts';
import { describeSlapd, waitFor, waitForTaskRun } from '@orgsync/test-utils';
import { ldapEntities, processEverySecond, providerConfig, specOf, startTestDirectory, useLdapFixture } from '../__testing__/harness';

const lower = (refs: string[] | undefined) => (refs ?? []).map(r => r.toLowerCase());

describeSlapd('LDAP change polling (events.poll) between scheduled runs on a real slapd', () => {
  const fixture = useLdapFixture({
    emulator: () => startTestDirectory({ users: 60, groups: 6, seed: 81, hostileShare: 0 }),
    providers: dir => ({ main: providerConfig(dir, { events: { poll: { enabled: true, interval: { hours: 1 } } } }) }),
    config: processEverySecond,
  });

  beforeAll(async () => {
    expect((await fixture.provider('main').run()).outcome).toBe('applied');
    await ldapEntities(fixture.catalog, fixture.emulator.directory.people.filter(p => !p.disabled).length + fixture.emulator.directory.groups.length);
    // The scheduler's change round runs once at start-up; calls here must not race it (it would apply a test's edit first).
    await waitForTaskRun(fixture.catalog, fixture.provider('main').changesTaskId);
    // The first poll only notes where the directory is.
    expect(await fixture.provider('main').processChanges()).toBeUndefined();
  });

  it('a poll that finds nothing costs two searches returning no entry', async () => {
    fixture.emulator.slapd.resetOperations();
    expect(await fixture.provider('main').processChanges()).toBeUndefined();
    expect(await fixture.emulator.slapd.settledOperations()).toMatchObject({ searches: 2, entries: 0 });
  });

  it('a person locked and one renamed are applied by the next poll, re-read by uuid, without a full read', async () => {
    const admin = await fixture.emulator.admin();
    const [locked, renamed] = fixture.emulator.directory.people.filter(p => !p.disabled && p.mails.length === 1 && fixture.emulator.directory.groups.some(g => g.memberKeys.includes(p.key)));
    await admin.modify(locked.dn, [new Change({ operation: 'add', modification: new Attribute({ type: 'pwdAccountLockedTime', values: ['000001010000Z'] }) })]);
    await admin.modify(renamed.dn, [new Change({ operation: 'replace', modification: new Attribute({ type: 'cn', values: ['Renamed By Poll'] }) })]);
    fixture.emulator.slapd.resetOperations();
    const result = await fixture.provider('main').processChanges();
    expect(result?.readMode).toBe('records');
    // The renamed person, and the groups that no longer list the locked one.
    const groupsOfLocked = fixture.emulator.directory.groups.filter(g => g.memberKeys.includes(locked.key)).length;
    expect(result?.counts).toMatchObject({ removed: 1, changed: 1 + groupsOfLocked });
    // Two polling searches, then one search per users query by uuid: three entries in all besides the two changed.
    expect(await fixture.emulator.slapd.settledOperations()).toMatchObject({ searches: 3, entries: 4 });
    await waitFor('the locked person gone, the other renamed', async () => {
      const gone = !(await fixture.catalog.byName('user', 'default', locked.uid));
      const other = await fixture.catalog.byName('user', 'default', renamed.uid);
      return gone && specOf<{ profile: { displayName?: string } }>(other).profile.displayName === 'Renamed By Poll';
    });
  });

  it('a membership removed from a group makes the poll ask for an (incremental) read of everything', async () => {
    const admin = await fixture.emulator.admin();
    const group = fixture.emulator.directory.groups.find(g => g.key.startsWith('g') && g.memberKeys.length > 1)!;
    const person = fixture.emulator.directory.people.find(p => p.key === group.memberKeys.find(k => !fixture.emulator.directory.people.find(q => q.key === k)!.disabled))!;
    const memberDn = group.memberDns.find(m => m.toLowerCase() === person.dn.toLowerCase())!;
    await admin.modify(group.dn, [new Change({ operation: 'delete', modification: new Attribute({ type: 'member', values: [memberDn] }) })]);
    const result = await fixture.provider('main').processChanges();
    expect(result?.readMode).toBe('incremental');
    await waitFor(`${person.uid} no longer in ${group.cn}`, async () => {
      const user = await fixture.catalog.byName('user', 'default', person.uid);
      return user && !lower(specOf<{ memberOf: string[] }>(user).memberOf).some(ref => ref.includes(group.cn.toLowerCase().replace(/ /g, '-')));
    });
  });
});
