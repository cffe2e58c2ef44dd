import type { OrgDelta, OrgGroupRecord, OrgListResult, OrgUserRecord, RecordReadContext, SourceReadContext } from '@orgsync/plugin-catalog-org-sync-node';
import type { LdapProviderConfig, LdapQueryConfig } from '../config';
import { normalizeDn } from './dn';
import { LDAP_DN_ANNOTATION, LDAP_RDN_ANNOTATION, LDAP_UUID_ANNOTATION } from '../annotations';
import type { LdapVendorProfile } from '../vendors';
import { attributeValues, type RawLdapEntry } from './rawEntry';

/** What a record of this module carries as `raw`: the entry and which `users`/`groups` query found it. @public */
export interface LdapRaw {
  query: number;
  entry: RawLdapEntry;
}

export type LdapUserRecord = OrgUserRecord<LdapRaw>;
export type LdapGroupRecord = OrgGroupRecord<LdapRaw>;
/** The engine's types as this module's source fills them (`OrgSource<LdapRaw, LdapRaw>`). */
export type LdapReadContext = SourceReadContext<LdapRaw, LdapRaw>;
export type LdapRecordReadContext = RecordReadContext<LdapRaw, LdapRaw>;
export type LdapListResult = OrgListResult<LdapRaw, LdapRaw>;
export type LdapOrgDelta = OrgDelta<LdapRaw, LdapRaw>;

export interface FoundEntry {
  query: number;
  entry: RawLdapEntry;
}

export interface BuiltRecords {
  users: LdapUserRecord[];
  groups: LdapGroupRecord[];
  /** Entries without the uuid attribute, identified by their DN instead (a rename makes them someone new). */
  withoutUuid: string[];
}

/** The record id of an entry: its uuid attribute, else its normalised DN. */
export function recordIdOf(entry: RawLdapEntry, vendor: LdapVendorProfile): string | undefined {
  return attributeValues(entry, vendor.uuidAttributeName, vendor)[0];
}

const first = (values: string[]) => values[0];
/** The official module maps an attribute only when it has exactly one value. */
const single = (values: string[]) => (values.length === 1 ? values[0] : undefined);

function annotationsOf(entry: RawLdapEntry, query: LdapQueryConfig, vendor: LdapVendorProfile, get: (name: string) => string[]): Record<string, string> {
  const out: Record<string, string> = {};
  const rdn = single(get(query.map.rdn));
  const uuid = single(get(vendor.uuidAttributeName));
  const dn = single(get(vendor.dnAttributeName));
  if (rdn !== undefined) out[LDAP_RDN_ANNOTATION] = rdn;
  if (uuid !== undefined) out[LDAP_UUID_ANNOTATION] = uuid;
  if (dn !== undefined) out[LDAP_DN_ANNOTATION] = dn;
  return out;
}

/**
 * Entries → IdP-neutral records, memberships resolved as the official module resolves them (a group's
 * `members` values, users' and groups' `memberOf` values, each naming a DN, a uuid or an RDN value) — but
 * DNs compared as the directory compares them (case, escapes, spacing), so `member: UID=Ada,OU=People,…`
 * finds `uid=ada,ou=people,…`.
 */
export interface BuildOptions {
  /**
   * Incremental reads: entries taken from the record store, and groups read again this run. A stored entry's
   * `memberOf` about a group read again may be stale — Active Directory's `memberOf` is a back-link, and removing
   * someone from a group changes the group's uSNChanged, not theirs — so it is not used for that group; the group's
   * own `member` list says who is in it now.
   */
  stale?: { storedEntries: ReadonlySet<RawLdapEntry>; rereadGroupIds: ReadonlySet<string> };
}

export function buildRecords(
  config: LdapProviderConfig,
  vendor: LdapVendorProfile,
  userEntries: FoundEntry[],
  groupEntries: FoundEntry[],
  options: BuildOptions = {},
): BuiltRecords {
  const withoutUuid: string[] = [];
  const idOf = (entry: RawLdapEntry) => {
    const id = recordIdOf(entry, vendor);
    if (id) return id;
    withoutUuid.push(entry.dn);
    return `dn:${normalizeDn(entry.dn)}`;
  };
  const targets = new EntryTargets(vendor);
  const seen = new Set<string>();
  const users: LdapUserRecord[] = [];
  const userMemberOf: UserMemberOf[] = [];
  for (const { query: q, entry } of userEntries) {
    const query = config.users[q];
    const id = idOf(entry);
    if (seen.has(`u:${id}`)) continue;
    seen.add(`u:${id}`);
    const get = (name: string) => attributeValues(entry, name, vendor);
    users.push(userRecordOf(config, vendor, { id, query: q, entry }, get));
    targets.add('user', id, entry, query);
    if (query.map.memberOf) userMemberOf.push({ userId: id, values: get(query.map.memberOf), entry });
  }
  const groupLinks: GroupLinks[] = [];
  for (const { query: q, entry } of groupEntries) {
    const query = config.groups[q];
    const id = idOf(entry);
    if (seen.has(`g:${id}`)) continue;
    seen.add(`g:${id}`);
    const get = (name: string) => attributeValues(entry, name, vendor);
    const record = groupRecordOf(config, vendor, { id, query: q, entry }, get);
    targets.add('group', id, entry, query);
    groupLinks.push({ record, entry, members: query.map.members ? get(query.map.members) : [], memberOf: query.map.memberOf ? get(query.map.memberOf) : [] });
  }
  const groups = groupLinks.map(link => link.record);
  linkMembers(targets, groups, groupLinks, userMemberOf, options);
  return { users, groups, withoutUuid };
}

