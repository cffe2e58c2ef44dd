import type { Entity } from '@backstage/catalog-model';
import { isDeepStrictEqual } from 'node:util';
import type { GraphEmulator } from '@orgsync/idp-emulators';
import { waitFor } from '@orgsync/test-utils';
import { annotation, contentOf, emulatorProviderConfig, graphRequests, specOf, startHarness, type Harness } from '../__testing__/harness';

// Two providers read the same tenant: INC with incremental reads (the default), FULL reading everything every run.
// After any series of changes, INC's catalog must equal FULL's.
const INC = 'inc';
const FULL = 'full';
const FILTERED = 'filtered';

let h: Harness;
let e: GraphEmulator;
const run = (id: string) => h.providers.get(id)!.run();
const photos = { loadPhotos: true, photoSize: 'original' };

beforeAll(async () => {
  h = await startHarness({
    // Small member slices: a group with many member changes comes in several delta objects, on several pages.
    emulator: { generate: { users: 80, groups: 12, seed: 21, hostileShare: 0.15 }, deltaMembersPerObject: 3, deltaPageSize: 5 },
    providers: emulator => {
      e = emulator;
      return {
        // Removals by deltas count together over guard.changesWindow: this file's series removes more than 10% of the groups within it.
        [INC]: emulatorProviderConfig(emulator, { namespace: INC, user: photos, guard: { maxGroupRemovalShare: 0.5 } }),
        [FULL]: emulatorProviderConfig(emulator, { namespace: FULL, user: photos, incremental: { enabled: false } }),
        [FILTERED]: emulatorProviderConfig(emulator, { namespace: FILTERED, user: { filter: 'accountEnabled eq true' } }),
      };
    },
  });
});
afterAll(() => h?.stop());
afterEach(() => e.server.faults.clear());

/**
 * A namespace's catalog content once it shows the provider's last applied run (as many entities, all processed,
 * each marker text present), with the namespace and the provider id taken out so two providers compare.
 */
async function catalogOf(namespace: string, markers: string[] = []): Promise<Record<string, unknown>> {
  const { users, groups } = h.providers.get(namespace)!.lastRun()!.counts;
  const entities = await waitFor(`${namespace} to show its last run`, async () => {
    const all = await h.entities(namespace);
    const text = JSON.stringify(all);
    return all.length === users + groups && all.every(x => x.relations !== undefined) && markers.every(m => text.includes(m)) && all;
  });
  return comparable(entities, namespace);
}

function comparable(entities: Entity[], namespace: string): Record<string, unknown> {
  const text = JSON.stringify(contentOf(entities));
  return JSON.parse(text.replaceAll(`:${namespace}/`, ':ns/').replaceAll(`"namespace":"${namespace}"`, '"namespace":"ns"').replaceAll(`msgraph:${namespace}/`, 'msgraph:p/'));
}

/** Compares INC's catalog with FULL's once both show their last runs (and the markers of the latest changes). */
async function expectIncrementalEqualsFull(...markers: string[]): Promise<void> {
  let last: [Record<string, unknown>, Record<string, unknown>] = [{}, {}];
  await waitFor('the incremental and the full catalog to agree', async () => {
    last = [await catalogOf(INC, markers), await catalogOf(FULL, markers)];
    return isDeepStrictEqual(last[0], last[1]);
  }).catch(() => undefined);
  expect(last[0]).toEqual(last[1]);
}

const byId = async (namespace: string, kind: 'user-id' | 'group-id', id: string): Promise<Entity | undefined> =>
  (await h.entities(namespace)).find(x => annotation(x, `graph.microsoft.com/${kind}`) === id);
const isGroup = (id: string) => e.org.groups().some(g => g.id === id);
const enabledUsers = () => e.org.users().filter(u => u.accountEnabled !== false && u.displayName);
const memberRequests = () => {
  const r = graphRequests(e);
  return r.perGroupMembers + (r.inner['GET /v1.0/groups/:id/members'] ?? 0);
};

