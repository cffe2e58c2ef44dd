import type { OktaAuth } from './auth';
import type { OktaFixture, OktaGroup, OktaGroupProfile, OktaUser, OktaUserProfile, OktaUserStatus } from './fixture';
import type { OktaEventHookDelivery, OktaEventHooks } from './eventHooks';
import type { OktaLogEvent } from './logEvent';
import { ChangeRecorder, statusEventType } from './recordChanges';
import type { NewOktaGroup, NewOktaUser, OktaOrgStore } from './store';
import type { OktaSystemLog } from './systemLog';

/**
 * Changes the emulated org between syncs, in-process. Every method has an
 * admin HTTP route (`/__admin/okta/...`, see docs/okta.md). Users can be
 * named by id or login. Failures throw `OktaAdminError` (with `.status`).
 * Every change is recorded in the System Log with Okta's event types (and
 * so delivered to the subscribed Event Hooks).
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
  /** DEPROVISIONED → ACTIVE (`user.lifecycle.reactivate`). */
  reactivateUser(idOrLogin: string): OktaUser;
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

  /** Every System Log event recorded since the emulator started, oldest first. */
  logEvents(): OktaLogEvent[];
  /** Every Event Hook verification and delivery sent so far. */
  eventHookDeliveries(): OktaEventHookDelivery[];
  /** Resolves once every Event Hook delivery under way has been answered or given up. */
  settleEventHooks(): Promise<void>;
}

export function createOrgHandle(store: OktaOrgStore, auth: OktaAuth, log: OktaSystemLog, hooks: OktaEventHooks): OktaOrgHandle {
  const changes = new ChangeRecorder(store, log);
  const withStatus = (id: string, change: (id: string) => OktaUser): OktaUser => {
    const before = store.findUser(id)?.status;
    const user = change(id);
    const type = before && statusEventType(before, user.status);
    if (type) changes.record([[type, [changes.user(user.id)]]]);
    return clone(user);
  };
  const profileUpdate = (id: string, update: (id: string) => OktaUser): OktaUser => {
    const user = update(id);
    changes.record([['user.account.update_profile', [changes.user(user.id)]]]);
    return clone(user);
  };
  const groupUpdate = (id: string, update: (id: string) => OktaGroup): OktaGroup => {
    const group = update(id);
    changes.record([['group.profile.updated', [changes.group(group.id)]]]);
    return clone(group);
  };
  return {
    fixture: () => store.toFixture(),
    users: () => structuredClone(store.users()),
    groups: () => structuredClone(store.groups()),
    memberIds: groupId => store.memberIds(groupId),
    findUser: idOrLogin => clone(store.findUser(idOrLogin)),
    findGroup: id => clone(store.findGroup(id)),
    createUser: input => {
      const user = store.createUser(input);
      const target = changes.user(user.id);
      const memberships = store.groups().filter(g => store.memberIds(g.id).includes(user.id));
      changes.record([
        ['user.lifecycle.create', [target]],
        ...(user.status === 'ACTIVE' ? [['user.lifecycle.activate', [target]] as const] : []),
        ...memberships.map(g => ['group.user_membership.add', [target, changes.group(g.id)]] as const),
      ]);
      return clone(user);
    },
    updateUserProfile: (id, patch) => profileUpdate(id, i => store.updateUserProfile(i, patch)),
    renameUser: (id, displayName) => profileUpdate(id, i => store.renameUser(i, displayName)),
    setUserStatus: (id, status) => withStatus(id, i => store.setUserStatus(i, status)),
    deactivateUser: id => withStatus(id, i => store.deactivateUser(i)),
    suspendUser: id => withStatus(id, i => store.suspendUser(i)),
    unsuspendUser: id => withStatus(id, i => store.unsuspendUser(i)),
    activateUser: id => withStatus(id, i => store.activateUser(i)),
    reactivateUser: id => withStatus(id, i => store.setUserStatus(i, 'ACTIVE')),
    deleteUser: id => {
      const target = store.findUser(id) && changes.user(id);
      store.deleteUser(id);
      if (target) changes.record([['user.lifecycle.delete.initiated', [target]]]);
    },
    createGroup: input => {
      const group = store.createGroup(input);
      const target = changes.group(group.id);
      changes.record([
        ['group.lifecycle.create', [target]],
        ...store.memberIds(group.id).map(userId => ['group.user_membership.add', [changes.user(userId), target]] as const),
      ]);
      return clone(group);
    },
    updateGroupProfile: (id, patch) => groupUpdate(id, i => store.updateGroupProfile(i, patch)),
    renameGroup: (id, name) => groupUpdate(id, i => store.renameGroup(i, name)),
    deleteGroup: id => {
      const target = store.findGroup(id) && changes.group(id);
      store.deleteGroup(id);
      if (target) changes.record([['group.lifecycle.delete', [target]]]);
    },
    addMember: (groupId, userId) => {
      const added = store.addMember(groupId, userId);
      if (added) changes.record([['group.user_membership.add', [changes.user(userId), changes.group(groupId)]]]);
      return added;
    },
    removeMember: (groupId, userId) => {
      const removed = store.removeMember(groupId, userId);
      if (removed) changes.record([['group.user_membership.remove', [changes.user(userId), changes.group(groupId)]]]);
      return removed;
    },
    setReadEmpty: empty => (store.readEmpty = empty),
    isReadEmpty: () => store.readEmpty,
    revokeAccessTokens: () => auth.revokeAccessTokens(),
    logEvents: () => structuredClone(log.all()),
    eventHookDeliveries: () => hooks.deliveries(),
    settleEventHooks: () => hooks.settle(),
  };
}

function clone<T>(value: T): T {
  return structuredClone(value);
}