type EntryKind = 'user' | 'group';
type EntryTarget = { kind: EntryKind; id: string };
type AttributeReader = (name: string) => string[];
interface UserMemberOf {
  userId: string;
  values: string[];
  entry: RawLdapEntry;
}
interface GroupLinks {
  record: LdapGroupRecord;
  entry: RawLdapEntry;
  members: string[];
  memberOf: string[];
}

/** The entries read, found by the values that name them in membership attributes: a DN, a uuid or an RDN value. */
class EntryTargets {
  private readonly byDn = new Map<string, EntryTarget>();
  private readonly byKey = new Map<string, EntryTarget>();

  constructor(private readonly vendor: LdapVendorProfile) {}

  add(kind: EntryKind, id: string, entry: RawLdapEntry, query: LdapQueryConfig): void {
    const target = { kind, id };
    this.byDn.set(normalizeDn(entry.dn), target);
    for (const dn of attributeValues(entry, this.vendor.dnAttributeName, this.vendor)) this.byDn.set(normalizeDn(dn), target);
    this.byKey.set(`uuid:${id}`, target);
    for (const rdn of attributeValues(entry, query.map.rdn, this.vendor)) {
      if (!this.byKey.has(`rdn:${kind}:${rdn.toLowerCase()}`)) this.byKey.set(`rdn:${kind}:${rdn.toLowerCase()}`, target);
    }
  }

  /** The entry a value names (of `kind`, when given). */
  resolve(value: string, kind?: EntryKind): EntryTarget | undefined {
    const lower = value.toLowerCase();
    const found =
      this.byDn.get(normalizeDn(value)) ??
      this.byKey.get(`uuid:${value}`) ??
      (kind ? this.byKey.get(`rdn:${kind}:${lower}`) : (this.byKey.get(`rdn:user:${lower}`) ?? this.byKey.get(`rdn:group:${lower}`)));
    return found && (!kind || found.kind === kind) ? found : undefined;
  }
}

function userRecordOf(config: LdapProviderConfig, vendor: LdapVendorProfile, found: FoundEntry & { id: string }, get: AttributeReader): LdapUserRecord {
  const query = config.users[found.query];
  const disabled = vendor.disabledReason(get);
  const name = first(get(query.map.name));
  return {
    id: found.id,
    login: name,
    email: first(get(query.map.email ?? '')),
    displayName: first(get(query.map.displayName ?? '')),
    picture: first(get(query.map.picture ?? '')),
    active: !disabled || config.includeDisabledUsers,
    inactiveReason: disabled,
    annotations: annotationsOf(found.entry, query, vendor, get),
    // The directory's administrators own mail: as a linked source (linkTo) every value counts as a verified email.
    identityClaims: { verifiedEmails: get(query.map.email ?? ''), where: `LDAP directory ${config.target}` },
    raw: { query: found.query, entry: found.entry },
    attributes: { name },
  };
}

/** A group's record, its member lists empty until `linkMembers`. */
function groupRecordOf(config: LdapProviderConfig, vendor: LdapVendorProfile, found: FoundEntry & { id: string }, get: AttributeReader): LdapGroupRecord {
  const query = config.groups[found.query];
  return {
    id: found.id,
    name: first(get(query.map.name)),
    displayName: first(get(query.map.displayName ?? '')),
    description: first(get(query.map.description ?? '')),
    email: first(get(query.map.email ?? '')),
    picture: first(get(query.map.picture ?? '')),
    type: single(get(query.map.type ?? '')),
    annotations: annotationsOf(found.entry, query, vendor, get),
    raw: { query: found.query, entry: found.entry },
    memberUserIds: [],
    memberGroupIds: [],
  };
}

/** Fills the groups' member lists from groups' `members`, then groups' and users' `memberOf` (stale claims left out, see `BuildOptions`). */
function linkMembers(targets: EntryTargets, groups: LdapGroupRecord[], groupLinks: GroupLinks[], userMemberOf: UserMemberOf[], options: BuildOptions): void {
  const staleClaim = (claimant: RawLdapEntry, groupId: string) => Boolean(options.stale?.storedEntries.has(claimant) && options.stale.rereadGroupIds.has(groupId));
  const groupById = new Map(groups.map(g => [g.id, g]));
  const addMember = (group: LdapGroupRecord | undefined, kind: EntryKind, id: string) => {
    if (!group || (kind === 'group' && id === group.id)) return;
    const list = kind === 'user' ? group.memberUserIds! : group.memberGroupIds!;
    if (!list.includes(id)) list.push(id);
  };
  for (const { record, entry, members, memberOf } of groupLinks) {
    for (const value of members) {
      if (!value) continue; // groupOfNames' placeholder member (the empty DN)
      const target = targets.resolve(value);
      if (target) addMember(record, target.kind, target.id);
    }
    for (const value of memberOf) {
      const parent = targets.resolve(value, 'group');
      if (parent && !staleClaim(entry, parent.id)) addMember(groupById.get(parent.id), 'group', record.id);
    }
  }
  for (const { userId, values, entry } of userMemberOf) {
    for (const value of values) {
      const group = targets.resolve(value, 'group');
      if (group && !staleClaim(entry, group.id)) addMember(groupById.get(group.id), 'user', userId);
    }
  }
}
