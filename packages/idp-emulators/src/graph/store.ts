import type { GraphFixture, GraphGroup, GraphOrganization, GraphPhoto, GraphUser } from './fixture';
import { notFoundError, badRequest } from './errors';
import { randomGuid } from './ids';

export type ObjectKind = 'user' | 'group';

interface UserRecord {
  kind: 'user';
  object: GraphUser;
  seq: number;
  /** Store version of the last property change (1 = loaded from the fixture). */
  version: number;
}

interface GroupRecord {
  kind: 'group';
  object: GraphGroup;
  seq: number;
  version: number;
  /** Store version of the last membership change. */
  memberVersion: number;
  members: Set<string>;
}

export type DirectoryRecord = UserRecord | GroupRecord;

export interface Tombstone {
  kind: ObjectKind;
  id: string;
  version: number;
  /** Graph's `@removed.reason`: `changed` = soft-deleted (restorable), `deleted` = gone for good. */
  reason: 'changed' | 'deleted';
}

export interface MembershipChange {
  version: number;
  groupId: string;
  memberId: string;
  memberKind: ObjectKind;
  removed: boolean;
}

/** One entry of a delta round, ordered by the version that put it there. */
export type DeltaEntry = { version: number; id: string } & ({ record: DirectoryRecord } | { tombstone: Tombstone });

/**
 * The tenant's state: users, groups, membership, photos, and the change
 * history the delta endpoints replay. Every mutation takes a new store
 * version; a delta token is "everything after version N".
 */
export class GraphStore {
  readonly tenantId: string;
  organization: GraphOrganization;
  /** When true every read sees an empty tenant (to test a sync against a bad read). */
  empty = false;
  private readonly users = new Map<string, UserRecord>();
  private readonly groups = new Map<string, GroupRecord>();
  private readonly photos = new Map<string, GraphPhoto>();
  private tombstones: Tombstone[] = [];
  private membershipLog: MembershipChange[] = [];
  /** Fixture objects are version 1, so version 0 can mean "before anything" (a full delta round). */
  private versionCounter = 1;
  private seqCounter = 0;

  constructor(fixture: GraphFixture) {
    this.tenantId = fixture.tenantId;
    this.organization = structuredClone(fixture.organization);
    for (const user of fixture.users) {
      this.users.set(user.id, { kind: 'user', object: structuredClone(user), seq: this.seqCounter++, version: 1 });
    }
    for (const group of fixture.groups) {
      this.groups.set(group.id, {
        kind: 'group',
        object: structuredClone(group),
        seq: this.seqCounter++,
        version: 1,
        memberVersion: 1,
        members: new Set(),
      });
    }
    for (const [groupId, memberIds] of Object.entries(fixture.members)) {
      const group = this.groups.get(groupId);
      if (!group) throw new Error(`fixture.members names unknown group ${groupId}`);
      for (const memberId of memberIds) {
        if (!this.users.has(memberId) && !this.groups.has(memberId)) {
          throw new Error(`fixture.members[${groupId}] names unknown member ${memberId}`);
        }
        group.members.add(memberId);
      }
    }
    for (const [userId, photo] of Object.entries(fixture.photos ?? {})) this.photos.set(userId, photo);
  }

  get version(): number {
    return this.versionCounter;
  }

  // ---- reads (all honour `empty`) ----

  listUsers(): UserRecord[] {
    return this.empty ? [] : [...this.users.values()];
  }

  listGroups(): GroupRecord[] {
    return this.empty ? [] : [...this.groups.values()];
  }

  /** By id, or for users also by userPrincipalName (case-insensitive), as Graph allows. */
  findUser(idOrUpn: string): UserRecord | undefined {
    if (this.empty) return undefined;
    const byId = this.users.get(idOrUpn);
    if (byId) return byId;
    const lower = idOrUpn.toLowerCase();
    for (const record of this.users.values()) if (record.object.userPrincipalName.toLowerCase() === lower) return record;
    return undefined;
  }

  findGroup(id: string): GroupRecord | undefined {
    return this.empty ? undefined : this.groups.get(id);
  }

  user(idOrUpn: string): UserRecord {
    const record = this.findUser(idOrUpn);
    if (!record) throw notFoundError(idOrUpn);
    return record;
  }

  group(id: string): GroupRecord {
    const record = this.findGroup(id);
    if (!record) throw notFoundError(id);
    return record;
  }

  findObject(id: string): DirectoryRecord | undefined {
    return this.findUser(id) ?? this.findGroup(id);
  }

  directMembers(groupId: string): DirectoryRecord[] {
    return [...this.group(groupId).members].map(id => this.findObject(id)).filter((r): r is DirectoryRecord => !!r);
  }

