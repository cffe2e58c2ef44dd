import type { OktaFixture, OktaGroup, OktaGroupProfile, OktaGroupType, OktaUser, OktaUserProfile, OktaUserStatus } from './fixture';
import { oktaId } from './ids';

/** A failed admin operation, with the HTTP status the admin API answers. */
export class OktaAdminError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

interface Entry<T> {
  /** Position in list order; cursors name it, so deletions never shift a page. */
  seq: number;
  value: T;
}

export interface NewOktaUser {
  profile: Partial<OktaUserProfile> & { login: string };
  /** Default ACTIVE. */
  status?: OktaUserStatus;
  id?: string;
  /** Groups to add the new user to. */
  groupIds?: string[];
}

export interface NewOktaGroup {
  profile: Partial<OktaGroupProfile> & { name: string };
  /** Default OKTA_GROUP. */
  type?: OktaGroupType;
  id?: string;
  /** Initial member user ids. */
  userIds?: string[];
}

/** The page of a list after `afterSeq`, and the cursor of the next page if there is one. */
export interface Page<T> {
  items: T[];
  nextSeq?: number;
}

const USER_STATUSES = new Set<OktaUserStatus>([
  'STAGED',
  'PROVISIONED',
  'ACTIVE',
  'RECOVERY',
  'LOCKED_OUT',
  'PASSWORD_EXPIRED',
  'SUSPENDED',
  'DEPROVISIONED',
]);
const STATUS_WITHOUT_ACTIVATION = new Set<OktaUserStatus>(['STAGED']);

/** The emulated org: users, groups and memberships, with Okta's timestamp bookkeeping on every change. */
export class OktaOrgStore {
  private nextSeq = 1;
  private userList: Entry<OktaUser>[] = [];
  private groupList: Entry<OktaGroup>[] = [];
  private readonly usersById = new Map<string, Entry<OktaUser>>();
  private readonly groupsById = new Map<string, Entry<OktaGroup>>();
  private readonly members = new Map<string, Set<string>>();
  private readonly userTypeId: string;
  /** When true every list reads empty and every lookup 404s (the org itself is unchanged). */
  readEmpty = false;

  constructor(fixture: OktaFixture) {
    for (const user of fixture.users) this.insertUser(structuredClone(stripLinks(user)));
    for (const group of fixture.groups) this.insertGroup(structuredClone(stripLinks(group)));
    for (const [groupId, userIds] of Object.entries(fixture.memberships)) {
      const set = this.members.get(groupId);
      if (!set) throw new Error(`fixture memberships name unknown group ${groupId}`);
      for (const userId of userIds) {
        if (!this.usersById.has(userId)) throw new Error(`fixture group ${groupId} names unknown user ${userId}`);
        set.add(userId);
      }
    }
    this.userTypeId = fixture.users[0]?.type.id ?? oktaId('oty');
  }

  // ---- reads ----

  users(): OktaUser[] {
    return this.userList.map(e => e.value);
  }

  groups(): OktaGroup[] {
    return this.groupList.map(e => e.value);
  }

  /** Member user ids of a group, in list order. */
  memberIds(groupId: string): string[] {
    const set = this.members.get(groupId);
    if (!set) throw new OktaAdminError(404, `no group ${groupId}`);
    return [...set].map(id => this.usersById.get(id)!).sort((a, b) => a.seq - b.seq).map(e => e.value.id);
  }

  /** By id, then login (exact, then case-insensitive), then login short name when unambiguous. */
  findUser(idOrLogin: string): OktaUser | undefined {
    const byId = this.usersById.get(idOrLogin);
    if (byId) return byId.value;
    const lower = idOrLogin.toLowerCase();
    const exact = this.userList.find(e => e.value.profile.login === idOrLogin);
    if (exact) return exact.value;
    const insensitive = this.userList.filter(e => e.value.profile.login.toLowerCase() === lower);
    if (insensitive.length === 1) return insensitive[0].value;
    if (idOrLogin.includes('@')) return undefined;
    const short = this.userList.filter(e => e.value.profile.login.toLowerCase().split('@')[0] === lower);
    return short.length === 1 ? short[0].value : undefined;
  }

  findGroup(id: string): OktaGroup | undefined {
    return this.groupsById.get(id)?.value;
  }

  memberCount(groupId: string): number {
    return this.members.get(groupId)?.size ?? 0;
  }

  pageUsers(predicate: (user: OktaUser) => boolean, afterSeq: number, limit: number): Page<OktaUser> {
    return page(this.userList, predicate, afterSeq, limit);
  }

