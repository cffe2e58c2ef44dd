import { createHash } from 'node:crypto';
import { withQuery } from '../../client/collections';
import type { MicrosoftGraphProviderConfig } from '../../config';
import { userSelect, usesGroupMemberMode } from '../readUsers';

const isDefaultPath = (path: string | undefined, name: string) => (path ?? name).replace(/^\/+|\/+$/g, '').toLowerCase() === name;

/**
 * The settings a delta query cannot express, so a provider with any of them
 * reads everything every run. Users and groups delta take `$select` but not
 * `$filter` (other than by id), `$search`, `$expand` or another collection.
 */
export function deltaBlockers(config: MicrosoftGraphProviderConfig): string[] {
  const blockers: Array<[unknown, string]> = [
    [usesGroupMemberMode(config), 'userGroupMember'],
    [config.userFilter, 'user.filter'],
    [config.userSearch, 'user.search'],
    [config.userExpand, 'user.expand'],
    [!isDefaultPath(config.userPath, 'users'), 'user.path'],
    [config.groupFilter, 'group.filter'],
    [config.groupSearch, 'group.search'],
    [config.groupExpand, 'group.expand'],
    [!isDefaultPath(config.groupPath, 'groups'), 'group.path'],
  ];
  return blockers.filter(([set]) => set).map(([, key]) => key);
}

/** `/users/delta` tracking exactly the properties the full read selects. */
export function userDeltaQuery(config: MicrosoftGraphProviderConfig): Record<string, string> {
  return { $select: userSelect(config).join(',') };
}

/**
 * `/groups/delta` tracking the properties the full read gets, and members.
 * Without `group.select` the full read gets Graph's default properties, and so
 * does a delta query without `$select`, which then includes `members@delta`.
 */
export function groupDeltaQuery(config: MicrosoftGraphProviderConfig): Record<string, string> {
  const select = config.groupSelect?.length ? config.groupSelect : undefined;
  if (!select) return {};
  return { $select: [...select, ...(select.some(p => p.toLowerCase() === 'members') ? [] : ['members'])].join(',') };
}

/** "Sync from now": a delta link for the current state, without listing anything. */
export function latestDeltaUrls(config: MicrosoftGraphProviderConfig): { users: string; groups: string } {
  return {
    users: withQuery('/users/delta', { ...userDeltaQuery(config), $deltatoken: 'latest' }),
    groups: withQuery('/groups/delta', { ...groupDeltaQuery(config), $deltatoken: 'latest' }),
  };
}

/**
 * Everything that shapes what a read returns. A cursor made under other
 * settings (another select, photos turned on, another tenant) is not used.
 */
export function readShapeKey(config: MicrosoftGraphProviderConfig): string {
  const shape = [
    config.target,
    config.tenantId,
    userDeltaQuery(config),
    groupDeltaQuery(config),
    config.loadUserPhotos !== false,
    config.photoSize,
    config.includeGuests,
    config.includeDisabled,
  ];
  return createHash('sha256').update(JSON.stringify(shape)).digest('hex').slice(0, 24);
}
