import { Attribute, Change } from 'ldapts';
import { describeSlapd, waitFor } from '@orgsync/test-utils';
import { annotation, ldapEntities, processEverySecond, providerConfig, specOf, startTestDirectory, useLdapFixture, UUID } from '../__testing__/harness';

const LABEL = 'orgsync.io/departed';
const DEPARTURE = 'orgsync.io/departure';

describeSlapd('LDAP leavers (leavers.mode: retain) on a real slapd', () => {
  const fixture = useLdapFixture({
    emulator: () => startTestDirectory({ users: 60, groups: 6, seed: 61, hostileShare: 0 }),
    providers: dir => ({ main: providerConfig(dir, { leavers: { mode: 'retain' } }) }),
    config: processEverySecond,
  });

  beforeAll(async () => {
    expect((await fixture.provider('main').run()).outcome).toBe('applied');
    await ldapEntities(fixture.catalog, fixture.emulator.directory.people.filter(p => !p.disabled).length + fixture.emulator.directory.groups.length);
  });

  it('a person locked by an administrator departs in their directory’s words, one deleted departs as gone; unlocked, the same entity is back', async () => {
    const admin = await fixture.emulator.admin();
    const [locked, deleted] = fixture.emulator.directory.people.filter(p => !p.disabled && p.mails.length === 1 && fixture.emulator.directory.groups.some(g => g.memberKeys.includes(p.key)));
    const before = (await fixture.catalog.byName('user', 'default', locked.uid))!;
    expect(specOf<{ memberOf: string[] }>(before).memberOf.length).toBeGreaterThan(0);
    const lock = (operation: 'add' | 'delete') =>
      admin.modify(locked.dn, [new Change({ operation, modification: new Attribute({ type: 'pwdAccountLockedTime', values: operation === 'add' ? ['000001010000Z'] : [] }) })]);
    await lock('add');
    await admin.del(deleted.dn);
    const run = await fixture.provider('main').run();
    expect(run.readMode).toBe('incremental');
    expect(run.counts.departed).toBe(2);

    const departed = await waitFor('the locked person departed', async () => {
      const e = await fixture.catalog.byName('user', 'default', locked.uid);
      return e?.metadata.labels?.[LABEL] === 'true' && e;
    });
    expect(departed.metadata.uid).toBe(before.metadata.uid);
    expect(annotation(departed, DEPARTURE)).toBe('pwdAccountLockedTime: 000001010000Z');
    expect(annotation(departed, UUID)).toBeUndefined();
    expect(specOf<{ memberOf: string[] }>(departed).memberOf).toEqual([]);
    const gone = await waitFor('the deleted person departed', async () => {
      const e = await fixture.catalog.byName('user', 'default', deleted.uid);
      return e?.metadata.labels?.[LABEL] === 'true' && e;
    });
    expect(annotation(gone, DEPARTURE)).toBe('deleted from the directory (or outside the users search)');

    await lock('delete');
    expect((await fixture.provider('main').run()).counts).toMatchObject({ departed: 0 });
    const back = await waitFor('the unlocked person back', async () => {
      const e = await fixture.catalog.byName('user', 'default', locked.uid);
      return e && !e.metadata.labels?.[LABEL] && specOf<{ memberOf: string[] }>(e).memberOf.length > 0 && e;
    });
    expect(back.metadata.uid).toBe(before.metadata.uid);
    expect(annotation(back, UUID)).toBe(annotation(before, UUID));
  });
});