test('a run with no change reads only the delta: one request, no member list, the catalog unchanged', async () => {
  e.server.resetCounters();
  expect(await run(INC)).toMatchObject({ outcome: 'applied', readMode: 'full' });
  const cold = graphRequests(e);
  // One $batch with the organization and both delta links, one page of users and of groups, member and photo batches.
  const withPhotos = e.org.users().filter(u => u.accountEnabled !== false).length;
  expect(cold.total).toBe(3 + Math.ceil(e.org.groups().length / 20) + Math.ceil(withPhotos / 20));
  expect(cold.inner['GET /v1.0/users/delta']).toBe(1);
  expect(cold.inner['GET /v1.0/groups/delta']).toBe(1);
  expect(await run(FULL)).toMatchObject({ outcome: 'applied', readMode: 'full' });
  await expectIncrementalEqualsFull();
  const before = await catalogOf(INC);

  e.server.resetCounters();
  const result = await run(INC);
  expect(result).toMatchObject({ outcome: 'applied', readMode: 'delta', counts: { added: 0, changed: 0, removed: 0 } });
  const quiet = graphRequests(e);
  expect(quiet.total).toBe(1); // one $batch: users delta, groups delta, organization
  expect(memberRequests()).toBe(0);
  expect(quiet.inner['GET /v1.0/users/:id/photo/$value']).toBeUndefined();
  expect(quiet).toMatchObject({ users: 0, groups: 0 });
  expect(await catalogOf(INC)).toEqual(before);
  expect(h.logger.text()).toMatch(/MicrosoftGraphOrgEntityProvider:inc: sync started \(incremental: changes since/);
});

test('membership changes, a renamed, a disabled and a deleted user and a deleted group are read incrementally', async () => {
  const groups = e.org.groups();
  const [renamed, disabled, deleted, joining] = enabledUsers().filter(u => u.mail && groups.some(g => e.org.members(g.id).includes(u.id)));
  const target = groups.find(g => !e.org.members(g.id).includes(joining.id))!;
  const leaving = e.org.members(target.id).find(id => enabledUsers().some(u => u.id === id) && ![renamed.id, disabled.id, deleted.id].includes(id))!;
  const doomed = groups.find(g => g.id !== target.id && groups.some(p => e.org.members(p.id).includes(g.id)))!;
  const doomedParent = groups.find(p => e.org.members(p.id).includes(doomed.id))!;
  const changedUsers = [renamed.id, disabled.id, deleted.id, joining.id];
  const newcomers = enabledUsers().filter(u => !e.org.members(target.id).includes(u.id) && !changedUsers.includes(u.id)).slice(0, 7);
  const doomedName = (await byId(INC, 'group-id', doomed.id))!.metadata.name;

  e.org.renameUser(renamed.id, 'Renamed Incrementally');
  e.org.disableUser(disabled.id);
  e.org.deleteUser(deleted.id);
  e.org.addMember(target.id, joining.id);
  e.org.removeMember(target.id, leaving);
  for (const user of newcomers) e.org.addMember(target.id, user.id); // more member changes than one delta object holds
  e.org.deleteGroup(doomed.id);

  e.server.resetCounters();
  const result = await run(INC);
  expect(result).toMatchObject({ outcome: 'applied', readMode: 'delta' });
  expect(memberRequests()).toBe(0);
  expect(graphRequests(e)).toMatchObject({ users: 0, groups: 0 });
  // Only the renamed user's photo is asked again (the disabled one leaves, the deleted one is gone).
  expect(graphRequests(e).inner['GET /v1.0/users/:id/photo/$value']).toBe(1);

  const targetName = (await byId(INC, 'group-id', target.id))!.metadata.name;
  await waitFor('the changes in the catalog', async () => {
    const all = await h.entities(INC);
    const find = (id: string) => all.find(x => annotation(x, 'graph.microsoft.com/user-id') === id || annotation(x, 'graph.microsoft.com/group-id') === id);
    const members = specOf(find(target.id)).members ?? [];
    const memberOf = (id: string) => specOf(find(id)).memberOf ?? [];
    return (
      specOf(find(renamed.id)).profile?.displayName === 'Renamed Incrementally' &&
      !find(disabled.id) &&
      !find(deleted.id) &&
      !find(doomed.id) &&
      !(specOf(find(doomedParent.id)).children ?? []).includes(`group:${INC}/${doomedName}`) &&
      memberOf(joining.id).includes(`group:${INC}/${targetName}`) &&
      !memberOf(leaving).includes(`group:${INC}/${targetName}`) &&
      newcomers.every(u => memberOf(u.id).includes(`group:${INC}/${targetName}`)) &&
      members.length === e.org.members(target.id).filter(id => enabledUsers().some(u => u.id === id)).length
    );
  });

  expect(await run(FULL)).toMatchObject({ outcome: 'applied', readMode: 'full' });
  await expectIncrementalEqualsFull('Renamed Incrementally');
});

test('after a series of changes, the incremental catalog equals a full read of the same tenant', async () => {
  const groups = e.org.groups();
  const users = enabledUsers();
  // A group that moves under another one, a group renamed, a new group with members and a nested group.
  const leaf = groups.find(g => !e.org.members(g.id).some(isGroup) && groups.some(p => e.org.members(p.id).includes(g.id)))!;
  const oldParent = groups.find(p => e.org.members(p.id).includes(leaf.id))!;
  const newParent = groups.find(g => g.id !== leaf.id && g.id !== oldParent.id && !e.org.members(leaf.id).includes(g.id))!;
  e.org.removeMember(oldParent.id, leaf.id);
  e.org.addMember(newParent.id, leaf.id);
  e.org.renameGroup(newParent.id, 'Renamed Parent Team');
  const created = e.org.createGroup({ displayName: 'Brand New Team', securityEnabled: true }, users.slice(0, 4).map(u => u.id));
  e.org.addMember(created.id, leaf.id);
  // A new user with a photo, a user re-enabled, a guest, a user whose mail another user takes over.
  const starter = e.org.createUser({ displayName: 'New Starter', mail: 'new.starter@example.com' });
  e.org.setPhoto(starter.id, { contentType: 'image/png', base64: Buffer.from('new starter photo').toString('base64') });
  e.org.addMember(created.id, starter.id);
  const disabled = e.org.users().find(u => u.accountEnabled === false && u.displayName)!;
  e.org.enableUser(disabled.id);
  e.org.createUser({ displayName: 'Visiting Guest', userType: 'Guest', mail: 'guest@partner.example.org' });
  e.org.updateUser(users[5].id, { mail: users[6].mail, jobTitle: 'Moved' });
  e.org.deleteUser(users[7].id, { permanent: true });
  e.org.deleteGroup(groups.find(g => g.id !== leaf.id && g.id !== newParent.id && g.id !== oldParent.id)!.id, { permanent: true });

  expect(await run(INC)).toMatchObject({ outcome: 'applied', readMode: 'delta' });
  // A second round of changes on top of the first incremental read.
  e.org.renameUser(starter.id, 'New Starter (renamed)');
  e.org.removeMember(created.id, users[0].id);
  expect(await run(INC)).toMatchObject({ outcome: 'applied', readMode: 'delta' });
  expect(await run(FULL)).toMatchObject({ outcome: 'applied', readMode: 'full' });
  await expectIncrementalEqualsFull('New Starter (renamed)', 'Renamed Parent Team', 'Brand New Team', 'Visiting Guest');
  const starterEntity = await byId(INC, 'user-id', starter.id);
  expect(specOf(starterEntity).profile?.picture).toBe(`data:image/png;base64,${Buffer.from('new starter photo').toString('base64')}`);
});

test('a failed incremental read applies nothing and keeps the cursor: the next run reads the same changes', async () => {
  const before = await catalogOf(INC);
  const user = enabledUsers()[10];
  e.org.renameUser(user.id, 'Renamed During An Outage');
  e.server.faults.add({ kind: 'status', route: 'GET /v1.0/groups/delta', status: 500, count: 1 });
  const failed = await run(INC);
  expect(failed.outcome).toBe('read-failed');
  expect(failed.error).toMatch(/Microsoft Graph/);
  await new Promise(resolve => setTimeout(resolve, 1500));
  expect(comparable(await h.entities(INC), INC)).toEqual(before);

  expect(await run(INC)).toMatchObject({ outcome: 'applied', readMode: 'delta', counts: { changed: 1 } });
  await waitFor('the rename in the catalog', async () => specOf(await byId(INC, 'user-id', user.id)).profile?.displayName === 'Renamed During An Outage');
});

test('an expired delta link makes a full read, logged, and the catalog stays whole', async () => {
  const user = enabledUsers()[11];
  e.org.renameUser(user.id, 'Renamed Before Expiry');
  e.org.expireDeltaTokens();
  e.server.resetCounters();
  const result = await run(INC);
  expect(result).toMatchObject({ outcome: 'applied', readMode: 'full', counts: { removed: 0 } });
  expect(graphRequests(e).users).toBe(1);
  expect(memberRequests()).toBeGreaterThan(0);
  expect(h.logger.text()).toMatch(/MicrosoftGraphOrgEntityProvider:inc: Microsoft Graph refused the saved delta link \(410 syncStateNotFound/);
  expect(await run(FULL)).toMatchObject({ readMode: 'full' });
  await expectIncrementalEqualsFull('Renamed Before Expiry');

  // The full read's new links are the ones the next run builds on.
  e.server.resetCounters();
  expect(await run(INC)).toMatchObject({ outcome: 'applied', readMode: 'delta', counts: { added: 0, changed: 0, removed: 0 } });
  expect(memberRequests()).toBe(0);
});

test('an access token revoked between runs costs a new token, not a failed run', async () => {
  const revoked = e.org.revokeTokens();
  expect(revoked).toBeGreaterThan(0);
  expect(await run(INC)).toMatchObject({ outcome: 'applied', readMode: 'delta' });
  expect(h.logger.text()).toContain('MicrosoftGraphOrgEntityProvider:inc: Microsoft Graph refused the access token (401); reading again with a new one');
});

test('a provider whose query delta cannot express (user.filter) reads everything every run', async () => {
  expect(h.logger.text()).toContain(
    'MicrosoftGraphOrgEntityProvider:filtered: incremental reads are off: Microsoft Graph delta queries cannot express user.filter; every run reads everything',
  );
  for (let i = 0; i < 2; i++) {
    e.server.resetCounters();
    expect(await run(FILTERED)).toMatchObject({ outcome: 'applied', readMode: 'full' });
    const requests = graphRequests(e);
    expect(requests.users).toBe(1);
    expect(requests.inner['GET /v1.0/groups/:id/members']).toBe(e.org.groups().length);
    expect(requests.inner['GET /v1.0/users/delta']).toBeUndefined();
  }
  expect(h.logger.text()).not.toMatch(/filtered: sync started \(incremental/);
});
