/**
 * The Okta objects records carry as `raw`: plain JSON (the engine keeps them
 * in its record store), timestamps as ISO 8601 strings. Transformers get
 * them as `OktaUser` / `OktaGroup` (timestamps as `Date`) from `toOktaUser`
 * and `toOktaGroup`.
 */
import type { OrgDelta, OrgGroupRecord, OrgUserRecord } from '@orgsync/plugin-catalog-org-sync-node';
import type { OktaGroup, OktaGroupProfile, OktaUser, OktaUserProfile } from '../oktaObjects';

type Timestamp = string | null;

/** An Okta user as plain JSON. */
export interface OktaRawUser {
  id?: string;
  status?: string;
  created?: Timestamp;
  activated?: Timestamp;
  statusChanged?: Timestamp;
  lastLogin?: Timestamp;
  lastUpdated?: Timestamp;
  passwordChanged?: Timestamp;
  type?: { id?: string };
  profile?: OktaUserProfile;
}

/** An Okta group as plain JSON. */
export interface OktaRawGroup {
  id?: string;
  type?: string;
  created?: Timestamp;
  lastUpdated?: Timestamp;
  lastMembershipUpdated?: Timestamp;
  objectClass?: string[];
  profile?: OktaGroupProfile;
}

export type OktaUserRecord = OrgUserRecord<OktaRawUser>;
export type OktaGroupRecord = OrgGroupRecord<OktaRawGroup>;
export type OktaOrgDelta = OrgDelta<OktaRawUser, OktaRawGroup>;

const USER_TIMES = ['created', 'activated', 'statusChanged', 'lastLogin', 'lastUpdated', 'passwordChanged'] as const;
const GROUP_TIMES = ['created', 'lastUpdated', 'lastMembershipUpdated'] as const;

function json<T>(value: T): T {
  return value === undefined ? value : JSON.parse(JSON.stringify(value));
}

function iso(value: unknown): Timestamp | undefined {
  if (value === undefined) return undefined;
  if (value === null) return null;
  const date = value instanceof Date ? value : new Date(String(value));
  return Number.isFinite(date.getTime()) ? date.toISOString() : null;
}

function date(value: Timestamp | undefined): Date | null | undefined {
  if (value === undefined || value === null) return value;
  const parsed = new Date(value);
  return Number.isFinite(parsed.getTime()) ? parsed : null;
}

/** The parts of an SDK (or JSON) user this module keeps, as plain JSON. */
export function rawUser(user: OktaUser): OktaRawUser {
  const raw: OktaRawUser = { id: user.id, status: user.status, type: json(user.type), profile: json(user.profile) };
  for (const key of USER_TIMES) raw[key] = iso(user[key]);
  return raw;
}

export function rawGroup(group: OktaGroup): OktaRawGroup {
  const raw: OktaRawGroup = { id: group.id, type: group.type, objectClass: json(group.objectClass), profile: json(group.profile) };
  for (const key of GROUP_TIMES) raw[key] = iso(group[key]);
  return raw;
}

/** What a user transformer receives: the raw user with `Date` timestamps. */
export function toOktaUser(raw: OktaRawUser | undefined): OktaUser {
  const user: OktaUser = { id: raw?.id, status: raw?.status, type: raw?.type, profile: raw?.profile };
  for (const key of USER_TIMES) {
    const value = date(raw?.[key]);
    if (value !== undefined) (user as Record<string, unknown>)[key] = value;
  }
  return user;
}

export function toOktaGroup(raw: OktaRawGroup | undefined): OktaGroup {
  const group: OktaGroup = { id: raw?.id, type: raw?.type, objectClass: raw?.objectClass, profile: raw?.profile };
  for (const key of GROUP_TIMES) {
    const value = date(raw?.[key]);
    if (value) group[key] = value;
  }
  return group;
}
