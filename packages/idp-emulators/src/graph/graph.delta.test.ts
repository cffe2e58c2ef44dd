import type { Client } from '@microsoft/microsoft-graph-client';
import { startGraphEmulator, type GraphEmulator } from '.';
import { deltaRound, graphClient } from './__fixtures__/clients';

type DeltaItem = {
  id: string;
  displayName?: string;
  accountEnabled?: boolean;
  '@removed'?: { reason: string };
  'members@delta'?: Array<{ id: string; '@odata.type': string; '@removed'?: { reason: string } }>;
};

let emulator: GraphEmulator;
let client: Client;

beforeEach(async () => {
  emulator = await startGraphEmulator({ generate: { seed: 3, users: 1200, groups: 120 }, deltaPageSize: 250 });
  client = graphClient(emulator.info);
});

afterEach(() => emulator.close());

test('users: a full round, then a round with exactly the changes', async () => {
  const full = await deltaRound<DeltaItem>(client, '/users/delta?$select=id,displayName,accountEnabled');
  expect(full.pages).toBe(5);
  expect(full.items.map(u => u.id).sort()).toEqual(emulator.org.users().map(u => u.id).sort());
  expect(full.deltaLink).toMatch(new RegExp(`^${emulator.info.graphBaseUrl}/users/delta\\?\\$deltatoken=`));

  const quiet = await deltaRound<DeltaItem>(client, full.deltaLink);
  expect(quiet.items).toEqual([]);

  const [renamed, disabled, deleted, purged] = emulator.org.users().filter(u => u.accountEnabled);
  emulator.org.renameUser(renamed.id, 'Renamed Person');
  emulator.org.disableUser(disabled.id);
  emulator.org.deleteUser(deleted.id);
  emulator.org.deleteUser(purged.id, { permanent: true });
  const created = emulator.org.createUser({ displayName: 'New Starter' });

  const changes = await deltaRound<DeltaItem>(client, quiet.deltaLink);
  const byId = new Map(changes.items.map(item => [item.id, item]));
  expect(changes.items).toHaveLength(5);
  expect(byId.get(renamed.id)).toEqual({ id: renamed.id, displayName: 'Renamed Person', accountEnabled: true });
  expect(byId.get(disabled.id)?.accountEnabled).toBe(false);
  expect(byId.get(deleted.id)).toEqual({ id: deleted.id, '@removed': { reason: 'changed' } });
  expect(byId.get(purged.id)).toEqual({ id: purged.id, '@removed': { reason: 'deleted' } });
  expect(byId.get(created.id)?.displayName).toBe('New Starter');

  const after = await deltaRound<DeltaItem>(client, changes.deltaLink);
  expect(after.items).toEqual([]);
});

test('groups: members@delta lists every member first, then only added and removed ones', async () => {
  const full = await deltaRound<DeltaItem>(client, '/groups/delta?$select=id,displayName,members');
  expect(full.items).toHaveLength(120);
  for (const group of full.items) {
    expect(group['members@delta']!.map(m => m.id)).toEqual(emulator.org.members(group.id));
  }

  const [target, renamedGroup, ...others] = emulator.org.groups();
  // a group nested in neither of the other two, so their members@delta stay exactly as asserted
  const deletedGroup = others.find(g => ![target, renamedGroup].some(p => emulator.org.members(p.id).includes(g.id)))!;
  const leaving = emulator.org.members(target.id).find(id => emulator.org.users().some(u => u.id === id))!;
  const joining = emulator.org.users().find(u => !emulator.org.members(target.id).includes(u.id))!;
  emulator.org.removeMember(target.id, leaving);
  emulator.org.addMember(target.id, joining.id);
  emulator.org.renameGroup(renamedGroup.id, 'Renamed Group');
  emulator.org.deleteGroup(deletedGroup.id);

  const changes = await deltaRound<DeltaItem>(client, full.deltaLink);
  const byId = new Map(changes.items.map(item => [item.id, item]));
  expect(byId.get(target.id)!['members@delta']).toEqual([
    { '@odata.type': '#microsoft.graph.user', id: leaving, '@removed': { reason: 'deleted' } },
    { '@odata.type': '#microsoft.graph.user', id: joining.id },
  ]);
  expect(byId.get(renamedGroup.id)).toMatchObject({ displayName: 'Renamed Group', 'members@delta': [] });
  expect(byId.get(deletedGroup.id)).toEqual({ id: deletedGroup.id, '@removed': { reason: 'changed' } });
  // Groups that contained the deleted group lose it as a member.
  const parents = full.items.filter(g => g['members@delta']!.some(m => m.id === deletedGroup.id)).map(g => g.id);
  for (const parent of parents) {
    expect(byId.get(parent)!['members@delta']).toEqual([
      { '@odata.type': '#microsoft.graph.group', id: deletedGroup.id, '@removed': { reason: 'deleted' } },
    ]);
  }
  expect(changes.items).toHaveLength(3 + parents.length);
});