  /** Users and groups reachable through nested groups, each once. */
  transitiveMembers(groupId: string): DirectoryRecord[] {
    const seen = new Set<string>([groupId]);
    const out: DirectoryRecord[] = [];
    const queue = [groupId];
    while (queue.length > 0) {
      for (const member of this.directMembers(queue.shift()!)) {
        if (seen.has(member.object.id)) continue;
        seen.add(member.object.id);
        out.push(member);
        if (member.kind === 'group') queue.push(member.object.id);
      }
    }
    return out;
  }

  /** Groups that directly contain this object. */
  memberOf(id: string): GroupRecord[] {
    return this.listGroups().filter(g => g.members.has(id));
  }

  transitiveMemberOf(id: string): GroupRecord[] {
    const seen = new Set<string>();
    const out: GroupRecord[] = [];
    const queue = [id];
    while (queue.length > 0) {
      for (const group of this.memberOf(queue.shift()!)) {
        if (seen.has(group.object.id)) continue;
        seen.add(group.object.id);
        out.push(group);
        queue.push(group.object.id);
      }
    }
    return out;
  }

  photo(userId: string): GraphPhoto | undefined {
    const user = this.user(userId);
    return this.photos.get(user.object.id);
  }

  // ---- admin reads (ignore `empty`) ----

  allUsers(): GraphUser[] {
    return [...this.users.values()].map(r => structuredClone(r.object));
  }

  allGroups(): GraphGroup[] {
    return [...this.groups.values()].map(r => structuredClone(r.object));
  }

  memberIds(groupId: string): string[] {
    return [...this.mustGroup(groupId).members];
  }

  // ---- delta ----

  /** Users changed or removed after `since` (everything live when since = 0), ordered by version then id. */
  userDelta(since: number): DeltaEntry[] {
    if (this.empty) return [];
    const entries: DeltaEntry[] = this.listUsers()
      .filter(r => since === 0 || r.version > since)
      .map(record => ({ version: record.version, id: record.object.id, record }));
    return sortDelta([...entries, ...this.tombstonesAfter('user', since)]);
  }

  groupDelta(since: number): DeltaEntry[] {
    if (this.empty) return [];
    const entries: DeltaEntry[] = this.listGroups()
      .map(record => ({ version: Math.max(record.version, record.memberVersion), id: record.object.id, record }))
      .filter(entry => since === 0 || entry.version > since);
    return sortDelta([...entries, ...this.tombstonesAfter('group', since)]);
  }

  /** Net membership changes of a group after `since`, last change per member wins. */
  membershipChangesAfter(groupId: string, since: number): MembershipChange[] {
    const last = new Map<string, MembershipChange>();
    for (const change of this.membershipLog) {
      if (change.groupId === groupId && change.version > since) last.set(change.memberId, change);
    }
    return [...last.values()];
  }

  kindOf(id: string): ObjectKind | undefined {
    return this.users.has(id) ? 'user' : this.groups.has(id) ? 'group' : undefined;
  }

  // ---- mutations ----

  createUser(input: Partial<GraphUser> & { displayName: string }): GraphUser {
    const id = input.id ?? randomGuid();
    if (this.users.has(id) || this.groups.has(id)) throw badRequest(`Object ${id} already exists.`);
    const nickname = input.mailNickname ?? input.displayName.replace(/[^A-Za-z0-9]+/g, '.').toLowerCase();
    const domain = this.defaultDomain();
    const user: GraphUser = {
      givenName: null,
      surname: null,
      mail: null,
      accountEnabled: true,
      userType: 'Member',
      jobTitle: null,
      department: null,
      businessPhones: [],
      mobilePhone: null,
      officeLocation: null,
      preferredLanguage: null,
      employeeId: null,
      createdDateTime: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      ...input,
      id,
      mailNickname: nickname,
      userPrincipalName: input.userPrincipalName ?? `${nickname}@${domain}`,
    };
    this.users.set(id, { kind: 'user', object: user, seq: this.seqCounter++, version: this.bump() });
    return structuredClone(user);
  }

  updateUser(id: string, patch: Partial<GraphUser>): GraphUser {
    const record = this.mustUser(id);
    record.object = { ...record.object, ...patch, id: record.object.id };
    record.version = this.bump();
    return structuredClone(record.object);
  }

  deleteUser(id: string, options: { permanent?: boolean } = {}): void {
    const record = this.mustUser(id);
    const version = this.bump();
    this.removeFromAllGroups(record.object.id, 'user', version);
    this.users.delete(record.object.id);
    this.photos.delete(record.object.id);
    this.tombstones.push({ kind: 'user', id: record.object.id, version, reason: options.permanent ? 'deleted' : 'changed' });
  }

