import type { MicrosoftGraph } from '../transform/types';
import type { GroupWithMembers } from './readGroups';
import { toGroupRecord, toRootRecord, type MsGraphGroupRecord, type MsGraphSnapshot, type MsGraphUserRecord } from './toRecords';

/** Record and member order: by id, so a read of the same tenant gives the same records. */
export const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The records of a full read: the users (made as their pages arrived), the
 * groups with member lists cut to what was read, and the tenant root. Delta
 * reads and re-reads by id build the same records with the same functions
 * (`records.ts`, `groupDelta.ts`), so the same tenant gives the same records
 * whichever way it was read.
 */
export function fullRecords(
  organization: MicrosoftGraph.Organization | undefined,
  users: ReadonlyMap<string, MsGraphUserRecord>,
  groups: ReadonlyMap<string, GroupWithMembers>,
): MsGraphSnapshot {
  // Members outside what was read (filtered users, other groups, contacts, devices) are not part of the records.
  // Member ids are the records' own id strings, so each id is held once however many groups name it.
  const entries = [...groups.values()].map(entry => ({
    group: entry.group,
    userIds: entry.userIds.flatMap(id => users.get(id)?.id ?? []).sort(byId),
    groupIds: entry.groupIds.flatMap(id => groups.get(id)?.group.id ?? []).sort(byId),
  }));
  const contained = new Set(entries.flatMap(g => g.groupIds));
  const root = organization?.id ? toRootRecord(organization) : undefined;
  const groupRecords: MsGraphGroupRecord[] = entries
    .map(entry => toGroupRecord(entry, root && !contained.has(entry.group.id!) ? [root.id] : []))
    .sort((a, b) => byId(a.id, b.id));
  return {
    users: [...users.values()].sort((a, b) => byId(a.id, b.id)),
    groups: root ? [root, ...groupRecords] : groupRecords,
  };
}
