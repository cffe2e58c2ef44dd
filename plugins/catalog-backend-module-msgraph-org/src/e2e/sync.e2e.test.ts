import { isValidEntityName } from '@orgsync/plugin-catalog-org-sync-node';
import { refsOf, waitFor } from '@orgsync/test-utils';
import { annotation, contentOf, emulatorProviderConfig, graphRequests, specOf, startHarness, type Harness } from '../__testing__/harness';

const USERS = 60;
const GROUPS = 8;

let h: Harness;
const run = () => h.providers.get('main')!.run();
const userById = async (id: string) => (await h.entities()).find(e => annotation(e, 'graph.microsoft.com/user-id') === id);
const groupById = async (id: string) => (await h.entities()).find(e => annotation(e, 'graph.microsoft.com/group-id') === id);
/** Active members and groups are in the catalog and processed (relations present). */
const settled = (count: number) =>
  waitFor(`${count} entities processed`, async () => {
    const all = await h.entities();
    return all.length === count && all.every(e => e.relations !== undefined) && all;
  });

beforeAll(async () => {
  h = await startHarness({
    emulator: { generate: { users: USERS, groups: GROUPS, seed: 3, hostileShare: 0.25 } },
    // Every run a full read (incremental reads are covered by incremental.e2e.test.ts).
    providers: emulator => ({
      main: emulatorProviderConfig(emulator, { user: { loadPhotos: true, photoSize: 'original' }, incremental: { enabled: false } }),
    }),
  });
});
afterAll(() => h?.stop());

const activeUsers = () => h.emulator.org.users().filter(u => u.accountEnabled !== false && u.displayName);

test('first sync: every enabled user and every group, valid names, official annotations, the tenant root group, photos', async () => {
  h.emulator.server.resetCounters();
  const result = await run();
  expect(result.error).toBeUndefined();
  expect(result.outcome).toBe('applied');
  const expectedUsers = activeUsers().length;
  expect(expectedUsers).toBeLessThan(USERS); // the generated tenant has disabled accounts
  expect(result.counts.users).toBe(expectedUsers);
  expect(result.counts.groups).toBe(GROUPS + 1);

  // Requests: one user page, one group page, one batch with the organization, ⌈G/20⌉ member batches, ⌈U/20⌉ photo batches.
  const requests = graphRequests(h.emulator);
  expect(requests).toMatchObject({ users: 1, groups: 1, organization: 0, perGroupMembers: 0 });
  expect(requests.batches).toBe(1 + Math.ceil(GROUPS / 20) + Math.ceil(expectedUsers / 20));
  expect(requests.inner['GET /v1.0/organization/:id']).toBe(1);
  expect(requests.inner['GET /v1.0/users/:id/photo/$value']).toBe(expectedUsers);

  const entities = await settled(expectedUsers + GROUPS + 1);
  for (const e of entities) expect(isValidEntityName(e.metadata.name)).toBe(true);
  const root = entities.find(e => annotation(e, 'graph.microsoft.com/tenant-id'));
  expect(root).toMatchObject({ kind: 'Group', spec: { type: 'root' } });
  expect(annotation(root, 'backstage.io/managed-by-location')).toBe(`msgraph:main/${h.emulator.info.tenantId}`);

  for (const user of activeUsers()) {
    const entity = entities.find(e => annotation(e, 'graph.microsoft.com/user-id') === user.id);
    expect(entity).toBeDefined();
    expect(annotation(entity, 'microsoft.com/email')).toBe(user.mail ?? undefined);
    expect(annotation(entity, 'backstage.io/managed-by-location')).toBe(`msgraph:main/${user.id}`);
    expect(specOf(entity).profile?.displayName).toBe(user.displayName);
    const photo = h.emulator.org.fixture().photos?.[user.id];
    if (photo) expect(specOf(entity).profile?.picture).toBe(`data:${photo.contentType};base64,${photo.base64}`);
    else expect(specOf(entity).profile?.picture).toBeUndefined();
    // Direct groups only, as the official module in effect (see official.e2e.test.ts).
    const direct = h.emulator.org.groups().filter(g => h.emulator.org.members(g.id).includes(user.id));
    const names = direct.map(g => entities.find(x => annotation(x, 'graph.microsoft.com/group-id') === g.id)!.metadata.name);
    expect([...specOf(entity).memberOf!].sort()).toEqual(names.map(n => `group:default/${n}`).sort());
  }
  for (const group of h.emulator.org.groups()) {
    const entity = entities.find(e => annotation(e, 'graph.microsoft.com/group-id') === group.id);
    expect(entity).toBeDefined();
    expect(specOf(entity).parent).toBeDefined();
    const childIds = h.emulator.org.members(group.id).filter(id => h.emulator.org.groups().some(g => g.id === id));
    expect(specOf(entity).children).toHaveLength(childIds.length);
  }
  const disabled = h.emulator.org.users().find(u => u.accountEnabled === false)!;
  expect(entities.some(e => annotation(e, 'graph.microsoft.com/user-id') === disabled.id)).toBe(false);
});

