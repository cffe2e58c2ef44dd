import { enqueueListing } from '../client/batchListing';
import type { InnerResponse } from '../client/batchRunner';
import { listAll, queryParts, withQuery } from '../client/collections';
import { expectOk, innerPageOf } from '../client/pages';
import type { MicrosoftGraph } from '../transform/types';
import { enqueueMembers, type GroupWithMembers } from './readGroups';
import { userSelect, usesGroupMemberMode, type ReadContext } from './readUsers';

const isDefaultPath = (path: string | undefined, name: string) => (path ?? name).replace(/^\/+|\/+$/g, '').toLowerCase() === name;

interface Scope {
  path: string;
  filter?: string;
  search?: string;
  select?: string[];
  expand?: string;
}

/**
 * One object by id, as the list read would have it: `GET /users/{id}` when
 * the list is the whole collection, else the configured list asked for that
 * id (`$filter=id eq '…' and (<filter>)`, with its `$search` and path), so
 * an object outside the filter comes back as not there. Resolves the object,
 * or undefined when Graph has none (404) or the list would not hold it.
 */
function enqueueOne<T>(ctx: ReadContext, runner: ReturnType<ReadContext['batches']>, kind: 'users' | 'groups', id: string, scope: Scope, found: Map<string, T | undefined>): void {
  const plain = isDefaultPath(scope.path, kind) && !scope.filter && !scope.search;
  const what = `${kind === 'users' ? 'user' : 'group'} ${id}`;
  if (plain) {
    const { params } = queryParts({ select: scope.select, expand: scope.expand }, 'basic');
    delete params.$top;
    runner.enqueue(withQuery(`/${kind}/${id}`, params), (response: InnerResponse) => {
      if (response.status === 404) return void found.set(id, undefined);
      expectOk(what, response);
      // A single object comes with `@odata.context`, which a list's objects do not carry.
      const body = Object.fromEntries(Object.entries(response.body as object).filter(([key]) => !key.startsWith('@odata.')));
      found.set(id, body as T);
    });
    return;
  }
  const filter = `id eq '${id}'${scope.filter ? ` and (${scope.filter})` : ''}`;
  const { params, headers } = queryParts({ filter, search: scope.search, select: scope.select, expand: scope.expand }, ctx.config.queryMode);
  runner.enqueue(
    withQuery(`/${scope.path.replace(/^\/+/, '')}`, params),
    (response: InnerResponse) => {
      const page = innerPageOf<T & { id?: string }>(what, response);
      found.set(id, page.value.find(item => item.id === id));
    },
    headers,
  );
}

/**
 * Users and groups by id, as the list read would have them (groups with
 * their complete direct member lists, read in the same `$batch`: a small
 * hint costs one request); undefined for those Graph does not have or the
 * configured read leaves out.
 */
export async function readById(
  ctx: ReadContext,
  userIds: string[],
  groupIds: string[],
): Promise<{ users: Map<string, MicrosoftGraph.User | undefined>; groups: Map<string, GroupWithMembers | undefined> }> {
  const { config } = ctx;
  const users = new Map<string, MicrosoftGraph.User | undefined>();
  const groups = new Map<string, MicrosoftGraph.Group | undefined>();
  const runner = ctx.batches();
  const userScope: Scope = usesGroupMemberMode(config)
    ? { path: 'users', select: userSelect(config), expand: config.userExpand }
    : { path: config.userPath ?? 'users', filter: config.userFilter, search: config.userSearch, select: userSelect(config), expand: config.userExpand };
  for (const id of userIds) enqueueOne(ctx, runner, 'users', id, userScope, users);
  const groupScope: Scope = { path: config.groupPath ?? 'groups', filter: config.groupFilter, search: config.groupSearch, select: config.groupSelect, expand: config.groupExpand };
  for (const id of groupIds) enqueueOne(ctx, runner, 'groups', id, groupScope, groups);
  // Member lists go in the same batches; a group Graph does not have answers them with 404, and is gone anyway.
  const emptyEntry = (id: string): GroupWithMembers => ({ group: { id }, userIds: [], groupIds: [] });
  const entries = new Map(groupIds.map(id => [id, emptyEntry(id)]));
  const missing = new Set<string>();
  enqueueMembers(ctx, runner, [...entries.values()], id => missing.add(id));
  if (userIds.length + groupIds.length > 0) await runner.run();
  if (usesGroupMemberMode(config)) await keepMembersOfSelectedGroups(ctx, users);
  const found = new Map<string, GroupWithMembers | undefined>();
  for (const [id, entry] of entries) {
    const group = groups.get(id);
    found.set(id, group && !missing.has(id) ? { ...entry, group } : undefined);
  }
  return { users, groups: found };
}

/**
 * `userGroupMember` mode reads users as the direct user members of the
 * selected groups: a user in none of them is not part of the read.
 */
async function keepMembersOfSelectedGroups(ctx: ReadContext, found: Map<string, MicrosoftGraph.User | undefined>): Promise<void> {
  const { config } = ctx;
  const present = [...found].filter(([, user]) => user).map(([id]) => id);
  if (present.length === 0) return;
  const selected = await listAll<MicrosoftGraph.Group>(
    ctx.client,
    config.userGroupMemberPath ?? 'groups',
    { filter: config.userGroupMemberFilter, search: config.userGroupMemberSearch, select: ['id'] },
    config.queryMode,
    { maxItems: ctx.bounds.maxGroups, signal: ctx.signal },
  );
  const selectedIds = new Set(selected.map(g => g.id));
  const runner = ctx.batches();
  const inScope = new Set<string>();
  for (const id of present) {
    enqueueListing<{ id?: string }>(runner, withQuery(`/users/${id}/memberOf`, { $select: 'id', $top: '999' }), {
      what: `the groups of user ${id}`,
      maxItems: ctx.bounds.maxGroups,
      target: config.target,
      onItems: groups => {
        if (groups.some(g => g.id && selectedIds.has(g.id))) inScope.add(id);
      },
    });
  }
  await runner.run();
  for (const id of present) if (!inScope.has(id)) found.set(id, undefined);
}
