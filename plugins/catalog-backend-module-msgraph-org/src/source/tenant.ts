import type { OrgGroupRecord, OrgSnapshot } from '@orgsync/plugin-catalog-org-sync-node';
import type { MicrosoftGraphProviderConfig } from '../config';
import type { MicrosoftGraph } from '../transform/types';
import type { GroupWithMembers } from './readGroups';
import { toGroupRecord, toRootRecord, toUserRecord } from './records';

/**
 * What a full read knows about the tenant, before it becomes records
 * (`toSnapshot`). Delta reads and re-reads by id build the same records with
 * the same functions (`records.ts`, `groupDelta.ts`), so the same tenant gives
 * the same records whichever way it was read.
 */
export interface TenantState {
  organization?: MicrosoftGraph.Organization;
  users: Map<string, MicrosoftGraph.User>;
  /** User id → photo data URL. */
  photos: Map<string, string>;
  groups: Map<string, GroupWithMembers>;
}

/** Record and member order: by id, so a read of the same tenant gives the same records. */
export const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function toSnapshot(state: TenantState, config: MicrosoftGraphProviderConfig): OrgSnapshot {
  const userIds = new Set(state.users.keys());
  const groupIds = new Set(state.groups.keys());
  // Members outside what was read (filtered users, other groups, contacts, devices) are not part of the snapshot.
  const groups = [...state.groups.values()].map(entry => ({
    ...entry,
    userIds: entry.userIds.filter(id => userIds.has(id)).sort(byId),
    groupIds: entry.groupIds.filter(id => groupIds.has(id)).sort(byId),
  }));
  const contained = new Set(groups.flatMap(g => g.groupIds));
  const root = state.organization?.id ? toRootRecord(state.organization) : undefined;
  const groupRecords: OrgGroupRecord[] = groups
    .map(entry => toGroupRecord(entry, root && !contained.has(entry.group.id!) ? [root.id] : []))
    .sort((a, b) => byId(a.id, b.id));
  return {
    users: [...userIds].sort(byId).map(id => toUserRecord(state.users.get(id)!, config, state.photos.get(id))),
    groups: root ? [root, ...groupRecords] : groupRecords,
  };
}
