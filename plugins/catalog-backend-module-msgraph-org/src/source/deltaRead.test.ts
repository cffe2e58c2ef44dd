import { startGraphEmulator, type GraphEmulator } from '@orgsync/idp-emulators';
import { isDeltaResult, type OrgSnapshot } from '@orgsync/plugin-catalog-org-sync-node';
import { ConfigReader } from '@backstage/config';
import { emulatorProviderConfig } from '../__testing__/harness';
import { MemoryRecords } from '../__testing__/memoryRecords';
import { readMicrosoftGraphProviderConfig } from '../config';
import { MsGraphOrgSource } from './MsGraphOrgSource';
import type { MsGraphReadResult as OrgReadResult } from './toRecords';

// The source alone against the emulator: a delta on the stored records must give the records a full read gives.
let emulator: GraphEmulator;

beforeEach(async () => {
  emulator = await startGraphEmulator({ generate: { users: 60, groups: 10, seed: 11 }, deltaMembersPerObject: 3, deltaPageSize: 7 });
});
afterEach(() => emulator.close());

function sourceOf(extra: Record<string, unknown> = {}): MsGraphOrgSource {
  const config = readMicrosoftGraphProviderConfig(new ConfigReader(emulatorProviderConfig(emulator, extra) as ConstructorParameters<typeof ConfigReader>[0]), 't', 'catalog.providers.microsoftGraphOrg.t');
  return new MsGraphOrgSource({ config });
}

const signal = new AbortController().signal;
const context = (records?: MemoryRecords, cursor?: unknown) => ({
  signal,
  reportProgress: () => undefined,
  ...(records && cursor ? { previous: { cursor: cursor as never, records, readAt: '', fullReadAt: '' } } : {}),
});

/** A full read's records, sorted by id, as the store would hold them. */
async function fullRead(extra: Record<string, unknown> = {}): Promise<OrgSnapshot> {
  const records = new MemoryRecords();
  records.apply(await sourceOf({ ...extra, incremental: { enabled: false } }).read(context()));
  return records.snapshot();
}

const enabledMembers = (groupId: string) => emulator.org.members(groupId).filter(id => emulator.org.users().some(u => u.id === id && u.accountEnabled));

test('an incremental read is a delta of exactly the changed records, and applied to the stored records it gives what a full read gives', async () => {
  const source = sourceOf();
  const records = new MemoryRecords();
  const first = (await source.read(context())) as OrgReadResult;
  expect(first.readMode).toBe('full');
  records.apply(first);

  const quiet = await source.read(context(records, first.cursor));
  expect(quiet).toMatchObject({ readMode: 'delta', delta: { users: { upserted: [], deleted: [] }, groups: { upserted: [], deleted: [] } } });

  const groups = emulator.org.groups();
  const [renamed, disabled, deleted, joining] = emulator.org.users().filter(u => u.accountEnabled);
  const target = groups.find(g => !emulator.org.members(g.id).includes(joining.id))!;
  const child = groups.find(g => g.id !== target.id && !emulator.org.members(target.id).includes(g.id) && !emulator.org.members(g.id).includes(target.id))!;
  emulator.org.renameUser(renamed.id, 'Renamed By Delta');
  emulator.org.disableUser(disabled.id);
  emulator.org.deleteUser(deleted.id);
  emulator.org.addMember(target.id, joining.id);
  emulator.org.addMember(target.id, child.id); // child leaves the root: its parent changes though the group itself did not
  const created = emulator.org.createGroup({ displayName: 'Made Later' }, [joining.id]);

  const result = await source.read(context(records, (quiet as OrgReadResult).cursor));
  if (!isDeltaResult(result)) throw new Error('expected a delta');
  expect(result.delta.users.upserted.map(u => u.id).sort()).toEqual([renamed.id, disabled.id].sort());
  expect(result.delta.users.deleted).toEqual([deleted.id]);
  expect(result.delta.users.upserted.find(u => u.id === disabled.id)).toMatchObject({ active: false });
  const upsertedGroups = result.delta.groups.upserted.map(g => g.id);
  expect(upsertedGroups).toEqual(expect.arrayContaining([target.id, child.id, created.id]));
  expect(result.delta.groups.upserted.find(g => g.id === child.id)!.parentIds).toEqual([]);
  expect(result.delta.users.upserted[0].raw).toMatchObject({ id: expect.any(String), accountEnabled: expect.any(Boolean) });

  records.apply(result);
  expect(records.snapshot()).toEqual(await fullRead());
});

test('readRecords re-reads named users and groups through $batch: disabled upserted inactive, deleted and unknown gone, groups with every member', async () => {
  const source = sourceOf();
  const records = new MemoryRecords();
  records.apply(await source.read(context()));
  const group = emulator.org.groups().find(g => enabledMembers(g.id).length > 1)!;
  const [disabled, deleted] = enabledMembers(group.id);
  const joining = emulator.org.users().find(u => u.accountEnabled && !emulator.org.members(group.id).includes(u.id))!;
  emulator.org.disableUser(disabled);
  emulator.org.deleteUser(deleted);
  emulator.org.addMember(group.id, joining.id);

  emulator.server.resetCounters();
  const delta = await source.readRecords!(
    { users: [disabled, deleted, '00000000-0000-0000-0000-000000000000', 'not-an-id'], groups: [group.id] },
    { signal, records },
  );
  const counts = emulator.server.counters();
  expect(counts.byRoute['POST /v1.0/$batch']).toBe(1); // the users, the group and its member list, in one $batch
  expect(counts.total).toBe(1);
  expect(delta.users.upserted.map(u => [u.id, u.active])).toEqual([[disabled, false]]);
  expect(delta.users.deleted.sort()).toEqual([deleted, '00000000-0000-0000-0000-000000000000'].sort());
  const reread = delta.groups.upserted.find(g => g.id === group.id)!;
  expect(reread.memberUserIds).toContain(joining.id);
  expect(reread.memberUserIds).not.toContain(deleted);
  expect(reread.memberUserIds).toContain(disabled);

  records.applyDelta(delta);
  expect(records.snapshot()).toEqual(await fullRead());

  emulator.org.deleteGroup(group.id);
  expect((await source.readRecords!({ users: [], groups: [group.id] }, { signal, records })).groups.deleted).toEqual([group.id]);
});

test('readRecords: a user outside user.filter is deleted, a group outside group.filter too', async () => {
  const filtered = { user: { filter: "accountEnabled eq true" }, group: { filter: "securityEnabled eq true" } };
  const source = sourceOf(filtered);
  const records = new MemoryRecords();
  records.apply(await source.read(context()));
  const user = emulator.org.users().find(u => u.accountEnabled)!;
  const group = emulator.org.groups().find(g => g.securityEnabled)!;
  emulator.org.disableUser(user.id);
  emulator.org.updateGroup(group.id, { securityEnabled: false });
  const delta = await source.readRecords!({ users: [user.id], groups: [group.id] }, { signal, records });
  expect(delta.users).toEqual({ upserted: [], deleted: [user.id] });
  expect(delta.groups.deleted).toEqual([group.id]);
  records.applyDelta(delta);
  expect(records.snapshot()).toEqual(await fullRead(filtered));
});

test('readRecords fails when Graph refuses a read (nothing to apply): a 403 on a user', async () => {
  const source = sourceOf();
  const records = new MemoryRecords();
  records.apply(await source.read(context()));
  emulator.server.faults.add({ route: 'GET /v1.0/users/:id', kind: 'status', status: 403 });
  await expect(source.readRecords!({ users: [emulator.org.users()[0].id], groups: [] }, { signal, records })).rejects.toThrow(/403/);
});