  pageGroups(predicate: (group: OktaGroup) => boolean, afterSeq: number, limit: number): Page<OktaGroup> {
    return page(this.groupList, predicate, afterSeq, limit);
  }

  pageMembers(groupId: string, afterSeq: number, limit: number): Page<OktaUser> {
    const set = this.members.get(groupId) ?? new Set<string>();
    const entries = [...set].map(id => this.usersById.get(id)!).sort((a, b) => a.seq - b.seq);
    return page(entries, () => true, afterSeq, limit);
  }

  /** The whole org as a fixture (deep copy). */
  toFixture(): OktaFixture {
    const memberships: Record<string, string[]> = {};
    for (const { value } of this.groupList) memberships[value.id] = this.memberIds(value.id);
    return structuredClone({ users: this.users(), groups: this.groups(), memberships });
  }

  // ---- user mutations ----

  createUser(input: NewOktaUser): OktaUser {
    if (!input?.profile?.login) throw new OktaAdminError(400, 'profile.login is required');
    if (this.userList.some(e => e.value.profile.login.toLowerCase() === input.profile.login.toLowerCase())) {
      throw new OktaAdminError(409, `login ${input.profile.login} already exists`);
    }
    const id = input.id ?? this.freshId('00u');
    if (this.usersById.has(id)) throw new OktaAdminError(409, `user ${id} already exists`);
    const status = input.status ?? 'ACTIVE';
    const now = timestamp();
    const activated = STATUS_WITHOUT_ACTIVATION.has(status) ? null : now;
    const hasPassword = status !== 'STAGED' && status !== 'PROVISIONED';
    const email = input.profile.email;
    const user: OktaUser = {
      id,
      status,
      created: now,
      activated,
      statusChanged: activated,
      lastLogin: null,
      lastUpdated: now,
      passwordChanged: hasPassword ? now : null,
      type: { id: this.userTypeId },
      profile: { firstName: null, lastName: null, mobilePhone: null, secondEmail: null, ...input.profile },
      credentials: {
        ...(hasPassword ? { password: {} } : {}),
        ...(email ? { emails: [{ value: email, status: 'VERIFIED' as const, type: 'PRIMARY' as const }] } : {}),
        provider: { type: 'OKTA', name: 'OKTA' },
      },
    };
    this.insertUser(user);
    const everyone = this.groupList.filter(e => e.value.type === 'BUILT_IN' && e.value.profile.name === 'Everyone');
    for (const groupId of [...everyone.map(e => e.value.id), ...(input.groupIds ?? [])]) this.addMember(groupId, id);
    return user;
  }

  /** Merges `patch` into the profile, as Okta's partial profile update (POST) does. */
  updateUserProfile(id: string, patch: Partial<OktaUserProfile>): OktaUser {
    const user = this.user(id);
    if (patch.login !== undefined && patch.login !== user.profile.login && this.findUser(patch.login)) {
      throw new OktaAdminError(409, `login ${patch.login} already exists`);
    }
    user.profile = { ...user.profile, ...patch };
    if (patch.email && user.credentials.emails) user.credentials.emails[0].value = patch.email;
    user.lastUpdated = timestamp();
    return user;
  }

  renameUser(id: string, displayName: string): OktaUser {
    return this.updateUserProfile(id, { displayName });
  }

  setUserStatus(id: string, status: OktaUserStatus): OktaUser {
    if (!USER_STATUSES.has(status)) throw new OktaAdminError(400, `unknown status ${status}`);
    const user = this.user(id);
    if (user.status === status) return user;
    const now = timestamp();
    user.status = status;
    user.statusChanged = now;
    user.lastUpdated = now;
    if (status === 'ACTIVE' && !user.activated) user.activated = now;
    return user;
  }

  deactivateUser(id: string): OktaUser {
    return this.setUserStatus(id, 'DEPROVISIONED');
  }

  suspendUser(id: string): OktaUser {
    return this.setUserStatus(id, 'SUSPENDED');
  }

  unsuspendUser(id: string): OktaUser {
    return this.setUserStatus(id, 'ACTIVE');
  }

  activateUser(id: string): OktaUser {
    return this.setUserStatus(id, 'ACTIVE');
  }

  /** Deletes outright (Okta itself first needs the user DEPROVISIONED; the admin API does not insist). */
  deleteUser(id: string): void {
    const entry = this.usersById.get(this.user(id).id)!;
    const now = timestamp();
    for (const [groupId, set] of this.members) {
      if (set.delete(entry.value.id)) this.groupsById.get(groupId)!.value.lastMembershipUpdated = now;
    }
    this.usersById.delete(entry.value.id);
    this.userList = this.userList.filter(e => e !== entry);
  }

