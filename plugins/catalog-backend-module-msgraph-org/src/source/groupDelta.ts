import { isDeepStrictEqual } from 'node:util';
import type { MicrosoftGraph } from '../transform/types';
import type { GroupWithMembers } from './readGroups';
import { isRootRecord, toGroupRecord, toRootRecord, type MsGraphGroupRecord, type MsGraphOrgDelta, type MsGraphRecordReader } from './toRecords';
import { byId } from './tenant';

export interface GroupChanges {
  /** Groups as they are now (complete member lists, members outside the read not yet dropped). */
  changed: Map<string, GroupWithMembers>;
  deleted: Set<string>;
  /** Users this change upserts and deletes (members must be users the store will hold). */
  users: { upserted: Set<string>; deleted: Set<string> };
  /** The organization, when this read got it (the root group follows its changes). */
  organization?: MicrosoftGraph.Organization;
}

/**
 * The group side of a delta, built as a full read builds it (`toSnapshot`):
 * member lists hold only users and groups the store holds after the delta,
 * sorted; a group no other group contains hangs under the tenant root. A
 * membership change can move another group under or out from the root, and a
 * deleted user or group leaves the member lists of the groups that held it,
 * so such groups are upserted too. Reads the stored groups (all of them, as the
 * hierarchy needs) and the stored users the changed groups name.
 */
export async function groupDelta(records: MsGraphRecordReader, changes: GroupChanges): Promise<MsGraphOrgDelta['groups']> {
  const stored = await records.allGroups();
  const storedRoot = stored.find(isRootRecord);
  const root = changes.organization?.id ? toRootRecord(changes.organization) : storedRoot;
  const upserted: MsGraphGroupRecord[] = [];
  if (root && changes.organization && !isDeepStrictEqual(comparable(root), storedRoot && comparable(storedRoot))) upserted.push(root);

  // The groups the store holds after this delta, with their child group ids.
  const children = new Map<string, string[]>();
  for (const record of stored) if (!isRootRecord(record)) children.set(record.id, record.memberGroupIds ?? []);
  for (const id of changes.deleted) children.delete(id);
  for (const [id, entry] of changes.changed) children.set(id, entry.groupIds);

  const named = [...new Set([...changes.changed.values()].flatMap(entry => entry.userIds))].filter(id => !changes.users.upserted.has(id));
  const storedUsers = named.length ? await records.users(named) : new Map();
  const isUser = (id: string) => !changes.users.deleted.has(id) && (changes.users.upserted.has(id) || storedUsers.has(id));
  const isGroup = (id: string) => children.has(id);

  const contained = new Set<string>();
  for (const [id, groupIds] of children) for (const child of groupIds) if (child !== id && isGroup(child)) contained.add(child);
  const parentsOf = (id: string) => (root && !contained.has(id) ? [root.id] : []);

  for (const [id, entry] of changes.changed) {
    upserted.push(
      toGroupRecord(
        { group: entry.group, userIds: entry.userIds.filter(isUser).sort(byId), groupIds: entry.groupIds.filter(isGroup).sort(byId) },
        parentsOf(id),
      ),
    );
  }
  // Groups the change did not name still lose members that left and may move under or out from the root.
  const left = (id: string) => changes.users.deleted.has(id);
  for (const record of stored) {
    if (isRootRecord(record) || changes.changed.has(record.id) || changes.deleted.has(record.id)) continue;
    const now = {
      ...record,
      parentIds: parentsOf(record.id),
      memberUserIds: (record.memberUserIds ?? []).filter(id => !left(id)),
      memberGroupIds: (record.memberGroupIds ?? []).filter(isGroup),
    };
    if (!isDeepStrictEqual(comparable(record), comparable(now))) upserted.push(now);
  }
  return { upserted, deleted: [...changes.deleted] };
}

const comparable = (record: MsGraphGroupRecord) => JSON.parse(JSON.stringify(record));
