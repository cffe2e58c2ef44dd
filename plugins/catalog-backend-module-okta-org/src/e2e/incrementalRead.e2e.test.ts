import type { Entity } from '@backstage/catalog-model';
import { TestDatabases } from '@backstage/backend-test-utils';
import { startOktaEmulator } from '@orgsync/idp-emulators';
import { refsOf, waitFor, type CatalogTestBackend } from '@orgsync/test-utils';
import { catalogPicture, processedEntities, providerConfig, specOf, useOktaFixture } from '../__testing__/harness';

const LOCATION = 'org-sync:okta:main';
const MEMBER_READS = 'GET /api/v1/groups/:id/users';

const annotation = (e: Entity | undefined, key: string) => e?.metadata.annotations?.[key];
const ref = (e: Entity) => refsOf([e])[0].toLowerCase();
const lower = (refs: string[] | undefined) => (refs ?? []).map(r => r.toLowerCase());

/** The catalog's users and groups of this provider, by Okta id. */
async function catalogByOktaId(backend: CatalogTestBackend) {
  const all = await backend.catalog.managedBy(LOCATION);
  return {
    users: new Map(all.filter(e => e.kind === 'User').map(u => [annotation(u, 'okta.com/user-id')!, u])),
    groups: new Map(all.filter(e => e.kind === 'Group').map(g => [annotation(g, 'okta.com/group-id')!, g])),
  };
}

/** Both directions of one membership, as the catalog serves them (specs and the processed relation). */
function isMember(user: Entity | undefined, group: Entity | undefined): boolean {
  if (!user || !group) return false;
  return (
    lower(specOf<{ members?: string[] }>(group).members).includes(ref(user)) &&
    lower(specOf<{ memberOf?: string[] }>(user).memberOf).includes(ref(group)) &&
    (user.relations ?? []).some(r => r.type === 'memberOf' && r.targetRef.toLowerCase() === ref(group))
  );
}

function isNoLongerMember(user: Entity | undefined, group: Entity | undefined): boolean {
  if (!user || !group) return false;
  return (
    !lower(specOf<{ members?: string[] }>(group).members).includes(ref(user)) &&
    !lower(specOf<{ memberOf?: string[] }>(user).memberOf).includes(ref(group)) &&
    !(user.relations ?? []).some(r => r.type === 'memberOf' && r.targetRef.toLowerCase() === ref(group))
  );
}