  createGroup(input: Partial<GraphGroup> & { displayName: string }, memberIds: string[] = []): GraphGroup {
    const id = input.id ?? randomGuid();
    if (this.users.has(id) || this.groups.has(id)) throw badRequest(`Object ${id} already exists.`);
    const nickname = input.mailNickname ?? input.displayName.replace(/[^A-Za-z0-9]+/g, '-').toLowerCase();
    const group: GraphGroup = {
      description: null,
      mail: null,
      mailEnabled: false,
      securityEnabled: true,
      groupTypes: [],
      visibility: null,
      createdDateTime: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      ...input,
      id,
      mailNickname: nickname,
    };
    const version = this.bump();
    this.groups.set(id, { kind: 'group', object: group, seq: this.seqCounter++, version, memberVersion: version, members: new Set() });
    for (const memberId of memberIds) this.addMember(id, memberId);
    return structuredClone(group);
  }

  updateGroup(id: string, patch: Partial<GraphGroup>): GraphGroup {
    const record = this.mustGroup(id);
    record.object = { ...record.object, ...patch, id: record.object.id };
    record.version = this.bump();
    return structuredClone(record.object);
  }

  deleteGroup(id: string, options: { permanent?: boolean } = {}): void {
    const record = this.mustGroup(id);
    const version = this.bump();
    this.removeFromAllGroups(id, 'group', version);
    this.groups.delete(id);
    this.tombstones.push({ kind: 'group', id, version, reason: options.permanent ? 'deleted' : 'changed' });
    record.members.clear();
  }

  addMember(groupId: string, memberId: string): void {
    const group = this.mustGroup(groupId);
    const memberKind = this.kindOf(memberId);
    if (!memberKind) throw notFoundError(memberId);
    if (memberId === groupId) throw badRequest('A group cannot be a member of itself.');
    if (group.members.has(memberId)) {
      throw badRequest("One or more added object references already exist for the following modified properties: 'members'.");
    }
    group.members.add(memberId);
    this.logMembership(group, memberId, memberKind, false, this.bump());
  }

  removeMember(groupId: string, memberId: string): void {
    const group = this.mustGroup(groupId);
    if (!group.members.delete(memberId)) throw notFoundError(memberId);
    this.logMembership(group, memberId, this.kindOf(memberId) ?? 'user', true, this.bump());
  }

  setPhoto(userId: string, photo: GraphPhoto | null): void {
    const record = this.mustUser(userId);
    if (photo) this.photos.set(record.object.id, photo);
    else this.photos.delete(record.object.id);
  }

  /** The current state as a fixture (what a fresh emulator would need to serve the same tenant). */
  toFixture(): GraphFixture {
    const members: Record<string, string[]> = {};
    for (const group of this.groups.values()) members[group.object.id] = [...group.members];
    return structuredClone({
      tenantId: this.tenantId,
      organization: this.organization,
      users: [...this.users.values()].map(r => r.object),
      groups: [...this.groups.values()].map(r => r.object),
      members,
      photos: Object.fromEntries(this.photos),
    });
  }

  private mustUser(idOrUpn: string): UserRecord {
    const record = this.users.get(idOrUpn) ?? [...this.users.values()].find(r => r.object.userPrincipalName.toLowerCase() === idOrUpn.toLowerCase());
    if (!record) throw notFoundError(idOrUpn);
    return record;
  }

  private mustGroup(id: string): GroupRecord {
    const record = this.groups.get(id);
    if (!record) throw notFoundError(id);
    return record;
  }

  private removeFromAllGroups(memberId: string, memberKind: ObjectKind, version: number): void {
    for (const group of this.groups.values()) {
      if (group.members.delete(memberId)) this.logMembership(group, memberId, memberKind, true, version);
    }
  }

  private logMembership(group: GroupRecord, memberId: string, memberKind: ObjectKind, removed: boolean, version: number): void {
    group.memberVersion = version;
    this.membershipLog.push({ version, groupId: group.object.id, memberId, memberKind, removed });
  }

  private tombstonesAfter(kind: ObjectKind, since: number): DeltaEntry[] {
    if (since === 0) return [];
    return this.tombstones.filter(t => t.kind === kind && t.version > since).map(tombstone => ({ version: tombstone.version, id: tombstone.id, tombstone }));
  }

  private defaultDomain(): string {
    return this.organization.verifiedDomains.find(d => d.isDefault)?.name ?? 'example.com';
  }

  private bump(): number {
    return ++this.versionCounter;
  }
}

function sortDelta(entries: DeltaEntry[]): DeltaEntry[] {
  return entries.sort((a, b) => a.version - b.version || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
