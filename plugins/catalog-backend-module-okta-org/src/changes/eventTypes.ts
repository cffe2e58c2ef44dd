import type { OrgChangeHints } from '@orgsync/plugin-catalog-org-sync-node';

/** The System Log event types that can change what this module emits. @public */
export const OKTA_CHANGE_EVENT_TYPES = [
  'user.lifecycle.create',
  'user.lifecycle.activate',
  'user.lifecycle.reactivate',
  'user.lifecycle.deactivate',
  'user.lifecycle.suspend',
  'user.lifecycle.unsuspend',
  'user.lifecycle.delete.initiated',
  'user.lifecycle.delete.completed',
  'user.account.update_profile',
  'group.user_membership.add',
  'group.user_membership.remove',
  'group.lifecycle.create',
  'group.lifecycle.delete',
  'group.profile.updated',
] as const;

const WANTED = new Set<string>(OKTA_CHANGE_EVENT_TYPES);

/** The System Log `filter` for those types. */
export function changeEventFilter(): string {
  return OKTA_CHANGE_EVENT_TYPES.map(type => `eventType eq "${type}"`).join(' or ');
}

/**
 * The users and groups a list of System Log events names (targets of type
 * `User` and `UserGroup` of the wanted event types). Anything else in an
 * event is ignored: the records are re-read from Okta before anything is applied.
 */
export function hintsOfLogEvents(events: readonly unknown[]): OrgChangeHints {
  const users = new Set<string>();
  const groups = new Set<string>();
  for (const event of events) {
    if (!event || typeof event !== 'object') continue;
    const { eventType, target } = event as { eventType?: unknown; target?: unknown };
    if (typeof eventType !== 'string' || !WANTED.has(eventType) || !Array.isArray(target)) continue;
    for (const t of target) {
      const { id, type } = (t ?? {}) as { id?: unknown; type?: unknown };
      if (typeof id !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(id)) continue;
      if (type === 'User') users.add(id);
      else if (type === 'UserGroup') groups.add(id);
    }
  }
  return { users: [...users], groups: [...groups] };
}
