import { createHash } from 'node:crypto';
import type { JsonValue } from '@orgsync/plugin-catalog-org-sync-node';
import type { OktaProviderConfig } from '../config';

/**
 * What the Okta source keeps between runs: each group's member list as Okta
 * returned it, with the `lastMembershipUpdated` it was read under. A group
 * whose `lastMembershipUpdated` is unchanged has the same members, so its
 * member list need not be read again.
 *
 * Member lists are kept unfiltered (users the user list did not return
 * included): such a user may come back (reactivated, or inside the filter
 * again) without the group's membership changing.
 */
// A type, not an interface, so it is assignable to JsonValue.
export type MemberCursor = {
  version: typeof CURSOR_VERSION;
  /** The settings that decide what is read; another value means another read. */
  configKey: string;
  groups: Record<string, { lastMembershipUpdated: string; members: string[] }>;
};

const CURSOR_VERSION = 1;

/** A key of the settings that shape the read: a change of any of them makes the cursor unusable. */
export function readConfigKey(config: OktaProviderConfig): string {
  const { orgUrl, users, groups } = config;
  const shape = {
    orgUrl,
    users: { filter: users.filter ?? null, search: users.search ?? null, statuses: [...users.statuses].sort() },
    groups: { filter: groups.filter ?? null, search: groups.search ?? null },
  };
  return createHash('sha256').update(JSON.stringify(shape)).digest('hex').slice(0, 32);
}

/** The previous run's cursor when it belongs to this version and config; otherwise undefined (read everything). */
export function usableCursor(cursor: JsonValue | undefined, configKey: string): MemberCursor | undefined {
  if (!isJsonObject(cursor)) return undefined;
  const { version, configKey: key, groups } = cursor;
  if (version !== CURSOR_VERSION || key !== configKey) return undefined;
  if (!isJsonObject(groups)) return undefined;
  // A malformed entry is left out: its group's members are read again.
  const entries: MemberCursor['groups'] = {};
  for (const [groupId, entry] of Object.entries(groups)) {
    const members = memberEntryOf(entry);
    if (members) entries[groupId] = members;
  }
  return { version: CURSOR_VERSION, configKey, groups: entries };
}

type JsonObject = { [key: string]: JsonValue };

function isJsonObject(value: JsonValue | undefined): value is JsonObject {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}

function memberEntryOf(entry: JsonValue): MemberCursor['groups'][string] | undefined {
  if (!isJsonObject(entry)) return undefined;
  const { lastMembershipUpdated, members } = entry;
  if (typeof lastMembershipUpdated !== 'string' || !Array.isArray(members)) return undefined;
  return members.every((id): id is string => typeof id === 'string') ? { lastMembershipUpdated, members } : undefined;
}

/**
 * The members a previous run read for a group, when its membership has not
 * changed since; undefined when they must be read (new group, changed or
 * missing `lastMembershipUpdated`, malformed entry, or an empty list for a
 * group Okta now counts members in: an empty answer must not be reused
 * run after run until the membership happens to change).
 */
export function unchangedMembers(
  cursor: MemberCursor | undefined,
  groupId: string,
  lastMembershipUpdated: string | undefined,
  reportedMemberCount?: number,
): string[] | undefined {
  if (!cursor || !lastMembershipUpdated || !Object.prototype.hasOwnProperty.call(cursor.groups, groupId)) return undefined;
  const entry = cursor.groups[groupId];
  if (entry?.lastMembershipUpdated !== lastMembershipUpdated) return undefined;
  const { members } = entry;
  if (!Array.isArray(members) || !members.every(id => typeof id === 'string')) return undefined;
  if (members.length === 0 && (reportedMemberCount ?? 0) > 0) return undefined;
  return members;
}

/** `lastMembershipUpdated` as an ISO string (the SDK parses it into a Date), or undefined. */
export function membershipStamp(value: unknown): string | undefined {
  const date = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : undefined;
  return date && Number.isFinite(date.getTime()) ? date.toISOString() : undefined;
}

/** The cursor for the next run: every listed group with a `lastMembershipUpdated`, and its members. */
export function nextCursor(
  configKey: string,
  groups: Array<{ id: string; lastMembershipUpdated: string | undefined; members: string[] }>,
): MemberCursor {
  const entries: MemberCursor['groups'] = {};
  for (const { id, lastMembershipUpdated, members } of groups) {
    // Without a stamp the group is read every run anyway.
    if (lastMembershipUpdated) entries[id] = { lastMembershipUpdated, members };
  }
  return { version: CURSOR_VERSION, configKey, groups: entries };
}
