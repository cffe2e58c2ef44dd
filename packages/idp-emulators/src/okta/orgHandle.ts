import type { OktaAuth } from './auth';
import type { OktaFixture, OktaGroup, OktaGroupProfile, OktaUser, OktaUserProfile, OktaUserStatus } from './fixture';
import type { NewOktaGroup, NewOktaUser, OktaOrgStore } from './store';

/**
 * Changes the emulated org between syncs, in-process. Every method has an
 * admin HTTP route (`/__admin/okta/...`, see docs/okta.md). Users can be
 * named by id or login. Failures throw `OktaAdminError` (with `.status`).
 */
export interface OktaOrgHandle {
  /** The whole org as a fixture (deep copy). */
  fixture(): OktaFixture;
  users(): OktaUser[];
  groups(): OktaGroup[];
  memberIds(groupId: string): string[];
  findUser(idOrLogin: string): OktaUser | undefined;
  findGroup(id: string): OktaGroup | undefined;

  createUser(input: NewOktaUser): OktaUser;
  updateUserProfile(idOrLogin: string, patch: Partial<OktaUserProfile>): OktaUser;
  renameUser(idOrLogin: string, displayName: string): OktaUser;
  setUserStatus(idOrLogin: string, status: OktaUserStatus): OktaUser;
  deactivateUser(idOrLogin: string): OktaUser;
  suspendUser(idOrLogin: string): OktaUser;
  unsuspendUser(idOrLogin: string): OktaUser;
  activateUser(idOrLogin: string): OktaUser;
  deleteUser(idOrLogin: string): void;

  createGroup(input: NewOktaGroup): OktaGroup;
  updateGroupProfile(id: string, patch: Partial<OktaGroupProfile>): OktaGroup;
  renameGroup(id: string, name: string): OktaGroup;
  deleteGroup(id: string): void;
  addMember(groupId: string, userIdOrLogin: string): boolean;
  removeMember(groupId: string, userIdOrLogin: string): boolean;

  /** While true, every list answers empty and every lookup 404s; returns the new setting. */
  setReadEmpty(empty: boolean): boolean;
  isReadEmpty(): boolean;
  /** Invalidates every issued OAuth access token (the SSWS token stays valid); returns how many were live. */
  revokeAccessTokens(): number;
}

export function createOrgHandle(store: OktaOrgStore, auth: OktaAuth): OktaOrgHandle {
  return {
    fixture: () => store.toFixture(),
    users: () => structuredClone(store.users()),
    groups: () => structuredClone(store.groups()),
    memberIds: groupId => store.memberIds(groupId),
    findUser: idOrLogin => clone(store.findUser(idOrLogin)),
    findGroup: id => clone(store.findGroup(id)),
    createUser: input => clone(store.createUser(input)),
    updateUserProfile: (id, patch) => clone(store.updateUserProfile(id, patch)),
    renameUser: (id, displayName) => clone(store.renameUser(id, displayName)),
    setUserStatus: (id, status) => clone(store.setUserStatus(id, status)),
    deactivateUser: id => clone(store.deactivateUser(id)),
    suspendUser: id => clone(store.suspendUser(id)),
    unsuspendUser: id => clone(store.unsuspendUser(id)),
    activateUser: id => clone(store.activateUser(id)),
    deleteUser: id => store.deleteUser(id),
    createGroup: input => clone(store.createGroup(input)),
    updateGroupProfile: (id, patch) => clone(store.updateGroupProfile(id, patch)),
    renameGroup: (id, name) => clone(store.renameGroup(id, name)),
    deleteGroup: id => store.deleteGroup(id),
    addMember: (groupId, userId) => store.addMember(groupId, userId),
    removeMember: (groupId, userId) => store.removeMember(groupId, userId),
    setReadEmpty: empty => (store.readEmpty = empty),
    isReadEmpty: () => store.readEmpty,
    revokeAccessTokens: () => auth.revokeAccessTokens(),
  };
}

function clone<T>(value: T): T {
  return structuredClone(value);
}
