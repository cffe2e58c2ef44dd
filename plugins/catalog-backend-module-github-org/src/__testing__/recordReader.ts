import type { OrgRecordReader, OrgSnapshot } from '@orgsync/plugin-catalog-org-sync-node';

/**
 * The records of one read, readable as the engine's record store hands them
 * to `readRecords` (JSON round trip included: stored records are plain JSON).
 * For source tests that run without a backend; end-to-end tests use the engine's.
 */
export function recordsOf<TUser, TGroup>(snapshot: OrgSnapshot<TUser, TGroup>): OrgRecordReader<TUser, TGroup> {
  const stored: OrgSnapshot<TUser, TGroup> = JSON.parse(JSON.stringify(snapshot));
  const byId = <R extends { id: string }>(list: R[], ids: readonly string[]) => new Map(list.filter(r => ids.includes(r.id)).map(r => [r.id, r]));
  return {
    users: async ids => byId(stored.users, ids),
    groups: async ids => byId(stored.groups, ids),
    allGroups: async () => stored.groups,
    all: async () => stored,
  };
}
