import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Client, Group } from '@okta/okta-sdk-nodejs';
import { listGroupMemberIds } from '../client/listGroupMemberIds';

/** What reading a group's members needs of a listed group, so the SDK object need not be kept. */
export interface GroupRef {
  id: string;
  /** `profile.name` as Okta gave it, for messages. */
  name?: unknown;
  /** How many members Okta says the group has (`expand=stats`), when it says. */
  reportedMembers?: number;
}

/** The parts of an SDK group a member read needs. */
export function groupRef(group: Group): GroupRef {
  return { id: group.id!, name: group.profile?.name, reportedMembers: reportedMemberCount(group) };
}

/** How many members Okta says the group has (`expand=stats`), when it says. */
export function reportedMemberCount(group: Group): number | undefined {
  const count = group._embedded?.stats?.usersCount;
  return typeof count === 'number' && Number.isFinite(count) ? count : undefined;
}

/** A group's name and id, as errors and logs show it. */
export function describeGroup(group: GroupRef): string {
  return `group ${JSON.stringify(String(group.name ?? ''))} (${group.id})`;
}

/**
 * The ids of a group's members. An empty list from a group Okta counts
 * members in is not taken as "no members" (that would empty the group in the
 * catalog): it is read once more, and if it is still empty the read fails.
 */
export async function readGroupMembers(
  client: Client,
  group: GroupRef,
  options: { orgUrl: string; maxMembers: number; logger: LoggerService },
): Promise<string[]> {
  const reported = group.reportedMembers ?? 0;
  const read = () => listGroupMemberIds(client, options.orgUrl, group.id, options.maxMembers);
  const ids = await read();
  if (ids.length > 0 || reported === 0) return ids;
  options.logger.warn(`${describeGroup(group)}: Okta counts ${reported} members but its member list came back empty; reading it again`);
  const again = await read();
  if (again.length > 0) return again;
  // The caller's message names the group.
  throw new Error(
    `Okta counts ${reported} members but answered the member list with none, twice; ` +
      'the list is not trusted, so nothing is applied and the group keeps its members',
  );
}