test('photos are asked for once per user per run, and unchanged ones keep their value', async () => {
  const before = contentOf(await h.entities());
  h.emulator.server.resetCounters();
  const result = await run();
  expect(result.counts).toMatchObject({ added: 0, changed: 0, removed: 0 });
  expect(graphRequests(h.emulator).inner['GET /v1.0/users/:id/photo/$value']).toBe(activeUsers().length);
  // Photos seen before are asked for with their ETag: unchanged ones come back 304, without bytes.
  const withPhoto = activeUsers().filter(u => h.emulator.org.fixture().photos?.[u.id]).length;
  expect(withPhoto).toBeGreaterThan(0);
  expect(h.emulator.server.counters().innerByStatus['304']).toBe(withPhoto);
  expect(contentOf(await h.entities())).toEqual(before);
});

test('a user disabled, then deleted, leaves the catalog and their groups', async () => {
  // A user whose name no one else wants (with a shared mail, the name would pass to the other holder).
  const unique = (u: { mail?: string | null }) => u.mail && h.emulator.org.users().filter(o => o.mail?.toLowerCase() === u.mail!.toLowerCase()).length === 1;
  const victim = activeUsers().find(u => unique(u) && h.emulator.org.groups().some(g => h.emulator.org.members(g.id).includes(u.id)))!;
  const group = h.emulator.org.groups().find(g => h.emulator.org.members(g.id).includes(victim.id))!;
  const name = (await userById(victim.id))!.metadata.name;
  h.emulator.org.disableUser(victim.id);
  expect((await run()).counts.removed).toBe(1);
  await waitFor('the disabled user gone', async () => (await userById(victim.id)) === undefined);
  await waitFor('their group without them', async () => {
    const members = specOf(await groupById(group.id)).members ?? [];
    return !members.some(m => m.toLowerCase() === `user:default/${name}`.toLowerCase());
  });

  h.emulator.org.enableUser(victim.id);
  expect((await run()).counts.added).toBe(1);
  await waitFor('the re-enabled user back', async () => (await userById(victim.id)) !== undefined);
  h.emulator.org.deleteUser(victim.id);
  expect((await run()).counts.removed).toBe(1);
  await waitFor('the deleted user gone', async () => (await userById(victim.id)) === undefined);
});

test('membership and hierarchy changes show up at the next run', async () => {
  const groups = h.emulator.org.groups();
  const isGroup = (id: string) => groups.some(g => g.id === id);
  const leaf = groups.find(g => !h.emulator.org.members(g.id).some(isGroup) && groups.some(p => h.emulator.org.members(p.id).includes(g.id)))!;
  const oldParent = groups.find(p => h.emulator.org.members(p.id).includes(leaf.id))!;
  const newParent = groups.find(g => g.id !== leaf.id && g.id !== oldParent.id && !h.emulator.org.members(leaf.id).includes(g.id))!;
  const newMember = activeUsers().find(u => !h.emulator.org.members(leaf.id).includes(u.id))!;

  h.emulator.org.removeMember(oldParent.id, leaf.id);
  h.emulator.org.addMember(newParent.id, leaf.id);
  h.emulator.org.addMember(leaf.id, newMember.id);
  expect((await run()).outcome).toBe('applied');

  const newParentName = (await groupById(newParent.id))!.metadata.name;
  const leafName = (await groupById(leaf.id))!.metadata.name;
  await waitFor('the leaf group under its new parent', async () => specOf(await groupById(leaf.id)).parent === `group:default/${newParentName}`);
  await waitFor('the new member in the leaf group', async () => (specOf(await userById(newMember.id)).memberOf ?? []).includes(`group:default/${leafName}`));
  expect(specOf(await groupById(newParent.id)).children).toContain(`group:default/${leafName}`);
  expect(specOf(await groupById(oldParent.id)).children).not.toContain(`group:default/${leafName}`);
});

test('hostile display names and mail nicknames all become valid, unique catalog names', async () => {
  const weird = h.emulator.org.createUser({
    displayName: '<script>alert(1)</script> Ωmega',
    mail: '_under.score.@example.com',
    userPrincipalName: `${'x'.repeat(80)}@example.com`,
  });
  const weirdGroup = h.emulator.org.createGroup(
    { displayName: '.. ../etc/passwd ' + 'Very Long Team Name '.repeat(6), mailNickname: '__nick__.', securityEnabled: false },
    [weird.id],
  );
  const caseTwin = h.emulator.org.createGroup({ displayName: 'TWIN team', securityEnabled: true });
  const caseTwin2 = h.emulator.org.createGroup({ displayName: 'twin team', securityEnabled: true });
  expect((await run()).outcome).toBe('applied');
  const user = await waitFor('the hostile user', () => userById(weird.id));
  const group = await waitFor('the hostile group', () => groupById(weirdGroup.id));
  const twins = await waitFor('both twins', async () => {
    const a = await groupById(caseTwin.id);
    const b = await groupById(caseTwin2.id);
    return a && b && [a, b];
  });
  for (const e of [user, group, ...twins]) expect(isValidEntityName(e.metadata.name)).toBe(true);
  // The official name "_under.score._example.com" is invalid (leading "_"); ours is that name made valid.
  expect(user.metadata.name).toBe('under.score.example.com');
  expect(twins[0].metadata.name.toLowerCase()).not.toBe(twins[1].metadata.name.toLowerCase());
  expect(specOf(group).members).toEqual([`user:default/${user.metadata.name}`]);
  const all = await h.entities();
  expect(new Set(refsOf(all)).size).toBe(all.length);
});
