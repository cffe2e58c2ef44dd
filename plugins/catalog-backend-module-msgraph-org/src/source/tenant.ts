import type { OrgGroupRecord, OrgSnapshot } from '@orgsync/plugin-catalog-org-sync-node';
import type { MicrosoftGraphProviderConfig } from '../config';
import type { MicrosoftGraph } from '../transform/types';
import type { GroupWithMembers } from './readGroups';
import { toGroupRecord, toRootRecord, toUserRecord } from './records';

/**
 * What a read knows about the tenant, before it becomes records: a full read
 * fills it from the lists, an incremental read from the last snapshot plus
 * the delta. Both turn it into records with `toSnapshot`, so the same tenant
 * gives the same records whichever way it was read.
 */
export interface TenantState {
  organization?: MicrosoftGraph.Organization;
  users: Map<string, MicrosoftGraph.User>;
  /** User id → photo data URL. */
  photos: Map<string, string>;
  groups: Map<string, GroupWithMembers>;
}

const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

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

/** The tenant a snapshot of ours describes, or undefined when it is not one (another shape, another version). */
export function fromSnapshot(snapshot: OrgSnapshot): TenantState | undefined {
  const state: TenantState = { users: new Map(), photos: new Map(), groups: new Map() };
  for (const record of snapshot.users) {
    const graph = record.attributes?.graph as MicrosoftGraph.User | undefined;
    if (record.attributes?.kind !== 'user' || !graph || graph.id !== record.id) return undefined;
    state.users.set(record.id, graph);
    if (record.picture) state.photos.set(record.id, record.picture);
  }
  for (const record of snapshot.groups) {
    const kind = record.attributes?.kind;
    const graph = record.attributes?.graph as (MicrosoftGraph.Group & MicrosoftGraph.Organization) | undefined;
    if (!graph || graph.id !== record.id) return undefined;
    if (kind === 'organization') state.organization = graph;
    else if (kind === 'group') {
      state.groups.set(record.id, { group: graph, userIds: [...(record.memberUserIds ?? [])], groupIds: [...(record.memberGroupIds ?? [])] });
    } else return undefined;
  }
  return state;
}