test('a change made while a round is being paged shows up in that round or the next, never lost', async () => {
  const first = await client.api('/users/delta?$select=id,displayName').get();
  const late = emulator.org.users()[0];
  emulator.org.renameUser(late.id, 'Changed Mid-Round');
  const rest = await deltaRound<DeltaItem>(client, first['@odata.nextLink']);
  const next = await deltaRound<DeltaItem>(client, rest.deltaLink);
  const seen = [...first.value, ...rest.items, ...next.items].filter((u: DeltaItem) => u.id === late.id);
  expect(seen[seen.length - 1].displayName).toBe('Changed Mid-Round');
});

test('expired or unknown delta tokens answer 410 syncStateNotFound', async () => {
  const full = await deltaRound<DeltaItem>(client, '/users/delta');
  emulator.org.expireDeltaTokens();
  await expect(client.api(full.deltaLink).get()).rejects.toMatchObject({ statusCode: 410, code: 'syncStateNotFound' });
  await expect(client.api('/users/delta?$deltatoken=not-a-token').get()).rejects.toMatchObject({ statusCode: 410 });
  const fresh = await deltaRound<DeltaItem>(client, '/users/delta');
  expect(fresh.items).toHaveLength(1200);
});

test('$deltatoken=latest: no objects, and a deltaLink from now that tracks the $select of that request', async () => {
  const latest = await client.api('/users/delta?$select=id,displayName&$deltatoken=latest').get();
  expect(latest.value).toEqual([]);
  expect(latest['@odata.nextLink']).toBeUndefined();
  expect(latest['@odata.deltaLink']).toMatch(new RegExp(`^${emulator.info.graphBaseUrl}/users/delta\\?\\$deltatoken=`));

  const user = emulator.org.users()[0];
  emulator.org.renameUser(user.id, 'Renamed After Latest');
  const changes = await deltaRound<DeltaItem>(client, latest['@odata.deltaLink']);
  expect(changes.items).toEqual([{ id: user.id, displayName: 'Renamed After Latest' }]);

  const groups = await client.api('/groups/delta?$select=id,displayName,members&$deltatoken=latest').get();
  const group = emulator.org.groups()[0];
  const joining = emulator.org.users().find(u => !emulator.org.members(group.id).includes(u.id))!;
  emulator.org.addMember(group.id, joining.id);
  const groupChanges = await deltaRound<DeltaItem>(client, groups['@odata.deltaLink']);
  expect(groupChanges.items).toEqual([
    { id: group.id, displayName: group.displayName, 'members@delta': [{ '@odata.type': '#microsoft.graph.user', id: joining.id }] },
  ]);
});

test('a group with more member changes than fit in one object appears several times, across pages', async () => {
  await emulator.close();
  emulator = await startGraphEmulator({ generate: { seed: 3, users: 60, groups: 4 }, deltaPageSize: 2, deltaMembersPerObject: 3 });
  client = graphClient(emulator.info);
  const big = emulator.org.groups().reduce((a, b) => (emulator.org.members(a.id).length >= emulator.org.members(b.id).length ? a : b));
  expect(emulator.org.members(big.id).length).toBeGreaterThan(6);

  const full = await deltaRound<DeltaItem>(client, '/groups/delta?$select=id,displayName,members');
  const pieces = full.items.filter(g => g.id === big.id);
  expect(pieces.length).toBe(Math.ceil(emulator.org.members(big.id).length / 3));
  for (const piece of pieces) expect(piece.displayName).toBe(big.displayName);
  expect(pieces.flatMap(p => p['members@delta']!.map(m => m.id))).toEqual(emulator.org.members(big.id));
  expect(new Set(full.items.map(g => g.id)).size).toBe(4);

  const joining = emulator.org.users().filter(u => !emulator.org.members(big.id).includes(u.id)).slice(0, 7);
  for (const user of joining) emulator.org.addMember(big.id, user.id);
  const changes = await deltaRound<DeltaItem>(client, full.deltaLink);
  expect(changes.items.map(g => g.id)).toEqual([big.id, big.id, big.id]);
  expect(changes.items.flatMap(g => g['members@delta']!.map(m => m.id))).toEqual(joining.map(u => u.id));
});
