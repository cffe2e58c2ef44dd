import type { Entity } from '@backstage/catalog-model';
import { startOktaEmulator } from '@orgsync/idp-emulators';
import { refsOf, waitFor } from '@orgsync/test-utils';
import { catalogPicture, processedEntities, processingErrors, providerConfig, specOf, useOktaFixture } from '../__testing__/harness';

const LOCATION = 'org-sync:okta:main';
const annotation = (e: Entity | undefined, key: string) => e?.metadata.annotations?.[key];

describe('Okta org provider: a generated org through the SDK, the emulator and a real catalog', () => {
  const fixture = useOktaFixture({
    emulator: () => startOktaEmulator({ generate: { users: 300, groups: 30, seed: 11, hostileShare: 0.08 } }),
    providers: okta => ({ main: providerConfig(okta, { profileAnnotations: ['department', 'employeeNumber'] }) }),
    config: () => ({ catalog: { processingInterval: { seconds: 1 } } }),
  });

  const expectedUsers = () => fixture.emulator.org.users().filter(u => u.status !== 'DEPROVISIONED');
  const userById = async () => {
    const users = await fixture.catalog.query('kind=user');
    return new Map(users.filter(u => annotation(u, 'backstage.io/managed-by-location') === LOCATION).map(u => [annotation(u, 'okta.com/user-id')!, u]));
  };

  it('emits every listed user and every group, all valid and queryable, with both membership directions', async () => {
    const result = await fixture.provider('main').run();
    expect(result.error).toBeUndefined();
    expect(result.outcome).toBe('applied');
    const users = expectedUsers();
    const groups = fixture.emulator.org.groups();
    expect(result.counts).toMatchObject({ users: users.length, groups: groups.length, skipped: 0 });

    const entities = await processedEntities(fixture.catalog, LOCATION, users.length + groups.length);
    expect(processingErrors(entities)).toEqual([]);
    const byUserId = await userById();
    expect([...byUserId.keys()].sort()).toEqual(users.map(u => u.id).sort());
    const catalogGroups = entities.filter(e => e.kind === 'Group');
    expect(catalogGroups.map(g => annotation(g, 'okta.com/group-id')).sort()).toEqual(groups.map(g => g.id).sort());

    // Every membership Okta has (among listed users) is in the catalog, both ways.
    const listed = new Set(users.map(u => u.id));
    const refOfUser = new Map([...byUserId].map(([id, u]) => [id, refsOf([u])[0]]));
    for (const group of catalogGroups) {
      const oktaMembers = fixture.emulator.org.memberIds(annotation(group, 'okta.com/group-id')!).filter(id => listed.has(id));
      expect([...(specOf<{ members: string[] }>(group).members ?? [])].map(r => r.toLowerCase()).sort()).toEqual(
        oktaMembers.map(id => refOfUser.get(id)!).sort(),
      );
    }
    const memberOfRelations = entities.flatMap(e => (e.relations ?? []).filter(r => r.type === 'memberOf'));
    const membershipCount = catalogGroups.reduce((n, g) => n + (specOf<{ members: string[] }>(g).members?.length ?? 0), 0);
    expect(memberOfRelations.length).toBe(membershipCount);
    expect(membershipCount).toBeGreaterThan(300);
  });

  it('names users by the email local part and writes the Okta annotations sign-in resolvers use', async () => {
    const localPart = (u: { profile: { email?: unknown } }) => String(u.profile.email ?? '').split('@')[0].toLowerCase();
    const unique = (u: { profile: { email?: unknown } }) => expectedUsers().filter(o => localPart(o) === localPart(u)).length === 1;
    const plain = expectedUsers().find(u => /^[a-z]+\.[a-z]+@example\.com$/.test(String(u.profile.email)) && u.status === 'ACTIVE' && unique(u))!;
    const entity = await fixture.catalog.byName('user', 'default', String(plain.profile.email).split('@')[0]);
    expect(entity).toBeDefined();
    expect(entity!.metadata.annotations).toMatchObject({
      'okta.com/user-id': plain.id,
      'okta.com/email': String(plain.profile.email).toLowerCase(),
      'okta.com/login': plain.profile.login,
      'okta.com/profile-department': plain.profile.department,
      'okta.com/profile-employeeNumber': plain.profile.employeeNumber,
    });
    expect(specOf(entity).profile).toMatchObject({ displayName: plain.profile.displayName, email: plain.profile.email });

    const group = fixture.emulator.org.groups().find(g => /^[A-Za-z0-9 ]+$/.test(g.profile.name))!;
    const groupName = group.profile.name.toLowerCase().replace(/ +/g, '-');
    const groupEntity = await fixture.catalog.byName('group', 'default', groupName);
    expect(groupEntity?.metadata.annotations?.['okta.com/group-id']).toBe(group.id);
    expect(specOf(groupEntity)).toMatchObject({ type: 'team', profile: { displayName: group.profile.name } });
  });

  it('follows deactivation, rename and membership changes at the next run', async () => {
    const active = expectedUsers().filter(u => u.status === 'ACTIVE');
    const [leaver, renamed, joiner] = active;
    const groupWithLeaver = fixture.emulator.org.groups().find(g => fixture.emulator.org.memberIds(g.id).includes(leaver.id))!;
    const target = fixture.emulator.org.groups().find(g => !fixture.emulator.org.memberIds(g.id).includes(joiner.id))!;
    const removedFrom = fixture.emulator.org.groups().find(g => fixture.emulator.org.memberIds(g.id).includes(renamed.id))!;
    const before = await userById();
    const refOf = (id: string) => refsOf([before.get(id)!])[0];

    fixture.emulator.org.deactivateUser(leaver.id);
    fixture.emulator.org.renameUser(renamed.id, 'Renamed Person');
    fixture.emulator.org.addMember(target.id, joiner.id);
    fixture.emulator.org.removeMember(removedFrom.id, renamed.id);
    const result = await fixture.provider('main').run();
    expect(result).toMatchObject({ outcome: 'applied', counts: { removed: 1 } });

    const groupRef = (id: string, all: Entity[]) => refsOf([all.find(g => annotation(g, 'okta.com/group-id') === id)!])[0];
    await waitFor('the changes in the catalog', async () => {
      const all = await fixture.catalog.managedBy(LOCATION);
      const byId = new Map(all.filter(e => e.kind === 'User').map(u => [annotation(u, 'okta.com/user-id'), u]));
      const members = (id: string) => specOf<{ members: string[] }>(all.find(g => annotation(g, 'okta.com/group-id') === id)).members ?? [];
      const relationsOf = (id: string) => (byId.get(id)?.relations ?? []).filter(r => r.type === 'memberOf').map(r => r.targetRef);
      return (
        !byId.has(leaver.id) &&
        !members(groupWithLeaver.id).includes(refOf(leaver.id)) &&
        specOf<{ profile: { displayName: string } }>(byId.get(renamed.id)).profile.displayName === 'Renamed Person' &&
        members(target.id).includes(refOf(joiner.id)) &&
        relationsOf(joiner.id).includes(groupRef(target.id, all)) &&
        !members(removedFrom.id).includes(refOf(renamed.id)) &&
        !relationsOf(renamed.id).includes(groupRef(removedFrom.id, all))
      );
    });
  });

  it('aborts the run when a member fetch fails for good, the catalog keeps what it had, and the next run reads the same changes', async () => {
    const before = await catalogPicture(fixture.catalog, LOCATION);
    // Membership changes in six groups, so this (incremental) run reads six member lists; the fourth one fails.
    const newcomer = expectedUsers().filter(u => u.status === 'ACTIVE')[10];
    const changed = fixture.emulator.org.groups().filter(g => !fixture.emulator.org.memberIds(g.id).includes(newcomer.id)).slice(0, 6);
    expect(changed).toHaveLength(6);
    for (const group of changed) fixture.emulator.org.addMember(group.id, newcomer.id);
    fixture.emulator.org.renameUser(expectedUsers()[5].id, 'Not Applied');
    const fault = fixture.emulator.server.faults.add({ kind: 'status', status: 500, route: 'GET /api/v1/groups/:id/users', afterRequests: 3 });
    try {
      const result = await fixture.provider('main').run();
      expect(result.outcome).toBe('read-failed');
      expect(result.error).toMatch(/reading the members of group ".*" \(00g\w+\) failed: Okta HTTP 500/);
      expect(result.error).not.toContain(fixture.emulator.info.token);
    } finally {
      fixture.emulator.server.faults.remove(fault.id);
    }
    await new Promise(r => setTimeout(r, 2000));
    expect(await catalogPicture(fixture.catalog, LOCATION)).toEqual(before);

    // The failed run did not move the cursor: the next run reads those six groups again, and only them.
    fixture.emulator.server.resetCounters();
    const retry = await fixture.provider('main').run();
    expect(retry).toMatchObject({ outcome: 'applied', readMode: 'incremental' });
    expect(fixture.emulator.server.counters().byRoute['GET /api/v1/groups/:id/users']).toBe(6);
    await waitFor('the newcomer in all six groups', async () => {
      const newcomerEntity = (await userById()).get(newcomer.id);
      const memberOf = (specOf<{ memberOf?: string[] }>(newcomerEntity).memberOf ?? []).map(r => r.toLowerCase());
      const groups = await fixture.catalog.managedBy(LOCATION);
      return changed.every(g => memberOf.includes(refsOf([groups.find(e => annotation(e, 'okta.com/group-id') === g.id)!])[0].toLowerCase()));
    });
  });
});
