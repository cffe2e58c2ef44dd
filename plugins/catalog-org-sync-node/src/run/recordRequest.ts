import type { OrgMembershipHint, OrgRecordRequest } from '../records';

/**
 * What a change round asks the source to re-read. Memberships go to a source
 * that re-reads them itself, unless their group is re-read whole anyway; any
 * other source re-reads each membership's group.
 */
export function recordRequestFor(
  pending: { users: string[]; groups: string[]; memberships: OrgMembershipHint[] },
  readsMemberships: boolean,
): OrgRecordRequest {
  if (!readsMemberships) return { users: pending.users, groups: [...new Set([...pending.groups, ...pending.memberships.map(m => m.group)])] };
  const wholeGroups = new Set(pending.groups);
  const memberships = pending.memberships.filter(m => !wholeGroups.has(m.group));
  return { users: pending.users, groups: pending.groups, ...(memberships.length ? { memberships } : {}) };
}

/** For logs: "3 users, 2 groups and 5 memberships". */
export function describeRequest(request: { users?: string[]; groups?: string[]; memberships?: OrgMembershipHint[] }): string {
  const memberships = request.memberships?.length ? ` and ${request.memberships.length} memberships` : '';
  return `${request.users?.length ?? 0} users, ${request.groups?.length ?? 0} groups${memberships}`;
}
