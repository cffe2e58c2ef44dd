import type { GraphContext } from './context';
import type { GraphFixture, GraphGroup, GraphPhoto, GraphUser } from './fixture';
import type { DirectoryChange } from './subscriptions/types';

/**
 * In-process control of the emulated tenant: the same operations the admin
 * HTTP API (`/__admin/graph/...`) exposes. Every change shows up in the
 * Graph reads, in the next delta round, and as change notifications to the
 * live subscriptions.
 */
export interface GraphOrgHandle {
  users(): GraphUser[];
  groups(): GraphGroup[];
  /** Direct member ids of a group. */
  members(groupId: string): string[];
  createUser(input: Partial<GraphUser> & { displayName: string }): GraphUser;
  updateUser(id: string, patch: Partial<GraphUser>): GraphUser;
  renameUser(id: string, displayName: string): GraphUser;
  /** `accountEnabled: false` — how Entra shows a suspended / deprovisioned person. */
  disableUser(id: string): GraphUser;
  enableUser(id: string): GraphUser;
  /** Soft delete by default (delta `@removed.reason: "changed"`); `permanent` gives `"deleted"`. */
  deleteUser(id: string, options?: { permanent?: boolean }): void;
  createGroup(input: Partial<GraphGroup> & { displayName: string }, memberIds?: string[]): GraphGroup;
  updateGroup(id: string, patch: Partial<GraphGroup>): GraphGroup;
  renameGroup(id: string, displayName: string): GraphGroup;
  deleteGroup(id: string, options?: { permanent?: boolean }): void;
  addMember(groupId: string, memberId: string): void;
  removeMember(groupId: string, memberId: string): void;
  setPhoto(userId: string, photo: GraphPhoto | null): void;
  /** While true, every read answers as an empty tenant. */
  setEmpty(empty: boolean): void;
  /** Invalidates every access token issued so far (Graph then answers 401). Returns how many were live. */
  revokeTokens(): number;
  /** Invalidates every delta / skip token handed out so far (Graph then answers 410 syncStateNotFound). */
  expireDeltaTokens(): void;
  /** The current tenant as a fixture. */
  fixture(): GraphFixture;
}

export function createOrgHandle(ctx: GraphContext): GraphOrgHandle {
  const { store } = ctx;
  const publish = (change: DirectoryChange) => ctx.subscriptions.publish(change);
  const updated = (resource: 'users' | 'groups', id: string): void => publish({ resource, id, changeType: 'updated' });
  const containing = (id: string) => store.allGroups().filter(g => store.memberIds(g.id).includes(id)).map(g => g.id);
  // A delete is `updated` while the object can be restored (soft delete) and `deleted` once it is gone for good,
  // and every group that held it changes too.
  const deleted = (resource: 'users' | 'groups', id: string, permanent: boolean | undefined, parents: string[]): void => {
    publish({ resource, id, changeType: permanent ? 'deleted' : 'updated' });
    for (const parent of parents) publish({ resource: 'groups', id: parent, changeType: 'updated', membersDelta: [{ id, '@removed': { reason: 'deleted' } }] });
  };
  const tap = <T>(value: T, after: (value: T) => void): T => {
    after(value);
    return value;
  };
  return {
    users: () => store.allUsers(),
    groups: () => store.allGroups(),
    members: groupId => store.memberIds(groupId),
    createUser: input => tap(store.createUser(input), user => updated('users', user.id)),
    updateUser: (id, patch) => tap(store.updateUser(id, patch), user => updated('users', user.id)),
    renameUser: (id, displayName) => tap(store.updateUser(id, { displayName }), user => updated('users', user.id)),
    disableUser: id => tap(store.updateUser(id, { accountEnabled: false }), user => updated('users', user.id)),
    enableUser: id => tap(store.updateUser(id, { accountEnabled: true }), user => updated('users', user.id)),
    deleteUser: (id, options) => {
      const userId = store.allUsers().find(u => u.id === id || u.userPrincipalName.toLowerCase() === id.toLowerCase())?.id ?? id;
      const parents = containing(userId);
      store.deleteUser(id, options);
      deleted('users', userId, options?.permanent, parents);
    },
    createGroup: (input, memberIds) => tap(store.createGroup(input, memberIds), group => updated('groups', group.id)),
    updateGroup: (id, patch) => tap(store.updateGroup(id, patch), group => updated('groups', group.id)),
    renameGroup: (id, displayName) => tap(store.updateGroup(id, { displayName }), group => updated('groups', group.id)),
    deleteGroup: (id, options) => {
      const parents = containing(id);
      store.deleteGroup(id, options);
      deleted('groups', id, options?.permanent, parents);
    },
    addMember: (groupId, memberId) => {
      store.addMember(groupId, memberId);
      publish({ resource: 'groups', id: groupId, changeType: 'updated', membersDelta: [{ id: memberId }] });
    },
    removeMember: (groupId, memberId) => {
      store.removeMember(groupId, memberId);
      publish({ resource: 'groups', id: groupId, changeType: 'updated', membersDelta: [{ id: memberId, '@removed': { reason: 'deleted' } }] });
    },
    setPhoto: (userId, photo) => store.setPhoto(userId, photo),
    setEmpty: empty => {
      store.empty = empty;
    },
    revokeTokens: () => ctx.tokens.revokeAll(),
    expireDeltaTokens: () => {
      ctx.deltaGeneration++;
    },
    fixture: () => store.toFixture(),
  };
}
