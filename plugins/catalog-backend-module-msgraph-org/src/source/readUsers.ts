import type { Client } from '@microsoft/microsoft-graph-client';
import type { ReadBounds } from '@orgsync/plugin-catalog-org-sync-node';
import type { BatchRunner } from '../client/batchRunner';
import { enqueueListing } from '../client/batchListing';
import { forEachPage, listAll, queryParts, withQuery } from '../client/collections';
import { describeGroup } from './readGroups';
import type { MicrosoftGraphProviderConfig } from '../config';
import type { MicrosoftGraph } from '../transform/types';

/** The official module's default `$select` for users. */
export const DEFAULT_USER_SELECT = [
  'businessPhones',
  'displayName',
  'givenName',
  'id',
  'jobTitle',
  'mail',
  'mobilePhone',
  'officeLocation',
  'preferredLanguage',
  'surname',
  'userPrincipalName',
];

/** `id` and `accountEnabled` always (as the official module); `userType` when guests are excluded or must not link by mail. */
export function userSelect(config: MicrosoftGraphProviderConfig): string[] {
  const base = config.userSelect?.length ? config.userSelect : DEFAULT_USER_SELECT;
  const lower = new Set(base.map(s => s.toLowerCase()));
  const guestsTold = !config.includeGuests || (config.linksAccounts && !config.linkGuestsByMail);
  const minimum = ['id', 'accountEnabled', ...(guestsTold ? ['userType'] : [])];
  return [...base, ...minimum.filter(f => !lower.has(f.toLowerCase()))];
}

export interface ReadContext {
  client: Client;
  config: MicrosoftGraphProviderConfig;
  signal?: AbortSignal;
  /** Most objects a listing may return before the read is not trusted (from the last applied run). */
  bounds: ReadBounds;
  batches: () => BatchRunner;
  progress: (stage: string, counts: { users?: number; groups?: number }) => void;
}

/** Whether the provider reads users as members of selected groups rather than from the user list. */
export function usesGroupMemberMode(config: MicrosoftGraphProviderConfig): boolean {
  return !!(config.userGroupMemberFilter || config.userGroupMemberSearch || config.userGroupMemberPath);
}

/** All users of `user.path` (filtered, searched), 999 a page, each page handed to `onUsers` as it arrives. */
export async function readUserList(ctx: ReadContext, onUsers: (users: MicrosoftGraph.User[]) => void): Promise<void> {
  const { config } = ctx;
  let count = 0;
  await forEachPage<MicrosoftGraph.User>(
    ctx.client,
    config.userPath ?? 'users',
    { filter: config.userFilter, search: config.userSearch, select: userSelect(config), expand: config.userExpand },
    config.queryMode,
    { maxItems: ctx.bounds.maxUsers, signal: ctx.signal, onItems: onUsers, onPage: n => ctx.progress('users', { users: (count += n) }) },
  );
}

/**
 * `userGroupMember` mode: the user members of the groups that
 * `userGroupMember.{filter, search, path}` select, each page handed to
 * `onUsers` as it arrives (a user in several groups comes more than once).
 * Member lists are read through `$batch`, not one request per group.
 */
export async function readUsersInGroups(ctx: ReadContext, onUsers: (users: MicrosoftGraph.User[]) => void): Promise<void> {
  const { config } = ctx;
  const groups = await listAll<Pick<MicrosoftGraph.Group, 'id' | 'displayName'>>(
    ctx.client,
    config.userGroupMemberPath ?? 'groups',
    { filter: config.userGroupMemberFilter, search: config.userGroupMemberSearch, select: ['id', 'displayName'], expand: config.groupExpand },
    config.queryMode,
    { maxItems: ctx.bounds.maxGroups, signal: ctx.signal },
  );
  const { params, headers } = queryParts({ select: userSelect(config), expand: config.userExpand }, config.queryMode);
  const seen = new Set<string>();
  const runner = ctx.batches();
  for (const group of groups) {
    if (!group.id) continue;
    enqueueListing<MicrosoftGraph.User>(runner, withQuery(`/groups/${group.id}/members/microsoft.graph.user`, params), {
      what: `the user members of ${describeGroup(group)}`,
      maxItems: ctx.bounds.maxUsers,
      target: config.target,
      headers,
      onItems: page => {
        onUsers(page);
        for (const user of page) if (user.id) seen.add(user.id);
        ctx.progress('users in groups', { users: seen.size });
      },
    });
  }
  await runner.run();
}
