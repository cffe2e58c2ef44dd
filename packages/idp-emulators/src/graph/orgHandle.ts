import type { GraphContext } from './context';
import type { GraphFixture, GraphGroup, GraphPhoto, GraphUser } from './fixture';

/**
 * In-process control of the emulated tenant: the same operations the admin
 * HTTP API (`/__admin/graph/...`) exposes. Every change shows up in the
 * Graph reads and in the next delta round.
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
  return {
    users: () => store.allUsers(),
    groups: () => store.allGroups(),
    members: groupId => store.memberIds(groupId),
    createUser: input => store.createUser(input),
    updateUser: (id, patch) => store.updateUser(id, patch),
    renameUser: (id, displayName) => store.updateUser(id, { displayName }),
    disableUser: id => store.updateUser(id, { accountEnabled: false }),
    enableUser: id => store.updateUser(id, { accountEnabled: true }),
    deleteUser: (id, options) => store.deleteUser(id, options),
    createGroup: (input, memberIds) => store.createGroup(input, memberIds),
    updateGroup: (id, patch) => store.updateGroup(id, patch),
    renameGroup: (id, displayName) => store.updateGroup(id, { displayName }),
    deleteGroup: (id, options) => store.deleteGroup(id, options),
    addMember: (groupId, memberId) => store.addMember(groupId, memberId),
    removeMember: (groupId, memberId) => store.removeMember(groupId, memberId),
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
