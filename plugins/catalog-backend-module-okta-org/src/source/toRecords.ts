import type { Group, GroupProfile, User } from '@okta/okta-sdk-nodejs';
import { ANNOTATION_OKTA_EMAIL, ANNOTATION_OKTA_GROUP_ID, ANNOTATION_OKTA_LOGIN, ANNOTATION_OKTA_USER_ID, profileAnnotationKey } from '../annotations';
import type { OktaProviderConfig } from '../config';
import type { OktaGroup, OktaUser } from '../oktaObjects';
import { rawGroup, rawUser, type OktaGroupRecord, type OktaUserRecord } from './rawObjects';

type Profile = Record<string, unknown>;

function text(value: unknown): string | undefined {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value !== 'string') return undefined;
  return value.trim() || undefined;
}

function profileAnnotations(profile: Profile, attributes: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const attribute of attributes) {
    const raw = profile[attribute];
    const value = Array.isArray(raw) ? raw.map(text).filter(Boolean).join(',') || undefined : text(raw);
    if (value !== undefined) out[profileAnnotationKey(attribute)] = value;
  }
  return out;
}

function withoutUndefined(values: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter((e): e is [string, string] => e[1] !== undefined));
}

// Transformers receive the SDK's objects under our published types; the compiler checks they fit.
const asOktaUser = (user: User): OktaUser => user;
// The SDK declares no custom group attributes, but keeps them at run time (see createOktaClient).
const asOktaGroup = (group: Group): OktaGroup => group as Omit<Group, 'profile'> & { profile?: GroupProfile & Record<string, unknown> };

/**
 * A user as a record, its `raw` a plain-JSON copy (no SDK instances or
 * `_links`). The neutral fields are read from that copy, so they share its
 * strings instead of holding a second copy of each.
 */
export function userRecord(user: User, config: OktaProviderConfig): OktaUserRecord {
  const raw = rawUser(asOktaUser(user));
  const profile: Profile = raw.profile ?? {};
  const email = text(profile.email);
  const login = text(profile.login);
  const picture = config.users.pictureAttribute ? text(profile[config.users.pictureAttribute]) : undefined;
  const kept = config.users.statuses.some(status => status === raw.status);
  return {
    id: raw.id!,
    login,
    email,
    displayName: text(profile.displayName),
    givenName: text(profile.firstName),
    familyName: text(profile.lastName),
    picture: picture && /^https?:\/\//i.test(picture) ? picture : undefined,
    active: kept,
    // Shown on a departed entity (leavers.mode: retain).
    inactiveReason: kept ? undefined : `status: ${String(raw.status)}`,
    employeeId: text(profile.employeeNumber),
    // The Okta org's administrators own login and email: as a linked source (linkTo) they are trusted like verified emails.
    identityClaims: { verifiedEmails: [email, login].filter((v): v is string => !!v), where: `Okta org ${config.orgUrl}` },
    annotations: {
      ...profileAnnotations(profile, config.profileAnnotations),
      ...withoutUndefined({
        [ANNOTATION_OKTA_USER_ID]: raw.id,
        [ANNOTATION_OKTA_EMAIL]: email?.toLowerCase(),
        [ANNOTATION_OKTA_LOGIN]: login,
      }),
    },
    raw,
  };
}

/** A group as a record (`raw` as for users); `memberUserIds` as given, not copied. */
export function groupRecord(group: Group, config: OktaProviderConfig, memberUserIds: string[]): OktaGroupRecord {
  const raw = rawGroup(asOktaGroup(group));
  const profile: Profile = raw.profile ?? {};
  const name = text(profile.name);
  return {
    id: raw.id!,
    name,
    displayName: name,
    description: text(profile.description),
    type: config.groups.type,
    memberUserIds,
    annotations: {
      ...profileAnnotations(profile, config.profileAnnotations),
      [ANNOTATION_OKTA_GROUP_ID]: raw.id!,
    },
    raw,
  };
}

/**
 * Sets `parentIds` of `records` from the group profile attribute that names
 * the parent, by group id or by name (exact, then case-insensitive when that
 * is unique) among `known` (the records themselves and any others, e.g. the
 * stored groups). An unresolvable value is passed on as is, so the engine
 * reports it.
 */
export function resolveParents(records: OktaGroupRecord[], known: Iterable<OktaGroupRecord>, attribute: string): void {
  const ids = new Set<string>();
  const byName = new Map<string, string>();
  const byLowerName = new Map<string, string | null>();
  for (const group of known) {
    ids.add(group.id);
    const name = text(group.raw?.profile?.name);
    if (!name) continue;
    if (!byName.has(name)) byName.set(name, group.id);
    const lower = name.toLowerCase();
    byLowerName.set(lower, byLowerName.has(lower) ? null : group.id);
  }
  for (const record of records) {
    const value = text(record.raw?.profile?.[attribute]);
    if (!value) continue;
    record.parentIds = [ids.has(value) ? value : (byName.get(value) ?? byLowerName.get(value.toLowerCase()) ?? value)];
  }
}