describe('Okta incremental reads: members are read only for groups whose membership changed', () => {
  // One database for every backend of this file, so saved cursors outlive a restart.
  const databases = TestDatabases.create({ ids: ['SQLITE_3'], disableDocker: true });
  const fixture = useOktaFixture({
    emulator: () => startOktaEmulator({ generate: { users: 120, groups: 16, seed: 21, hostileShare: 0 } }),
    database: () => databases.init('SQLITE_3'),
    providers: okta => ({ main: providerConfig(okta) }),
  });

  /** Restarts the backend on the same database, so saved cursors outlive it, with these provider settings. */
  function restart(extra: Record<string, unknown> = {}) {
    return fixture.restart({ providers: okta => ({ main: providerConfig(okta, extra) }) });
  }

  /** One run, with the requests it made as the emulator counted them. */
  async function run() {
    fixture.emulator.server.resetCounters();
    fixture.logger.clear();
    const result = await fixture.provider('main').run();
    expect(result.error).toBeUndefined();
    expect(result.outcome).toBe('applied');
    const byRoute = fixture.emulator.server.counters().byRoute;
    return { result, memberReads: byRoute[MEMBER_READS] ?? 0, userPages: byRoute['GET /api/v1/users'] ?? 0, groupPages: byRoute['GET /api/v1/groups'] ?? 0 };
  }

  async function admin(method: string, adminPath: string, body?: unknown) {
    const response = await fetch(`${fixture.emulator.info.url}/__admin/okta${adminPath}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`admin ${method} ${adminPath}: HTTP ${response.status} ${await response.text()}`);
  }

  const listedUsers = () => fixture.emulator.org.users().filter(u => u.status !== 'DEPROVISIONED');
  const activeMember = (groupId: string, not: string[] = []) =>
    fixture.emulator.org.memberIds(groupId).find(id => fixture.emulator.org.findUser(id)!.status === 'ACTIVE' && !not.includes(id))!;

  it('a cold run reads every member list; a run with no change reads none and leaves the catalog as it was', async () => {
    const cold = await run();
    expect(cold.result.readMode).toBe('full');
    expect(cold.memberReads).toBe(fixture.emulator.org.groups().length);
    await processedEntities(fixture.backend!.catalog, LOCATION, listedUsers().length + fixture.emulator.org.groups().length);
    const before = await catalogPicture(fixture.backend!.catalog, LOCATION);

    const again = await run();
    expect(again.result.readMode).toBe('incremental');
    expect(again.memberReads).toBe(0);
    // The user and group lists are still read: they are how leavers, renames and deleted groups are seen.
    expect(again.userPages).toBeGreaterThanOrEqual(1);
    expect(again.groupPages).toBe(1);
    expect(again.result.counts).toMatchObject({ users: listedUsers().length, groups: fixture.emulator.org.groups().length, added: 0, changed: 0, removed: 0 });
    expect(fixture.logger.text()).toContain(`member lists: 0 read, 0 skipped (Okta counts no members), ${fixture.emulator.org.groups().length} reused from the last run`);
    expect(await catalogPicture(fixture.backend!.catalog, LOCATION)).toEqual(before);
  });

  it('a membership added and one removed through the admin API are read at the next run, from those two groups only', async () => {
    const [joinGroup, leaveGroup] = fixture.emulator.org.groups();
    const joiner = listedUsers().find(u => u.status === 'ACTIVE' && !fixture.emulator.org.memberIds(joinGroup.id).includes(u.id))!;
    const leaver = activeMember(leaveGroup.id, [joiner.id]);
    await admin('PUT', `/groups/${joinGroup.id}/users/${joiner.id}`);
    await admin('DELETE', `/groups/${leaveGroup.id}/users/${leaver}`);

    const { result, memberReads } = await run();
    expect(result.readMode).toBe('incremental');
    expect(memberReads).toBe(2);
    expect(fixture.logger.text()).toContain(`member lists: 2 read, 0 skipped (Okta counts no members), ${fixture.emulator.org.groups().length - 2} reused from the last run`);
    await waitFor('both membership changes in the catalog, both ways', async () => {
      const { users, groups } = await catalogByOktaId(fixture.backend);
      return (
        isMember(users.get(joiner.id), groups.get(joinGroup.id)) && isNoLongerMember(users.get(leaver), groups.get(leaveGroup.id))
      );
    });
  });

  // Kept between the next two tests: deactivated now, reactivated later.
  let comeback: { id: string; groupIds: string[] };

  it('a deactivated user leaves, a renamed user and group change and a deleted group leaves, without reading any member list', async () => {
    const groups = fixture.emulator.org.groups();
    const [renamedGroup, deletedGroup] = groups.slice(2);
    const leaver = activeMember(groups[4].id);
    const renamedUser = activeMember(renamedGroup.id, [leaver]);
    comeback = { id: leaver, groupIds: groups.filter(g => g.id !== deletedGroup.id && fixture.emulator.org.memberIds(g.id).includes(leaver)).map(g => g.id) };
    const before = await catalogByOktaId(fixture.backend);
    const leaverRef = ref(before.users.get(leaver)!);
    const deletedGroupRef = ref(before.groups.get(deletedGroup.id)!);
    const oldRenamedGroupRef = ref(before.groups.get(renamedGroup.id)!);

    await admin('POST', `/users/${leaver}/deactivate`);
    await admin('POST', `/users/${renamedUser}/rename`, { displayName: 'Renamed Person' });
    await admin('POST', `/groups/${renamedGroup.id}/rename`, { name: 'Renamed Team' });
    await admin('DELETE', `/groups/${deletedGroup.id}`);

    const { result, memberReads } = await run();
    expect(result.readMode).toBe('incremental');
    expect(memberReads).toBe(0);
    expect(result.counts).toMatchObject({ users: listedUsers().length, groups: fixture.emulator.org.groups().length });
    await waitFor('the leaver, both renames and the deleted group in the catalog', async () => {
      const { users, groups: byId } = await catalogByOktaId(fixture.backend);
      const all = [...users.values(), ...byId.values()];
      const mentions = (target: string) =>
        all.some(e => [...lower(specOf<{ members?: string[] }>(e).members), ...lower(specOf<{ memberOf?: string[] }>(e).memberOf)].includes(target));
      const renamed = byId.get(renamedGroup.id);
      return (
        !users.has(leaver) &&
        !mentions(leaverRef) &&
        specOf<{ profile: { displayName: string } }>(users.get(renamedUser)).profile.displayName === 'Renamed Person' &&
        renamed?.metadata.name === 'renamed-team' &&
        isMember(users.get(renamedUser), renamed) &&
        !mentions(oldRenamedGroupRef) &&
        !byId.has(deletedGroup.id) &&
        !mentions(deletedGroupRef)
      );
    });
  });

  it('a user the user list left out regains their memberships when they come back, though no group changed', async () => {
    expect(comeback.groupIds.length).toBeGreaterThan(0);
    await admin('POST', `/users/${comeback.id}/activate`);

    const { result, memberReads } = await run();
    expect(result.readMode).toBe('incremental');
    expect(memberReads).toBe(0);
    await waitFor('the returning user back in every group they never left', async () => {
      const { users, groups } = await catalogByOktaId(fixture.backend);
      return comeback.groupIds.every(id => isMember(users.get(comeback.id), groups.get(id)));
    });
  });

  it('a lost cursor means a full read, after which runs are incremental again', async () => {
    await fixture.database!('org_sync_source_state').del();
    const lost = await run();
    expect(lost.result.readMode).toBe('full');
    expect(lost.memberReads).toBe(fixture.emulator.org.groups().length);
    expect(lost.result.counts).toMatchObject({ added: 0, changed: 0, removed: 0 });
    const next = await run();
    expect(next.result.readMode).toBe('incremental');
    expect(next.memberReads).toBe(0);
  });

  it('a changed filter makes the saved cursor unusable: the next run reads every member list', async () => {
    // Every generated group is an OKTA_GROUP: the same groups, but another query.
    await restart({ groups: { filter: 'type eq "OKTA_GROUP"' } });
    const changed = await run();
    expect(changed.result.readMode).toBe('full');
    expect(changed.memberReads).toBe(fixture.emulator.org.groups().length);
    expect(fixture.logger.text()).toContain(`the saved cursor is from another version or other settings; reading every group's members`);
    expect(fixture.logger.text()).toMatch(/could not build on the last read and read everything/);
    expect(changed.result.counts).toMatchObject({ added: 0, changed: 0, removed: 0 });
    expect((await run()).memberReads).toBe(0);
  });

  it('with incremental.enabled false every run reads every member list, and the next run with it on starts from a full read', async () => {
    await restart({ incremental: { enabled: false } });
    for (let i = 0; i < 2; i++) {
      const off = await run();
      expect(off.result.readMode).toBe('full');
      expect(off.memberReads).toBe(fixture.emulator.org.groups().length);
    }

    await restart();
    const first = await run();
    expect(first.result.readMode).toBe('full');
    expect(first.memberReads).toBe(fixture.emulator.org.groups().length);
    const second = await run();
    expect(second.result.readMode).toBe('incremental');
    expect(second.memberReads).toBe(0);
  });
});