  // ---- group mutations ----

  createGroup(input: NewOktaGroup): OktaGroup {
    if (!input?.profile?.name) throw new OktaAdminError(400, 'profile.name is required');
    const type = input.type ?? 'OKTA_GROUP';
    if (type === 'OKTA_GROUP' && this.groupList.some(e => e.value.type === 'OKTA_GROUP' && e.value.profile.name === input.profile.name)) {
      throw new OktaAdminError(409, `an OKTA_GROUP named ${input.profile.name} already exists`);
    }
    const id = input.id ?? this.freshId('00g');
    if (this.groupsById.has(id)) throw new OktaAdminError(409, `group ${id} already exists`);
    const now = timestamp();
    const group: OktaGroup = {
      id,
      created: now,
      lastUpdated: now,
      lastMembershipUpdated: now,
      objectClass: ['okta:user_group'],
      type,
      profile: { description: null, ...input.profile },
    };
    this.insertGroup(group);
    for (const userId of input.userIds ?? []) this.addMember(id, userId);
    return group;
  }

  updateGroupProfile(id: string, patch: Partial<OktaGroupProfile>): OktaGroup {
    const group = this.group(id);
    group.profile = { ...group.profile, ...patch };
    group.lastUpdated = timestamp();
    return group;
  }

  renameGroup(id: string, name: string): OktaGroup {
    return this.updateGroupProfile(id, { name });
  }

  deleteGroup(id: string): void {
    const group = this.group(id);
    this.groupsById.delete(group.id);
    this.members.delete(group.id);
    this.groupList = this.groupList.filter(e => e.value !== group);
  }

  /** Adds a membership; returns false when it already existed. */
  addMember(groupId: string, userId: string): boolean {
    const group = this.group(groupId);
    const user = this.user(userId);
    const set = this.members.get(group.id)!;
    if (set.has(user.id)) return false;
    set.add(user.id);
    group.lastMembershipUpdated = timestamp();
    return true;
  }

  /** Removes a membership; returns false when there was none. */
  removeMember(groupId: string, userId: string): boolean {
    const group = this.group(groupId);
    const user = this.user(userId);
    if (!this.members.get(group.id)!.delete(user.id)) return false;
    group.lastMembershipUpdated = timestamp();
    return true;
  }

  // ---- internals ----

  private user(idOrLogin: string): OktaUser {
    const user = this.findUser(idOrLogin);
    if (!user) throw new OktaAdminError(404, `no user ${idOrLogin}`);
    return user;
  }

  private group(id: string): OktaGroup {
    const group = this.findGroup(id);
    if (!group) throw new OktaAdminError(404, `no group ${id}`);
    return group;
  }

  private insertUser(user: OktaUser): void {
    if (this.usersById.has(user.id)) throw new Error(`duplicate user id ${user.id}`);
    const entry = { seq: this.nextSeq++, value: user };
    this.userList.push(entry);
    this.usersById.set(user.id, entry);
  }

  private insertGroup(group: OktaGroup): void {
    if (this.groupsById.has(group.id)) throw new Error(`duplicate group id ${group.id}`);
    const entry = { seq: this.nextSeq++, value: group };
    this.groupList.push(entry);
    this.groupsById.set(group.id, entry);
    this.members.set(group.id, new Set());
  }

  private freshId(prefix: '00u' | '00g'): string {
    let id = oktaId(prefix);
    while (this.usersById.has(id) || this.groupsById.has(id)) id = oktaId(prefix);
    return id;
  }
}

function page<T>(entries: Entry<T>[], predicate: (value: T) => boolean, afterSeq: number, limit: number): Page<T> {
  let start = lowerBound(entries, afterSeq);
  const items: T[] = [];
  let lastSeq = afterSeq;
  while (start < entries.length && items.length < limit) {
    const entry = entries[start++];
    if (!predicate(entry.value)) continue;
    items.push(entry.value);
    lastSeq = entry.seq;
  }
  // A next page is announced only when another matching item follows.
  while (start < entries.length && !predicate(entries[start].value)) start++;
  return { items, nextSeq: items.length === limit && start < entries.length ? lastSeq : undefined };
}

/** Index of the first entry with seq > afterSeq (entries are sorted by seq). */
function lowerBound<T>(entries: Entry<T>[], afterSeq: number): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (entries[mid].seq <= afterSeq) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function stripLinks<T extends { _links?: unknown; _embedded?: unknown }>(value: T): T {
  const copy = { ...value };
  delete copy._links;
  delete copy._embedded;
  return copy;
}

function timestamp(): string {
  return new Date().toISOString();
}
