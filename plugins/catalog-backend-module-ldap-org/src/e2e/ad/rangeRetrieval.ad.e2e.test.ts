import { startAdLdapEmulator } from '@orgsync/idp-emulators';
import { processEverySecond, useLdapFixture } from '../../__testing__/harness';
import { adProviderConfig, byUuid, enabledPeople, memberRefs, refOf } from '../../__testing__/adDirectory';

describe('LDAP org provider on Active Directory: range retrieval of a 5,000-member group, through a real catalog', () => {
  const fixture = useLdapFixture({
    emulator: () => startAdLdapEmulator({ generate: { users: 60, groups: 4, seed: 5 }, conversion: { largeGroup: { members: 5000 } } }),
    providers: ad => {
      const config = adProviderConfig(ad);
      // The vendor detected from the root DSE (forestFunctionality), as the official module does.
      return { main: { ...config, vendor: undefined, users: { ...config.users, options: { ...config.users.options, paged: { pageSize: 1000 } } } } };
    },
    config: processEverySecond,
  });

  it('reads every range of the group (member;range=0-1499 … 4500-*), names every enabled member in the group it would apply', async () => {
    const people = enabledPeople(fixture.emulator);
    const groups = fixture.emulator.admin.groups();
    const large = fixture.emulator.admin.find(fixture.emulator.largeGroupDn!)!;
    expect(large.attributes.member).toHaveLength(5000);
    expect(people.length).toBeGreaterThan(4900);

    // What the run will apply (the operations API's dry run): the group entity names every enabled member's User entity.
    fixture.emulator.resetCounters();
    const dry = await fixture.provider('main').dryRun();
    expect(dry.error).toBeUndefined();
    // Root DSE (vendor detection), users, groups, then member;range=1500-*, 3000-*, 4500-*: every one answered with success.
    expect(fixture.emulator.counters().searches).toBe(1 + 1 + 1 + 3);
    expect(fixture.emulator.counters().byResult['0']).toBe(fixture.emulator.counters().searchRequests);
    const planned = byUuid(dry.plan!.added);
    const enabledIds = new Set(people.map(p => p.id));
    const expected = large.attributes.member
      .map(dn => fixture.emulator.admin.find(dn)!)
      .filter(o => enabledIds.has(o.id))
      .map(o => refOf(planned.get(o.id)!))
      .sort();
    expect(expected.length).toBeGreaterThan(4900);
    expect(memberRefs(planned.get(large.id))).toEqual(expected);

    // Applying 5,000 users and having the catalog process them takes longer on a 2-CPU machine than a test file may take:
    // the applied side of range retrieval's memberships is asserted on the smaller directory (sync.ad.e2e.test.ts).
    expect(dry.counts).toMatchObject({ users: people.length, groups: groups.length, added: people.length + groups.length, skipped: 0 });
  });
});
